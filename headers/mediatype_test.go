package headers

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/webob-go/webob/internal/race"
)

func TestParseMediaTypeCases(t *testing.T) {
	tests := []struct {
		in   string
		want MediaType
		err  error // checked with errors.Is besides ErrInvalidMediaType
	}{
		// RFC 9110 §8.3.1: case-insensitive names, values as sent.
		{in: "TEXT/PLAIN; CHARSET=ISO-8859-4", want: MediaType{"text", "plain", Params{{"charset", "ISO-8859-4"}}}},
		{in: "Application/Vnd.Example+JSON; Version=2", want: MediaType{"application", "vnd.example+json", Params{{"version", "2"}}}},
		{in: " \ttext/html\t ", want: MediaType{Type: "text", Subtype: "html"}},
		{in: "text/html;", want: MediaType{Type: "text", Subtype: "html"}},
		{in: "text/html ; ; charset=utf-8 ;", want: MediaType{"text", "html", Params{{"charset", "utf-8"}}}},
		{in: `text/plain; x="a\"b\\c"`, want: MediaType{"text", "plain", Params{{"x", `a"b\c`}}}},
		{in: `text/plain; x=""`, want: MediaType{"text", "plain", Params{{"x", ""}}}},
		{in: "multipart/mixed; boundary=gc0p4Jq0M2Yt08jU534c0p; a=1; b=2; c=3; d=4",
			want: MediaType{"multipart", "mixed", Params{{"boundary", "gc0p4Jq0M2Yt08jU534c0p"}, {"a", "1"}, {"b", "2"}, {"c", "3"}, {"d", "4"}}}},
		{in: "text/*", want: MediaType{Type: "text", Subtype: "*"}},
		{in: "text/html;charset=utf-8;CHARSET=latin1", err: ErrDuplicateParam},
		{in: `text/html; x="unterminated`, err: ErrInvalidQuotedString},
		{in: "text/html; x=a b", err: nil},
		{in: "text/html; x = 1", err: ErrInvalidParam}, // no white space around "="
		{in: "text/html, text/plain", err: nil},
		{in: "text/html/x", err: nil},
		{in: "téxt/html", err: nil},
		{in: "text/html\r\n", err: nil},
		{in: "text/html;\x00=1", err: ErrInvalidParam},
	}
	for _, tt := range tests {
		got, err := ParseMediaType(tt.in)
		if tt.want.Type == "" {
			if !errors.Is(err, ErrInvalidMediaType) || (tt.err != nil && !errors.Is(err, tt.err)) {
				t.Errorf("%q: err = %v, want ErrInvalidMediaType / %v", tt.in, err, tt.err)
			}
			if got.Type != "" || got.Params != nil {
				t.Errorf("%q: non-zero result %+v on error", tt.in, got)
			}
			continue
		}
		if err != nil || got.Type != tt.want.Type || got.Subtype != tt.want.Subtype || !slices.Equal(got.Params, tt.want.Params) {
			t.Errorf("%q: got %+v, %v; want %+v", tt.in, got, err, tt.want)
		}
	}
}

func TestMediaTypeMethods(t *testing.T) {
	tests := []struct {
		in, essence, charset, suffix, str string
		wild                              bool
	}{
		{"text/html; charset=UTF-8", "text/html", "utf-8", "", "text/html;charset=UTF-8", false},
		{"application/ld+json", "application/ld+json", "", "json", "application/ld+json", false},
		{"application/vnd.api+json+gzip", "application/vnd.api+json+gzip", "", "gzip", "application/vnd.api+json+gzip", false},
		{"image/svg+xml", "image/svg+xml", "", "xml", "image/svg+xml", false},
		{"text/*", "text/*", "", "", "text/*", true},
		{"*/*", "*/*", "", "", "*/*", true},
		{`multipart/form-data; boundary="a b"`, "multipart/form-data", "", "", `multipart/form-data;boundary="a b"`, false},
	}
	for _, tt := range tests {
		m, err := ParseMediaType(tt.in)
		if err != nil {
			t.Fatalf("%q: %v", tt.in, err)
		}
		if m.Essence() != tt.essence || m.Charset() != tt.charset || m.Suffix() != tt.suffix || m.String() != tt.str || m.IsWildcard() != tt.wild {
			t.Errorf("%q: essence %q charset %q suffix %q string %q wild %v", tt.in, m.Essence(), m.Charset(), m.Suffix(), m.String(), m.IsWildcard())
		}
	}
	var zero MediaType
	if zero.Essence() != "" || zero.String() != "" || zero.Charset() != "" || zero.Suffix() != "" || zero.IsWildcard() {
		t.Error("zero MediaType")
	}
	if _, err := zero.AppendFormat(nil); !errors.Is(err, ErrInvalidMediaType) {
		t.Errorf("zero AppendFormat err = %v", err)
	}
	// Formatting refuses what it cannot write safely and leaves dst alone.
	for _, m := range []MediaType{
		{Type: "text", Subtype: "html", Params: Params{{"charset", "utf-8\r\nX-Injected: 1"}}},
		{Type: "text", Subtype: "html", Params: Params{{"bad name", "x"}}},
		{Type: "text\n", Subtype: "html"},
	} {
		b, err := m.AppendFormat([]byte("keep"))
		if !errors.Is(err, ErrInvalidMediaType) || string(b) != "keep" || m.String() != "" {
			t.Errorf("%+v: %q, %v", m, b, err)
		}
	}
}

