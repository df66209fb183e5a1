package headers

// More tests for Cache-Control, Range, Content-Range, If-Range, the
// authentication fields, Forwarded, token lists, Content-Length,
// Retry-After, Age and Max-Forwards: the remaining RFC examples, the
// facts WebOb's tests pin, linear-time guards with distinct names, fuzz
// targets, benchmarks and allocation pins. fields_test.go has the rest.

import (
	"errors"
	"math"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/webob-go/webob/internal/race"
)

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

func TestRangeExamples(t *testing.T) {
	tests := []struct {
		in     string
		length int64
		want   []Span
	}{
		// RFC 9110 §14.1.2: other valid (but not canonical) forms of the
		// second 500 bytes of 10000.
		{"bytes=500-600,601-999", 10000, []Span{{500, 999}}},
		{"bytes=500-700,601-999", 10000, []Span{{500, 999}}},
		// WebOb test_range_for_length_end_is_none: Range(0, None) of 100
		// is (0, 100) with an exclusive end, our 0-99.
		{"bytes=0-", 100, []Span{{0, 99}}},
		// WebOb ..._negative_start: Range(-5, None) of 100 is (95, 100).
		{"bytes=-5", 100, []Span{{95, 99}}},
		// WebOb serves only the first range of a multi-range request; we
		// resolve them all (multipart/byteranges).
		{"bytes=0-9,20-29", 100, []Span{{0, 9}, {20, 29}}},
		// Unsorted with a range past the end in the middle.
		{"bytes=90-,200-300,0-0", 100, []Span{{0, 0}, {90, 99}}},
		// Adjacent after sorting.
		{"bytes=10-19,0-9", 100, []Span{{0, 19}}},
		// A huge last-pos is cut to the end.
		{"bytes=5-9223372036854775807", 10, []Span{{5, 9}}},
	}
	for _, tt := range tests {
		r, err := ParseRange(tt.in)
		if err != nil {
			t.Fatalf("%q: %v", tt.in, err)
		}
		got, err := r.Resolve(tt.length)
		if err != nil || !slices.Equal(got, tt.want) {
			t.Errorf("%q of %d: %v, %v", tt.in, tt.length, got, err)
		}
	}
	// WebOb test_range_str_*: Range(0, 100) is "bytes=0-99", Range(0, None)
	// "bytes=0-", Range(-5, None) "bytes=-5".
	for _, tt := range []struct {
		r    ByteRange
		want string
	}{{ByteRange{0, 99}, "bytes=0-99"}, {ByteRange{0, -1}, "bytes=0-"}, {ByteRange{-1, 5}, "bytes=-5"}} {
		if got := (Range{Ranges: []ByteRange{tt.r}}).String(); got != tt.want {
			t.Errorf("%+v formats as %q, want %q", tt.r, got, tt.want)
		}
	}
	if !(ByteRange{-1, 5}).IsSuffix() || (ByteRange{0, 5}).IsSuffix() {
		t.Error("IsSuffix")
	}

	// Invalid (ignore the header) and unsatisfiable (416) are different
	// errors, and neither is the other.
	_, errInvalid := ParseRange("bytes=5-1")
	r, _ := ParseRange("bytes=100-")
	_, errUnsat := r.Resolve(10)
	if !errors.Is(errInvalid, ErrInvalidRange) || errors.Is(errInvalid, ErrUnsatisfiableRange) ||
		!errors.Is(errUnsat, ErrUnsatisfiableRange) || errors.Is(errUnsat, ErrInvalidRange) {
		t.Errorf("invalid %v, unsatisfiable %v", errInvalid, errUnsat)
	}
	// More invalid forms: none crash.
	for _, bad := range []string{"bytes=-", "bytes=", "bytes", "", "=0-1", "bytes=--1", "bytes=0--1",
		"bytes=1-0", "bytes=0-1,", "bytes=0-1;x", "bytes=\"0-1\"", "bytes=0x1-2", "bytes=-9223372036854775808"} {
		_, err := ParseRange(bad)
		if bad == "bytes=0-1," {
			if err != nil {
				t.Errorf("%q: trailing empty element: %v", bad, err)
			}
			continue
		}
		if !errors.Is(err, ErrInvalidRange) {
			t.Errorf("%q: err = %v", bad, err)
		}
	}
	// The cap, configurable: at max and at max+1.
	if r, err := ParseRangeMax("bytes=0-1,2-3,4-5", 3); err != nil || len(r.Ranges) != 3 {
		t.Errorf("at a cap of 3: %v %v", r, err)
	}
	if _, err := ParseRangeMax("bytes=0-1,2-3,4-5,6-7", 3); !errors.Is(err, ErrTooManyRanges) {
		t.Errorf("over a cap of 3: %v", err)
	}
	// The overlap guard cannot be bypassed by overflowing the sum.
	r, _ = ParseRange("bytes=0-,0-")
	if _, err := r.Resolve(math.MaxInt64); !errors.Is(err, ErrRangeOverlap) {
		t.Errorf("overlap at MaxInt64: %v", err)
	}
	// A single range is never "overlapping", and asking for every byte
	// once in pieces is fine.
	r, _ = ParseRange("bytes=0-4,5-9")
	if got, err := r.Resolve(10); err != nil || !slices.Equal(got, []Span{{0, 9}}) {
		t.Errorf("pieces: %v %v", got, err)
	}
	if _, err := (Range{}).Resolve(10); !errors.Is(err, ErrUnsatisfiableRange) {
		t.Error("zero Range resolves")
	}
	if _, err := r.Resolve(-1); !errors.Is(err, ErrUnsatisfiableRange) {
		t.Error("negative length resolves")
	}
}

