package webob

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/webob-go/webob/cookies"
	"github.com/webob-go/webob/headers"
)

// serveGet serves resp for a request built by newReq and returns the
// recorder.
func serveReq(t testing.TB, resp *Response, hr *http.Request) *httptest.ResponseRecorder {
	t.Helper()
	rec := httptest.NewRecorder()
	if err := resp.Serve(rec, NewRequest(hr, nil)); err != nil {
		t.Fatalf("Serve: %v", err)
	}
	return rec
}

func get(path string, kv ...string) *http.Request {
	hr := httptest.NewRequest(http.MethodGet, path, nil)
	for i := 0; i+1 < len(kv); i += 2 {
		hr.Header.Add(kv[i], kv[i+1])
	}
	return hr
}

func TestConstructors(t *testing.T) {
	for _, c := range []struct {
		name string
		r    *Response
		ct   string
		body string
	}{
		{"Text", Text(200, "hi"), "text/plain; charset=utf-8", "hi"},
		{"HTML", HTML(201, "<p>"), "text/html; charset=utf-8", "<p>"},
		{"JSON", JSON(200, map[string]any{"a": 1, "b": "<"}), "application/json", `{"a":1,"b":"\u003c"}`},
		{"Bytes text", Bytes(200, "text/csv", []byte("a,b")), "text/csv; charset=utf-8", "a,b"},
		{"Bytes xml", Bytes(200, "application/xml", nil), "application/xml; charset=utf-8", ""},
		{"Bytes atom", Bytes(200, "application/atom+xml", nil), "application/atom+xml; charset=utf-8", ""},
		{"Bytes svg", Bytes(200, "image/svg+xml", nil), "image/svg+xml; charset=utf-8", ""},
		{"Bytes json", Bytes(200, "application/json", nil), "application/json", ""},
		{"Bytes png", Bytes(200, "image/png", nil), "image/png", ""},
		{"Bytes charset kept", Bytes(200, "text/plain;charset=ISO-8859-1", nil), "text/plain;charset=ISO-8859-1", ""},
		{"Bytes none", Bytes(200, "", []byte("x")), "", "x"},
		{"Stream", Stream(200, "text/plain", strings.NewReader("abc"), 3), "text/plain; charset=utf-8", "abc"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := c.r.Header().Get("Content-Type"); got != c.ct {
				t.Errorf("Content-Type = %q, want %q", got, c.ct)
			}
			b, err := c.r.Body()
			if err != nil || string(b) != c.body {
				t.Errorf("Body = %q, %v; want %q", b, err, c.body)
			}
		})
	}
	bad := JSON(200, func() {})
	if bad.Err() == nil {
		t.Fatal("JSON of a func: no error")
	}
	if _, err := bad.Body(); err == nil {
		t.Error("Body of a failed JSON: no error")
	}
	if err := bad.Serve(httptest.NewRecorder(), NewRequest(get("/"), nil)); !errors.Is(err, ErrNotRendered) {
		t.Errorf("Serve of a failed JSON = %v", err)
	}
}

func TestSetContentTypeWebOb(t *testing.T) {
	// WebOb: setting a texty content type adds the default charset;
	// charset can be replaced and removed.
	r := NewResponse(200)
	if err := r.SetContentType("text/xml"); err != nil {
		t.Fatal(err)
	}
	if got := r.Header().Get("Content-Type"); got != "text/xml; charset=utf-8" {
		t.Errorf("got %q", got)
	}
	if err := r.SetCharset("iso8859-1"); err != nil {
		t.Fatal(err)
	}
	if got := r.Header().Get("Content-Type"); got != "text/xml; charset=iso8859-1" {
		t.Errorf("after SetCharset: %q", got)
	}
	if r.Charset() != "iso8859-1" || r.ContentType() != "text/xml" {
		t.Errorf("Charset %q ContentType %q", r.Charset(), r.ContentType())
	}
	if err := r.SetCharset(""); err != nil || r.Header().Get("Content-Type") != "text/xml" {
		t.Errorf("remove charset: %q %v", r.Header().Get("Content-Type"), err)
	}
	if err := r.SetContentType("application/json"); err != nil || r.Header().Get("Content-Type") != "application/json" {
		t.Errorf("json: %q", r.Header().Get("Content-Type"))
	}
	if err := r.SetContentType("not a type"); err == nil {
		t.Error("invalid media type accepted")
	}
	if err := r.SetContentType(""); err != nil || r.has("Content-Type") {
		t.Error("empty content type did not remove the field")
	}
	if err := NewResponse(200).SetCharset("utf-8"); !errors.Is(err, ErrNoContentType) {
		t.Errorf("SetCharset without Content-Type = %v", err)
	}
	// Header() keeps a constructor's Content-Type.
	tx := Text(200, "x")
	if tx.Header().Get("Content-Type") != ctTextPlain {
		t.Error("Header() lost the constructor's Content-Type")
	}
}

