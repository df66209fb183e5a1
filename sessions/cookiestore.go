package sessions

import (
	"encoding/base64"
	"encoding/binary"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/webob-go/webob/cookies"
)

// A CookieStore keeps each session whole in its cookie, encrypted and
// authenticated with AES-256-GCM (a cookies.Encrypter bound to the
// cookie's name), for a Manager made with NewCookieManager. Nothing is
// kept on the server, so it scales to any number of machines without a
// shared store, at a price:
//
//   - A cookie session cannot be revoked by the server. Destroy expires
//     the cookie in the browser that sent the request, but a copy taken
//     before (stolen, or kept by the visitor) stays valid until its idle
//     or absolute deadline. Use a server-side Store when logging out must
//     end the session everywhere.
//   - The encoded values must fit in a cookie: 4096 bytes for name and
//     value, after encryption and base64 (about 3 KB of values). Set
//     refuses a value that would go over with ErrTooLarge.
//   - Two concurrent requests that both change the session each send a
//     whole cookie; the browser keeps the one that arrives last.
//
// The cookie carries the session's creation time and the time it was
// last issued; the Manager checks both deadlines against its own clock on
// every request, so neither the cookie's Max-Age nor the browser is
// trusted with them. Renew re-encrypts the session under a fresh nonce.
// Session fixation needs a server-side ID to fix, which a cookie session
// does not have: a planted cookie stops matching the visitor's session at
// the first change.
//
// Keys rotate: the first key encrypts, every key decrypts. Put a new key
// first and drop the old one after the Lifetime has passed.
type CookieStore struct {
	enc *cookies.Encrypter
}

// NewCookieStore returns a CookieStore. Each key must be 32 random bytes
// (from crypto/rand, not a password); the first encrypts, every one
// decrypts. Otherwise the error wraps cookies.ErrInvalidKey.
func NewCookieStore(keys ...[]byte) (*CookieStore, error) {
	enc, err := cookies.NewEncrypter(keys...)
	if err != nil {
		return nil, err
	}
	return &CookieStore{enc: enc}, nil
}

// The cookie's plaintext is
//
//	format-byte varint(created) varint(issued) data
//
// with the times in Unix seconds and data as in encoding.go.
const cookieFormat = 1

func appendCookiePayload(dst []byte, created, issued time.Time, values map[string][]byte) []byte {
	dst = append(dst, cookieFormat)
	dst = binary.AppendVarint(dst, created.Unix())
	dst = binary.AppendVarint(dst, issued.Unix())
	return appendData(dst, values)
}

func parseCookiePayload(b []byte) (created, issued time.Time, data []byte, ok bool) {
	if len(b) == 0 || b[0] != cookieFormat {
		return
	}
	b = b[1:]
	c, n := binary.Varint(b)
	if n <= 0 {
		return
	}
	b = b[n:]
	i, n := binary.Varint(b)
	if n <= 0 {
		return
	}
	return time.Unix(c, 0), time.Unix(i, 0), b[n:], true
}

// gcmOverhead is the nonce and the tag of AES-GCM.
const gcmOverhead = 12 + 16

// cookieLen returns the length of the cookie value that values would
// make if issued at now.
func (m *Manager) cookieLen(values map[string][]byte, created, now time.Time) int {
	var buf [20]byte
	plain := 1 + binary.PutVarint(buf[:], created.Unix()) + binary.PutVarint(buf[:], now.Unix()) + dataLen(values)
	ts := len(strconv.AppendInt(buf[:0], now.Unix(), 10))
	return ts + 1 + base64.RawURLEncoding.EncodedLen(gcmOverhead+plain)
}

// cookieLimit is the longest cookie value that fits: cookies.MaxValueLen,
// and 4096 bytes with the name.
func (m *Manager) cookieLimit() int {
	return min(cookies.MaxValueLen, cookies.MaxNameValueLen-len(m.tmpl.Name)-1)
}

// loadCookie decodes a session cookie. A value that does not open (made
// with another key, tampered with, truncated, for another cookie name) or
// whose session is past a deadline leaves s without values: a new
// session, never an error page.
func (s *Session) loadCookie(v string, now time.Time) {
	plain, err := s.m.cookie.enc.Decode(s.m.tmpl.Name, v)
	if err != nil {
		return
	}
	created, issued, data, ok := parseCookiePayload(plain)
	if !ok {
		s.m.logCorrupt(s.r.Context(), "cookie")
		return
	}
	exp := s.m.deadline(created, issued)
	if !s.m.alive(created, exp, now) || issued.After(now.Add(time.Minute)) {
		return
	}
	values, err := decodeData(data)
	if err != nil {
		s.m.logCorrupt(s.r.Context(), "cookie")
		return
	}
	s.created, s.expires, s.values = created, exp, values
}

// commitCookie sends the session's new cookie when it changed (or when its
// idle deadline moved by a tenth of IdleTimeout), or the deleting one when
// it was destroyed.
func (s *Session) commitCookie(h http.Header, now time.Time) error {
	switch {
	case s.dirty || !s.fresh && s.m.idle > 0 && s.m.deadline(s.created, now).Sub(s.expires) >= s.m.renewStep:
		v, err := s.m.cookie.enc.Encode(s.m.tmpl.Name, appendCookiePayload(make([]byte, 0, 21+dataLen(s.values)), s.created, now, s.values))
		if errors.Is(err, cookies.ErrTooLong) {
			return s.m.tooLarge(len(s.m.tmpl.Name) + 1 + s.m.cookieLen(s.values, s.created, now))
		}
		if err != nil {
			return err
		}
		return s.m.setCookie(h, v, s.created, now)
	case s.destroyed && s.hadCookie:
		return s.m.expireCookie(h)
	}
	return nil
}
