package webob

import (
	"bufio"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/webob-go/webob/headers"
)

// serveState is what one request's adapters share: the real writer,
// whether the status line went out, and the captures of plain
// http.Handlers to give back when the request is over.
type serveState struct {
	w        http.ResponseWriter
	cfg      *Config
	started  bool
	hijacked bool
	released bool
	cap0     *captureWriter   // the first capture (usually the only one)
	caps     []*captureWriter // more, when a middleware calls next again

	// sharer is the capture using w's own header map, if any (see
	// captureWriter.shared).
	sharer *captureWriter

	// spare is a capture writer the middleware's frame holds, used by the
	// first capture instead of one from the pool.
	spare *captureWriter

	// owner is the outermost middleware's frame, which keeps the layers
	// of inner middleware between requests; nil outside a middleware.
	owner *frame
}

// unshare ends the use of the real writer's header map by a capture
// before anything else is written to it: resp, when it holds that map,
// gets a copy (with the handler's trailers moved out of it), and the map
// is cleared, so a Response the middleware answers with instead, an error
// page or a 500 after a panic carries none of the handler's fields.
func (st *serveState) unshare(resp *Response) {
	cw := st.sharer
	if cw == nil {
		return
	}
	st.sharer = nil
	oh := st.w.Header()
	if resp != nil && sameMap(resp.header, oh) {
		h := cw.own // unused while the capture shared oh
		for k, v := range oh {
			h[k] = v
		}
		resp.header = h
		if len(h["Trailer"]) > 0 || hasTrailerPrefix(h) {
			moveTrailers(h, resp)
		}
	}
	clear(oh)
}

// sameMap reports whether a and b are the same map.
func sameMap(a, b http.Header) bool {
	return a != nil && b != nil && reflect.ValueOf(a).UnsafePointer() == reflect.ValueOf(b).UnsafePointer()
}

// track records cw for releaseCaptures.
func (st *serveState) track(cw *captureWriter) {
	if st.cap0 == nil {
		st.cap0 = cw
		return
	}
	st.caps = append(st.caps, cw)
}

// releaseCaptures gives the captures of the request back to their pool.
// It runs once the response is written (or abandoned): a captured body is
// read from the capture's buffer until then.
func (st *serveState) releaseCaptures() {
	if st.cap0 != nil {
		st.cap0.release()
		st.cap0 = nil
	}
	for i, cw := range st.caps {
		cw.release()
		st.caps[i] = nil
	}
	st.caps = st.caps[:0]
}

// captured reports whether resp holds the answer of a capture.
func (st *serveState) captured(resp *Response) bool {
	if st.cap0 != nil && st.cap0.resp == resp {
		return true
	}
	for _, cw := range st.caps {
		if cw.resp == resp {
			return true
		}
	}
	return false
}

// newCapture returns the frame's spare capture writer or one from the
// pool.
func (st *serveState) newCapture() *captureWriter {
	if cw := st.spare; cw != nil {
		st.spare = nil
		cw.inFrame = true
		return cw
	}
	return capturePool.Get().(*captureWriter)
}

// defaultCaptureLimit is the capture limit of the zero Config.
const defaultCaptureLimit = 16 << 10

// maxPooledBuffer is the largest body buffer kept in the pool.
const maxPooledBuffer = 64 << 10

// captureLimit returns the number of body bytes a capture holds.
func (c *Config) captureLimit() int {
	switch {
	case c.CaptureLimit > 0:
		return c.CaptureLimit
	case c.CaptureLimit < 0:
		return 0
	}
	return defaultCaptureLimit
}

var capturePool = sync.Pool{New: func() any { return newCaptureWriter() }}

func newCaptureWriter() *captureWriter { return &captureWriter{own: make(http.Header, 4)} }

