//go:build !race

package cookies

import "time"

const raceEnabled = false

// timeBound is the generous limit of the linear-time tests: linear time on
// their 1 MB inputs is far below it, quadratic time far above.
const timeBound = 2 * time.Second
