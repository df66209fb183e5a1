package middleware

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// FuzzBasicAuth: any Authorization value answers 200, 400 or 401, never
// panics, and reaches the handler only with the right credentials.
func FuzzBasicAuth(f *testing.F) {
	for _, s := range []string{"", "Basic YWxpY2U6czNjcmV0", "Basic", "Basic !!", `Basic realm="x"`, "Bearer x", "basic YWxpY2U6czNjcmV0==", ",", "Basic YWxpY2U"} {
		f.Add(s)
	}
	h := BasicAuth(&BasicAuthOptions{Check: StaticUser("alice", "s3cret")})(acOK)
	f.Fuzz(func(t *testing.T, auth string) {
		req := httptest.NewRequest("GET", "/", nil)
		req.Header["Authorization"] = []string{auth}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		switch rec.Code {
		case 200:
			if u, p, ok := req.BasicAuth(); !ok || u != "alice" || p != "s3cret" {
				// net/http's parser is stricter on padding; ours must at
				// least have decoded alice:s3cret.
				if user, pass, st, _ := basicCredentials(req); st != 0 || user != "alice" || pass != "s3cret" {
					t.Fatalf("%q let through", auth)
				}
			}
		case 400, 401:
		default:
			t.Fatalf("%q: status %d", auth, rec.Code)
		}
	})
}

// FuzzCORS: any Origin, method and request headers give a response
// without CR, LF or NUL in a CORS field, never "*" with credentials, and
// "Vary: Origin".
func FuzzCORS(f *testing.F) {
	f.Add("OPTIONS", "https://a.example.com", "PUT", "content-type, x-a")
	f.Add("GET", "null", "", "")
	f.Add("OPTIONS", "https://.example.com", "GET", `"x"`)
	f.Add("OPTIONS", "https://a.example.com\r\nX: y", "GET", ",,,")
	hs := []http.Handler{
		CORS(nil)(acOK),
		CORS(&CORSOptions{Origins: []string{"https://*.example.com", "https://b.test"}, Credentials: true, Methods: []string{"PUT"}, Headers: []string{"X-A", "Content-Type"}, MaxRequestHeaders: 4})(acOK),
		CORS(&CORSOptions{Origins: []string{"*"}, Credentials: true, Headers: []string{"*"}, Methods: []string{"*"}, AllowPrivateNetwork: true})(acOK),
	}
	f.Fuzz(func(t *testing.T, method, origin, acrm, acrh string) {
		if method == "" || strings.ContainsAny(method, " \t\r\n") {
			method = "GET"
		}
		req := httptest.NewRequest("GET", "/", nil)
		req.Method = method
		req.Header["Origin"] = []string{origin}
		if acrm != "" {
			req.Header["Access-Control-Request-Method"] = []string{acrm}
		}
		if acrh != "" {
			req.Header["Access-Control-Request-Headers"] = []string{acrh}
		}
		for i, h := range hs {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			for name, vs := range rec.Header() {
				if !strings.HasPrefix(name, "Access-Control-") {
					continue
				}
				for _, v := range vs {
					if strings.ContainsAny(v, "\r\n\x00") {
						t.Fatalf("handler %d: %s = %q", i, name, v)
					}
				}
			}
			if rec.Header().Get("Access-Control-Allow-Credentials") == "true" && rec.Header().Get("Access-Control-Allow-Origin") == "*" {
				t.Fatalf("handler %d: * with credentials", i)
			}
			if !strings.HasPrefix(rec.Header().Get("Vary"), "Origin") {
				t.Fatalf("handler %d: Vary %q", i, rec.Header().Get("Vary"))
			}
		}
	})
}
