package webob

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"sync"

	"github.com/webob-go/webob/headers"
	"github.com/webob-go/webob/internal/oneline"
)

// A Response is an HTTP response under construction: a status, header
// fields, optional trailers and a body. Handlers build one and return it;
// the adapters (HandlerFunc, Middleware) write it to an
// http.ResponseWriter, applying conditional requests and ranges on the
// way. A Response is itself an http.Handler (see ServeHTTP), like WebOb's
// Response is a WSGI application.
//
// The body is one of:
//   - bytes or a string (SetBody, SetBodyString, SetTextBody,
//     SetHTMLBody, SetJSONBody, the Text, HTML, JSON and Bytes
//     constructors), which can be sent any number of times;
//   - a stream (SetBodyReader), read once while sending and closed after
//     it when it is an io.Closer; an io.ReaderAt or io.ReadSeeker stream
//     of known size can answer range requests without being buffered;
//   - a function that writes generated output (SetBodyFunc).
//
// The zero Response is a 200 OK with no header fields and an empty body.
// A Response must not be changed concurrently. Serving does not change
// it, so a Response with a byte or string body that nobody changes any
// more may be served by many requests at once.
type Response struct {
	// StatusCode is the status code, as in http.Response. Zero means 200
	// (see Status for the status line).
	StatusCode int

	// DisableConditional turns off the automatic evaluation of
	// If-Match, If-Unmodified-Since, If-None-Match and If-Modified-Since
	// against this response's ETag and Last-Modified when it is served.
	DisableConditional bool

	// DisableRanges turns off Range handling even when the response
	// carries "Accept-Ranges: bytes".
	DisableRanges bool

	kind     bodyKind
	hijacked bool // the connection was taken over downstream
	sent     bool // a captured handler's output already went to the client (see Next)

	header http.Header // allocated on first need
	ctype  string      // Content-Type while header is nil (saves a map)
	s      string
	v      any    // a JSON body not encoded yet (bodyJSON)
	x      *extra // what few responses need, allocated on first need
}

// extra holds the parts of a Response that most responses do not use,
// keeping the Response itself small.
type extra struct {
	b       []byte // a byte body (bodyBytes)
	reason  string
	trailer http.Header
	bodyErr error // a deferred construction error (JSON marshalling)
	rd      io.Reader
	fn      func(w io.Writer) error
	size    int64 // length of a stream body, -1 when unknown
}

// ext returns x, allocating it.
func (r *Response) ext() *extra {
	if r.x == nil {
		r.x = &extra{size: -1}
	}
	return r.x
}

// dropStream forgets a stream or function body (without closing it), a
// JSON value and a construction error.
func (r *Response) dropStream() {
	r.v = nil
	if r.x != nil {
		r.x.rd, r.x.fn, r.x.bodyErr = nil, nil, nil
	}
}

// bb returns the byte body.
func (r *Response) bb() []byte {
	if r.x == nil {
		return nil
	}
	return r.x.b
}

// setBytes makes b the byte body.
func (r *Response) setBytes(b []byte) {
	r.kind, r.s = bodyBytes, ""
	r.ext().b = b
}

// trl returns the trailer map, or nil.
func (r *Response) trl() http.Header {
	if r.x == nil {
		return nil
	}
	return r.x.trailer
}

// Reason returns the reason phrase written when the response is turned
// into HTTP/1.1 bytes (AsBytes, WriteTo); "" means StatusText. Go's
// http.ResponseWriter always writes its own phrase.
func (r *Response) Reason() string {
	if r.x == nil {
		return ""
	}
	return r.x.reason
}

// SetReason sets the reason phrase of AsBytes and WriteTo; "" means
// the standard one. A phrase with CR, LF or NUL makes them fail.
func (r *Response) SetReason(reason string) {
	if reason == "" && r.x == nil {
		return
	}
	r.ext().reason = reason
}

// err returns the construction error, if any.
func (r *Response) err() error {
	if r.x == nil {
		return nil
	}
	return r.x.bodyErr
}

type bodyKind uint8

const (
	bodyNone bodyKind = iota
	bodyBytes
	bodyString
	bodyReader
	bodyFunc
	bodyJSON // v, encoded when sent (or read, see materialize)
)

// Content types used by the constructors.
const (
	ctTextPlain = "text/plain; charset=utf-8"
	ctTextHTML  = "text/html; charset=utf-8"
	ctJSON      = "application/json"
)

// NewResponse returns an empty Response with the given status code
// (0 means 200, and StatusCode is then 200), no header fields and an
// empty body.
func NewResponse(status int) *Response {
	if status == 0 {
		status = http.StatusOK
	}
	return &Response{StatusCode: status}
}

