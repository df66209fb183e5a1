package headers

import (
	"errors"
	"strconv"
	"time"
)

// Errors of the simple fields.
var (
	// ErrInvalidTokenList reports a list element that is not a token.
	ErrInvalidTokenList = errors.New("headers: invalid token list")
	// ErrInvalidContentLength reports a Content-Length that is not a
	// non-negative decimal, or a list of differing values.
	ErrInvalidContentLength = errors.New("headers: invalid Content-Length")
	// ErrInvalidDelta reports a value that is not delta-seconds
	// (Age, Max-Forwards, Retry-After).
	ErrInvalidDelta = errors.New("headers: invalid delta-seconds")
	// ErrInvalidRetryAfter reports a Retry-After that is neither an HTTP
	// date nor delta-seconds.
	ErrInvalidRetryAfter = errors.New("headers: invalid Retry-After")
)

// ParseTokenList returns the elements of a comma-separated list of tokens
// spread over field lines — Vary, Allow, Connection, Content-Encoding,
// Content-Language, Accept-Ranges, Trailer — in order, as sent. Empty
// elements are skipped; an element that is not a token is an error
// wrapping ErrInvalidTokenList. No lines (or only empty elements) gives
// nil. Use TokenListContains to test membership without allocating.
func ParseTokenList(lines []string) ([]string, error) {
	var out []string
	for el := range List(lines) {
		if !ValidToken(el) {
			return nil, ErrInvalidTokenList
		}
		out = append(out, el)
	}
	return out, nil
}

// TokenListContains reports whether the list lines hold tok, compared
// without regard to ASCII case. It does not allocate.
func TokenListContains(lines []string, tok string) bool {
	for el := range List(lines) {
		if EqualFold(el, tok) {
			return true
		}
	}
	return false
}

// AppendTokenList appends toks joined by ", " to dst. A value that is not
// a token (Vary's "*" is one) is an error and dst is returned unchanged.
func AppendTokenList(dst []byte, toks []string) ([]byte, error) {
	for _, t := range toks {
		if !ValidToken(t) {
			return dst, ErrInvalidTokenList
		}
	}
	for i, t := range toks {
		if i > 0 {
			dst = append(dst, ',', ' ')
		}
		dst = append(dst, t...)
	}
	return dst, nil
}

// ParseContentLength parses the field lines of Content-Length. As RFC 9110
// §8.6 allows, a list of identical values (from one line like "42, 42" or
// from several lines) is taken as that value; differing values, signs,
// non-digits, empty values and values past the int64 range are
// ErrInvalidContentLength. No lines (or only empty elements) is an error
// too; callers check for presence first.
func ParseContentLength(lines []string) (int64, error) {
	n := int64(-1)
	for el := range List(lines) {
		v, ok := parseInt(el)
		if !ok || (n >= 0 && v != n) {
			return 0, ErrInvalidContentLength
		}
		n = v
	}
	if n < 0 {
		return 0, ErrInvalidContentLength
	}
	return n, nil
}

// ParseDeltaSeconds parses delta-seconds (RFC 9111 §1.2.2), as used by
// Age and Retry-After, saturating at MaxDeltaSeconds.
func ParseDeltaSeconds(s string) (int64, error) {
	n, ok := parseDelta(TrimOWS(s))
	if !ok {
		return 0, ErrInvalidDelta
	}
	return n, nil
}

// ParseMaxForwards parses Max-Forwards = 1*DIGIT. Values past the int64
// range are an error.
func ParseMaxForwards(s string) (int64, error) {
	n, ok := parseInt(TrimOWS(s))
	if !ok {
		return 0, ErrInvalidDelta
	}
	return n, nil
}

// RetryAfter is a parsed Retry-After value (RFC 9110 §10.2.3):
//
//	Retry-After = HTTP-date / delay-seconds
//
// Exactly one of Date (non-zero) or Delay is meaningful; IsDate says which.
type RetryAfter struct {
	Date  time.Time
	Delay time.Duration
}

// IsDate reports whether the value was an HTTP date.
func (ra RetryAfter) IsDate() bool { return !ra.Date.IsZero() }

// At returns the moment to retry at, given the time the response was
// received.
func (ra RetryAfter) At(received time.Time) time.Time {
	if ra.IsDate() {
		return ra.Date
	}
	return received.Add(ra.Delay)
}

// ParseRetryAfter parses a Retry-After value.
func ParseRetryAfter(s string) (RetryAfter, error) {
	s = TrimOWS(s)
	if n, ok := parseDelta(s); ok {
		return RetryAfter{Delay: time.Duration(n) * time.Second}, nil
	}
	if t, err := ParseHTTPDate(s); err == nil {
		return RetryAfter{Date: t}, nil
	}
	return RetryAfter{}, ErrInvalidRetryAfter
}

// AppendFormat appends the Retry-After value to dst: the date in
// IMF-fixdate form, or the delay in whole seconds (never negative).
func (ra RetryAfter) AppendFormat(dst []byte) []byte {
	if ra.IsDate() {
		return AppendHTTPDate(dst, ra.Date)
	}
	secs := int64(ra.Delay / time.Second)
	if secs < 0 {
		secs = 0
	}
	return strconv.AppendInt(dst, secs, 10)
}

// String returns the Retry-After value.
func (ra RetryAfter) String() string { return string(ra.AppendFormat(nil)) }
