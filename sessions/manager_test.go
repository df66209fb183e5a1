package sessions

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/webob-go/webob/cookies"
	"github.com/webob-go/webob/internal/errtest"
	"github.com/webob-go/webob/internal/race"
)

func TestErrorsReadAsOneLine(t *testing.T) {
	errtest.CheckExported(t, "sessions: ", map[string]error{
		"ErrNotFound":       ErrNotFound,
		"ErrConflict":       ErrConflict,
		"ErrNoSession":      ErrNoSession,
		"ErrCommitted":      ErrCommitted,
		"ErrReservedKey":    ErrReservedKey,
		"ErrTooLarge":       ErrTooLarge,
		"ErrInvalidOptions": ErrInvalidOptions,
	})
	_, err := NewManager(NewMemoryStore(), &Options{HostPrefix: true, Domain: "example.com"})
	if err == nil || strings.ContainsAny(err.Error(), "\r\n") || !strings.HasPrefix(err.Error(), "sessions: ") {
		t.Errorf("%v", err)
	}
}

func TestUntouchedRequestCallsNoStoreAndSetsNoCookie(t *testing.T) {
	e := newEnv(t, nil)
	id := e.value(e.serve(set(t, "a", 1), ""))
	before := e.store.total()
	w := e.serve(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("hi")) }, id)
	if n := e.store.total() - before; n != 0 {
		t.Errorf("%d store calls for an untouched request", n)
	}
	if len(w.Header()["Set-Cookie"]) != 0 || len(w.Header()["Vary"]) != 0 || len(w.Header()["Cache-Control"]) != 0 {
		t.Errorf("header of an untouched request: %v", w.Header())
	}
}

func TestNewSessionIsStoredOnlyWhenChanged(t *testing.T) {
	e := newEnv(t, nil)
	var n int
	w := e.serve(read(t, "a", &n), "")
	if n != -1 || e.mem.Len() != 0 {
		t.Errorf("read of a new session: n=%d, %d records", n, e.mem.Len())
	}
	if _, ok := e.setCookie(w); ok {
		t.Error("a new session that was only read got a cookie")
	}
	if !hasLine(w.Header()["Vary"], "Cookie") {
		t.Errorf("Vary %q after reading the session", w.Header()["Vary"])
	}
}

func TestCommitsOnlyWhenChanged(t *testing.T) {
	e := newEnv(t, nil)
	id := e.value(e.serve(set(t, "a", 1), ""))
	_, saves, _, _ := e.store.calls()
	var n int
	w := e.serve(read(t, "a", &n), id)
	if n != 1 {
		t.Fatalf("read %d", n)
	}
	if _, s, _, _ := e.store.calls(); s != saves {
		t.Errorf("a read-only request saved (%d saves, was %d)", s, saves)
	}
	if _, ok := e.setCookie(w); ok {
		t.Error("a read-only request of an existing session re-sent the cookie")
	}
	// A change saves, under the same ID, without a new cookie.
	w = e.serve(set(t, "a", 2), id)
	if _, s, _, _ := e.store.calls(); s != saves+1 {
		t.Errorf("a change made %d saves", s-saves)
	}
	if _, ok := e.setCookie(w); ok {
		t.Error("a change of an existing session re-sent the same cookie")
	}
	if got := e.readNow("a", id); got != 2 {
		t.Errorf("after the change: %d", got)
	}
}

func TestDefaultCookieAttributesAndHeaders(t *testing.T) {
	e := newEnv(t, nil)
	w := e.serve(set(t, "a", 1), "")
	c, ok := e.setCookie(w)
	if !ok {
		t.Fatal("no cookie")
	}
	if c.Name != "session" || c.Path != "/" || c.Domain != "" || !c.Secure || !c.HttpOnly ||
		c.SameSite != cookies.SameSiteLax || c.MaxAge != 86400 || c.Partitioned {
		t.Errorf("cookie %+v", c)
	}
	if !validID(c.Value) {
		t.Errorf("cookie value %q is not a 32-byte base64url ID", c.Value)
	}
	if !hasLine(w.Header()["Vary"], "Cookie") {
		t.Errorf("Vary %q", w.Header()["Vary"])
	}
	if !hasLine(w.Header()["Cache-Control"], `no-cache="Set-Cookie"`) {
		t.Errorf("Cache-Control %q", w.Header()["Cache-Control"])
	}
}

