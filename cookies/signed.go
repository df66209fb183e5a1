package cookies

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"hash"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Errors of signed and encrypted values. Decode returns exactly one of
// these (or ErrTooLong) for a value it refuses, so callers can tell a
// forgery from an expired session.
var (
	// ErrBadSignature reports a value whose MAC or authentication tag
	// verifies under none of the keys: tampered with, made with another
	// key, or made for another cookie name.
	ErrBadSignature = errors.New("cookies: bad signature")
	// ErrExpired reports an authentic value older than the codec's MaxAge,
	// or dated more than a minute in the future.
	ErrExpired = errors.New("cookies: signed value expired")
	// ErrMalformed reports a value that is not in the codec's format.
	ErrMalformed = errors.New("cookies: malformed signed value")
	// ErrInvalidKey reports a codec made without keys, with a key shorter
	// than MinKeyLen, or with an encryption key that is not 32 bytes; and
	// the zero Signer or Encrypter, which has no keys.
	ErrInvalidKey = errors.New("cookies: missing or invalid key")
)

// MaxValueLen is the longest cookie value a Codec writes or reads, and
// the longest serialized value a Profile sets (as WebOb's cookie profiles
// do): with a name it must fit browsers' 4096 bytes. Longer is ErrTooLong.
const MaxValueLen = 4093

// MinKeyLen is the shortest signing key NewSigner accepts. Keys should be
// random bytes from crypto/rand, not passwords.
const MinKeyLen = 32

// maxClockSkew is how far in the future a timestamp may lie before the
// value counts as expired.
const maxClockSkew = time.Minute

// A Codec turns a cookie's bytes into a tamper-proof cookie value and
// back. The cookie name is bound into the value, so a value made for one
// cookie is refused for another. Signer and Encrypter are Codecs; a
// Profile takes any.
type Codec interface {
	// Encode returns the cookie value for value, made for the cookie
	// name; its bytes are cookie-octets.
	Encode(name string, value []byte) (string, error)
	// Decode checks cookieValue, made for the cookie name, and returns
	// the bytes it carries.
	Decode(name, cookieValue string) ([]byte, error)
}

// b64 is unpadded base64url, decoding strictly so that no two texts decode
// to the same bytes.
var b64 = base64.RawURLEncoding.Strict()

// Signer signs values with HMAC-SHA-256 (or HMAC-SHA-512) over the cookie
// name, a timestamp and the value. The value stays readable: use an
// Encrypter to hide it. Keys rotate: the first key signs, every key
// verifies, so a new key is put first and an old one dropped once the
// cookies it signed have expired.
//
// The cookie value is
//
//	base64url(value) "|" unix-seconds "|" base64url(MAC)
//
// with the MAC over the length-prefixed name and the text before the last
// "|". Every byte is a cookie-octet. A Signer is safe for concurrent use;
// set MaxAge and Now before sharing it. The zero Signer has no keys: its
// methods return ErrInvalidKey.
type Signer struct {
	keys []*macKey
	size int // MAC length in bytes
	// MaxAge, when positive, is the age beyond which Decode returns
	// ErrExpired. Zero means values never expire.
	MaxAge time.Duration
	// Now returns the current time; nil means time.Now.
	Now func() time.Time
}

// macKey is one key with a pool of keyed HMAC states, which saves keying
// a new HMAC for every value.
type macKey struct {
	pool sync.Pool
}

type macState struct {
	h   hash.Hash
	buf []byte
}

// NewSigner returns an HMAC-SHA-256 Signer. The first key signs and every
// key verifies; each must be at least MinKeyLen bytes, else the error is
// ErrInvalidKey. The keys are copied.
func NewSigner(keys ...[]byte) (*Signer, error) { return newSigner(sha256.New, keys) }

// NewSignerSHA512 is NewSigner with HMAC-SHA-512, whose signatures are
// twice as long (86 bytes of base64 instead of 43).
func NewSignerSHA512(keys ...[]byte) (*Signer, error) { return newSigner(sha512.New, keys) }

