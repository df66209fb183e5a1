package main

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/andybalholm/brotli"
	"github.com/klauspost/compress/zstd"
)

// curlDecoded returns body as curl --compressed shows it: decoded from the
// response's Content-Encoding. Without --compressed, body is unchanged.
func curlDecoded(t *testing.T, curl string, res *http.Response, body []byte) []byte {
	t.Helper()
	if !slices.Contains(shellWords(curl), "--compressed") {
		return body
	}
	var rd io.Reader
	var err error
	switch ce := res.Header.Get("Content-Encoding"); ce {
	case "":
		return body
	case "gzip":
		rd, err = gzip.NewReader(bytes.NewReader(body))
	case "br":
		rd = brotli.NewReader(bytes.NewReader(body))
	case "zstd":
		var d *zstd.Decoder
		d, err = zstd.NewReader(bytes.NewReader(body))
		if err == nil {
			defer d.Close()
			rd = d
		}
	default:
		t.Fatalf("%s: Content-Encoding %q", curl, ce)
	}
	if err != nil {
		t.Fatal(err)
	}
	out, err := io.ReadAll(rd)
	if err != nil {
		t.Fatalf("%s: decoding %s: %v", curl, res.Header.Get("Content-Encoding"), err)
	}
	return out
}

// syncBuffer is a bytes.Buffer safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// demoServer runs the whole demo server (middleware and URLMap) on a real
// connection, with its log in the returned buffer.
func demoServer(t *testing.T) (*httptest.Server, *syncBuffer) {
	t.Helper()
	log := new(syncBuffer)
	h, err := newServer([]byte("middleware-test-secret-0123456789"), log)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv, log
}

