package cookies

import (
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/webob-go/webob/headers"
	"github.com/webob-go/webob/internal/errtest"
	"github.com/webob-go/webob/internal/race"
)

var benchExpires = time.Date(2015, 10, 21, 7, 28, 0, 0, time.UTC)

// benchSetCookieValue is benchSetCookie as a SetCookie.
var benchSetCookieValue = SetCookie{Name: "id", Value: "a3fWa", Expires: benchExpires, MaxAge: 2592000,
	Domain: "example.com", Path: "/", Secure: true, HttpOnly: true, SameSite: SameSiteLax}

func TestSetCookieFormat(t *testing.T) {
	tests := []struct {
		c    SetCookie
		want string
	}{
		// RFC 6265 §3.1 examples.
		{SetCookie{Name: "SID", Value: "31d4d96e407aad42"}, "SID=31d4d96e407aad42"},
		{SetCookie{Name: "SID", Value: "31d4d96e407aad42", Path: "/", Domain: "example.com"}, "SID=31d4d96e407aad42; Path=/; Domain=example.com"},
		{SetCookie{Name: "SID", Value: "31d4d96e407aad42", Path: "/", Secure: true, HttpOnly: true}, "SID=31d4d96e407aad42; Path=/; Secure; HttpOnly"},
		{SetCookie{Name: "lang", Value: "en-US", Expires: benchExpires}, "lang=en-US; Expires=Wed, 21 Oct 2015 07:28:00 GMT"},
		{SetCookie{Name: "lang", Value: "", Expires: time.Date(1994, 11, 6, 8, 49, 37, 0, time.UTC)}, "lang=; Expires=Sun, 06 Nov 1994 08:49:37 GMT"},
		{benchSetCookieValue, "id=a3fWa; Path=/; Domain=example.com; Expires=Wed, 21 Oct 2015 07:28:00 GMT; Max-Age=2592000; Secure; HttpOnly; SameSite=Lax"},
		// Expires is written in GMT whatever the location.
		{SetCookie{Name: "a", Value: "1", Expires: benchExpires.In(time.FixedZone("X", 3600))}, "a=1; Expires=Wed, 21 Oct 2015 07:28:00 GMT"},
		{SetCookie{Name: "q", Value: "a", Quoted: true}, `q="a"`},
		{SetCookie{Name: "q", Quoted: true}, `q=""`},
		{SetCookie{Name: "n", Value: "1", MaxAge: -5}, "n=1; Max-Age=0"},
		{SetCookie{Name: "s", Value: "1", SameSite: SameSiteStrict}, "s=1; SameSite=Strict"},
		{Deletion("sid", "/", ""), "sid=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0"},
		{Deletion("sid", "/app", "example.com"), "sid=; Path=/app; Domain=example.com; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0"},
		{SetCookie{Name: "__Host-s", Value: "1", Secure: true, Path: "/", SameSite: SameSiteNone, Partitioned: true}, "__Host-s=1; Path=/; Secure; SameSite=None; Partitioned"},
		{SetCookie{Name: "__Secure-s", Value: "1", Secure: true, Domain: "example.com"}, "__Secure-s=1; Domain=example.com; Secure"},
		{SetCookie{Name: "d", Value: "1", Domain: ".Example.com"}, "d=1; Domain=Example.com"},
		{SetCookie{Name: "u", Value: "1", Unparsed: []string{"Foo=bar"}}, "u=1"},
		{SetCookie{Name: "y", Value: "1", Expires: time.Date(1601, 1, 1, 0, 0, 0, 0, time.UTC)}, "y=1; Expires=Mon, 01 Jan 1601 00:00:00 GMT"},
	}
	for _, tt := range tests {
		got, err := tt.c.Format()
		if err != nil || got != tt.want {
			t.Errorf("Format = %s, %v\nwant     %s", got, err, tt.want)
		}
		if s := tt.c.String(); s != tt.want {
			t.Errorf("String = %s", s)
		}
		b, err := tt.c.AppendFormat([]byte("x"))
		if err != nil || string(b) != "x"+tt.want {
			t.Errorf("AppendFormat = %s, %v", b, err)
		}
		// What is written parses back to the same cookie.
		back, err := ParseSetCookie(got)
		want := tt.c
		want.Domain = strings.ToLower(strings.TrimPrefix(want.Domain, "."))
		if want.MaxAge < 0 {
			want.MaxAge = -1
		}
		want.Unparsed = nil
		if err != nil || !equalSetCookie(back, want) {
			t.Errorf("round trip %s: %+v %v", got, back, err)
		}
	}
}

