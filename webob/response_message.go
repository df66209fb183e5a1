package webob

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httputil"
	"slices"
	"strconv"
	"strings"

	"github.com/webob-go/webob/headers"
)

// ErrMalformedResponse reports bytes that are not an HTTP/1.x response.
var ErrMalformedResponse = errors.New("webob: malformed HTTP response")

// WriteMessage writes r to w as an HTTP/1.1 response message: the status
// line (with Reason, or the standard phrase), the header fields in
// canonical-name order, and the body — with Content-Length when its
// length is known, else chunked, followed by the trailers. A stream or
// function body is consumed. Nothing is written when a field name is not
// a token or a value holds CR, LF, NUL or another control byte (the
// error wraps ErrInvalidHeader), or when r carries a construction error.
// No conditional or range evaluation takes place.
func (r *Response) WriteMessage(w io.Writer) error {
	r.materialize()
	if err := r.err(); err != nil {
		return err
	}
	if err := r.syncCacheControl(); err != nil {
		return err
	}
	if err := checkHeader(r.header); err != nil {
		return err
	}
	if err := checkHeader(r.trailer); err != nil {
		return err
	}
	if r.header == nil && r.ctype != "" {
		if err := checkField("Content-Type", r.ctype); err != nil {
			return err
		}
	}
	status := r.StatusCode()
	reason := r.Reason
	if reason == "" {
		reason = StatusText(status)
	}
	if strings.ContainsAny(reason, "\r\n\x00") {
		return errors.Join(ErrInvalidHeader, errors.New("webob: reason phrase"))
	}
	if status < 100 || status > 999 {
		return fmt.Errorf("%w: status %d", ErrInvalidHeader, status)
	}
	bw, flush := bufferedWriter(w)
	bw.WriteString("HTTP/1.1 ")
	bw.WriteString(strconv.Itoa(status))
	bw.WriteByte(' ')
	bw.WriteString(reason)
	bw.WriteString("\r\n")

	hasBody := bodyAllowed(status)
	n := int64(-1)
	if hasBody {
		n = r.rangeLength()
	}
	chunked := hasBody && (n < 0 || len(r.trailer) > 0)
	keys := make([]string, 0, len(r.header)+3)
	for k := range r.header {
		switch k {
		case "Content-Length", "Transfer-Encoding", "Trailer":
			if hasBody {
				continue
			}
		}
		keys = append(keys, k)
	}
	if r.header == nil && r.ctype != "" {
		keys = append(keys, "Content-Type")
	}
	slices.Sort(keys)
	for _, k := range keys {
		for _, v := range r.values(k) {
			writeField(bw, k, v)
		}
	}
	if hasBody {
		if len(r.trailer) > 0 {
			tk := make([]string, 0, len(r.trailer))
			for k := range r.trailer {
				tk = append(tk, k)
			}
			slices.Sort(tk)
			writeField(bw, "Trailer", strings.Join(tk, ", "))
		}
		if chunked {
			writeField(bw, "Transfer-Encoding", "chunked")
		} else {
			writeField(bw, "Content-Length", strconv.FormatInt(n, 10))
		}
	}
	bw.WriteString("\r\n")
	if !hasBody {
		r.Close()
		return flush()
	}
	var dst io.Writer = bw
	var cw io.WriteCloser
	if chunked {
		cw = httputil.NewChunkedWriter(bw)
		dst = cw
	}
	var err error
	switch r.kind {
	case bodyBytes:
		_, err = dst.Write(r.b)
	case bodyString:
		_, err = io.WriteString(dst, r.s)
	case bodyReader:
		rd := r.x.rd
		r.x.rd, r.kind = nil, bodyNone
		_, err = io.Copy(dst, rd)
		closeIf(rd)
	case bodyFunc:
		err = r.x.fn(dst)
	}
	if err != nil {
		return err
	}
	if chunked {
		if err := cw.Close(); err != nil { // writes the last chunk "0\r\n"
			return err
		}
		tk := make([]string, 0, len(r.trailer))
		for k := range r.trailer {
			tk = append(tk, k)
		}
		slices.Sort(tk)
		if err := checkHeader(r.trailer); err != nil {
			return err
		}
		for _, k := range tk {
			for _, v := range r.trailer[k] {
				writeField(bw, k, v)
			}
		}
		bw.WriteString("\r\n")
	}
	return flush()
}

// msgWriter is what WriteMessage writes to: a *bytes.Buffer, a
// *bufio.Writer, or a bufio.Writer around any other io.Writer.
type msgWriter interface {
	io.Writer
	io.StringWriter
	io.ByteWriter
}

func bufferedWriter(w io.Writer) (msgWriter, func() error) {
	if mw, ok := w.(msgWriter); ok {
		return mw, func() error { return nil }
	}
	bw := bufio.NewWriter(w)
	return bw, bw.Flush
}

func writeField(bw msgWriter, k, v string) {
	bw.WriteString(k)
	bw.WriteString(": ")
	bw.WriteString(v)
	bw.WriteString("\r\n")
}

