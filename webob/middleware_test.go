package webob

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/webob-go/webob/internal/race"
)

// stamp is a middleware that reads and changes the downstream Response.
var stamp = Middleware(func(req *Request, next Next) (*Response, error) {
	resp, err := next(req)
	if err != nil {
		return nil, err
	}
	resp.Header().Set("X-Stamp", "1")
	resp.Header().Set("X-Downstream-Status", itoa(resp.StatusCode))
	return resp, nil
})

func TestMiddlewareOverHandlerFunc(t *testing.T) {
	var seen *Request
	inner := HandlerFunc(func(req *Request) (*Response, error) {
		seen = req
		req.Accept()
		return Text(201, "made"), nil
	})
	outer := Middleware(func(req *Request, next Next) (*Response, error) {
		resp, err := next(req)
		if seen != req {
			t.Error("the inner handler got another Request")
		}
		return resp, err
	})
	rec := httptest.NewRecorder()
	stamp(outer(inner)).ServeHTTP(rec, get("/"))
	if rec.Code != 201 || rec.Body.String() != "made" || rec.Header().Get("X-Stamp") != "1" || rec.Header().Get("Vary") != "Accept" {
		t.Errorf("%d %q %v", rec.Code, rec.Body, rec.Header())
	}
	// Errors and nil responses.
	rec = httptest.NewRecorder()
	stamp(HandlerFunc(func(*Request) (*Response, error) { return nil, NotFound() })).ServeHTTP(rec, get("/"))
	if rec.Code != 404 || rec.Header().Get("X-Stamp") != "" {
		t.Errorf("error through middleware: %d", rec.Code)
	}
	rec = httptest.NewRecorder()
	stamp(HandlerFunc(func(*Request) (*Response, error) { return nil, nil })).ServeHTTP(rec, get("/"))
	if rec.Code != 204 || rec.Header().Get("X-Downstream-Status") != "204" {
		t.Errorf("nil through middleware: %d %v", rec.Code, rec.Header())
	}
	// A middleware that answers without calling next.
	deny := Middleware(func(req *Request, next Next) (*Response, error) { return nil, Forbidden() })
	rec = httptest.NewRecorder()
	deny(inner).ServeHTTP(rec, get("/"))
	if rec.Code != 403 {
		t.Errorf("deny: %d", rec.Code)
	}
}

func TestMiddlewareOverForeignHandler(t *testing.T) {
	foreign := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		w.Header().Set("Content-Length", "5")
		w.WriteHeader(202)
		io.WriteString(w, "hello")
	})
	rec := httptest.NewRecorder()
	stamp(foreign).ServeHTTP(rec, get("/"))
	if rec.Code != 202 || rec.Body.String() != "hello" || rec.Header().Get("X-Stamp") != "1" ||
		rec.Header().Get("X-Downstream-Status") != "202" || rec.Header().Get("Content-Length") != "5" {
		t.Errorf("%d %q %v", rec.Code, rec.Body, rec.Header())
	}
	// The middleware can read and rewrite the body.
	upper := Middleware(func(req *Request, next Next) (*Response, error) {
		resp, err := next(req)
		if err != nil {
			return nil, err
		}
		b, err := resp.Body()
		if err != nil {
			return nil, err
		}
		resp.SetBody([]byte(strings.ToUpper(string(b))))
		return resp, nil
	})
	rec = httptest.NewRecorder()
	upper(foreign).ServeHTTP(rec, get("/"))
	if rec.Body.String() != "HELLO" {
		t.Errorf("rewritten body %q", rec.Body)
	}
	// A foreign handler that only returns is a 200 with no body; one that
	// never writes its status but writes a body is 200 too.
	rec = httptest.NewRecorder()
	stamp(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {})).ServeHTTP(rec, get("/"))
	if rec.Code != 200 || rec.Body.Len() != 0 {
		t.Errorf("empty foreign: %d", rec.Code)
	}
	// Conditional evaluation applies to a foreign handler's response too.
	rec = httptest.NewRecorder()
	stamp(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("ETag", `"x"`)
		io.WriteString(w, "body")
	})).ServeHTTP(rec, get("/", "If-None-Match", `"x"`))
	if rec.Code != 304 || rec.Body.Len() != 0 {
		t.Errorf("304 through middleware: %d %q", rec.Code, rec.Body)
	}
}