// Text returns a Response of the given status whose body is s, sent as
// "text/plain; charset=utf-8".
func Text(status int, s string) *Response {
	return &Response{StatusCode: status, ctype: ctTextPlain, kind: bodyString, s: s}
}

// HTML returns a Response of the given status whose body is the HTML
// document s, sent as "text/html; charset=utf-8". s is sent as given: it
// is the caller's job to escape what it interpolates.
func HTML(status int, s string) *Response {
	return &Response{StatusCode: status, ctype: ctTextHTML, kind: bodyString, s: s}
}

// JSON returns a Response of the given status whose body is v encoded by
// encoding/json (compact, no trailing newline), sent as
// "application/json" — without a charset parameter, which JSON does not
// define (RFC 8259 §11). When v cannot be encoded the Response carries
// the error: Err reports it and the adapters answer 500.
func JSON(status int, v any) *Response {
	return &Response{StatusCode: status, ctype: ctJSON, kind: bodyJSON, v: v}
}

// materialize encodes a JSON body into bytes, for everything but the
// adapters' direct write (which encodes into a pooled buffer). An
// encoding error is kept as the construction error.
func (r *Response) materialize() {
	if r.kind != bodyJSON {
		return
	}
	b, err := json.Marshal(r.v)
	r.v = nil
	if err != nil {
		r.kind = bodyNone
		r.ext().bodyErr = err
		return
	}
	r.setBytes(b)
}

// jsonBuf is a pooled buffer with its encoder, for writing JSON bodies.
type jsonBuf struct {
	buf bytes.Buffer
	enc *json.Encoder
}

var jsonBufs = sync.Pool{New: func() any {
	jb := new(jsonBuf)
	jb.enc = json.NewEncoder(&jb.buf)
	return jb
}}

// encodeJSON encodes v as json.Marshal does, into a pooled buffer; the
// caller returns it with putJSONBuf.
func encodeJSON(v any) (*jsonBuf, error) {
	jb := jsonBufs.Get().(*jsonBuf)
	jb.buf.Reset()
	if err := jb.enc.Encode(v); err != nil {
		putJSONBuf(jb)
		return nil, err
	}
	jb.buf.Truncate(jb.buf.Len() - 1) // Encode adds a newline
	return jb, nil
}

func putJSONBuf(jb *jsonBuf) {
	if jb.buf.Cap() > 64<<10 {
		return // do not keep huge buffers
	}
	jsonBufs.Put(jb)
}

// Bytes returns a Response of the given status whose body is b, with the
// given Content-Type (none when contentType is empty). The charset rule of
// SetContentType applies.
func Bytes(status int, contentType string, b []byte) *Response {
	r := &Response{StatusCode: status, kind: bodyBytes, x: &extra{b: b, size: -1}}
	if contentType != "" {
		r.setCT(contentTypeWithCharset(contentType))
	}
	return r
}

// Stream returns a Response of the given status whose body is read from
// rd while it is sent (see SetBodyReader). size is the body length, or -1
// when unknown.
func Stream(status int, contentType string, rd io.Reader, size int64) *Response {
	r := &Response{StatusCode: status}
	if contentType != "" {
		r.setCT(contentTypeWithCharset(contentType))
	}
	r.SetBodyReader(rd, size)
	return r
}

// Err returns the error recorded while the Response was built (for
// example a value JSON could not encode), or nil.
func (r *Response) Err() error {
	r.materialize()
	return r.err()
}

// code returns StatusCode, or 200 when it is zero.
func (r *Response) code() int {
	if r.StatusCode == 0 {
		return http.StatusOK
	}
	return r.StatusCode
}

// Header returns the header fields of the response, allocating the map on
// first use: the one way to read (Get, Values) and delete (Del) fields.
// Keys are canonical. Set and Add through SetHeader, AddHeader or the
// typed setters to have a bad value refused at once; values written
// directly into the map are checked when the response is sent by the rule
// SetHeader applies (headers.SafeFieldValue): a value that could split the
// header is an error, never sent; white space around a value is trimmed.
func (r *Response) Header() http.Header {
	if r.header == nil {
		r.header = make(http.Header, 4)
		if r.ctype != "" {
			r.header["Content-Type"] = []string{r.ctype}
			r.ctype = ""
		}
	}
	return r.header
}

// Trailer returns the trailer fields sent after the body, allocating the
// map on first use. Trailers present when sending starts are declared in
// a Trailer header; a body function may add values while it runs.
func (r *Response) Trailer() http.Header {
	x := r.ext()
	if x.trailer == nil {
		x.trailer = make(http.Header)
	}
	return x.trailer
}

