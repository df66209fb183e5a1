//go:build race

// Package race tells the module's tests whether the race detector is on.
package race

import "time"

// Enabled reports whether the race detector is on; allocation pins are
// skipped under it because it allocates on its own.
const Enabled = true

// TimeBound is the generous limit of the linear-time tests: the race
// detector slows everything down, while quadratic time on their 1 MB
// inputs would still take far longer.
const TimeBound = 10 * time.Second