func TestMiddlewareReplacesCapturedResponse(t *testing.T) {
	done := false
	foreign := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() { done = true }()
		w.WriteHeader(200)
		io.WriteString(w, "original")
	})
	replace := Middleware(func(req *Request, next Next) (*Response, error) {
		if _, err := next(req); err != nil {
			return nil, err
		}
		if !done {
			t.Error("next returned before the downstream handler")
		}
		return Text(200, "replaced"), nil
	})
	rec := httptest.NewRecorder()
	replace(foreign).ServeHTTP(rec, get("/"))
	if rec.Body.String() != "replaced" {
		t.Errorf("body %q", rec.Body)
	}
}

// TestMiddlewareAnswerCarriesNoCapturedFields checks that what a
// middleware answers instead of the captured response (another Response,
// an error, the 304 of a precondition) carries none of the handler's
// header fields, while fields set on the real writer before stay.
func TestMiddlewareAnswerCarriesNoCapturedFields(t *testing.T) {
	foreign := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Handler", "1")
		w.Header().Set("Content-Type", "text/csv")
		w.Header().Set("ETag", `"e"`)
		w.Header().Set(http.TrailerPrefix+"X-T", "1")
		io.WriteString(w, "a,b")
	})
	for _, c := range []struct {
		name   string
		answer func(resp *Response) (*Response, error)
		req    *http.Request
		code   int
		ct     string
	}{
		{"replaced", func(*Response) (*Response, error) { return Text(200, "new"), nil }, get("/"), 200, ctTextPlain},
		{"error", func(*Response) (*Response, error) { return nil, Forbidden() }, get("/"), 403, ""},
		{"304", func(resp *Response) (*Response, error) { return resp, nil }, get("/", "If-None-Match", `"e"`), 304, ""},
	} {
		for _, pre := range []bool{false, true} {
			mw := Middleware(func(req *Request, next Next) (*Response, error) {
				resp, err := next(req)
				if err != nil {
					return nil, err
				}
				return c.answer(resp)
			})
			rec := httptest.NewRecorder()
			if pre {
				rec.Header().Set("X-Pre", "1")
			}
			mw(foreign).ServeHTTP(rec, c.req)
			h := rec.Header()
			if rec.Code != c.code || h.Get("X-Handler") != "" || h.Get(http.TrailerPrefix+"X-T") != "" ||
				(c.ct != "" && h.Get("Content-Type") != c.ct) || (c.code == 304 && h.Get("Content-Type") != "") ||
				(pre && h.Get("X-Pre") != "1") {
				t.Errorf("%s (pre %v): %d %v", c.name, pre, rec.Code, h)
			}
		}
	}
}

// TestMiddlewareSendsBodyPastCaptureLimit checks that a body longer than
// the capture limit streams to the client as the handler writes it, that
// the middleware learns so from Sent, and that a Response it returns
// instead is logged, not appended to the stream.
func TestMiddlewareSendsBodyPastCaptureLimit(t *testing.T) {
	log, buf := testLogger()
	var sent bool
	var seenStatus int
	replace := (&Config{Logger: log, CaptureLimit: 1024}).Middleware(func(req *Request, next Next) (*Response, error) {
		resp, err := next(req)
		if err != nil {
			return nil, err
		}
		sent, seenStatus = resp.Sent(), resp.StatusCode
		return Text(200, "replaced"), nil
	})
	foreign := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(201)
		for i := 0; i < 10; i++ {
			if _, err := w.Write(make([]byte, 512)); err != nil {
				t.Errorf("write: %v", err)
			}
		}
	})
	rec := httptest.NewRecorder()
	replace(foreign).ServeHTTP(rec, get("/"))
	if rec.Code != 201 || rec.Body.Len() != 5120 || !sent || seenStatus != 201 {
		t.Errorf("%d, %d bytes, sent %v, status seen %d", rec.Code, rec.Body.Len(), sent, seenStatus)
	}
	if !strings.Contains(buf.String(), "middleware response dropped") {
		t.Errorf("log %q", buf)
	}
	// At the limit the body is still captured.
	sent = true
	rec = httptest.NewRecorder()
	replace(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write(make([]byte, 1024))
	})).ServeHTTP(rec, get("/"))
	if sent || rec.Body.String() != "replaced" {
		t.Errorf("at the limit: sent %v, %q", sent, rec.Body)
	}
}

