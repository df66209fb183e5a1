package bench

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/klauspost/compress/gzhttp"
	"github.com/klauspost/compress/gzip"
	"github.com/webob-go/webob/middleware"
)

// compressInputs are the bodies of BenchmarkCompress: a 64 KiB JSON
// document, a 4 KiB HTML page and a 200-byte text below both
// implementations' 1 KiB minimum size.
var compressInputs = []struct {
	name, contentType string
	body              []byte
}{
	{"json64k", "application/json", makeJSON(64 << 10)},
	{"html4k", "text/html; charset=utf-8", makeHTML(4 << 10)},
	{"small200", "text/plain; charset=utf-8", []byte(strings.Repeat("tiny body ", 20))},
}

func makeJSON(n int) []byte {
	var b bytes.Buffer
	b.WriteString("[")
	for i := 0; b.Len() < n-100; i++ {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `{"id":%d,"name":"user%d","email":"user%d@example.com","score":%d.%02d,"active":%t,"tags":["t%d","t%d"]}`,
			i, i*7919%10007, i*31%997, i*37%1000, i%100, i%3 == 0, i%17, i%29)
	}
	b.WriteString("]")
	return b.Bytes()
}

func makeHTML(n int) []byte {
	var b bytes.Buffer
	b.WriteString("<!DOCTYPE html><html><head><title>Bench</title></head><body><ul>\n")
	for i := 0; b.Len() < n-30; i++ {
		fmt.Fprintf(&b, "<li class=\"item-%d\"><a href=\"/items/%d\">Item number %d</a></li>\n", i%7, i*13, i)
	}
	b.WriteString("</ul></body></html>")
	return b.Bytes()
}

func compressBody(contentType string, body []byte) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", contentType)
		w.Write(body)
	})
}

// compressImpls wraps a handler with each implementation, both at gzip's
// default level and the 1 KiB minimum size.
func compressImpls(h http.Handler) []struct {
	name string
	h    http.Handler
} {
	gz, err := gzhttp.NewWrapper(gzhttp.CompressionLevel(gzip.DefaultCompression), gzhttp.MinSize(1024))
	if err != nil {
		panic(err)
	}
	return []struct {
		name string
		h    http.Handler
	}{
		{"webob", middleware.Compress(&middleware.CompressOptions{GzipLevel: gzip.DefaultCompression, MinSize: 1024})(h)},
		{"gzhttp", gz(h)},
	}
}

// discardWriter is a ResponseWriter that keeps only its header.
type discardWriter struct{ h http.Header }

func (d *discardWriter) Header() http.Header         { return d.h }
func (d *discardWriter) Write(p []byte) (int, error) { return len(p), nil }
func (d *discardWriter) WriteHeader(int)             {}

func BenchmarkCompress(b *testing.B) {
	for _, in := range compressInputs {
		b.Run(in.name, func(b *testing.B) {
			for _, impl := range compressImpls(compressBody(in.contentType, in.body)) {
				b.Run(impl.name, func(b *testing.B) {
					r := httptest.NewRequest("GET", "/", nil)
					r.Header.Set("Accept-Encoding", "gzip")
					w := &discardWriter{h: http.Header{}}
					b.SetBytes(int64(len(in.body)))
					b.ReportAllocs()
					for b.Loop() {
						clear(w.h)
						impl.h.ServeHTTP(w, r)
					}
				})
			}
		})
	}
}

// TestCompressAgreement: on the bench inputs both implementations
// decode to the same bytes and set Vary and Content-Encoding alike.
func TestCompressAgreement(t *testing.T) {
	for _, in := range compressInputs {
		type result struct {
			vary, ce string
			body     []byte
		}
		var got []result
		for _, impl := range compressImpls(compressBody(in.contentType, in.body)) {
			r := httptest.NewRequest("GET", "/", nil)
			r.Header.Set("Accept-Encoding", "gzip")
			rec := httptest.NewRecorder()
			impl.h.ServeHTTP(rec, r)
			body := rec.Body.Bytes()
			ce := rec.Header().Get("Content-Encoding")
			if ce == "gzip" {
				zr, err := gzip.NewReader(bytes.NewReader(body))
				if err != nil {
					t.Fatalf("%s %s: %v", in.name, impl.name, err)
				}
				if body, err = io.ReadAll(zr); err != nil {
					t.Fatalf("%s %s: %v", in.name, impl.name, err)
				}
			}
			got = append(got, result{strings.Join(rec.Header()["Vary"], ", "), ce, body})
		}
		w, g := got[0], got[1]
		if w.vary != g.vary || w.ce != g.ce || !bytes.Equal(w.body, g.body) || !bytes.Equal(w.body, in.body) {
			t.Errorf("%s: webob (Vary %q, %q) and gzhttp (Vary %q, %q) disagree or changed the body",
				in.name, w.vary, w.ce, g.vary, g.ce)
		}
		if wantCE := map[bool]string{true: "gzip", false: ""}[len(in.body) >= 1024]; w.ce != wantCE {
			t.Errorf("%s: Content-Encoding %q, want %q", in.name, w.ce, wantCE)
		}
	}
}
