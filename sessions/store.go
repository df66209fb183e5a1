package sessions

import (
	"context"
	"errors"
	"time"
)

// A Record is what a server-side Store keeps for one session: the encoded
// values, the session's timestamps and a version for optimistic writes. The
// Store never sees the session ID, only a key derived from it (see Key).
type Record struct {
	// Data is the session's values as the Manager's Codec encoded them.
	Data []byte
	// Created is when the session began; the absolute lifetime counts from it.
	Created time.Time
	// Expires is the instant after which the session is dead: the earlier of
	// the absolute deadline and the idle deadline. A Store may forget the
	// record after it (a TTL); the Manager refuses it after it in any case,
	// using its own clock, so a store's lazy expiry is never relied upon.
	Expires time.Time
	// Version is the stored version: 0 for a record that was never saved, and
	// after each successful Save the value that Save returned.
	Version uint64
}

// A Store keeps session records for a Manager across requests and processes.
// Keys are opaque strings (the hash of a session ID, see Key). Every method
// must be safe for concurrent use.
//
// Writes are optimistic: Save succeeds only when the stored version equals
// rec.Version, where 0 means "no record under this key". That one rule is
// what keeps a concurrent request from resurrecting a session another
// request destroyed (its Save carries a version whose record is gone) and
// from silently overwriting a newer write (ErrConflict; the Manager then
// reloads and re-applies its own changes). The storetest package checks a
// Store against this contract.
type Store interface {
	// Load returns the record stored under key, with its current Version.
	// It returns an error wrapping ErrNotFound when there is none (or the
	// store already expired it).
	Load(ctx context.Context, key string) (Record, error)

	// Save stores rec under key when the stored version equals rec.Version
	// (0: nothing may be stored under key) and returns the new version, which
	// is greater than rec.Version. Otherwise it stores nothing and returns an
	// error wrapping ErrConflict. rec.Expires tells the store when it may
	// drop the record; it may be in the past (the Manager retires the
	// record a Renew leaves by saving it empty with an Expires long past,
	// then deleting it), and such a Save must succeed like any other.
	Save(ctx context.Context, key string, rec Record) (version uint64, err error)

	// Touch moves the record's Expires to expires without rewriting its data
	// or changing its version: the idle-timeout renewal. It returns an error
	// wrapping ErrNotFound when no record is stored under key.
	Touch(ctx context.Context, key string, expires time.Time) error

	// Delete removes the record under key. Deleting a key that holds nothing
	// is not an error. After Delete, a Save with a non-zero version fails
	// with ErrConflict.
	Delete(ctx context.Context, key string) error
}

var (
	// ErrNotFound reports that a Store holds no record under a key.
	ErrNotFound = errors.New("sessions: no such session")
	// ErrConflict reports that a Store's record changed (or went away) since
	// the version a Save was based on.
	ErrConflict = errors.New("sessions: session changed concurrently")
)
