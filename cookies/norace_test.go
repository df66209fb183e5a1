//go:build !race

package cookies

const raceEnabled = false