func TestStoreKeepsTheHashOfTheIDNeverTheID(t *testing.T) {
	e := newEnv(t, nil)
	id := e.value(e.serve(set(t, "a", 1), ""))
	if _, err := e.mem.Load(t.Context(), id); !errors.Is(err, ErrNotFound) {
		t.Errorf("the store has a record under the ID itself: %v", err)
	}
	if _, err := e.mem.Load(t.Context(), Key(id)); err != nil {
		t.Errorf("no record under Key(id): %v", err)
	}
	if Key(id) == id || len(Key(id)) != 43 {
		t.Errorf("Key(%q) = %q", id, Key(id))
	}
}

func TestVaryAndCacheControlMergeWithTheHandlers(t *testing.T) {
	e := newEnv(t, nil)
	cases := []struct {
		name        string
		vary, cc    []string
		wantVary    []string
		wantCC      []string
		noSetCookie bool
	}{
		{"empty", nil, nil, []string{"Cookie"}, []string{`no-cache="Set-Cookie"`}, false},
		{"Vary Accept", []string{"Accept"}, nil, []string{"Accept", "Cookie"}, []string{`no-cache="Set-Cookie"`}, false},
		{"Vary has cookie", []string{"accept, cookie"}, nil, []string{"accept, cookie"}, []string{`no-cache="Set-Cookie"`}, false},
		{"Vary star", []string{"*"}, nil, []string{"*"}, []string{`no-cache="Set-Cookie"`}, false},
		{"no-store", nil, []string{"no-store"}, []string{"Cookie"}, []string{"no-store"}, false},
		{"private", nil, []string{"private, max-age=60"}, []string{"Cookie"}, []string{"private, max-age=60"}, false},
		{"public", nil, []string{"public, max-age=60"}, []string{"Cookie"}, []string{"public, max-age=60", `no-cache="Set-Cookie"`}, false},
	}
	for _, c := range cases {
		w := e.serve(func(w http.ResponseWriter, r *http.Request) {
			w.Header()["Vary"] = c.vary
			w.Header()["Cache-Control"] = c.cc
			Get(r).Set("a", 1)
			w.WriteHeader(200)
		}, "")
		if got := w.Header()["Vary"]; !slices.Equal(got, c.wantVary) {
			t.Errorf("%s: Vary %q, want %q", c.name, got, c.wantVary)
		}
		if got := w.Header()["Cache-Control"]; !slices.Equal(got, c.wantCC) {
			t.Errorf("%s: Cache-Control %q, want %q", c.name, got, c.wantCC)
		}
	}
}

func TestSecureByDefaultAndInsecureOnlyWhenAsked(t *testing.T) {
	for _, insecure := range []bool{false, true} {
		e := newEnv(t, &Options{Insecure: insecure})
		c, _ := e.setCookie(e.serve(set(t, "a", 1), ""))
		if c.Secure == insecure {
			t.Errorf("Insecure %v: Secure %v", insecure, c.Secure)
		}
	}
}

