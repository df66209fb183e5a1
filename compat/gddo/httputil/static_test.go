package httputil_test

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/webob-go/webob/compat/gddo/httputil"
)

func serve(h http.Handler, method, target string, hdr ...string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, target, nil)
	for i := 0; i+1 < len(hdr); i += 2 {
		r.Header.Add(hdr[i], hdr[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func writeFile(t *testing.T, name, content string, mod time.Time) {
	t.Helper()
	if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(name, mod, mod); err != nil {
		t.Fatal(err)
	}
}

func TestStaticServerETagChangesWithTheFile(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "app.js")
	writeFile(t, name, "one", time.Unix(1e9, 0))
	ss := &httputil.StaticServer{Dir: dir}
	for _, h := range []http.Handler{ss.FileHandler("app.js"), ss.DirectoryHandler("/s/", ".")} {
		first := serve(h, "GET", "/s/app.js")
		writeFile(t, name, "two!", time.Unix(2e9, 0))
		second := serve(h, "GET", "/s/app.js")
		if first.Header().Get("Etag") == second.Header().Get("Etag") {
			t.Errorf("ETag %s kept after the file changed (gddo served the first hash for good)", first.Header().Get("Etag"))
		}
		if second.Body.String() != "two!" {
			t.Errorf("body %q", second.Body.String())
		}
		// The old ETag no longer validates: RFC 9110 §8.8.3.
		if w := serve(h, "GET", "/s/app.js", "If-None-Match", first.Header().Get("Etag")); w.Code != http.StatusOK {
			t.Errorf("stale If-None-Match: %d", w.Code)
		}
		writeFile(t, name, "one", time.Unix(1e9, 0))
	}
}

func TestStaticServerIfNoneMatchUsesWeakComparison(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "a.css"), "body{}", time.Unix(1e9, 0))
	h := (&httputil.StaticServer{Dir: dir}).FileHandler("a.css")
	etag := serve(h, "GET", "/").Header().Get("Etag")
	for _, inm := range []string{etag, "W/" + etag, `"x", ` + etag, "*"} {
		if w := serve(h, "GET", "/", "If-None-Match", inm); w.Code != http.StatusNotModified {
			t.Errorf("If-None-Match %s: %d, want 304 (RFC 9110 §13.1.2)", inm, w.Code)
		}
	}
	if w := serve(h, "GET", "/", "If-None-Match", `"other"`); w.Code != http.StatusOK {
		t.Errorf("other tag: %d", w.Code)
	}
	if w := serve(h, "POST", "/", "If-None-Match", etag); w.Code != http.StatusPreconditionFailed {
		t.Errorf("POST with matching If-None-Match: %d, want 412", w.Code)
	}
}

func TestStaticServerUsesTheErrorField(t *testing.T) {
	var got int
	ss := &httputil.StaticServer{Dir: t.TempDir(), Error: func(w http.ResponseWriter, r *http.Request, status int, err error) {
		got = status
		w.WriteHeader(status)
		w.Write([]byte("custom"))
	}}
	w := serve(ss.FileHandler("missing.txt"), "GET", "/")
	if got != http.StatusNotFound || w.Body.String() != "custom" {
		t.Errorf("Error called with %d, body %q (gddo ignored Error)", got, w.Body.String())
	}
}

func TestDirectoryHandlerStaysInsideItsDirectory(t *testing.T) {
	base := t.TempDir()
	pub := filepath.Join(base, "public")
	if err := os.Mkdir(pub, 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(base, "secret.txt"), "secret", time.Unix(1e9, 0))
	writeFile(t, filepath.Join(pub, "ok.txt"), "ok", time.Unix(1e9, 0))
	if err := os.Symlink(filepath.Join(base, "secret.txt"), filepath.Join(pub, "link.txt")); err != nil {
		t.Skip(err)
	}
	h := (&httputil.StaticServer{Dir: base}).DirectoryHandler("/p", "public")
	if w := serve(h, "GET", "/p/ok.txt"); w.Code != http.StatusOK || w.Body.String() != "ok" {
		t.Fatalf("ok.txt: %d %q", w.Code, w.Body.String())
	}
	if w := serve(h, "GET", "/p/link.txt"); w.Code != http.StatusNotFound || strings.Contains(w.Body.String(), "secret") {
		t.Errorf("symlink out of the directory: %d %q", w.Code, w.Body.String())
	}
	for _, p := range []string{"/p", "/other/ok.txt", "/p/a\\b"} {
		if w := serve(h, "GET", p); w.Code != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", p, w.Code)
		}
	}
}

