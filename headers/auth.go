package headers

import (
	"encoding/base64"
	"errors"
	"strings"
	"unicode/utf8"

	"github.com/webob-go/webob/internal/oneline"
)

// Errors of the authentication fields.
var (
	// ErrInvalidAuth reports a malformed Authorization,
	// Proxy-Authorization, WWW-Authenticate or Proxy-Authenticate value.
	ErrInvalidAuth = errors.New("headers: invalid authentication field")
	// ErrInvalidBasic reports Basic credentials that are not base64 of
	// UTF-8 "user:password", or a user id with a colon when encoding.
	ErrInvalidBasic = errors.New("headers: invalid Basic credentials")
)

// token68char marks the characters of token68 before its trailing "=":
//
//	token68 = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
var token68char = func() (t [256]bool) {
	for c := range 256 {
		t[c] = isAlnum(byte(c))
	}
	for _, c := range "-._~+/" {
		t[c] = true
	}
	return t
}()

// isToken68 reports whether s is a token68.
func isToken68(s string) bool {
	i := 0
	for i < len(s) && token68char[s[i]] {
		i++
	}
	if i == 0 {
		return false
	}
	for ; i < len(s); i++ {
		if s[i] != '=' {
			return false
		}
	}
	return true
}

// A Challenge is one challenge of a WWW-Authenticate or Proxy-Authenticate
// field, and Credentials is the value of Authorization or
// Proxy-Authorization (RFC 9110 §11):
//
//	challenge   = auth-scheme [ 1*SP ( token68 / #auth-param ) ]
//	credentials = auth-scheme [ 1*SP ( token68 / #auth-param ) ]
//	auth-param  = token BWS "=" BWS ( token / quoted-string )
//
// Scheme keeps its case (compare with EqualFold); at most one of Token68
// and Params is set. Parameter names are lower-cased and values unquoted.
type Challenge struct {
	Scheme  string
	Token68 string
	Params  Params
}

// Credentials is the parsed value of an Authorization or
// Proxy-Authorization field; see Challenge for the grammar.
type Credentials struct {
	Scheme  string
	Token68 string
	Params  Params
}

// ParseAuthorization parses an Authorization or Proxy-Authorization
// value. Errors wrap ErrInvalidAuth.
func ParseAuthorization(s string) (Credentials, error) {
	cs, err := parseChallenges([]string{s})
	if err != nil {
		return Credentials{}, err
	}
	if len(cs) != 1 {
		return Credentials{}, ErrInvalidAuth
	}
	return Credentials(cs[0]), nil
}

// ParseChallenges parses the field lines of WWW-Authenticate or
// Proxy-Authenticate, each of which may hold several comma-separated
// challenges. No challenge at all (no lines, or only empty elements), an
// auth-param before any scheme or after a token68, and a parameter named
// twice in one challenge are errors; all wrap ErrInvalidAuth.
func ParseChallenges(lines []string) ([]Challenge, error) {
	return parseChallenges(lines)
}

func parseChallenges(lines []string) ([]Challenge, error) {
	var out []Challenge
	var names nameSet // the parameter names of the current challenge
	for el := range List(lines) {
		name, rest := ConsumeToken(el)
		if name == "" {
			return nil, ErrInvalidAuth
		}
		r := SkipOWS(rest)
		switch {
		case rest == "":
			// A scheme with nothing after it.
			names = nameSet{}
			out = append(out, Challenge{Scheme: name})
		case r != "" && r[0] == '=' && !isToken68(el):
			// An auth-param of the current challenge.
			if len(out) == 0 || out[len(out)-1].Token68 != "" {
				return nil, ErrInvalidAuth
			}
			v, tail, err := ConsumeValue(SkipOWS(r[1:]))
			if err != nil || TrimOWS(tail) != "" {
				return nil, ErrInvalidAuth
			}
			c := &out[len(out)-1]
			name = ToLower(name)
			if names.repeated(c.Params, name) {
				return nil, oneline.Join(ErrInvalidAuth, ErrDuplicateParam)
			}
			c.Params = append(c.Params, Param{Name: name, Value: v})
		case rest[0] == ' ':
			// A new challenge: scheme 1*SP ( token68 / auth-param ).
			names = nameSet{}
			c := Challenge{Scheme: name}
			arg := TrimOWS(rest)
			if isToken68(arg) {
				c.Token68 = arg
			} else {
				pn, pr := ConsumeToken(arg)
				pr = SkipOWS(pr)
				if pn == "" || pr == "" || pr[0] != '=' {
					return nil, ErrInvalidAuth
				}
				v, tail, err := ConsumeValue(SkipOWS(pr[1:]))
				if err != nil || TrimOWS(tail) != "" {
					return nil, ErrInvalidAuth
				}
				c.Params = Params{{Name: ToLower(pn), Value: v}}
			}
			out = append(out, c)
		default:
			return nil, ErrInvalidAuth
		}
	}
	if len(out) == 0 {
		return nil, ErrInvalidAuth
	}
	return out, nil
}

// nameSet finds a repeated parameter name in linear time: by scanning
// the parameters while they are few, and through a set once they are
// many, so a field with 100,000 distinct names is not quadratic.
type nameSet struct{ m map[string]struct{} }

