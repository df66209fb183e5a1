package webob

import (
	"crypto/tls"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
)

// env builds a request the way WebOb's tests build an environ: scheme,
// Host header, mount prefix, path and query.
type env struct {
	scheme, host, script, path, query string
}

func (e env) request() *Request {
	target := e.path
	if target == "" {
		target = "/"
	}
	if e.query != "" {
		target += "?" + e.query
	}
	hr := httptest.NewRequest("GET", target, nil)
	hr.Host = e.host
	if e.scheme == "https" {
		hr.TLS = &tls.ConnectionState{}
	} else {
		hr.TLS = nil
	}
	r := NewRequest(hr, nil)
	if e.script != "" {
		r.SetScriptName(e.script)
	}
	if e.path == "" {
		r.SetPathInfo("")
	}
	return r
}

// TestURLPiecesWebOb pins the URL accessors on WebOb's own test cases
// (tests/test_request.py: host_port, host_url, application_url, path_url,
// path, path_qs, url, domain).
func TestURLPiecesWebOb(t *testing.T) {
	tests := []struct {
		name string
		env  env
		get  func(*Request) string
		want string
	}{
		{"host_port http no port", env{scheme: "http", host: "example.com"}, (*Request).HostPort, "80"},
		{"host_port http :80", env{scheme: "http", host: "example.com:80"}, (*Request).HostPort, "80"},
		{"host_port http oddball", env{scheme: "http", host: "example.com:8888"}, (*Request).HostPort, "8888"},
		{"host_port https no port", env{scheme: "https", host: "example.com"}, (*Request).HostPort, "443"},
		{"host_port https :443", env{scheme: "https", host: "example.com:443"}, (*Request).HostPort, "443"},
		{"host_port https oddball", env{scheme: "https", host: "example.com:8888"}, (*Request).HostPort, "8888"},
		{"host_port ipv6 with port", env{host: "[2001:DB8::1]:6453"}, (*Request).HostPort, "6453"},
		{"host_port ipv6 https no port", env{scheme: "https", host: "[2001:DB8::1]"}, (*Request).HostPort, "443"},
		{"host_url http no port", env{scheme: "http", host: "example.com"}, (*Request).HostURL, "http://example.com"},
		{"host_url http :80", env{scheme: "http", host: "example.com:80"}, (*Request).HostURL, "http://example.com"},
		{"host_url http oddball", env{scheme: "http", host: "example.com:8888"}, (*Request).HostURL, "http://example.com:8888"},
		{"host_url https no port", env{scheme: "https", host: "example.com"}, (*Request).HostURL, "https://example.com"},
		{"host_url https :443", env{scheme: "https", host: "example.com:443"}, (*Request).HostURL, "https://example.com"},
		{"host_url https oddball", env{scheme: "https", host: "example.com:4333"}, (*Request).HostURL, "https://example.com:4333"},
		{"host_url https :80 kept", env{scheme: "https", host: "example.com:80"}, (*Request).HostURL, "https://example.com:80"},
		{"host_url ipv6 :80", env{host: "[::1]:80"}, (*Request).HostURL, "http://[::1]"},
		{"host_url ipv6 port", env{host: "[::1]:8080"}, (*Request).HostURL, "http://[::1]:8080"},
		{"application_url", env{scheme: "http", host: "example.com:80", script: "/script"}, (*Request).ApplicationURL, "http://example.com/script"},
		{"path_url", env{scheme: "http", host: "example.com:80", script: "/script", path: "/path/info"}, (*Request).PathURL, "http://example.com/script/path/info"},
		{"path", env{host: "example.com:80", script: "/script", path: "/path/info"}, (*Request).Path, "/script/path/info"},
		{"path_qs no qs", env{host: "example.com:80", script: "/script", path: "/path/info"}, (*Request).PathQS, "/script/path/info"},
		{"path_qs w qs", env{host: "example.com:80", script: "/script", path: "/path/info", query: "foo=bar&baz=bam"}, (*Request).PathQS, "/script/path/info?foo=bar&baz=bam"},
		{"url no qs", env{host: "example.com:80", script: "/script", path: "/path/info"}, (*Request).URL, "http://example.com/script/path/info"},
		{"url w qs", env{host: "example.com:80", script: "/script", path: "/path/info", query: "foo=bar&baz=bam"}, (*Request).URL, "http://example.com/script/path/info?foo=bar&baz=bam"},
		{"domain no colon", env{host: "example.com"}, (*Request).Domain, "example.com"},
		{"domain with colon", env{host: "example.com:8888"}, (*Request).Domain, "example.com"},
		{"domain ipv6", env{host: "[2001:DB8::1]:6453"}, (*Request).Domain, "[2001:DB8::1]"},
		{"domain ipv6 no port", env{host: "[2001:DB8::1]"}, (*Request).Domain, "[2001:DB8::1]"},
		{"host as sent", env{host: "example.com:8888"}, (*Request).Host, "example.com:8888"},
		{"escaped path kept", env{host: "h", path: "/a%2Fb/%C3%AB"}, (*Request).Path, "/a%2Fb/%C3%AB"},
		{"path info decoded", env{host: "h", path: "/a%20b/%C3%AB"}, (*Request).PathInfo, "/a b/ë"},
		{"script escaped in url", env{host: "h", script: "/ë x", path: "/p"}, (*Request).URL, "http://h/%C3%AB%20x/p"},
		{"query kept raw", env{host: "h", path: "/", query: "a=%zz&b=1"}, (*Request).URL, "http://h/?a=%zz&b=1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.get(tt.env.request()); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestRelativeURLWebOb(t *testing.T) {
	e := env{host: "example.com:80", script: "/script", path: "/path/info", query: "foo=bar&baz=bam"}
	tests := []struct {
		other string
		toApp bool
		want  string
	}{
		{"other/page", true, "http://example.com/script/other/page"},
		{"/other/page", true, "http://example.com/other/page"},
		{"/other/page", false, "http://example.com/other/page"},
		{"other/page", false, "http://example.com/script/path/other/page"},
		{"../x?y=1", false, "http://example.com/script/x?y=1"},
		{"https://elsewhere/", false, "https://elsewhere/"},
	}
	for _, tt := range tests {
		rel := e.request().RelativeURL
		if tt.toApp {
			rel = e.request().ApplicationRelativeURL
		}
		got, err := rel(tt.other)
		if err != nil || got != tt.want {
			t.Errorf("RelativeURL(%q, toApp %v) = %q, %v; want %q", tt.other, tt.toApp, got, err, tt.want)
		}
	}
	// WebOb: blank('/%C3%AB/c').relative_url('a') keeps the escape.
	r := NewRequest(httptest.NewRequest("GET", "http://localhost/%C3%AB/c", nil), nil)
	if got, _ := r.RelativeURL("a"); got != "http://localhost/%C3%AB/a" {
		t.Errorf("escaped base: %q", got)
	}
	if _, err := r.RelativeURL("http://[::1"); err == nil {
		t.Error("bad reference: no error")
	}
}

// TestPathInfoPopWebOb pins WebOb's path_info_pop / path_info_peek cases.
func TestPathInfoPopWebOb(t *testing.T) {
	tests := []struct {
		name             string
		script, info     string
		match            func(string) bool
		want             string
		ok               bool
		wantScr, wantInf string
	}{
		{"empty", "/script", "", nil, "", false, "/script", ""},
		{"just leading slash", "/script", "/", nil, "", true, "/script/", ""},
		{"non empty", "/script", "/path/info", nil, "path", true, "/script/path", "/info"},
		{"pattern miss", "/script", "/path/info", func(s string) bool { return s == "miss" }, "", false, "/script", "/path/info"},
		{"pattern hit", "/script", "/path/info", func(s string) bool { return s == "path" }, "path", true, "/script/path", "/info"},
		{"skips empty elements", "/script", "//path/info", nil, "path", true, "/script//path", "/info"},
		{"last segment", "", "/x", nil, "x", true, "/x", ""},
		{"decoded segment", "", "/a%2Fb/c", nil, "a/b", true, "/a%2Fb", "/c"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := NewRequest(httptest.NewRequest("GET", "/", nil), nil)
			r.splitPath()
			r.script, r.info = tt.script, tt.info
			got, ok := r.PathInfoPopIf(tt.match)
			if got != tt.want || ok != tt.ok {
				t.Errorf("pop = %q, %v; want %q, %v", got, ok, tt.want, tt.ok)
			}
			if r.EscapedScriptName() != tt.wantScr || r.EscapedPathInfo() != tt.wantInf {
				t.Errorf("after: script %q info %q; want %q %q", r.EscapedScriptName(), r.EscapedPathInfo(), tt.wantScr, tt.wantInf)
			}
		})
	}
	peeks := []struct {
		info string
		want string
		ok   bool
	}{{"", "", false}, {"/", "", true}, {"/path", "path", true}, {"//a/b", "a", true}}
	for _, p := range peeks {
		r := NewRequest(httptest.NewRequest("GET", "/", nil), nil)
		r.SetScriptName("/script")
		r.SetPathInfo(p.info)
		got, ok := r.PathInfoPeek()
		if got != p.want || ok != p.ok || r.ScriptName() != "/script" || r.PathInfo() != p.info {
			t.Errorf("peek %q = %q, %v", p.info, got, ok)
		}
	}
}

func TestEscapedPathTable(t *testing.T) {
	// The fast table agrees with url.URL.EscapedPath byte by byte.
	for c := 0; c < 256; c++ {
		u := &url.URL{Path: "/a" + string(rune(c)) + "b"}
		if c >= 0x80 {
			u.Path = "/a" + string([]byte{byte(c)}) + "b"
		}
		if got, want := escapedPath(u), u.EscapedPath(); got != want {
			t.Errorf("byte %#x: %q, EscapedPath %q", c, got, want)
		}
	}
}

func TestMount(t *testing.T) {
	r := NewRequest(httptest.NewRequest("GET", "http://h/api/v1/items?x=1", nil), nil)
	if r.Mount("/apix") || r.Mount("/ap") {
		t.Fatal("partial segment mounted")
	}
	if !r.Mount("/api/") {
		t.Fatal("no mount")
	}
	if r.ScriptName() != "/api" || r.PathInfo() != "/v1/items" {
		t.Fatalf("script %q info %q", r.ScriptName(), r.PathInfo())
	}
	if r.ApplicationURL() != "http://h/api" || r.URL() != "http://h/api/v1/items?x=1" {
		t.Fatalf("urls %q %q", r.ApplicationURL(), r.URL())
	}
	if got, _ := r.ApplicationRelativeURL("other"); got != "http://h/api/other" {
		t.Fatalf("relative to app: %q", got)
	}
}

func TestSchemeAndHostFallbacks(t *testing.T) {
	// A client-side request: scheme and host from the URL.
	hr, _ := http.NewRequest("GET", "https://example.com:8443/x", nil)
	hr.Host = ""
	r := NewRequest(hr, nil)
	if r.Scheme() != "https" || r.Host() != "example.com:8443" || r.URL() != "https://example.com:8443/x" {
		t.Fatalf("client request: %q %q %q", r.Scheme(), r.Host(), r.URL())
	}
	// No host at all.
	hr = &http.Request{Method: "GET", URL: mustURL("/p"), Header: http.Header{}}
	r = NewRequest(hr, nil)
	if r.Host() != "localhost" || r.URL() != "http://localhost/p" || r.Method() != "GET" {
		t.Fatalf("no host: %q %q", r.Host(), r.URL())
	}
	// "OPTIONS *" has an empty path.
	hr = httptest.NewRequest("OPTIONS", "*", nil)
	if p := NewRequest(hr, nil).Path(); p != "" {
		t.Fatalf("asterisk path %q", p)
	}
}

func TestPathValue(t *testing.T) {
	mux := http.NewServeMux()
	var got string
	mux.HandleFunc("GET /items/{id}", func(w http.ResponseWriter, hr *http.Request) {
		got = NewRequest(hr, nil).PathValue("id")
	})
	mux.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/items/42", nil))
	if got != "42" {
		t.Fatalf("PathValue = %q", got)
	}
}

func mustURL(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		panic(err)
	}
	return u
}

// A client that writes "GET https://host/ HTTP/1.1" on a plain connection
// names a scheme; it does not make the connection TLS. Over a real server,
// Scheme stays "http" (and URL with it), while a request built in code
// with an https URL keeps its scheme.
func TestAbsoluteFormTargetDoesNotMakeTheRequestHTTPS(t *testing.T) {
	var scheme, full string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, hr *http.Request) {
		r := NewRequest(hr, nil)
		scheme, full = r.Scheme(), r.URL()
	}))
	defer srv.Close()
	conn, err := net.Dial("tcp", srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := io.WriteString(conn, "GET https://example.com/x HTTP/1.1\r\nHost: example.com\r\nConnection: close\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	if _, err := io.ReadAll(conn); err != nil {
		t.Fatal(err)
	}
	if scheme != "http" || full != "http://example.com/x" {
		t.Fatalf("absolute-form https target over plain TCP: Scheme %q, URL %q; want http", scheme, full)
	}
	hr, _ := http.NewRequest("GET", "https://example.com/x", nil)
	if s := NewRequest(hr, nil).Scheme(); s != "https" {
		t.Fatalf("request built in code: Scheme %q, want https", s)
	}
}
