package webob

import (
	"bufio"
	"bytes"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/webob-go/webob/internal/race"
	"github.com/webob-go/webob/multipart"
)

func TestFromBytes(t *testing.T) {
	msg := "POST /app/items?x=1 HTTP/1.1\r\n" +
		"Host: example.com:8080\r\n" +
		"Content-Type: application/x-www-form-urlencoded\r\n" +
		"Content-Length: 7\r\n" +
		"Cookie: a=1\r\n" +
		"\r\n" +
		"name=go"
	r, err := ParseRequest([]byte(msg), nil)
	if err != nil {
		t.Fatal(err)
	}
	if r.Method() != "POST" || r.URL() != "http://example.com:8080/app/items?x=1" || r.Form().Get("name") != "go" {
		t.Fatalf("%s %s %v", r.Method(), r.URL(), r.Form().Fields())
	}
	if v, _ := r.Cookie("a"); v != "1" {
		t.Fatal("cookie")
	}
	out, err := r.AsBytes()
	if err != nil {
		t.Fatal(err)
	}
	want := "POST /app/items?x=1 HTTP/1.1\r\n" +
		"Host: example.com:8080\r\n" +
		"Content-Type: application/x-www-form-urlencoded\r\n" +
		"Cookie: a=1\r\n" +
		"Content-Length: 7\r\n" +
		"\r\n" +
		"name=go"
	if string(out) != want {
		t.Fatalf("AsBytes:\n%q\nwant\n%q", out, want)
	}

	// Chunked with trailers round-trips.
	chunked := "PUT /up HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nTrailer: X-Sum\r\n\r\n" +
		"3\r\nabc\r\n2\r\nde\r\n0\r\nX-Sum: 5\r\n\r\n"
	r, err = ParseRequest([]byte(chunked), nil)
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := r.Body(); string(b) != "abcde" || r.HTTP().Trailer.Get("X-Sum") != "5" {
		t.Fatalf("chunked body %q trailer %v", b, r.HTTP().Trailer)
	}
	out, err = r.AsBytes()
	if err != nil {
		t.Fatal(err)
	}
	if string(out) != "PUT /up HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nTrailer: X-Sum\r\n\r\n5\r\nabcde\r\n0\r\nX-Sum: 5\r\n\r\n" {
		t.Fatalf("chunked out %q", out)
	}
	roundTrip(t, out)

	// Several messages on one reader.
	two := "GET /1 HTTP/1.1\r\nHost: h\r\n\r\nGET /2 HTTP/1.1\r\nHost: h\r\n\r\n"
	br := bufio.NewReader(strings.NewReader(two))
	for _, p := range []string{"/1", "/2"} {
		r, err := ReadRequest(br, nil)
		if err != nil || r.Path() != p {
			t.Fatalf("pipelined %s: %v", p, err)
		}
	}
	if _, err := ParseRequest([]byte(two), nil); !errors.Is(err, ErrTrailingData) {
		t.Fatalf("trailing: %v", err)
	}
}

func TestFromBytesRejects(t *testing.T) {
	bad := map[string]string{
		// CVE-2019-16276: white space between a field name and the colon.
		"space before colon": "GET / HTTP/1.1\r\nHost: h\r\nFoo : bar\r\n\r\n",
		"tab before colon":   "GET / HTTP/1.1\r\nHost: h\r\nFoo\t: bar\r\n\r\n",
		"empty":              "",
		"no host 1.1":        "GET / HTTP/1.1\r\n\r\n",
		"bad request line":   "GET /\r\n\r\n",
		"bad chunk":          "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
		"short body":         "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\nabc",
		"two lengths":        "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab",
		"CR in value":        "GET / HTTP/1.1\r\nHost: h\r\nX: a\rb\r\n\r\n",
	}
	for name, msg := range bad {
		if _, err := ParseRequest([]byte(msg), nil); !errors.Is(err, ErrMalformedMessage) {
			t.Errorf("%s: %v", name, err)
		}
	}
	// The body limit applies.
	msg := "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 6\r\n\r\n123456"
	var le *multipart.LimitError
	if _, err := ParseRequest([]byte(msg), &Options{MaxBodyBytes: 5}); !errors.As(err, &le) {
		t.Errorf("limit: %v", err)
	}
}

