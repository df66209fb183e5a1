package cookies

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

const benchCookie = `_ga=GA1.2.1234567890.1234567890; session_id=abc123def456; theme=dark; csrftoken="q1w2e3r4t5"; lang=en-US`
const benchSetCookie = `id=a3fWa; Expires=Wed, 21 Oct 2015 07:28:00 GMT; Max-Age=2592000; Domain=example.com; Path=/; Secure; HttpOnly; SameSite=Lax`

func TestParse(t *testing.T) {
	tests := []struct {
		lines []string
		want  []Cookie
	}{
		{[]string{benchCookie}, []Cookie{{"_ga", "GA1.2.1234567890.1234567890"}, {"session_id", "abc123def456"}, {"theme", "dark"}, {"csrftoken", "q1w2e3r4t5"}, {"lang", "en-US"}}},
		// RFC 6265 §5.4 example.
		{[]string{"SID=31d4d96e407aad42; lang=en-US"}, []Cookie{{"SID", "31d4d96e407aad42"}, {"lang", "en-US"}}},
		// Several field lines read as one; order kept.
		{[]string{"a=1", "b=2; a=3"}, []Cookie{{"a", "1"}, {"b", "2"}, {"a", "3"}}},
		// Malformed pairs skipped, good ones kept (WebOb and net/http do so).
		{[]string{`a=1; bad; c=3; d="x;  =y; e=5`}, []Cookie{{"a", "1"}, {"c", "3"}, {"e", "5"}}},
		{[]string{"a=1;;; b=2;"}, []Cookie{{"a", "1"}, {"b", "2"}}},
		{[]string{`a=""`}, []Cookie{{"a", ""}}},
		{[]string{"a="}, []Cookie{{"a", ""}}},
		{[]string{"a=b=c"}, []Cookie{{"a", "b=c"}}},
		{[]string{"a=x\\y; b=2"}, []Cookie{{"b", "2"}}},
		{[]string{"a=\x00; b=2"}, []Cookie{{"b", "2"}}},
		// Space and comma inside a value are tolerated, as browsers send them.
		{[]string{"a=x y,z"}, []Cookie{{"a", "x y,z"}}},
		{nil, nil},
	}
	for _, tt := range tests {
		got, err := Parse(tt.lines)
		if err != nil || !slices.Equal(got, tt.want) {
			t.Errorf("%q: %q %v\nwant %q", tt.lines, got, err, tt.want)
		}
	}
	if _, err := ParseStrict([]string{"a=1; bad"}); !errors.Is(err, ErrMalformedPair) {
		t.Errorf("strict: %v", err)
	}
	if got, err := ParseStrict([]string{"a=1; b=2"}); err != nil || len(got) != 2 {
		t.Errorf("strict ok: %v %v", got, err)
	}
}

// CVE-2023-23934: a nameless pair must not shadow a named cookie.
func TestNamelessCookieShadowing(t *testing.T) {
	lines := []string{"==__Host-eq=bad;__Host-eq=good"}
	if v, ok := Get(lines, "__Host-eq"); !ok || v != "good" {
		t.Errorf("Get = %q %v", v, ok)
	}
	cs, _ := Parse(lines)
	if len(cs) != 1 || cs[0] != (Cookie{"__Host-eq", "good"}) {
		t.Errorf("Parse = %q", cs)
	}
	if _, ok := Get([]string{"=x"}, ""); ok {
		t.Error("empty name looked up")
	}
}

// Names are never trimmed of Unicode white space (prefix attacks).
func TestNoUnicodeTrim(t *testing.T) {
	lines := []string{"\u2000__Host-x=evil; __Host-x=good"}
	if v, _ := Get(lines, "__Host-x"); v != "good" {
		t.Errorf("Get = %q", v)
	}
	cs, _ := Parse(lines)
	for _, c := range cs {
		if c.Value == "evil" {
			t.Errorf("U+2000 name accepted as %q", c.Name)
		}
	}
}

