package middleware

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/andybalholm/brotli"
	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"

	"github.com/webob-go/webob/webob"

	"github.com/webob-go/webob/internal/race"
)

// bigText is a compressible body above the default MinSize.
var bigText = strings.Repeat("Hello, compressible world! 0123456789\n", 100)

// doCompress serves one request through Compress(opts) around h; hdr
// holds request headers as name, value pairs.
func doCompress(opts *CompressOptions, h http.Handler, method string, hdr ...string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, "/", nil)
	for i := 0; i+1 < len(hdr); i += 2 {
		r.Header.Add(hdr[i], hdr[i+1])
	}
	rec := httptest.NewRecorder()
	Compress(opts)(h).ServeHTTP(rec, r)
	return rec
}

// textHandler sends body with Content-Type text/plain and the given
// extra response headers as name, value pairs.
func textHandler(code int, body string, hdr ...string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		for i := 0; i+1 < len(hdr); i += 2 {
			w.Header().Set(hdr[i], hdr[i+1])
		}
		w.WriteHeader(code)
		io.WriteString(w, body)
	})
}

// decode undoes the content coding ce of body.
func decode(ce string, body []byte) ([]byte, error) {
	switch ce {
	case "":
		return body, nil
	case "gzip":
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			return nil, err
		}
		return io.ReadAll(zr)
	case "zstd":
		zr, err := zstd.NewReader(bytes.NewReader(body))
		if err != nil {
			return nil, err
		}
		defer zr.Close()
		return io.ReadAll(zr)
	case "br":
		return io.ReadAll(brotli.NewReader(bytes.NewReader(body)))
	}
	return nil, fmt.Errorf("unknown coding %q", ce)
}

func mustDecode(t *testing.T, rec *httptest.ResponseRecorder) string {
	t.Helper()
	b, err := decode(rec.Header().Get("Content-Encoding"), rec.Body.Bytes())
	if err != nil {
		t.Fatalf("decoding %q: %v", rec.Header().Get("Content-Encoding"), err)
	}
	return string(b)
}

func TestCompressChoosesCodingFromAcceptEncoding(t *testing.T) {
	cases := []struct {
		ae   []string // nil: no header
		want string
	}{
		{nil, ""},
		{[]string{""}, ""},
		{[]string{"gzip"}, "gzip"},
		{[]string{"br"}, "br"},
		{[]string{"zstd"}, "zstd"},
		{[]string{"GZIP"}, "gzip"},
		{[]string{"gzip, deflate, br, zstd"}, "zstd"},
		{[]string{"gzip, br"}, "br"},
		{[]string{"gzip;q=1, zstd;q=0.5"}, "gzip"},
		{[]string{"br;q=0.8, gzip;q=0.9"}, "gzip"},
		{[]string{"gzip;q=0"}, ""},
		{[]string{"gzip;q=0, br;q=0, zstd;q=0"}, ""},
		{[]string{"*"}, "zstd"},
		{[]string{"*;q=0.5, gzip"}, "gzip"},
		{[]string{"gzip;q=0, *"}, "zstd"},
		{[]string{"zstd;q=0, *"}, "br"},
		{[]string{"identity"}, ""},
		{[]string{"deflate"}, ""},
		{[]string{"gzip;q=0.5, identity"}, ""}, // the client prefers no coding
		{[]string{"gzip, identity;q=0.5"}, "gzip"},
		{[]string{"gzip;level=1"}, ""}, // malformed: as if missing
		{[]string{"gzip;q=2"}, ""},
		{[]string{"deflate", "gzip"}, "gzip"}, // several field lines
		{[]string{"x-gzip"}, "gzip"},          // RFC 9110 §8.4.1.3
		{[]string{"X-Gzip;q=0.5, br;q=0.4"}, "gzip"},
		{[]string{"x-gzip, gzip;q=0"}, ""}, // gzip named: x-gzip does not override it
		{[]string{"x-gzip;q=0, *"}, "zstd"},
	}
	for _, c := range cases {
		var hdr []string
		for _, v := range c.ae {
			hdr = append(hdr, "Accept-Encoding", v)
		}
		rec := doCompress(nil, textHandler(200, bigText), "GET", hdr...)
		if got := rec.Header().Get("Content-Encoding"); got != c.want {
			t.Errorf("Accept-Encoding %q: coding %q, want %q", c.ae, got, c.want)
		}
		if rec.Code != 200 || mustDecode(t, rec) != bigText {
			t.Errorf("Accept-Encoding %q: status %d or body changed", c.ae, rec.Code)
		}
	}
}

func TestCompressPrefersConfiguredOrderOnTies(t *testing.T) {
	opts := &CompressOptions{Encodings: []string{"gzip", "br"}}
	for ae, want := range map[string]string{
		"zstd, br, gzip":      "gzip",
		"zstd":                "",
		"br":                  "br",
		"gzip;q=0.5, br":      "br",
		"*":                   "gzip",
		"zstd;q=1, br;q=0.99": "br",
	} {
		rec := doCompress(opts, textHandler(200, bigText), "GET", "Accept-Encoding", ae)
		if got := rec.Header().Get("Content-Encoding"); got != want {
			t.Errorf("%q: coding %q, want %q", ae, got, want)
		}
	}
}

