package middleware

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/webob-go/webob/headers"
	"github.com/webob-go/webob/webob"

	"github.com/webob-go/webob/internal/race"
)

// corsHeaders are the response fields the CORS tests compare.
var corsHeaders = []string{
	"Vary",
	"Access-Control-Allow-Origin",
	"Access-Control-Allow-Methods",
	"Access-Control-Allow-Headers",
	"Access-Control-Allow-Credentials",
	"Access-Control-Max-Age",
	"Access-Control-Expose-Headers",
	"Access-Control-Allow-Private-Network",
}

const (
	varyActual    = "Origin"
	varyPreflight = "Origin, Access-Control-Request-Method, Access-Control-Request-Headers"
)

type corsCase struct {
	name     string
	opts     *CORSOptions
	method   string
	req      map[string]string
	want     map[string]string // every field of corsHeaders not named must be absent
	status   int               // 0: 200 from the handler
	notFound bool              // the handler must not run
}

func runCORSCases(t *testing.T, cases []corsCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ran := false
			inner := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				ran = true
				acOK(w, r)
			})
			req := httptest.NewRequest(tc.method, "http://api.example.com/foo", nil)
			for k, v := range tc.req {
				req.Header.Set(k, v)
			}
			rec := acServe(t, CORS(tc.opts)(inner), req)
			for _, name := range corsHeaders {
				if got, want := acHeader(rec.Header(), name), tc.want[name]; got != want {
					t.Errorf("%s = %q, want %q", name, got, want)
				}
			}
			wantStatus := tc.status
			if wantStatus == 0 {
				wantStatus = 200
			}
			if rec.Code != wantStatus {
				t.Errorf("status %d, want %d", rec.Code, wantStatus)
			}
			if ran == tc.notFound {
				t.Errorf("handler ran: %v, want %v", ran, !tc.notFound)
			}
		})
	}
}

