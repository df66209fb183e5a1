//go:build !race

package middleware

// raceEnabled reports whether the race detector is on; allocation pins are
// skipped under it because it allocates on its own.
const raceEnabled = false
