// Package storetest checks a sessions.Store against the Store contract: the
// conformance suite every store of this module passes, exported so that a
// third-party store can run it from its own tests:
//
//	func TestConformance(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) sessions.Store { return newStore(t) }, nil)
//	}
//
// What the suite holds a store to, beyond the method docs of sessions.Store:
//
//   - Times: Load returns Created and Expires equal to what was saved (or
//     touched) to within Precision, in any time zone.
//   - Expiry: the Manager refuses an expired record by its own clock, so a
//     store only has to drop records eventually. A store that drops them by
//     itself in real time (a TTL) says so with Options.Expiry and the suite
//     checks it; otherwise expiry is not checked.
//   - An Expires already in the past is not an error: Save succeeds, and the
//     store may keep the record or drop it at once (a TTL store does).
//   - Data: the store keeps its own copy. Changing the slice given to Save,
//     or the one Load returned, changes nothing stored. Empty and nil Data
//     are the same.
//   - Keys: any string, including separators and glob characters of key
//     value stores (":", "*", "{", "}") and, unless Options.TextKeys, bytes
//     outside printable ASCII; distinct keys never share a record.
//
// The checks are also available one by one (Checks) as functions returning
// an error, so a test can make sure the suite catches a broken store.
package storetest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/webob-go/webob/sessions"
)

// Precision is how far a loaded Created or Expires may be from the saved
// one: stores may keep times to the millisecond.
const Precision = time.Millisecond

// Options says what a store supports beyond the required contract. The zero
// value (or nil) is for a store with no real-time expiry of its own and no
// use for contexts, such as an in-memory map.
type Options struct {
	// Expiry, when positive, says the store drops a record by itself once
	// its Expires has passed, at the latest Expiry later (a TTL store's
	// lag). The "Expiry" check then waits for a short-lived record to go.
	Expiry time.Duration

	// Context says each method fails, with an error wrapping
	// context.Canceled, when its context is already cancelled (as a network
	// store does). The "CancelledContext" check is run only then.
	Context bool

	// TextKeys says the store takes only keys of printable ASCII: the
	// "BinaryKeys" check is skipped. The Manager's keys are base64url.
	TextKeys bool

	// Concurrency is the number of goroutines racing in the concurrency
	// checks; 0 means 16.
	Concurrency int
}

// A Check is one conformance check: Func runs it against a fresh, empty
// store and returns nil when the store behaved, else an error saying how it
// did not.
type Check struct {
	Name string
	Func func(ctx context.Context, s sessions.Store) error
}

// Run runs every check of Checks(opts) as a subtest of t, each on a store
// that newStore returns for that subtest (it may register cleanups on the
// subtest's t). Subtests run one after the other, each with a 30-second
// context.
func Run(t *testing.T, newStore func(t *testing.T) sessions.Store, opts *Options) {
	t.Helper()
	for _, c := range Checks(opts) {
		t.Run(c.Name, func(t *testing.T) {
			s := newStore(t)
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			if err := c.Func(ctx, s); err != nil {
				t.Error(err)
			}
		})
	}
}

