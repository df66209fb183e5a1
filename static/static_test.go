package static

import (
	"encoding/json"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"
)

func TestServesFileWithValidators(t *testing.T) {
	h, _ := dirApp(t, basicFiles, nil)
	rec := do(h, "GET", "/hello.txt")
	if rec.Code != 200 || rec.Body.String() != "hello, world\n" {
		t.Fatalf("got %d %q", rec.Code, rec.Body)
	}
	want := map[string]string{
		"Content-Type":   "text/plain; charset=utf-8",
		"Content-Length": "13",
		"Accept-Ranges":  "bytes",
		"Last-Modified":  "Mon, 06 May 2024 07:08:09 GMT",
	}
	for k, v := range want {
		if got := rec.Header().Get(k); got != v {
			t.Errorf("%s = %q, want %q", k, got, v)
		}
	}
	if et := rec.Header().Get("Etag"); !strings.HasPrefix(et, `"d-`) || !strings.HasSuffix(et, `"`) {
		t.Errorf("ETag = %q, want size and mtime", et)
	}
	if rec.Header().Get("Cache-Control") != "" || rec.Header().Get("Vary") != "" {
		t.Errorf("unexpected caching fields: %v", rec.Header())
	}
}

func TestETagChangesWithNanosecondMtime(t *testing.T) {
	a := appendModETag(nil, 10, mustTime("2024-01-01T00:00:00.000000001Z"), "")
	b := appendModETag(nil, 10, mustTime("2024-01-01T00:00:00.000000002Z"), "")
	if string(a) == string(b) {
		t.Fatalf("same ETag %s for different nanoseconds", a)
	}
}

func TestHead(t *testing.T) {
	h, _ := dirApp(t, basicFiles, nil)
	rec := do(h, "HEAD", "/hello.txt")
	if rec.Code != 200 || rec.Body.Len() != 0 || rec.Header().Get("Content-Length") != "13" {
		t.Fatalf("got %d %q %v", rec.Code, rec.Body, rec.Header())
	}
}

func TestMethodNotAllowedSendsAllow(t *testing.T) {
	h, _ := dirApp(t, basicFiles, nil)
	for _, m := range []string{"POST", "PUT", "DELETE", "OPTIONS", "PATCH"} {
		rec := do(h, m, "/hello.txt")
		if rec.Code != 405 || rec.Header().Get("Allow") != "GET, HEAD" {
			t.Errorf("%s: got %d Allow %q", m, rec.Code, rec.Header().Get("Allow"))
		}
	}
}

func TestConditionalNotModifiedAndPreconditionFailed(t *testing.T) {
	h, _ := dirApp(t, basicFiles, nil)
	first := do(h, "GET", "/hello.txt")
	et, lm := first.Header().Get("Etag"), first.Header().Get("Last-Modified")
	if rec := do(h, "GET", "/hello.txt", "If-None-Match", et); rec.Code != 304 || rec.Body.Len() != 0 || rec.Header().Get("Etag") != et {
		t.Errorf("If-None-Match: %d %v", rec.Code, rec.Header())
	}
	if rec := do(h, "GET", "/hello.txt", "If-Modified-Since", lm); rec.Code != 304 {
		t.Errorf("If-Modified-Since: %d", rec.Code)
	}
	if rec := do(h, "GET", "/hello.txt", "If-Match", `"other"`); rec.Code != 412 {
		t.Errorf("If-Match: %d", rec.Code)
	}
	if rec := do(h, "GET", "/hello.txt", "If-Unmodified-Since", "Mon, 01 Jan 2001 00:00:00 GMT"); rec.Code != 412 {
		t.Errorf("If-Unmodified-Since: %d", rec.Code)
	}
	if rec := do(h, "GET", "/hello.txt", "If-None-Match", `"other"`); rec.Code != 200 {
		t.Errorf("non-matching If-None-Match: %d", rec.Code)
	}
}

