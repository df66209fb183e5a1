package sessions

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
)

// interleave runs request A with cookie ck: A loads its session, then
// request B runs to its end, then A makes its changes and commits. It
// returns A's response.
func (e *env) interleave(ck string, a func(s *Session), b http.HandlerFunc) *httptest.ResponseRecorder {
	e.t.Helper()
	loaded, proceed := make(chan struct{}), make(chan struct{})
	var wa *httptest.ResponseRecorder
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		wa = e.serve(func(w http.ResponseWriter, r *http.Request) {
			s := Get(r)
			_ = s.Err() // loads
			close(loaded)
			<-proceed
			a(s)
		}, ck)
	}()
	<-loaded
	e.serve(b, ck)
	close(proceed)
	wg.Wait()
	return wa
}

// TestLogoutThenConcurrentRequestDoesNotResurrect: request A loaded the
// session, request B logged out (Destroy), then A changed the session
// and committed. A's save must not bring the session back.
func TestLogoutThenConcurrentRequestDoesNotResurrect(t *testing.T) {
	e := newEnv(t, nil)
	id := e.value(e.serve(set(t, "user", 42), ""))
	wa := e.interleave(id, func(s *Session) {
		if err := s.Set("cart", 3); err != nil {
			t.Error(err)
		}
	}, func(w http.ResponseWriter, r *http.Request) {
		if err := Get(r).Destroy(); err != nil {
			t.Error(err)
		}
	})
	if wa.Code != 200 {
		t.Errorf("A answered %d", wa.Code)
	}
	if e.mem.Len() != 0 {
		t.Errorf("%d records: the destroyed session came back", e.mem.Len())
	}
	if got := e.readNow("user", id); got != -1 {
		t.Errorf("the logged-out ID reads user %d", got)
	}
	if _, ok := e.setCookie(wa); ok {
		t.Errorf("A set a cookie: %q", wa.Header()["Set-Cookie"])
	}
}

// TestConcurrentRenewIsNotUndone: A loaded, B renewed (logged in), A
// changed and committed: the old ID stays dead and the renewed session
// keeps B's data.
func TestConcurrentRenewIsNotUndone(t *testing.T) {
	e := newEnv(t, nil)
	old := e.value(e.serve(set(t, "cart", 1), ""))
	var renewed string
	wa := e.interleave(old, func(s *Session) { s.Set("cart", 2) }, func(w http.ResponseWriter, r *http.Request) {
		Get(r).Renew()
		Get(r).Set("user", 42)
		w.WriteHeader(200)
		renewed = w.(interface{ Unwrap() http.ResponseWriter }).Unwrap().Header().Get("Set-Cookie")
	})
	if renewed == "" {
		t.Fatal("B set no cookie")
	}
	if _, ok := e.setCookie(wa); ok {
		t.Errorf("A overwrote the renewed cookie: %q", wa.Header()["Set-Cookie"])
	}
	if got := e.readNow("cart", old); got != -1 {
		t.Errorf("the old ID came back with cart %d", got)
	}
	if e.mem.Len() != 1 {
		t.Errorf("%d records", e.mem.Len())
	}
}

// TestConcurrentChangesToDifferentKeysAreBothKept: the lost-update case
// of scs: A and B both loaded, B saved first, A's save conflicts, reloads
// and re-applies its own change.
func TestConcurrentChangesToDifferentKeysAreBothKept(t *testing.T) {
	e := newEnv(t, nil)
	id := e.value(e.serve(set(t, "a", 0), ""))
	e.interleave(id, func(s *Session) {
		s.Set("a", 1)
		s.Set("x", 1)
		s.Delete("x")
	}, set(t, "b", 2))
	if a, b := e.readNow("a", id), e.readNow("b", id); a != 1 || b != 2 {
		t.Errorf("a=%d b=%d: an update was lost", a, b)
	}
	if _, s, _, _ := e.store.calls(); s != 4 { // create, B, A conflicting, A again
		t.Errorf("%d saves", s)
	}
}

// TestConcurrentClearAndDeleteAreReapplied: A's Clear is re-applied after
// B's save, so B's key set meanwhile goes too; a Delete of a key B
// changed removes B's value. (Clear of an empty session and Delete of a
// missing key change nothing and save nothing.)
func TestConcurrentClearAndDeleteAreReapplied(t *testing.T) {
	e := newEnv(t, nil)
	id := e.value(e.serve(set(t, "a", 1), ""))
	e.interleave(id, func(s *Session) { s.Delete("a") }, set(t, "a", 5))
	if got := e.readNow("a", id); got != -1 {
		t.Errorf("Delete lost: a=%d", got)
	}
	e.serve(set(t, "a", 1), id)
	e.interleave(id, func(s *Session) { s.Clear(); s.Set("c", 3) }, set(t, "b", 2))
	if a, b, c := e.readNow("a", id), e.readNow("b", id), e.readNow("c", id); a != -1 || b != -1 || c != 3 {
		t.Errorf("Clear then Set re-applied wrong: a=%d b=%d c=%d", a, b, c)
	}
}

// TestConcurrentFlashesAreNotLost: a message queued by B while A shows
// (pops) the earlier ones stays for the next page.
func TestConcurrentFlashesAreNotLost(t *testing.T) {
	e := newEnv(t, nil)
	id := e.value(e.serve(func(w http.ResponseWriter, r *http.Request) { Get(r).Flash("first") }, ""))
	var shown []string
	e.interleave(id, func(s *Session) { shown, _ = s.Flashes() }, func(w http.ResponseWriter, r *http.Request) {
		Get(r).Flash("second")
	})
	if !slices.Equal(shown, []string{"first"}) {
		t.Errorf("A showed %q", shown)
	}
	var next []string
	e.serve(func(w http.ResponseWriter, r *http.Request) { next, _ = Get(r).Flashes() }, id)
	if !slices.Equal(next, []string{"second"}) {
		t.Errorf("next page shows %q", next)
	}
}

// TestParallelRequestsOfOneSession runs many requests of one session at
// once (for -race): every increment of a distinct key survives.
func TestParallelRequestsOfOneSession(t *testing.T) {
	e := newEnv(t, nil)
	id := e.value(e.serve(set(t, "start", 1), ""))
	var wg sync.WaitGroup
	const n = 3 // at most maxAttempts-1 other writers can interleave one save
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := e.serve(set(t, string(rune('a'+i)), i), id)
			if w.Code != 200 {
				t.Errorf("status %d", w.Code)
			}
		}()
	}
	wg.Wait()
	for i := range n {
		if got := e.readNow(string(rune('a'+i)), id); got != i {
			t.Errorf("key %c = %d", 'a'+i, got)
		}
	}
}

// TestSessionIsSafeAcrossGoroutinesOfOneRequest: for -race.
func TestSessionIsSafeAcrossGoroutinesOfOneRequest(t *testing.T) {
	e := newEnv(t, nil)
	w := e.serve(func(w http.ResponseWriter, r *http.Request) {
		s := Get(r)
		var wg sync.WaitGroup
		for i := range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				s.Set(string(rune('a'+i)), i)
				GetAs[int](s, "a")
				s.Keys()
			}()
		}
		wg.Wait()
	}, "")
	if got := e.readNow("h", e.value(w)); got != 7 {
		t.Errorf("h = %d", got)
	}
}