func TestMiddlewareStreamsUnbuffered(t *testing.T) {
	release := make(chan struct{})
	foreign := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "first\n")
		http.NewResponseController(w).Flush()
		<-release // the client must see "first" before the handler goes on
		io.WriteString(w, "second\n")
	})
	var sent atomic.Bool
	mw := Middleware(func(req *Request, next Next) (*Response, error) {
		req.Response().Header().Set("X-Before", "1") // goes out with a streamed response
		resp, err := next(req)
		if err != nil {
			return nil, err
		}
		sent.Store(resp.Sent())
		resp.Header().Set("X-After", "1") // too late for a streamed response
		return resp, nil
	})
	srv := httptest.NewServer(mw(foreign))
	defer srv.Close()
	res, err := http.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	br := bufio.NewReader(res.Body)
	line, err := br.ReadString('\n')
	if err != nil || line != "first\n" {
		t.Fatalf("first line %q %v", line, err)
	}
	if res.Header.Get("X-Before") != "1" || res.Header.Get("X-After") != "" {
		t.Errorf("header %v", res.Header)
	}
	close(release)
	rest, _ := io.ReadAll(br)
	if string(rest) != "second\n" || !sent.Load() {
		t.Errorf("rest %q, sent %v", rest, sent.Load())
	}
	// A large body goes through without being held in memory.
	const size = 64 << 20
	big := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		buf := make([]byte, 32<<10)
		for n := 0; n < size; n += len(buf) {
			w.Write(buf)
		}
	})
	rec := &countingWriter{h: make(http.Header)}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	stamp(big).ServeHTTP(rec, get("/"))
	runtime.ReadMemStats(&after)
	if rec.n != size {
		t.Errorf("wrote %d bytes", rec.n)
	}
	if grown := after.TotalAlloc - before.TotalAlloc; grown > size/4 {
		t.Errorf("allocated %d bytes for a %d-byte body", grown, size)
	}
}

type countingWriter struct {
	h http.Header
	n int
}

func (c *countingWriter) Header() http.Header         { return c.h }
func (c *countingWriter) WriteHeader(int)             {}
func (c *countingWriter) Write(p []byte) (int, error) { c.n += len(p); return len(p), nil }

func (c *countingWriter) WriteString(s string) (int, error) { c.n += len(s); return len(s), nil }

func TestMiddlewareHijackAndController(t *testing.T) {
	foreign := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rc := http.NewResponseController(w)
		if err := rc.SetWriteDeadline(time.Now().Add(5 * time.Second)); err != nil {
			t.Errorf("SetWriteDeadline through Unwrap: %v", err)
		}
		conn, brw, err := rc.Hijack()
		if err != nil {
			t.Errorf("Hijack: %v", err)
			return
		}
		defer conn.Close()
		brw.WriteString("HTTP/1.1 200 OK\r\nContent-Length: 8\r\nX-Raw: yes\r\nConnection: close\r\n\r\nhijacked")
		brw.Flush()
	})
	srv := httptest.NewServer(stamp(foreign))
	defer srv.Close()
	res, err := http.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if string(b) != "hijacked" || res.Header.Get("X-Raw") != "yes" || res.Header.Get("X-Stamp") != "" {
		t.Errorf("hijacked: %q %v", b, res.Header)
	}
	// Hijack after the status is an error.
	late := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(200)
		if _, _, err := http.NewResponseController(w).Hijack(); err == nil {
			t.Error("Hijack after WriteHeader succeeded")
		}
	})
	stamp(late).ServeHTTP(httptest.NewRecorder(), get("/"))
}

