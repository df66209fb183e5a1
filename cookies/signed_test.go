package cookies

import (
	"bytes"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"
)

var (
	key1 = bytes.Repeat([]byte{1}, 32)
	key2 = bytes.Repeat([]byte{2}, 32)
)

// codecErr reports whether err is one of the errors Decode may return.
func codecErr(err error) bool {
	for _, e := range []error{ErrBadSignature, ErrExpired, ErrMalformed, ErrTooLong, ErrInvalidKey} {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}

type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func TestSigner(t *testing.T) {
	clk := &clock{time.Unix(1_700_000_000, 0)}
	for _, mk := range []func(...[]byte) (*Signer, error){NewSigner, NewSignerSHA512} {
		s, err := mk(key1)
		if err != nil {
			t.Fatal(err)
		}
		s.Now = clk.now
		v, err := s.Encode("session", []byte("user=42"))
		if err != nil || !validOctets(v) {
			t.Fatalf("Encode = %q %v", v, err)
		}
		if got, err := s.Decode("session", v); err != nil || string(got) != "user=42" {
			t.Errorf("Decode = %q %v", got, err)
		}
		// Empty and binary values.
		for _, val := range [][]byte{{}, {0, 1, 2, 0xff}, bytes.Repeat([]byte{'x'}, 1000)} {
			v, _ := s.Encode("n", val)
			if got, err := s.Decode("n", v); err != nil || !bytes.Equal(got, val) {
				t.Errorf("%q: %q %v", val, got, err)
			}
		}
		// Bound to the name: not replayable as another cookie.
		for _, other := range []string{"admin", "Session", "session ", ""} {
			if _, err := s.Decode(other, v); !errors.Is(err, ErrBadSignature) {
				t.Errorf("name %q: %v", other, err)
			}
		}
		// Tampering with any byte fails, with a typed error.
		for i := range v {
			for _, x := range []byte{1, 0x20} {
				b := []byte(v)
				b[i] ^= x
				if got, err := s.Decode("session", string(b)); err == nil || !codecErr(err) {
					t.Errorf("tampered byte %d (%q): %q %v", i, b, got, err)
				}
			}
		}
		// Truncation and extension fail.
		for _, bad := range []string{v[:len(v)-1], v + "A", v[1:], "A" + v, v + "|", "|" + v} {
			if _, err := s.Decode("session", bad); err == nil || !codecErr(err) {
				t.Errorf("%q: %v", bad, err)
			}
		}
		// A wrong key fails; rotation verifies with old keys and signs
		// with the first.
		wrong, _ := mk(key2)
		if _, err := wrong.Decode("session", v); !errors.Is(err, ErrBadSignature) {
			t.Errorf("wrong key: %v", err)
		}
		rotated, _ := mk(key2, key1)
		rotated.Now = clk.now
		if got, err := rotated.Decode("session", v); err != nil || string(got) != "user=42" {
			t.Errorf("rotation: %v", err)
		}
		v2, _ := rotated.Encode("session", []byte("x"))
		if _, err := s.Decode("session", v2); !errors.Is(err, ErrBadSignature) {
			t.Error("a value signed with the new key verified under the old key alone")
		}
		if got, err := wrong.Decode("session", v2); err != nil || string(got) != "x" {
			t.Errorf("new key: %v", err)
		}
	}
}

func TestSignerFormat(t *testing.T) {
	clk := &clock{time.Unix(1_700_000_000, 0)}
	s, _ := NewSigner(key1)
	s.Now = clk.now
	v, _ := s.Encode("session", []byte("hi"))
	parts := strings.Split(v, "|")
	if len(parts) != 3 || parts[0] != "aGk" || parts[1] != "1700000000" || len(parts[2]) != 43 {
		t.Errorf("format %q", v)
	}
	s512, _ := NewSignerSHA512(key1)
	v, _ = s512.Encode("session", []byte("hi"))
	if parts := strings.Split(v, "|"); len(parts[2]) != 86 {
		t.Errorf("SHA-512 format %q", v)
	}
	// A SHA-256 value does not verify as SHA-512 with the same key.
	v256, _ := s.Encode("session", []byte("hi"))
	if _, err := s512.Decode("session", v256); !errors.Is(err, ErrMalformed) {
		t.Errorf("cross-hash: %v", err)
	}
	// The name is length-prefixed in the MAC: moving bytes between the
	// name and the value never verifies.
	va, _ := s.Encode("a|b", []byte("x"))
	if _, err := s.Decode("a", "b|"+va); err == nil {
		t.Error("name/payload boundary not bound")
	}
}

func TestSignerExpiry(t *testing.T) {
	clk := &clock{time.Unix(1_700_000_000, 0)}
	s, _ := NewSigner(key1)
	s.Now = clk.now
	v, _ := s.Encode("session", []byte("v"))
	s.MaxAge = time.Hour
	clk.t = clk.t.Add(time.Hour)
	if _, err := s.Decode("session", v); err != nil {
		t.Errorf("at MaxAge: %v", err)
	}
	clk.t = clk.t.Add(time.Second)
	if _, err := s.Decode("session", v); !errors.Is(err, ErrExpired) {
		t.Errorf("MaxAge+1s: %v", err)
	}
	// From the future, beyond the allowed skew.
	clk.t = time.Unix(1_700_000_000, 0).Add(-maxClockSkew)
	if _, err := s.Decode("session", v); err != nil {
		t.Errorf("within skew: %v", err)
	}
	clk.t = clk.t.Add(-time.Second)
	if _, err := s.Decode("session", v); !errors.Is(err, ErrExpired) {
		t.Errorf("future: %v", err)
	}
	// No MaxAge: no expiry.
	s.MaxAge = 0
	clk.t = clk.t.Add(1000 * time.Hour * 24)
	if _, err := s.Decode("session", v); err != nil {
		t.Errorf("no MaxAge: %v", err)
	}
	// An expired forgery is a bad signature, not expired: the MAC is
	// checked first.
	s.MaxAge = time.Hour
	forged := "dg|1|" + strings.Repeat("A", 43)
	if _, err := s.Decode("session", forged); !errors.Is(err, ErrBadSignature) {
		t.Errorf("forged: %v", err)
	}
}

func TestSignerErrors(t *testing.T) {
	s, _ := NewSigner(key1)
	for _, bad := range []string{"", "abc", "a|b", "a|b|!!!", "|||", "a|1|" + strings.Repeat("A", 42)} {
		if _, err := s.Decode("session", bad); !errors.Is(err, ErrMalformed) && !errors.Is(err, ErrBadSignature) {
			t.Errorf("%q: %v", bad, err)
		}
	}
	if _, err := s.Decode("session", strings.Repeat("a", MaxValueLen+1)); !errors.Is(err, ErrTooLong) {
		t.Errorf("too long: %v", err)
	}
	if _, err := s.Encode("session", bytes.Repeat([]byte{'x'}, 3100)); !errors.Is(err, ErrTooLong) {
		t.Errorf("encode too long: %v", err)
	}
	if _, err := s.Encode("session", bytes.Repeat([]byte{'x'}, 1<<20)); !errors.Is(err, ErrTooLong) {
		t.Errorf("encode 1 MB: %v", err)
	}
	// The longest value that fits.
	n := 0
	for ; ; n++ {
		if _, err := s.Encode("session", make([]byte, n+1)); err != nil {
			break
		}
	}
	v, _ := s.Encode("session", make([]byte, n))
	if len(v) > MaxValueLen || len(v) < MaxValueLen-4 {
		t.Errorf("longest value %d bytes", len(v))
	}
	if _, err := s.Decode("session", v); err != nil {
		t.Errorf("longest: %v", err)
	}
	if _, err := NewSigner(); !errors.Is(err, ErrInvalidKey) {
		t.Error("no keys accepted")
	}
	if _, err := NewSigner(key1, make([]byte, MinKeyLen-1)); !errors.Is(err, ErrInvalidKey) {
		t.Error("short key accepted")
	}
	var zero Signer
	if _, err := zero.Encode("a", nil); !errors.Is(err, ErrInvalidKey) {
		t.Errorf("zero Signer: %v", err)
	}
	if _, err := zero.Decode("a", "x"); !errors.Is(err, ErrInvalidKey) {
		t.Errorf("zero Signer: %v", err)
	}
	// The key is copied.
	k := bytes.Clone(key1)
	s2, _ := NewSigner(k)
	v, _ = s2.Encode("a", []byte("v"))
	k[0] ^= 1
	if _, err := s2.Decode("a", v); err != nil {
		t.Errorf("key not copied: %v", err)
	}
}

func TestSignerConcurrent(t *testing.T) {
	s, _ := NewSigner(key2, key1)
	old, _ := NewSigner(key1)
	vOld, _ := old.Encode("n", []byte("old"))
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				v, _ := s.Encode("n", []byte("v"))
				if got, err := s.Decode("n", v); err != nil || string(got) != "v" {
					t.Errorf("%q %v", got, err)
					return
				}
				if got, err := s.Decode("n", vOld); err != nil || string(got) != "old" {
					t.Errorf("%q %v", got, err)
					return
				}
			}
		}()
	}
	wg.Wait()
}

