package webob

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/webob-go/webob/headers"
	"github.com/webob-go/webob/internal/oneline"
)

// Typed accessors for the response header fields. Getters return the zero
// value (or false) for a field that is missing or does not parse; setters
// check what they write and refuse CR, LF, NUL and other control bytes
// with an error wrapping ErrInvalidHeader, leaving the response
// unchanged. Setting the zero value (an empty string, the zero time)
// removes the field.

// setChecked sets key to v after checking v; "" removes the field.
func (r *Response) setChecked(key, v string) error {
	if v == "" {
		r.del(key)
		return nil
	}
	if err := checkField(key, v); err != nil {
		return err
	}
	r.set(key, v)
	return nil
}

// ContentType returns the media type of Content-Type without parameters,
// lower-cased ("text/html"), or "" when there is none.
func (r *Response) ContentType() string {
	mt, err := r.MediaType()
	if err != nil {
		return ""
	}
	return mt.Essence()
}

// MediaType returns the parsed Content-Type with its parameters. A
// missing field is the zero MediaType and no error.
func (r *Response) MediaType() (headers.MediaType, error) {
	s := r.get("Content-Type")
	if s == "" {
		return headers.MediaType{}, nil
	}
	return headers.ParseMediaType(s)
}

// SetContentType sets Content-Type. As in WebOb, a text/* or XML type
// given without a charset gets "; charset=utf-8"; other types (JSON
// included) get none. An empty ct removes the field. A value that is not
// a media type is refused with an error wrapping headers.ErrInvalidMediaType.
func (r *Response) SetContentType(ct string) error {
	if ct == "" {
		r.del("Content-Type")
		return nil
	}
	if _, err := headers.ParseMediaType(ct); err != nil {
		return err
	}
	return r.setChecked("Content-Type", contentTypeWithCharset(ct))
}

// Charset returns the charset parameter of Content-Type, or "".
func (r *Response) Charset() string {
	mt, err := r.MediaType()
	if err != nil {
		return ""
	}
	return mt.Charset()
}

// ErrNoContentType reports SetCharset on a response without Content-Type.
var ErrNoContentType = errors.New("webob: no Content-Type to set a charset on")

// SetCharset replaces the charset parameter of Content-Type (WebOb's
// charset setter); "" removes it. Without a Content-Type it returns
// ErrNoContentType.
func (r *Response) SetCharset(charset string) error {
	mt, err := r.MediaType()
	if err != nil {
		return err
	}
	if mt.Type == "" {
		return ErrNoContentType
	}
	ps := mt.Params[:0:0]
	for _, p := range mt.Params {
		if !headers.EqualFold(p.Name, "charset") {
			ps = append(ps, p)
		}
	}
	if charset != "" {
		ps = append(ps, headers.Param{Name: "charset", Value: charset})
	}
	b := []byte(mt.Essence())
	for _, p := range ps {
		b = append(b, "; "...)
		b = append(b, p.Name...)
		b = append(b, '=')
		if b, err = headers.AppendTokenOrQuoted(b, p.Value); err != nil {
			return oneline.Join(ErrInvalidHeader, err)
		}
	}
	return r.setChecked("Content-Type", string(b))
}

// SetContentLength sets Content-Length to n; a negative n removes it. A
// byte or string body always sends its own length.
func (r *Response) SetContentLength(n int64) {
	if n < 0 {
		r.del("Content-Length")
		return
	}
	r.set("Content-Length", strconv.FormatInt(n, 10))
}

// ContentDisposition returns the parsed Content-Disposition. A missing
// field is the zero value and no error.
func (r *Response) ContentDisposition() (headers.ContentDisposition, error) {
	s := r.get("Content-Disposition")
	if s == "" {
		return headers.ContentDisposition{}, nil
	}
	return headers.ParseContentDisposition(s)
}

// SetContentDisposition sets Content-Disposition to dispType
// ("attachment" or "inline") with filename, safely for any file name:
// quotes, backslashes, semicolons and control bytes can never start
// another parameter or header, and a non-ASCII name is sent as filename*
// (RFC 8187) with an ASCII fallback. See headers.FormatContentDisposition.
func (r *Response) SetContentDisposition(dispType, filename string) error {
	v, err := headers.FormatContentDisposition(dispType, filename)
	if err != nil {
		return err
	}
	return r.setChecked("Content-Disposition", v)
}

// SetAttachment sets "Content-Disposition: attachment" naming filename.
func (r *Response) SetAttachment(filename string) error {
	return r.SetContentDisposition("attachment", filename)
}