func TestHostPrefixRules(t *testing.T) {
	e := newEnv(t, &Options{HostPrefix: true, Partitioned: true, SameSite: cookies.SameSiteStrict})
	c, _ := e.setCookie(e.serve(set(t, "a", 1), ""))
	if c.Name != "__Host-session" || !c.Secure || c.Path != "/" || c.Domain != "" || !c.Partitioned ||
		c.SameSite != cookies.SameSiteStrict {
		t.Errorf("cookie %+v", c)
	}
	for _, o := range []Options{
		{HostPrefix: true, Insecure: true},
		{HostPrefix: true, Domain: "example.com"},
		{HostPrefix: true, Path: "/app"},
		{Partitioned: true, Insecure: true},
		{SameSite: cookies.SameSiteNone, Insecure: true},
		{Name: "bad name"},
		{Lifetime: -time.Second},
		{IdleTimeout: -time.Second},
	} {
		if _, err := NewManager(NewMemoryStore(), &o); !errors.Is(err, ErrInvalidOptions) {
			t.Errorf("%+v: %v", o, err)
		}
	}
	if _, err := NewManager(nil, nil); !errors.Is(err, ErrInvalidOptions) {
		t.Errorf("nil store: %v", err)
	}
	if _, err := NewCookieManager(nil, nil); !errors.Is(err, ErrInvalidOptions) {
		t.Errorf("nil cookie store: %v", err)
	}
}

// TestRenewDefeatsFixation: after Renew (at log-in) the ID an attacker may
// have planted or seen is dead; the data moved to a new ID.
func TestRenewDefeatsFixation(t *testing.T) {
	e := newEnv(t, nil)
	planted := e.value(e.serve(set(t, "cart", 3), ""))
	w := e.serve(func(w http.ResponseWriter, r *http.Request) {
		s := Get(r)
		if err := s.Renew(); err != nil {
			t.Error(err)
		}
		s.Set("user", 42)
	}, planted)
	fresh := e.value(w)
	if fresh == planted {
		t.Fatal("Renew kept the ID")
	}
	if got := e.readNow("cart", fresh); got != 3 {
		t.Errorf("data lost by Renew: %d", got)
	}
	if got := e.readNow("user", planted); got != -1 {
		t.Errorf("the planted ID sees the logged-in session: %d", got)
	}
	if got := e.readNow("cart", planted); got != -1 {
		t.Errorf("the old ID still works: %d", got)
	}
	if e.mem.Len() != 1 {
		t.Errorf("%d records after Renew", e.mem.Len())
	}
}

func TestRenewKeepsCreated(t *testing.T) {
	e := newEnv(t, nil)
	id := e.value(e.serve(set(t, "a", 1), ""))
	created := e.clk.Now()
	e.clk.Advance(time.Hour)
	var got time.Time
	w := e.serve(func(w http.ResponseWriter, r *http.Request) {
		Get(r).Renew()
		got = Get(r).Created()
	}, id)
	c, _ := e.setCookie(w)
	if !got.Equal(created) || c.MaxAge != 23*3600 {
		t.Errorf("Created %v (want %v), Max-Age %d", got, created, c.MaxAge)
	}
}

func TestDestroyDeletesRecordAndExpiresCookie(t *testing.T) {
	e := newEnv(t, nil)
	id := e.value(e.serve(set(t, "a", 1), ""))
	w := e.serve(func(w http.ResponseWriter, r *http.Request) {
		if err := Get(r).Destroy(); err != nil {
			t.Error(err)
		}
		if !Get(r).IsNew() || Get(r).Len() != 0 {
			t.Error("the Session is not new and empty after Destroy")
		}
	}, id)
	c, ok := e.setCookie(w)
	if !ok || c.Value != "" || c.MaxAge >= 0 || !c.Secure || !c.HttpOnly || c.Path != "/" {
		t.Errorf("deletion cookie %+v (set %v)", c, ok)
	}
	if e.mem.Len() != 0 {
		t.Errorf("%d records after Destroy", e.mem.Len())
	}
	if got := e.readNow("a", id); got != -1 {
		t.Errorf("destroyed session read %d", got)
	}
}

func TestDestroyThenSetStartsANewSession(t *testing.T) {
	e := newEnv(t, nil)
	id := e.value(e.serve(set(t, "a", 1), ""))
	w := e.serve(func(w http.ResponseWriter, r *http.Request) {
		Get(r).Destroy()
		Get(r).Flash("logged out")
	}, id)
	next := e.value(w)
	if next == id || next == "" {
		t.Fatalf("cookie %q after Destroy+Flash", next)
	}
	var msgs []string
	e.serve(func(w http.ResponseWriter, r *http.Request) { msgs, _ = Get(r).Flashes() }, next)
	if !slices.Equal(msgs, []string{"logged out"}) {
		t.Errorf("flashes %q", msgs)
	}
	if got := e.readNow("a", next); got != -1 {
		t.Errorf("old data in the new session: %d", got)
	}
}

