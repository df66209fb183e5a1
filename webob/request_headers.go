package webob

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/webob-go/webob/cookies"
	"github.com/webob-go/webob/headers"
	"github.com/webob-go/webob/negotiate"
)

// headerCache holds the typed request headers parsed so far. It is
// allocated on the first typed accessor call, so wrapping stays small.
type headerCache struct {
	done uint32

	accept            negotiate.Accept
	acceptErr         error
	acceptCharset     negotiate.AcceptCharset
	acceptCharsetErr  error
	acceptEncoding    negotiate.AcceptEncoding
	acceptEncodingErr error
	acceptLanguage    negotiate.AcceptLanguage
	acceptLanguageErr error

	cacheControl    headers.CacheControl
	cacheControlErr error
	ifMatch         headers.ETags
	ifMatchErr      error
	ifNoneMatch     headers.ETags
	ifNoneMatchErr  error
	ifRange         headers.IfRange
	ifRangeErr      error
	rng             headers.Range
	rngErr          error
	contentType     headers.MediaType
	contentTypeErr  error
	auth            headers.Credentials
	authErr         error
	forwarded       []headers.ForwardedElement
	forwardedErr    error
	cookies         []cookies.Cookie
	cookiesErr      error

	ifModifiedSince      time.Time
	ifModifiedSinceErr   error
	ifUnmodifiedSince    time.Time
	ifUnmodifiedSinceErr error
	date                 time.Time
	dateErr              error
}

// Bits of headerCache.done.
const (
	hcAccept uint32 = 1 << iota
	hcAcceptCharset
	hcAcceptEncoding
	hcAcceptLanguage
	hcCacheControl
	hcIfMatch
	hcIfNoneMatch
	hcIfRange
	hcRange
	hcContentType
	hcAuth
	hcForwarded
	hcCookies
	hcIfModifiedSince
	hcIfUnmodifiedSince
	hcDate
)

func (r *Request) cache() *headerCache {
	if r.hc == nil {
		r.hc = new(headerCache)
	}
	return r.hc
}

// need reports whether the cached value with bit must still be computed,
// and marks it computed.
func (c *headerCache) need(bit uint32) bool {
	if c.done&bit != 0 {
		return false
	}
	c.done |= bit
	return true
}

// ErrSeveralValues reports a header that must appear once (Range,
// If-Range, Authorization, a date) sent on several field lines with
// different values. A *HeaderError naming the field wraps it.
var ErrSeveralValues = errors.New("webob: header sent several times")

// A HeaderError reports a request header field that could not be parsed:
// every Parse method of Request for a request header returns one, so a
// handler that returns it answers 400 Bad Request (see StatusCode) with a
// detail naming the field, such as "invalid Range header", and never an
// internal error. Err is the parser's error (headers.ErrInvalidRange,
// negotiate.ErrInvalidHeader, ErrSeveralValues, ...), so errors.Is(err,
// headers.ErrInvalidRange) keeps working through it.
type HeaderError struct {
	// Field is the canonical name of the header field, such as "Range".
	Field string
	// Err is the parse error.
	Err error
}

// Error returns one line naming the field, such as
// "webob: invalid header: Range: headers: invalid Range" (the lines of a
// joined error are joined with ": ").
func (e *HeaderError) Error() string {
	msg := strings.ReplaceAll(strings.TrimPrefix(e.Err.Error(), "webob: "), "\n", ": ")
	return "webob: invalid header: " + e.Field + ": " + msg
}

// Unwrap returns Err.
func (e *HeaderError) Unwrap() error { return e.Err }

// StatusCode returns the status the adapters answer e with: 416 Range Not
// Satisfiable for a Range with more than headers.DefaultMaxRanges ranges
// (RFC 9110 §15.5.17: an excessive request of small ranges), 431 Request
// Header Fields Too Large for more than cookies.MaxPairs cookies, and
// 400 Bad Request for everything else.
func (e *HeaderError) StatusCode() int {
	switch {
	case errors.Is(e.Err, headers.ErrTooManyRanges):
		return http.StatusRequestedRangeNotSatisfiable
	case errors.Is(e.Err, cookies.ErrTooManyCookies):
		return http.StatusRequestHeaderFieldsTooLarge
	}
	return http.StatusBadRequest
}

