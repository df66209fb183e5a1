package webob

import (
	"errors"
	"strconv"
	"time"

	"github.com/webob-go/webob/headers"
	"github.com/webob-go/webob/internal/oneline"
)

// Typed accessors for the response header fields, in the shape Request
// uses (net/http's FormValue beside ParseForm):
//
//   - X() returns the typed value, or the zero value when the field is
//     missing or does not parse; counts whose zero is a valid value (Age,
//     ContentLength) return -1 instead;
//   - ParseX() returns the value and the parse error; a missing field is
//     the zero value (or -1) and no error;
//   - SetX() checks what it writes and refuses CR, LF, NUL and other
//     control bytes with an error wrapping ErrInvalidHeader, leaving the
//     response unchanged. Setting the zero value (an empty string, the
//     zero time) removes the field.
//
// Whether a field is present at all is a question for Header().

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
// lower-cased ("text/html"), or "" when the field is missing or invalid.
func (r *Response) ContentType() string {
	mt := r.MediaType()
	if mt.Type == "" {
		return ""
	}
	return mt.Essence()
}

// MediaType returns the parsed Content-Type with its parameters; the zero
// MediaType when the field is missing or invalid.
func (r *Response) MediaType() headers.MediaType {
	mt, _ := r.ParseMediaType()
	return mt
}