func TestContentRangeExamples(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want ContentRange
	}{
		// RFC 9110 §15.3.7 (206) and §15.5.17 (416).
		{"bytes 21010-47021/47022", ContentRange{21010, 47021, 47022}},
		{"bytes 500-999/8000", ContentRange{500, 999, 8000}},
		{"bytes 7000-7999/8000", ContentRange{7000, 7999, 8000}},
		{"bytes */47022", ContentRange{-1, -1, 47022}},
		{"bytes */0", ContentRange{-1, -1, 0}},
		// The unit is case-insensitive; it is written lower-case.
		{"Bytes 0-0/1", ContentRange{0, 0, 1}},
	} {
		cr, err := ParseContentRange(tt.in)
		if err != nil || cr != tt.want {
			t.Errorf("%q: %+v, %v", tt.in, cr, err)
		}
		if again, err := ParseContentRange(cr.String()); err != nil || again != cr {
			t.Errorf("%q: round trip %q", tt.in, cr.String())
		}
	}
	// WebOb test_contentrange_iter: these parse to None. WebOb keeps an
	// exclusive end (its "bytes 0-99/100" is ContentRange(0, 100, 100));
	// ours is the inclusive last-pos as sent.
	for _, bad := range []string{"0-99 100", "bytes 0-99 100", "bytes 0-99/xxx", "bytes 0 99/100",
		"bytes A-99/100", "bytes 0-B/100", "bytes 99-0/100", "bytes 0 99/*",
		// and more
		"", "bytes", "bytes ", "bytes /", "bytes 0-1/", "bytes -1/5", "bytes 1-/5", "bytes  0-1/5",
		"bytes 0-1 /5", "bytes 0-1/5 5", "bytes */", "bytes *-1/5"} {
		if _, err := ParseContentRange(bad); !errors.Is(err, ErrInvalidContentRange) {
			t.Errorf("%q: err = %v", bad, err)
		}
	}
	// WebOb _is_content_range_valid(0, 99, 90) holds (its end is
	// exclusive and only responses check it against the length); a
	// last-pos at or past the complete length is invalid here.
	if _, err := ParseContentRange("bytes 0-98/90"); !errors.Is(err, ErrInvalidContentRange) {
		t.Error("last-pos past the length accepted")
	}
}

