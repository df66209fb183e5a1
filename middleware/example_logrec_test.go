package middleware_test

import (
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"

	"github.com/webob-go/webob/middleware"
)

func ExampleChain() {
	app := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "request "+middleware.RequestIDFrom(r.Context()))
	})
	// Reading order: RequestID runs first, then AccessLog, then Recover.
	h := middleware.Chain(
		middleware.RequestID(nil),
		middleware.AccessLog(slog.New(slog.DiscardHandler), nil),
		middleware.Recover(nil),
	)(app)

	req := httptest.NewRequest("GET", "/", nil)
	req.Header.Set("X-Request-Id", "abc-123")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	fmt.Println(rec.Body.String())
	// Output: request abc-123
}

func ExampleRequestID() {
	var seen string
	h := middleware.RequestID(nil)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = middleware.RequestIDFrom(r.Context())
	}))

	// A valid incoming ID is kept...
	req := httptest.NewRequest("GET", "/", nil)
	req.Header.Set("X-Request-Id", "upstream-42")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	fmt.Println(seen, rec.Header().Get("X-Request-Id"))

	// ...an invalid one is replaced by a new ID, never echoed.
	req.Header.Set("X-Request-Id", "<script>")
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	fmt.Println(seen == rec.Header().Get("X-Request-Id"), middleware.ValidRequestID(seen))
	// Output:
	// upstream-42 upstream-42
	// true true
}

func ExampleAccessLog() {
	// Apache Combined Log Format to stdout, health checks not logged.
	h := middleware.AccessLog(nil, &middleware.AccessLogOptions{
		Writer:    os.Stdout,
		SkipPaths: []string{"/healthz"},
	})(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "hello")
	}))
	for _, path := range []string{"/healthz", "/hello"} {
		req := httptest.NewRequest("GET", path, nil)
		req.Header.Set("User-Agent", `curl/8.5 "quoted"`)
		h.ServeHTTP(httptest.NewRecorder(), req)
	}
	// A line reads like this (the time varies):
	// 192.0.2.1 - - [03/Dec/2026:14:15:16 +0000] "GET /hello HTTP/1.1" 200 5 "-" "curl/8.5 \"quoted\""
}

func ExampleAccessLog_slog() {
	logger := slog.New(slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{
		ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey || a.Key == "duration" {
				return slog.Attr{} // vary from run to run
			}
			return a
		},
	}))
	h := middleware.AccessLog(logger, nil)(http.NotFoundHandler())
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/missing?x=1", nil))
	// Output:
	// level=WARN msg="http request" method=GET path=/missing query="x=1" proto=HTTP/1.1 host=example.com status=404 bytes=19 client=192.0.2.1
}

func ExampleRecover() {
	h := middleware.Recover(&middleware.RecoverOptions{
		Logger: slog.New(slog.DiscardHandler), // the panic and its stack go here
	})(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		panic("something broke")
	}))
	req := httptest.NewRequest("GET", "/", nil)
	req.Header.Set("Accept", "application/problem+json")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	fmt.Println(rec.Code, rec.Header().Get("Content-Type"))
	fmt.Println(strings.TrimSpace(rec.Body.String()))
	// Output:
	// 500 application/problem+json
	// {"type":"about:blank","title":"Internal Server Error","status":500}
}
