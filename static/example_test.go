package static_test

import (
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing/fstest"

	"github.com/webob-go/webob/static"
)

// DirectoryApp serves a directory opened with Dir, mounted under a prefix.
func ExampleDirectoryApp() {
	dir, _ := os.MkdirTemp("", "static")
	defer os.RemoveAll(dir)
	_ = os.MkdirAll(filepath.Join(dir, "docs"), 0o755)
	_ = os.WriteFile(filepath.Join(dir, "docs", "index.html"), []byte("<h1>docs</h1>"), 0o644)

	fsys, err := static.Dir(dir)
	if err != nil {
		log.Fatal(err)
	}
	h := http.StripPrefix("/static", static.DirectoryApp(fsys, &static.Options{
		CacheControl: []static.CacheRule{static.HashedAssets},
	}))

	for _, target := range []string{"/static/docs?lang=en", "/static/docs/", "/static/../etc/passwd", "/static/.env"} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", target, nil))
		fmt.Println(target, rec.Code, rec.Header()["Location"])
	}
	// Output:
	// /static/docs?lang=en 301 [./docs/?lang=en]
	// /static/docs/ 200 []
	// /static/../etc/passwd 400 []
	// /static/.env 404 []
}

// FileApp serves one file, here from an fs without modification times
// (as embed.FS): it still gets an ETag, so clients revalidate.
func ExampleFileApp() {
	fsys := fstest.MapFS{"robots.txt": {Data: []byte("User-agent: *\n")}}
	h := static.FileApp(fsys, "robots.txt", nil)

	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/robots.txt", nil))
	etag := rec.Header().Get("Etag")
	fmt.Println(rec.Code, rec.Header().Get("Content-Type"), etag != "")

	req := httptest.NewRequest("GET", "/robots.txt", nil)
	req.Header.Set("If-None-Match", etag)
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	fmt.Println(rec.Code)
	// Output:
	// 200 text/plain; charset=utf-8 true
	// 304
}

// Precompressed serves app.js.br to a client that accepts br.
func ExampleOptions_precompressed() {
	fsys := fstest.MapFS{
		"app.js":    {Data: []byte("console.log(1)")},
		"app.js.br": {Data: []byte("...brotli bytes...")},
	}
	h := static.DirectoryApp(fsys, &static.Options{Precompressed: []string{"br", "zstd", "gzip"}})
	req := httptest.NewRequest("GET", "/app.js", nil)
	req.Header.Set("Accept-Encoding", "gzip, br")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	fmt.Println(rec.Header().Get("Content-Encoding"), rec.Header().Get("Content-Type"), rec.Header().Get("Vary"))
	// Output:
	// br text/javascript; charset=utf-8 Accept-Encoding
}

func ExampleIsHashed() {
	fmt.Println(static.IsHashed("assets/app.3f9a1c.js"), static.IsHashed("assets/app.js"))
	// Output: true false
}

func ExampleDir() {
	fsys, err := static.Dir(os.TempDir())
	if err != nil {
		log.Fatal(err)
	}
	_ = static.DirectoryApp(fsys, nil)
}
