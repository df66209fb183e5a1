package webob

import (
	"log/slog"
	"net/http"
	"sync"
)

// Next runs the rest of the chain — the handler a middleware wraps — for
// req and hands back its Response, so the middleware can read and change
// it before it is sent. The Response is never nil when the error is nil
// (a handler's nil Response is 204 No Content). Errors are returned as
// the handler returned them, for the middleware to handle or pass on.
// next(nil) means next(req) with the middleware's own Request. A Next is
// valid only until the middleware returns: a middleware that calls it on
// another goroutine must wait for it to return before returning itself.
//
// When the wrapped handler is a HandlerFunc, a Config's handler or
// another middleware of this package, it is called directly with the same
// Request. Any other http.Handler runs in the caller's goroutine against
// a capturing http.ResponseWriter: its status, header fields, body and
// trailers are recorded and handed back as the Request's own Response
// (Request.Response), with the fields the middleware set on it before
// calling next kept unless the handler set them too (a second call
// replaces the first answer whole). The body stays in a pooled buffer
// until the request is over; Response.Body returns a copy. A chain of
// middleware of this package around one http.Handler captures it once.
//
// Capture turns into pass-through — the status and header fields as the
// handler set them go to the client at once, followed by the body — when
// the handler flushes (http.Flusher or http.ResponseController, as a
// server-sent event stream does) or when its body outgrows the capture
// limit (Config.CaptureLimit, 16 KiB by default). From then on the handler
// writes straight to the real http.ResponseWriter (sendfile through
// io.ReaderFrom included) and Next returns a Response whose Sent method
// reports true: it still tells the status and header fields, but what
// the middleware changes on it, or any other Response or error it
// returns, is no longer sent (the latter is logged). A middleware that
// must add header fields to streamed responses sets them on
// req.Response() before calling next.
//
// 1xx responses such as 103 Early Hints go out at once. Hijack works
// until the handler has written its status or body, and
// http.ResponseController reaches the real writer through Unwrap. A
// panic in the handler unwinds through the middleware, as in net/http,
// and is recovered and logged once by the outermost adapter: 500 when
// nothing was sent yet, a connection cut short (http.ErrAbortHandler)
// otherwise.
type Next func(req *Request) (*Response, error)

// MiddlewareFunc is a middleware written against Request and Response:
// it may change the request, call next (or not), and change or replace
// the Response that next returns.
type MiddlewareFunc func(req *Request, next Next) (*Response, error)

// Middleware returns fn as a standard func(http.Handler) http.Handler
// middleware with the zero Config. What fn returns is written as a
// HandlerFunc's result is. See Next for how the wrapped handler runs.
func Middleware(fn func(req *Request, next Next) (*Response, error)) func(http.Handler) http.Handler {
	return zeroConfig.Middleware(fn)
}

// Middleware returns fn as a func(http.Handler) http.Handler middleware
// using this configuration.
func (c *Config) Middleware(fn func(req *Request, next Next) (*Response, error)) func(http.Handler) http.Handler {
	cfg := c.orZero()
	return func(h http.Handler) http.Handler {
		m := &middleware{cfg: cfg, fn: fn, next: h}
		m.wh, _ = h.(webobHandler)
		return m
	}
}

type middleware struct {
	cfg  *Config
	fn   MiddlewareFunc
	next http.Handler
	wh   webobHandler // next, when it is a handler of this package
}

// frame is what the outermost middleware of a request needs: the
// request's serveState and Request, the Next it hands to its function
// (bound once when the frame is made), a capture writer for the first
// capture and the layers of the inner middleware of a chain. Frames are
// pooled, so a middleware costs no allocation per request.
type frame struct {
	st     serveState
	m      *middleware
	req    *Request
	next   Next
	cw     *captureWriter // for the first capture
	layers *layer         // unused layers for the inner middleware
	reqv   Request        // the request's Request
}

var framePool = sync.Pool{New: func() any {
	f := new(frame)
	f.next = f.call
	return f
}}

// call is the frame's Next.
func (f *frame) call(r *Request) (*Response, error) {
	if r == nil {
		r = f.req
	}
	return f.m.callNext(r, &f.st)
}

// callNext runs the handler m wraps for req and returns its Response.
func (m *middleware) callNext(req *Request, st *serveState) (*Response, error) {
	if m.wh != nil {
		resp, err := m.wh.serveWebob(req, st)
		if err == nil && resp == nil {
			resp = &Response{StatusCode: http.StatusNoContent}
		}
		return resp, err
	}
	return st.capture(m.next, req)
}

