package middleware

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/webob-go/webob/internal/race"
)

// TestMiddlewareHeaderParsingLinearTime: 1 MB pathological header values
// (many commas, many hops, long origins, deep paths) pass each middleware
// that parses them within a generous bound, and never panic.
func TestMiddlewareHeaderParsingLinearTime(t *testing.T) {
	const n = 1 << 20
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(204) })
	cors := CORS(&CORSOptions{Origins: []string{"https://*.example.com"}, Headers: []string{"X-A"}})(ok)
	proxy := ProxyHeaders(&ProxyOptions{For: 2, Proto: 1, Host: 1, Port: 1, Prefix: 1})(ok)
	proxyFwd := ProxyHeaders(&ProxyOptions{Forwarded: true, For: 2})(ok)
	urls := NewURLMap(nil)
	if err := urls.Mount("/a/", ok); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name   string
		h      http.Handler
		method string
		target string
		header map[string]string
	}{
		{"CORS long wildcard origin", cors, "GET", "/", map[string]string{"Origin": "https://" + strings.Repeat("a.", n/2) + "example.com"}},
		{"CORS many request headers", cors, "OPTIONS", "/", map[string]string{
			"Origin": "https://x.example.com", "Access-Control-Request-Method": "GET",
			"Access-Control-Request-Headers": strings.Repeat("x-a,", n/4)}},
		{"CORS commas", cors, "OPTIONS", "/", map[string]string{
			"Origin": "https://x.example.com", "Access-Control-Request-Method": "GET",
			"Access-Control-Request-Headers": strings.Repeat(",", n)}},
		{"X-Forwarded-For hops", proxy, "GET", "/", map[string]string{"X-Forwarded-For": strings.Repeat("1.2.3.4, ", n/9)}},
		{"X-Forwarded-For commas", proxy, "GET", "/", map[string]string{"X-Forwarded-For": strings.Repeat(",", n)}},
		{"X-Forwarded-Prefix", proxy, "GET", "/", map[string]string{"X-Forwarded-For": "1.2.3.4", "X-Forwarded-Prefix": strings.Repeat("/a", n/2)}},
		{"Forwarded elements", proxyFwd, "GET", "/", map[string]string{"Forwarded": strings.Repeat("for=1.2.3.4,", n/12)}},
		{"Forwarded quotes", proxyFwd, "GET", "/", map[string]string{"Forwarded": `for="` + strings.Repeat(`\"`, n/2) + `"`}},
		{"URLMap deep path", urls, "GET", "/a" + strings.Repeat("/b", n/2), nil},
		{"URLMap escapes", urls, "GET", "/a/" + strings.Repeat("%2F", n/3), nil},
	}
	for _, c := range cases {
		r := httptest.NewRequest(c.method, c.target, nil)
		r.RemoteAddr = "10.0.0.1:1234"
		for k, v := range c.header {
			r.Header.Set(k, v)
		}
		start := time.Now()
		c.h.ServeHTTP(httptest.NewRecorder(), r)
		if d := time.Since(start); d > race.TimeBound {
			t.Errorf("%s: %v", c.name, d)
		}
	}
}
