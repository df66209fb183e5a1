package negotiate

import (
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/language"

	"github.com/webob-go/webob/internal/errtest"
	"github.com/webob-go/webob/internal/race"
)

func mustAccept(t *testing.T, lines ...string) Accept {
	t.Helper()
	a, _ := ParseAccept(lines)
	return a
}

func TestAppendQ(t *testing.T) {
	for q, want := range map[int]string{1000: "", 0: ";q=0", 500: ";q=0.5", 120: ";q=0.12", 123: ";q=0.123", 5: ";q=0.005"} {
		if got := string(appendQ(nil, q)); got != want {
			t.Errorf("appendQ(%d) = %q", q, got)
		}
	}
}

// The cases the issue lists, where Go peers get it wrong today.
func TestAcceptPeersFail(t *testing.T) {
	tests := []struct {
		name   string
		lines  []string
		offers []string
		want   []string
		state  State
	}{
		{"q=0 excludes despite */*", []string{"text/html;q=0, */*"}, []string{"text/html"}, nil, Valid},
		{"specific beats wildcard", []string{"text/*;q=0.1, */*"}, []string{"text/html", "application/json"}, []string{"application/json", "text/html"}, Valid},
		{"params do not swallow the line", []string{"text/html;level=1, application/json"}, []string{"application/json"}, []string{"application/json"}, Valid},
		{"case-insensitive", []string{"Application/JSON"}, []string{"application/json"}, []string{"application/json"}, Valid},
		{"Q is q", []string{"text/html;Q=0.5, application/json;q=0.9"}, []string{"text/html", "application/json"}, []string{"application/json", "text/html"}, Valid},
		{"field lines are one list", []string{"text/html;q=0.1", "application/json"}, []string{"text/html", "application/json"}, []string{"application/json", "text/html"}, Valid},
		{"q=1.5 is invalid", []string{"text/html;q=1.5, application/json"}, []string{"text/html", "application/json"}, []string{"text/html", "application/json"}, Invalid},
		{"missing accepts all", nil, []string{"application/json", "text/html"}, []string{"application/json", "text/html"}, Missing},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := ParseAccept(tt.lines)
			if a.State() != tt.state || (tt.state == Invalid) != (err != nil) {
				t.Fatalf("state %v err %v", a.State(), err)
			}
			var got []string
			for _, o := range a.AcceptableOffers(tt.offers...) {
				got = append(got, o.Value)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("acceptable = %q, want %q", got, tt.want)
			}
			b, ok := a.Best(tt.offers...)
			if (len(tt.want) > 0) != ok || (ok && b != tt.want[0]) {
				t.Errorf("Best = %q %v", b, ok)
			}
			prep, err := NewOffers(tt.offers...)
			if err != nil {
				t.Fatal(err)
			}
			if b2, ok2 := a.BestOffer(prep); b2 != b || ok2 != ok {
				t.Errorf("BestOffer = %q %v, Best = %q %v", b2, ok2, b, ok)
			}
			if b3, ok3 := prep.Negotiate(tt.lines); b3 != b || ok3 != ok {
				t.Errorf("Negotiate = %q %v, Best = %q %v", b3, ok3, b, ok)
			}
		})
	}
}

func TestAcceptSpecificity(t *testing.T) {
	// RFC 9110 §12.5.1 example.
	a := mustAccept(t, "text/*;q=0.3, text/plain;q=0.7, text/plain;format=flowed, text/plain;format=fixed;q=0.4, */*;q=0.5")
	for offer, want := range map[string]float64{
		"text/plain;format=flowed": 1,
		"text/plain":               0.7,
		"text/html":                0.3,
		"image/jpeg":               0.5,
		"text/plain;format=fixed":  0.4,
		"text/html;level=3":        0.3,
	} {
		if got := a.Quality(offer); got != want {
			t.Errorf("Quality(%s) = %v, want %v", offer, got, want)
		}
	}
	// First among equally specific wins.
	a = mustAccept(t, "text/html;q=0.2, text/html;q=0.9")
	if q := a.Quality("text/html"); q != 0.2 {
		t.Errorf("first equal range: %v", q)
	}
	// Accept-ext parameters after q are ignored for matching.
	a = mustAccept(t, "text/html;q=0.5;ext=1")
	if q := a.Quality("text/html"); q != 0.5 {
		t.Errorf("accept-ext: %v", q)
	}
	// Empty Accept is valid and accepts nothing.
	a, err := ParseAccept([]string{""})
	if err != nil || a.State() != Valid || a.Quality("text/html") != 0 {
		t.Errorf("empty Accept: %v %v", a.State(), err)
	}
	// Invalid offers are dropped; duplicates collapse.
	a = mustAccept(t, "*/*")
	got := a.AcceptableOffers("text/*", "text/html;q=1", "text/html", "TEXT/HTML", "bad")
	if len(got) != 1 || got[0].Value != "text/html" {
		t.Errorf("offers: %+v", got)
	}
	if _, err := NewOffers("text/*"); !errors.Is(err, ErrInvalidOffer) {
		t.Errorf("NewOffers wildcard: %v", err)
	}
	if !mustAccept(t, "application/xhtml+xml").AcceptsHTML() || mustAccept(t, "application/json").AcceptsHTML() {
		t.Error("AcceptsHTML")
	}
	if !(Accept{}).AcceptsHTML() {
		t.Error("missing Accept accepts HTML")
	}
}

