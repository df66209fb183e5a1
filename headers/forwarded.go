package headers

import (
	"errors"
	"net/netip"
	"strconv"
	"strings"

	"github.com/webob-go/webob/internal/oneline"
)

// ErrInvalidForwarded reports a malformed Forwarded element or node.
var ErrInvalidForwarded = errors.New("headers: invalid Forwarded")

// A ForwardedElement is one element of a Forwarded field (RFC 7239 §4):
//
//	Forwarded         = 1#forwarded-element
//	forwarded-element = [ forwarded-pair ] *( ";" [ forwarded-pair ] )
//	forwarded-pair    = token "=" value
//	value             = token / quoted-string
//
// For and By are node identifiers as sent (parse them with ParseNode);
// Extensions holds pairs other than for, by, proto and host.
type ForwardedElement struct {
	For, By, Proto, Host string
	Extensions           Params
}

// ParseForwarded parses the field lines of a Forwarded header into its
// elements, in order (the last is the one added by the nearest proxy).
// A parameter repeated within one element is an error (RFC 7239 §4).
// Elements with no pairs (";") are skipped; no lines, or only empty
// elements, give nil and no error.
func ParseForwarded(lines []string) ([]ForwardedElement, error) {
	var out []ForwardedElement
	for el := range List(lines) {
		var fe ForwardedElement
		var seen [4]bool
		var names nameSet
		rest := el
		for {
			// The pairs are separated by ";", with empty pairs allowed;
			// white space around the ";" is tolerated.
			rest = SkipOWS(rest)
			if rest == "" {
				break
			}
			if rest[0] == ';' {
				rest = rest[1:]
				continue
			}
			name, r := ConsumeToken(rest)
			if name == "" || r == "" || r[0] != '=' {
				return nil, ErrInvalidForwarded
			}
			value, r, err := ConsumeValue(r[1:])
			if err != nil {
				return nil, ErrInvalidForwarded
			}
			if r = SkipOWS(r); r != "" && r[0] != ';' {
				return nil, ErrInvalidForwarded
			}
			rest = r
			var dst *string
			idx := -1
			switch {
			case EqualFold(name, "for"):
				dst, idx = &fe.For, 0
			case EqualFold(name, "by"):
				dst, idx = &fe.By, 1
			case EqualFold(name, "proto"):
				dst, idx = &fe.Proto, 2
			case EqualFold(name, "host"):
				dst, idx = &fe.Host, 3
			}
			if idx >= 0 {
				if seen[idx] {
					return nil, ErrInvalidForwarded
				}
				seen[idx] = true
				*dst = value
				continue
			}
			name = ToLower(name)
			if names.repeated(fe.Extensions, name) {
				return nil, ErrInvalidForwarded
			}
			fe.Extensions = append(fe.Extensions, Param{Name: name, Value: value})
		}
		if fe.For == "" && fe.By == "" && fe.Proto == "" && fe.Host == "" && len(fe.Extensions) == 0 {
			continue // an element of only semicolons says nothing
		}
		out = append(out, fe)
	}
	return out, nil
}

// String returns the element in its header form (see AppendFormat), or ""
// when it cannot be formatted.
func (fe ForwardedElement) String() string {
	b, err := fe.AppendFormat(nil)
	if err != nil {
		return ""
	}
	return string(b)
}

// AppendFormat appends the element as `for=...;by=...;proto=...;host=...`
// with values quoted where they are not tokens (IPv6 nodes always are).
// Empty fields are left out, so the zero element appends nothing. A value
// no quoted string can carry, or an extension name that is not a token,
// is an error wrapping ErrInvalidForwarded and dst is returned unchanged.
func (fe ForwardedElement) AppendFormat(dst []byte) ([]byte, error) {
	orig := dst
	n := 0
	add := func(name, value string) error {
		if n > 0 {
			dst = append(dst, ';')
		}
		n++
		dst = append(dst, name...)
		dst = append(dst, '=')
		var err error
		dst, err = AppendTokenOrQuoted(dst, value)
		return err
	}
	for _, p := range [...]Param{{"for", fe.For}, {"by", fe.By}, {"proto", fe.Proto}, {"host", fe.Host}} {
		if p.Value == "" {
			continue
		}
		if err := add(p.Name, p.Value); err != nil {
			return orig, oneline.Join(ErrInvalidForwarded, err)
		}
	}
	for _, p := range fe.Extensions {
		if !ValidToken(p.Name) {
			return orig, ErrInvalidForwarded
		}
		if err := add(p.Name, p.Value); err != nil {
			return orig, oneline.Join(ErrInvalidForwarded, err)
		}
	}
	return dst, nil
}

// A Node is a parsed node identifier of a Forwarded for= or by= value
// (RFC 7239 §6), or an X-Forwarded-For element:
//
//	node     = nodename [ ":" node-port ]
//	nodename = IPv4address / "[" IPv6address "]" / "unknown" / obfnode
//
// Exactly one of Addr (valid), Unknown or Obfuscated describes the name;
// Port is 0 when absent and ObfPort holds an obfuscated port ("_abc").
type Node struct {
	Addr       netip.Addr
	Port       int
	ObfPort    string
	Unknown    bool
	Obfuscated string
}