// captureWriter is the http.ResponseWriter a plain http.Handler writes to
// under a Middleware. It records the status, the header map and the body
// in a pooled buffer; on a flush, or when the body outgrows the limit, it
// sends what it holds to the real writer and passes the rest through.
type captureWriter struct {
	outer  http.ResponseWriter
	st     *serveState
	req    *Request
	resp   *Response   // the Response handed back, once the handler returned
	header http.Header // the handler's header map: own or outer's
	own    http.Header // the pooled map used when outer's cannot be
	status int         // 0 until WriteHeader or the first Write

	// shared is set when header is the real writer's own map, empty when
	// the capture started: the handler's fields then need no copying
	// when its response is written as it is. Anything else written first
	// clears the map (serveState.unshare).
	shared bool
	limit  int
	buf    []byte

	passing  bool // status and header went to outer; writes go there
	hijacked bool
	inFrame  bool // a frame's spare, not the pool's

	x    extra       // the captured Response's extra, when it had none
	body captureBody // the captured Response's body
}

// capture runs a plain http.Handler in the caller's goroutine and returns
// what it answered as req's own Response.
func (st *serveState) capture(h http.Handler, req *Request) (*Response, error) {
	cw := st.newCapture()
	cw.outer, cw.st, cw.req, cw.limit = st.w, st, req, st.cfg.captureLimit()
	st.track(cw)
	if oh := st.w.Header(); len(oh) == 0 && st.sharer == nil {
		cw.header, cw.shared, st.sharer = oh, true, cw
	} else {
		cw.header = cw.own
	}
	resp := &req.resp
	if (resp.header != nil || resp.ctype != "") && !st.captured(resp) {
		// Fields the middleware set before calling next. The fields of
		// an earlier capture into the same Response are not kept: a
		// handler's answer replaces the one before whole.
		for k, v := range resp.Header() {
			cw.header[k] = v
		}
	}
	h.ServeHTTP(cw, req.HTTP())
	return cw.response(resp)
}

// response fills resp with what the handler answered.
func (cw *captureWriter) response(resp *Response) (*Response, error) {
	if cw.hijacked {
		return &Response{hijacked: true}, nil
	}
	if cw.status == 0 {
		cw.status = http.StatusOK
	}
	resp.closeStream()
	resp.dropStream()
	resp.StatusCode = cw.status
	resp.header, resp.ctype, resp.s = cw.header, "", ""
	if cw.passing {
		cw.passTrailers()
		resp.sent = true
		resp.kind = bodyNone
		if resp.x != nil {
			resp.x.b = nil
		}
		return resp, nil
	}
	x := resp.x
	if x == nil {
		cw.x = extra{}
		x = &cw.x
		resp.x = x
	}
	if !cw.shared && (len(cw.header["Trailer"]) > 0 || hasTrailerPrefix(cw.header)) {
		// A shared map keeps them until it is unshared: written as it is,
		// net/http sends them itself.
		moveTrailers(cw.header, resp)
	}
	size := int64(len(cw.buf))
	if size == 0 && (cw.req.Method() == http.MethodHead || !bodyAllowed(cw.status)) {
		// The length of the body a GET would have had.
		if v := cw.header["Content-Length"]; len(v) > 0 {
			if n, err := headers.ParseContentLength(v); err == nil {
				size = n
			}
		}
	}
	cw.body = captureBody{b: cw.buf}
	cw.resp = resp
	resp.kind = bodyReader
	x.b, x.rd, x.fn, x.size, x.bodyErr = nil, &cw.body, nil, size, nil
	return resp, nil
}

// hasTrailerPrefix reports whether h holds a field set with
// http.TrailerPrefix.
func hasTrailerPrefix(h http.Header) bool {
	for k := range h {
		if strings.HasPrefix(k, http.TrailerPrefix) {
			return true
		}
	}
	return false
}

// moveTrailers moves the trailer values a handler set — the fields it
// declared in Trailer and those set with http.TrailerPrefix — from its
// header map h to resp's trailers, and drops the Trailer field (it is
// written again from the trailers).
func moveTrailers(h http.Header, resp *Response) {
	for k, vs := range h {
		if strings.HasPrefix(k, http.TrailerPrefix) {
			resp.Trailer()[http.CanonicalHeaderKey(k[len(http.TrailerPrefix):])] = vs
			delete(h, k)
		}
	}
	for name := range headers.List(h["Trailer"]) {
		k := http.CanonicalHeaderKey(name)
		if vs, ok := h[k]; ok {
			resp.Trailer()[k] = vs
			delete(h, k)
		}
	}
	delete(h, "Trailer")
}

