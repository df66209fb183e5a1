package headers

import (
	"errors"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestTokenListsAndNumbers(t *testing.T) {
	got, err := ParseTokenList([]string{"Accept-Encoding, Accept", "", "Origin"})
	if err != nil || !slices.Equal(got, []string{"Accept-Encoding", "Accept", "Origin"}) {
		t.Errorf("Vary = %q %v", got, err)
	}
	if got, err := ParseTokenList([]string{"*"}); err != nil || !slices.Equal(got, []string{"*"}) {
		t.Errorf("Vary * = %q %v", got, err)
	}
	if _, err := ParseTokenList([]string{"GET, PO ST"}); !errors.Is(err, ErrInvalidTokenList) {
		t.Error("bad token accepted")
	}
	if !TokenListContains([]string{"GET, HEAD"}, "head") || TokenListContains([]string{"GET"}, "POST") {
		t.Error("TokenListContains")
	}
	if b, err := AppendTokenList(nil, []string{"GET", "HEAD"}); err != nil || string(b) != "GET, HEAD" {
		t.Errorf("AppendTokenList = %q", b)
	}
	if _, err := AppendTokenList(nil, []string{"a\r\nb"}); err == nil {
		t.Error("CRLF token formatted")
	}

	cl := []struct {
		lines []string
		n     int64
		ok    bool
	}{
		{[]string{"42"}, 42, true},
		{[]string{"42, 42"}, 42, true}, // RFC 9110 §8.6
		{[]string{"42", "42"}, 42, true},
		{[]string{"0"}, 0, true},
		{[]string{"42, 43"}, 0, false},
		{[]string{"-1"}, 0, false},
		{[]string{"+5"}, 0, false},
		{[]string{"0x10"}, 0, false},
		{[]string{"99999999999999999999"}, 0, false},
		{[]string{""}, 0, false},
		{nil, 0, false},
	}
	for _, tt := range cl {
		n, err := ParseContentLength(tt.lines)
		if (err == nil) != tt.ok || n != tt.n || (err != nil && !errors.Is(err, ErrInvalidContentLength)) {
			t.Errorf("Content-Length %q = %d, %v", tt.lines, n, err)
		}
	}
	if n, err := ParseDeltaSeconds("3600"); err != nil || n != 3600 {
		t.Error("Age")
	}
	if _, err := ParseDeltaSeconds("-1"); err == nil {
		t.Error("negative Age")
	}
	if n, err := ParseMaxForwards("10"); err != nil || n != 10 {
		t.Error("Max-Forwards")
	}
	ra, err := ParseRetryAfter("120")
	if err != nil || ra.IsDate() || ra.Delay != 2*time.Minute || ra.String() != "120" {
		t.Errorf("Retry-After delay: %+v %v", ra, err)
	}
	ra, err = ParseRetryAfter("Fri, 31 Dec 1999 23:59:59 GMT")
	if err != nil || !ra.IsDate() || ra.String() != "Fri, 31 Dec 1999 23:59:59 GMT" {
		t.Errorf("Retry-After date: %+v %v", ra, err)
	}
	if _, err := ParseRetryAfter("soon"); !errors.Is(err, ErrInvalidRetryAfter) {
		t.Error("bad Retry-After accepted")
	}
}

func BenchmarkParseContentLength(b *testing.B) {
	lines := []string{"123456"}
	b.ReportAllocs()
	for b.Loop() {
		_, _ = ParseContentLength(lines)
	}
}

func BenchmarkTokenListContains(b *testing.B) {
	lines := []string{"Accept-Encoding, Accept-Language, Origin"}
	b.ReportAllocs()
	for b.Loop() {
		_ = TokenListContains(lines, "origin")
	}
}

func TestTokenListExamples(t *testing.T) {
	for _, tt := range []struct {
		field string
		lines []string
		want  []string
	}{
		// RFC 9110 examples.
		{"Vary", []string{"accept-encoding, accept-language"}, []string{"accept-encoding", "accept-language"}},
		{"Allow", []string{"GET, HEAD, PUT"}, []string{"GET", "HEAD", "PUT"}},
		{"Content-Encoding", []string{"gzip"}, []string{"gzip"}},
		{"Content-Language", []string{"mi, en"}, []string{"mi", "en"}},
		{"Accept-Ranges", []string{"bytes"}, []string{"bytes"}},
		{"Accept-Ranges", []string{"none"}, []string{"none"}},
		{"Connection", []string{"close"}, []string{"close"}},
		{"Trailer", []string{"Expires, Server-Timing"}, []string{"Expires", "Server-Timing"}},
		{"Vary", []string{"*"}, []string{"*"}},
		{"empty", []string{"", " ,, "}, nil},
		{"none", nil, nil},
	} {
		got, err := ParseTokenList(tt.lines)
		if err != nil || !slices.Equal(got, tt.want) {
			t.Errorf("%s %q = %q, %v", tt.field, tt.lines, got, err)
		}
		b, err := AppendTokenList(nil, got)
		if err != nil {
			t.Fatal(err)
		}
		if again, err := ParseTokenList([]string{string(b)}); err != nil || !slices.Equal(again, got) {
			t.Errorf("%s: round trip %q", tt.field, b)
		}
		for _, tok := range tt.want {
			if !TokenListContains(tt.lines, strings.ToUpper(tok)) {
				t.Errorf("%s: Contains(%q) false", tt.field, tok)
			}
		}
	}
	for _, bad := range []string{`"gzip"`, "a;q=1", "a b", "é", "a/b"} {
		if _, err := ParseTokenList([]string{"ok", bad}); !errors.Is(err, ErrInvalidTokenList) {
			t.Errorf("%q: %v", bad, err)
		}
	}
	// Contains compares whole elements, ASCII case only.
	if TokenListContains([]string{"Accept-Encoding"}, "Accept") || TokenListContains([]string{`"origin"`}, "origin") ||
		TokenListContains([]string{"K"}, "\u212a") || TokenListContains(nil, "") {
		t.Error("TokenListContains matched a non-member")
	}
	if b, err := AppendTokenList([]byte("x"), nil); err != nil || string(b) != "x" {
		t.Errorf("empty list = %q %v", b, err)
	}
	if b, err := AppendTokenList([]byte("keep"), []string{"a", ""}); !errors.Is(err, ErrInvalidTokenList) || string(b) != "keep" {
		t.Errorf("empty token = %q %v", b, err)
	}
}

func TestNumbersMore(t *testing.T) {
	// RFC 9110 §8.6 example, and lists across lines.
	for _, tt := range []struct {
		lines []string
		n     int64
		ok    bool
	}{
		{[]string{"3495"}, 3495, true},
		{[]string{" 3495 "}, 3495, true},
		{[]string{"3495,3495", "3495"}, 3495, true},
		{[]string{"007"}, 7, true},
		{[]string{"9223372036854775807"}, math.MaxInt64, true},
		{[]string{"9223372036854775808"}, 0, false},
		{[]string{"3495", "3496"}, 0, false},
		{[]string{"3495, "}, 3495, true},
		{[]string{"1 2"}, 0, false},
		{[]string{`"5"`}, 0, false},
		{[]string{"5;x"}, 0, false},
		{[]string{"", " , "}, 0, false},
	} {
		n, err := ParseContentLength(tt.lines)
		if (err == nil) != tt.ok || n != tt.n || (err != nil && !errors.Is(err, ErrInvalidContentLength)) {
			t.Errorf("Content-Length %q = %d, %v", tt.lines, n, err)
		}
	}
	// Age (RFC 9111 §5.1) saturates at 2^31.
	for _, tt := range []struct {
		in string
		n  int64
		ok bool
	}{{"0", 0, true}, {" 60 ", 60, true}, {"2147483649", MaxDeltaSeconds, true}, {"99999999999999999999999", MaxDeltaSeconds, true},
		{"", 0, false}, {"1.5", 0, false}, {"+1", 0, false}, {"1 2", 0, false}} {
		n, err := ParseDeltaSeconds(tt.in)
		if (err == nil) != tt.ok || n != tt.n || (err != nil && !errors.Is(err, ErrInvalidDelta)) {
			t.Errorf("Age %q = %d, %v", tt.in, n, err)
		}
	}
	// Max-Forwards (RFC 9110 §7.6.2).
	for _, tt := range []struct {
		in string
		n  int64
		ok bool
	}{{"0", 0, true}, {"70", 70, true}, {"", 0, false}, {"-1", 0, false}, {"99999999999999999999", 0, false}} {
		n, err := ParseMaxForwards(tt.in)
		if (err == nil) != tt.ok || n != tt.n || (err != nil && !errors.Is(err, ErrInvalidDelta)) {
			t.Errorf("Max-Forwards %q = %d, %v", tt.in, n, err)
		}
	}
	// Retry-After: 0, the date forms, and At.
	recv := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	ra, err := ParseRetryAfter("0")
	if err != nil || ra.IsDate() || !ra.At(recv).Equal(recv) || ra.String() != "0" {
		t.Errorf("Retry-After 0: %+v %v", ra, err)
	}
	ra, err = ParseRetryAfter("Sunday, 06-Nov-94 08:49:37 GMT")
	if err != nil || !ra.IsDate() || ra.String() != "Sun, 06 Nov 1994 08:49:37 GMT" || !ra.At(recv).Equal(ra.Date) {
		t.Errorf("Retry-After RFC 850: %+v %v", ra, err)
	}
	if s := (RetryAfter{Delay: -time.Hour}).String(); s != "0" {
		t.Errorf("negative delay = %q", s)
	}
	if s := (RetryAfter{Delay: 1500 * time.Millisecond}).String(); s != "1" {
		t.Errorf("fractional delay = %q", s)
	}
	for _, bad := range []string{"", "-1", "1.5", "120 seconds", "Fri, 31 Dec 1999", "+120"} {
		if _, err := ParseRetryAfter(bad); !errors.Is(err, ErrInvalidRetryAfter) {
			t.Errorf("Retry-After %q: %v", bad, err)
		}
	}
}

func FuzzParseTokenList(f *testing.F) {
	f.Add("Accept-Encoding, Accept-Language,, Origin")
	f.Add("GET, PO ST")
	f.Fuzz(func(t *testing.T, s string) {
		toks, err := ParseTokenList([]string{s})
		if err != nil {
			if !errors.Is(err, ErrInvalidTokenList) {
				t.Fatal(err)
			}
			return
		}
		for _, tok := range toks {
			if !TokenListContains([]string{s}, tok) {
				t.Fatalf("%q: Contains(%q) false", s, tok)
			}
		}
		out, err := AppendTokenList(nil, toks)
		if err != nil {
			t.Fatalf("%q: parsed tokens do not format: %v", s, err)
		}
		again, err := ParseTokenList([]string{string(out)})
		if err != nil || !slices.Equal(again, toks) {
			t.Fatalf("round trip %q -> %q", s, out)
		}
	})
}

func FuzzParseContentLength(f *testing.F) {
	f.Add("42, 42")
	f.Add("42, 43")
	f.Fuzz(func(t *testing.T, s string) {
		n, err := ParseContentLength([]string{s})
		if err != nil {
			if !errors.Is(err, ErrInvalidContentLength) {
				t.Fatal(err)
			}
			return
		}
		if n < 0 {
			t.Fatalf("%q: negative %d", s, n)
		}
		if again, err := ParseContentLength([]string{strconv.FormatInt(n, 10)}); err != nil || again != n {
			t.Fatalf("round trip %q: %d %v", s, again, err)
		}
	})
}

func FuzzParseRetryAfter(f *testing.F) {
	f.Add("120")
	f.Add("Fri, 31 Dec 1999 23:59:59 GMT")
	f.Fuzz(func(t *testing.T, s string) {
		ra, err := ParseRetryAfter(s)
		if err != nil {
			if !errors.Is(err, ErrInvalidRetryAfter) {
				t.Fatal(err)
			}
			return
		}
		_, _ = ParseDeltaSeconds(s)
		_, _ = ParseMaxForwards(s)
		again, err := ParseRetryAfter(ra.String())
		if err != nil || again.IsDate() != ra.IsDate() || again.Delay != ra.Delay || !again.Date.Equal(ra.Date) {
			t.Fatalf("round trip %q -> %q: %+v %v", s, ra.String(), again, err)
		}
	})
}

func BenchmarkParseRetryAfter(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_, _ = ParseRetryAfter("120")
	}
}

func BenchmarkParseTokenList(b *testing.B) {
	lines := []string{"Accept-Encoding, Accept-Language, Origin"}
	b.ReportAllocs()
	for b.Loop() {
		_, _ = ParseTokenList(lines)
	}
}

func BenchmarkParseDeltaSeconds(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_, _ = ParseDeltaSeconds("3600")
	}
}
