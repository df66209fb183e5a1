package multipart

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"io"
	"net/textproto"
	"slices"
	"unicode/utf8"

	"github.com/webob-go/webob/headers"
	"github.com/webob-go/webob/internal/oneline"
)

// bchars is the boundary alphabet of RFC 2046 §5.1.1, which writers keep
// to:
//
//	bchars := bcharsnospace / " "
//	bcharsnospace := DIGIT / ALPHA / "'" / "(" / ")" /
//	                 "+" / "_" / "," / "-" / "." /
//	                 "/" / ":" / "=" / "?"
var bchars = func() (t [256]bool) {
	for c := 'a'; c <= 'z'; c++ {
		t[c], t[c-'a'+'A'] = true, true
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = true
	}
	for _, c := range "'()+_,-./:=? " {
		t[c] = true
	}
	return t
}()

// checkWriteBoundary reports whether b is a boundary a writer may use.
func checkWriteBoundary(b string) error {
	if len(b) == 0 || len(b) > 70 || b[len(b)-1] == ' ' {
		return oneline.Detail(ErrInvalidHeader, "boundary "+oneline.Quote(b))
	}
	for i := 0; i < len(b); i++ {
		if !bchars[b[i]] {
			return oneline.Detail(ErrInvalidHeader, "boundary "+oneline.Quote(b))
		}
	}
	return nil
}

// randomBoundary returns 48 random hex digits.
func randomBoundary() string {
	var b [24]byte
	rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	return hex.EncodeToString(b[:])
}

// A FormWriter writes a multipart/form-data body (RFC 7578), as used to
// build requests. Field names and file names are always quoted strings,
// so quotes, backslashes and semicolons in them can never start another
// parameter; names holding control bytes are refused. A non-ASCII file
// name is written as raw UTF-8 in filename, which RFC 7578 readers use,
// and also as an RFC 8187 filename* for readers that prefer it (both carry
// the same name, so no reader can be told two different ones).
//
// The writer checks that no part content contains its boundary delimiter,
// so content can never end a part early or inject another part, even with
// a boundary chosen by the caller.
//
// The first error is sticky. The zero value is not usable; call
// NewFormWriter.
type FormWriter struct {
	w        io.Writer
	boundary string
	delim    []byte // "\n--boundary", searched for in content
	parts    int
	closed   bool
	err      error
	buf      []byte // header scratch
	carry    []byte // the last len(delim)-1 content bytes of the open part
	win      []byte // scratch for the check across writes
}

// NewFormWriter returns a FormWriter writing to w with a random boundary.
func NewFormWriter(w io.Writer) *FormWriter {
	fw := &FormWriter{w: w}
	fw.setBoundary(randomBoundary())
	return fw
}

func (fw *FormWriter) setBoundary(b string) {
	fw.boundary = b
	fw.delim = append(append(fw.delim[:0], "\n--"...), b...)
}

// Boundary returns the boundary.
func (fw *FormWriter) Boundary() string { return fw.boundary }

// SetBoundary replaces the random boundary. It must be called before the
// first part; b must be 1 to 70 bytes of RFC 2046 bchars, not ending in a
// space (ErrInvalidHeader otherwise).
func (fw *FormWriter) SetBoundary(b string) error {
	if fw.parts > 0 || fw.closed {
		return oneline.Detail(ErrInvalidHeader, "SetBoundary after the first part")
	}
	if err := checkWriteBoundary(b); err != nil {
		return err
	}
	fw.setBoundary(b)
	return nil
}

// FormDataContentType returns the Content-Type for the body:
// "multipart/form-data; boundary=..." (quoted when the boundary is not a
// token).
func (fw *FormWriter) FormDataContentType() string {
	b := []byte("multipart/form-data; boundary=")
	b, _ = headers.AppendTokenOrQuoted(b, fw.boundary) // bchars always quote
	return string(b)
}

// CreatePart starts a part with the given header fields (written in
// sorted order) and returns a writer for its content. Field names must be
// tokens and values free of control bytes (headers.CheckField, else
// ErrInvalidHeader); white space around a value is trimmed.
func (fw *FormWriter) CreatePart(h textproto.MIMEHeader) (io.Writer, error) {
	keys := make([]string, 0, len(h))
	for k, vs := range h {
		for _, v := range vs {
			if err := headers.CheckField(k, v); err != nil {
				return nil, oneline.Detail(ErrInvalidHeader, oneline.Quote(k), err)
			}
		}
		keys = append(keys, k)
	}
	slices.Sort(keys)
	b := fw.partStart()
	for _, k := range keys {
		for _, v := range h[k] {
			b = append(b, k...)
			b = append(b, ": "...)
			b = append(b, headers.TrimOWS(v)...)
			b = append(b, "\r\n"...)
		}
	}
	return fw.startPart(b)
}

// CreateFormField starts a text field named name and returns a writer for
// its value.
func (fw *FormWriter) CreateFormField(name string) (io.Writer, error) {
	b := fw.partStart()
	b, err := appendFormDisposition(b, name, "", false)
	if err != nil {
		return nil, err
	}
	return fw.startPart(b)
}

