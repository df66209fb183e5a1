package sessions

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/webob-go/webob/cookies"
)

func TestCookieSessionRoundTrip(t *testing.T) {
	e := newCookieEnv(t, nil)
	w := e.serve(set(t, "a", 1), "")
	c, ok := e.setCookie(w)
	if !ok || !c.Secure || !c.HttpOnly || c.SameSite != cookies.SameSiteLax || c.MaxAge != 86400 {
		t.Fatalf("cookie %+v", c)
	}
	if !hasLine(w.Header()["Vary"], "Cookie") || !hasLine(w.Header()["Cache-Control"], `no-cache="Set-Cookie"`) {
		t.Errorf("header %v", w.Header())
	}
	if strings.Contains(c.Value, "\"a\"") {
		t.Error("the cookie is readable")
	}
	if got := e.readNow("a", c.Value); got != 1 {
		t.Errorf("read back %d", got)
	}
}

// TestTamperedExpiredAndWrongKeyCookiesAreANewSession: a cookie that does
// not open is a new, empty session — never an error page.
func TestTamperedExpiredAndWrongKeyCookiesAreANewSession(t *testing.T) {
	e := newCookieEnv(t, nil)
	good := e.value(e.serve(set(t, "a", 1), ""))
	other := newCookieEnv(t, nil, testKey(9))
	other.clk = e.clk
	foreign := other.value(other.serve(set(t, "a", 1), ""))
	flip := []byte(good)
	i := len(flip) - 5
	if flip[i] == 'A' {
		flip[i] = 'B'
	} else {
		flip[i] = 'A'
	}
	for name, v := range map[string]string{
		"tampered":  string(flip),
		"truncated": good[:len(good)-4],
		"wrong key": foreign,
		"no bar":    strings.ReplaceAll(good, "|", ""),
		"garbage":   "%%%",
	} {
		var n int
		var isNew bool
		w := e.serve(func(w http.ResponseWriter, r *http.Request) {
			read(t, "a", &n)(w, r)
			isNew = Get(r).IsNew()
		}, v)
		if w.Code != 200 || n != -1 || !isNew {
			t.Errorf("%s: status %d, a=%d, new %v", name, w.Code, n, isNew)
		}
	}
	e.clk.Advance(25 * time.Hour)
	if got := e.readNow("a", good); got != -1 {
		t.Errorf("expired cookie read %d", got)
	}
}

func TestCookieForAnotherNameDoesNotOpen(t *testing.T) {
	e := newCookieEnv(t, nil)
	v := e.value(e.serve(set(t, "a", 1), ""))
	o := newCookieEnv(t, &Options{Name: "other"})
	if got := o.readNow("a", v); got != -1 {
		t.Errorf("a value made for %q opened as %q: %d", e.m.CookieName(), o.m.CookieName(), got)
	}
}

func TestCookieKeyRotation(t *testing.T) {
	oldEnv := newCookieEnv(t, nil, testKey(1))
	v := oldEnv.value(oldEnv.serve(set(t, "a", 1), ""))
	rotated := newCookieEnv(t, nil, testKey(2), testKey(1))
	if got := rotated.readNow("a", v); got != 1 {
		t.Fatalf("a cookie of the old key was refused after rotation: %d", got)
	}
	// A change re-encrypts under the new key, which the old-key-only
	// manager cannot open.
	nv := rotated.value(rotated.serve(set(t, "a", 2), v))
	if got := newCookieEnv(t, nil, testKey(2)).readNow("a", nv); got != 2 {
		t.Errorf("the new cookie does not open with the new key alone: %d", got)
	}
	if got := newCookieEnv(t, nil, testKey(1)).readNow("a", nv); got != -1 {
		t.Errorf("the new cookie opened with the old key: %d", got)
	}
	// Dropping the old key ends its sessions.
	if got := newCookieEnv(t, nil, testKey(2)).readNow("a", v); got != -1 {
		t.Errorf("the old key's cookie opened after the key was dropped: %d", got)
	}
}

func TestNewCookieStoreKeys(t *testing.T) {
	for _, keys := range [][][]byte{nil, {make([]byte, 16)}, {testKey(1), make([]byte, 31)}} {
		if _, err := NewCookieStore(keys...); !errors.Is(err, cookies.ErrInvalidKey) {
			t.Errorf("%d keys: %v", len(keys), err)
		}
	}
}