func TestAcceptParse(t *testing.T) {
	valid := []string{
		"*/*", "text/html", "text/html, application/xhtml+xml, application/xml;q=0.9, */*;q=0.8",
		"text/plain; q=0.5, text/html", `text/html;charset="utf-8";q=0.2`, ",,text/html,,", "text/html ;q=0",
		"audio/*; q=0.2, audio/basic", "text/html;level=1;q=0.5;ext=\"x y\"",
	}
	for _, s := range valid {
		a, err := ParseAccept([]string{s})
		if err != nil || a.State() != Valid {
			t.Errorf("%q: %v", s, err)
		}
		again, err := ParseAccept([]string{a.String()})
		if err != nil || again.String() != a.String() {
			t.Errorf("%q: round trip %q: %v", s, a.String(), err)
		}
	}
	invalid := []string{
		"text", "text/", "*/html", "text/html;q=2", "text/html;q=", "text/html;q", "text/html junk",
		"text/html;q=1.0000", "text/html;q=-1", `text/html;a="unterminated`, "/html",
		// A qvalue is never quoted (RFC 9110 §12.4.2), as in the Accept-* token headers.
		`text/html;q="0.5"`, `text/html;Q="1"`,
	}
	for _, s := range invalid {
		a, err := ParseAccept([]string{s})
		if !errors.Is(err, ErrInvalidHeader) || a.State() != Invalid {
			t.Errorf("%q: state %v err %v", s, a.State(), err)
		}
		if q := a.Quality("text/html"); q != 1 {
			t.Errorf("%q: invalid header must accept everything, got %v", s, q)
		}
	}
}

// A range that repeats a parameter name matches only an offer with those
// very parameters, and String keeps the repetition (it used to drop every
// parameter of such a range, widening what the formatted header accepts).
func TestAcceptRepeatedParams(t *testing.T) {
	a := mustAccept(t, "text/html;a=1;a=1, text/plain;A=1;q=0.5")
	if got := a.String(); got != "text/html;a=1;a=1, text/plain;a=1;q=0.5" {
		t.Errorf("String = %q", got)
	}
	for offer, want := range map[string]float64{
		"text/html;a=1;b=2": 0, "text/html;a=1": 0, "text/html": 0,
		"text/plain;a=1": 0.5, "text/plain;a=2": 0, "text/plain": 0,
	} {
		if got := a.Quality(offer); got != want {
			t.Errorf("Quality(%q) = %v, want %v", offer, got, want)
		}
	}
	// More parameters than the packed form counts still negotiate the same.
	long := "text/html" + strings.Repeat(";a=1", 300) + ", text/plain"
	a = mustAccept(t, long)
	o, _ := NewOffers("text/html;a=1", "text/plain")
	if got, _ := a.BestOffer(o); got != "text/plain" {
		t.Errorf("BestOffer = %q", got)
	}
	if got, _ := o.Negotiate([]string{long}); got != "text/plain" {
		t.Errorf("Negotiate = %q", got)
	}
}

