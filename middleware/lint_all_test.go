package middleware

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/webob-go/webob/webob"
)

// lintAllBody is long enough for Compress to compress it.
var lintAllBody = strings.Repeat("All happy responses are alike; each broken one is broken in its own way.\n", 40)

// lintAllModified is the modification time of the ServeContent document.
var lintAllModified = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

// lintAllHandlers are representative handlers: each is run under every
// middleware, with the request headers listed (name, value pairs).
var lintAllHandlers = []struct {
	name   string
	method string
	hdr    []string
	h      http.Handler
}{
	{"text", "GET", nil, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		io.WriteString(w, lintAllBody)
	})},
	{"json", "GET", nil, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", "15")
		io.WriteString(w, `{"answer":"42"}`)
	})},
	{"servecontent 200", "GET", nil, http.HandlerFunc(lintAllServeContent)},
	{"servecontent 304", "GET", []string{"If-None-Match", `"doc-v1"`}, http.HandlerFunc(lintAllServeContent)},
	{"servecontent 304 with a coding suffix", "GET", []string{"If-None-Match", `"doc-v1-gzip", "doc-v1-zstd"`}, http.HandlerFunc(lintAllServeContent)},
	{"servecontent 206", "GET", []string{"Range", "bytes=0-9"}, http.HandlerFunc(lintAllServeContent)},
	{"servecontent 412", "GET", []string{"If-Match", `"stale"`}, http.HandlerFunc(lintAllServeContent)},
	{"servecontent head", "HEAD", nil, http.HandlerFunc(lintAllServeContent)},
	{"head", "HEAD", nil, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Content-Length", "2048")
	})},
	{"redirect", "GET", nil, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/elsewhere?x=1", http.StatusFound)
	})},
	{"redirect head", "HEAD", nil, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/elsewhere", http.StatusMovedPermanently)
	})},
	{"no content", "DELETE", nil, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNoContent)
	})},
	{"sse", "GET", []string{"Accept", "text/event-stream"}, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		w.Header().Set("Cache-Control", "no-cache")
		for i := range 3 {
			io.WriteString(w, "data: event "+string(rune('0'+i))+"\n\n")
			if err := http.NewResponseController(w).Flush(); err != nil {
				panic(err)
			}
		}
	})},
	{"webob negotiated", "GET", []string{"Accept", "text/html;q=0.5, application/json"}, webob.HandlerFunc(func(req *webob.Request) (*webob.Response, error) {
		if best, _ := req.Accept().Best("application/json", "text/html"); best == "text/html" {
			return webob.HTML(http.StatusOK, "<p>"+lintAllBody), nil
		}
		return webob.JSON(http.StatusOK, map[string]string{"body": lintAllBody}), nil
	})},
	{"webob error", "GET", []string{"Accept", "application/problem+json"}, webob.HandlerFunc(func(req *webob.Request) (*webob.Response, error) {
		return nil, webob.MethodNotAllowed([]string{"GET", "HEAD"})
	})},
	{"webob head", "HEAD", nil, webob.HandlerFunc(func(req *webob.Request) (*webob.Response, error) {
		return webob.Text(http.StatusOK, lintAllBody), nil
	})},
}

// lintAllServeContent serves a document with an ETag and Last-Modified
// through http.ServeContent: 200, 206, 304, 412 by the request.
func lintAllServeContent(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("ETag", `"doc-v1"`)
	http.ServeContent(w, r, "doc.txt", lintAllModified, strings.NewReader(lintAllBody))
}

// lintAllMiddleware are the middleware of this package not already
// linted in their own tests (BasicAuth, BearerAuth and CORS are).
// prefix is prepended to the request path (URLMap mounts there).
var lintAllMiddleware = []struct {
	name   string
	prefix string
	mw     func(http.Handler) http.Handler
}{
	{"Compress", "", Compress(nil)},
	{"Compress zstd only with padding", "", Compress(&CompressOptions{Encodings: []string{"zstd"}, RandomPadding: 32})},
	{"AccessLog", "", AccessLog(slog.New(slog.DiscardHandler), &AccessLogOptions{Writer: io.Discard})},
	{"Recover", "", Recover(&RecoverOptions{Logger: slog.New(slog.DiscardHandler)})},
	{"RequestID", "", RequestID(nil)},
	{"Chain", "", Chain(
		RequestID(nil),
		AccessLog(slog.New(slog.DiscardHandler), nil),
		Recover(&RecoverOptions{Logger: slog.New(slog.DiscardHandler)}),
		Compress(nil),
	)},
	{"ProxyHeaders", "", ProxyHeaders(&ProxyOptions{For: 1, Proto: 1, Host: 1, Prefix: 1})},
	{"URLMap", "/app", func(h http.Handler) http.Handler {
		m := NewURLMap(nil)
		if err := m.Mount("/app/", h); err != nil {
			panic(err)
		}
		return m
	}},
	{"Cascade", "", func(h http.Handler) http.Handler {
		miss := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			io.Copy(io.Discard, r.Body)
			http.NotFound(w, r)
		})
		return Cascade(nil, miss, h)
	}},
}