// TestCORSCasesRsCorsDocuments runs the cases of rs/cors's spec table,
// with this package's answers where they differ on purpose (noted).
func TestCORSCasesRsCorsDocuments(t *testing.T) {
	runCORSCases(t, []corsCase{
		{name: "NoConfig", method: "GET", want: map[string]string{"Vary": varyActual}},
		{name: "MatchAllOrigin", opts: &CORSOptions{Origins: []string{"*"}}, method: "GET",
			req:  map[string]string{"Origin": "http://foobar.com"},
			want: map[string]string{"Vary": varyActual, "Access-Control-Allow-Origin": "*"}},
		// rs/cors answers "*" with credentials, which browsers refuse.
		{name: "MatchAllOriginWithCredentials", opts: &CORSOptions{Origins: []string{"*"}, Credentials: true}, method: "GET",
			req: map[string]string{"Origin": "http://foobar.com"},
			want: map[string]string{"Vary": varyActual, "Access-Control-Allow-Origin": "http://foobar.com",
				"Access-Control-Allow-Credentials": "true"}},
		{name: "AllowedOrigin", opts: &CORSOptions{Origins: []string{"http://foobar.com"}}, method: "GET",
			req:  map[string]string{"Origin": "http://foobar.com"},
			want: map[string]string{"Vary": varyActual, "Access-Control-Allow-Origin": "http://foobar.com"}},
		{name: "WildcardOrigin", opts: &CORSOptions{Origins: []string{"http://*.bar.com"}}, method: "GET",
			req:  map[string]string{"Origin": "http://foo.bar.com"},
			want: map[string]string{"Vary": varyActual, "Access-Control-Allow-Origin": "http://foo.bar.com"}},
		{name: "DisallowedOrigin", opts: &CORSOptions{Origins: []string{"http://foobar.com"}}, method: "GET",
			req: map[string]string{"Origin": "http://barbaz.com"}, want: map[string]string{"Vary": varyActual}},
		{name: "DisallowedWildcardOrigin", opts: &CORSOptions{Origins: []string{"http://*.bar.com"}}, method: "GET",
			req: map[string]string{"Origin": "http://foo.baz.com"}, want: map[string]string{"Vary": varyActual}},
		{name: "AllowedOriginFuncMatch", opts: &CORSOptions{OriginFunc: func(r *http.Request, o string) bool {
			return strings.HasPrefix(o, "http://foo")
		}}, method: "GET", req: map[string]string{"Origin": "http://foobar.com"},
			want: map[string]string{"Vary": varyActual, "Access-Control-Allow-Origin": "http://foobar.com"}},
		{name: "AllowOriginRequestFuncNotMatch", opts: &CORSOptions{OriginFunc: func(r *http.Request, o string) bool {
			return strings.HasPrefix(o, "http://foo") && r.Header.Get("Authorization") == "secret"
		}}, method: "GET", req: map[string]string{"Origin": "http://foobar.com", "Authorization": "not-secret"},
			want: map[string]string{"Vary": varyActual}},
		{name: "MaxAge", opts: &CORSOptions{Origins: []string{"http://example.com"}, MaxAge: 10}, method: "OPTIONS",
			req: map[string]string{"Origin": "http://example.com", "Access-Control-Request-Method": "GET"},
			want: map[string]string{"Vary": varyPreflight, "Access-Control-Allow-Origin": "http://example.com",
				"Access-Control-Allow-Methods": "GET", "Access-Control-Max-Age": "10"},
			status: 204, notFound: true},
		{name: "AllowedMethod", opts: &CORSOptions{Origins: []string{"http://foobar.com"}, Methods: []string{"PUT", "DELETE"}},
			method: "OPTIONS", req: map[string]string{"Origin": "http://foobar.com", "Access-Control-Request-Method": "PUT"},
			want: map[string]string{"Vary": varyPreflight, "Access-Control-Allow-Origin": "http://foobar.com",
				"Access-Control-Allow-Methods": "PUT"},
			status: 204, notFound: true},
		{name: "DisallowedMethod", opts: &CORSOptions{Origins: []string{"http://foobar.com"}, Methods: []string{"PUT", "DELETE"}},
			method: "OPTIONS", req: map[string]string{"Origin": "http://foobar.com", "Access-Control-Request-Method": "PATCH"},
			want: map[string]string{"Vary": varyPreflight}, status: 204, notFound: true},
		{name: "AllowedHeaders", opts: &CORSOptions{Origins: []string{"http://foobar.com"}, Headers: []string{"X-Header-1", "x-header-2"}},
			method: "OPTIONS", req: map[string]string{"Origin": "http://foobar.com", "Access-Control-Request-Method": "GET",
				"Access-Control-Request-Headers": "X-Header-2, X-HEADER-1"},
			want: map[string]string{"Vary": varyPreflight, "Access-Control-Allow-Origin": "http://foobar.com",
				"Access-Control-Allow-Methods": "GET", "Access-Control-Allow-Headers": "X-Header-2, X-HEADER-1"},
			status: 204, notFound: true},
		{name: "DefaultAllowedHeaders", opts: &CORSOptions{Origins: []string{"http://foobar.com"}},
			method: "OPTIONS", req: map[string]string{"Origin": "http://foobar.com", "Access-Control-Request-Method": "GET",
				"Access-Control-Request-Headers": "X-Requested-With"},
			want: map[string]string{"Vary": varyPreflight, "Access-Control-Allow-Origin": "http://foobar.com",
				"Access-Control-Allow-Methods": "GET", "Access-Control-Allow-Headers": "X-Requested-With"},
			status: 204, notFound: true},
		{name: "AllowedWildcardHeader", opts: &CORSOptions{Origins: []string{"http://foobar.com"}, Headers: []string{"*"}},
			method: "OPTIONS", req: map[string]string{"Origin": "http://foobar.com", "Access-Control-Request-Method": "GET",
				"Access-Control-Request-Headers": "X-Header-2, X-HEADER-1"},
			want: map[string]string{"Vary": varyPreflight, "Access-Control-Allow-Origin": "http://foobar.com",
				"Access-Control-Allow-Methods": "GET", "Access-Control-Allow-Headers": "X-Header-2, X-HEADER-1"},
			status: 204, notFound: true},
		{name: "DisallowedHeader", opts: &CORSOptions{Origins: []string{"http://foobar.com"}, Headers: []string{"X-Header-1", "x-header-2"}},
			method: "OPTIONS", req: map[string]string{"Origin": "http://foobar.com", "Access-Control-Request-Method": "GET",
				"Access-Control-Request-Headers": "X-Header-3, X-Header-1"},
			want: map[string]string{"Vary": varyPreflight}, status: 204, notFound: true},
		// rs/cors before v1.11 always allowed "Origin"; it is a forbidden
		// request header (scripts cannot set it), never announced.
		{name: "OriginHeaderNotAllowedUnlessListed", opts: &CORSOptions{Origins: []string{"http://foobar.com"}},
			method: "OPTIONS", req: map[string]string{"Origin": "http://foobar.com", "Access-Control-Request-Method": "GET",
				"Access-Control-Request-Headers": "origin"},
			want: map[string]string{"Vary": varyPreflight}, status: 204, notFound: true},
		{name: "ExposedHeader", opts: &CORSOptions{Origins: []string{"http://foobar.com"}, ExposedHeaders: []string{"X-Header-1", "x-header-2"}},
			method: "GET", req: map[string]string{"Origin": "http://foobar.com"},
			want: map[string]string{"Vary": varyActual, "Access-Control-Allow-Origin": "http://foobar.com",
				"Access-Control-Expose-Headers": "X-Header-1, x-header-2"}},
		{name: "AllowedCredentials", opts: &CORSOptions{Origins: []string{"http://foobar.com"}, Credentials: true},
			method: "OPTIONS", req: map[string]string{"Origin": "http://foobar.com", "Access-Control-Request-Method": "GET"},
			want: map[string]string{"Vary": varyPreflight, "Access-Control-Allow-Origin": "http://foobar.com",
				"Access-Control-Allow-Methods": "GET", "Access-Control-Allow-Credentials": "true"},
			status: 204, notFound: true},
		{name: "OptionPassthrough", opts: &CORSOptions{PassthroughPreflight: true},
			method: "OPTIONS", req: map[string]string{"Origin": "http://foobar.com", "Access-Control-Request-Method": "GET"},
			want: map[string]string{"Vary": varyPreflight, "Access-Control-Allow-Origin": "*", "Access-Control-Allow-Methods": "GET"}},
		// An OPTIONS request without Access-Control-Request-Method is no
		// preflight: it goes to the handler (with the preflight Vary, as
		// its answer depends on those headers being absent).
		{name: "NonPreflightOptions", opts: &CORSOptions{Origins: []string{"http://foobar.com"}},
			method: "OPTIONS", req: map[string]string{"Origin": "http://foobar.com"},
			want: map[string]string{"Vary": varyPreflight, "Access-Control-Allow-Origin": "http://foobar.com"}},
		{name: "PreflightInvalidOriginAbortion", opts: &CORSOptions{Origins: []string{"http://foo.com"}},
			method: "OPTIONS", req: map[string]string{"Origin": "http://example.com", "Access-Control-Request-Method": "GET"},
			want: map[string]string{"Vary": varyPreflight}, status: 204, notFound: true},
		{name: "ActualRequestInvalidMethodAbortion", opts: &CORSOptions{Credentials: true},
			method: "DELETE", req: map[string]string{"Origin": "http://example.com"},
			want: map[string]string{"Vary": varyActual}},
	})
}

