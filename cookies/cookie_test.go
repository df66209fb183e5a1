package cookies

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/webob-go/webob/internal/race"
)

// The inputs of the bench/ comparisons.
const (
	benchCookie    = `_ga=GA1.2.1234567890.1234567890; session_id=abc123def456; theme=dark; csrftoken="q1w2e3r4t5"; lang=en-US`
	benchSetCookie = `id=a3fWa; Expires=Wed, 21 Oct 2015 07:28:00 GMT; Max-Age=2592000; Domain=example.com; Path=/; Secure; HttpOnly; SameSite=Lax`
)

func TestParse(t *testing.T) {
	tests := []struct {
		name  string
		lines []string
		want  []Cookie
	}{
		{"bench", []string{benchCookie}, []Cookie{{"_ga", "GA1.2.1234567890.1234567890"}, {"session_id", "abc123def456"}, {"theme", "dark"}, {"csrftoken", "q1w2e3r4t5"}, {"lang", "en-US"}}},
		// RFC 6265 §3.1 and §5.4 examples.
		{"rfc6265 one", []string{"SID=31d4d96e407aad42"}, []Cookie{{"SID", "31d4d96e407aad42"}}},
		{"rfc6265 two", []string{"SID=31d4d96e407aad42; lang=en-US"}, []Cookie{{"SID", "31d4d96e407aad42"}, {"lang", "en-US"}}},
		{"several lines are one list", []string{"a=1", "b=2; a=3"}, []Cookie{{"a", "1"}, {"b", "2"}, {"a", "3"}}},
		{"malformed skipped", []string{`a=1; bad; c=3; d="x;  =y; e=5`}, []Cookie{{"a", "1"}, {"c", "3"}, {"e", "5"}}},
		{"empty pairs", []string{";a=1;;; b=2;", ";", ""}, []Cookie{{"a", "1"}, {"b", "2"}}},
		{"white space", []string{" a = 1 ;\tb=\t2\t; c =\"3\" "}, []Cookie{{"a", "1"}, {"b", "2"}, {"c", "3"}}},
		{"empty quoted", []string{`a=""`}, []Cookie{{"a", ""}}},
		{"empty", []string{"a="}, []Cookie{{"a", ""}}},
		{"equals in value", []string{"a=b=c"}, []Cookie{{"a", "b=c"}}},
		{"quoted inner space", []string{`a=" x "`}, []Cookie{{"a", " x "}}},
		{"space and comma tolerated", []string{"a=x y,z"}, []Cookie{{"a", "x y,z"}}},
		{"backslash", []string{`a=x\y; b=2`}, []Cookie{{"b", "2"}}},
		{"NUL", []string{"a=\x00; b=2"}, []Cookie{{"b", "2"}}},
		{"DEL", []string{"a=\x7f; b=2"}, []Cookie{{"b", "2"}}},
		{"unbalanced quote", []string{`a="x; b=y"; c=3`}, []Cookie{{"c", "3"}}},
		{"inner quote", []string{`a=x"y; c=3`}, []Cookie{{"c", "3"}}},
		{"non-ASCII value", []string{"a=caf\xc3\xa9; b=2"}, []Cookie{{"b", "2"}}},
		{"non-ASCII name", []string{"caf\xc3\xa9=1; b=2"}, []Cookie{{"b", "2"}}},
		{"name with space", []string{"a b=1; b=2"}, []Cookie{{"b", "2"}}},
		{"dollar names are tokens", []string{"$Version=1; a=2"}, []Cookie{{"$Version", "1"}, {"a", "2"}}},
		{"names are case-sensitive", []string{"A=1; a=2"}, []Cookie{{"A", "1"}, {"a", "2"}}},
		{"no lines", nil, nil},
		{"only bad", []string{"x; =y"}, nil},
	}
	for _, tt := range tests {
		got, err := Parse(tt.lines)
		if err != nil || !slices.Equal(got, tt.want) {
			t.Errorf("%s: Parse(%q) = %q, %v; want %q", tt.name, tt.lines, got, err, tt.want)
		}
		// Get agrees with Parse on the first of each name.
		for _, c := range tt.want {
			if v, ok := Get(tt.lines, c.Name); !ok || v != firstNamed(tt.want, c.Name) {
				t.Errorf("%s: Get(%q) = %q, %v", tt.name, c.Name, v, ok)
			}
		}
	}
}