// TestAsBytesTrimsWhiteSpaceAroundValues: white space around a header
// value is not part of it (RFC 9110 §5.5); the message writer trims it,
// as net/http does, rather than refusing the request.
func TestAsBytesTrimsWhiteSpaceAroundValues(t *testing.T) {
	r := MustBlank("/")
	r.HTTP().Header.Set("X", " \ta b\t ")
	b, err := r.AsBytes()
	if err != nil || !strings.Contains(string(b), "\r\nX: a b\r\n") {
		t.Errorf("%q %v", b, err)
	}
}

// TestAsBytesRefuses: CVE-2023-29406 and friends — nothing unsafe is
// written.
func TestAsBytesRefuses(t *testing.T) {
	cases := map[string]func(*http.Request){
		"CRLF in Host":      func(h *http.Request) { h.Host = "example.com\r\nX-Injected: 1" },
		"space in Host":     func(h *http.Request) { h.Host = "a b" },
		"CRLF in value":     func(h *http.Request) { h.Header.Set("X", "a\r\nb") },
		"NUL in value":      func(h *http.Request) { h.Header.Set("X", "a\x00b") },
		"bad name":          func(h *http.Request) { h.Header["Bad Name"] = []string{"x"} },
		"bad method":        func(h *http.Request) { h.Method = "GET /x" },
		"space in target":   func(h *http.Request) { h.RequestURI = "/a b" },
		"CRLF in trailer":   func(h *http.Request) { h.Trailer = http.Header{"X": {"a\nb"}} },
		"LF in target":      func(h *http.Request) { h.RequestURI = "/a\nb" },
		"non-ASCII target":  func(h *http.Request) { h.RequestURI = "/é" },
		"DEL in Host value": func(h *http.Request) { h.Host = "a\x7f" },
	}
	for name, mutate := range cases {
		r := MustBlank("/")
		mutate(r.HTTP())
		if b, err := r.AsBytes(); !errors.Is(err, ErrUnwritable) || b != nil {
			t.Errorf("%s: %q %v", name, b, err)
		}
	}
	// A client request with the host only in its URL.
	hr, _ := http.NewRequest("GET", "http://example.org/p?q=1", nil)
	b, err := NewRequest(hr, nil).AsBytes()
	if err != nil || string(b) != "GET /p?q=1 HTTP/1.1\r\nHost: example.org\r\n\r\n" {
		t.Errorf("client request: %q %v", b, err)
	}
	// Blank round-trips.
	r := MustBlank("/upload?x=1", WithForm(map[string]string{"a": "1"}), WithFile("f", "x.txt", "text/plain", []byte("hi")), WithHeader("X-Test", "yes"))
	b, err = r.AsBytes()
	if err != nil {
		t.Fatal(err)
	}
	r2 := roundTrip(t, b)
	if r2.Form().Get("a") != "1" || r2.File("f") == nil {
		t.Fatal("blank round trip form")
	}
	r2.Cleanup()
}

// roundTrip checks the message property: reading data and writing it
// gives bytes that read back to the same request and write back to the
// same bytes.
func roundTrip(t testing.TB, data []byte) *Request {
	t.Helper()
	r1, err := ParseRequest(data, nil)
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	out1, err := r1.AsBytes()
	if err != nil {
		t.Fatalf("write: %v", err)
	}
	r2, err := ParseRequest(out1, nil)
	if err != nil {
		t.Fatalf("read back %q: %v", out1, err)
	}
	out2, err := r2.AsBytes()
	if err != nil {
		t.Fatalf("write back: %v", err)
	}
	if !bytes.Equal(out1, out2) {
		t.Fatalf("not a fixed point:\n%q\n%q", out1, out2)
	}
	b1, _ := r1.Body()
	b2, _ := r2.Body()
	if r1.Method() != r2.Method() || r1.HTTP().RequestURI != r2.HTTP().RequestURI || r1.Host() != r2.Host() ||
		!bytes.Equal(b1, b2) || !sameHeader(r1.HTTP().Header, r2.HTTP().Header) || !sameHeader(r1.HTTP().Trailer, r2.HTTP().Trailer) {
		t.Fatalf("requests differ:\n%q\n%q", data, out1)
	}
	return r2
}