func TestEncrypter(t *testing.T) {
	clk := &clock{time.Unix(1_700_000_000, 0)}
	e, err := NewEncrypter(key1)
	if err != nil {
		t.Fatal(err)
	}
	e.Now = clk.now
	v, err := e.Encode("session", []byte("secret"))
	if err != nil || strings.Contains(v, "secret") || !validOctets(v) || !strings.HasPrefix(v, "1700000000|") {
		t.Fatalf("%q %v", v, err)
	}
	if got, err := e.Decode("session", v); err != nil || string(got) != "secret" {
		t.Errorf("Decode = %q %v", got, err)
	}
	// Two encryptions of one value differ (random nonce).
	if v2, _ := e.Encode("session", []byte("secret")); v2 == v {
		t.Error("nonce reused")
	}
	for _, val := range [][]byte{{}, {0, 0xff}} {
		v, _ := e.Encode("n", val)
		if got, err := e.Decode("n", v); err != nil || !bytes.Equal(got, val) || got == nil {
			t.Errorf("%q: %q %v", val, got, err)
		}
	}
	// The name is the additional data.
	if _, err := e.Decode("other", v); !errors.Is(err, ErrBadSignature) {
		t.Errorf("name not bound: %v", err)
	}
	// Tampering with any byte fails, with a typed error.
	for i := range v {
		b := []byte(v)
		b[i] ^= 1
		if _, err := e.Decode("session", string(b)); err == nil || !codecErr(err) {
			t.Errorf("tampered byte %d: %v", i, err)
		}
	}
	// The timestamp is authenticated.
	if _, err := e.Decode("session", "1700000001"+v[10:]); !errors.Is(err, ErrBadSignature) {
		t.Errorf("tampered timestamp: %v", err)
	}
	rotated, _ := NewEncrypter(key2, key1)
	if got, err := rotated.Decode("session", v); err != nil || string(got) != "secret" {
		t.Errorf("rotation: %v", err)
	}
	wrong, _ := NewEncrypter(key2)
	if _, err := wrong.Decode("session", v); !errors.Is(err, ErrBadSignature) {
		t.Errorf("wrong key: %v", err)
	}
	// Expiry.
	e.MaxAge = time.Minute
	clk.t = clk.t.Add(time.Minute)
	if _, err := e.Decode("session", v); err != nil {
		t.Errorf("at MaxAge: %v", err)
	}
	clk.t = clk.t.Add(time.Second)
	if _, err := e.Decode("session", v); !errors.Is(err, ErrExpired) {
		t.Errorf("expiry: %v", err)
	}
	for _, bad := range []string{"", "x", "1|", "|abc", "x|abc", "1|!!!", "1|AAAA", "-1|" + v[11:], strings.Repeat("1", MaxValueLen+1)} {
		if _, err := e.Decode("session", bad); err == nil || !codecErr(err) {
			t.Errorf("%.30q: %v", bad, err)
		}
	}
	if _, err := e.Encode("n", make([]byte, 3100)); !errors.Is(err, ErrTooLong) {
		t.Errorf("too long: %v", err)
	}
	for _, k := range [][]byte{nil, []byte("short"), make([]byte, 16), make([]byte, 33)} {
		if _, err := NewEncrypter(k); !errors.Is(err, ErrInvalidKey) {
			t.Errorf("key of %d bytes: %v", len(k), err)
		}
	}
	if _, err := NewEncrypter(); !errors.Is(err, ErrInvalidKey) {
		t.Error("no keys")
	}
	var zero Encrypter
	if _, err := zero.Encode("a", nil); !errors.Is(err, ErrInvalidKey) {
		t.Errorf("zero Encrypter: %v", err)
	}
	if _, err := zero.Decode("a", "1|x"); !errors.Is(err, ErrInvalidKey) {
		t.Errorf("zero Encrypter: %v", err)
	}
}