// clientDetail is the message for the client: it names the field and
// the problem, never the bytes sent.
func (e *HeaderError) clientDetail() string {
	switch {
	case errors.Is(e.Err, ErrSeveralValues):
		return "invalid " + e.Field + " header: sent several times with different values"
	case errors.Is(e.Err, headers.ErrTooManyRanges):
		return "too many ranges in " + e.Field + " header (more than " + strconv.Itoa(headers.DefaultMaxRanges) + ")"
	case errors.Is(e.Err, cookies.ErrTooManyCookies):
		return "too many cookies in " + e.Field + " header (more than " + strconv.Itoa(cookies.MaxPairs) + ")"
	}
	return "invalid " + e.Field + " header"
}

// headerErr wraps a parse error of field in a *HeaderError; nil stays
// nil.
func headerErr(field string, err error) error {
	if err == nil {
		return nil
	}
	return &HeaderError{Field: field, Err: err}
}

// single returns the one value of a singleton header, "" when absent.
// Several identical lines count as one; different ones are a
// *HeaderError wrapping ErrSeveralValues.
func (r *Request) single(key string) (string, bool, error) {
	ls := r.lines(key)
	switch len(ls) {
	case 0:
		return "", false, nil
	case 1:
		return ls[0], true, nil
	}
	for _, l := range ls[1:] {
		if l != ls[0] {
			return "", true, &HeaderError{Field: key, Err: ErrSeveralValues}
		}
	}
	return ls[0], true, nil
}

// CacheControl returns the request's Cache-Control directives; the zero
// value when the header is missing or invalid.
func (r *Request) CacheControl() headers.CacheControl {
	cc, _ := r.ParseCacheControl()
	return cc
}

// ParseCacheControl is CacheControl that also returns the parse error, a
// *HeaderError wrapping headers.ErrInvalidCacheControl.
func (r *Request) ParseCacheControl() (headers.CacheControl, error) {
	c := r.cache()
	if c.need(hcCacheControl) {
		if ls := r.lines("Cache-Control"); len(ls) > 0 {
			c.cacheControl, c.cacheControlErr = headers.ParseCacheControl(ls)
			if c.cacheControlErr != nil {
				c.cacheControlErr = headerErr("Cache-Control", c.cacheControlErr)
				c.cacheControl = headers.CacheControl{}
			}
		}
	}
	return c.cacheControl, c.cacheControlErr
}

// IfMatch returns the entity tags of If-Match. A missing or invalid
// header is the zero ETags, whose Present reports false.
func (r *Request) IfMatch() headers.ETags {
	e, _ := r.ParseIfMatch()
	return e
}

// ParseIfMatch is IfMatch that also returns the parse error, a
// *HeaderError wrapping headers.ErrInvalidETag.
func (r *Request) ParseIfMatch() (headers.ETags, error) {
	c := r.cache()
	if c.need(hcIfMatch) {
		c.ifMatch, c.ifMatchErr = headers.ParseETags(r.lines("If-Match"))
		c.ifMatchErr = headerErr("If-Match", c.ifMatchErr)
	}
	return c.ifMatch, c.ifMatchErr
}

// IfNoneMatch returns the entity tags of If-None-Match. A missing or
// invalid header is the zero ETags, whose Present reports false.
func (r *Request) IfNoneMatch() headers.ETags {
	e, _ := r.ParseIfNoneMatch()
	return e
}

// ParseIfNoneMatch is IfNoneMatch that also returns the parse error (a
// *HeaderError).
func (r *Request) ParseIfNoneMatch() (headers.ETags, error) {
	c := r.cache()
	if c.need(hcIfNoneMatch) {
		c.ifNoneMatch, c.ifNoneMatchErr = headers.ParseETags(r.lines("If-None-Match"))
		c.ifNoneMatchErr = headerErr("If-None-Match", c.ifNoneMatchErr)
	}
	return c.ifNoneMatch, c.ifNoneMatchErr
}

// date parses the singleton date header key into *t and *err once.
func (r *Request) date(key string, bit uint32, t *time.Time, err *error) (time.Time, error) {
	c := r.cache()
	if c.need(bit) {
		s, ok, e := r.single(key)
		switch {
		case e != nil:
			*err = e
		case ok:
			var e error
			*t, e = headers.ParseHTTPDate(s)
			*err = headerErr(key, e)
		}
	}
	return *t, *err
}

// IfModifiedSince returns the If-Modified-Since date, or the zero time
// when it is missing or invalid (RFC 9110 §13.1.3: an invalid date is
// ignored).
func (r *Request) IfModifiedSince() time.Time {
	t, _ := r.ParseIfModifiedSince()
	return t
}

// ParseIfModifiedSince is IfModifiedSince that also returns the parse
// error, a *HeaderError wrapping headers.ErrInvalidDate.
func (r *Request) ParseIfModifiedSince() (time.Time, error) {
	c := r.cache()
	return r.date("If-Modified-Since", hcIfModifiedSince, &c.ifModifiedSince, &c.ifModifiedSinceErr)
}