func TestSettersRefuseControlBytes(t *testing.T) {
	bad := []string{"a\rb", "a\nb", "a\x00b", "a\r\nSet-Cookie: x=y", "\x7f", "a\x01"}
	for _, v := range bad {
		r := NewResponse(200)
		setters := map[string]func() error{
			"SetHeader":             func() error { return r.SetHeader("X-A", v) },
			"AddHeader":             func() error { return r.AddHeader("X-A", v) },
			"SetLocation":           func() error { return r.SetLocation(v) },
			"SetContentLocation":    func() error { return r.SetContentLocation(v) },
			"SetContentEncoding":    func() error { return r.SetContentEncoding(v) },
			"SetAcceptRanges":       func() error { return r.SetAcceptRanges(v) },
			"SetPragma":             func() error { return r.SetPragma(v) },
			"SetETag":               func() error { return r.SetETag(v) },
			"SetContentType":        func() error { return r.SetContentType("text/plain; a=" + v) },
			"SetContentDisposition": func() error { return r.SetContentDisposition("attachment"+v, "f") },
			"SetAllow":              func() error { return r.SetAllow("GET", v) },
			"SetContentLanguage":    func() error { return r.SetContentLanguage(v) },
			"AddVary":               func() error { return r.AddVary(v) },
			"SetVary":               func() error { return r.SetVary(v) },
			"SetCookieLines":        func() error { return r.SetCookieLines(v) },
			"SetCookie":             func() error { return r.SetCookie(cookies.SetCookie{Name: "a", Value: v}) },
			"SetCookie path":        func() error { return r.SetCookie(cookies.SetCookie{Name: "a", Path: v}) },
		}
		for name, set := range setters {
			if err := set(); err == nil {
				t.Errorf("%s(%q) accepted", name, v)
			}
		}
		if len(r.header) != 0 {
			t.Errorf("refused setters changed the header: %v", r.header)
		}
	}
	if err := NewResponse(200).SetHeader("Bad Name", "x"); !errors.Is(err, ErrInvalidHeader) {
		t.Errorf("bad name: %v", err)
	}
	// A raw value put in the map is refused when sending.
	r := Text(200, "x")
	r.Header()["X-Evil"] = []string{"a\r\nSet-Cookie: owned=1"}
	rec := httptest.NewRecorder()
	if err := r.Serve(rec, NewRequest(get("/"), nil)); !errors.Is(err, ErrInvalidHeader) {
		t.Errorf("Serve with CRLF in a value = %v", err)
	}
	if rec.Header().Get("Set-Cookie") != "" || rec.Code != 200 || rec.Body.Len() != 0 {
		t.Errorf("something was written: %v %q", rec.Header(), rec.Body)
	}
	r = Text(200, "x")
	r.Trailer()["X-T"] = []string{"a\nb"}
	if err := r.Serve(httptest.NewRecorder(), NewRequest(get("/"), nil)); !errors.Is(err, ErrInvalidHeader) {
		t.Errorf("Serve with LF in a trailer = %v", err)
	}
	if _, err := r.AsBytes(); !errors.Is(err, ErrInvalidHeader) {
		t.Errorf("AsBytes with LF in a trailer = %v", err)
	}
}

