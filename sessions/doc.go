// Package sessions keeps per-visitor state across requests: a Manager's
// middleware loads a session lazily from a cookie and a Store, and commits it
// only when it changed.
package sessions
