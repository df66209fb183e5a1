package headers

import (
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/webob-go/webob/internal/errtest"
	"github.com/webob-go/webob/internal/race"
)

// slowTchar is the RFC 9110 definition of tchar, written for clarity.
func slowTchar(c byte) bool {
	return strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0 ||
		'0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

func TestTcharTableMatchesDefinition(t *testing.T) {
	for c := 0; c < 256; c++ {
		if IsTokenChar(byte(c)) != slowTchar(byte(c)) {
			t.Errorf("tchar[%#x] = %v", c, IsTokenChar(byte(c)))
		}
		wantQd := c == '\t' || c == ' ' || c == 0x21 || (c >= 0x23 && c <= 0x5B) || (c >= 0x5D && c <= 0x7E) || c >= 0x80
		if qdtext[c] != wantQd {
			t.Errorf("qdtext[%#x] = %v", c, qdtext[c])
		}
	}
}

func TestValidToken(t *testing.T) {
	for s, want := range map[string]bool{
		"": false, "gzip": true, "x-custom_1.0~": true, "a b": false, "a,b": false, `"q"`: false,
		"ü": false, "a;b": false, "!#$%&'*+-.^_`|~": true,
	} {
		if got := ValidToken(s); got != want {
			t.Errorf("ValidToken(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestValidFieldValue(t *testing.T) {
	for s, want := range map[string]bool{
		"":                true,
		"text/html":       true,
		"a\tb":            true,
		"a\r\nSet-Cookie": false,
		"a\nb":            false,
		"a\x00b":          false,
		"a\x7fb":          false,
		" lead":           false,
		"trail ":          false,
		"üñí":             true,
	} {
		if got := ValidFieldValue(s); got != want {
			t.Errorf("ValidFieldValue(%q) = %v, want %v", s, got, want)
		}
	}
	if err := CheckField("X-A", "ok"); err != nil {
		t.Error(err)
	}
	if err := CheckField("X A", "ok"); !errors.Is(err, ErrInvalidFieldName) {
		t.Errorf("bad name: %v", err)
	}
	if err := CheckField("X-A", "a\r\nb: c"); !errors.Is(err, ErrInvalidFieldValue) {
		t.Errorf("bad value: %v", err)
	}
}

func TestConsumeQuotedString(t *testing.T) {
	tests := []struct {
		in, val, rest string
		ok            bool
	}{
		{`"abc"`, "abc", "", true},
		{`"a\"b" tail`, `a"b`, " tail", true},
		{`"a\\b"`, `a\b`, "", true},
		{`""`, "", "", true},
		{`"a,b";x`, "a,b", ";x", true},
		{`"unterminated`, "", "", false},
		{`"bad\`, "", "", false},
		{"\"ctl\x01\"", "", "", false},
		{"\"lf\nx\"", "", "", false},
		{"\"pair\\\x00\"", "", "", false},
		{`abc`, "", "", false},
		{"\"tab\tok\"", "tab\tok", "", true},
		{"\"obs\x80text\"", "obs\x80text", "", true},
		// Strict quoted-pairs: a backslash before any byte escapes it.
		{`"C:\dir\a.txt"`, "C:dira.txt", "", true},
	}
	for _, tt := range tests {
		val, rest, err := ConsumeQuotedString(tt.in)
		if (err == nil) != tt.ok {
			t.Errorf("%q: err = %v", tt.in, err)
			continue
		}
		if err != nil {
			if !errors.Is(err, ErrInvalidQuotedString) {
				t.Errorf("%q: error %v not ErrInvalidQuotedString", tt.in, err)
			}
			continue
		}
		if val != tt.val || rest != tt.rest {
			t.Errorf("%q: got (%q, %q), want (%q, %q)", tt.in, val, rest, tt.val, tt.rest)
		}
	}
}

func TestQuote(t *testing.T) {
	for in, want := range map[string]string{
		"token":     "token",
		"two words": `"two words"`,
		`a"b\c`:     `"a\"b\\c"`,
		"":          `""`,
	} {
		got, err := Quote(in)
		if err != nil || got != want {
			t.Errorf("Quote(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"a\rb", "a\nb", "a\x00", "\x7f"} {
		if _, err := Quote(bad); !errors.Is(err, ErrInvalidQuotedString) {
			t.Errorf("Quote(%q) err = %v", bad, err)
		}
	}
}

func TestSplitList(t *testing.T) {
	tests := []struct {
		lines []string
		want  []string
	}{
		{nil, nil},
		{[]string{""}, nil},
		{[]string{"a, b,c"}, []string{"a", "b", "c"}},
		// RFC 9110 §5.6.1.2: empty elements do not count.
		{[]string{"foo,bar"}, []string{"foo", "bar"}},
		{[]string{"foo ,bar,"}, []string{"foo", "bar"}},
		{[]string{"foo , ,bar,charlie"}, []string{"foo", "bar", "charlie"}},
		{[]string{",", ",   ,"}, nil},
		{[]string{`a="x,y", b`}, []string{`a="x,y"`, "b"}},
		{[]string{`a="x\",y", b`}, []string{`a="x\",y"`, "b"}},
		{[]string{"text/html;q=0.1", "application/json"}, []string{"text/html;q=0.1", "application/json"}},
		{[]string{`a="unterminated, b`}, []string{`a="unterminated, b`}},
		{[]string{"\ta\t,\tb "}, []string{"a", "b"}},
	}
	for _, tt := range tests {
		got := slices.Collect(List(tt.lines))
		if !slices.Equal(got, tt.want) {
			t.Errorf("List(%q) = %q, want %q", tt.lines, got, tt.want)
		}
		if n := CountList(tt.lines); n != len(tt.want) {
			t.Errorf("CountList(%q) = %d", tt.lines, n)
		}
	}
	// Stopping early works.
	for el := range SplitList("a,b,c") {
		if el != "a" {
			t.Fatal("iteration continued after break")
		}
		break
	}
}

func TestParams(t *testing.T) {
	tests := []struct {
		in   string
		want Params
		err  error
	}{
		{"", nil, nil},
		{";a=1", Params{{"a", "1"}}, nil},
		{` ; A=1 ;b="two words"`, Params{{"a", "1"}, {"b", "two words"}}, nil},
		{";;a=1;", Params{{"a", "1"}}, nil},
		{";a=1;A=2", nil, ErrDuplicateParam},
		{";a", nil, ErrInvalidParam},
		{";a=", nil, ErrInvalidParam},
		{";=1", nil, ErrInvalidParam},
		{`;a="x`, nil, ErrInvalidQuotedString},
		{";a=1 junk", nil, ErrInvalidParam},
	}
	for _, tt := range tests {
		got, err := ParseParams(tt.in)
		if tt.err != nil {
			if !errors.Is(err, tt.err) {
				t.Errorf("ParseParams(%q) err = %v, want %v", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || !slices.Equal(got, tt.want) {
			t.Errorf("ParseParams(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
	ps := Params{{"charset", "utf-8"}}
	if v, ok := ps.Get("CHARSET"); !ok || v != "utf-8" {
		t.Errorf("Get is not case-insensitive")
	}
	if b, err := (Params{{"a", "x y"}, {"b", "tok"}}).AppendFormat(nil); err != nil || string(b) != `;a="x y";b=tok` {
		t.Errorf("AppendFormat = %q, %v", b, err)
	}
	if _, err := (Params{{"a", "x\r\ny"}}).AppendFormat(nil); err == nil {
		t.Error("CRLF in a parameter value was formatted")
	}
}

func TestEqualFoldASCIIOnly(t *testing.T) {
	if !EqualFold("Content-Type", "content-type") {
		t.Error("ASCII fold failed")
	}
	if EqualFold("k", "\u212a") { // Kelvin sign must not fold to k
		t.Error("non-ASCII folded")
	}
	if ToLower("abc") != "abc" || ToLower("AbC") != "abc" {
		t.Error("ToLower")
	}
}

func TestGrammarAllocs(t *testing.T) {
	if race.Enabled {
		t.Skip("allocation counts are not meaningful under the race detector")
	}
	lines := []string{"public, max-age=3600", `no-cache="Set-Cookie", must-revalidate`}
	n := testing.AllocsPerRun(100, func() {
		for range List(lines) {
		}
	})
	if n != 0 {
		t.Errorf("iterating a list allocates %v times", n)
	}
	n = testing.AllocsPerRun(100, func() {
		_, _, _ = ConsumeQuotedString(`"no escapes here"`)
	})
	if n != 0 {
		t.Errorf("ConsumeQuotedString without escapes allocates %v times", n)
	}
}

// within fails the test when f takes longer than d: a guard against
// quadratic behaviour on pathological input, generous enough for -race.
func within(t *testing.T, d time.Duration, f func()) {
	t.Helper()
	if race.Enabled {
		d *= 4 // the race detector slows everything; quadratic time still fails
	}
	start := time.Now()
	f()
	if el := time.Since(start); el > d {
		t.Errorf("took %v, more than %v: not linear?", el, d)
	}
}

const mb = 1 << 20

func TestGrammarLinearTime(t *testing.T) {
	backslashes := `"` + strings.Repeat(`\\`, mb/2) + `"`
	within(t, 2*time.Second, func() {
		v, _, err := ConsumeQuotedString(backslashes)
		if err != nil || len(v) != mb/2 {
			t.Errorf("backslashes: len %d, %v", len(v), err)
		}
	})
	unterminated := `"` + strings.Repeat(`\"`, mb/2)
	within(t, 2*time.Second, func() {
		if _, _, err := ConsumeQuotedString(unterminated); err == nil {
			t.Error("unterminated accepted")
		}
		if n := CountList([]string{unterminated}); n != 1 {
			t.Errorf("unterminated list has %d elements", n)
		}
	})
	commas := strings.Repeat(",", 100_000) + "a" + strings.Repeat(", ", 100_000)
	within(t, 2*time.Second, func() {
		if n := CountList([]string{commas}); n != 1 {
			t.Errorf("commas: %d elements", n)
		}
	})
	params := strings.Repeat(";a=1", 1) + strings.Repeat(";b=2", 100_000)
	within(t, 2*time.Second, func() {
		if _, err := ParseParams(params); !errors.Is(err, ErrDuplicateParam) {
			t.Errorf("100k duplicate params: %v", err)
		}
	})
	var sb strings.Builder
	n := 0
	for ; sb.Len() < mb; n++ {
		sb.WriteString(";p")
		sb.WriteString(strconv.Itoa(n))
		sb.WriteString("=v")
	}
	within(t, 5*time.Second, func() {
		// 100k+ distinct names: the duplicate check must stay linear.
		ps, err := ParseParams(sb.String())
		if err != nil || len(ps) != n {
			t.Errorf("distinct params: %d of %d, %v", len(ps), n, err)
		}
	})
}

func FuzzSplitList(f *testing.F) {
	for _, s := range []string{"a,b", `a="x,y",b`, ",,,", `"\"`, "a, ,b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var joined []string
		for el := range SplitList(s) {
			if el == "" || el != TrimOWS(el) {
				t.Fatalf("element %q not trimmed or empty", el)
			}
			joined = append(joined, el)
		}
		// Re-joining the elements and splitting again is stable.
		again := slices.Collect(SplitList(strings.Join(joined, ", ")))
		if !slices.Equal(again, joined) && !strings.Contains(s, `"`) {
			t.Fatalf("resplit %q: %q != %q", s, again, joined)
		}
	})
}

func FuzzQuotedString(f *testing.F) {
	for _, s := range []string{"", "plain", `a"b`, `\`, "tab\t", "é", `"C:\dir\"`, `"a\\\"b" x`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, err := AppendQuotedString(nil, s)
		if err != nil {
			if CanQuote(s) {
				t.Fatalf("quotable %q refused", s)
			}
			return
		}
		v, rest, err := ConsumeQuotedString(string(q))
		if err != nil || rest != "" || v != s {
			t.Fatalf("round trip %q -> %s -> %q, %q, %v", s, q, v, rest, err)
		}
		// Arbitrary input never panics, and the lenient reading used for
		// Content-Disposition ends the string where the strict one does.
		_, rest1, err1 := ConsumeQuotedString(s)
		lv, rest2, err2 := consumeQuoted(s, true)
		if rest1 != rest2 || (err1 == nil) != (err2 == nil) {
			t.Fatalf("%q: strict (%q, %v) vs lenient (%q, %v)", s, rest1, err1, rest2, err2)
		}
		if err2 == nil && !strings.Contains(s[:len(s)-len(rest2)], `\`) && lv != s[1:len(s)-len(rest2)-1] {
			t.Fatalf("%q: lenient value %q without backslashes", s, lv)
		}
		_, _, _ = ConsumeParams(s)
	})
}

func BenchmarkSplitList(b *testing.B) {
	lines := []string{`public, max-age=3600, s-maxage=600, must-revalidate, no-cache="Set-Cookie", stale-while-revalidate=30`}
	b.ReportAllocs()
	for b.Loop() {
		for range List(lines) {
		}
	}
}

func BenchmarkParseParams(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_, _ = ParseParams(`; charset=utf-8; boundary="----x y"`)
	}
}

// TestSafeFieldValueAgainstReference checks the word-at-a-time scan of
// SafeFieldValue, and the table of ValidFieldValueByte, against the
// definition: every byte at every position of two words and a tail.
func TestSafeFieldValueAgainstReference(t *testing.T) {
	ref := func(c byte) bool { return !(c < 0x20 && c != '\t' || c == 0x7F) }
	for b := 0; b < 256; b++ {
		if ValidFieldValueByte(byte(b)) != ref(byte(b)) {
			t.Fatalf("ValidFieldValueByte(%#x)", b)
		}
		for pos := 0; pos < 19; pos++ {
			buf := []byte(strings.Repeat("a\t\x80 ~", 4))[:19]
			buf[pos] = byte(b)
			if got := SafeFieldValue(string(buf)); got != ref(byte(b)) {
				t.Fatalf("byte %#x at %d: %v", b, pos, got)
			}
		}
	}
	if !SafeFieldValue("") || !SafeFieldValue(strings.Repeat("\xff\x20\x7e\t", 100)) {
		t.Error("false negative")
	}
}

// TestErrorsReadAsOneLine: every exported error of the package, and the
// errors the parsers build from two sentinels, print one line starting
// with "headers: " and still match each sentinel.
func TestErrorsReadAsOneLine(t *testing.T) {
	_, errMT := ParseMediaType("text/html; a=1; a=2")
	_, errCD := ParseContentDisposition("attachment; filename=a; filename=b")
	_, errAuth := ParseAuthorization("Digest a=1, a=2")
	_, errCC := ParseCacheControl([]string{`max-age="x`})
	_, errFwd := ParseForwarded([]string{"for=a;for=b"})
	for _, c := range []struct {
		err   error
		parts []error
	}{
		{errMT, []error{ErrInvalidMediaType, ErrDuplicateParam}},
		{errCD, []error{ErrInvalidContentDisposition, ErrDuplicateParam}},
		{errAuth, []error{ErrInvalidAuth, ErrDuplicateParam}},
		{errCC, []error{ErrInvalidCacheControl}},
		{errFwd, []error{ErrInvalidForwarded}},
		{CheckField("X-A", "a\r\nb"), []error{ErrInvalidFieldValue}},
	} {
		if c.err == nil {
			t.Errorf("no error for %v", c.parts)
			continue
		}
		for _, p := range c.parts {
			if !errors.Is(c.err, p) {
				t.Errorf("%q does not match %q", c.err, p)
			}
		}
	}
	errtest.CheckExported(t, "headers: ", map[string]error{
		"ErrDuplicateParam":            ErrDuplicateParam,
		"ErrInvalidAuth":               ErrInvalidAuth,
		"ErrInvalidBasic":              ErrInvalidBasic,
		"ErrInvalidCacheControl":       ErrInvalidCacheControl,
		"ErrInvalidContentDisposition": ErrInvalidContentDisposition,
		"ErrInvalidContentLength":      ErrInvalidContentLength,
		"ErrInvalidContentRange":       ErrInvalidContentRange,
		"ErrInvalidDate":               ErrInvalidDate,
		"ErrInvalidDelta":              ErrInvalidDelta,
		"ErrInvalidETag":               ErrInvalidETag,
		"ErrInvalidExtValue":           ErrInvalidExtValue,
		"ErrInvalidFieldName":          ErrInvalidFieldName,
		"ErrInvalidFieldValue":         ErrInvalidFieldValue,
		"ErrInvalidForwarded":          ErrInvalidForwarded,
		"ErrInvalidIfRange":            ErrInvalidIfRange,
		"ErrInvalidMediaType":          ErrInvalidMediaType,
		"ErrInvalidParam":              ErrInvalidParam,
		"ErrInvalidQuotedString":       ErrInvalidQuotedString,
		"ErrInvalidRange":              ErrInvalidRange,
		"ErrInvalidRetryAfter":         ErrInvalidRetryAfter,
		"ErrInvalidToken":              ErrInvalidToken,
		"ErrInvalidTokenList":          ErrInvalidTokenList,
		"ErrRangeOverlap":              ErrRangeOverlap,
		"ErrTooManyRanges":             ErrTooManyRanges,
		"ErrUnsatisfiableRange":        ErrUnsatisfiableRange,
		"ParseMediaType":               errMT,
		"ParseContentDisposition":      errCD,
		"ParseAuthorization":           errAuth,
		"ParseCacheControl":            errCC,
		"ParseForwarded":               errFwd,
		"CheckField name":              CheckField("bad name\r\n", "v"),
	})
}

func TestCheckFieldErrorReadsAsOneLine(t *testing.T) {
	for _, tc := range []struct {
		name, value string
		want        error
	}{
		{"bad name", "v", ErrInvalidFieldName},
		{"X-A", "a\r\nb", ErrInvalidFieldValue},
		{"X-A", "a\x00", ErrInvalidFieldValue},
	} {
		err := CheckField(tc.name, tc.value)
		if !errors.Is(err, tc.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("CheckField(%q, %q) = %q", tc.name, tc.value, err)
		}
	}
}