func TestStaticServerRedirectsUncleanPathsSafely(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "a.txt"), "a", time.Unix(1e9, 0))
	h := (&httputil.StaticServer{Dir: dir}).DirectoryHandler("/", ".")
	w := serve(h, "GET", "/x/../a.txt?v=1")
	if w.Code != http.StatusMovedPermanently || w.Header().Get("Location") != "/a.txt?v=1" {
		t.Errorf("got %d %q", w.Code, w.Header().Get("Location"))
	}
	r := httptest.NewRequest("GET", "/", nil)
	r.URL.Path = `/\evil.example/.`
	w = httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if loc := w.Header().Get("Location"); loc != "/%5Cevil.example" {
		t.Errorf("Location %q, want /%%5Cevil.example (browsers follow /\\host to another host)", loc)
	}
}

func TestStaticServerMIMETypes(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "a.weird"), "x", time.Unix(1e9, 0))
	writeFile(t, filepath.Join(dir, "b.unknownext"), "x", time.Unix(1e9, 0))
	ss := &httputil.StaticServer{Dir: dir, MIMETypes: map[string]string{".weird": "text/weird"}}
	if ct := serve(ss.FileHandler("a.weird"), "GET", "/").Header().Get("Content-Type"); ct != "text/weird" {
		t.Errorf("MIMETypes: %q", ct)
	}
	if ct := serve(ss.FileHandler("b.unknownext"), "GET", "/").Header().Get("Content-Type"); ct != "application/octet-stream" {
		t.Errorf("unknown: %q", ct)
	}
}

func TestFilesHandlerConcatenatesAndFailsClosed(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "a.js"), "a;", time.Unix(1e9, 0))
	writeFile(t, filepath.Join(dir, "b.js"), "b;", time.Unix(1e9, 0))
	ss := &httputil.StaticServer{Dir: dir}
	if w := serve(ss.FilesHandler("a.js", "b.js"), "GET", "/all.js"); w.Body.String() != "a;b;" {
		t.Errorf("body %q", w.Body.String())
	}
	if w := serve(ss.FilesHandler("a.js", "missing.js"), "GET", "/all.js"); w.Code != http.StatusNotFound {
		t.Errorf("missing part: %d", w.Code)
	}
	if w := serve(ss.FilesHandler(), "GET", "/all.js"); w.Code != http.StatusNotFound {
		t.Errorf("no names: %d (gddo panicked)", w.Code)
	}
}

func TestStaticServerAbsoluteNamePanicsAtConstruction(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("no panic for an absolute name")
		}
	}()
	(&httputil.StaticServer{}).FileHandler("/etc/passwd")
}

func TestStaticServerVQueryMeansAYear(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "a.txt"), "a", time.Unix(1e9, 0))
	h := (&httputil.StaticServer{Dir: dir}).FileHandler("a.txt")
	if cc := serve(h, "GET", "/a.txt").Header().Get("Cache-Control"); cc != "public, max-age=86400" {
		t.Errorf("default: %q", cc)
	}
	if cc := serve(h, "GET", "/a.txt?v=abc").Header().Get("Cache-Control"); cc != "public, max-age=31536000" {
		t.Errorf("?v=: %q", cc)
	}
	if cc := serve(h, "GET", "/a.txt?v=").Header().Get("Cache-Control"); cc != "public, max-age=86400" {
		t.Errorf("empty v: %q", cc)
	}
}

