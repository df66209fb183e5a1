package compat

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/webob-go/webob/webob"
)

// The test binary doubles as a CGI program: run with WEBOB_CGI_HELPER=1
// in its environment (as CGIApp does in TestServeCGIRunsWebobHandlerAsCGIProgram),
// it serves one request with cgiHelperHandler through ServeCGI and exits.
// An init function, not TestMain, so other test files stay free to
// define one.
func init() {
	if os.Getenv("WEBOB_CGI_HELPER") != "1" {
		return
	}
	if err := ServeCGI(cgiHelperHandler); err != nil {
		os.Stderr.WriteString(err.Error() + "\n")
		os.Exit(1)
	}
	os.Exit(0)
}

var cgiHelperHandler = webob.HandlerFunc(func(req *webob.Request) (*webob.Response, error) {
	body, err := req.Body()
	if err != nil {
		return nil, err
	}
	if req.PathInfo() == "/missing" {
		return nil, webob.NotFound("no such thing")
	}
	return webob.Text(http.StatusOK, strings.Join([]string{
		"method=" + req.Method(),
		"script=" + req.ScriptName(),
		"path=" + req.PathInfo(),
		"app=" + req.ApplicationURL(),
		"lang=" + req.Header().Get("Accept-Language"),
		"body=" + string(body),
	}, "\n")), nil
})

func TestServeCGIRunsWebobHandlerAsCGIProgram(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Skip(err)
	}
	app := &CGIApp{Path: exe, Env: []string{"WEBOB_CGI_HELPER=1"}}
	// Mounted at /cgi-bin/app, as middleware.URLMap leaves a request:
	// the prefix moved from URL.Path to the context, RequestURI whole.
	r := httptest.NewRequest("POST", "http://example.com/cgi-bin/app/items/7?x=1", strings.NewReader("payload"))
	r.URL.Path = "/items/7"
	r = r.WithContext(webob.WithScriptName(r.Context(), "/cgi-bin/app"))
	r.Header.Set("Accept-Language", "fr")
	w := serveCGI(app, r)
	want := "method=POST\nscript=/cgi-bin/app\npath=/items/7\napp=http://example.com/cgi-bin/app\nlang=fr\nbody=payload"
	if w.Code != 200 || w.Body.String() != want {
		t.Errorf("%d\n%s\nwant\n%s", w.Code, w.Body, want)
	}
	r = httptest.NewRequest("GET", "/missing", nil)
	if w := serveCGI(app, r); w.Code != 404 || !strings.Contains(w.Body.String(), "no such thing") {
		t.Errorf("%d %s", w.Code, w.Body)
	}
}

// ServeCGI answers every environment: one RequestFromEnviron refuses
// gets a 400 naming the variable, and one it accepts is served even when
// net/http/cgi would refuse it (no SERVER_PROTOCOL). Both used to end the
// program without a word on stdout, which the server in front turned
// into a 502.
func TestServeCGIAnswersEveryEnvironment(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Skip(err)
	}
	for _, tc := range []struct {
		env  string
		code int
		body string
	}{
		{"REQUEST_METHOD=", 400, "REQUEST_METHOD"},
		{"CONTENT_LENGTH=abc", 400, "CONTENT_LENGTH"},
		{"SERVER_PROTOCOL=HTTP/x", 400, "SERVER_PROTOCOL"},
		{"REQUEST_URI=%zz", 400, "REQUEST_URI"},
		{"SERVER_PROTOCOL=", 200, "method=GET"},
	} {
		log, _ := testLogger()
		app := &CGIApp{Path: exe, Env: []string{"WEBOB_CGI_HELPER=1", tc.env}, Logger: log}
		w := serveCGI(app, httptest.NewRequest("GET", "/x", nil))
		if w.Code != tc.code || !strings.Contains(w.Body.String(), tc.body) {
			t.Errorf("%s: %d %q", tc.env, w.Code, w.Body)
		}
	}
}

// The CGI output of ServeCGI: Status line, sniffed Content-Type, no
// field that would carry CR, LF or NUL to the server, no body on a 304.
func TestServeCGIWritesOnlySafeHeaderFields(t *testing.T) {
	env := map[string]string{"REQUEST_METHOD": "GET", "SERVER_PROTOCOL": "HTTP/1.1", "REQUEST_URI": "/a"}
	var out bytes.Buffer
	err := serveCGIEnv(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header()["X-Split"] = []string{"a\r\nSet-Cookie: evil=1"}
		w.Header()["X-Nul"] = []string{"a\x00b"}
		w.Header()["Bad Name"] = []string{"v"}
		w.Header().Set("X-Ok", "fine")
		w.Write([]byte("<html><body>hi</body></html>"))
	}), env, strings.NewReader(""), &out)
	want := "Status: 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nX-Ok: fine\r\n\r\n<html><body>hi</body></html>"
	if err != nil || out.String() != want {
		t.Errorf("%v\n%q\nwant\n%q", err, out.String(), want)
	}
	out.Reset()
	serveCGIEnv(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNotModified)
		if _, err := w.Write([]byte("x")); err != http.ErrBodyNotAllowed {
			t.Errorf("write on 304: %v", err)
		}
	}), env, strings.NewReader(""), &out)
	if out.String() != "Status: 304 Not Modified\r\n\r\n" {
		t.Errorf("304: %q", out.String())
	}
}