// sameHeader compares headers ignoring the framing fields AsBytes
// rewrites.
func sameHeader(a, b http.Header) bool {
	strip := func(h http.Header) http.Header {
		c := http.Header{}
		for k, v := range h {
			switch k {
			case "Content-Length", "Transfer-Encoding", "Trailer":
				continue
			}
			if len(v) > 0 {
				c[k] = v
			}
		}
		return c
	}
	return reflect.DeepEqual(strip(a), strip(b))
}

func seedFiles(t testing.TB) []string {
	files, err := filepath.Glob(filepath.Join("testdata", "httpreq", "*"))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range files {
		if filepath.Ext(f) == "" {
			out = append(out, f)
		}
	}
	return out
}

// TestSeedCorpus requires that every seed either fails cleanly or
// round-trips.
func TestSeedCorpus(t *testing.T) {
	files := seedFiles(t)
	if len(files) < 50 {
		t.Fatalf("only %d seeds", len(files))
	}
	ok := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ParseRequest(data, nil); err != nil {
			continue
		}
		ok++
		t.Run(filepath.Base(f), func(t *testing.T) {
			r, _ := ParseRequest(data, nil)
			if _, err := r.AsBytes(); errors.Is(err, ErrUnwritable) {
				return // read leniently, written strictly
			}
			roundTrip(t, data)
		})
	}
	if ok < 25 {
		t.Errorf("only %d seeds parse", ok)
	}
}

func FuzzReadRequest(f *testing.F) {
	for _, file := range seedFiles(f) {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("GET / HTTP/1.1\r\nHost: h\r\nFoo : bar\r\n\r\n"))
	f.Add([]byte("POST /?a=%zz HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nTrailer: T\r\n\r\n1\r\na\r\n0\r\nT: v\r\n\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := ParseRequest(data, &Options{MaxBodyBytes: 1 << 16})
		if err != nil {
			if !errors.Is(err, ErrMalformedMessage) && !errors.Is(err, ErrTrailingData) && !errors.Is(err, multipart.ErrLimit) {
				t.Fatalf("untyped error %v", err)
			}
			return
		}
		// Accessors never panic.
		r.Query()
		r.Form()
		r.Cookies()
		r.Accept()
		r.URL()
		r.Cleanup()
		if _, err := r.AsBytes(); err != nil {
			if !errors.Is(err, ErrUnwritable) {
				t.Fatalf("untyped write error %v", err)
			}
			return
		}
		roundTrip(t, data)
	})
}

func TestReadLinearTime(t *testing.T) {
	// 1 MB of header value and of query: bounded time.
	big := "GET /?" + strings.Repeat("a=1&", 1<<17) + " HTTP/1.1\r\nHost: h\r\nX: " + strings.Repeat("v,", 1<<17) + "\r\n\r\n"
	start := time.Now()
	r, err := ParseRequest([]byte(big), nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.ParseQuery(); !errors.Is(err, multipart.ErrLimit) {
		t.Fatalf("query limit: %v", err)
	}
	huge := "GET / HTTP/1.1\r\nHost: h\r\nX: " + strings.Repeat("v", 1<<20) + "\r\n\r\n"
	if _, err := ParseRequest([]byte(huge), nil); !errors.Is(err, multipart.ErrLimit) {
		t.Fatalf("header limit: %v", err)
	}
	if _, err := r.AsBytes(); err != nil {
		t.Fatal(err)
	}
	if el := time.Since(start); el > race.TimeBound {
		t.Fatalf("took %v", el)
	}
}