func TestCORSWildcardSubdomainMatchesWholeLabels(t *testing.T) {
	c := newCORS(&CORSOptions{Origins: []string{"https://*.example.com"}})
	for origin, want := range map[string]bool{
		"https://a.example.com":                                true,
		"https://a.b.example.com":                              true,
		"https://A.Example.COM":                                true,
		"https://x-1.example.com":                              true,
		"https://example.com":                                  false,
		"https://.example.com":                                 false,
		"https://a..example.com":                               false,
		"https://evilexample.com":                              false,
		"https://a.evilexample.com":                            false,
		"https://a.example.com.evil.net":                       false,
		"http://a.example.com":                                 false,
		"https://a.example.com:8443":                           false,
		"https://user@a.example.com":                           false,
		"https://evil.net/.example.com":                        false,
		"https://-a.example.com":                               false,
		"https://a_b.example.com":                              false,
		"https://evil.net#.example.com":                        false,
		"https://a.example.com/":                               false,
		"null":                                                 false,
		"https://a.example.com.":                               false,
		"https://xn--bcher-kva.example.com":                    true,
		"https://" + strings.Repeat("a.", 100) + "example.com": true,
	} {
		if got := c.allowOrigin(nil, []string{origin}) != nil; got != want {
			t.Errorf("%q: allowed %v, want %v", origin, got, want)
		}
	}
	c = newCORS(&CORSOptions{Origins: []string{"http://*.localhost:8080"}})
	if c.allowOrigin(nil, []string{"http://a.localhost:8080"}) == nil || c.allowOrigin(nil, []string{"http://a.localhost:8081"}) != nil {
		t.Error("a pattern with a port matched wrongly")
	}
}