// WriteField writes a text field.
func (fw *FormWriter) WriteField(name, value string) error {
	w, err := fw.CreateFormField(name)
	if err != nil {
		return err
	}
	_, err = io.WriteString(w, value)
	return err
}

// CreateFormFile starts a file part under the field name, with the given
// file name and content type ("" means application/octet-stream), and
// returns a writer for its content.
func (fw *FormWriter) CreateFormFile(fieldName, filename, contentType string) (io.Writer, error) {
	if contentType == "" {
		contentType = "application/octet-stream"
	}
	if !headers.SafeFieldValue(contentType) {
		return nil, oneline.Detail(ErrInvalidHeader, "content type "+oneline.Quote(contentType))
	}
	b := fw.partStart()
	b, err := appendFormDisposition(b, fieldName, filename, true)
	if err != nil {
		return nil, err
	}
	b = append(b, "Content-Type: "...)
	b = append(b, headers.TrimOWS(contentType)...)
	b = append(b, "\r\n"...)
	return fw.startPart(b)
}

// WriteFile writes a file part with the content read from r.
func (fw *FormWriter) WriteFile(fieldName, filename, contentType string, r io.Reader) error {
	w, err := fw.CreateFormFile(fieldName, filename, contentType)
	if err != nil {
		return err
	}
	_, err = io.Copy(w, r)
	return err
}

// Close writes the closing delimiter. It returns the writer's first
// error, if any.
func (fw *FormWriter) Close() error {
	if fw.err != nil {
		return fw.err
	}
	if fw.closed {
		return nil
	}
	fw.closed = true
	b := fw.buf[:0]
	if fw.parts > 0 {
		b = append(b, "\r\n"...)
	}
	b = append(b, "--"...)
	b = append(b, fw.boundary...)
	b = append(b, "--\r\n"...)
	fw.buf = b
	_, fw.err = fw.w.Write(b)
	return fw.err
}

// partStart returns the header scratch holding the delimiter line.
func (fw *FormWriter) partStart() []byte {
	b := fw.buf[:0]
	if fw.parts > 0 {
		b = append(b, "\r\n"...)
	}
	b = append(b, "--"...)
	b = append(b, fw.boundary...)
	return append(b, "\r\n"...)
}

// startPart writes the delimiter line and header in b and opens the part.
func (fw *FormWriter) startPart(b []byte) (io.Writer, error) {
	b = append(b, "\r\n"...)
	fw.buf = b
	if fw.err != nil {
		return nil, fw.err
	}
	if fw.closed {
		return nil, ErrWriterClosed
	}
	fw.parts++
	fw.carry = append(fw.carry[:0], '\n') // the header ends in LF
	if _, err := fw.w.Write(b); err != nil {
		fw.err = err
		return nil, err
	}
	return &partWriter{fw: fw, part: fw.parts}, nil
}

// appendFormDisposition appends the Content-Disposition field line of a
// form-data part.
func appendFormDisposition(b []byte, name, filename string, isFile bool) ([]byte, error) {
	if name == "" || !headers.CanQuote(name) {
		return b, oneline.Detail(ErrInvalidFieldName, oneline.Quote(name))
	}
	if isFile && !headers.CanQuote(filename) {
		return b, oneline.Detail(ErrInvalidFilename, oneline.Quote(filename))
	}
	b = append(b, "Content-Disposition: form-data; name="...)
	b, _ = headers.AppendQuotedString(b, name)
	if isFile {
		b = append(b, "; filename="...)
		b, _ = headers.AppendQuotedString(b, filename)
		if !isASCII(filename) && utf8.ValidString(filename) {
			b = append(b, "; filename*="...)
			b = headers.AppendExtValue(b, filename, "")
		}
	}
	return append(b, "\r\n"...), nil
}

// partWriter writes the content of one part.
type partWriter struct {
	fw   *FormWriter
	part int
}

func (pw *partWriter) Write(p []byte) (int, error) {
	fw := pw.fw
	if fw.err != nil {
		return 0, fw.err
	}
	if fw.closed || pw.part != fw.parts {
		return 0, ErrWriterClosed
	}
	if err := fw.guard(p); err != nil {
		fw.err = err
		return 0, err
	}
	n, err := fw.w.Write(p)
	if err != nil {
		fw.err = err
	}
	return n, err
}

// guard fails when the content written so far plus p would contain the
// delimiter, and remembers the tail of p for the next call.
func (fw *FormWriter) guard(p []byte) error {
	d := fw.delim
	keep := len(d) - 1
	if len(fw.carry) > 0 {
		k := min(len(p), keep)
		fw.win = append(append(fw.win[:0], fw.carry...), p[:k]...)
		if bytes.Contains(fw.win, d) {
			return ErrBoundaryInContent
		}
	}
	if bytes.Contains(p, d) {
		return ErrBoundaryInContent
	}
	if len(p) >= keep {
		fw.carry = append(fw.carry[:0], p[len(p)-keep:]...)
	} else {
		fw.carry = append(fw.carry, p...)
		if len(fw.carry) > keep {
			fw.carry = append(fw.carry[:0], fw.carry[len(fw.carry)-keep:]...)
		}
	}
	return nil
}