func TestMiddlewareForeignPanicsAndTrailers(t *testing.T) {
	log, buf := testLogger()
	mw := (&Config{Logger: log}).Middleware(func(req *Request, next Next) (*Response, error) { return next(req) })
	rec := httptest.NewRecorder()
	mw(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("foreign boom") })).ServeHTTP(rec, get("/"))
	if rec.Code != 500 || !strings.Contains(buf.String(), "foreign boom") || strings.Contains(rec.Body.String(), "boom") {
		t.Errorf("foreign panic: %d %q", rec.Code, buf)
	}
	// A panic after the status, before anything reached the client, is a
	// clean 500 too.
	rec = httptest.NewRecorder()
	mw(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "partial")
		panic("late")
	})).ServeHTTP(rec, get("/"))
	if rec.Code != 500 || strings.Contains(rec.Body.String(), "partial") {
		t.Errorf("late foreign panic: %d %q", rec.Code, rec.Body)
	}
	// A panic after the handler flushed cuts the response short.
	func() {
		defer func() {
			if v := recover(); v != http.ErrAbortHandler {
				t.Errorf("panic after flush: %v", v)
			}
		}()
		mw(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			io.WriteString(w, "partial")
			http.NewResponseController(w).Flush()
			panic("late")
		})).ServeHTTP(httptest.NewRecorder(), get("/"))
	}()
	// Trailers declared and set by a foreign handler pass through.
	tr := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Trailer", "X-Sum")
		io.WriteString(w, "data")
		w.Header().Set("X-Sum", "99")
		w.Header().Set(http.TrailerPrefix+"X-Late", "yes")
	})
	srv := httptest.NewServer(mw(tr))
	defer srv.Close()
	res, err := http.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	io.ReadAll(res.Body)
	res.Body.Close()
	if res.Trailer.Get("X-Sum") != "99" || res.Trailer.Get("X-Late") != "yes" {
		t.Errorf("trailers %v", res.Trailer)
	}
	// 103 Early Hints go out at once.
	eh := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Link", "</style.css>; rel=preload")
		w.WriteHeader(http.StatusEarlyHints)
		io.WriteString(w, "page")
	})
	srv2 := httptest.NewServer(mw(eh))
	defer srv2.Close()
	res, err = http.Get(srv2.URL)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || string(b) != "page" || res.Header.Get("Link") == "" {
		t.Errorf("early hints: %d %q %v", res.StatusCode, b, res.Header)
	}
}

// TestMiddlewarePanicAfterWriteHeaderIsRecoveredOnce checks that a plain
// handler that writes its status and then panics is answered with one
// 500 and one log record. The handler used to run on its own goroutine,
// and the panic value it stored raced with the serving goroutine reading
// it (go test -race flagged it).
func TestMiddlewarePanicAfterWriteHeaderIsRecoveredOnce(t *testing.T) {
	log, buf := testLogger()
	mw := (&Config{Logger: log}).Middleware(func(req *Request, next Next) (*Response, error) { return next(req) })
	h := mw(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Partial", "1")
		w.WriteHeader(http.StatusCreated)
		panic("after header")
	}))
	rec := httptest.NewRecorder()
	func() {
		defer func() {
			if v := recover(); v != nil {
				t.Errorf("ServeHTTP panicked: %v", v)
			}
		}()
		h.ServeHTTP(rec, get("/"))
	}()
	if rec.Code != 500 || rec.Header().Get("X-Partial") != "" {
		t.Errorf("%d %v", rec.Code, rec.Header())
	}
	if n := strings.Count(buf.String(), "after header"); n != 1 {
		t.Errorf("panic logged %d times: %s", n, buf)
	}
}