func TestCompressVaryOnEveryResponse(t *testing.T) {
	cases := []struct {
		name    string
		h       http.Handler
		method  string
		ae      string
		want    string // Vary, joined
		wantEnc string
	}{
		{"compressed", textHandler(200, bigText), "GET", "gzip", "Accept-Encoding", "gzip"},
		{"below min size", textHandler(200, "small"), "GET", "gzip", "Accept-Encoding", ""},
		{"no Accept-Encoding", textHandler(200, bigText), "GET", "", "Accept-Encoding", ""},
		{"not modified", textHandler(304, ""), "GET", "gzip", "Accept-Encoding", ""},
		{"HEAD", textHandler(200, ""), "HEAD", "gzip", "Accept-Encoding", ""},
		{"image", textHandler(200, bigText, "Content-Type", "image/png"), "GET", "gzip", "Accept-Encoding", ""},
		{"no content", textHandler(204, ""), "GET", "gzip", "Accept-Encoding", ""},
		{"error", textHandler(500, bigText), "GET", "gzip", "Accept-Encoding", "gzip"},
		{"existing Vary kept", textHandler(200, bigText, "Vary", "Origin"), "GET", "gzip", "Origin,Accept-Encoding", "gzip"},
		{"not repeated", textHandler(200, bigText, "Vary", "Origin, accept-encoding"), "GET", "gzip", "Origin, accept-encoding", "gzip"},
		{"star kept alone", textHandler(200, bigText, "Vary", "*"), "GET", "gzip", "*", "gzip"},
		{"already encoded", textHandler(200, bigText, "Content-Encoding", "gzip"), "GET", "gzip", "Accept-Encoding", "gzip"},
	}
	for _, c := range cases {
		var hdr []string
		if c.ae != "" {
			hdr = []string{"Accept-Encoding", c.ae}
		}
		rec := doCompress(nil, c.h, c.method, hdr...)
		if got := strings.Join(rec.Header()["Vary"], ","); got != c.want {
			t.Errorf("%s: Vary %q, want %q", c.name, got, c.want)
		}
		if got := rec.Header().Get("Content-Encoding"); got != c.wantEnc {
			t.Errorf("%s: Content-Encoding %q, want %q", c.name, got, c.wantEnc)
		}
	}
}

func TestCompressNeverCompressesHEAD(t *testing.T) {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		w.Header().Set("Content-Length", "5000")
		w.Header().Set("ETag", `"v1"`)
	})
	rec := doCompress(nil, h, "HEAD", "Accept-Encoding", "gzip")
	if rec.Header().Get("Content-Encoding") != "" || rec.Header().Get("Content-Length") != "5000" ||
		rec.Header().Get("ETag") != `"v1"` {
		t.Fatalf("HEAD was treated as compressed: %v", rec.Header())
	}
}

func TestCompressNeverCompressesBodilessStatuses(t *testing.T) {
	for _, code := range []int{204, 304} {
		rec := doCompress(nil, textHandler(code, ""), "GET", "Accept-Encoding", "gzip")
		if rec.Code != code || rec.Header().Get("Content-Encoding") != "" || rec.Body.Len() != 0 {
			t.Errorf("%d: status %d, Content-Encoding %q, %d body bytes", code, rec.Code,
				rec.Header().Get("Content-Encoding"), rec.Body.Len())
		}
	}
	// A 1xx passes through and leaves the response open.
	cw := &codesWriter{plainWriter: plainWriter{h: http.Header{}}}
	r := httptest.NewRequest("GET", "/", nil)
	r.Header.Set("Accept-Encoding", "gzip")
	Compress(nil)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Link", "</a.css>; rel=preload")
		w.WriteHeader(http.StatusEarlyHints)
		w.Header().Set("Content-Type", "text/plain")
		io.WriteString(w, bigText)
	})).ServeHTTP(cw, r)
	if fmt.Sprint(cw.codes) != "[103 200]" || cw.h.Get("Content-Encoding") != "gzip" {
		t.Fatalf("codes %v, Content-Encoding %q", cw.codes, cw.h.Get("Content-Encoding"))
	}
	if b, err := decode("gzip", cw.body.Bytes()); err != nil || string(b) != bigText {
		t.Fatalf("body after 103 does not decode: %v", err)
	}
}

func TestCompressNeverCompressesEncodedResponse(t *testing.T) {
	for _, ce := range []string{"gzip", "br", "identity", "x-custom"} {
		rec := doCompress(nil, textHandler(200, bigText, "Content-Encoding", ce), "GET", "Accept-Encoding", "zstd, gzip")
		if got := rec.Header()["Content-Encoding"]; len(got) != 1 || got[0] != ce || rec.Body.String() != bigText {
			t.Errorf("%s: Content-Encoding %q, body changed: %v", ce, got, rec.Body.String() != bigText)
		}
	}
}

