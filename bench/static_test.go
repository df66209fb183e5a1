package bench

import (
	"bytes"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/webob-go/webob/static"
)

// BenchmarkStatic compares static.DirectoryApp with http.FileServerFS on
// the same file system (static.Dir over a temporary directory):
//
//   - small1k: GET of a 1 KiB text file;
//   - large10m: GET of a 10 MiB file (throughput, b.SetBytes);
//   - notmod304: a revalidation with If-Modified-Since answered 304 (the
//     validator both send for a disk file: FileServer sends no ETag);
//   - range: GET of one 4 KiB range of the 10 MiB file.
//
// The writer copies bodies to io.Discard through io.ReaderFrom, as
// net/http's does to the socket (sendfile), so neither side pays for a
// copy buffer the real server would not allocate.

type staticWriter struct {
	h    http.Header
	code int
	n    int64
}

func (w *staticWriter) Header() http.Header  { return w.h }
func (w *staticWriter) WriteHeader(code int) { w.code = code }
func (w *staticWriter) Write(p []byte) (int, error) {
	if w.code == 0 {
		w.code = 200
	}
	w.n += int64(len(p))
	return len(p), nil
}
func (w *staticWriter) ReadFrom(r io.Reader) (int64, error) {
	if w.code == 0 {
		w.code = 200
	}
	n, err := io.Discard.(io.ReaderFrom).ReadFrom(r)
	w.n += n
	return n, err
}
func (w *staticWriter) reset() { clear(w.h); w.code, w.n = 0, 0 }

var staticModTime = time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC)

// staticFS writes the bench files into dir and returns Dir(dir).
func staticFS(tb testing.TB, dir string) fs.FS {
	tb.Helper()
	files := map[string][]byte{
		"small.txt": bytes.Repeat([]byte("0123456789abcdef"), 64),
		"large.bin": bytes.Repeat([]byte("0123456789abcdef"), 10<<20/16),
	}
	for name, b := range files {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			tb.Fatal(err)
		}
		if err := os.Chtimes(p, staticModTime, staticModTime); err != nil {
			tb.Fatal(err)
		}
	}
	fsys, err := static.Dir(dir)
	if err != nil {
		tb.Fatal(err)
	}
	return fsys
}

type staticCase struct {
	name   string
	path   string
	hdr    [2]string
	status int
	bytes  int64
}

var staticCases = []staticCase{
	{"small1k", "/small.txt", [2]string{}, 200, 1024},
	{"large10m", "/large.bin", [2]string{}, 200, 10 << 20},
	{"notmod304", "/small.txt", [2]string{"If-Modified-Since", "Mon, 06 May 2024 07:08:09 GMT"}, 304, 0},
	{"range", "/large.bin", [2]string{"Range", "bytes=1048576-1052671"}, 206, 4096},
}

func staticImpls(fsys fs.FS) []struct {
	name string
	h    http.Handler
} {
	return []struct {
		name string
		h    http.Handler
	}{
		{"webob", static.DirectoryApp(fsys, nil)},
		{"fileserver", http.FileServerFS(fsys)},
	}
}

func BenchmarkStatic(b *testing.B) {
	fsys := staticFS(b, b.TempDir())
	for _, c := range staticCases {
		b.Run(c.name, func(b *testing.B) {
			for _, impl := range staticImpls(fsys) {
				b.Run(impl.name, func(b *testing.B) {
					req := httptest.NewRequest("GET", c.path, nil)
					if c.hdr[0] != "" {
						req.Header.Set(c.hdr[0], c.hdr[1])
					}
					w := &staticWriter{h: make(http.Header, 8)}
					if c.bytes > 0 {
						b.SetBytes(c.bytes)
					}
					b.ReportAllocs()
					for b.Loop() {
						w.reset()
						impl.h.ServeHTTP(w, req)
						if w.code != c.status || w.n != c.bytes {
							b.Fatalf("got %d with %d bytes", w.code, w.n)
						}
					}
				})
			}
		})
	}
}

// TestStaticAgreesWithFileServer checks that both answer the bench
// requests alike: status, body and the fields both send.
func TestStaticAgreesWithFileServer(t *testing.T) {
	fsys := staticFS(t, t.TempDir())
	impls := staticImpls(fsys)
	for _, c := range staticCases {
		var recs []*httptest.ResponseRecorder
		for _, impl := range impls {
			req := httptest.NewRequest("GET", c.path, nil)
			if c.hdr[0] != "" {
				req.Header.Set(c.hdr[0], c.hdr[1])
			}
			rec := httptest.NewRecorder()
			impl.h.ServeHTTP(rec, req)
			recs = append(recs, rec)
		}
		a, f := recs[0], recs[1]
		if a.Code != c.status || f.Code != c.status {
			t.Errorf("%s: status webob %d, fileserver %d, want %d", c.name, a.Code, f.Code, c.status)
		}
		if !bytes.Equal(a.Body.Bytes(), f.Body.Bytes()) || int64(a.Body.Len()) != c.bytes {
			t.Errorf("%s: bodies differ (%d, %d bytes)", c.name, a.Body.Len(), f.Body.Len())
		}
		for _, k := range []string{"Content-Type", "Content-Length", "Content-Range", "Last-Modified", "Accept-Ranges"} {
			if c.status == 304 {
				// RFC 9110 §15.4.5: webob's 304 keeps the ETag and drops
				// Last-Modified; FileServer, with no ETag, keeps it.
				continue
			}
			if av, fv := a.Header().Get(k), f.Header().Get(k); av != fv {
				t.Errorf("%s: %s webob %q, fileserver %q", c.name, k, av, fv)
			}
		}
	}
}