func TestAcceptCharset(t *testing.T) {
	tests := []struct {
		header string
		offers []string
		want   []Offer
	}{
		{"utf-8, iso-8859-1;q=0.5", []string{"iso-8859-1", "utf-8"}, []Offer{{"utf-8", 1}, {"iso-8859-1", 0.5}}},
		{"UTF-8", []string{"utf-8"}, []Offer{{"utf-8", 1}}},
		{"iso-8859-5, unicode-1-1;q=0.8", []string{"unicode-1-1", "utf-8"}, []Offer{{"unicode-1-1", 0.8}}},
		// q=0 excludes even with *; * applies only to charsets not named.
		{"utf-8;q=0, *", []string{"utf-8", "latin1"}, []Offer{{"latin1", 1}}},
		{"*;q=0.2, utf-8", []string{"latin1", "utf-8"}, []Offer{{"utf-8", 1}, {"latin1", 0.2}}},
		// The first occurrence wins.
		{"utf-8;q=0.1, utf-8", []string{"utf-8"}, []Offer{{"utf-8", 0.1}}},
	}
	for _, tt := range tests {
		a, err := ParseAcceptCharset([]string{tt.header})
		if err != nil {
			t.Fatalf("%q: %v", tt.header, err)
		}
		if got := a.AcceptableOffers(tt.offers...); !slices.Equal(got, tt.want) {
			t.Errorf("%q: %+v, want %+v", tt.header, got, tt.want)
		}
	}
	for _, bad := range []string{"", "utf-8;level=1", "utf 8", "utf-8;q=5"} {
		a, err := ParseAcceptCharset([]string{bad})
		if !errors.Is(err, ErrInvalidHeader) || a.State() != Invalid || a.Quality("x") != 1 {
			t.Errorf("%q: %v %v", bad, a.State(), err)
		}
	}
	if (AcceptCharset{}).Quality("utf-8") != 1 {
		t.Error("missing Accept-Charset")
	}
}

func TestAcceptEncoding(t *testing.T) {
	tests := []struct {
		lines  []string
		offers []string
		want   []string
	}{
		{[]string{"gzip;q=0, *"}, []string{"gzip", "br"}, []string{"br"}},
		{[]string{"GZIP"}, []string{"gzip"}, []string{"gzip"}},
		{[]string{""}, []string{"gzip", "identity"}, []string{"identity"}},
		{[]string{"gzip"}, []string{"gzip", "identity"}, []string{"gzip", "identity"}},
		{[]string{"gzip, identity;q=0"}, []string{"gzip", "identity"}, []string{"gzip"}},
		{[]string{"*;q=0"}, []string{"gzip", "identity"}, nil},
		{[]string{"*;q=0, identity;q=0.5"}, []string{"gzip", "identity"}, []string{"identity"}},
		{[]string{"br;q=1.0, gzip;q=0.8, *;q=0.1"}, []string{"identity", "gzip", "br"}, []string{"br", "gzip", "identity"}},
		{nil, []string{"gzip", "br"}, []string{"gzip", "br"}},
	}
	for _, tt := range tests {
		a, err := ParseAcceptEncoding(tt.lines)
		if err != nil {
			t.Fatalf("%q: %v", tt.lines, err)
		}
		var got []string
		for _, o := range a.AcceptableOffers(tt.offers...) {
			got = append(got, o.Value)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%q %q: %q, want %q", tt.lines, tt.offers, got, tt.want)
		}
		b, ok := a.Best(tt.offers...)
		if ok != (len(tt.want) > 0) || ok && b != tt.want[0] {
			t.Errorf("%q: Best = %q %v", tt.lines, b, ok)
		}
	}
	a, _ := ParseAcceptEncoding([]string{"br;q=1.0, gzip;q=0.80"})
	if a.String() != "br, gzip;q=0.8" {
		t.Errorf("String = %q", a.String())
	}
}

func TestAcceptLanguageParse(t *testing.T) {
	for _, s := range []string{"en-US,en;q=0.9,fr;q=0.8,de;q=0.7", "*", "zh-Hant-TW", "de-CH-1901", "x-klingon", "en-gb;q=0.8, *;q=0.1"} {
		if a, err := ParseAcceptLanguage([]string{s}); err != nil || a.State() != Valid {
			t.Errorf("%q: %v", s, err)
		}
	}
	for _, s := range []string{"", "en_US", "abcdefghi", "en-", "-en", "en--us", "1en", "en;q=2", "en;x=1", "en-abcdefghi"} {
		if a, err := ParseAcceptLanguage([]string{s}); !errors.Is(err, ErrInvalidHeader) || a.State() != Invalid {
			t.Errorf("%q: %v %v", s, a.State(), err)
		}
	}
}