func TestIfRangeMore(t *testing.T) {
	lm := time.Date(1994, 11, 6, 8, 49, 37, 0, time.UTC)
	// Any of the three date forms (RFC 9110 §5.6.7).
	for _, s := range []string{"Sun, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994"} {
		ir, err := ParseIfRange(s)
		if err != nil || ir.HasETag || !ir.Date.Equal(lm) {
			t.Errorf("%q: %+v %v", s, ir, err)
		}
		// A Last-Modified with sub-second precision still matches its
		// whole second; an absent one never matches.
		if !ir.Matches(ETag{}, lm.Add(300*time.Millisecond)) || ir.Matches(ETag{}, time.Time{}) {
			t.Errorf("%q: Matches", s)
		}
		if got := string(ir.AppendFormat(nil)); got != "Sun, 06 Nov 1994 08:49:37 GMT" {
			t.Errorf("%q formats as %q", s, got)
		}
	}
	ir, err := ParseIfRange(`  "abc"  `)
	if err != nil || ir.ETag != (ETag{Tag: "abc"}) || ir.Matches(ETag{Tag: "abd"}, lm) || ir.Matches(ETag{}, lm) {
		t.Errorf("etag: %+v %v", ir, err)
	}
	if got := string(ir.AppendFormat(nil)); got != `"abc"` {
		t.Errorf("etag formats as %q", got)
	}
	// An entity tag never matches by date, nor a date by entity tag.
	ir, _ = ParseIfRange("Sun, 06 Nov 1994 08:49:37 GMT")
	if ir.Matches(ETag{Tag: "abc"}, time.Time{}) {
		t.Error("date If-Range matched an entity tag")
	}
	for _, bad := range []string{"W/", `W/"x`, "W/abc", `"a"b`, "*", "Sun, 06 Nov 1994", "1994-11-06T08:49:37Z"} {
		if _, err := ParseIfRange(bad); !errors.Is(err, ErrInvalidIfRange) {
			t.Errorf("%q: err = %v", bad, err)
		}
	}
}

func TestAuthExamples(t *testing.T) {
	tests := []struct {
		name  string
		lines []string
		want  []Challenge
	}{
		// RFC 7617 §2 and §2.1.
		{"rfc7617", []string{`Basic realm="WallyWorld"`}, []Challenge{{Scheme: "Basic", Params: Params{{"realm", "WallyWorld"}}}}},
		{"rfc7617-charset", []string{`Basic realm="foo", charset="UTF-8"`},
			[]Challenge{{Scheme: "Basic", Params: Params{{"realm", "foo"}, {"charset", "UTF-8"}}}}},
		// RFC 6750 §3.
		{"rfc6750", []string{`Bearer realm="example"`}, []Challenge{{Scheme: "Bearer", Params: Params{{"realm", "example"}}}}},
		{"rfc6750-error", []string{`Bearer realm="example", error="invalid_token", error_description="The access token expired"`},
			[]Challenge{{Scheme: "Bearer", Params: Params{{"realm", "example"}, {"error", "invalid_token"}, {"error_description", "The access token expired"}}}}},
		// RFC 9110 §11.6.1 example across two field lines, with BWS
		// around "=" and upper-case parameter names.
		{"lines-bws", []string{`Basic realm = "simple"`, `Newauth Realm="apps", TYPE =1`},
			[]Challenge{{Scheme: "Basic", Params: Params{{"realm", "simple"}}}, {Scheme: "Newauth", Params: Params{{"realm", "apps"}, {"type", "1"}}}}},
		// The same parameter name in two challenges is fine.
		{"realm-twice", []string{`Basic realm="a", Digest realm="a", nonce="n", Negotiate`},
			[]Challenge{{Scheme: "Basic", Params: Params{{"realm", "a"}}}, {Scheme: "Digest", Params: Params{{"realm", "a"}, {"nonce", "n"}}}, {Scheme: "Negotiate"}}},
		// token68 with padding, then a challenge with commas in a quoted
		// value.
		{"token68", []string{`Negotiate YIIB/w==, Basic realm="a, b"`},
			[]Challenge{{Scheme: "Negotiate", Token68: "YIIB/w=="}, {Scheme: "Basic", Params: Params{{"realm", "a, b"}}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseChallenges(tt.lines)
			if err != nil || !equalChallenges(got, tt.want) {
				t.Fatalf("got %+v, %v", got, err)
			}
			b, err := AppendChallenges(nil, got)
			if err != nil {
				t.Fatal(err)
			}
			again, err := ParseChallenges([]string{string(b)})
			if err != nil || !equalChallenges(again, got) {
				t.Errorf("round trip %q: %+v %v", b, again, err)
			}
		})
	}
	for _, bad := range [][]string{
		{`realm="x"`},                  // a parameter with no scheme
		{`Negotiate abc==, realm="x"`}, // a parameter after a token68
		{`Basic realm="a", REALM="b"`}, // a parameter twice
		{`Basic realm="unterminated`},  // bad quoted string
		{`Basic realm="a" x`},          // junk after a value
		{"Basic\trealm=x"},             // 1*SP after the scheme
		{""}, {" , "}, {"Basic a b c"}, {"Bas(ic"},
		{`Basic ` + manyParams(20) + `, p3=x`}, // a repeat found after many names
	} {
		if _, err := ParseChallenges(bad); !errors.Is(err, ErrInvalidAuth) {
			t.Errorf("%q: err = %v", bad, err)
		}
	}
	if cs, err := ParseChallenges([]string{"Basic " + manyParams(40)}); err != nil || len(cs[0].Params) != 40 {
		t.Errorf("40 distinct names: %v", err)
	}

	// Proxy-Authorization has the same form as Authorization.
	c, err := ParseAuthorization(`Digest username="Mufasa", qop=auth, response="6629fae49393a05397450978507c4ef1"`)
	if err != nil || c.Scheme != "Digest" || c.String() != `Digest username="Mufasa", qop="auth", response="6629fae49393a05397450978507c4ef1"` {
		t.Errorf("Digest: %+v %v %q", c, err, c.String())
	}
	if _, err := ParseAuthorization("Basic a, Basic b"); !errors.Is(err, ErrInvalidAuth) {
		t.Error("two credentials accepted")
	}
	// Formatting refuses what cannot be sent.
	for _, c := range []Credentials{
		{Scheme: ""}, {Scheme: "Ba sic"}, {Scheme: "Basic", Token68: "a b"},
		{Scheme: "Basic", Token68: "abc", Params: Params{{"a", "b"}}},
		{Scheme: "X", Params: Params{{"bad name", "v"}}}, {Scheme: "X", Params: Params{{"a", "\r\n"}}},
	} {
		if _, err := c.AppendFormat(nil); !errors.Is(err, ErrInvalidAuth) || c.String() != "" {
			t.Errorf("%+v formatted: %v", c, err)
		}
	}
	if s := (Challenge{Scheme: "Bearer"}).String(); s != "Bearer" {
		t.Errorf("bare challenge = %q", s)
	}
}

func manyParams(n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("p" + strconv.Itoa(i) + "=v")
	}
	return b.String()
}

