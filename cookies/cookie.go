package cookies

import (
	"errors"
	"strconv"
	"strings"
	"unsafe"

	"github.com/webob-go/webob/headers"
	"github.com/webob-go/webob/internal/oneline"
)

// The request side: RFC 6265 §4.2.1 (what user agents send).
//
//	cookie-header = "Cookie:" OWS cookie-string OWS
//	cookie-string = cookie-pair *( ";" SP cookie-pair )
//	cookie-pair   = cookie-name "=" cookie-value
//	cookie-name   = token
//	cookie-value  = *cookie-octet / ( DQUOTE *cookie-octet DQUOTE )
//
// Reading is more lenient than the grammar in the ways browsers need
// (white space around "=" and ";", empty pairs, space and comma inside a
// value, several Cookie field lines) and exactly as strict where safety
// depends on it: a name is a token or the pair is skipped, and white space
// means SP and HTAB only.

// Errors of request-cookie parsing.
var (
	// ErrMalformedPair reports a Cookie pair that is not name=value with a
	// token name and a valid value (ParseStrict only; Parse skips it).
	ErrMalformedPair = errors.New("cookies: malformed cookie pair")
	// ErrTooManyCookies reports Cookie field lines holding more than
	// MaxPairs pairs (CVE-2025-58186: an unbounded number of pairs costs
	// memory and time).
	ErrTooManyCookies = errors.New("cookies: more than " + strconv.Itoa(MaxPairs) + " cookie pairs (MaxPairs)")
)

// MaxPairs is the most cookie pairs read from one request's Cookie field
// lines, the limit net/http also applies. Empty pairs (";;") do not count;
// malformed ones do.
const MaxPairs = 3000

// A Cookie is one name=value pair of a request's Cookie header. Value is
// unquoted: `a="b"` reads as Cookie{"a", "b"}.
type Cookie struct {
	Name  string
	Value string
}

// requestValueByte marks the bytes accepted in a request cookie value: the
// cookie-octets of RFC 6265 plus space and comma, which browsers send and
// net/http accepts. Never a control byte, DQUOTE, ";", "\" or a byte
// above 0x7E.
var requestValueByte = func() (t [256]bool) {
	for c := 0x20; c < 0x7F; c++ {
		t[c] = c != '"' && c != ';' && c != '\\'
	}
	return t
}()

// cookieOctet is RFC 6265 §4.1.1's cookie-octet, the only bytes this
// package writes in a value:
//
//	cookie-octet = %x21 / %x23-2B / %x2D-3A / %x3C-5B / %x5D-7E
//	               ; US-ASCII characters excluding CTLs, whitespace,
//	               ; DQUOTE, comma, semicolon, and backslash
var cookieOctet = func() (t [256]bool) {
	for c := 0x21; c <= 0x7E; c++ {
		t[c] = c != '"' && c != ',' && c != ';' && c != '\\'
	}
	return t
}()

// trimWSP removes SP and HTAB from both ends of s — never other (Unicode)
// white space, so a name such as "\u2000__Host-x" stays distinct from
// "__Host-x".
func trimWSP(s string) string { return headers.TrimOWS(s) }

// nextPair returns the text before the first ';' of s and the text after
// it.
func nextPair(s string) (pair, rest string) {
	if i := strings.IndexByte(s, ';'); i >= 0 {
		return s[:i], s[i+1:]
	}
	return s, ""
}

