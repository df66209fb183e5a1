//go:build race

package cookies

import "time"

const raceEnabled = true

// timeBound is the generous limit of the linear-time tests: the race
// detector slows everything down, while quadratic time on their 1 MB
// inputs would still take far longer.
const timeBound = 10 * time.Second
