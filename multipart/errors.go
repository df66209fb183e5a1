package multipart

import (
	"errors"
	"strconv"
	"strings"

	"github.com/webob-go/webob/internal/oneline"
)

// ErrMalformed is wrapped by every error that reports a body which does not
// follow the grammar of its media type. A server answers it with 400 Bad
// Request. The more specific sentinels below all satisfy
// errors.Is(err, ErrMalformed).
var ErrMalformed = errors.New("multipart: malformed body")

// Specific malformed-body errors. Each wraps ErrMalformed.
var (
	// ErrNoBoundary reports a multipart Content-Type without a boundary
	// parameter.
	ErrNoBoundary = malformed("multipart: no boundary parameter")
	// ErrBadBoundary reports a boundary that is empty, longer than 70
	// bytes, ends in a space or holds a byte outside printable ASCII
	// (RFC 2046 §5.1.1), or a Content-Type whose parameters do not parse.
	ErrBadBoundary = malformed("multipart: invalid boundary")
	// ErrTruncated reports a body that ends before its closing boundary
	// delimiter (or, for an empty body, before its first one).
	ErrTruncated = malformed("multipart: body ends before the closing boundary")
	// ErrBadDelimiter reports a boundary delimiter line followed by
	// something other than optional white space and a line break.
	ErrBadDelimiter = malformed("multipart: invalid boundary delimiter line")
	// ErrMultipleContentTypes reports a request with more than one
	// Content-Type field line (see ParseBoundaryValues): readers that
	// pick different lines would see different bodies.
	ErrMultipleContentTypes = malformed("multipart: more than one Content-Type field")
	// ErrBadHeader reports a part header line that is not
	// "name: value", whose name is not a token, or whose value holds a
	// control byte.
	ErrBadHeader = malformed("multipart: malformed part header")
	// ErrDuplicateHeader reports a part that carries Content-Disposition
	// or Content-Type more than once. Such parts are rejected rather than
	// resolved, because different readers picking different copies is how
	// uploads get smuggled past filters.
	ErrDuplicateHeader = malformed("multipart: duplicate part header")
	// ErrBadDisposition reports a part whose Content-Disposition does not
	// parse (including duplicate parameters) or whose type is not
	// "form-data" (RFC 7578 §4.2).
	ErrBadDisposition = malformed("multipart: invalid form-data Content-Disposition")
	// ErrNoName reports a part without a Content-Disposition, or whose
	// name parameter is missing or empty (RFC 7578 §4.2).
	ErrNoName = malformed("multipart: part has no name")
	// ErrInvalidEscape reports a "%" in an urlencoded body that is not
	// followed by two hexadecimal digits. Errors from ParseURLEncoded are
	// *EscapeError values that wrap it.
	ErrInvalidEscape = malformed("multipart: invalid percent-escape")
	// ErrBadContentLength reports a Content-Length that is not a
	// non-negative decimal integer.
	ErrBadContentLength = malformed("multipart: invalid Content-Length")
	// ErrCharset reports a charset (from a part's Content-Type or a
	// _charset_ field) that golang.org/x/text does not know.
	ErrCharset = malformed("multipart: unsupported charset")
)

// ErrNotMultipart reports a Content-Type that is not multipart/form-data
// (a server answers 415 Unsupported Media Type). It does not wrap
// ErrMalformed.
var ErrNotMultipart = errors.New("multipart: Content-Type is not multipart/form-data")

// Errors of the writers. They report a caller mistake, not bad input.
var (
	// ErrInvalidFieldName reports a form field name that is empty or
	// holds a control byte, so no Content-Disposition can carry it.
	ErrInvalidFieldName = errors.New("multipart: invalid field name")
	// ErrInvalidFilename reports a file name holding a control byte.
	ErrInvalidFilename = errors.New("multipart: invalid file name")
	// ErrInvalidHeader reports a part header, content type or boundary
	// that cannot be written safely.
	ErrInvalidHeader = errors.New("multipart: invalid header for writing")
	// ErrBoundaryInContent reports part content that contains the
	// boundary delimiter, which would end the part early for a reader.
	ErrBoundaryInContent = errors.New("multipart: part content contains the boundary delimiter")
	// ErrInvalidSpan reports a byte range outside the representation.
	ErrInvalidSpan = errors.New("multipart: byte range outside the representation")
	// ErrWriterClosed reports a write after Close.
	ErrWriterClosed = errors.New("multipart: writer closed")
)

// ErrLimit is matched by every *LimitError: errors.Is(err, ErrLimit).
var ErrLimit = errors.New("multipart: limit exceeded")

// A LimitError reports a body that went past one of the Limits. A server
// answers it with 413 Content Too Large. Nothing after the limit was read
// or kept.
type LimitError struct {
	// Limit is the name of the Limits field that was hit, such as
	// "MaxParts" or "MaxFileBytes".
	Limit string
	// Max is the value of that limit that was in force.
	Max int64
	// Name is the form field concerned, when known, else "".
	Name string
}

// Error returns a message naming the limit, such as
// `multipart: limit MaxParts (1000) exceeded`.
func (e *LimitError) Error() string {
	var b strings.Builder
	b.WriteString("multipart: limit ")
	b.WriteString(e.Limit)
	b.WriteString(" (")
	b.WriteString(strconv.FormatInt(e.Max, 10))
	b.WriteString(") exceeded")
	if e.Name != "" {
		b.WriteString(" by field ")
		b.WriteString(oneline.Quote(e.Name))
	}
	return b.String()
}

// Is reports whether target is ErrLimit.
func (e *LimitError) Is(target error) bool { return target == ErrLimit }

// An EscapeError reports a bad percent-escape in an urlencoded string.
// It wraps ErrInvalidEscape (and so ErrMalformed).
type EscapeError struct {
	// Key is the key of the offending pair, raw as sent (it may itself
	// hold the bad escape).
	Key string
}

// Error returns a message naming the key.
func (e *EscapeError) Error() string {
	return "multipart: invalid percent-escape in the pair with key " + oneline.Quote(e.Key)
}

// Unwrap returns ErrInvalidEscape.
func (e *EscapeError) Unwrap() error { return ErrInvalidEscape }

// malformed returns a specific sentinel with message msg that wraps
// ErrMalformed.
func malformed(msg string) error { return oneline.New(msg, ErrMalformed) }
