package webob

import (
	"bytes"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/webob-go/webob/headers"
)

var (
	lastMod  = time.Date(2011, 3, 17, 13, 0, 0, 0, time.UTC)
	lmString = "Thu, 17 Mar 2011 13:00:00 GMT"
	before   = "Thu, 17 Mar 2011 12:59:59 GMT"
	after    = "Thu, 17 Mar 2011 13:00:01 GMT"
)

// validated returns a 200 with ETag "v1" and Last-Modified lastMod.
func validated(body string) *Response {
	r := Text(200, body)
	r.SetETag("v1")
	r.SetLastModified(lastMod)
	return r
}

func serveMethod(t testing.TB, r *Response, method string, kv ...string) *httptest.ResponseRecorder {
	t.Helper()
	hr := httptest.NewRequest(method, "/", nil)
	for i := 0; i+1 < len(kv); i += 2 {
		hr.Header.Add(kv[i], kv[i+1])
	}
	return serveReq(t, r, hr)
}

func TestPreconditionsOrder(t *testing.T) {
	for _, c := range []struct {
		name   string
		method string
		hdr    []string
		want   int
	}{
		{"none", "GET", nil, 200},
		// Step 1: If-Match.
		{"if-match match", "GET", []string{"If-Match", `"v1"`}, 200},
		{"if-match list", "PUT", []string{"If-Match", `"x", "v1"`}, 200},
		{"if-match star", "DELETE", []string{"If-Match", "*"}, 200},
		{"if-match miss", "GET", []string{"If-Match", `"v2"`}, 412},
		{"if-match miss put", "PUT", []string{"If-Match", `"v2"`}, 412},
		{"if-match weak never matches", "GET", []string{"If-Match", `W/"v1"`}, 412},
		{"if-match invalid", "PUT", []string{"If-Match", `v1`}, 412},
		// If-Match wins over If-Unmodified-Since (step 2 is skipped).
		{"if-match ok ius fails", "PUT", []string{"If-Match", `"v1"`, "If-Unmodified-Since", before}, 200},
		// Step 2: If-Unmodified-Since.
		{"ius ok", "PUT", []string{"If-Unmodified-Since", lmString}, 200},
		{"ius later", "PUT", []string{"If-Unmodified-Since", after}, 200},
		{"ius earlier", "PUT", []string{"If-Unmodified-Since", before}, 412},
		{"ius earlier get", "GET", []string{"If-Unmodified-Since", before}, 412},
		{"ius invalid ignored", "PUT", []string{"If-Unmodified-Since", "yesterday"}, 200},
		// Step 1 or 2 failing wins over step 3.
		{"if-match fails before inm", "GET", []string{"If-Match", `"zz"`, "If-None-Match", `"v1"`}, 412},
		// Step 3: If-None-Match.
		{"inm match get", "GET", []string{"If-None-Match", `"v1"`}, 304},
		{"inm match head", "HEAD", []string{"If-None-Match", `"v1"`}, 304},
		{"inm weak match", "GET", []string{"If-None-Match", `W/"v1"`}, 304},
		{"inm list", "GET", []string{"If-None-Match", `"a", "b"`, "If-None-Match", `"v1"`}, 304},
		{"inm star", "GET", []string{"If-None-Match", "*"}, 304},
		{"inm match post", "POST", []string{"If-None-Match", `"v1"`}, 412},
		{"inm star put", "PUT", []string{"If-None-Match", "*"}, 412},
		{"inm miss", "GET", []string{"If-None-Match", `"v2"`}, 200},
		{"inm invalid ignored", "GET", []string{"If-None-Match", `v1`}, 200},
		// If-None-Match present: If-Modified-Since is ignored (step 4 skipped).
		{"inm miss ims would match", "GET", []string{"If-None-Match", `"v2"`, "If-Modified-Since", after}, 200},
		// Step 4: If-Modified-Since, GET and HEAD only.
		{"ims equal", "GET", []string{"If-Modified-Since", lmString}, 304},
		{"ims later", "GET", []string{"If-Modified-Since", after}, 304},
		{"ims earlier", "GET", []string{"If-Modified-Since", before}, 200},
		{"ims post ignored", "POST", []string{"If-Modified-Since", after}, 200},
		{"ims invalid ignored", "GET", []string{"If-Modified-Since", "nope"}, 200},
		{"ims rfc850", "GET", []string{"If-Modified-Since", "Thursday, 17-Mar-11 13:00:00 GMT"}, 304},
		{"ims asctime", "GET", []string{"If-Modified-Since", "Thu Mar 17 13:00:00 2011"}, 304},
		// No conditional semantics for OPTIONS.
		{"options", "OPTIONS", []string{"If-Match", `"zz"`}, 200},
	} {
		t.Run(c.name, func(t *testing.T) {
			rec := serveMethod(t, validated("body"), c.method, c.hdr...)
			if rec.Code != c.want {
				t.Fatalf("status %d, want %d", rec.Code, c.want)
			}
			if c.want != 200 && rec.Code != 412 && rec.Body.Len() != 0 {
				t.Errorf("body %q", rec.Body)
			}
		})
	}
}

