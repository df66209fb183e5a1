package webob

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/webob-go/webob/headers"
)

// HTTPError is an error that is also an HTTP response: a status code, a
// detail shown to the client, an internal error that only goes to the log,
// and extra header fields. Handlers return one (NotFound("no such item"),
// Found("/login"), ...) and the adapter renders it as a Response whose
// body is negotiated from the request's Accept among text/html,
// application/json, application/problem+json (RFC 9457) and text/plain.
//
// The zero value is a 500 Internal Server Error with no detail.
type HTTPError struct {
	// Code is the status code; 0 means 500.
	Code int
	// Detail is a plain-text message for the client. It is HTML-escaped in
	// HTML bodies and becomes the "detail" member of problem+json.
	Detail string
	// Err is the underlying error. It is logged by the adapter and never
	// sent to the client.
	Err error
	// Header holds extra header fields sent with the error response
	// (Location, Allow, WWW-Authenticate, Retry-After, ...).
	Header http.Header
	// Type is the problem type URI of problem+json; empty means
	// "about:blank".
	Type string
	// Instance is the problem instance URI of problem+json; empty leaves
	// it out.
	Instance string
	// Extensions are extra members of problem+json and of the JSON body.
	Extensions map[string]any

	// addSlash makes the Location the request URL with "/" appended.
	addSlash bool
}

