package webob

import (
	"context"
	"errors"
	"io"
	"net/url"
	"strings"
	"testing"
)

func TestBlankDefaults(t *testing.T) {
	r := MustBlank("/")
	if r.Method() != "GET" || r.Host() != "localhost:80" || r.URL() != "http://localhost/" || r.Scheme() != "http" {
		t.Fatalf("defaults: %s %s %s", r.Method(), r.Host(), r.URL())
	}
	if b, err := r.Body(); b != nil || err != nil {
		t.Fatal("body")
	}
	if r.HTTP().Proto != "HTTP/1.1" || r.HTTP().RequestURI != "/" || r.RemoteAddr() != "" {
		t.Fatal("proto")
	}
	r = MustBlank("/?name=george")
	if r.Query().Get("name") != "george" || r.PathQS() != "/?name=george" {
		t.Fatal("query in target")
	}
	r = MustBlank("https://example.com:8443/x?y=1#frag")
	if r.URL() != "https://example.com:8443/x?y=1" || r.HTTP().TLS == nil || r.Domain() != "example.com" {
		t.Fatalf("full URL: %s", r.URL())
	}
	r = MustBlank("https://example.com/")
	if r.HostPort() != "443" || r.HostURL() != "https://example.com" {
		t.Fatal("https default port")
	}
}

// TestBlankMethodSubstitution pins WebOb's test_blank__method_subtitution
// and test_blank__ctype_*: a body turns GET and HEAD into POST, other
// methods are kept, and a Content-Type given as a header wins.
func TestBlankMethodSubstitution(t *testing.T) {
	tests := []struct {
		opts   []BlankOption
		method string
		ctype  string
	}{
		{[]BlankOption{WithMethod("PUT")}, "PUT", ""},
		{[]BlankOption{WithMethod("PUT"), WithForm(url.Values{})}, "PUT", "application/x-www-form-urlencoded"},
		{[]BlankOption{WithMethod("HEAD"), WithForm(url.Values{})}, "POST", "application/x-www-form-urlencoded"},
		{[]BlankOption{WithHeader("Content-Type", "application/json")}, "GET", "application/json"},
		{[]BlankOption{WithHeader("Content-type", "application/json"), WithBody("", nil)}, "POST", "application/json"},
		{[]BlankOption{WithJSON(1)}, "POST", "application/json"},
	}
	for i, tt := range tests {
		r, err := Blank("/", tt.opts...)
		if err != nil || r.Method() != tt.method || r.ContentType() != tt.ctype {
			t.Errorf("%d: %v %s %q", i, err, r.Method(), r.ContentType())
		}
	}
}

func TestBlankBodies(t *testing.T) {
	r := MustBlank("/", WithForm(map[string]string{"a": "1 2", "b": "é"}))
	if f := r.Form(); f.Get("a") != "1 2" || f.Get("b") != "é" || r.ContentLength() != int64(len("a=1+2&b=%C3%A9")) {
		t.Fatalf("form %v %d", f.Fields(), r.ContentLength())
	}
	r = MustBlank("/upload", WithForm(NewMultiDict(Field{Name: "title", Value: "t"})),
		WithFile("doc", "a.txt", "text/plain", []byte("hello")), WithFile("doc", "b.bin", "", []byte{0, 1}))
	defer r.Cleanup()
	if r.Method() != "POST" || r.ContentType() != "multipart/form-data" || r.Form().Get("title") != "t" || len(r.Files()) != 2 {
		t.Fatalf("multipart: %s %s %v", r.Method(), r.ContentType(), r.Form().Fields())
	}
	f := r.File("doc")
	rd, _ := f.Open()
	b, _ := io.ReadAll(rd)
	rd.Close()
	if string(b) != "hello" || f.Filename != "a.txt" || f.ContentType != "text/plain" || r.Files()[1].ContentType != "application/octet-stream" {
		t.Fatalf("file %q %+v", b, f)
	}
	r = MustBlank("/", WithBody("text/plain; charset=iso-8859-1", []byte("caf\xe9")))
	if s, err := r.Text(); s != "café" || err != nil {
		t.Fatalf("text %q %v", s, err)
	}
	r = MustBlank("/", WithCookie("a", "1"), WithCookie("b", "2"))
	if v, _ := r.Cookie("b"); v != "2" || r.Header().Get("Cookie") != "a=1; b=2" {
		t.Fatal("cookies")
	}
	type Q struct {
		Page int    `url:"page"`
		Sort string `url:"sort,omitempty"`
	}
	r = MustBlank("/list?x=1", WithQuery(Q{Page: 2}))
	if r.QueryString() != "x=1&page=2" {
		t.Fatalf("query %q", r.QueryString())
	}
	ctx := context.WithValue(context.Background(), ctxKey{}, "v")
	r = MustBlank("/", WithContext(ctx), WithRemoteAddr("192.0.2.9:1"))
	if r.Context().Value(ctxKey{}) != "v" || r.ClientAddr().String() != "192.0.2.9" {
		t.Fatal("context / remote")
	}
}

