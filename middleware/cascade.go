package middleware

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"os"
	"strconv"

	"github.com/webob-go/webob/webob"
)

// CascadeOptions configures Cascade. The zero value (and nil) gives the
// defaults.
type CascadeOptions struct {
	// Statuses are the status codes that pass the request on to the next
	// handler; nil means 404 only. {404, 405} suits handlers that answer
	// 405 for paths they know under other methods.
	Statuses []int

	// MemoryLimit is the most bytes of the request body kept in memory
	// for the next try; beyond it the body goes to a temporary file. 0
	// means 4096, as in Paste's cascade.
	MemoryLimit int64

	// MaxBodySize caps the body kept for the next try (memory and file);
	// a handler that reads past it gets a *BodyTooLargeError (an
	// *http.MaxBytesError too, for errors.As), which webob handlers and
	// webob.ErrorStatus answer 413 Content Too Large. 0 means
	// webob.DefaultMaxBodyBytes; a negative value means no cap. The last
	// handler reads the rest of the body straight from the client, with
	// no cap of Cascade's.
	MaxBodySize int64

	// TempDir is where the body file goes; "" means os.TempDir().
	TempDir string
}

// Cascade returns a handler that tries each handler in turn until one
// answers with a status not in opts.Statuses (by default, anything but
// 404 Not Found), as Paste's cascade does. The answers of the tries that
// fall through are discarded — status, header fields, body and any 1xx —
// and never reach the client; the answer of the handler that does not
// fall through, or of the last one, is sent as it is written, streaming
// (Flush, Hijack, http.ResponseController and io.ReaderFrom keep
// working). A handler that writes nothing answers 200 and ends the
// cascade.
//
// The request body is read from the client once: what a try reads is
// kept (in memory up to MemoryLimit, then in a temporary file, removed
// afterwards) and replayed from the start to the next try; the last
// handler continues from the client where the kept part ends. A body
// that no try reads is never buffered; one kept past MaxBodySize is 413
// Content Too Large (RFC 9110 §15.5.14). With no handlers, every request
// gets webob's negotiated 404.
func Cascade(opts *CascadeOptions, handlers ...http.Handler) http.Handler {
	c := &cascade{handlers: append([]http.Handler(nil), handlers...), mem: 4096, max: webob.DefaultMaxBodyBytes}
	c.pass[http.StatusNotFound-100] = true
	if opts != nil {
		if opts.Statuses != nil {
			c.pass = [500]bool{}
			for _, s := range opts.Statuses {
				if s >= 100 && s <= 599 {
					c.pass[s-100] = true
				}
			}
		}
		if opts.MemoryLimit > 0 {
			c.mem = opts.MemoryLimit
		}
		if opts.MaxBodySize != 0 {
			c.max = opts.MaxBodySize
		}
		c.tempDir = opts.TempDir
	}
	return c
}

type cascade struct {
	handlers []http.Handler
	pass     [500]bool // statuses 100..599 that fall through
	mem, max int64
	tempDir  string
}

func (c *cascade) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if len(c.handlers) == 0 {
		serveError(w, r, webob.NotFound())
		return
	}
	if len(c.handlers) == 1 {
		c.handlers[0].ServeHTTP(w, r)
		return
	}
	var store *bodyStore
	if r.Body != nil && r.Body != http.NoBody {
		store = &bodyStore{src: r.Body, memLimit: c.mem, max: c.max, tempDir: c.tempDir}
		defer store.cleanup()
	}
	last := len(c.handlers) - 1
	for i, h := range c.handlers {
		r2 := r
		if store != nil {
			r2 = new(http.Request)
			*r2 = *r
			r2.Body = &replay{s: store}
			r2.GetBody = nil
			store.last = i == last
		}
		if i == last {
			h.ServeHTTP(w, r2)
			return
		}
		th := w.Header().Clone()
		if th == nil {
			th = http.Header{}
		}
		tw := &tryWriter{w: w, h: th, pass: &c.pass}
		h.ServeHTTP(tw, r2)
		if tw.state == tryUndecided {
			tw.commit(http.StatusOK)
		}
		if tw.state != tryDiscarded {
			return
		}
	}
}

// Try states.
const (
	tryUndecided = iota
	tryCommitted
	tryDiscarded
)

// tryWriter holds back a try's answer until its status is known: one in
// the pass set is discarded, any other goes to the client.
type tryWriter struct {
	w     http.ResponseWriter
	h     http.Header // the try's own header until committed
	pass  *[500]bool
	state int
}

func (t *tryWriter) Header() http.Header {
	if t.state == tryCommitted {
		return t.w.Header()
	}
	return t.h
}

// commit copies the try's header to the client's and sends code.
func (t *tryWriter) commit(code int) {
	t.state = tryCommitted
	wh := t.w.Header()
	for k := range wh {
		if _, ok := t.h[k]; !ok {
			delete(wh, k)
		}
	}
	for k, v := range t.h {
		wh[k] = v
	}
	if code != 0 {
		t.w.WriteHeader(code)
	}
}

func (t *tryWriter) WriteHeader(code int) {
	switch t.state {
	case tryCommitted:
		t.w.WriteHeader(code)
	case tryUndecided:
		switch {
		case code >= 100 && code < 200 && code != http.StatusSwitchingProtocols:
			// 1xx of a try that may still fall through: dropped.
		case code >= 100 && code <= 599 && t.pass[code-100]:
			t.state = tryDiscarded
		default:
			t.commit(code)
		}
	}
}