func TestPreconditionsOnlyOn2xxWithValidator(t *testing.T) {
	// A 404 with an ETag is never turned into 304 (RFC 9110 §13.2.1).
	r := Text(404, "missing")
	r.SetETag("v1")
	if rec := serveMethod(t, r, "GET", "If-None-Match", `"v1"`); rec.Code != 404 {
		t.Errorf("404 became %d", rec.Code)
	}
	// No validator: nothing is evaluated.
	if rec := serveMethod(t, Text(200, "x"), "GET", "If-Match", `"v1"`); rec.Code != 200 {
		t.Errorf("no validator: %d", rec.Code)
	}
	// Switched off per response and per adapter.
	r = validated("x")
	r.DisableConditional = true
	if rec := serveMethod(t, r, "GET", "If-None-Match", `"v1"`); rec.Code != 200 {
		t.Errorf("DisableConditional: %d", rec.Code)
	}
	h := (&Config{DisableConditional: true}).Handler(func(*Request) (*Response, error) { return validated("x"), nil })
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, get("/", "If-None-Match", `"v1"`))
	if rec.Code != 200 {
		t.Errorf("Config.DisableConditional: %d", rec.Code)
	}
}

func TestNotModifiedHeaders(t *testing.T) {
	r := validated("body")
	r.Header().Set("Cache-Control", "max-age=60")
	r.Header().Set("Expires", "Thu, 17 Mar 2030 13:00:00 GMT")
	r.Header().Set("Content-Location", "/doc.en")
	r.Header().Set("Date", "Thu, 17 Mar 2011 14:00:00 GMT")
	r.Header().Set("Vary", "Accept-Language")
	r.Header().Set("X-Custom", "drop me")
	r.Header().Set("Content-Language", "en")
	r.Header().Set("Set-Cookie", "a=1")
	r.Header().Set("Content-Length", "4")
	rec := serveMethod(t, r, "GET", "If-None-Match", `"v1"`, "Accept", "text/html")
	if rec.Code != 304 {
		t.Fatalf("status %d", rec.Code)
	}
	var got []string
	for k := range rec.Header() {
		got = append(got, k)
	}
	slices.Sort(got)
	want := []string{"Cache-Control", "Content-Location", "Date", "Etag", "Expires", "Vary"}
	if !slices.Equal(got, want) {
		t.Errorf("304 fields %v, want %v", got, want)
	}
	// Without an ETag, Last-Modified is kept to guide caches.
	r = Text(200, "x")
	r.SetLastModified(lastMod)
	r.Header().Set("Content-Type", "text/plain")
	rec = serveMethod(t, r, "GET", "If-Modified-Since", lmString)
	if rec.Code != 304 || rec.Header().Get("Last-Modified") != lmString || rec.Header().Get("Content-Type") != "" {
		t.Errorf("304 by date: %d %v", rec.Code, rec.Header())
	}
}

func TestPreconditionFailedBody(t *testing.T) {
	rec := serveMethod(t, validated("secret"), "PUT", "If-Match", `"old"`, "Accept", "application/problem+json")
	if rec.Code != 412 || rec.Header().Get("Content-Type") != ctProblemJSON || strings.Contains(rec.Body.String(), "secret") {
		t.Errorf("412: %d %v %q", rec.Code, rec.Header(), rec.Body)
	}
	if rec.Header().Get("Etag") != "" {
		t.Error("412 carries the representation's ETag")
	}
}

