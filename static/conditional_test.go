package static

import (
	"strings"
	"testing"
	"testing/fstest"
)

// A revalidation is answered from a stat; one that does not match still
// gets the whole file.
func TestConditionalMissServesWholeFile(t *testing.T) {
	h, _ := dirApp(t, basicFiles, nil)
	rec := do(h, "GET", "/hello.txt", "If-None-Match", `"stale"`)
	if rec.Code != 200 || rec.Body.String() != "hello, world\n" || rec.Header().Get("Content-Type") != "text/plain; charset=utf-8" {
		t.Fatalf("got %d %q %v", rec.Code, rec.Body, rec.Header())
	}
	rec = do(h, "GET", "/", "If-Modified-Since", "Mon, 01 Jan 2001 00:00:00 GMT")
	if rec.Code != 200 || rec.Body.String() != "<h1>root</h1>" {
		t.Fatalf("index: %d %q", rec.Code, rec.Body)
	}
	rec = do(h, "GET", "/sub", "If-None-Match", `"x"`)
	if rec.Code != 301 {
		t.Fatalf("directory: %d", rec.Code)
	}
}

// The 304 keeps the fields of RFC 9110 §15.4.5 only.
func TestNotModifiedKeepsOnlyValidatorFields(t *testing.T) {
	h, _ := dirApp(t, basicFiles, &Options{CacheControl: []CacheRule{{Value: "max-age=60"}}})
	et := do(h, "GET", "/hello.txt").Header().Get("Etag")
	rec := do(h, "GET", "/hello.txt", "If-None-Match", et)
	if rec.Code != 304 || rec.Header().Get("Etag") != et || rec.Header().Get("Cache-Control") != "max-age=60" {
		t.Fatalf("got %d %v", rec.Code, rec.Header())
	}
	for _, k := range []string{"Content-Type", "Content-Length", "Accept-Ranges", "Last-Modified"} {
		if v := rec.Header().Get(k); v != "" {
			t.Errorf("304 carries %s: %q", k, v)
		}
	}
	rec = do(h, "HEAD", "/hello.txt", "If-None-Match", et)
	if rec.Code != 304 {
		t.Errorf("HEAD: %d", rec.Code)
	}
}

// A hash ETag not yet cached is computed from the opened file, so the
// first request may already be a revalidation (a restarted server).
func TestHashETagRevalidatesBeforeCached(t *testing.T) {
	fsys := fstest.MapFS{"a.txt": {Data: []byte("abc")}}
	et := do(DirectoryApp(fsys, nil), "GET", "/a.txt").Header().Get("Etag")
	fresh := DirectoryApp(fsys, nil)
	if rec := do(fresh, "GET", "/a.txt", "If-None-Match", et); rec.Code != 304 {
		t.Fatalf("fresh handler: %d", rec.Code)
	}
	if rec := do(fresh, "GET", "/a.txt", "If-Match", `"nope"`); rec.Code != 412 {
		t.Fatalf("If-Match: %d", rec.Code)
	}
}

func TestPrecompressedRevalidation(t *testing.T) {
	h, _ := dirApp(t, compressedFiles, &Options{Precompressed: []string{"br", "gzip"}})
	et := do(h, "GET", "/app.js", "Accept-Encoding", "gzip").Header().Get("Etag")
	rec := do(h, "GET", "/app.js", "Accept-Encoding", "gzip", "If-None-Match", et)
	if rec.Code != 304 || rec.Header().Get("Vary") != "Accept-Encoding" {
		t.Fatalf("got %d %v", rec.Code, rec.Header())
	}
	rec = do(h, "GET", "/app.js", "Accept-Encoding", "gzip", "If-None-Match", `"old"`)
	if rec.Code != 200 || rec.Body.String() != "GZIP-BYTES" || rec.Header().Get("Content-Type") != "text/javascript; charset=utf-8" {
		t.Fatalf("miss: %d %q %v", rec.Code, rec.Body, rec.Header())
	}
}

// A sibling of a file without a known extension gets the type sniffed
// from the original, not from the compressed bytes.
func TestPrecompressedTypeSniffedFromOriginal(t *testing.T) {
	files := map[string]string{"page": "<!DOCTYPE html><p>x", "page.gz": "\x1f\x8b\x08binary"}
	h, _ := dirApp(t, files, &Options{Precompressed: []string{"gzip"}})
	for _, cond := range []string{"", `"x"`} {
		hdr := []string{"Accept-Encoding", "gzip"}
		if cond != "" {
			hdr = append(hdr, "If-None-Match", cond)
		}
		rec := do(h, "GET", "/page", hdr...)
		if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/html") || rec.Header().Get("Content-Encoding") != "gzip" {
			t.Errorf("cond %q: %q %v", cond, ct, rec.Header())
		}
	}
}

// The fast path for a plain GET or HEAD writes what the adapter writes.
func TestFastPathAnswersAsTheAdapter(t *testing.T) {
	opts := &Options{CacheControl: []CacheRule{HashedAssets}}
	fast, dir := dirApp(t, basicFiles, opts)
	fsys, _ := Dir(dir)
	slow := DirectoryApp(fsys, opts).(*handler)
	slow.fast = false
	for _, m := range []string{"GET", "HEAD"} {
		for _, p := range []string{"/hello.txt", "/noext", "/app.3f9a1c.js", "/sub/index.html", "/empty/keep.bin"} {
			a, b := do(fast, m, p), do(slow, m, p)
			if a.Code != b.Code || a.Body.String() != b.Body.String() {
				t.Errorf("%s %s: fast %d %q, adapter %d %q", m, p, a.Code, a.Body, b.Code, b.Body)
			}
			for k := range b.Header() {
				if a.Header().Get(k) != b.Header().Get(k) {
					t.Errorf("%s %s: %s fast %q, adapter %q", m, p, k, a.Header().Get(k), b.Header().Get(k))
				}
			}
			if len(a.Header()) != len(b.Header()) {
				t.Errorf("%s %s: fields fast %v, adapter %v", m, p, a.Header(), b.Header())
			}
		}
	}
	bad := DirectoryApp(fsys, &Options{CacheControl: []CacheRule{{Value: "x\r\ny: z"}}}).(*handler)
	if bad.fast {
		t.Error("fast path kept with an unsendable Cache-Control")
	}
	if rec := do(bad, "GET", "/hello.txt"); rec.Code != 500 {
		t.Errorf("unsendable Cache-Control: %d", rec.Code)
	}
}