func equalChallenges(a, b []Challenge) bool {
	return slices.EqualFunc(a, b, func(x, y Challenge) bool {
		return x.Scheme == y.Scheme && x.Token68 == y.Token68 && slices.Equal(x.Params, y.Params)
	})
}

func TestBasicAndBearer(t *testing.T) {
	for _, tt := range []struct {
		token68, user, pass string
	}{
		{"QWxhZGRpbjpvcGVuIHNlc2FtZQ==", "Aladdin", "open sesame"},
		{"QWxhZGRpbjpvcGVuIHNlc2FtZQ", "Aladdin", "open sesame"}, // unpadded
		{"dXNlcjo=", "user", ""},                                 // empty password
		{"OnB3", "", "pw"},                                       // empty user id
		{"YTpiOmM=", "a", "b:c"},                                 // colons in the password
		{"w6k6w6k=", "é", "é"},                                   // UTF-8
	} {
		u, p, err := DecodeBasic(tt.token68)
		if err != nil || u != tt.user || p != tt.pass {
			t.Errorf("DecodeBasic(%q) = %q %q %v", tt.token68, u, p, err)
		}
		c, err := BasicCredentials(tt.user, tt.pass)
		if err != nil {
			t.Fatal(err)
		}
		again, err := ParseAuthorization(c.String())
		if u, p, ok := again.Basic(); err != nil || !ok || u != tt.user || p != tt.pass {
			t.Errorf("round trip %q: %q %q %v", c.String(), u, p, err)
		}
	}
	for _, bad := range []string{"", "=", "QQ", "dXNlcgo=", "dXNlcjoK", "YTpi\x00", "YTpi=="} { // bad base64, "user\n", "user:\n"
		if _, _, err := DecodeBasic(bad); !errors.Is(err, ErrInvalidBasic) {
			t.Errorf("DecodeBasic(%q) = %v", bad, err)
		}
	}
	if _, err := BasicCredentials("a", "\x7f"); !errors.Is(err, ErrInvalidBasic) {
		t.Error("DEL in password accepted")
	}
	if _, err := BasicCredentials("\xff", "b"); !errors.Is(err, ErrInvalidBasic) {
		t.Error("invalid UTF-8 user id accepted")
	}
	// The scheme is case-insensitive; other schemes are not Basic.
	c, _ := ParseAuthorization("bAsIc QWxhZGRpbjpvcGVuIHNlc2FtZQ==")
	if _, _, ok := c.Basic(); !ok {
		t.Error("bAsIc not read as Basic")
	}
	c, _ = ParseAuthorization(`Basic realm="x"`)
	if _, _, ok := c.Basic(); ok {
		t.Error("Basic with parameters read as credentials")
	}
	// RFC 6750 §2.1 b64token.
	b, err := BearerCredentials("mF_9.B5f-4.1JqM")
	if err != nil || b.String() != "Bearer mF_9.B5f-4.1JqM" {
		t.Errorf("BearerCredentials = %q %v", b.String(), err)
	}
	for _, bad := range []string{"", "a b", "a=b", "=abc", "tok\r\n"} {
		if _, err := BearerCredentials(bad); !errors.Is(err, ErrInvalidAuth) {
			t.Errorf("BearerCredentials(%q) = %v", bad, err)
		}
	}
	c, _ = ParseAuthorization("bearer abc.def==")
	if tok, ok := c.Bearer(); !ok || tok != "abc.def==" {
		t.Errorf("Bearer = %q %v", tok, ok)
	}
}