// IfUnmodifiedSince returns the If-Unmodified-Since date, or the zero time
// when it is missing or invalid.
func (r *Request) IfUnmodifiedSince() time.Time {
	t, _ := r.ParseIfUnmodifiedSince()
	return t
}

// ParseIfUnmodifiedSince is IfUnmodifiedSince that also returns the parse
// error (a *HeaderError).
func (r *Request) ParseIfUnmodifiedSince() (time.Time, error) {
	c := r.cache()
	return r.date("If-Unmodified-Since", hcIfUnmodifiedSince, &c.ifUnmodifiedSince, &c.ifUnmodifiedSinceErr)
}

// Date returns the request's Date header, or the zero time when it is
// missing or invalid.
func (r *Request) Date() time.Time {
	t, _ := r.ParseDate()
	return t
}

// ParseDate is Date that also returns the parse error (a
// *HeaderError).
func (r *Request) ParseDate() (time.Time, error) {
	c := r.cache()
	return r.date("Date", hcDate, &c.date, &c.dateErr)
}

// IfRange returns the If-Range condition; the zero IfRange (HasETag false
// and a zero Date) when the header is missing or invalid.
func (r *Request) IfRange() headers.IfRange {
	ir, _ := r.ParseIfRange()
	return ir
}

// ParseIfRange is IfRange that also returns the parse error, a
// *HeaderError wrapping headers.ErrInvalidIfRange.
func (r *Request) ParseIfRange() (headers.IfRange, error) {
	c := r.cache()
	if c.need(hcIfRange) {
		s, ok, err := r.single("If-Range")
		switch {
		case err != nil:
			c.ifRangeErr = err
		case ok:
			c.ifRange, c.ifRangeErr = headers.ParseIfRange(s)
			c.ifRangeErr = headerErr("If-Range", c.ifRangeErr)
		}
	}
	return c.ifRange, c.ifRangeErr
}

// Range returns the byte ranges asked for; the zero Range (no Ranges) when
// the header is missing or invalid (RFC 9110 §14.2: an invalid Range is
// ignored). At most headers.DefaultMaxRanges ranges are accepted: more is
// invalid.
func (r *Request) Range() headers.Range {
	rg, _ := r.ParseRange()
	return rg
}

// ParseRange is Range that also returns the parse error, a
// *HeaderError wrapping headers.ErrInvalidRange, or
// headers.ErrTooManyRanges past headers.DefaultMaxRanges (answered 416).
func (r *Request) ParseRange() (headers.Range, error) {
	c := r.cache()
	if c.need(hcRange) {
		s, ok, err := r.single("Range")
		switch {
		case err != nil:
			c.rngErr = err
		case ok:
			c.rng, c.rngErr = headers.ParseRange(s)
			if c.rngErr != nil {
				c.rngErr = headerErr("Range", c.rngErr)
				c.rng = headers.Range{}
			}
		}
	}
	return c.rng, c.rngErr
}

// MaxForwards returns the Max-Forwards value, or -1 when it is missing or
// invalid.
func (r *Request) MaxForwards() int64 {
	n, err := r.ParseMaxForwards()
	if err != nil {
		return -1
	}
	return n
}

// ParseMaxForwards is MaxForwards that also returns the parse error (a
// *HeaderError). A missing header is -1 and no error.
func (r *Request) ParseMaxForwards() (int64, error) {
	s, ok, err := r.single("Max-Forwards")
	if err != nil {
		return -1, err
	}
	if !ok {
		return -1, nil
	}
	n, err := headers.ParseMaxForwards(s)
	if err != nil {
		return -1, &HeaderError{Field: "Max-Forwards", Err: err}
	}
	return n, nil
}

// Referer returns the Referer header as sent, or "".
func (r *Request) Referer() string { return r.first("Referer") }

// UserAgent returns the User-Agent header as sent, or "".
func (r *Request) UserAgent() string { return r.first("User-Agent") }

// Origin returns the Origin header as sent (such as
// "https://example.com" or "null"), or "".
func (r *Request) Origin() string { return r.first("Origin") }

// IsXHR reports whether the request says it was sent by XMLHttpRequest
// (X-Requested-With: XMLHttpRequest), as JavaScript libraries mark them.
func (r *Request) IsXHR() bool {
	return headers.EqualFold(headers.TrimOWS(r.first("X-Requested-With")), "XMLHttpRequest")
}

