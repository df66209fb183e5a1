package headers

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/webob-go/webob/internal/race"
)

const benchCacheControl = `public, max-age=3600, s-maxage=600, must-revalidate, no-cache="Set-Cookie", stale-while-revalidate=30`

func TestParseCacheControl(t *testing.T) {
	cc, err := ParseCacheControl([]string{benchCacheControl})
	if err != nil {
		t.Fatal(err)
	}
	if !cc.Public || cc.MaxAge != Seconds(3600) || cc.SMaxAge != Seconds(600) || !cc.MustRevalidate ||
		!cc.NoCache || cc.NoCacheList != "Set-Cookie" || cc.StaleWhileRevalidate != Seconds(30) || cc.Private {
		t.Errorf("got %+v", cc)
	}
	if got := slices.Collect(cc.NoCacheFields()); !slices.Equal(got, []string{"Set-Cookie"}) {
		t.Errorf("NoCacheFields = %q", got)
	}

	tests := []struct {
		lines []string
		check func(CacheControl) bool
		out   string
	}{
		// WebOb test_cachecontrol.py: parse("max-age=10, public") etc.
		{[]string{"max-age=10, public"}, func(c CacheControl) bool { return c.MaxAge == Seconds(10) && c.Public }, "public, max-age=10"},
		{[]string{"no-cache"}, func(c CacheControl) bool { return c.NoCache && c.NoCacheList == "" }, "no-cache"},
		{[]string{`private="Set-Cookie, X-Foo"`}, func(c CacheControl) bool {
			return c.Private && slices.Equal(slices.Collect(c.PrivateFields()), []string{"Set-Cookie", "X-Foo"})
		}, `private="Set-Cookie, X-Foo"`},
		// RFC 9111 §5.2.1.2: max-stale without a value means any staleness.
		{[]string{"max-stale"}, func(c CacheControl) bool { return c.MaxStale.Set && c.MaxStale.Seconds == MaxDeltaSeconds }, "max-stale"},
		{[]string{"max-stale=5, min-fresh=2, only-if-cached, no-transform"}, func(c CacheControl) bool {
			return c.MaxStale == Seconds(5) && c.MinFresh == Seconds(2) && c.OnlyIfCached && c.NoTransform
		}, "no-transform, max-stale=5, min-fresh=2, only-if-cached"},
		// Names are case-insensitive; quoted delta-seconds accepted.
		{[]string{`MAX-AGE="60", Immutable`}, func(c CacheControl) bool { return c.MaxAge == Seconds(60) && c.Immutable }, "max-age=60, immutable"},
		// RFC 9111 §1.2.2: beyond 2^31 is 2^31.
		{[]string{"max-age=99999999999999999999999"}, func(c CacheControl) bool { return c.MaxAge.Seconds == MaxDeltaSeconds }, "max-age=2147483648"},
		// First occurrence wins.
		{[]string{"max-age=1", "max-age=2"}, func(c CacheControl) bool { return c.MaxAge == Seconds(1) }, "max-age=1"},
		// Unknown extensions kept in order.
		{[]string{`community="UCI", foo, bar=baz`}, func(c CacheControl) bool {
			return len(c.Extensions) == 3 && c.Extensions[0] == Extension{"community", "UCI", true} &&
				c.Extensions[1] == Extension{"foo", "", false}
		}, `community=UCI, foo, bar=baz`},
		{[]string{"no-store, proxy-revalidate, must-understand, stale-if-error=60"}, func(c CacheControl) bool {
			return c.NoStore && c.ProxyRevalidate && c.MustUnderstand && c.StaleIfError == Seconds(60)
		}, "no-store, proxy-revalidate, must-understand, stale-if-error=60"},
		{[]string{"", " , "}, func(c CacheControl) bool { return c.String() == "" }, ""},
	}
	for _, tt := range tests {
		cc, err := ParseCacheControl(tt.lines)
		if err != nil || !tt.check(cc) {
			t.Errorf("%q: %+v, %v", tt.lines, cc, err)
			continue
		}
		again, err := ParseCacheControl([]string{cc.String()})
		if err != nil || again.String() != cc.String() {
			t.Errorf("%q: round trip %q: %v", tt.lines, cc.String(), err)
		}
		if cc.String() != tt.out {
			t.Errorf("%q formats as %q, want %q", tt.lines, cc.String(), tt.out)
		}
	}
	for _, bad := range []string{"max-age", "max-age=abc", "max-age=-1", "public=yes", `no-cache="unterminated`, "=5", "a b", "max-age=1 2"} {
		if _, err := ParseCacheControl([]string{bad}); !errors.Is(err, ErrInvalidCacheControl) {
			t.Errorf("%q: err = %v", bad, err)
		}
	}
	var zero CacheControl
	if zero.String() != "" {
		t.Error("zero CacheControl formats non-empty")
	}
	bad := CacheControl{NoCacheList: "a\r\nb"}
	if _, err := bad.AppendFormat(nil); err == nil {
		t.Error("CRLF in no-cache list was formatted")
	}
}

