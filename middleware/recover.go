package middleware

import (
	"fmt"
	"log/slog"
	"net/http"
	"net/netip"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"

	"github.com/webob-go/webob/headers"
	"github.com/webob-go/webob/webob"
)

// RecoverOptions configures Recover. The zero value (and nil) means the
// defaults stated on each field.
type RecoverOptions struct {
	// Logger receives each recovered panic, once, at level Error with its
	// stack. nil means slog.Default().
	Logger *slog.Logger

	// Development answers a panic with a page showing the panic, the
	// stack with the source lines around each frame of the application
	// (frames of the Go runtime, net/http and this library folded away)
	// and a summary of the request — to loopback clients only. A request
	// whose peer is not a loopback address, or that carries a Forwarded,
	// X-Forwarded-For or X-Real-Ip field naming anything but a loopback
	// address (a proxy on the same machine passing on a remote client),
	// gets the ordinary 500. The page shows; it never evaluates anything.
	// Never turn it on in production.
	Development bool
}

// Recover turns a panic in the wrapped handler into the library's 500
// Internal Server Error, rendered as webob renders HTTP errors: HTML,
// JSON or application/problem+json (RFC 9457) as the request's Accept
// prefers (RFC 9110 §12.5.1), with the request ID of RequestID in its
// detail. The panic is logged once, with its stack, through slog.
//
// Header fields the handler set before it panicked that describe the
// content it meant to send (Content-*, ETag, Last-Modified, Location,
// Set-Cookie, Cache-Control, Expires, Trailer) are dropped; those set by
// middleware further out stay.
//
// When the response had already started (its header was sent, or the
// connection was hijacked), nothing more is written: after logging,
// Recover panics with http.ErrAbortHandler, so that net/http aborts the
// connection and the client sees a broken response instead of a
// truncated one that looks complete. A panic with http.ErrAbortHandler
// itself is passed on, not logged.
//
// A webob.HandlerFunc recovers its own panics (unless its Config has
// NoRecover) and answers them the same way; Recover catches what escapes
// any other handler. Place Recover inside AccessLog, so that the log
// shows the 500. The
// writer passed on keeps Flush, Hijack, ReadFrom and
// http.ResponseController working.
func Recover(opts *RecoverOptions) func(http.Handler) http.Handler {
	var o RecoverOptions
	if opts != nil {
		o = *opts
	}
	return func(next http.Handler) http.Handler {
		return &recoverer{next: next, logger: o.Logger, dev: o.Development}
	}
}

type recoverer struct {
	next   http.Handler
	logger *slog.Logger
	dev    bool
}

var observers = sync.Pool{New: func() any { return new(observer) }}

func (m *recoverer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	o := observers.Get().(*observer)
	o.reset(w)
	defer m.recover(w, r, o)
	m.next.ServeHTTP(o, r)
}

// recover must be deferred directly.
func (m *recoverer) recover(w http.ResponseWriter, r *http.Request, o *observer) {
	v := recover()
	if v == nil {
		o.reset(nil)
		observers.Put(o)
		return
	}
	if v == http.ErrAbortHandler { //nolint:errorlint // sentinel compared as net/http does
		panic(v)
	}
	var pcs []uintptr
	if m.dev {
		pcs = make([]uintptr, 128)
		pcs = pcs[:runtime.Callers(1, pcs)]
	}
	rid := RequestIDFrom(r.Context())
	if rid == "" {
		rid = headerValue(w.Header(), DefaultRequestIDHeader)
	}
	logger := m.logger
	if logger == nil {
		logger = slog.Default()
	}
	attrs := []slog.Attr{
		slog.String("method", r.Method),
		slog.String("path", r.URL.Path),
		slog.String("panic", fmt.Sprint(v)),
		slog.String("stack", string(debug.Stack())),
	}
	if rid != "" {
		attrs = append(attrs, slog.String("request_id", rid))
	}
	if o.wroteHeader() {
		attrs = append(attrs, slog.Bool("aborted", true))
	}
	logger.LogAttrs(r.Context(), slog.LevelError, "middleware: panic serving request", attrs...)
	if o.wroteHeader() {
		panic(http.ErrAbortHandler)
	}
	dropContentHeaders(w.Header())
	req := webob.NewRequest(r, nil)
	if m.dev && loopbackClient(r) {
		serveDevPage(w, req, v, pcs, rid)
		return
	}
	e := webob.InternalServerError()
	if rid != "" {
		e.Detail = "Request ID: " + rid
	}
	_ = e.Response(req).Serve(w, req)
}

// dropContentHeaders deletes what a handler may have set for the response
// it meant to send.
func dropContentHeaders(h http.Header) {
	for k := range h {
		if strings.HasPrefix(k, "Content-") || strings.HasPrefix(k, http.TrailerPrefix) {
			delete(h, k)
			continue
		}
		switch k {
		case "Etag", "Last-Modified", "Location", "Set-Cookie", "Cache-Control", "Expires",
			"Trailer", "Transfer-Encoding", "Accept-Ranges", "Refresh":
			delete(h, k)
		}
	}
}

// loopbackClient reports whether r comes from a loopback address with no
// forwarding field naming any other address.
func loopbackClient(r *http.Request) bool {
	if a, err := netip.ParseAddr(hostOnly(r.RemoteAddr)); err != nil || !a.Unmap().IsLoopback() {
		return false
	}
	if lines := r.Header["Forwarded"]; len(lines) > 0 {
		els, err := headers.ParseForwarded(lines)
		if err != nil {
			return false
		}
		for _, el := range els {
			n, err := headers.ParseNode(el.For)
			if err != nil || !n.Addr.Unmap().IsLoopback() {
				return false
			}
		}
	}
	if lines := r.Header["X-Forwarded-For"]; len(lines) > 0 {
		nodes, err := headers.ParseXForwardedFor(lines)
		if err != nil {
			return false
		}
		for _, n := range nodes {
			if !n.Addr.Unmap().IsLoopback() {
				return false
			}
		}
	}
	for _, v := range r.Header["X-Real-Ip"] {
		if a, err := netip.ParseAddr(strings.TrimSpace(v)); err != nil || !a.Unmap().IsLoopback() {
			return false
		}
	}
	return true
}