func TestCheckPreconditions(t *testing.T) {
	v := Validators{ETag: mustETag(`"v1"`), HasETag: true, LastModified: lastMod}
	req := NewRequest(get("/", "If-None-Match", `"v1"`), nil)
	var he *HTTPError
	if err := CheckPreconditions(req, v); !errors.As(err, &he) || he.Code != 304 {
		t.Errorf("GET If-None-Match: %v", err)
	}
	hr := httptest.NewRequest("PUT", "/", nil)
	hr.Header.Set("If-Match", `"v0"`)
	if err := CheckPreconditions(NewRequest(hr, nil), v); !errors.As(err, &he) || he.Code != 412 {
		t.Errorf("PUT If-Match: %v", err)
	}
	if err := CheckPreconditions(NewRequest(get("/"), nil), v); err != nil {
		t.Errorf("no conditions: %v", err)
	}
	if got := validated("x").Validators(); got != v {
		t.Errorf("Validators %+v", got)
	}
}

func TestWebObConditionalFacts(t *testing.T) {
	// test_conditional_response_if_none_match_false / _true.
	r := Text(200, "foo\n")
	r.SetETag("bar")
	if rec := serveMethod(t, r, "GET", "If-None-Match", `"foo"`); rec.Code != 200 {
		t.Errorf("if_none_match false: %d", rec.Code)
	}
	r = Text(200, "foo\n")
	r.SetETag("foo")
	if rec := serveMethod(t, r, "GET", "If-None-Match", `"foo"`); rec.Code != 304 {
		t.Errorf("if_none_match true: %d", rec.Code)
	}
	// test_conditional_response_if_none_match_weak: weak and strong tags
	// match each other under If-None-Match.
	for _, inm := range []string{`"bar"`, `W/"bar"`} {
		for _, weak := range []bool{false, true} {
			r := Text(200, "foo\n")
			if weak {
				r.SetWeakETag("bar")
			} else {
				r.SetETag("bar")
			}
			if rec := serveMethod(t, r, "GET", "If-None-Match", inm); rec.Code != 304 {
				t.Errorf("weak %v inm %s: %d", weak, inm, rec.Code)
			}
		}
	}
	// test_conditional_response_if_modified_since_false / _true.
	r = Text(200, "foo\n")
	r.SetLastModified(lastMod.Add(-time.Second))
	if rec := serveMethod(t, r, "GET", "If-Modified-Since", lmString); rec.Code != 304 {
		t.Errorf("ims false: %d", rec.Code)
	}
	r = Text(200, "foo\n")
	r.SetLastModified(lastMod.Add(time.Second))
	if rec := serveMethod(t, r, "GET", "If-Modified-Since", lmString); rec.Code != 200 {
		t.Errorf("ims true: %d", rec.Code)
	}
	// test_HEAD_conditional_response_returns_empty_response.
	r = validated("x")
	if rec := serveMethod(t, r, "HEAD", "If-None-Match", "none"); rec.Body.Len() != 0 {
		t.Error("HEAD body")
	}
}

func mustETag(s string) (e headers.ETag) {
	v := NewResponse(200)
	v.Header().Set("Etag", s)
	return v.ETag()
}

func ranged(body string) *Response {
	r := validated(body)
	r.SetAcceptRanges("bytes")
	return r
}