// TestLintFindsNothingInAnyMiddleware runs every middleware around every
// representative handler, with Lint outside (what the middleware sends)
// and inside (so that a problem is the middleware's, not the handler's),
// and fails on any problem Lint reports.
func TestLintFindsNothingInAnyMiddleware(t *testing.T) {
	for _, m := range lintAllMiddleware {
		for _, hc := range lintAllHandlers {
			t.Run(m.name+"/"+hc.name, func(t *testing.T) {
				var mu sync.Mutex
				var problems []string
				lint := func(where string) func(http.Handler) http.Handler {
					return Lint(&LintOptions{OnProblem: func(r *http.Request, p LintProblem) {
						mu.Lock()
						problems = append(problems, where+": "+p.String())
						mu.Unlock()
					}})
				}
				// The inner Lint wraps the handler itself, so that it also
				// checks Vary for a webob.HandlerFunc (what it consulted).
				h := lint(m.name)(m.mw(lint("handler")(hc.h)))

				req := httptest.NewRequest(hc.method, m.prefix+"/doc.txt", strings.NewReader("request body"))
				req.Header.Set("Accept-Encoding", "zstd, br;q=0.9, gzip;q=0.8")
				req.Header.Set("X-Forwarded-For", "203.0.113.7")
				req.Header.Set("X-Forwarded-Proto", "https")
				req.Header.Set("X-Forwarded-Host", "example.com")
				req.Header.Set("X-Forwarded-Prefix", "/base")
				for i := 0; i+1 < len(hc.hdr); i += 2 {
					req.Header.Set(hc.hdr[i], hc.hdr[i+1])
				}
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code >= 500 {
					t.Errorf("status %d", rec.Code)
				}
				// The table must exercise what it claims: compressed text,
				// and a 304 for an ETag with Compress's coding suffix.
				compressing := strings.HasPrefix(m.name, "Compress") || m.name == "Chain"
				if compressing && hc.name == "text" && rec.Header().Get("Content-Encoding") != "zstd" {
					t.Errorf("text not compressed: Content-Encoding %q", rec.Header().Get("Content-Encoding"))
				}
				if compressing && hc.name == "servecontent 304 with a coding suffix" && rec.Code != http.StatusNotModified {
					t.Errorf("If-None-Match with a coding suffix: status %d, want 304", rec.Code)
				}
				for _, p := range problems {
					t.Error(p)
				}
			})
		}
	}
}

// TestLintFindsNothingInRecoverAnswers: the 500 that Recover (alone or in
// a Chain) sends for a panic, in each of its formats and for HEAD, is
// clean under Lint, also when the handler had set header fields first.
func TestLintFindsNothingInRecoverAnswers(t *testing.T) {
	discard := slog.New(slog.DiscardHandler)
	panicky := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Header().Set("Content-Length", "99")
		w.Header().Set("ETag", `"half"`)
		w.Header().Set("Location", "/half")
		panic("lint-all: on purpose")
	})
	for _, m := range []struct {
		name string
		mw   func(http.Handler) http.Handler
	}{
		{"Recover", Recover(&RecoverOptions{Logger: discard})},
		{"Chain", Chain(RequestID(nil), AccessLog(discard, nil), Recover(&RecoverOptions{Logger: discard}), Compress(nil))},
	} {
		for _, c := range []struct{ method, accept string }{
			{"GET", ""}, {"GET", "text/html"}, {"GET", "application/json"},
			{"GET", "application/problem+json"}, {"HEAD", ""}, {"POST", "image/png"},
		} {
			t.Run(m.name+"/"+c.method+" "+c.accept, func(t *testing.T) {
				var problems []string
				h := Lint(&LintOptions{OnProblem: func(r *http.Request, p LintProblem) {
					problems = append(problems, p.String())
				}})(m.mw(panicky))
				req := httptest.NewRequest(c.method, "/", nil)
				if c.accept != "" {
					req.Header.Set("Accept", c.accept)
				}
				req.Header.Set("Accept-Encoding", "gzip")
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != http.StatusInternalServerError {
					t.Errorf("status %d, want 500", rec.Code)
				}
				for _, p := range problems {
					t.Error(p)
				}
			})
		}
	}
}
