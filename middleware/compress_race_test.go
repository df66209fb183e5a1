//go:build race

package middleware

// compressRace reports a race build: sync.Pool then drops items at random.
const compressRace = true
