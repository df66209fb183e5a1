package sessions

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// BenchmarkMiddleware: one request through the middleware: untouched, and
// load + Set one key + commit for each kind of store.
func BenchmarkMiddleware(b *testing.B) {
	mem, _ := NewManager(NewMemoryStore(), nil)
	cs, _ := NewCookieStore(testKey(1))
	ck, _ := NewCookieManager(cs, nil)
	untouched := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(204) })
	setOne := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s := Get(r)
		n, _, _ := GetAs[int](s, "n")
		s.Set("n", n+1)
		w.WriteHeader(204)
	})
	for _, c := range []struct {
		name string
		m    *Manager
		h    http.Handler
	}{
		{"untouched", mem, untouched},
		{"memory", mem, setOne},
		{"cookie", ck, setOne},
	} {
		b.Run(c.name, func(b *testing.B) {
			h := c.m.Middleware(c.h)
			w := &nopWriter{h: http.Header{}}
			first := httptest.NewRecorder()
			h.ServeHTTP(first, httptest.NewRequest("GET", "/", nil))
			r := httptest.NewRequest("GET", "/", nil)
			if sc := first.Result().Cookies(); len(sc) > 0 {
				r.AddCookie(sc[0])
			}
			b.ReportAllocs()
			for b.Loop() {
				clear(w.h)
				h.ServeHTTP(w, r)
			}
		})
	}
}
