package webob

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"runtime"
	"sync"
)

// HandlerFunc is a handler written against Request and Response. It is an
// http.Handler: ServeHTTP wraps the *http.Request with NewRequest, calls
// the function and writes what it returns with the zero Config.
//
// What the function returns decides the answer:
//   - a Response is written as described at Response.Serve (conditional
//     requests, ranges, automatic Vary, safe Location);
//   - a nil Response with a nil error is 204 No Content: the handler had
//     nothing to say;
//   - an *HTTPError (found with errors.As, so it may be wrapped) is
//     rendered as its status with a negotiated body; its Err is logged;
//   - a request-body limit error (*multipart.LimitError, which Request's
//     Body, Text, JSON and form parsing return past their limits) is 413;
//   - a malformed body, message or parameter (multipart.ErrMalformed and
//     the errors wrapping it, this package's ErrInvalidJSON,
//     ErrInvalidText, ErrUnknownCharset, ErrMalformedMessage and
//     ErrTrailingData, a *ParamError, a *FieldError or *BindError,
//     ErrInvalidParam) is 400,
//     and multipart.ErrNotMultipart is 415;
//   - a signed or encrypted cookie that is missing or does not verify
//     (the errors of cookies.Profile.Get but ErrInvalidKey and the
//     serializer's) is 400;
//   - a request header that does not parse (the *HeaderError every
//     Request.ParseX method for a request header returns) is 400, 416
//     for too many ranges, 431 for too many cookies;
//   - any other error with a StatusCode() int method returning a 4xx or
//     5xx code gets that status;
//   - for these 4xx answers the body's detail names what the client sent
//     wrong, such as "invalid Range header" or `missing parameter
//     "mtime"` (never the value it sent); the error itself is logged at
//     level Info;
//   - any other error is 500: its text goes to the Config's logger, never
//     to the client;
//   - a panic is recovered, logged with its stack and answered with 500
//     (unless Config.NoRecover); http.ErrAbortHandler is re-panicked.
//
// A handler answers with a new Response (Text, HTML, JSON, NewResponse…)
// or with the Request's own (Request.Response), which costs no
// allocation.
//
// The adapters recycle Requests, as gin and echo recycle their contexts:
// the *Request a handler gets must not be used after the handler returns
// (or, for a middleware, after it returns its Response), and neither may
// what it hands out by pointer (the *MultiDict of Query, Form, Params,
// the *Response of Response). Strings, copies and the *http.Request of
// req.HTTP() stay valid: a handler that hands work to another goroutine
// passes it those. Temporary files of uploaded forms are deleted once the
// response is written (Request.Cleanup).
type HandlerFunc func(req *Request) (*Response, error)

// ServeHTTP calls h with the zero Config.
func (h HandlerFunc) ServeHTTP(w http.ResponseWriter, hr *http.Request) {
	zeroConfig.serveHandler(w, hr, h)
}

// serveWebob lets middleware call h directly, without an http.ResponseWriter.
func (h HandlerFunc) serveWebob(req *Request, _ *serveState) (*Response, error) {
	return h(req)
}

// webobHandler is implemented by the handlers of this package, so that
// Next can run them in-process and get their Response without capturing
// output.
type webobHandler interface {
	serveWebob(req *Request, st *serveState) (*Response, error)
}