// TestMiddlewareChainCapturesOnce checks that several middleware of this
// package around one plain handler run it once, against one capture, and
// all see the same Response.
func TestMiddlewareChainCapturesOnce(t *testing.T) {
	calls := 0
	foreign := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls++
		if _, ok := w.(*captureWriter); !ok {
			t.Errorf("writer %T", w)
		}
		if _, ok := w.(*captureWriter).outer.(*captureWriter); ok {
			t.Error("captured twice")
		}
		io.WriteString(w, "x")
	})
	var seen []*Response
	layer := func(name string) func(http.Handler) http.Handler {
		return Middleware(func(req *Request, next Next) (*Response, error) {
			resp, err := next(req)
			if err != nil {
				return nil, err
			}
			seen = append(seen, resp)
			resp.Header().Add("X-Layers", name)
			return resp, nil
		})
	}
	rec := httptest.NewRecorder()
	layer("a")(layer("b")(layer("c")(foreign))).ServeHTTP(rec, get("/"))
	if calls != 1 || rec.Body.String() != "x" || strings.Join(rec.Header().Values("X-Layers"), ",") != "c,b,a" {
		t.Errorf("%d calls, %q %v", calls, rec.Body, rec.Header())
	}
	if len(seen) != 3 || seen[0] != seen[1] || seen[1] != seen[2] {
		t.Errorf("responses %p", seen)
	}
}

// readFromWriter is a response writer with io.ReaderFrom, as net/http's
// (sendfile).
type readFromWriter struct {
	countingWriter
	readFroms int
}

func (w *readFromWriter) ReadFrom(r io.Reader) (int64, error) {
	w.readFroms++
	n, err := io.Copy(io.Discard, r)
	w.n += int(n)
	return n, err
}

// TestMiddlewarePassesReaderFrom checks that a file served by a plain
// handler reaches the real writer's ReadFrom (sendfile) when it is longer
// than the capture limit, and is captured, and rewritable, when shorter.
func TestMiddlewarePassesReaderFrom(t *testing.T) {
	big := strings.Repeat("0123456789", 100_000)
	serve := func(content string) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.ServeContent(w, r, "f.txt", time.Time{}, strings.NewReader(content))
		})
	}
	pass := Middleware(func(req *Request, next Next) (*Response, error) { return next(req) })
	w := &readFromWriter{countingWriter: countingWriter{h: make(http.Header)}}
	pass(serve(big)).ServeHTTP(w, get("/"))
	if w.readFroms != 1 || w.n != len(big) || w.h.Get("Content-Length") != "1000000" {
		t.Errorf("%d ReadFrom calls, %d bytes, %v", w.readFroms, w.n, w.h)
	}
	rec := httptest.NewRecorder()
	upper := Middleware(func(req *Request, next Next) (*Response, error) {
		resp, err := next(req)
		if err != nil {
			return nil, err
		}
		b, err := resp.Body()
		resp.SetBody([]byte(strings.ToUpper(string(b))))
		return resp, err
	})
	upper(serve("small file")).ServeHTTP(rec, get("/"))
	if rec.Body.String() != "SMALL FILE" || rec.Header().Get("Content-Length") != "" && rec.Header().Get("Content-Length") != "10" {
		t.Errorf("%q %v", rec.Body, rec.Header())
	}
	// A reader that is not an io.LimitedReader is read up to the limit.
	for _, n := range []int{0, 100, defaultCaptureLimit, defaultCaptureLimit + 1, 3 * defaultCaptureLimit} {
		content := strings.Repeat("a", n)
		var sent bool
		mw := Middleware(func(req *Request, next Next) (*Response, error) {
			resp, err := next(req)
			sent = resp.Sent()
			return resp, err
		})
		rec := httptest.NewRecorder()
		mw(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.(io.ReaderFrom).ReadFrom(struct{ io.Reader }{strings.NewReader(content)})
		})).ServeHTTP(rec, get("/"))
		if rec.Body.String() != content || sent != (n > defaultCaptureLimit) {
			t.Errorf("%d bytes: got %d, sent %v", n, rec.Body.Len(), sent)
		}
	}
}

