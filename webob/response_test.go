package webob

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
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

func TestStatusText(t *testing.T) {
	// WebOb facts: status_code = 299 gives "299 Success"; unknown codes get
	// their class's generic reason.
	for _, c := range []struct {
		code int
		want string
	}{
		{200, "OK"}, {404, "Not Found"}, {299, "Success"}, {199, "Continue"},
		{399, "Multiple Choices"}, {499, "Unknown Client Error"}, {599, "Unknown Server Error"},
		{600, ""}, {0, ""}, {-1, ""},
	} {
		if got := StatusText(c.code); got != c.want {
			t.Errorf("StatusText(%d) = %q, want %q", c.code, got, c.want)
		}
	}
	r := NewResponse(299)
	if got := r.Status(); got != "299 Success" {
		t.Errorf("Status = %q", got)
	}
	r = NewResponse(0)
	if r.StatusCode != 200 || r.Status() != "200 OK" {
		t.Errorf("zero status: %d %q", r.StatusCode, r.Status())
	}
	r.SetReason("Fine")
	if r.Status() != "200 Fine" {
		t.Errorf("custom reason: %q", r.Status())
	}
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

func TestVary(t *testing.T) {
	r := NewResponse(200)
	must(t, r.AddVary("Accept"))
	must(t, r.AddVary("accept", "Accept-Encoding"))
	must(t, r.AddVary("Accept-Encoding", "Cookie"))
	if got := strings.Join(r.Vary(), ","); got != "Accept,Accept-Encoding,Cookie" {
		t.Errorf("Vary %q (%v)", got, r.values("Vary"))
	}
	must(t, r.AddVary("A", "a"))
	if got := strings.Join(r.Vary(), ","); got != "Accept,Accept-Encoding,Cookie,A" {
		t.Errorf("Vary with duplicate input %q", got)
	}
	must(t, r.AddVary("*"))
	must(t, r.AddVary("Origin"))
	if got := strings.Join(r.Vary(), ","); got != "*" {
		t.Errorf("Vary after * = %q", got)
	}
	must(t, r.SetVary("X", "Y"))
	if got := r.Header().Get("Vary"); got != "X, Y" {
		t.Errorf("SetVary %q", got)
	}
	// A shared name list is never written into.
	names := make([]string, 1, 4)
	names[0] = "Accept"
	r2 := NewResponse(200)
	r2.addVary(names)
	r2.Header().Add("Vary", "Origin")
	if names[:2][1] != "" {
		t.Error("Header().Add wrote into the shared slice")
	}
}

func TestBodyKinds(t *testing.T) {
	r := NewResponse(200)
	if r.HasBody() || r.ContentLength() != 0 {
		t.Error("empty response has a body")
	}
	r.SetBodyString("abc")
	if r.ContentLength() != 3 || !r.HasBody() || r.IsStream() {
		t.Error("string body")
	}
	c := &closeTracker{Reader: strings.NewReader("stream!")}
	r.SetBodyReader(c, -1)
	if r.ContentLength() != -1 || !r.IsStream() {
		t.Errorf("stream of unknown length: %d", r.ContentLength())
	}
	b, err := r.Body()
	if err != nil || string(b) != "stream!" || !c.closed {
		t.Errorf("Body of a stream: %q %v closed=%v", b, err, c.closed)
	}
	if b2, _ := r.Body(); string(b2) != "stream!" || r.ContentLength() != 7 {
		t.Error("Body is not repeatable")
	}
	r.SetBodyFunc(func(w io.Writer) error {
		_, err := io.WriteString(w, "generated")
		return err
	})
	if r.ContentLength() != -1 {
		t.Error("func body has a length")
	}
	rd := r.BodyReader()
	if got, _ := io.ReadAll(rd); string(got) != "generated" {
		t.Errorf("BodyReader of a func: %q", got)
	}
	if r.HasBody() {
		t.Error("BodyReader left the body in place")
	}
	// Replacing a stream body closes it; so does Close.
	c2 := &closeTracker{Reader: strings.NewReader("x")}
	r.SetBodyReader(c2, 1)
	r.SetBody([]byte("y"))
	if !c2.closed {
		t.Error("replaced stream not closed")
	}
	c3 := &closeTracker{Reader: strings.NewReader("x")}
	r.SetBodyReader(c3, 1)
	r.Close()
	if !c3.closed {
		t.Error("Close did not close the stream")
	}
	// A failing function body reports its error.
	r.SetBodyFunc(func(w io.Writer) error { return errors.New("boom") })
	if _, err := r.Body(); err == nil {
		t.Error("failing func: no error")
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

func TestCookies(t *testing.T) {
	r := NewResponse(200)
	must(t, r.SetCookie(cookies.SetCookie{Name: "x", Value: "y", Path: "/"}))
	must(t, r.SetCookie(cookies.SetCookie{Name: "foo", Value: "foo", Path: "/", HttpOnly: true}))
	// WebOb facts: set_cookie('x','y') is "x=y; Path=/"; httponly adds
	// "; HttpOnly".
	if got := r.values("Set-Cookie"); len(got) != 2 || got[0] != "x=y; Path=/" || got[1] != "foo=foo; Path=/; HttpOnly" {
		t.Errorf("Set-Cookie %q", got)
	}
	must(t, r.DeleteCookie("a", "", ""))
	del := r.values("Set-Cookie")[2]
	for _, part := range []string{"a=", "Path=/", "Max-Age=0", "Expires=Thu, 01 Jan 1970 00:00:00 GMT"} {
		if !strings.Contains(del, part) {
			t.Errorf("delete cookie %q lacks %q", del, part)
		}
	}
	must(t, r.DeleteCookie("a", "/abc", "example.com"))
	if l := r.values("Set-Cookie")[3]; !strings.Contains(l, "Path=/abc") || !strings.Contains(l, "Domain=example.com") {
		t.Errorf("delete with path and domain: %q", l)
	}
	// WebOb: unset_cookie removes the pending lines of that name only.
	u := NewResponse(200)
	u.Header().Add("Set-Cookie", "a=2; Path=/")
	u.Header().Add("Set-Cookie", "b=3; Path=/")
	if !u.UnsetCookie("a") || strings.Join(u.values("Set-Cookie"), "|") != "b=3; Path=/" {
		t.Errorf("UnsetCookie a: %q", u.values("Set-Cookie"))
	}
	if u.UnsetCookie("zzz") {
		t.Error("UnsetCookie of an absent cookie reported true")
	}
	if !u.UnsetCookie("b") || u.has("Set-Cookie") {
		t.Error("UnsetCookie b")
	}
	// WebOb: merge_cookies appends this response's Set-Cookie lines.
	src := NewResponse(200)
	must(t, src.SetCookie(cookies.SetCookie{Name: "a", Value: "1", Path: "/"}))
	dst := Found("/home").Response(nil)
	must(t, dst.SetCookie(cookies.SetCookie{Name: "b", Value: "2"}))
	if got := src.MergeCookies(dst); got != dst || strings.Join(dst.values("Set-Cookie"), "|") != "b=2|a=1; Path=/" {
		t.Errorf("MergeCookies: %q", dst.values("Set-Cookie"))
	}
	if NewResponse(200).MergeCookies(dst) != dst {
		t.Error("MergeCookies without cookies")
	}
	if cs := dst.Cookies(); len(cs) != 2 || cs[1].Name != "a" || cs[1].Path != "/" {
		t.Errorf("Cookies %+v", cs)
	}
	// Signed cookies through a profile.
	s, _ := cookies.NewSigner([]byte("0123456789abcdef0123456789abcdef"))
	p := &cookies.Profile{Name: "session", Codec: s, HttpOnly: true}
	must(t, r.SetProfileCookie(p, map[string]int{"n": 1}))
	last := r.values("Set-Cookie")[len(r.values("Set-Cookie"))-1]
	if !strings.HasPrefix(last, "session=") || !strings.Contains(last, "HttpOnly") {
		t.Errorf("profile cookie %q", last)
	}
}

func TestCacheControlAndExpires(t *testing.T) {
	r := NewResponse(200)
	must(t, r.UpdateCacheControl(func(cc *headers.CacheControl) { cc.MaxAge = headers.Seconds(10) }))
	rec := serveReq(t, r, get("/"))
	// WebOb fact: cache_control.max_age = 10 gives "max-age=10".
	if got := rec.Header().Get("Cache-Control"); got != "max-age=10" {
		t.Errorf("Cache-Control %q", got)
	}
	// The typed value follows direct changes of the field.
	r = NewResponse(200)
	r.Header().Set("Cache-Control", "no-cache")
	if !r.CacheControl().NoCache {
		t.Error("typed Cache-Control did not read the field")
	}
	r.Header().Set("Cache-Control", "public")
	if cc := r.CacheControl(); cc.NoCache || !cc.Public {
		t.Error("typed Cache-Control did not follow the field")
	}
	// CacheExpires(0): WebOb fact "max-age=0, must-revalidate, no-cache,
	// no-store", Pragma no-cache, Expires now, Last-Modified set.
	r = NewResponse(200)
	before := time.Now().Add(-2 * time.Second)
	r.CacheExpires(0)
	set := map[string]bool{}
	for d := range headers.List(r.values("Cache-Control")) {
		set[d] = true
	}
	if len(set) != 4 || !set["max-age=0"] || !set["must-revalidate"] || !set["no-cache"] || !set["no-store"] {
		t.Errorf("CacheExpires(0) Cache-Control %q", r.values("Cache-Control"))
	}
	if r.Pragma() != "no-cache" || r.Expires().Before(before) || r.LastModified().Before(before) {
		t.Errorf("CacheExpires(0): Pragma %q Expires %v Last-Modified %v", r.Pragma(), r.Expires(), r.LastModified())
	}
	// WebOb fact: cache_expires(0) then cache_expires(1) leaves only
	// max-age=1 and no Pragma.
	r.CacheExpires(1)
	if got := r.Header().Get("Cache-Control"); got != "max-age=1" || r.has("Pragma") {
		t.Errorf("CacheExpires(1): %q pragma %q", got, r.Pragma())
	}
	if d := time.Until(r.Expires()); d > 2*time.Second || d < -2*time.Second {
		t.Errorf("Expires %v", r.Expires())
	}
	r.CacheExpires(60)
	if r.CacheControl().MaxAge.Seconds != 60 {
		t.Errorf("max-age %v", r.CacheControl().MaxAge)
	}
}

func TestSetETagFromBody(t *testing.T) {
	r := Text(200, "The quick brown fox jumps over the lazy dog")
	must(t, r.SetETagFromBody())
	e, err := r.ParseETag()
	if err != nil || e.Weak || len(e.Tag) != 22 {
		t.Fatalf("ETag %v %v", e, err)
	}
	if e.Tag != "16j7swfXgJRpypq8sAguTw" {
		t.Errorf("ETag of the quick brown fox = %q", e.Tag)
	}
	r.SetBodyFunc(func(io.Writer) error { return errors.New("x") })
	if err := r.SetETagFromBody(); err == nil {
		t.Error("body error not reported")
	}
}

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

func TestMessageRoundTrip(t *testing.T) {
	r := Text(404, "not here")
	r.SetReason("Gone Fishing")
	must(t, r.SetCookie(cookies.SetCookie{Name: "a", Value: "1"}))
	must(t, r.SetCookie(cookies.SetCookie{Name: "b", Value: "2"}))
	must(t, r.SetETag("v1"))
	b, err := r.AsBytes()
	if err != nil {
		t.Fatal(err)
	}
	want := "HTTP/1.1 404 Gone Fishing\r\nContent-Type: text/plain; charset=utf-8\r\nEtag: \"v1\"\r\n" +
		"Set-Cookie: a=1\r\nSet-Cookie: b=2\r\nContent-Length: 8\r\n\r\nnot here"
	if string(b) != want {
		t.Errorf("AsBytes:\n%q\nwant\n%q", b, want)
	}
	p, err := ParseResponse(b)
	if err != nil {
		t.Fatal(err)
	}
	b2, err := p.AsBytes()
	if err != nil || !bytes.Equal(b, b2) {
		t.Errorf("round trip:\n%q\n%q %v", b, b2, err)
	}
	if p.Reason() != "Gone Fishing" || p.StatusCode != 404 {
		t.Errorf("parsed status %d %q", p.StatusCode, p.Reason())
	}
	// A stream of unknown length is chunked, with trailers.
	s := NewResponse(200)
	s.SetBodyFunc(func(w io.Writer) error { _, err := io.WriteString(w, "chunky"); return err })
	s.Trailer().Set("X-Sum", "42")
	var buf bytes.Buffer
	must(t, writeTo(s, &buf))
	if !strings.Contains(buf.String(), "Transfer-Encoding: chunked\r\n") || !strings.Contains(buf.String(), "Trailer: X-Sum\r\n") {
		t.Errorf("chunked message %q", buf.String())
	}
	p, err = ParseResponse(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if body, _ := p.Body(); string(body) != "chunky" || p.Trailer().Get("X-Sum") != "42" {
		t.Errorf("parsed chunked: %q trailer %v", body, p.trl())
	}
	// WebOb fact: "HTTP/1.1 404 Not Found" parses to status 404 "404 Not Found".
	p, err = ParseResponse([]byte("HTTP/1.1 404 Not Found\r\nContent-Length: 12\r\n\r\nSome data..."))
	if err != nil || p.Status() != "404 Not Found" || p.Reason() != "" {
		t.Errorf("404 %v %q %q", err, p.Status(), p.Reason())
	}
	// A header with white space before the colon is refused (CVE-2019-16276).
	if _, err := ParseResponse([]byte("HTTP/1.1 200 OK\r\nFoo : bar\r\nContent-Length: 0\r\n\r\n")); !errors.Is(err, ErrMalformedResponse) {
		t.Errorf("space before colon: %v", err)
	}
	for _, bad := range []string{"", "200 OK\r\n\r\n", "HTTP/1.1 abc OK\r\n\r\n", "HTTP/1.1 200 OK\r\nBad Header\r\n\r\n"} {
		if _, err := ParseResponse([]byte(bad)); !errors.Is(err, ErrMalformedResponse) {
			t.Errorf("ParseResponse(%q) = %v", bad, err)
		}
	}
	// 204 has no body on the wire.
	b, _ = NewResponse(204).AsBytes()
	if string(b) != "HTTP/1.1 204 No Content\r\n\r\n" {
		t.Errorf("204: %q", b)
	}
}

func FuzzParseResponse(f *testing.F) {
	f.Add([]byte("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nhi"))
	f.Add([]byte("HTTP/1.1 404 Not Found\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\nContent-Length: 0\r\n\r\n"))
	f.Add([]byte("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTrailer: X\r\n\r\n2\r\nhi\r\n0\r\nX: y\r\n\r\n"))
	f.Add([]byte("HTTP/1.0 304 Not Modified\r\nETag: \"x\"\r\n\r\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := ParseResponse(b)
		if err != nil {
			if !errors.Is(err, ErrMalformedResponse) {
				t.Fatalf("untyped error %v", err)
			}
			return
		}
		checkResponseAccessors(t, r)
		out, err := r.AsBytes()
		if err != nil {
			return // fields Go's reader accepts but we refuse to write
		}
		r2, err := ParseResponse(out)
		if err != nil {
			t.Fatalf("re-parse of %q: %v", out, err)
		}
		out2, err := r2.AsBytes()
		if err != nil || !bytes.Equal(out, out2) {
			t.Fatalf("not a fixed point:\n%q\n%q\n%v", out, out2, err)
		}
	})
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