func (t *tryWriter) Write(p []byte) (int, error) {
	if t.state == tryUndecided {
		t.WriteHeader(http.StatusOK)
	}
	if t.state == tryDiscarded {
		return len(p), nil
	}
	return t.w.Write(p)
}

func (t *tryWriter) WriteString(s string) (int, error) {
	if t.state == tryUndecided {
		t.WriteHeader(http.StatusOK)
	}
	if t.state == tryDiscarded {
		return len(s), nil
	}
	return io.WriteString(t.w, s)
}

// ReadFrom copies src through the client's writer's ReadFrom (sendfile)
// once the try is committed.
func (t *tryWriter) ReadFrom(src io.Reader) (int64, error) {
	if t.state == tryUndecided {
		t.WriteHeader(http.StatusOK)
	}
	if t.state == tryDiscarded {
		return io.Copy(io.Discard, src)
	}
	if rf, ok := t.w.(io.ReaderFrom); ok {
		return rf.ReadFrom(src)
	}
	return io.Copy(writerOnly{t.w}, src)
}

// Flush commits the try (with 200 when no status was sent) and flushes.
func (t *tryWriter) Flush() { _ = t.FlushError() }

// FlushError is Flush reporting the client writer's error.
func (t *tryWriter) FlushError() error {
	if t.state == tryUndecided {
		t.WriteHeader(http.StatusOK)
	}
	if t.state == tryDiscarded {
		return nil
	}
	return http.NewResponseController(t.w).Flush()
}

// Hijack commits the try (its header is not sent) and hands the
// connection over; a try already discarded cannot hijack.
func (t *tryWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	if t.state == tryDiscarded {
		return nil, nil, http.ErrNotSupported
	}
	if t.state == tryUndecided {
		t.commit(0)
	}
	return http.NewResponseController(t.w).Hijack()
}

// Unwrap returns the client's writer, for http.ResponseController
// (deadlines, full duplex).
func (t *tryWriter) Unwrap() http.ResponseWriter { return t.w }

// bodyStore reads the client's body once and keeps what was read for the
// next try: in memory up to memLimit, then in a temporary file.
type bodyStore struct {
	src           io.ReadCloser
	mem           []byte
	file          *os.File
	size          int64 // bytes kept
	err           error // sticky: io.EOF, the client's error, or a limit
	memLimit, max int64
	tempDir       string
	last          bool // the last try reads: what is new is not kept
}

func (s *bodyStore) readAt(p []byte, off int64) (int, error) {
	if off < s.size {
		if int64(len(p)) > s.size-off {
			p = p[:s.size-off]
		}
		if s.file != nil {
			return s.file.ReadAt(p, off)
		}
		return copy(p, s.mem[off:]), nil
	}
	if s.err != nil {
		return 0, s.err
	}
	if s.last {
		return s.src.Read(p)
	}
	over := false
	if s.max >= 0 && int64(len(p)) > s.max-s.size {
		p = p[:s.max-s.size+1]
		over = true
	}
	n, err := s.src.Read(p)
	if over && s.size+int64(n) > s.max {
		n = int(s.max - s.size)
		err = &BodyTooLargeError{Limit: s.max}
	}
	if n > 0 {
		if werr := s.keep(p[:n]); werr != nil {
			s.err = werr
			return 0, werr
		}
	}
	if err != nil {
		s.err = err
	}
	return n, err
}

// keep appends b to what is kept, moving to a file past memLimit.
func (s *bodyStore) keep(b []byte) error {
	if s.file == nil && s.size+int64(len(b)) <= s.memLimit {
		s.mem = append(s.mem, b...)
		s.size += int64(len(b))
		return nil
	}
	if s.file == nil {
		f, err := os.CreateTemp(s.tempDir, "webob-cascade-*")
		if err != nil {
			return err
		}
		s.file = f
		if _, err := f.Write(s.mem); err != nil {
			return err
		}
		s.mem = nil
	}
	if _, err := s.file.Write(b); err != nil {
		return err
	}
	s.size += int64(len(b))
	return nil
}

func (s *bodyStore) cleanup() {
	if s.file != nil {
		name := s.file.Name()
		_ = s.file.Close()
		_ = os.Remove(name)
	}
}

// replay is one try's view of the body, from the start.
type replay struct {
	s   *bodyStore
	off int64
}

func (r *replay) Read(p []byte) (int, error) {
	n, err := r.s.readAt(p, r.off)
	r.off += int64(n)
	return n, err
}

// Close does nothing: the server closes the client's body.
func (r *replay) Close() error { return nil }

// BodyTooLargeError is the read error of a request body that passes
// CascadeOptions.MaxBodySize. errors.As also finds an *http.MaxBytesError
// in it, and webob.ErrorStatus maps it to 413 Content Too Large.
type BodyTooLargeError struct {
	Limit int64 // the cap in bytes
}

// Error returns "middleware: cascade: request body larger than N bytes".
func (e *BodyTooLargeError) Error() string {
	return "middleware: cascade: request body larger than " + strconv.FormatInt(e.Limit, 10) + " bytes (MaxBodySize)"
}

// StatusCode returns 413.
func (e *BodyTooLargeError) StatusCode() int { return http.StatusRequestEntityTooLarge }

// Unwrap returns the equivalent *http.MaxBytesError.
func (e *BodyTooLargeError) Unwrap() error { return &http.MaxBytesError{Limit: e.Limit} }