type ctxKey struct{}

var nilCtx context.Context

func TestBlankBaseURL(t *testing.T) {
	r := MustBlank("/items/%C3%AB?x=1", WithBaseURL("https://example.com/app/"))
	if r.ScriptName() != "/app" || r.PathInfo() != "/items/ë" || r.URL() != "https://example.com/app/items/%C3%AB?x=1" || r.ApplicationURL() != "https://example.com/app" {
		t.Fatalf("%q %q %q", r.ScriptName(), r.PathInfo(), r.URL())
	}
	r = MustBlank("/x", WithBaseURL("http://h:8080"))
	if r.ScriptName() != "" || r.URL() != "http://h:8080/x" {
		t.Fatalf("%q", r.URL())
	}
}

func TestBlankErrors(t *testing.T) {
	bad := []struct {
		target string
		opts   []BlankOption
	}{
		{"no-slash", nil},
		{"ftp://h/", nil},
		{"http:///nohost", nil},
		{"/a b", nil},
		{"/a\r\nX: y", nil},
		{"http://user:pw@h/", nil},
		{"/", []BlankOption{WithMethod("GE T")}},
		{"/", []BlankOption{WithHeader("X", "a\r\nb")}},
		{"/", []BlankOption{WithHeader("Bad Name", "a")}},
		{"/", []BlankOption{WithCookie("a", "x;y")}},
		{"/", []BlankOption{WithBaseURL("/relative")}},
		{"/", []BlankOption{WithRemoteAddr("nope")}},
		{"/", []BlankOption{WithJSON(make(chan int))}},
		{"/", []BlankOption{WithQuery(42)}},
		{"/", []BlankOption{WithBody("a\nb", nil)}},
		{"/", []BlankOption{WithContext(nilCtx)}},
	}
	for _, tt := range bad {
		if _, err := Blank(tt.target, tt.opts...); !errors.Is(err, ErrBlank) {
			t.Errorf("%q: %v", tt.target, err)
		}
	}
	defer func() {
		if recover() == nil {
			t.Error("MustBlank did not panic")
		}
	}()
	MustBlank("bad")
}

// TestBlankEmptyPathIsSlash: an empty path is "/" (RFC 9110 §4.2.3), for
// a URL without a path and for a bare query.
func TestBlankEmptyPathIsSlash(t *testing.T) {
	tests := []struct{ target, url, uri string }{
		{"http://example.com", "http://example.com/", "/"},
		{"https://example.com?x=1", "https://example.com/?x=1", "/?x=1"},
		{"?x=1", "http://localhost/?x=1", "/?x=1"},
		{"?", "http://localhost/", "/"},
		{"#frag", "http://localhost/", "/"},
	}
	for _, tt := range tests {
		r, err := Blank(tt.target)
		if err != nil {
			t.Errorf("%q: %v", tt.target, err)
			continue
		}
		if r.URL() != tt.url || r.Path() != "/" || r.HTTP().RequestURI != tt.uri {
			t.Errorf("%q: URL %q Path %q RequestURI %q; want %q %q", tt.target, r.URL(), r.Path(), r.HTTP().RequestURI, tt.url, tt.uri)
		}
	}
}

// TestBlankDropsEmptyPort: "http://example.com:/x" names port 80; the
// empty port is normalised away (RFC 3986 §6.2.3), so URL and HostPort
// agree.
func TestBlankDropsEmptyPort(t *testing.T) {
	r := MustBlank("http://example.com:/x")
	if r.URL() != "http://example.com/x" || r.Host() != "example.com" || r.HostPort() != "80" {
		t.Errorf("URL %q Host %q HostPort %q", r.URL(), r.Host(), r.HostPort())
	}
	r = MustBlank("/x", WithBaseURL("https://[2001:db8::1]:/app"))
	if r.URL() != "https://[2001:db8::1]/app/x" || r.HostPort() != "443" {
		t.Errorf("base: URL %q HostPort %q", r.URL(), r.HostPort())
	}
	r = MustBlank("/x", WithHeader("Host", "a.example:"))
	if r.Host() != "a.example" || r.URL() != "http://a.example/x" {
		t.Errorf("Host header: Host %q URL %q", r.Host(), r.URL())
	}
}