func TestForwardedExamples(t *testing.T) {
	// RFC 7239 §6.3 obfuscated identifiers, §7.1 one field or several
	// lines, §7.5 a chain with by, proto and host.
	tests := []struct {
		name  string
		lines []string
		want  []ForwardedElement
	}{
		{"obfuscated", []string{"for=_hidden, for=_SEVKISEK"}, []ForwardedElement{{For: "_hidden"}, {For: "_SEVKISEK"}}},
		{"one-line", []string{`for=192.0.2.43, for="[2001:db8:cafe::17]", for=unknown`},
			[]ForwardedElement{{For: "192.0.2.43"}, {For: "[2001:db8:cafe::17]"}, {For: "unknown"}}},
		{"two-lines", []string{"for=192.0.2.43", `for="[2001:db8:cafe::17]", for=unknown`},
			[]ForwardedElement{{For: "192.0.2.43"}, {For: "[2001:db8:cafe::17]"}, {For: "unknown"}}},
		{"chain", []string{"for=192.0.2.43,for=198.51.100.17;by=203.0.113.60;proto=http;host=example.com"},
			[]ForwardedElement{{For: "192.0.2.43"}, {For: "198.51.100.17", By: "203.0.113.60", Proto: "http", Host: "example.com"}}},
		// Names case-insensitive; extensions kept in order, lower-cased;
		// empty pairs and white space around ";" tolerated.
		{"ext", []string{`;HOST=a.example;; Secret="x y" ;ext=1;FOR=_p`},
			[]ForwardedElement{{For: "_p", Host: "a.example", Extensions: Params{{"secret", "x y"}, {"ext", "1"}}}}},
		{"empty", []string{"", ";;", " , "}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseForwarded(tt.lines)
			if err != nil || !slices.EqualFunc(got, tt.want, equalForwarded) {
				t.Fatalf("got %+v, %v", got, err)
			}
			for _, fe := range got {
				b, err := fe.AppendFormat(nil)
				if err != nil {
					t.Fatal(err)
				}
				again, err := ParseForwarded([]string{string(b)})
				if err != nil || len(again) != 1 || !equalForwarded(again[0], fe) {
					t.Errorf("round trip %q: %+v %v", b, again, err)
				}
			}
		})
	}
	for _, bad := range []string{"for=a;FOR=b", "proto=http;proto=https", "x=1;X=2", "=1", "for=", "for=a,b",
		"for=a ;b", `for="a"b`, "for=a;by", "for=_a;" + strings.ReplaceAll(manyParams(20), ", ", ";") + ";P7=z"} {
		if _, err := ParseForwarded([]string{bad}); !errors.Is(err, ErrInvalidForwarded) {
			t.Errorf("%q: err = %v", bad, err)
		}
	}
	if fes, err := ParseForwarded([]string{strings.ReplaceAll(manyParams(40), ", ", ";")}); err != nil || len(fes[0].Extensions) != 40 {
		t.Errorf("40 distinct extensions: %v", err)
	}
	// Formatting quotes what is not a token and refuses the unsendable.
	fe := ForwardedElement{For: "[2001:db8::1]:80", By: "_x", Host: "h.example:8080", Extensions: Params{{"a", "b c"}}}
	if b, err := fe.AppendFormat(nil); err != nil || string(b) != `for="[2001:db8::1]:80";by=_x;host="h.example:8080";a="b c"` {
		t.Errorf("format = %s %v", b, err)
	}
	for _, fe := range []ForwardedElement{{For: "a\r\nb"}, {Extensions: Params{{"bad name", "x"}}}, {Host: "\x00"}} {
		if b, err := fe.AppendFormat([]byte("keep")); !errors.Is(err, ErrInvalidForwarded) || string(b) != "keep" {
			t.Errorf("%+v: %q %v", fe, b, err)
		}
	}
}

