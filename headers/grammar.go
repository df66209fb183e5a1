package headers

import (
	"errors"
	"iter"
	"strings"

	"github.com/webob-go/webob/internal/oneline"
)

// Errors returned by the grammar functions. Typed header parsers wrap these
// (or their own sentinels) so callers can branch with errors.Is.
var (
	// ErrInvalidToken reports a missing or malformed token.
	ErrInvalidToken = errors.New("headers: invalid token")
	// ErrInvalidQuotedString reports an unterminated quoted string or one
	// holding a byte that quoted-string does not allow.
	ErrInvalidQuotedString = errors.New("headers: invalid quoted string")
	// ErrInvalidParam reports a parameter that is not name=value.
	ErrInvalidParam = errors.New("headers: invalid parameter")
	// ErrDuplicateParam reports a parameter name that occurs twice
	// (compared case-insensitively).
	ErrDuplicateParam = errors.New("headers: duplicate parameter")
	// ErrInvalidFieldName reports a field name that is not a token.
	ErrInvalidFieldName = errors.New("headers: invalid field name")
	// ErrInvalidFieldValue reports a field value holding CR, LF, NUL,
	// another control byte other than horizontal tab, or DEL.
	ErrInvalidFieldValue = errors.New("headers: invalid field value")
)

// tchar is the RFC 9110 §5.6.2 token character set:
//
//	tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." /
//	        "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA
var tchar = [256]bool{
	'!': true, '#': true, '$': true, '%': true, '&': true, '\'': true, '*': true,
	'+': true, '-': true, '.': true, '^': true, '_': true, '`': true, '|': true, '~': true,
	'0': true, '1': true, '2': true, '3': true, '4': true, '5': true, '6': true, '7': true, '8': true, '9': true,
	'A': true, 'B': true, 'C': true, 'D': true, 'E': true, 'F': true, 'G': true, 'H': true, 'I': true,
	'J': true, 'K': true, 'L': true, 'M': true, 'N': true, 'O': true, 'P': true, 'Q': true, 'R': true,
	'S': true, 'T': true, 'U': true, 'V': true, 'W': true, 'X': true, 'Y': true, 'Z': true,
	'a': true, 'b': true, 'c': true, 'd': true, 'e': true, 'f': true, 'g': true, 'h': true, 'i': true,
	'j': true, 'k': true, 'l': true, 'm': true, 'n': true, 'o': true, 'p': true, 'q': true, 'r': true,
	's': true, 't': true, 'u': true, 'v': true, 'w': true, 'x': true, 'y': true, 'z': true,
}

// qdtext marks the bytes allowed unescaped inside a quoted string
// (RFC 9110 §5.6.4):
//
//	qdtext = HTAB / SP / %x21 / %x23-5B / %x5D-7E / obs-text
var qdtext = func() (t [256]bool) {
	t['\t'], t[' '], t[0x21] = true, true, true
	for c := 0x23; c <= 0x5B; c++ {
		t[c] = true
	}
	for c := 0x5D; c <= 0x7E; c++ {
		t[c] = true
	}
	for c := 0x80; c <= 0xFF; c++ {
		t[c] = true
	}
	return t
}()

// qpchar marks the bytes that may follow a backslash in a quoted-pair:
//
//	quoted-pair = "\" ( HTAB / SP / VCHAR / obs-text )
var qpchar = func() (t [256]bool) {
	t['\t'] = true
	for c := 0x20; c <= 0x7E; c++ {
		t[c] = true
	}
	for c := 0x80; c <= 0xFF; c++ {
		t[c] = true
	}
	return t
}()

// IsTokenChar reports whether c is a tchar (RFC 9110 §5.6.2).
func IsTokenChar(c byte) bool { return tchar[c] }

// ValidToken reports whether s is a non-empty RFC 9110 token.
func ValidToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !tchar[s[i]] {
			return false
		}
	}
	return true
}

// ValidFieldName reports whether s is a valid field name (a token,
// RFC 9110 §5.1).
func ValidFieldName(s string) bool { return ValidToken(s) }

// fieldValueByte marks the bytes a field value may hold (RFC 9110 §5.5
// field-vchar, SP, HTAB and obs-text): every byte but the control bytes
// other than HTAB, and DEL.
var fieldValueByte = func() (t [256]bool) {
	for c := 0; c < 256; c++ {
		t[c] = (c >= 0x20 && c != 0x7F) || c == '\t'
	}
	return t
}()

// ValidFieldValueByte reports whether c may appear in a field value: any
// byte but a control byte other than horizontal tab (so never CR, LF or
// NUL) and DEL. It is the one definition of a safe header byte that every
// package of this module uses.
func ValidFieldValueByte(c byte) bool { return fieldValueByte[c] }