// get sends a request with the given header fields (name, value pairs),
// without redirects or transparent decompression, and returns the
// response with its body read.
func get(t *testing.T, srv *httptest.Server, path string, kv ...string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(kv); i += 2 {
		req.Header.Set(kv[i], kv[i+1])
	}
	client := &http.Client{
		Transport:     &http.Transport{DisableCompression: true},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	res, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, body
}

// logLine returns the access log record (msg="http request") for path.
func logLine(t *testing.T, log *syncBuffer, path string) string {
	t.Helper()
	for _, l := range strings.Split(log.String(), "\n") {
		if strings.Contains(l, `msg="http request"`) && strings.Contains(l, " path="+path+" ") {
			return l
		}
	}
	t.Fatalf("no access log record for %s in:\n%s", path, log)
	return ""
}

// README "Compress": zstd when asked for, Vary: Accept-Encoding, and the
// decoded body is the file; the uncompressed answers carry Vary too.
func TestReadmeCompressZstdWhenAccepted(t *testing.T) {
	srv, _ := demoServer(t)
	want, err := os.ReadFile("mounted/fields.txt")
	if err != nil {
		t.Fatal(err)
	}
	if len(want) < 1024 {
		t.Fatalf("mounted/fields.txt is %d bytes, under Compress's 1 KiB minimum", len(want))
	}
	const curl = "curl -si --compressed -H 'Accept-Encoding: zstd' http://localhost:8080/static-demo/fields.txt"
	res, body := get(t, srv, "/static-demo/fields.txt", "Accept-Encoding", "zstd")
	if ce := res.Header.Get("Content-Encoding"); ce != "zstd" {
		t.Fatalf("Content-Encoding %q, want zstd", ce)
	}
	if !slices.Contains(res.Header.Values("Vary"), "Accept-Encoding") {
		t.Errorf("Vary %q lacks Accept-Encoding", res.Header.Values("Vary"))
	}
	if len(body) >= len(want) {
		t.Errorf("compressed body is %d bytes, the file %d", len(body), len(want))
	}
	if got := curlDecoded(t, curl, res, body); !bytes.Equal(got, want) {
		t.Errorf("decoded body differs from mounted/fields.txt:\n%s", got)
	}
	for _, ae := range []string{"", "zstd;q=0, identity"} {
		res, body := get(t, srv, "/static-demo/fields.txt", "Accept-Encoding", ae)
		if res.Header.Get("Content-Encoding") != "" || !bytes.Equal(body, want) {
			t.Errorf("Accept-Encoding %q: Content-Encoding %q", ae, res.Header.Get("Content-Encoding"))
		}
		if !slices.Contains(res.Header.Values("Vary"), "Accept-Encoding") {
			t.Errorf("Accept-Encoding %q: uncompressed answer without Vary: Accept-Encoding", ae)
		}
	}
}

// README "RequestID and AccessLog": a valid incoming ID is echoed and
// logged; an invalid one is replaced, never echoed.
func TestReadmeRequestIDEchoedAndLogged(t *testing.T) {
	srv, log := demoServer(t)
	res, body := get(t, srv, "/items/2", "X-Request-Id", "demo-42")
	if res.StatusCode != 200 || res.Header.Get("X-Request-Id") != "demo-42" {
		t.Errorf("%d X-Request-Id %q, want 200 demo-42", res.StatusCode, res.Header.Get("X-Request-Id"))
	}
	if string(body) != `{"id":2,"name":"kettle","price":42}` {
		t.Errorf("body %q", body)
	}
	l := logLine(t, log, "/items/2")
	for _, want := range []string{"level=INFO", "method=GET", "status=200", "bytes=35", "client=127.0.0.1", "request_id=demo-42"} {
		if !strings.Contains(l, want) {
			t.Errorf("access log record lacks %s:\n%s", want, l)
		}
	}
	res, _ = get(t, srv, "/items/1", "X-Request-Id", "<b>bad id</b>")
	if id := res.Header.Get("X-Request-Id"); id == "" || strings.Contains(id, "bad") {
		t.Errorf("invalid incoming ID: X-Request-Id %q", id)
	}
}

// README "URLMap": the file server sees the path without /static-demo, so
// the mount lists the embedded folder's root; the log keeps the path as
// received.
func TestReadmeURLMapMovesPrefixForFileServer(t *testing.T) {
	srv, log := demoServer(t)
	res, body := get(t, srv, "/static-demo/")
	want := "<!doctype html>\n<meta name=\"viewport\" content=\"width=device-width\">\n<pre>\n" +
		"<a href=\"fields.txt\">fields.txt</a>\n<a href=\"hello.txt\">hello.txt</a>\n</pre>\n"
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "text/html; charset=utf-8" || string(body) != want {
		t.Errorf("%d %q\n%s", res.StatusCode, res.Header.Get("Content-Type"), body)
	}
	if l := logLine(t, log, "/static-demo/"); !strings.Contains(l, "status=200") {
		t.Errorf("access log: %s", l)
	}
}

// README "URLMap": a file under the mount.
func TestReadmeURLMapServesFileUnderMount(t *testing.T) {
	srv, _ := demoServer(t)
	res, body := get(t, srv, "/static-demo/hello.txt")
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "text/plain; charset=utf-8" ||
		string(body) != "Hello from the file server mounted at /static-demo/.\n" {
		t.Errorf("%d %q %q", res.StatusCode, res.Header.Get("Content-Type"), body)
	}
	// The prefix is gone from the path, not from the tree: the app at "/"
	// does not serve the file, nor the mount the app.
	if res, _ := get(t, srv, "/hello.txt"); res.StatusCode != 404 {
		t.Errorf("/hello.txt: %d, want 404", res.StatusCode)
	}
	if res, _ := get(t, srv, "/static-demo/poem"); res.StatusCode != 404 {
		t.Errorf("/static-demo/poem: %d, want 404", res.StatusCode)
	}
}

// README "URLMap": the bare prefix redirects to the mount with a slash.
func TestReadmeURLMapBarePrefixRedirects(t *testing.T) {
	srv, _ := demoServer(t)
	res, body := get(t, srv, "/static-demo")
	if res.StatusCode != 301 || res.Header.Get("Location") != "/static-demo/" || len(body) != 0 {
		t.Errorf("%d Location %q body %q", res.StatusCode, res.Header.Get("Location"), body)
	}
}

// README "Recover": a panic in a plain handler is the library's 500 with
// the request ID, nothing of the panic reaches the client, and the log has
// the stack and a status=500 record.
func TestReadmePanicIsRecovered500WithRequestID(t *testing.T) {
	srv, log := demoServer(t)
	res, body := get(t, srv, "/panic", "X-Request-Id", "demo-panic")
	if res.StatusCode != 500 || res.Header.Get("Content-Type") != "text/html; charset=utf-8" ||
		res.Header.Get("X-Request-Id") != "demo-panic" {
		t.Errorf("%d %q X-Request-Id %q", res.StatusCode, res.Header.Get("Content-Type"), res.Header.Get("X-Request-Id"))
	}
	if !strings.Contains(string(body), "<title>500 Internal Server Error</title>") ||
		!strings.Contains(string(body), "Request ID: demo-panic") || strings.Contains(string(body), "on purpose") {
		t.Errorf("body:\n%s", body)
	}
	res, body = get(t, srv, "/panic", "Accept", "application/problem+json")
	if res.StatusCode != 500 || res.Header.Get("Content-Type") != "application/problem+json" ||
		!strings.Contains(string(body), `"status":500`) {
		t.Errorf("problem+json: %d %q %s", res.StatusCode, res.Header.Get("Content-Type"), body)
	}
	out := log.String()
	if !strings.Contains(out, `msg="middleware: panic serving request"`) || !strings.Contains(out, "request_id=demo-panic") ||
		!strings.Contains(out, "the demo panics on purpose") {
		t.Errorf("no panic record in the log:\n%s", out)
	}
	if l := logLine(t, log, "/panic"); !strings.Contains(l, "status=500") || !strings.Contains(l, "level=ERROR") {
		t.Errorf("access log: %s", l)
	}
}