// ContentEncoding returns the Content-Encoding field ("gzip"), or "".
func (r *Response) ContentEncoding() string { return r.get("Content-Encoding") }

// SetContentEncoding sets Content-Encoding; it does not encode the body
// (see EncodeContent).
func (r *Response) SetContentEncoding(coding string) error {
	return r.setChecked("Content-Encoding", coding)
}

// ContentLanguage returns the language tags of Content-Language.
func (r *Response) ContentLanguage() []string { return listValues(r.values("Content-Language")) }

// SetContentLanguage sets Content-Language to the given tags (none
// removes it).
func (r *Response) SetContentLanguage(tags ...string) error {
	return r.setList("Content-Language", tags)
}

// ContentLocation returns the Content-Location field, or "".
func (r *Response) ContentLocation() string { return r.get("Content-Location") }

// SetContentLocation sets Content-Location.
func (r *Response) SetContentLocation(uri string) error {
	return r.setChecked("Content-Location", uri)
}

// ContentRange returns the parsed Content-Range; ok is false when it is
// missing or does not parse.
func (r *Response) ContentRange() (cr headers.ContentRange, ok bool) {
	s := r.get("Content-Range")
	if s == "" {
		return cr, false
	}
	cr, err := headers.ParseContentRange(s)
	return cr, err == nil
}

// SetContentRange sets Content-Range.
func (r *Response) SetContentRange(cr headers.ContentRange) {
	r.set("Content-Range", cr.String())
}

// AcceptRanges returns the Accept-Ranges field ("bytes", "none"), or "".
func (r *Response) AcceptRanges() string { return r.get("Accept-Ranges") }

// SetAcceptRanges sets Accept-Ranges. "bytes" opts the response in to
// range requests (unless DisableRanges is set).
func (r *Response) SetAcceptRanges(units string) error {
	return r.setChecked("Accept-Ranges", units)
}

// Age returns the Age field in seconds; ok is false when it is missing or
// invalid.
func (r *Response) Age() (seconds int64, ok bool) {
	s := r.get("Age")
	if s == "" {
		return 0, false
	}
	n, err := headers.ParseDeltaSeconds(s)
	return n, err == nil
}

// SetAge sets Age; a negative value removes it.
func (r *Response) SetAge(seconds int64) {
	if seconds < 0 {
		r.del("Age")
		return
	}
	r.set("Age", strconv.FormatInt(seconds, 10))
}

// Allow returns the methods of the Allow field.
func (r *Response) Allow() []string { return listValues(r.values("Allow")) }

// SetAllow sets Allow to methods (none removes it). Each must be a token.
func (r *Response) SetAllow(methods ...string) error { return r.setList("Allow", methods) }

// CacheControl returns the response's Cache-Control as a typed value to
// read and change: changes are written back to the header when the
// response is sent or serialised (WebOb's response.cache_control). If the
// header field is changed directly afterwards, the field wins and the
// typed value is re-read from it on the next call.
func (r *Response) CacheControl() *headers.CacheControl {
	raw := strings.Join(r.values("Cache-Control"), ", ")
	x := r.ext()
	if x.cc == nil || raw != x.ccSrc {
		cc, err := headers.ParseCacheControl(r.values("Cache-Control"))
		if err != nil {
			cc = headers.CacheControl{}
		}
		if x.cc == nil {
			x.cc = new(headers.CacheControl)
		}
		*x.cc = cc
		x.ccSrc = raw
	}
	return x.cc
}

// SetCacheControl replaces Cache-Control with cc.
func (r *Response) SetCacheControl(cc headers.CacheControl) error {
	v, err := cc.AppendFormat(nil)
	if err != nil {
		return err
	}
	if r.x != nil {
		r.x.cc = nil
	}
	return r.setChecked("Cache-Control", string(v))
}

// syncCacheControl writes the typed Cache-Control back into the header.
func (r *Response) syncCacheControl() error {
	if r.x == nil || r.x.cc == nil {
		return nil
	}
	raw := strings.Join(r.values("Cache-Control"), ", ")
	if raw != r.x.ccSrc { // changed directly since: the header wins
		r.x.cc = nil
		return nil
	}
	v, err := r.x.cc.AppendFormat(nil)
	if err != nil {
		return err
	}
	if err := r.setChecked("Cache-Control", string(v)); err != nil {
		return err
	}
	r.x.ccSrc = string(v)
	return nil
}

// date returns the parsed date field key, or the zero time.
func (r *Response) date(key string) time.Time {
	s := r.get(key)
	if s == "" {
		return time.Time{}
	}
	t, err := headers.ParseHTTPDate(s)
	if err != nil {
		return time.Time{}
	}
	return t
}