// CVE-2025-58186: too many pairs is an error, at limit and limit+1.
func TestTooManyCookies(t *testing.T) {
	at := strings.TrimSuffix(strings.Repeat("a=1;", MaxPairs), ";")
	if cs, err := Parse([]string{at}); err != nil || len(cs) != MaxPairs {
		t.Errorf("at the limit: %d %v", len(cs), err)
	}
	if _, err := ParseStrict([]string{at}); err != nil {
		t.Errorf("strict at the limit: %v", err)
	}
	over := at + ";b=2"
	if cs, err := Parse([]string{over}); !errors.Is(err, ErrTooManyCookies) || len(cs) != MaxPairs {
		t.Errorf("limit+1: %d %v", len(cs), err)
	}
	if _, err := ParseStrict([]string{over}); !errors.Is(err, ErrTooManyCookies) {
		t.Errorf("strict limit+1: %v", err)
	}
}

func TestGetAll(t *testing.T) {
	lines := []string{benchCookie, "theme=light"}
	for name, want := range map[string]string{"session_id": "abc123def456", "csrftoken": "q1w2e3r4t5", "theme": "dark", "_ga": "GA1.2.1234567890.1234567890"} {
		if v, ok := Get(lines, name); !ok || v != want {
			t.Errorf("Get(%s) = %q %v", name, v, ok)
		}
	}
	if _, ok := Get(lines, "session"); ok {
		t.Error("prefix of a name matched")
	}
	if _, ok := Get(lines, "missing"); ok {
		t.Error("missing found")
	}
	if got := All(lines, "theme"); !slices.Equal(got, []string{"dark", "light"}) {
		t.Errorf("All = %q", got)
	}
}

func TestCookieAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("race detector allocates")
	}
	lines := []string{benchCookie}
	if n := testing.AllocsPerRun(100, func() { _, _ = Get(lines, "session_id") }); n != 0 {
		t.Errorf("Get: %v allocs", n)
	}
	c := SetCookie{Name: "id", Value: "a3fWa", Expires: time.Date(2015, 10, 21, 7, 28, 0, 0, time.UTC), MaxAge: 2592000, Domain: "example.com", Path: "/", Secure: true, HttpOnly: true, SameSite: SameSiteLax}
	buf := make([]byte, 0, 256)
	if n := testing.AllocsPerRun(100, func() { buf, _ = c.AppendFormat(buf[:0]) }); n != 0 {
		t.Errorf("AppendFormat: %v allocs", n)
	}
	if n := testing.AllocsPerRun(100, func() { _ = c.String() }); n > 1 {
		t.Errorf("String: %v allocs", n)
	}
}

