package headers

import (
	"errors"
	"strings"

	"github.com/webob-go/webob/internal/oneline"
)

// ErrInvalidMediaType reports a value that is not type/subtype followed by
// parameters.
var ErrInvalidMediaType = errors.New("headers: invalid media type")

// A MediaType is a parsed media type (RFC 9110 §8.3.1):
//
//	media-type = type "/" subtype parameters
//	type       = token
//	subtype    = token
//
// Type, Subtype and parameter names are lower-cased; parameter values are
// unquoted and otherwise kept as sent (use EqualFold to compare charset
// values). The zero value has no type and formats as "".
type MediaType struct {
	Type    string
	Subtype string
	Params  Params
}

// ParseMediaType parses a Content-Type style value such as
// `text/html; charset="utf-8"`. Surrounding white space is ignored.
// Duplicate parameters are an error (wrapping ErrDuplicateParam and
// ErrInvalidMediaType), as RFC 9110 leaves their meaning undefined. It
// allocates nothing for a media type without parameters and one slice
// for up to four parameters, as long as names are lower-case or common
// ones (Text/HTML; Charset=...); a quoted value holding a quoted-pair,
// or an uncommon name in upper case, costs one more each.
func ParseMediaType(s string) (MediaType, error) {
	mt, rest, err := ConsumeMediaType(TrimOWS(s))
	if err != nil {
		return MediaType{}, err
	}
	if rest != "" {
		return MediaType{}, ErrInvalidMediaType
	}
	return mt, nil
}

// ConsumeMediaType parses a media type with its parameters at the front
// of s and returns what follows (for example ", text/plain" in a list).
func ConsumeMediaType(s string) (MediaType, string, error) {
	typ, rest := ConsumeToken(s)
	if typ == "" || rest == "" || rest[0] != '/' {
		return MediaType{}, s, ErrInvalidMediaType
	}
	sub, rest := ConsumeToken(rest[1:])
	if sub == "" {
		return MediaType{}, s, ErrInvalidMediaType
	}
	ps, rest, err := ConsumeParams(rest)
	if err != nil {
		return MediaType{}, s, oneline.Join(ErrInvalidMediaType, err)
	}
	rest = SkipOWS(rest)
	return MediaType{Type: lowerKnown(typ, knownTypes[:]), Subtype: lowerKnown(sub, knownSubtypes[:]), Params: ps}, rest, nil
}

// knownTypes and knownSubtypes let common media types sent in upper or
// mixed case ("Text/HTML") parse without allocating.
var (
	knownTypes    = [...]string{"text", "application", "image", "audio", "video", "multipart", "font", "message", "model"}
	knownSubtypes = [...]string{"html", "plain", "json", "xml", "css", "javascript", "csv", "octet-stream", "form-data",
		"x-www-form-urlencoded", "pdf", "png", "jpeg", "gif", "webp", "svg+xml", "mixed", "byteranges", "xhtml+xml", "problem+json"}
)

// Essence returns "type/subtype" without parameters.
func (m MediaType) Essence() string {
	if m.Type == "" {
		return ""
	}
	return m.Type + "/" + m.Subtype
}

// Charset returns the value of the charset parameter lower-cased, or ""
// when there is none.
func (m MediaType) Charset() string {
	v, _ := m.Params.Get("charset")
	return ToLower(v)
}

// Suffix returns the structured syntax suffix of the subtype (RFC 6838
// §4.2.8) — "json" for application/ld+json, "xml" for image/svg+xml — or
// "" when there is none.
func (m MediaType) Suffix() string {
	if i := strings.LastIndexByte(m.Subtype, '+'); i >= 0 {
		return m.Subtype[i+1:]
	}
	return ""
}

// IsWildcard reports whether m is a media range such as */* or text/*.
func (m MediaType) IsWildcard() bool { return m.Type == "*" || m.Subtype == "*" }

// Matches reports whether m, a concrete media type, falls within the media
// range r: */* matches everything, type/* every subtype of that type, and
// type/subtype only itself (ignoring case). Parameters of r, when it has
// any, must all be present in m with equal values (compared without
// regard to ASCII case, as media-type parameter values usually are).
func (m MediaType) Matches(r MediaType) bool {
	switch {
	case r.Type == "*" && r.Subtype == "*":
	case r.Subtype == "*":
		if !EqualFold(r.Type, m.Type) {
			return false
		}
	default:
		if !EqualFold(r.Type, m.Type) || !EqualFold(r.Subtype, m.Subtype) {
			return false
		}
	}
	for _, p := range r.Params {
		v, ok := m.Params.Get(p.Name)
		if !ok || !EqualFold(v, p.Value) {
			return false
		}
	}
	return true
}

// AppendFormat appends the media type to dst as `type/subtype;name=value`,
// quoting parameter values that are not tokens. A type or subtype that is
// not a token, or a parameter that cannot be written, is an error
// (ErrInvalidMediaType) and dst is returned unchanged.
func (m MediaType) AppendFormat(dst []byte) ([]byte, error) {
	if !ValidToken(m.Type) || !ValidToken(m.Subtype) {
		return dst, ErrInvalidMediaType
	}
	orig := dst
	dst = append(dst, m.Type...)
	dst = append(dst, '/')
	dst = append(dst, m.Subtype...)
	dst, err := m.Params.AppendFormat(dst)
	if err != nil {
		return orig, oneline.Join(ErrInvalidMediaType, err)
	}
	return dst, nil
}

// String returns the formatted media type, or "" when it cannot be
// formatted.
func (m MediaType) String() string {
	b, err := m.AppendFormat(nil)
	if err != nil {
		return ""
	}
	return string(b)
}