// MediaType returns the parsed Content-Type, with its parameters; the zero
// MediaType when the header is missing or invalid.
func (r *Request) MediaType() headers.MediaType {
	m, _ := r.ParseMediaType()
	return m
}

// ParseMediaType is MediaType that also returns the parse error, a
// *HeaderError wrapping headers.ErrInvalidMediaType. A missing header is
// the zero MediaType and no error.
func (r *Request) ParseMediaType() (headers.MediaType, error) {
	c := r.cache()
	if c.need(hcContentType) {
		s, ok, err := r.single("Content-Type")
		switch {
		case err != nil:
			c.contentTypeErr = err
		case ok:
			c.contentType, c.contentTypeErr = headers.ParseMediaType(s)
			if c.contentTypeErr != nil {
				c.contentTypeErr = headerErr("Content-Type", c.contentTypeErr)
				c.contentType = headers.MediaType{}
			}
		}
	}
	return c.contentType, c.contentTypeErr
}

// ContentType returns the media type of the body without parameters, in
// lower case ("application/json"), as WebOb's content_type does; "" when
// the header is missing or invalid.
func (r *Request) ContentType() string {
	m := r.MediaType()
	if m.Type == "" {
		return ""
	}
	return m.Essence()
}

// Charset returns the charset parameter of Content-Type, or "UTF-8" when
// there is none (WebOb's default).
func (r *Request) Charset() string {
	if cs := r.MediaType().Charset(); cs != "" {
		return cs
	}
	return "UTF-8"
}

// ContentLength returns the body length from Content-Length, or -1 when
// it is unknown (missing, invalid, or a chunked body). For a request built
// with a body whose length net/http knows, that length is returned.
func (r *Request) ContentLength() int64 {
	n, err := r.ParseContentLength()
	if err != nil {
		return -1
	}
	return n
}

// ParseContentLength is ContentLength that also returns the parse error, a
// *HeaderError wrapping headers.ErrInvalidContentLength. A missing header
// is -1 and no error, unless the wrapped request knows the length.
func (r *Request) ParseContentLength() (int64, error) {
	if ls := r.lines("Content-Length"); len(ls) > 0 {
		n, err := headers.ParseContentLength(ls)
		if err != nil {
			return -1, &HeaderError{Field: "Content-Length", Err: err}
		}
		return n, nil
	}
	if r.h().ContentLength > 0 {
		return r.h().ContentLength, nil
	}
	if r.h().Body == nil || r.h().Body == http.NoBody {
		return 0, nil
	}
	return -1, nil
}

// Forwarded returns the elements of the Forwarded header (RFC 7239), the
// last added by the nearest proxy; nil when it is missing or invalid.
// These are what the client and proxies claim: see ClientAddr for a value
// that only trusts configured proxies.
func (r *Request) Forwarded() []headers.ForwardedElement {
	f, _ := r.ParseForwarded()
	return f
}

// ParseForwarded is Forwarded that also returns the parse error, a
// *HeaderError wrapping headers.ErrInvalidForwarded.
func (r *Request) ParseForwarded() ([]headers.ForwardedElement, error) {
	c := r.cache()
	if c.need(hcForwarded) {
		if ls := r.lines("Forwarded"); len(ls) > 0 {
			c.forwarded, c.forwardedErr = headers.ParseForwarded(ls)
			c.forwardedErr = headerErr("Forwarded", c.forwardedErr)
		}
	}
	return c.forwarded, c.forwardedErr
}

// Authorization returns the parsed Authorization credentials; the zero
// Credentials when the header is missing or invalid.
func (r *Request) Authorization() headers.Credentials {
	a, _ := r.ParseAuthorization()
	return a
}

// ParseAuthorization is Authorization that also returns the parse error, a
// *HeaderError wrapping headers.ErrInvalidAuth.
func (r *Request) ParseAuthorization() (headers.Credentials, error) {
	c := r.cache()
	if c.need(hcAuth) {
		s, ok, err := r.single("Authorization")
		switch {
		case err != nil:
			c.authErr = err
		case ok:
			c.auth, c.authErr = headers.ParseAuthorization(s)
			if c.authErr != nil {
				c.authErr = headerErr("Authorization", c.authErr)
				c.auth = headers.Credentials{}
			}
		}
	}
	return c.auth, c.authErr
}

// BasicAuth returns the user name and password of Basic credentials
// (RFC 7617); ok is false when the header is missing, invalid or of
// another scheme.
func (r *Request) BasicAuth() (user, password string, ok bool) {
	return r.Authorization().Basic()
}