func TestBasicFiltering(t *testing.T) {
	tests := []struct {
		header string
		tags   []string
		want   []Offer
	}{
		// RFC 4647 §3.3.1: de-de matches de-DE-1996 but not de-Deva.
		{"de-de", []string{"de", "de-DE", "de-de", "de-Latn-DE", "de-Latf-DE", "de-DE-x-goethe", "de-Latn-DE-1996", "de-Deva-DE", "de-DE-1996"},
			[]Offer{{"de-DE", 1}, {"de-de", 1}, {"de-DE-x-goethe", 1}, {"de-DE-1996", 1}}},
		{"en-US,en;q=0.9,fr;q=0.8", []string{"fr", "en", "en-US", "en-GB", "de"},
			[]Offer{{"en-US", 1}, {"en", 0.9}, {"en-GB", 0.9}, {"fr", 0.8}}},
		// q=0 excludes a tag any q=0 range matches; * covers the rest.
		{"en;q=0, *;q=0.5", []string{"en-US", "fr"}, []Offer{{"fr", 0.5}}},
		{"*", []string{"en", "fr"}, []Offer{{"en", 1}, {"fr", 1}}},
		{"fr-FR, fr;q=0.5", []string{"fr-FR", "fr-CA"}, []Offer{{"fr-FR", 1}, {"fr-CA", 0.5}}},
	}
	for _, tt := range tests {
		a, err := ParseAcceptLanguage([]string{tt.header})
		if err != nil {
			t.Fatal(err)
		}
		if got := a.BasicFiltering(tt.tags...); !slices.Equal(got, tt.want) {
			t.Errorf("%q: %+v\nwant %+v", tt.header, got, tt.want)
		}
	}
}

func TestLookup(t *testing.T) {
	tests := []struct {
		header                      string
		tags                        []string
		defRange, defTag, def, want string
	}{
		// RFC 4647 §3.4's truncation example.
		{"zh-Hant-CN-x-private1-private2", []string{"zh-Hant", "zh"}, "", "", "", "zh-Hant"},
		{"zh-Hant-CN-x-private1-private2", []string{"zh-Hant-CN"}, "", "", "", "zh-Hant-CN"},
		{"zh-Hant-CN-x-private1-private2", []string{"zh"}, "", "", "", "zh"},
		{"en-US,en;q=0.9,fr;q=0.8", []string{"fr", "de"}, "", "", "", "fr"},
		{"fr;q=0.5, de", []string{"fr", "de"}, "", "", "", "de"},
		// * is ignored by lookup; q=0 excludes exact tags.
		{"*, fr;q=0", []string{"fr", "en"}, "", "en", "", "en"},
		{"en-US;q=0, en", []string{"en-US"}, "", "", "none", "none"},
		{"de", []string{"fr", "en"}, "en-GB", "", "", "en"},
		{"de", []string{"fr"}, "", "fr", "x", "fr"},
		{"de, fr;q=0", []string{"es"}, "", "fr", "x", "x"},
		{"de", nil, "", "", "fallback", "fallback"},
		{"fr, *", []string{"en", "fr"}, "", "", "fallback", "fr"},
	}
	for _, tt := range tests {
		a, err := ParseAcceptLanguage([]string{tt.header})
		if err != nil {
			t.Fatal(err)
		}
		if got := a.Lookup(tt.tags, tt.defRange, tt.defTag, tt.def); got != tt.want {
			t.Errorf("%q %q: %q, want %q", tt.header, tt.tags, got, tt.want)
		}
	}
	if got := (AcceptLanguage{}).Lookup([]string{"en"}, "", "en", "x"); got != "en" {
		t.Errorf("missing header: %q", got)
	}
}

func TestLanguageMatcher(t *testing.T) {
	m, err := NewLanguageMatcher("en", "zh-Hant", "fr")
	if err != nil {
		t.Fatal(err)
	}
	for header, want := range map[string]int{"zh-TW": 1, "en-GB": 0, "fr-CA, en;q=0.5": 2, "de": 0} {
		a, _ := ParseAcceptLanguage([]string{header})
		if i, conf := m.Match(a); i != want || (header != "de" && conf == language.No) {
			t.Errorf("%q: %d %v", header, i, conf)
		}
	}
	huge := strings.Repeat("en-US-x-abcdefgh-abcdefgh-abcdefgh, ", 30000)
	a, _ := ParseAcceptLanguage([]string{huge})
	within(t, 2*time.Second, func() { m.Match(a) })
}

func TestAllocs(t *testing.T) {
	if race.Enabled {
		t.Skip("race detector allocates")
	}
	offers, _ := NewOffers("application/json", "text/html")
	for _, h := range []string{"text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8", "application/json", "*/*",
		"text/html;level=1;q=0.5, application/json;q=0.4"} {
		lines := []string{h}
		n := testing.AllocsPerRun(100, func() {
			a, _ := ParseAccept(lines)
			_, _ = a.BestOffer(offers)
		})
		if n != 0 {
			t.Errorf("%q: %v allocs", h, n)
		}
		if n := testing.AllocsPerRun(100, func() { _, _ = offers.Negotiate(lines) }); n != 0 {
			t.Errorf("Negotiate %q: %v allocs", h, n)
		}
	}
	for _, h := range []string{"gzip, deflate, br, zstd", "gzip;q=0.8, br;q=0.9, *;q=0", `gzip;q="0.8", br`} {
		enc := []string{h}
		if n := testing.AllocsPerRun(100, func() {
			a, _ := ParseAcceptEncoding(enc)
			_, _ = a.Best("br", "gzip", "identity")
		}); n != 0 {
			t.Errorf("Accept-Encoding %q: %v allocs", h, n)
		}
	}
}