func newSigner(h func() hash.Hash, keys [][]byte) (*Signer, error) {
	if len(keys) == 0 {
		return nil, ErrInvalidKey
	}
	s := &Signer{size: h().Size()}
	for _, k := range keys {
		if len(k) < MinKeyLen {
			return nil, ErrInvalidKey
		}
		k := append([]byte(nil), k...)
		mk := &macKey{}
		mk.pool.New = func() any { return &macState{h: hmac.New(h, k)} }
		s.keys = append(s.keys, mk)
	}
	return s, nil
}

// appendMAC appends base64url(HMAC(len(name) name payload)) to dst; the
// payload is payloadB followed by payloadS.
func (k *macKey) appendMAC(dst []byte, name string, payloadB []byte, payloadS string) []byte {
	st := k.pool.Get().(*macState)
	st.h.Reset()
	b := binary.AppendUvarint(st.buf[:0], uint64(len(name)))
	b = append(b, name...)
	b = append(b, payloadB...)
	b = append(b, payloadS...)
	st.h.Write(b)
	b = st.h.Sum(b[:0])
	dst = b64.AppendEncode(dst, b)
	st.buf = b
	k.pool.Put(st)
	return dst
}

func now(f func() time.Time) time.Time {
	if f != nil {
		return f()
	}
	return time.Now()
}

// Encode signs value for the cookie name. A result longer than
// MaxValueLen is ErrTooLong.
func (s *Signer) Encode(name string, value []byte) (string, error) {
	if len(s.keys) == 0 {
		return "", ErrInvalidKey
	}
	n := b64.EncodedLen(len(value)) + 1 + 20 + 1 + b64.EncodedLen(s.size)
	if n-20+1 > MaxValueLen {
		return "", ErrTooLong
	}
	b := make([]byte, 0, n)
	b = b64.AppendEncode(b, value)
	b = append(b, '|')
	b = strconv.AppendInt(b, now(s.Now).Unix(), 10)
	payload := len(b)
	b = append(b, '|')
	b = s.keys[0].appendMAC(b, name, b[:payload], "")
	if len(b) > MaxValueLen {
		return "", ErrTooLong
	}
	return ownedString(b), nil
}

