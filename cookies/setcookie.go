package cookies

import (
	"errors"
	"net/netip"
	"strings"
	"time"

	"github.com/webob-go/webob/headers"
	"github.com/webob-go/webob/internal/oneline"
)

// The response side: RFC 6265 §4.1.1 (what servers send), with the
// SameSite and Partitioned attributes and the cookie prefixes of its
// successors (draft-ietf-httpbis-rfc6265bis, CHIPS).
//
//	set-cookie-string = cookie-pair *( ";" SP cookie-av )
//	cookie-av         = expires-av / max-age-av / domain-av /
//	                    path-av / secure-av / httponly-av /
//	                    extension-av
//	expires-av        = "Expires=" sane-cookie-date
//	max-age-av        = "Max-Age=" non-zero-digit *DIGIT
//	domain-av         = "Domain=" domain-value
//	path-av           = "Path=" path-value
//	path-value        = <any CHAR except CTLs or ";">
//	secure-av         = "Secure"
//	httponly-av       = "HttpOnly"

// Errors of writing a cookie. Every *Error wraps one of these and
// ErrInvalidCookie.
var (
	// ErrInvalidCookie is wrapped by every error of Validate, AppendFormat
	// and Format.
	ErrInvalidCookie = errors.New("cookies: invalid cookie")
	// ErrInvalidName reports a cookie name that is not a token (empty,
	// or holding a separator, space, control byte or non-ASCII byte).
	ErrInvalidName = errors.New("cookies: cookie name is not a token")
	// ErrInvalidValue reports a value byte outside cookie-octet: a control
	// byte, space, DQUOTE, comma, ";", "\" or a byte above 0x7E.
	ErrInvalidValue = errors.New("cookies: cookie value has a byte outside cookie-octet")
	// ErrInvalidAttribute reports an attribute that cannot be written: a
	// Path not starting with "/" or holding ";", a control or non-ASCII
	// byte; a Domain that is not a host name; an Expires before 1601 or
	// after 9999; an unknown SameSite; a Path or Domain over 1024 bytes
	// (CVE-2024-47764: no attribute can smuggle another).
	ErrInvalidAttribute = errors.New("cookies: invalid cookie attribute")
	// ErrNeedsSecure reports SameSite=None or Partitioned without Secure;
	// browsers reject such cookies.
	ErrNeedsSecure = errors.New("cookies: SameSite=None and Partitioned require Secure")
	// ErrPrefix reports a cookie whose name starts with __Secure- (needs
	// Secure) or __Host- (needs Secure, Path=/ and no Domain) without
	// meeting its prefix's rules; prefixes match case-insensitively, as in
	// browsers.
	ErrPrefix = errors.New("cookies: cookie prefix rules not met")
	// ErrTooLong reports a cookie too long to be stored: a name and value
	// over MaxNameValueLen bytes, a signed or encrypted value over
	// MaxValueLen bytes.
	ErrTooLong = errors.New("cookies: cookie too long")
	// ErrInvalidSetCookie reports a Set-Cookie line a user agent ignores
	// entirely (RFC 6265 §5.2 and its successor): no "=" in the first
	// pair, an empty name, a control byte, or a name and value over
	// MaxNameValueLen bytes.
	ErrInvalidSetCookie = errors.New("cookies: invalid Set-Cookie line")
)

// Limits browsers apply (RFC 6265 §6.1 and draft-ietf-httpbis-rfc6265bis
// §5.6): longer cookies are refused when writing and ignored when parsing.
const (
	// MaxNameValueLen is the longest name plus value a browser stores.
	MaxNameValueLen = 4096
	// MaxAttrValueLen is the longest Path or Domain a browser reads.
	MaxAttrValueLen = 1024
)

// An Error reports a cookie that cannot be written and why. It unwraps to
// its sentinel (ErrInvalidName, ErrInvalidValue, ErrInvalidAttribute,
// ErrNeedsSecure, ErrPrefix or ErrTooLong) and to ErrInvalidCookie.
type Error struct {
	Name string // the cookie's name, as given
	Attr string // the attribute at fault, "" for the name and value
	Err  error  // the sentinel
}

// Error returns the sentinel's message with the cookie's name and the
// attribute at fault.
func (e *Error) Error() string {
	s := e.Err.Error() + ": cookie " + oneline.Quote(e.Name)
	if e.Attr != "" {
		s += ", " + e.Attr
	}
	return s
}