func TestCORSNullOriginNeedsOptIn(t *testing.T) {
	if newCORS(nil).allowOrigin(nil, []string{"null"}) != nil {
		t.Error(`"*" allowed the null origin`)
	}
	if v := newCORS(&CORSOptions{AllowNullOrigin: true}).allowOrigin(nil, []string{"null"}); len(v) != 1 || v[0] != "*" {
		t.Errorf("AllowNullOrigin: %v", v)
	}
	if v := newCORS(&CORSOptions{Origins: []string{"null"}, Credentials: true}).allowOrigin(nil, []string{"null"}); len(v) != 1 || v[0] != "null" {
		t.Errorf(`Origins "null" with credentials: %v`, v)
	}
	if newCORS(&CORSOptions{OriginFunc: func(*http.Request, string) bool { return true }}).allowOrigin(nil, []string{"null"}) != nil {
		t.Error("OriginFunc was asked about null")
	}
}

func TestCORSNeverStarWithCredentials(t *testing.T) {
	for _, o := range []*CORSOptions{{Credentials: true}, {Origins: []string{"*"}, Credentials: true}, {AllowNullOrigin: true, Credentials: true}} {
		for _, origin := range []string{"https://a.test", "null"} {
			if v := newCORS(o).allowOrigin(nil, []string{origin}); len(v) == 1 && v[0] == "*" {
				t.Errorf("%+v, %s: got *", o, origin)
			}
		}
	}
}

func TestCORSExactOriginEchoedAsSent(t *testing.T) {
	c := newCORS(&CORSOptions{Origins: []string{"https://App.Example.com"}})
	if v := c.allowOrigin(nil, []string{"https://app.example.com"}); len(v) != 1 || v[0] != "https://app.example.com" {
		t.Errorf("lower case: %v", v)
	}
	if v := c.allowOrigin(nil, []string{"HTTPS://APP.EXAMPLE.COM"}); len(v) != 1 || v[0] != "HTTPS://APP.EXAMPLE.COM" {
		t.Errorf("upper case: %v", v)
	}
}

func TestCORSOriginFuncNeverEchoesControlBytes(t *testing.T) {
	c := newCORS(&CORSOptions{OriginFunc: func(*http.Request, string) bool { return true }, Credentials: true})
	if c.allowOrigin(nil, []string{"https://a.test\r\nSet-Cookie: x=y"}) != nil {
		t.Error("an origin with CR LF was echoed")
	}
}

func TestCORSVaryAddedToHandlersVary(t *testing.T) {
	h := CORS(nil)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Add("Vary", "Accept-Encoding")
		acOK(w, r)
	}))
	rec := acServe(t, h, httptest.NewRequest("GET", "/", nil))
	if got := acHeader(rec.Header(), "Vary"); got != "Origin, Accept-Encoding" {
		t.Fatalf("Vary %q", got)
	}
	// A second request must not see the first one's Vary (the shared
	// line is never appended to in place).
	rec = acServe(t, CORS(nil)(acOK), httptest.NewRequest("GET", "/", nil))
	if got := acHeader(rec.Header(), "Vary"); got != "Origin" {
		t.Fatalf("second Vary %q", got)
	}
	pre := httptest.NewRequest("OPTIONS", "/", nil)
	pre.Header.Set("Origin", "https://a.test")
	pre.Header.Set("Access-Control-Request-Method", "PUT")
	rec = httptest.NewRecorder()
	rec.Header().Set("Vary", "Cookie")
	CORS(nil)(acOK).ServeHTTP(rec, pre)
	if got := acHeader(rec.Header(), "Vary"); got != "Cookie, "+varyPreflight {
		t.Fatalf("preflight Vary %q", got)
	}
}

