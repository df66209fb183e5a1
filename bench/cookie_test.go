package bench

import (
	"bytes"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/gorilla/securecookie"
	"github.com/webob-go/webob/cookies"
)

const (
	cookieInput    = `_ga=GA1.2.1234567890.1234567890; session_id=abc123def456; theme=dark; csrftoken="q1w2e3r4t5"; lang=en-US`
	setCookieInput = `id=a3fWa; Expires=Wed, 21 Oct 2015 07:28:00 GMT; Max-Age=2592000; Domain=example.com; Path=/; Secure; HttpOnly; SameSite=Lax`
)

func TestCookieAgreement(t *testing.T) {
	ours, err := cookies.Parse([]string{cookieInput})
	if err != nil {
		t.Fatal(err)
	}
	theirs, err := http.ParseCookie(cookieInput)
	if err != nil || len(theirs) != len(ours) {
		t.Fatalf("net/http: %v %v", theirs, err)
	}
	for i := range ours {
		if ours[i].Name != theirs[i].Name || ours[i].Value != theirs[i].Value {
			t.Errorf("pair %d: ours %+v, net/http %s", i, ours[i], theirs[i])
		}
	}
	r := &http.Request{Header: http.Header{"Cookie": {cookieInput}}}
	c, _ := r.Cookie("session_id")
	if v, _ := cookies.Get(r.Header["Cookie"], "session_id"); v != c.Value {
		t.Errorf("Get: %q vs %q", v, c.Value)
	}
	// Where net/http's strict ParseCookie is all-or-nothing: one bad pair
	// loses every cookie; ours keeps the good ones.
	if _, err := http.ParseCookie("a=1; bad\\pair=2; c=3"); err == nil {
		t.Log("net/http now tolerates bad pairs")
	}
	if cs, _ := cookies.Parse([]string{"a=1; bad\\pair=2; c=3"}); len(cs) != 2 {
		t.Errorf("ours: %v", cs)
	}

	sc, err := cookies.ParseSetCookie(setCookieInput)
	if err != nil {
		t.Fatal(err)
	}
	hc, err := http.ParseSetCookie(setCookieInput)
	if err != nil {
		t.Fatal(err)
	}
	if sc.Name != hc.Name || sc.Value != hc.Value || sc.MaxAge != hc.MaxAge || sc.Domain != hc.Domain ||
		sc.Path != hc.Path || sc.Secure != hc.Secure || sc.HttpOnly != hc.HttpOnly || !sc.Expires.Equal(hc.Expires) ||
		hc.SameSite != http.SameSiteLaxMode || sc.SameSite != cookies.SameSiteLax {
		t.Errorf("Set-Cookie: ours %+v, net/http %+v", sc, hc)
	}
	// Both format the same attributes; compare as sets of "; " parts.
	ours2 := splitAttrs(sc.String())
	theirs2 := splitAttrs(hc.String())
	slices.Sort(ours2)
	slices.Sort(theirs2)
	if !slices.Equal(ours2, theirs2) {
		t.Errorf("format:\nours    %q\nnet/http %q", ours2, theirs2)
	}
}

func splitAttrs(s string) []string {
	var out []string
	for _, p := range bytes.Split([]byte(s), []byte("; ")) {
		out = append(out, string(p))
	}
	return out
}

func BenchmarkCookie(b *testing.B) {
	r := &http.Request{Header: http.Header{"Cookie": {cookieInput}}}
	lines := r.Header["Cookie"]
	b.Run("parse5/webob", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if cs, _ := cookies.Parse(lines); len(cs) != 5 {
				b.Fatal(len(cs))
			}
		}
	})
	b.Run("parse5/nethttp", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if cs, _ := http.ParseCookie(cookieInput); len(cs) != 5 {
				b.Fatal(len(cs))
			}
		}
	})
	b.Run("get/webob", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if v, _ := cookies.Get(r.Header["Cookie"], "session_id"); v != "abc123def456" {
				b.Fatal(v)
			}
		}
	})
	b.Run("get/nethttp", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if c, _ := r.Cookie("session_id"); c.Value != "abc123def456" {
				b.Fatal(c)
			}
		}
	})
}

func BenchmarkSetCookie(b *testing.B) {
	b.Run("parse/webob", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := cookies.ParseSetCookie(setCookieInput); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("parse/nethttp", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := http.ParseSetCookie(setCookieInput); err != nil {
				b.Fatal(err)
			}
		}
	})
	sc, _ := cookies.ParseSetCookie(setCookieInput)
	hc, _ := http.ParseSetCookie(setCookieInput)
	b.Run("format/webob", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if sc.String() == "" {
				b.Fatal("empty")
			}
		}
	})
	b.Run("format/nethttp", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if hc.String() == "" {
				b.Fatal("empty")
			}
		}
	})
}

var (
	hashKey  = bytes.Repeat([]byte{'h'}, 32)
	signData = "user=42;role=editor"
)

func TestSignedAgreement(t *testing.T) {
	s, _ := cookies.NewSigner(hashKey)
	v, _ := s.Encode("session", []byte(signData))
	got, err := s.Decode("session", v)
	sc := securecookie.New(hashKey, nil)
	enc, err2 := sc.Encode("session", signData)
	var dec string
	err3 := sc.Decode("session", enc, &dec)
	if err != nil || err2 != nil || err3 != nil || string(got) != signData || dec != signData {
		t.Errorf("ours %q %v; securecookie %q %v %v", got, err, dec, err2, err3)
	}
	// Both refuse a value replayed under another cookie name.
	if _, err := s.Decode("admin", v); err == nil {
		t.Error("ours accepted a replay")
	}
	if err := sc.Decode("admin", enc, &dec); err == nil {
		t.Error("securecookie accepted a replay")
	}
}

func BenchmarkSigned(b *testing.B) {
	s, _ := cookies.NewSigner(hashKey)
	s.MaxAge = 24 * time.Hour
	sc := securecookie.New(hashKey, nil)
	sc.MaxAge(86400)
	b.Run("sign/webob", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := s.Encode("session", []byte(signData)); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("sign/securecookie", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := sc.Encode("session", signData); err != nil {
				b.Fatal(err)
			}
		}
	})
	ov, _ := s.Encode("session", []byte(signData))
	tv, _ := sc.Encode("session", signData)
	b.Run("verify/webob", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := s.Decode("session", ov); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("verify/securecookie", func(b *testing.B) {
		b.ReportAllocs()
		var out string
		for b.Loop() {
			if err := sc.Decode("session", tv, &out); err != nil {
				b.Fatal(err)
			}
		}
	})
}