// CVE-2024-47764 (the npm cookie package) and friends: no name, value or
// attribute can inject another attribute or header, and no control byte
// is ever written.
func TestSetCookieRefusesInjection(t *testing.T) {
	bad := []struct {
		c   SetCookie
		err error
	}{
		{SetCookie{Name: "a;b", Value: "1"}, ErrInvalidName},
		{SetCookie{Name: "a=b", Value: "1"}, ErrInvalidName},
		{SetCookie{Name: "a; Domain=evil.com; x", Value: "1"}, ErrInvalidName},
		{SetCookie{Name: "", Value: "1"}, ErrInvalidName},
		{SetCookie{Name: "a b", Value: "1"}, ErrInvalidName},
		{SetCookie{Name: "caf\xc3\xa9", Value: "1"}, ErrInvalidName},
		{SetCookie{Name: "a", Value: "1; Domain=evil.com"}, ErrInvalidValue},
		{SetCookie{Name: "a", Value: "x\r\nSet-Cookie: b=2"}, ErrInvalidValue},
		{SetCookie{Name: "a", Value: "nul\x00"}, ErrInvalidValue},
		{SetCookie{Name: "a", Value: `q"uote`}, ErrInvalidValue},
		{SetCookie{Name: "a", Value: `"quoted"`}, ErrInvalidValue},
		{SetCookie{Name: "a", Value: "sp ace"}, ErrInvalidValue},
		{SetCookie{Name: "a", Value: "sp ace", Quoted: true}, ErrInvalidValue},
		{SetCookie{Name: "a", Value: "com,ma"}, ErrInvalidValue},
		{SetCookie{Name: "a", Value: `back\slash`}, ErrInvalidValue},
		{SetCookie{Name: "a", Value: "\xff"}, ErrInvalidValue},
		{SetCookie{Name: "a", Value: "1", Path: "/; Domain=evil.com"}, ErrInvalidAttribute},
		{SetCookie{Name: "a", Value: "1", Path: "/\r\nX: y"}, ErrInvalidAttribute},
		{SetCookie{Name: "a", Value: "1", Path: "/caf\xc3\xa9"}, ErrInvalidAttribute},
		{SetCookie{Name: "a", Value: "1", Path: "relative"}, ErrInvalidAttribute},
		{SetCookie{Name: "a", Value: "1", Path: "/" + strings.Repeat("p", MaxAttrValueLen)}, ErrInvalidAttribute},
		{SetCookie{Name: "a", Value: "1", Domain: "evil.com; Secure"}, ErrInvalidAttribute},
		{SetCookie{Name: "a", Value: "1", Domain: "evil.com\r\nX: y"}, ErrInvalidAttribute},
		{SetCookie{Name: "a", Value: "1", Domain: "ex ample.com"}, ErrInvalidAttribute},
		{SetCookie{Name: "a", Value: "1", Domain: "a..b"}, ErrInvalidAttribute},
		{SetCookie{Name: "a", Value: "1", Domain: "."}, ErrInvalidAttribute},
		{SetCookie{Name: "a", Value: "1", Domain: "example.com."}, ErrInvalidAttribute},
		{SetCookie{Name: "a", Value: "1", Domain: "[::1]"}, ErrInvalidAttribute},
		{SetCookie{Name: "a", Value: "1", Expires: time.Date(1600, 12, 31, 0, 0, 0, 0, time.UTC)}, ErrInvalidAttribute},
		{SetCookie{Name: "a", Value: "1", Expires: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)}, ErrInvalidAttribute},
		{SetCookie{Name: "a", Value: "1", SameSite: 7}, ErrInvalidAttribute},
		{SetCookie{Name: "a", Value: "1", SameSite: SameSiteNone}, ErrNeedsSecure},
		{SetCookie{Name: "a", Value: "1", Partitioned: true}, ErrNeedsSecure},
		{SetCookie{Name: "__Secure-a", Value: "1"}, ErrPrefix},
		{SetCookie{Name: "__secure-a", Value: "1"}, ErrPrefix},
		{SetCookie{Name: "__Host-a", Value: "1", Secure: true}, ErrPrefix},
		{SetCookie{Name: "__Host-a", Value: "1", Secure: true, Path: "/x"}, ErrPrefix},
		{SetCookie{Name: "__Host-a", Value: "1", Path: "/"}, ErrPrefix},
		{SetCookie{Name: "__HOST-a", Value: "1", Secure: true, Path: "/", Domain: "example.com"}, ErrPrefix},
		{SetCookie{Name: "n", Value: strings.Repeat("v", MaxNameValueLen)}, ErrTooLong},
	}
	for _, tt := range bad {
		b, err := tt.c.AppendFormat([]byte("keep"))
		var e *Error
		if !errors.Is(err, tt.err) || !errors.Is(err, ErrInvalidCookie) || !errors.As(err, &e) || string(b) != "keep" {
			t.Errorf("%+v: %q %v, want %v", tt.c, b, err, tt.err)
			continue
		}
		if e.Name != tt.c.Name || !strings.HasPrefix(err.Error(), "cookies: ") {
			t.Errorf("%+v: error %+v", tt.c, e)
		}
		if s, err2 := tt.c.Format(); s != "" || err2 == nil || tt.c.String() != "" {
			t.Errorf("%+v: Format/String emitted an invalid cookie", tt.c)
		}
	}
	// At the limits.
	ok := []SetCookie{
		{Name: "n", Value: strings.Repeat("v", MaxNameValueLen-1)},
		{Name: "a", Value: "1", Path: "/" + strings.Repeat("p", MaxAttrValueLen-1)},
		{Name: "a", Value: "1", Expires: time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC)},
		{Name: "__Secure-a", Value: "1", Secure: true},
		{Name: "__Host-a", Value: "1", Secure: true, Path: "/"},
		{Name: "_Host-a", Value: "1"},
		{Name: "__Hostx", Value: "1"},
		{Name: "a", Value: "1", Domain: "_dmarc.example-1.com"},
	}
	for _, c := range ok {
		if err := c.Validate(); err != nil {
			t.Errorf("%.60s: %v", c.Name+"="+c.Value+" "+c.Path, err)
		}
	}
}

