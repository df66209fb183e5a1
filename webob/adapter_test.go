package webob

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/webob-go/webob/internal/race"
	"github.com/webob-go/webob/multipart"
)

func testLogger() (*slog.Logger, *bytes.Buffer) {
	var buf bytes.Buffer
	return slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug})), &buf
}

type statusErr struct{}

func (statusErr) Error() string   { return "teapot trouble" }
func (statusErr) StatusCode() int { return 418 }

func TestHandlerErrors(t *testing.T) {
	for _, c := range []struct {
		name   string
		err    error
		code   int
		logged bool
	}{
		{"http error", NotFound("gone fishing"), 404, false},
		{"wrapped http error", fmt.Errorf("ctx: %w", Conflict()), 409, false},
		{"http error with err", InternalServerError().WithErr(errors.New("db down: secret")), 500, true},
		{"limit", &multipart.LimitError{Limit: "MaxBodyBytes", Max: 10}, 413, true},
		{"wrapped limit", fmt.Errorf("reading: %w", &multipart.LimitError{Limit: "MaxParts", Max: 1}), 413, true},
		{"malformed", multipart.ErrTruncated, 400, true},
		{"not multipart", multipart.ErrNotMultipart, 415, true},
		{"param", &ParamError{Key: "page", Err: ErrInvalidParam}, 400, true},
		{"status coder", statusErr{}, 418, true},
		{"plain", errors.New("db down: secret"), 500, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			log, buf := testLogger()
			h := (&Config{Logger: log}).Handler(func(*Request) (*Response, error) { return nil, c.err })
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, get("/", "Accept", "text/plain"))
			if rec.Code != c.code {
				t.Errorf("status %d, want %d", rec.Code, c.code)
			}
			if strings.Contains(rec.Body.String(), "secret") {
				t.Errorf("internal text in body: %q", rec.Body)
			}
			if c.logged != (buf.Len() > 0) {
				t.Errorf("logged %v: %q", buf.Len() > 0, buf)
			}
			if c.logged && !strings.Contains(buf.String(), c.err.Error()[:5]) {
				t.Errorf("log lacks the error: %q", buf)
			}
		})
	}
}

func TestHandlerNilAndBadResponses(t *testing.T) {
	rec := httptest.NewRecorder()
	HandlerFunc(func(*Request) (*Response, error) { return nil, nil }).ServeHTTP(rec, get("/"))
	if rec.Code != 204 || rec.Body.Len() != 0 {
		t.Errorf("nil response: %d", rec.Code)
	}
	log, buf := testLogger()
	rec = httptest.NewRecorder()
	(&Config{Logger: log}).Handler(func(*Request) (*Response, error) { return JSON(200, make(chan int)), nil }).
		ServeHTTP(rec, get("/"))
	if rec.Code != 500 || !strings.Contains(buf.String(), "json") {
		t.Errorf("unencodable JSON: %d %q", rec.Code, buf)
	}
	// A response returned with an error is dropped (and closed).
	c := &closeTracker{Reader: strings.NewReader("x")}
	rec = httptest.NewRecorder()
	HandlerFunc(func(*Request) (*Response, error) { return Stream(200, "", c, 1), Forbidden() }).ServeHTTP(rec, get("/"))
	if rec.Code != 403 || !c.closed {
		t.Errorf("response with error: %d closed %v", rec.Code, c.closed)
	}
}

func TestPanics(t *testing.T) {
	log, buf := testLogger()
	rec := httptest.NewRecorder()
	(&Config{Logger: log}).Handler(func(*Request) (*Response, error) { panic("kaboom") }).ServeHTTP(rec, get("/x"))
	if rec.Code != 500 || strings.Contains(rec.Body.String(), "kaboom") {
		t.Errorf("panic: %d %q", rec.Code, rec.Body)
	}
	if !strings.Contains(buf.String(), "kaboom") || !strings.Contains(buf.String(), "stack=") {
		t.Errorf("panic log %q", buf)
	}
	func() {
		defer func() {
			if v := recover(); v != "let it go" {
				t.Errorf("NoRecover: recovered %v", v)
			}
		}()
		(&Config{NoRecover: true}).Handler(func(*Request) (*Response, error) { panic("let it go") }).
			ServeHTTP(httptest.NewRecorder(), get("/"))
	}()
	func() {
		defer func() {
			if v := recover(); v != http.ErrAbortHandler {
				t.Errorf("ErrAbortHandler: recovered %v", v)
			}
		}()
		HandlerFunc(func(*Request) (*Response, error) { panic(http.ErrAbortHandler) }).
			ServeHTTP(httptest.NewRecorder(), get("/"))
	}()
	// A panic while the body is being written cannot become a 500: the
	// response is aborted.
	func() {
		defer func() {
			if v := recover(); v != http.ErrAbortHandler {
				t.Errorf("late panic: recovered %v", v)
			}
		}()
		(&Config{Logger: log}).Handler(func(*Request) (*Response, error) {
			r := NewResponse(200)
			r.SetBodyFunc(func(w io.Writer) error { io.WriteString(w, "part"); panic("midway") })
			return r, nil
		}).ServeHTTP(httptest.NewRecorder(), get("/"))
	}()
}