func TestResponseTypedHeaders(t *testing.T) {
	r := NewResponse(200)
	now := time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC)
	r.SetDate(now)
	r.SetExpires(now.Add(time.Hour))
	r.SetLastModified(now.Add(-time.Hour))
	r.SetAge(30)
	r.SetContentLength(10)
	r.SetContentRange(headers.ContentRange{Start: 0, End: 9, Length: 100})
	r.SetRetryAfter(headers.RetryAfter{Delay: 120 * time.Second})
	must(t, r.SetWeakETag("xyzzy"))
	must(t, r.SetAllow("GET", "HEAD"))
	must(t, r.SetContentLanguage("en", "de-AT"))
	must(t, r.SetContentLocation("/doc.en"))
	must(t, r.SetContentEncoding("br"))
	must(t, r.SetAcceptRanges("bytes"))
	must(t, r.SetLocation("/next"))
	must(t, r.SetWWWAuthenticate(headers.Challenge{Scheme: "Basic", Params: headers.Params{{Name: "realm", Value: "x y"}}}))
	must(t, r.SetAttachment(`evil"; filename=x.exe;.txt`))

	if !r.Date().Equal(now) || !r.Expires().Equal(now.Add(time.Hour)) || !r.LastModified().Equal(now.Add(-time.Hour)) {
		t.Errorf("dates: %v %v %v", r.Date(), r.Expires(), r.LastModified())
	}
	if r.Header().Get("Date") != "Mon, 06 May 2024 07:08:09 GMT" {
		t.Errorf("Date field %q", r.Header().Get("Date"))
	}
	if n, err := r.ParseAge(); err != nil || n != 30 || r.Age() != 30 {
		t.Errorf("Age %d %v", n, err)
	}
	if cr, err := r.ParseContentRange(); err != nil || cr != (headers.ContentRange{Start: 0, End: 9, Length: 100}) || cr != r.ContentRange() {
		t.Errorf("ContentRange %v %v", cr, err)
	}
	if ra, err := r.ParseRetryAfter(); err != nil || ra.Delay != 120*time.Second || ra != r.RetryAfter() {
		t.Errorf("RetryAfter %v %v", ra, err)
	}
	if e, err := r.ParseETag(); err != nil || e != (headers.ETag{Tag: "xyzzy", Weak: true}) || e != r.ETag() || r.Header().Get("ETag") != `W/"xyzzy"` {
		t.Errorf("ETag %v %v %q", e, err, r.Header().Get("ETag"))
	}
	if got := strings.Join(r.Allow(), ","); got != "GET,HEAD" {
		t.Errorf("Allow %q", got)
	}
	if got := strings.Join(r.ContentLanguage(), ","); got != "en,de-AT" {
		t.Errorf("Content-Language %q", got)
	}
	if r.ContentLocation() != "/doc.en" || r.ContentEncoding() != "br" || r.AcceptRanges() != "bytes" || r.Location() != "/next" {
		t.Error("string fields")
	}
	if cs := r.WWWAuthenticate(); len(cs) != 1 || cs[0].Scheme != "Basic" {
		t.Errorf("WWW-Authenticate %v", cs)
	}
	cd, err := r.ParseContentDisposition()
	if err != nil || cd.Filename() != `evil"; filename=x.exe;.txt` || !cd.IsAttachment() {
		t.Errorf("Content-Disposition %q: %v %v", r.Header().Get("Content-Disposition"), cd, err)
	}
	must(t, r.SetAttachment("résumé.pdf"))
	if cd := r.ContentDisposition(); cd.Filename() != "résumé.pdf" {
		t.Errorf("non-ASCII file name %q", r.Header().Get("Content-Disposition"))
	}
	// Zero values remove.
	r.SetDate(time.Time{})
	r.SetAge(-1)
	r.SetContentLength(-1)
	must(t, r.SetETag(""))
	must(t, r.SetAllow())
	must(t, r.SetLocation(""))
	for _, k := range []string{"Date", "Age", "Content-Length", "Etag", "Allow", "Location"} {
		if r.has(k) {
			t.Errorf("%s not removed", k)
		}
	}
	// Missing and invalid fields give zero values.
	z := NewResponse(200)
	z.Header().Set("Expires", "0")
	z.Header().Set("Age", "-3")
	z.Header().Set("ETag", "no-quotes")
	if _, err := z.ParseExpires(); !z.Expires().IsZero() || err == nil {
		t.Errorf("Expires: 0 is not the zero time with an error (%v)", err)
	}
	if _, err := z.ParseAge(); z.Age() != -1 || err == nil {
		t.Error("negative Age accepted")
	}
	if _, err := z.ParseETag(); z.ETag() != (headers.ETag{}) || err == nil {
		t.Error("unquoted ETag accepted")
	}
	if cr, err := z.ParseContentRange(); cr != (headers.ContentRange{}) || err != nil {
		t.Error("missing Content-Range reported")
	}
	if n, err := z.ParseAge(); n != -1 || err == nil {
		t.Errorf("ParseAge of an invalid Age = %d, %v", n, err)
	}
	if n, err := NewResponse(200).ParseAge(); n != -1 || err != nil {
		t.Errorf("ParseAge of a missing Age = %d, %v", n, err)
	}
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