func TestRanges(t *testing.T) {
	h, _ := dirApp(t, basicFiles, nil)
	rec := do(h, "GET", "/digits.txt", "Range", "bytes=2-5")
	if rec.Code != 206 || rec.Body.String() != "2345" || rec.Header().Get("Content-Range") != "bytes 2-5/36" {
		t.Fatalf("single: %d %q %v", rec.Code, rec.Body, rec.Header())
	}
	rec = do(h, "GET", "/digits.txt", "Range", "bytes=0-0,-2")
	mt, params, _ := mime.ParseMediaType(rec.Header().Get("Content-Type"))
	if rec.Code != 206 || mt != "multipart/byteranges" {
		t.Fatalf("multi: %d %v", rec.Code, rec.Header())
	}
	mr := multipart.NewReader(rec.Body, params["boundary"])
	var parts []string
	for {
		p, err := mr.NextPart()
		if err != nil {
			break
		}
		b, _ := io.ReadAll(p)
		if p.Header.Get("Content-Type") != "text/plain; charset=utf-8" {
			t.Errorf("part type %q", p.Header.Get("Content-Type"))
		}
		parts = append(parts, string(b))
	}
	if strings.Join(parts, "|") != "0|yz" {
		t.Errorf("parts %q", parts)
	}
	rec = do(h, "GET", "/digits.txt", "Range", "bytes=100-")
	if rec.Code != 416 || rec.Header().Get("Content-Range") != "bytes */36" {
		t.Errorf("unsatisfiable: %d %v", rec.Code, rec.Header())
	}
	et := do(h, "GET", "/digits.txt").Header().Get("Etag")
	if rec := do(h, "GET", "/digits.txt", "Range", "bytes=0-1", "If-Range", et); rec.Code != 206 {
		t.Errorf("If-Range matching: %d", rec.Code)
	}
	if rec := do(h, "GET", "/digits.txt", "Range", "bytes=0-1", "If-Range", `"stale"`); rec.Code != 200 || rec.Body.Len() != 36 {
		t.Errorf("If-Range stale: %d", rec.Code)
	}
}

// An fs without modification times (embed.FS, fstest.MapFS) gets a
// content-hash ETag, so its files revalidate (http.FileServer sends no
// validator at all for them: go#44854, go#60940).
func TestFSWithoutModTimeGetsHashETag(t *testing.T) {
	fsys := fstest.MapFS{"a.txt": {Data: []byte("abc")}, "b.txt": {Data: []byte("abd")}}
	h := DirectoryApp(fsys, nil)
	rec := do(h, "GET", "/a.txt")
	et := rec.Header().Get("Etag")
	if rec.Code != 200 || len(et) < 10 || rec.Header().Get("Last-Modified") != "" {
		t.Fatalf("got %d ETag %q LM %q", rec.Code, et, rec.Header().Get("Last-Modified"))
	}
	if et2 := do(h, "GET", "/b.txt").Header().Get("Etag"); et2 == et {
		t.Fatalf("different content, same ETag %s", et)
	}
	if rec := do(h, "GET", "/a.txt", "If-None-Match", et); rec.Code != 304 {
		t.Fatalf("revalidation: %d", rec.Code)
	}
	if rec := do(h, "GET", "/a.txt", "Range", "bytes=1-1", "If-Range", et); rec.Code != 206 || rec.Body.String() != "b" {
		t.Fatalf("If-Range with hash ETag: %d %q", rec.Code, rec.Body)
	}
}

func TestHashETagComputedOnceAndBounded(t *testing.T) {
	fsys := fstest.MapFS{"a": {Data: []byte("1")}, "b": {Data: []byte("2")}, "c": {Data: []byte("3")}}
	h := DirectoryApp(fsys, &Options{HashCacheSize: 2}).(*handler)
	for _, n := range []string{"/a", "/a", "/b", "/c"} {
		do(h, "GET", n)
	}
	if n := len(h.hashes.m); n != 2 {
		t.Fatalf("cache holds %d entries, want 2", n)
	}
}

func TestHashETagsForDisk(t *testing.T) {
	h, _ := dirApp(t, basicFiles, &Options{HashETags: true})
	rec := do(h, "GET", "/hello.txt")
	if et := rec.Header().Get("Etag"); strings.HasPrefix(et, `"d-`) || len(et) != 26 {
		t.Fatalf("ETag %q is not a hash", et)
	}
	if rec.Header().Get("Last-Modified") == "" {
		t.Fatal("Last-Modified dropped")
	}
	if rec.Body.String() != "hello, world\n" {
		t.Fatalf("body after hashing: %q", rec.Body)
	}
}

func TestContentTypeSniffedAndCharset(t *testing.T) {
	h, _ := dirApp(t, basicFiles, nil)
	if ct := do(h, "GET", "/noext").Header().Get("Content-Type"); ct != "text/html; charset=utf-8" {
		t.Errorf("sniffed %q", ct)
	}
	if ct := do(h, "GET", "/style.css").Header().Get("Content-Type"); ct != "text/css; charset=utf-8" {
		t.Errorf("css %q", ct)
	}
	if got := withCharset("text/x-custom"); got != "text/x-custom; charset=utf-8" {
		t.Errorf("withCharset %q", got)
	}
	if rec := do(h, "GET", "/noext"); !strings.HasPrefix(rec.Body.String(), "<!DOCTYPE") {
		t.Errorf("body after sniffing: %q", rec.Body)
	}
}