func TestOversizeCookieSessionIsRefusedAtSet(t *testing.T) {
	e := newCookieEnv(t, nil)
	var errBig, errFit error
	w := e.serve(func(w http.ResponseWriter, r *http.Request) {
		s := Get(r)
		errFit = s.Set("small", strings.Repeat("x", 2000))
		errBig = s.Set("big", strings.Repeat("y", 2000))
		if s.Has("big") {
			t.Error("the refused value is in the session")
		}
	}, "")
	if errFit != nil || !errors.Is(errBig, ErrTooLarge) {
		t.Fatalf("fit: %v; big: %v", errFit, errBig)
	}
	if !strings.HasPrefix(errBig.Error(), "sessions: session too large for its cookie: ") || strings.Contains(errBig.Error(), "\n") {
		t.Errorf("message %q", errBig)
	}
	c, ok := e.setCookie(w)
	if !ok || len(c.Name)+1+len(c.Value) > 4096 {
		t.Fatalf("cookie of %d bytes", len(c.Name)+1+len(c.Value))
	}
	if got := e.readNow("big", c.Value); got != -1 {
		t.Error("big value saved")
	}
}

// TestCookieSizeLimitIsExact: Set accepts a session whose cookie is
// exactly the limit and refuses one byte more.
func TestCookieSizeLimitIsExact(t *testing.T) {
	e := newCookieEnv(t, nil)
	// Find the longest string value that fits, then check the cookie.
	var best int
	e.serve(func(w http.ResponseWriter, r *http.Request) {
		s := Get(r)
		lo, hi := 0, 5000
		for lo < hi {
			mid := (lo + hi + 1) / 2
			if s.Set("v", strings.Repeat("x", mid)) == nil {
				lo = mid
			} else {
				hi = mid - 1
			}
		}
		best = lo
	}, "")
	w := e.serve(set(t, "v", strings.Repeat("x", best)), "")
	c, ok := e.setCookie(w)
	if !ok {
		t.Fatalf("no cookie for the largest accepted value (%d): %d %q", best, w.Code, w.Body)
	}
	if n := len(c.Name) + 1 + len(c.Value); n > 4096 || n < 4090 {
		t.Errorf("largest accepted cookie is %d bytes", n)
	}
}

func TestOversizeFlashIsRefused(t *testing.T) {
	e := newCookieEnv(t, nil)
	e.serve(func(w http.ResponseWriter, r *http.Request) {
		if err := Get(r).Flash(strings.Repeat("m", 5000)); !errors.Is(err, ErrTooLarge) {
			t.Errorf("Flash: %v", err)
		}
		if msgs, _ := Get(r).PeekFlashes(""); msgs != nil {
			t.Errorf("refused flash kept: %d", len(msgs))
		}
	}, "")
}

func TestCookieDestroyExpiresTheCookie(t *testing.T) {
	e := newCookieEnv(t, nil)
	v := e.value(e.serve(set(t, "a", 1), ""))
	w := e.serve(func(w http.ResponseWriter, r *http.Request) { Get(r).Destroy() }, v)
	c, ok := e.setCookie(w)
	if !ok || c.Value != "" || c.MaxAge >= 0 {
		t.Errorf("deletion %+v %v", c, ok)
	}
}

func TestCookieRenewReissues(t *testing.T) {
	e := newCookieEnv(t, nil)
	v := e.value(e.serve(set(t, "a", 1), ""))
	nv := e.value(e.serve(func(w http.ResponseWriter, r *http.Request) { Get(r).Renew() }, v))
	if nv == v || e.readNow("a", nv) != 1 {
		t.Error("Renew did not re-issue the same data")
	}
}

func TestCookieReadOnlyRequestSendsNoCookie(t *testing.T) {
	e := newCookieEnv(t, nil)
	v := e.value(e.serve(set(t, "a", 1), ""))
	w := e.serve(read(t, "a", new(int)), v)
	if _, ok := e.setCookie(w); ok {
		t.Error("a read re-sent the cookie")
	}
	w = e.serve(func(http.ResponseWriter, *http.Request) {}, v)
	if len(w.Header()) != 0 {
		t.Errorf("untouched: %v", w.Header())
	}
}