// scanPair reads the pair at the front of s, up to the first ';', in one
// pass: the name is the run of token characters after optional white
// space, followed by optional white space and "="; the value is the rest,
// trimmed, unquoted and checked. It returns the text after the ';', and
// either ok with the name and value, or empty for a pair of white space
// only, or neither for a malformed pair.
func scanPair(s string) (name, value, rest string, ok, empty bool) {
	i, n := 0, len(s)
	for i < n && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	if i == n || s[i] == ';' {
		if i < n {
			rest = s[i+1:]
		}
		return "", "", rest, false, true
	}
	start := i
	for i < n && headers.IsTokenChar(s[i]) {
		i++
	}
	name = s[start:i]
	for i < n && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	// A nameless pair ("=x", or "==__Host-a=b" whose name is empty) never
	// becomes a named cookie (CVE-2023-23934); nor does a name followed by
	// anything but "=" (a name with a space, a non-token or non-ASCII
	// byte: names are never trimmed of Unicode white space).
	if name == "" || i == n || s[i] != '=' {
		_, rest = nextPair(s[i:])
		return "", "", rest, false, false
	}
	v, rest := nextPair(s[i+1:])
	value, ok = requestValue(v)
	return name, value, rest, ok, false
}

// requestValue trims, unquotes and checks the text after a pair's "=".
// Unquoting only removes one pair of enclosing quotes: a backslash is not
// a valid byte, so there are no escapes to undo and no quadratic
// unescaping (CVE-2024-7592).
func requestValue(v string) (string, bool) {
	v = trimWSP(v)
	if len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' {
		v = v[1 : len(v)-1]
	}
	for i := 0; i < len(v); i++ {
		if !requestValueByte[v[i]] {
			return "", false
		}
	}
	return v, true
}

// pairBound returns an upper bound of the pairs in lines that is cheap to
// compute: one more than the semicolons of each line.
func pairBound(lines []string) int {
	n := 0
	for _, line := range lines {
		n += strings.Count(line, ";") + 1
	}
	return n
}

// countPairs counts the non-empty pairs of lines, stopping as soon as the
// count passes MaxPairs.
func countPairs(lines []string) int {
	n := 0
	for _, line := range lines {
		for rest := line; rest != ""; {
			var pair string
			pair, rest = nextPair(rest)
			if trimWSP(pair) != "" {
				if n++; n > MaxPairs {
					return n
				}
			}
		}
	}
	return n
}

// withinLimit reports whether lines hold at most MaxPairs pairs. A
// non-empty pair takes at least two bytes with its separator, so short
// headers — nearly all of them — need no count.
func withinLimit(lines []string) bool {
	b := 0
	for _, line := range lines {
		b += (len(line) + 1) / 2
	}
	return b <= MaxPairs || countPairs(lines) <= MaxPairs
}

// pairCount returns a bound on the number of pairs in lines for sizing
// the result, or ErrTooManyCookies when they hold more than MaxPairs. The
// exact count is taken only when the cheap bound is over the limit.
func pairCount(lines []string) (int, error) {
	n := pairBound(lines)
	if n > MaxPairs {
		if n = countPairs(lines); n > MaxPairs {
			return 0, ErrTooManyCookies
		}
	}
	return n, nil
}

// Parse reads the cookies of a request's Cookie field lines, in order;
// several lines are read as one list. It is lenient the way servers must
// be with browsers: a malformed pair — no "=", a name that is not a
// token, a value with a byte browsers do not send — is skipped and the
// others kept; a quoted value is unquoted.
//
// More than MaxPairs pairs is ErrTooManyCookies with no cookies at all:
// the limit is reported, never applied by silently dropping what follows.
// No lines, or only malformed pairs, give nil and no error.
func Parse(lines []string) ([]Cookie, error) {
	n, err := pairCount(lines)
	if err != nil {
		return nil, err
	}
	var out []Cookie
	for _, line := range lines {
		for rest := line; rest != ""; {
			var name, value string
			var ok bool
			name, value, rest, ok, _ = scanPair(rest)
			if ok {
				if out == nil {
					out = make([]Cookie, 0, n)
				}
				out = append(out, Cookie{Name: name, Value: value})
			}
		}
	}
	return out, nil
}