// Checks returns the checks that opts calls for (nil: the zero Options), in
// the order Run runs them.
func Checks(opts *Options) []Check {
	var o Options
	if opts != nil {
		o = *opts
	}
	if o.Concurrency <= 0 {
		o.Concurrency = 16
	}
	cs := []Check{
		{"LoadMissingIsNotFound", checkLoadMissing},
		{"SaveNewThenLoad", checkSaveNewThenLoad},
		{"SaveUpdateBumpsVersion", checkSaveUpdate},
		{"SaveStaleVersionConflicts", checkStaleVersion},
		{"SaveNewOverExistingConflicts", checkNewOverExisting},
		{"SaveVersionOnMissingConflicts", checkVersionOnMissing},
		{"TouchMovesExpiresOnly", checkTouch},
		{"TouchMissingIsNotFound", checkTouchMissing},
		{"DeleteThenLoadIsNotFound", checkDeleteThenLoad},
		{"DeleteThenSaveDoesNotResurrect", checkDeleteNoResurrect},
		{"DeleteMissingIsNil", checkDeleteMissing},
		{"DataIsCopied", checkDataCopied},
		{"EmptyData", checkEmptyData},
		{"SavePastExpiresSucceeds", checkPastExpires},
		{"KeysAreDistinct", checkOddKeys},
		{"ConcurrentSaveNewOneWins", func(ctx context.Context, s sessions.Store) error {
			return checkConcurrentSave(ctx, s, o.Concurrency, false)
		}},
		{"ConcurrentSameVersionOneWins", func(ctx context.Context, s sessions.Store) error {
			return checkConcurrentSave(ctx, s, o.Concurrency, true)
		}},
		{"ConcurrentDeleteAndSaveDoNotResurrect", func(ctx context.Context, s sessions.Store) error {
			return checkConcurrentDelete(ctx, s, o.Concurrency)
		}},
	}
	if !o.TextKeys {
		cs = append(cs, Check{"BinaryKeys", checkBinaryKeys})
	}
	if o.Context {
		cs = append(cs, Check{"CancelledContext", checkCancelled})
	}
	if o.Expiry > 0 {
		lag := o.Expiry
		cs = append(cs, Check{"Expiry", func(ctx context.Context, s sessions.Store) error {
			return checkExpiry(ctx, s, lag)
		}})
	}
	return cs
}

// record returns a record with data and times an hour from now, rounded so
// that stores keeping milliseconds compare equal.
func record(data string) sessions.Record {
	now := time.Now()
	return sessions.Record{
		Data:    []byte(data),
		Created: now.Add(-time.Minute),
		Expires: now.Add(time.Hour),
	}
}

// sameTime reports whether a and b are within Precision.
func sameTime(a, b time.Time) bool {
	d := a.Sub(b)
	return -Precision < d && d < Precision
}

// save saves rec under key and checks that the new version is above
// rec.Version.
func save(ctx context.Context, s sessions.Store, key string, rec sessions.Record) (uint64, error) {
	v, err := s.Save(ctx, key, rec)
	if err != nil {
		return 0, fmt.Errorf("store.Save(%q, version %d): %v", key, rec.Version, err)
	}
	if v <= rec.Version {
		return 0, fmt.Errorf("store.Save(%q, version %d) returned version %d, want above %d", key, rec.Version, v, rec.Version)
	}
	return v, nil
}

// expect loads key and compares the result with want (Version included).
func expect(ctx context.Context, s sessions.Store, key string, want sessions.Record) error {
	got, err := s.Load(ctx, key)
	if err != nil {
		return fmt.Errorf("store.Load(%q): %v, want the record of version %d", key, err, want.Version)
	}
	var diffs []string
	if !bytes.Equal(got.Data, want.Data) {
		diffs = append(diffs, fmt.Sprintf("Data %q, want %q", got.Data, want.Data))
	}
	if !sameTime(got.Created, want.Created) {
		diffs = append(diffs, fmt.Sprintf("Created %v, want %v", got.Created, want.Created))
	}
	if !sameTime(got.Expires, want.Expires) {
		diffs = append(diffs, fmt.Sprintf("Expires %v, want %v", got.Expires, want.Expires))
	}
	if got.Version != want.Version {
		diffs = append(diffs, fmt.Sprintf("Version %d, want %d", got.Version, want.Version))
	}
	if diffs != nil {
		return fmt.Errorf("store.Load(%q): %s", key, strings.Join(diffs, "; "))
	}
	return nil
}

// expectMissing checks that Load(key) fails with ErrNotFound.
func expectMissing(ctx context.Context, s sessions.Store, key string) error {
	got, err := s.Load(ctx, key)
	if err == nil {
		return fmt.Errorf("store.Load(%q) = record of version %d with data %q, want ErrNotFound", key, got.Version, got.Data)
	}
	if !errors.Is(err, sessions.ErrNotFound) {
		return fmt.Errorf("store.Load(%q): %v, want an error wrapping ErrNotFound", key, err)
	}
	return nil
}

