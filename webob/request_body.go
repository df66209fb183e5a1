package webob

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"strconv"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/ianaindex"

	"github.com/webob-go/webob/headers"
	"github.com/webob-go/webob/internal/oneline"
	"github.com/webob-go/webob/multipart"
)

// Errors of body reading. They describe the client's input, so
// ErrorStatus answers them with 400 Bad Request, except ErrBodyConsumed
// (a program error, 500).
var (
	// ErrInvalidJSON reports a body that JSON could not decode; the
	// decoder's error is wrapped with it.
	ErrInvalidJSON = clientError("webob: invalid JSON body")
	// ErrInvalidText reports a body that is not valid in its charset
	// (such as invalid UTF-8).
	ErrInvalidText = clientError("webob: body is not valid text in its charset")
	// ErrUnknownCharset reports a charset that golang.org/x/text does not
	// know.
	ErrUnknownCharset = clientError("webob: unknown charset")
	// ErrBodyConsumed reports a body that was already read as a stream
	// (by a multipart form, or through the wrapped *http.Request) and
	// cannot be read again.
	ErrBodyConsumed = errors.New("webob: request body already consumed")
)

// ErrBodyRead is matched (errors.Is) by every *BodyReadError.
var ErrBodyRead = errors.New("webob: request body could not be read")

// A BodyReadError reports a request body that could not be read from
// the client: it ended before the length its Content-Length announced or
// before its last chunk (the client closed the connection; Err is
// io.ErrUnexpectedEOF), its chunked framing is malformed, or the
// connection failed or timed out. Body, Text, JSON, Bind, ParseForm and
// the reader of BodyReader return it. Such a failure is the client's
// doing, so the adapters answer 400 Bad Request (408 Request Timeout for
// a timeout) and log it as a bad request, never as a server error.
type BodyReadError struct {
	// Err is the error of the underlying reader.
	Err error
}

// Error returns a one-line message with the reader's error.
func (e *BodyReadError) Error() string {
	if errors.Is(e.Err, io.ErrUnexpectedEOF) {
		return "webob: request body ends early: " + e.Err.Error()
	}
	return "webob: reading request body: " + e.Err.Error()
}

// Unwrap returns Err.
func (e *BodyReadError) Unwrap() error { return e.Err }

// Is reports whether target is ErrBodyRead.
func (e *BodyReadError) Is(target error) bool { return target == ErrBodyRead }

// StatusCode returns 408 when the read timed out, else 400.
func (e *BodyReadError) StatusCode() int {
	if errors.Is(e.Err, os.ErrDeadlineExceeded) {
		return http.StatusRequestTimeout
	}
	return http.StatusBadRequest
}

// bodyReadError maps an error of reading the client's body to the error
// returned: an http.MaxBytesReader limit becomes a *multipart.LimitError
// (413); the library's own limit and malformed-body errors, errors that
// know their status and http.ErrBodyReadAfterClose (a program error)
// stay as they are; anything else is a *BodyReadError.
func bodyReadError(err error) error {
	var mbe *http.MaxBytesError
	var sc statusCoder
	switch {
	case err == nil || err == io.EOF:
		return err
	case errors.As(err, &mbe):
		return &multipart.LimitError{Limit: "http.MaxBytesReader", Max: mbe.Limit}
	case errors.Is(err, multipart.ErrLimit), errors.Is(err, multipart.ErrMalformed),
		errors.Is(err, errBadRequest), errors.As(err, &sc), errors.Is(err, http.ErrBodyReadAfterClose):
		return err
	}
	return &BodyReadError{Err: err}
}

// errBadContentLength reports a Content-Length that does not parse
// (400); the headers package's error is wrapped with it.
var errBadContentLength = clientError("webob: invalid Content-Length")

// errBadRequest is wrapped by every error of this package that describes
// malformed client input (ErrInvalidJSON, ErrInvalidText,
// ErrUnknownCharset, ErrMalformedMessage, ErrTrailingData, ...): ErrorStatus
// answers it with 400. It is never returned alone.
var errBadRequest = errors.New("webob: bad request")

// clientError returns a sentinel with message msg that wraps
// errBadRequest (400).
func clientError(msg string) error { return oneline.New(msg, errBadRequest) }

// detail returns sentinel with msg and cause (when not nil) added to its
// message, one line, matching both with errors.Is.
func detail(sentinel error, msg string, cause error) error {
	return oneline.Detail(sentinel, msg, cause)
}

// bodyLimitError is the error for a body past the limit max.
func bodyLimitError(max int64) error {
	return &multipart.LimitError{Limit: "MaxBodyBytes", Max: max}
}

// seekBody is the in-memory body installed after the body was read: it
// can be read again (Seek) and closing it does nothing.
type seekBody struct{ *bytes.Reader }

func (seekBody) Close() error { return nil }