func (m *middleware) ServeHTTP(w http.ResponseWriter, hr *http.Request) {
	// The frame holds the Request, so one pooled object serves the
	// request.
	f := framePool.Get().(*frame)
	opts := m.cfg.Request
	if opts == nil {
		opts = &defaultOptions
	}
	req := &f.reqv
	req.reset(hr, opts)
	if f.cw == nil {
		f.cw = newCaptureWriter()
	}
	f.st = serveState{w: w, cfg: m.cfg, spare: f.cw, owner: f}
	f.m, f.req = m, req
	defer m.exit(w, req, f)
	resp, err := m.fn(req, f.next)
	st := &f.st
	switch {
	case st.started:
		m.cfg.dropAfterSent(req, resp, err)
	case err != nil || st.sharer == nil || st.caps != nil:
		st.unshare(resp)
		m.cfg.finish(w, req, resp, err, st)
	default:
		switch st.sharer.replay(req, resp) {
		case replayUnshare:
			st.unshare(resp)
			m.cfg.finish(w, req, resp, err, st)
		case replayShared:
			st.sharer = nil
			m.cfg.finish(w, req, resp, err, st)
		}
	}
	_ = req.Cleanup()
	st.released = true
}

// exit runs when ServeHTTP returns or panics (it must be deferred
// directly): it gives the captures and the frame (with its Request) back
// and, after a panic, recovers it (unless NoRecover), answers 500 and
// deletes the request's temporary files. After a panic the frame is not
// recycled.
func (m *middleware) exit(w http.ResponseWriter, req *Request, f *frame) {
	st := &f.st
	if !st.released {
		defer st.abandon(req)
		defer st.releaseCaptures()
		if !st.started {
			st.unshare(nil)
		}
		if !m.cfg.NoRecover {
			m.cfg.handlePanic(w, req, st, recover())
		}
		return
	}
	st.releaseCaptures()
	f.st = serveState{}
	f.m, f.req = nil, nil
	f.reqv.hr = nil
	framePool.Put(f)
}

// serveWebob runs the middleware for an outer middleware's Next.
func (m *middleware) serveWebob(req *Request, st *serveState) (*Response, error) {
	l := st.takeLayer()
	l.m, l.req, l.sp = m, req, st
	resp, err := m.fn(req, l.next)
	l.m, l.req, l.sp = nil, nil, nil
	st.putLayer(l)
	return resp, err
}

// layer is what an inner middleware layer needs while it runs: the Next
// it hands to its function, bound once when the layer is made. The
// outermost middleware's frame keeps the layers of a chain between
// requests; layers run elsewhere come from a pool.
type layer struct {
	m    *middleware
	req  *Request
	sp   *serveState
	next Next
	free *layer // the next unused layer of the frame
}

var layerPool = sync.Pool{New: func() any { return newLayer() }}

func newLayer() *layer {
	l := new(layer)
	l.next = l.call
	return l
}

// call is the layer's Next.
func (l *layer) call(r *Request) (*Response, error) {
	if r == nil {
		r = l.req
	}
	return l.m.callNext(r, l.sp)
}

// takeLayer returns an unused layer of the frame, or one from the pool.
func (st *serveState) takeLayer() *layer {
	f := st.owner
	if f == nil {
		return layerPool.Get().(*layer)
	}
	l := f.layers
	if l == nil {
		return newLayer()
	}
	f.layers, l.free = l.free, nil
	return l
}

// putLayer gives l back to the frame, or to the pool.
func (st *serveState) putLayer(l *layer) {
	if f := st.owner; f != nil {
		l.free, f.layers = f.layers, l
		return
	}
	layerPool.Put(l)
}

// dropAfterSent handles what a middleware returned after the wrapped
// handler's output already went to the client: the Response that says so
// needs nothing more; anything else cannot be sent and is logged.
func (c *Config) dropAfterSent(req *Request, resp *Response, err error) {
	if resp != nil && !resp.sent {
		resp.Close()
	}
	switch {
	case err != nil:
		if !isClientGone(req, err) {
			c.logger().LogAttrs(req.Context(), slog.LevelError, "webob: middleware error after the response was sent",
				slog.String("method", req.Method()), slog.String("path", req.HTTP().URL.Path),
				slog.String("error", err.Error()))
		}
	case resp != nil && !resp.sent && !resp.hijacked:
		c.logger().LogAttrs(req.Context(), slog.LevelWarn, "webob: middleware response dropped: the wrapped handler already sent its own",
			slog.String("method", req.Method()), slog.String("path", req.HTTP().URL.Path),
			slog.Int("status", resp.StatusCode))
	}
}