// AsBytes returns r as HTTP/1.1 response bytes (see WriteMessage). A
// stream or function body is read into memory first, so the response can
// still be sent afterwards.
func (r *Response) AsBytes() ([]byte, error) {
	r.materialize()
	if r.IsStream() {
		if _, err := r.Body(); err != nil {
			return nil, err
		}
	}
	var buf bytes.Buffer
	if err := r.WriteMessage(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// ReadResponse reads an HTTP/1.x response message from br, as answering a
// GET (use ReadResponseFor for HEAD or other methods, which decide
// whether there is a body). The body is not read: it becomes a stream
// body (of known size when Content-Length was given; chunked bodies are
// decoded and their trailers arrive in Trailer once the body has been
// read to the end). A reason phrase other than the standard one is kept
// in Reason. Malformed messages, including a header field with white
// space before its colon, are errors wrapping ErrMalformedResponse.
func ReadResponse(br *bufio.Reader) (*Response, error) {
	return ReadResponseFor(br, http.MethodGet)
}

// ReadResponseFor is ReadResponse for a response to the given method.
func ReadResponseFor(br *bufio.Reader, method string) (*Response, error) {
	head, err := readHeaderBlock(br)
	if err != nil {
		return nil, err
	}
	src := bufio.NewReader(io.MultiReader(bytes.NewReader(head), br))
	hr, err := http.ReadResponse(src, &http.Request{Method: method})
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrMalformedResponse, err)
	}
	r := &Response{Status: hr.StatusCode, header: hr.Header}
	if _, reason, ok := strings.Cut(hr.Status, " "); ok && reason != StatusText(hr.StatusCode) {
		r.Reason = reason
	}
	if r.header == nil {
		r.header = make(http.Header)
	}
	delete(r.header, "Content-Length")
	delete(r.header, "Transfer-Encoding")
	delete(r.header, "Trailer")
	if !bodyAllowed(hr.StatusCode) || method == http.MethodHead {
		hr.Body.Close()
		r.kind = bodyNone
		return r, nil
	}
	r.kind = bodyReader
	r.x = &extra{rd: &messageBody{hr: hr, r: r}, size: hr.ContentLength}
	return r, nil
}

// MaxHeaderBytes is the most bytes ReadResponse accepts for the status
// line and the header fields.
const MaxHeaderBytes = 1 << 20

// readHeaderBlock reads the status line and header fields up to the
// empty line, refusing what net/http's reader would let through for
// responses: white space before a colon (CVE-2019-16276), folded lines
// and field names that are not tokens.
func readHeaderBlock(br *bufio.Reader) ([]byte, error) {
	var head []byte
	for first := true; ; first = false {
		start := len(head)
		for {
			part, err := br.ReadSlice('\n')
			head = append(head, part...)
			if len(head) > MaxHeaderBytes {
				return nil, fmt.Errorf("%w: header larger than MaxHeaderBytes (%d)", ErrMalformedResponse, MaxHeaderBytes)
			}
			if err == bufio.ErrBufferFull {
				continue // a line longer than the buffer
			}
			if err != nil {
				return nil, fmt.Errorf("%w: %w", ErrMalformedResponse, err)
			}
			break
		}
		line := head[start:]
		l := strings.TrimSuffix(strings.TrimSuffix(string(line), "\n"), "\r")
		if l == "" {
			if first {
				return nil, fmt.Errorf("%w: empty status line", ErrMalformedResponse)
			}
			return head, nil
		}
		if first {
			continue
		}
		name, _, ok := strings.Cut(l, ":")
		if !ok || !headers.ValidToken(name) {
			return nil, fmt.Errorf("%w: malformed header line %q", ErrMalformedResponse, truncateForError(l))
		}
	}
}

func truncateForError(s string) string {
	if len(s) > 64 {
		return s[:64] + "..."
	}
	return s
}

// messageBody reads a parsed message's body and moves its trailers into
// the Response at the end.
type messageBody struct {
	hr   *http.Response
	r    *Response
	done bool
}

func (m *messageBody) Read(p []byte) (int, error) {
	n, err := m.hr.Body.Read(p)
	if err == io.EOF && !m.done {
		m.done = true
		for k, v := range m.hr.Trailer {
			if len(v) > 0 {
				m.r.Trailer()[k] = v
			}
		}
	}
	return n, err
}

func (m *messageBody) Close() error { return m.hr.Body.Close() }

// ParseResponse parses a whole HTTP/1.x response message (see
// ReadResponse). The body is read into memory; bytes after the message
// are an error.
func ParseResponse(b []byte) (*Response, error) {
	br := bufio.NewReader(bytes.NewReader(b))
	r, err := ReadResponse(br)
	if err != nil {
		return nil, err
	}
	if _, err := r.Body(); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrMalformedResponse, err)
	}
	if _, err := br.Peek(1); err != io.EOF {
		return nil, fmt.Errorf("%w: data after the message", ErrMalformedResponse)
	}
	return r, nil
}