// No control byte reaches the output through any field.
func TestSetCookieControlBytes(t *testing.T) {
	for b := 0; b < 256; b++ {
		if b >= 0x20 && b < 0x7F {
			continue
		}
		s := "x" + string([]byte{byte(b)}) + "y"
		for _, c := range []SetCookie{
			{Name: s, Value: "1"},
			{Name: "a", Value: s},
			{Name: "a", Value: "1", Path: "/" + s},
			{Name: "a", Value: "1", Domain: s + ".com"},
		} {
			if out, err := c.Format(); err == nil || strings.ContainsAny(out, "\r\n\x00") {
				t.Errorf("byte %#x: %q %v", b, out, err)
			}
		}
	}
}

func TestSetCookieAllocs(t *testing.T) {
	if race.Enabled {
		t.Skip("the race detector allocates")
	}
	c := benchSetCookieValue
	buf := make([]byte, 0, 256)
	if n := testing.AllocsPerRun(100, func() { buf, _ = c.AppendFormat(buf[:0]) }); n != 0 {
		t.Errorf("AppendFormat: %v allocs", n)
	}
	if n := testing.AllocsPerRun(100, func() { _, _ = c.Format() }); n != 1 {
		t.Errorf("Format: %v allocs, want 1", n)
	}
	if n := testing.AllocsPerRun(100, func() { _ = c.String() }); n != 1 {
		t.Errorf("String: %v allocs, want 1", n)
	}
	if n := testing.AllocsPerRun(100, func() { _, _ = ParseSetCookie(benchSetCookie) }); n != 0 {
		t.Errorf("ParseSetCookie: %v allocs", n)
	}
}