func TestCompressNeverCompressesPartialContent(t *testing.T) {
	for name, h := range map[string]http.Handler{
		"206":                  textHandler(206, bigText, "Content-Range", "bytes 0-3799/10000"),
		"Content-Range on 200": textHandler(200, bigText, "Content-Range", "bytes 0-3799/3800"),
		"416":                  textHandler(416, bigText, "Content-Range", "bytes */10"),
	} {
		rec := doCompress(nil, h, "GET", "Accept-Encoding", "gzip")
		if rec.Header().Get("Content-Encoding") != "" || rec.Body.String() != bigText {
			t.Errorf("%s: compressed", name)
		}
	}
	// A real range request to http.ServeContent.
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.ServeContent(w, r, "a.txt", time.Time{}, strings.NewReader(bigText))
	})
	rec := doCompress(nil, h, "GET", "Accept-Encoding", "gzip", "Range", "bytes=0-9")
	if rec.Code != 206 || rec.Body.String() != bigText[:10] || rec.Header().Get("Content-Encoding") != "" {
		t.Fatalf("ServeContent range: %d %q %v", rec.Code, rec.Body.String(), rec.Header())
	}
}

func TestCompressNeverCompressesNoTransform(t *testing.T) {
	rec := doCompress(nil, textHandler(200, bigText), "GET", "Accept-Encoding", "gzip", "Cache-Control", "max-age=0, no-transform")
	if rec.Header().Get("Content-Encoding") != "" || rec.Body.String() != bigText {
		t.Error("request no-transform: compressed")
	}
	if rec.Header().Get("Vary") != "Accept-Encoding" {
		t.Error("request no-transform: no Vary")
	}
	rec = doCompress(nil, textHandler(200, bigText, "Cache-Control", "public, No-Transform"), "GET", "Accept-Encoding", "gzip")
	if rec.Header().Get("Content-Encoding") != "" || rec.Body.String() != bigText {
		t.Error("response no-transform: compressed")
	}
	if rec.Header().Get("Vary") != "" {
		t.Error("response no-transform: Vary added, though no request could change it")
	}
}

func TestCompressDropsContentLengthAndAcceptRanges(t *testing.T) {
	h := textHandler(200, bigText, "Content-Length", fmt.Sprint(len(bigText)), "Accept-Ranges", "bytes")
	rec := doCompress(nil, h, "GET", "Accept-Encoding", "gzip")
	if rec.Header().Get("Content-Encoding") != "gzip" {
		t.Fatal("not compressed")
	}
	if _, ok := rec.Header()["Content-Length"]; ok {
		t.Error("Content-Length kept")
	}
	if _, ok := rec.Header()["Accept-Ranges"]; ok {
		t.Error("Accept-Ranges kept")
	}
	if mustDecode(t, rec) != bigText {
		t.Error("body changed")
	}
	// Unencoded: both stay.
	rec = doCompress(nil, h, "GET")
	if rec.Header().Get("Content-Length") == "" || rec.Header().Get("Accept-Ranges") != "bytes" {
		t.Error("unencoded response lost Content-Length or Accept-Ranges")
	}
}

func TestCompressSuffixesStrongETag(t *testing.T) {
	for _, c := range []struct{ ae, etag, want string }{
		{"gzip", `"abc"`, `"abc-gzip"`},
		{"br", `"abc"`, `"abc-br"`},
		{"zstd", `"abc"`, `"abc-zstd"`},
		{"gzip", `W/"abc"`, `W/"abc"`},
		{"gzip", `"abc-gzip"`, `"abc-gzip"`},
		{"gzip", `bogus`, `bogus`},
		{"", `"abc"`, `"abc"`},
	} {
		rec := doCompress(nil, textHandler(200, bigText, "ETag", c.etag), "GET", "Accept-Encoding", c.ae)
		if got := rec.Header().Get("ETag"); got != c.want {
			t.Errorf("%s %s: ETag %s, want %s", c.ae, c.etag, got, c.want)
		}
	}
}

// conditionalHandler answers like http.ServeContent, with ETag "v1".
func conditionalHandler(seen *string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		*seen = r.Header.Get("If-None-Match") + "|" + r.Header.Get("If-Match")
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Content-Type", "text/plain")
		http.ServeContent(w, r, "", time.Time{}, strings.NewReader(bigText))
	})
}