// TestMiddlewareCapturedHeadKeepsContentLength checks that the
// Content-Length a plain handler declares for a HEAD request (with no
// body) is kept.
func TestMiddlewareCapturedHeadKeepsContentLength(t *testing.T) {
	h := stamp(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "1234")
		w.Header().Set("Content-Type", "text/plain")
	}))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodHead, "/", nil))
	if rec.Code != 200 || rec.Header().Get("Content-Length") != "1234" || rec.Body.Len() != 0 {
		t.Errorf("%d %v %q", rec.Code, rec.Header(), rec.Body)
	}
}

// TestMiddlewareCapturedRange checks that ranges apply to a captured body.
func TestMiddlewareCapturedRange(t *testing.T) {
	h := stamp(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Accept-Ranges", "bytes")
		io.WriteString(w, "0123456789")
	}))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, get("/", "Range", "bytes=2-4"))
	if rec.Code != 206 || rec.Body.String() != "234" || rec.Header().Get("Content-Range") != "bytes 2-4/10" {
		t.Errorf("%d %q %v", rec.Code, rec.Body, rec.Header())
	}
}

// TestMiddlewareStreamedTrailers checks that trailers set after a flush
// reach the client.
func TestMiddlewareStreamedTrailers(t *testing.T) {
	tr := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Trailer", "X-Sum")
		io.WriteString(w, "data")
		http.NewResponseController(w).Flush()
		w.Header().Set("X-Sum", "7")
		w.Header().Set(http.TrailerPrefix+"X-Late", "yes")
	})
	srv := httptest.NewServer(stamp(tr))
	defer srv.Close()
	res, err := http.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if string(b) != "data" || res.Trailer.Get("X-Sum") != "7" || res.Trailer.Get("X-Late") != "yes" {
		t.Errorf("%q trailers %v", b, res.Trailer)
	}
}

// TestMiddlewareCapturedKeepsFieldsSetBefore checks that the fields a
// middleware set on req.Response() before next are kept on a captured
// response unless the handler set them too.
func TestMiddlewareCapturedKeepsFieldsSetBefore(t *testing.T) {
	mw := Middleware(func(req *Request, next Next) (*Response, error) {
		req.Response().Header().Set("X-Before", "mw")
		req.Response().Header().Set("X-Both", "mw")
		resp, err := next(req)
		if err == nil && resp != req.Response() {
			t.Error("another Response")
		}
		return resp, err
	})
	rec := httptest.NewRecorder()
	mw(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Both", "handler")
		io.WriteString(w, "ok")
	})).ServeHTTP(rec, get("/"))
	if rec.Header().Get("X-Before") != "mw" || rec.Header().Get("X-Both") != "handler" || rec.Body.String() != "ok" {
		t.Errorf("%v %q", rec.Header(), rec.Body)
	}
}

// TestMiddlewareAllocs pins the cost of a pass-through middleware: no
// allocation over a HandlerFunc, none but the plain handler's own over a
// plain http.Handler.
func TestMiddlewareAllocs(t *testing.T) {
	if race.Enabled {
		t.Skip("the race detector allocates")
	}
	pass := Middleware(func(req *Request, next Next) (*Response, error) { return next(req) })
	native := HandlerFunc(func(req *Request) (*Response, error) {
		resp := req.Response()
		resp.SetHTMLBody("<p>hello</p>")
		return resp, nil
	})
	plain := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header()["Content-Type"] = []string{"text/html"}
		io.WriteString(w, "<p>hello</p>")
	})
	w := &countingWriter{h: make(http.Header)}
	hr := get("/")
	for _, c := range []struct {
		name string
		h    http.Handler
		max  float64
	}{
		{"bare HandlerFunc", native, 0},
		{"over HandlerFunc", pass(native), 0},
		{"three over HandlerFunc", pass(pass(pass(native))), 0},
		// The plain handler's header line is one allocation; the
		// capture adds none.
		{"over http.Handler", pass(plain), 1},
		{"three over http.Handler", pass(pass(pass(plain))), 1},
	} {
		h := c.h
		if n := testing.AllocsPerRun(100, func() { clear(w.h); h.ServeHTTP(w, hr) }); n > c.max {
			t.Errorf("%s: %v allocations, want at most %v", c.name, n, c.max)
		}
	}
}