// passTrailers copies the trailer values the handler set to the real
// writer's header map, where net/http looks for them at the end.
func (cw *captureWriter) passTrailers() {
	if cw.shared {
		return // already there
	}
	declared := cw.header["Trailer"]
	if len(declared) == 0 && !hasTrailerPrefix(cw.header) {
		return
	}
	oh := cw.outer.Header()
	for k, vs := range cw.header {
		if strings.HasPrefix(k, http.TrailerPrefix) {
			oh[k] = vs
		}
	}
	for name := range headers.List(declared) {
		k := http.CanonicalHeaderKey(name)
		if vs, ok := cw.header[k]; ok {
			oh[k] = vs
		}
	}
}

// release clears cw and puts it back in the pool.
func (cw *captureWriter) release() {
	if len(cw.own) > 0 {
		clear(cw.own)
	}
	buf := cw.buf[:0]
	if cap(buf) > maxPooledBuffer {
		buf = nil
	}
	inFrame := cw.inFrame
	*cw = captureWriter{own: cw.own, buf: buf}
	if !inFrame {
		capturePool.Put(cw)
	}
}

// Outcomes of replay.
const (
	replayUnshare = iota // serve must write resp after unshare
	replayShared         // serve may write resp over the shared map as it is
	replayDone           // written
)

// replay writes the captured Response resp when the middleware returned
// it with the body the handler wrote (or with bytes or a string in its
// place) and nothing that serve would change:
// no precondition or range to evaluate, no Location to make safe, no Vary
// to add, no length to fix, no trailer, no field to refuse. The handler's
// header map is then the real writer's already, so only the status and
// the body remain to write (replayDone).
//
// Otherwise it writes nothing and tells whether serve may write resp
// over the shared map as it is (replayShared: serve will write resp and
// no other Response, so every field in the map is meant to be sent) or
// must unshare it first (replayUnshare).
func (cw *captureWriter) replay(req *Request, resp *Response) int {
	if !cw.shared || cw.passing || cw.hijacked || resp != cw.resp || resp.x == nil ||
		resp.kind == bodyJSON || resp.x.bodyErr != nil || resp.x.trailer != nil {
		return replayUnshare // serve may refuse it and answer 500
	}
	h := cw.outer.Header()
	// One pass over the fields instead of serve's lookups and checks.
	var validator, ranges, location bool
	var cl []string
	for k, vs := range h {
		switch k {
		case "Etag", "Last-Modified":
			validator = true
		case "Accept-Ranges":
			ranges = true
		case "Content-Length":
			cl = vs
		case "Location":
			location = true
		case "Trailer":
			return replayUnshare // moved to resp's trailers first
		case "Content-Type", "Cache-Control", "Content-Encoding", "Content-Language", "Date", "Expires",
			"Server", "Set-Cookie", "Vary", "X-Content-Type-Options", "X-Frame-Options":
			// Tokens: nothing to check on the name.
		default:
			if !headers.ValidToken(k) { // http.TrailerPrefix fields too
				return replayUnshare
			}
		}
		for _, v := range vs {
			if !headers.SafeFieldValue(v) {
				return replayUnshare // refused by serve: a 500 follows
			}
		}
	}
	status := resp.StatusCode
	cfg := cw.st.cfg
	if validator && status >= 200 && status < 300 && !resp.DisableConditional && !cfg.DisableConditional {
		return replayUnshare // a 304 or 412 may replace it
	}
	if ranges && status == http.StatusOK && !resp.DisableRanges && !cfg.DisableRanges {
		return replayUnshare // a 416 may replace it
	}
	// resp.header is h: Header never replaces a map, and a second capture
	// into the same Response (which would) is not replayed.
	// The body: the one captured, or bytes or a string the middleware
	// set (a rewrite).
	var body []byte
	var str string
	switch {
	case resp.kind == bodyReader && resp.x.rd == &cw.body && cw.body.off == 0:
		body = cw.body.b
	case resp.kind == bodyBytes:
		body = resp.x.b
	case resp.kind == bodyString:
		str = resp.s
	case resp.kind != bodyNone:
		return replayShared
	}
	n := len(body) + len(str)
	switch {
	case location, status < 200, !bodyAllowed(status),
		req.Method() == http.MethodHead, len(req.NegotiatedHeaders()) > 0:
		return replayShared
	case cl != nil:
		if v, err := headers.ParseContentLength(cl); err != nil || v != int64(n) {
			return replayShared
		}
	case n > chunkThreshold:
		return replayShared
	}
	cw.st.started = true
	cw.outer.WriteHeader(status)
	if n > 0 {
		var err error
		if str != "" {
			_, err = io.WriteString(cw.outer, str)
		} else {
			_, err = cw.outer.Write(body)
		}
		if err != nil && !isClientGone(req, err) {
			cfg.logger().LogAttrs(req.Context(), slog.LevelWarn, "webob: writing response",
				slog.String("method", req.Method()), slog.String("path", req.HTTP().URL.Path),
				slog.String("error", err.Error()))
		}
	}
	return replayDone
}

