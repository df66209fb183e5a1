package bench

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/alexedwards/scs/v2"
	"github.com/alexedwards/scs/v2/memstore"
	gsessions "github.com/gorilla/sessions"
	"github.com/webob-go/webob/sessions"
)

// BenchmarkSession measures one request of a visitor who already has a
// session: read the session cookie, load the session, set one key, commit
// and write the Set-Cookie line (the store's write for server-side
// stores). "cookie" keeps the whole session in an encrypted cookie (ours:
// AES-256-GCM; gorilla: securecookie's AES-CTR + HMAC-SHA-256); "memory"
// keeps it in the process (ours: MemoryStore; scs: memstore). scs has no
// cookie store and gorilla no memory store, so each case has the peers that
// can run it.

var (
	sessKey      = bytes.Repeat([]byte{0x42}, 32)
	sessHashKey  = bytes.Repeat([]byte{0x17}, 32)
	sessUser     = "user-8f14e45fceea167a5a36"
	sessCookieNm = "session"
)

// sessWriter is a ResponseWriter that keeps only the header, so the
// benchmark measures the session work rather than a recorder's buffers.
type sessWriter struct {
	h    http.Header
	code int
}

func (w *sessWriter) Header() http.Header         { return w.h }
func (w *sessWriter) Write(p []byte) (int, error) { return len(p), nil }
func (w *sessWriter) WriteHeader(code int)        { w.code = code }

func (w *sessWriter) reset() {
	clear(w.h)
	w.code = 0
}

// sessApp is one implementation: a handler that stores the user on a new
// session, and one that increments a counter on an existing one.
type sessApp struct {
	login, count, peek http.Handler
}

func ourSessApp(b testing.TB, m *sessions.Manager) sessApp {
	login := m.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := sessions.Get(r).Set("user", sessUser); err != nil {
			b.Fatal(err)
		}
	}))
	count := m.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s := sessions.Get(r)
		n, _, err := sessions.GetAs[int](s, "n")
		if err != nil {
			http.Error(w, err.Error(), 500)
			return
		}
		if err := s.Set("n", n+1); err != nil {
			http.Error(w, err.Error(), 500)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	peek := m.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s := sessions.Get(r)
		n, _, _ := sessions.GetAs[int](s, "n")
		user, _, _ := sessions.GetAs[string](s, "user")
		fmt.Fprintf(w, "%s %d", user, n)
	}))
	return sessApp{login, count, peek}
}

func ourMemoryApp(b testing.TB) sessApp {
	m, err := sessions.NewManager(sessions.NewMemoryStore(), &sessions.Options{Insecure: true})
	if err != nil {
		b.Fatal(err)
	}
	return ourSessApp(b, m)
}

func ourCookieApp(b testing.TB) sessApp {
	cs, err := sessions.NewCookieStore(sessKey)
	if err != nil {
		b.Fatal(err)
	}
	m, err := sessions.NewCookieManager(cs, &sessions.Options{Insecure: true})
	if err != nil {
		b.Fatal(err)
	}
	return ourSessApp(b, m)
}

func scsMemoryApp(b testing.TB) sessApp {
	sm := scs.New()
	sm.Store = memstore.New()
	sm.Cookie.Name = sessCookieNm
	login := sm.LoadAndSave(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sm.Put(r.Context(), "user", sessUser)
	}))
	count := sm.LoadAndSave(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := sm.GetInt(r.Context(), "n")
		sm.Put(r.Context(), "n", n+1)
		w.WriteHeader(http.StatusNoContent)
	}))
	peek := sm.LoadAndSave(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "%s %d", sm.GetString(r.Context(), "user"), sm.GetInt(r.Context(), "n"))
	}))
	return sessApp{login, count, peek}
}