func TestRanges(t *testing.T) {
	body := "0123456789abcdefghij"
	for _, c := range []struct {
		name   string
		method string
		hdr    []string
		code   int
		cr     string
		body   string
	}{
		{"single", "GET", []string{"Range", "bytes=2-5"}, 206, "bytes 2-5/20", "2345"},
		{"open end", "GET", []string{"Range", "bytes=15-"}, 206, "bytes 15-19/20", "fghij"},
		{"suffix", "GET", []string{"Range", "bytes=-3"}, 206, "bytes 17-19/20", "hij"},
		{"past end clamped", "GET", []string{"Range", "bytes=18-100"}, 206, "bytes 18-19/20", "ij"},
		{"coalesced", "GET", []string{"Range", "bytes=0-3,4-6"}, 206, "bytes 0-6/20", "0123456"},
		{"whole", "GET", []string{"Range", "bytes=0-"}, 206, "bytes 0-19/20", body},
		{"unsatisfiable", "GET", []string{"Range", "bytes=100-200"}, 416, "bytes */20", ""},
		{"invalid ignored", "GET", []string{"Range", "bytes=5-2"}, 200, "", body},
		{"bytes=- ignored", "GET", []string{"Range", "bytes=-"}, 200, "", body},
		{"other unit ignored", "GET", []string{"Range", "items=0-1"}, 200, "", body},
		{"post ignored", "POST", []string{"Range", "bytes=0-1"}, 200, "", body},
		{"if-range etag match", "GET", []string{"Range", "bytes=0-1", "If-Range", `"v1"`}, 206, "bytes 0-1/20", "01"},
		{"if-range etag miss", "GET", []string{"Range", "bytes=0-1", "If-Range", `"v0"`}, 200, "", body},
		{"if-range weak", "GET", []string{"Range", "bytes=0-1", "If-Range", `W/"v1"`}, 200, "", body},
		{"if-range date match", "GET", []string{"Range", "bytes=0-1", "If-Range", lmString}, 206, "bytes 0-1/20", "01"},
		{"if-range date miss", "GET", []string{"Range", "bytes=0-1", "If-Range", before}, 200, "", body},
		{"if-range invalid", "GET", []string{"Range", "bytes=0-1", "If-Range", "garbage"}, 200, "", body},
		// Abuse: more than 100 ranges, or ranges adding up past the length,
		// get the whole body, never thousands of parts.
		{"too many", "GET", []string{"Range", "bytes=" + strings.Repeat("0-0,", 50000) + "0-0"}, 200, "", body},
		{"101 ranges", "GET", []string{"Range", "bytes=" + strings.TrimSuffix(strings.Repeat("1-1,", 101), ",")}, 200, "", body},
		{"overlap sum", "GET", []string{"Range", "bytes=0-15,5-19"}, 200, "", body},
		// A 304 wins over the range.
		{"304 first", "GET", []string{"Range", "bytes=0-1", "If-None-Match", `"v1"`}, 304, "", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			rec := serveMethod(t, ranged(body), c.method, c.hdr...)
			if rec.Code != c.code {
				t.Fatalf("status %d, want %d (%q)", rec.Code, c.code, rec.Body)
			}
			if got := rec.Header().Get("Content-Range"); got != c.cr {
				t.Errorf("Content-Range %q, want %q", got, c.cr)
			}
			if c.code != 416 && rec.Body.String() != c.body {
				t.Errorf("body %q, want %q", rec.Body, c.body)
			}
			if c.code == 206 && rec.Header().Get("Content-Length") != itoa(len(c.body)) {
				t.Errorf("Content-Length %q", rec.Header().Get("Content-Length"))
			}
		})
	}
	// Ranges need the opt-in and can be switched off.
	if rec := serveMethod(t, validated(body), "GET", "Range", "bytes=0-1"); rec.Code != 200 {
		t.Errorf("no Accept-Ranges: %d", rec.Code)
	}
	r := ranged(body)
	r.DisableRanges = true
	if rec := serveMethod(t, r, "GET", "Range", "bytes=0-1"); rec.Code != 200 {
		t.Errorf("DisableRanges: %d", rec.Code)
	}
	// HEAD: 206 headers without a body (WebOb serves ranges for HEAD too;
	// RFC 9110 defines them for GET only, so HEAD gets 200).
	if rec := serveMethod(t, ranged(body), "HEAD", "Range", "bytes=4-5"); rec.Code != 200 || rec.Body.Len() != 0 {
		t.Errorf("HEAD range: %d %q", rec.Code, rec.Body)
	}
}

func itoa(n int) string { return formatInt(int64(n)) }