// SafeFieldValue reports whether s may be written as a field value: every
// byte passes ValidFieldValueByte. Leading and trailing white space (SP,
// HTAB) is allowed: it is not part of a field value, and every writer of
// this module trims it (TrimOWS) when it writes the field, as net/http
// does. The empty string is safe.
func SafeFieldValue(s string) bool {
	// Eight bytes at a time: a word with no byte below 0x20 and none
	// equal to 0x7F is safe; only a word that may hold one (HTAB is
	// allowed) is looked at byte by byte.
	const (
		ones = 0x0101010101010101
		high = 0x8080808080808080
	)
	i := 0
	for ; i+8 <= len(s); i += 8 {
		_ = s[i+7]
		w := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
			uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
		del := w ^ (ones * 0x7F)
		if ((w-ones*0x20)&^w|(del-ones)&^del)&high != 0 {
			for j := i; j < i+8; j++ {
				if !fieldValueByte[s[j]] {
					return false
				}
			}
		}
	}
	for ; i < len(s); i++ {
		if !fieldValueByte[s[i]] {
			return false
		}
	}
	return true
}

// ValidFieldValue reports whether s is a field value as it appears on the
// wire (RFC 9110 §5.5): it passes SafeFieldValue and neither starts nor
// ends with white space. The empty string is valid.
func ValidFieldValue(s string) bool {
	if s != "" && (isOWS(s[0]) || isOWS(s[len(s)-1])) {
		return false
	}
	return SafeFieldValue(s)
}

// CheckField returns an error wrapping ErrInvalidFieldName when name is
// not a token, or ErrInvalidFieldValue when value is not SafeFieldValue
// (it holds CR, LF, NUL, another control byte other than HTAB, or DEL).
// White space around value is allowed: it is trimmed when written. The
// error is one line, naming the field.
func CheckField(name, value string) error {
	if !ValidFieldName(name) {
		return oneline.Detail(ErrInvalidFieldName, "field name "+oneline.Quote(name))
	}
	if !SafeFieldValue(value) {
		return oneline.Detail(ErrInvalidFieldValue, "value of "+oneline.Quote(name))
	}
	return nil
}

func isOWS(c byte) bool { return c == ' ' || c == '\t' }

// TrimOWS removes optional white space (SP and HTAB) from both ends of s.
func TrimOWS(s string) string {
	i, j := 0, len(s)
	for i < j && isOWS(s[i]) {
		i++
	}
	for j > i && isOWS(s[j-1]) {
		j--
	}
	return s[i:j]
}

// SkipOWS removes optional white space from the front of s.
func SkipOWS(s string) string {
	i := 0
	for i < len(s) && isOWS(s[i]) {
		i++
	}
	return s[i:]
}

// ConsumeToken splits the longest run of token characters off the front
// of s. tok is empty when s does not start with a token character.
func ConsumeToken(s string) (tok, rest string) {
	i := 0
	for i < len(s) && tchar[s[i]] {
		i++
	}
	return s[:i], s[i:]
}

// ConsumeQuotedString parses the quoted string at the front of s, which
// must start with a double quote, and returns its unescaped content and
// what follows the closing quote. It allocates only when the content holds
// a quoted-pair; otherwise val is a slice of s. It runs in linear time.
//
//	quoted-string = DQUOTE *( qdtext / quoted-pair ) DQUOTE
func ConsumeQuotedString(s string) (val, rest string, err error) {
	return consumeQuoted(s, false)
}

// consumeQuoted is ConsumeQuotedString. With literalBackslash set, a
// backslash is a quoted-pair only before a double quote or another
// backslash and stands for itself before any other byte, which is then
// checked as qdtext. The closing quote is found at the same place either
// way; only the unescaped content differs ("C:\dir" gives C:\dir rather
// than C:dir).
func consumeQuoted(s string, literalBackslash bool) (val, rest string, err error) {
	if s == "" || s[0] != '"' {
		return "", s, ErrInvalidQuotedString
	}
	escaped := false
	for i := 1; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"':
			if !escaped {
				return s[1:i], s[i+1:], nil
			}
			return unescapeQuoted(s[1:i], literalBackslash), s[i+1:], nil
		case c == '\\':
			if i+1 >= len(s) || !qpchar[s[i+1]] {
				return "", s, ErrInvalidQuotedString
			}
			if literalBackslash && s[i+1] != '"' && s[i+1] != '\\' {
				continue
			}
			escaped = true
			i++
		case !qdtext[c]:
			return "", s, ErrInvalidQuotedString
		}
	}
	return "", s, ErrInvalidQuotedString
}

