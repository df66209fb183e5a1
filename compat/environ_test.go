package compat

import (
	"bufio"
	"crypto/tls"
	"errors"
	"io"
	"maps"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strconv"
	"strings"
	"testing"

	"github.com/webob-go/webob/internal/errtest"
	"github.com/webob-go/webob/middleware"
	"github.com/webob-go/webob/webob"
)

// exportedErrors holds a sample of every exported error of the package,
// for TestErrorsReadAsOneLine. Each file's tests add theirs in an init
// function, so the CGI and FastCGI parts do not edit one map.
var exportedErrors = map[string]error{}

func init() {
	exportedErrors["ErrMalformedEnviron"] = ErrMalformedEnviron
	exportedErrors["ErrUnsafeEnvValue"] = ErrUnsafeEnvValue
	exportedErrors["EnvError"] = &EnvError{Var: "CONTENT_LENGTH", Value: "x\ny", Err: ErrMalformedEnviron, Reason: "not a number"}
}

func TestErrorsReadAsOneLine(t *testing.T) {
	errtest.CheckExported(t, "compat: ", exportedErrors)
}

func TestCGIEnvironHasRFC3875Variables(t *testing.T) {
	r := httptest.NewRequest("POST", "http://example.com:8080/a%20b/c?x=1&y=%41", strings.NewReader("hello"))
	r.RemoteAddr = "192.0.2.7:5555"
	r.Header.Set("Content-Type", "text/plain")
	r.Header.Set("Accept-Language", "en")
	env := CGIEnviron(r)
	want := map[string]string{
		"GATEWAY_INTERFACE":    "CGI/1.1",
		"SERVER_SOFTWARE":      "webob-go",
		"SERVER_PROTOCOL":      "HTTP/1.1",
		"REQUEST_METHOD":       "POST",
		"SCRIPT_NAME":          "",
		"PATH_INFO":            "/a b/c",
		"QUERY_STRING":         "x=1&y=%41",
		"REQUEST_URI":          "/a%20b/c?x=1&y=%41", // origin form of the absolute target
		"SERVER_NAME":          "example.com",
		"SERVER_PORT":          "8080",
		"REMOTE_ADDR":          "192.0.2.7",
		"REMOTE_HOST":          "192.0.2.7",
		"REMOTE_PORT":          "5555",
		"CONTENT_LENGTH":       "5",
		"CONTENT_TYPE":         "text/plain",
		"HTTP_HOST":            "example.com:8080",
		"HTTP_ACCEPT_LANGUAGE": "en",
	}
	if !maps.Equal(env, want) {
		t.Errorf("got  %v\nwant %v", env, want)
	}
}

func TestCGIEnvironNeverHasHTTPProxy(t *testing.T) {
	r := httptest.NewRequest("GET", "/", nil)
	r.Header.Set("Proxy", "http://evil.example:3128")
	env := CGIEnviron(r)
	for k := range env {
		if strings.Contains(k, "PROXY") {
			t.Errorf("%s=%q present", k, env[k])
		}
	}
}

func TestCGIEnvironSkipsUnderscoreAndOddHeaderNames(t *testing.T) {
	r := httptest.NewRequest("GET", "/", nil)
	r.Header["X-Forwarded-For"] = []string{"192.0.2.1"}
	r.Header["X_Forwarded_For"] = []string{"10.0.0.1"}
	r.Header["X.Odd"] = []string{"v"}
	env := CGIEnviron(r)
	if got := env["HTTP_X_FORWARDED_FOR"]; got != "192.0.2.1" {
		t.Errorf("HTTP_X_FORWARDED_FOR = %q, want the hyphenated header's value", got)
	}
	for k := range env {
		if strings.Contains(k, ".") {
			t.Errorf("%s present", k)
		}
	}
}

func TestCGIEnvironJoinsRepeatedHeadersCookieWithSemicolon(t *testing.T) {
	r := httptest.NewRequest("GET", "/", nil)
	r.Header["Accept"] = []string{"text/html", "application/json;q=0.5"}
	r.Header["Cookie"] = []string{"a=1", "b=2"}
	env := CGIEnviron(r)
	if got := env["HTTP_ACCEPT"]; got != "text/html, application/json;q=0.5" {
		t.Errorf("HTTP_ACCEPT = %q", got)
	}
	if got := env["HTTP_COOKIE"]; got != "a=1; b=2" {
		t.Errorf("HTTP_COOKIE = %q", got)
	}
}

