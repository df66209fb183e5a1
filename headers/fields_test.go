package headers

import (
	"errors"
	"net/netip"
	"slices"
	"strings"
	"testing"
	"time"

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

func TestParseRange(t *testing.T) {
	tests := []struct {
		in   string
		want []ByteRange
		err  error
	}{
		// RFC 9110 §14.1.2 examples.
		{"bytes=0-499", []ByteRange{{0, 499}}, nil},
		{"bytes=500-999", []ByteRange{{500, 999}}, nil},
		{"bytes=-500", []ByteRange{{-1, 500}}, nil},
		{"bytes=9500-", []ByteRange{{9500, -1}}, nil},
		{"bytes=0-0,-1", []ByteRange{{0, 0}, {-1, 1}}, nil},
		{"bytes= 0-999, 4500-5499, -1000", []ByteRange{{0, 999}, {4500, 5499}, {-1, 1000}}, nil},
		{"bytes=500-600,601-999", []ByteRange{{500, 600}, {601, 999}}, nil},
		// WebOb test_byterange.py: case-insensitive unit.
		{"BYTES=0-99", []ByteRange{{0, 99}}, nil},
		// WebOb returns None for these too.
		{"bytes=10-5", nil, ErrInvalidRange},
		{"bytes 5-10", nil, ErrInvalidRange},
		{"words=10-5", nil, ErrInvalidRange},
		// WebOb accepts "bytes = 0-99" and "bytes=0 - 102"; RFC 9110's
		// grammar has no white space there, so we do not.
		{"bytes = 0-99", nil, ErrInvalidRange},
		{"bytes=0 - 102", nil, ErrInvalidRange},
		// WebOb crashes on "bytes=-"; here it is merely invalid.
		{"bytes=-", nil, ErrInvalidRange},
		{"bytes=", nil, ErrInvalidRange},
		{"bytes=,", nil, ErrInvalidRange},
		{"bytes=a-b", nil, ErrInvalidRange},
		{"bytes=1-2-3", nil, ErrInvalidRange},
		{"bytes=99999999999999999999-", nil, ErrInvalidRange},
		{"bytes=+1-2", nil, ErrInvalidRange},
	}
	for _, tt := range tests {
		r, err := ParseRange(tt.in)
		if tt.err != nil {
			if !errors.Is(err, tt.err) {
				t.Errorf("%q: err = %v", tt.in, err)
			}
			continue
		}
		if err != nil || !slices.Equal(r.Ranges, tt.want) {
			t.Errorf("%q: %v, %v", tt.in, r.Ranges, err)
			continue
		}
		again, err := ParseRange(r.String())
		if err != nil || !slices.Equal(again.Ranges, r.Ranges) {
			t.Errorf("%q: round trip %q", tt.in, r.String())
		}
	}
}

func TestRangeCap(t *testing.T) {
	at := "bytes=" + strings.TrimSuffix(strings.Repeat("0-0,", DefaultMaxRanges), ",")
	if r, err := ParseRange(at); err != nil || len(r.Ranges) != DefaultMaxRanges {
		t.Errorf("at the cap: %d, %v", len(r.Ranges), err)
	}
	if _, err := ParseRange(at + ",0-0"); !errors.Is(err, ErrTooManyRanges) {
		t.Errorf("cap+1: %v", err)
	}
	if _, err := ParseRangeMax("bytes=0-1,2-3,4-5", 2); !errors.Is(err, ErrTooManyRanges) {
		t.Errorf("custom cap: %v", err)
	}
	huge := "bytes=" + strings.Repeat("0-0,", 50_000)
	within(t, time.Second, func() {
		if _, err := ParseRange(huge); !errors.Is(err, ErrTooManyRanges) {
			t.Errorf("50,000 ranges: %v", err)
		}
	})
	// With the cap lifted, 50,000 × 0-0 ask for more bytes than exist.
	within(t, 2*time.Second, func() {
		r, err := ParseRangeMax(huge, 1<<30)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := r.Resolve(10_000); !errors.Is(err, ErrRangeOverlap) {
			t.Errorf("overlap guard: %v", err)
		}
	})
	long := "bytes=" + strings.Repeat("0", mb) + "-1"
	within(t, time.Second, func() {
		if r, err := ParseRange(long); err != nil || r.Ranges[0] != (ByteRange{0, 1}) {
			t.Errorf("1 MB of leading zeros: %v %v", r, err)
		}
	})
}

func TestRangeResolve(t *testing.T) {
	tests := []struct {
		in     string
		length int64
		want   []Span
		err    error
	}{
		{"bytes=0-499", 10000, []Span{{0, 499}}, nil},
		{"bytes=-500", 10000, []Span{{9500, 9999}}, nil},
		{"bytes=9500-", 10000, []Span{{9500, 9999}}, nil},
		{"bytes=0-0,-1", 10000, []Span{{0, 0}, {9999, 9999}}, nil},
		// Last position past the end is cut to it.
		{"bytes=0-99999", 100, []Span{{0, 99}}, nil},
		// Overlapping and adjacent ranges coalesce, sorted.
		{"bytes=500-600,601-999", 10000, []Span{{500, 999}}, nil},
		{"bytes=20-29,0-9,5-14", 100, []Span{{0, 14}, {20, 29}}, nil},
		// A suffix longer than the representation is the whole of it
		// (RFC 9110 §14.1.2). WebOb's range_for_length returns None here.
		{"bytes=-100", 50, []Span{{0, 49}}, nil},
		// WebOb test_not_satisfiable: bytes=100- of 50.
		{"bytes=100-", 50, nil, ErrUnsatisfiableRange},
		{"bytes=-0", 50, nil, ErrUnsatisfiableRange},
		{"bytes=0-", 0, nil, ErrUnsatisfiableRange},
		{"bytes=0-10,100-200", 50, []Span{{0, 10}}, nil},
		// Asking for the same bytes again and again.
		{"bytes=0-9,0-9,0-9", 20, nil, ErrRangeOverlap},
	}
	for _, tt := range tests {
		r, err := ParseRange(tt.in)
		if err != nil {
			t.Fatalf("%q: %v", tt.in, err)
		}
		got, err := r.Resolve(tt.length)
		if tt.err != nil {
			if !errors.Is(err, tt.err) {
				t.Errorf("%q of %d: err = %v", tt.in, tt.length, err)
			}
			continue
		}
		if err != nil || !slices.Equal(got, tt.want) {
			t.Errorf("%q of %d: %v, %v", tt.in, tt.length, got, err)
		}
	}
}

func TestContentRange(t *testing.T) {
	tests := []struct {
		in   string
		want ContentRange
		err  bool
	}{
		// RFC 9110 §14.4 examples.
		{in: "bytes 42-1233/1234", want: ContentRange{42, 1233, 1234}},
		{in: "bytes 42-1233/*", want: ContentRange{42, 1233, -1}},
		{in: "bytes */1234", want: ContentRange{-1, -1, 1234}},
		{in: "bytes 0-98/*", want: ContentRange{0, 98, -1}},
		{in: "bytes 0-99/100", want: ContentRange{0, 99, 100}},
		{in: "bytes 0-100/100", err: true},
		{in: "bytes 5-4/100", err: true},
		{in: "bytes */*", err: true},
		{in: "bytes 0-98/*asdfsa", err: true},
		{in: "bytes */-1", err: true},
		{in: "bytes 1-+2/3", err: true},
		{in: "words 0-1/2", err: true},
		{in: "bytes=0-1/2", err: true},
	}
	for _, tt := range tests {
		cr, err := ParseContentRange(tt.in)
		if tt.err {
			if !errors.Is(err, ErrInvalidContentRange) {
				t.Errorf("%q: err = %v", tt.in, err)
			}
			continue
		}
		if err != nil || cr != tt.want {
			t.Errorf("%q: %+v, %v", tt.in, cr, err)
			continue
		}
		if cr.String() != tt.in {
			t.Errorf("%q formats as %q", tt.in, cr.String())
		}
	}
	if s := Unsatisfied(500).String(); s != "bytes */500" {
		t.Errorf("Unsatisfied = %q", s)
	}
	if s := (Span{10, 19}).ContentRange(100).String(); s != "bytes 10-19/100" {
		t.Errorf("Span.ContentRange = %q", s)
	}
}

func TestIfRange(t *testing.T) {
	lm := time.Date(1994, 11, 6, 8, 49, 37, 0, time.UTC)
	ir, err := ParseIfRange(`"xyzzy"`)
	if err != nil || !ir.HasETag || !ir.Matches(ETag{Tag: "xyzzy"}, time.Time{}) || ir.Matches(ETag{Tag: "xyzzy", Weak: true}, time.Time{}) {
		t.Errorf("etag If-Range: %+v %v", ir, err)
	}
	ir, err = ParseIfRange(`W/"xyzzy"`)
	if err != nil || ir.Matches(ETag{Tag: "xyzzy", Weak: true}, time.Time{}) {
		t.Error("a weak If-Range tag must never match")
	}
	ir, err = ParseIfRange("Sun, 06 Nov 1994 08:49:37 GMT")
	if err != nil || ir.HasETag || !ir.Matches(ETag{}, lm) || ir.Matches(ETag{}, lm.Add(time.Second)) {
		t.Errorf("date If-Range: %+v %v", ir, err)
	}
	if string(ir.AppendFormat(nil)) != "Sun, 06 Nov 1994 08:49:37 GMT" {
		t.Error("If-Range date format")
	}
	for _, bad := range []string{"", "xyzzy", `"unterminated`, "tomorrow"} {
		if _, err := ParseIfRange(bad); !errors.Is(err, ErrInvalidIfRange) {
			t.Errorf("%q: %v", bad, err)
		}
	}
}

func TestAuthorization(t *testing.T) {
	// RFC 7617 §2 example.
	c, err := ParseAuthorization("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==")
	if err != nil {
		t.Fatal(err)
	}
	if u, p, ok := c.Basic(); !ok || u != "Aladdin" || p != "open sesame" {
		t.Errorf("Basic = %q %q %v", u, p, ok)
	}
	// RFC 7617 §2.1: UTF-8 "test:123£".
	c, _ = ParseAuthorization("Basic dGVzdDoxMjPCow==")
	if u, p, ok := c.Basic(); !ok || u != "test" || p != "123£" {
		t.Errorf("UTF-8 Basic = %q %q", u, p)
	}
	bc, err := BasicCredentials("Aladdin", "open sesame")
	if err != nil || bc.String() != "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==" {
		t.Errorf("BasicCredentials = %q %v", bc.String(), err)
	}
	if _, err := BasicCredentials("a:b", "c"); !errors.Is(err, ErrInvalidBasic) {
		t.Error("colon in user id accepted")
	}
	if _, err := BasicCredentials("a", "b\r\nc"); !errors.Is(err, ErrInvalidBasic) {
		t.Error("CRLF in password accepted")
	}
	for _, bad := range []string{"bm9jb2xvbg==", "!!!", "/w=="} { // "nocolon", not base64, not UTF-8
		if _, _, err := DecodeBasic(bad); !errors.Is(err, ErrInvalidBasic) {
			t.Errorf("DecodeBasic(%q) = %v", bad, err)
		}
	}
	// RFC 6750 §2.1.
	c, err = ParseAuthorization("Bearer mF_9.B5f-4.1JqM")
	if tok, ok := c.Bearer(); err != nil || !ok || tok != "mF_9.B5f-4.1JqM" {
		t.Errorf("Bearer = %q %v %v", tok, ok, err)
	}
	if _, _, ok := c.Basic(); ok {
		t.Error("Bearer read as Basic")
	}
	// RFC 7616-style auth-params.
	c, err = ParseAuthorization(`Digest username="Mufasa", realm="http-auth@example.org", nc=00000001`)
	if err != nil || c.Scheme != "Digest" || len(c.Params) != 3 || c.Params[0] != (Param{"username", "Mufasa"}) {
		t.Errorf("Digest = %+v %v", c, err)
	}
	again, err := ParseAuthorization(c.String())
	if err != nil || !slices.Equal(again.Params, c.Params) {
		t.Errorf("round trip %q: %v", c.String(), err)
	}
	for _, bad := range []string{"", `realm="x"`, "Basic a b", "Basic, Bearer x", `Digest a="1", a="2"`, "Basic abc==x"} {
		if _, err := ParseAuthorization(bad); !errors.Is(err, ErrInvalidAuth) {
			t.Errorf("%q: err = %v", bad, err)
		}
	}
}

func TestChallenges(t *testing.T) {
	// RFC 9110 §11.6.1 example: two challenges in one field.
	cs, err := ParseChallenges([]string{`Basic realm="simple", Newauth realm="apps", type=1, title="Login to \"apps\""`})
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 2 || cs[0].Scheme != "Basic" || cs[1].Scheme != "Newauth" || len(cs[1].Params) != 3 {
		t.Fatalf("got %+v", cs)
	}
	if v, _ := cs[1].Params.Get("title"); v != `Login to "apps"` {
		t.Errorf("title = %q", v)
	}
	cs, err = ParseChallenges([]string{"Bearer", `Basic realm="x", charset="UTF-8"`, "Negotiate abc=="})
	if err != nil || len(cs) != 3 || cs[2].Token68 != "abc==" || len(cs[1].Params) != 2 {
		t.Errorf("several lines: %+v %v", cs, err)
	}
	b, err := AppendChallenges(nil, cs)
	if err != nil {
		t.Fatal(err)
	}
	again, err := ParseChallenges([]string{string(b)})
	if err != nil || len(again) != 3 {
		t.Errorf("round trip %q: %+v %v", b, again, err)
	}
	if _, err := (Challenge{Scheme: "Basic", Params: Params{{"realm", "a\r\nb"}}}).AppendFormat(nil); err == nil {
		t.Error("CRLF in realm formatted")
	}
}

func TestForwarded(t *testing.T) {
	// RFC 7239 §4 and §7.4 examples.
	fes, err := ParseForwarded([]string{
		`for="_gazonk"`,
		`For="[2001:db8:cafe::17]:4711"`,
		`for=192.0.2.60;proto=http;by=203.0.113.43`,
		`for=192.0.2.43, for=198.51.100.17`,
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(fes) != 5 || fes[0].For != "_gazonk" || fes[1].For != "[2001:db8:cafe::17]:4711" ||
		fes[2].Proto != "http" || fes[2].By != "203.0.113.43" || fes[4].For != "198.51.100.17" {
		t.Fatalf("got %+v", fes)
	}
	n, err := ParseNode(fes[1].For)
	if err != nil || n.Addr != netip.MustParseAddr("2001:db8:cafe::17") || n.Port != 4711 {
		t.Errorf("IPv6 node: %+v %v", n, err)
	}
	if n.String() != "[2001:db8:cafe::17]:4711" {
		t.Errorf("node String = %q", n.String())
	}
	n, err = ParseNode("_gazonk")
	if err != nil || n.Obfuscated != "_gazonk" {
		t.Errorf("obfuscated: %+v %v", n, err)
	}
	n, err = ParseNode("unknown:_p1")
	if err != nil || !n.Unknown || n.ObfPort != "_p1" {
		t.Errorf("unknown: %+v %v", n, err)
	}
	for _, bad := range []string{"2001:db8::1]", "[192.0.2.1]", "300.1.1.1", "1.2.3.4:99999", "host.example", "_", "1.2.3.4:"} {
		if _, err := ParseNode(bad); !errors.Is(err, ErrInvalidForwarded) {
			t.Errorf("ParseNode(%q) = %v", bad, err)
		}
	}
	b, err := fes[1].AppendFormat(nil)
	if err != nil || string(b) != `for="[2001:db8:cafe::17]:4711"` {
		t.Errorf("format = %s %v", b, err)
	}
	for _, bad := range []string{"for=1.2.3.4;for=5.6.7.8", "for", `for="x`, "for=a b"} {
		if _, err := ParseForwarded([]string{bad}); !errors.Is(err, ErrInvalidForwarded) {
			t.Errorf("%q: %v", bad, err)
		}
	}
	xff, err := ParseXForwardedFor([]string{"203.0.113.195, 2001:db8:85a3:8d3:1319:8a2e:370:7348", "198.51.100.178"})
	if err != nil || len(xff) != 3 || xff[1].Addr != netip.MustParseAddr("2001:db8:85a3:8d3:1319:8a2e:370:7348") {
		t.Errorf("XFF: %+v %v", xff, err)
	}
	if _, err := ParseXForwardedFor([]string{"1.2.3.4, evil"}); err == nil {
		t.Error("bad XFF element accepted")
	}
	if got := ParseXForwardedList([]string{"https, http"}); !slices.Equal(got, []string{"https", "http"}) {
		t.Errorf("X-Forwarded-Proto = %q", got)
	}
}

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

func FuzzParseRange(f *testing.F) {
	f.Add("bytes=0-499,-500,9500-", int64(10000))
	f.Add("bytes=-", int64(0))
	f.Fuzz(func(t *testing.T, s string, length int64) {
		r, err := ParseRange(s)
		if err != nil {
			if !errors.Is(err, ErrInvalidRange) && !errors.Is(err, ErrTooManyRanges) {
				t.Fatal(err)
			}
			return
		}
		again, err := ParseRange(r.String())
		if err != nil || !slices.Equal(again.Ranges, r.Ranges) {
			t.Fatalf("round trip %q -> %q", s, r.String())
		}
		spans, err := r.Resolve(length)
		if err != nil {
			return
		}
		var sum int64
		for i, sp := range spans {
			if sp.Start < 0 || sp.End >= length || sp.Start > sp.End || (i > 0 && sp.Start <= spans[i-1].End+1) {
				t.Fatalf("bad spans %v for length %d", spans, length)
			}
			sum += sp.Length()
		}
		if sum > length {
			t.Fatalf("spans exceed length")
		}
	})
}

func FuzzParseContentRange(f *testing.F) {
	f.Add("bytes 42-1233/1234")
	f.Add("bytes */1234")
	f.Fuzz(func(t *testing.T, s string) {
		cr, err := ParseContentRange(s)
		if err != nil {
			return
		}
		again, err := ParseContentRange(cr.String())
		if err != nil || again != cr {
			t.Fatalf("round trip %q -> %q", s, cr.String())
		}
	})
}

func FuzzParseChallenges(f *testing.F) {
	f.Add(`Basic realm="simple", Newauth realm="apps", type=1`)
	f.Add("Bearer abc==, Basic")
	f.Fuzz(func(t *testing.T, s string) {
		cs, err := ParseChallenges([]string{s})
		if err != nil {
			if !errors.Is(err, ErrInvalidAuth) {
				t.Fatal(err)
			}
			return
		}
		out, err := AppendChallenges(nil, cs)
		if err != nil {
			return
		}
		again, err := ParseChallenges([]string{string(out)})
		if err != nil || len(again) != len(cs) {
			t.Fatalf("round trip %q -> %q: %v", s, out, err)
		}
		for i := range cs {
			if again[i].Scheme != cs[i].Scheme || again[i].Token68 != cs[i].Token68 || !slices.Equal(again[i].Params, cs[i].Params) {
				t.Fatalf("round trip %q -> %q: %+v != %+v", s, out, again[i], cs[i])
			}
		}
	})
}

func FuzzParseForwarded(f *testing.F) {
	f.Add(`for="[2001:db8:cafe::17]:4711";proto=https, for=_x`)
	f.Fuzz(func(t *testing.T, s string) {
		fes, err := ParseForwarded([]string{s})
		if err != nil {
			return
		}
		for _, fe := range fes {
			out, err := fe.AppendFormat(nil)
			if err != nil {
				continue
			}
			again, err := ParseForwarded([]string{string(out)})
			if err != nil || len(again) != 1 || again[0].For != fe.For || again[0].Host != fe.Host || !slices.Equal(again[0].Extensions, fe.Extensions) {
				t.Fatalf("round trip %q -> %q: %+v %v", s, out, again, err)
			}
		}
		_, _ = ParseNode(s)
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

func BenchmarkParseRange(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		r, _ := ParseRange("bytes=0-499, 1000-1499, -500")
		_, _ = r.Resolve(10000)
	}
}

func BenchmarkParseContentRange(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_, _ = ParseContentRange("bytes 42-1233/1234")
	}
}

func BenchmarkParseAuthorization(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		c, _ := ParseAuthorization("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==")
		_, _, _ = c.Basic()
	}
}

func BenchmarkParseForwarded(b *testing.B) {
	lines := []string{`for=192.0.2.60;proto=http;by=203.0.113.43, for="[2001:db8:cafe::17]:4711"`}
	b.ReportAllocs()
	for b.Loop() {
		_, _ = ParseForwarded(lines)
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