func TestIndexFileServed(t *testing.T) {
	h, _ := dirApp(t, basicFiles, nil)
	if rec := do(h, "GET", "/"); rec.Code != 200 || rec.Body.String() != "<h1>root</h1>" {
		t.Errorf("root: %d %q", rec.Code, rec.Body)
	}
	if rec := do(h, "GET", "/sub/"); rec.Code != 200 || rec.Body.String() != "<h1>sub</h1>" {
		t.Errorf("sub: %d %q", rec.Code, rec.Body)
	}
	h2, _ := dirApp(t, basicFiles, &Options{Index: []string{"default.htm", "index.html"}})
	if rec := do(h2, "GET", "/sub/"); rec.Code != 200 {
		t.Errorf("index list: %d", rec.Code)
	}
	h3, _ := dirApp(t, basicFiles, &Options{Index: []string{}})
	if rec := do(h3, "GET", "/sub/"); rec.Code != 404 {
		t.Errorf("index off: %d", rec.Code)
	}
}

func TestDirectoryWithoutSlashRedirectsRelativeKeepingQuery(t *testing.T) {
	h, _ := dirApp(t, basicFiles, nil)
	rec := do(h, "GET", "/sub?a=1&b=2")
	if rec.Code != 301 || rec.Header().Get("Location") != "./sub/?a=1&b=2" {
		t.Fatalf("got %d %q", rec.Code, rec.Header().Get("Location"))
	}
}

func TestFileWithSlashRedirectsToFile(t *testing.T) {
	h, _ := dirApp(t, basicFiles, nil)
	rec := do(h, "GET", "/sub/index.html/?x")
	if rec.Code != 301 || rec.Header().Get("Location") != "../index.html?x" {
		t.Fatalf("got %d %q", rec.Code, rec.Header().Get("Location"))
	}
}

func TestRedirectIndexToDirectory(t *testing.T) {
	h, _ := dirApp(t, basicFiles, &Options{RedirectIndex: true})
	rec := do(h, "GET", "/sub/index.html?q=1")
	if rec.Code != 301 || rec.Header().Get("Location") != "./?q=1" {
		t.Fatalf("got %d %q", rec.Code, rec.Header().Get("Location"))
	}
	h2, _ := dirApp(t, basicFiles, nil)
	if rec := do(h2, "GET", "/sub/index.html"); rec.Code != 200 {
		t.Fatalf("default serves index.html by name: %d", rec.Code)
	}
}

func TestMountedUnderStripPrefixRedirects(t *testing.T) {
	app, _ := dirApp(t, basicFiles, nil)
	h := http.StripPrefix("/static", app)
	rec := do(h, "GET", "/static?v=1")
	if rec.Code != 301 || rec.Header().Get("Location") != "./static/?v=1" {
		t.Fatalf("mount root: %d %q", rec.Code, rec.Header().Get("Location"))
	}
	rec = do(h, "GET", "/static/sub")
	if rec.Code != 301 || rec.Header().Get("Location") != "./sub/" {
		t.Fatalf("sub: %d %q", rec.Code, rec.Header().Get("Location"))
	}
	if rec := do(h, "GET", "/static/hello.txt"); rec.Code != 200 {
		t.Fatalf("file: %d", rec.Code)
	}
	if rec := do(h, "GET", "/static/"); rec.Code != 200 || rec.Body.String() != "<h1>root</h1>" {
		t.Fatalf("index: %d", rec.Code)
	}
}

func TestListingOffByDefault(t *testing.T) {
	h, _ := dirApp(t, basicFiles, nil)
	if rec := do(h, "GET", "/empty/"); rec.Code != 404 {
		t.Fatalf("got %d", rec.Code)
	}
}

func TestListingHTMLSortedEscapedFiltered(t *testing.T) {
	files := map[string]string{"b.txt": "bb", "a<b>.txt": "a", "dir/x": "", ".hidden": "", "x.bak": ""}
	h, _ := dirApp(t, files, &Options{Listing: true, Hide: []string{"*.BAK"}})
	rec := do(h, "GET", "/")
	body := rec.Body.String()
	if rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
		t.Fatalf("got %d %v", rec.Code, rec.Header())
	}
	if strings.Contains(body, "<b>") || !strings.Contains(body, "a&lt;b&gt;.txt") {
		t.Errorf("not escaped: %s", body)
	}
	if strings.Contains(body, ".hidden") || strings.Contains(body, "x.bak") {
		t.Errorf("hidden entries listed: %s", body)
	}
	ia, ib, id := strings.Index(body, "a&lt;"), strings.Index(body, "b.txt"), strings.Index(body, "dir/")
	if ia >= ib || ib >= id {
		t.Errorf("not sorted: %s", body)
	}
	if !strings.Contains(body, "<td>2</td>") || !strings.Contains(body, "2024-05-06T07:08:09Z") {
		t.Errorf("no size or time: %s", body)
	}
}