func TestFlashQueues(t *testing.T) {
	for _, mk := range envMakers {
		t.Run(mk.name, func(t *testing.T) {
			e := mk.make(t, nil)
			w := e.serve(func(w http.ResponseWriter, r *http.Request) {
				s := Get(r)
				s.Flash("one")
				s.Flash("two")
				s.FlashTo("errors", "bad")
				s.Set("k", "v")
			}, "")
			ck := e.value(w)
			var peek, def, errs, again []string
			var keys []string
			w = e.serve(func(w http.ResponseWriter, r *http.Request) {
				s := Get(r)
				keys = s.Keys()
				peek, _ = s.PeekFlashes("")
				def, _ = s.Flashes()
				errs, _ = s.FlashesFrom("errors")
				again, _ = s.Flashes()
			}, ck)
			if !slices.Equal(peek, []string{"one", "two"}) || !slices.Equal(def, peek) ||
				!slices.Equal(errs, []string{"bad"}) || again != nil || !slices.Equal(keys, []string{"k"}) {
				t.Errorf("peek %q default %q errors %q again %q keys %q", peek, def, errs, again, keys)
			}
			if c, ok := e.setCookie(w); ok {
				ck = c.Value
			}
			e.serve(func(w http.ResponseWriter, r *http.Request) {
				again, _ = Get(r).Flashes()
			}, ck)
			if again != nil {
				t.Errorf("flashes shown twice: %q", again)
			}
		})
	}
}

func TestReservedKeysRefused(t *testing.T) {
	e := newEnv(t, nil)
	e.serve(func(w http.ResponseWriter, r *http.Request) {
		s := Get(r)
		if err := s.Set("\x00flash:", 1); !errors.Is(err, ErrReservedKey) {
			t.Errorf("Set: %v", err)
		}
		if err := s.Delete("\x00x"); !errors.Is(err, ErrReservedKey) {
			t.Errorf("Delete: %v", err)
		}
		if _, err := s.Decode("\x00x", new(int)); !errors.Is(err, ErrReservedKey) {
			t.Errorf("Decode: %v", err)
		}
	}, "")
}

func TestTypedValues(t *testing.T) {
	type user struct {
		Name  string
		Roles []string
	}
	for _, mk := range envMakers {
		t.Run(mk.name, func(t *testing.T) {
			e := mk.make(t, nil)
			w := e.serve(func(w http.ResponseWriter, r *http.Request) {
				s := Get(r)
				u := user{"ann", []string{"admin"}}
				s.Set("user", u)
				u.Roles[0] = "changed after Set"
				got, ok, err := GetAs[user](s, "user")
				if !ok || err != nil || got.Roles[0] != "admin" {
					t.Errorf("same request: %+v %v %v", got, ok, err)
				}
				s.Set("n", 7)
				s.Set("gone", true)
				s.Delete("gone")
			}, "")
			ck := e.value(w)
			e.serve(func(w http.ResponseWriter, r *http.Request) {
				s := Get(r)
				u, ok, err := GetAs[user](s, "user")
				if !ok || err != nil || u.Name != "ann" || !slices.Equal(u.Roles, []string{"admin"}) {
					t.Errorf("next request: %+v %v %v", u, ok, err)
				}
				if _, ok, err := GetAs[string](s, "n"); !ok || err == nil {
					t.Errorf("an int read as a string: ok %v err %v", ok, err)
				}
				if _, ok, err := GetAs[int](s, "missing"); ok || err != nil {
					t.Errorf("missing: %v %v", ok, err)
				}
				if !slices.Equal(s.Keys(), []string{"n", "user"}) || !s.Has("n") || s.Has("gone") || s.Len() != 2 {
					t.Errorf("keys %q", s.Keys())
				}
			}, ck)
		})
	}
}