// Unwrap returns the sentinel and ErrInvalidCookie.
func (e *Error) Unwrap() []error { return []error{e.Err, ErrInvalidCookie} }

// cookieError is the *Error for the name or value of a cookie.
func cookieError(err error, name string) *Error { return &Error{Name: name, Err: err} }

// SameSite is the SameSite attribute of a cookie. The zero value,
// SameSiteDefault, writes no attribute and leaves the choice to the
// browser (some treat it as Lax, others as None).
type SameSite uint8

// SameSite values.
const (
	SameSiteDefault SameSite = iota
	SameSiteLax
	SameSiteStrict
	SameSiteNone
)

// String returns "Lax", "Strict", "None", or "" for SameSiteDefault and
// unknown values.
func (s SameSite) String() string {
	switch s {
	case SameSiteLax:
		return "Lax"
	case SameSiteStrict:
		return "Strict"
	case SameSiteNone:
		return "None"
	}
	return ""
}

// SetCookie is one Set-Cookie field value: a cookie and its attributes.
// The zero value of each attribute leaves it out; the zero SetCookie is
// invalid (it has no name).
type SetCookie struct {
	Name  string
	Value string
	// Quoted writes the value inside double quotes (cookie-value allows
	// DQUOTE *cookie-octet DQUOTE). Quoting is never automatic, and the
	// value must still be cookie-octets.
	Quoted bool
	// Expires, when not the zero time, is written as an IMF-fixdate in
	// GMT; it must fall in the years 1601–9999.
	Expires time.Time
	// MaxAge in seconds: 0 leaves it out, a negative value writes
	// Max-Age=0 (delete now), a positive one Max-Age=MaxAge.
	MaxAge int
	// Domain, when not empty, is a host name (labels of 1 to 63 letters,
	// digits, "-" and "_", none starting or ending with "-", joined by
	// single dots; the last not all digits) or an IPv4 address; a leading
	// "." is allowed and dropped when writing, as browsers ignore it.
	// Empty means a host-only cookie.
	Domain string
	// Path, when not empty, starts with "/".
	Path        string
	Secure      bool
	HttpOnly    bool
	SameSite    SameSite
	Partitioned bool
	// Unparsed holds the attributes ParseSetCookie did not recognise, as
	// sent, with a SameSite of unknown value. They are never written.
	Unparsed []string
}

// Deletion returns the SetCookie that deletes a cookie: an empty value,
// Max-Age=0 and an Expires in the past (the Unix epoch) for the browsers
// that predate Max-Age. path and domain must be those the cookie was set
// with, or the browser keeps it. A name with the __Secure- or __Host-
// prefix gets Secure, without which browsers ignore the deletion; a
// partitioned cookie also needs Partitioned set on the result.
func Deletion(name, path, domain string) SetCookie {
	return SetCookie{Name: name, Path: path, Domain: domain, MaxAge: -1, Expires: time.Unix(0, 0).UTC(),
		Secure: hasPrefixFold(name, "__Secure-") || hasPrefixFold(name, "__Host-")}
}

// The range of Expires: the years 1601 to 9999 (cookie-date refuses
// earlier years; IMF-fixdate has four digits), in Unix seconds.
const (
	minExpires = -11644473600 // 1601-01-01T00:00:00Z
	maxExpires = 253402300800 // 10000-01-01T00:00:00Z
)

// pathByte marks the bytes allowed in a Path: RFC 6265's path-value is any
// CHAR except CTLs or ";".
var pathByte = func() (t [256]bool) {
	for c := 0x20; c < 0x7F; c++ {
		t[c] = c != ';'
	}
	return t
}()

// validPath reports whether p can be written as a Path attribute.
func validPath(p string) bool {
	if len(p) > MaxAttrValueLen || p[0] != '/' {
		return false
	}
	for i := 0; i < len(p); i++ {
		if !pathByte[p[i]] {
			return false
		}
	}
	return true
}

// domainByte marks the bytes of a host name label: letters, digits, "-"
// (and "_", which real DNS names carry).
var domainByte = func() (t [256]bool) {
	for c := '0'; c <= '9'; c++ {
		t[c] = true
	}
	for c := 'a'; c <= 'z'; c++ {
		t[c], t[c-'a'+'A'] = true, true
	}
	t['-'], t['_'] = true, true
	return t
}()

