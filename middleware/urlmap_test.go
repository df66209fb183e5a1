package middleware

import (
	"bufio"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/webob-go/webob/webob"
)

// pathEcho answers "name path rawpath script" for a plain handler.
func pathEcho(name string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte(name + " " + r.URL.Path + " " + r.URL.RawPath + " " + webob.ScriptNameFrom(r.Context())))
	})
}

// webobEcho answers "name ScriptName PathInfo ApplicationURL URL".
func webobEcho(name string) http.Handler {
	return webob.HandlerFunc(func(req *webob.Request) (*webob.Response, error) {
		return webob.Text(http.StatusOK, name+" "+req.ScriptName()+" "+req.PathInfo()+" "+req.ApplicationURL()+" "+req.URL()), nil
	})
}

func get(h http.Handler, target string) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", target, nil))
	return rec
}

func mustMount(t *testing.T, m *URLMap, pattern string, h http.Handler) {
	t.Helper()
	if err := m.Mount(pattern, h); err != nil {
		t.Fatal(err)
	}
}

func TestURLMapLongestPrefixWinsOnSegmentBoundaries(t *testing.T) {
	m := NewURLMap(nil)
	mustMount(t, m, "/", pathEcho("root"))
	mustMount(t, m, "/blog", pathEcho("blog"))
	mustMount(t, m, "/blog/admin", pathEcho("admin"))
	for target, want := range map[string]string{
		"http://h/blog/post/1":   "blog /post/1  /blog",
		"http://h/blog":          "blog   /blog",
		"http://h/blogger":       "root /blogger  ",
		"http://h/blog/admin/x":  "admin /x  /blog/admin",
		"http://h/blog/adminx":   "blog /adminx  /blog",
		"http://h/other?blog=1":  "root /other  ",
		"http://h/blog/?q=/blog": "blog /  /blog",
	} {
		if got := get(m, target).Body.String(); got != want {
			t.Errorf("%s: got %q, want %q", target, got, want)
		}
	}
}

