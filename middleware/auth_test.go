package middleware

import (
	"bytes"
	"encoding/base64"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/webob-go/webob/headers"
	"github.com/webob-go/webob/webob"
)

func basicHeader(user, pass string) string {
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(user+":"+pass))
}

// acWhoAmI answers with the user name UserFrom finds.
var acWhoAmI = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	u, ok := UserFrom(r.Context())
	if !ok {
		u = "<none>"
	}
	w.Header().Set("Content-Type", "text/plain")
	io.WriteString(w, u)
})

func newBasic(o *BasicAuthOptions) http.Handler {
	if o == nil {
		o = &BasicAuthOptions{Check: StaticCredentials(map[string]string{"alice": "s3cret", "bob": "hunter2", "zoë": "pässwörd"})}
	}
	return BasicAuth(o)(acWhoAmI)
}

func TestBasicAuthWithoutCredentialsChallengesWithCharset(t *testing.T) {
	rec := acServe(t, newBasic(nil), httptest.NewRequest("GET", "/", nil))
	if rec.Code != 401 {
		t.Fatalf("status %d, want 401", rec.Code)
	}
	if got, want := rec.Header().Get("WWW-Authenticate"), `Basic realm="Restricted", charset="UTF-8"`; got != want {
		t.Fatalf("WWW-Authenticate %q, want %q", got, want)
	}
	cs, err := headers.ParseChallenges(rec.Header().Values("WWW-Authenticate"))
	if err != nil || len(cs) != 1 || cs[0].Scheme != "Basic" {
		t.Fatalf("challenge does not parse: %v %v", cs, err)
	}
	if !strings.Contains(rec.Body.String(), "no credentials") {
		t.Fatalf("body does not say what was wrong: %q", rec.Body.String())
	}
}

func TestBasicAuthRealmIsQuotedInChallenge(t *testing.T) {
	h := newBasic(&BasicAuthOptions{Realm: `my "admin" area`, Check: StaticUser("a", "b")})
	rec := acServe(t, h, httptest.NewRequest("GET", "/", nil))
	if got, want := rec.Header().Get("WWW-Authenticate"), `Basic realm="my \"admin\" area", charset="UTF-8"`; got != want {
		t.Fatalf("WWW-Authenticate %q, want %q", got, want)
	}
}

func TestBasicAuthValidCredentialsPutUserInContext(t *testing.T) {
	for _, c := range []struct{ user, pass string }{{"alice", "s3cret"}, {"bob", "hunter2"}, {"zoë", "pässwörd"}} {
		req := httptest.NewRequest("GET", "/", nil)
		req.Header.Set("Authorization", basicHeader(c.user, c.pass))
		rec := acServe(t, newBasic(nil), req)
		if rec.Code != 200 || rec.Body.String() != c.user {
			t.Errorf("%s: status %d body %q", c.user, rec.Code, rec.Body.String())
		}
	}
}

func TestBasicAuthSchemeIsCaseInsensitive(t *testing.T) {
	req := httptest.NewRequest("GET", "/", nil)
	req.Header.Set("Authorization", "bAsIc "+base64.StdEncoding.EncodeToString([]byte("alice:s3cret")))
	if rec := acServe(t, newBasic(nil), req); rec.Code != 200 {
		t.Fatalf("status %d", rec.Code)
	}
}

func TestBasicAuthWrongCredentialsAre401WithChallenge(t *testing.T) {
	for _, c := range []struct{ user, pass string }{
		{"alice", "wrong"}, {"alice", ""}, {"mallory", "s3cret"}, {"alice", "hunter2"}, {"", ""}, {"alice", "s3cret "},
	} {
		req := httptest.NewRequest("GET", "/", nil)
		req.Header.Set("Authorization", basicHeader(c.user, c.pass))
		rec := acServe(t, newBasic(nil), req)
		if rec.Code != 401 || rec.Header().Get("WWW-Authenticate") == "" {
			t.Errorf("%q:%q: status %d, challenge %q", c.user, c.pass, rec.Code, rec.Header().Get("WWW-Authenticate"))
		}
	}
}