type closeTracker struct {
	io.Reader
	closed bool
}

func (c *closeTracker) Close() error { c.closed = true; return nil }

func TestServeBasics(t *testing.T) {
	// HEAD: headers only, Content-Length given, stream closed.
	c := &closeTracker{Reader: strings.NewReader("foo")}
	r := Stream(200, "text/plain", c, 3)
	hr := httptest.NewRequest(http.MethodHead, "/", nil)
	rec := serveReq(t, r, hr)
	if rec.Body.Len() != 0 || rec.Header().Get("Content-Length") != "3" || !c.closed {
		t.Errorf("HEAD: body %q CL %q closed %v", rec.Body, rec.Header().Get("Content-Length"), c.closed)
	}
	// WebOb: HEAD of a byte body keeps its Content-Length.
	rec = serveReq(t, Text(200, strings.Repeat("x", 10)), httptest.NewRequest(http.MethodHead, "/", nil))
	if rec.Header().Get("Content-Length") != "10" || rec.Body.Len() != 0 {
		t.Errorf("HEAD bytes: %v %q", rec.Header(), rec.Body)
	}
	// No body for 1xx (other than via 103), 204, 205, 304.
	for _, code := range []int{204, 205, 304} {
		rr := Text(code, "ignored")
		rr.SetContentLength(7)
		rec := serveReq(t, rr, get("/"))
		if rec.Code != code || rec.Body.Len() != 0 {
			t.Errorf("%d: body %q", code, rec.Body)
		}
		if code != 304 && rec.Header().Get("Content-Length") != "" {
			t.Errorf("%d: Content-Length sent", code)
		}
	}
	// Large byte bodies get an explicit Content-Length; a wrong one set by
	// hand is replaced.
	big := strings.Repeat("a", 5000)
	rr := Text(200, big)
	rr.SetContentLength(3)
	rec = serveReq(t, rr, get("/"))
	if rec.Header().Get("Content-Length") != "5000" || rec.Body.String() != big {
		t.Errorf("big body CL %q", rec.Header().Get("Content-Length"))
	}
	// Trailers are declared and sent.
	rr = Text(200, "body")
	rr.Trailer().Set("X-Checksum", "abc")
	srv := httptest.NewServer(rr)
	defer srv.Close()
	res, err := http.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	io.ReadAll(res.Body)
	res.Body.Close()
	if res.Trailer.Get("X-Checksum") != "abc" {
		t.Errorf("trailer %v", res.Trailer)
	}
	// A function body can flush through the writer it gets.
	rr = NewResponse(200)
	rr.SetBodyFunc(func(w io.Writer) error {
		io.WriteString(w, "a")
		if f, ok := w.(http.Flusher); ok {
			f.Flush()
		}
		return http.NewResponseController(w.(interface{ Unwrap() http.ResponseWriter }).Unwrap()).Flush()
	})
	rec = serveReq(t, rr, get("/"))
	if !rec.Flushed || rec.Body.String() != "a" {
		t.Errorf("func body flush: %v %q", rec.Flushed, rec.Body)
	}
}
