package bench

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/webob-go/webob/cookies"
)

// The inputs.
const (
	cookieInput    = `_ga=GA1.2.1234567890.1234567890; session_id=abc123def456; theme=dark; csrftoken="q1w2e3r4t5"; lang=en-US`
	setCookieInput = `id=a3fWa; Expires=Wed, 21 Oct 2015 07:28:00 GMT; Max-Age=2592000; Domain=example.com; Path=/; Secure; HttpOnly; SameSite=Lax`
)

// setCookieOurs and setCookieNetHTTP are setCookieInput as values.
var (
	setCookieOurs = cookies.SetCookie{Name: "id", Value: "a3fWa", Expires: time.Date(2015, 10, 21, 7, 28, 0, 0, time.UTC),
		MaxAge: 2592000, Domain: "example.com", Path: "/", Secure: true, HttpOnly: true, SameSite: cookies.SameSiteLax}
	setCookieNetHTTP = http.Cookie{Name: "id", Value: "a3fWa", Expires: time.Date(2015, 10, 21, 7, 28, 0, 0, time.UTC),
		MaxAge: 2592000, Domain: "example.com", Path: "/", Secure: true, HttpOnly: true, SameSite: http.SameSiteLaxMode}
)

func cookieRequest() *http.Request {
	req, _ := http.NewRequest("GET", "http://example.com/", nil)
	req.Header.Set("Cookie", cookieInput)
	return req
}

func TestCookieAgreement(t *testing.T) {
	ours, err := cookies.Parse([]string{cookieInput})
	if err != nil {
		t.Fatal(err)
	}
	theirs, err := http.ParseCookie(cookieInput)
	if err != nil {
		t.Fatal(err)
	}
	if len(ours) != len(theirs) || len(ours) != 5 {
		t.Fatalf("ours %q, theirs %v", ours, theirs)
	}
	for i := range ours {
		if ours[i].Name != theirs[i].Name || ours[i].Value != theirs[i].Value {
			t.Errorf("%d: ours %q, theirs %v", i, ours[i], theirs[i])
		}
	}
	req := cookieRequest()
	for _, name := range []string{"session_id", "csrftoken", "missing"} {
		v, ok := cookies.Get(req.Header["Cookie"], name)
		c, err := req.Cookie(name)
		if ok != (err == nil) || ok && v != c.Value {
			t.Errorf("Get(%s): ours %q %v, theirs %v %v", name, v, ok, c, err)
		}
	}
	// Where they differ by design: http.ParseCookie refuses the whole
	// header for one bad pair; Parse skips it and keeps the others, as
	// net/http's own Request.Cookies does.
	const oneBad = "a=1; b=x\\y; c=3"
	if _, err := http.ParseCookie(oneBad); err == nil {
		t.Log("http.ParseCookie now accepts a bad pair")
	}
	if cs, _ := cookies.Parse([]string{oneBad}); len(cs) != 2 {
		t.Errorf("Parse(%q) = %q", oneBad, cs)
	}
	// Both refuse more than 3000 pairs (CVE-2025-58186).
	many := strings.Repeat("a=1;", 3001)
	if _, err := http.ParseCookie(many); err == nil {
		t.Error("net/http accepted 3001 pairs")
	}
	if _, err := cookies.Parse([]string{many}); err == nil {
		t.Error("webob accepted 3001 pairs")
	}
}