// HasTrailer reports whether any trailer field is set.
func (r *Response) HasTrailer() bool { return len(r.trl()) > 0 }

// get returns the first value of the canonical header key.
func (r *Response) get(key string) string {
	if r.header == nil {
		if key == "Content-Type" {
			return r.ctype
		}
		return ""
	}
	if v := r.header[key]; len(v) > 0 {
		return v[0]
	}
	return ""
}

// values returns all the values of the canonical header key.
func (r *Response) values(key string) []string {
	if r.header == nil {
		if key == "Content-Type" && r.ctype != "" {
			return []string{r.ctype}
		}
		return nil
	}
	return r.header[key]
}

// has reports whether the canonical header key is present.
func (r *Response) has(key string) bool {
	if r.header == nil {
		return key == "Content-Type" && r.ctype != ""
	}
	_, ok := r.header[key]
	return ok
}

// del removes the canonical header key.
func (r *Response) del(key string) {
	if r.header == nil {
		if key == "Content-Type" {
			r.ctype = ""
		}
		return
	}
	delete(r.header, key)
}

// set replaces the canonical header key with the already-checked v.
func (r *Response) set(key, v string) {
	if r.header == nil && key == "Content-Type" {
		r.ctype = v
		return
	}
	r.Header()[key] = []string{v}
}

func (r *Response) setCT(v string) { r.set("Content-Type", v) }

// ErrInvalidHeader reports a header name or value that cannot be written
// safely: a name that is not a token, or a value holding CR, LF, NUL or
// another control byte. Errors returned by the setters wrap it together
// with headers.ErrInvalidFieldName or headers.ErrInvalidFieldValue.
var ErrInvalidHeader = errors.New("webob: invalid header field")

func checkField(name, value string) error {
	if err := headers.CheckField(name, value); err != nil {
		return oneline.Join(ErrInvalidHeader, err)
	}
	return nil
}

// SetHeader replaces the header name with value: the checked form of
// Header().Set. It refuses (and changes nothing) a name that is not a
// token or a value holding CR, LF, NUL or another control byte
// (headers.CheckField), so the error comes where the value is set rather
// than when the response is sent. White space around value is allowed and
// trimmed when the response is written, the same rule as for values put
// through Header(). To read or delete a field use Header().Get and
// Header().Del.
func (r *Response) SetHeader(name, value string) error {
	if err := checkField(name, value); err != nil {
		return err
	}
	r.set(http.CanonicalHeaderKey(name), value)
	return nil
}

// AddHeader adds value to the header name, keeping existing values: the
// checked form of Header().Add. It refuses what SetHeader refuses.
func (r *Response) AddHeader(name, value string) error {
	if err := checkField(name, value); err != nil {
		return err
	}
	r.Header().Add(name, value)
	return nil
}

// bodyAllowed reports whether a response with this status may carry
// content (RFC 9110 §6.4.1: not 1xx, 204, 205 or 304).
func bodyAllowed(status int) bool {
	switch {
	case status >= 100 && status < 200:
		return false
	case status == http.StatusNoContent, status == http.StatusResetContent, status == http.StatusNotModified:
		return false
	}
	return true
}

func formatInt(n int64) string { return strconv.FormatInt(n, 10) }

// contentTypeWithCharset adds "; charset=utf-8" to a media type that takes
// a charset and has none, as WebOb does when a content type is set:
// text/*, application/xml, and application/*+xml or image/*+xml. JSON and
// everything else are left alone.
func contentTypeWithCharset(ct string) string {
	mt, err := headers.ParseMediaType(ct)
	if err != nil {
		return ct
	}
	if _, ok := mt.Params.Get("charset"); ok || !takesCharset(mt.Type, mt.Subtype) {
		return ct
	}
	return ct + "; charset=utf-8"
}

// takesCharset reports whether WebOb adds a default charset to the media
// type: text/*, application/xml and */*+xml under application/ and image/.
func takesCharset(typ, sub string) bool {
	switch {
	case headers.EqualFold(typ, "text"):
		return true
	case headers.EqualFold(typ, "application") && headers.EqualFold(sub, "xml"):
		return true
	case headers.EqualFold(typ, "application"), headers.EqualFold(typ, "image"):
		return len(sub) > 4 && headers.EqualFold(sub[len(sub)-4:], "+xml")
	}
	return false
}

// Sent reports whether the response already went to the client while the
// http.Handler a Middleware wraps was running: the handler flushed, or
// its body outgrew the capture limit (see Next). The status and header
// fields of a sent Response tell what was sent; changing it changes
// nothing on the wire.
func (r *Response) Sent() bool { return r.sent }