// TestMiddlewareCapturedLocationMadeSafe checks that the Location of a
// captured response is made safe, as any Response's is, also when the
// middleware only rewrote the body.
func TestMiddlewareCapturedLocationMadeSafe(t *testing.T) {
	const evil = "/\\evil.example/x"
	want := SafeLocation(evil)
	if want == evil {
		t.Fatal("test location is safe already")
	}
	redirect := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Location", evil)
		w.WriteHeader(http.StatusFound)
		io.WriteString(w, "moved")
	})
	upper := Middleware(func(req *Request, next Next) (*Response, error) {
		resp, err := next(req)
		if err != nil {
			return nil, err
		}
		b, err := resp.Body()
		resp.SetBody([]byte(strings.ToUpper(string(b))))
		return resp, err
	})
	for name, h := range map[string]http.Handler{"as is": stamp(redirect), "rewritten": upper(redirect)} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, get("/"))
		if rec.Code != 302 || rec.Header().Get("Location") != want {
			t.Errorf("%s: %d %q, want %q", name, rec.Code, rec.Header().Get("Location"), want)
		}
	}
}

// goneWriter fails every write, as a connection whose client left.
type goneWriter struct{ h http.Header }

func (g *goneWriter) Header() http.Header       { return g.h }
func (g *goneWriter) WriteHeader(int)           {}
func (g *goneWriter) Write([]byte) (int, error) { return 0, context.Canceled }

// TestMiddlewareClientGoneIsNotLogged checks that failing to write a
// captured response to a client that went away is not reported as a
// server error, whether it is written as it is or rewritten.
func TestMiddlewareClientGoneIsNotLogged(t *testing.T) {
	log, buf := testLogger()
	cfg := &Config{Logger: log}
	pass := cfg.Middleware(func(req *Request, next Next) (*Response, error) { return next(req) })
	upper := cfg.Middleware(func(req *Request, next Next) (*Response, error) {
		resp, err := next(req)
		if err != nil {
			return nil, err
		}
		b, err := resp.Body()
		resp.SetBody([]byte(strings.ToUpper(string(b))))
		return resp, err
	})
	plain := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "bye") })
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, h := range []http.Handler{pass(plain), upper(plain)} {
		h.ServeHTTP(&goneWriter{h: make(http.Header)}, get("/").WithContext(ctx))
	}
	if buf.Len() != 0 {
		t.Errorf("logged: %s", buf)
	}
}

// TestMiddlewareRetryStreamsWithoutFirstFields checks that a middleware
// calling next a second time, after a first captured answer, streams the
// second without the fields only the first one set: a handler's answer
// replaces the one before whole.
func TestMiddlewareRetryStreamsWithoutFirstFields(t *testing.T) {
	calls := 0
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls++
		if calls == 1 {
			w.Header().Set("X-First", "1")
			w.WriteHeader(503)
			return
		}
		w.Header().Set("X-Second", "1")
		io.WriteString(w, "streamed")
		http.NewResponseController(w).Flush()
	})
	retry := Middleware(func(req *Request, next Next) (*Response, error) {
		resp, err := next(req)
		if err != nil || resp.StatusCode != 503 {
			return resp, err
		}
		return next(req)
	})
	rec := httptest.NewRecorder()
	retry(h).ServeHTTP(rec, get("/"))
	if rec.Code != 200 || rec.Body.String() != "streamed" || rec.Header().Get("X-Second") != "1" {
		t.Errorf("%d %q %v", rec.Code, rec.Body, rec.Header())
	}
	if rec.Header().Get("X-First") != "" {
		t.Errorf("the first answer's field was sent: %v", rec.Header())
	}
}