// passThrough sends the status, the header fields and the body so far to
// the real writer; everything after goes straight there.
func (cw *captureWriter) passThrough() error {
	cw.passing = true
	h := cw.outer.Header()
	if !cw.shared {
		cw.st.unshare(nil) // an earlier capture's fields
		for k, v := range cw.header {
			if !strings.HasPrefix(k, http.TrailerPrefix) {
				h[k] = v
			}
		}
	}
	if len(cw.req.NegotiatedHeaders()) > 0 || !onlyCommonFields(h) {
		finishHeader(h, cw.req, cw.st.cfg)
	}
	cw.st.started = true
	cw.outer.WriteHeader(cw.status)
	if len(cw.buf) == 0 {
		return nil
	}
	_, err := cw.outer.Write(cw.buf)
	cw.buf = cw.buf[:0]
	return err
}

// commonFields are the fields a streamed response usually has, none of
// them a spelling of Location.
var commonFields = [...]string{"Content-Type", "Cache-Control", "Content-Length", "Content-Encoding"}

// onlyCommonFields reports whether every field of h is one of
// commonFields: finishHeader has then nothing to do on h but add the
// negotiated Vary (no Location can be there under any spelling). A few
// lookups cost less than finishHeader's walk over the map, which a
// pass-through does once per request.
func onlyCommonFields(h http.Header) bool {
	n := len(h)
	for i, k := range commonFields {
		if n == 0 {
			return true
		}
		if n > len(commonFields)-i {
			return false // more fields than names left
		}
		if _, ok := h[k]; ok {
			n--
		}
	}
	return n == 0
}

// Header returns the handler's header map.
func (cw *captureWriter) Header() http.Header { return cw.header }

// WriteHeader records the status. A 1xx status (but 101) is sent at once
// on the real writer with the header fields set so far. A code outside
// 100–999 panics, as net/http's writer does: a handler bug, recovered and
// logged by the adapter.
func (cw *captureWriter) WriteHeader(code int) {
	if code < 100 || code > 999 {
		panic("webob: invalid WriteHeader code " + strconv.Itoa(code))
	}
	if cw.status != 0 || cw.hijacked {
		return
	}
	if code >= 100 && code < 200 && code != http.StatusSwitchingProtocols {
		if !cw.shared {
			cw.st.unshare(nil) // an earlier capture's fields
			h := cw.outer.Header()
			for k, v := range cw.header {
				h[k] = v
			}
		}
		cw.outer.WriteHeader(code)
		return
	}
	cw.status = code
}

// Write records body bytes, or passes them on.
func (cw *captureWriter) Write(p []byte) (int, error) {
	if cw.passing {
		// A stream's writes: passing implies a status and no hijack.
		return cw.outer.Write(p)
	}
	if cw.hijacked {
		return 0, http.ErrHijacked
	}
	if cw.status == 0 {
		cw.status = http.StatusOK
	}
	if !cw.passing {
		if len(cw.buf)+len(p) <= cw.limit {
			cw.buf = append(cw.buf, p...)
			return len(p), nil
		}
		if err := cw.passThrough(); err != nil {
			return 0, err
		}
	}
	return cw.outer.Write(p)
}

// WriteString is Write for a string.
func (cw *captureWriter) WriteString(s string) (int, error) {
	if cw.passing {
		return io.WriteString(cw.outer, s)
	}
	if cw.hijacked {
		return 0, http.ErrHijacked
	}
	if cw.status == 0 {
		cw.status = http.StatusOK
	}
	if !cw.passing {
		if len(cw.buf)+len(s) <= cw.limit {
			cw.buf = append(cw.buf, s...)
			return len(s), nil
		}
		if err := cw.passThrough(); err != nil {
			return 0, err
		}
	}
	return io.WriteString(cw.outer, s)
}

