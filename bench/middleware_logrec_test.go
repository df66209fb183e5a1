package bench

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gorilla/handlers"
	"github.com/webob-go/webob/middleware"
)

// BenchmarkAccessLog compares writing one access-log line per request to
// io.Discard: webob's AccessLog against gorilla/handlers'
// CombinedLoggingHandler and LoggingHandler, around the same handler that
// writes a small body, on a reusable response writer.
//
//   - combined: Apache Combined Log Format.
//   - common: Common Log Format.
//   - slog: webob's slog record through a JSON handler (no peer).
func BenchmarkAccessLog(b *testing.B) {
	req := accessLogRequest()
	impls := []struct {
		name, impl string
		h          http.Handler
	}{
		{"combined", "webob", middleware.AccessLog(nil, &middleware.AccessLogOptions{Writer: io.Discard})(accessLogApp)},
		{"combined", "gorilla", handlers.CombinedLoggingHandler(io.Discard, accessLogApp)},
		{"common", "webob", middleware.AccessLog(nil, &middleware.AccessLogOptions{Writer: io.Discard, Format: middleware.CommonLogFormat})(accessLogApp)},
		{"common", "gorilla", handlers.LoggingHandler(io.Discard, accessLogApp)},
		{"slog", "webob", middleware.AccessLog(slog.New(slog.NewJSONHandler(io.Discard, nil)), nil)(accessLogApp)},
	}
	for _, c := range impls {
		b.Run(c.name+"/"+c.impl, func(b *testing.B) {
			w := newBenchWriter()
			b.ReportAllocs()
			for b.Loop() {
				c.h.ServeHTTP(w, req)
				w.reset()
			}
		})
	}
}

var accessLogBody = []byte(`{"id":42,"name":"widget","tags":["a","b"]}`)

var accessLogApp = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	w.WriteHeader(http.StatusOK)
	w.Write(accessLogBody)
})

func accessLogRequest() *http.Request {
	req := httptest.NewRequest("GET", "/api/items/42?fields=name,tags&page=2", nil)
	req.RemoteAddr = "203.0.113.7:52814"
	req.Header.Set("User-Agent", "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0")
	req.Header.Set("Referer", "https://www.example.com/items?page=1")
	req.Header.Set("Accept", "application/json")
	return req
}

// TestAccessLogAgreesWithGorilla: on the bench input both write the same
// line but for the time field, in both formats.
func TestAccessLogAgreesWithGorilla(t *testing.T) {
	for _, common := range []bool{false, true} {
		var ours, theirs bytes.Buffer
		opts := &middleware.AccessLogOptions{Writer: &ours}
		g := handlers.CombinedLoggingHandler(&theirs, accessLogApp)
		if common {
			opts.Format = middleware.CommonLogFormat
			g = handlers.LoggingHandler(&theirs, accessLogApp)
		}
		w := newBenchWriter()
		middleware.AccessLog(nil, opts)(accessLogApp).ServeHTTP(w, accessLogRequest())
		w.reset()
		g.ServeHTTP(w, accessLogRequest())
		a, b := dropLogTime(ours.String()), dropLogTime(theirs.String())
		if a != b || a == "" {
			t.Errorf("common=%v:\nwebob   %q\ngorilla %q", common, ours.String(), theirs.String())
		}
	}
}

// dropLogTime removes the "[...]" time field of a log line.
func dropLogTime(s string) string {
	i := strings.IndexByte(s, '[')
	j := strings.IndexByte(s, ']')
	if i < 0 || j < i {
		return ""
	}
	return s[:i] + s[j+1:]
}
