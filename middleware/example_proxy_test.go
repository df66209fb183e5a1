package middleware_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"

	"github.com/webob-go/webob/middleware"
	"github.com/webob-go/webob/webob"
)

func ExampleProxyHeaders() {
	// The app runs behind a load balancer in 10.0.0.0/8 that appends to
	// X-Forwarded-For and sets X-Forwarded-Proto.
	app := webob.HandlerFunc(func(req *webob.Request) (*webob.Response, error) {
		return webob.Text(http.StatusOK, req.ClientAddr().String()+" "+req.URL()), nil
	})
	h := middleware.ProxyHeaders(&middleware.ProxyOptions{
		TrustedProxies: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")},
	})(app)

	req := httptest.NewRequest("GET", "http://shop.example/cart", nil)
	req.RemoteAddr = "10.0.0.1:41000"
	// The client sent "X-Forwarded-For: 127.0.0.1" itself; the balancer
	// appended the address it saw.
	req.Header.Set("X-Forwarded-For", "127.0.0.1, 203.0.113.7")
	req.Header.Set("X-Forwarded-Proto", "https")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	fmt.Println(rec.Body.String())
	// Output: 203.0.113.7 https://shop.example/cart
}

func ExampleOriginalRequest() {
	h := middleware.ProxyHeaders(nil)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		o, _ := middleware.OriginalRequest(r.Context())
		fmt.Println(r.RemoteAddr, r.URL.Scheme, "via", o.RemoteAddr, o.Scheme)
	}))
	req := httptest.NewRequest("GET", "http://shop.example/", nil)
	req.RemoteAddr = "10.0.0.1:41000"
	req.Header.Set("X-Forwarded-For", "203.0.113.7")
	req.Header.Set("X-Forwarded-Proto", "https")
	h.ServeHTTP(httptest.NewRecorder(), req)
	// Output: 203.0.113.7:0 https via 10.0.0.1:41000 http
}

func ExampleURLMap() {
	blog := webob.HandlerFunc(func(req *webob.Request) (*webob.Response, error) {
		return webob.Text(http.StatusOK, "blog: "+req.ScriptName()+" + "+req.PathInfo()+" at "+req.ApplicationURL()), nil
	})
	files := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, "files: "+r.URL.Path)
	})
	m := middleware.NewURLMap(nil)
	if err := m.Mount("/blog", blog); err != nil {
		panic(err)
	}
	if err := m.Mount("/static/", files); err != nil {
		panic(err)
	}
	for _, target := range []string{"/blog/2026/hello", "/static/app.css", "/blogger", "/static"} {
		rec := httptest.NewRecorder()
		m.ServeHTTP(rec, httptest.NewRequest("GET", "http://example.com"+target, nil))
		switch rec.Code {
		case http.StatusOK:
			fmt.Println(target, "->", rec.Body.String())
		case http.StatusMovedPermanently:
			fmt.Println(target, "->", rec.Code, rec.Header().Get("Location"))
		default:
			fmt.Println(target, "->", rec.Code)
		}
	}
	// Output:
	// /blog/2026/hello -> blog: /blog + /2026/hello at http://example.com/blog
	// /static/app.css -> files: /app.css
	// /blogger -> 404
	// /static -> 301 /static/
}

func ExampleCascade() {
	static := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/robots.txt" {
			http.NotFound(w, r) // discarded: the next handler is tried
			return
		}
		_, _ = io.WriteString(w, "User-agent: *")
	})
	app := webob.HandlerFunc(func(req *webob.Request) (*webob.Response, error) {
		body, err := req.Body() // replayed: static did not consume it
		if err != nil {
			return nil, err
		}
		return webob.Text(http.StatusOK, "app got "+string(body)), nil
	})
	h := middleware.Cascade(nil, static, app)
	for _, target := range []string{"/robots.txt", "/form"} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("POST", "http://example.com"+target, strings.NewReader("a=1")))
		fmt.Println(target, rec.Code, rec.Body.String())
	}
	// Output:
	// /robots.txt 200 User-agent: *
	// /form 200 app got a=1
}

func ExampleURLMap_Mount() {
	m := middleware.NewURLMap(nil)
	for _, pattern := range []string{"/", "api.example.com/", "example.com:8080/admin"} {
		name := pattern
		_ = m.Mount(pattern, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			_, _ = io.WriteString(w, name+" sees "+r.URL.Path)
		}))
	}
	for _, target := range []string{"http://api.example.com/v1/users", "http://example.com:8080/admin/x", "http://example.com/admin/x"} {
		rec := httptest.NewRecorder()
		m.ServeHTTP(rec, httptest.NewRequest("GET", target, nil))
		fmt.Println(rec.Body.String())
	}
	// Output:
	// api.example.com/ sees /v1/users
	// example.com:8080/admin sees /x
	// / sees /admin/x
}