// Body returns the whole request body. It is read once, up to
// Options.MaxBodyBytes (10 MiB by default), and cached; the wrapped
// request's Body is then replaced by an in-memory reader over the same
// bytes, so that it can be read again (by a handler further down, or by
// Form). A body larger than the limit is a *multipart.LimitError with
// Limit "MaxBodyBytes" (answer 413): when Content-Length announces it,
// nothing is read. The buffer grows as the body arrives (from 64 KiB at
// most), so a length announced but not sent costs nothing. A body the
// client cut short, or whose chunked framing is malformed, is a
// *BodyReadError (answer 400). A request without a body gives nil and no
// error.
func (r *Request) Body() ([]byte, error) {
	if r.done&doneBody == 0 {
		r.done |= doneBody
		r.body, r.bodyErr = r.readBody()
		if r.bodyErr == nil {
			r.installBody(r.body)
		}
	}
	return r.body, r.bodyErr
}

func (r *Request) readBody() ([]byte, error) {
	hb := r.h().Body
	if hb == nil || hb == http.NoBody {
		return nil, nil
	}
	if r.bodyGone {
		return nil, ErrBodyConsumed
	}
	if sb, ok := hb.(seekBody); ok {
		// Installed by an earlier Body: read it from the start.
		if _, err := sb.Seek(0, io.SeekStart); err == nil {
			b := make([]byte, sb.Size())
			_, err := io.ReadFull(sb, b)
			sb.Seek(0, io.SeekStart)
			return b, err
		}
	}
	max := r.o().maxBodySize()
	n, err := r.ParseContentLength()
	if err != nil {
		return nil, detail(errBadContentLength, "", err)
	}
	if max >= 0 && n > max {
		return nil, bodyLimitError(max)
	}
	src := io.Reader(hb)
	if max >= 0 {
		src = io.LimitReader(hb, max+1)
	}
	buf, err := readGrowing(src, n, max)
	if err != nil {
		return nil, bodyReadError(err)
	}
	hb.Close()
	return buf, nil
}

// firstBodyBuffer is the most readGrowing allocates before any byte has
// arrived, whatever length the client announces.
const firstBodyBuffer = 64 << 10