func within(t *testing.T, d time.Duration, f func()) {
	t.Helper()
	if race.Enabled {
		d *= 4 // the race detector slows everything; quadratic time still fails
	}
	start := time.Now()
	f()
	if el := time.Since(start); el > d {
		t.Errorf("took %v > %v", el, d)
	}
}

func TestLinearTime(t *testing.T) {
	const mb = 1 << 20
	offers, _ := NewOffers("application/json", "text/html")
	big := strings.Repeat("text/plain;q=0.5, ", mb/18)
	within(t, 3*time.Second, func() {
		a, err := ParseAccept([]string{big})
		if err != nil {
			t.Fatal(err)
		}
		a.BestOffer(offers)
		a.AcceptableOffers("text/plain", "text/html")
	})
	within(t, 2*time.Second, func() {
		_, _ = ParseAccept([]string{"text/html;a=\"" + strings.Repeat(`\\`, mb/2) + "\""})
		_, _ = ParseAccept([]string{strings.Repeat(",", mb)})
		_, _ = ParseAccept([]string{"text/html" + strings.Repeat(";a=1", mb/4)})
	})
	within(t, 2*time.Second, func() {
		// The prepared path, all weight-only ranges, and ranges with
		// parameters that go through nextRange.
		offers.Negotiate([]string{big})
		offers.Negotiate([]string{strings.Repeat("text/html;level=1;q=0.5, ", mb/25)})
	})
	enc := strings.Repeat("gzip;q=0.5, ", mb/12)
	within(t, 2*time.Second, func() {
		// Plain tokens read by the scanner, and the same with a last
		// element that sends the whole header to the List path.
		for _, h := range []string{enc, enc + `x;a="b"`, strings.Repeat(", ", mb/2)} {
			a, _ := ParseAcceptEncoding([]string{h})
			a.Best("br", "identity")
			c, _ := ParseAcceptCharset([]string{h})
			c.Best("utf-8")
		}
	})
	lang := strings.Repeat("en-US;q=0.5, ", mb/13)
	within(t, 3*time.Second, func() {
		a, err := ParseAcceptLanguage([]string{lang})
		if err != nil {
			t.Fatal(err)
		}
		a.Lookup([]string{"fr", "de"}, "", "", "")
		a.BasicFiltering("fr", "de")
	})
}

// TestLinearTimeLanguage guards the orderings and exclusions of Lookup and
// BasicFiltering: a 1 MB header whose weights rise (a quadratic sort took
// 14s on it) and one whose every range names an offered tag.
func TestLinearTimeLanguage(t *testing.T) {
	const mb = 1 << 20
	var b strings.Builder
	for i := 0; b.Len() < mb; i++ {
		b.WriteString("en-x-a;q=0.")
		b.WriteString(strconv.Itoa(1 + i%999))
		b.WriteString(", ")
	}
	for _, h := range []string{b.String(), strings.Repeat("fr;q=0.5, fr;q=0, ", mb/18)} {
		a, err := ParseAcceptLanguage([]string{h})
		if err != nil {
			t.Fatal(err)
		}
		within(t, 2*time.Second, func() {
			a.Lookup([]string{"de", "fr", "en-x-a"}, "fr-CA", "fr", "")
			a.BasicFiltering("de", "fr", "en-x-a")
			a.Best("de", "fr")
		})
	}
	// The same shapes in Accept-Charset and Accept-Encoding.
	var c strings.Builder
	for i := 0; c.Len() < mb; i++ {
		c.WriteString("utf-8;q=0.")
		c.WriteString(strconv.Itoa(1 + i%999))
		c.WriteString(", ")
	}
	within(t, 2*time.Second, func() {
		cs, err := ParseAcceptCharset([]string{c.String()})
		if err != nil {
			t.Fatal(err)
		}
		cs.AcceptableOffers("latin1", "utf-8")
		enc, _ := ParseAcceptEncoding([]string{strings.ReplaceAll(c.String(), "utf-8", "gzip")})
		enc.AcceptableOffers("br", "gzip", "identity")
	})
}

