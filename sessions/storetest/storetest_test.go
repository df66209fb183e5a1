package storetest_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/webob-go/webob/internal/errtest"
	"github.com/webob-go/webob/sessions"
	"github.com/webob-go/webob/sessions/storetest"
)

// mapStore is a minimal correct Store: a map under a mutex. The flags
// break it in one way each, for the tests that make sure the suite fails.
type mapStore struct {
	mu   sync.Mutex
	recs map[string]sessions.Record

	lastWriteWins  bool // Save ignores versions
	createOnAny    bool // Save of any version creates a missing record
	touchBumps     bool // Touch changes the version
	touchData      bool // Touch rewrites the data
	touchCreates   bool // Touch of a missing key creates a record
	aliasData      bool // keeps and returns the caller's slices
	plainNotFound  bool // Load's error does not wrap ErrNotFound
	plainConflict  bool // Save's conflict does not wrap ErrConflict
	deleteErrs     bool // Delete of a missing key is an error
	sameVersion    bool // Save returns the version it was given
	checkThenWrite bool // version check and write are two critical sections
	ignoreCtx      bool // (only for the Context option) never looks at ctx
	truncateTimes  bool // keeps times to the second
	expires        bool // drops records after Expires (real time)
	prefixKeys     bool // only the first 8 bytes of a key count
}

func newMapStore() *mapStore { return &mapStore{recs: map[string]sessions.Record{}} }

func (m *mapStore) key(k string) string {
	if m.prefixKeys && len(k) > 8 {
		return k[:8]
	}
	return k
}

func (m *mapStore) ctxErr(ctx context.Context) error {
	if m.ignoreCtx {
		return nil
	}
	return ctx.Err()
}

func (m *mapStore) Load(ctx context.Context, key string) (sessions.Record, error) {
	if err := m.ctxErr(ctx); err != nil {
		return sessions.Record{}, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	rec, ok := m.recs[m.key(key)]
	if ok && m.expires && !time.Now().Before(rec.Expires) {
		delete(m.recs, m.key(key))
		ok = false
	}
	if !ok {
		if m.plainNotFound {
			return sessions.Record{}, fmt.Errorf("no record")
		}
		return sessions.Record{}, sessions.ErrNotFound
	}
	if !m.aliasData {
		rec.Data = slices.Clone(rec.Data)
	}
	return rec, nil
}

func (m *mapStore) Save(ctx context.Context, key string, rec sessions.Record) (uint64, error) {
	if err := m.ctxErr(ctx); err != nil {
		return 0, err
	}
	if !m.aliasData {
		rec.Data = slices.Clone(rec.Data)
	}
	if m.truncateTimes {
		rec.Created = rec.Created.Truncate(time.Second)
		rec.Expires = rec.Expires.Truncate(time.Second)
	}
	m.mu.Lock()
	cur, ok := m.recs[m.key(key)]
	var stored uint64
	if ok {
		stored = cur.Version
	}
	conflict := stored != rec.Version
	if m.lastWriteWins || (m.createOnAny && !ok) {
		conflict = false
	}
	if conflict {
		m.mu.Unlock()
		if m.plainConflict {
			return 0, fmt.Errorf("version mismatch")
		}
		return 0, sessions.ErrConflict
	}
	if m.checkThenWrite {
		m.mu.Unlock()
		time.Sleep(time.Millisecond)
		m.mu.Lock()
	}
	defer m.mu.Unlock()
	v := rec.Version + 1
	if m.lastWriteWins || m.createOnAny {
		v = stored + 1
		if v <= rec.Version {
			v = rec.Version + 1
		}
	}
	if m.sameVersion {
		v = rec.Version
	}
	rec.Version = v
	m.recs[m.key(key)] = rec
	return v, nil
}

func (m *mapStore) Touch(ctx context.Context, key string, expires time.Time) error {
	if err := m.ctxErr(ctx); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	rec, ok := m.recs[m.key(key)]
	if !ok && !m.touchCreates {
		return sessions.ErrNotFound
	}
	rec.Expires = expires
	if m.touchBumps {
		rec.Version++
	}
	if m.touchData {
		rec.Data = []byte("touched")
	}
	m.recs[m.key(key)] = rec
	return nil
}

func (m *mapStore) Delete(ctx context.Context, key string) error {
	if err := m.ctxErr(ctx); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.recs[m.key(key)]; !ok && m.deleteErrs {
		return fmt.Errorf("no such key")
	}
	delete(m.recs, m.key(key))
	return nil
}

func TestRunPassesACorrectStore(t *testing.T) {
	start := time.Now()
	storetest.Run(t, func(t *testing.T) sessions.Store {
		s := newMapStore()
		s.expires = true
		return s
	}, &storetest.Options{Context: true, Expiry: 20 * time.Millisecond})
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("the suite took %v on a map store, want under 2s", d)
	}
}