// validDomain reports whether d, after one optional leading "." (which
// RFC 6265 §5.2.3 drops), is a host name or a dotted IPv4 address. A host
// name is at most 253 bytes of labels joined by single dots; a label is 1
// to 63 letters, digits, "-" and "_" (RFC 1123 LDH, plus the "_" of real
// DNS names) and neither starts nor ends with "-"; the last label is not
// all digits, unless the whole is an IPv4 address. IPv6 literals, which
// cannot be a cookie's domain, are refused.
func validDomain(d string) bool {
	if d != "" && d[0] == '.' {
		d = d[1:]
	}
	if d == "" || len(d) > 253 {
		return false
	}
	start, digits := 0, true
	for i := 0; i <= len(d); i++ {
		if i < len(d) && d[i] != '.' {
			c := d[i]
			if !domainByte[c] {
				return false
			}
			if c < '0' || c > '9' {
				digits = false
			}
			continue
		}
		// A label ends at i.
		n := i - start
		if n == 0 || n > 63 || d[start] == '-' || d[i-1] == '-' {
			return false
		}
		if i == len(d) && digits {
			// All-digit last label: only a whole IPv4 address.
			a, err := netip.ParseAddr(d)
			return err == nil && a.Is4()
		}
		start, digits = i+1, true
	}
	return true
}

// hasPrefixFold reports whether s starts with prefix, ignoring ASCII case.
func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && headers.EqualFold(s[:len(prefix)], prefix)
}

// Validate reports whether the cookie can be sent, as an *Error naming
// the first problem: a name that is not a token (ErrInvalidName); a value
// byte outside cookie-octet (ErrInvalidValue); a name and value over
// MaxNameValueLen bytes (ErrTooLong); a bad Path, Domain, Expires or
// SameSite (ErrInvalidAttribute); SameSite=None or Partitioned without
// Secure (ErrNeedsSecure); a __Secure- cookie without Secure or a __Host-
// cookie without Secure, with a Path other than "/" or with a Domain
// (ErrPrefix).
func (c SetCookie) Validate() error {
	if !headers.ValidToken(c.Name) {
		return cookieError(ErrInvalidName, c.Name)
	}
	if !validOctets(c.Value) {
		return cookieError(ErrInvalidValue, c.Name)
	}
	if len(c.Name)+len(c.Value) > MaxNameValueLen {
		return cookieError(ErrTooLong, c.Name)
	}
	if c.Path != "" && !validPath(c.Path) {
		return &Error{Name: c.Name, Attr: "Path", Err: ErrInvalidAttribute}
	}
	if c.Domain != "" && !validDomain(c.Domain) {
		return &Error{Name: c.Name, Attr: "Domain", Err: ErrInvalidAttribute}
	}
	if !c.Expires.IsZero() {
		if u := c.Expires.Unix(); u < minExpires || u >= maxExpires {
			return &Error{Name: c.Name, Attr: "Expires", Err: ErrInvalidAttribute}
		}
	}
	if c.SameSite > SameSiteNone {
		return &Error{Name: c.Name, Attr: "SameSite", Err: ErrInvalidAttribute}
	}
	if !c.Secure {
		if c.SameSite == SameSiteNone {
			return &Error{Name: c.Name, Attr: "SameSite=None", Err: ErrNeedsSecure}
		}
		if c.Partitioned {
			return &Error{Name: c.Name, Attr: "Partitioned", Err: ErrNeedsSecure}
		}
	}
	// Cookie prefixes (draft-ietf-httpbis-rfc6265bis §4.1.3), matched
	// case-insensitively as browsers now do.
	if len(c.Name) > 2 && c.Name[0] == '_' && c.Name[1] == '_' {
		switch {
		case hasPrefixFold(c.Name, "__Secure-"):
			if !c.Secure {
				return &Error{Name: c.Name, Attr: "__Secure- needs Secure", Err: ErrPrefix}
			}
		case hasPrefixFold(c.Name, "__Host-"):
			if !c.Secure || c.Path != "/" || c.Domain != "" {
				return &Error{Name: c.Name, Attr: "__Host- needs Secure, Path=/ and no Domain", Err: ErrPrefix}
			}
		}
	}
	return nil
}