func TestBasicAuthOtherSchemeIs401(t *testing.T) {
	req := httptest.NewRequest("GET", "/", nil)
	req.Header.Set("Authorization", "Bearer abc")
	rec := acServe(t, newBasic(nil), req)
	if rec.Code != 401 || !strings.HasPrefix(rec.Header().Get("WWW-Authenticate"), "Basic ") {
		t.Fatalf("status %d, challenge %q", rec.Code, rec.Header().Get("WWW-Authenticate"))
	}
}

func TestBasicAuthMalformedAuthorizationIs400(t *testing.T) {
	for name, values := range map[string][]string{
		"not base64":         {"Basic !!!!"},
		"no colon":           {"Basic " + base64.StdEncoding.EncodeToString([]byte("alice"))},
		"params not token68": {`Basic realm="x"`},
		"scheme only":        {"Basic"},
		"two tokens":         {"Basic abc def"},
		"control byte":       {"Basic " + base64.StdEncoding.EncodeToString([]byte("al\x01ice:x"))},
		"not UTF-8":          {"Basic " + base64.StdEncoding.EncodeToString([]byte("al\xffice:x"))},
		"garbage":            {",,,"},
		"two fields":         {basicHeader("alice", "s3cret"), basicHeader("bob", "hunter2")},
	} {
		req := httptest.NewRequest("GET", "/", nil)
		req.Header["Authorization"] = values
		rec := acServe(t, newBasic(nil), req)
		if rec.Code != 400 {
			t.Errorf("%s: status %d, want 400", name, rec.Code)
		}
		if !strings.Contains(rec.Body.String(), "Authorization") {
			t.Errorf("%s: body does not name the header: %q", name, rec.Body.String())
		}
	}
}

func TestBasicAuthAuthorizeRefusalIs403(t *testing.T) {
	h := newBasic(&BasicAuthOptions{
		Check:     StaticCredentials(map[string]string{"alice": "a", "bob": "b"}),
		Authorize: func(user string, r *http.Request) bool { return user == "alice" },
	})
	for user, want := range map[string]int{"alice": 200, "bob": 403} {
		req := httptest.NewRequest("GET", "/", nil)
		req.Header.Set("Authorization", basicHeader(user, user[:1]))
		if rec := acServe(t, h, req); rec.Code != want {
			t.Errorf("%s: status %d, want %d", user, rec.Code, want)
		}
	}
}

func TestBasicAuthErrorBodyIsNegotiated(t *testing.T) {
	req := httptest.NewRequest("GET", "/", nil)
	req.Header.Set("Accept", "application/json")
	rec := acServe(t, newBasic(nil), req)
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("Content-Type %q, want JSON", ct)
	}
}

func TestBasicAuthAroundWebobHandler(t *testing.T) {
	h := BasicAuth(&BasicAuthOptions{Check: StaticUser("alice", "s3cret")})(webob.HandlerFunc(func(req *webob.Request) (*webob.Response, error) {
		u, _ := UserFrom(req.Context())
		return webob.Text(200, "hello "+u), nil
	}))
	req := httptest.NewRequest("GET", "/", nil)
	req.Header.Set("Authorization", basicHeader("alice", "s3cret"))
	if rec := acServe(t, h, req); rec.Code != 200 || rec.Body.String() != "hello alice" {
		t.Fatalf("status %d body %q", rec.Code, rec.Body.String())
	}
	if rec := acServe(t, h, httptest.NewRequest("GET", "/", nil)); rec.Code != 401 {
		t.Fatalf("no credentials: status %d", rec.Code)
	}
}

func TestBasicAuthKeepsConnectionFeatures(t *testing.T) {
	acConnectionFeatures(t, BasicAuth(&BasicAuthOptions{Check: StaticUser("u", "p")}), func(r *http.Request) {
		r.SetBasicAuth("u", "p")
	})
}

func TestBasicAuthPanicsWithoutCheck(t *testing.T) {
	for _, o := range []*BasicAuthOptions{nil, {Realm: "x"}} {
		func() {
			defer func() {
				if recover() == nil {
					t.Error("no panic without Check")
				}
			}()
			BasicAuth(o)
		}()
	}
	defer func() {
		if recover() == nil {
			t.Error("no panic on a realm with a control byte")
		}
	}()
	BasicAuth(&BasicAuthOptions{Realm: "a\nb", Check: StaticUser("a", "b")})
}

