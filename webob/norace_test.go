//go:build !race

package webob

import "time"

// raceEnabled reports whether the race detector is on; allocation pins are
// skipped under it because it allocates on its own.
const raceEnabled = false

// timeBound is the generous limit of the linear-time tests: linear time on
// their 1 MB inputs is far below it, quadratic time far above.
const timeBound = 2 * time.Second
