package sessions_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/webob-go/webob/sessions"
	"github.com/webob-go/webob/webob"
)

// A visit counter kept in a server-side session.
func ExampleManager_Middleware() {
	m, err := sessions.NewManager(sessions.NewMemoryStore(), nil)
	if err != nil {
		panic(err)
	}
	h := m.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s := sessions.Get(r)
		n, _, err := sessions.GetAs[int](s, "visits")
		if err != nil {
			http.Error(w, "session unavailable", http.StatusServiceUnavailable)
			return
		}
		if err := s.Set("visits", n+1); err != nil {
			http.Error(w, "session unavailable", http.StatusInternalServerError)
			return
		}
		fmt.Fprintf(w, "visit %d", n+1)
	}))

	var cookie string
	for range 3 {
		r := httptest.NewRequest("GET", "https://example.com/", nil)
		if cookie != "" {
			r.Header.Set("Cookie", cookie)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if sc := w.Header().Get("Set-Cookie"); sc != "" {
			cookie, _, _ = strings.Cut(sc, ";")
		}
		body, _ := io.ReadAll(w.Body)
		fmt.Println(string(body), w.Header().Get("Vary"))
	}
	// Output:
	// visit 1 Cookie
	// visit 2 Cookie
	// visit 3 Cookie
}

// Renew at log-in and Destroy at log-out, from webob handlers; flash
// messages carry a notice to the next page.
func ExampleSession_Renew() {
	m, err := sessions.NewManager(sessions.NewMemoryStore(), nil)
	if err != nil {
		panic(err)
	}
	login := webob.HandlerFunc(func(req *webob.Request) (*webob.Response, error) {
		s := sessions.FromRequest(req)
		if err := s.Renew(); err != nil { // a new ID: a planted one is worthless now
			return nil, err
		}
		if err := s.Set("user", "ann"); err != nil {
			return nil, err
		}
		if err := s.Flash("Welcome back."); err != nil {
			return nil, err
		}
		return webob.Text(http.StatusOK, "logged in"), nil
	})
	home := webob.HandlerFunc(func(req *webob.Request) (*webob.Response, error) {
		s := sessions.FromRequest(req)
		user, _, err := sessions.GetAs[string](s, "user")
		if err != nil {
			return nil, err
		}
		notes, err := s.Flashes()
		if err != nil {
			return nil, err
		}
		return webob.Text(http.StatusOK, fmt.Sprintf("user=%q notes=%q", user, notes)), nil
	})

	w := httptest.NewRecorder()
	m.Middleware(login).ServeHTTP(w, httptest.NewRequest("POST", "https://example.com/login", nil))
	cookie, _, _ := strings.Cut(w.Header().Get("Set-Cookie"), ";")
	for range 2 {
		r := httptest.NewRequest("GET", "https://example.com/", nil)
		r.Header.Set("Cookie", cookie)
		w = httptest.NewRecorder()
		m.Middleware(home).ServeHTTP(w, r)
		fmt.Println(w.Body.String())
	}
	// Output:
	// user="ann" notes=["Welcome back."]
	// user="ann" notes=[]
}

// The whole session in an encrypted cookie: no server-side state.
func ExampleNewCookieManager() {
	key := []byte("0123456789abcdef0123456789abcdef") // 32 random bytes in real use
	cs, err := sessions.NewCookieStore(key)
	if err != nil {
		panic(err)
	}
	m, err := sessions.NewCookieManager(cs, &sessions.Options{IdleTimeout: 30 * 60e9})
	if err != nil {
		panic(err)
	}
	w := httptest.NewRecorder()
	m.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sessions.Get(r).Set("theme", "dark")
	})).ServeHTTP(w, httptest.NewRequest("GET", "https://example.com/", nil))
	sc := w.Header().Get("Set-Cookie")
	fmt.Println(strings.HasPrefix(sc, "session="), strings.Contains(sc, "dark"))
	// Output:
	// true false
}