// expectConflict checks that Save fails with ErrConflict.
func expectConflict(ctx context.Context, s sessions.Store, key string, rec sessions.Record) error {
	v, err := s.Save(ctx, key, rec)
	if err == nil {
		return fmt.Errorf("store.Save(%q, version %d) succeeded with version %d, want ErrConflict", key, rec.Version, v)
	}
	if !errors.Is(err, sessions.ErrConflict) {
		return fmt.Errorf("store.Save(%q, version %d): %v, want an error wrapping ErrConflict", key, rec.Version, err)
	}
	return nil
}

func checkLoadMissing(ctx context.Context, s sessions.Store) error {
	return expectMissing(ctx, s, "missing")
}

func checkSaveNewThenLoad(ctx context.Context, s sessions.Store) error {
	rec := record(`{"user":"ann"}`)
	v, err := save(ctx, s, "k", rec)
	if err != nil {
		return err
	}
	rec.Version = v
	return expect(ctx, s, "k", rec)
}

func checkSaveUpdate(ctx context.Context, s sessions.Store) error {
	rec := record("one")
	v1, err := save(ctx, s, "k", rec)
	if err != nil {
		return err
	}
	rec2 := record("two")
	rec2.Created = rec.Created
	rec2.Expires = rec.Expires.Add(time.Minute)
	rec2.Version = v1
	v2, err := save(ctx, s, "k", rec2)
	if err != nil {
		return err
	}
	rec2.Version = v2
	return expect(ctx, s, "k", rec2)
}

func checkStaleVersion(ctx context.Context, s sessions.Store) error {
	rec := record("one")
	v1, err := save(ctx, s, "k", rec)
	if err != nil {
		return err
	}
	newer := record("two")
	newer.Version = v1
	v2, err := save(ctx, s, "k", newer)
	if err != nil {
		return err
	}
	stale := record("stale")
	stale.Version = v1
	if err := expectConflict(ctx, s, "k", stale); err != nil {
		return err
	}
	newer.Version = v2
	return expect(ctx, s, "k", newer)
}

func checkNewOverExisting(ctx context.Context, s sessions.Store) error {
	rec := record("first")
	v, err := save(ctx, s, "k", rec)
	if err != nil {
		return err
	}
	if err := expectConflict(ctx, s, "k", record("second")); err != nil {
		return err
	}
	rec.Version = v
	return expect(ctx, s, "k", rec)
}

func checkVersionOnMissing(ctx context.Context, s sessions.Store) error {
	rec := record("x")
	rec.Version = 1
	if err := expectConflict(ctx, s, "never-saved", rec); err != nil {
		return err
	}
	return expectMissing(ctx, s, "never-saved")
}

func checkTouch(ctx context.Context, s sessions.Store) error {
	rec := record("data")
	v, err := save(ctx, s, "k", rec)
	if err != nil {
		return err
	}
	rec.Version = v
	later := rec.Expires.Add(90 * time.Minute)
	if err := s.Touch(ctx, "k", later); err != nil {
		return fmt.Errorf("store.Touch: %v", err)
	}
	rec.Expires = later
	if err := expect(ctx, s, "k", rec); err != nil {
		return fmt.Errorf("after Touch: %v", err)
	}
	// An earlier deadline is allowed too (a shorter idle timeout).
	earlier := rec.Created.Add(30 * time.Minute)
	if err := s.Touch(ctx, "k", earlier); err != nil {
		return fmt.Errorf("store.Touch to an earlier deadline: %v", err)
	}
	rec.Expires = earlier
	if err := expect(ctx, s, "k", rec); err != nil {
		return fmt.Errorf("after a Touch to an earlier deadline: %v", err)
	}
	// The version did not move: a Save based on it still succeeds.
	next := record("next")
	next.Version = v
	if _, err := save(ctx, s, "k", next); err != nil {
		return fmt.Errorf("after Touch: %v", err)
	}
	// Touch does not touch other keys.
	return expectMissing(ctx, s, "k2")
}

func checkTouchMissing(ctx context.Context, s sessions.Store) error {
	err := s.Touch(ctx, "missing", time.Now().Add(time.Hour))
	if !errors.Is(err, sessions.ErrNotFound) {
		return fmt.Errorf("store.Touch of a missing key: %v, want an error wrapping ErrNotFound", err)
	}
	// Touch creates nothing.
	return expectMissing(ctx, s, "missing")
}

