package headers_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/webob-go/webob/headers"
)

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
