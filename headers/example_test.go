package headers_test

import (
	"fmt"
	"time"

	"github.com/webob-go/webob/headers"
)

func ExampleParseMediaType() {
	mt, err := headers.ParseMediaType(`Application/LD+JSON; charset="UTF-8"`)
	if err != nil {
		panic(err)
	}
	fmt.Println(mt.Essence(), mt.Charset(), mt.Suffix())
	fmt.Println(mt)
	// Output:
	// application/ld+json utf-8 json
	// application/ld+json;charset=UTF-8
}

func ExampleFormatContentDisposition() {
	v, _ := headers.FormatContentDisposition("attachment", `setup.bat";x=.txt`)
	fmt.Println(v)
	v, _ = headers.FormatContentDisposition("attachment", "naïve.txt")
	fmt.Println(v)
	cd, _ := headers.ParseContentDisposition(v)
	fmt.Println(cd.Filename())
	// Output:
	// attachment; filename="setup.bat\";x=.txt"
	// attachment; filename="na_ve.txt"; filename*=UTF-8''na%C3%AFve.txt
	// naïve.txt
}

func ExampleParseHTTPDate() {
	for _, s := range []string{"Sun, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994", "yesterday"} {
		t, err := headers.ParseHTTPDate(s)
		fmt.Println(t.Format(time.RFC3339), err)
	}
	fmt.Println(headers.FormatHTTPDate(time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)))
	// Output:
	// 1994-11-06T08:49:37Z <nil>
	// 1994-11-06T08:49:37Z <nil>
	// 1994-11-06T08:49:37Z <nil>
	// 0001-01-01T00:00:00Z headers: invalid HTTP date
	// Tue, 24 Nov 2026 10:00:00 GMT
}

func ExampleParseETags() {
	ifNoneMatch, _ := headers.ParseETags([]string{`W/"v1", "v2"`})
	current, _ := headers.ParseETag(`"v1"`)
	fmt.Println(ifNoneMatch.MatchesWeak(current), ifNoneMatch.MatchesStrong(current))
	_, err := headers.ParseETags([]string{`"v1", v2`})
	fmt.Println(err)
	// Output:
	// true false
	// headers: invalid entity tag
}

func ExampleSplitList() {
	for el := range headers.List([]string{`a, "b,c" ,, d`, "e"}) {
		fmt.Println(el)
	}
	// Output:
	// a
	// "b,c"
	// d
	// e
}

func ExampleParseCacheControl() {
	cc, _ := headers.ParseCacheControl([]string{`public, max-age=3600, no-cache="Set-Cookie"`})
	fmt.Println(cc.Public, cc.MaxAge.Seconds, cc.NoCacheList)
	cc.MaxAge = headers.Seconds(60)
	cc.Immutable = true
	fmt.Println(cc.String())
	// Output:
	// true 3600 Set-Cookie
	// public, no-cache="Set-Cookie", max-age=60, immutable
}

func ExampleParseRange() {
	r, _ := headers.ParseRange("bytes=0-99, 50-149, -100")
	spans, _ := r.Resolve(1000)
	for _, sp := range spans {
		fmt.Println(sp.ContentRange(1000))
	}
	_, err := r.Resolve(0)
	fmt.Println(err)
	// Output:
	// bytes 0-149/1000
	// bytes 900-999/1000
	// headers: range not satisfiable
}

func ExampleParseAuthorization() {
	c, _ := headers.ParseAuthorization("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==")
	user, pass, ok := c.Basic()
	fmt.Println(user, pass, ok)
	cs, _ := headers.ParseChallenges([]string{`Basic realm="simple", Newauth realm="apps", type=1`})
	fmt.Println(len(cs), cs[1].Scheme, cs[1].Params)
	// Output:
	// Aladdin open sesame true
	// 2 Newauth ;realm=apps;type=1
}

func ExampleParseForwarded() {
	fes, _ := headers.ParseForwarded([]string{`for=192.0.2.60;proto=http, for="[2001:db8:cafe::17]:4711"`})
	for _, fe := range fes {
		n, _ := headers.ParseNode(fe.For)
		fmt.Println(n.Addr, n.Port, fe.Proto)
	}
	// Output:
	// 192.0.2.60 0 http
	// 2001:db8:cafe::17 4711
}

func ExampleParseContentLength() {
	fmt.Println(headers.ParseContentLength([]string{"42, 42"}))
	fmt.Println(headers.ParseContentLength([]string{"42", "43"}))
	// Output:
	// 42 <nil>
	// 0 headers: invalid Content-Length
}
