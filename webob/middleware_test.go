package webob

import (
	"bufio"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"
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

func TestMiddlewareDropsForeignResponse(t *testing.T) {
	var writeErr atomic.Value
	done := make(chan struct{})
	foreign := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer close(done)
		w.WriteHeader(200)
		for i := 0; i < 1000; i++ {
			if _, err := w.Write(make([]byte, 1024)); err != nil {
				writeErr.Store(err)
				return
			}
		}
	})
	replace := Middleware(func(req *Request, next Next) (*Response, error) {
		if _, err := next(req); err != nil {
			return nil, err
		}
		return Text(200, "replaced"), nil
	})
	rec := httptest.NewRecorder()
	replace(foreign).ServeHTTP(rec, get("/"))
	select {
	case <-done:
	default:
		t.Fatal("ServeHTTP returned before the downstream handler")
	}
	if rec.Body.String() != "replaced" {
		t.Errorf("body %q", rec.Body)
	}
	if err, _ := writeErr.Load().(error); !errors.Is(err, errResponseDropped) {
		t.Errorf("downstream write error %v", err)
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
	srv := httptest.NewServer(stamp(foreign))
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
	if res.Header.Get("X-Stamp") != "1" {
		t.Error("middleware header missing")
	}
	close(release)
	rest, _ := io.ReadAll(br)
	if string(rest) != "second\n" {
		t.Errorf("rest %q", rest)
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
	// A panic after the status cuts the response short.
	func() {
		defer func() {
			if v := recover(); v != http.ErrAbortHandler {
				t.Errorf("late foreign panic: %v", v)
			}
		}()
		mw(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			io.WriteString(w, "partial")
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
