package cookies

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"errors"
	"fmt"
	"hash"
	"strconv"
	"strings"
	"time"
)

// Errors of signed and encrypted values.
var (
	// ErrBadSignature reports a value whose MAC or authentication tag does
	// not verify under any key (tampered, or signed for another cookie).
	ErrBadSignature = errors.New("cookies: bad signature")
	// ErrExpired reports a value older than the codec's MaxAge.
	ErrExpired = errors.New("cookies: signed value expired")
	// ErrMalformed reports a value that is not in the codec's format.
	ErrMalformed = errors.New("cookies: malformed signed value")
	// ErrTooLong reports a value longer than MaxValueLen.
	ErrTooLong = errors.New("cookies: value too long")
	// ErrNoKeys reports a codec built without keys, or with a key of the
	// wrong size.
	ErrNoKeys = errors.New("cookies: missing or invalid key")
)

// MaxValueLen is the longest cookie value a codec reads or writes: a
// Set-Cookie of name, value and attributes must fit browsers' 4096 bytes.
const MaxValueLen = 4093

// A Codec turns a cookie's bytes into a tamper-proof cookie value and
// back. The cookie name is bound into the value, so a value made for one
// cookie is refused for another.
type Codec interface {
	Encode(name string, value []byte) (string, error)
	Decode(name, cookieValue string) ([]byte, error)
}

// b64 decodes strictly, so a changed padding bit is a changed value.
var b64 = base64.RawURLEncoding.Strict()

// Signer signs values with HMAC (SHA-256 by default) over the cookie name,
// a timestamp and the value. The value stays readable; use Encrypter to
// hide it. Keys rotate: the first key signs, every key verifies.
//
// The format is base64url(value) "|" unix-seconds "|" base64url(mac),
// every byte a cookie-octet.
type Signer struct {
	keys   [][]byte
	hash   func() hash.Hash
	MaxAge time.Duration    // 0: no limit
	Now    func() time.Time // nil: time.Now
}

// NewSigner returns a SHA-256 signer. At least one key is required; keys
// should be 32 random bytes or more.
func NewSigner(keys ...[]byte) (*Signer, error) {
	if len(keys) == 0 {
		return nil, ErrNoKeys
	}
	for _, k := range keys {
		if len(k) == 0 {
			return nil, ErrNoKeys
		}
	}
	return &Signer{keys: keys, hash: sha256.New}, nil
}

// UseSHA512 switches the MAC to HMAC-SHA-512 and returns s.
func (s *Signer) UseSHA512() *Signer { s.hash = sha512.New; return s }

func now(f func() time.Time) time.Time {
	if f != nil {
		return f()
	}
	return time.Now()
}

func (s *Signer) mac(key []byte, name, payload string) []byte {
	m := hmac.New(s.hash, key)
	m.Write([]byte(name))
	m.Write([]byte{'|'})
	m.Write([]byte(payload))
	return m.Sum(nil)
}

// Encode signs value for the cookie name.
func (s *Signer) Encode(name string, value []byte) (string, error) {
	payload := b64.EncodeToString(value) + "|" + strconv.FormatInt(now(s.Now).Unix(), 10)
	out := payload + "|" + b64.EncodeToString(s.mac(s.keys[0], name, payload))
	if len(out) > MaxValueLen {
		return "", ErrTooLong
	}
	return out, nil
}

