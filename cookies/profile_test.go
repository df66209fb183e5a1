package cookies

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestProfile(t *testing.T) {
	clk := &clock{time.Date(2030, 1, 2, 3, 4, 5, 600, time.UTC)}
	s, _ := NewSigner(key1)
	s.Now = clk.now
	p := &Profile{Name: "session", Secure: true, HttpOnly: true, SameSite: SameSiteLax, MaxAge: time.Hour,
		Codec: s, Domains: []string{"example.com", "example.org"}, Now: clk.now}
	type sess struct{ User int }
	lines, err := p.SetCookies(sess{User: 42})
	if err != nil || len(lines) != 2 {
		t.Fatalf("%q %v", lines, err)
	}
	for i, d := range p.Domains {
		want := "; Path=/; Domain=" + d + "; Expires=Wed, 02 Jan 2030 04:04:05 GMT; Max-Age=3600; Secure; HttpOnly; SameSite=Lax"
		if !strings.HasPrefix(lines[i], "session=") || !strings.HasSuffix(lines[i], want) {
			t.Errorf("line %d: %q", i, lines[i])
		}
	}
	sc, _ := ParseSetCookie(lines[0])
	var got sess
	if err := p.Get([]string{"other=1; session=" + sc.Value}, &got); err != nil || got.User != 42 {
		t.Errorf("Get = %+v %v", got, err)
	}
	if err := p.Get([]string{"other=1"}, &got); !errors.Is(err, ErrNoCookie) {
		t.Errorf("absent: %v", err)
	}
	if err := p.Get([]string{"session=forged"}, &got); !errors.Is(err, ErrMalformed) {
		t.Errorf("forged: %v", err)
	}
	del, err := p.DeleteCookies()
	if err != nil || len(del) != 2 || del[1] != "session=; Path=/; Domain=example.org; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Secure; HttpOnly; SameSite=Lax" {
		t.Errorf("delete: %q %v", del, err)
	}

	// Encrypted, with the string serializer and a __Host- name.
	e, _ := NewEncrypter(key2)
	hp := &Profile{Name: "__Host-sid", Secure: true, Partitioned: true, SameSite: SameSiteNone, Codec: e, Serializer: StringSerializer{}}
	lines, err = hp.SetCookies("opaque")
	if err != nil || len(lines) != 1 || strings.Contains(lines[0], "opaque") || !strings.HasSuffix(lines[0], "; Path=/; Secure; SameSite=None; Partitioned") {
		t.Fatalf("encrypted: %q %v", lines, err)
	}
	sc, _ = ParseSetCookie(lines[0])
	var str string
	if err := hp.Get([]string{"__Host-sid=" + sc.Value}, &str); err != nil || str != "opaque" {
		t.Errorf("encrypted Get: %q %v", str, err)
	}
	// A value encrypted for another cookie name does not open.
	other := *hp
	other.Name = "__Host-other"
	if err := other.Get([]string{"__Host-other=" + sc.Value}, &str); !errors.Is(err, ErrBadSignature) {
		t.Errorf("other name: %v", err)
	}

	// Plain profile, defaults.
	plain := &Profile{Name: "pref", Serializer: StringSerializer{}}
	lines, _ = plain.SetCookies([]byte("dark"))
	if lines[0] != "pref=ZGFyaw; Path=/" {
		t.Errorf("plain: %q", lines)
	}
	var b []byte
	if err := plain.Get([]string{"pref=ZGFyaw"}, &b); err != nil || string(b) != "dark" {
		t.Errorf("plain Get: %q %v", b, err)
	}

	// Errors.
	if _, err := (&Profile{Name: "bad name"}).SetCookies(1); !errors.Is(err, ErrInvalidName) {
		t.Errorf("bad name: %v", err)
	}
	if _, err := (&Profile{Name: "__Host-x", Secure: true, Domains: []string{"example.com"}}).SetCookies(1); !errors.Is(err, ErrPrefix) {
		t.Errorf("prefix: %v", err)
	}
	if _, err := (&Profile{Name: "x", SameSite: SameSiteNone}).DeleteCookies(); !errors.Is(err, ErrNeedsSecure) {
		t.Errorf("SameSite=None: %v", err)
	}
	if _, err := (&Profile{Name: "x", Path: "x"}).SetCookies(1); !errors.Is(err, ErrInvalidAttribute) {
		t.Errorf("path: %v", err)
	}
	if _, err := plain.SetCookies(42); !errors.Is(err, ErrSerialize) {
		t.Errorf("serializer: %v", err)
	}
	if _, err := (&Profile{Name: "x"}).SetCookies(func() {}); err == nil {
		t.Error("JSON of a func accepted")
	}
	if err := plain.Get([]string{"pref=ZGFyaw"}, new(int)); !errors.Is(err, ErrSerialize) {
		t.Errorf("Unmarshal into *int: %v", err)
	}
}

// A serialized cookie value over 4093 bytes is an error, at the limit and
// one over, whatever the codec.
func TestProfileLength(t *testing.T) {
	plain := &Profile{Name: "big", Serializer: StringSerializer{}}
	// 3069 bytes are 4092 of base64; 3070 are 4094.
	if lines, err := plain.SetCookies(strings.Repeat("x", 3069)); err != nil || len(lines[0]) < 4092 {
		t.Errorf("at the limit: %v", err)
	}
	_, err := plain.SetCookies(strings.Repeat("x", 3070))
	var e *Error
	if !errors.Is(err, ErrTooLong) || !errors.As(err, &e) || e.Name != "big" {
		t.Errorf("over the limit: %v", err)
	}
	s, _ := NewSigner(key1)
	signed := &Profile{Name: "big", Serializer: StringSerializer{}, Codec: s}
	if _, err := signed.SetCookies(strings.Repeat("x", 3100)); !errors.Is(err, ErrTooLong) {
		t.Errorf("signed: %v", err)
	}
	// name + value over 4096 is refused by Validate even when the value
	// fits MaxValueLen.
	long := &Profile{Name: strings.Repeat("n", 10), Serializer: StringSerializer{}}
	if _, err := long.SetCookies(strings.Repeat("x", 3069)); !errors.Is(err, ErrTooLong) {
		t.Errorf("name+value: %v", err)
	}
	if err := plain.Get([]string{"big=" + strings.Repeat("A", MaxValueLen+1)}, new(string)); !errors.Is(err, ErrTooLong) {
		t.Errorf("Get of a too-long value: %v", err)
	}
}