// TestMiddlewareInvalidStatusCodeIs500 checks that a plain handler that
// writes a status outside 100–999 is a handler bug reported as net/http
// reports it (a panic, here recovered): 500, logged once, never sent.
func TestMiddlewareInvalidStatusCodeIs500(t *testing.T) {
	log, buf := testLogger()
	mw := (&Config{Logger: log}).Middleware(func(req *Request, next Next) (*Response, error) { return next(req) })
	for _, code := range []int{0, 99, 1000} {
		buf.Reset()
		rec := httptest.NewRecorder()
		mw(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(code)
			io.WriteString(w, "x")
		})).ServeHTTP(rec, get("/"))
		if rec.Code != 500 || strings.Count(buf.String(), "invalid WriteHeader code") != 1 {
			t.Errorf("%d: %d, log %q", code, rec.Code, buf)
		}
	}
}

// TestMiddlewareRewrittenCapturedResponse checks a captured response whose
// body the middleware replaced: length, Vary of the negotiation it did,
// HEAD, and the empty body.
func TestMiddlewareRewrittenCapturedResponse(t *testing.T) {
	page := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Content-Length", "4")
		io.WriteString(w, "page")
	})
	big := strings.Repeat("b", 3000)
	for _, c := range []struct {
		name    string
		method  string
		rewrite func(req *Request, resp *Response)
		body    string
		cl      string
		vary    string
	}{
		{"bytes", "GET", func(_ *Request, r *Response) { r.SetBody([]byte("new page")) }, "new page", "", ""},
		{"string", "GET", func(_ *Request, r *Response) { r.SetBodyString("str") }, "str", "", ""},
		{"empty", "GET", func(_ *Request, r *Response) { r.SetBody(nil) }, "", "", ""},
		{"big", "GET", func(_ *Request, r *Response) { r.SetBodyString(big) }, big, "3000", ""},
		{"negotiated", "GET", func(req *Request, r *Response) { req.Accept(); r.SetBodyString("n") }, "n", "", "Accept"},
		{"head", "HEAD", func(_ *Request, r *Response) { r.SetBodyString("12345") }, "", "5", ""},
	} {
		mw := Middleware(func(req *Request, next Next) (*Response, error) {
			resp, err := next(req)
			if err != nil {
				return nil, err
			}
			c.rewrite(req, resp)
			return resp, nil
		})
		rec := httptest.NewRecorder()
		mw(page).ServeHTTP(rec, httptest.NewRequest(c.method, "/", nil))
		h := rec.Header()
		if rec.Code != 200 || rec.Body.String() != c.body || h.Get("Content-Length") != c.cl ||
			h.Get("Vary") != c.vary || h.Get("Content-Type") != "text/html" {
			t.Errorf("%s: %d %q %v", c.name, rec.Code, rec.Body.String()[:min(rec.Body.Len(), 20)], h)
		}
	}
}

// TestMiddlewarePassThroughLocationMadeSafe checks that a handler whose
// output passes through (a flush, a body past the limit) still gets its
// Location made safe, under any spelling, next to the common fields a
// pass-through looks up instead of walking the map.
func TestMiddlewarePassThroughLocationMadeSafe(t *testing.T) {
	const evil = "/\\evil.example/x"
	want := SafeLocation(evil)
	big := strings.Repeat("x", defaultCaptureLimit+1)
	for _, key := range []string{"Location", "location"} {
		for _, flush := range []bool{true, false} {
			h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/plain")
				w.Header().Set("Cache-Control", "no-store")
				w.Header()[key] = []string{evil}
				w.WriteHeader(http.StatusFound)
				if flush {
					io.WriteString(w, "moved")
					w.(http.Flusher).Flush()
				} else {
					io.WriteString(w, big)
				}
			})
			rec := httptest.NewRecorder()
			stamp(h).ServeHTTP(rec, get("/"))
			if got := rec.Header()["Location"]; rec.Code != 302 || len(got) != 1 || got[0] != want {
				t.Errorf("%s flush=%v: %d %q, want %q", key, flush, rec.Code, got, want)
			}
		}
	}
}
