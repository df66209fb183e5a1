package sessions

import "errors"

// Errors of the Manager and of Session's methods. ErrNotFound and
// ErrConflict, the errors of a Store, are declared with Store.
var (
	// ErrNoSession reports a Session method called on the nil Session
	// that Get returns for a request that did not pass through a
	// Manager's middleware.
	ErrNoSession = errors.New("sessions: no session (the request did not pass through a Manager's middleware)")
	// ErrCommitted reports a change made after the session was committed,
	// which happens when the response header is written: it could no
	// longer be saved or sent, so it is refused instead of dropped.
	ErrCommitted = errors.New("sessions: session already committed (the response header was written)")
	// ErrReservedKey reports a key that starts with a NUL byte; those keys
	// hold the flash queues.
	ErrReservedKey = errors.New("sessions: keys starting with NUL are reserved")
	// ErrTooLarge reports a CookieStore session whose cookie would be over
	// the 4096 bytes browsers keep: Set refuses the value that makes it
	// so, and a commit that would send it fails the request instead of
	// sending a cookie browsers drop.
	ErrTooLarge = errors.New("sessions: session too large for its cookie")
	// ErrInvalidOptions reports Options that cannot make a valid cookie
	// (a __Host- prefix with a Domain, Partitioned without Secure, ...) or
	// an invalid Lifetime or IdleTimeout; it wraps the cookies package's
	// error when there is one.
	ErrInvalidOptions = errors.New("sessions: invalid options")
)