// unescapeQuoted removes the backslashes of quoted-pairs from the already
// validated content of a quoted string; see consumeQuoted for
// literalBackslash.
func unescapeQuoted(s string, literalBackslash bool) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) && (!literalBackslash || s[i+1] == '"' || s[i+1] == '\\') {
			i++
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// ConsumeValue parses a parameter value — a token or a quoted string — at
// the front of s.
func ConsumeValue(s string) (val, rest string, err error) {
	return consumeValue(s, false)
}

// consumeValue is ConsumeValue; see consumeQuoted for literalBackslash.
func consumeValue(s string, literalBackslash bool) (val, rest string, err error) {
	if s != "" && s[0] == '"' {
		return consumeQuoted(s, literalBackslash)
	}
	tok, rest := ConsumeToken(s)
	if tok == "" {
		return "", s, ErrInvalidToken
	}
	return tok, rest, nil
}

// needsQuoting reports whether s must be sent as a quoted string rather
// than a token.
func needsQuoting(s string) bool { return !ValidToken(s) }

// CanQuote reports whether s can be represented as a quoted string at all:
// quoted strings cannot carry control bytes other than HTAB, nor DEL.
func CanQuote(s string) bool {
	for i := 0; i < len(s); i++ {
		if !qpchar[s[i]] {
			return false
		}
	}
	return true
}

// AppendQuotedString appends s to dst as a quoted string, escaping double
// quotes and backslashes. It returns ErrInvalidQuotedString, and dst
// unchanged, when s holds a byte no quoted string can carry (CR, LF, NUL,
// other controls except HTAB, DEL).
func AppendQuotedString(dst []byte, s string) ([]byte, error) {
	if !CanQuote(s) {
		return dst, ErrInvalidQuotedString
	}
	dst = append(dst, '"')
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == '"' || c == '\\' {
			dst = append(dst, '\\')
		}
		dst = append(dst, s[i])
	}
	return append(dst, '"'), nil
}

// AppendTokenOrQuoted appends s as a bare token when it is one and as a
// quoted string otherwise (the empty string becomes ""). Errors are those
// of AppendQuotedString.
func AppendTokenOrQuoted(dst []byte, s string) ([]byte, error) {
	if !needsQuoting(s) {
		return append(dst, s...), nil
	}
	return AppendQuotedString(dst, s)
}

// Quote returns s as a token when it is one and as a quoted string
// otherwise, or an error when no quoted string can carry it.
func Quote(s string) (string, error) {
	if !needsQuoting(s) {
		return s, nil
	}
	b, err := AppendQuotedString(make([]byte, 0, len(s)+2), s)
	if err != nil {
		return "", err
	}
	return string(b), nil
}

// SplitList returns an iterator over the elements of the comma-separated
// list in the field value s (RFC 9110 §5.6.1). Elements are trimmed of
// optional white space, empty elements are skipped, and commas inside
// quoted strings do not split. Elements are slices of s; iterating
// allocates nothing. An unterminated quoted string extends to the end of
// the value, so the iterator never fails; typed parsers then reject the
// element.
func SplitList(s string) iter.Seq[string] {
	return func(yield func(string) bool) {
		splitList(s, yield)
	}
}

// List returns an iterator over the elements of a list header spread over
// several field lines, as if the lines were joined with commas.
func List(lines []string) iter.Seq[string] {
	return func(yield func(string) bool) {
		for _, s := range lines {
			if !splitList(s, yield) {
				return
			}
		}
	}
}

// splitList yields the list elements of s; it reports false when yield
// asked to stop.
func splitList(s string, yield func(string) bool) bool {
	start := 0
	for i := 0; i <= len(s); i++ {
		if i < len(s) {
			switch s[i] {
			case '"':
				i = skipQuoted(s, i)
				continue
			case ',':
			default:
				continue
			}
		}
		if el := TrimOWS(s[start:i]); el != "" {
			if !yield(el) {
				return false
			}
		}
		start = i + 1
	}
	return true
}

// skipQuoted returns the index of the closing quote of the quoted string
// that opens at s[i], or len(s)-1 when it is not closed.
func skipQuoted(s string, i int) int {
	for i++; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '"':
			return i
		}
	}
	return len(s) - 1
}

// CountList returns the number of non-empty elements in the list lines.
func CountList(lines []string) int {
	n := 0
	for range List(lines) {
		n++
	}
	return n
}

// EqualFold reports whether the ASCII strings a and b are equal ignoring
// ASCII case. Unlike strings.EqualFold it never folds non-ASCII runes (so
// "K" never matches the Kelvin sign).
func EqualFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	if a == b {
		return true // the common case, compared a word at a time
	}
	for i := 0; i < len(a); i++ {
		if lower(a[i]) != lower(b[i]) {
			return false
		}
	}
	return true
}

func lower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + ('a' - 'A')
	}
	return c
}

// ToLower returns s with ASCII letters lowered. It returns s itself, with
// no allocation, when s has no upper-case ASCII letter.
func ToLower(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; 'A' <= c && c <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				b[j] = lower(b[j])
			}
			return string(b)
		}
	}
	return s
}