func TestMultiRange(t *testing.T) {
	body := "0123456789abcdefghij"
	rec := serveMethod(t, ranged(body), "GET", "Range", "bytes=0-1, 5-6, -2")
	if rec.Code != 206 {
		t.Fatalf("status %d", rec.Code)
	}
	mt, params, err := mime.ParseMediaType(rec.Header().Get("Content-Type"))
	if err != nil || mt != "multipart/byteranges" {
		t.Fatalf("Content-Type %q", rec.Header().Get("Content-Type"))
	}
	if rec.Header().Get("Content-Length") != itoa(rec.Body.Len()) {
		t.Errorf("Content-Length %q for %d bytes", rec.Header().Get("Content-Length"), rec.Body.Len())
	}
	mr := multipart.NewReader(rec.Body, params["boundary"])
	var parts, ranges []string
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(p)
		parts = append(parts, string(b))
		ranges = append(ranges, p.Header.Get("Content-Range"))
		if p.Header.Get("Content-Type") != ctTextPlain {
			t.Errorf("part Content-Type %q", p.Header.Get("Content-Type"))
		}
	}
	if strings.Join(parts, "|") != "01|56|ij" || strings.Join(ranges, "|") != "bytes 0-1/20|bytes 5-6/20|bytes 18-19/20" {
		t.Errorf("parts %q ranges %q", parts, ranges)
	}
}

// countingReaderAt counts the bytes read through ReadAt, and fails any
// plain Read (ranges must not read the whole stream).
type countingReaderAt struct {
	data []byte
	read int
}

func (c *countingReaderAt) ReadAt(p []byte, off int64) (int, error) {
	if off >= int64(len(c.data)) {
		return 0, io.EOF
	}
	n := copy(p, c.data[off:])
	c.read += n
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}
func (c *countingReaderAt) Read([]byte) (int, error) { return 0, errors.New("sequential read") }

// countingSeeker is an io.ReadSeeker only (no ReadAt).
type countingSeeker struct {
	r    *bytes.Reader
	read int
}

func (c *countingSeeker) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.read += n
	return n, err
}
func (c *countingSeeker) Seek(off int64, whence int) (int64, error) { return c.r.Seek(off, whence) }

// onlyReader hides everything but Read.
type onlyReader struct {
	r    io.Reader
	read int
}

func (o *onlyReader) Read(p []byte) (int, error) {
	n, err := o.r.Read(p)
	o.read += n
	return n, err
}

func TestRangesOnStreams(t *testing.T) {
	data := bytes.Repeat([]byte("0123456789"), 100000) // 1 MB
	// io.ReaderAt: only the requested bytes are read.
	ra := &countingReaderAt{data: data}
	r := Stream(200, "application/octet-stream", ra, int64(len(data)))
	r.SetAcceptRanges("bytes")
	rec := serveMethod(t, r, "GET", "Range", "bytes=500000-500009")
	if rec.Code != 206 || rec.Body.String() != "0123456789" || ra.read != 10 {
		t.Errorf("ReaderAt: %d %q read %d", rec.Code, rec.Body, ra.read)
	}
	ra = &countingReaderAt{data: data}
	r = Stream(200, "application/octet-stream", ra, int64(len(data)))
	r.SetAcceptRanges("bytes")
	rec = serveMethod(t, r, "GET", "Range", "bytes=0-1,999998-")
	if rec.Code != 206 || ra.read != 4 || !strings.Contains(rec.Body.String(), "\r\n\r\n89\r\n") {
		t.Errorf("ReaderAt multi: %d read %d", rec.Code, ra.read)
	}
	// io.ReadSeeker: seeks, reads only the range.
	rs := &countingSeeker{r: bytes.NewReader(data)}
	r = Stream(200, "", rs, int64(len(data)))
	r.SetAcceptRanges("bytes")
	rec = serveMethod(t, r, "GET", "Range", "bytes=-5")
	if rec.Code != 206 || rec.Body.String() != "56789" || rs.read != 5 {
		t.Errorf("ReadSeeker: %d %q read %d", rec.Code, rec.Body, rs.read)
	}
	// A plain reader of known size: skips forward, never buffers.
	or := &onlyReader{r: bytes.NewReader(data)}
	r = Stream(200, "", or, int64(len(data)))
	r.SetAcceptRanges("bytes")
	rec = serveMethod(t, r, "GET", "Range", "bytes=10-12,20-22")
	if rec.Code != 206 || or.read > 23 || !strings.Contains(rec.Body.String(), "\r\n\r\n012\r\n") {
		t.Errorf("plain reader: %d read %d %q", rec.Code, or.read, rec.Body)
	}
	// Unknown length: ranges are skipped.
	r = Stream(200, "", strings.NewReader("abc"), -1)
	r.SetAcceptRanges("bytes")
	if rec := serveMethod(t, r, "GET", "Range", "bytes=0-0"); rec.Code != 200 || rec.Body.String() != "abc" {
		t.Errorf("unknown length: %d %q", rec.Code, rec.Body)
	}
	// A function body has no known length either.
	r = NewResponse(200)
	r.SetAcceptRanges("bytes")
	r.SetBodyFunc(func(w io.Writer) error { _, err := io.WriteString(w, "abc"); return err })
	if rec := serveMethod(t, r, "GET", "Range", "bytes=0-0"); rec.Code != 200 || rec.Body.String() != "abc" {
		t.Errorf("func body: %d %q", rec.Code, rec.Body)
	}
}