// readGrowing reads src to its end into a buffer that grows as data
// arrives: it starts at firstBodyBuffer at most (less for a smaller
// announced length n; n < 0 means unknown) and doubles, jumping to n+1
// when that is less than two doublings away, so a client that announces
// 10 MiB and sends one byte costs 64 KiB, not 10 MiB, and no buffer is
// more than four times the bytes received. Past max bytes (max < 0:
// no limit) it fails with the MaxBodyBytes limit error; src should stop
// at max+1 bytes. Read errors are returned as they are.
func readGrowing(src io.Reader, n, max int64) ([]byte, error) {
	c := int64(512)
	if n >= 0 {
		c = min(n+1, firstBodyBuffer) // +1 sees EOF without growing
	}
	buf := make([]byte, 0, c)
	for {
		if len(buf) == cap(buf) {
			c := 2 * int64(cap(buf))
			if n >= 0 && int64(len(buf)) <= n && 2*c >= n {
				// The announced length is near: go straight to it
				// rather than through one more doubling (at most four
				// times what arrived so far).
				c = n + 1
			}
			if max >= 0 {
				c = min(c, max+1)
			}
			if c <= int64(len(buf)) {
				c = int64(len(buf)) + 512
			}
			buf = append(make([]byte, 0, c), buf...)
		}
		m, err := src.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+m]
		if max >= 0 && int64(len(buf)) > max {
			return nil, bodyLimitError(max)
		}
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

// installBody makes b the wrapped request's body, readable again.
func (r *Request) installBody(b []byte) {
	r.h().Body = seekBody{bytes.NewReader(b)}
	r.h().ContentLength = int64(len(b))
	r.h().GetBody = func() (io.ReadCloser, error) { return seekBody{bytes.NewReader(b)}, nil }
	r.bodyGone = false
}

// SetBody replaces the request body with b, sets Content-Length (and drops
// any Transfer-Encoding) and forgets the forms parsed from the old body.
func (r *Request) SetBody(b []byte) {
	r.body, r.bodyErr = b, nil
	r.done |= doneBody
	r.done &^= doneForm | doneParams
	r.form, r.params, r.formErr, r.files = MultiDict{}, MultiDict{}, nil, nil
	r.h().TransferEncoding = nil
	r.h().Header.Del("Transfer-Encoding")
	r.h().Header.Set("Content-Length", strconv.Itoa(len(b)))
	r.installBody(b)
}

// BodyReader returns the body as a stream that fails with a
// *multipart.LimitError once more than Options.MaxBodyBytes bytes are
// read, for bodies too large to hold in memory. Its read errors are
// Body's: a *BodyReadError for a body the client cut short. When Body has already
// read the body, it returns a reader over the cached bytes. Reading the
// stream consumes the body: Body and Form fail afterwards with
// ErrBodyConsumed unless the body was already cached.
func (r *Request) BodyReader() io.Reader {
	if r.done&doneBody != 0 && r.bodyErr == nil {
		return bytes.NewReader(r.body)
	}
	hb := r.h().Body
	if hb == nil || hb == http.NoBody {
		return bytes.NewReader(nil)
	}
	if sb, ok := hb.(seekBody); ok {
		return sb
	}
	r.bodyGone = true
	max := r.o().maxBodySize()
	return &limitedBody{r: hb, left: max, max: max}
}

// limitedBody reads the client's body under a limit (max < 0: none),
// failing past it with the MaxBodyBytes limit error, and maps read errors
// through bodyReadError.
type limitedBody struct {
	r         io.Reader
	left, max int64
}

func (l *limitedBody) Read(p []byte) (int, error) {
	if l.max < 0 {
		n, err := l.r.Read(p)
		return n, bodyReadError(err)
	}
	if l.left < 0 {
		return 0, bodyLimitError(l.max)
	}
	if int64(len(p)) > l.left+1 {
		p = p[:l.left+1]
	}
	n, err := l.r.Read(p)
	l.left -= int64(n)
	if l.left < 0 {
		return n + int(l.left), bodyLimitError(l.max)
	}
	return n, bodyReadError(err)
}

// MakeSeekable reads the body into memory (under Options.MaxBodyBytes) if
// it is not there yet, and rewinds it: afterwards the wrapped request's
// Body is an io.ReadSeeker positioned at the start, and can be read any
// number of times. It returns Body's error.
func (r *Request) MakeSeekable() error {
	b, err := r.Body()
	if err != nil {
		return err
	}
	if sb, ok := r.h().Body.(seekBody); ok {
		_, err := sb.Seek(0, io.SeekStart)
		return err
	}
	r.installBody(b)
	return nil
}

// CopyBody gives the wrapped request a body of its own: the body is read
// into memory (under Options.MaxBodyBytes) and the wrapped request's Body
// is replaced by a fresh reader over a private copy, positioned at the
// start, so that it is no longer shared with any other request.
func (r *Request) CopyBody() error {
	b, err := r.Body()
	if err != nil {
		return err
	}
	b = bytes.Clone(b)
	r.body = b
	r.installBody(b)
	return nil
}

// Text returns the body decoded to a UTF-8 string from the charset of
// Content-Type (UTF-8 when there is none). Any charset golang.org/x/text
// knows is accepted, by WHATWG label (as browsers name them) or IANA name; an unknown one is an
// error wrapping ErrUnknownCharset, and a body that is not valid in its
// charset one wrapping ErrInvalidText. Body's limit applies.
func (r *Request) Text() (string, error) {
	b, err := r.Body()
	if err != nil {
		return "", err
	}
	return decodeText(b, r.Charset())
}

// lookupCharset returns the encoding named by charset, or nil for UTF-8.
// WHATWG labels are tried first, as browsers and the multipart package
// use them ("iso-8859-1" and "latin1" mean windows-1252); other IANA
// names that golang.org/x/text knows second.
func lookupCharset(charset string) (encoding.Encoding, error) {
	cs := headers.TrimOWS(charset)
	if cs == "" || headers.EqualFold(cs, "utf-8") || headers.EqualFold(cs, "utf8") {
		return nil, nil
	}
	if enc, err := htmlindex.Get(cs); err == nil && enc != nil {
		return enc, nil
	}
	if enc, err := ianaindex.IANA.Encoding(cs); err == nil && enc != nil {
		return enc, nil
	}
	return nil, detail(ErrUnknownCharset, oneline.Quote(cs), nil)
}

func decodeText(b []byte, charset string) (string, error) {
	enc, err := lookupCharset(charset)
	if err != nil {
		return "", err
	}
	if enc == nil || (isASCIICompatible(charset) && isASCII(b)) {
		if !utf8.Valid(b) {
			return "", detail(ErrInvalidText, "UTF-8", nil)
		}
		return string(b), nil
	}
	out, err := enc.NewDecoder().Bytes(b)
	if err != nil {
		return "", detail(ErrInvalidText, charset, err)
	}
	return string(out), nil
}

// isASCIICompatible reports whether the charset maps ASCII bytes to
// themselves, for the common ones (so pure-ASCII bodies skip decoding).
func isASCIICompatible(cs string) bool {
	for _, n := range [...]string{"us-ascii", "ascii", "iso-8859-1", "latin1", "windows-1252", "iso-8859-15"} {
		if headers.EqualFold(cs, n) {
			return true
		}
	}
	return false
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return false
		}
	}
	return true
}

// JSON decodes the body as JSON into v (as json.Unmarshal does), under
// Body's limit. An empty or malformed body is an error wrapping
// ErrInvalidJSON (answer 400).
func (r *Request) JSON(v any) error {
	b, err := r.Body()
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return detail(ErrInvalidJSON, "", err)
	}
	return nil
}