// ParseMediaType is MediaType that also returns the parse error (wrapping
// headers.ErrInvalidMediaType). A missing field is the zero MediaType and
// no error.
func (r *Response) ParseMediaType() (headers.MediaType, error) {
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
func (r *Response) Charset() string { return r.MediaType().Charset() }

// ErrNoContentType reports SetCharset on a response without Content-Type.
var ErrNoContentType = errors.New("webob: no Content-Type to set a charset on")

// SetCharset replaces the charset parameter of Content-Type (WebOb's
// charset setter); "" removes it. Without a Content-Type it returns
// ErrNoContentType.
func (r *Response) SetCharset(charset string) error {
	mt, err := r.ParseMediaType()
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

// ContentDisposition returns the parsed Content-Disposition; the zero
// value when the field is missing or invalid.
func (r *Response) ContentDisposition() headers.ContentDisposition {
	cd, _ := r.ParseContentDisposition()
	return cd
}

// ParseContentDisposition is ContentDisposition that also returns the
// parse error. A missing field is the zero value and no error.
func (r *Response) ParseContentDisposition() (headers.ContentDisposition, error) {
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

// ContentRange returns the parsed Content-Range; the zero ContentRange
// (never a valid one: its Length is 0) when the field is missing or
// invalid.
func (r *Response) ContentRange() headers.ContentRange {
	cr, _ := r.ParseContentRange()
	return cr
}

// ParseContentRange is ContentRange that also returns the parse error. A
// missing field is the zero ContentRange and no error.
func (r *Response) ParseContentRange() (headers.ContentRange, error) {
	s := r.get("Content-Range")
	if s == "" {
		return headers.ContentRange{}, nil
	}
	return headers.ParseContentRange(s)
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

// Age returns the Age field in seconds, or -1 when it is missing or
// invalid (0 is a valid age).
func (r *Response) Age() int64 {
	n, err := r.ParseAge()
	if err != nil {
		return -1
	}
	return n
}

// ParseAge is Age that also returns the parse error. A missing field is
// -1 and no error.
func (r *Response) ParseAge() (int64, error) {
	s := r.get("Age")
	if s == "" {
		return -1, nil
	}
	n, err := headers.ParseDeltaSeconds(s)
	if err != nil {
		return -1, err
	}
	return n, nil
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

// CacheControl returns the response's Cache-Control directives, a copy:
// the zero value when the field is missing or invalid. Change them with
// UpdateCacheControl, or replace them with SetCacheControl (WebOb's
// response.cache_control is a live object; here the header is the one
// source of truth).
func (r *Response) CacheControl() headers.CacheControl {
	cc, _ := r.ParseCacheControl()
	return cc
}

// ParseCacheControl is CacheControl that also returns the parse error
// (wrapping headers.ErrInvalidCacheControl). A missing field is the zero
// value and no error.
func (r *Response) ParseCacheControl() (headers.CacheControl, error) {
	ls := r.values("Cache-Control")
	if len(ls) == 0 {
		return headers.CacheControl{}, nil
	}
	cc, err := headers.ParseCacheControl(ls)
	if err != nil {
		return headers.CacheControl{}, err
	}
	return cc, nil
}

// SetCacheControl replaces Cache-Control with cc; the zero value removes
// the field.
func (r *Response) SetCacheControl(cc headers.CacheControl) error {
	v, err := cc.AppendFormat(nil)
	if err != nil {
		return err
	}
	return r.setChecked("Cache-Control", string(v))
}

// UpdateCacheControl calls fn with the current directives (see
// CacheControl; an invalid field starts from the zero value) and writes
// what fn leaves back with SetCacheControl:
//
//	err := resp.UpdateCacheControl(func(cc *headers.CacheControl) {
//		cc.Public = true
//		cc.MaxAge = headers.Seconds(3600)
//	})
func (r *Response) UpdateCacheControl(fn func(cc *headers.CacheControl)) error {
	cc := r.CacheControl()
	fn(&cc)
	return r.SetCacheControl(cc)
}

// date returns the parsed date field key, or the zero time.
func (r *Response) date(key string) time.Time {
	t, _ := r.parseDate(key)
	return t
}

// parseDate returns the parsed date field key; a missing field is the
// zero time and no error.
func (r *Response) parseDate(key string) (time.Time, error) {
	s := r.get(key)
	if s == "" {
		return time.Time{}, nil
	}
	t, err := headers.ParseHTTPDate(s)
	if err != nil {
		return time.Time{}, err
	}
	return t, nil
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

// Date returns the Date field, or the zero time when it is missing or
// invalid.
func (r *Response) Date() time.Time { return r.date("Date") }

// ParseDate is Date that also returns the parse error (wrapping
// headers.ErrInvalidDate). A missing field is the zero time and no error.
func (r *Response) ParseDate() (time.Time, error) { return r.parseDate("Date") }

// SetDate sets Date; the zero time removes it (net/http then adds the
// current date).
func (r *Response) SetDate(t time.Time) { r.setDate("Date", t) }

// Expires returns the Expires field, or the zero time (also for an
// invalid date such as "0", which RFC 9111 §5.3 treats as expired).
func (r *Response) Expires() time.Time { return r.date("Expires") }

// ParseExpires is Expires that also returns the parse error. A missing
// field is the zero time and no error.
func (r *Response) ParseExpires() (time.Time, error) { return r.parseDate("Expires") }

// SetExpires sets Expires; the zero time removes it.
func (r *Response) SetExpires(t time.Time) { r.setDate("Expires", t) }

// LastModified returns the Last-Modified field, or the zero time when it
// is missing or invalid.
func (r *Response) LastModified() time.Time { return r.date("Last-Modified") }

// ParseLastModified is LastModified that also returns the parse error. A
// missing field is the zero time and no error.
func (r *Response) ParseLastModified() (time.Time, error) { return r.parseDate("Last-Modified") }

// SetLastModified sets Last-Modified (a validator: preconditions are then
// evaluated when the response is sent); the zero time removes it.
func (r *Response) SetLastModified(t time.Time) { r.setDate("Last-Modified", t) }

// ETag returns the entity tag of the ETag field; the zero ETag (Tag "")
// when the field is missing or invalid.
func (r *Response) ETag() headers.ETag {
	e, _ := r.ParseETag()
	return e
}

// ParseETag is ETag that also returns the parse error (wrapping
// headers.ErrInvalidETag). A missing field is the zero ETag and no error.
func (r *Response) ParseETag() (headers.ETag, error) {
	s := r.get("Etag")
	if s == "" {
		return headers.ETag{}, nil
	}
	return headers.ParseETag(s)
}

// SetETag sets the ETag field to the strong entity tag tag (the opaque
// tag without quotes), a validator: preconditions are then evaluated when
// the response is sent. An empty tag removes the field; a tag holding a
// double quote, space or control byte is refused with
// headers.ErrInvalidETag. SetWeakETag sets a weak one.
func (r *Response) SetETag(tag string) error {
	return r.setETag(headers.ETag{Tag: tag})
}

// SetWeakETag sets the ETag field to the weak entity tag W/"tag", for a
// representation that is equivalent but not byte-for-byte the same
// across changes (RFC 9110 §8.8.1). An empty tag removes the field; what
// SetETag refuses it refuses.
func (r *Response) SetWeakETag(tag string) error {
	return r.setETag(headers.ETag{Tag: tag, Weak: true})
}

func (r *Response) setETag(e headers.ETag) error {
	if e.Tag == "" {
		r.del("Etag")
		return nil
	}
	v, err := e.AppendFormat(nil)
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

// RetryAfter returns the parsed Retry-After; the zero RetryAfter (a
// delay of 0: retry at will) when the field is missing or invalid.
func (r *Response) RetryAfter() headers.RetryAfter {
	ra, _ := r.ParseRetryAfter()
	return ra
}

// ParseRetryAfter is RetryAfter that also returns the parse error. A
// missing field is the zero RetryAfter and no error.
func (r *Response) ParseRetryAfter() (headers.RetryAfter, error) {
	s := r.get("Retry-After")
	if s == "" {
		return headers.RetryAfter{}, nil
	}
	return headers.ParseRetryAfter(s)
}

// SetRetryAfter sets Retry-After to a delay or a date.
func (r *Response) SetRetryAfter(ra headers.RetryAfter) {
	r.set("Retry-After", ra.String())
}

// WWWAuthenticate returns the challenges of WWW-Authenticate; nil when
// the field is missing or invalid.
func (r *Response) WWWAuthenticate() []headers.Challenge {
	cs, _ := r.ParseWWWAuthenticate()
	return cs
}

// ParseWWWAuthenticate is WWWAuthenticate that also returns the parse
// error. A missing field is nil and no error.
func (r *Response) ParseWWWAuthenticate() ([]headers.Challenge, error) {
	ls := r.values("Www-Authenticate")
	if len(ls) == 0 {
		return nil, nil
	}
	cs, err := headers.ParseChallenges(ls)
	if err != nil {
		return nil, err
	}
	return cs, nil
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