func TestCORSRequestHeadersAreATokenList(t *testing.T) {
	c := newCORS(&CORSOptions{Headers: []string{"X-A", "Content-Type"}, MaxRequestHeaders: 3})
	for name, c2 := range map[string]struct {
		lines []string
		want  bool
	}{
		"case-insensitive":   {[]string{"x-a, CONTENT-TYPE"}, true},
		"spaces and empties": {[]string{" x-a ,, ,content-type "}, true},
		"several lines":      {[]string{"x-a", "content-type"}, true},
		"not a token":        {[]string{"x-a, x b"}, false},
		"quoted":             {[]string{`"x-a"`}, false},
		"unknown":            {[]string{"x-a, x-b"}, false},
		"at the cap":         {[]string{"x-a, x-a, x-a"}, true},
		"over the cap":       {[]string{"x-a, x-a, x-a, x-a"}, false},
		"only commas":        {[]string{",,,"}, true},
	} {
		if _, got := c.headersAllowed(c2.lines); got != c2.want {
			t.Errorf("%s: %v, want %v", name, got, c2.want)
		}
	}
}

func TestCORSPreflightWithSeveralRequestHeaderLinesEchoesThemAll(t *testing.T) {
	req := httptest.NewRequest("OPTIONS", "/", nil)
	req.Header.Set("Origin", "https://a.test")
	req.Header.Set("Access-Control-Request-Method", "GET")
	req.Header["Access-Control-Request-Headers"] = []string{"content-type", "x-requested-with"}
	rec := acServe(t, CORS(nil)(acOK), req)
	if got := acHeader(rec.Header(), "Access-Control-Allow-Headers"); got != "content-type, x-requested-with" {
		t.Fatalf("Access-Control-Allow-Headers %q", got)
	}
}

func TestCORSPreflightRefusesDuplicateOriginOrMethod(t *testing.T) {
	for name, hdr := range map[string]http.Header{
		"two origins": {"Origin": {"https://a.test", "https://b.test"}, "Access-Control-Request-Method": {"GET"}},
		"two methods": {"Origin": {"https://a.test"}, "Access-Control-Request-Method": {"GET", "PUT"}},
		"bad method":  {"Origin": {"https://a.test"}, "Access-Control-Request-Method": {"G T"}},
	} {
		req := httptest.NewRequest("OPTIONS", "/", nil)
		req.Header = hdr
		rec := acServe(t, CORS(&CORSOptions{Methods: []string{"*"}})(acOK), req)
		if rec.Code != 204 || rec.Header().Get("Access-Control-Allow-Origin") != "" {
			t.Errorf("%s: status %d, ACAO %q", name, rec.Code, rec.Header().Get("Access-Control-Allow-Origin"))
		}
	}
}

func TestCORSSafelistedMethodsNeedNoListing(t *testing.T) {
	c := newCORS(&CORSOptions{Methods: []string{"PUT"}})
	for _, m := range []string{"GET", "HEAD", "POST", "PUT"} {
		if c.methodValue(m) == nil {
			t.Errorf("%s not allowed", m)
		}
	}
	for _, m := range []string{"DELETE", "put", "get"} {
		if c.methodValue(m) != nil {
			t.Errorf("%s allowed", m)
		}
	}
	if v := newCORS(&CORSOptions{Methods: []string{"*"}}).methodValue("PURGE"); len(v) != 1 || v[0] != "PURGE" {
		t.Errorf(`"*" and PURGE: %v`, v)
	}
}

func TestCORSNegativeMaxAgeSendsZero(t *testing.T) {
	req := httptest.NewRequest("OPTIONS", "/", nil)
	req.Header.Set("Origin", "https://a.test")
	req.Header.Set("Access-Control-Request-Method", "GET")
	rec := acServe(t, CORS(&CORSOptions{MaxAge: -1})(acOK), req)
	if got := rec.Header().Get("Access-Control-Max-Age"); got != "0" {
		t.Fatalf("Access-Control-Max-Age %q", got)
	}
}

func TestCORSPreflightStatusConfigurable(t *testing.T) {
	req := httptest.NewRequest("OPTIONS", "/", nil)
	req.Header.Set("Origin", "https://a.test")
	req.Header.Set("Access-Control-Request-Method", "GET")
	if rec := acServe(t, CORS(&CORSOptions{PreflightStatus: 200})(acOK), req); rec.Code != 200 || rec.Body.Len() != 0 {
		t.Fatalf("status %d body %q", rec.Code, rec.Body.String())
	}
}