func TestClearKeepsTheSession(t *testing.T) {
	e := newEnv(t, nil)
	id := e.value(e.serve(set(t, "a", 1), ""))
	w := e.serve(func(w http.ResponseWriter, r *http.Request) { Get(r).Clear() }, id)
	if _, ok := e.setCookie(w); ok {
		t.Error("Clear re-sent the cookie")
	}
	if e.readNow("a", id) != -1 || e.mem.Len() != 1 {
		t.Errorf("after Clear: %d records", e.mem.Len())
	}
}

func TestNoMiddlewareMeansNoSession(t *testing.T) {
	s := Get(httptest.NewRequest("GET", "/", nil))
	if s != nil {
		t.Fatal("a Session without the middleware")
	}
	if err := s.Set("a", 1); !errors.Is(err, ErrNoSession) {
		t.Errorf("Set: %v", err)
	}
	if _, _, err := GetAs[int](s, "a"); !errors.Is(err, ErrNoSession) {
		t.Errorf("GetAs: %v", err)
	}
	if s.Keys() != nil || s.Has("a") || s.Len() != 0 || !s.IsNew() || !s.Created().IsZero() || s.Err() != ErrNoSession {
		t.Error("nil Session reads")
	}
	for _, f := range []func() error{s.Clear, s.Renew, s.Destroy, func() error { return s.Flash("x") },
		func() error { _, err := s.Flashes(); return err }, func() error { _, err := s.PeekFlashes(""); return err },
		func() error { return s.Delete("a") }} {
		if err := f(); !errors.Is(err, ErrNoSession) {
			t.Errorf("%v", err)
		}
	}
}

func TestChangeAfterCommitIsRefused(t *testing.T) {
	e := newEnv(t, nil)
	var late error
	w := e.serve(func(w http.ResponseWriter, r *http.Request) {
		s := Get(r)
		s.Set("a", 1)
		w.Write([]byte("body"))
		late = s.Set("b", 2)
		if n, _, _ := GetAs[int](s, "a"); n != 1 {
			t.Errorf("read after commit: %d", n)
		}
	}, "")
	if !errors.Is(late, ErrCommitted) {
		t.Errorf("Set after the header: %v", late)
	}
	if e.readNow("a", e.value(w)) != 1 {
		t.Error("the change before the header was not saved")
	}
}

func TestStoreErrorFailsTheRequestWithOneLogLine(t *testing.T) {
	e := newEnv(t, nil)
	e.store.failSave = errors.New("redis: connection refused")
	w := e.serve(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		Get(r).Set("a", 1)
		w.Write([]byte(`{"ok":true}`))
	}, "")
	if w.Code != 500 || strings.Contains(w.Body.String(), "ok") || strings.Contains(w.Body.String(), "redis") ||
		w.Header().Get("Content-Type") != "text/plain; charset=utf-8" {
		t.Errorf("%d %q %v", w.Code, w.Body, w.Header())
	}
	if _, ok := e.setCookie(w); ok {
		t.Error("a cookie for a session that was not saved")
	}
	log := e.logs.String()
	if strings.Count(log, "\n") != 1 || !strings.Contains(log, "connection refused") || !strings.Contains(log, "level=ERROR") {
		t.Errorf("log %q", log)
	}
}

func TestStoreLoadErrorIsReportedNotTreatedAsNewSession(t *testing.T) {
	e := newEnv(t, nil)
	id := e.value(e.serve(set(t, "a", 1), ""))
	e.store.failLoad = errors.New("store down")
	var gerr error
	w := e.serve(func(w http.ResponseWriter, r *http.Request) {
		_, _, gerr = GetAs[int](Get(r), "a")
	}, id)
	if gerr == nil || w.Code != 500 {
		t.Errorf("GetAs error %v, status %d", gerr, w.Code)
	}
}