func TestParseStrict(t *testing.T) {
	good := []struct {
		lines []string
		want  []Cookie
	}{
		{[]string{"a=1; b=2"}, []Cookie{{"a", "1"}, {"b", "2"}}},
		{[]string{"a=1;;", " b=\"2\" "}, []Cookie{{"a", "1"}, {"b", "2"}}},
		{nil, nil},
	}
	for _, tt := range good {
		if got, err := ParseStrict(tt.lines); err != nil || !slices.Equal(got, tt.want) {
			t.Errorf("ParseStrict(%q) = %q, %v", tt.lines, got, err)
		}
	}
	for _, bad := range []string{"a=1; bad", "=x", "==a=b", "a b=1", `a="x`, `a=x\y`, "a=\x01", "\u2000a=1", "a=\xff"} {
		_, err := ParseStrict([]string{bad})
		if !errors.Is(err, ErrMalformedPair) {
			t.Errorf("ParseStrict(%q): %v", bad, err)
		}
		if err != nil && !strings.HasPrefix(err.Error(), "cookies: malformed cookie pair: ") {
			t.Errorf("message %q", err)
		}
	}
}

func firstNamed(cs []Cookie, name string) string {
	for _, c := range cs {
		if c.Name == name {
			return c.Value
		}
	}
	return ""
}

// CVE-2023-23934 (Werkzeug): a nameless pair must not shadow, or become, a
// named cookie.
func TestNamelessPairShadowing(t *testing.T) {
	for _, line := range []string{
		"==__Host-eq=bad;__Host-eq=good",
		"=__Host-eq=bad; __Host-eq=good",
		" = __Host-eq=bad; __Host-eq=good",
		"__Host-eq; __Host-eq=good",
	} {
		lines := []string{line}
		if v, ok := Get(lines, "__Host-eq"); !ok || v != "good" {
			t.Errorf("%q: Get = %q %v", line, v, ok)
		}
		if cs, err := Parse(lines); err != nil || !slices.Equal(cs, []Cookie{{"__Host-eq", "good"}}) {
			t.Errorf("%q: Parse = %q %v", line, cs, err)
		}
		if all := All(lines, "__Host-eq"); !slices.Equal(all, []string{"good"}) {
			t.Errorf("%q: All = %q", line, all)
		}
	}
	if _, ok := Get([]string{"=x"}, ""); ok {
		t.Error(`Get(""): found`)
	}
}

// Names are never trimmed of Unicode white space: "\u2000__Host-x" is not
// "__Host-x" (cookie-prefix bypass through a name a lax server trims).
func TestNoUnicodeTrim(t *testing.T) {
	for _, ws := range []string{"\u2000", "\u00a0", "\u3000", "\u200b", "\x85", "\v", "\f"} {
		lines := []string{ws + "__Host-x=evil; __Host-x" + ws + "=evil2; __Host-x=good"}
		if v, _ := Get(lines, "__Host-x"); v != "good" {
			t.Errorf("%q: Get = %q", ws, v)
		}
		cs, _ := Parse(lines)
		if !slices.Equal(cs, []Cookie{{"__Host-x", "good"}}) {
			t.Errorf("%q: Parse = %q", ws, cs)
		}
	}
}

// CVE-2025-58186 (net/http): too many pairs is an error, tested at the
// limit and one over it.
func TestTooManyCookies(t *testing.T) {
	at := strings.TrimSuffix(strings.Repeat("a=1;", MaxPairs-1), ";") + "; z=9"
	over := at + ";b=2"
	if cs, err := Parse([]string{at}); err != nil || len(cs) != MaxPairs {
		t.Errorf("at the limit: %d %v", len(cs), err)
	}
	if cs, err := ParseStrict([]string{at}); err != nil || len(cs) != MaxPairs {
		t.Errorf("strict at the limit: %d %v", len(cs), err)
	}
	if v, ok := Get([]string{at}, "z"); !ok || v != "9" {
		t.Errorf("Get at the limit: %q %v", v, ok)
	}
	if cs, err := Parse([]string{over}); !errors.Is(err, ErrTooManyCookies) || cs != nil {
		t.Errorf("limit+1: %d %v", len(cs), err)
	}
	if _, err := ParseStrict([]string{over}); !errors.Is(err, ErrTooManyCookies) {
		t.Errorf("strict limit+1: %v", err)
	}
	if !strings.Contains(ErrTooManyCookies.Error(), "3000") {
		t.Errorf("the error does not name the limit: %v", ErrTooManyCookies)
	}
	// Get and All see no cookie where Parse refuses the lines.
	if _, ok := Get([]string{over}, "a"); ok {
		t.Error("Get found a cookie in lines over the limit")
	}
	if All([]string{over}, "a") != nil {
		t.Error("All found cookies in lines over the limit")
	}
	// Pairs of several lines add up; malformed pairs count; empty ones do
	// not.
	half := strings.Repeat("a=1;", MaxPairs/2)
	if _, err := Parse([]string{half, half, "b=2"}); !errors.Is(err, ErrTooManyCookies) {
		t.Errorf("several lines: %v", err)
	}
	if _, err := Parse([]string{half, strings.Repeat("bad;", MaxPairs/2), "b=2"}); !errors.Is(err, ErrTooManyCookies) {
		t.Errorf("malformed pairs: %v", err)
	}
	if cs, err := Parse([]string{at + strings.Repeat("; ;", 5000)}); err != nil || len(cs) != MaxPairs {
		t.Errorf("empty pairs counted: %d %v", len(cs), err)
	}
}

