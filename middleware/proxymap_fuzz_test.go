package middleware

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/webob-go/webob/webob"
)

// FuzzURLMapSplitsPathLosslessly checks that, for any request path,
// URLMap never panics and the mount prefix plus the path the mounted
// handler sees give back the escaped path the client sent, in both
// worlds.
func FuzzURLMapSplitsPathLosslessly(f *testing.F) {
	for _, s := range []string{"/blog/x", "/blog", "/blogger", "/caf%C3%A9/a", "/files%2Fx", "/a%2Fb/c", "//blog", "/blog/%zz", "/x?y"} {
		f.Add(s)
	}
	m := NewURLMap(nil)
	var gotPlain, gotWebob string
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotPlain = webob.ScriptNameFrom(r.Context()) + r.URL.EscapedPath()
		gotWebob = webob.NewRequest(r, nil).Path()
	})
	for _, p := range []string{"/blog", "/café", "/files/", "/a/b"} {
		if err := m.Mount(p, h); err != nil {
			f.Fatal(err)
		}
	}
	f.Fuzz(func(t *testing.T, path string) {
		u, err := url.ParseRequestURI(path)
		if err != nil || u.Host != "" || !strings.HasPrefix(path, "/") {
			return
		}
		r := &http.Request{Method: "GET", URL: u, Host: "h", Header: http.Header{}}
		gotPlain, gotWebob = "", ""
		rec := httptest.NewRecorder()
		m.ServeHTTP(rec, r.WithContext(t.Context()))
		if gotPlain == "" {
			return // not found, or redirected
		}
		want := u.EscapedPath()
		if gotPlain != want || gotWebob != want {
			t.Errorf("%q: plain %q, webob %q, want %q", path, gotPlain, gotWebob, want)
		}
	})
}

// FuzzProxyHeadersNeverPanics feeds arbitrary forwarding headers through
// ProxyHeaders in both modes: no panic, a 400 or the handler, and nothing
// with CR, LF or NUL in what it sets.
func FuzzProxyHeadersNeverPanics(f *testing.F) {
	f.Add("203.0.113.7, 10.0.0.2", "https", "shop.example", "8443", "/p", `for=1.2.3.4;proto=https;host=x`)
	f.Add("[2001:db8::1]:80", "HTTP", "[::1]:1", "0", "//x", `for="[2001:db8::1]:4711"`)
	f.Add("unknown", "", "a\x00b", "+1", "/%zz", `for=unknown, for=_hidden`)
	mws := []func(http.Handler) http.Handler{
		ProxyHeaders(&ProxyOptions{For: 1, Proto: 1, Host: 1, Port: 1, Prefix: 1}),
		ProxyHeaders(&ProxyOptions{Forwarded: true, For: 2, Proto: 1, Host: 1, Prefix: 1}),
		ProxyHeaders(&ProxyOptions{TrustedProxies: trustedNets, For: 1, Proto: 1, Host: 1, Port: 1, Prefix: 1}),
		ProxyHeaders(&ProxyOptions{TrustedProxies: trustedNets, Forwarded: true, Host: 1}),
	}
	f.Fuzz(func(t *testing.T, xff, proto, host, port, prefix, fwd string) {
		for _, mw := range mws {
			h := mw(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				req := webob.NewRequest(r, nil)
				for _, s := range []string{r.RemoteAddr, r.Host, r.URL.Scheme, req.ApplicationURL()} {
					if strings.ContainsAny(s, "\r\n\x00") {
						t.Errorf("control byte in %q", s)
					}
				}
			}))
			r := httptest.NewRequest("GET", "http://app.internal/x", nil)
			r.RemoteAddr = "10.0.0.1:5555"
			r.Header = http.Header{"X-Forwarded-For": {xff}, "X-Forwarded-Proto": {proto}, "X-Forwarded-Host": {host},
				"X-Forwarded-Port": {port}, "X-Forwarded-Prefix": {prefix}, "Forwarded": {fwd}}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, r)
			if rec.Code != 200 && rec.Code != 400 {
				t.Errorf("status %d", rec.Code)
			}
		}
	})
}
