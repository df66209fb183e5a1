package middleware_test

import (
	"io"
	"net/http"
	"testing"

	"github.com/webob-go/webob/middleware"
	"github.com/webob-go/webob/webob"
	"github.com/webob-go/webob/webtest"
)

// BasicAuth and CORS driven through webtest: every answer also passes
// middleware.Lint (webtest's default), so a 401 without WWW-Authenticate
// or a body without Content-Type would fail these tests.
func TestWebtestBasicAuthBehindCORS(t *testing.T) {
	hello := webob.HandlerFunc(func(req *webob.Request) (*webob.Response, error) {
		user, _ := middleware.UserFrom(req.Context())
		return webob.Text(http.StatusOK, "hello "+user), nil
	})
	h := middleware.CORS(&middleware.CORSOptions{Origins: []string{"https://app.example"}, Credentials: true})(
		middleware.BasicAuth(&middleware.BasicAuthOptions{
			Realm: "admin",
			Check: middleware.StaticUser("alice", "s3cret"),
		})(hello))
	app := webtest.New(t, h)

	r := app.Get("/", webtest.Status(http.StatusUnauthorized))
	if got := r.Header().Get("WWW-Authenticate"); got == "" {
		t.Error("401 without WWW-Authenticate")
	}
	app.Get("/", webtest.BasicAuth("alice", "wrong"), webtest.Status(http.StatusUnauthorized))
	app.Get("/", webtest.BasicAuth("alice", "s3cret")).MustContain("hello alice")

	// A preflight is answered by CORS without credentials.
	pre := app.Options("/", webtest.Header("Origin", "https://app.example"),
		webtest.Header("Access-Control-Request-Method", "GET"), webtest.StatusRange(200, 299))
	if got := pre.Header().Get("Access-Control-Allow-Origin"); got != "https://app.example" {
		t.Errorf("preflight Allow-Origin %q", got)
	}
	// The actual request from the allowed origin carries the CORS headers.
	r = app.Get("/", webtest.Header("Origin", "https://app.example"), webtest.BasicAuth("alice", "s3cret"))
	if got := r.Header().Get("Access-Control-Allow-Credentials"); got != "true" {
		t.Errorf("Allow-Credentials %q", got)
	}
}

// Lint, in front of a handler that forgets Content-Type, is what webtest
// runs by default; with Lint's own OnProblem the check is visible here.
func TestWebtestLintCatchesMissingContentType(t *testing.T) {
	var problems []middleware.LintProblem
	h := middleware.Lint(&middleware.LintOptions{OnProblem: func(_ *http.Request, p middleware.LintProblem) {
		problems = append(problems, p)
	}})(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "untyped")
	}))
	webtest.New(t, h, webtest.WithoutLint()).Get("/")
	if len(problems) != 1 || problems[0].Check != middleware.LintContentType {
		t.Fatalf("%v", problems)
	}
}