// ReadFrom copies src into the body. A source longer than what the
// capture may hold is passed through, to the real writer's ReadFrom
// (sendfile) when it has one.
func (cw *captureWriter) ReadFrom(src io.Reader) (int64, error) {
	if cw.hijacked {
		return 0, http.ErrHijacked
	}
	if cw.status == 0 {
		cw.status = http.StatusOK
	}
	var n int64
	if !cw.passing {
		room := cw.limit - len(cw.buf)
		if lr, ok := src.(*io.LimitedReader); !ok || lr.N <= int64(room) {
			// Read up to one byte past the limit: reaching it means the
			// source is longer than the capture may hold.
			for len(cw.buf) <= cw.limit {
				if len(cw.buf) == cap(cw.buf) {
					cw.buf = slices.Grow(cw.buf, 512)
				}
				m, err := src.Read(cw.buf[len(cw.buf):min(cap(cw.buf), cw.limit+1)])
				cw.buf = cw.buf[:len(cw.buf)+m]
				n += int64(m)
				if err == io.EOF {
					return n, nil
				}
				if err != nil {
					return n, err
				}
			}
		}
		if err := cw.passThrough(); err != nil {
			return n, err
		}
	}
	var m int64
	var err error
	if rf, ok := cw.outer.(io.ReaderFrom); ok {
		m, err = rf.ReadFrom(src)
	} else {
		m, err = io.Copy(writerOnly{cw.outer}, src)
	}
	return n + m, err
}

// writerOnly hides every method of a writer but Write, so io.Copy does not
// call back into ReadFrom.
type writerOnly struct{ io.Writer }

// FlushError turns the capture into pass-through and flushes the real
// writer.
func (cw *captureWriter) FlushError() error {
	if cw.hijacked {
		return http.ErrHijacked
	}
	if cw.status == 0 {
		cw.status = http.StatusOK
	}
	if !cw.passing {
		if err := cw.passThrough(); err != nil {
			return err
		}
	}
	return http.NewResponseController(cw.outer).Flush()
}

// Flush is FlushError without the error, for http.Flusher.
func (cw *captureWriter) Flush() { _ = cw.FlushError() }

// errAlreadyStarted reports Hijack after the response started.
var errAlreadyStarted = errors.New("webob: cannot hijack after the response started")

// Hijack takes over the connection of the real writer. It is possible
// only before the handler wrote its status or body.
func (cw *captureWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	if cw.status != 0 || cw.passing {
		return nil, nil, errAlreadyStarted
	}
	conn, brw, err := http.NewResponseController(cw.outer).Hijack()
	if err != nil {
		return nil, nil, err
	}
	cw.hijacked = true
	cw.st.hijacked = true
	return conn, brw, nil
}

// Unwrap returns the real writer, for http.ResponseController.
func (cw *captureWriter) Unwrap() http.ResponseWriter { return cw.outer }

// captureBody is the body of a captured Response: the capture's buffer,
// valid until the request is over. It is read in place when the Response
// is sent; Response.Body copies it.
type captureBody struct {
	b   []byte
	off int
}

// Read reads the body.
func (cb *captureBody) Read(p []byte) (int, error) {
	if cb.off >= len(cb.b) {
		return 0, io.EOF
	}
	n := copy(p, cb.b[cb.off:])
	cb.off += n
	return n, nil
}

// WriteTo writes the rest of the body to w in one call.
func (cb *captureBody) WriteTo(w io.Writer) (int64, error) {
	if cb.off >= len(cb.b) {
		return 0, nil
	}
	n, err := w.Write(cb.b[cb.off:])
	cb.off += n
	return int64(n), err
}

// ReadAt reads the body at an offset, for ranges.
func (cb *captureBody) ReadAt(p []byte, off int64) (int, error) {
	if off < 0 {
		return 0, errors.New("webob: negative offset")
	}
	if off >= int64(len(cb.b)) {
		return 0, io.EOF
	}
	n := copy(p, cb.b[off:])
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}
