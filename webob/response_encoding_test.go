package webob

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"errors"
	"io"
	"strings"
	"testing"
)

func TestEncodeDecodeContent(t *testing.T) {
	// WebOb fact: gzip of "foo" at level 9 is these 23 bytes. The deflate
	// data in the middle depends on the compressor (zlib there,
	// compress/flate here); the gzip header (no name, mtime 0, XFL 2 for
	// the best compression, OS unknown) and the CRC-32 and size trailer
	// are the same.
	want := []byte("\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xffK\xcb\xcf\x07\x00!es\x8c\x03\x00\x00\x00")
	r := Bytes(200, "text/plain", []byte("foo"))
	must(t, r.SetETag("abc"))
	must(t, r.EncodeContent("gzip"))
	b, _ := r.Body()
	if !sameGzipFrame(b, want) {
		t.Errorf("gzip(foo) = %q\nwant       %q", b, want)
	}
	if r.ContentLength() != int64(len(b)) || r.ContentEncoding() != "gzip" || strings.Join(r.Vary(), ",") != "Accept-Encoding" {
		t.Errorf("after encode: CL %d CE %q Vary %q", r.ContentLength(), r.ContentEncoding(), r.Vary())
	}
	if e := r.ETag(); !e.Weak || e.Tag != "abc" {
		t.Errorf("ETag not weakened: %v", e)
	}
	must(t, r.EncodeContent("gzip")) // already gzip: unchanged
	if b2, _ := r.Body(); !bytes.Equal(b2, b) {
		t.Error("double encoding")
	}
	must(t, r.DecodeContent())
	if b, _ := r.Body(); string(b) != "foo" || r.ContentEncoding() != "" {
		t.Errorf("decode: %q %q", b, r.ContentEncoding())
	}
	// WebOb fact: "a body" encodes to these bytes.
	r = Text(200, "a body")
	must(t, r.EncodeContent("gzip"))
	if b, _ := r.Body(); !sameGzipFrame(b, []byte("\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xffKTH\xcaO\xa9\x04\x00\xf6\x86GI\x06\x00\x00\x00")) {
		t.Errorf("gzip(a body) = %q", b)
	}
	must(t, r.EncodeContent("identity"))
	if b, _ := r.Body(); string(b) != "a body" {
		t.Errorf("identity: %q", b)
	}
	// Streams are compressed while sent.
	r = Stream(200, "text/plain", strings.NewReader(strings.Repeat("abc", 1000)), 3000)
	must(t, r.EncodeContent("gzip"))
	if r.ContentLength() != -1 {
		t.Error("encoded stream kept its length")
	}
	rec := serveReq(t, r, get("/"))
	zr, err := gzip.NewReader(rec.Body)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := io.ReadAll(zr); string(got) != strings.Repeat("abc", 1000) {
		t.Error("encoded stream round trip")
	}
	// deflate, raw (WebOb) and zlib-wrapped.
	for _, body := range [][]byte{rawDeflate("Hey Hey Hey"), zlibDeflate("Hey Hey Hey")} {
		r = Bytes(200, "text/plain", body)
		must(t, r.SetContentEncoding("deflate"))
		must(t, r.DecodeContent())
		if b, _ := r.Body(); string(b) != "Hey Hey Hey" || r.has("Content-Encoding") {
			t.Errorf("deflate: %q", b)
		}
	}
	// WebOb: decoding without a coding leaves the body alone; an unknown
	// coding is an error.
	r = Text(200, "There be dragons")
	must(t, r.DecodeContent())
	r.SetContentEncoding("weird")
	if err := r.DecodeContent(); !errors.Is(err, ErrUnknownEncoding) {
		t.Errorf("weird coding: %v", err)
	}
	if err := r.EncodeContent("badencoding"); !errors.Is(err, ErrUnknownEncoding) {
		t.Errorf("bad coding: %v", err)
	}
	r = Bytes(200, "", []byte("not gzip"))
	r.SetContentEncoding("gzip")
	if err := r.DecodeContent(); err == nil {
		t.Error("corrupt gzip decoded")
	}
	if b, _ := r.Body(); string(b) != "not gzip" {
		t.Error("failed decode changed the body")
	}
}

func rawDeflate(s string) []byte {
	var buf bytes.Buffer
	zw, _ := flateWriter(&buf)
	io.WriteString(zw, s)
	zw.Close()
	return buf.Bytes()
}

func flateWriter(w io.Writer) (io.WriteCloser, error) {
	return flate.NewWriter(w, flate.BestCompression)
}

func zlibDeflate(s string) []byte {
	var buf bytes.Buffer
	zw := zlib.NewWriter(&buf)
	io.WriteString(zw, s)
	zw.Close()
	return buf.Bytes()
}

// sameGzipFrame compares two gzip members by their 10-byte header, their
// 8-byte CRC-32 and size trailer, and what they decompress to.
func sameGzipFrame(a, b []byte) bool {
	if len(a) < 18 || len(b) < 18 || !bytes.Equal(a[:10], b[:10]) || !bytes.Equal(a[len(a)-8:], b[len(b)-8:]) {
		return false
	}
	da, err1 := gunzip(a)
	db, err2 := gunzip(b)
	return err1 == nil && err2 == nil && bytes.Equal(da, db)
}

func gunzip(b []byte) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	return io.ReadAll(zr)
}