func TestCGIEnvironHasNoHTTPContentTypeOrLengthDuplicates(t *testing.T) {
	r := httptest.NewRequest("POST", "/", strings.NewReader("x"))
	r.Header.Set("Content-Type", "text/plain")
	r.Header.Set("Content-Length", "1")
	env := CGIEnviron(r)
	for _, k := range []string{"HTTP_CONTENT_TYPE", "HTTP_CONTENT_LENGTH"} {
		if _, ok := env[k]; ok {
			t.Errorf("%s present", k)
		}
	}
	if env["CONTENT_LENGTH"] != "1" || env["CONTENT_TYPE"] != "text/plain" {
		t.Errorf("CONTENT_* = %q %q", env["CONTENT_LENGTH"], env["CONTENT_TYPE"])
	}
}

func TestCGIEnvironTakesScriptNameFromMountPrefix(t *testing.T) {
	r := httptest.NewRequest("GET", "/items/1", nil)
	r = r.WithContext(webob.WithScriptName(r.Context(), "/my%20app"))
	env := CGIEnviron(r)
	if env["SCRIPT_NAME"] != "/my app" || env["PATH_INFO"] != "/items/1" {
		t.Errorf("SCRIPT_NAME %q PATH_INFO %q", env["SCRIPT_NAME"], env["PATH_INFO"])
	}
}

func TestCGIEnvironHTTPSAndTLSVariables(t *testing.T) {
	r := httptest.NewRequest("GET", "https://example.com/", nil)
	r.TLS.Version = tls.VersionTLS13
	r.TLS.CipherSuite = tls.TLS_AES_128_GCM_SHA256
	env := CGIEnviron(r)
	if env["HTTPS"] != "on" || env["SERVER_PORT"] != "443" || env["SSL_PROTOCOL"] != "TLSv1.3" || env["SSL_CIPHER"] != "TLS_AES_128_GCM_SHA256" {
		t.Errorf("HTTPS %q SERVER_PORT %q SSL_PROTOCOL %q SSL_CIPHER %q", env["HTTPS"], env["SERVER_PORT"], env["SSL_PROTOCOL"], env["SSL_CIPHER"])
	}
	// Behind a TLS-terminating proxy: the scheme says https, no TLS state.
	r = httptest.NewRequest("GET", "/", nil)
	r.URL.Scheme = "https"
	env = CGIEnviron(r)
	if env["HTTPS"] != "on" || env["SSL_PROTOCOL"] != "" {
		t.Errorf("proxied: HTTPS %q SSL_PROTOCOL %q", env["HTTPS"], env["SSL_PROTOCOL"])
	}
}

func TestCGIEnvironIPv6ServerNameKeepsBrackets(t *testing.T) {
	r := httptest.NewRequest("GET", "/", nil)
	r.Host = "[::1]:8443"
	r.RemoteAddr = "[2001:db8::1]:40000"
	env := CGIEnviron(r)
	if env["SERVER_NAME"] != "[::1]" || env["SERVER_PORT"] != "8443" || env["REMOTE_ADDR"] != "2001:db8::1" || env["REMOTE_PORT"] != "40000" {
		t.Errorf("%q %q %q %q", env["SERVER_NAME"], env["SERVER_PORT"], env["REMOTE_ADDR"], env["REMOTE_PORT"])
	}
}

func TestCGIEnvironAuthenticatedUser(t *testing.T) {
	r := httptest.NewRequest("GET", "/", nil)
	r.Header.Set("Authorization", "Basic YTpi")
	if env := CGIEnviron(r); env["REMOTE_USER"] != "" || env["AUTH_TYPE"] != "" {
		t.Errorf("unauthenticated: REMOTE_USER %q AUTH_TYPE %q", env["REMOTE_USER"], env["AUTH_TYPE"])
	}
	r = r.WithContext(middleware.WithUser(r.Context(), "alice"))
	if env := CGIEnviron(r); env["REMOTE_USER"] != "alice" || env["AUTH_TYPE"] != "Basic" {
		t.Errorf("REMOTE_USER %q AUTH_TYPE %q", env["REMOTE_USER"], env["AUTH_TYPE"])
	}
}