// ParseNode parses a node identifier. A bare IPv6 address (as found in
// X-Forwarded-For) is accepted too; an IPv6 zone ("%eth0") is not, as
// the IPv6address grammar has none. A port is 1 to 5 digits up to 65535
// (port 0 reads as absent), or an obfuscated "_port".
func ParseNode(s string) (Node, error) {
	s = TrimOWS(s)
	var n Node
	var name, port string
	switch {
	case strings.HasPrefix(s, "["):
		end := strings.IndexByte(s, ']')
		if end < 0 {
			return Node{}, ErrInvalidForwarded
		}
		a, err := netip.ParseAddr(s[1:end])
		if err != nil || !a.Is6() || a.Zone() != "" {
			return Node{}, ErrInvalidForwarded
		}
		n.Addr = a
		rest := s[end+1:]
		if rest != "" {
			if rest[0] != ':' || len(rest) == 1 {
				return Node{}, ErrInvalidForwarded
			}
			port = rest[1:]
		}
	default:
		if a, err := netip.ParseAddr(s); err == nil && a.Is6() {
			if a.Zone() != "" {
				return Node{}, ErrInvalidForwarded
			}
			n.Addr = a
			return n, nil
		}
		name, port = s, ""
		if i := strings.IndexByte(s, ':'); i >= 0 {
			name, port = s[:i], s[i+1:]
			if port == "" {
				return Node{}, ErrInvalidForwarded
			}
		}
		switch {
		case EqualFold(name, "unknown"):
			n.Unknown = true
		case strings.HasPrefix(name, "_") && validObf(name[1:]):
			n.Obfuscated = name
		default:
			a, err := netip.ParseAddr(name)
			if err != nil || !a.Is4() {
				return Node{}, ErrInvalidForwarded
			}
			n.Addr = a
		}
	}
	if port != "" {
		if port[0] == '_' && validObf(port[1:]) {
			n.ObfPort = port
		} else {
			// port = 1*5DIGIT
			p, ok := parseInt(port)
			if !ok || len(port) > 5 || p > 65535 {
				return Node{}, ErrInvalidForwarded
			}
			n.Port = int(p)
		}
	}
	return n, nil
}

// validObf reports whether s is 1*( ALPHA / DIGIT / "." / "_" / "-").
func validObf(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(isAlnum(c) || c == '.' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// String formats the node as a Forwarded value (unquoted; IPv6 in
// brackets).
func (n Node) String() string {
	var s string
	switch {
	case n.Unknown:
		s = "unknown"
	case n.Obfuscated != "":
		s = n.Obfuscated
	case n.Addr.Is6():
		s = "[" + n.Addr.String() + "]"
	case n.Addr.IsValid():
		s = n.Addr.String()
	}
	switch {
	case n.ObfPort != "":
		s += ":" + n.ObfPort
	case n.Port != 0:
		s += ":" + strconv.Itoa(n.Port)
	}
	return s
}

// ParseXForwardedFor returns the elements of the X-Forwarded-For field
// lines in order, trimmed, each parsed as a Node (a bare IPv4 or IPv6
// address, optionally with a port). Any malformed element is an error:
// trust decisions must never skip what they cannot read.
func ParseXForwardedFor(lines []string) ([]Node, error) {
	var out []Node
	for el := range List(lines) {
		n, err := ParseNode(el)
		if err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, nil
}

// ParseXForwardedList returns the trimmed elements of a plain
// comma-separated X-Forwarded-Proto or X-Forwarded-Host list, in order.
func ParseXForwardedList(lines []string) []string {
	var out []string
	for el := range List(lines) {
		out = append(out, el)
	}
	return out
}

// AppendXForwardedFor appends nodes to dst as an X-Forwarded-For value,
// joined by ", ": IPv4 addresses and IPv6 addresses bare ("2001:db8::1"),
// IPv6 in brackets when a port follows, other nodes as Node.String writes
// them. A node ParseNode would not read back (the zero Node, an IPv6
// zone, a malformed obfuscated name or port, a port past 65535) is an
// error wrapping ErrInvalidForwarded, and dst is returned unchanged. No
// nodes append nothing.
func AppendXForwardedFor(dst []byte, nodes []Node) ([]byte, error) {
	orig := dst
	for i, n := range nodes {
		if !n.valid() {
			return orig, ErrInvalidForwarded
		}
		if i > 0 {
			dst = append(dst, ", "...)
		}
		if n.Addr.Is6() && !n.Unknown && n.Obfuscated == "" && n.Port == 0 && n.ObfPort == "" {
			dst = n.Addr.AppendTo(dst)
			continue
		}
		dst = append(dst, n.String()...)
	}
	return dst, nil
}

// valid reports whether n.String() is a node ParseNode reads back as n
// (up to which of Unknown, Obfuscated and Addr String prefers).
func (n Node) valid() bool {
	switch {
	case n.Unknown:
	case n.Obfuscated != "":
		if n.Obfuscated[0] != '_' || !validObf(n.Obfuscated[1:]) {
			return false
		}
	case !n.Addr.IsValid() || n.Addr.Zone() != "":
		return false
	}
	if n.ObfPort != "" {
		return n.ObfPort[0] == '_' && validObf(n.ObfPort[1:])
	}
	return 0 <= n.Port && n.Port <= 65535
}

// AppendXForwardedList appends vals to dst as a plain X-Forwarded-Proto
// or X-Forwarded-Host list joined by ", ". A value that is empty, holds a
// comma, a double quote, white space or a control byte is an error
// wrapping ErrInvalidForwarded, and dst is returned unchanged.
func AppendXForwardedList(dst []byte, vals []string) ([]byte, error) {
	for _, v := range vals {
		if v == "" {
			return dst, ErrInvalidForwarded
		}
		for i := 0; i < len(v); i++ {
			if c := v[i]; c <= ' ' || c == ',' || c == '"' || c == 0x7F {
				return dst, ErrInvalidForwarded
			}
		}
	}
	for i, v := range vals {
		if i > 0 {
			dst = append(dst, ", "...)
		}
		dst = append(dst, v...)
	}
	return dst, nil
}
