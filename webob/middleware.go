package webob

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"runtime"
	"slices"
	"strings"

	"github.com/webob-go/webob/headers"
)

// Next runs the rest of the chain — the handler a middleware wraps — for
// req and hands back its Response, so the middleware can read and change
// it before it is sent. The Response is never nil when the error is nil
// (a handler's nil Response is 204 No Content). Errors are returned as
// the handler returned them, for the middleware to handle or pass on.
//
// When the wrapped handler is a HandlerFunc, a Config's handler or
// another middleware of this package, it is called directly with the same
// Request. Any other http.Handler runs on its own goroutine against a
// capturing http.ResponseWriter: Next returns as soon as that handler has
// sent its status (WriteHeader, its first Write or Flush, or returning),
// and its body streams through the Response without being buffered. Its
// flushes are passed on when the middleware sends the Response as it is,
// and Hijack and http.ResponseController work through Unwrap.
type Next func(req *Request) (*Response, error)

// MiddlewareFunc is a middleware written against Request and Response:
// it may change the request, call next (or not), and change or replace
// the Response that next returns.
type MiddlewareFunc func(req *Request, next Next) (*Response, error)

// Middleware returns fn as a standard func(http.Handler) http.Handler
// middleware with the zero Config. What fn returns is written as a
// HandlerFunc's result is.
func Middleware(fn func(req *Request, next Next) (*Response, error)) func(http.Handler) http.Handler {
	return zeroConfig.Middleware(fn)
}

// Middleware returns fn as a func(http.Handler) http.Handler middleware
// using this configuration.
func (c *Config) Middleware(fn func(req *Request, next Next) (*Response, error)) func(http.Handler) http.Handler {
	cfg := c.orZero()
	return func(h http.Handler) http.Handler {
		return &middleware{cfg: cfg, fn: fn, next: h}
	}
}

type middleware struct {
	cfg  *Config
	fn   MiddlewareFunc
	next http.Handler
}

func (m *middleware) ServeHTTP(w http.ResponseWriter, hr *http.Request) {
	req := acquireRequest(hr, m.cfg.Request)
	st := &serveState{w: w, cfg: m.cfg}
	defer st.abandon(req)
	defer st.cleanup()
	if !m.cfg.NoRecover {
		defer m.cfg.recoverPanic(w, req, st)
	}
	resp, err := m.serveWebob(req, st)
	m.cfg.finish(w, req, resp, err, st)
	st.cleanup()
	st.captures = nil
	st.release(req)
}

func (m *middleware) serveWebob(req *Request, st *serveState) (*Response, error) {
	return m.fn(req, func(r *Request) (*Response, error) {
		if r == nil {
			r = req
		}
		return callNext(m.next, r, st)
	})
}

// callNext runs h for req and returns its Response.
func callNext(h http.Handler, req *Request, st *serveState) (*Response, error) {
	if wh, ok := h.(webobHandler); ok {
		resp, err := wh.serveWebob(req, st)
		if err == nil && resp == nil {
			resp = &Response{StatusCode: http.StatusNoContent}
		}
		return resp, err
	}
	return st.capture(h, req)
}

// serveState is what one request's adapters share: the real writer,
// whether the status line went out, and the downstream handlers running
// on their own goroutines.
type serveState struct {
	w        http.ResponseWriter
	cfg      *Config
	started  bool
	hijacked bool
	released bool
	captures []*handlerBody
}

// cleanup stops and waits for every captured handler: a body nobody
// read is closed, so the handler's writes fail and it returns. No
// handler goroutine outlives ServeHTTP.
func (st *serveState) cleanup() {
	for _, hb := range st.captures {
		hb.pr.CloseWithError(errResponseDropped)
		<-hb.finished
	}
}

// errResponseDropped is what a captured handler's writes return once its
// Response was dropped or the request is over.
var errResponseDropped = errors.New("webob: response dropped by middleware")

// errDownstreamPanic reports a panic in a captured handler.
var errDownstreamPanic = errors.New("webob: downstream handler panicked")

// capture runs a foreign handler on its own goroutine and returns its
// Response once its status is known.
func (st *serveState) capture(h http.Handler, req *Request) (*Response, error) {
	pr, pw := io.Pipe()
	hb := &handlerBody{pr: pr, finished: make(chan struct{})}
	cw := &captureWriter{outer: st.w, header: make(http.Header), ready: make(chan struct{}), pw: pw, hb: hb}
	st.captures = append(st.captures, hb)
	go cw.run(h, req, st.cfg)
	<-cw.ready
	switch {
	case cw.panicVal != nil:
		if cw.panicVal == http.ErrAbortHandler { //nolint:errorlint // sentinel compared as net/http does
			panic(http.ErrAbortHandler)
		}
		if st.cfg.NoRecover {
			panic(cw.panicVal)
		}
		return nil, fmt.Errorf("%w: %v", errDownstreamPanic, cw.panicVal)
	case cw.hijacked:
		st.hijacked = true
		pr.Close()
		return &Response{hijacked: true}, nil
	}
	resp := &Response{StatusCode: cw.status, header: cw.snapshot}
	size := int64(-1)
	if v := resp.header["Content-Length"]; len(v) > 0 {
		if n, err := headers.ParseContentLength(v); err == nil {
			size = n
		}
		delete(resp.header, "Content-Length")
	}
	resp.kind = bodyReader
	resp.x = &extra{rd: hb, size: size}
	return resp, nil
}

// handlerBody is the body of a captured handler: the read side of a pipe
// fed by the handler's writes. A zero-length read that is not the end
// marks a Flush of the handler.
type handlerBody struct {
	pr       *io.PipeReader
	finished chan struct{} // closed when the handler goroutine is done
	trailer  http.Header   // set by the handler goroutine before EOF
}