// Config configures the adapters. The zero value (and a nil *Config)
// means the defaults, stated on each field. A Config is read, never
// changed, so one value may be shared by many handlers.
type Config struct {
	// Request configures the Requests the adapter makes (trusted proxies,
	// body limits). nil means the defaults.
	Request *Options

	// Logger receives internal errors (the text of non-HTTP errors,
	// HTTPError.Err of 5xx errors, recovered panics with their stack,
	// responses that could not be written). nil means slog.Default().
	Logger *slog.Logger

	// NoRecover lets panics propagate to net/http instead of answering
	// 500.
	NoRecover bool

	// AbsoluteLocation makes every Location absolute against the request's
	// path URL, as WebOb does. The default sends it as set (relative
	// references are valid, RFC 9110 §10.2.2). Either way it is made safe
	// first (see SafeLocation).
	AbsoluteLocation bool

	// DisableConditional turns off the automatic evaluation of
	// preconditions for every response (see Response.DisableConditional
	// for one response).
	DisableConditional bool

	// DisableRanges turns off Range handling for every response.
	DisableRanges bool

	// RenderError, when set, renders HTTP errors (including the 412 and
	// 416 answers of conditional and range requests) instead of
	// HTTPError.Response. It must not return nil.
	RenderError func(req *Request, e *HTTPError) *Response

	// CaptureLimit is the most body bytes a Middleware holds of a plain
	// http.Handler it wraps, for the middleware to read and change; a
	// longer body is streamed to the client as the handler writes it (see
	// Next). Zero means 16 KiB; a negative value streams every body.
	CaptureLimit int
}

var zeroConfig Config

func (c *Config) orZero() *Config {
	if c == nil {
		return &zeroConfig
	}
	return c
}

func (c *Config) logger() *slog.Logger {
	if c.Logger != nil {
		return c.Logger
	}
	return slog.Default()
}

// render renders an HTTP error for req.
func (c *Config) render(req *Request, e *HTTPError) *Response {
	if c.RenderError != nil {
		if r := c.RenderError(req, e); r != nil {
			return r
		}
	}
	return e.Response(req)
}

// Handler returns h as an http.Handler using this configuration.
func (c *Config) Handler(h func(req *Request) (*Response, error)) http.Handler {
	return &configured{cfg: c.orZero(), h: h}
}

type configured struct {
	cfg *Config
	h   HandlerFunc
}

func (ch *configured) ServeHTTP(w http.ResponseWriter, hr *http.Request) {
	ch.cfg.serveHandler(w, hr, ch.h)
}

func (ch *configured) serveWebob(req *Request, _ *serveState) (*Response, error) {
	return ch.h(req)
}

// serveHandler is the body of every adapter's ServeHTTP.
func (c *Config) serveHandler(w http.ResponseWriter, hr *http.Request, h HandlerFunc) {
	req := acquireRequest(hr, c.Request)
	st := serveState{w: w, cfg: c}
	defer c.exit(w, req, &st)
	resp, err := h(req)
	c.finish(w, req, resp, err, &st)
	st.release(req)
}

// exit runs when a handler's ServeHTTP returns or panics (it must be
// deferred directly): after a normal return it does nothing; after a
// panic it recovers (unless NoRecover), answers 500 and deletes the
// request's temporary files. The Request is not recycled then.
func (c *Config) exit(w http.ResponseWriter, req *Request, st *serveState) {
	if st.released {
		return
	}
	defer st.abandon(req)
	if !c.NoRecover {
		c.handlePanic(w, req, st, recover())
	}
}

// release cleans req up and puts it back in the pool.
func (st *serveState) release(req *Request) {
	_ = req.Cleanup()
	releaseRequest(req)
	st.released = true
}

// abandon cleans up a Request that was not released because the handler
// panicked through; it is not recycled.
func (st *serveState) abandon(req *Request) {
	if !st.released {
		_ = req.Cleanup()
	}
}

// requestPool recycles the Requests of the adapters. A Request is put
// back only after its handler returned normally and its response was
// written; that is why a handler must not keep its Request (see
// HandlerFunc).
var requestPool = sync.Pool{New: func() any { return new(Request) }}

// acquireRequest is NewRequest from the pool. The header cache of a
// recycled Request is kept and cleared, so typed headers cost no
// allocation either.
func acquireRequest(hr *http.Request, opts *Options) *Request {
	if opts == nil {
		opts = &defaultOptions
	}
	r := requestPool.Get().(*Request)
	r.reset(hr, opts)
	return r
}