// AppendFormat validates the cookie (see Validate) and appends its
// Set-Cookie field value to dst, attributes in the order of RFC 6265's
// examples and of WebOb: Path, Domain, Expires, Max-Age, Secure, HttpOnly,
// SameSite, Partitioned.
// Unparsed attributes are not written. It does not allocate when dst has
// enough spare capacity. On error dst is returned unchanged.
func (c SetCookie) AppendFormat(dst []byte) ([]byte, error) {
	if err := c.Validate(); err != nil {
		return dst, err
	}
	dst = append(dst, c.Name...)
	dst = append(dst, '=')
	if c.Quoted {
		dst = append(dst, '"')
		dst = append(dst, c.Value...)
		dst = append(dst, '"')
	} else {
		dst = append(dst, c.Value...)
	}
	if c.Path != "" {
		dst = append(dst, "; Path="...)
		dst = append(dst, c.Path...)
	}
	if c.Domain != "" {
		dst = append(dst, "; Domain="...)
		dst = append(dst, strings.TrimPrefix(c.Domain, ".")...)
	}
	if !c.Expires.IsZero() {
		dst = append(dst, "; Expires="...)
		dst = headers.AppendHTTPDate(dst, c.Expires)
	}
	if c.MaxAge > 0 {
		dst = append(dst, "; Max-Age="...)
		dst = appendUint(dst, uint64(c.MaxAge))
	} else if c.MaxAge < 0 {
		dst = append(dst, "; Max-Age=0"...)
	}
	if c.Secure {
		dst = append(dst, "; Secure"...)
	}
	if c.HttpOnly {
		dst = append(dst, "; HttpOnly"...)
	}
	if c.SameSite != SameSiteDefault {
		dst = append(dst, "; SameSite="...)
		dst = append(dst, c.SameSite.String()...)
	}
	if c.Partitioned {
		dst = append(dst, "; Partitioned"...)
	}
	return dst, nil
}

// appendUint appends n in decimal.
func appendUint(dst []byte, n uint64) []byte {
	var b [20]byte
	i := len(b)
	for n >= 10 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	i--
	b[i] = byte('0' + n)
	return append(dst, b[i:]...)
}

// formatLen is an upper bound of the length AppendFormat writes.
func (c SetCookie) formatLen() int {
	n := len(c.Name) + 1 + len(c.Value) + 2 // quotes
	if c.Path != "" {
		n += len("; Path=") + len(c.Path)
	}
	if c.Domain != "" {
		n += len("; Domain=") + len(c.Domain)
	}
	if !c.Expires.IsZero() {
		n += len("; Expires=Sun, 06 Nov 1994 08:49:37 GMT")
	}
	if c.MaxAge != 0 {
		n += len("; Max-Age=")
		for m := c.MaxAge; m > 0; m /= 10 {
			n++
		}
		n++
	}
	return n + len("; Secure; HttpOnly; SameSite=Strict; Partitioned")
}

// Format validates the cookie and returns its Set-Cookie field value, or
// the Validate error. It allocates once.
func (c SetCookie) Format() (string, error) {
	b, err := c.AppendFormat(make([]byte, 0, c.formatLen()))
	if err != nil {
		return "", err
	}
	return ownedString(b), nil
}

// String returns the Set-Cookie field value, or "" when the cookie is
// invalid — use Format, or Validate, to learn why. It allocates once.
// Never add its result to a header unchecked: an empty Set-Cookie is not
// a cookie.
func (c SetCookie) String() string {
	s, _ := c.Format()
	return s
}

// ParseSetCookie parses a Set-Cookie field value leniently, the way
// RFC 6265 §5.2 (and its successor) tells user agents to, for tools and
// test clients:
//
//   - the first pair is the name and value, white space trimmed; a value
//     in double quotes is unquoted with Quoted set;
//   - attribute names are case-insensitive and the last of a repeated
//     attribute wins;
//   - Expires accepts every cookie-date form of §5.1.1 and is ignored
//     when it does not parse; Max-Age is ignored unless it is an optional
//     "-" and digits, and a value of zero or less reads as -1 (delete);
//   - a leading "." of Domain is dropped and the domain lowercased; an
//     empty Domain is ignored, as is one that is not a host name or an
//     IPv4 address ("-", "a..b", "[::1]"; see SetCookie.Domain), and a
//     Path or Domain over MaxAttrValueLen;
//     a Path not starting with "/" reads as "" (the default path);
//   - unknown attributes, and a SameSite of unknown value, are kept in
//     Unparsed.
//
// The line is refused with ErrInvalidSetCookie when its first pair has no
// "=" or an empty name, when it holds a control byte other than HTAB, or
// when name and value exceed MaxNameValueLen bytes. The name and value are
// not otherwise checked: Validate tells whether the cookie could be
// written back.
func ParseSetCookie(line string) (SetCookie, error) {
	if !headers.SafeFieldValue(line) {
		return SetCookie{}, ErrInvalidSetCookie
	}
	pair, rest := nextPair(line)
	eq := strings.IndexByte(pair, '=')
	if eq < 0 {
		return SetCookie{}, ErrInvalidSetCookie
	}
	c := SetCookie{Name: trimWSP(pair[:eq]), Value: trimWSP(pair[eq+1:])}
	if c.Name == "" || len(c.Name)+len(c.Value) > MaxNameValueLen {
		return SetCookie{}, ErrInvalidSetCookie
	}
	if len(c.Value) >= 2 && c.Value[0] == '"' && c.Value[len(c.Value)-1] == '"' {
		c.Value, c.Quoted = c.Value[1:len(c.Value)-1], true
	}
	for rest != "" {
		var av string
		av, rest = nextPair(rest)
		av = trimWSP(av)
		if av == "" {
			continue
		}
		name, value := av, ""
		if i := strings.IndexByte(av, '='); i >= 0 {
			name, value = trimWSP(av[:i]), trimWSP(av[i+1:])
		}
		if !c.setAttr(name, value) {
			c.Unparsed = append(c.Unparsed, av)
		}
	}
	return c, nil
}

