package sessions

import (
	"bufio"
	"io"
	"net"
	"net/http"
)

// responseWriter commits the request's session just before the response
// header goes out, so that its Set-Cookie line (or the error answer of a
// failed commit) is part of it.
//
// It always offers Flush, Hijack, ReadFrom and Unwrap, so type assertions
// made by handlers (w.(http.Flusher)) and http.ResponseController reach
// the underlying writer. Hijack commits first; the Set-Cookie line is then
// lost with the header map, but the store is up to date.
type responseWriter struct {
	w    http.ResponseWriter
	s    *Session
	done bool  // the commit ran
	err  error // the commit failed and the error answer was sent instead
}

// ready commits the session once, for a response of the status code; it
// reports false when the commit failed, in which case the error answer
// has been written and what the handler writes next is refused with the
// commit's error.
func (rw *responseWriter) ready(code int) bool {
	if !rw.done {
		rw.done = true
		if err := rw.s.commit(rw.w.Header(), code); err != nil {
			rw.err = err
			rw.s.m.fail(rw.w, rw.s.r, err)
		}
	}
	return rw.err == nil
}

// finish commits a session whose handler returned without writing.
func (rw *responseWriter) finish() { rw.ready(http.StatusOK) }

// Header returns the header map of the underlying writer.
func (rw *responseWriter) Header() http.Header { return rw.w.Header() }

// WriteHeader commits the session, then sends the status. Informational
// codes (1xx but 101) pass through without committing, as they do not
// end the header.
func (rw *responseWriter) WriteHeader(code int) {
	if code >= 100 && code < 200 && code != http.StatusSwitchingProtocols {
		rw.w.WriteHeader(code)
		return
	}
	if rw.ready(code) {
		rw.w.WriteHeader(code)
	}
}

// Write commits the session (when the header is still to go), then
// writes.
func (rw *responseWriter) Write(p []byte) (int, error) {
	if !rw.ready(http.StatusOK) {
		return 0, rw.err
	}
	return rw.w.Write(p)
}

// WriteString is Write for a string, without a copy when the underlying
// writer is an io.StringWriter.
func (rw *responseWriter) WriteString(s string) (int, error) {
	if !rw.ready(http.StatusOK) {
		return 0, rw.err
	}
	return io.WriteString(rw.w, s)
}

// ReadFrom copies src to the response through the underlying writer's
// ReadFrom when it has one (net/http's uses sendfile for files).
func (rw *responseWriter) ReadFrom(src io.Reader) (int64, error) {
	if !rw.ready(http.StatusOK) {
		return 0, rw.err
	}
	if rf, ok := rw.w.(io.ReaderFrom); ok {
		return rf.ReadFrom(src)
	}
	return io.Copy(writerOnly{rw.w}, src)
}

// Flush commits the session and flushes; it does nothing more when the
// underlying writer cannot flush.
func (rw *responseWriter) Flush() { _ = rw.FlushError() }

// FlushError is Flush that reports the underlying writer's error, or
// http.ErrNotSupported when it cannot flush.
func (rw *responseWriter) FlushError() error {
	if !rw.ready(http.StatusOK) {
		return rw.err
	}
	return http.NewResponseController(rw.w).Flush()
}

// Hijack commits the session and hands the connection over, as the
// underlying writer does.
func (rw *responseWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	if !rw.ready(http.StatusOK) {
		return nil, nil, rw.err
	}
	return http.NewResponseController(rw.w).Hijack()
}

// Unwrap returns the underlying writer, for http.ResponseController.
func (rw *responseWriter) Unwrap() http.ResponseWriter { return rw.w }

// writerOnly hides every method of a writer but Write, so that io.Copy
// does not call back into ReadFrom.
type writerOnly struct{ io.Writer }