func equalForwarded(a, b ForwardedElement) bool {
	return a.For == b.For && a.By == b.By && a.Proto == b.Proto && a.Host == b.Host && slices.Equal(a.Extensions, b.Extensions)
}

func TestNodes(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want Node
		out  string
	}{
		// RFC 7239 §6.
		{"192.0.2.43", Node{Addr: netip.MustParseAddr("192.0.2.43")}, "192.0.2.43"},
		{"192.0.2.43:47011", Node{Addr: netip.MustParseAddr("192.0.2.43"), Port: 47011}, "192.0.2.43:47011"},
		{"[2001:db8:cafe::17]", Node{Addr: netip.MustParseAddr("2001:db8:cafe::17")}, "[2001:db8:cafe::17]"},
		{"[2001:db8:cafe::17]:47011", Node{Addr: netip.MustParseAddr("2001:db8:cafe::17"), Port: 47011}, "[2001:db8:cafe::17]:47011"},
		{"unknown", Node{Unknown: true}, "unknown"},
		{"UNKNOWN:_p", Node{Unknown: true, ObfPort: "_p"}, "unknown:_p"},
		{"_hidden", Node{Obfuscated: "_hidden"}, "_hidden"},
		{"_SEVKISEK:_x.y-z", Node{Obfuscated: "_SEVKISEK", ObfPort: "_x.y-z"}, "_SEVKISEK:_x.y-z"},
		{"[::ffff:192.0.2.1]:1", Node{Addr: netip.MustParseAddr("::ffff:192.0.2.1"), Port: 1}, "[::ffff:192.0.2.1]:1"},
		// X-Forwarded-For style: a bare IPv6 address.
		{"2001:db8::1", Node{Addr: netip.MustParseAddr("2001:db8::1")}, "[2001:db8::1]"},
		{"1.2.3.4:65535", Node{Addr: netip.MustParseAddr("1.2.3.4"), Port: 65535}, "1.2.3.4:65535"},
	} {
		n, err := ParseNode(tt.in)
		if err != nil || n != tt.want || n.String() != tt.out {
			t.Errorf("%q: %+v %q %v", tt.in, n, n.String(), err)
		}
		if again, err := ParseNode(n.String()); err != nil || again != n {
			t.Errorf("%q: round trip %+v %v", tt.in, again, err)
		}
	}
	for _, bad := range []string{"", "[", "[]", "[2001:db8::1", "[2001:db8::1]x", "[2001:db8::1]:", "[fe80::1%eth0]",
		"fe80::1%eth0", "1.2.3.4:65536", "1.2.3.4:000080", "1.2.3.4:+80", "1.2.3.4:-1", "1.2.3.4:x", "01.2.3.4",
		"1.2.3", "_a b", "_a:_", "unknown:", "example.com", "[1.2.3.4]:80"} {
		if _, err := ParseNode(bad); !errors.Is(err, ErrInvalidForwarded) {
			t.Errorf("ParseNode(%q) = %v", bad, err)
		}
	}
	// RFC 7239 §7.4: X-Forwarded-For: 192.0.2.43, 2001:db8:cafe::17
	// becomes Forwarded: for=192.0.2.43, for="[2001:db8:cafe::17]".
	xff, err := ParseXForwardedFor([]string{"192.0.2.43, 2001:db8:cafe::17"})
	if err != nil {
		t.Fatal(err)
	}
	var b []byte
	for i, n := range xff {
		if i > 0 {
			b = append(b, ", "...)
		}
		b, _ = ForwardedElement{For: n.String()}.AppendFormat(b)
	}
	if string(b) != `for=192.0.2.43, for="[2001:db8:cafe::17]"` {
		t.Errorf("transition = %s", b)
	}
	if got := ParseXForwardedList([]string{"example.com, ", "", "other.example:8080"}); !slices.Equal(got, []string{"example.com", "other.example:8080"}) {
		t.Errorf("X-Forwarded-Host = %q", got)
	}
	if got, err := ParseXForwardedFor(nil); got != nil || err != nil {
		t.Errorf("no X-Forwarded-For: %v %v", got, err)
	}
}