func TestMediaTypeMatchesRanges(t *testing.T) {
	tests := []struct {
		m, r string
		want bool
	}{
		{"application/json", "*/*", true},
		{"application/json", "application/*", true},
		{"application/json", "APPLICATION/*", true},
		{"application/json", "application/json", true},
		{"application/json", "text/*", false},
		{"application/json", "application/xml", false},
		{"application/ld+json", "application/json", false}, // a suffix is not the type
		{"text/html;charset=utf-8", "text/html;charset=UTF-8", true},
		{"text/html", "text/html;charset=utf-8", false},
		{"text/html;charset=utf-8;level=1", "text/*;level=1", true},
		{"text/html", "*/html", false}, // */html is not a media range
	}
	for _, tt := range tests {
		m, err1 := ParseMediaType(tt.m)
		r, err2 := ParseMediaType(tt.r)
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		if got := m.Matches(r); got != tt.want {
			t.Errorf("%s in %s = %v, want %v", tt.m, tt.r, got, tt.want)
		}
	}
}

func TestMediaTypeAllocsPinned(t *testing.T) {
	if race.Enabled {
		t.Skip("race detector allocates")
	}
	for _, c := range []struct {
		in  string
		max float64
	}{
		{"application/json", 0},
		{"Text/HTML", 0},
		{"*/*", 0},
		{"text/html; charset=utf-8", 1},
		{"Text/HTML; Charset=UTF-8", 1},
		{"multipart/form-data; boundary=----WebKitFormBoundary7MA4YWxkTrZu0gW", 1},
		{"text/html; charset=utf-8; level=1; a=b; c=d", 1},
	} {
		if n := testing.AllocsPerRun(100, func() { _, _ = ParseMediaType(c.in) }); n > c.max {
			t.Errorf("ParseMediaType(%q): %v allocs, want <= %v", c.in, n, c.max)
		}
	}
	m, _ := ParseMediaType("text/html; charset=utf-8")
	buf := make([]byte, 0, 64)
	if n := testing.AllocsPerRun(100, func() { buf, _ = m.AppendFormat(buf[:0]) }); n != 0 {
		t.Errorf("AppendFormat: %v allocs", n)
	}
}

func TestMediaTypeLinearTime(t *testing.T) {
	backslashes := `text/plain; x="` + strings.Repeat(`\\`, mb/2) + `"`
	within(t, 2*time.Second, func() {
		m, err := ParseMediaType(backslashes)
		if v, _ := m.Params.Get("x"); err != nil || len(v) != mb/2 {
			t.Errorf("backslashes: %d, %v", len(v), err)
		}
	})
	var sb strings.Builder
	sb.WriteString("text/plain")
	for i := range 100_000 {
		sb.WriteString(";p")
		sb.WriteString(strconv.Itoa(i))
		sb.WriteString("=1")
	}
	within(t, 5*time.Second, func() {
		m, err := ParseMediaType(sb.String())
		if err != nil || len(m.Params) != 100_000 {
			t.Errorf("100k params: %d, %v", len(m.Params), err)
		}
	})
	semis := "text/plain" + strings.Repeat(";", mb) + "x"
	within(t, 2*time.Second, func() {
		if _, err := ParseMediaType(semis); !errors.Is(err, ErrInvalidMediaType) {
			t.Errorf("semicolons: %v", err)
		}
	})
}

func BenchmarkParseMediaTypeCases(b *testing.B) {
	for _, c := range []struct{ name, in string }{
		{"plain", "application/json"},
		{"charset", "text/html; charset=utf-8"},
		{"mixedcase", "Text/HTML; Charset=UTF-8"},
		{"boundary", `multipart/form-data; boundary="----WebKitFormBoundary7MA4YWxkTrZu0gW"`},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_, _ = ParseMediaType(c.in)
			}
		})
	}
}

// TestMediaTypeRefusesWhiteSpaceAroundEquals pins that the leniency of
// Content-Disposition (RFC 6266 implied white space) does not reach media
// types: RFC 9110 §5.6.6 allows no white space around a parameter's "=".
func TestMediaTypeRefusesWhiteSpaceAroundEquals(t *testing.T) {
	for _, in := range []string{"text/html; charset =utf-8", "text/html; charset= utf-8", "text/html;charset = \"utf-8\""} {
		if mt, err := ParseMediaType(in); !errors.Is(err, ErrInvalidParam) {
			t.Errorf("%q: got %+v, %v; want ErrInvalidParam", in, mt, err)
		}
	}
}

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

func BenchmarkParseMediaType(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_, _ = ParseMediaType(`text/html; charset="utf-8"`)
	}
}