func TestStaticCredentialsComparesWholeValues(t *testing.T) {
	check := StaticCredentials(map[string]string{"alice": "s3cret", "bob": "hunter2"})
	for _, c := range []struct {
		user, pass string
		want       bool
	}{
		{"alice", "s3cret", true}, {"bob", "hunter2", true},
		{"alice", "hunter2", false}, {"bob", "s3cret", false}, {"alice", "s3cre", false},
		{"alice", "s3cretx", false}, {"Alice", "s3cret", false}, {"", "", false}, {"carol", "", false},
	} {
		if got := check(c.user, c.pass, nil); got != c.want {
			t.Errorf("%q:%q = %v, want %v", c.user, c.pass, got, c.want)
		}
	}
	if StaticCredentials(nil)("", "", nil) {
		t.Error("an empty set accepted empty credentials")
	}
}

func TestStaticCredentialsCopiesTheMap(t *testing.T) {
	m := map[string]string{"alice": "a"}
	check := StaticCredentials(m)
	m["alice"] = "b"
	if !check("alice", "a", nil) || check("alice", "b", nil) {
		t.Fatal("a change to the map reached the check")
	}
}

func newBearer(o *BearerAuthOptions) http.Handler {
	if o == nil {
		o = &BearerAuthOptions{Realm: "api", Check: StaticTokens(map[string]string{"tok-alice": "alice", "tok-svc": ""})}
	}
	return BearerAuth(o)(acWhoAmI)
}

func TestBearerAuthWithoutCredentialsHasNoErrorCode(t *testing.T) {
	rec := acServe(t, newBearer(nil), httptest.NewRequest("GET", "/", nil))
	if rec.Code != 401 || rec.Header().Get("WWW-Authenticate") != `Bearer realm="api"` {
		t.Fatalf("status %d, challenge %q", rec.Code, rec.Header().Get("WWW-Authenticate"))
	}
}