func TestSetCookieAgreement(t *testing.T) {
	ours, err := cookies.ParseSetCookie(setCookieInput)
	if err != nil {
		t.Fatal(err)
	}
	theirs, err := http.ParseSetCookie(setCookieInput)
	if err != nil {
		t.Fatal(err)
	}
	if !sameCookie(ours, theirs) {
		t.Errorf("parse disagrees:\nours   %+v\ntheirs %+v", ours, theirs)
	}
	// Formatting: the same cookie both ways. The attribute order differs
	// (net/http writes HttpOnly before Secure; we follow RFC 6265's
	// examples and WebOb), so each side parses the other's output.
	o, err := setCookieOurs.Format()
	if err != nil {
		t.Fatal(err)
	}
	n := setCookieNetHTTP.String()
	t.Logf("ours   %s\ntheirs %s", o, n)
	if c, err := http.ParseSetCookie(o); err != nil || !sameCookie(setCookieOurs, c) {
		t.Errorf("net/http reads ours as %+v %v", c, err)
	}
	if c, err := cookies.ParseSetCookie(n); err != nil || !sameCookie(c, &setCookieNetHTTP) {
		t.Errorf("we read net/http's as %+v %v", c, err)
	}
	// Where they differ by design: net/http quotes a value with a space
	// or comma silently; we refuse it (not a cookie-octet).
	c := http.Cookie{Name: "a", Value: "x y"}
	if c.String() != `a="x y"` {
		t.Logf("net/http wrote %s", c.String())
	}
	if _, err := (&cookies.SetCookie{Name: "a", Value: "x y"}).Format(); err == nil {
		t.Error("webob wrote a value with a space")
	}
}

func sameCookie(o cookies.SetCookie, n *http.Cookie) bool {
	maxAge := n.MaxAge
	if maxAge < 0 {
		maxAge = -1
	}
	return o.Name == n.Name && o.Value == n.Value && o.Quoted == n.Quoted && o.Path == n.Path &&
		o.Domain == n.Domain && o.Expires.Equal(n.Expires) && o.MaxAge == maxAge && o.Secure == n.Secure &&
		o.HttpOnly == n.HttpOnly && o.Partitioned == n.Partitioned && int(o.SameSite) == sameSiteIndex(n.SameSite)
}

func sameSiteIndex(s http.SameSite) int {
	switch s {
	case http.SameSiteLaxMode:
		return int(cookies.SameSiteLax)
	case http.SameSiteStrictMode:
		return int(cookies.SameSiteStrict)
	case http.SameSiteNoneMode:
		return int(cookies.SameSiteNone)
	}
	return int(cookies.SameSiteDefault)
}

func BenchmarkCookie(b *testing.B) {
	b.Run("parse5/webob", func(b *testing.B) {
		lines := []string{cookieInput}
		b.ReportAllocs()
		for b.Loop() {
			cs, err := cookies.Parse(lines)
			if err != nil || len(cs) != 5 {
				b.Fatal(err)
			}
		}
	})
	b.Run("parse5/nethttp", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			cs, err := http.ParseCookie(cookieInput)
			if err != nil || len(cs) != 5 {
				b.Fatal(err)
			}
		}
	})
	b.Run("get/webob", func(b *testing.B) {
		req := cookieRequest()
		b.ReportAllocs()
		for b.Loop() {
			v, ok := cookies.Get(req.Header["Cookie"], "session_id")
			if !ok || len(v) != 12 {
				b.Fatal(v)
			}
		}
	})
	b.Run("get/nethttp", func(b *testing.B) {
		req := cookieRequest()
		b.ReportAllocs()
		for b.Loop() {
			c, err := req.Cookie("session_id")
			if err != nil || len(c.Value) != 12 {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkSetCookie(b *testing.B) {
	b.Run("parse/webob", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			c, err := cookies.ParseSetCookie(setCookieInput)
			if err != nil || c.MaxAge != 2592000 {
				b.Fatal(err)
			}
		}
	})
	b.Run("parse/nethttp", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			c, err := http.ParseSetCookie(setCookieInput)
			if err != nil || c.MaxAge != 2592000 {
				b.Fatal(err)
			}
		}
	})
	b.Run("format/webob", func(b *testing.B) {
		c := setCookieOurs
		b.ReportAllocs()
		for b.Loop() {
			s, err := c.Format()
			if err != nil || len(s) < 100 {
				b.Fatal(err)
			}
		}
	})
	b.Run("format/nethttp", func(b *testing.B) {
		c := setCookieNetHTTP
		b.ReportAllocs()
		for b.Loop() {
			if s := c.String(); len(s) < 100 {
				b.Fatal(s)
			}
		}
	})
}