// repeated reports whether name, lower-cased, is among the names of ps
// (the parameters so far, all lower-cased) and otherwise remembers it.
func (s *nameSet) repeated(ps Params, name string) bool {
	const scanMax = 16
	if s.m == nil {
		if len(ps) < scanMax {
			return ps.Has(name)
		}
		s.m = make(map[string]struct{}, 2*len(ps))
		for _, p := range ps {
			s.m[p.Name] = struct{}{}
		}
	}
	if _, ok := s.m[name]; ok {
		return true
	}
	s.m[name] = struct{}{}
	return false
}

// appendAuth formats a scheme with its token68 or parameters.
func appendAuth(dst []byte, scheme, token68 string, ps Params) ([]byte, error) {
	if !ValidToken(scheme) || (token68 != "" && !isToken68(token68)) || (token68 != "" && len(ps) > 0) {
		return dst, ErrInvalidAuth
	}
	orig := dst
	dst = append(dst, scheme...)
	if token68 != "" {
		dst = append(dst, ' ')
		return append(dst, token68...), nil
	}
	for i, p := range ps {
		if !ValidToken(p.Name) {
			return orig, ErrInvalidAuth
		}
		if i == 0 {
			dst = append(dst, ' ')
		} else {
			dst = append(dst, ", "...)
		}
		dst = append(dst, p.Name...)
		dst = append(dst, '=')
		var err error
		// Quoting every value is always valid and what most clients expect
		// (realm, nonce); tokens would be too.
		if dst, err = AppendQuotedString(dst, p.Value); err != nil {
			return orig, oneline.Join(ErrInvalidAuth, err)
		}
	}
	return dst, nil
}

// AppendFormat appends the challenge to dst.
func (c Challenge) AppendFormat(dst []byte) ([]byte, error) {
	return appendAuth(dst, c.Scheme, c.Token68, c.Params)
}

// String returns the challenge, or "" when it cannot be formatted.
func (c Challenge) String() string {
	b, err := c.AppendFormat(nil)
	if err != nil {
		return ""
	}
	return string(b)
}

// AppendChallenges appends several challenges joined by ", ".
func AppendChallenges(dst []byte, cs []Challenge) ([]byte, error) {
	orig := dst
	for i, c := range cs {
		if i > 0 {
			dst = append(dst, ", "...)
		}
		var err error
		if dst, err = c.AppendFormat(dst); err != nil {
			return orig, err
		}
	}
	return dst, nil
}

// AppendFormat appends the credentials to dst.
func (c Credentials) AppendFormat(dst []byte) ([]byte, error) {
	return appendAuth(dst, c.Scheme, c.Token68, c.Params)
}

// String returns the credentials, or "" when they cannot be formatted.
func (c Credentials) String() string {
	b, err := c.AppendFormat(nil)
	if err != nil {
		return ""
	}
	return string(b)
}

// Basic decodes Basic credentials (RFC 7617): the scheme must be "Basic"
// (any case) and the token68 base64 of "user-id:password" in UTF-8. ok is
// false for any other scheme or encoding.
func (c Credentials) Basic() (user, password string, ok bool) {
	if !EqualFold(c.Scheme, "Basic") || c.Token68 == "" {
		return "", "", false
	}
	user, password, err := DecodeBasic(c.Token68)
	return user, password, err == nil
}

// DecodeBasic decodes the token68 of Basic credentials. The password may
// hold colons; the user id may not. Padding may be omitted.
func DecodeBasic(token68 string) (user, password string, err error) {
	enc := base64.StdEncoding
	if !strings.HasSuffix(token68, "=") && len(token68)%4 != 0 {
		enc = base64.RawStdEncoding
	}
	b, err := enc.DecodeString(token68)
	if err != nil || !utf8.Valid(b) {
		return "", "", ErrInvalidBasic
	}
	s := string(b)
	i := strings.IndexByte(s, ':')
	if i < 0 {
		return "", "", ErrInvalidBasic
	}
	for j := 0; j < len(s); j++ {
		if s[j] < 0x20 || s[j] == 0x7F {
			return "", "", ErrInvalidBasic
		}
	}
	return s[:i], s[i+1:], nil
}

// BasicCredentials returns Basic credentials for user and password,
// encoded as UTF-8 (RFC 7617 §2.1). A user id holding a colon, or either
// part holding a control byte, is ErrInvalidBasic.
func BasicCredentials(user, password string) (Credentials, error) {
	if strings.IndexByte(user, ':') >= 0 || !utf8.ValidString(user) || !utf8.ValidString(password) {
		return Credentials{}, ErrInvalidBasic
	}
	for _, s := range [2]string{user, password} {
		for i := 0; i < len(s); i++ {
			if s[i] < 0x20 || s[i] == 0x7F {
				return Credentials{}, ErrInvalidBasic
			}
		}
	}
	return Credentials{Scheme: "Basic", Token68: base64.StdEncoding.EncodeToString([]byte(user + ":" + password))}, nil
}

// Bearer returns the token of Bearer credentials (RFC 6750 §2.1), or
// ok == false for any other scheme.
func (c Credentials) Bearer() (token string, ok bool) {
	if !EqualFold(c.Scheme, "Bearer") || c.Token68 == "" {
		return "", false
	}
	return c.Token68, true
}

// BearerCredentials returns Bearer credentials for token, which must be a
// token68 (RFC 6750's b64token).
func BearerCredentials(token string) (Credentials, error) {
	if !isToken68(token) {
		return Credentials{}, ErrInvalidAuth
	}
	return Credentials{Scheme: "Bearer", Token68: token}, nil
}
