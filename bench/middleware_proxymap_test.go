package bench

import (
	"net"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/gorilla/handlers"
	"github.com/webob-go/webob/middleware"
)

// BenchmarkProxyHeaders compares middleware.ProxyHeaders (one proxy:
// X-Forwarded-For and X-Forwarded-Proto, ProxyFix's default) with
// gorilla/handlers.ProxyHeaders on a request from a proxy carrying one
// forwarded address and a scheme. The inner handler reads RemoteAddr and
// the scheme.
//
// Inputs with several X-Forwarded-For entries are left out of the
// agreement test: gorilla takes the left-most entry, which the client
// wrote (GHSA-9g5q-2w5x-hmxf family); webob takes the right-most one.
func BenchmarkProxyHeaders(b *testing.B) {
	sink := ""
	inner := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { sink = r.RemoteAddr + r.URL.Scheme })
	impls := []struct {
		name string
		h    http.Handler
	}{
		{"webob", middleware.ProxyHeaders(nil)(inner)},
		{"gorilla", handlers.ProxyHeaders(inner)},
	}
	for _, impl := range impls {
		b.Run("xff/"+impl.name, func(b *testing.B) {
			req := proxyBenchRequest("203.0.113.7")
			w := newBenchWriter()
			b.ReportAllocs()
			for b.Loop() {
				impl.h.ServeHTTP(w, req)
			}
		})
	}
	_ = sink
}

func proxyBenchRequest(xff string) *http.Request {
	req := httptest.NewRequest("GET", "http://backend.internal/items/7", nil)
	req.RemoteAddr = "10.0.0.1:41000"
	req.Header.Set("X-Forwarded-For", xff)
	req.Header.Set("X-Forwarded-Proto", "https")
	return req
}

// TestProxyHeadersAgreesWithGorilla checks that both set the same client
// IP and scheme on the inputs where gorilla is right (one X-Forwarded-For
// entry).
func TestProxyHeadersAgreesWithGorilla(t *testing.T) {
	for _, xff := range []string{"203.0.113.7", "2001:db8::7", "198.51.100.1"} {
		var got [2]string
		for i, mw := range []func(http.Handler) http.Handler{middleware.ProxyHeaders(nil), handlers.ProxyHeaders} {
			mw(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				ip := r.RemoteAddr
				if h, _, err := net.SplitHostPort(ip); err == nil {
					ip = h
				}
				got[i] = ip + " " + r.URL.Scheme
			})).ServeHTTP(httptest.NewRecorder(), proxyBenchRequest(xff))
		}
		if got[0] != got[1] || got[0] != xff+" https" {
			t.Errorf("%s: webob %q, gorilla %q", xff, got[0], got[1])
		}
	}
}

// BenchmarkURLMap compares middleware.URLMap with http.ServeMux and
// http.StripPrefix mounting the same five applications; the request
// goes to the one at /api/v1. The inner handler reads URL.Path.
func BenchmarkURLMap(b *testing.B) {
	impls := urlMapImpls(func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte(r.URL.Path)) })
	for _, impl := range impls {
		b.Run(impl.name, func(b *testing.B) {
			req := httptest.NewRequest("GET", "http://example.com/api/v1/items/7", nil)
			w := newBenchWriter()
			b.ReportAllocs()
			for b.Loop() {
				impl.h.ServeHTTP(w, req)
			}
		})
	}
}

var urlMapPrefixes = []string{"/", "/blog", "/static", "/api", "/api/v1", "/admin"}

func urlMapImpls(inner http.HandlerFunc) []struct {
	name string
	h    http.Handler
} {
	m := middleware.NewURLMap(nil)
	mux := http.NewServeMux()
	for _, p := range urlMapPrefixes {
		if err := m.Mount(p, inner); err != nil {
			panic(err)
		}
		if p == "/" {
			mux.Handle("/", inner)
			continue
		}
		mux.Handle(p+"/", http.StripPrefix(p, inner))
	}
	return []struct {
		name string
		h    http.Handler
	}{{"webob", m}, {"stripprefix", mux}}
}

// TestURLMapAgreesWithStripPrefix checks that both hand the same path to
// the mounted handler. Bare prefixes ("/api/v1") are left out: ServeMux
// redirects them to "/api/v1/", URLMap mounted without a trailing slash
// serves them with an empty path.
func TestURLMapAgreesWithStripPrefix(t *testing.T) {
	var got string
	impls := urlMapImpls(func(w http.ResponseWriter, r *http.Request) { got = r.URL.Path + "|" + r.URL.RawPath })
	for _, target := range []string{"/api/v1/items/7", "/api/x", "/blog/", "/blogger", "/static/a%2Fb", "/admin/users?x=1", "/"} {
		var res [2]string
		for i, impl := range impls {
			got = ""
			impl.h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "http://example.com"+target, nil))
			res[i] = got
		}
		if res[0] != res[1] {
			t.Errorf("%s: webob %q, stripprefix %q", target, res[0], res[1])
		}
	}
}