func FuzzSignerDecode(f *testing.F) {
	s, _ := NewSigner(key1)
	e, _ := NewEncrypter(key1)
	v, _ := s.Encode("n", []byte("v"))
	w, _ := e.Encode("n", []byte("v"))
	f.Add("n", v)
	f.Add("n", w)
	f.Fuzz(func(t *testing.T, name, value string) {
		if got, err := s.Decode(name, value); err != nil && !codecErr(err) {
			t.Fatalf("untyped %v", err)
		} else if err == nil && (name != "n" || value != v) {
			t.Fatalf("forgery accepted: %q %q -> %q", name, value, got)
		}
		if _, err := e.Decode(name, value); err != nil && !codecErr(err) {
			t.Fatalf("untyped %v", err)
		}
	})
}

func BenchmarkSign(b *testing.B) {
	s, _ := NewSigner(key1)
	b.ReportAllocs()
	for b.Loop() {
		_, _ = s.Encode("session", []byte("user=42"))
	}
}

func BenchmarkVerify(b *testing.B) {
	s, _ := NewSigner(key1)
	v, _ := s.Encode("session", []byte("user=42"))
	b.ReportAllocs()
	for b.Loop() {
		_, _ = s.Decode("session", v)
	}
}

func BenchmarkEncrypt(b *testing.B) {
	e, _ := NewEncrypter(key1)
	b.ReportAllocs()
	for b.Loop() {
		_, _ = e.Encode("session", []byte("user=42"))
	}
}

func BenchmarkDecrypt(b *testing.B) {
	e, _ := NewEncrypter(key1)
	v, _ := e.Encode("session", []byte("user=42"))
	b.ReportAllocs()
	for b.Loop() {
		_, _ = e.Decode("session", v)
	}
}