// setDate sets the date field key as an IMF-fixdate; the zero time
// removes it.
func (r *Response) setDate(key string, t time.Time) {
	if t.IsZero() {
		r.del(key)
		return
	}
	r.set(key, headers.FormatHTTPDate(t))
}

// Date returns the Date field, or the zero time.
func (r *Response) Date() time.Time { return r.date("Date") }

// SetDate sets Date; the zero time removes it (net/http then adds the
// current date).
func (r *Response) SetDate(t time.Time) { r.setDate("Date", t) }

// Expires returns the Expires field, or the zero time (also for an
// invalid date such as "0", which RFC 9111 §5.3 treats as expired).
func (r *Response) Expires() time.Time { return r.date("Expires") }

// SetExpires sets Expires; the zero time removes it.
func (r *Response) SetExpires(t time.Time) { r.setDate("Expires", t) }

// LastModified returns the Last-Modified field, or the zero time.
func (r *Response) LastModified() time.Time { return r.date("Last-Modified") }

// SetLastModified sets Last-Modified (a validator: preconditions are then
// evaluated when the response is sent); the zero time removes it.
func (r *Response) SetLastModified(t time.Time) { r.setDate("Last-Modified", t) }

// ETag returns the entity tag of the ETag field; ok is false when it is
// missing or does not parse.
func (r *Response) ETag() (etag headers.ETag, ok bool) {
	s := r.get("Etag")
	if s == "" {
		return etag, false
	}
	e, err := headers.ParseETag(s)
	return e, err == nil
}

// SetETag sets the ETag field to the opaque tag (without quotes), weak or
// strong (a validator: preconditions are then evaluated when the response
// is sent). An empty tag removes it; a tag holding a double quote, space
// or control byte is refused with headers.ErrInvalidETag.
func (r *Response) SetETag(tag string, weak bool) error {
	if tag == "" {
		r.del("Etag")
		return nil
	}
	v, err := headers.ETag{Tag: tag, Weak: weak}.AppendFormat(nil)
	if err != nil {
		return err
	}
	r.set("Etag", string(v))
	return nil
}

// Location returns the Location field as set, or "".
func (r *Response) Location() string { return r.get("Location") }

// SetLocation sets Location to uri, which may be relative. CR, LF and NUL
// are refused. When the response is sent the value is made safe (see
// SafeLocation), and made absolute when the adapter is configured so.
func (r *Response) SetLocation(uri string) error { return r.setChecked("Location", uri) }

// RetryAfter returns the parsed Retry-After; ok is false when it is
// missing or invalid.
func (r *Response) RetryAfter() (ra headers.RetryAfter, ok bool) {
	s := r.get("Retry-After")
	if s == "" {
		return ra, false
	}
	ra, err := headers.ParseRetryAfter(s)
	return ra, err == nil
}

// SetRetryAfter sets Retry-After to a delay or a date.
func (r *Response) SetRetryAfter(ra headers.RetryAfter) {
	r.set("Retry-After", ra.String())
}

// WWWAuthenticate returns the challenges of WWW-Authenticate (nil when it
// is missing or does not parse).
func (r *Response) WWWAuthenticate() []headers.Challenge {
	cs, err := headers.ParseChallenges(r.values("Www-Authenticate"))
	if err != nil {
		return nil
	}
	return cs
}

// SetWWWAuthenticate sets WWW-Authenticate to the challenges (none
// removes it).
func (r *Response) SetWWWAuthenticate(cs ...headers.Challenge) error {
	if len(cs) == 0 {
		r.del("Www-Authenticate")
		return nil
	}
	v, err := headers.AppendChallenges(nil, cs)
	if err != nil {
		return err
	}
	return r.setChecked("Www-Authenticate", string(v))
}

// Pragma returns the Pragma field, or "".
func (r *Response) Pragma() string { return r.get("Pragma") }

// SetPragma sets Pragma ("no-cache"); "" removes it.
func (r *Response) SetPragma(v string) error { return r.setChecked("Pragma", v) }

// listValues returns the elements of a comma-separated list field.
func listValues(lines []string) []string {
	var out []string
	for v := range headers.List(lines) {
		out = append(out, v)
	}
	return out
}

// setList sets key to the tokens joined by ", "; none removes it.
func (r *Response) setList(key string, toks []string) error {
	if len(toks) == 0 {
		r.del(key)
		return nil
	}
	v, err := headers.AppendTokenList(nil, toks)
	if err != nil {
		return oneline.Join(ErrInvalidHeader, err)
	}
	r.set(key, string(v))
	return nil
}