// Read reads the handler's output.
func (hb *handlerBody) Read(p []byte) (int, error) { return hb.pr.Read(p) }

// Close drops the rest of the body: the handler's writes fail.
func (hb *handlerBody) Close() error {
	hb.pr.CloseWithError(errResponseDropped)
	return nil
}

// copyTo copies the body to w, flushing w where the handler flushed.
func (hb *handlerBody) copyTo(w http.ResponseWriter) error {
	buf := make([]byte, 16<<10)
	rc := http.NewResponseController(w)
	for {
		n, err := hb.pr.Read(buf)
		if n > 0 {
			if _, werr := w.Write(buf[:n]); werr != nil {
				return werr
			}
		} else if err == nil {
			_ = rc.Flush()
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// captureWriter is the http.ResponseWriter a captured handler writes to.
// Until the status is sent the serving goroutine waits, so 1xx responses
// and Hijack may use the real writer; after it, only the pipe is used.
type captureWriter struct {
	outer  http.ResponseWriter
	header http.Header
	ready  chan struct{}
	pw     *io.PipeWriter
	hb     *handlerBody

	committed bool
	status    int
	snapshot  http.Header
	declared  []string // the Trailer lines at commit time
	hijacked  bool
	panicVal  any
}

func (cw *captureWriter) run(h http.Handler, req *Request, cfg *Config) {
	defer close(cw.hb.finished)
	defer func() {
		if v := recover(); v != nil {
			cw.panicVal = v
			if v != http.ErrAbortHandler { //nolint:errorlint // sentinel compared as net/http does
				buf := make([]byte, 16<<10)
				buf = buf[:runtime.Stack(buf, false)]
				cfg.logger().LogAttrs(req.Context(), slog.LevelError, "webob: panic in downstream handler",
					slog.String("method", req.Method()), slog.String("path", req.HTTP().URL.Path),
					slog.Any("panic", v), slog.String("stack", string(buf)))
			}
			if cw.committed || cw.hijacked {
				cw.pw.CloseWithError(fmt.Errorf("%w: %v", errDownstreamPanic, v))
				return
			}
			close(cw.ready)
			cw.pw.CloseWithError(errDownstreamPanic)
			return
		}
		if !cw.hijacked {
			cw.commit(http.StatusOK)
			cw.hb.trailer = cw.trailers()
		}
		cw.pw.Close()
	}()
	h.ServeHTTP(cw, req.HTTP())
}

// trailers collects the trailer values the handler set: the fields it
// declared in Trailer and those set with http.TrailerPrefix.
func (cw *captureWriter) trailers() http.Header {
	var t http.Header
	for k, vs := range cw.header {
		if strings.HasPrefix(k, http.TrailerPrefix) {
			if t == nil {
				t = make(http.Header)
			}
			t[http.CanonicalHeaderKey(k[len(http.TrailerPrefix):])] = vs
		}
	}
	for name := range headers.List(cw.declared) {
		k := http.CanonicalHeaderKey(name)
		if vs, ok := cw.header[k]; ok {
			if t == nil {
				t = make(http.Header)
			}
			t[k] = vs
		}
	}
	return t
}

// Header returns the handler's header map.
func (cw *captureWriter) Header() http.Header { return cw.header }

// commit records the status and the header fields and lets the serving
// goroutine go on.
func (cw *captureWriter) commit(code int) {
	if cw.committed {
		return
	}
	cw.committed = true
	cw.status = code
	cw.snapshot = cw.header.Clone()
	if cw.snapshot == nil {
		cw.snapshot = make(http.Header)
	}
	for k := range cw.snapshot {
		if strings.HasPrefix(k, http.TrailerPrefix) {
			delete(cw.snapshot, k)
		}
	}
	cw.declared = slices.Clone(cw.snapshot["Trailer"])
	close(cw.ready)
}

// WriteHeader records the status. A 1xx status is sent at once on the
// real writer.
func (cw *captureWriter) WriteHeader(code int) {
	if cw.committed || cw.hijacked {
		return
	}
	if code >= 100 && code < 200 && code != http.StatusSwitchingProtocols {
		h := cw.outer.Header()
		for k, v := range cw.header {
			h[k] = v
		}
		cw.outer.WriteHeader(code)
		return
	}
	cw.commit(code)
}

// Write sends body bytes through the pipe.
func (cw *captureWriter) Write(p []byte) (int, error) {
	if cw.hijacked {
		return 0, http.ErrHijacked
	}
	cw.commit(http.StatusOK)
	if len(p) == 0 {
		return 0, nil
	}
	return cw.pw.Write(p)
}

// WriteString is Write for a string.
func (cw *captureWriter) WriteString(s string) (int, error) {
	return cw.Write([]byte(s))
}

// Flush sends the status if needed and asks the serving side to flush
// what it copied so far.
func (cw *captureWriter) Flush() {
	if cw.hijacked {
		return
	}
	cw.commit(http.StatusOK)
	_, _ = cw.pw.Write(nil)
}

// errAlreadyStarted reports Hijack after the response started.
var errAlreadyStarted = errors.New("webob: cannot hijack after the response started")

// Hijack takes over the connection of the real writer. It is possible
// only before the status was sent.
func (cw *captureWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	if cw.committed {
		return nil, nil, errAlreadyStarted
	}
	conn, brw, err := http.NewResponseController(cw.outer).Hijack()
	if err != nil {
		return nil, nil, err
	}
	cw.hijacked = true
	close(cw.ready)
	return conn, brw, nil
}

// Unwrap returns the real writer, for http.ResponseController.
func (cw *captureWriter) Unwrap() http.ResponseWriter { return cw.outer }