// FuzzCookieValue: any cookie value gives a working request with a new
// session (or, for a value this Manager made, the session), never a
// panic or an error answer.
func FuzzCookieValue(f *testing.F) {
	ce := newCookieEnvTB(f)
	good := ce.serveTB(f, set(nil, "a", 1), "").Header().Get("Set-Cookie")
	good = strings.TrimPrefix(strings.SplitN(good, ";", 2)[0], "session=")
	f.Add(good)
	f.Add("")
	f.Add("1|")
	f.Add("0|AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
	f.Add(strings.Repeat("A", 43))
	f.Add("1767322800|" + strings.Repeat("_", 60))
	me := newMemEnvTB(f)
	f.Fuzz(func(t *testing.T, v string) {
		for _, m := range []*Manager{ce, me} {
			r := httptest.NewRequest("GET", "/", nil)
			r.Header["Cookie"] = []string{"session=" + v}
			w := httptest.NewRecorder()
			m.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				s := Get(r)
				if err := s.Err(); err != nil {
					t.Fatalf("%q: %v", v, err)
				}
				s.Keys()
				s.Flashes()
				GetAs[int](s, "a")
			})).ServeHTTP(w, r)
			if w.Code != 200 {
				t.Fatalf("%q: status %d", v, w.Code)
			}
		}
	})
}

func newCookieEnvTB(tb testing.TB) *Manager {
	cs, err := NewCookieStore(testKey(1))
	if err != nil {
		tb.Fatal(err)
	}
	m, err := NewCookieManager(cs, &Options{Now: newClock().Now})
	if err != nil {
		tb.Fatal(err)
	}
	return m
}

func newMemEnvTB(tb testing.TB) *Manager {
	m, err := NewManager(NewMemoryStore(), nil)
	if err != nil {
		tb.Fatal(err)
	}
	return m
}

func (m *Manager) serveTB(tb testing.TB, h http.HandlerFunc, cookie string) *httptest.ResponseRecorder {
	r := httptest.NewRequest("GET", "/", nil)
	if cookie != "" {
		r.Header.Set("Cookie", m.CookieName()+"="+cookie)
	}
	w := httptest.NewRecorder()
	m.Middleware(h).ServeHTTP(w, r)
	return w
}

func FuzzDecodeData(f *testing.F) {
	f.Add(appendData(nil, map[string][]byte{"a": []byte("1"), "b": nil}))
	f.Add([]byte{1, 1, 'a'})
	f.Add([]byte{1, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01})
	f.Fuzz(func(t *testing.T, b []byte) {
		values, err := decodeData(b)
		if err != nil {
			return
		}
		again, err := decodeData(appendData(nil, values))
		if err != nil || len(again) != len(values) {
			t.Fatalf("round trip: %v %d/%d", err, len(again), len(values))
		}
		for k, v := range values {
			if string(again[k]) != string(v) {
				t.Fatalf("key %q changed", k)
			}
		}
	})
}

// TestOversizeCookieAtCommitFailsTheRequest: should a session reach the
// commit too large for its cookie (Set measures, so only a change that
// bypassed it could), the request fails with 500 and one log line; no
// cookie is dropped silently.
func TestOversizeCookieAtCommitFailsTheRequest(t *testing.T) {
	e := newCookieEnv(t, nil)
	w := e.serve(func(w http.ResponseWriter, r *http.Request) {
		s := Get(r)
		s.Set("a", 1)
		s.mu.Lock()
		s.values["big"] = make([]byte, 5000) // past Set's check
		s.mu.Unlock()
		w.Write([]byte("handler body"))
	}, "")
	if w.Code != 500 || strings.Contains(w.Body.String(), "handler body") {
		t.Errorf("%d %q", w.Code, w.Body)
	}
	if _, ok := e.setCookie(w); ok {
		t.Error("a cookie was sent")
	}
	log := e.logs.String()
	if strings.Count(log, "\n") != 1 || !strings.Contains(log, "session too large for its cookie") {
		t.Errorf("log %q", log)
	}
}