func FuzzParseAccept(f *testing.F) {
	for _, s := range []string{"text/html;q=0.5, */*", "text/html;level=1;q=0;x=y", "a/b;c=\"d\"", ",,"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := ParseAccept([]string{s})
		if err != nil {
			if !errors.Is(err, ErrInvalidHeader) || a.State() != Invalid {
				t.Fatalf("bad failure: %v %v", a.State(), err)
			}
			return
		}
		again, err := ParseAccept([]string{a.String()})
		if err != nil || again.String() != a.String() {
			t.Fatalf("round trip %q -> %q -> %q, %v", s, a.String(), again.String(), err)
		}
		offers := []string{"text/html", "application/json", "text/html;level=1", `text/plain;charset="utf-8";format=flowed`}
		if !slices.Equal(a.AcceptableOffers(offers...), again.AcceptableOffers(offers...)) {
			t.Fatalf("round trip changed negotiation for %q", s)
		}
		prep, _ := NewOffers(offers...)
		b1, ok1 := a.BestOffer(prep)
		b2, ok2 := prep.Negotiate([]string{s})
		if b1 != b2 || ok1 != ok2 {
			t.Fatalf("%q: BestOffer %q %v, Negotiate %q %v", s, b1, ok1, b2, ok2)
		}
	})
}

func FuzzParseAcceptLanguage(f *testing.F) {
	f.Add("en-US,en;q=0.9,*;q=0.1")
	f.Add("zh-Hant-CN-x-private1, de;q=0, *;q=0")
	f.Fuzz(func(t *testing.T, s string) {
		a, err := ParseAcceptLanguage([]string{s})
		if err != nil {
			if !errors.Is(err, ErrInvalidHeader) || a.State() != Invalid {
				t.Fatalf("bad failure: %v %v", a.State(), err)
			}
			return
		}
		again, err := ParseAcceptLanguage([]string{a.String()})
		if err != nil || again.String() != a.String() {
			t.Fatalf("round trip %q -> %q", s, a.String())
		}
		tags := []string{"en", "fr-CA", "de", "zh-Hant"}
		if a.Lookup(tags, "de", "en", "x") != again.Lookup(tags, "de", "en", "x") ||
			!slices.Equal(a.BasicFiltering(tags...), again.BasicFiltering(tags...)) {
			t.Fatalf("round trip changed negotiation for %q", s)
		}
	})
}

func FuzzParseAcceptCharset(f *testing.F) {
	f.Add("utf-8;q=0, *, iso-8859-1;q=0.5")
	f.Fuzz(func(t *testing.T, s string) {
		a, err := ParseAcceptCharset([]string{s})
		if err != nil {
			if !errors.Is(err, ErrInvalidHeader) || a.State() != Invalid {
				t.Fatalf("bad failure: %v %v", a.State(), err)
			}
			return
		}
		again, err := ParseAcceptCharset([]string{a.String()})
		if err != nil || again.String() != a.String() {
			t.Fatalf("round trip %q -> %q", s, a.String())
		}
		offers := []string{"utf-8", "latin1", "UTF-8"}
		if !slices.Equal(a.AcceptableOffers(offers...), again.AcceptableOffers(offers...)) {
			t.Fatalf("round trip changed negotiation for %q", s)
		}
	})
}

func FuzzParseAcceptEncoding(f *testing.F) {
	f.Add("gzip;q=0, *, identity;q=0.5")
	f.Fuzz(func(t *testing.T, s string) {
		a, err := ParseAcceptEncoding([]string{s})
		if err != nil {
			if !errors.Is(err, ErrInvalidHeader) || a.State() != Invalid {
				t.Fatalf("bad failure: %v %v", a.State(), err)
			}
			return
		}
		again, err := ParseAcceptEncoding([]string{a.String()})
		if err != nil || again.String() != a.String() {
			t.Fatalf("round trip %q -> %q", s, a.String())
		}
		offers := []string{"gzip", "br", "identity"}
		if !slices.Equal(a.AcceptableOffers(offers...), again.AcceptableOffers(offers...)) {
			t.Fatalf("round trip changed negotiation for %q", s)
		}
	})
}

func BenchmarkBestOffer(b *testing.B) {
	offers, _ := NewOffers("application/json", "text/html")
	lines := []string{"text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"}
	b.ReportAllocs()
	for b.Loop() {
		a, _ := ParseAccept(lines)
		_, _ = a.BestOffer(offers)
	}
}

func BenchmarkAcceptableOffers(b *testing.B) {
	a, _ := ParseAccept([]string{"text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"})
	b.ReportAllocs()
	for b.Loop() {
		_ = a.AcceptableOffers("application/json", "text/html")
	}
}