func checkDeleteThenLoad(ctx context.Context, s sessions.Store) error {
	if _, err := save(ctx, s, "k", record("x")); err != nil {
		return err
	}
	keep := record("keep")
	vk, err := save(ctx, s, "other", keep)
	if err != nil {
		return err
	}
	if err := s.Delete(ctx, "k"); err != nil {
		return fmt.Errorf("store.Delete: %v", err)
	}
	if err := expectMissing(ctx, s, "k"); err != nil {
		return fmt.Errorf("after Delete: %v", err)
	}
	if err := s.Touch(ctx, "k", time.Now().Add(time.Hour)); !errors.Is(err, sessions.ErrNotFound) {
		return fmt.Errorf("store.Touch after Delete: %v, want an error wrapping ErrNotFound", err)
	}
	keep.Version = vk
	return expect(ctx, s, "other", keep)
}

func checkDeleteNoResurrect(ctx context.Context, s sessions.Store) error {
	rec := record("logged in")
	v, err := save(ctx, s, "k", rec)
	if err != nil {
		return err
	}
	if err := s.Delete(ctx, "k"); err != nil {
		return fmt.Errorf("store.Delete: %v", err)
	}
	// A request that loaded the session before the logout commits late.
	late := record("late write")
	late.Version = v
	if err := expectConflict(ctx, s, "k", late); err != nil {
		return fmt.Errorf("after Delete: %v", err)
	}
	if err := expectMissing(ctx, s, "k"); err != nil {
		return fmt.Errorf("after Delete and a late Save: %v", err)
	}
	// A new record under the key may still be created.
	fresh := record("fresh")
	fv, err := save(ctx, s, "k", fresh)
	if err != nil {
		return fmt.Errorf("after Delete: %v", err)
	}
	fresh.Version = fv
	return expect(ctx, s, "k", fresh)
}

func checkDeleteMissing(ctx context.Context, s sessions.Store) error {
	if err := s.Delete(ctx, "missing"); err != nil {
		return fmt.Errorf("store.Delete of a missing key: %v, want nil", err)
	}
	if _, err := save(ctx, s, "k", record("x")); err != nil {
		return err
	}
	for i := range 2 {
		if err := s.Delete(ctx, "k"); err != nil {
			return fmt.Errorf("store.Delete #%d: %v, want nil", i+1, err)
		}
	}
	return nil
}

func checkDataCopied(ctx context.Context, s sessions.Store) error {
	rec := record("original")
	data := rec.Data
	v, err := save(ctx, s, "k", rec)
	if err != nil {
		return err
	}
	copy(data, "XXXXXXXX")
	want := record("original")
	want.Created, want.Expires, want.Version = rec.Created, rec.Expires, v
	if err := expect(ctx, s, "k", want); err != nil {
		return fmt.Errorf("after changing the slice given to Save: %v", err)
	}
	got, err := s.Load(ctx, "k")
	if err != nil {
		return fmt.Errorf("store.Load: %v", err)
	}
	for i := range got.Data {
		got.Data[i] = 'Y'
	}
	if err := expect(ctx, s, "k", want); err != nil {
		return fmt.Errorf("after changing the slice Load returned: %v", err)
	}
	return nil
}

func checkEmptyData(ctx context.Context, s sessions.Store) error {
	for _, data := range [][]byte{nil, {}} {
		rec := record("")
		rec.Data = data
		key := fmt.Sprintf("k%t", data == nil)
		v, err := save(ctx, s, key, rec)
		if err != nil {
			return err
		}
		got, err := s.Load(ctx, key)
		if err != nil {
			return fmt.Errorf("store.Load(%q) of a record with empty data: %v", key, err)
		}
		if len(got.Data) != 0 || got.Version != v {
			return fmt.Errorf("store.Load(%q) = data %q version %d, want empty data version %d", key, got.Data, got.Version, v)
		}
	}
	return nil
}

