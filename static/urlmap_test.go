package static

import (
	"testing"

	"github.com/webob-go/webob/middleware"
)

// TestMountedUnderURLMapRedirects: under middleware.URLMap the mount
// prefix moves out of the path, and the redirects DirectoryApp makes stay
// relative, so they land inside the mount.
func TestMountedUnderURLMapRedirects(t *testing.T) {
	app, _ := dirApp(t, basicFiles, nil)
	m := middleware.NewURLMap(nil)
	if err := m.Mount("/static/", app); err != nil {
		t.Fatal(err)
	}
	rec := do(m, "GET", "/static/sub?v=1")
	if rec.Code != 301 || rec.Header().Get("Location") != "./sub/?v=1" {
		t.Fatalf("sub: %d %q", rec.Code, rec.Header().Get("Location"))
	}
	if rec := do(m, "GET", "/static/hello.txt"); rec.Code != 200 || rec.Body.String() != "hello, world\n" {
		t.Fatalf("file: %d %q", rec.Code, rec.Body)
	}
	if rec := do(m, "GET", "/static/"); rec.Code != 200 || rec.Body.String() != "<h1>root</h1>" {
		t.Fatalf("index: %d %q", rec.Code, rec.Body)
	}
	if rec := do(m, "GET", "/static/../hello.txt"); rec.Code == 200 {
		t.Fatalf("a dot-dot path through the mount was served")
	}
}
