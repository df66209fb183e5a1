package compat

import (
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