func TestCompressStripsETagSuffixFromConditionals(t *testing.T) {
	var seen string
	h := conditionalHandler(&seen)

	rec := doCompress(nil, h, "GET", "Accept-Encoding", "gzip", "If-None-Match", `"v0-gzip", "v1-gzip"`)
	if seen != `"v0", "v1"|` {
		t.Errorf("handler saw If-None-Match %q", seen)
	}
	if rec.Code != 304 || rec.Header().Get("ETag") != `"v1-gzip"` || rec.Header().Get("Vary") != "Accept-Encoding" {
		t.Errorf("If-None-Match: %d, ETag %s, Vary %q; want 304 \"v1-gzip\"", rec.Code, rec.Header().Get("ETag"), rec.Header().Get("Vary"))
	}

	// The tag of another coding does not match this one.
	rec = doCompress(nil, h, "GET", "Accept-Encoding", "br", "If-None-Match", `"v1-gzip"`)
	if rec.Code != 200 || rec.Header().Get("ETag") != `"v1-br"` || mustDecode(t, rec) != bigText {
		t.Errorf("other coding: %d, ETag %s", rec.Code, rec.Header().Get("ETag"))
	}

	// An unencoded representation's tag matches unchanged, and its 304
	// keeps it.
	rec = doCompress(nil, h, "GET", "Accept-Encoding", "gzip", "If-None-Match", `"v1"`)
	if rec.Code != 304 || rec.Header().Get("ETag") != `"v1"` {
		t.Errorf("plain tag: %d, ETag %s", rec.Code, rec.Header().Get("ETag"))
	}

	rec = doCompress(nil, h, "GET", "Accept-Encoding", "gzip", "If-Match", `"v1-gzip"`)
	if seen != `|"v1"` || rec.Code != 200 || mustDecode(t, rec) != bigText {
		t.Errorf("If-Match: handler saw %q, status %d", seen, rec.Code)
	}

	// Malformed lists reach the handler as sent.
	doCompress(nil, h, "GET", "Accept-Encoding", "gzip", "If-None-Match", `"v1-gzip", bogus`)
	if seen != `"v1-gzip", bogus|` {
		t.Errorf("malformed If-None-Match reached the handler as %q", seen)
	}
}

func TestCompressMinSize(t *testing.T) {
	cases := []struct {
		name string
		opts *CompressOptions
		body string
		hdr  []string
		want string
	}{
		{"below default", nil, strings.Repeat("a", 1023), nil, ""},
		{"at default", nil, strings.Repeat("a", 1024), nil, "gzip"},
		{"custom", &CompressOptions{MinSize: 10}, strings.Repeat("a", 10), nil, "gzip"},
		{"negative compresses all", &CompressOptions{MinSize: -1}, "a", nil, "gzip"},
		{"small Content-Length", nil, "hello", []string{"Content-Length", "5"}, ""},
		{"empty body", &CompressOptions{MinSize: -1}, "", nil, ""},
	}
	for _, c := range cases {
		rec := doCompress(c.opts, textHandler(200, c.body, c.hdr...), "GET", "Accept-Encoding", "gzip")
		if got := rec.Header().Get("Content-Encoding"); got != c.want {
			t.Errorf("%s: coding %q, want %q", c.name, got, c.want)
		}
		if mustDecode(t, rec) != c.body {
			t.Errorf("%s: body changed", c.name)
		}
	}
	// Many small writes that add up past MinSize.
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for range 300 {
			io.WriteString(w, "0123456789")
		}
	})
	rec := doCompress(nil, h, "GET", "Accept-Encoding", "gzip")
	if rec.Header().Get("Content-Encoding") != "gzip" || mustDecode(t, rec) != strings.Repeat("0123456789", 300) {
		t.Error("small writes: not compressed or changed")
	}
}

func TestCompressFlushCountsAsMinSizeReached(t *testing.T) {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		io.WriteString(w, "data: 1\n\n")
		w.(http.Flusher).Flush()
		io.WriteString(w, "data: 2\n\n")
	})
	rec := doCompress(nil, h, "GET", "Accept-Encoding", "gzip")
	if rec.Header().Get("Content-Encoding") != "gzip" || !rec.Flushed {
		t.Fatalf("flushed small response: coding %q, flushed %v", rec.Header().Get("Content-Encoding"), rec.Flushed)
	}
	if mustDecode(t, rec) != "data: 1\n\ndata: 2\n\n" {
		t.Fatal("body changed")
	}
}

func TestCompressSkipsCompressedMedia(t *testing.T) {
	for ct, want := range map[string]string{
		"image/png":                   "",
		"IMAGE/JPEG":                  "",
		"image/svg+xml":               "gzip",
		"audio/ogg":                   "",
		"video/mp4":                   "",
		"application/zip":             "",
		"application/gzip":            "",
		"application/zstd":            "",
		"font/woff2":                  "",
		"font/woff":                   "",
		"font/ttf":                    "gzip",
		"application/json":            "gzip",
		"text/html; charset=utf-8":    "gzip",
		"application/octet-stream":    "gzip",
		"application/x-7z-compressed": "",
	} {
		rec := doCompress(nil, textHandler(200, bigText, "Content-Type", ct), "GET", "Accept-Encoding", "gzip")
		if got := rec.Header().Get("Content-Encoding"); got != want {
			t.Errorf("%s: coding %q, want %q", ct, got, want)
		}
	}
	// Overridden.
	opts := &CompressOptions{Compressible: func(ct string) bool { return strings.HasPrefix(ct, "text/") }}
	for ct, want := range map[string]string{"text/plain": "gzip", "application/json": "", "image/png": ""} {
		rec := doCompress(opts, textHandler(200, bigText, "Content-Type", ct), "GET", "Accept-Encoding", "gzip")
		if got := rec.Header().Get("Content-Encoding"); got != want {
			t.Errorf("custom %s: coding %q, want %q", ct, got, want)
		}
	}
}

