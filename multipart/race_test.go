//go:build race

package multipart

import "time"

// raceEnabled reports whether the race detector is on; allocation pins are
// skipped under it because it allocates on its own.
const raceEnabled = true

// timeBound is the generous limit of the linear-time tests: the race
// detector slows everything down, while quadratic time on their 1 MB
// inputs would still take far longer.
const timeBound = 10 * time.Second
