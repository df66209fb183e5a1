package static

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// testTree writes files (name -> content) under a temporary directory,
// all with one fixed modification time, and returns the directory.
func testTree(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	mod := time.Date(2024, 5, 6, 7, 8, 9, 123456789, time.UTC)
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, mod, mod); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// dirApp returns DirectoryApp over Dir(testTree(files)).
func dirApp(t testing.TB, files map[string]string, opts *Options) (http.Handler, string) {
	t.Helper()
	dir := testTree(t, files)
	fsys, err := Dir(dir)
	if err != nil {
		t.Fatal(err)
	}
	return DirectoryApp(fsys, opts), dir
}

// do sends method target with header fields given as name, value pairs.
func do(h http.Handler, method, target string, hdr ...string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, target, nil)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Add(hdr[i], hdr[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

var basicFiles = map[string]string{
	"hello.txt":                "hello, world\n",
	"style.css":                "body{color:red}",
	"noext":                    "<!DOCTYPE html><html><body>x</body></html>",
	"sub/index.html":           "<h1>sub</h1>",
	"index.html":               "<h1>root</h1>",
	"empty/keep.bin":           "\x00\x01",
	".env":                     "SECRET=1",
	".git/config":              "[core]",
	".well-known/security.txt": "Contact: x",
	"app.3f9a1c.js":            "console.log(1)",
	"secret.BAK":               "old",
	"digits.txt":               "0123456789abcdefghijklmnopqrstuvwxyz",
}

func mustTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return t
}