func gorillaCookieApp(b testing.TB) sessApp {
	store := gsessions.NewCookieStore(sessHashKey, sessKey)
	store.Options.Secure = false
	login := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s, _ := store.Get(r, sessCookieNm)
		s.Values["user"] = sessUser
		if err := s.Save(r, w); err != nil {
			b.Fatal(err)
		}
	})
	count := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s, err := store.Get(r, sessCookieNm)
		if err != nil {
			http.Error(w, err.Error(), 500)
			return
		}
		n, _ := s.Values["n"].(int)
		s.Values["n"] = n + 1
		if err := s.Save(r, w); err != nil {
			http.Error(w, err.Error(), 500)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	})
	peek := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s, _ := store.Get(r, sessCookieNm)
		user, _ := s.Values["user"].(string)
		n, _ := s.Values["n"].(int)
		fmt.Fprintf(w, "%s %d", user, n)
	})
	return sessApp{login, count, peek}
}

// sessCookie logs in once and returns the Cookie header the visitor sends
// afterwards.
func sessCookie(t testing.TB, app sessApp) string {
	rec := httptest.NewRecorder()
	app.login.ServeHTTP(rec, httptest.NewRequest("GET", "/login", nil))
	line := rec.Header().Get("Set-Cookie")
	name, rest, ok := strings.Cut(line, "=")
	if !ok || name != sessCookieNm {
		t.Fatalf("login set no %s cookie: %q", sessCookieNm, line)
	}
	value, _, _ := strings.Cut(rest, ";")
	return sessCookieNm + "=" + value
}

var sessImpls = []struct {
	store, impl string
	app         func(testing.TB) sessApp
}{
	{"cookie", "webob", ourCookieApp},
	{"cookie", "gorilla", gorillaCookieApp},
	{"memory", "webob", ourMemoryApp},
	{"memory", "scs", scsMemoryApp},
}

// sessDo runs h for a visitor sending cookie and returns the answer and the
// Cookie header the visitor sends next.
func sessDo(h http.Handler, cookie string) (*httptest.ResponseRecorder, string) {
	rec := httptest.NewRecorder()
	req := httptest.NewRequest("GET", "/", nil)
	if cookie != "" {
		req.Header.Set("Cookie", cookie)
	}
	h.ServeHTTP(rec, req)
	if line := rec.Header().Get("Set-Cookie"); line != "" {
		name, rest, _ := strings.Cut(line, "=")
		v, _, _ := strings.Cut(rest, ";")
		cookie = name + "=" + v
	}
	return rec, cookie
}

// TestSessionAgreement: every implementation carries the session across
// requests the same way — the user set at login stays and the counter goes
// 1, 2, 3 for a visitor who sends back the cookie of the previous answer —
// and a forged cookie starts an empty session.
func TestSessionAgreement(t *testing.T) {
	for _, c := range sessImpls {
		t.Run(c.store+"/"+c.impl, func(t *testing.T) {
			app := c.app(t)
			cookie := sessCookie(t, app)
			for want := 1; want <= 3; want++ {
				var rec *httptest.ResponseRecorder
				rec, cookie = sessDo(app.count, cookie)
				if rec.Code != http.StatusNoContent {
					t.Fatalf("request %d: status %d %s", want, rec.Code, rec.Body)
				}
				rec, _ = sessDo(app.peek, cookie)
				if got, exp := rec.Body.String(), fmt.Sprintf("%s %d", sessUser, want); got != exp {
					t.Fatalf("after request %d: %q, want %q", want, got, exp)
				}
			}
			name, value, _ := strings.Cut(cookie, "=")
			forged := []byte(value)
			forged[len(forged)/2] ^= 0x01
			if rec, _ := sessDo(app.peek, name+"="+string(forged)); rec.Body.String() != " 0" {
				t.Errorf("forged cookie: %q, want an empty session", rec.Body)
			}
		})
	}
}

func BenchmarkSession(b *testing.B) {
	for _, c := range sessImpls {
		b.Run(c.store+"/"+c.impl, func(b *testing.B) {
			app := c.app(b)
			cookie := sessCookie(b, app)
			// The visitor keeps sending the login cookie: server-side stores
			// keep the one session; cookie stores decode the same value and
			// answer with a new one each time, as in a real run.
			req := httptest.NewRequest("GET", "/count", nil)
			req.Header.Set("Cookie", cookie)
			w := &sessWriter{h: make(http.Header)}
			b.ReportAllocs()
			for b.Loop() {
				w.reset()
				app.count.ServeHTTP(w, req)
				if w.code != http.StatusNoContent {
					b.Fatalf("status %d", w.code)
				}
			}
		})
	}
}
