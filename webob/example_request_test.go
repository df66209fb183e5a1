package webob_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"

	"github.com/webob-go/webob/webob"
)

func ExampleNewRequest() {
	hr := httptest.NewRequest("GET", "http://example.com:8080/shop/items/7?color=red&size=M", nil)
	hr.Header.Set("Cookie", "session=abc; theme=dark")
	req := webob.NewRequest(hr, nil)

	req.Mount("/shop") // as a router does for a nested application
	fmt.Println(req.URL())
	fmt.Println(req.HostURL(), req.ApplicationURL())
	fmt.Println(req.ScriptName(), req.PathInfo(), req.Domain(), req.HostPort())
	fmt.Println(req.Query().Get("color"), req.Query().Get("size"))
	theme, _ := req.Cookie("theme")
	fmt.Println(theme)
	// Output:
	// http://example.com:8080/shop/items/7?color=red&size=M
	// http://example.com:8080 http://example.com:8080/shop
	// /shop /items/7 example.com 8080
	// red M
	// dark
}

func ExampleRequest_Accept() {
	req := webob.MustBlank("/", webob.WithHeader("Accept", "text/html;q=0.9, application/json"))
	best, _ := req.Accept().Best("text/html", "application/json")
	fmt.Println(best)
	fmt.Println(req.NegotiatedHeaders()) // the adapter adds these to Vary
	// Output:
	// application/json
	// [Accept]
}

func ExampleRequest_ParseQuery() {
	req := webob.MustBlank("/?a=%zz&b=2&b=3")
	fmt.Println(req.Query().GetAll("b"), req.Query().Has("a")) // lenient: the bad pair is skipped
	_, err := req.ParseQuery()
	fmt.Println(err) // strict: the error names the key
	page, err := req.Query().Int("page", 1)
	fmt.Println(page, err)
	// Output:
	// [2 3] false
	// multipart: invalid percent-escape in the pair with key "a"
	// 1 <nil>
}

func ExampleRequest_ClientAddr() {
	hr := httptest.NewRequest("GET", "/", nil)
	hr.RemoteAddr = "10.0.0.2:5555" // the load balancer
	hr.Header.Set("X-Forwarded-For", "6.6.6.6, 203.0.113.9")
	hr.Header.Set("X-Forwarded-Proto", "https")

	fmt.Println(webob.NewRequest(hr, nil).ClientAddr()) // nothing trusted: the peer

	opts := &webob.Options{TrustedProxies: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}}
	req := webob.NewRequest(hr, opts)
	fmt.Println(req.ClientAddr(), req.Scheme()) // the right-most untrusted hop

	// The proxy appends X-Forwarded-For and passes on a Forwarded the
	// client wrote: with both present and no choice made, neither counts.
	hr.Header.Set("Forwarded", "for=5.6.7.8;host=evil.example;proto=https")
	req = webob.NewRequest(hr, opts)
	fmt.Println(req.ClientAddr(), req.URL())

	// Say which header the proxy writes.
	opts = &webob.Options{
		TrustedProxies: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")},
		ProxyHeaders:   webob.ProxyXForwardedFor | webob.ProxyXForwardedProto,
	}
	req = webob.NewRequest(hr, opts)
	fmt.Println(req.ClientAddr(), req.URL())
	// Output:
	// 10.0.0.2
	// 203.0.113.9 https
	// 10.0.0.2 http://example.com/
	// 203.0.113.9 https://example.com/
}

func ExampleBlank() {
	req, err := webob.Blank("/upload?x=1",
		webob.WithForm(map[string]string{"title": "notes"}),
		webob.WithFile("doc", "notes.txt", "text/plain", []byte("hello")),
		webob.WithHeader("Accept-Language", "da, en-gb;q=0.8"),
	)
	if err != nil {
		panic(err)
	}
	defer req.Cleanup()
	fmt.Println(req.Method(), req.URL(), req.ContentType())
	fmt.Println(req.Form().Get("title"), req.File("doc").Filename, req.File("doc").Size)
	// Output:
	// POST http://localhost/upload?x=1 multipart/form-data
	// notes notes.txt 5
}

func ExampleRequest_Bind() {
	type Search struct {
		Q    string   `url:"q"`
		Page int      `url:"page,omitempty"`
		Tags []string `url:"tag"`
		IDs  []int    `url:"ids,comma"`
	}
	// One struct type builds the query (go-querystring) and reads it back.
	req := webob.MustBlank("/search", webob.WithQuery(Search{Q: "go", Page: 2, Tags: []string{"a", "b"}, IDs: []int{4, 5}}))
	fmt.Println(req.QueryString())

	var s Search
	if err := req.Bind(&s); err != nil {
		panic(err)
	}
	fmt.Printf("%+v\n", s)

	err := webob.MustBlank("/search?page=x&tag[99999]=z").Bind(&s)
	fmt.Println(err)
	// Output:
	// ids=4%2C5&page=2&q=go&tag=a&tag=b
	// {Q:go Page:2 Tags:[a b] IDs:[4 5]}
	// webob: parameter "page" (field Page): invalid parameter value: strconv.ParseInt: parsing "x": invalid syntax (and 1 more errors)
}

func ExampleRequest_GetResponse() {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		io.WriteString(w, "hello "+r.URL.Query().Get("name"))
	})
	resp, err := webob.MustBlank("/?name=gopher").GetResponse(h)
	if err != nil {
		panic(err)
	}
	body, _ := resp.Body()
	fmt.Println(resp.StatusCode, resp.Header().Get("Content-Type"), string(body))
	// Output:
	// 200 text/plain hello gopher
}

func ExampleParseRequest() {
	req, err := webob.ParseRequest([]byte("POST /items HTTP/1.1\r\nHost: example.com\r\n"+
		"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 9\r\n\r\nname=kiwi"), nil)
	if err != nil {
		panic(err)
	}
	fmt.Println(req.URL(), req.Form().Get("name"))
	b, _ := req.AsBytes()
	fmt.Printf("%q\n", b)

	_, err = webob.ParseRequest([]byte("GET / HTTP/1.1\r\nHost: h\r\nFoo : bar\r\n\r\n"), nil)
	fmt.Println(err)
	// Output:
	// http://example.com/items kiwi
	// "POST /items HTTP/1.1\r\nHost: example.com\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 9\r\n\r\nname=kiwi"
	// webob: malformed HTTP request message: invalid field name "Foo "
}
