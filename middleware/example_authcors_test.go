package middleware_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"

	"github.com/webob-go/webob/middleware"
	"github.com/webob-go/webob/webob"
)

func ExampleBasicAuth() {
	hello := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		user, _ := middleware.UserFrom(r.Context())
		w.Header().Set("Content-Type", "text/plain")
		io.WriteString(w, "hello "+user)
	})
	h := middleware.BasicAuth(&middleware.BasicAuthOptions{
		Realm: "admin",
		Check: middleware.StaticCredentials(map[string]string{"alice": "s3cret"}),
	})(hello)

	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	fmt.Println(rec.Code, rec.Header().Get("WWW-Authenticate"))

	req := httptest.NewRequest("GET", "/", nil)
	req.SetBasicAuth("alice", "s3cret")
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	fmt.Println(rec.Code, rec.Body.String())
	// Output:
	// 401 Basic realm="admin", charset="UTF-8"
	// 200 hello alice
}

func ExampleStaticCredentials() {
	check := middleware.StaticCredentials(map[string]string{"alice": "s3cret", "bob": "hunter2"})
	fmt.Println(check("alice", "s3cret", nil), check("alice", "hunter2", nil))
	// Output: true false
}

func ExampleUserFrom() {
	h := middleware.BasicAuth(&middleware.BasicAuthOptions{Check: middleware.StaticUser("alice", "s3cret")})(
		webob.HandlerFunc(func(req *webob.Request) (*webob.Response, error) {
			user, ok := middleware.UserFrom(req.Context())
			return webob.Text(http.StatusOK, fmt.Sprint(user, " ", ok)), nil
		}))
	req := httptest.NewRequest("GET", "/", nil)
	req.SetBasicAuth("alice", "s3cret")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	fmt.Println(rec.Body.String())
	// Output: alice true
}

func ExampleBearerAuth() {
	api := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		user, _ := middleware.UserFrom(r.Context())
		w.Header().Set("Content-Type", "text/plain")
		io.WriteString(w, "token of "+user)
	})
	h := middleware.BearerAuth(&middleware.BearerAuthOptions{
		Realm: "api",
		Check: func(token string, r *http.Request) (string, bool, error) {
			switch token {
			case "tok-alice":
				return "alice", true, nil
			case "tok-readonly":
				if r.Method != http.MethodGet {
					return "", false, &middleware.ScopeError{Scope: "write"}
				}
				return "reader", true, nil
			}
			return "", false, nil
		},
	})(api)

	for _, c := range []struct{ method, auth string }{
		{"GET", ""}, {"GET", "Bearer tok-alice"}, {"GET", "Bearer nope"}, {"POST", "Bearer tok-readonly"}, {"GET", "Bearer"},
	} {
		req := httptest.NewRequest(c.method, "/", nil)
		if c.auth != "" {
			req.Header.Set("Authorization", c.auth)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code == http.StatusOK {
			fmt.Println(rec.Code, rec.Body.String())
			continue
		}
		fmt.Println(rec.Code, rec.Header().Get("WWW-Authenticate"))
	}
	// Output:
	// 401 Bearer realm="api"
	// 200 token of alice
	// 401 Bearer realm="api", error="invalid_token"
	// 403 Bearer realm="api", scope="write", error="insufficient_scope"
	// 400 Bearer realm="api", error="invalid_request"
}

func ExampleCORS() {
	h := middleware.CORS(&middleware.CORSOptions{
		Origins:     []string{"https://app.example.com", "https://*.example.org"},
		Methods:     []string{"PUT", "DELETE"},
		Credentials: true,
		MaxAge:      600,
	})(http.NotFoundHandler())

	// A preflight is answered without reaching the handler.
	req := httptest.NewRequest("OPTIONS", "/items/1", nil)
	req.Header.Set("Origin", "https://a.b.example.org")
	req.Header.Set("Access-Control-Request-Method", "PUT")
	req.Header.Set("Access-Control-Request-Headers", "content-type")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	fmt.Println(rec.Code)
	for _, k := range []string{"Access-Control-Allow-Origin", "Access-Control-Allow-Methods",
		"Access-Control-Allow-Headers", "Access-Control-Allow-Credentials", "Access-Control-Max-Age", "Vary"} {
		fmt.Printf("%s: %s\n", k, rec.Header().Get(k))
	}
	// Output:
	// 204
	// Access-Control-Allow-Origin: https://a.b.example.org
	// Access-Control-Allow-Methods: PUT
	// Access-Control-Allow-Headers: content-type
	// Access-Control-Allow-Credentials: true
	// Access-Control-Max-Age: 600
	// Vary: Origin, Access-Control-Request-Method, Access-Control-Request-Headers
}

func ExampleLint() {
	buggy := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "10")
		w.WriteHeader(http.StatusFound) // no Location
		io.WriteString(w, "moved")      // no Content-Type, and 5 bytes, not 10
	})
	h := middleware.Lint(&middleware.LintOptions{
		OnProblem: func(r *http.Request, p middleware.LintProblem) { fmt.Println(p) },
	})(buggy)
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/", nil))
	// Output:
	// location: status 302 without Location
	// content-type: body written without Content-Type
	// content-length: Content-Length 10 but 5 body bytes written
}
