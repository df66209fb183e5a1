package bench

import (
	"bytes"
	"testing"

	"github.com/gorilla/securecookie"
	"github.com/webob-go/webob/cookies"
)

// A session id of the size real ones have, signed for the cookie
// "session" with a 32-byte key (HMAC-SHA-256 on both sides).
var (
	signedKey   = bytes.Repeat([]byte{0x5a}, 32)
	signedValue = []byte("user=42&sid=8f14e45fceea167a5a36dedd4bea2543")
)

func ourSigner() *cookies.Signer {
	s, err := cookies.NewSigner(signedKey)
	if err != nil {
		panic(err)
	}
	return s
}

// theirSigner is securecookie with a hash key only (signing, no
// encryption) and the no-op serializer, so both sides sign raw bytes.
func theirSigner() *securecookie.SecureCookie {
	return securecookie.New(signedKey, nil).SetSerializer(securecookie.NopEncoder{})
}

// TestSignedAgreement: the formats differ, so there is no cross-checking;
// both sides must round-trip the input and refuse a value made for
// another cookie name, a tampered value and a wrong key.
func TestSignedAgreement(t *testing.T) {
	s, sc := ourSigner(), theirSigner()
	ov, err := s.Encode("session", signedValue)
	if err != nil {
		t.Fatal(err)
	}
	tv, err := sc.Encode("session", signedValue)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := s.Decode("session", ov); err != nil || !bytes.Equal(got, signedValue) {
		t.Errorf("ours: %q %v", got, err)
	}
	var got []byte
	if err := sc.Decode("session", tv, &got); err != nil || !bytes.Equal(got, signedValue) {
		t.Errorf("theirs: %q %v", got, err)
	}
	if _, err := s.Decode("admin", ov); err == nil {
		t.Error("ours accepted another name")
	}
	if err := sc.Decode("admin", tv, &got); err == nil {
		t.Error("theirs accepted another name")
	}
	tamper := func(v string) string { b := []byte(v); b[3] ^= 1; return string(b) }
	if _, err := s.Decode("session", tamper(ov)); err == nil {
		t.Error("ours accepted a tampered value")
	}
	if err := sc.Decode("session", tamper(tv), &got); err == nil {
		t.Error("theirs accepted a tampered value")
	}
	other := bytes.Repeat([]byte{0xa5}, 32)
	wrong, _ := cookies.NewSigner(other)
	if _, err := wrong.Decode("session", ov); err == nil {
		t.Error("ours accepted a wrong key")
	}
	if err := securecookie.New(other, nil).SetSerializer(securecookie.NopEncoder{}).Decode("session", tv, &got); err == nil {
		t.Error("theirs accepted a wrong key")
	}
	t.Logf("ours   %d bytes: %s\ntheirs %d bytes: %s", len(ov), ov, len(tv), tv)
}

func BenchmarkSigned(b *testing.B) {
	b.Run("sign/webob", func(b *testing.B) {
		s := ourSigner()
		b.ReportAllocs()
		for b.Loop() {
			if _, err := s.Encode("session", signedValue); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("sign/securecookie", func(b *testing.B) {
		sc := theirSigner()
		b.ReportAllocs()
		for b.Loop() {
			if _, err := sc.Encode("session", signedValue); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("verify/webob", func(b *testing.B) {
		s := ourSigner()
		v, _ := s.Encode("session", signedValue)
		b.ReportAllocs()
		for b.Loop() {
			if _, err := s.Decode("session", v); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("verify/securecookie", func(b *testing.B) {
		sc := theirSigner()
		v, _ := sc.Encode("session", signedValue)
		b.ReportAllocs()
		for b.Loop() {
			var dst []byte
			if err := sc.Decode("session", v, &dst); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkEncrypted compares AES-256-GCM (ours) with securecookie's
// AES-256-CTR plus HMAC-SHA-256, both authenticated encryption.
func BenchmarkEncrypted(b *testing.B) {
	blockKey := bytes.Repeat([]byte{0x3c}, 32)
	b.Run("encrypt/webob", func(b *testing.B) {
		e, _ := cookies.NewEncrypter(blockKey)
		b.ReportAllocs()
		for b.Loop() {
			if _, err := e.Encode("session", signedValue); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("encrypt/securecookie", func(b *testing.B) {
		sc := securecookie.New(signedKey, blockKey).SetSerializer(securecookie.NopEncoder{})
		b.ReportAllocs()
		for b.Loop() {
			if _, err := sc.Encode("session", signedValue); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("decrypt/webob", func(b *testing.B) {
		e, _ := cookies.NewEncrypter(blockKey)
		v, _ := e.Encode("session", signedValue)
		b.ReportAllocs()
		for b.Loop() {
			if _, err := e.Decode("session", v); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("decrypt/securecookie", func(b *testing.B) {
		sc := securecookie.New(signedKey, blockKey).SetSerializer(securecookie.NopEncoder{})
		v, _ := sc.Encode("session", signedValue)
		b.ReportAllocs()
		for b.Loop() {
			var dst []byte
			if err := sc.Decode("session", v, &dst); err != nil {
				b.Fatal(err)
			}
		}
	})
}
