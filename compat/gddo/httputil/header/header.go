// Package header is a drop-in replacement for the archived
// github.com/golang/gddo/httputil/header: the same functions and types,
// backed by this module's RFC 9110 parsers (package headers) and corrected
// where gddo's answers contradict RFC 9110. Change only the import path:
//
//	import "github.com/webob-go/webob/compat/gddo/httputil/header"
//
// The corrections are listed in docs/differences-from-gddo.md. In short,
// ParseAccept no longer drops the rest of a header after a parameter other
// than q or after an invalid weight: a media range keeps its parameters in
// Value, an element with an invalid weight (q=1.5, q=0.1.2, q=foo) is
// skipped alone, and q=0 entries are kept with Q 0 so that callers can
// exclude what they name.
//
// New code should use package negotiate (content negotiation with the three
// header states valid, missing and invalid) and package headers (typed
// header values) directly.
package header

import (
	"net/http"
	"strings"
	"time"

	"github.com/webob-go/webob/compat/gddo/internal/qlist"
	"github.com/webob-go/webob/headers"
)

// Copy returns a shallow copy of header: a new map whose keys share their
// value slices with header. A nil header gives an empty, non-nil one.
func Copy(header http.Header) http.Header {
	h := make(http.Header, len(header))
	for k, vs := range header {
		h[k] = vs
	}
	return h
}

// ParseTime parses the first value of the field key as an HTTP date in any
// of the three forms of RFC 9110 §5.6.7 and returns it in UTC. The zero
// time is returned when the field is missing or is not a date.
func ParseTime(header http.Header, key string) time.Time {
	s := header.Get(key)
	if s == "" {
		return time.Time{}
	}
	t, err := headers.ParseHTTPDate(s)
	if err != nil {
		return time.Time{}
	}
	return t
}

// ParseList returns the elements of the comma-separated list in all the
// field lines of key (RFC 9110 §5.6.1). Commas inside quoted strings do not
// split, quoted strings are returned as sent (neither unquoted nor
// unescaped), white space around elements is trimmed and empty elements
// are skipped. It returns nil when the field is missing or empty.
func ParseList(header http.Header, key string) []string {
	lines := header.Values(key)
	n := headers.CountList(lines)
	if n == 0 {
		return nil
	}
	out := make([]string, 0, n)
	for el := range headers.List(lines) {
		out = append(out, el)
	}
	return out
}

// ParseValueAndParams parses the first value of the field key as a value
// followed by semicolon-separated parameters, the form of Content-Type and
// Content-Disposition (RFC 9110 §5.6.6). The value (a token, or tokens
// joined by "/") and the parameter names are lower-cased; parameter values
// are unquoted. Parsing stops at the first thing that is not a parameter,
// keeping the parameters before it; a later parameter of the same name
// replaces an earlier one. params is never nil; value is "" when the field
// is missing or does not start with a value.
func ParseValueAndParams(header http.Header, key string) (value string, params map[string]string) {
	params = make(map[string]string)
	s := header.Get(key)
	i := 0
	for i < len(s) && (headers.IsTokenChar(s[i]) || s[i] == '/') {
		i++
	}
	if i == 0 {
		return "", params
	}
	value, s = headers.ToLower(s[:i]), s[i:]
	for {
		name, v, rest, ok, err := headers.NextParam(s)
		if err != nil || !ok {
			return value, params
		}
		s = rest
		if name == "" {
			continue // an empty parameter (";;") says nothing
		}
		params[headers.ToLower(name)] = v
	}
}

// AcceptSpec is one element of an Accept-style header: a value and its
// weight.
type AcceptSpec struct {
	// Value is the token, language range or media range as sent; a media
	// range with parameters carries them as ";name=value" pairs (names in
	// lower case, values as a token or quoted string, no white space),
	// for example "text/html;level=1".
	Value string
	// Q is the weight, from 0 to 1 in steps of 0.001; 1 when the element
	// has none. 0 means "not acceptable": the value is excluded.
	Q float64
}

// ParseAccept parses the field lines of the Accept-style header key
// (Accept, Accept-Charset, Accept-Encoding, Accept-Language) into its
// elements, in order, duplicates kept:
//
//	#( value *( OWS ";" OWS name "=" ( token / quoted-string ) ) [ weight ] )
//	weight = OWS ";" OWS "q=" qvalue
//	qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )
//
// Elements with q=0 are kept, with Q 0: RFC 9110 §12.4.2 makes them
// exclusions, which callers must honour. An element that does not follow
// the grammar — an invalid weight such as q=1.5, q=0.1.2, q=.5 or q=foo,
// a parameter without a value — is skipped, and the elements after it are
// still returned. Parameters after the weight (RFC 7231's accept-ext) are
// ignored. It returns nil when the field is missing or has no valid
// element.
func ParseAccept(header http.Header, key string) (specs []AcceptSpec) {
	lines := header.Values(key)
	if n := headers.CountList(lines); n > 0 {
		specs = make([]AcceptSpec, 0, n)
	}
	for _, s := range lines {
		for i := 0; ; {
			e, next, done := qlist.Next(s, i)
			if done {
				break
			}
			i = next
			if !e.Valid {
				continue
			}
			v := e.Value
			if e.NParams > 0 {
				v = withParams(v, e.Params)
			}
			specs = append(specs, AcceptSpec{Value: v, Q: float64(e.Q) / qlist.QOne})
		}
	}
	if len(specs) == 0 {
		return nil
	}
	return specs
}

// withParams appends the parameters in raw (already validated by qlist) to
// v in the canonical form ";name=value".
func withParams(v, raw string) string {
	var b strings.Builder
	b.Grow(len(v) + len(raw))
	b.WriteString(v)
	for {
		name, value, rest, ok, err := headers.NextParam(raw)
		if err != nil || !ok {
			return b.String()
		}
		raw = rest
		if name == "" {
			continue
		}
		b.WriteByte(';')
		b.WriteString(headers.ToLower(name))
		b.WriteByte('=')
		buf, _ := headers.AppendTokenOrQuoted(nil, value)
		b.Write(buf)
	}
}
