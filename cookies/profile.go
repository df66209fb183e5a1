package cookies

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// A Serializer turns a Go value into cookie bytes and back.
type Serializer interface {
	Marshal(v any) ([]byte, error)
	Unmarshal(data []byte, v any) error
}

// StringSerializer stores a string as its bytes. Marshal takes a string
// or []byte; Unmarshal takes a *string or *[]byte.
type StringSerializer struct{}

// ErrSerialize reports a value a serializer cannot handle.
var ErrSerialize = errors.New("cookies: cannot serialize value")

// Marshal implements Serializer.
func (StringSerializer) Marshal(v any) ([]byte, error) {
	switch x := v.(type) {
	case string:
		return []byte(x), nil
	case []byte:
		return x, nil
	}
	return nil, fmt.Errorf("%w: StringSerializer takes a string, not %T", ErrSerialize, v)
}

// Unmarshal implements Serializer.
func (StringSerializer) Unmarshal(data []byte, v any) error {
	switch x := v.(type) {
	case *string:
		*x = string(data)
	case *[]byte:
		*x = append((*x)[:0], data...)
	default:
		return fmt.Errorf("%w: StringSerializer fills a *string, not %T", ErrSerialize, v)
	}
	return nil
}

// JSONSerializer stores any Go value as JSON.
type JSONSerializer struct{}

// Marshal implements Serializer.
func (JSONSerializer) Marshal(v any) ([]byte, error) { return json.Marshal(v) }

// Unmarshal implements Serializer.
func (JSONSerializer) Unmarshal(data []byte, v any) error { return json.Unmarshal(data, v) }

// plainCodec stores bytes as base64url, for profiles without a signer.
type plainCodec struct{}

func (plainCodec) Encode(_ string, v []byte) (string, error) { return b64.EncodeToString(v), nil }
func (plainCodec) Decode(_, s string) ([]byte, error) {
	v, err := b64.DecodeString(s)
	if err != nil {
		return nil, ErrMalformed
	}
	return v, nil
}

// Profile keeps everything about one cookie in one place, like WebOb's
// CookieProfile and SignedCookieProfile: its name and attributes, how its
// value is serialized, and how it is signed or encrypted. It reads the
// value from a request's Cookie lines and produces the Set-Cookie lines
// that set or delete it.
type Profile struct {
	Name     string
	Path     string   // "" means "/"
	Domains  []string // one Set-Cookie per domain; none means host-only
	Secure   bool
	HttpOnly bool
	SameSite SameSite
	MaxAge   time.Duration // 0: a session cookie
	// Codec signs or encrypts the value; nil stores it as plain base64url.
	Codec Codec
	// Serializer turns values into bytes; nil means JSONSerializer.
	Serializer Serializer
}

func (p *Profile) serializer() Serializer {
	if p.Serializer != nil {
		return p.Serializer
	}
	return JSONSerializer{}
}

func (p *Profile) codec() Codec {
	if p.Codec != nil {
		return p.Codec
	}
	return plainCodec{}
}

// ErrNoCookie reports that the request has no cookie of the profile's
// name.
var ErrNoCookie = errors.New("cookies: no such cookie")

// Get reads the profile's cookie from Cookie field lines into v. It
// returns ErrNoCookie when the cookie is absent and the codec's or
// serializer's error when the value does not verify or decode.
func (p *Profile) Get(lines []string, v any) error {
	raw, ok := Get(lines, p.Name)
	if !ok {
		return ErrNoCookie
	}
	b, err := p.codec().Decode(p.Name, raw)
	if err != nil {
		return err
	}
	return p.serializer().Unmarshal(b, v)
}

// SetCookies returns the Set-Cookie lines that store v: one per domain,
// or one host-only cookie. A serialized cookie longer than MaxValueLen is
// ErrTooLong; an invalid name or attribute is the Validate error.
func (p *Profile) SetCookies(v any) ([]string, error) {
	b, err := p.serializer().Marshal(v)
	if err != nil {
		return nil, err
	}
	val, err := p.codec().Encode(p.Name, b)
	if err != nil {
		return nil, err
	}
	c := p.base()
	c.Value = val
	if p.MaxAge > 0 {
		c.MaxAge = int(p.MaxAge / time.Second)
		c.Expires = time.Now().Add(p.MaxAge)
	}
	return p.lines(c)
}

// DeleteCookies returns the Set-Cookie lines that delete the cookie.
func (p *Profile) DeleteCookies() ([]string, error) {
	c := p.base()
	c.MaxAge, c.Expires = -1, time.Unix(0, 0).UTC()
	return p.lines(c)
}

func (p *Profile) base() SetCookie {
	path := p.Path
	if path == "" {
		path = "/"
	}
	return SetCookie{Name: p.Name, Path: path, Secure: p.Secure, HttpOnly: p.HttpOnly, SameSite: p.SameSite}
}

func (p *Profile) lines(c SetCookie) ([]string, error) {
	domains := p.Domains
	if len(domains) == 0 {
		domains = []string{""}
	}
	out := make([]string, 0, len(domains))
	for _, d := range domains {
		c.Domain = d
		b, err := c.AppendFormat(nil)
		if err != nil {
			return nil, err
		}
		if len(b) > MaxValueLen {
			return nil, fmt.Errorf("%w: Set-Cookie for %q is %d bytes", ErrTooLong, p.Name, len(b))
		}
		out = append(out, string(b))
	}
	return out, nil
}