func TestCacheBustersTokenIsQuerySafe(t *testing.T) {
	cb := &httputil.CacheBusters{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// No WriteHeader: net/http answers 200 (gddo's Get saw status 0
		// and returned no token).
		w.Header().Set("Etag", `W/"a b/c%<d>"`)
	})}
	if got := cb.AppendQueryParam("/x.css", "v"); got != "/x.css?v=ab-c--d-" {
		t.Errorf("got %q", got)
	}
}

func TestCacheBustersLastModifiedAndFailures(t *testing.T) {
	cb := &httputil.CacheBusters{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodHead {
			t.Errorf("method %s", r.Method)
		}
		switch r.URL.Path {
		case "/lm":
			w.Header().Set("Last-Modified", "Sun, 06 Nov 1994 08:49:37 GMT")
			w.WriteHeader(http.StatusOK)
		default:
			w.Header().Set("Etag", `"x"`)
			http.NotFound(w, r)
		}
	})}
	if got := cb.Get("/lm"); got != "Sun-06Nov199408-49-37GMT" {
		t.Errorf("Last-Modified token %q", got)
	}
	if got := cb.AppendQueryParam("/missing", "v"); got != "/missing" {
		t.Errorf("404: %q", got)
	}
}

func TestResponseBufferWritesOnlyOnWriteTo(t *testing.T) {
	var rb httputil.ResponseBuffer
	rb.Header().Set("X-A", "1")
	rb.WriteHeader(http.StatusTeapot)
	rb.Write([]byte("hello"))
	w := httptest.NewRecorder()
	w.Header().Set("X-A", "0")
	w.Header().Set("X-B", "2")
	if err := rb.WriteTo(w); err != nil {
		t.Fatal(err)
	}
	if w.Code != http.StatusTeapot || w.Body.String() != "hello" || w.Header().Get("Content-Length") != "5" ||
		w.Header().Get("X-A") != "1" || w.Header().Get("X-B") != "2" {
		t.Errorf("got %d %q %v", w.Code, w.Body.String(), w.Header())
	}
	var empty httputil.ResponseBuffer
	w = httptest.NewRecorder()
	empty.WriteTo(w)
	if w.Code != http.StatusOK || w.Header().Get("Content-Length") != "" {
		t.Errorf("empty: %d %v", w.Code, w.Header())
	}
}

type failingWriter struct{ *httptest.ResponseRecorder }

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("broken pipe") }

func TestResponseBufferWriteToReportsTheWriteError(t *testing.T) {
	var rb httputil.ResponseBuffer
	rb.Write([]byte("x"))
	if err := rb.WriteTo(failingWriter{httptest.NewRecorder()}); err == nil {
		t.Error("no error")
	}
}