func TestListingJSONByAccept(t *testing.T) {
	files := map[string]string{"b.txt": "bb", "dir/x": ""}
	h, _ := dirApp(t, files, &Options{Listing: true})
	rec := do(h, "GET", "/", "Accept", "application/json")
	var got []entry
	if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
		t.Fatal(err, rec.Body)
	}
	if len(got) != 2 || got[0].Name != "b.txt" || got[0].Size != 2 || !got[1].Dir {
		t.Fatalf("got %+v", got)
	}
	if !strings.Contains(rec.Header().Get("Vary"), "Accept") {
		t.Errorf("Vary %q", rec.Header().Get("Vary"))
	}
}

func TestCacheControlRules(t *testing.T) {
	h, _ := dirApp(t, basicFiles, &Options{CacheControl: []CacheRule{HashedAssets, {Pattern: "*.css", Value: "max-age=60"}}})
	if cc := do(h, "GET", "/app.3f9a1c.js").Header().Get("Cache-Control"); cc != Immutable {
		t.Errorf("hashed: %q", cc)
	}
	if cc := do(h, "GET", "/style.css").Header().Get("Cache-Control"); cc != "max-age=60" {
		t.Errorf("css: %q", cc)
	}
	if cc := do(h, "GET", "/hello.txt").Header().Get("Cache-Control"); cc != "" {
		t.Errorf("none: %q", cc)
	}
}

func TestIsHashed(t *testing.T) {
	for name, want := range map[string]bool{
		"app.3f9a1c.js": true, "index-BfC3kX9a.js": true, "chunk_8d2e77ab.css": true, "a/b/main.0a1b2c3d4e.css": true,
		"jquery-3.6.0.min.js": false, "app.js": false, "favicon.ico": false, "report-2024.pdf": false, "readme": false,
	} {
		if got := IsHashed(name); got != want {
			t.Errorf("IsHashed(%q) = %v", name, got)
		}
	}
}

func TestNotFoundLeaksNoPath(t *testing.T) {
	h, dir := dirApp(t, basicFiles, nil)
	for _, p := range []string{"/nope.txt", "/hello.txt/x", "/sub/nope/", "/.env"} {
		rec := do(h, "GET", p, "Accept", "application/json")
		if rec.Code != 404 {
			t.Errorf("%s: %d", p, rec.Code)
		}
		if strings.Contains(rec.Body.String(), dir) || strings.Contains(rec.Body.String(), strings.TrimPrefix(p, "/")) {
			t.Errorf("%s: body leaks a path: %s", p, rec.Body)
		}
	}
}

func TestErrorBodiesNegotiated(t *testing.T) {
	h, _ := dirApp(t, basicFiles, nil)
	rec := do(h, "GET", "/nope", "Accept", "application/json")
	if !strings.HasPrefix(rec.Header().Get("Content-Type"), "application/json") {
		t.Errorf("json: %q", rec.Header().Get("Content-Type"))
	}
	rec = do(h, "GET", "/nope", "Accept", "text/html")
	if !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
		t.Errorf("html: %q", rec.Header().Get("Content-Type"))
	}
}

func TestFileApp(t *testing.T) {
	dir := testTree(t, basicFiles)
	fsys, _ := Dir(dir)
	h := FileApp(fsys, "sub/index.html", nil)
	for _, p := range []string{"/", "/anything", "/../x"} {
		if rec := do(h, "GET", p); rec.Code != 200 || rec.Body.String() != "<h1>sub</h1>" {
			t.Errorf("%s: %d %q", p, rec.Code, rec.Body)
		}
	}
	if rec := do(h, "POST", "/"); rec.Code != 405 {
		t.Errorf("POST: %d", rec.Code)
	}
	for _, bad := range []string{"../x", "/abs", "", ".", "sub"} {
		if rec := do(FileApp(fsys, bad, nil), "GET", "/"); rec.Code != 404 {
			t.Errorf("FileApp(%q): %d", bad, rec.Code)
		}
	}
}

func TestServedThroughRealServer(t *testing.T) {
	app, _ := dirApp(t, basicFiles, nil)
	srv := httptest.NewServer(app)
	defer srv.Close()
	res, err := http.Get(srv.URL + "/digits.txt")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || string(b) != basicFiles["digits.txt"] {
		t.Fatalf("got %d %q", res.StatusCode, b)
	}
}