func TestCacheControlFormatOrder(t *testing.T) {
	cc := CacheControl{Public: true, MaxAge: Seconds(3600), SMaxAge: Seconds(600), MustRevalidate: true, NoCacheList: "Set-Cookie", StaleWhileRevalidate: Seconds(30)}
	want := `public, no-cache="Set-Cookie", max-age=3600, s-maxage=600, must-revalidate, stale-while-revalidate=30`
	if got := cc.String(); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestCacheControlAllocs(t *testing.T) {
	if race.Enabled {
		t.Skip("race detector allocates")
	}
	lines := []string{benchCacheControl}
	if n := testing.AllocsPerRun(100, func() { _, _ = ParseCacheControl(lines) }); n > 0 {
		t.Errorf("ParseCacheControl: %v allocs", n)
	}
}

func FuzzParseCacheControl(f *testing.F) {
	f.Add(benchCacheControl)
	f.Add(`private="a,b", x=y, max-stale`)
	f.Fuzz(func(t *testing.T, s string) {
		cc, err := ParseCacheControl([]string{s})
		if err != nil {
			if !errors.Is(err, ErrInvalidCacheControl) {
				t.Fatal(err)
			}
			return
		}
		out, err := cc.AppendFormat(nil)
		if err != nil {
			return // e.g. a field list with a control byte cannot be re-sent
		}
		again, err := ParseCacheControl([]string{string(out)})
		if err != nil || again.String() != string(out) {
			t.Fatalf("round trip %q -> %q -> %q, %v", s, out, again.String(), err)
		}
	})
}

func BenchmarkParseCacheControl(b *testing.B) {
	lines := []string{benchCacheControl}
	b.ReportAllocs()
	for b.Loop() {
		_, _ = ParseCacheControl(lines)
	}
}

func BenchmarkFormatCacheControl(b *testing.B) {
	cc, _ := ParseCacheControl([]string{benchCacheControl})
	buf := make([]byte, 0, 256)
	b.ReportAllocs()
	for b.Loop() {
		buf, _ = cc.AppendFormat(buf[:0])
	}
}

func TestLookupDirectiveMatchesSlowReference(t *testing.T) {
	slow := func(name string) int {
		for i, d := range ccDirectives {
			if strings.EqualFold(d.name, name) {
				return i
			}
		}
		return -1
	}
	var names []string
	for _, d := range ccDirectives {
		names = append(names, d.name, strings.ToUpper(d.name), d.name[:len(d.name)-1]+"x", "x"+d.name[1:])
	}
	names = append(names, "", "a", "no-stare", "must-revalidatx", "community")
	for _, n := range names {
		if got, want := lookupDirective(n), slow(n); got != want {
			t.Errorf("lookupDirective(%q) = %d, want %d", n, got, want)
		}
	}
}

func TestCacheControlExamples(t *testing.T) {
	tests := []struct {
		name string
		in   []string
		want CacheControl
		out  string
	}{
		// RFC 9111 §5.2.3: an extension directive beside a known one.
		{"rfc9111-ext", []string{`private, community="UCI"`},
			CacheControl{Private: true, Extensions: []Extension{{"community", "UCI", true}}},
			`private, community=UCI`},
		// RFC 5861 §3 and §4.
		{"rfc5861-swr", []string{"max-age=600, stale-while-revalidate=30"},
			CacheControl{MaxAge: Seconds(600), StaleWhileRevalidate: Seconds(30)},
			"max-age=600, stale-while-revalidate=30"},
		{"rfc5861-sie", []string{"max-age=600, stale-if-error=1200"},
			CacheControl{MaxAge: Seconds(600), StaleIfError: Seconds(1200)},
			"max-age=600, stale-if-error=1200"},
		// RFC 8246 §2.
		{"rfc8246", []string{"max-age=31536000, immutable"},
			CacheControl{MaxAge: Seconds(31536000), Immutable: true},
			"max-age=31536000, immutable"},
		// WebOb test_cachecontrol.py test_parse: "public, max-age=315360000".
		{"webob-parse", []string{"public, max-age=315360000"},
			CacheControl{Public: true, MaxAge: Seconds(315360000)},
			"public, max-age=315360000"},
		// WebOb test_serialize_cache_control_*: {'header': 'a'} → "header=a",
		// {'header': None} → "header".
		{"webob-serialize-value", []string{"header=a"},
			CacheControl{Extensions: []Extension{{"header", "a", true}}}, "header=a"},
		{"webob-serialize-none", []string{"header"},
			CacheControl{Extensions: []Extension{{"header", "", false}}}, "header"},
		// WebOb serialises {'header': '""'} as `header=""""`, which is not a
		// quoted-string; ours escapes the quotes.
		{"webob-serialize-quotes", []string{`header="\"\""`},
			CacheControl{Extensions: []Extension{{"header", `""`, true}}}, `header="\"\""`},
		// An empty quoted value is a value.
		{"empty-quoted-ext", []string{`x=""`},
			CacheControl{Extensions: []Extension{{"x", "", true}}}, `x=""`},
		// RFC 9111 §1.2.2 at the edge of 2^31.
		{"delta-2^31-1", []string{"max-age=2147483647"}, CacheControl{MaxAge: Seconds(2147483647)}, "max-age=2147483647"},
		{"delta-2^31", []string{"max-age=2147483648"}, CacheControl{MaxAge: Seconds(2147483648)}, "max-age=2147483648"},
		{"delta-2^31+1", []string{"s-maxage=2147483649"}, CacheControl{SMaxAge: Seconds(MaxDeltaSeconds)}, "s-maxage=2147483648"},
		{"delta-leading-zeros", []string{"max-age=" + strings.Repeat("0", 40) + "7"}, CacheControl{MaxAge: Seconds(7)}, "max-age=7"},
		// Several lines; extensions in order across them, names lower-cased.
		{"lines", []string{"Foo=1, NO-STORE", "", "bar, MUST-REVALIDATE, Baz=\"q,r\""},
			CacheControl{NoStore: true, MustRevalidate: true, Extensions: []Extension{{"foo", "1", true}, {"bar", "", false}, {"baz", "q,r", true}}},
			`no-store, must-revalidate, foo=1, bar, baz="q,r"`},
		// Tabs and empty elements around the directives.
		{"ows", []string{"\t,no-cache ,\t, max-age=0 ,"}, CacheControl{NoCache: true, MaxAge: Seconds(0)}, "no-cache, max-age=0"},
		// A bare no-cache after no-cache="..." keeps the list; private="..."
		// given as a token is read too.
		{"no-cache-list-then-bare", []string{`no-cache="Set-Cookie, Authorization", no-cache, private=X-Foo`},
			CacheControl{NoCache: true, NoCacheList: "Set-Cookie, Authorization", Private: true, PrivateList: "X-Foo"},
			`private="X-Foo", no-cache="Set-Cookie, Authorization"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cc, err := ParseCacheControl(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if !equalCacheControl(cc, tt.want) {
				t.Errorf("got  %+v\nwant %+v", cc, tt.want)
			}
			if got := cc.String(); got != tt.out {
				t.Errorf("formats as %q, want %q", got, tt.out)
			}
			again, err := ParseCacheControl([]string{cc.String()})
			if err != nil || !equalCacheControl(again, cc) {
				t.Errorf("round trip: %+v, %v", again, err)
			}
		})
	}

	cc, _ := ParseCacheControl([]string{`no-cache="Set-Cookie, , Authorization,"`})
	if got := slices.Collect(cc.NoCacheFields()); !slices.Equal(got, []string{"Set-Cookie", "Authorization"}) {
		t.Errorf("NoCacheFields = %q", got)
	}
	var zero CacheControl
	if n := len(slices.Collect(zero.PrivateFields())); n != 0 {
		t.Errorf("zero PrivateFields yields %d", n)
	}
}

func equalCacheControl(a, b CacheControl) bool {
	if !slices.Equal(a.Extensions, b.Extensions) {
		return false
	}
	return a.String() == b.String() && a.NoCache == b.NoCache && a.Private == b.Private &&
		a.NoCacheList == b.NoCacheList && a.PrivateList == b.PrivateList && a.MaxStale == b.MaxStale &&
		a.MaxAge == b.MaxAge && a.SMaxAge == b.SMaxAge && a.MinFresh == b.MinFresh &&
		a.StaleWhileRevalidate == b.StaleWhileRevalidate && a.StaleIfError == b.StaleIfError
}

func TestCacheControlErrors(t *testing.T) {
	for _, bad := range []string{
		// WebOb test_parse_valueerror_int keeps "abc" as the max_age; a
		// delta-seconds must be digits, so here the header is invalid.
		"public, max-age=abc",
		"max-age=", "max-age=\"\"", "max-age=1.5", "max-age=+1", "s-maxage", "min-fresh",
		"stale-while-revalidate", "stale-if-error=x",
		"no-store=1", `immutable=""`, "must-revalidate=yes",
		`private="a"b`, "no-cache=\"a\r\nb\"", "foo=bar=baz", "foo=", ";", "max-age=1;", "é",
	} {
		_, err := ParseCacheControl([]string{"public", bad})
		if !errors.Is(err, ErrInvalidCacheControl) {
			t.Errorf("%q: err = %v", bad, err)
		}
	}
	// Formatting refuses what cannot be sent, leaving dst alone.
	for _, cc := range []CacheControl{
		{PrivateList: "a\nb"},
		{Extensions: []Extension{{"bad name", "", false}}},
		{Extensions: []Extension{{"x", "a\x00b", true}}},
		{Extensions: []Extension{{"", "v", true}}},
	} {
		dst := []byte("keep")
		out, err := cc.AppendFormat(dst)
		if !errors.Is(err, ErrInvalidCacheControl) || string(out) != "keep" {
			t.Errorf("%+v: %q, %v", cc, out, err)
		}
		if cc.String() != "" {
			t.Errorf("%+v: String = %q", cc, cc.String())
		}
	}
	// Out-of-range deltas set by hand are clamped when written.
	cc := CacheControl{MaxAge: Delta{Seconds: -5, Set: true}, SMaxAge: Delta{Seconds: 1 << 40, Set: true}, MinFresh: Delta{Seconds: 9}}
	if got := cc.String(); got != "max-age=0, s-maxage=2147483648" {
		t.Errorf("clamped = %q", got)
	}
	if Seconds(-1) != (Delta{0, true}) || Seconds(1<<40) != (Delta{MaxDeltaSeconds, true}) {
		t.Error("Seconds does not clamp")
	}
}