// Decode verifies a signed value for the cookie name, in constant time
// with respect to the MAC, and returns the original bytes.
func (s *Signer) Decode(name, cookieValue string) ([]byte, error) {
	if len(cookieValue) > MaxValueLen {
		return nil, ErrTooLong
	}
	i := strings.LastIndexByte(cookieValue, '|')
	if i < 0 {
		return nil, ErrMalformed
	}
	payload, sig := cookieValue[:i], cookieValue[i+1:]
	mac, err := b64.DecodeString(sig)
	if err != nil {
		return nil, ErrMalformed
	}
	ok := false
	for _, k := range s.keys {
		if hmac.Equal(mac, s.mac(k, name, payload)) {
			ok = true
			break
		}
	}
	if !ok {
		return nil, ErrBadSignature
	}
	j := strings.LastIndexByte(payload, '|')
	if j < 0 {
		return nil, ErrMalformed
	}
	if err := checkAge(payload[j+1:], s.MaxAge, s.Now); err != nil {
		return nil, err
	}
	v, err := b64.DecodeString(payload[:j])
	if err != nil {
		return nil, ErrMalformed
	}
	return v, nil
}

func checkAge(ts string, maxAge time.Duration, nowf func() time.Time) error {
	t, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return ErrMalformed
	}
	if maxAge > 0 {
		age := now(nowf).Sub(time.Unix(t, 0))
		if age > maxAge || age < -time.Minute {
			return ErrExpired
		}
	}
	return nil
}

// Encrypter encrypts and authenticates values with AES-256-GCM from the
// standard library, binding the cookie name and a timestamp as additional
// data. Keys are 32 bytes and rotate like Signer's.
//
// The format is unix-seconds "|" base64url(nonce || ciphertext).
type Encrypter struct {
	aeads  []cipher.AEAD
	MaxAge time.Duration    // 0: no limit
	Now    func() time.Time // nil: time.Now
}

// NewEncrypter returns an encrypter; every key must be 32 bytes.
func NewEncrypter(keys ...[]byte) (*Encrypter, error) {
	if len(keys) == 0 {
		return nil, ErrNoKeys
	}
	e := &Encrypter{}
	for _, k := range keys {
		if len(k) != 32 {
			return nil, fmt.Errorf("%w: AES-256 needs a 32-byte key", ErrNoKeys)
		}
		block, err := aes.NewCipher(k)
		if err != nil {
			return nil, err
		}
		aead, err := cipher.NewGCM(block)
		if err != nil {
			return nil, err
		}
		e.aeads = append(e.aeads, aead)
	}
	return e, nil
}

func aad(name, ts string) []byte { return []byte(name + "|" + ts) }

// Encode encrypts value for the cookie name.
func (e *Encrypter) Encode(name string, value []byte) (string, error) {
	ts := strconv.FormatInt(now(e.Now).Unix(), 10)
	a := e.aeads[0]
	nonce := make([]byte, a.NonceSize(), a.NonceSize()+len(value)+a.Overhead())
	if _, err := rand.Read(nonce); err != nil {
		return "", err
	}
	sealed := a.Seal(nonce, nonce, value, aad(name, ts))
	out := ts + "|" + b64.EncodeToString(sealed)
	if len(out) > MaxValueLen {
		return "", ErrTooLong
	}
	return out, nil
}

// Decode authenticates and decrypts a value for the cookie name.
func (e *Encrypter) Decode(name, cookieValue string) ([]byte, error) {
	if len(cookieValue) > MaxValueLen {
		return nil, ErrTooLong
	}
	i := strings.IndexByte(cookieValue, '|')
	if i < 0 {
		return nil, ErrMalformed
	}
	ts := cookieValue[:i]
	if _, err := strconv.ParseInt(ts, 10, 64); err != nil {
		return nil, ErrMalformed
	}
	sealed, err := b64.DecodeString(cookieValue[i+1:])
	if err != nil {
		return nil, ErrMalformed
	}
	for _, a := range e.aeads {
		if len(sealed) < a.NonceSize()+a.Overhead() {
			return nil, ErrMalformed
		}
		v, err := a.Open(nil, sealed[:a.NonceSize()], sealed[a.NonceSize():], aad(name, ts))
		if err == nil {
			if err := checkAge(ts, e.MaxAge, e.Now); err != nil {
				return nil, err
			}
			return v, nil
		}
	}
	return nil, ErrBadSignature
}