func TestFormatXForwarded(t *testing.T) {
	in := "203.0.113.195, 2001:db8:85a3:8d3:1319:8a2e:370:7348, [2001:db8::1]:8080, 192.0.2.1:443, unknown, _hidden:_p"
	nodes, err := ParseXForwardedFor([]string{in})
	if err != nil {
		t.Fatal(err)
	}
	b, err := AppendXForwardedFor(nil, nodes)
	if err != nil || string(b) != in {
		t.Errorf("AppendXForwardedFor = %q, %v", b, err)
	}
	if b, err := AppendXForwardedFor([]byte("x"), nil); err != nil || string(b) != "x" {
		t.Errorf("no nodes: %q %v", b, err)
	}
	for _, n := range []Node{
		{}, {Port: 80},
		{Addr: netip.MustParseAddr("fe80::1").WithZone("a\r\nb")},
		{Obfuscated: "_a\r\nb"}, {Obfuscated: "nounderscore"},
		{Unknown: true, ObfPort: "_x y"}, {Unknown: true, Port: 70000}, {Unknown: true, Port: -1},
	} {
		if b, err := AppendXForwardedFor([]byte("keep"), []Node{{Unknown: true}, n}); !errors.Is(err, ErrInvalidForwarded) || string(b) != "keep" {
			t.Errorf("%+v: %q %v", n, b, err)
		}
	}
	vals := []string{"https", "example.com:8080"}
	if b, err := AppendXForwardedList(nil, vals); err != nil || string(b) != "https, example.com:8080" {
		t.Errorf("AppendXForwardedList = %q %v", b, err)
	} else if got := ParseXForwardedList([]string{string(b)}); !slices.Equal(got, vals) {
		t.Errorf("round trip %q", got)
	}
	for _, bad := range []string{"", "a,b", "a b", `"a"`, "a\r\n", "\x7f"} {
		if b, err := AppendXForwardedList([]byte("keep"), []string{"ok", bad}); !errors.Is(err, ErrInvalidForwarded) || string(b) != "keep" {
			t.Errorf("%q: %q %v", bad, b, err)
		}
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

func FuzzParseAuthorization(f *testing.F) {
	f.Add("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==")
	f.Add(`Digest username="Mufasa", realm="http-auth@example.org", nc=00000001`)
	f.Add("Bearer mF_9.B5f-4.1JqM")
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseAuthorization(s)
		if err != nil {
			if !errors.Is(err, ErrInvalidAuth) {
				t.Fatal(err)
			}
			return
		}
		if u, p, ok := c.Basic(); ok {
			again, err := BasicCredentials(u, p)
			if err != nil {
				t.Fatalf("%q decodes to %q:%q, which cannot be encoded: %v", s, u, p, err)
			}
			if u2, p2, ok := again.Basic(); !ok || u2 != u || p2 != p {
				t.Fatalf("Basic round trip %q:%q", u, p)
			}
		}
		out, err := c.AppendFormat(nil)
		if err != nil {
			return
		}
		again, err := ParseAuthorization(string(out))
		if err != nil || again.Scheme != c.Scheme || again.Token68 != c.Token68 || !slices.Equal(again.Params, c.Params) {
			t.Fatalf("round trip %q -> %q: %+v %v", s, out, again, err)
		}
	})
}