// ParseStrict is Parse that fails instead of skipping: a malformed pair is
// an error wrapping ErrMalformedPair, and more than MaxPairs pairs is
// ErrTooManyCookies. Empty pairs and white space around ";" and "=" are
// still accepted, and so are space and comma inside a value.
func ParseStrict(lines []string) ([]Cookie, error) {
	n, err := pairCount(lines)
	if err != nil {
		return nil, err
	}
	var out []Cookie
	for _, line := range lines {
		for rest := line; rest != ""; {
			pair := rest
			name, value, next, ok, empty := scanPair(rest)
			rest = next
			if empty {
				continue
			}
			if !ok {
				pair, _ = nextPair(pair)
				return nil, oneline.Detail(ErrMalformedPair, oneline.Quote(trimWSP(pair)))
			}
			if out == nil {
				out = make([]Cookie, 0, n)
			}
			out = append(out, Cookie{Name: name, Value: value})
		}
	}
	return out, nil
}

// Get returns the value of the first cookie named name in the Cookie
// field lines and whether there is one, without parsing the other pairs
// and without allocating. When a name repeats, the first wins: browsers
// send the cookie with the most specific path first. Names are compared
// exactly (they are case-sensitive). A malformed pair is skipped as Parse
// skips it, and lines holding more than MaxPairs pairs hold no cookie, as
// for Parse. An empty or non-token name is never found.
func Get(lines []string, name string) (string, bool) {
	if !headers.ValidToken(name) || !withinLimit(lines) {
		return "", false
	}
	for _, line := range lines {
		for rest := line; rest != ""; {
			var pair string
			pair, rest = nextPair(rest)
			pair = headers.SkipOWS(pair)
			if len(pair) <= len(name) || pair[:len(name)] != name {
				continue
			}
			// The name must be followed by OWS and "=", so "session"
			// never matches "session_id=...".
			after := headers.SkipOWS(pair[len(name):])
			if after == "" || after[0] != '=' {
				continue
			}
			if v, ok := requestValue(after[1:]); ok {
				return v, true
			}
		}
	}
	return "", false
}

// All returns the values of every cookie named name, in order; nil when
// there is none or when the lines hold more than MaxPairs pairs.
func All(lines []string, name string) []string {
	if !headers.ValidToken(name) || !withinLimit(lines) {
		return nil
	}
	var out []string
	for _, line := range lines {
		for rest := line; rest != ""; {
			var n, v string
			var ok bool
			n, v, rest, ok, _ = scanPair(rest)
			if ok && n == name {
				out = append(out, v)
			}
		}
	}
	return out
}

// String returns the pair as a Cookie header writes it ("name=value"),
// or "" when the name is not a token or the value holds a byte outside
// cookie-octet (see AppendCookieHeader).
func (c Cookie) String() string {
	b, err := AppendCookieHeader(nil, []Cookie{c})
	if err != nil {
		return ""
	}
	return string(b)
}

// AppendCookieHeader appends cookies as one Cookie field value
// ("a=1; b=2") to dst, for clients. A name that is not a token is an error
// wrapping ErrInvalidName, a value byte outside cookie-octet one wrapping
// ErrInvalidValue; on error dst is returned unchanged. No cookies append
// nothing.
func AppendCookieHeader(dst []byte, cs []Cookie) ([]byte, error) {
	orig := dst
	for i, c := range cs {
		if !headers.ValidToken(c.Name) {
			return orig, cookieError(ErrInvalidName, c.Name)
		}
		if !validOctets(c.Value) {
			return orig, cookieError(ErrInvalidValue, c.Name)
		}
		if i > 0 {
			dst = append(dst, "; "...)
		}
		dst = append(dst, c.Name...)
		dst = append(dst, '=')
		dst = append(dst, c.Value...)
	}
	return dst, nil
}

// ownedString returns b as a string without copying. b must be a buffer
// the caller allocated and never touches again (as strings.Builder does).
func ownedString(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) }

// validOctets reports whether every byte of s is a cookie-octet.
func validOctets(s string) bool {
	for i := 0; i < len(s); i++ {
		if !cookieOctet[s[i]] {
			return false
		}
	}
	return true
}