func TestAppendCGIEnvRefusesLineBreakInPathInfo(t *testing.T) {
	r := httptest.NewRequest("GET", "/a%0Ab.php", nil)
	vars, err := AppendCGIEnv([]EnvVar{{"KEEP", "1"}}, r, nil)
	var ee *EnvError
	if !errors.Is(err, ErrUnsafeEnvValue) || !errors.As(err, &ee) || ee.Var != "PATH_INFO" {
		t.Fatalf("err = %v", err)
	}
	if len(vars) != 1 || webob.ErrorStatus(err) != http.StatusBadRequest {
		t.Errorf("vars %v status %d", vars, webob.ErrorStatus(err))
	}
	if _, ok := CGIEnviron(r)["PATH_INFO"]; ok {
		t.Error("CGIEnviron kept an unsafe PATH_INFO")
	}
}

func TestAppendCGIEnvSplitPathAndDocumentRoot(t *testing.T) {
	r := httptest.NewRequest("GET", "/index.php/x/../../etc", nil)
	vars, err := AppendCGIEnv(nil, r, &EnvOptions{
		SplitPath: true, ScriptName: "/index.php", PathInfo: "/x/../../etc",
		ScriptFilename: "/srv/www/index.php", DocumentRoot: "/srv/www/", ServerSoftware: "test/1",
	})
	if err != nil {
		t.Fatal(err)
	}
	env := map[string]string{}
	for _, v := range vars {
		if _, dup := env[v.Name]; dup {
			t.Errorf("duplicate %s", v.Name)
		}
		env[v.Name] = v.Value
	}
	want := map[string]string{
		"SCRIPT_NAME": "/index.php", "PATH_INFO": "/x/../../etc", "SCRIPT_FILENAME": "/srv/www/index.php",
		"DOCUMENT_ROOT": "/srv/www/", "PATH_TRANSLATED": "/srv/www/etc", "SERVER_SOFTWARE": "test/1",
	}
	for k, v := range want {
		if env[k] != v {
			t.Errorf("%s = %q, want %q", k, env[k], v)
		}
	}
	if vars[0].Name != "GATEWAY_INTERFACE" {
		t.Errorf("first variable %s", vars[0].Name)
	}
}

func TestRequestFromEnvironSplitsScriptNameAsMountPrefix(t *testing.T) {
	env := map[string]string{
		"REQUEST_METHOD": "POST", "SERVER_PROTOCOL": "HTTP/1.1", "SCRIPT_NAME": "/cgi-bin/app.cgi",
		"PATH_INFO": "/items/a b", "QUERY_STRING": "x=1", "REQUEST_URI": "/cgi-bin/app.cgi/items/a%20b?x=1",
		"HTTP_HOST": "example.com", "HTTP_ACCEPT_LANGUAGE": "en", "HTTP_PROXY": "http://evil",
		"CONTENT_LENGTH": "5", "CONTENT_TYPE": "text/plain", "REMOTE_ADDR": "192.0.2.1", "REMOTE_PORT": "4000",
		"HTTPS": "on", "SSL_PROTOCOL": "TLSv1.2", "REMOTE_USER": "bob",
	}
	r, err := RequestFromEnviron(env, strings.NewReader("hello, and more"))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(r.Body)
	if string(body) != "hello" || r.ContentLength != 5 {
		t.Errorf("body %q length %d", body, r.ContentLength)
	}
	if r.URL.Path != "/items/a b" || webob.ScriptNameFrom(r.Context()) != "/cgi-bin/app.cgi" || r.RequestURI != env["REQUEST_URI"] {
		t.Errorf("path %q script %q uri %q", r.URL.Path, webob.ScriptNameFrom(r.Context()), r.RequestURI)
	}
	if r.Host != "example.com" || r.Header.Get("Accept-Language") != "en" || r.Header.Get("Proxy") != "" || r.Header.Get("Content-Type") != "text/plain" {
		t.Errorf("host %q header %v", r.Host, r.Header)
	}
	if r.TLS == nil || r.TLS.Version != tls.VersionTLS12 || r.RemoteAddr != "192.0.2.1:4000" || r.ProtoMinor != 1 {
		t.Errorf("TLS %v RemoteAddr %q proto %d.%d", r.TLS, r.RemoteAddr, r.ProtoMajor, r.ProtoMinor)
	}
	if u, _ := middleware.UserFrom(r.Context()); u != "bob" {
		t.Errorf("user %q", u)
	}
	wr := webob.NewRequest(r, nil)
	if got := wr.ApplicationURL(); got != "https://example.com/cgi-bin/app.cgi" {
		t.Errorf("ApplicationURL %q", got)
	}
}