// TestBlankHonoursHostHeader: WithHeader("Host", ...) sets the host that
// Host and URL read (net/http keeps it outside Header), over the default
// and over WithBaseURL's host; it must agree with a full-URL target.
func TestBlankHonoursHostHeader(t *testing.T) {
	r := MustBlank("/x?y=1", WithHeader("Host", "a.example:8080"))
	if r.Host() != "a.example:8080" || r.URL() != "http://a.example:8080/x?y=1" || r.HostPort() != "8080" || r.HTTP().Header.Get("Host") != "" {
		t.Errorf("Host %q URL %q HostPort %q", r.Host(), r.URL(), r.HostPort())
	}
	r = MustBlank("/x", WithBaseURL("https://example.com/app"), WithHeader("Host", "b.example"))
	if r.URL() != "https://b.example/app/x" {
		t.Errorf("with base: %q", r.URL())
	}
	r = MustBlank("http://Example.com/x", WithHeader("Host", "example.COM"))
	if r.URL() != "http://example.COM/x" {
		t.Errorf("agreeing absolute target: %q", r.URL())
	}
	for _, tt := range []struct {
		target string
		opts   []BlankOption
	}{
		{"http://example.com/x", []BlankOption{WithHeader("Host", "other.example")}},
		{"/", []BlankOption{WithHeader("Host", "a"), WithHeader("Host", "b")}},
		{"/", []BlankOption{WithHeader("Host", "")}},
		{"/", []BlankOption{WithHeader("Host", "a.example:80x")}},
		{"/", []BlankOption{WithHeader("Host", "a/b")}},
		{"/", []BlankOption{WithHeader("Host", ":80")}},
	} {
		if r, err := Blank(tt.target, tt.opts...); !errors.Is(err, ErrBlank) {
			t.Errorf("%q: got %v (request %v); want ErrBlank", tt.target, err, r != nil)
		}
	}
}

// TestBlankRequestTargetForms: a leading "//" is a path (origin-form, as
// in a request line), "*" is the asterisk-form of OPTIONS and "host:port"
// the authority-form of CONNECT (RFC 9112 §3.2).
func TestBlankRequestTargetForms(t *testing.T) {
	r := MustBlank("//x/y")
	if r.Host() != "localhost:80" || r.Path() != "//x/y" || r.HTTP().RequestURI != "//x/y" {
		t.Errorf("//x/y: Host %q Path %q", r.Host(), r.Path())
	}
	r = MustBlank("*", WithMethod("OPTIONS"))
	if r.Method() != "OPTIONS" || r.HTTP().RequestURI != "*" || r.PathInfo() != "" || r.URL() != "http://localhost" {
		t.Errorf("OPTIONS *: RequestURI %q PathInfo %q URL %q", r.HTTP().RequestURI, r.PathInfo(), r.URL())
	}
	r = MustBlank("example.com:443", WithMethod("CONNECT"))
	if r.Method() != "CONNECT" || r.Host() != "example.com:443" || r.HTTP().RequestURI != "example.com:443" || r.HTTP().URL.Host != "example.com:443" {
		t.Errorf("CONNECT: Host %q RequestURI %q", r.Host(), r.HTTP().RequestURI)
	}
	for _, tt := range []struct {
		target string
		opts   []BlankOption
	}{
		{"*", nil},
		{"example.com:443", nil},
		{"example.com", []BlankOption{WithMethod("CONNECT")}},
		{"example.com:443/x", []BlankOption{WithMethod("CONNECT")}},
		{"example.com:443", []BlankOption{WithMethod("CONNECT"), WithHeader("Host", "other:443")}},
		{"x", nil},
		{"mailto:a@b", nil},
		{"http://::", nil},
		{"http://:80/", nil},
		{"/", []BlankOption{WithBaseURL("http://:8080/app")}},
	} {
		if r, err := Blank(tt.target, tt.opts...); !errors.Is(err, ErrBlank) {
			t.Errorf("%q: got %v (request %v); want ErrBlank", tt.target, err, r != nil)
		}
	}
}

// FuzzBlank: no target, method or Host header makes Blank or the URL
// accessors of what it builds panic, and a built request's URL names the
// host Host reports.
func FuzzBlank(f *testing.F) {
	for _, s := range []string{"/", "?x=1", "http://example.com", "http://example.com:/x", "//x/y", "*", "example.com:443", "#f", "https://[::1]:/a?b#c"} {
		f.Add(s, "GET", "")
		f.Add(s, "CONNECT", "a.example:443")
		f.Add(s, "OPTIONS", "example.com")
	}
	f.Fuzz(func(t *testing.T, target, method, host string) {
		opts := []BlankOption{WithMethod(method)}
		if host != "" {
			opts = append(opts, WithHeader("Host", host))
		}
		r, err := Blank(target, opts...)
		if err != nil {
			if !errors.Is(err, ErrBlank) {
				t.Fatalf("untyped error %v", err)
			}
			return
		}
		u := r.URL()
		if !strings.Contains(u, "://"+r.hostForURL(r.Scheme())) || strings.HasSuffix(r.Host(), ":") {
			t.Fatalf("%q: URL %q, Host %q", target, u, r.Host())
		}
		_, _, _ = r.Path(), r.PathInfo(), r.HostPort()
	})
}