func TestGetAll(t *testing.T) {
	lines := []string{benchCookie, "theme=light; session_id_2=x; session=y"}
	for name, want := range map[string]string{
		"session_id": "abc123def456", "csrftoken": "q1w2e3r4t5", "theme": "dark",
		"_ga": "GA1.2.1234567890.1234567890", "lang": "en-US", "session": "y",
	} {
		if v, ok := Get(lines, name); !ok || v != want {
			t.Errorf("Get(%s) = %q %v", name, v, ok)
		}
	}
	for _, name := range []string{"missing", "sess", "Session_id", "", "a b", "the"} {
		if v, ok := Get(lines, name); ok {
			t.Errorf("Get(%q) found %q", name, v)
		}
	}
	// A malformed first occurrence is skipped, the next one found.
	if v, ok := Get([]string{`a=x\y; a=2`}, "a"); !ok || v != "2" {
		t.Errorf("Get after malformed = %q %v", v, ok)
	}
	if v, ok := Get([]string{"a =\t1"}, "a"); !ok || v != "1" {
		t.Errorf("Get with white space = %q %v", v, ok)
	}
	if got := All(lines, "theme"); !slices.Equal(got, []string{"dark", "light"}) {
		t.Errorf("All = %q", got)
	}
	if got := All(lines, "nope"); got != nil {
		t.Errorf("All(nope) = %q", got)
	}
}

func TestAppendCookieHeader(t *testing.T) {
	b, err := AppendCookieHeader([]byte("x"), []Cookie{{"a", "1"}, {"b", ""}, {"c", "q1w2"}})
	if err != nil || string(b) != "xa=1; b=; c=q1w2" {
		t.Errorf("%q %v", b, err)
	}
	for _, c := range []Cookie{{"a;b", "1"}, {"", "1"}, {"a", "x y"}, {"a", "x;y"}, {"a", "\r\n"}} {
		b, err := AppendCookieHeader([]byte("keep"), []Cookie{{"ok", "1"}, c})
		if !errors.Is(err, ErrInvalidCookie) || string(b) != "keep" {
			t.Errorf("%q: %q %v", c, b, err)
		}
	}
	// What it writes, Parse reads back.
	cs := []Cookie{{"a", "1"}, {"__Host-b", "x.y-z_!#$%&'()*+/:<=>?@[]^`{|}~"}}
	b, _ = AppendCookieHeader(nil, cs)
	if got, err := ParseStrict([]string{string(b)}); err != nil || !slices.Equal(got, cs) {
		t.Errorf("round trip %q: %q %v", b, got, err)
	}
}

// Linear-time guards: 1 MB pathological Cookie headers.
func TestCookieLinearTime(t *testing.T) {
	const mb = 1 << 20
	for name, h := range map[string]string{
		"backslashes":        "a=\"" + strings.Repeat(`\`, mb) + "\"",
		"quoted backslashes": "a=\"" + strings.Repeat(`\"`, mb/2) + "\"",
		"semicolons":         strings.Repeat(";", mb),
		"semicolons and sp":  strings.Repeat("; ", mb/2),
		"quotes":             strings.Repeat(`"`, mb),
		"equals":             "a" + strings.Repeat("=", mb),
		"pairs":              strings.Repeat("a=1;", mb/4),
		"name prefix":        strings.Repeat("session_idx=1;", mb/14),
		"long value":         "a=" + strings.Repeat("v", mb),
	} {
		start := time.Now()
		lines := []string{h}
		_, _ = Parse(lines)
		_, _ = ParseStrict(lines)
		_, _ = Get(lines, "a")
		_, _ = Get(lines, "session_id")
		_ = All(lines, "a")
		if el := time.Since(start); el > race.TimeBound {
			t.Errorf("%s: %v", name, el)
		}
	}
	// Many lines.
	lines := make([]string, mb/8)
	for i := range lines {
		lines[i] = "; ;"
	}
	start := time.Now()
	_, _ = Parse(lines)
	_, _ = Get(lines, "a")
	if el := time.Since(start); el > race.TimeBound {
		t.Errorf("many lines: %v", el)
	}
}

func TestCookieAllocs(t *testing.T) {
	if race.Enabled {
		t.Skip("the race detector allocates")
	}
	lines := []string{benchCookie}
	for _, name := range []string{"session_id", "lang", "missing"} {
		if n := testing.AllocsPerRun(100, func() { _, _ = Get(lines, name) }); n != 0 {
			t.Errorf("Get(%s): %v allocs", name, n)
		}
	}
	if n := testing.AllocsPerRun(100, func() { _, _ = Parse(lines) }); n != 1 {
		t.Errorf("Parse: %v allocs, want 1", n)
	}
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