func TestRequestFromEnvironWithoutRequestURIUsesScriptNameAndPathInfo(t *testing.T) {
	env := map[string]string{"REQUEST_METHOD": "GET", "SCRIPT_NAME": "/s", "PATH_INFO": "/p q", "QUERY_STRING": "a=1", "SERVER_NAME": "h", "SERVER_PORT": "8080"}
	r, err := RequestFromEnviron(env, nil)
	if err != nil {
		t.Fatal(err)
	}
	if r.RequestURI != "/s/p%20q?a=1" || r.URL.Path != "/p q" || r.Host != "h:8080" || r.Proto != "HTTP/1.0" || r.RemoteAddr != "" {
		t.Errorf("uri %q path %q host %q proto %q remote %q", r.RequestURI, r.URL.Path, r.Host, r.Proto, r.RemoteAddr)
	}
}

func TestRequestFromEnvironRewrittenURIKeepsWholePath(t *testing.T) {
	env := map[string]string{"REQUEST_METHOD": "GET", "SCRIPT_NAME": "/index.php", "REQUEST_URI": "/pretty/url"}
	r, err := RequestFromEnviron(env, nil)
	if err != nil {
		t.Fatal(err)
	}
	if r.URL.Path != "/pretty/url" || webob.ScriptNameFrom(r.Context()) != "" {
		t.Errorf("path %q script %q", r.URL.Path, webob.ScriptNameFrom(r.Context()))
	}
	// A segment that only starts like SCRIPT_NAME is not a mount.
	env["REQUEST_URI"] = "/index.php5/x"
	r, _ = RequestFromEnviron(env, nil)
	if r.URL.Path != "/index.php5/x" {
		t.Errorf("path %q", r.URL.Path)
	}
}

func TestRequestFromEnvironWithoutContentLengthHasNoBody(t *testing.T) {
	r, err := RequestFromEnviron(map[string]string{"REQUEST_METHOD": "POST"}, strings.NewReader("ignored"))
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := io.ReadAll(r.Body); len(b) != 0 || r.ContentLength != 0 {
		t.Errorf("body %q", b)
	}
}

func TestRequestFromEnvironMalformedIsTypedOneLine400(t *testing.T) {
	base := map[string]string{"REQUEST_METHOD": "GET"}
	for _, tc := range []struct{ name, value string }{
		{"REQUEST_METHOD", ""},
		{"REQUEST_METHOD", "GE T"},
		{"SERVER_PROTOCOL", "HTTP/x"},
		{"CONTENT_LENGTH", "-1"},
		{"CONTENT_LENGTH", "12abc"},
		{"REQUEST_URI", "no-slash"},
		{"REMOTE_PORT", "99999"},
		{"HTTP_X_A", "a\nb"},
		{"HTTP_HOST", "a\rb"},
		{"HTTP_x_a", "2"},
	} {
		env := maps.Clone(base)
		env[tc.name] = tc.value
		switch tc.name {
		case "REMOTE_PORT":
			env["REMOTE_ADDR"] = "192.0.2.1"
		case "HTTP_x_a":
			env["HTTP_X_A"] = "1"
		}
		_, err := RequestFromEnviron(env, nil)
		var ee *EnvError
		if !errors.Is(err, ErrMalformedEnviron) || !errors.As(err, &ee) || !strings.EqualFold(ee.Var, tc.name) {
			t.Errorf("%s=%q: err %v", tc.name, tc.value, err)
			continue
		}
		if strings.ContainsAny(err.Error(), "\r\n") || webob.ErrorStatus(err) != http.StatusBadRequest {
			t.Errorf("%s: %q status %d", tc.name, err, webob.ErrorStatus(err))
		}
	}
}

