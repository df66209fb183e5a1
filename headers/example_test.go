package headers_test

import (
	"errors"
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

func ExampleRange_Resolve() {
	// Invalid: ignore the Range header and send the whole representation.
	_, err := headers.ParseRange("bytes=-")
	fmt.Println(errors.Is(err, headers.ErrInvalidRange))

	// Unsatisfiable: answer 416 with Content-Range: bytes */length.
	r, _ := headers.ParseRange("bytes=5000-")
	if _, err := r.Resolve(1000); errors.Is(err, headers.ErrUnsatisfiableRange) {
		fmt.Println(headers.Unsatisfied(1000))
	}

	// Too many ranges, or the same bytes asked for again and again.
	r, _ = headers.ParseRange("bytes=0-999,0-999")
	_, err = r.Resolve(1000)
	fmt.Println(err)
	// Output:
	// true
	// bytes */1000
	// headers: ranges add up to more than the length
}

func ExampleParseContentRange() {
	cr, _ := headers.ParseContentRange("bytes 42-1233/1234")
	fmt.Println(cr.Start, cr.End, cr.Length)
	cr, _ = headers.ParseContentRange("bytes 0-98/*")
	fmt.Println(cr.Length, cr)
	// Output:
	// 42 1233 1234
	// -1 bytes 0-98/*
}

func ExampleParseIfRange() {
	lastModified := time.Date(1994, 11, 6, 8, 49, 37, 0, time.UTC)
	ir, _ := headers.ParseIfRange("Sun, 06 Nov 1994 08:49:37 GMT")
	fmt.Println(ir.Matches(headers.ETag{}, lastModified))
	ir, _ = headers.ParseIfRange(`W/"v1"`)
	fmt.Println(ir.Matches(headers.ETag{Tag: "v1", Weak: true}, lastModified)) // weak never matches
	// Output:
	// true
	// false
}

func ExampleParseChallenges() {
	cs, _ := headers.ParseChallenges([]string{
		`Bearer realm="example", error="invalid_token"`,
		`Basic realm="WallyWorld", charset="UTF-8"`,
	})
	for _, c := range cs {
		realm, _ := c.Params.Get("realm")
		fmt.Println(c.Scheme, realm)
	}
	b, _ := headers.AppendChallenges(nil, cs)
	fmt.Println(string(b))
	// Output:
	// Bearer example
	// Basic WallyWorld
	// Bearer realm="example", error="invalid_token", Basic realm="WallyWorld", charset="UTF-8"
}

func ExampleBasicCredentials() {
	c, _ := headers.BasicCredentials("test", "123£")
	fmt.Println(c)
	_, _, err := headers.DecodeBasic("bm9jb2xvbg==") // "nocolon"
	fmt.Println(err)
	// Output:
	// Basic dGVzdDoxMjPCow==
	// headers: invalid Basic credentials
}

func ExampleParseNode() {
	for _, s := range []string{`[2001:db8:cafe::17]:4711`, "192.0.2.43", "_hidden", "unknown"} {
		n, _ := headers.ParseNode(s)
		fmt.Printf("%v %d %q %v\n", n.Addr, n.Port, n.Obfuscated, n.Unknown)
	}
	// Output:
	// 2001:db8:cafe::17 4711 "" false
	// 192.0.2.43 0 "" false
	// invalid IP 0 "_hidden" false
	// invalid IP 0 "" true
}

func ExampleParseXForwardedFor() {
	nodes, _ := headers.ParseXForwardedFor([]string{"203.0.113.195, 2001:db8::1", "198.51.100.178"})
	for _, n := range nodes {
		fmt.Println(n.Addr)
	}
	_, err := headers.ParseXForwardedFor([]string{"203.0.113.195, evil"})
	fmt.Println(err)
	// Output:
	// 203.0.113.195
	// 2001:db8::1
	// 198.51.100.178
	// headers: invalid Forwarded
}

func ExampleParseTokenList() {
	vary, _ := headers.ParseTokenList([]string{"Accept-Encoding, Accept-Language", "Origin"})
	fmt.Println(vary)
	fmt.Println(headers.TokenListContains([]string{"GET, HEAD"}, "head"))
	b, _ := headers.AppendTokenList(nil, []string{"GET", "HEAD", "PUT"})
	fmt.Println(string(b))
	// Output:
	// [Accept-Encoding Accept-Language Origin]
	// true
	// GET, HEAD, PUT
}

func ExampleParseRetryAfter() {
	received := time.Date(1999, 12, 31, 23, 0, 0, 0, time.UTC)
	ra, _ := headers.ParseRetryAfter("120")
	fmt.Println(ra.At(received).Format(time.TimeOnly))
	ra, _ = headers.ParseRetryAfter("Fri, 31 Dec 1999 23:59:59 GMT")
	fmt.Println(ra.IsDate(), ra)
	// Output:
	// 23:02:00
	// true Fri, 31 Dec 1999 23:59:59 GMT
}

func ExampleParseQValue() {
	for _, s := range []string{"0.8", "1", "0", "1.5", "0.1234"} {
		q, ok := headers.ParseQValue(s)
		fmt.Println(s, q, ok)
	}
	// Output:
	// 0.8 800 true
	// 1 1000 true
	// 0 0 true
	// 1.5 0 false
	// 0.1234 0 false
}

func ExampleLookupParam() {
	// The parameters of a media range in an Accept field, as sent.
	params := `;Level=1; charset="utf-8"`
	fmt.Println(headers.LookupParam(params, "level"))
	fmt.Println(headers.LookupParam(params, "charset"))
	fmt.Println(headers.LookupParam(params, "q"))
	// Output:
	// 1 true
	// utf-8 true
	//  false
}