func TestCORSPrivateNetworkIsOptIn(t *testing.T) {
	req := httptest.NewRequest("OPTIONS", "/", nil)
	req.Header.Set("Origin", "https://a.test")
	req.Header.Set("Access-Control-Request-Method", "GET")
	req.Header.Set("Access-Control-Request-Private-Network", "true")
	rec := acServe(t, CORS(nil)(acOK), req)
	if rec.Header().Get("Access-Control-Allow-Private-Network") != "" {
		t.Fatal("private network allowed by default")
	}
	rec = acServe(t, CORS(&CORSOptions{AllowPrivateNetwork: true})(acOK), req)
	if rec.Header().Get("Access-Control-Allow-Private-Network") != "true" {
		t.Fatal("AllowPrivateNetwork did not answer")
	}
	if got := acHeader(rec.Header(), "Vary"); got != varyPreflight+", Access-Control-Request-Private-Network" {
		t.Fatalf("Vary %q", got)
	}
	req.Header.Del("Access-Control-Request-Private-Network")
	rec = acServe(t, CORS(&CORSOptions{AllowPrivateNetwork: true})(acOK), req)
	if rec.Header().Get("Access-Control-Allow-Private-Network") != "" {
		t.Fatal("answered a preflight that did not ask")
	}
}

func TestCORSOptionsWithoutOriginGoesToHandler(t *testing.T) {
	req := httptest.NewRequest("OPTIONS", "/", nil)
	req.Header.Set("Access-Control-Request-Method", "GET")
	ran := false
	h := CORS(nil)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { ran = true; acOK(w, r) }))
	if rec := acServe(t, h, req); !ran || rec.Header().Get("Access-Control-Allow-Origin") != "" {
		t.Fatalf("ran %v, ACAO %q", ran, rec.Header().Get("Access-Control-Allow-Origin"))
	}
}

func TestCORSPanicsOnInvalidOptions(t *testing.T) {
	for name, o := range map[string]*CORSOptions{
		"star in the middle":   {Origins: []string{"https://a.*.com"}},
		"star without dot":     {Origins: []string{"https://*example.com"}},
		"two stars":            {Origins: []string{"https://*.*.com"}},
		"no scheme":            {Origins: []string{"*.example.com"}},
		"path after pattern":   {Origins: []string{"https://*.example.com/x"}},
		"control byte":         {Origins: []string{"https://a.test\n"}},
		"empty origin":         {Origins: []string{""}},
		"bad method":           {Methods: []string{"GE T"}},
		"bad header":           {Headers: []string{"X A"}},
		"bad exposed header":   {ExposedHeaders: []string{"X:A"}},
		"bad preflight status": {PreflightStatus: 42},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			CORS(o)
		}()
	}
}

func TestCORSAroundWebobHandler(t *testing.T) {
	h := CORS(&CORSOptions{Origins: []string{"https://app.test"}, Credentials: true})(webob.HandlerFunc(func(req *webob.Request) (*webob.Response, error) {
		return webob.Text(200, "hi"), nil
	}))
	req := httptest.NewRequest("GET", "/", nil)
	req.Header.Set("Origin", "https://app.test")
	rec := acServe(t, h, req)
	if rec.Code != 200 || rec.Body.String() != "hi" || rec.Header().Get("Access-Control-Allow-Origin") != "https://app.test" ||
		rec.Header().Get("Access-Control-Allow-Credentials") != "true" || acHeader(rec.Header(), "Vary") != "Origin" {
		t.Fatalf("status %d body %q header %v", rec.Code, rec.Body.String(), rec.Header())
	}
}

func TestCORSKeepsConnectionFeatures(t *testing.T) {
	acConnectionFeatures(t, CORS(nil), func(r *http.Request) { r.Header.Set("Origin", "https://a.test") })
}