func TestCompressSniffsMissingContentType(t *testing.T) {
	html := "<!DOCTYPE html><html>" + bigText + "</html>"
	png := "\x89PNG\r\n\x1a\n" + bigText
	for body, want := range map[string][2]string{
		html: {"text/html; charset=utf-8", "gzip"},
		png:  {"image/png", ""},
	} {
		h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, body) })
		rec := doCompress(nil, h, "GET", "Accept-Encoding", "gzip")
		if ct := rec.Header().Get("Content-Type"); ct != want[0] {
			t.Errorf("sniffed %q, want %q", ct, want[0])
		}
		if ce := rec.Header().Get("Content-Encoding"); ce != want[1] {
			t.Errorf("%s: coding %q, want %q", want[0], ce, want[1])
		}
		if mustDecode(t, rec) != body {
			t.Errorf("%s: body changed", want[0])
		}
	}
	// A handler that suppressed sniffing keeps no Content-Type.
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header()["Content-Type"] = nil
		io.WriteString(w, bigText)
	})
	rec := doCompress(nil, h, "GET", "Accept-Encoding", "gzip")
	if rec.Header().Get("Content-Type") != "" || mustDecode(t, rec) != bigText {
		t.Error("suppressed sniffing: Content-Type added or body changed")
	}
}

func TestCompressNotAcceptableWhenIdentityRefused(t *testing.T) {
	called := false
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		called = true
		w.Header().Set("Content-Type", "image/png")
		io.WriteString(w, "tiny")
	})
	for _, ae := range []string{"identity;q=0", "*;q=0", "deflate, identity;q=0", "gzip;q=0, *;q=0"} {
		called = false
		rec := doCompress(nil, h, "GET", "Accept-Encoding", ae)
		if rec.Code != http.StatusNotAcceptable || called || !strings.Contains(rec.Body.String(), "Accept-Encoding") ||
			rec.Header().Get("Vary") != "Accept-Encoding" {
			t.Errorf("%q: status %d, handler called %v, body %q", ae, rec.Code, called, rec.Body)
		}
		rec = doCompress(&CompressOptions{SendIdentity: true}, h, "GET", "Accept-Encoding", ae)
		if rec.Code != 200 || !called || rec.Body.String() != "tiny" {
			t.Errorf("%q with SendIdentity: status %d, body %q", ae, rec.Code, rec.Body)
		}
	}
	// A coding that is acceptable is used whatever the size and type.
	rec := doCompress(nil, h, "GET", "Accept-Encoding", "gzip, identity;q=0")
	if rec.Code != 200 || rec.Header().Get("Content-Encoding") != "gzip" || mustDecode(t, rec) != "tiny" {
		t.Errorf("identity refused, gzip accepted: %d %q", rec.Code, rec.Header().Get("Content-Encoding"))
	}
	// An explicit identity entry overrides "*;q=0".
	rec = doCompress(nil, h, "GET", "Accept-Encoding", "*;q=0, identity")
	if rec.Code != 200 || rec.Header().Get("Content-Encoding") != "" {
		t.Errorf("*;q=0, identity: %d %q", rec.Code, rec.Header().Get("Content-Encoding"))
	}
}

func TestCompressDecodesEachEncoding(t *testing.T) {
	big := strings.Repeat(bigText, 50) // several encoder blocks
	writers := map[string]http.Handler{
		"Write": textHandler(200, big),
		"small writes": http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			for i := 0; i < len(big); i += 100 {
				w.Write([]byte(big[i:min(i+100, len(big))]))
			}
		}),
		"ReadFrom": http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/plain")
			w.(io.ReaderFrom).ReadFrom(strings.NewReader(big))
		}),
		"ReadFrom unknown type": http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			io.Copy(w, strings.NewReader(big))
		}),
		"ServeContent": http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.ServeContent(w, r, "a.txt", time.Time{}, strings.NewReader(big))
		}),
	}
	for _, ce := range []string{"gzip", "br", "zstd"} {
		for name, h := range writers {
			for _, opts := range []*CompressOptions{nil, {GzipLevel: 9, BrotliLevel: 11, ZstdLevel: 19}, {GzipLevel: 1, BrotliLevel: 1, ZstdLevel: 1}} {
				rec := doCompress(opts, h, "GET", "Accept-Encoding", ce)
				if got := rec.Header().Get("Content-Encoding"); got != ce {
					t.Fatalf("%s %s: coding %q", ce, name, got)
				}
				if rec.Body.Len() >= len(big)/4 {
					t.Errorf("%s %s: %d bytes from %d", ce, name, rec.Body.Len(), len(big))
				}
				if mustDecode(t, rec) != big {
					t.Errorf("%s %s: body changed", ce, name)
				}
			}
		}
	}
}

