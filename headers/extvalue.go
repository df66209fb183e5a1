package headers

import (
	"errors"
	"strings"
	"unicode/utf8"
)

// ErrInvalidExtValue reports a malformed RFC 8187 ext-value, or one in a
// charset other than UTF-8 and ISO-8859-1.
var ErrInvalidExtValue = errors.New("headers: invalid RFC 8187 ext-value")

// attrChar is RFC 8187's attr-char, the bytes an ext-value carries
// unencoded:
//
//	attr-char = ALPHA / DIGIT / "!" / "#" / "$" / "&" / "+" / "-" / "."
//	          / "^" / "_" / "`" / "|" / "~"
var attrChar = func() (t [256]bool) {
	for c := range 256 {
		t[c] = tchar[c]
	}
	t['%'], t['\''], t['*'] = false, false, false
	return t
}()

// DecodeExtValue decodes an RFC 8187 ext-value such as
// `UTF-8'en'%e2%82%ac%20rates`:
//
//	ext-value     = charset  "'" [ language ] "'" value-chars
//	value-chars   = *( pct-encoded / attr-char )
//
// The charset is matched case-insensitively and must be UTF-8 or
// ISO-8859-1 (the two RFC 8187 requires); ISO-8859-1 is converted to UTF-8.
// A UTF-8 value that does not decode to valid UTF-8 is an error, as is any
// byte outside value-chars. Errors wrap ErrInvalidExtValue.
func DecodeExtValue(s string) (value, lang string, err error) {
	q1 := strings.IndexByte(s, '\'')
	if q1 < 0 {
		return "", "", ErrInvalidExtValue
	}
	charset := s[:q1]
	rest := s[q1+1:]
	q2 := strings.IndexByte(rest, '\'')
	if q2 < 0 {
		return "", "", ErrInvalidExtValue
	}
	lang, chars := rest[:q2], rest[q2+1:]
	for i := 0; i < len(lang); i++ {
		if c := lang[i]; !(c == '-' || isAlnum(c)) {
			return "", "", ErrInvalidExtValue
		}
	}
	latin1 := false
	switch {
	case EqualFold(charset, "UTF-8"):
	case EqualFold(charset, "ISO-8859-1"):
		latin1 = true
	default:
		return "", "", ErrInvalidExtValue
	}
	buf := make([]byte, 0, len(chars))
	for i := 0; i < len(chars); i++ {
		c := chars[i]
		switch {
		case c == '%':
			if i+2 >= len(chars) {
				return "", "", ErrInvalidExtValue
			}
			hi, ok1 := unhex(chars[i+1])
			lo, ok2 := unhex(chars[i+2])
			if !ok1 || !ok2 {
				return "", "", ErrInvalidExtValue
			}
			buf = append(buf, hi<<4|lo)
			i += 2
		case attrChar[c]:
			buf = append(buf, c)
		default:
			return "", "", ErrInvalidExtValue
		}
	}
	if latin1 {
		out := make([]byte, 0, len(buf))
		for _, b := range buf {
			out = utf8.AppendRune(out, rune(b))
		}
		return string(out), lang, nil
	}
	if !utf8.Valid(buf) {
		return "", "", ErrInvalidExtValue
	}
	return string(buf), lang, nil
}

// AppendExtValue appends value as an RFC 8187 ext-value in UTF-8 with the
// given language tag (which may be empty) to dst: attr-chars as they are,
// every other byte as %XX with upper-case hex. Invalid UTF-8 in value is
// encoded byte for byte. lang bytes other than letters, digits and "-" are
// dropped so the output is always well formed.
func AppendExtValue(dst []byte, value, lang string) []byte {
	const hex = "0123456789ABCDEF"
	dst = append(dst, "UTF-8'"...)
	for i := 0; i < len(lang); i++ {
		if c := lang[i]; c == '-' || isAlnum(c) {
			dst = append(dst, c)
		}
	}
	dst = append(dst, '\'')
	for i := 0; i < len(value); i++ {
		c := value[i]
		if attrChar[c] {
			dst = append(dst, c)
			continue
		}
		dst = append(dst, '%', hex[c>>4], hex[c&15])
	}
	return dst
}

func isAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

func unhex(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// wellFormedExtValue reports whether s matches the ext-value grammar
//
//	ext-value = charset "'" [ language ] "'" value-chars
//
// with a non-empty charset of mime-charset characters, a language of
// letters, digits and "-", and value-chars with complete pct-encodings,
// whatever the charset and whether or not the bytes decode. Every byte of
// such a value is a tchar, so it can be written bare.
func wellFormedExtValue(s string) bool {
	q1 := strings.IndexByte(s, '\'')
	if q1 <= 0 {
		return false
	}
	for i := 0; i < q1; i++ {
		// mime-charset = 1*mime-charsetc; mime-charsetc = ALPHA / DIGIT /
		// "!" / "#" / "$" / "%" / "&" / "+" / "-" / "^" / "_" / "`" /
		// "{" / "}" / "~". "{" and "}" are left out: they are not tchar.
		if c := s[i]; !tchar[c] || c == '*' || c == '.' || c == '|' {
			return false
		}
	}
	rest := s[q1+1:]
	q2 := strings.IndexByte(rest, '\'')
	if q2 < 0 {
		return false
	}
	for i := 0; i < q2; i++ {
		if c := rest[i]; !(c == '-' || isAlnum(c)) {
			return false
		}
	}
	chars := rest[q2+1:]
	for i := 0; i < len(chars); i++ {
		switch c := chars[i]; {
		case attrChar[c]:
		case c == '%' && i+2 < len(chars):
			if _, ok := unhex(chars[i+1]); !ok {
				return false
			}
			if _, ok := unhex(chars[i+2]); !ok {
				return false
			}
			i += 2
		default:
			return false
		}
	}
	return true
}
