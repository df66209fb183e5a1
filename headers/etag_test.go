package headers

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/webob-go/webob/internal/race"
)

func TestParseETagsElements(t *testing.T) {
	tests := []struct {
		name  string
		lines []string
		want  []ETag // nil with err
		any   bool
		err   bool
	}{
		// WebOb tests/test_etag.py ETagMatcherTests, where we agree.
		{name: "webob quoted", lines: []string{`"ONE"`}, want: []ETag{{Tag: "ONE"}}},
		{name: "webob quoted two", lines: []string{`"ONE", "TWO"`}, want: []ETag{{Tag: "ONE"}, {Tag: "TWO"}}},
		{name: "webob quoted two weak", lines: []string{`"ONE", W/"TWO"`}, want: []ETag{{Tag: "ONE"}, {Tag: "TWO", Weak: true}}},
		{name: "webob star", lines: []string{"*"}, any: true},
		// Deliberate differences from WebOb's ETagMatcher.parse, which
		// accepts bare and unterminated tags and a lower-case "w/":
		// RFC 9110 §8.8.3 requires the quotes and a case-sensitive "W/",
		// and a malformed element invalidates the list.
		{name: "webob bare (differs)", lines: []string{"ONE"}, err: true},
		{name: "webob bare list (differs)", lines: []string{"ONE, TWO"}, err: true},
		{name: "webob lower w (differs)", lines: []string{`"ONE", w/"TWO"`}, err: true},
		{name: "webob unterminated (differs)", lines: []string{`"ONE`}, err: true},
		// WebOb's test_etag_nose.py reads W/"a\"b" as the tag a"b; an
		// opaque-tag has no quoted-pair (etagc holds "\" and never DQUOTE),
		// so this is the tag `a\` followed by junk.
		{name: "webob backslash-quote (differs)", lines: []string{`W/"a\"b"`}, err: true},

		// etagc includes "\" and ","; neither escapes nor splits.
		{name: "backslash ends tag", lines: []string{`"a\", "b"`}, want: []ETag{{Tag: `a\`}, {Tag: "b"}}},
		{name: "lone backslash", lines: []string{`"\"`}, want: []ETag{{Tag: `\`}}},
		{name: "comma inside", lines: []string{`"a,b", W/"c"`}, want: []ETag{{Tag: "a,b"}, {Tag: "c", Weak: true}}},
		{name: "empty tag", lines: []string{`""`, `W/""`}, want: []ETag{{}, {Weak: true}}},
		{name: "obs-text", lines: []string{"\"caf\xc3\xa9\""}, want: []ETag{{Tag: "caf\xc3\xa9"}}},
		{name: "ows and empties", lines: []string{" ,\t\"a\" ,, \"b\"\t, ", ","}, want: []ETag{{Tag: "a"}, {Tag: "b"}}},
		{name: "star with ows", lines: []string{" * "}, any: true},
		{name: "star and empties", lines: []string{"*,", ""}, any: true},
		{name: "star twice", lines: []string{"*", "*"}, err: true},
		{name: "star in list", lines: []string{`*, "a"`}, err: true},
		{name: "star glued", lines: []string{`*"a"`}, err: true},
		{name: "missing comma", lines: []string{`"a""b"`}, err: true},
		{name: "space in tag", lines: []string{`"a b"`}, err: true},
		{name: "W/ space", lines: []string{`W/ "a"`}, err: true},
		{name: "bad second line", lines: []string{`"a"`, `b`}, err: true},
		{name: "control", lines: []string{"\"a\x7f\""}, err: true},
	}
	for _, tt := range tests {
		l, err := ParseETags(tt.lines)
		if tt.err {
			if !errors.Is(err, ErrInvalidETag) || l.Present() || l.Len() != 0 {
				t.Errorf("%s: %q gave %v, %v; want ErrInvalidETag and the zero list", tt.name, tt.lines, l, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %q: %v", tt.name, tt.lines, err)
			continue
		}
		got := slices.Collect(l.All())
		if l.Any() != tt.any || !slices.Equal(got, tt.want) {
			t.Errorf("%s: %q gave any=%v %+v, want any=%v %+v", tt.name, tt.lines, l.Any(), got, tt.any, tt.want)
		}
		wantLen := len(tt.want)
		if tt.any {
			wantLen = 1
		}
		if l.Len() != wantLen {
			t.Errorf("%s: Len = %d, want %d", tt.name, l.Len(), wantLen)
		}
		again, err := ParseETags([]string{l.String()})
		if err != nil || !slices.Equal(slices.Collect(again.All()), got) || again.Any() != l.Any() {
			t.Errorf("%s: round trip via %q: %v", tt.name, l.String(), err)
		}
	}
}

func TestETagsMatchTable(t *testing.T) {
	// WebOb's ETagMatcher facts: a list holding the strong ETAGS and the
	// weak WEAK; weak comparison finds both, strong only ETAGS.
	l, err := ParseETags([]string{`"ETAGS", W/"WEAK"`})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		e            ETag
		strong, weak bool
	}{
		{ETag{Tag: "ETAGS"}, true, true},
		{ETag{Tag: "ETAGS", Weak: true}, false, true},
		{ETag{Tag: "WEAK"}, false, true},
		{ETag{Tag: "WEAK", Weak: true}, false, true},
		{ETag{Tag: "BEER"}, false, false},
		{ETag{Tag: "etags"}, false, false}, // opaque tags are case-sensitive
		{ETag{}, false, false},
	}
	for _, tt := range tests {
		if got := l.MatchesStrong(tt.e); got != tt.strong {
			t.Errorf("MatchesStrong(%+v) = %v", tt.e, got)
		}
		if got := l.MatchesWeak(tt.e); got != tt.weak {
			t.Errorf("MatchesWeak(%+v) = %v", tt.e, got)
		}
	}
	// WebOb's _AnyETag contains everything; an absent header (WebOb's
	// _NoETag) nothing.
	star, _ := ParseETags([]string{"*"})
	var absent ETags
	for _, e := range []ETag{{}, {Tag: "something"}, {Tag: "x", Weak: true}} {
		if !star.MatchesStrong(e) || !star.MatchesWeak(e) {
			t.Errorf("* does not match %+v", e)
		}
		if absent.MatchesStrong(e) || absent.MatchesWeak(e) || absent.Any() {
			t.Errorf("absent list matches %+v", e)
		}
	}
	if s := star.String(); s != "*" {
		t.Errorf("star String = %q", s)
	}
	if s := absent.String(); s != "" {
		t.Errorf("absent String = %q", s)
	}
	// Backslash tags compare byte for byte.
	bs, _ := ParseETags([]string{`"a\", W/"b"`})
	if !bs.MatchesStrong(ETag{Tag: `a\`}) || bs.MatchesStrong(ETag{Tag: "a"}) || !bs.MatchesWeak(ETag{Tag: "b"}) {
		t.Error("backslash tag matching")
	}
}

func TestETagFormat(t *testing.T) {
	tests := []struct {
		e    ETag
		want string
		ok   bool
	}{
		{ETag{Tag: "xyzzy"}, `"xyzzy"`, true},
		{ETag{Tag: "xyzzy", Weak: true}, `W/"xyzzy"`, true},
		{ETag{}, `""`, true},
		{ETag{Tag: `a\b`}, `"a\b"`, true},
		{ETag{Tag: "caf\xc3\xa9"}, "\"caf\xc3\xa9\"", true},
		{ETag{Tag: `a"b`}, "", false},
		{ETag{Tag: "a b"}, "", false},
		{ETag{Tag: "a\r\nSet-Cookie: x"}, "", false},
		{ETag{Tag: "a\x00"}, "", false},
	}
	for _, tt := range tests {
		b, err := tt.e.AppendFormat([]byte("x"))
		if tt.ok != (err == nil) || (err != nil && !errors.Is(err, ErrInvalidETag)) {
			t.Errorf("%+v: err = %v", tt.e, err)
			continue
		}
		if !tt.ok {
			if string(b) != "x" || tt.e.String() != "" {
				t.Errorf("%+v: dst changed to %q / String %q", tt.e, b, tt.e.String())
			}
			continue
		}
		if string(b) != "x"+tt.want || tt.e.String() != tt.want {
			t.Errorf("%+v: got %q, want %q", tt.e, b, tt.want)
		}
		if back, err := ParseETag(tt.want); err != nil || back != tt.e {
			t.Errorf("%+v: reparse %+v, %v", tt.e, back, err)
		}
	}
}

func TestETagsIterateAllocs(t *testing.T) {
	if race.Enabled {
		t.Skip("race detector allocates")
	}
	l, _ := ParseETags([]string{`"a\", W/"b"`, `"c,d"`})
	n := 0
	allocs := testing.AllocsPerRun(100, func() {
		for range l.All() {
			n++
		}
		_ = l.AppendFormat(make([]byte, 0, 64)[:0])
	})
	if allocs != 0 {
		t.Errorf("iterating ETags: %v allocs", allocs)
	}
}

func TestETagsBackslashLinearTime(t *testing.T) {
	// 1 MB of tags made of backslashes: the kind of input that makes an
	// escape-aware splitter misread where tags end.
	big := strings.Repeat(`"\\\", `, mb/7)
	within(t, 2*time.Second, func() {
		l, err := ParseETags([]string{big})
		if err != nil || l.Len() != mb/7 {
			t.Errorf("len %d err %v", l.Len(), err)
		}
		if l.MatchesWeak(ETag{Tag: "x"}) {
			t.Error("matched")
		}
	})
	unterminated := `"` + strings.Repeat(`\`, mb)
	within(t, 2*time.Second, func() {
		if _, err := ParseETags([]string{unterminated}); !errors.Is(err, ErrInvalidETag) {
			t.Errorf("unterminated: %v", err)
		}
	})
}

func BenchmarkParseETag(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_, _ = ParseETag(`W/"33a64df551425fcc55e4d42a148795d9f25f89d4"`)
	}
}

func BenchmarkETagsMatchesStrong(b *testing.B) {
	l, _ := ParseETags([]string{`"xyzzy", "r2d2xxxx", "c3piozzzz"`})
	e := ETag{Tag: "c3piozzzz"}
	b.ReportAllocs()
	for b.Loop() {
		_ = l.MatchesStrong(e)
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

func BenchmarkParseETags(b *testing.B) {
	b.ReportAllocs()
	lines := []string{`"xyzzy", "r2d2xxxx", W/"c3piozzzz"`}
	e := ETag{Tag: "c3piozzzz"}
	for b.Loop() {
		l, _ := ParseETags(lines)
		_ = l.MatchesWeak(e)
	}
}
