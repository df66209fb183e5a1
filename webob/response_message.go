package webob

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"net/http"
	"net/http/httputil"
	"slices"
	"strconv"
	"strings"

	"github.com/webob-go/webob/headers"
	"github.com/webob-go/webob/internal/oneline"
)

// ErrMalformedResponse reports bytes that are not an HTTP/1.x response.
var ErrMalformedResponse = errors.New("webob: malformed HTTP response")

// WriteTo writes r to w as an HTTP/1.1 response message: the status
// line (with Reason, or the standard phrase), the header fields in
// canonical-name order, and the body — with Content-Length when its
// length is known, else chunked, followed by the trailers. A stream or
// function body is consumed. Nothing is written when a field name is not
// a token or a value holds CR, LF, NUL or another control byte (the
// error wraps ErrInvalidHeader), when Location is given more than once
// (ErrDuplicateLocation), or when r carries a construction error. Fields
// are written under their canonical names and Location is made safe
// (SafeLocation), as Serve does. No conditional or range evaluation takes
// place. It returns the number of bytes written to w, as io.WriterTo
// does.
func (r *Response) WriteTo(w io.Writer) (int64, error) {
	cw := &countWriter{w: w}
	err := r.writeMessage(cw)
	return cw.n, err
}

// countWriter counts the bytes written through it.
type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// writeMessage is WriteTo without the count; it writes to a
// *bytes.Buffer or *bufio.Writer directly.
func (r *Response) writeMessage(w io.Writer) error {
	r.materialize()
	if err := r.err(); err != nil {
		return err
	}
	if err := checkHeader(r.header); err != nil {
		return err
	}
	if err := checkHeader(r.trl()); err != nil {
		return err
	}
	if r.header == nil && r.ctype != "" {
		if err := checkField("Content-Type", r.ctype); err != nil {
			return err
		}
	}
	status := r.code()
	reason := r.Reason()
	if reason == "" {
		reason = StatusText(status)
	}
	if strings.ContainsAny(reason, "\r\n\x00") {
		return oneline.Detail(ErrInvalidHeader, "reason phrase")
	}
	if status < 100 || status > 999 {
		return oneline.Detail(ErrInvalidHeader, "status "+strconv.Itoa(status))
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
	chunked := hasBody && (n < 0 || len(r.trl()) > 0)
	// Fields go out under their canonical names, spellings that differ in
	// case merged, so "content-length" or "location" set through Header()
	// is treated as the canonical field is (see copyHeader).
	hdr := r.header
	if hdr != nil && !headerAsSent(hdr) {
		hdr = make(http.Header, len(r.header))
		copyHeader(hdr, r.header)
		safeLocations(hdr, nil, false)
	}
	keys := make([]string, 0, len(hdr)+3)
	for k := range hdr {
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
		if hdr == nil {
			writeField(bw, k, r.ctype)
			continue
		}
		for _, v := range hdr[k] {
			writeField(bw, k, v)
		}
	}
	if hasBody {
		if len(r.trl()) > 0 {
			tk := make([]string, 0, len(r.trl()))
			for k := range r.trl() {
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
		_, err = dst.Write(r.bb())
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
		tk := make([]string, 0, len(r.trl()))
		for k := range r.trl() {
			tk = append(tk, k)
		}
		slices.Sort(tk)
		if err := checkHeader(r.trl()); err != nil {
			return err
		}
		for _, k := range tk {
			for _, v := range r.trl()[k] {
				writeField(bw, k, v)
			}
		}
		bw.WriteString("\r\n")
	}
	return flush()
}

// headerAsSent reports whether h can be written as it is: every name
// canonical and Location, if any, already safe.
func headerAsSent(h http.Header) bool {
	for k, vs := range h {
		if http.CanonicalHeaderKey(k) != k {
			return false
		}
		if k == "Location" {
			for _, v := range vs {
				if SafeLocation(v) != v {
					return false
				}
			}
		}
	}
	return true
}

// msgWriter is what writeMessage writes to: a *bytes.Buffer, a
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
	bw.WriteString(headers.TrimOWS(v))
	bw.WriteString("\r\n")
}

// AsBytes returns r as HTTP/1.1 response bytes (see WriteTo). A
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
	if err := r.writeMessage(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// ReadResponse reads an HTTP/1.x response message from br, as answering a
// GET (use ReadResponseFor for HEAD or other methods, which decide
// whether there is a body). It reads no further than the message, so
// several responses can be read from one connection in turn. The body is
// not read: it becomes a stream body of known size when Content-Length
// was given; a chunked body is decoded and its trailers arrive in
// Trailer once it has been read to the end; without either it runs to
// the end of br (RFC 9112 §6.3). A reason phrase other than the standard
// one is kept (see Reason). Malformed messages are errors wrapping
// ErrMalformedResponse: a status line that is not "HTTP/1.x NNN reason",
// a header field with white space before its colon (CVE-2019-16276), a
// folded line, a field name that is not a token, a value with a control
// byte, conflicting Content-Length values, a transfer coding other than
// chunked, or more than MaxHeaderBytes of header.
func ReadResponse(br *bufio.Reader) (*Response, error) {
	return ReadResponseFor(br, http.MethodGet)
}

// ReadResponseFor is ReadResponse for a response to the given method.
func ReadResponseFor(br *bufio.Reader, method string) (*Response, error) {
	budget := MaxHeaderBytes
	line, err := readLine(br, &budget, &responseFieldErrors)
	if err != nil {
		return nil, err
	}
	code, reason, err := parseStatusLine(line)
	if err != nil {
		return nil, err
	}
	h, err := readFields(br, &budget, &responseFieldErrors)
	if err != nil {
		return nil, err
	}
	r := &Response{StatusCode: code, header: h}
	if reason != StatusText(code) {
		r.SetReason(reason)
	}
	cl, hasCL := int64(-1), false
	if v := h["Content-Length"]; len(v) > 0 {
		n, err := headers.ParseContentLength(v)
		if err != nil {
			return nil, oneline.Join(ErrMalformedResponse, err)
		}
		cl, hasCL = n, true
	}
	chunked := false
	if v := h["Transfer-Encoding"]; len(v) > 0 {
		toks, err := headers.ParseTokenList(v)
		if err != nil || len(toks) != 1 || !headers.EqualFold(toks[0], "chunked") {
			return nil, oneline.Detail(ErrMalformedResponse, "unsupported Transfer-Encoding "+oneline.Quote(strings.Join(v, ", ")))
		}
		chunked = true
	}
	delete(h, "Content-Length")
	delete(h, "Transfer-Encoding")
	delete(h, "Trailer")
	if !bodyAllowed(code) || method == http.MethodHead {
		r.kind = bodyNone
		return r, nil
	}
	mb := &messageBody{r: r, br: br}
	switch {
	case chunked: // Transfer-Encoding wins over Content-Length (RFC 9112 §6.3)
		mb.rd = httputil.NewChunkedReader(br)
		mb.chunked = true
	case hasCL:
		mb.rd = io.LimitReader(br, cl)
		mb.want = cl
	default:
		mb.rd = br
	}
	r.kind = bodyReader
	size := int64(-1)
	if hasCL && !chunked {
		size = cl
	}
	r.ext().rd, r.x.size = mb, size
	return r, nil
}

// parseStatusLine parses "HTTP/1.x NNN reason".
func parseStatusLine(line string) (int, string, error) {
	bad := oneline.Detail(ErrMalformedResponse, "malformed status line "+oneline.Quote(line))
	proto, rest, ok := strings.Cut(line, " ")
	if !ok || (proto != "HTTP/1.1" && proto != "HTTP/1.0") {
		return 0, "", bad
	}
	codeStr, reason, _ := strings.Cut(rest, " ")
	if len(codeStr) != 3 {
		return 0, "", bad
	}
	code := 0
	for i := 0; i < 3; i++ {
		c := codeStr[i]
		if c < '0' || c > '9' {
			return 0, "", bad
		}
		code = code*10 + int(c-'0')
	}
	if code < 100 {
		return 0, "", bad
	}
	if !headers.SafeFieldValue(reason) {
		return 0, "", bad
	}
	return code, reason, nil
}

// fieldErrors are the errors of readLine and readFields for one kind of
// message: malformed is the sentinel that the errors for malformed lines
// wrap, tooLarge the error for a section past its byte budget.
type fieldErrors struct {
	malformed error
	tooLarge  error
}

// responseFieldErrors are the errors of ReadResponse's header and trailer
// sections.
var responseFieldErrors = fieldErrors{
	malformed: ErrMalformedResponse,
	tooLarge:  oneline.Detail(ErrMalformedResponse, "header larger than MaxHeaderBytes ("+strconv.Itoa(MaxHeaderBytes)+")"),
}

// readLine reads one line ending in LF (CRLF or a bare LF), without its
// end, charging it to budget: a line that would overdraw it fails with
// fe.tooLarge after at most budget plus one buffer of bytes, however
// long the line is.
func readLine(br *bufio.Reader, budget *int, fe *fieldErrors) (string, error) {
	var line []byte
	for {
		part, err := br.ReadSlice('\n')
		line = append(line, part...)
		if len(line) > *budget {
			return "", fe.tooLarge
		}
		if err == bufio.ErrBufferFull {
			continue // a line longer than the buffer
		}
		if err != nil {
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return "", oneline.Join(fe.malformed, err)
		}
		break
	}
	*budget -= len(line)
	line = line[:len(line)-1]
	if n := len(line); n > 0 && line[n-1] == '\r' {
		line = line[:n-1]
	}
	return string(line), nil
}

// readFields reads header (or trailer) fields up to the empty line, under
// budget.
func readFields(br *bufio.Reader, budget *int, fe *fieldErrors) (http.Header, error) {
	h := make(http.Header)
	for {
		line, err := readLine(br, budget, fe)
		if err != nil {
			return nil, err
		}
		if line == "" {
			return h, nil
		}
		name, value, ok := strings.Cut(line, ":")
		if !ok || !headers.ValidToken(name) {
			return nil, oneline.Detail(fe.malformed, "malformed header line "+oneline.Quote(line))
		}
		value = headers.TrimOWS(value)
		for i := 0; i < len(value); i++ {
			if !headers.ValidFieldValueByte(value[i]) {
				return nil, oneline.Detail(fe.malformed, "control byte in the value of "+oneline.Quote(name))
			}
		}
		k := http.CanonicalHeaderKey(name)
		h[k] = append(h[k], value)
	}
}

// MaxHeaderBytes is the most bytes ReadResponse accepts for the status
// line and the header fields (and, separately, for the trailers), and
// ReadRequest for the request line and header fields (and, separately,
// for the trailer section of a chunked body).
const MaxHeaderBytes = 1 << 20

// messageBody reads a parsed message's body from the connection's reader
// and, for a chunked body, moves its trailers into the Response at the
// end.
type messageBody struct {
	r       *Response
	br      *bufio.Reader
	rd      io.Reader
	chunked bool
	want    int64 // Content-Length still expected, -1 without one
	got     int64
	err     error
}

func (m *messageBody) Read(p []byte) (int, error) {
	if m.err != nil {
		return 0, m.err
	}
	n, err := m.rd.Read(p)
	m.got += int64(n)
	if err == io.EOF {
		switch {
		case m.chunked:
			budget := MaxHeaderBytes
			t, terr := readFields(m.br, &budget, &responseFieldErrors)
			if terr != nil {
				err = terr
				break
			}
			for k, v := range t {
				m.r.Trailer()[k] = v
			}
		case m.want > 0 && m.got < m.want:
			err = oneline.Detail(ErrMalformedResponse, "body ends before its Content-Length")
		}
	} else if err != nil && !errors.Is(err, ErrMalformedResponse) {
		err = oneline.Join(ErrMalformedResponse, err)
	}
	if err != nil {
		m.err = err
	}
	return n, err
}

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
		return nil, oneline.Join(ErrMalformedResponse, err)
	}
	if _, err := br.Peek(1); err != io.EOF {
		return nil, oneline.Detail(ErrMalformedResponse, "data after the message")
	}
	return r, nil
}