func TestEnvironRoundTrip(t *testing.T) {
	env := map[string]string{
		"GATEWAY_INTERFACE": "CGI/1.1", "SERVER_SOFTWARE": "webob-go", "SERVER_PROTOCOL": "HTTP/1.1",
		"REQUEST_METHOD": "PUT", "SCRIPT_NAME": "/app", "PATH_INFO": "/a/b", "QUERY_STRING": "q=%20",
		"REQUEST_URI": "/app/a/b?q=%20", "SERVER_NAME": "example.org", "SERVER_PORT": "443",
		"REMOTE_ADDR": "2001:db8::2", "REMOTE_HOST": "2001:db8::2", "REMOTE_PORT": "1234",
		"CONTENT_LENGTH": "3", "CONTENT_TYPE": "application/json", "HTTPS": "on",
		"SSL_PROTOCOL": "TLSv1.3", "SSL_CIPHER": "TLS_CHACHA20_POLY1305_SHA256",
		"HTTP_HOST": "example.org", "HTTP_COOKIE": "a=1; b=2", "HTTP_X_REQUEST_ID": "r1",
	}
	r, err := RequestFromEnviron(env, strings.NewReader("abc"))
	if err != nil {
		t.Fatal(err)
	}
	if got := CGIEnviron(r); !maps.Equal(got, env) {
		t.Errorf("got  %v\nwant %v", got, env)
	}
}

// rawGet sends one request line and header block to srv over plain TCP
// and returns the body of the answer.
func rawGet(t *testing.T, srv *httptest.Server, requestLine string) string {
	t.Helper()
	c, err := net.Dial("tcp", srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := io.WriteString(c, requestLine+"\r\nHost: example.com\r\nX-Forwarded-Proto: https\r\nConnection: close\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}

// A client that writes "GET https://host/ HTTP/1.1" over plain HTTP
// puts "https" in URL.Scheme; that must not make the program believe
// the request was encrypted (secure cookies, redirects to http). A
// trusted proxy's X-Forwarded-Proto, applied by ProxyHeaders, still
// counts.
func TestCGIEnvironAbsoluteFormHTTPSTargetOverPlainHTTPIsNotHTTPS(t *testing.T) {
	show := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		env := CGIEnviron(r)
		io.WriteString(w, "HTTPS="+env["HTTPS"]+" SERVER_PORT="+env["SERVER_PORT"])
	})
	plain := httptest.NewServer(show)
	defer plain.Close()
	if got := rawGet(t, plain, "GET https://example.com/x HTTP/1.1"); got != "HTTPS= SERVER_PORT=80" {
		t.Errorf("absolute-form https target over plain HTTP: %s", got)
	}
	proxied := httptest.NewServer(middleware.ProxyHeaders(&middleware.ProxyOptions{
		TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")},
	})(show))
	defer proxied.Close()
	for _, line := range []string{"GET /x HTTP/1.1", "GET http://example.com/x HTTP/1.1"} {
		if got := rawGet(t, proxied, line); got != "HTTPS=on SERVER_PORT=443" {
			t.Errorf("%s behind a trusted TLS-terminating proxy: %s", line, got)
		}
	}
}

// httpoxy in every spelling: header lines "proxy", "PROXY" and "Proxy"
// through a real server, non-canonical keys set by code, and, the other
// way, environment variables HTTP_proxy / HTTP_Proxy, which used to
// become a Proxy request header.
func TestHTTPProxyNeverPassesInAnySpelling(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Header["proxy"] = []string{"http://evil.example:1"}
		r.Header["PROXY"] = []string{"http://evil.example:2"}
		for k, v := range CGIEnviron(r) {
			if strings.Contains(strings.ToUpper(k), "PROXY") || strings.Contains(v, "evil") {
				io.WriteString(w, k+"="+v+"\n")
			}
		}
	}))
	defer srv.Close()
	c, err := net.Dial("tcp", srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	io.WriteString(c, "GET / HTTP/1.1\r\nHost: h\r\nproxy: http://evil.example:3\r\nPROXY: http://evil.example:4\r\nProxy: http://evil.example:5\r\nConnection: close\r\n\r\n")
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	if len(b) != 0 {
		t.Errorf("proxy reached the environment:\n%s", b)
	}

	for _, name := range []string{"HTTP_PROXY", "HTTP_proxy", "HTTP_Proxy"} {
		r, err := RequestFromEnviron(map[string]string{"REQUEST_METHOD": "GET", "REQUEST_URI": "/", name: "http://evil.example:6"}, nil)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for k, v := range r.Header {
			if strings.EqualFold(k, "Proxy") {
				t.Errorf("%s became header %s: %q", name, k, v)
			}
		}
	}
}