func TestRunDefaultOptionsSkipExpiryAndContext(t *testing.T) {
	// A store with neither real-time expiry nor context support passes with
	// nil options.
	storetest.Run(t, func(*testing.T) sessions.Store {
		s := newMapStore()
		s.ignoreCtx = true
		return s
	}, nil)
	for _, c := range storetest.Checks(nil) {
		if c.Name == "Expiry" || c.Name == "CancelledContext" {
			t.Errorf("Checks(nil) includes %s", c.Name)
		}
	}
	for _, c := range storetest.Checks(&storetest.Options{TextKeys: true}) {
		if c.Name == "BinaryKeys" {
			t.Error("Checks with TextKeys includes BinaryKeys")
		}
	}
}

// TestSuiteCatchesBrokenStores runs the checks against stores broken in one
// way each: each must be caught by the named checks (at least), and a
// correct store by none.
func TestSuiteCatchesBrokenStores(t *testing.T) {
	opts := &storetest.Options{Context: true, Expiry: 20 * time.Millisecond}
	cases := []struct {
		name  string
		set   func(*mapStore)
		opts  *storetest.Options
		catch []string
	}{
		{"LastWriteWins", func(m *mapStore) { m.lastWriteWins = true }, opts,
			[]string{"SaveStaleVersionConflicts", "SaveNewOverExistingConflicts", "SaveVersionOnMissingConflicts",
				"DeleteThenSaveDoesNotResurrect", "ConcurrentSaveNewOneWins", "ConcurrentSameVersionOneWins",
				"ConcurrentDeleteAndSaveDoNotResurrect"}},
		{"SaveOnMissingResurrects", func(m *mapStore) { m.createOnAny = true }, opts,
			[]string{"SaveVersionOnMissingConflicts", "DeleteThenSaveDoesNotResurrect", "ConcurrentDeleteAndSaveDoNotResurrect"}},
		{"TouchBumpsVersion", func(m *mapStore) { m.touchBumps = true }, opts, []string{"TouchMovesExpiresOnly"}},
		{"TouchRewritesData", func(m *mapStore) { m.touchData = true }, opts, []string{"TouchMovesExpiresOnly"}},
		{"TouchCreates", func(m *mapStore) { m.touchCreates = true }, opts, []string{"TouchMissingIsNotFound", "DeleteThenLoadIsNotFound"}},
		{"AliasesData", func(m *mapStore) { m.aliasData = true }, opts, []string{"DataIsCopied"}},
		{"NotFoundNotWrapped", func(m *mapStore) { m.plainNotFound = true }, opts, []string{"LoadMissingIsNotFound", "DeleteThenLoadIsNotFound"}},
		{"ConflictNotWrapped", func(m *mapStore) { m.plainConflict = true }, opts, []string{"SaveStaleVersionConflicts", "SaveNewOverExistingConflicts"}},
		{"DeleteMissingErrs", func(m *mapStore) { m.deleteErrs = true }, opts, []string{"DeleteMissingIsNil"}},
		{"VersionNotIncreased", func(m *mapStore) { m.sameVersion = true }, opts, []string{"SaveNewThenLoad", "SaveUpdateBumpsVersion"}},
		{"CheckThenWriteRace", func(m *mapStore) { m.checkThenWrite = true }, opts, []string{"ConcurrentSaveNewOneWins", "ConcurrentSameVersionOneWins"}},
		{"IgnoresContext", func(m *mapStore) { m.ignoreCtx = true }, opts, []string{"CancelledContext"}},
		{"TimesToTheSecond", func(m *mapStore) { m.truncateTimes = true }, opts, []string{"SaveNewThenLoad"}},
		{"NoExpiry", func(m *mapStore) { m.expires = false }, opts, []string{"Expiry"}},
		{"KeysCollide", func(m *mapStore) { m.prefixKeys = true }, opts, []string{"KeysAreDistinct"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			failed := map[string]string{}
			for _, c := range storetest.Checks(tc.opts) {
				s := newMapStore()
				s.expires = true
				tc.set(s)
				if err := c.Func(context.Background(), s); err != nil {
					failed[c.Name] = err.Error()
				}
			}
			for _, name := range tc.catch {
				if _, ok := failed[name]; !ok {
					t.Errorf("check %s passed a store broken by %s", name, tc.name)
				}
			}
			if len(failed) == 0 {
				t.Errorf("no check caught %s", tc.name)
			}
			for name, msg := range failed {
				t.Logf("%s: %s", name, msg)
			}
		})
	}
}

func TestChecksPassACorrectStoreOneByOne(t *testing.T) {
	for _, c := range storetest.Checks(&storetest.Options{Context: true, Expiry: 20 * time.Millisecond}) {
		s := newMapStore()
		s.expires = true
		if err := c.Func(context.Background(), s); err != nil {
			t.Errorf("%s: %v", c.Name, err)
		}
	}
}

func TestErrorsReadAsOneLine(t *testing.T) {
	// The package exports no errors; this keeps it that way unless they are
	// checked.
	errtest.CheckExported(t, "storetest: ", map[string]error{})
}