func TestStripPort(t *testing.T) {
	for in, want := range map[string]string{
		"example.com:80": "example.com", "example.com": "example.com",
		"[::1]:443": "::1", "[::1]": "[::1]", "1.2.3.4:5": "1.2.3.4", "": "",
	} {
		if got := httputil.StripPort(in); got != want {
			t.Errorf("StripPort(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestStaticServerIfMatchFailsWith412: an origin server evaluates If-Match
// before anything else (RFC 9110 §13.1.1, §13.2.2): a list without the
// current entity tag under strong comparison answers 412, whatever the
// method; "*" and the current tag pass. gddo ignored If-Match.
func TestStaticServerIfMatchFailsWith412(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "a.css"), "body{}", time.Unix(1e9, 0))
	h := (&httputil.StaticServer{Dir: dir}).FileHandler("a.css")
	etag := serve(h, "GET", "/").Header().Get("Etag")
	for _, im := range []string{`"other"`, "W/" + etag, `"x", W/` + etag} {
		for _, method := range []string{"GET", "HEAD", "POST"} {
			if w := serve(h, method, "/", "If-Match", im); w.Code != http.StatusPreconditionFailed || w.Body.Len() != 0 {
				t.Errorf("%s with If-Match %s: %d %q, want 412 and no body", method, im, w.Code, w.Body.String())
			}
		}
	}
	for _, im := range []string{etag, "*", `"x", ` + etag} {
		if w := serve(h, "GET", "/", "If-Match", im); w.Code != http.StatusOK || w.Body.String() != "body{}" {
			t.Errorf("If-Match %s: %d, want 200", im, w.Code)
		}
	}
	// If-Match is evaluated first: a failing one wins over a matching
	// If-None-Match (which alone would give 304).
	if w := serve(h, "GET", "/", "If-Match", `"other"`, "If-None-Match", etag); w.Code != http.StatusPreconditionFailed {
		t.Errorf("failing If-Match with matching If-None-Match: %d, want 412", w.Code)
	}
	// Preconditions are not evaluated for a response that would not be 2xx.
	if w := serve((&httputil.StaticServer{Dir: dir}).FileHandler("missing.css"), "GET", "/", "If-Match", `"x"`); w.Code != http.StatusNotFound {
		t.Errorf("missing file with If-Match: %d, want 404", w.Code)
	}
}

// TestDirectoryHandlerEncodedAndDottedPathsStayInside: percent-encoded
// slashes and dots decode into the path that is cleaned, redirected and
// looked up under the prefix only; a symbolic link to a directory outside
// is not followed.
func TestDirectoryHandlerEncodedAndDottedPathsStayInside(t *testing.T) {
	base := t.TempDir()
	pub := filepath.Join(base, "public")
	outside := filepath.Join(base, "outside")
	for _, d := range []string{pub, outside} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	writeFile(t, filepath.Join(base, "secret.txt"), "secret", time.Unix(1e9, 0))
	writeFile(t, filepath.Join(outside, "s.txt"), "secret", time.Unix(1e9, 0))
	if err := os.Symlink(outside, filepath.Join(pub, "dir")); err != nil {
		t.Skip(err)
	}
	h := (&httputil.StaticServer{Dir: base}).DirectoryHandler("/p/", "public")
	for _, target := range []string{
		"/p/..%2fsecret.txt", "/p/%2e%2e/secret.txt", "/p/%2E%2E%2Fsecret.txt", "/p/dir/s.txt",
		"/p/dir%2fs.txt", "/p//../secret.txt", "/p/C:/secret.txt", "/p/%5C..%5Csecret.txt",
	} {
		w := serve(h, "GET", target)
		for hops := 0; w.Code == http.StatusMovedPermanently && hops < 3; hops++ {
			w = serve(h, "GET", w.Header().Get("Location"))
		}
		if w.Code != http.StatusNotFound || strings.Contains(w.Body.String(), "secret") {
			t.Errorf("%s: %d %q, want 404", target, w.Code, w.Body.String())
		}
	}
}

// TestFilesHandlersOfDifferentNamesHaveTheirOwnETags: the ETag cache is
// shared by the handlers of one StaticServer, so its key must tell
// FilesHandler("a b") (one file) from FilesHandler("a", "b") (two) even
// when both contents have the same size.
func TestFilesHandlersOfDifferentNamesHaveTheirOwnETags(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "a b"), "XYZ", time.Unix(1e9, 0))
	writeFile(t, filepath.Join(dir, "a"), "x", time.Unix(1e9, 0))
	writeFile(t, filepath.Join(dir, "b"), "yz", time.Unix(1e9, 0))
	ss := &httputil.StaticServer{Dir: dir}
	one, two := ss.FilesHandler("a b"), ss.FilesHandler("a", "b")
	w1, w2 := serve(one, "GET", "/"), serve(two, "GET", "/")
	if w1.Body.String() != "XYZ" || w2.Body.String() != "xyz" {
		t.Fatalf("bodies %q %q", w1.Body.String(), w2.Body.String())
	}
	if e1, e2 := w1.Header().Get("Etag"), w2.Header().Get("Etag"); e1 == e2 {
		t.Errorf("both answer ETag %s for different content", e1)
	}
	if w := serve(two, "GET", "/", "If-None-Match", w1.Header().Get("Etag")); w.Code != http.StatusOK {
		t.Errorf("the other handler's ETag gave %d, want 200", w.Code)
	}
}