func BenchmarkAcceptEncoding(b *testing.B) {
	lines := []string{"gzip, deflate, br, zstd"}
	b.ReportAllocs()
	for b.Loop() {
		a, _ := ParseAcceptEncoding(lines)
		_, _ = a.Best("zstd", "br", "gzip", "identity")
	}
}

func BenchmarkLookup(b *testing.B) {
	lines := []string{"en-US,en;q=0.9,fr;q=0.8,de;q=0.7"}
	tags := []string{"de", "en", "fr"}
	b.ReportAllocs()
	for b.Loop() {
		a, _ := ParseAcceptLanguage(lines)
		_ = a.Lookup(tags, "", "", "en")
	}
}

func TestNegotiateFastPathsAgree(t *testing.T) {
	sets := [][]string{
		{"application/json", "text/html"},
		{"text/html;level=1", "text/html"},
		{"text/html", "text/html;level=1"},
		{"text/plain;charset=utf-8", "text/plain"},
	}
	headers := []string{"*/*", "application/json", "text/html", "text/html;level=1", "text/plain", "Text/HTML",
		// Weights and the forms next to them, which scoreLine reads
		// inline or hands to nextRange.
		"text/html;q=0.5, application/json", "text/html ;q=0.5,application/json;q=0.4", "text/html; Q=0",
		"text/html;q=0.5;ext, application/json;q=0.1", `text/html;q="0.5", application/json;q=0.6`,
		"text/html;q=0.5 , application/json;q=0.500", "text/html;q=1.5, application/json", "text/html;q=, */*",
		"text/html;q=0.5 x, application/json", "text/html;level=1;q=0.3, text/*;q=0.2", "*/html, application/json",
		"text/, application/json", "text/html;;q=0.2, application/json;q=0.1", "text/html;q=0.5;q=0.9",
		"application/json;q=0, */*;q=0.1", "TEXT/*;q=0.9, application/JSON;q=0.8", ",, ,text/html;q=0.001,",
		"text/html;q=0.5\t, application/json;q=0.4", "text/html\t;\tq=0.5, application/json;q=0.6"}
	for _, set := range sets {
		o, err := NewOffers(set...)
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range headers {
			a, _ := ParseAccept([]string{h})
			want, wok := a.BestOffer(o)
			got, gok := o.Negotiate([]string{h})
			if got != want || gok != wok {
				t.Errorf("%q with %q: Negotiate %q %v, BestOffer %q %v", h, set, got, gok, want, wok)
			}
		}
	}
}

// listTokenHeader parses lines through headers.List only, the reference
// the simple-token scanner must agree with.
func listTokenHeader(lines []string) tokenHeader {
	h, _ := parseTokenList(lines, ErrInvalidAcceptEncoding)
	return h
}

// checkTokenPaths fails when the simple-token scanner and the List path
// disagree on lines.
func checkTokenPaths(t *testing.T, lines []string) {
	t.Helper()
	fast, _ := parseTokenHeader(lines, ErrInvalidAcceptEncoding)
	slow := listTokenHeader(lines)
	if len(lines) == 0 {
		return
	}
	if fast.state != slow.state || fast.empty != slow.empty {
		t.Fatalf("%q: scanner says %v empty=%v, List says %v empty=%v", lines, fast.state, fast.empty, slow.state, slow.empty)
	}
	for _, off := range []string{"gzip", "br", "identity", "*", "GZIP", "x"} {
		if f, s := fast.quality(off), slow.quality(off); f != s {
			t.Fatalf("%q: quality(%q) %d by the scanner, %d by List", lines, off, f, s)
		}
	}
}

func TestSimpleTokensAgree(t *testing.T) {
	for _, h := range []string{
		"", " ", ",", ", ,", "gzip", "gzip, deflate, br, zstd", "gzip;q=0.5", "gzip ;q=0.5", "gzip; q=0.5",
		"gzip\t;\tQ=0.5", "gzip;q=0.5 , br", "gzip;q=1.5", "gzip;q=", "gzip;q=0.5;x=1", "gzip;x=1",
		"gzip;q=\"0.5\"", "gzip x", "gzip;q = 0.5", ";q=0.5", "gzip,,br;q=0", "*;q=0, identity",
		"\"gzip\"", "gzip;q=0.5;", "gzip;", "gz/ip", "gzip;q=0.5 x", "br;q=0.001, gzip;q=0.0001",
		"GZIP;Q=1", "gzip;q=1.000", "gzip;q=1.0001", "*, gzip;q=0", "identity;q=0, *",
	} {
		checkTokenPaths(t, []string{h})
		checkTokenPaths(t, []string{h, "br;q=0.3"})
	}
}

