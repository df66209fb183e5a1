package cookies

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unsafe"

	"github.com/webob-go/webob/headers"
)

// Errors of building a Set-Cookie line. All wrap ErrInvalidCookie.
var (
	// ErrInvalidCookie is wrapped by every Set-Cookie build error.
	ErrInvalidCookie = errors.New("cookies: invalid cookie")
	// ErrInvalidName reports a cookie name that is not a token.
	ErrInvalidName = fmt.Errorf("%w: name is not a token", ErrInvalidCookie)
	// ErrInvalidValue reports a value byte outside cookie-octet.
	ErrInvalidValue = fmt.Errorf("%w: value has a byte outside cookie-octet", ErrInvalidCookie)
	// ErrInvalidAttribute reports a Domain or Path holding ";", a control
	// byte or (for Domain) anything but a host name.
	ErrInvalidAttribute = fmt.Errorf("%w: invalid attribute value", ErrInvalidCookie)
	// ErrNeedsSecure reports SameSite=None or Partitioned without Secure.
	ErrNeedsSecure = fmt.Errorf("%w: SameSite=None and Partitioned require Secure", ErrInvalidCookie)
	// ErrPrefix reports a __Secure- or __Host- cookie that breaks its
	// prefix's rules.
	ErrPrefix = fmt.Errorf("%w: cookie prefix rules not met", ErrInvalidCookie)
	// ErrInvalidSetCookie reports a Set-Cookie line a user agent would
	// ignore (no "=" in the first pair, or an empty name).
	ErrInvalidSetCookie = errors.New("cookies: invalid Set-Cookie line")
)

// SameSite is the SameSite attribute of a cookie.
type SameSite uint8

// SameSite values; SameSiteDefault writes no attribute.
const (
	SameSiteDefault SameSite = iota
	SameSiteLax
	SameSiteStrict
	SameSiteNone
)

// String returns "Lax", "Strict", "None" or "" for the default.
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

// SetCookie is one Set-Cookie line (RFC 6265 §4.1 and the Partitioned
// attribute of CHIPS). The zero value of each attribute leaves it out.
type SetCookie struct {
	Name  string
	Value string
	// Quoted writes the value inside double quotes (cookie-value allows
	// DQUOTE *cookie-octet DQUOTE). Quoting is never automatic.
	Quoted bool
	// Expires, when not zero, is written as an IMF-fixdate.
	Expires time.Time
	// MaxAge in seconds: 0 leaves it out, a negative value writes
	// Max-Age=0 (delete now).
	MaxAge      int
	Domain      string
	Path        string
	Secure      bool
	HttpOnly    bool
	SameSite    SameSite
	Partitioned bool
	// Unparsed holds attributes ParseSetCookie did not recognise, as
	// sent; they are not written back.
	Unparsed []string
}

// Deletion returns the Set-Cookie that deletes a cookie: an empty value,
// Max-Age=0 and an Expires in the past. path and domain must be those the
// cookie was set with.
func Deletion(name, path, domain string) SetCookie {
	return SetCookie{Name: name, Path: path, Domain: domain, MaxAge: -1, Expires: time.Unix(0, 0).UTC()}
}

// validAttr reports whether v may be an attribute value: no ";" and no
// control bytes (RFC 6265 av-octet, CVE-2024-47764's injection).
func validAttr(v string) bool {
	for i := 0; i < len(v); i++ {
		if c := v[i]; c < 0x20 || c == 0x7F || c == ';' {
			return false
		}
	}
	return true
}

// validDomain accepts host names (letters, digits, "-", "."), with an
// optional leading dot.
func validDomain(d string) bool {
	d = strings.TrimPrefix(d, ".")
	if d == "" || len(d) > 253 {
		return false
	}
	for i := 0; i < len(d); i++ {
		c := d[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '.') {
			return false
		}
	}
	return true
}

// Validate reports whether the cookie can be sent: a token name, a value
// of cookie-octets, Domain and Path without ";" or control bytes,
// SameSite=None and Partitioned only with Secure, and the __Secure- and
// __Host- prefix rules (Secure; and for __Host-, Path=/ and no Domain).
func (c *SetCookie) Validate() error {
	if !headers.ValidToken(c.Name) {
		return fmt.Errorf("%w: %q", ErrInvalidName, truncate(c.Name))
	}
	if !validOctets(c.Value) {
		return fmt.Errorf("%w: cookie %q", ErrInvalidValue, c.Name)
	}
	if c.Domain != "" && !validDomain(c.Domain) {
		return fmt.Errorf("%w: Domain of %q", ErrInvalidAttribute, c.Name)
	}
	if !validAttr(c.Path) {
		return fmt.Errorf("%w: Path of %q", ErrInvalidAttribute, c.Name)
	}
	if (c.SameSite == SameSiteNone || c.Partitioned) && !c.Secure {
		return ErrNeedsSecure
	}
	if c.SameSite > SameSiteNone {
		return fmt.Errorf("%w: SameSite", ErrInvalidAttribute)
	}
	switch {
	case strings.HasPrefix(c.Name, "__Secure-"):
		if !c.Secure {
			return fmt.Errorf("%w: __Secure- needs Secure", ErrPrefix)
		}
	case strings.HasPrefix(c.Name, "__Host-"):
		if !c.Secure || c.Path != "/" || c.Domain != "" {
			return fmt.Errorf("%w: __Host- needs Secure, Path=/ and no Domain", ErrPrefix)
		}
	}
	return nil
}

