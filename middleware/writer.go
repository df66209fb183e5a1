package middleware

import (
	"bufio"
	"io"
	"net"
	"net/http"
)

// observer wraps an http.ResponseWriter and records what the handler sends
// through it: the final status, the number of body bytes, and whether the
// header has gone out. It changes nothing that is written; middleware that
// only needs to watch (access logs, recovery, lint) embeds it.
//
// It always offers Flush, Hijack, ReadFrom and Unwrap, so type assertions
// made by handlers (w.(http.Flusher)) and http.ResponseController both
// reach the underlying writer. Hijack reports http.ErrNotSupported when the
// underlying writer cannot hijack; Flush does nothing when it cannot flush.
type observer struct {
	w      http.ResponseWriter
	status int   // the final status sent, 0 until the header is out
	size   int64 // body bytes written
	// onHeader, when set, runs once just before the final header is sent
	// (not for 1xx informational responses), with the status to be sent.
	onHeader func(code int)
	hijacked bool
}

// reset makes o observe w from scratch.
func (o *observer) reset(w http.ResponseWriter) {
	*o = observer{w: w}
}

// Header returns the header map of the underlying writer.
func (o *observer) Header() http.Header { return o.w.Header() }

// WriteHeader sends the status. Informational (1xx) codes pass through and
// leave the response open, as net/http does; any later final code after
// the first is passed on for net/http to report as superfluous.
func (o *observer) WriteHeader(code int) {
	if o.status == 0 && code >= 200 {
		if o.onHeader != nil {
			o.onHeader(code)
		}
		o.status = code
	}
	o.w.WriteHeader(code)
}

func (o *observer) implicitHeader() {
	if o.status == 0 {
		o.WriteHeader(http.StatusOK)
	}
}

// Write sends body bytes, sending a 200 header first when none was sent.
func (o *observer) Write(p []byte) (int, error) {
	o.implicitHeader()
	n, err := o.w.Write(p)
	o.size += int64(n)
	return n, err
}

// WriteString is Write for a string, without a copy when the underlying
// writer is an io.StringWriter.
func (o *observer) WriteString(s string) (int, error) {
	o.implicitHeader()
	n, err := io.WriteString(o.w, s)
	o.size += int64(n)
	return n, err
}

// ReadFrom copies src to the response, through the underlying writer's
// ReadFrom when it has one (net/http's uses sendfile for files).
func (o *observer) ReadFrom(src io.Reader) (int64, error) {
	o.implicitHeader()
	var n int64
	var err error
	if rf, ok := o.w.(io.ReaderFrom); ok {
		n, err = rf.ReadFrom(src)
	} else {
		n, err = io.Copy(writerOnly{o.w}, src)
	}
	o.size += n
	return n, err
}

// Flush sends what is buffered to the client, sending a 200 header first
// when none was sent.
func (o *observer) Flush() { _ = o.FlushError() }

// FlushError is Flush that reports the underlying writer's error, or
// http.ErrNotSupported when it cannot flush.
func (o *observer) FlushError() error {
	o.implicitHeader()
	return http.NewResponseController(o.w).Flush()
}

// Hijack hands the connection over, as the underlying writer does.
func (o *observer) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	c, rw, err := http.NewResponseController(o.w).Hijack()
	if err == nil {
		o.hijacked = true
	}
	return c, rw, err
}

// Unwrap returns the underlying writer, for http.ResponseController.
func (o *observer) Unwrap() http.ResponseWriter { return o.w }

// wroteHeader reports whether the final header has been sent (or the
// connection hijacked): after that the status can no longer change.
func (o *observer) wroteHeader() bool { return o.status != 0 || o.hijacked }

// writerOnly hides every method of a writer but Write, so that io.Copy
// does not call back into ReadFrom.
type writerOnly struct{ io.Writer }
