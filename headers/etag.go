package headers

import (
	"errors"
	"iter"
)

// ErrInvalidETag reports a malformed entity tag, or a malformed element in
// an If-Match / If-None-Match list.
var ErrInvalidETag = errors.New("headers: invalid entity tag")

// An ETag is one entity tag (RFC 9110 §8.8.3):
//
//	entity-tag = [ weak ] opaque-tag
//	weak       = %s"W/"
//	opaque-tag = DQUOTE *etagc DQUOTE
//	etagc      = %x21 / %x23-7E / obs-text
//
// Tag is the opaque-tag without its quotes. The zero value is the strong
// tag "" (written `""`).
type ETag struct {
	Tag  string
	Weak bool
}

var etagc = func() (t [256]bool) {
	t[0x21] = true
	for c := 0x23; c <= 0x7E; c++ {
		t[c] = true
	}
	for c := 0x80; c <= 0xFF; c++ {
		t[c] = true
	}
	return t
}()

// ValidETagValue reports whether tag can be the opaque-tag content of an
// entity tag (no double quote, space or control byte).
func ValidETagValue(tag string) bool {
	for i := 0; i < len(tag); i++ {
		if !etagc[tag[i]] {
			return false
		}
	}
	return true
}

// consumeETag parses one entity tag from the front of s.
func consumeETag(s string) (ETag, string, bool) {
	var e ETag
	if len(s) >= 2 && s[0] == 'W' && s[1] == '/' {
		e.Weak = true
		s = s[2:]
	}
	if s == "" || s[0] != '"' {
		return ETag{}, s, false
	}
	for i := 1; i < len(s); i++ {
		c := s[i]
		if c == '"' {
			e.Tag = s[1:i]
			return e, s[i+1:], true
		}
		if !etagc[c] {
			return ETag{}, s, false
		}
	}
	return ETag{}, s, false
}

// ParseETag parses a single entity tag such as `"xyzzy"` or `W/"xyzzy"`,
// as found in an ETag response field. Surrounding white space is ignored;
// anything else is ErrInvalidETag. It does not allocate.
func ParseETag(s string) (ETag, error) {
	e, rest, ok := consumeETag(TrimOWS(s))
	if !ok || rest != "" {
		return ETag{}, ErrInvalidETag
	}
	return e, nil
}

// StrongMatch reports whether e and o match under the strong comparison of
// RFC 9110 §8.8.3.2: neither is weak and their opaque tags are identical.
func (e ETag) StrongMatch(o ETag) bool {
	return !e.Weak && !o.Weak && e.Tag == o.Tag
}

// WeakMatch reports whether e and o match under the weak comparison of
// RFC 9110 §8.8.3.2: their opaque tags are identical, weak or not.
func (e ETag) WeakMatch(o ETag) bool { return e.Tag == o.Tag }

// AppendFormat appends the entity tag in its wire form to dst. It returns
// ErrInvalidETag, and dst unchanged, when Tag holds a byte outside etagc.
func (e ETag) AppendFormat(dst []byte) ([]byte, error) {
	if !ValidETagValue(e.Tag) {
		return dst, ErrInvalidETag
	}
	if e.Weak {
		dst = append(dst, 'W', '/')
	}
	dst = append(dst, '"')
	dst = append(dst, e.Tag...)
	return append(dst, '"'), nil
}

// String returns the wire form of e, or "" when Tag is not a valid
// opaque-tag.
func (e ETag) String() string {
	b, err := e.AppendFormat(make([]byte, 0, len(e.Tag)+4))
	if err != nil {
		return ""
	}
	return string(b)
}

// ETags is the parsed value of an If-Match or If-None-Match field:
//
//	If-Match = "*" / #entity-tag
//
// It keeps the original field lines and scans them on use, so parsing and
// matching do not allocate. The zero value is an absent header: it
// matches nothing and Present reports false.
type ETags struct {
	lines   []string
	any     bool
	present bool
	n       int
}

// ParseETags parses the field lines of an If-Match or If-None-Match
// header. A malformed element makes the whole list invalid: the error
// wraps ErrInvalidETag and the returned value is the zero ETags, never a
// silently shortened list. "*" must stand alone. No lines is the zero
// value with a nil error.
func ParseETags(lines []string) (ETags, error) {
	if len(lines) == 0 {
		return ETags{}, nil
	}
	l := ETags{lines: lines, present: true}
	star := false
	ok := scanETags(lines, func(_ ETag, isStar bool) bool {
		star = star || isStar
		l.n++
		return true
	})
	if !ok {
		return ETags{}, ErrInvalidETag
	}
	if star {
		if l.n != 1 {
			return ETags{}, ErrInvalidETag
		}
		l.any = true
	}
	return l, nil
}

// scanETags calls yield for each element of the comma-separated lines,
//
//	If-Match = "*" / #entity-tag
//
// with empty elements skipped (RFC 9110 §5.6.1). It reports false when an
// element is malformed, and true when the lines ended or yield asked to
// stop. The list is scanned here rather than with List because an
// opaque-tag has no quoted-pair: `"a\"` is a complete entity tag whose
// value ends in a backslash, and the quote after it closes the tag.
func scanETags(lines []string, yield func(e ETag, star bool) bool) bool {
	for _, s := range lines {
		for {
			i := 0
			for i < len(s) && (s[i] == ',' || isOWS(s[i])) {
				i++
			}
			if s = s[i:]; s == "" {
				break
			}
			var e ETag
			star := s[0] == '*'
			if star {
				s = s[1:]
			} else {
				var ok bool
				if e, s, ok = consumeETag(s); !ok {
					return false
				}
			}
			if s = SkipOWS(s); s != "" && s[0] != ',' {
				return false
			}
			if !yield(e, star) {
				return true
			}
		}
	}
	return true
}

// Present reports whether the header was sent (with at least one line).
func (l ETags) Present() bool { return l.present }

// Any reports whether the header is "*".
func (l ETags) Any() bool { return l.any }

// Len returns the number of entity tags in the list; "*" counts as one.
func (l ETags) Len() int { return l.n }

// All iterates over the entity tags of the list (nothing for "*").
func (l ETags) All() iter.Seq[ETag] {
	return func(yield func(ETag) bool) {
		if l.any {
			return
		}
		scanETags(l.lines, func(e ETag, _ bool) bool { return yield(e) })
	}
}

// MatchesStrong reports whether e matches the list under strong
// comparison, as If-Match requires. "*" matches any e.
func (l ETags) MatchesStrong(e ETag) bool {
	if l.any {
		return true
	}
	for t := range l.All() {
		if t.StrongMatch(e) {
			return true
		}
	}
	return false
}

// MatchesWeak reports whether e matches the list under weak comparison,
// as If-None-Match requires. "*" matches any e.
func (l ETags) MatchesWeak(e ETag) bool {
	if l.any {
		return true
	}
	for t := range l.All() {
		if t.WeakMatch(e) {
			return true
		}
	}
	return false
}

// AppendFormat appends the list in canonical form ("*" or tags joined by
// ", ") to dst.
func (l ETags) AppendFormat(dst []byte) []byte {
	if l.any {
		return append(dst, '*')
	}
	first := true
	for t := range l.All() {
		if !first {
			dst = append(dst, ',', ' ')
		}
		first = false
		dst, _ = t.AppendFormat(dst) // parsed tags are always valid
	}
	return dst
}

// String returns the canonical form of the list.
func (l ETags) String() string { return string(l.AppendFormat(nil)) }