func TestAutomaticVary(t *testing.T) {
	h := HandlerFunc(func(req *Request) (*Response, error) {
		req.AcceptLanguage()
		best, _ := req.Accept().Best("application/json", "text/html")
		r := Text(200, best)
		r.AddVary("Cookie", "accept")
		return r, nil
	})
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, get("/", "Accept", "text/html"))
	if got := strings.Join(rec.Header().Values("Vary"), ", "); got != "Cookie, accept, Accept-Language" {
		t.Errorf("Vary %q", got)
	}
	// Nothing consulted: no Vary.
	rec = httptest.NewRecorder()
	HandlerFunc(func(*Request) (*Response, error) { return Text(200, "x"), nil }).ServeHTTP(rec, get("/"))
	if _, ok := rec.Header()["Vary"]; ok {
		t.Error("Vary without negotiation")
	}
	// A 304 keeps the Vary of the representation.
	rec = httptest.NewRecorder()
	HandlerFunc(func(req *Request) (*Response, error) {
		req.Accept()
		return validated("x"), nil
	}).ServeHTTP(rec, get("/", "If-None-Match", `"v1"`))
	if rec.Code != 304 || rec.Header().Get("Vary") != "Accept" {
		t.Errorf("304 Vary: %d %q", rec.Code, rec.Header().Get("Vary"))
	}
}

func TestResponseAsHandler(t *testing.T) {
	r := Text(200, "static")
	for i := 0; i < 2; i++ {
		rec := httptest.NewRecorder()
		r.ServeHTTP(rec, get("/"))
		if rec.Body.String() != "static" {
			t.Errorf("serve %d: %q", i, rec.Body)
		}
	}
	bad := Text(200, "x")
	bad.Header()["X"] = []string{"a\nb"}
	rec := httptest.NewRecorder()
	bad.ServeHTTP(rec, get("/"))
	if rec.Code != 500 {
		t.Errorf("bad header via ServeHTTP: %d", rec.Code)
	}
}

// helloWriter is a reusable http.ResponseWriter for allocation tests.
type helloWriter struct {
	h    http.Header
	code int
	n    int
}

func (w *helloWriter) Header() http.Header         { return w.h }
func (w *helloWriter) WriteHeader(code int)        { w.code = code }
func (w *helloWriter) Write(p []byte) (int, error) { w.n += len(p); return len(p), nil }
func (w *helloWriter) WriteString(s string) (int, error) {
	w.n += len(s)
	return len(s), nil
}

// helloText answers "hello" with a new Response, helloOwn with the
// request's own.
var (
	helloText = HandlerFunc(func(*Request) (*Response, error) { return Text(200, "hello"), nil })
	helloOwn  = HandlerFunc(func(req *Request) (*Response, error) {
		resp := req.Response()
		resp.SetTextBody("hello")
		return resp, nil
	})
)

// serveHello returns a function serving GET / with h on a reusable
// writer, for allocation tests and benchmarks.
func serveHello(h http.Handler) func() {
	w := &helloWriter{h: make(http.Header)}
	hr := get("/")
	return func() {
		clear(w.h)
		h.ServeHTTP(w, hr)
	}
}

func TestAdapterAllocs(t *testing.T) {
	if race.Enabled {
		t.Skip("allocation counts differ under the race detector")
	}
	// The Response only: Requests are pooled and the Content-Type line
	// is shared.
	if allocs := testing.AllocsPerRun(200, serveHello(helloText)); allocs > 1 {
		t.Errorf("hello: %.0f allocations, want at most 1", allocs)
	}
	// Nothing at all with the request's own Response.
	if allocs := testing.AllocsPerRun(200, serveHello(helloOwn)); allocs != 0 {
		t.Errorf("hello with the request's Response: %.0f allocations, want 0", allocs)
	}
}

func BenchmarkAdapterHello(b *testing.B) {
	serve := serveHello(helloText)
	b.ReportAllocs()
	for b.Loop() {
		serve()
	}
}

// BenchmarkAdapterHelloOwn is BenchmarkAdapterHello answering with the
// request's own Response.
func BenchmarkAdapterHelloOwn(b *testing.B) {
	serve := serveHello(helloOwn)
	b.ReportAllocs()
	for b.Loop() {
		serve()
	}
}

func BenchmarkConditional304(b *testing.B) {
	h := HandlerFunc(func(*Request) (*Response, error) { return validated("hello"), nil })
	w := &helloWriter{h: make(http.Header)}
	hr := get("/", "If-None-Match", `"v1"`)
	b.ReportAllocs()
	for b.Loop() {
		clear(w.h)
		h.ServeHTTP(w, hr)
	}
}