func TestParseSetCookie(t *testing.T) {
	c, err := ParseSetCookie(benchSetCookie)
	if err != nil || !equalSetCookie(c, benchSetCookieValue) {
		t.Errorf("bench: %+v %v", c, err)
	}
	tests := []struct {
		line string
		want SetCookie
	}{
		// RFC 6265 §3.1 examples.
		{"SID=31d4d96e407aad42; Path=/; Domain=example.com", SetCookie{Name: "SID", Value: "31d4d96e407aad42", Path: "/", Domain: "example.com"}},
		{"SID=31d4d96e407aad42; Path=/; Secure; HttpOnly", SetCookie{Name: "SID", Value: "31d4d96e407aad42", Path: "/", Secure: true, HttpOnly: true}},
		{"lang=en-US; Path=/; Domain=example.com", SetCookie{Name: "lang", Value: "en-US", Path: "/", Domain: "example.com"}},
		{"lang=en-US; Expires=Wed, 09 Jun 2021 10:18:14 GMT", SetCookie{Name: "lang", Value: "en-US", Expires: time.Date(2021, 6, 9, 10, 18, 14, 0, time.UTC)}},
		{"lang=; Expires=Sun, 06 Nov 1994 08:49:37 GMT", SetCookie{Name: "lang", Expires: time.Date(1994, 11, 6, 8, 49, 37, 0, time.UTC)}},
		// Attribute names are case-insensitive; the last repeat wins.
		{`a="b"; PATH=/x; path=/y; DOMAIN=.Example.COM; secure; httponly; samesite=strict; partitioned`,
			SetCookie{Name: "a", Value: "b", Quoted: true, Path: "/y", Domain: "example.com", Secure: true, HttpOnly: true, SameSite: SameSiteStrict, Partitioned: true}},
		{"a=1; Max-Age=10; max-age=20", SetCookie{Name: "a", Value: "1", MaxAge: 20}},
		{"a=1; SameSite=Lax; SameSite=None", SetCookie{Name: "a", Value: "1", SameSite: SameSiteNone}},
		{"a=1; SameSite=Lax; SameSite=bogus", SetCookie{Name: "a", Value: "1", Unparsed: []string{"SameSite=bogus"}}},
		// Bad Max-Age and Expires are ignored, keeping what came before.
		{"a=1; Max-Age=10; Max-Age=abc; Max-Age=; Max-Age=1e3; Max-Age=+5", SetCookie{Name: "a", Value: "1", MaxAge: 10}},
		{"a=1; Max-Age=-5", SetCookie{Name: "a", Value: "1", MaxAge: -1}},
		{"a=1; Max-Age=0", SetCookie{Name: "a", Value: "1", MaxAge: -1}},
		{"a=1; Max-Age=-0", SetCookie{Name: "a", Value: "1", MaxAge: -1}},
		{"a=1; Max-Age=99999999999999999999999", SetCookie{Name: "a", Value: "1", MaxAge: 1<<31 - 1}},
		{"a=1; Expires=Wed, 21 Oct 2015 07:28:00 GMT; Expires=garbage", SetCookie{Name: "a", Value: "1", Expires: benchExpires}},
		// Domain: empty ignored; Path: not "/"-rooted means the default.
		{"a=1; Domain=example.com; Domain=", SetCookie{Name: "a", Value: "1", Domain: "example.com"}},
		{"a=1; Path=/x; Path=relative", SetCookie{Name: "a", Value: "1"}},
		{"a=1; Path=/x; Path=", SetCookie{Name: "a", Value: "1"}},
		{"a=1; Path=/x; Path=/" + strings.Repeat("p", MaxAttrValueLen), SetCookie{Name: "a", Value: "1", Path: "/x"}},
		// Flag attributes take no value but ignore one.
		{"a=1; Secure=no; HttpOnly=0", SetCookie{Name: "a", Value: "1", Secure: true, HttpOnly: true}},
		// Unknown attributes are kept, as sent.
		{"a=1; Foo=bar; Comment=x y; Priority=High;  Bare  ", SetCookie{Name: "a", Value: "1", Unparsed: []string{"Foo=bar", "Comment=x y", "Priority=High", "Bare"}}},
		// White space and empty attributes.
		{"  a  =  1  ;;  ; Path = /p ; ", SetCookie{Name: "a", Value: "1", Path: "/p"}},
		{"a=", SetCookie{Name: "a"}},
		{"a=b=c", SetCookie{Name: "a", Value: "b=c"}},
		{`a="`, SetCookie{Name: "a", Value: `"`}},
		{"a b=c d", SetCookie{Name: "a b", Value: "c d"}},
		{"a=1\t;\tSecure", SetCookie{Name: "a", Value: "1", Secure: true}},
	}
	for _, tt := range tests {
		got, err := ParseSetCookie(tt.line)
		if err != nil || !equalSetCookie(got, tt.want) || !slices.Equal(got.Unparsed, tt.want.Unparsed) {
			t.Errorf("%q:\n got %+v %v\nwant %+v", tt.line, got, err, tt.want)
		}
	}
	for _, bad := range []string{"", "noequals", "=value", " = value", "; a=b", "a=b\r\nSet-Cookie: c=d", "a=b\x00", "a=b; Path=/\x01", "a=b\x7f",
		"n=" + strings.Repeat("v", MaxNameValueLen)} {
		if _, err := ParseSetCookie(bad); !errors.Is(err, ErrInvalidSetCookie) {
			t.Errorf("%.40q: %v", bad, err)
		}
	}
	if _, err := ParseSetCookie("n=" + strings.Repeat("v", MaxNameValueLen-1)); err != nil {
		t.Errorf("at MaxNameValueLen: %v", err)
	}
}

