package headers

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/webob-go/webob/internal/race"
)

func TestParseMediaType(t *testing.T) {
	tests := []struct {
		in      string
		typ     string
		sub     string
		params  Params
		charset string
		suffix  string
		err     bool
	}{
		{in: "text/html", typ: "text", sub: "html"},
		// RFC 9110 §8.3.1: these are equivalent.
		{in: "text/html;charset=utf-8", typ: "text", sub: "html", params: Params{{"charset", "utf-8"}}, charset: "utf-8"},
		{in: "text/html;charset=UTF-8", typ: "text", sub: "html", params: Params{{"charset", "UTF-8"}}, charset: "utf-8"},
		{in: `Text/HTML;Charset="utf-8"`, typ: "text", sub: "html", params: Params{{"charset", "utf-8"}}, charset: "utf-8"},
		{in: "text/html; charset=\"utf-8\"", typ: "text", sub: "html", params: Params{{"charset", "utf-8"}}, charset: "utf-8"},
		{in: "application/ld+json", typ: "application", sub: "ld+json", suffix: "json"},
		{in: "image/svg+xml ; a=1 ; b=\"x;y\"", typ: "image", sub: "svg+xml", suffix: "xml", params: Params{{"a", "1"}, {"b", "x;y"}}},
		{in: "multipart/form-data; boundary=----WebKitFormBoundary7MA4YWxkTrZu0gW", typ: "multipart", sub: "form-data",
			params: Params{{"boundary", "----WebKitFormBoundary7MA4YWxkTrZu0gW"}}},
		{in: "*/*", typ: "*", sub: "*"},
		{in: "", err: true},
		{in: "text", err: true},
		{in: "text/", err: true},
		{in: "/html", err: true},
		{in: "text/html garbage", err: true},
		{in: "text/html;charset", err: true},
		{in: "text/html;a=1;A=2", err: true},
		{in: "text/ html", err: true},
		{in: "te xt/html", err: true},
	}
	for _, tt := range tests {
		mt, err := ParseMediaType(tt.in)
		if tt.err {
			if !errors.Is(err, ErrInvalidMediaType) {
				t.Errorf("%q: err = %v, want ErrInvalidMediaType", tt.in, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", tt.in, err)
			continue
		}
		if mt.Type != tt.typ || mt.Subtype != tt.sub || !slices.Equal(mt.Params, tt.params) {
			t.Errorf("%q: got %+v", tt.in, mt)
		}
		if mt.Charset() != tt.charset || mt.Suffix() != tt.suffix {
			t.Errorf("%q: charset %q suffix %q", tt.in, mt.Charset(), mt.Suffix())
		}
		// Round trip.
		again, err := ParseMediaType(mt.String())
		if err != nil || again.Essence() != mt.Essence() || !slices.Equal(again.Params, mt.Params) {
			t.Errorf("%q: round trip via %q gave %+v, %v", tt.in, mt.String(), again, err)
		}
	}
}

func TestMediaTypeMatches(t *testing.T) {
	html, _ := ParseMediaType("text/html;level=1")
	for r, want := range map[string]bool{
		"*/*": true, "text/*": true, "text/html": true, "TEXT/HTML": true, "text/html;level=1": true,
		"text/html;level=2": false, "text/plain": false, "image/*": false,
	} {
		rng, err := ParseMediaType(r)
		if err != nil {
			t.Fatal(err)
		}
		if got := html.Matches(rng); got != want {
			t.Errorf("text/html;level=1 in %s = %v", r, got)
		}
	}
	if !(MediaType{Type: "text", Subtype: "*"}).IsWildcard() {
		t.Error("IsWildcard")
	}
	if _, err := (MediaType{Type: "text", Subtype: "ht ml"}).AppendFormat(nil); err == nil {
		t.Error("formatted an invalid subtype")
	}
}

func TestMediaTypeSeeds(t *testing.T) {
	seeds := readSeeds(t, "mime-seeds")
	if len(seeds) < 300 {
		t.Fatalf("only %d seeds", len(seeds))
	}
	for _, s := range seeds {
		mt, err := ParseMediaType(s)
		if err != nil {
			if !errors.Is(err, ErrInvalidMediaType) {
				t.Errorf("%q: untyped error %v", s, err)
			}
			continue
		}
		if _, err := ParseMediaType(mt.String()); err != nil {
			t.Errorf("%q: re-parse of %q: %v", s, mt.String(), err)
		}
	}
}

func readSeeds(t testing.TB, dir string) []string {
	entries, err := os.ReadDir(filepath.Join("testdata", dir))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if e.Name() == "LICENSE" {
			continue
		}
		b, err := os.ReadFile(filepath.Join("testdata", dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, string(b))
	}
	return out
}

func TestMediaTypeAllocs(t *testing.T) {
	if race.Enabled {
		t.Skip("race detector allocates")
	}
	if n := testing.AllocsPerRun(100, func() { _, _ = ParseMediaType("application/json") }); n != 0 {
		t.Errorf("plain media type: %v allocs", n)
	}
	if n := testing.AllocsPerRun(100, func() { _, _ = ParseMediaType(`text/html; charset="utf-8"`) }); n > 1 {
		t.Errorf("media type with a parameter: %v allocs", n)
	}
}

func TestExtValue(t *testing.T) {
	tests := []struct {
		in, val, lang string
		ok            bool
	}{
		// RFC 8187 §3.2.2 examples.
		{"iso-8859-1'en'%A3%20rates", "£ rates", "en", true},
		{"UTF-8''%c2%a3%20and%20%e2%82%ac%20rates", "£ and € rates", "", true},
		{"utf-8'de'Gr%C3%BC%C3%9Fe", "Grüße", "de", true},
		{"UTF-8''plain.txt", "plain.txt", "", true},
		{"UTF-8''%ff", "", "", false}, // not UTF-8
		{"UTF-8''%4", "", "", false},
		{"UTF-8''%zz", "", "", false},
		{"UTF-8''a b", "", "", false},
		{"KOI8-R''abc", "", "", false},
		{"''abc", "", "", false},
		{"UTF-8'abc", "", "", false},
		{"noquotes", "", "", false},
	}
	for _, tt := range tests {
		v, lang, err := DecodeExtValue(tt.in)
		if (err == nil) != tt.ok || (err != nil && !errors.Is(err, ErrInvalidExtValue)) {
			t.Errorf("%q: err = %v", tt.in, err)
			continue
		}
		if tt.ok && (v != tt.val || lang != tt.lang) {
			t.Errorf("%q: got %q %q", tt.in, v, lang)
		}
	}
	enc := string(AppendExtValue(nil, "€ rates/ü", "en"))
	if enc != "UTF-8'en'%E2%82%AC%20rates%2F%C3%BC" {
		t.Errorf("AppendExtValue = %q", enc)
	}
}

func TestContentDisposition(t *testing.T) {
	tests := []struct {
		in       string
		typ      string
		filename string
		name     string
		err      bool
	}{
		// RFC 6266 §5 examples.
		{in: "Attachment; filename=example.html", typ: "attachment", filename: "example.html"},
		{in: `INLINE; FILENAME= "an example.html"`, typ: "inline", filename: "an example.html"}, // implied LWS
		{in: `INLINE; FILENAME="an example.html"`, typ: "inline", filename: "an example.html"},
		{in: "attachment; filename*= UTF-8''%e2%82%ac%20rates", typ: "attachment", filename: "€ rates"},
		{in: "attachment; filename*=UTF-8''%e2%82%ac%20rates", typ: "attachment", filename: "€ rates"},
		{in: `attachment; filename="EURO rates"; filename*=utf-8''%e2%82%ac%20rates`, typ: "attachment", filename: "€ rates"},
		{in: `form-data; name="field1"; filename="a.txt"`, typ: "form-data", filename: "a.txt", name: "field1"},
		{in: `attachment; filename*=BAD''x; filename="fallback.txt"`, typ: "attachment", filename: "fallback.txt"},
		{in: `attachment; filename="a"; filename="b"`, err: true},
		{in: ``, err: true},
		{in: `; filename=x`, err: true},
		{in: `attachment; filename="unterminated`, err: true},
	}
	for _, tt := range tests {
		cd, err := ParseContentDisposition(tt.in)
		if tt.err {
			if err == nil {
				t.Errorf("%q: no error", tt.in)
			} else if !errors.Is(err, ErrInvalidContentDisposition) {
				t.Errorf("%q: untyped error %v", tt.in, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", tt.in, err)
			continue
		}
		if cd.Type != tt.typ || cd.Filename() != tt.filename || cd.Name() != tt.name {
			t.Errorf("%q: got type %q filename %q name %q", tt.in, cd.Type, cd.Filename(), cd.Name())
		}
	}
}

func TestFormatContentDispositionNeverSmuggles(t *testing.T) {
	names := []string{
		"report.pdf",
		`setup.bat";x=.txt`,
		`a\b.txt`,
		`quote"in"name.txt`,
		"semi;colon.txt",
		"crlf\r\nSet-Cookie: x=1.txt",
		"nul\x00byte.txt",
		"naïve café.txt",
		"日本語.txt",
		`both";filename*=UTF-8''evil.exe`,
		"tab\there.txt",
		" leading and trailing ",
	}
	for _, name := range names {
		v, err := FormatContentDisposition("attachment", name)
		if err != nil {
			t.Errorf("%q: %v", name, err)
			continue
		}
		if !ValidFieldValue(v) {
			t.Errorf("%q: formatted value %q is not a valid field value", name, v)
		}
		cd, err := ParseContentDisposition(v)
		if err != nil {
			t.Errorf("%q: re-parse of %q: %v", name, v, err)
			continue
		}
		for _, p := range cd.Params {
			if p.Name != "filename" && p.Name != "filename*" {
				t.Errorf("%q: smuggled parameter %q in %q", name, p.Name, v)
			}
		}
		if cd.Filename() != name {
			t.Errorf("%q: round trip gave %q via %q", name, cd.Filename(), v)
		}
	}
	if v, _ := FormatContentDisposition("inline", ""); v != "inline" {
		t.Errorf("empty filename: %q", v)
	}
	if _, err := FormatContentDisposition("bad type", "x"); err == nil {
		t.Error("invalid disposition type accepted")
	}
}

func TestParseHTTPDate(t *testing.T) {
	want := time.Date(1994, time.November, 6, 8, 49, 37, 0, time.UTC)
	// RFC 9110 §5.6.7 examples.
	for _, s := range []string{
		"Sun, 06 Nov 1994 08:49:37 GMT",
		"Sunday, 06-Nov-94 08:49:37 GMT",
		"Sun Nov  6 08:49:37 1994",
		"  Sun, 06 Nov 1994 08:49:37 GMT", // surrounding OWS is stripped by callers, not here
	} {
		got, err := ParseHTTPDate(s)
		if strings.HasPrefix(s, " ") {
			if err == nil {
				t.Errorf("%q accepted", s)
			}
			continue
		}
		if err != nil || !got.Equal(want) {
			t.Errorf("%q: %v, %v", s, got, err)
		}
	}
	bad := []string{
		"", "garbage", "Sun, 06 Nov 1994 08:49:37 UTC", "Sun, 06 Nov 1994 08:49:37 +0000",
		"Sun, 31 Feb 1994 08:49:37 GMT", "Sun, 06 Foo 1994 08:49:37 GMT", "Xyz, 06 Nov 1994 08:49:37 GMT",
		"Sun, 06 Nov 1994 24:49:37 GMT", "Sun, 06 Nov 1994 08:61:37 GMT", "Sun, 6 Nov 1994 08:49:37 GMT",
		"Sun, 06 Nov 94 08:49:37 GMT", "Sunday, 06-Nov-1994 08:49:37 GMT", "Funday, 06-Nov-94 08:49:37 GMT",
		"Sun Nov 06 08:49:37 94", "Sun, 0a Nov 1994 08:49:37 GMT", "Sun, 06 Nov 1994 08:49:37 GMT ",
		// WebOb's parse_date (email.utils.parsedate_tz) accepts numeric
		// zones and missing zones; RFC 9110 §5.6.7 dates are always GMT,
		// so we reject them (docs/differences-from-webob.md).
		"Mon, 20 Nov 1995 19:12:08 -0500", "Thu, 1 Jan 1970 00:00:00",
	}
	for _, s := range bad {
		if tm, err := ParseHTTPDate(s); !errors.Is(err, ErrInvalidDate) || !tm.IsZero() {
			t.Errorf("%q: got %v, %v", s, tm, err)
		}
	}
	// RFC 850 two-digit years: within 50 years ahead, else the past century.
	now := time.Now().UTC().Year()
	yy := (now + 10) % 100
	got, err := ParseHTTPDate(shortDayFor(now+10) + " 01-Jan-" + pad2(yy) + " 00:00:00 GMT")
	if err != nil || got.Year() != now+10 {
		t.Errorf("two-digit year: %d", got.Year())
	}
	// WebOb's serialize_date of a datetime: IMF-fixdate.
	if s := FormatHTTPDate(time.Date(2012, 1, 1, 0, 0, 0, 0, time.UTC)); s != "Sun, 01 Jan 2012 00:00:00 GMT" {
		t.Errorf("FormatHTTPDate = %q", s)
	}
	loc := time.FixedZone("X", 3600)
	if s := FormatHTTPDate(time.Date(1994, 11, 6, 9, 49, 37, 0, loc)); s != "Sun, 06 Nov 1994 08:49:37 GMT" {
		t.Errorf("non-UTC FormatHTTPDate = %q", s)
	}
}

func shortDayFor(year int) string {
	return longDays[time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC).Weekday()] + ","
}

func pad2(n int) string { return string([]byte{byte('0' + n/10), byte('0' + n%10)}) }

func TestDateETagAllocs(t *testing.T) {
	if race.Enabled {
		t.Skip("race detector allocates")
	}
	if n := testing.AllocsPerRun(100, func() { _, _ = ParseHTTPDate("Sun, 06 Nov 1994 08:49:37 GMT") }); n != 0 {
		t.Errorf("ParseHTTPDate: %v allocs", n)
	}
	buf := make([]byte, 0, 64)
	tm := time.Now()
	if n := testing.AllocsPerRun(100, func() { buf = AppendHTTPDate(buf[:0], tm) }); n != 0 {
		t.Errorf("AppendHTTPDate: %v allocs", n)
	}
	tags, _ := ParseETags([]string{`"a", W/"b"`, `"c"`})
	e := ETag{Tag: "c"}
	if n := testing.AllocsPerRun(100, func() {
		_ = tags.MatchesStrong(e)
		_ = tags.MatchesWeak(e)
		_, _ = ParseETag(`W/"xyzzy"`)
		_, _ = ParseETags([]string{`"a", W/"b"`})
	}); n != 0 {
		t.Errorf("ETag parse/compare: %v allocs", n)
	}
}

func TestETagComparison(t *testing.T) {
	// RFC 9110 §8.8.3.2's table.
	tests := []struct {
		a, b         string
		strong, weak bool
	}{
		{`W/"1"`, `W/"1"`, false, true},
		{`W/"1"`, `W/"2"`, false, false},
		{`W/"1"`, `"1"`, false, true},
		{`"1"`, `"1"`, true, true},
	}
	for _, tt := range tests {
		a, err1 := ParseETag(tt.a)
		b, err2 := ParseETag(tt.b)
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		if a.StrongMatch(b) != tt.strong || a.WeakMatch(b) != tt.weak {
			t.Errorf("%s vs %s: strong %v weak %v", tt.a, tt.b, a.StrongMatch(b), a.WeakMatch(b))
		}
	}
	for _, bad := range []string{``, `xyzzy`, `"unterminated`, `W/xyzzy`, `w/"lower"`, `"a"b`, `"sp ace"`, "\"ctl\x01\""} {
		if _, err := ParseETag(bad); !errors.Is(err, ErrInvalidETag) {
			t.Errorf("ParseETag(%q) err = %v", bad, err)
		}
	}
	if s := (ETag{Tag: "xyzzy", Weak: true}).String(); s != `W/"xyzzy"` {
		t.Errorf("String = %s", s)
	}
	if _, err := (ETag{Tag: `a"b`}).AppendFormat(nil); err == nil {
		t.Error("formatted a tag holding a quote")
	}
}

func TestParseETags(t *testing.T) {
	tests := []struct {
		lines []string
		n     int
		any   bool
		err   bool
	}{
		// RFC 9110 §13.1.1 and §13.1.2 examples.
		{lines: []string{`"xyzzy"`}, n: 1},
		{lines: []string{`"xyzzy", "r2d2xxxx", "c3piozzzz"`}, n: 3},
		{lines: []string{`W/"xyzzy", W/"r2d2xxxx"`}, n: 2},
		{lines: []string{"*"}, n: 1, any: true},
		{lines: []string{`"a"`, `"b"`}, n: 2},
		{lines: []string{`"a",,`}, n: 1},
		// A malformed element invalidates the whole list; WebOb's
		// ETagMatcher.parse would keep the good ones.
		{lines: []string{`"a", b`}, err: true},
		{lines: []string{`"a", *`}, err: true},
		{lines: []string{`"a`}, err: true},
		{lines: []string{`"a" "b"`}, err: true},
	}
	for _, tt := range tests {
		l, err := ParseETags(tt.lines)
		if tt.err {
			if !errors.Is(err, ErrInvalidETag) || l.Present() {
				t.Errorf("%q: got %v, %v", tt.lines, l, err)
			}
			continue
		}
		if err != nil || l.Len() != tt.n || l.Any() != tt.any || !l.Present() {
			t.Errorf("%q: len %d any %v err %v", tt.lines, l.Len(), l.Any(), err)
		}
		again, err := ParseETags([]string{l.String()})
		if err != nil || again.String() != l.String() {
			t.Errorf("%q: round trip %q: %v", tt.lines, l.String(), err)
		}
	}
	l, _ := ParseETags([]string{`W/"a", "b"`})
	if l.MatchesStrong(ETag{Tag: "a"}) || !l.MatchesWeak(ETag{Tag: "a"}) || !l.MatchesStrong(ETag{Tag: "b"}) {
		t.Error("matching")
	}
	star, _ := ParseETags([]string{"*"})
	if !star.MatchesStrong(ETag{Tag: "anything", Weak: true}) {
		t.Error("* must match")
	}
	var absent ETags
	if absent.Present() || absent.MatchesWeak(ETag{}) {
		t.Error("zero ETags")
	}
}

func TestETagsLinearTime(t *testing.T) {
	big := strings.Repeat(`"x", `, mb/5)
	within(t, 2*time.Second, func() {
		l, err := ParseETags([]string{big})
		if err != nil || l.Len() != mb/5 {
			t.Errorf("len %d err %v", l.Len(), err)
		}
	})
}

func FuzzParseMediaType(f *testing.F) {
	for _, s := range readSeeds(f, "mime-seeds") {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		mt, err := ParseMediaType(s)
		if err != nil {
			if !errors.Is(err, ErrInvalidMediaType) {
				t.Fatalf("untyped error %v", err)
			}
			return
		}
		out, err := mt.AppendFormat(nil)
		if err != nil {
			t.Fatalf("cannot format %+v: %v", mt, err)
		}
		again, err := ParseMediaType(string(out))
		if err != nil || again.Essence() != mt.Essence() || !slices.Equal(again.Params, mt.Params) {
			t.Fatalf("round trip %q -> %q -> %+v, %v", s, out, again, err)
		}
	})
}

func FuzzContentDisposition(f *testing.F) {
	for _, s := range []string{`attachment; filename="a.txt"`, "inline", "x\"y;z", "é\r\n",
		`attachment; filename = "a\b.txt"`, "attachment; filename*= UTF-8''%c3%a4", `attachment; filename*="UTF-8''a"`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		// Parse, format, parse again: equal. Whatever parses can be
		// written (ignored ext-parameters are not kept to fail it).
		if cd, err := ParseContentDisposition(s); err == nil {
			out, err := cd.AppendFormat(nil)
			if err != nil {
				t.Fatalf("cannot format %q parsed as %+v: %v", s, cd, err)
			}
			again, err := ParseContentDisposition(string(out))
			if err != nil || again.Type != cd.Type || !slices.Equal(again.Params, cd.Params) {
				t.Fatalf("round trip %q -> %q -> %+v, %v", s, out, again, err)
			}
		} else if !errors.Is(err, ErrInvalidContentDisposition) {
			t.Fatalf("untyped error %v", err)
		}
		// Any string as a file name round-trips and smuggles nothing.
		v, err := FormatContentDisposition("attachment", s)
		if !utf8.ValidString(s) {
			if !errors.Is(err, ErrInvalidContentDisposition) {
				t.Fatalf("invalid UTF-8 name %q formatted: %q, %v", s, v, err)
			}
			return
		}
		if err != nil || !ValidFieldValue(v) {
			t.Fatalf("format %q: %q, %v", s, v, err)
		}
		cd, err := ParseContentDisposition(v)
		if err != nil || cd.Filename() != s && s != "" {
			t.Fatalf("round trip %q via %q: %q, %v", s, v, cd.Filename(), err)
		}
		if len(cd.Params) > 2 {
			t.Fatalf("smuggled params in %q", v)
		}
	})
}

func FuzzParseHTTPDate(f *testing.F) {
	for _, s := range []string{"Sun, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tm, err := ParseHTTPDate(s)
		if err != nil {
			if !errors.Is(err, ErrInvalidDate) || !tm.IsZero() {
				t.Fatalf("bad failure %v %v", tm, err)
			}
			return
		}
		again, err := ParseHTTPDate(FormatHTTPDate(tm))
		if err != nil || !again.Equal(tm) {
			t.Fatalf("round trip %q: %v %v", s, again, err)
		}
	})
}

