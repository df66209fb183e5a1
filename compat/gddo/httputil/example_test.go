package httputil_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"

	"github.com/webob-go/webob/compat/gddo/httputil"
)

func ExampleNegotiateContentType() {
	r := httptest.NewRequest("GET", "/", nil)
	// gddo answered text/html here: */* gave it q=1. The most specific
	// range decides (RFC 9110 §12.5.1), so text/html has q=0.1.
	r.Header.Set("Accept", "text/html;q=0.1, */*")
	fmt.Println(httputil.NegotiateContentType(r, []string{"text/html", "application/json"}, "text/plain"))

	// q=0 excludes; nothing is left, so the default is returned.
	r.Header.Set("Accept", "application/json;q=0, text/*")
	fmt.Println(httputil.NegotiateContentType(r, []string{"application/json"}, "text/plain"))
	// Output:
	// application/json
	// text/plain
}

func ExampleNegotiateContentEncoding() {
	r := httptest.NewRequest("GET", "/", nil)
	r.Header.Set("Accept-Encoding", "gzip;q=0.8, br")
	fmt.Println(httputil.NegotiateContentEncoding(r, []string{"gzip", "br"}))
	r.Header.Set("Accept-Encoding", "gzip;q=0")
	fmt.Printf("%q\n", httputil.NegotiateContentEncoding(r, []string{"gzip"}))
	r.Header.Set("Accept-Encoding", "identity;q=0")
	fmt.Printf("%q\n", httputil.NegotiateContentEncoding(r, []string{"gzip"}))
	// Output:
	// br
	// "identity"
	// ""
}

func ExampleStaticServer() {
	dir, _ := os.MkdirTemp("", "static")
	defer os.RemoveAll(dir)
	os.WriteFile(filepath.Join(dir, "app.js"), []byte("console.log(1)\n"), 0o644)

	ss := &httputil.StaticServer{Dir: dir}
	mux := http.NewServeMux()
	mux.Handle("/static/", ss.DirectoryHandler("/static/", "."))
	cb := &httputil.CacheBusters{Handler: mux}

	// A URL that changes with the file's content, cached for a year.
	u := cb.AppendQueryParam("/static/app.js", "v")
	w := httptest.NewRecorder()
	mux.ServeHTTP(w, httptest.NewRequest("GET", u, nil))
	fmt.Println(u)
	fmt.Println(w.Code, w.Header().Get("Cache-Control"))
	// Output:
	// /static/app.js?v=4f34d4184dfcb3ee7509f2f48258ce9241d98107
	// 200 public, max-age=31536000
}

func ExampleResponseBuffer() {
	handler := func(w http.ResponseWriter, r *http.Request) {
		var rb httputil.ResponseBuffer
		rb.Header().Set("Content-Type", "text/plain; charset=utf-8")
		rb.Write([]byte("half a page"))
		if r.URL.Query().Has("fail") {
			// Nothing was sent yet: answer an error instead.
			http.Error(w, "something went wrong", http.StatusInternalServerError)
			return
		}
		rb.WriteTo(w)
	}
	for _, target := range []string{"/", "/?fail"} {
		w := httptest.NewRecorder()
		handler(w, httptest.NewRequest("GET", target, nil))
		fmt.Println(w.Code, w.Header().Get("Content-Length"), w.Body.String())
	}
	// Output:
	// 200 11 half a page
	// 500  something went wrong
}