func checkPastExpires(ctx context.Context, s sessions.Store) error {
	rec := record("expired")
	rec.Expires = time.Now().Add(-time.Minute)
	v, err := save(ctx, s, "k", rec)
	if err != nil {
		return fmt.Errorf("with Expires in the past: %v", err)
	}
	got, err := s.Load(ctx, "k")
	if errors.Is(err, sessions.ErrNotFound) {
		return nil // dropped at once: allowed
	}
	if err != nil {
		return fmt.Errorf("store.Load of a record saved with Expires in the past: %v, want it or ErrNotFound", err)
	}
	if !bytes.Equal(got.Data, rec.Data) || got.Version != v {
		return fmt.Errorf("store.Load of a record saved with Expires in the past = data %q version %d, want %q version %d or ErrNotFound", got.Data, got.Version, rec.Data, v)
	}
	return nil
}

// checkKeys saves a distinct record under each key, then checks each.
func checkKeys(ctx context.Context, s sessions.Store, keys []string) error {
	recs := make([]sessions.Record, len(keys))
	for i, k := range keys {
		recs[i] = record(fmt.Sprintf("record %d", i))
		v, err := save(ctx, s, k, recs[i])
		if err != nil {
			return err
		}
		recs[i].Version = v
	}
	for i, k := range keys {
		if err := expect(ctx, s, k, recs[i]); err != nil {
			return err
		}
	}
	for i, k := range keys {
		if err := s.Delete(ctx, k); err != nil {
			return fmt.Errorf("store.Delete(%q): %v", k, err)
		}
		if err := expectMissing(ctx, s, k); err != nil {
			return err
		}
		for j := i + 1; j < len(keys); j++ {
			if err := expect(ctx, s, keys[j], recs[j]); err != nil {
				return fmt.Errorf("after Delete(%q): %v", k, err)
			}
		}
	}
	return nil
}

func checkOddKeys(ctx context.Context, s sessions.Store) error {
	return checkKeys(ctx, s, []string{
		"a", "A", "a:b", "a:b:c", "a*", "*", "?", "[ab]", "{tag}x", "{tag}y",
		"with space", "percent%20", "back\\slash", `"quoted"`, "'", "a/b",
		"dGhlIGhhc2ggb2YgYSBzZXNzaW9uIGlkZW50aWZpZXI", // a base64url key
		strings.Repeat("long-", 200),
		strings.Repeat("long-", 200) + "x",
	})
}

func checkBinaryKeys(ctx context.Context, s sessions.Store) error {
	return checkKeys(ctx, s, []string{"nul\x00inside", "nul\x00", "\xff\xfe", "é", "line\nbreak", "tab\t", "\x7f"})
}

// checkConcurrentSave races n Saves of the same version (0 on a new key,
// or the current one): exactly one must win and what is stored must be
// the winner's.
func checkConcurrentSave(ctx context.Context, s sessions.Store, n int, existing bool) error {
	var base uint64
	if existing {
		v, err := save(ctx, s, "k", record("base"))
		if err != nil {
			return err
		}
		base = v
	}
	type result struct {
		v   uint64
		err error
	}
	results := make([]result, n)
	recs := make([]sessions.Record, n)
	for i := range recs {
		recs[i] = record(fmt.Sprintf("writer %d", i))
		recs[i].Version = base
	}
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			v, err := s.Save(ctx, "k", recs[i])
			results[i] = result{v, err}
		}()
	}
	close(start)
	wg.Wait()
	winner := -1
	for i, r := range results {
		switch {
		case r.err == nil && winner >= 0:
			return fmt.Errorf("%d concurrent Saves of version %d: writers %d and %d both succeeded, want exactly one", n, base, winner, i)
		case r.err == nil:
			if r.v <= base {
				return fmt.Errorf("store.Save of version %d returned version %d", base, r.v)
			}
			winner = i
		case !errors.Is(r.err, sessions.ErrConflict):
			return fmt.Errorf("concurrent Save (writer %d): %v, want success or ErrConflict", i, r.err)
		}
	}
	if winner < 0 {
		return fmt.Errorf("%d concurrent Saves of version %d: none succeeded, want exactly one", n, base)
	}
	want := recs[winner]
	want.Version = results[winner].v
	if err := expect(ctx, s, "k", want); err != nil {
		return fmt.Errorf("after concurrent Saves (writer %d won): %v", winner, err)
	}
	return nil
}