// AppendFormat validates the cookie and appends its Set-Cookie value to
// dst. With enough spare capacity in dst it does not allocate. On error
// dst is returned unchanged.
func (c *SetCookie) AppendFormat(dst []byte) ([]byte, error) {
	if err := c.Validate(); err != nil {
		return dst, err
	}
	dst = append(dst, c.Name...)
	dst = append(dst, '=')
	if c.Quoted {
		dst = append(dst, '"')
	}
	dst = append(dst, c.Value...)
	if c.Quoted {
		dst = append(dst, '"')
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
		dst = strconv.AppendInt(dst, int64(c.MaxAge), 10)
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

// String returns the Set-Cookie value, or "" when the cookie is invalid
// (use AppendFormat or Validate to see why). It allocates once.
func (c *SetCookie) String() string {
	n := len(c.Name) + len(c.Value) + len(c.Path) + len(c.Domain) + 110
	b, err := c.AppendFormat(make([]byte, 0, n))
	if err != nil {
		return ""
	}
	// b is not used again, so it can become the string without a copy.
	return unsafe.String(unsafe.SliceData(b), len(b))
}

// ParseSetCookie parses a Set-Cookie line leniently, the way RFC 6265 §5.2
// tells user agents to: attribute names are case-insensitive, the last of
// a repeated attribute wins, an Expires or Max-Age that does not parse is
// ignored, Expires accepts every cookie-date form of §5.1.1, a leading
// "." of Domain is dropped, and unknown attributes are kept in Unparsed.
// A quoted value is unquoted with Quoted set. The line is refused
// (ErrInvalidSetCookie) when its first pair has no "=" or an empty name.
func ParseSetCookie(line string) (SetCookie, error) {
	pair, rest := nextPair(line)
	eq := strings.IndexByte(pair, '=')
	if eq < 0 {
		return SetCookie{}, ErrInvalidSetCookie
	}
	c := SetCookie{Name: trimWSP(pair[:eq]), Value: trimWSP(pair[eq+1:])}
	if c.Name == "" {
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
		switch {
		case headers.EqualFold(name, "Expires"):
			if t, ok := parseCookieDate(value); ok {
				c.Expires = t
			}
		case headers.EqualFold(name, "Max-Age"):
			if n, ok := parseMaxAge(value); ok {
				c.MaxAge = n
			}
		case headers.EqualFold(name, "Domain"):
			c.Domain = strings.ToLower(strings.TrimPrefix(value, "."))
		case headers.EqualFold(name, "Path"):
			c.Path = value
		case headers.EqualFold(name, "Secure"):
			c.Secure = true
		case headers.EqualFold(name, "HttpOnly"):
			c.HttpOnly = true
		case headers.EqualFold(name, "Partitioned"):
			c.Partitioned = true
		case headers.EqualFold(name, "SameSite"):
			switch {
			case headers.EqualFold(value, "Lax"):
				c.SameSite = SameSiteLax
			case headers.EqualFold(value, "Strict"):
				c.SameSite = SameSiteStrict
			case headers.EqualFold(value, "None"):
				c.SameSite = SameSiteNone
			default:
				c.Unparsed = append(c.Unparsed, av)
			}
		default:
			c.Unparsed = append(c.Unparsed, av)
		}
	}
	return c, nil
}

// parseMaxAge follows RFC 6265 §5.2.2: an optional "-" then digits; zero
// or negative means expire now (returned as -1 here).
func parseMaxAge(v string) (int, bool) {
	if v == "" {
		return 0, false
	}
	neg := v[0] == '-'
	d := v
	if neg {
		d = v[1:]
	}
	if d == "" {
		return 0, false
	}
	n := 0
	for i := 0; i < len(d); i++ {
		c := d[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		if n < 1<<31 {
			n = n*10 + int(c-'0')
		}
	}
	if neg || n == 0 {
		return -1, true
	}
	return min(n, 1<<31), true
}
