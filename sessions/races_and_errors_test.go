package sessions

import (
	"net/http/httptest"
	"strings"
	"time"

	"github.com/webob-go/webob/webob"
	"net/http"
	"slices"
	"testing"
)

// TestRenewRacingLogoutDoesNotResurrect: request A loaded the session,
// request B logged out (Destroy), then A renewed it (a log-in, a
// privilege change) and committed. A's renewal must not save the
// destroyed session's values under a new ID and hand the browser a
// cookie for it.
func TestRenewRacingLogoutDoesNotResurrect(t *testing.T) {
	e := newEnv(t, nil)
	id := e.value(e.serve(set(t, "user", 42), ""))
	wa := e.interleave(id, func(s *Session) {
		if err := s.Renew(); err != nil {
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
	if n := e.mem.Len(); n != 0 {
		t.Errorf("%d records after the log-out: the renewal brought the session back", n)
	}
	if c, ok := e.setCookie(wa); ok {
		if got := e.readNow("user", c.Value); got != -1 {
			t.Errorf("the renewed cookie reads user %d after the log-out", got)
		}
	}
}

// TestRenewKeepsChangesSavedMeanwhile: request A loaded the session,
// request B changed another key and saved, then A renewed and committed:
// the renewed session holds B's change too (it is not lost with the old
// ID), and the old ID is dead.
func TestRenewKeepsChangesSavedMeanwhile(t *testing.T) {
	e := newEnv(t, nil)
	old := e.value(e.serve(set(t, "cart", 1), ""))
	wa := e.interleave(old, func(s *Session) {
		s.Renew()
		s.Set("user", 42)
	}, set(t, "cart", 2))
	id := e.value(wa)
	if id == old {
		t.Fatal("Renew kept the ID")
	}
	if cart, user := e.readNow("cart", id), e.readNow("user", id); cart != 2 || user != 42 {
		t.Errorf("renewed session: cart=%d user=%d, want 2 and 42", cart, user)
	}
	if got := e.readNow("cart", old); got != -1 {
		t.Errorf("the old ID still reads cart %d", got)
	}
	if n := e.mem.Len(); n != 1 {
		t.Errorf("%d records", n)
	}
}

// TestFlashesShownTwiceDoNotLoseALaterOne: requests A and B both loaded
// the queue ["first"] and showed it; B committed, then C queued
// "second", then A committed. A's removal must take only what A showed
// ("first", already gone), not the first message of the queue it finds
// at commit ("second", never shown).
func TestFlashesShownTwiceDoNotLoseALaterOne(t *testing.T) {
	e := newEnv(t, nil)
	id := e.value(e.serve(func(w http.ResponseWriter, r *http.Request) { Get(r).Flash("first") }, ""))
	var shownA, shownB []string
	e.interleave(id, func(s *Session) {
		e.serve(func(w http.ResponseWriter, r *http.Request) { Get(r).Flash("second") }, id) // C
		shownA, _ = s.Flashes()
	}, func(w http.ResponseWriter, r *http.Request) {
		shownB, _ = Get(r).Flashes()
	})
	if !slices.Equal(shownA, []string{"first"}) || !slices.Equal(shownB, []string{"first"}) {
		t.Fatalf("A showed %q, B showed %q", shownA, shownB)
	}
	var next []string
	e.serve(func(w http.ResponseWriter, r *http.Request) { next, _ = Get(r).Flashes() }, id)
	if !slices.Equal(next, []string{"second"}) {
		t.Errorf("next page shows %q, want [second]", next)
	}
}

// TestRecoveredPanicSavesNothing: a webob.HandlerFunc recovers its own
// panic and answers 500 through the middleware's writer. The session the
// handler changed before it panicked must not be saved half-done.
func TestRecoveredPanicSavesNothing(t *testing.T) {
	e := newEnv(t, nil)
	id := e.value(e.serve(set(t, "balance", 100), ""))
	h := webob.HandlerFunc(func(req *webob.Request) (*webob.Response, error) {
		s := FromRequest(req)
		if err := s.Set("balance", 0); err != nil { // half of a transfer
			return nil, err
		}
		panic("boom")
	})
	r := httptest.NewRequest("GET", "/", nil)
	r.Header.Set("Cookie", "session="+id)
	w := httptest.NewRecorder()
	e.m.Middleware(h).ServeHTTP(w, r)
	if w.Code != 500 {
		t.Fatalf("status %d", w.Code)
	}
	if got := e.readNow("balance", id); got != 100 {
		t.Errorf("balance %d after a recovered panic, want 100 (unchanged)", got)
	}
	if _, ok := e.setCookie(w); ok {
		t.Errorf("the 500 set a cookie: %q", w.Header()["Set-Cookie"])
	}
}

// TestServerErrorSavesNoNewSession: a handler that sets a value and then
// answers 5xx creates no session and sets no cookie.
func TestServerErrorSavesNoNewSession(t *testing.T) {
	e := newEnv(t, nil)
	w := e.serve(func(w http.ResponseWriter, r *http.Request) {
		Get(r).Set("a", 1)
		w.WriteHeader(http.StatusServiceUnavailable)
	}, "")
	if n := e.mem.Len(); n != 0 {
		t.Errorf("%d records after a 503", n)
	}
	if _, ok := e.setCookie(w); ok {
		t.Errorf("the 503 set a cookie: %q", w.Header()["Set-Cookie"])
	}
	if !hasLine(w.Header()["Vary"], "Cookie") {
		t.Errorf("Vary %q", w.Header()["Vary"])
	}
}

// TestServerErrorStillLogsOut: a Destroy is kept even when the response
// is a 5xx: deleting a session is always safe.
func TestServerErrorStillLogsOut(t *testing.T) {
	for _, mk := range envMakers {
		t.Run(mk.name, func(t *testing.T) {
			e := mk.make(t, nil)
			id := e.value(e.serve(set(t, "user", 42), ""))
			w := e.serve(func(w http.ResponseWriter, r *http.Request) {
				Get(r).Destroy()
				Get(r).Set("after", 1)
				w.WriteHeader(500)
			}, id)
			c, ok := e.setCookie(w)
			if !ok || c.MaxAge >= 0 && c.Value != "" {
				t.Errorf("no deletion cookie: %q", w.Header()["Set-Cookie"])
			}
			if e.mem != nil && e.mem.Len() != 0 {
				t.Errorf("%d records", e.mem.Len())
			}
			if got := e.readNow("user", id); e.mem != nil && got != -1 {
				t.Errorf("user %d after the log-out", got)
			}
		})
	}
}

// TestShadowedCookieStillFindsTheSession: a browser holding a stale
// cookie of the same name (another Path or Domain) sends it first; the
// session named by the next one must still load, or the visitor would get
// a new session on every request. Only a few are tried.
func TestShadowedCookieStillFindsTheSession(t *testing.T) {
	for _, mk := range envMakers {
		t.Run(mk.name, func(t *testing.T) {
			e := mk.make(t, nil)
			stale := e.value(e.serve(set(t, "n", 1), ""))
			e.clk.Advance(25 * time.Hour) // past its Lifetime
			id := e.value(e.serve(set(t, "n", 7), ""))
			var n int
			r := httptest.NewRequest("GET", "/", nil)
			r.Header.Set("Cookie", "session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA; session="+stale+"; session="+id)
			e.m.Middleware(read(t, "n", &n)).ServeHTTP(httptest.NewRecorder(), r)
			if n != 7 {
				t.Errorf("n = %d, want 7 from the third cookie", n)
			}
			if e.store != nil {
				e.store.mu.Lock()
				e.store.loads = 0
				e.store.mu.Unlock()
				r.Header.Set("Cookie", strings.Repeat("session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA; ", 10)+"session="+id)
				e.m.Middleware(read(t, "n", &n)).ServeHTTP(httptest.NewRecorder(), r)
				if loads, _, _, _ := e.store.calls(); loads > maxCookieCandidates {
					t.Errorf("%d store loads for one request", loads)
				}
			}
		})
	}
}

// TestRenewThenDestroyDeletesTheOldRecord: a Destroy after a Renew in one
// request deletes the loaded record unconditionally and sets no new
// session.
func TestRenewThenDestroyDeletesTheOldRecord(t *testing.T) {
	e := newEnv(t, nil)
	id := e.value(e.serve(set(t, "user", 42), ""))
	w := e.serve(func(w http.ResponseWriter, r *http.Request) {
		Get(r).Renew()
		Get(r).Destroy()
	}, id)
	if n := e.mem.Len(); n != 0 {
		t.Errorf("%d records", n)
	}
	if c, ok := e.setCookie(w); !ok || c.Value != "" {
		t.Errorf("Set-Cookie %q, want the deletion", w.Header()["Set-Cookie"])
	}
}

// TestCookieMaxAgeNeverExceedsTheLifetime: when the clock went back after
// the session was created, the Max-Age of a re-issued cookie is still at
// most the Lifetime.
func TestCookieMaxAgeNeverExceedsTheLifetime(t *testing.T) {
	for _, mk := range envMakers {
		t.Run(mk.name, func(t *testing.T) {
			e := mk.make(t, nil)
			id := e.value(e.serve(set(t, "a", 1), ""))
			e.clk.Advance(-30 * time.Second) // NTP stepped the clock back
			c, ok := e.setCookie(e.serve(func(w http.ResponseWriter, r *http.Request) {
				Get(r).Renew()
				Get(r).Set("a", 2)
			}, id))
			if !ok || c.MaxAge > 24*3600 {
				t.Errorf("Max-Age %d (set %v), want at most the 24h Lifetime", c.MaxAge, ok)
			}
		})
	}
}