// checkConcurrentDelete races Saves based on a loaded version against a
// Delete (a logout while other requests of the session are in flight): once
// Delete has returned, the key must stay empty.
func checkConcurrentDelete(ctx context.Context, s sessions.Store, n int) error {
	for round := range 5 {
		key := fmt.Sprintf("k%d", round)
		v, err := save(ctx, s, key, record("logged in"))
		if err != nil {
			return err
		}
		var wg sync.WaitGroup
		start := make(chan struct{})
		errs := make([]error, n)
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				rec := record(fmt.Sprintf("writer %d", i))
				rec.Version = v
				_, errs[i] = s.Save(ctx, key, rec)
			}()
		}
		close(start)
		delErr := s.Delete(ctx, key)
		wg.Wait()
		if delErr != nil {
			return fmt.Errorf("store.Delete: %v", delErr)
		}
		for i, err := range errs {
			if err != nil && !errors.Is(err, sessions.ErrConflict) {
				return fmt.Errorf("store.Save racing a Delete (writer %d): %v, want success or ErrConflict", i, err)
			}
		}
		// Every writer was based on the deleted version: whatever order they
		// ran in, nothing may be stored now (a write that won before the
		// Delete was deleted; one after it conflicts).
		if err := expectMissing(ctx, s, key); err != nil {
			return fmt.Errorf("concurrent Saves racing a Delete resurrected the session: %v", err)
		}
	}
	return nil
}

func checkCancelled(ctx context.Context, s sessions.Store) error {
	v, err := save(ctx, s, "k", record("x"))
	if err != nil {
		return err
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	rec := record("y")
	rec.Version = v
	_, errLoad := s.Load(cctx, "k")
	_, errSave := s.Save(cctx, "k", rec)
	errTouch := s.Touch(cctx, "k", time.Now().Add(time.Hour))
	errDelete := s.Delete(cctx, "k")
	for _, c := range []struct {
		op  string
		err error
	}{{"store.Load", errLoad}, {"store.Save", errSave}, {"store.Touch", errTouch}, {"store.Delete", errDelete}} {
		if !errors.Is(c.err, context.Canceled) {
			return fmt.Errorf("%s with a cancelled context: %v, want an error wrapping context.Canceled", c.op, c.err)
		}
	}
	return nil
}

func checkExpiry(ctx context.Context, s sessions.Store, lag time.Duration) error {
	const life = 100 * time.Millisecond
	rec := record("short-lived")
	rec.Expires = time.Now().Add(life)
	v, err := save(ctx, s, "k", rec)
	if err != nil {
		return err
	}
	long := record("long-lived")
	lv, err := save(ctx, s, "long", long)
	if err != nil {
		return err
	}
	// Touch an existing record to a short deadline: the store must honour
	// the moved Expires too.
	touched := record("touched")
	if _, err := save(ctx, s, "touched", touched); err != nil {
		return err
	}
	if err := s.Touch(ctx, "touched", rec.Expires); err != nil {
		return fmt.Errorf("store.Touch: %v", err)
	}
	rec.Version = v
	if err := expect(ctx, s, "k", rec); err != nil {
		return fmt.Errorf("before its Expires: %v", err)
	}
	deadline := rec.Expires.Add(lag)
	time.Sleep(time.Until(rec.Expires))
	for _, key := range []string{"k", "touched"} {
		for {
			_, err := s.Load(ctx, key)
			if errors.Is(err, sessions.ErrNotFound) {
				break
			}
			if err != nil {
				return fmt.Errorf("store.Load(%q) after its Expires: %v", key, err)
			}
			if time.Now().After(deadline) {
				return fmt.Errorf("store.Load(%q) still returns the record %v after its Expires, want ErrNotFound", key, lag)
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	long.Version = lv
	return expect(ctx, s, "long", long)
}