func TestURLMapWebobRequestSeesPrefixAsScriptName(t *testing.T) {
	m := NewURLMap(nil)
	mustMount(t, m, "/blog", webobEcho("blog"))
	got := get(m, "http://example.com/blog/post/1?x=2").Body.String()
	want := "blog /blog /post/1 http://example.com/blog http://example.com/blog/post/1?x=2"
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestURLMapKeepsEncodedSlashDistinctInRawPath(t *testing.T) {
	m := NewURLMap(nil)
	mustMount(t, m, "/files", pathEcho("files"))
	mustMount(t, m, "/", pathEcho("root"))
	if got := get(m, "http://h/files/a%2Fb/c").Body.String(); got != "files /a/b/c /a%2Fb/c /files" {
		t.Errorf("got %q", got)
	}
	// "%2F" inside the would-be prefix is not a segment boundary.
	if got := get(m, "http://h/files%2Fx").Body.String(); got != "root /files/x /files%2Fx " {
		t.Errorf("got %q", got)
	}
	// An escaped prefix matches its decoded pattern; the client's
	// escaping is kept in the mount prefix.
	mustMount(t, m, "/café", pathEcho("cafe"))
	if got := get(m, "http://h/caf%c3%a9/menu%20du%20jour").Body.String(); got != "cafe /menu du jour  /caf%c3%a9" {
		t.Errorf("got %q", got)
	}
}

func TestURLMapEscapedPathsReachWebobEscaped(t *testing.T) {
	m := NewURLMap(nil)
	mustMount(t, m, "/files", webob.HandlerFunc(func(req *webob.Request) (*webob.Response, error) {
		return webob.Text(200, req.EscapedScriptName()+" "+req.EscapedPathInfo()+" "+req.Path()), nil
	}))
	if got := get(m, "http://h/files/a%2Fb").Body.String(); got != "/files /a%2Fb /files/a%2Fb" {
		t.Errorf("got %q", got)
	}
}

func TestURLMapHostSpecificMountsComeFirst(t *testing.T) {
	m := NewURLMap(nil)
	mustMount(t, m, "/blog", pathEcho("generic"))
	mustMount(t, m, "example.com/", pathEcho("host"))
	mustMount(t, m, "example.com:8080/", pathEcho("port"))
	for target, want := range map[string]string{
		"http://example.com/blog/x":      "host /blog/x  ",
		"http://EXAMPLE.com./blog/x":     "host /blog/x  ",
		"http://example.com:8080/blog/x": "port /blog/x  ",
		"http://example.com:9/blog/x":    "host /blog/x  ",
		"http://other.example/blog/x":    "generic /x  /blog",
	} {
		if got := get(m, target).Body.String(); got != want {
			t.Errorf("%s: got %q, want %q", target, got, want)
		}
	}
	m2 := NewURLMap(nil)
	mustMount(t, m2, "example.com:443/", pathEcho("tls"))
	req := httptest.NewRequest("GET", "https://example.com/x", nil)
	rec := httptest.NewRecorder()
	m2.ServeHTTP(rec, req)
	if rec.Body.String() != "tls /x  " {
		t.Errorf("default https port: %q", rec.Body.String())
	}
}

func TestURLMapTrailingSlashPatternRedirectsBarePrefix(t *testing.T) {
	m := NewURLMap(nil)
	mustMount(t, m, "/docs/", pathEcho("docs"))
	rec := get(m, "http://h/docs?page=2")
	if rec.Code != http.StatusMovedPermanently || rec.Header().Get("Location") != "/docs/?page=2" {
		t.Errorf("GET: %d %q", rec.Code, rec.Header().Get("Location"))
	}
	rec = httptest.NewRecorder()
	m.ServeHTTP(rec, httptest.NewRequest("POST", "http://h/docs", nil))
	if rec.Code != http.StatusPermanentRedirect {
		t.Errorf("POST: %d", rec.Code)
	}
	// Nested below an outer mount, the redirect keeps the outer prefix.
	outer := NewURLMap(nil)
	mustMount(t, outer, "/app", m)
	if loc := get(outer, "http://h/app/docs").Header().Get("Location"); loc != "/app/docs/" {
		t.Errorf("nested Location %q", loc)
	}
}

func TestURLMapNestedMountsAppendScriptName(t *testing.T) {
	inner := NewURLMap(nil)
	mustMount(t, inner, "/v1", webobEcho("v1"))
	outer := NewURLMap(nil)
	mustMount(t, outer, "/api", inner)
	want := "v1 /api/v1 /items http://h/api/v1 http://h/api/v1/items"
	if got := get(outer, "http://h/api/v1/items").Body.String(); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestURLMapUnderProxyPrefixBuildsFullApplicationURL(t *testing.T) {
	m := NewURLMap(nil)
	mustMount(t, m, "/blog", webobEcho("blog"))
	h := ProxyHeaders(&ProxyOptions{For: 1, Proto: 1, Prefix: 1})(m)
	req := httptest.NewRequest("GET", "http://app.internal/blog/p", nil)
	req.Header.Set("X-Forwarded-Proto", "https")
	req.Header.Set("X-Forwarded-Prefix", "/site")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	want := "blog /site/blog /p https://app.internal/site/blog https://app.internal/site/blog/p"
	if got := rec.Body.String(); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestURLMapNotFoundIsNegotiated404OrConfigured(t *testing.T) {
	m := NewURLMap(nil)
	mustMount(t, m, "/blog", pathEcho("blog"))
	req := httptest.NewRequest("GET", "http://h/nope", nil)
	req.Header.Set("Accept", "application/json")
	rec := httptest.NewRecorder()
	m.ServeHTTP(rec, req)
	if rec.Code != 404 || !strings.Contains(rec.Header().Get("Content-Type"), "json") {
		t.Errorf("default: %d %q", rec.Code, rec.Header().Get("Content-Type"))
	}
	m = NewURLMap(&URLMapOptions{NotFound: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(410) })})
	if rec := get(m, "http://h/x"); rec.Code != 410 {
		t.Errorf("configured: %d", rec.Code)
	}
}

func TestURLMapMountRejectsBadPatterns(t *testing.T) {
	m := NewURLMap(nil)
	mustMount(t, m, "/a", pathEcho("a"))
	for _, p := range []string{"", "blog", "/a", "/a/", "/a//b", "/a/../b", "/a?x", "host name/"} {
		if err := m.Mount(p, pathEcho("x")); err == nil {
			t.Errorf("Mount(%q) accepted", p)
		}
	}
	if err := m.Mount("/b", nil); err == nil {
		t.Error("nil handler accepted")
	}
}

// "GET https://example.com/x HTTP/1.1" received on a plain connection (no
// port in Host) is a request to port 80: the scheme in an absolute-form
// target is the client's word, not the connection's.
func TestURLMapAbsoluteFormHTTPSTargetOverPlainTCPUsesPort80(t *testing.T) {
	m := NewURLMap(nil)
	mustMount(t, m, "example.com:443/", pathEcho("tls"))
	mustMount(t, m, "example.com:80/", pathEcho("plain"))
	req, err := http.ReadRequest(bufio.NewReader(strings.NewReader("GET https://example.com/x HTTP/1.1\r\nHost: example.com\r\n\r\n")))
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	m.ServeHTTP(rec, req)
	if got := rec.Body.String(); got != "plain /x  " {
		t.Errorf("absolute-form https target over plain TCP: %q, want the port-80 mount", got)
	}
}