// reset makes r a new Request for hr, keeping its cleared header cache.
func (r *Request) reset(hr *http.Request, opts *Options) {
	hc := r.hc
	if hc != nil {
		if hc.done != 0 {
			*hc = headerCache{}
		}
	}
	*r = Request{hr: hr, opts: opts, hc: hc}
}

// releaseRequest puts r back in the pool. It is cleared when it is taken
// out again; until then the pool (which the garbage collector empties)
// keeps what it refers to.
func releaseRequest(r *Request) {
	r.hr = nil
	requestPool.Put(r)
}

// handlePanic answers the recovered panic value v (nil: none) with 500,
// or re-panics http.ErrAbortHandler, and after the response started.
func (c *Config) handlePanic(w http.ResponseWriter, req *Request, st *serveState, v any) {
	if v == nil {
		return
	}
	if v == http.ErrAbortHandler { //nolint:errorlint // sentinel compared as net/http does
		panic(v)
	}
	buf := make([]byte, 16<<10)
	buf = buf[:runtime.Stack(buf, false)]
	c.logger().LogAttrs(req.Context(), slog.LevelError, "webob: panic serving request",
		slog.String("method", req.Method()), slog.String("path", req.HTTP().URL.Path),
		slog.Any("panic", v), slog.String("stack", string(buf)))
	if st.started || st.hijacked {
		panic(http.ErrAbortHandler)
	}
	_ = serve(w, req, c.render(req, InternalServerError()), c, st)
}

// finish writes what a handler or middleware returned.
func (c *Config) finish(w http.ResponseWriter, req *Request, resp *Response, err error, st *serveState) {
	if err != nil {
		if resp != nil {
			resp.Close()
		}
		resp = c.errorResponse(req, err)
	} else if resp == nil {
		resp = &Response{StatusCode: http.StatusNoContent}
	}
	if resp.hijacked || st.hijacked {
		resp.Close()
		return
	}
	if err := serve(w, req, resp, c, st); err != nil {
		if errors.Is(err, errWritten) {
			if !isClientGone(req, err) {
				c.logger().LogAttrs(req.Context(), slog.LevelWarn, "webob: writing response",
					slog.String("method", req.Method()), slog.String("path", req.HTTP().URL.Path),
					slog.String("error", err.Error()))
			}
			return
		}
		c.logger().LogAttrs(req.Context(), slog.LevelError, "webob: response not sent",
			slog.String("method", req.Method()), slog.String("path", req.HTTP().URL.Path),
			slog.String("error", err.Error()))
		if !st.started {
			_ = serve(w, req, c.render(req, InternalServerError()), c, st)
		}
	}
}

// isClientGone reports a write error caused by the client going away.
func isClientGone(req *Request, err error) bool {
	return req.Context().Err() != nil || errors.Is(err, context.Canceled)
}

// errorResponse maps err to a rendered HTTP error and logs what must be
// logged.
func (c *Config) errorResponse(req *Request, err error) *Response {
	var he *HTTPError
	if !errors.As(err, &he) {
		code := ErrorStatus(err)
		he = &HTTPError{Code: code, Err: err, Detail: clientDetail(err, code)}
		if code == http.StatusInternalServerError {
			c.logger().LogAttrs(req.Context(), slog.LevelError, "webob: handler error",
				slog.String("method", req.Method()), slog.String("path", req.HTTP().URL.Path),
				slog.String("error", err.Error()))
		} else {
			c.logger().LogAttrs(req.Context(), slog.LevelInfo, "webob: bad request",
				slog.Int("status", code), slog.String("method", req.Method()),
				slog.String("path", req.HTTP().URL.Path), slog.String("error", err.Error()))
		}
	} else if he.Err != nil {
		level := slog.LevelInfo
		if he.StatusCode() >= 500 {
			level = slog.LevelError
		}
		c.logger().LogAttrs(req.Context(), level, "webob: HTTP error",
			slog.Int("status", he.StatusCode()), slog.String("method", req.Method()),
			slog.String("path", req.HTTP().URL.Path), slog.String("error", he.Err.Error()))
	}
	return c.render(req, he)
}
