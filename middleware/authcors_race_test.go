//go:build race

package middleware

// acRace is true when the race detector is on: allocation counts differ.
const acRace = true
