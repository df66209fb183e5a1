package middleware_test

import (
	"compress/gzip"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/webob-go/webob/middleware"
)

func ExampleCompress() {
	page := strings.Repeat("<p>Hello, compressed world!</p>\n", 100)
	app := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("ETag", `"v1"`)
		io.WriteString(w, page)
	})
	// nil options: zstd, br and gzip, at least 1 KiB, no padding.
	h := middleware.Compress(nil)(app)

	for _, ae := range []string{"gzip, deflate", "br;q=0.5, zstd;q=0.9", "identity"} {
		r := httptest.NewRequest("GET", "/", nil)
		r.Header.Set("Accept-Encoding", ae)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		fmt.Printf("%-22s -> %q Vary=%s ETag=%s\n", ae, rec.Header().Get("Content-Encoding"),
			rec.Header().Get("Vary"), rec.Header().Get("ETag"))
		if rec.Header().Get("Content-Encoding") == "gzip" {
			zr, _ := gzip.NewReader(rec.Body)
			body, _ := io.ReadAll(zr)
			fmt.Println("decoded body matches:", string(body) == page)
		}
	}

	// A conditional request with the suffixed tag still matches.
	r := httptest.NewRequest("GET", "/", nil)
	r.Header.Set("Accept-Encoding", "gzip")
	r.Header.Set("If-None-Match", `"v1-gzip"`)
	rec := httptest.NewRecorder()
	middleware.Compress(nil)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("ETag", `"v1"`)
		http.ServeContent(w, r, "page.html", time.Time{}, strings.NewReader(page))
	})).ServeHTTP(rec, r)
	fmt.Println(rec.Code, rec.Header().Get("ETag"))
	// Output:
	// gzip, deflate          -> "gzip" Vary=Accept-Encoding ETag="v1-gzip"
	// decoded body matches: true
	// br;q=0.5, zstd;q=0.9   -> "zstd" Vary=Accept-Encoding ETag="v1-zstd"
	// identity               -> "" Vary=Accept-Encoding ETag="v1"
	// 304 "v1-gzip"
}

func ExampleDefaultCompressible() {
	// Also leave PDF files alone; everything else as by default.
	opts := &middleware.CompressOptions{
		Compressible: func(contentType string) bool {
			return !strings.HasPrefix(contentType, "application/pdf") && middleware.DefaultCompressible(contentType)
		},
	}
	_ = middleware.Compress(opts)

	for _, ct := range []string{"text/html; charset=utf-8", "image/svg+xml", "image/png", "font/woff2", "application/pdf"} {
		fmt.Println(ct, opts.Compressible(ct))
	}
	// Output:
	// text/html; charset=utf-8 true
	// image/svg+xml true
	// image/png false
	// font/woff2 false
	// application/pdf false
}