func TestCompressRandomPaddingVariesLength(t *testing.T) {
	opts := &CompressOptions{RandomPadding: 64}
	for _, ce := range []string{"gzip", "zstd"} {
		sizes := map[int]bool{}
		for range 20 {
			rec := doCompress(opts, textHandler(200, bigText), "GET", "Accept-Encoding", ce)
			if rec.Header().Get("Content-Encoding") != ce || mustDecode(t, rec) != bigText {
				t.Fatalf("%s: padded response not %s or does not decode", ce, ce)
			}
			sizes[rec.Body.Len()] = true
		}
		if len(sizes) < 5 {
			t.Errorf("%s: %d distinct lengths in 20 responses", ce, len(sizes))
		}
	}
	// Brotli cannot be padded: not offered.
	rec := doCompress(opts, textHandler(200, bigText), "GET", "Accept-Encoding", "br, gzip;q=0.5")
	if rec.Header().Get("Content-Encoding") != "gzip" {
		t.Errorf("padding on: br offered (%q)", rec.Header().Get("Content-Encoding"))
	}
	// Off: the same length every time.
	a := doCompress(nil, textHandler(200, bigText), "GET", "Accept-Encoding", "gzip").Body.Len()
	b := doCompress(nil, textHandler(200, bigText), "GET", "Accept-Encoding", "gzip").Body.Len()
	if a != b {
		t.Errorf("padding off: lengths %d and %d", a, b)
	}
}

func TestCompressPanicsOnBadOptions(t *testing.T) {
	for _, o := range []CompressOptions{
		{Encodings: []string{"deflate"}},
		{Encodings: []string{"gzip", "gzip"}},
		{GzipLevel: 42},
		{BrotliLevel: 12},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%+v: no panic", o)
				}
			}()
			Compress(&o)
		}()
	}
}

// TestCompressReadFromReachesUnderlyingReaderFrom: an unencoded response
// copied with io.Copy reaches the server's ReadFrom (sendfile) with the
// file itself.
func TestCompressReadFromReachesUnderlyingReaderFrom(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.txt")
	if err := os.WriteFile(path, []byte(bigText), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		ae   string
		hdr  []string
	}{
		{"no Accept-Encoding", "", []string{"Content-Type", "text/plain"}},
		{"image", "gzip", []string{"Content-Type", "image/png"}},
		{"small Content-Length", "gzip", []string{"Content-Type", "text/plain", "Content-Length", "10"}},
		{"unknown type", "", nil},
	} {
		rf := &fileReaderFromWriter{plainWriter: plainWriter{h: http.Header{}}}
		r := httptest.NewRequest("GET", "/", nil)
		if c.ae != "" {
			r.Header.Set("Accept-Encoding", c.ae)
		}
		Compress(nil)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			for i := 0; i+1 < len(c.hdr); i += 2 {
				w.Header().Set(c.hdr[i], c.hdr[i+1])
			}
			f, err := os.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			// What http.ServeContent does after its checks; io.Copy
			// would hand the file's WriteTo a wrapper instead.
			w.(io.ReaderFrom).ReadFrom(f)
		})).ServeHTTP(rf, r)
		if !rf.gotFile {
			t.Errorf("%s: the underlying ReadFrom did not get the *os.File", c.name)
		}
		if rf.body.String() != bigText {
			t.Errorf("%s: body changed", c.name)
		}
	}
	// http.ServeFile, as a file server wrapped in Compress calls it.
	for _, ae := range []string{"", "deflate", "gzip;q=0"} {
		rf := &fileReaderFromWriter{plainWriter: plainWriter{h: http.Header{}}}
		r := httptest.NewRequest("GET", "/a.txt", nil)
		if ae != "" {
			r.Header.Set("Accept-Encoding", ae)
		}
		Compress(nil)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.ServeFile(w, r, path)
		})).ServeHTTP(rf, r)
		if !rf.gotFile || rf.body.String() != bigText {
			t.Errorf("ServeFile, Accept-Encoding %q: sendfile path lost (%v) or body changed", ae, rf.gotFile)
		}
	}
}

// fileReaderFromWriter records whether ReadFrom was handed an *os.File,
// as net/http's sendfile path needs (the "unknown type" case gets it
// after the first 512 bytes were read for sniffing).
type fileReaderFromWriter struct {
	plainWriter
	body    bytes.Buffer
	gotFile bool
}

func (f *fileReaderFromWriter) Write(b []byte) (int, error) { return f.body.Write(b) }
func (f *fileReaderFromWriter) ReadFrom(src io.Reader) (int64, error) {
	r := src
	if lr, ok := r.(*io.LimitedReader); ok {
		r = lr.R // as http.ServeContent passes it, and net/http unwraps it
	}
	_, f.gotFile = r.(*os.File)
	return f.body.ReadFrom(src)
}

