package bench

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/rs/cors"
	"github.com/webob-go/webob/middleware"
)

// BenchmarkCORS compares middleware.CORS with rs/cors on the same
// configuration (two exact origins and a subdomain pattern, PUT and
// DELETE besides the safelisted methods, two request headers, an exposed
// header, credentials, a max age), serving an empty handler through a
// reusable writer:
//
//   - preflight: OPTIONS from an allowed origin asking for PUT with two
//     headers, answered by the middleware;
//   - actual: a GET from an allowed subdomain origin;
//   - nocors: a GET without Origin (same-origin or non-browser traffic).

var corsOrigins = []string{"https://app.example.com", "https://admin.example.com", "https://*.example.org"}

func webobCORS(h http.Handler) http.Handler {
	return middleware.CORS(&middleware.CORSOptions{
		Origins:        corsOrigins,
		Methods:        []string{"PUT", "DELETE"},
		Headers:        []string{"Content-Type", "X-Requested-With"},
		ExposedHeaders: []string{"X-Request-Id"},
		Credentials:    true,
		MaxAge:         600,
	})(h)
}

func rsCORS(h http.Handler) http.Handler {
	return cors.New(cors.Options{
		AllowedOrigins:   corsOrigins,
		AllowedMethods:   []string{"GET", "HEAD", "POST", "PUT", "DELETE"},
		AllowedHeaders:   []string{"Content-Type", "X-Requested-With"},
		ExposedHeaders:   []string{"X-Request-Id"},
		AllowCredentials: true,
		MaxAge:           600,
	}).Handler(h)
}

var corsImpls = []struct {
	name string
	wrap func(http.Handler) http.Handler
}{{"webob", webobCORS}, {"rscors", rsCORS}}

func corsRequests() []struct {
	name string
	req  *http.Request
} {
	pre := httptest.NewRequest("OPTIONS", "http://api.example.com/items/1", nil)
	pre.Header.Set("Origin", "https://app.example.com")
	pre.Header.Set("Access-Control-Request-Method", "PUT")
	pre.Header.Set("Access-Control-Request-Headers", "content-type,x-requested-with")
	act := httptest.NewRequest("GET", "http://api.example.com/items/1", nil)
	act.Header.Set("Origin", "https://shop.eu.example.org")
	act.Header.Set("Cookie", "session=abc")
	none := httptest.NewRequest("GET", "http://api.example.com/items/1", nil)
	return []struct {
		name string
		req  *http.Request
	}{{"preflight", pre}, {"actual", act}, {"nocors", none}}
}

var corsEmpty = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusOK) })

func BenchmarkCORS(b *testing.B) {
	for _, rq := range corsRequests() {
		b.Run(rq.name, func(b *testing.B) {
			for _, impl := range corsImpls {
				b.Run(impl.name, func(b *testing.B) {
					h := impl.wrap(corsEmpty)
					w := newBenchWriter()
					b.ReportAllocs()
					for b.Loop() {
						clear(w.h)
						h.ServeHTTP(w, rq.req)
					}
				})
			}
		})
	}
}

// TestCORSAgreesWithRsCors checks that both answer the bench inputs with
// the same status and the same CORS and Vary fields.
func TestCORSAgreesWithRsCors(t *testing.T) {
	fields := []string{"Vary", "Access-Control-Allow-Origin", "Access-Control-Allow-Methods",
		"Access-Control-Allow-Headers", "Access-Control-Allow-Credentials", "Access-Control-Max-Age",
		"Access-Control-Expose-Headers"}
	for _, rq := range corsRequests() {
		var got [2]*httptest.ResponseRecorder
		for i, impl := range corsImpls {
			got[i] = httptest.NewRecorder()
			impl.wrap(corsEmpty).ServeHTTP(got[i], rq.req)
		}
		if got[0].Code != got[1].Code {
			t.Errorf("%s: status %d (webob) vs %d (rscors)", rq.name, got[0].Code, got[1].Code)
		}
		for _, f := range fields {
			a, b := strings.Join(got[0].Header().Values(f), ", "), strings.Join(got[1].Header().Values(f), ", ")
			if !strings.EqualFold(a, b) {
				t.Errorf("%s: %s = %q (webob) vs %q (rscors)", rq.name, f, a, b)
			}
		}
	}
}