func FuzzSimpleTokens(f *testing.F) {
	f.Add("gzip, deflate, br;q=0.9, *;q=0.1")
	f.Add("gzip;q=0.5;x, identity ;q=0")
	f.Fuzz(func(t *testing.T, s string) {
		checkTokenPaths(t, []string{s})
	})
}

// TestTokenHeadersAllowOnlyAWeight: Accept-Charset, Accept-Encoding and
// Accept-Language take no parameters (RFC 9110 §12.5.2–4), only a weight
// "OWS ; OWS q=qvalue": an empty parameter, a trailing ";" or a quoted
// qvalue makes the header invalid, and an invalid header counts as
// missing (every offer acceptable).
func TestTokenHeadersAllowOnlyAWeight(t *testing.T) {
	type parsed interface {
		State() State
		Quality(string) float64
	}
	parse := map[string]func([]string) (parsed, error){
		"Accept-Charset": func(l []string) (parsed, error) { a, err := ParseAcceptCharset(l); return a, err },
		"Accept-Encoding": func(l []string) (parsed, error) {
			a, err := ParseAcceptEncoding(l)
			return a, err
		},
		"Accept-Language": func(l []string) (parsed, error) { a, err := ParseAcceptLanguage(l); return a, err },
	}
	bad := map[string][]string{
		"Accept-Charset":  {"utf-8;", "utf-8;q=0.5;", "utf-8 ;", "utf-8;;q=0.5", "utf-8; ;q=0.5", `utf-8;q="0.5"`, "utf-8;q=0.5;x=1", "iso-8859-1, utf-8;"},
		"Accept-Encoding": {"gzip;", "gzip;q=0.5;", "gzip ;", "gzip;;q=0.5", `gzip;q="0.5"`, "gzip;q=0.5 ;", "br, gzip;"},
		"Accept-Language": {"en;", "en;q=0.5;", "en ;", "en;;q=0.5", `en;q="0.5"`, "en;q=0.5; ", "fr, en;"},
	}
	good := map[string][]string{
		"Accept-Charset":  {"utf-8;q=0.5", "utf-8 ; q=0.5", "utf-8\t;\tQ=0.5", "utf-8;q=0.5 , latin1;q=0.5"},
		"Accept-Encoding": {"gzip;q=0.5", "gzip ; q=0.5", "gzip;Q=0.5", "gzip;q=0.5 , br;q=0.5"},
		"Accept-Language": {"en;q=0.5", "en ; q=0.5", "en;Q=0.5", "en;q=0.5 , fr;q=0.5"},
	}
	offer := map[string]string{"Accept-Charset": "utf-8", "Accept-Encoding": "gzip", "Accept-Language": "en"}
	for name, p := range parse {
		for _, h := range bad[name] {
			a, err := p([]string{h})
			if !errors.Is(err, ErrInvalidHeader) || a.State() != Invalid || a.Quality(offer[name]) != 1 || a.Quality("x-other") != 1 {
				t.Errorf("%s %q: state %v, err %v; want invalid, negotiating as missing", name, h, a.State(), err)
			}
		}
		for _, h := range good[name] {
			a, err := p([]string{h})
			if err != nil || a.State() != Valid || a.Quality(offer[name]) != 0.5 {
				t.Errorf("%s %q: state %v q %v, %v; want valid, q=0.5", name, h, a.State(), a.Quality(offer[name]), err)
			}
		}
	}
}

// TestErrorsReadAsOneLine: every exported error prints one line starting
// with "negotiate: ", and the offer errors still match their sentinel.
func TestErrorsReadAsOneLine(t *testing.T) {
	_, errOffers := NewOffers("text/html", "not a type\r\n")
	_, errLang := NewLanguageMatcher("en", "x-\xff-bad")
	for _, err := range []error{errOffers, errLang} {
		if !errors.Is(err, ErrInvalidOffer) {
			t.Errorf("%q does not match ErrInvalidOffer", err)
		}
	}
	errtest.CheckExported(t, "negotiate: ", map[string]error{
		"ErrInvalidAccept":         ErrInvalidAccept,
		"ErrInvalidAcceptCharset":  ErrInvalidAcceptCharset,
		"ErrInvalidAcceptEncoding": ErrInvalidAcceptEncoding,
		"ErrInvalidAcceptLanguage": ErrInvalidAcceptLanguage,
		"ErrInvalidHeader":         ErrInvalidHeader,
		"ErrInvalidOffer":          ErrInvalidOffer,
		"ErrInvalidQValue":         ErrInvalidQValue,
		"NewOffers":                errOffers,
		"NewLanguageMatcher":       errLang,
	})
}
