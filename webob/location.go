package webob

import (
	"net/url"
	"strings"
)

// Location handling.
//
// RFC 9110 §10.2.2 lets Location be a URI reference, relative or absolute.
// Browsers, though, read a Location the way the WHATWG URL standard says:
// leading and trailing C0 controls and spaces are stripped, tab, CR and LF
// are removed anywhere, and "\" counts as "/". So values such as
// "//evil.example", "/\evil.example", " //evil.example", "\t//evil.example",
// "/\t/evil.example" or "\x0b//evil.example" all send the user to another
// host, although a URL parser that follows RFC 3986 sees a path on the
// current one. That is how WebOb's redirects became open redirects
// (CVE-2024-42353, GHSA-fh3h-vg37-cc95, and its issue #495 for space, VT
// and FF).
//
// SafeLocation closes all of these at once: every byte a browser could
// strip, drop or reinterpret is percent-encoded, so the value means the
// same thing to every reader; then a reference that still starts with two
// slashes is made a path on the current host by encoding the second one.

// locationEscape marks the bytes SafeLocation percent-encodes: C0
// controls, space, DEL, "\" and every non-ASCII byte.
var locationEscape = func() (t [256]bool) {
	for c := 0; c <= 0x20; c++ {
		t[c] = true
	}
	t['\\'] = true
	for c := 0x7F; c <= 0xFF; c++ {
		t[c] = true
	}
	return t
}()

// SafeLocation returns loc in a form that every client reads the same
// way and that never leaves the current host unless loc names a scheme.
// Control bytes, spaces, backslashes and non-ASCII bytes are
// percent-encoded (a browser would otherwise strip or reinterpret them),
// and a reference that begins with "//" (a network-path reference, which
// a browser reads as another host) becomes the path "/%2F...". An
// absolute URL with a scheme ("https://example.com/") is kept as it is,
// apart from the encoding. The empty string stays empty.
func SafeLocation(loc string) string {
	n := 0
	for i := 0; i < len(loc); i++ {
		if locationEscape[loc[i]] {
			n++
		}
	}
	if n > 0 {
		const hex = "0123456789ABCDEF"
		b := make([]byte, 0, len(loc)+2*n)
		for i := 0; i < len(loc); i++ {
			c := loc[i]
			if locationEscape[c] {
				b = append(b, '%', hex[c>>4], hex[c&15])
				continue
			}
			b = append(b, c)
		}
		loc = string(b)
	}
	if strings.HasPrefix(loc, "//") {
		loc = "/%2F" + loc[2:]
	}
	return loc
}

// hasScheme reports whether s starts with an RFC 3986 scheme and ":":
//
//	scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )
func hasScheme(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z':
		case i > 0 && ('0' <= c && c <= '9' || c == '+' || c == '-' || c == '.'):
		case i > 0 && c == ':':
			return true
		default:
			return false
		}
	}
	return false
}

// ResolveLocation returns loc made absolute against base (the URL of the
// request, as WebOb resolves against the request's path URL). loc is made
// safe first (see SafeLocation), so the result keeps base's scheme and
// host unless loc itself is an absolute URL with a scheme. When base or
// loc cannot be parsed the safe relative form is returned.
func ResolveLocation(base, loc string) string {
	loc = SafeLocation(loc)
	if loc == "" || hasScheme(loc) {
		return loc
	}
	b, err := url.Parse(base)
	if err != nil || b.Scheme == "" || b.Host == "" {
		return loc
	}
	ref, err := url.Parse(loc)
	if err != nil || ref.Scheme != "" || ref.Host != "" || ref.User != nil {
		return loc
	}
	u := b.ResolveReference(ref)
	if u.Host != b.Host || u.Scheme != b.Scheme {
		return loc // cannot happen after SafeLocation; never change the host
	}
	return u.String()
}

// MakeLocationAbsolute replaces a relative Location of r with one resolved
// against req's path URL (what WebOb does to every Location it sends).
// The host never changes unless the Location names a scheme itself (see
// SafeLocation). Without a Location it does nothing.
func (r *Response) MakeLocationAbsolute(req *Request) {
	if loc := r.get("Location"); loc != "" {
		r.set("Location", ResolveLocation(req.PathURL(), loc))
	}
}
