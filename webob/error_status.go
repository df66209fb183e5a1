package webob

import (
	"errors"
	"net/http"
	"strconv"
	"unicode/utf8"

	"github.com/webob-go/webob/cookies"
	"github.com/webob-go/webob/multipart"
)

// ErrorStatus returns the status code the adapters answer err with (see
// HandlerFunc): the code of an *HTTPError, 413 for body limits, 400 for
// malformed bodies, messages and parameters (multipart.ErrMalformed and
// this package's errors for malformed client input, such as
// ErrInvalidJSON and ErrMalformedMessage), 415 for a body that is not
// multipart when one was required, 400 for the errors of cookies.Profile.Get that
// describe the cookie sent (cookies.ErrNoCookie, ErrBadSignature,
// ErrExpired, ErrMalformed), the StatusCode of an error that has one
// (such as *HeaderError: 400, 416 or 431), and 500 for everything else.
// nil gives 200.
func ErrorStatus(err error) int {
	if err == nil {
		return http.StatusOK
	}
	var he *HTTPError
	var pe *ParamError
	var fe *FieldError
	var sc statusCoder
	switch {
	case errors.As(err, &he):
		return he.StatusCode()
	case errors.Is(err, multipart.ErrLimit):
		return http.StatusRequestEntityTooLarge
	case errors.Is(err, multipart.ErrNotMultipart):
		return http.StatusUnsupportedMediaType
	case errors.Is(err, multipart.ErrMalformed), errors.Is(err, errBadRequest),
		errors.As(err, &pe), errors.As(err, &fe),
		errors.Is(err, ErrInvalidParam), isCookieValueError(err):
		return http.StatusBadRequest
	case errors.As(err, &sc):
		if c := sc.StatusCode(); c >= 400 && c <= 599 {
			return c
		}
	}
	return http.StatusInternalServerError
}

// isCookieValueError reports the errors of cookies.Profile.Get (and of
// the codecs' Decode) that describe the cookie the client sent: none,
// a bad signature, an expired or malformed value.
func isCookieValueError(err error) bool {
	return errors.Is(err, cookies.ErrNoCookie) || errors.Is(err, cookies.ErrBadSignature) ||
		errors.Is(err, cookies.ErrExpired) || errors.Is(err, cookies.ErrMalformed)
}

// statusCoder is implemented by errors that know their HTTP status, such
// as the request's body errors.
type statusCoder interface{ StatusCode() int }

// clientDetailer is implemented by the errors of this package that
// describe the client's input: clientDetail is the message shown to the
// client (HTTPError.Detail), naming the header or parameter concerned
// without echoing the value sent. It is plain text; the renderers escape
// it.
type clientDetailer interface{ clientDetail() string }

// clientDetail returns the detail shown to the client for err, answered
// with code: what the client sent wrong, by name; "" for server errors
// and errors that say nothing the client may see.
func clientDetail(err error, code int) string {
	if code < 400 || code >= 500 {
		return ""
	}
	var cd clientDetailer
	var fe *FieldError
	var ee *multipart.EscapeError
	var le *multipart.LimitError
	switch {
	case errors.As(err, &cd):
		return cd.clientDetail()
	case errors.As(err, &fe):
		d := paramDetail(fe.Key, fe.Err)
		var be *BindError
		if errors.As(err, &be) && len(be.Errors) > 1 {
			d += " (and " + strconv.Itoa(len(be.Errors)-1) + " more)"
		}
		return d
	case errors.As(err, &ee):
		return "invalid percent-escape in parameter " + quoteName(ee.Key)
	case errors.As(err, &le):
		d := "request exceeds the limit " + le.Limit + " (" + strconv.FormatInt(le.Max, 10) + ")"
		if le.Name != "" {
			d += " in field " + quoteName(le.Name)
		}
		return d
	}
	for _, bd := range bodyDetails {
		if errors.Is(err, bd.err) {
			return bd.detail
		}
	}
	return ""
}

// bodyDetails are the client's messages for body and cookie errors, most
// specific first. They are constants: what was sent is never repeated.
var bodyDetails = [...]struct {
	err    error
	detail string
}{
	{ErrInvalidJSON, "invalid JSON body"},
	{ErrInvalidText, "the body is not valid text in its charset"},
	{ErrUnknownCharset, "unknown charset"},
	{multipart.ErrCharset, "unsupported charset in the form"},
	{multipart.ErrNotMultipart, "the body is not multipart/form-data"},
	{multipart.ErrNoBoundary, "malformed multipart body: no boundary parameter"},
	{multipart.ErrBadBoundary, "malformed multipart body: invalid boundary"},
	{multipart.ErrTruncated, "malformed multipart body: it ends before the closing boundary"},
	{multipart.ErrBadDelimiter, "malformed multipart body: invalid boundary delimiter line"},
	{multipart.ErrBadHeader, "malformed multipart body: malformed part header"},
	{multipart.ErrDuplicateHeader, "malformed multipart body: duplicate part header"},
	{multipart.ErrBadDisposition, "malformed multipart body: invalid Content-Disposition"},
	{multipart.ErrNoName, "malformed multipart body: a part has no name"},
	{multipart.ErrBadContentLength, "malformed multipart body: invalid Content-Length"},
	{multipart.ErrMalformed, "malformed request body"},
	{errBadRequest, "malformed request body"},
	{cookies.ErrNoCookie, "missing cookie"},
	{cookies.ErrExpired, "expired cookie"},
	{cookies.ErrBadSignature, "invalid cookie"},
	{cookies.ErrMalformed, "invalid cookie"},
}

// paramDetail is the client's message for a parameter error.
func paramDetail(key string, err error) string {
	switch {
	case errors.Is(err, ErrMissingParam):
		return "missing parameter " + quoteName(key)
	case errors.Is(err, ErrMultipleValues):
		return "several values for parameter " + quoteName(key)
	case errors.Is(err, ErrInvalidParam):
		return "invalid value for parameter " + quoteName(key)
	case errors.Is(err, ErrUnknownKey):
		return "unknown parameter " + quoteName(key)
	case errors.Is(err, ErrSliceIndex):
		return "index out of range in parameter " + quoteName(key)
	}
	return "invalid parameter " + quoteName(key)
}

// maxNameInDetail caps the bytes of a client-chosen name quoted in an
// error detail.
const maxNameInDetail = 64

// quoteName quotes a name the client chose (a parameter or field name)
// for an error detail: Go-quoted, so control bytes and invalid UTF-8 are
// escaped, and cut after maxNameInDetail bytes.
func quoteName(s string) string {
	if len(s) <= maxNameInDetail {
		return strconv.Quote(s)
	}
	n := maxNameInDetail
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return strconv.Quote(s[:n]) + "..."
}
