package bench

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/alexedwards/scs/v2"
	"github.com/alexedwards/scs/v2/memstore"
	gsessions "github.com/gorilla/sessions"

	"github.com/webob-go/webob/sessions"
)

// BenchmarkSession measures one request of a visitor with a session: load
// it (from the cookie, or from memory by the cookie's ID), Set one key to
// a new value, commit (the store write and the Set-Cookie). Each case uses
// the peers' equivalent store:
//
//   - cookie: the whole session in an encrypted, authenticated cookie:
//     ours AES-256-GCM with JSON values, gorilla's CookieStore (AES-256-CTR
//     with HMAC-SHA-256, gob values). scs has no cookie store.
//   - memory: a server-side map keyed by the cookie's ID: ours MemoryStore,
//     scs's memstore (gob values). gorilla has no memory store.

var (
	sessionHashKey = bytes.Repeat([]byte{0x11}, 32)
	sessionKey     = bytes.Repeat([]byte{0x22}, 32)
)

// sessionImpl is one implementation under test: a handler behind its
// middleware that reads the counter "n" (0 when unset) and sets it to the
// value of the request's "n" query parameter, answering the value read.
type sessionImpl struct {
	name string
	h    http.Handler
}

func atoiOr0(s string) int {
	n := 0
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return 0
		}
		n = n*10 + int(c-'0')
	}
	return n
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[i:])
}

func webobSessionHandler(m *sessions.Manager) http.Handler {
	return m.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s := sessions.Get(r)
		n, _, err := sessions.GetAs[int](s, "n")
		if err != nil {
			http.Error(w, err.Error(), 500)
			return
		}
		if err := s.Set("n", atoiOr0(r.URL.Query().Get("n"))); err != nil {
			http.Error(w, err.Error(), 500)
			return
		}
		w.Write([]byte(itoa(n)))
	}))
}

func webobCookieSessions(tb testing.TB) sessionImpl {
	cs, err := sessions.NewCookieStore(sessionKey)
	if err != nil {
		tb.Fatal(err)
	}
	m, err := sessions.NewCookieManager(cs, &sessions.Options{Insecure: true})
	if err != nil {
		tb.Fatal(err)
	}
	return sessionImpl{"webob", webobSessionHandler(m)}
}

func webobMemorySessions(tb testing.TB) sessionImpl {
	m, err := sessions.NewManager(sessions.NewMemoryStore(), &sessions.Options{Insecure: true})
	if err != nil {
		tb.Fatal(err)
	}
	return sessionImpl{"webob", webobSessionHandler(m)}
}

func gorillaCookieSessions(tb testing.TB) sessionImpl {
	store := gsessions.NewCookieStore(sessionHashKey, sessionKey)
	store.Options.Secure = false
	return sessionImpl{"gorilla", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s, err := store.Get(r, "session")
		if err != nil && !s.IsNew {
			http.Error(w, err.Error(), 500)
			return
		}
		n, _ := s.Values["n"].(int)
		s.Values["n"] = atoiOr0(r.URL.Query().Get("n"))
		if err := s.Save(r, w); err != nil {
			http.Error(w, err.Error(), 500)
			return
		}
		w.Write([]byte(itoa(n)))
	})}
}

func scsMemorySessions(tb testing.TB) sessionImpl {
	sm := scs.New()
	st := memstore.NewWithCleanupInterval(0) // no janitor goroutine
	sm.Store = st
	sm.Cookie.Secure = false
	return sessionImpl{"scs", sm.LoadAndSave(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := sm.GetInt(r.Context(), "n")
		sm.Put(r.Context(), "n", atoiOr0(r.URL.Query().Get("n")))
		w.Write([]byte(itoa(n)))
	}))}
}

// sessionCases are the benchmark's cases with their implementations.
func sessionCases(tb testing.TB) []struct {
	name  string
	impls []sessionImpl
} {
	return []struct {
		name  string
		impls []sessionImpl
	}{
		{"cookie", []sessionImpl{webobCookieSessions(tb), gorillaCookieSessions(tb)}},
		{"memory", []sessionImpl{webobMemorySessions(tb), scsMemorySessions(tb)}},
	}
}

// sessionRequest serves one request with cookie (a "name=value" pair, or
// "") setting n, and returns the body and the new "name=value" cookie (""
// when none was set).
func sessionRequest(h http.Handler, cookie string, n int) (body, set string, code int) {
	r := httptest.NewRequest("GET", "/?n="+itoa(n), nil)
	if cookie != "" {
		r.Header.Set("Cookie", cookie)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if sc := w.Header().Get("Set-Cookie"); sc != "" {
		set, _, _ = strings.Cut(sc, ";")
	}
	return w.Body.String(), set, w.Code
}

// TestSessionAgreement: on the benchmark's requests every implementation
// starts a session, reads back what the previous request set, and treats
// a tampered cookie as no session (a fresh one, counter 0).
func TestSessionAgreement(t *testing.T) {
	for _, c := range sessionCases(t) {
		for _, impl := range c.impls {
			name := c.name + "/" + impl.name
			body, ck, code := sessionRequest(impl.h, "", 7)
			if code != 200 || body != "0" || ck == "" {
				t.Fatalf("%s: first request: %d %q cookie %q", name, code, body, ck)
			}
			body, ck2, code := sessionRequest(impl.h, ck, 8)
			if code != 200 || body != "7" {
				t.Errorf("%s: second request read %d %q, want 7", name, code, body)
			}
			if ck2 != "" {
				ck = ck2
			}
			if body, _, _ := sessionRequest(impl.h, ck, 9); body != "8" {
				t.Errorf("%s: third request read %q, want 8", name, body)
			}
			// Flip a character in the middle of the cookie's value.
			b := []byte(ck)
			i := strings.IndexByte(ck, '=') + (len(ck)-strings.IndexByte(ck, '='))/2
			if b[i] == 'A' {
				b[i] = 'B'
			} else {
				b[i] = 'A'
			}
			if body, _, code := sessionRequest(impl.h, string(b), 1); code != 200 || body != "0" {
				t.Errorf("%s: tampered cookie read %d %q, want a fresh session", name, code, body)
			}
			t.Logf("%s: cookie of %d bytes", name, len(ck))
		}
	}
}

func BenchmarkSession(b *testing.B) {
	for _, c := range sessionCases(b) {
		for _, impl := range c.impls {
			b.Run(c.name+"/"+impl.name, func(b *testing.B) {
				_, ck, _ := sessionRequest(impl.h, "", 1)
				if ck == "" {
					b.Fatal("no session cookie")
				}
				// Two requests that set different values, alternated, so
				// that every request changes the session.
				var rs [2]*http.Request
				for i := range rs {
					rs[i] = httptest.NewRequest("GET", "/?n="+itoa(i+2), nil)
					rs[i].Header.Set("Cookie", ck)
				}
				b.ReportAllocs()
				i := 0
				for b.Loop() {
					w := httptest.NewRecorder()
					impl.h.ServeHTTP(w, rs[i&1])
					i++
					if w.Code != 200 {
						b.Fatal(w.Code, w.Body)
					}
				}
			})
		}
	}
}
