package cookies

import (
	"errors"
	"fmt"
	"strings"

	"github.com/webob-go/webob/headers"
)

// Errors of request-cookie parsing.
var (
	// ErrMalformedPair reports a Cookie pair that is not name=value with a
	// token name and a valid value (ParseStrict only; Parse skips it).
	ErrMalformedPair = errors.New("cookies: malformed cookie pair")
	// ErrTooManyCookies reports a Cookie header with more than MaxPairs
	// pairs (CVE-2025-58186: unbounded pairs cost memory and time).
	ErrTooManyCookies = fmt.Errorf("cookies: more than %d cookie pairs", MaxPairs)
)

// MaxPairs is the most cookie pairs read from one request.
const MaxPairs = 3000

// A Cookie is one name=value pair of a request's Cookie header.
type Cookie struct {
	Name  string
	Value string
}

// validValueByte marks the bytes accepted in a request cookie value: the
// RFC 6265 cookie-octets plus space and comma, which browsers send and
// net/http accepts. Never CTLs, DQUOTE, ";" or "\".
var validValueByte = func() (t [256]bool) {
	for c := 0x20; c < 0x7F; c++ {
		t[c] = c != '"' && c != ';' && c != '\\'
	}
	return t
}()

// cookieOctet is RFC 6265 §4.1.1's cookie-octet, what this package writes:
//
//	cookie-octet = %x21 / %x23-2B / %x2D-3A / %x3C-5B / %x5D-7E
var cookieOctet = func() (t [256]bool) {
	for c := 0x21; c <= 0x7E; c++ {
		t[c] = c != '"' && c != ',' && c != ';' && c != '\\'
	}
	return t
}()

// trimWSP removes SP and HTAB — never other (Unicode) white space, so a
// name such as "\u2000__Host-x" stays distinct from "__Host-x".
func trimWSP(s string) string { return headers.TrimOWS(s) }

// nextPair returns the next ';'-separated pair of s and the rest.
func nextPair(s string) (pair, rest string) {
	for i := 0; i < len(s); i++ {
		if s[i] == ';' {
			return s[:i], s[i+1:]
		}
	}
	return s, ""
}

// parsePair splits one pair into a valid name and (unquoted) value.
func parsePair(pair string) (name, value string, ok bool) {
	pair = trimWSP(pair)
	eq := -1
	for i := 0; i < len(pair); i++ {
		if pair[i] == '=' {
			eq = i
			break
		}
	}
	if eq < 0 {
		return "", "", false
	}
	name, value = trimWSP(pair[:eq]), trimWSP(pair[eq+1:])
	// A nameless pair ("=x" or "==__Host-a=b") never becomes a named
	// cookie (CVE-2023-23934).
	if !headers.ValidToken(name) {
		return "", "", false
	}
	if len(value) >= 2 && value[0] == '"' && value[len(value)-1] == '"' {
		value = value[1 : len(value)-1]
	}
	for i := 0; i < len(value); i++ {
		if !validValueByte[value[i]] {
			return "", "", false
		}
	}
	return name, value, true
}

// Parse reads the cookies of a request's Cookie field lines (several
// lines are read as one list), in order. It is lenient the way browsers
// need: a malformed pair is skipped and the others kept; a quoted value
// is unquoted. Reading stops after MaxPairs pairs (counting malformed
// ones) with ErrTooManyCookies and the cookies read so far: the limit is
// reported, never silently applied.
func Parse(lines []string) ([]Cookie, error) { return parse(lines, false) }

// ParseStrict is Parse that fails on the first malformed pair with an
// error wrapping ErrMalformedPair, and on more than MaxPairs pairs with
// ErrTooManyCookies; on error it returns no cookies.
func ParseStrict(lines []string) ([]Cookie, error) {
	cs, err := parse(lines, true)
	if err != nil {
		return nil, err
	}
	return cs, nil
}

func parse(lines []string, strict bool) ([]Cookie, error) {
	// Size the result once: at most one cookie per ";"-separated pair.
	est := 0
	for _, line := range lines {
		est += strings.Count(line, ";") + 1
	}
	out := make([]Cookie, 0, min(est, MaxPairs))
	n := 0
	for _, line := range lines {
		for rest := line; rest != ""; {
			var pair string
			pair, rest = nextPair(rest)
			if trimWSP(pair) == "" {
				continue
			}
			if n++; n > MaxPairs {
				return out, ErrTooManyCookies
			}
			name, value, ok := parsePair(pair)
			if !ok {
				if strict {
					return out, fmt.Errorf("%w: %q", ErrMalformedPair, truncate(pair))
				}
				continue
			}
			out = append(out, Cookie{Name: name, Value: value})
		}
	}
	return out, nil
}

func truncate(s string) string {
	if len(s) > 64 {
		return s[:64] + "..."
	}
	return s
}

// Get returns the value of the first cookie named name in the Cookie
// field lines, without parsing the others and without allocating. When a
// name repeats, the first wins: browsers send the most specific path
// first. Malformed pairs are skipped as Parse skips them.
func Get(lines []string, name string) (string, bool) {
	for _, line := range lines {
		for rest := line; rest != ""; {
			var pair string
			pair, rest = nextPair(rest)
			// Cheap pre-check before the full parse: the name must appear.
			p := trimWSP(pair)
			if len(p) <= len(name) || p[:len(name)] != name {
				continue
			}
			if n, v, ok := parsePair(p); ok && n == name {
				return v, true
			}
		}
	}
	return "", false
}

// All returns the values of every cookie named name, in order.
func All(lines []string, name string) []string {
	var out []string
	for _, line := range lines {
		for rest := line; rest != ""; {
			var pair string
			pair, rest = nextPair(rest)
			if n, v, ok := parsePair(pair); ok && n == name {
				out = append(out, v)
			}
		}
	}
	return out
}

// AppendCookieHeader appends cookies as a Cookie field value
// ("a=1; b=2") to dst, for clients. A name that is not a token or a value
// with a byte outside cookie-octet is an error and dst is returned
// unchanged.
func AppendCookieHeader(dst []byte, cs []Cookie) ([]byte, error) {
	orig := dst
	for i, c := range cs {
		if !headers.ValidToken(c.Name) {
			return orig, fmt.Errorf("%w: %q", ErrInvalidName, truncate(c.Name))
		}
		if !validOctets(c.Value) {
			return orig, fmt.Errorf("%w: for cookie %q", ErrInvalidValue, c.Name)
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

func validOctets(s string) bool {
	for i := 0; i < len(s); i++ {
		if !cookieOctet[s[i]] {
			return false
		}
	}
	return true
}