func TestCustomErrorHandler(t *testing.T) {
	var seen error
	e := newEnv(t, &Options{ErrorHandler: func(w http.ResponseWriter, r *http.Request, err error) {
		seen = err
		http.Error(w, "try later", http.StatusServiceUnavailable)
	}})
	e.store.failSave = errors.New("boom")
	w := e.serve(set(t, "a", 1), "")
	if w.Code != 503 || seen == nil || !strings.HasPrefix(seen.Error(), "sessions: cannot save session: boom") {
		t.Errorf("%d %v", w.Code, seen)
	}
}

func TestUnknownOrMalformedIDIsANewSession(t *testing.T) {
	e := newEnv(t, nil)
	for _, v := range []string{"short", strings.Repeat("A", 43), strings.Repeat("!", 43), strings.Repeat("A", 44)} {
		before, _, _, _ := e.store.calls()
		if got := e.readNow("a", v); got != -1 {
			t.Errorf("%q: %d", v, got)
		}
		loads, _, _, _ := e.store.calls()
		if want := 0; v == strings.Repeat("A", 43) {
			want = 1
			if loads-before != want {
				t.Errorf("%q: %d loads", v, loads-before)
			}
		} else if loads != before {
			t.Errorf("%q: a value that cannot be an ID was looked up", v)
		}
	}
}

func TestUntouchedRequestAllocs(t *testing.T) {
	if race.Enabled {
		t.Skip("allocations are not pinned under the race detector")
	}
	m, err := NewManager(NewMemoryStore(), nil)
	if err != nil {
		t.Fatal(err)
	}
	h := m.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(204) }))
	r := httptest.NewRequest("GET", "/", nil)
	w := &nopWriter{h: http.Header{}}
	if n := testing.AllocsPerRun(100, func() { h.ServeHTTP(w, r) }); n > 2 {
		t.Errorf("%v allocations for a request that does not use its session, want at most 2 (state, request copy)", n)
	}
}

type nopWriter struct{ h http.Header }

func (w *nopWriter) Header() http.Header         { return w.h }
func (w *nopWriter) Write(p []byte) (int, error) { return len(p), nil }
func (w *nopWriter) WriteHeader(int)             {}

// TestUnknownIDIsNeverAdopted: a well-formed ID the store does not know
// (planted, or expired) does not become the ID of the new session.
func TestUnknownIDIsNeverAdopted(t *testing.T) {
	e := newEnv(t, nil)
	planted := strings.Repeat("Q", 43)
	got := e.value(e.serve(set(t, "a", 1), planted))
	if got == planted {
		t.Error("the planted ID was adopted")
	}
	if _, err := e.mem.Load(t.Context(), Key(planted)); !errors.Is(err, ErrNotFound) {
		t.Errorf("a record under the planted ID: %v", err)
	}
}

// TestDeletionCookieKeepsTheAttributes: the deleting Set-Cookie carries
// the prefix, Partitioned and Secure, without which browsers keep the
// cookie.
func TestDeletionCookieKeepsTheAttributes(t *testing.T) {
	e := newEnv(t, &Options{HostPrefix: true, Partitioned: true})
	id := e.value(e.serve(set(t, "a", 1), ""))
	c, ok := e.setCookie(e.serve(func(w http.ResponseWriter, r *http.Request) { Get(r).Destroy() }, id))
	if !ok || c.Name != "__Host-session" || !c.Secure || !c.Partitioned || c.Path != "/" || c.MaxAge >= 0 {
		t.Errorf("deletion %+v", c)
	}
}

func TestTransientCookieHasNoMaxAge(t *testing.T) {
	e := newEnv(t, &Options{Transient: true, Lifetime: time.Hour})
	c, _ := e.setCookie(e.serve(set(t, "a", 1), ""))
	if c.MaxAge != 0 || !c.Expires.IsZero() {
		t.Errorf("transient cookie %+v", c)
	}
	e.clk.Advance(time.Hour)
	if e.readNow("a", c.Value) != -1 {
		t.Error("the server did not enforce the lifetime of a transient cookie")
	}
}