// setAttr applies one cookie-av (RFC 6265 §5.2.1–§5.2.6) and reports
// whether it was recognised.
func (c *SetCookie) setAttr(name, value string) bool {
	switch len(name) {
	case 4:
		if !foldEq(name, "path") {
			return false
		}
		// §5.2.4: a Path that is empty or does not start with "/" means
		// the default path.
		switch {
		case len(value) > MaxAttrValueLen:
		case value == "" || value[0] != '/':
			c.Path = ""
		default:
			c.Path = value
		}
		return true
	case 6:
		switch {
		case foldEq(name, "secure"):
			c.Secure = true
			return true
		case foldEq(name, "domain"):
			// §5.2.3: an empty Domain is ignored; a leading "." dropped.
			// A value that is not a host name or IPv4 address could
			// domain-match no host (§5.3 step 6): it is ignored too.
			if value != "" && len(value) <= MaxAttrValueLen && validDomain(value) {
				c.Domain = headers.ToLower(strings.TrimPrefix(value, "."))
			}
			return true
		}
	case 7:
		switch {
		case foldEq(name, "expires"):
			if t, ok := parseCookieDate(value); ok {
				c.Expires = t
			}
			return true
		case foldEq(name, "max-age"):
			if n, ok := parseMaxAge(value); ok {
				c.MaxAge = n
			}
			return true
		}
	case 8:
		switch {
		case foldEq(name, "httponly"):
			c.HttpOnly = true
			return true
		case foldEq(name, "samesite"):
			switch {
			case foldEq(value, "lax"):
				c.SameSite = SameSiteLax
			case foldEq(value, "strict"):
				c.SameSite = SameSiteStrict
			case foldEq(value, "none"):
				c.SameSite = SameSiteNone
			default:
				// An unknown enforcement is the default one; the
				// attribute is kept for the caller to see.
				c.SameSite = SameSiteDefault
				return false
			}
			return true
		}
	case 11:
		if foldEq(name, "partitioned") {
			c.Partitioned = true
			return true
		}
	}
	return false
}

// foldEq reports whether s equals lower, a lower-case constant of
// letters and "-", ignoring ASCII case. Setting bit 0x20 maps only "A"-"Z"
// to letters and only CR to "-"; ParseSetCookie has refused CR already.
func foldEq(s, lower string) bool {
	if len(s) != len(lower) {
		return false
	}
	var d byte
	for i := 0; i < len(s); i++ {
		d |= (s[i] | 0x20) ^ lower[i]
	}
	return d == 0
}

// parseMaxAge follows RFC 6265 §5.2.2: an optional "-" then one or more
// digits, else the attribute is ignored. Zero or less means "expire now",
// returned as -1; large values are capped at 2^31-1 seconds.
func parseMaxAge(v string) (int, bool) {
	d := strings.TrimPrefix(v, "-")
	if d == "" {
		return 0, false
	}
	const maxAge = 1<<31 - 1
	n := 0
	for i := 0; i < len(d); i++ {
		c := d[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		if n <= maxAge {
			n = n*10 + int(c-'0')
		}
	}
	if len(d) < len(v) || n == 0 {
		return -1, true
	}
	return min(n, maxAge), true
}
