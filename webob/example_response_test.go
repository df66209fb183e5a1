package webob_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/webob-go/webob/webob"
)

func ExampleHandlerFunc() {
	h := webob.HandlerFunc(func(req *webob.Request) (*webob.Response, error) {
		// Consulting Accept is recorded: the adapter adds "Vary: Accept".
		if best, _ := req.Accept().Best("application/json", "text/html"); best == "text/html" {
			return webob.HTML(http.StatusOK, "<p>hello</p>"), nil
		}
		return webob.JSON(http.StatusOK, map[string]string{"greeting": "hello"}), nil
	})

	for _, accept := range []string{"application/json", "text/html"} {
		rec := httptest.NewRecorder()
		r := httptest.NewRequest("GET", "/", nil)
		r.Header.Set("Accept", accept)
		h.ServeHTTP(rec, r)
		fmt.Println(rec.Code, rec.Header().Get("Content-Type"), rec.Header().Get("Vary"), rec.Body)
	}
	// Output:
	// 200 application/json Accept {"greeting":"hello"}
	// 200 text/html; charset=utf-8 Accept <p>hello</p>
}

func ExampleRequest_Response() {
	h := webob.HandlerFunc(func(req *webob.Request) (*webob.Response, error) {
		// The request's own Response costs no allocation; it must not be
		// kept after the handler returns.
		resp := req.Response()
		resp.StatusCode = http.StatusCreated
		if err := resp.SetLocation("/items/7"); err != nil {
			return nil, err
		}
		resp.SetJSONBody(map[string]int{"id": 7})
		return resp, nil
	})

	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("POST", "/items", nil))
	fmt.Println(rec.Code, rec.Header().Get("Location"), rec.Header().Get("Content-Type"), rec.Body)
	// Output:
	// 201 /items/7 application/json {"id":7}
}

func ExampleNotFound() {
	h := webob.HandlerFunc(func(req *webob.Request) (*webob.Response, error) {
		return nil, webob.NotFound("no item 42")
	})
	rec := httptest.NewRecorder()
	r := httptest.NewRequest("GET", "/items/42", nil)
	r.Header.Set("Accept", "application/problem+json")
	h.ServeHTTP(rec, r)
	fmt.Println(rec.Code, rec.Header().Get("Content-Type"))
	fmt.Println(rec.Body)
	// Output:
	// 404 application/problem+json
	// {"type":"about:blank","title":"Not Found","status":404,"detail":"no item 42"}
}

func ExampleMiddleware() {
	timing := webob.Middleware(func(req *webob.Request, next webob.Next) (*webob.Response, error) {
		resp, err := next(req)
		if err != nil {
			return nil, err
		}
		resp.Header().Set("Server-Timing", "app;dur=1")
		return resp, nil
	})
	// The wrapped handler can be any http.Handler.
	plain := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("from net/http"))
	})
	rec := httptest.NewRecorder()
	timing(plain).ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	fmt.Println(rec.Code, rec.Header().Get("Server-Timing"), rec.Body)
	// Output:
	// 200 app;dur=1 from net/http
}

func ExampleResponse_Serve_conditional() {
	page := webob.Text(http.StatusOK, "0123456789")
	page.SetETag("v7")
	page.SetLastModified(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC))
	page.SetAcceptRanges("bytes")

	for _, h := range [][2]string{
		{"If-None-Match", `"v7"`},
		{"If-Match", `"v6"`},
		{"Range", "bytes=2-4"},
		{"Range", "bytes=20-"},
	} {
		r := httptest.NewRequest("GET", "/", nil)
		r.Header.Set("Accept", "text/plain")
		r.Header.Set(h[0], h[1])
		rec := httptest.NewRecorder()
		page.ServeHTTP(rec, r)
		fmt.Printf("%s: %d %q %q\n", h[0], rec.Code, rec.Header().Get("Content-Range"), strings.TrimSpace(firstLine(rec.Body.String())))
	}
	// Output:
	// If-None-Match: 304 "" ""
	// If-Match: 412 "" "412 Precondition Failed"
	// Range: 206 "bytes 2-4/10" "234"
	// Range: 416 "bytes */10" "416 Requested Range Not Satisfiable"
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}

func ExampleSafeLocation() {
	for _, loc := range []string{"/next", "//evil.example/", " //evil.example/", "/\\evil.example/", "https://other.example/"} {
		fmt.Printf("%q\n", webob.SafeLocation(loc))
	}
	fmt.Println(webob.ResolveLocation("http://example.com/a/b", "\t//evil.example/x"))
	// Output:
	// "/next"
	// "/%2Fevil.example/"
	// "%20//evil.example/"
	// "/%5Cevil.example/"
	// "https://other.example/"
	// http://example.com/a/%09//evil.example/x
}

func ExampleResponse_CacheExpires() {
	r := webob.NewResponse(http.StatusOK)
	r.CacheExpires(3600)
	fmt.Println(r.Header().Get("Cache-Control"), r.Pragma() == "")
	r.CacheExpires(0)
	fmt.Println(r.Header().Get("Cache-Control"), r.Pragma())
	// Output:
	// max-age=3600 true
	// no-cache, no-store, max-age=0, must-revalidate no-cache
}

func ExampleResponse_AsBytes() {
	r := webob.Text(http.StatusCreated, "made")
	r.SetLocation("/things/1")
	b, _ := r.AsBytes()
	fmt.Printf("%q\n", b)
	back, _ := webob.ParseResponse(b)
	body, _ := back.Body()
	fmt.Println(back.Status(), back.Location(), string(body))
	// Output:
	// "HTTP/1.1 201 Created\r\nContent-Type: text/plain; charset=utf-8\r\nLocation: /things/1\r\nContent-Length: 4\r\n\r\nmade"
	// 201 Created /things/1 made
}