func TestRangeNotSatisfiableFacts(t *testing.T) {
	// WebOb test_conditional_response_range_not_satisfiable_response:
	// "bytes=100-200" on a 4-byte body is 416 with Content-Range
	// "bytes */4"; for HEAD the body is empty.
	for _, m := range []string{"GET", "HEAD"} {
		r := Text(200, "foo\n")
		r.SetAcceptRanges("bytes")
		rec := serveMethod(t, r, m, "Range", "bytes=100-200")
		want := 416
		if m == "HEAD" {
			want = 200 // ranges are for GET only
		}
		if rec.Code != want {
			t.Errorf("%s: %d", m, rec.Code)
			continue
		}
		if m == "GET" && rec.Header().Get("Content-Range") != "bytes */4" {
			t.Errorf("Content-Range %q", rec.Header().Get("Content-Range"))
		}
		if m == "HEAD" && rec.Body.Len() != 0 {
			t.Error("HEAD body")
		}
	}
	// test_app_iter_range: bytes 2-5 of "012345" is "2345" with
	// Content-Range "bytes 2-5/6" (WebOb's (2,5) is the half-open 2-4;
	// the facts below use the wire form).
	r := Stream(200, "", strings.NewReader("012345"), 6)
	r.SetAcceptRanges("bytes")
	rec := serveMethod(t, r, "GET", "Range", "bytes=2-4")
	if rec.Code != 206 || rec.Body.String() != "234" || rec.Header().Get("Content-Range") != "bytes 2-4/6" {
		t.Errorf("app_iter_range: %d %q %q", rec.Code, rec.Body, rec.Header().Get("Content-Range"))
	}
}

// fileReadFromWriter records what its ReadFrom is handed.
type fileReadFromWriter struct {
	countingWriter
	src io.Reader
	buf bytes.Buffer
}

func (w *fileReadFromWriter) Write(p []byte) (int, error) { return w.buf.Write(p) }

func (w *fileReadFromWriter) ReadFrom(src io.Reader) (int64, error) {
	w.src = src
	return w.buf.ReadFrom(src)
}

// TestSingleRangeOfFileKeepsSendfile: one range of an *os.File body reaches
// the writer's ReadFrom as an *io.LimitedReader over the file itself —
// what net/http sends with sendfile — not through an io.SectionReader.
func TestSingleRangeOfFileKeepsSendfile(t *testing.T) {
	name := filepath.Join(t.TempDir(), "f")
	if err := os.WriteFile(name, []byte("0123456789abcdefghij"), 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	resp := Stream(200, "application/octet-stream", f, 20)
	resp.SetAcceptRanges("bytes")
	w := &fileReadFromWriter{countingWriter: countingWriter{h: http.Header{}}}
	hr := httptest.NewRequest("GET", "/", nil)
	hr.Header.Set("Range", "bytes=5-9")
	if err := resp.Serve(w, NewRequest(hr, nil)); err != nil {
		t.Fatal(err)
	}
	if w.buf.String() != "56789" {
		t.Fatalf("body %q", w.buf.String())
	}
	lr, ok := w.src.(*io.LimitedReader)
	if !ok {
		t.Fatalf("ReadFrom got %T, want *io.LimitedReader over the file", w.src)
	}
	if _, ok := lr.R.(*os.File); !ok {
		t.Fatalf("the limited reader wraps %T, want *os.File", lr.R)
	}
}