// Error returns "webob: <code> <reason>", followed by the detail and the
// wrapped error when present.
func (e *HTTPError) Error() string {
	s := "webob: " + strconv.Itoa(e.StatusCode()) + " " + StatusText(e.StatusCode())
	if e.Detail != "" {
		s += ": " + e.Detail
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap returns Err.
func (e *HTTPError) Unwrap() error { return e.Err }

// StatusCode returns Code, or 500 when it is zero.
func (e *HTTPError) StatusCode() int {
	if e.Code == 0 {
		return http.StatusInternalServerError
	}
	return e.Code
}

// Title returns the reason phrase of the status ("Not Found").
func (e *HTTPError) Title() string { return StatusText(e.StatusCode()) }

// WithErr sets the internal error (logged, never sent) and returns e.
func (e *HTTPError) WithErr(err error) *HTTPError {
	e.Err = err
	return e
}

// WithHeader adds a header field sent with the error response and returns
// e. The value is checked when the response is written: one holding CR,
// LF or NUL is never sent.
func (e *HTTPError) WithHeader(name, value string) *HTTPError {
	if e.Header == nil {
		e.Header = make(http.Header)
	}
	e.Header.Add(name, value)
	return e
}

// Location returns the Location the error redirects to, or "".
func (e *HTTPError) Location() string { return e.Header.Get("Location") }

// NewHTTPError returns an HTTPError with any status code and detail.
func NewHTTPError(code int, detail string) *HTTPError {
	return &HTTPError{Code: code, Detail: detail}
}

func newErr(code int, detail []string) *HTTPError {
	e := &HTTPError{Code: code}
	if len(detail) > 0 {
		e.Detail = detail[0]
		for _, d := range detail[1:] {
			e.Detail += " " + d
		}
	}
	return e
}

func move(code int, location string) *HTTPError {
	e := &HTTPError{Code: code}
	return e.WithHeader("Location", location)
}

// 3xx redirections, as in WebOb's webob.exc. Each sets Location to the
// given value, which may be relative (RFC 9110 §10.2.2); when it is sent,
// a value that a browser would read as another host ("//evil",
// "/\evil", " //evil", ...) is neutralised (see SafeLocation).

// MultipleChoices returns a 300 Multiple Choices pointing at location.
func MultipleChoices(location string) *HTTPError { return move(http.StatusMultipleChoices, location) }

// MovedPermanently returns a 301 Moved Permanently to location.
func MovedPermanently(location string) *HTTPError {
	return move(http.StatusMovedPermanently, location)
}

// Found returns a 302 Found redirecting to location.
func Found(location string) *HTTPError { return move(http.StatusFound, location) }

// SeeOther returns a 303 See Other redirecting to location (the answer to
// a POST whose result is to be fetched with GET).
func SeeOther(location string) *HTTPError { return move(http.StatusSeeOther, location) }

// NotModified returns a 304 Not Modified, which carries no body.
func NotModified() *HTTPError { return &HTTPError{Code: http.StatusNotModified} }

// UseProxy returns a 305 Use Proxy naming the proxy at location.
func UseProxy(location string) *HTTPError { return move(http.StatusUseProxy, location) }

// TemporaryRedirect returns a 307 Temporary Redirect to location (the
// method and body are kept).
func TemporaryRedirect(location string) *HTTPError {
	return move(http.StatusTemporaryRedirect, location)
}

// PermanentRedirect returns a 308 Permanent Redirect to location (the
// method and body are kept).
func PermanentRedirect(location string) *HTTPError {
	return move(http.StatusPermanentRedirect, location)
}

// AddSlash returns a 301 Moved Permanently to the request's URL with "/"
// appended to the path and the query kept (WebOb's add_slash=True). The
// Location is computed when the error is rendered for a request.
func AddSlash() *HTTPError {
	return &HTTPError{Code: http.StatusMovedPermanently, addSlash: true}
}

// 4xx client errors. Each takes an optional detail for the client; several
// strings are joined by spaces.

// BadRequest returns a 400 Bad Request.
func BadRequest(detail ...string) *HTTPError { return newErr(http.StatusBadRequest, detail) }

// Unauthorized returns a 401 Unauthorized. Add the WWW-Authenticate
// challenge with WithHeader.
func Unauthorized(detail ...string) *HTTPError { return newErr(http.StatusUnauthorized, detail) }

// PaymentRequired returns a 402 Payment Required.
func PaymentRequired(detail ...string) *HTTPError {
	return newErr(http.StatusPaymentRequired, detail)
}

// Forbidden returns a 403 Forbidden.
func Forbidden(detail ...string) *HTTPError { return newErr(http.StatusForbidden, detail) }

// NotFound returns a 404 Not Found.
func NotFound(detail ...string) *HTTPError { return newErr(http.StatusNotFound, detail) }

// MethodNotAllowed returns a 405 Method Not Allowed whose Allow header
// lists the allowed methods (RFC 9110 §15.5.6 requires the field; an
// empty list sends it empty: no method is allowed), with an optional
// detail for the client as every other constructor takes. The methods
// are a slice so that a detail can never be taken for one. Each must be
// a token: when one is not, no Allow is sent and Err (logged, never sent)
// wraps ErrInvalidHeader naming it.
func MethodNotAllowed(allow []string, detail ...string) *HTTPError {
	e := newErr(http.StatusMethodNotAllowed, detail)
	v, err := headers.AppendTokenList(nil, allow)
	if err != nil {
		e.Err = fmt.Errorf("%w: Allow: %w", ErrInvalidHeader, err)
		return e
	}
	return e.WithHeader("Allow", string(v))
}

// NotAcceptable returns a 406 Not Acceptable.
func NotAcceptable(detail ...string) *HTTPError { return newErr(http.StatusNotAcceptable, detail) }

// ProxyAuthenticationRequired returns a 407 Proxy Authentication Required.
func ProxyAuthenticationRequired(detail ...string) *HTTPError {
	return newErr(http.StatusProxyAuthRequired, detail)
}

// RequestTimeout returns a 408 Request Timeout.
func RequestTimeout(detail ...string) *HTTPError {
	return newErr(http.StatusRequestTimeout, detail)
}

// Conflict returns a 409 Conflict.
func Conflict(detail ...string) *HTTPError { return newErr(http.StatusConflict, detail) }

// Gone returns a 410 Gone.
func Gone(detail ...string) *HTTPError { return newErr(http.StatusGone, detail) }

// LengthRequired returns a 411 Length Required.
func LengthRequired(detail ...string) *HTTPError {
	return newErr(http.StatusLengthRequired, detail)
}

// PreconditionFailed returns a 412 Precondition Failed.
func PreconditionFailed(detail ...string) *HTTPError {
	return newErr(http.StatusPreconditionFailed, detail)
}

// ContentTooLarge returns a 413 Content Too Large (WebOb's
// HTTPRequestEntityTooLarge).
func ContentTooLarge(detail ...string) *HTTPError {
	return newErr(http.StatusRequestEntityTooLarge, detail)
}

// URITooLong returns a 414 URI Too Long (WebOb's HTTPRequestURITooLong).
func URITooLong(detail ...string) *HTTPError {
	return newErr(http.StatusRequestURITooLong, detail)
}

// UnsupportedMediaType returns a 415 Unsupported Media Type.
func UnsupportedMediaType(detail ...string) *HTTPError {
	return newErr(http.StatusUnsupportedMediaType, detail)
}

// RangeNotSatisfiable returns a 416 Range Not Satisfiable whose
// Content-Range is "bytes */length" (RFC 9110 §15.5.17); a negative
// length leaves Content-Range out.
func RangeNotSatisfiable(length int64) *HTTPError {
	e := &HTTPError{Code: http.StatusRequestedRangeNotSatisfiable}
	if length >= 0 {
		e.WithHeader("Content-Range", "bytes */"+strconv.FormatInt(length, 10))
	}
	return e
}

// ExpectationFailed returns a 417 Expectation Failed.
func ExpectationFailed(detail ...string) *HTTPError {
	return newErr(http.StatusExpectationFailed, detail)
}

// Teapot returns a 418 (Unused, "I'm a teapot").
func Teapot(detail ...string) *HTTPError { return newErr(http.StatusTeapot, detail) }

// MisdirectedRequest returns a 421 Misdirected Request.
func MisdirectedRequest(detail ...string) *HTTPError {
	return newErr(http.StatusMisdirectedRequest, detail)
}

// UnprocessableContent returns a 422 Unprocessable Content (WebOb's
// HTTPUnprocessableEntity).
func UnprocessableContent(detail ...string) *HTTPError {
	return newErr(http.StatusUnprocessableEntity, detail)
}

// Locked returns a 423 Locked.
func Locked(detail ...string) *HTTPError { return newErr(http.StatusLocked, detail) }

// FailedDependency returns a 424 Failed Dependency.
func FailedDependency(detail ...string) *HTTPError {
	return newErr(http.StatusFailedDependency, detail)
}

// TooEarly returns a 425 Too Early.
func TooEarly(detail ...string) *HTTPError { return newErr(http.StatusTooEarly, detail) }

// UpgradeRequired returns a 426 Upgrade Required.
func UpgradeRequired(detail ...string) *HTTPError {
	return newErr(http.StatusUpgradeRequired, detail)
}

// PreconditionRequired returns a 428 Precondition Required.
func PreconditionRequired(detail ...string) *HTTPError {
	return newErr(http.StatusPreconditionRequired, detail)
}

// TooManyRequests returns a 429 Too Many Requests. Add Retry-After with
// WithHeader.
func TooManyRequests(detail ...string) *HTTPError {
	return newErr(http.StatusTooManyRequests, detail)
}

// RequestHeaderFieldsTooLarge returns a 431 Request Header Fields Too
// Large.
func RequestHeaderFieldsTooLarge(detail ...string) *HTTPError {
	return newErr(http.StatusRequestHeaderFieldsTooLarge, detail)
}

// UnavailableForLegalReasons returns a 451 Unavailable For Legal Reasons.
func UnavailableForLegalReasons(detail ...string) *HTTPError {
	return newErr(http.StatusUnavailableForLegalReasons, detail)
}

// 5xx server errors.

// InternalServerError returns a 500 Internal Server Error.
func InternalServerError(detail ...string) *HTTPError {
	return newErr(http.StatusInternalServerError, detail)
}

// NotImplemented returns a 501 Not Implemented.
func NotImplemented(detail ...string) *HTTPError {
	return newErr(http.StatusNotImplemented, detail)
}

// BadGateway returns a 502 Bad Gateway.
func BadGateway(detail ...string) *HTTPError { return newErr(http.StatusBadGateway, detail) }

// ServiceUnavailable returns a 503 Service Unavailable. Add Retry-After
// with WithHeader.
func ServiceUnavailable(detail ...string) *HTTPError {
	return newErr(http.StatusServiceUnavailable, detail)
}

// GatewayTimeout returns a 504 Gateway Timeout.
func GatewayTimeout(detail ...string) *HTTPError {
	return newErr(http.StatusGatewayTimeout, detail)
}

// HTTPVersionNotSupported returns a 505 HTTP Version Not Supported.
func HTTPVersionNotSupported(detail ...string) *HTTPError {
	return newErr(http.StatusHTTPVersionNotSupported, detail)
}

// VariantAlsoNegotiates returns a 506 Variant Also Negotiates.
func VariantAlsoNegotiates(detail ...string) *HTTPError {
	return newErr(http.StatusVariantAlsoNegotiates, detail)
}

// InsufficientStorage returns a 507 Insufficient Storage.
func InsufficientStorage(detail ...string) *HTTPError {
	return newErr(http.StatusInsufficientStorage, detail)
}

// LoopDetected returns a 508 Loop Detected.
func LoopDetected(detail ...string) *HTTPError { return newErr(http.StatusLoopDetected, detail) }

// NotExtended returns a 510 Not Extended.
func NotExtended(detail ...string) *HTTPError { return newErr(http.StatusNotExtended, detail) }

// NetworkAuthenticationRequired returns a 511 Network Authentication
// Required.
func NetworkAuthenticationRequired(detail ...string) *HTTPError {
	return newErr(http.StatusNetworkAuthenticationRequired, detail)
}