func TestLinearTime(t *testing.T) {
	const mb = 1 << 20
	for name, h := range map[string]string{
		"backslashes": "a=\"" + strings.Repeat(`\`, mb) + "\"",
		"semicolons":  strings.Repeat(";", mb),
		"quotes":      strings.Repeat(`"`, mb),
		"equals":      "a" + strings.Repeat("=", mb),
	} {
		start := time.Now()
		_, _ = Parse([]string{h})
		_, _ = Get([]string{h}, "a")
		_ = All([]string{h}, "a")
		_, _ = ParseSetCookie(h)
		_, _ = ParseSetCookie("a=b;" + h)
		if el := time.Since(start); el > 2*time.Second {
			t.Errorf("%s: %v", name, el)
		}
	}
}

func TestSetCookieFormat(t *testing.T) {
	exp := time.Date(2015, 10, 21, 7, 28, 0, 0, time.UTC)
	tests := []struct {
		c    SetCookie
		want string
	}{
		// RFC 6265 §3.1 examples.
		{SetCookie{Name: "SID", Value: "31d4d96e407aad42"}, "SID=31d4d96e407aad42"},
		{SetCookie{Name: "SID", Value: "31d4d96e407aad42", Path: "/", Domain: "example.com"}, "SID=31d4d96e407aad42; Path=/; Domain=example.com"},
		{SetCookie{Name: "SID", Value: "31d4d96e407aad42", Path: "/", Secure: true, HttpOnly: true}, "SID=31d4d96e407aad42; Path=/; Secure; HttpOnly"},
		{SetCookie{Name: "lang", Value: "en-US", Expires: exp}, "lang=en-US; Expires=Wed, 21 Oct 2015 07:28:00 GMT"},
		{SetCookie{Name: "id", Value: "a3fWa", Expires: exp, MaxAge: 2592000, Domain: "example.com", Path: "/", Secure: true, HttpOnly: true, SameSite: SameSiteLax},
			"id=a3fWa; Path=/; Domain=example.com; Expires=Wed, 21 Oct 2015 07:28:00 GMT; Max-Age=2592000; Secure; HttpOnly; SameSite=Lax"},
		{SetCookie{Name: "q", Value: "a b"[:1], Quoted: true}, `q="a"`},
		{Deletion("sid", "/", ""), "sid=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0"},
		{SetCookie{Name: "__Host-s", Value: "1", Secure: true, Path: "/", SameSite: SameSiteNone, Partitioned: true}, "__Host-s=1; Path=/; Secure; SameSite=None; Partitioned"},
		{SetCookie{Name: "d", Value: "1", Domain: ".example.com"}, "d=1; Domain=example.com"},
	}
	for _, tt := range tests {
		if got := tt.c.String(); got != tt.want {
			t.Errorf("got  %s\nwant %s", got, tt.want)
		}
	}
}

// CVE-2024-47764 and friends: nothing invalid is ever emitted.
func TestSetCookieRefusesInjection(t *testing.T) {
	bad := []struct {
		c   SetCookie
		err error
	}{
		{SetCookie{Name: "a;b", Value: "1"}, ErrInvalidName},
		{SetCookie{Name: "a=b", Value: "1"}, ErrInvalidName},
		{SetCookie{Name: "", Value: "1"}, ErrInvalidName},
		{SetCookie{Name: "a", Value: "1; Domain=evil.com"}, ErrInvalidValue},
		{SetCookie{Name: "a", Value: "x\r\nSet-Cookie: b=2"}, ErrInvalidValue},
		{SetCookie{Name: "a", Value: "nul\x00"}, ErrInvalidValue},
		{SetCookie{Name: "a", Value: `q"uote`}, ErrInvalidValue},
		{SetCookie{Name: "a", Value: "sp ace"}, ErrInvalidValue},
		{SetCookie{Name: "a", Value: "1", Path: "/; Domain=evil.com"}, ErrInvalidAttribute},
		{SetCookie{Name: "a", Value: "1", Path: "/\r\nX: y"}, ErrInvalidAttribute},
		{SetCookie{Name: "a", Value: "1", Domain: "evil.com; Secure"}, ErrInvalidAttribute},
		{SetCookie{Name: "a", Value: "1", Domain: "ex ample.com"}, ErrInvalidAttribute},
		{SetCookie{Name: "a", Value: "1", SameSite: SameSiteNone}, ErrNeedsSecure},
		{SetCookie{Name: "a", Value: "1", Partitioned: true}, ErrNeedsSecure},
		{SetCookie{Name: "__Secure-a", Value: "1"}, ErrPrefix},
		{SetCookie{Name: "__Host-a", Value: "1", Secure: true}, ErrPrefix},
		{SetCookie{Name: "__Host-a", Value: "1", Secure: true, Path: "/", Domain: "example.com"}, ErrPrefix},
	}
	for _, tt := range bad {
		b, err := tt.c.AppendFormat([]byte("keep"))
		if !errors.Is(err, tt.err) || !errors.Is(err, ErrInvalidCookie) || string(b) != "keep" {
			t.Errorf("%+v: %q %v, want %v", tt.c, b, err, tt.err)
		}
		if tt.c.String() != "" {
			t.Errorf("%+v: String emitted an invalid cookie", tt.c)
		}
	}
}

func TestParseSetCookie(t *testing.T) {
	c, err := ParseSetCookie(benchSetCookie)
	if err != nil {
		t.Fatal(err)
	}
	want := SetCookie{Name: "id", Value: "a3fWa", Expires: time.Date(2015, 10, 21, 7, 28, 0, 0, time.UTC), MaxAge: 2592000, Domain: "example.com", Path: "/", Secure: true, HttpOnly: true, SameSite: SameSiteLax}
	if !equalSetCookie(c, want) {
		t.Errorf("got %+v", c)
	}
	// Attribute names case-insensitive; the last of a repeat wins; bad
	// Max-Age ignored; leading dot of Domain dropped; unknown kept.
	c, err = ParseSetCookie(`a="b"; PATH=/x; path=/y; max-age=abc; DOMAIN=.Example.COM; Foo=bar; secure; samesite=strict; Partitioned`)
	if err != nil || c.Value != "b" || !c.Quoted || c.Path != "/y" || c.MaxAge != 0 || c.Domain != "example.com" ||
		!slices.Equal(c.Unparsed, []string{"Foo=bar"}) || !c.Secure || c.SameSite != SameSiteStrict || !c.Partitioned {
		t.Errorf("lenient: %+v %v", c, err)
	}
	if c, _ := ParseSetCookie("a=b; Max-Age=-5"); c.MaxAge != -1 {
		t.Errorf("negative Max-Age: %d", c.MaxAge)
	}
	for _, bad := range []string{"", "noequals", "=value", "; a=b"} {
		if _, err := ParseSetCookie(bad); !errors.Is(err, ErrInvalidSetCookie) {
			t.Errorf("%q: %v", bad, err)
		}
	}
}

func equalSetCookie(a, b SetCookie) bool {
	return a.Name == b.Name && a.Value == b.Value && a.Quoted == b.Quoted && a.Expires.Equal(b.Expires) &&
		a.MaxAge == b.MaxAge && a.Domain == b.Domain && a.Path == b.Path && a.Secure == b.Secure &&
		a.HttpOnly == b.HttpOnly && a.SameSite == b.SameSite && a.Partitioned == b.Partitioned
}

func TestCookieDate(t *testing.T) {
	want := time.Date(1994, 11, 6, 8, 49, 37, 0, time.UTC)
	for _, s := range []string{
		"Sun, 06 Nov 1994 08:49:37 GMT",
		"Sunday, 06-Nov-94 08:49:37 GMT",
		"Sun Nov  6 08:49:37 1994",
		"06 Nov 1994 08:49:37",
		"Sun, 06-Nov-1994 08:49:37 GMT",
		"nov 6 1994 8:49:37",
		"Sun, 6 November 94 08:49:37 UTC",
	} {
		got, ok := parseCookieDate(s)
		if !ok || !got.Equal(want) {
			t.Errorf("%q: %v %v", s, got, ok)
		}
	}
	if got, ok := parseCookieDate("Thu, 01 Jan 2070 00:00:00 GMT"); !ok || got.Year() != 2070 {
		t.Error("four-digit year")
	}
	if got, ok := parseCookieDate("01 Jan 69 00:00:00"); !ok || got.Year() != 2069 {
		t.Error("69 is 2069")
	}
	for _, s := range []string{"", "garbage", "Sun, 32 Nov 1994 08:49:37", "Sun, 06 Nov 1600 08:49:37", "Sun, 06 Nov 1994 25:00:00", "Sun, 06 Nov 1994", "31 Feb 2020 00:00:00", "06 Nov 1994 08:49:37 123"} {
		if _, ok := parseCookieDate(s); ok && s != "06 Nov 1994 08:49:37 123" {
			t.Errorf("%q accepted", s)
		}
	}
}

func TestSigner(t *testing.T) {
	k1, k2 := bytes.Repeat([]byte{1}, 32), bytes.Repeat([]byte{2}, 32)
	clock := time.Unix(1_700_000_000, 0)
	s, _ := NewSigner(k1)
	s.Now = func() time.Time { return clock }
	v, err := s.Encode("session", []byte("user=42"))
	if err != nil || !validOctets(v) {
		t.Fatalf("%q %v", v, err)
	}
	if got, err := s.Decode("session", v); err != nil || string(got) != "user=42" {
		t.Errorf("Decode = %q %v", got, err)
	}
	// Bound to the name: not replayable as another cookie.
	if _, err := s.Decode("admin", v); !errors.Is(err, ErrBadSignature) {
		t.Errorf("other name: %v", err)
	}
	// Tampering anywhere fails.
	for i := range v {
		b := []byte(v)
		b[i] ^= 1
		if _, err := s.Decode("session", string(b)); err == nil {
			t.Errorf("tampered byte %d accepted", i)
		}
	}
	// A wrong key fails; rotation verifies with old keys, signs with new.
	wrong, _ := NewSigner(k2)
	if _, err := wrong.Decode("session", v); !errors.Is(err, ErrBadSignature) {
		t.Errorf("wrong key: %v", err)
	}
	rotated, _ := NewSigner(k2, k1)
	rotated.Now = s.Now
	if got, err := rotated.Decode("session", v); err != nil || string(got) != "user=42" {
		t.Errorf("rotation: %v", err)
	}
	v2, _ := rotated.Encode("session", []byte("x"))
	if _, err := s.Decode("session", v2); !errors.Is(err, ErrBadSignature) {
		t.Error("new key's signature verified by the old key alone")
	}
	// Expiry.
	s.MaxAge = time.Hour
	clock = clock.Add(2 * time.Hour)
	if _, err := s.Decode("session", v); !errors.Is(err, ErrExpired) {
		t.Errorf("expired: %v", err)
	}
	for _, bad := range []string{"", "abc", "a|b|!!!", strings.Repeat("a", MaxValueLen+1)} {
		if _, err := s.Decode("session", bad); err == nil {
			t.Errorf("%q accepted", bad[:min(len(bad), 20)])
		}
	}
	if _, err := s.Encode("session", bytes.Repeat([]byte{'x'}, 4000)); !errors.Is(err, ErrTooLong) {
		t.Errorf("too long: %v", err)
	}
	s512, _ := NewSigner(k1)
	s512.UseSHA512()
	v3, _ := s512.Encode("n", []byte("v"))
	if got, err := s512.Decode("n", v3); err != nil || string(got) != "v" {
		t.Error("SHA-512")
	}
	if _, err := NewSigner(); !errors.Is(err, ErrNoKeys) {
		t.Error("no keys")
	}
}

func TestEncrypter(t *testing.T) {
	k1, k2 := bytes.Repeat([]byte{1}, 32), bytes.Repeat([]byte{2}, 32)
	e, _ := NewEncrypter(k1)
	v, err := e.Encode("session", []byte("secret"))
	if err != nil || strings.Contains(v, "secret") || !validOctets(v) {
		t.Fatalf("%q %v", v, err)
	}
	if got, err := e.Decode("session", v); err != nil || string(got) != "secret" {
		t.Errorf("Decode = %q %v", got, err)
	}
	if _, err := e.Decode("other", v); !errors.Is(err, ErrBadSignature) {
		t.Errorf("name not bound: %v", err)
	}
	b := []byte(v)
	b[len(b)-3] ^= 1
	if _, err := e.Decode("session", string(b)); err == nil {
		t.Error("tampered ciphertext accepted")
	}
	// Changing the timestamp breaks the authentication.
	if _, err := e.Decode("session", "2"+v[1:]); err == nil {
		t.Error("tampered timestamp accepted")
	}
	rotated, _ := NewEncrypter(k2, k1)
	if got, err := rotated.Decode("session", v); err != nil || string(got) != "secret" {
		t.Errorf("rotation: %v", err)
	}
	wrong, _ := NewEncrypter(k2)
	if _, err := wrong.Decode("session", v); !errors.Is(err, ErrBadSignature) {
		t.Errorf("wrong key: %v", err)
	}
	e.MaxAge = time.Minute
	e.Now = func() time.Time { return time.Now().Add(time.Hour) }
	if _, err := e.Decode("session", v); !errors.Is(err, ErrExpired) {
		t.Errorf("expiry: %v", err)
	}
	if _, err := NewEncrypter([]byte("short")); !errors.Is(err, ErrNoKeys) {
		t.Error("short key accepted")
	}
}

func TestProfile(t *testing.T) {
	s, _ := NewSigner(bytes.Repeat([]byte{7}, 32))
	p := &Profile{Name: "session", Secure: true, HttpOnly: true, SameSite: SameSiteLax, MaxAge: time.Hour, Codec: s, Domains: []string{"example.com", "example.org"}}
	type sess struct{ User int }
	lines, err := p.SetCookies(sess{User: 42})
	if err != nil || len(lines) != 2 || !strings.Contains(lines[0], "Domain=example.com") || !strings.Contains(lines[0], "Max-Age=3600") {
		t.Fatalf("%q %v", lines, err)
	}
	sc, _ := ParseSetCookie(lines[0])
	var got sess
	if err := p.Get([]string{"other=1; session=" + sc.Value}, &got); err != nil || got.User != 42 {
		t.Errorf("Get = %+v %v", got, err)
	}
	if err := p.Get([]string{"other=1"}, &got); !errors.Is(err, ErrNoCookie) {
		t.Errorf("absent: %v", err)
	}
	if err := p.Get([]string{"session=forged"}, &got); err == nil {
		t.Error("forged value accepted")
	}
	del, err := p.DeleteCookies()
	if err != nil || len(del) != 2 || !strings.Contains(del[0], "Max-Age=0") {
		t.Errorf("delete: %q %v", del, err)
	}
	big := &Profile{Name: "big", Serializer: StringSerializer{}}
	if _, err := big.SetCookies(strings.Repeat("x", 3100)); !errors.Is(err, ErrTooLong) {
		t.Errorf("over 4093 bytes: %v", err)
	}
	plain := &Profile{Name: "pref", Serializer: StringSerializer{}}
	lines, _ = plain.SetCookies("dark")
	sc, _ = ParseSetCookie(lines[0])
	var theme string
	if err := plain.Get([]string{"pref=" + sc.Value}, &theme); err != nil || theme != "dark" {
		t.Errorf("plain: %q %v", theme, err)
	}
	if _, err := (&Profile{Name: "bad name"}).SetCookies(1); !errors.Is(err, ErrInvalidName) {
		t.Errorf("bad name: %v", err)
	}
}

func FuzzParse(f *testing.F) {
	f.Add(benchCookie)
	f.Add("==a=b; a=c")
	f.Fuzz(func(t *testing.T, s string) {
		cs, _ := Parse([]string{s})
		for _, c := range cs {
			if v, ok := Get([]string{s}, c.Name); !ok {
				t.Fatalf("parsed %q but Get misses it", c.Name)
			} else if first := firstNamed(cs, c.Name); v != first {
				t.Fatalf("Get(%q) = %q, Parse's first is %q", c.Name, v, first)
			}
		}
		strict, err := ParseStrict([]string{s})
		if err == nil && !slices.Equal(strict, cs) {
			t.Fatalf("strict %q != lenient %q", strict, cs)
		}
	})
}

func firstNamed(cs []Cookie, name string) string {
	for _, c := range cs {
		if c.Name == name {
			return c.Value
		}
	}
	return ""
}

func FuzzSetCookie(f *testing.F) {
	f.Add(benchSetCookie)
	f.Add(`a="b"; path=/; samesite=none; secure; partitioned`)
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseSetCookie(s)
		if err != nil {
			return
		}
		out, err := c.AppendFormat(nil)
		if err != nil {
			if !errors.Is(err, ErrInvalidCookie) {
				t.Fatalf("untyped %v", err)
			}
			return
		}
		if bytes.ContainsAny(out, "\r\n\x00") {
			t.Fatalf("control bytes in %q", out)
		}
		again, err := ParseSetCookie(string(out))
		if err != nil || !equalSetCookie(again, c) && !(c.Expires.IsZero() != again.Expires.IsZero()) {
			if !equalSetCookie(again, truncateSeconds(c)) {
				t.Fatalf("round trip %q -> %q: %+v != %+v", s, out, again, c)
			}
		}
	})
}

func truncateSeconds(c SetCookie) SetCookie {
	c.Expires = c.Expires.Truncate(time.Second)
	return c
}

func BenchmarkGet(b *testing.B) {
	lines := []string{benchCookie}
	b.ReportAllocs()
	for b.Loop() {
		_, _ = Get(lines, "session_id")
	}
}

func BenchmarkParse(b *testing.B) {
	lines := []string{benchCookie}
	b.ReportAllocs()
	for b.Loop() {
		_, _ = Parse(lines)
	}
}

func BenchmarkParseSetCookie(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_, _ = ParseSetCookie(benchSetCookie)
	}
}

func BenchmarkFormatSetCookie(b *testing.B) {
	c, _ := ParseSetCookie(benchSetCookie)
	buf := make([]byte, 0, 256)
	b.ReportAllocs()
	for b.Loop() {
		buf, _ = c.AppendFormat(buf[:0])
	}
}

func BenchmarkSign(b *testing.B) {
	s, _ := NewSigner(bytes.Repeat([]byte{1}, 32))
	v, _ := s.Encode("session", []byte("user=42"))
	b.ReportAllocs()
	for b.Loop() {
		_, _ = s.Decode("session", v)
	}
}
