package cookies

import (
	"errors"
	"time"
)

// ErrNoCookie reports that the request has no cookie of a Profile's name.
var ErrNoCookie = errors.New("cookies: no such cookie")

// Profile keeps everything about one cookie in one place, like WebOb's
// CookieProfile and SignedCookieProfile: its name and attributes, how its
// value is serialized, and how it is signed or encrypted. It reads the
// value from a request's Cookie field lines and produces the Set-Cookie
// field values that set or delete it.
//
// The zero value of each field means its default; a Profile needs a Name.
// A Profile is safe for concurrent use once set up.
type Profile struct {
	Name string
	// Path defaults to "/".
	Path string
	// Domains gives one Set-Cookie per domain, as WebOb does; none means a
	// single host-only cookie.
	Domains     []string
	Secure      bool
	HttpOnly    bool
	SameSite    SameSite
	Partitioned bool
	// MaxAge, when positive, writes Max-Age and Expires (rounded down to
	// whole seconds); zero makes a session cookie. It tells the browser
	// when to drop the cookie; to refuse older values on the server too,
	// set the codec's MaxAge.
	MaxAge time.Duration
	// Codec signs or encrypts the value. Nil stores it as plain
	// base64url, readable and forgeable by the client.
	Codec Codec
	// Serializer turns values into bytes; nil means JSONSerializer.
	Serializer Serializer
	// Now returns the current time for Expires; nil means time.Now.
	Now func() time.Time
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

// plainCodec stores bytes as unpadded base64url, for profiles without a
// signer.
type plainCodec struct{}

func (plainCodec) Encode(_ string, v []byte) (string, error) {
	if b64.EncodedLen(len(v)) > MaxValueLen {
		return "", ErrTooLong
	}
	return b64.EncodeToString(v), nil
}

func (plainCodec) Decode(_, s string) ([]byte, error) {
	if len(s) > MaxValueLen {
		return nil, ErrTooLong
	}
	v, err := b64.DecodeString(s)
	if err != nil {
		return nil, ErrMalformed
	}
	return v, nil
}

// Get reads the profile's cookie from a request's Cookie field lines
// (the first of that name) into v, through the codec and the serializer.
// It returns ErrNoCookie when there is none, the codec's error when the
// value does not verify (ErrBadSignature, ErrExpired, ErrMalformed,
// ErrTooLong), and the serializer's when it does not decode.
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

// SetCookies returns the Set-Cookie field values that store v: one per
// domain, or one host-only cookie. A value longer than MaxValueLen once
// serialized and encoded is an *Error wrapping ErrTooLong; an invalid name
// or attribute is the Validate error; the serializer's and codec's errors
// are returned as they are.
func (p *Profile) SetCookies(v any) ([]string, error) {
	b, err := p.serializer().Marshal(v)
	if err != nil {
		return nil, err
	}
	val, err := p.codec().Encode(p.Name, b)
	if errors.Is(err, ErrTooLong) || len(val) > MaxValueLen {
		return nil, &Error{Name: p.Name, Err: ErrTooLong}
	}
	if err != nil {
		return nil, err
	}
	c := p.base()
	c.Value = val
	if p.MaxAge > 0 {
		c.MaxAge = int(min(p.MaxAge/time.Second, 1<<31-1))
		c.Expires = now(p.Now).Add(p.MaxAge).Truncate(time.Second)
	}
	return p.format(&c)
}

// DeleteCookies returns the Set-Cookie field values that delete the
// cookie: for each domain, an empty value with Max-Age=0 and an Expires in
// the past.
func (p *Profile) DeleteCookies() ([]string, error) {
	c := p.base()
	c.MaxAge, c.Expires = -1, time.Unix(0, 0).UTC()
	return p.format(&c)
}

func (p *Profile) base() SetCookie {
	path := p.Path
	if path == "" {
		path = "/"
	}
	return SetCookie{Name: p.Name, Path: path, Secure: p.Secure, HttpOnly: p.HttpOnly,
		SameSite: p.SameSite, Partitioned: p.Partitioned}
}

func (p *Profile) format(c *SetCookie) ([]string, error) {
	if len(p.Domains) == 0 {
		s, err := c.Format()
		if err != nil {
			return nil, err
		}
		return []string{s}, nil
	}
	out := make([]string, 0, len(p.Domains))
	for _, d := range p.Domains {
		c.Domain = d
		s, err := c.Format()
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}