func FuzzDecodeBasic(f *testing.F) {
	f.Add("QWxhZGRpbjpvcGVuIHNlc2FtZQ==")
	f.Add("dGVzdDoxMjPCow")
	f.Fuzz(func(t *testing.T, s string) {
		u, p, err := DecodeBasic(s)
		if err != nil {
			if !errors.Is(err, ErrInvalidBasic) {
				t.Fatal(err)
			}
			return
		}
		c, err := BasicCredentials(u, p)
		if err != nil {
			t.Fatalf("%q decodes to %q:%q, which cannot be encoded: %v", s, u, p, err)
		}
		if u2, p2, err := DecodeBasic(c.Token68); err != nil || u2 != u || p2 != p {
			t.Fatalf("round trip %q:%q", u, p)
		}
	})
}

func FuzzParseIfRange(f *testing.F) {
	f.Add(`"xyzzy"`)
	f.Add(`W/"xyzzy"`)
	f.Add("Sun, 06 Nov 1994 08:49:37 GMT")
	f.Fuzz(func(t *testing.T, s string) {
		ir, err := ParseIfRange(s)
		if err != nil {
			if !errors.Is(err, ErrInvalidIfRange) {
				t.Fatal(err)
			}
			return
		}
		out := ir.AppendFormat(nil)
		again, err := ParseIfRange(string(out))
		if err != nil || again.HasETag != ir.HasETag || again.ETag != ir.ETag || !again.Date.Equal(ir.Date) {
			t.Fatalf("round trip %q -> %q: %+v %v", s, out, again, err)
		}
	})
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

func FuzzParseNode(f *testing.F) {
	f.Add("[2001:db8:cafe::17]:4711")
	f.Add("unknown:_p1")
	f.Add("192.0.2.43, 2001:db8:cafe::17")
	f.Fuzz(func(t *testing.T, s string) {
		if nodes, err := ParseXForwardedFor([]string{s}); err != nil {
			if !errors.Is(err, ErrInvalidForwarded) {
				t.Fatal(err)
			}
		} else {
			b, err := AppendXForwardedFor(nil, nodes)
			if err != nil {
				t.Fatalf("%q: parsed nodes do not format: %v", s, err)
			}
			again, err := ParseXForwardedFor([]string{string(b)})
			if err != nil || !slices.Equal(again, nodes) {
				t.Fatalf("X-Forwarded-For round trip %q -> %q: %v", s, b, err)
			}
		}
		n, err := ParseNode(s)
		if err != nil {
			if !errors.Is(err, ErrInvalidForwarded) {
				t.Fatal(err)
			}
			return
		}
		again, err := ParseNode(n.String())
		if err != nil || again != n {
			t.Fatalf("round trip %q -> %q: %+v %v", s, n.String(), again, err)
		}
	})
}

func BenchmarkParseChallenges(b *testing.B) {
	lines := []string{`Basic realm="simple", Newauth realm="apps", type=1, title="Login to \"apps\""`}
	b.ReportAllocs()
	for b.Loop() {
		_, _ = ParseChallenges(lines)
	}
}

func BenchmarkFormatChallenges(b *testing.B) {
	cs, _ := ParseChallenges([]string{`Basic realm="simple", Newauth realm="apps", type=1`})
	buf := make([]byte, 0, 128)
	b.ReportAllocs()
	for b.Loop() {
		buf, _ = AppendChallenges(buf[:0], cs)
	}
}

func BenchmarkParseIfRange(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_, _ = ParseIfRange("Sun, 06 Nov 1994 08:49:37 GMT")
	}
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

func BenchmarkParseXForwardedFor(b *testing.B) {
	lines := []string{"203.0.113.195, 2001:db8:85a3:8d3:1319:8a2e:370:7348, 198.51.100.178"}
	b.ReportAllocs()
	for b.Loop() {
		_, _ = ParseXForwardedFor(lines)
	}
}

func BenchmarkParseDeltaSeconds(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_, _ = ParseDeltaSeconds("3600")
	}
}

func BenchmarkDecodeBasic(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_, _, _ = DecodeBasic("QWxhZGRpbjpvcGVuIHNlc2FtZQ==")
	}
}