func TestCompressKeepsConnectionFeatures(t *testing.T) {
	release := make(chan struct{})
	mw := Compress(nil)
	srv := httptest.NewServer(mw(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/sse":
			w.Header().Set("Content-Type", "text/event-stream")
			io.WriteString(w, "data: first\n\n")
			if err := http.NewResponseController(w).Flush(); err != nil {
				t.Error(err)
			}
			<-release
			io.WriteString(w, "data: second\n\n")
		case "/deadline":
			if err := http.NewResponseController(w).SetWriteDeadline(time.Now().Add(time.Minute)); err != nil {
				http.Error(w, err.Error(), 500)
				return
			}
			io.WriteString(w, bigText)
		case "/hijack":
			c, brw, err := w.(http.Hijacker).Hijack()
			if err != nil {
				http.Error(w, err.Error(), 500)
				return
			}
			defer c.Close()
			brw.WriteString("HTTP/1.1 200 OK\r\nContent-Length: 8\r\nConnection: close\r\n\r\nhijacked")
			brw.Flush()
		}
	})))
	defer srv.Close()

	// Streaming: the first event arrives, decoded, while the handler
	// still waits.
	for _, ce := range []string{"gzip", "br", "zstd"} {
		release = make(chan struct{})
		req, _ := http.NewRequest("GET", srv.URL+"/sse", nil)
		req.Header.Set("Accept-Encoding", ce)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		if res.Header.Get("Content-Encoding") != ce {
			t.Fatalf("sse: coding %q", res.Header.Get("Content-Encoding"))
		}
		var zr io.Reader
		switch ce {
		case "gzip":
			zr, err = gzip.NewReader(res.Body)
		case "br":
			zr = brotli.NewReader(res.Body)
		case "zstd":
			zr, err = zstd.NewReader(res.Body)
		}
		if err != nil {
			t.Fatal(err)
		}
		br := bufio.NewReader(zr)
		line, err := br.ReadString('\n')
		if err != nil || line != "data: first\n" {
			t.Fatalf("%s before release: %q, %v (flush did not reach the client)", ce, line, err)
		}
		close(release)
		rest, _ := io.ReadAll(br)
		if string(rest) != "\ndata: second\n\n" {
			t.Errorf("%s: rest %q", ce, rest)
		}
		res.Body.Close()
	}

	for path, want := range map[string]string{"/deadline": bigText, "/hijack": "hijacked"} {
		req, _ := http.NewRequest("GET", srv.URL+path, nil)
		req.Header.Set("Accept-Encoding", "gzip")
		res, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if got, err := decode(res.Header.Get("Content-Encoding"), b); err != nil || string(got) != want {
			t.Errorf("%s: %q, %v", path, got, err)
		}
	}
}

func TestCompressAroundWebobHandlerFunc(t *testing.T) {
	h := webob.HandlerFunc(func(req *webob.Request) (*webob.Response, error) {
		resp := webob.Text(http.StatusOK, bigText)
		if err := resp.SetETag("v1"); err != nil {
			return nil, err
		}
		return resp, nil
	})
	rec := doCompress(nil, h, "GET", "Accept-Encoding", "br")
	if rec.Code != 200 || rec.Header().Get("Content-Encoding") != "br" || rec.Header().Get("ETag") != `"v1-br"` {
		t.Fatalf("%d %v", rec.Code, rec.Header())
	}
	if mustDecode(t, rec) != bigText {
		t.Fatal("body changed")
	}
	// webob's own conditional handling sees the stripped tag.
	rec = doCompress(nil, h, "GET", "Accept-Encoding", "br", "If-None-Match", `"v1-br"`)
	if rec.Code != 304 || rec.Header().Get("ETag") != `"v1-br"` || rec.Header().Get("Vary") == "" {
		t.Fatalf("conditional: %d %v", rec.Code, rec.Header())
	}
	rec = doCompress(nil, h, "GET")
	if rec.Code != 200 || rec.Header().Get("Content-Encoding") != "" || rec.Body.String() != bigText {
		t.Fatalf("no Accept-Encoding: %d %v", rec.Code, rec.Header())
	}
}

func TestCompressPoolsWritersAndEncoders(t *testing.T) {
	if race.Enabled {
		t.Skip("sync.Pool drops items at random under the race detector")
	}
	ctPlain := []string{"text/plain; charset=utf-8"}
	body := []byte(bigText)
	mw := Compress(nil)
	for _, c := range []struct {
		ae   string
		body []byte
		want float64 // the Vary and Content-Encoding slices, made per response
	}{
		{"gzip", body, 2}, {"br", body, 2}, {"zstd", body, 2}, {"", body, 1}, {"gzip", body[:100], 1},
		{"x-gzip, identity;q=0.5", body, 2}, {"gzip;q=0.5, identity", body, 1},
	} {
		h := mw(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header()["Content-Type"] = ctPlain // no allocation of the handler's own
			w.Write(c.body)
		}))
		r := httptest.NewRequest("GET", "/", nil)
		r.Header.Set("Accept-Encoding", c.ae)
		w := &plainWriter{h: http.Header{}}
		h.ServeHTTP(w, r) // warm the pools
		allocs := testing.AllocsPerRun(50, func() {
			clear(w.h)
			h.ServeHTTP(w, r)
		})
		if allocs > c.want {
			t.Errorf("Accept-Encoding %q, %d bytes: %v allocations per response, want %v", c.ae, len(c.body), allocs, c.want)
		}
	}
}