func TestBearerAuthValidTokenPutsUserInContext(t *testing.T) {
	for tok, want := range map[string]string{"tok-alice": "alice", "tok-svc": ""} {
		req := httptest.NewRequest("GET", "/", nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		if rec := acServe(t, newBearer(nil), req); rec.Code != 200 || rec.Body.String() != want {
			t.Errorf("%s: status %d body %q", tok, rec.Code, rec.Body.String())
		}
	}
}

func TestBearerAuthInvalidTokenIs401InvalidToken(t *testing.T) {
	req := httptest.NewRequest("GET", "/", nil)
	req.Header.Set("Authorization", "Bearer tok-mallory")
	rec := acServe(t, newBearer(nil), req)
	if rec.Code != 401 || rec.Header().Get("WWW-Authenticate") != `Bearer realm="api", error="invalid_token"` {
		t.Fatalf("status %d, challenge %q", rec.Code, rec.Header().Get("WWW-Authenticate"))
	}
}

func TestBearerAuthMalformedIs400InvalidRequest(t *testing.T) {
	for name, values := range map[string][]string{
		"no token":   {"Bearer"},
		"params":     {`Bearer token="abc"`},
		"two tokens": {"Bearer abc def"},
		"bad token":  {"Bearer a@b"},
		"two fields": {"Bearer tok-alice", "Bearer tok-alice"},
	} {
		req := httptest.NewRequest("GET", "/", nil)
		req.Header["Authorization"] = values
		rec := acServe(t, newBearer(nil), req)
		if rec.Code != 400 || rec.Header().Get("WWW-Authenticate") != `Bearer realm="api", error="invalid_request"` {
			t.Errorf("%s: status %d, challenge %q", name, rec.Code, rec.Header().Get("WWW-Authenticate"))
		}
	}
}

func TestBearerAuthInsufficientScopeIs403WithScope(t *testing.T) {
	h := newBearer(&BearerAuthOptions{Check: func(tok string, r *http.Request) (string, bool, error) {
		if tok == "read-only" {
			return "", false, &ScopeError{Scope: "write"}
		}
		if tok == "no-scope-named" {
			return "", false, ErrInsufficientScope
		}
		return "x", true, nil
	}})
	req := httptest.NewRequest("POST", "/", nil)
	req.Header.Set("Authorization", "Bearer read-only")
	rec := acServe(t, h, req)
	if rec.Code != 403 || rec.Header().Get("WWW-Authenticate") != `Bearer realm="Restricted", scope="write", error="insufficient_scope"` {
		t.Fatalf("status %d, challenge %q", rec.Code, rec.Header().Get("WWW-Authenticate"))
	}
	req.Header.Set("Authorization", "Bearer no-scope-named")
	rec = acServe(t, h, req)
	if rec.Code != 403 || rec.Header().Get("WWW-Authenticate") != `Bearer realm="Restricted", error="insufficient_scope"` {
		t.Fatalf("status %d, challenge %q", rec.Code, rec.Header().Get("WWW-Authenticate"))
	}
	if !errors.Is(&ScopeError{Scope: "a"}, ErrInsufficientScope) {
		t.Fatal("a ScopeError does not match ErrInsufficientScope")
	}
}

func TestBearerAuthCheckFailureIs500AndLoggedNotShown(t *testing.T) {
	var log bytes.Buffer
	h := newBearer(&BearerAuthOptions{
		Logger: slog.New(slog.NewTextHandler(&log, nil)),
		Check: func(string, *http.Request) (string, bool, error) {
			return "", false, errors.New("token store: connection refused to 10.0.0.7")
		},
	})
	req := httptest.NewRequest("GET", "/", nil)
	req.Header.Set("Authorization", "Bearer abc")
	rec := acServe(t, h, req)
	if rec.Code != 500 || strings.Contains(rec.Body.String(), "10.0.0.7") {
		t.Fatalf("status %d body %q", rec.Code, rec.Body.String())
	}
	if !strings.Contains(log.String(), "10.0.0.7") {
		t.Fatalf("the error was not logged: %q", log.String())
	}
}

func TestBearerAuthScopeOptionInEveryChallenge(t *testing.T) {
	h := newBearer(&BearerAuthOptions{Scope: "read write", Check: StaticTokens(nil)})
	rec := acServe(t, h, httptest.NewRequest("GET", "/", nil))
	if got := rec.Header().Get("WWW-Authenticate"); got != `Bearer realm="Restricted", scope="read write"` {
		t.Fatalf("challenge %q", got)
	}
}

func TestBearerAuthAroundWebobHandler(t *testing.T) {
	h := BearerAuth(&BearerAuthOptions{Check: StaticTokens(map[string]string{"t": "alice"})})(webob.HandlerFunc(func(req *webob.Request) (*webob.Response, error) {
		u, _ := UserFrom(req.Context())
		return webob.Text(200, "hello "+u), nil
	}))
	req := httptest.NewRequest("GET", "/", nil)
	req.Header.Set("Authorization", "Bearer t")
	if rec := acServe(t, h, req); rec.Code != 200 || rec.Body.String() != "hello alice" {
		t.Fatalf("status %d body %q", rec.Code, rec.Body.String())
	}
}

func TestBearerAuthKeepsConnectionFeatures(t *testing.T) {
	acConnectionFeatures(t, BearerAuth(&BearerAuthOptions{Check: StaticTokens(map[string]string{"t": "u"})}), func(r *http.Request) {
		r.Header.Set("Authorization", "Bearer t")
	})
}

func TestUserFromWithoutAuthentication(t *testing.T) {
	if u, ok := UserFrom(httptest.NewRequest("GET", "/", nil).Context()); ok || u != "" {
		t.Fatalf("UserFrom = %q, %v", u, ok)
	}
}

func TestAuthenticatedUserReachesTheAccessLog(t *testing.T) {
	// AccessLog runs outside BasicAuth and cannot see the context of the
	// request BasicAuth passes on: the user still reaches the %u field.
	var buf bytes.Buffer
	h := AccessLog(nil, &AccessLogOptions{Writer: &buf, Format: CommonLogFormat})(
		BasicAuth(&BasicAuthOptions{Check: StaticUser("alice", "s3cret")})(acOK))
	req := httptest.NewRequest("GET", "/", nil)
	req.SetBasicAuth("alice", "s3cret")
	h.ServeHTTP(httptest.NewRecorder(), req)
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/", nil))
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("log: %q", buf.String())
	}
	if f := strings.Fields(lines[0]); len(f) < 3 || f[2] != "alice" {
		t.Errorf("authenticated request logged as %q, want user alice", lines[0])
	}
	if f := strings.Fields(lines[1]); len(f) < 3 || f[2] != "-" {
		t.Errorf("refused request logged as %q, want user -", lines[1])
	}
}
