package httputil

import (
	"bytes"
	"net/http"
	"strconv"
)

// ResponseBuffer is an http.ResponseWriter that keeps the response — status,
// header and body — in memory until WriteTo sends it on, so that a handler
// can still change its mind (render an error page instead) after it has
// started writing. The zero value is ready to use.
type ResponseBuffer struct {
	buf    bytes.Buffer
	status int
	header http.Header
}

// Header returns the header of the buffered response, creating it on first
// use.
func (rb *ResponseBuffer) Header() http.Header {
	if rb.header == nil {
		rb.header = make(http.Header)
	}
	return rb.header
}

// Write appends p to the buffered body. It never fails.
func (rb *ResponseBuffer) Write(p []byte) (int, error) {
	return rb.buf.Write(p)
}

// WriteHeader records status; the last call wins, and nothing is sent
// until WriteTo.
func (rb *ResponseBuffer) WriteHeader(status int) {
	rb.status = status
}

// WriteTo sends the buffered response to w: its header fields (replacing
// fields of the same name already in w's header), Content-Length when the
// body is not empty, the status when WriteHeader was called (else w's
// default, 200), then the body. It returns the error of writing the body.
//
// Unlike io.WriterTo, whose name it shares, it takes an http.ResponseWriter
// and returns no count, as gddo's did.
func (rb *ResponseBuffer) WriteTo(w http.ResponseWriter) error {
	h := w.Header()
	for k, v := range rb.header {
		h[k] = v
	}
	n := rb.buf.Len()
	if n > 0 {
		h.Set("Content-Length", strconv.Itoa(n))
	}
	if rb.status != 0 {
		w.WriteHeader(rb.status)
	}
	if n == 0 {
		return nil
	}
	_, err := w.Write(rb.buf.Bytes())
	return err
}