func FuzzParseETags(f *testing.F) {
	for _, s := range []string{`"a", W/"b"`, "*", `"x`, `W/""`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		l, err := ParseETags([]string{s})
		if err != nil {
			if !errors.Is(err, ErrInvalidETag) {
				t.Fatal(err)
			}
			return
		}
		again, err := ParseETags([]string{l.String()})
		if err != nil || again.String() != l.String() || again.Len() != l.Len() {
			t.Fatalf("round trip %q -> %q: %v", s, l.String(), err)
		}
	})
}

func FuzzExtValue(f *testing.F) {
	f.Add("€ rates", "en")
	f.Fuzz(func(t *testing.T, v, lang string) {
		enc := AppendExtValue(nil, v, lang)
		got, _, err := DecodeExtValue(string(enc))
		if err != nil && strings.ToValidUTF8(v, "") == v {
			t.Fatalf("decode %q: %v", enc, err)
		}
		if err == nil && got != v {
			t.Fatalf("round trip %q -> %q", v, got)
		}
		_, _, _ = DecodeExtValue(v)
	})
}

func BenchmarkParseMediaType(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_, _ = ParseMediaType(`text/html; charset="utf-8"`)
	}
}

func BenchmarkParseContentDisposition(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_, _ = ParseContentDisposition(`form-data; name="file"; filename="photo.png"`)
	}
}

func BenchmarkFormatContentDisposition(b *testing.B) {
	b.ReportAllocs()
	buf := make([]byte, 0, 128)
	for b.Loop() {
		buf, _ = AppendContentDisposition(buf[:0], "attachment", "naïve café.txt")
	}
}

func BenchmarkParseHTTPDate(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_, _ = ParseHTTPDate("Sun, 06 Nov 1994 08:49:37 GMT")
	}
}

func BenchmarkAppendHTTPDate(b *testing.B) {
	b.ReportAllocs()
	buf := make([]byte, 0, 32)
	tm := time.Now()
	for b.Loop() {
		buf = AppendHTTPDate(buf[:0], tm)
	}
}

func BenchmarkParseETags(b *testing.B) {
	b.ReportAllocs()
	lines := []string{`"xyzzy", "r2d2xxxx", W/"c3piozzzz"`}
	e := ETag{Tag: "c3piozzzz"}
	for b.Loop() {
		l, _ := ParseETags(lines)
		_ = l.MatchesWeak(e)
	}
}

func BenchmarkDecodeExtValue(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_, _, _ = DecodeExtValue("UTF-8''%c2%a3%20and%20%e2%82%ac%20rates")
	}
}