// An HTTP/1.0 request may come without Host; RFC 3875 §4.1.14 requires
// SERVER_NAME all the same, and SERVER_PORT is the port the request
// came in on (it used to be SERVER_NAME "" and SERVER_PORT "80").
func TestCGIEnvironWithoutHostUsesTheLocalAddress(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		env := CGIEnviron(r)
		_, hasHost := env["HTTP_HOST"]
		io.WriteString(w, env["SERVER_NAME"]+" "+env["SERVER_PORT"]+" "+strconv.FormatBool(hasHost))
	}))
	defer srv.Close()
	c, err := net.Dial("tcp", srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	io.WriteString(c, "GET / HTTP/1.0\r\n\r\n")
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())
	if want := "127.0.0.1 " + port + " false"; string(b) != want {
		t.Errorf("SERVER_NAME SERVER_PORT HTTP_HOST? = %q, want %q", b, want)
	}
}

// Header keys set by code in a non-canonical form ("x-a" next to "X-A")
// give one HTTP_X_A with the lines of both, never the variable twice
// (a program would read one of them, which one being its own guess).
func TestAppendCGIEnvMergesNonCanonicalHeaderKeys(t *testing.T) {
	r := httptest.NewRequest("GET", "/", nil)
	r.Header["X-A"] = []string{"1"}
	r.Header["x-a"] = []string{"2"}
	r.Header["X-a"] = []string{"3"}
	r.Header["cookie"] = []string{"c=1"}
	r.Header["Cookie"] = []string{"d=2"}
	r.Header["proxy"] = []string{"http://evil.example"}
	vars, err := AppendCGIEnv(nil, r, nil)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]string{}
	for _, v := range vars {
		got[v.Name] = append(got[v.Name], v.Value)
	}
	if v := got["HTTP_X_A"]; len(v) != 1 || v[0] != "1, 3, 2" {
		t.Errorf("HTTP_X_A = %q", v)
	}
	if v := got["HTTP_COOKIE"]; len(v) != 1 || v[0] != "d=2; c=1" {
		t.Errorf("HTTP_COOKIE = %q", v)
	}
	if v, ok := got["HTTP_PROXY"]; ok {
		t.Errorf("HTTP_PROXY = %q", v)
	}
	if r.Header["X-A"][0] != "1" || len(r.Header["X-A"]) != 1 {
		t.Errorf("request header changed: %q", r.Header["X-A"])
	}
}

// An absolute-form request target ("GET http://host/x HTTP/1.1", which
// any client may send) gives REQUEST_URI in origin form, the path and
// query as received: programs parse REQUEST_URI as a path (nginx and
// Caddy pass it so); it used to carry the scheme and host.
func TestCGIEnvironRequestURIOfAnAbsoluteFormTargetIsOriginForm(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		env := CGIEnviron(r)
		io.WriteString(w, env["REQUEST_URI"]+" "+env["PATH_INFO"])
	}))
	defer srv.Close()
	for line, want := range map[string]string{
		"GET http://example.com/a%2Fb?x=%41 HTTP/1.1": "/a%2Fb?x=%41 /a/b",
		"GET http://example.com?x HTTP/1.1":           "/?x /",
		"GET http://example.com HTTP/1.1":             "/ /",
		"GET /plain%20path?q HTTP/1.1":                "/plain%20path?q /plain path",
	} {
		if got := rawGet(t, srv, line); got != want {
			t.Errorf("%s: REQUEST_URI and PATH_INFO %q, want %q", line, got, want)
		}
	}
	if got := originForm("*"); got != "*" {
		t.Errorf("OPTIONS *: %q", got)
	}
}
