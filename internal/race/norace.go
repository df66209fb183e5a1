//go:build !race

// Package race tells the module's tests whether the race detector is on.
package race

import "time"

// Enabled reports whether the race detector is on; allocation pins are
// skipped under it because it allocates on its own.
const Enabled = false

// TimeBound is the generous limit of the linear-time tests: linear time on
// their 1 MB inputs is far below it, quadratic time far above.
const TimeBound = 2 * time.Second