// FuzzCompress: whatever Accept-Encoding and response headers, Compress
// never panics and the body always decodes to what the handler wrote.
func FuzzCompress(f *testing.F) {
	f.Add("gzip, br;q=0.5", "text/plain", "", "", `"x"`, `"x-gzip"`, uint8(0), []byte(bigText), false, int16(0))
	f.Add("*;q=0", "", "", "no-transform", "", "", uint8(1), []byte("hi"), true, int16(-1))
	f.Add("zstd;q=0.1, identity;q=0", "image/png", "gzip", "", `W/"y"`, `*`, uint8(4), []byte("<html>"), true, int16(5))
	f.Add("br", "", "", "", "", "", uint8(2), []byte{}, false, int16(3000))
	statuses := []int{200, 204, 206, 304, 404, 500, 201, 103}
	// Built once, so that the encoder pools are reused as in a server.
	mws := []func(http.Handler) http.Handler{
		Compress(nil),
		Compress(&CompressOptions{MinSize: -1, RandomPadding: 16}),
		Compress(&CompressOptions{MinSize: 10, SendIdentity: true}),
		Compress(&CompressOptions{MinSize: 3000, Encodings: []string{"br", "gzip"}, BrotliLevel: 1, GzipLevel: 1}),
	}
	f.Fuzz(func(t *testing.T, ae, ct, ce, cc, etag, inm string, st uint8, body []byte, flush bool, minSize int16) {
		code := statuses[int(st)%len(statuses)]
		mw := mws[int(uint16(minSize))%len(mws)]
		h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			for name, v := range map[string]string{"Content-Type": ct, "Content-Encoding": ce, "Cache-Control": cc, "ETag": etag} {
				if v != "" {
					w.Header().Set(name, v)
				}
			}
			if st&64 != 0 {
				w.(http.Flusher).Flush() // before any status: an implicit 200
			} else if st&32 == 0 || code != http.StatusOK {
				w.WriteHeader(code)
			}
			half := len(body) / 2
			w.Write(body[:half])
			if flush {
				w.(http.Flusher).Flush()
			}
			w.(io.ReaderFrom).ReadFrom(bytes.NewReader(body[half:]))
		})
		method := "GET"
		if st&16 != 0 {
			method = "HEAD"
		}
		// codesWriter, unlike httptest.ResponseRecorder, keeps the body
		// after a 1xx.
		rec := &codesWriter{plainWriter: plainWriter{h: http.Header{}}}
		r := httptest.NewRequest(method, "/", nil)
		r.Header.Set("Accept-Encoding", ae)
		r.Header.Set("If-None-Match", inm)
		mw(h).ServeHTTP(rec, r)
		if len(rec.codes) > 0 && rec.codes[0] == http.StatusNotAcceptable {
			return
		}
		got := rec.body.Bytes()
		if ce == "" {
			var err error
			if got, err = decode(rec.h.Get("Content-Encoding"), got); err != nil {
				t.Fatalf("Content-Encoding %q does not decode: %v", rec.h.Get("Content-Encoding"), err)
			}
		} else if rec.h.Get("Content-Encoding") != ce {
			t.Fatalf("Content-Encoding %q changed to %q", ce, rec.h.Get("Content-Encoding"))
		}
		if !bytes.Equal(got, body) {
			t.Fatalf("body changed: %q, want %q", got, body)
		}
	})
}

// TestCompressFlushOrEndBeforeAnyWriteHeader: a handler that flushes, or
// ends, before calling WriteHeader or Write gets the same decisions as
// one that wrote a 200 header first (no coding chosen, identity refused
// with SendIdentity, no-transform).
func TestCompressFlushOrEndBeforeAnyWriteHeader(t *testing.T) {
	flushFirst := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		w.(http.Flusher).Flush()
		io.WriteString(w, "data: x\n\n")
	})
	setOnly := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
	})
	for _, c := range []struct {
		name    string
		opts    *CompressOptions
		h       http.Handler
		ae      string
		wantEnc string
		body    string
	}{
		{"flush, no Accept-Encoding", nil, flushFirst, "", "", "data: x\n\n"},
		{"flush, gzip", nil, flushFirst, "gzip", "gzip", "data: x\n\n"},
		{"flush, identity refused", &CompressOptions{SendIdentity: true}, flushFirst, "identity;q=0", "", "data: x\n\n"},
		{"end, identity refused", &CompressOptions{SendIdentity: true}, setOnly, "*;q=0", "", ""},
		{"end, gzip only", nil, setOnly, "gzip, identity;q=0", "gzip", ""},
	} {
		rec := doCompress(c.opts, c.h, "GET", "Accept-Encoding", c.ae)
		if rec.Code != 200 || rec.Header().Get("Content-Encoding") != c.wantEnc || mustDecode(t, rec) != c.body {
			t.Errorf("%s: %d, coding %q, body %q", c.name, rec.Code, rec.Header().Get("Content-Encoding"), mustDecode(t, rec))
		}
	}
}

// TestCompressSniffsFromFirst512BytesWithoutMinSize: with no minimum size,
// a response without Content-Type is still sniffed from up to 512 bytes,
// as net/http does, not from its first small write.
func TestCompressSniffsFromFirst512BytesWithoutMinSize(t *testing.T) {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "   ")
		io.WriteString(w, "<!DOCTYPE html><html><body>hello</body></html>")
	})
	rec := doCompress(&CompressOptions{MinSize: -1}, h, "GET", "Accept-Encoding", "gzip")
	if ct := rec.Header().Get("Content-Type"); ct != "text/html; charset=utf-8" {
		t.Errorf("sniffed %q from the first write only", ct)
	}
	if rec.Header().Get("Content-Encoding") != "gzip" || !strings.HasSuffix(mustDecode(t, rec), "</html>") {
		t.Error("not compressed or changed")
	}
}