// Decode verifies a value signed for the cookie name and returns the
// bytes it carries. The signature is checked first, comparing in constant
// time, against every key; then the age. Errors: ErrTooLong (over
// MaxValueLen), ErrMalformed, ErrBadSignature, ErrExpired, ErrInvalidKey.
func (s *Signer) Decode(name, cookieValue string) ([]byte, error) {
	if len(s.keys) == 0 {
		return nil, ErrInvalidKey
	}
	if len(cookieValue) > MaxValueLen {
		return nil, ErrTooLong
	}
	i := strings.LastIndexByte(cookieValue, '|')
	if i < 0 {
		return nil, ErrMalformed
	}
	payload, sig := cookieValue[:i], cookieValue[i+1:]
	if len(sig) != b64.EncodedLen(s.size) {
		return nil, ErrMalformed
	}
	var buf [88]byte // base64 of a SHA-512 MAC
	ok := false
	for _, k := range s.keys {
		if macEqual(sig, k.appendMAC(buf[:0], name, nil, payload)) {
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

// macEqual reports whether the MAC sig, as sent, equals the expected
// MAC want, in time that depends on their lengths only. It is the one MAC
// comparison of the package: every check goes through it, and
// TestMACChecksUseConstantTimeHelper fails on any other.
func macEqual(sig string, want []byte) bool {
	var buf [88]byte // base64 of a SHA-512 MAC, the longest
	if len(sig) != len(want) || len(sig) > len(buf) {
		return false
	}
	n := copy(buf[:], sig)
	return hmac.Equal(buf[:n], want)
}

// checkAge parses a timestamp and applies maxAge to it.
func checkAge(ts string, maxAge time.Duration, nowf func() time.Time) error {
	t, err := strconv.ParseInt(ts, 10, 64)
	if err != nil || t < 0 {
		return ErrMalformed
	}
	if maxAge > 0 {
		age := now(nowf).Sub(time.Unix(t, 0))
		if age > maxAge || age < -maxClockSkew {
			return ErrExpired
		}
	}
	return nil
}

// Encrypter encrypts and authenticates values with AES-256-GCM from the
// standard library. The cookie name and a timestamp are bound in as
// additional data, so a value made for one cookie does not open as
// another and its age cannot be changed. Keys are 32 bytes and rotate as
// Signer's do: the first encrypts, every key decrypts.
//
// The cookie value is
//
//	unix-seconds "|" base64url(nonce || ciphertext || tag)
//
// with a random 12-byte nonce per value (so a key should encrypt fewer
// than 2^32 values). An Encrypter is safe for concurrent use; set MaxAge
// and Now before sharing it. The zero Encrypter has no keys: its methods
// return ErrInvalidKey.
type Encrypter struct {
	aeads []cipher.AEAD
	// MaxAge, when positive, is the age beyond which Decode returns
	// ErrExpired. Zero means values never expire.
	MaxAge time.Duration
	// Now returns the current time; nil means time.Now.
	Now func() time.Time
}

// NewEncrypter returns an AES-256-GCM Encrypter. The first key encrypts
// and every key decrypts; each must be 32 bytes, else the error is
// ErrInvalidKey.
func NewEncrypter(keys ...[]byte) (*Encrypter, error) {
	if len(keys) == 0 {
		return nil, ErrInvalidKey
	}
	e := &Encrypter{}
	for _, k := range keys {
		if len(k) != 32 {
			return nil, ErrInvalidKey
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

// additionalData is the length-prefixed cookie name and the timestamp.
func additionalData(name, ts string) []byte {
	b := make([]byte, 0, binary.MaxVarintLen64+len(name)+len(ts))
	b = binary.AppendUvarint(b, uint64(len(name)))
	b = append(b, name...)
	return append(b, ts...)
}

// Encode encrypts value for the cookie name. A result longer than
// MaxValueLen is ErrTooLong.
func (e *Encrypter) Encode(name string, value []byte) (string, error) {
	if len(e.aeads) == 0 {
		return "", ErrInvalidKey
	}
	a := e.aeads[0]
	if b64.EncodedLen(a.NonceSize()+len(value)+a.Overhead()) > MaxValueLen {
		return "", ErrTooLong
	}
	ts := strconv.FormatInt(now(e.Now).Unix(), 10)
	sealed := make([]byte, a.NonceSize(), a.NonceSize()+len(value)+a.Overhead())
	if _, err := rand.Read(sealed); err != nil {
		return "", err
	}
	sealed = a.Seal(sealed, sealed, value, additionalData(name, ts))
	b := make([]byte, 0, len(ts)+1+b64.EncodedLen(len(sealed)))
	b = append(b, ts...)
	b = append(b, '|')
	b = b64.AppendEncode(b, sealed)
	if len(b) > MaxValueLen {
		return "", ErrTooLong
	}
	return ownedString(b), nil
}

// Decode authenticates and decrypts a value made for the cookie name,
// trying every key; then checks its age. Errors: ErrTooLong (over
// MaxValueLen), ErrMalformed, ErrBadSignature (no key opens it),
// ErrExpired, ErrInvalidKey.
func (e *Encrypter) Decode(name, cookieValue string) ([]byte, error) {
	if len(e.aeads) == 0 {
		return nil, ErrInvalidKey
	}
	if len(cookieValue) > MaxValueLen {
		return nil, ErrTooLong
	}
	ts, enc, ok := strings.Cut(cookieValue, "|")
	if !ok || ts == "" {
		return nil, ErrMalformed
	}
	for i := 0; i < len(ts); i++ {
		if ts[i] < '0' || ts[i] > '9' {
			return nil, ErrMalformed
		}
	}
	sealed, err := b64.DecodeString(enc)
	if err != nil {
		return nil, ErrMalformed
	}
	ad := additionalData(name, ts)
	for _, a := range e.aeads {
		if len(sealed) < a.NonceSize()+a.Overhead() {
			return nil, ErrMalformed
		}
		v, err := a.Open(nil, sealed[:a.NonceSize()], sealed[a.NonceSize():], ad)
		if err != nil {
			continue
		}
		if err := checkAge(ts, e.MaxAge, e.Now); err != nil {
			return nil, err
		}
		if v == nil {
			v = []byte{}
		}
		return v, nil
	}
	return nil, ErrBadSignature
}
