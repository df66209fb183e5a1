package sessions_test

import (
	"testing"
	"time"

	"github.com/webob-go/webob/sessions"
	"github.com/webob-go/webob/sessions/storetest"
)

// TestMemoryStoreConformance runs the Store conformance suite against
// MemoryStore, expiry included (a record is gone once its Expires passed).
func TestMemoryStoreConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) sessions.Store { return sessions.NewMemoryStore() }, &storetest.Options{Expiry: time.Millisecond})
}

// TestZeroMemoryStoreConformance: the zero MemoryStore is usable too.
func TestZeroMemoryStoreConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) sessions.Store { return new(sessions.MemoryStore) }, nil)
}
