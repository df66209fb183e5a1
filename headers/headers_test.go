package headers

// Tests that span the typed headers of several files: linear-time guards
// and allocation pins.

import (
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/webob-go/webob/internal/race"
)

func TestFieldsLinearTime(t *testing.T) {
	within(t, 2*time.Second, func() {
		_, _ = ParseCacheControl([]string{strings.Repeat("a=1, ", mb/5)})
		_, _ = ParseCacheControl([]string{`no-cache="` + strings.Repeat(`\\`, mb/2) + `"`})
		_, _ = ParseChallenges([]string{"Basic " + strings.Repeat("a=b, ", mb/5)})
		_, _ = ParseForwarded([]string{strings.Repeat("for=1.2.3.4, ", mb/13)})
		_, _ = ParseTokenList([]string{strings.Repeat("a,", mb/2)})
		_, _ = ParseContentLength([]string{strings.Repeat("1,", mb/2)})
	})
}

// TestFieldsLinearTimeDistinct feeds ~1 MB inputs whose names are all
// different, so a duplicate check that scans the names so far would go
// quadratic; and other long inputs not covered by TestFieldsLinearTime.
func TestFieldsLinearTimeDistinct(t *testing.T) {
	distinct := func(prefix, sep string) string {
		var b strings.Builder
		b.WriteString(prefix)
		for i := 0; b.Len() < mb; i++ {
			if i > 0 {
				b.WriteString(sep)
			}
			b.WriteString("n" + strconv.Itoa(i) + "=v")
		}
		return b.String()
	}
	cases := []struct {
		name string
		run  func() error
		want error // nil: must parse
	}{
		{"challenge-params", func() error { _, err := ParseChallenges([]string{distinct("Basic ", ", ")}); return err }, nil},
		{"challenge-params-dup-at-end", func() error {
			_, err := ParseChallenges([]string{distinct("Basic ", ", ") + ", n0=v"})
			return err
		}, ErrDuplicateParam},
		{"forwarded-extensions", func() error { _, err := ParseForwarded([]string{distinct("for=_a;", ";")}); return err }, nil},
		{"forwarded-extensions-dup-at-end", func() error {
			_, err := ParseForwarded([]string{distinct("for=_a;", ";") + ";N1=x"})
			return err
		}, ErrInvalidForwarded},
		{"cache-control-extensions", func() error { _, err := ParseCacheControl([]string{distinct("", ", ")}); return err }, nil},
		{"challenges-many", func() error {
			_, err := ParseChallenges([]string{strings.Repeat("Basic realm=x, ", mb/15)})
			return err
		}, nil},
		{"authorization-long-token68", func() error {
			c, err := ParseAuthorization("Basic " + strings.Repeat("QUFB", mb/4))
			if err == nil {
				_, _, err = DecodeBasic(c.Token68) // "AAA…" without a colon
			}
			return err
		}, ErrInvalidBasic},
		{"authorization-quoted-backslashes", func() error {
			_, err := ParseAuthorization(`Digest a="` + strings.Repeat(`\\`, mb/2) + `"`)
			return err
		}, nil},
		{"range-commas", func() error { _, err := ParseRange("bytes=" + strings.Repeat(",", mb) + "0-1"); return err }, nil},
		{"range-long-number", func() error { _, err := ParseRange("bytes=1-" + strings.Repeat("9", mb)); return err }, ErrInvalidRange},
		{"content-range-long", func() error { _, err := ParseContentRange("bytes 0-1/" + strings.Repeat("0", mb) + "5"); return err }, nil},
		{"if-range-long", func() error { _, err := ParseIfRange(`"` + strings.Repeat("a", mb) + `"`); return err }, nil},
		{"if-range-junk", func() error { _, err := ParseIfRange(strings.Repeat("W/", mb/2)); return err }, ErrInvalidIfRange},
		{"retry-after-digits", func() error { _, err := ParseRetryAfter(strings.Repeat("9", mb)); return err }, nil},
		{"content-length-same", func() error { _, err := ParseContentLength([]string{strings.Repeat("7, ", mb/3) + "7"}); return err }, nil},
		{"xff-many", func() error { _, err := ParseXForwardedFor([]string{strings.Repeat("192.0.2.1, ", mb/11)}); return err }, nil},
		{"node-long", func() error { _, err := ParseNode("_" + strings.Repeat("a", mb)); return err }, nil},
		{"token-list-contains", func() error {
			if TokenListContains([]string{strings.Repeat("a, ", mb/3)}, "b") {
				return errors.New("found")
			}
			return nil
		}, nil},
	}
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			within(t, 2*time.Second, func() {
				err := tt.run()
				if tt.want == nil && err != nil || tt.want != nil && !errors.Is(err, tt.want) {
					t.Errorf("err = %v, want %v", err, tt.want)
				}
			})
		})
	}
}

func TestFieldsAllocs(t *testing.T) {
	if race.Enabled {
		t.Skip("race detector allocates")
	}
	tests := []struct {
		name string
		max  float64
		f    func()
	}{
		{"TokenListContains", 0, func() { _ = TokenListContains([]string{"Accept-Encoding, Accept-Language, Origin"}, "origin") }},
		{"ParseContentLength", 0, func() { _, _ = ParseContentLength([]string{"42, 42"}) }},
		{"ParseDeltaSeconds", 0, func() { _, _ = ParseDeltaSeconds("3600") }},
		{"ParseRetryAfter", 0, func() { _, _ = ParseRetryAfter("Fri, 31 Dec 1999 23:59:59 GMT") }},
		{"ParseIfRange", 0, func() { _, _ = ParseIfRange(`"xyzzy"`) }},
		{"ParseContentRange", 0, func() { _, _ = ParseContentRange("bytes 42-1233/1234") }},
		{"ParseNode", 0, func() { _, _ = ParseNode("[2001:db8:cafe::17]:4711") }},
		{"ParseRange", 1, func() { _, _ = ParseRange("bytes=0-499, 1000-1499, -500") }},
		{"ParseAuthorization", 1, func() { _, _ = ParseAuthorization("Bearer mF_9.B5f-4.1JqM") }},
		{"ParseForwarded", 1, func() { _, _ = ParseForwarded([]string{"for=192.0.2.60;proto=http;by=203.0.113.43"}) }},
	}
	for _, tt := range tests {
		if n := testing.AllocsPerRun(100, tt.f); n > tt.max {
			t.Errorf("%s: %v allocs, want <= %v", tt.name, n, tt.max)
		}
	}
}

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
