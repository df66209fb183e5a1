package static

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"syscall"
	"testing"
)

var compressedFiles = map[string]string{
	"app.js":     "console.log('identity')",
	"app.js.br":  "BR-BYTES",
	"app.js.gz":  "GZIP-BYTES",
	"app.js.zst": "ZSTD-BYTES",
	"plain.js":   "plain",
}

func TestPrecompressedSiblingChosenByAcceptEncoding(t *testing.T) {
	h, _ := dirApp(t, compressedFiles, &Options{Precompressed: []string{"br", "zstd", "gzip"}})
	cases := []struct{ ae, enc, body string }{
		{"gzip, br", "br", "BR-BYTES"}, // tie: our order
		{"gzip", "gzip", "GZIP-BYTES"},
		{"gzip;q=1, br;q=0.5", "gzip", "GZIP-BYTES"}, // client's weights first
		{"zstd, gzip", "zstd", "ZSTD-BYTES"},
		{"identity", "", "console.log('identity')"},
		{"br;q=0, gzip;q=0", "", "console.log('identity')"},
		{"", "", "console.log('identity')"},
	}
	etags := map[string]string{}
	for _, c := range cases {
		rec := do(h, "GET", "/app.js", "Accept-Encoding", c.ae)
		if rec.Body.String() != c.body || rec.Header().Get("Content-Encoding") != c.enc {
			t.Errorf("%q: got %q %q", c.ae, rec.Header().Get("Content-Encoding"), rec.Body)
		}
		if ct := rec.Header().Get("Content-Type"); ct != "text/javascript; charset=utf-8" {
			t.Errorf("%q: Content-Type %q", c.ae, ct)
		}
		if v := rec.Header().Get("Vary"); v != "Accept-Encoding" {
			t.Errorf("%q: Vary %q", c.ae, v)
		}
		et := rec.Header().Get("Etag")
		if prev, ok := etags[c.enc]; ok && prev != et {
			t.Errorf("%q: ETag %s changed from %s", c.ae, et, prev)
		}
		etags[c.enc] = et
	}
	if len(etags) != 4 || etags["br"] == etags[""] || etags["gzip"] == etags["br"] {
		t.Errorf("each variant needs its own ETag: %v", etags)
	}
	// A 304 for the variant keeps Vary.
	rec := do(h, "GET", "/app.js", "Accept-Encoding", "br", "If-None-Match", etags["br"])
	if rec.Code != 304 || rec.Header().Get("Vary") != "Accept-Encoding" {
		t.Errorf("304: %d %v", rec.Code, rec.Header())
	}
	// The identity ETag does not validate the br variant.
	if rec := do(h, "GET", "/app.js", "Accept-Encoding", "br", "If-None-Match", etags[""]); rec.Code != 200 {
		t.Errorf("cross-variant 304: %d", rec.Code)
	}
}

func TestPrecompressedNoAcceptEncodingGetsIdentity(t *testing.T) {
	h, _ := dirApp(t, compressedFiles, &Options{Precompressed: []string{"br", "gzip"}})
	rec := do(h, "GET", "/app.js")
	if rec.Header().Get("Content-Encoding") != "" || rec.Header().Get("Vary") != "Accept-Encoding" {
		t.Fatalf("got %v", rec.Header())
	}
}

func TestPrecompressedRangeCountsEncodedBytes(t *testing.T) {
	h, _ := dirApp(t, compressedFiles, &Options{Precompressed: []string{"gzip"}})
	rec := do(h, "GET", "/app.js", "Accept-Encoding", "gzip", "Range", "bytes=0-3")
	if rec.Code != 206 || rec.Body.String() != "GZIP" || rec.Header().Get("Content-Range") != "bytes 0-3/10" {
		t.Fatalf("got %d %q %v", rec.Code, rec.Body, rec.Header())
	}
}

func TestPrecompressedFileWithoutSiblingHasNoVary(t *testing.T) {
	h, _ := dirApp(t, compressedFiles, &Options{Precompressed: []string{"br", "gzip"}})
	rec := do(h, "GET", "/plain.js", "Accept-Encoding", "br")
	if rec.Header().Get("Vary") != "" || rec.Header().Get("Content-Encoding") != "" || rec.Body.String() != "plain" {
		t.Fatalf("got %v %q", rec.Header(), rec.Body)
	}
}

func TestPrecompressedSiblingServedDirectlyIsNotHidden(t *testing.T) {
	h, _ := dirApp(t, compressedFiles, &Options{Precompressed: []string{"br"}})
	if rec := do(h, "GET", "/app.js.br"); rec.Code != 200 {
		t.Fatalf("got %d", rec.Code)
	}
}

// readFromRecorder records whether the body came through io.ReaderFrom.
type readFromRecorder struct {
	*httptest.ResponseRecorder
	readFrom int
	fileSrc  int // the source was a file the socket can sendfile from
}

func (r *readFromRecorder) ReadFrom(src io.Reader) (int64, error) {
	r.readFrom++
	if lr, ok := src.(*io.LimitedReader); ok {
		src = lr.R
	}
	if _, ok := src.(syscall.Conn); ok {
		r.fileSrc++
	}
	return io.Copy(struct{ io.Writer }{r.ResponseRecorder}, src)
}

// The body of a file from Dir reaches the ResponseWriter through its
// ReadFrom (net/http's sendfile path) when nothing transforms it.
func TestSendfileUsesResponseWriterReadFrom(t *testing.T) {
	h, _ := dirApp(t, map[string]string{"big.bin": strings.Repeat("x", 100000), "big.bin.gz": "gz"}, &Options{Precompressed: []string{"gzip"}})
	for _, ae := range []string{"", "gzip"} {
		w := &readFromRecorder{ResponseRecorder: httptest.NewRecorder()}
		req := httptest.NewRequest("GET", "/big.bin", nil)
		if ae != "" {
			req.Header.Set("Accept-Encoding", ae)
		}
		h.ServeHTTP(w, req)
		if w.Code != 200 || w.readFrom != 1 || w.fileSrc != 1 {
			t.Errorf("Accept-Encoding %q: status %d, ReadFrom called %d times, %d with a file", ae, w.Code, w.readFrom, w.fileSrc)
		}
	}
}

// Over a real connection the whole file arrives (sendfile to a TCP
// socket), and HEAD and ranges too.
func TestRealServerLargeFileAndRange(t *testing.T) {
	big := bytes.Repeat([]byte("0123456789"), 50000)
	h, _ := dirApp(t, map[string]string{"big.bin": string(big)}, nil)
	srv := httptest.NewServer(h)
	defer srv.Close()
	res, err := http.Get(srv.URL + "/big.bin")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if !bytes.Equal(b, big) {
		t.Fatalf("got %d bytes", len(b))
	}
	req, _ := http.NewRequest("GET", srv.URL+"/big.bin", nil)
	req.Header.Set("Range", "bytes=499990-")
	res, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ = io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 206 || string(b) != "0123456789" {
		t.Fatalf("range: %d %q", res.StatusCode, b)
	}
}