func equalSetCookie(a, b SetCookie) bool {
	return a.Name == b.Name && a.Value == b.Value && a.Quoted == b.Quoted && a.Expires.Equal(b.Expires) &&
		a.MaxAge == b.MaxAge && a.Domain == b.Domain && a.Path == b.Path && a.Secure == b.Secure &&
		a.HttpOnly == b.HttpOnly && a.SameSite == b.SameSite && a.Partitioned == b.Partitioned
}

func TestSameSiteString(t *testing.T) {
	for s, want := range map[SameSite]string{SameSiteDefault: "", SameSiteLax: "Lax", SameSiteStrict: "Strict", SameSiteNone: "None", 9: ""} {
		if s.String() != want {
			t.Errorf("%d: %q", s, s.String())
		}
	}
}

func TestSetCookieLinearTime(t *testing.T) {
	const mb = 1 << 20
	for name, h := range map[string]string{
		"semicolons":  "a=b" + strings.Repeat(";", mb),
		"attributes":  "a=b" + strings.Repeat("; Path=/", mb/8),
		"unknown":     "a=b" + strings.Repeat(";x", mb/2),
		"expires":     "a=b; Expires=" + strings.Repeat("1 ", mb/2),
		"date tokens": "a=b; Expires=" + strings.Repeat("a", mb),
		"equals":      "a" + strings.Repeat("=", mb),
		"backslashes": "a=\"" + strings.Repeat(`\`, mb) + "\"",
	} {
		start := time.Now()
		_, _ = ParseSetCookie(h)
		if el := time.Since(start); el > race.TimeBound {
			t.Errorf("%s: %v", name, el)
		}
	}
}

func BenchmarkParseSetCookie(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_, _ = ParseSetCookie(benchSetCookie)
	}
}

func BenchmarkAppendFormat(b *testing.B) {
	c := benchSetCookieValue
	buf := make([]byte, 0, 256)
	b.ReportAllocs()
	for b.Loop() {
		buf, _ = c.AppendFormat(buf[:0])
	}
}

func BenchmarkFormat(b *testing.B) {
	c := benchSetCookieValue
	b.ReportAllocs()
	for b.Loop() {
		_, _ = c.Format()
	}
}

func TestExpiresRange(t *testing.T) {
	if got := time.Unix(minExpires, 0).UTC(); got != time.Date(1601, 1, 1, 0, 0, 0, 0, time.UTC) {
		t.Errorf("minExpires is %v", got)
	}
	if got := time.Unix(maxExpires, 0).UTC(); got != time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC) {
		t.Errorf("maxExpires is %v", got)
	}
	for _, n := range []int{1, 9, 10, 99, 100, 2592000, 1<<31 - 1, int(^uint(0) >> 1)} {
		c := SetCookie{Name: "a", MaxAge: n}
		s, _ := c.Format()
		if want := "a=; Max-Age=" + strconv.Itoa(n); s != want {
			t.Errorf("%d: %s", n, s)
		}
	}
}

func TestFoldEq(t *testing.T) {
	for _, c := range []string{"path", "secure", "domain", "expires", "max-age", "httponly", "samesite", "lax", "strict", "none", "partitioned"} {
		for b := 0; b < 256; b++ {
			if !headers.ValidFieldValueByte(byte(b)) {
				continue
			}
			for i := range c {
				s := c[:i] + string([]byte{byte(b)}) + c[i+1:]
				if foldEq(s, c) != headers.EqualFold(s, c) {
					t.Fatalf("%q vs %q", s, c)
				}
			}
		}
		if !foldEq(strings.ToUpper(c), c) || foldEq(c+"x", c) {
			t.Errorf("%q", c)
		}
	}
}

func TestDeletionOfPrefixedCookies(t *testing.T) {
	for _, name := range []string{"__Host-sid", "__Secure-sid", "__host-sid"} {
		c := Deletion(name, "/", "")
		if s, err := c.Format(); err != nil || !strings.Contains(s, "; Secure") {
			t.Errorf("%s: %s %v", name, s, err)
		}
	}
	if c := Deletion("sid", "/", ""); c.Secure {
		t.Error("plain cookie deletion got Secure")
	}
}

// TestErrorsReadAsOneLine: every exported error, and the errors built
// from a sentinel and a client's bytes, print one line starting with
// "cookies: ".
func TestErrorsReadAsOneLine(t *testing.T) {
	_, errPair := ParseStrict([]string{"a=1; b\r\nc"})
	if !errors.Is(errPair, ErrMalformedPair) {
		t.Errorf("ParseStrict: %v", errPair)
	}
	errCookie := (&SetCookie{Name: "a\r\nb" + strings.Repeat("x", 100)}).Validate()
	if !errors.Is(errCookie, ErrInvalidName) || !errors.Is(errCookie, ErrInvalidCookie) {
		t.Errorf("Validate: %v", errCookie)
	}
	errtest.CheckExported(t, "cookies: ", map[string]error{
		"ErrBadSignature":     ErrBadSignature,
		"ErrExpired":          ErrExpired,
		"ErrInvalidAttribute": ErrInvalidAttribute,
		"ErrInvalidCookie":    ErrInvalidCookie,
		"ErrInvalidKey":       ErrInvalidKey,
		"ErrInvalidName":      ErrInvalidName,
		"ErrInvalidSetCookie": ErrInvalidSetCookie,
		"ErrInvalidValue":     ErrInvalidValue,
		"ErrMalformed":        ErrMalformed,
		"ErrMalformedPair":    ErrMalformedPair,
		"ErrNeedsSecure":      ErrNeedsSecure,
		"ErrNoCookie":         ErrNoCookie,
		"ErrPrefix":           ErrPrefix,
		"ErrSerialize":        ErrSerialize,
		"ErrTooLong":          ErrTooLong,
		"ErrTooManyCookies":   ErrTooManyCookies,
		"Error":               errCookie,
		"ParseStrict":         errPair,
		"serializer":          serializeError("x"),
	})
}