func TestCORSActualRequestAllocatesNothingForKnownOrigins(t *testing.T) {
	if race.Enabled {
		t.Skip("allocations differ under -race")
	}
	h := CORS(&CORSOptions{Origins: []string{"https://app.test"}, Credentials: true, ExposedHeaders: []string{"X-Id"}})(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	req := httptest.NewRequest("GET", "/", nil)
	req.Header.Set("Origin", "https://app.test")
	w := &plainWriter{h: http.Header{}}
	allocs := testing.AllocsPerRun(100, func() {
		clear(w.h)
		h.ServeHTTP(w, req)
	})
	if allocs != 0 {
		t.Fatalf("%v allocations per request", allocs)
	}
}

// headersAllowedSlow is the reference for headersAllowed, on headers.List.
func (c *cors) headersAllowedSlow(lines []string) bool {
	n := 0
	for el := range headers.List(lines) {
		n++
		if n > c.maxHeaders || !headers.ValidToken(el) || (!c.anyHeader && !c.headerKnown(el)) {
			return false
		}
	}
	return true
}

func TestCORSRequestHeadersFastScanAgreesWithHeadersList(t *testing.T) {
	cs := []*cors{
		newCORS(&CORSOptions{Headers: []string{"X-A", "Content-Type"}, MaxRequestHeaders: 3}),
		newCORS(&CORSOptions{Headers: []string{"*"}, MaxRequestHeaders: 3}),
	}
	parts := []string{"", " ", ",", "x-a", "X-A", "content-type", "x-b", `"x-a"`, `"x-a,x-a"`, "x a", "\t", "\"", "é", ";", "x-a;q=1"}
	var lines [][]string
	for _, a := range parts {
		for _, b := range parts {
			for _, sep := range []string{",", ", ", " ,", ",,"} {
				lines = append(lines, []string{a + sep + b}, []string{a, b}, []string{a + sep + b + sep + a + sep + b})
			}
		}
	}
	for _, c := range cs {
		for _, l := range lines {
			if _, fast := c.headersAllowed(l); fast != c.headersAllowedSlow(l) {
				t.Errorf("%q: fast %v, headers.List %v", l, fast, !fast)
			}
		}
	}
}

func TestCORSEmptyRequestHeadersAreNotEchoed(t *testing.T) {
	for _, v := range []string{"", ",,", " "} {
		req := httptest.NewRequest("OPTIONS", "/", nil)
		req.Header.Set("Origin", "https://a.test")
		req.Header.Set("Access-Control-Request-Method", "GET")
		req.Header["Access-Control-Request-Headers"] = []string{v}
		rec := acServe(t, CORS(nil)(acOK), req)
		if _, ok := rec.Header()["Access-Control-Allow-Headers"]; ok || rec.Header().Get("Access-Control-Allow-Origin") != "*" {
			t.Errorf("%q: header %v", v, rec.Header())
		}
	}
}

func TestCORSEchoesOnlyWellFormedOrigins(t *testing.T) {
	// Found by FuzzCORS: "Origin: *" was echoed, giving "*" with
	// credentials.
	yes := func(*http.Request, string) bool { return true }
	for _, c := range []*cors{newCORS(&CORSOptions{Credentials: true}), newCORS(&CORSOptions{OriginFunc: yes})} {
		for origin, want := range map[string]bool{
			"https://a.test":            true,
			"http://127.0.0.1:8080":     true,
			"http://[::1]:3000":         true,
			"chrome-extension://abcdef": true,
			"*":                         false,
			"":                          false,
			"https://":                  false,
			"://a.test":                 false,
			"1http://a.test":            false,
			"https://a.test/":           false,
			"https://u@a.test":          false,
			"https://a.test\r\n":        false,
			"https://a test":            false,
		} {
			if got := c.allowOrigin(nil, []string{origin}) != nil; got != want {
				t.Errorf("%q: echoed %v, want %v", origin, got, want)
			}
		}
	}
}

func TestCORSOutsideBasicAuthAnswersPreflightsAndLabelsRefusals(t *testing.T) {
	h := CORS(&CORSOptions{Origins: []string{"https://app.test"}, Credentials: true, Headers: []string{"Authorization"}})(
		BasicAuth(&BasicAuthOptions{Check: StaticUser("alice", "s3cret")})(acOK))
	pre := httptest.NewRequest("OPTIONS", "/", nil)
	pre.Header.Set("Origin", "https://app.test")
	pre.Header.Set("Access-Control-Request-Method", "GET")
	pre.Header.Set("Access-Control-Request-Headers", "authorization")
	rec := acServe(t, h, pre)
	if rec.Code != 204 || rec.Header().Get("Access-Control-Allow-Headers") != "authorization" {
		t.Fatalf("preflight: status %d header %v", rec.Code, rec.Header())
	}
	// The 401 carries the CORS fields, so the script can read it.
	act := httptest.NewRequest("GET", "/", nil)
	act.Header.Set("Origin", "https://app.test")
	rec = acServe(t, h, act)
	if rec.Code != 401 || rec.Header().Get("Access-Control-Allow-Origin") != "https://app.test" {
		t.Fatalf("refusal: status %d header %v", rec.Code, rec.Header())
	}
}
