package webob

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/webob-go/webob/cookies"
	"github.com/webob-go/webob/headers"
	"github.com/webob-go/webob/internal/race"
	"github.com/webob-go/webob/multipart"
	"github.com/webob-go/webob/negotiate"
)

func newReq(method, target string, body string, hdr ...string) *Request {
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	hr := httptest.NewRequest(method, target, rd)
	for i := 0; i+1 < len(hdr); i += 2 {
		hr.Header.Add(hdr[i], hdr[i+1])
	}
	return NewRequest(hr, nil)
}

func TestNegotiatedHeaders(t *testing.T) {
	r := newReq("GET", "/", "", "Accept", "text/html", "Accept-Language", "da, en-gb;q=0.8")
	if got := r.NegotiatedHeaders(); got != nil {
		t.Fatalf("before: %v", got)
	}
	if best, _ := r.AcceptLanguage().Best("en-gb", "da"); best != "da" {
		t.Errorf("language best %q", best)
	}
	if got := r.NegotiatedHeaders(); strings.Join(got, ",") != "Accept-Language" {
		t.Fatalf("after language: %v", got)
	}
	r.Accept()
	r.AcceptEncoding()
	r.AcceptCharset()
	if got := r.NegotiatedHeaders(); strings.Join(got, ",") != "Accept,Accept-Charset,Accept-Encoding,Accept-Language" {
		t.Fatalf("all: %v", got)
	}
	// Missing and invalid headers are recorded too: the choice still
	// depended on them.
	r = newReq("GET", "/", "", "Accept", "text/html;q=2")
	a, err := r.ParseAccept()
	if a.State() != negotiate.Invalid || err == nil || !errors.Is(err, negotiate.ErrInvalidHeader) {
		t.Fatalf("invalid accept: %v %v", a.State(), err)
	}
	if r.Accept().State() != negotiate.Invalid || len(r.NegotiatedHeaders()) != 1 {
		t.Fatal("state or record")
	}
	if r.AcceptEncoding().State() != negotiate.Missing {
		t.Fatal("missing")
	}
}

func TestTypedHeaders(t *testing.T) {
	date := "Sun, 06 Nov 1994 08:49:37 GMT"
	want := time.Date(1994, 11, 6, 8, 49, 37, 0, time.UTC)
	r := newReq("GET", "/", "",
		"If-Modified-Since", date, "If-Unmodified-Since", "garbage", "Date", date,
		"If-None-Match", `W/"a", "b"`, "If-Match", "*",
		"Cache-Control", "max-age=5, no-cache",
		"Range", "bytes=0-99,-5", "If-Range", `"xyz"`,
		"Max-Forwards", "3", "Referer", "http://ref/", "User-Agent", "ua/1", "Origin", "https://o",
		"X-Requested-With", "XMLHttpRequest",
		"Content-Type", `application/xml+foobar;charset="utf8"`,
		"Authorization", "Basic "+"QWxhZGRpbjpvcGVuIHNlc2FtZQ==",
		"Cookie", "a=1; bad; b=\"two\"; a=3",
	)
	if !r.IfModifiedSince().Equal(want) || !r.Date().Equal(want) {
		t.Errorf("dates %v %v", r.IfModifiedSince(), r.Date())
	}
	if !r.IfUnmodifiedSince().IsZero() {
		t.Error("invalid date not zero")
	}
	if _, err := r.ParseIfUnmodifiedSince(); !errors.Is(err, headers.ErrInvalidDate) {
		t.Errorf("date err %v", err)
	}
	if inm := r.IfNoneMatch(); !inm.Present() || inm.Len() != 2 || !inm.MatchesWeak(headers.ETag{Tag: "a"}) {
		t.Errorf("If-None-Match %v", inm)
	}
	if im := r.IfMatch(); !im.Any() {
		t.Error("If-Match *")
	}
	if cc := r.CacheControl(); cc.MaxAge != headers.Seconds(5) || !cc.NoCache {
		t.Errorf("cache control %+v", cc)
	}
	if rg := r.Range(); len(rg.Ranges) != 2 || rg.Ranges[1] != (headers.ByteRange{Start: -1, End: 5}) {
		t.Errorf("range %+v", rg)
	}
	if ir := r.IfRange(); !ir.HasETag || ir.ETag.Tag != "xyz" {
		t.Errorf("if-range %+v", ir)
	}
	if r.MaxForwards() != 3 || r.Referer() != "http://ref/" || r.UserAgent() != "ua/1" || r.Origin() != "https://o" || !r.IsXHR() {
		t.Error("simple headers")
	}
	// WebOb: content_type drops parameters.
	if r.ContentType() != "application/xml+foobar" || r.Charset() != "utf8" {
		t.Errorf("content type %q charset %q", r.ContentType(), r.Charset())
	}
	if u, p, ok := r.BasicAuth(); !ok || u != "Aladdin" || p != "open sesame" {
		t.Errorf("basic %q %q %v", u, p, ok)
	}
	if v, ok := r.Cookie("a"); !ok || v != "1" {
		t.Errorf("cookie a %q", v)
	}
	if cs := r.Cookies(); len(cs) != 3 || cs[1] != (cookies.Cookie{Name: "b", Value: "two"}) {
		t.Errorf("cookies %v", cs)
	}

	// Missing headers: zero values, no errors.
	r = newReq("GET", "/", "")
	if !r.IfModifiedSince().IsZero() || r.IfNoneMatch().Present() || r.MaxForwards() != -1 || r.ContentType() != "" ||
		r.Charset() != "UTF-8" || len(r.Range().Ranges) != 0 || r.IsXHR() || r.Forwarded() != nil || r.ContentLength() != 0 {
		t.Error("missing headers")
	}
	for name, f := range map[string]func() error{
		"cc":   func() error { _, err := r.ParseCacheControl(); return err },
		"inm":  func() error { _, err := r.ParseIfNoneMatch(); return err },
		"ims":  func() error { _, err := r.ParseIfModifiedSince(); return err },
		"rng":  func() error { _, err := r.ParseRange(); return err },
		"ir":   func() error { _, err := r.ParseIfRange(); return err },
		"ct":   func() error { _, err := r.ParseMediaType(); return err },
		"auth": func() error { _, err := r.ParseAuthorization(); return err },
		"mf":   func() error { _, err := r.ParseMaxForwards(); return err },
		"ck":   func() error { _, err := r.ParseCookies(); return err },
	} {
		if err := f(); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}

	// Invalid values: zero value and an error.
	r = newReq("GET", "/", "", "Range", "bytes=-", "Max-Forwards", "-1", "Content-Type", "text/", "Authorization", "Basic", "X-Requested-With", "notAnXMLHTTPRequest")
	if _, err := r.ParseRange(); !errors.Is(err, headers.ErrInvalidRange) || len(r.Range().Ranges) != 0 {
		t.Errorf("range err %v", err)
	}
	if r.MaxForwards() != -1 || r.ContentType() != "" || r.IsXHR() {
		t.Error("invalid values")
	}
	if _, _, ok := r.BasicAuth(); ok {
		t.Error("basic with no token")
	}
	// Several differing Range lines.
	r = newReq("GET", "/", "", "Range", "bytes=0-1", "Range", "bytes=2-3")
	if _, err := r.ParseRange(); !errors.Is(err, ErrSeveralValues) {
		t.Errorf("several ranges: %v", err)
	}
	// Content-Length.
	r = newReq("POST", "/", "", "Content-Length", "1234")
	if r.ContentLength() != 1234 {
		t.Errorf("content length %d", r.ContentLength())
	}
	r = newReq("POST", "/", "", "Content-Length", "12, 13")
	if _, err := r.ParseContentLength(); err == nil || r.ContentLength() != -1 {
		t.Error("differing content lengths")
	}
	// Too many cookies: none, and the error.
	r = newReq("GET", "/", "", "Cookie", strings.Repeat("a=b; ", cookies.MaxPairs+1))
	if cs, err := r.ParseCookies(); cs != nil || !errors.Is(err, cookies.ErrTooManyCookies) {
		t.Errorf("too many cookies: %d %v", len(cs), err)
	}
}

func TestQuery(t *testing.T) {
	r := newReq("GET", "/?a=1&b=x+y&a=%C3%AB&empty=&flag", "")
	q := r.Query()
	if q.Get("a") != "1" || strings.Join(q.GetAll("a"), ",") != "1,ë" || q.Get("b") != "x y" || !q.Has("flag") || q.Has("nope") {
		t.Errorf("query %v", q.Fields())
	}
	if strings.Join(q.Keys(), ",") != "a,b,empty,flag" {
		t.Errorf("keys %v", q.Keys())
	}
	if r.Query() != q {
		t.Error("not cached")
	}

	// A bad escape never crashes: the lenient view keeps the rest and the
	// strict one names the key (WebOb raises on ?a=%zz).
	r = newReq("GET", "/?a=%zz&b=2", "")
	if q := r.Query(); q.Has("a") || q.Get("b") != "2" {
		t.Errorf("lenient %v", q.Fields())
	}
	q, err := r.ParseQuery()
	var ee *multipart.EscapeError
	if !errors.As(err, &ee) || ee.Key != "a" || !errors.Is(err, multipart.ErrMalformed) || q.Get("b") != "2" {
		t.Errorf("strict: %v", err)
	}

	// ";" is not a separator.
	r = newReq("GET", "/?a=1;b=2", "")
	if q := r.Query(); q.Len() != 1 || q.Get("a") != "1;b=2" {
		t.Errorf("semicolon %v", q.Fields())
	}

	// 10,000 pairs are fine; 10,001 is the limit error and no pairs.
	many := func(n int) string {
		var b strings.Builder
		for i := range n {
			if i > 0 {
				b.WriteByte('&')
			}
			b.WriteString("k")
			b.WriteString(strconv.Itoa(i))
			b.WriteString("=v")
		}
		return b.String()
	}
	r = newReq("GET", "/?"+many(10000), "")
	if q, err := r.ParseQuery(); err != nil || q.Len() != 10000 {
		t.Fatalf("10000: %d %v", q.Len(), err)
	}
	r = newReq("GET", "/?"+many(10001), "")
	var le *multipart.LimitError
	if q, err := r.ParseQuery(); !errors.As(err, &le) || q.Len() != 0 || r.Query().Len() != 0 {
		t.Fatalf("10001: %d %v", q.Len(), err)
	}
	// MaxParams option.
	hr := httptest.NewRequest("GET", "/?"+many(4), nil)
	if _, err := NewRequest(hr, &Options{MaxParams: 3}).ParseQuery(); !errors.As(err, &le) || le.Max != 3 {
		t.Fatalf("MaxParams: %v", err)
	}
	hr = httptest.NewRequest("GET", "/?"+many(3), nil)
	if _, err := NewRequest(hr, &Options{MaxParams: 3}).ParseQuery(); err != nil {
		t.Fatalf("MaxParams at limit: %v", err)
	}
}

const webobMultipart = "------------------------------deb95b63e42a\r\n" +
	"Content-Disposition: form-data; name=\"foo\"\r\n" +
	"\r\n" +
	"foo\r\n" +
	"------------------------------deb95b63e42a\r\n" +
	"Content-Disposition: form-data; name=\"bar\"; filename=\"bar.txt\"\r\n" +
	"Content-type: application/octet-stream\r\n" +
	"\r\n" +
	"these are the contents of the file \"bar.txt\"\r\n" +
	"\r\n" +
	"------------------------------deb95b63e42a--\r\n"

const webobMultipartCT = "multipart/form-data; boundary=----------------------------deb95b63e42a"

// TestFormByMethodAndContentType pins WebOb's rules for req.POST: any
// method with a form Content-Type; a POST without Content-Type is
// urlencoded; nothing otherwise.
func TestFormByMethodAndContentType(t *testing.T) {
	tests := []struct {
		method, ct, body string
		want             string // Encode() of Form
	}{
		{"GET", "", "", ""},
		{"GET", "application/x-www-form-urlencoded", "a=1", "a=1"},
		{"POST", "", "a=1&b=2", "a=1&b=2"},
		{"POST", "application/x-www-form-urlencoded", "a=1", "a=1"},
		{"POST", "application/x-www-form-urlencoded; charset=UTF-8", "a=%C3%AB", "a=%C3%AB"},
		{"POST", "APPLICATION/X-WWW-FORM-URLENCODED", "a=1", "a=1"},
		{"PUT", "", "a=1", ""},
		{"PUT", "text/plain", "a=1", ""},
		{"PUT", "application/x-www-form-urlencoded", "a=1", "a=1"},
		{"PATCH", "application/x-www-form-urlencoded", "a=1", "a=1"},
		{"DELETE", "application/x-www-form-urlencoded", "a=1", "a=1"},
		{"POST", "application/json", `{"a":1}`, ""},
		{"POST", "text/plain", "a=1", ""},
		{"POST", webobMultipartCT, webobMultipart, "foo=foo"},
		{"PUT", webobMultipartCT, webobMultipart, "foo=foo"},
	}
	for _, tt := range tests {
		var hdr []string
		if tt.ct != "" {
			hdr = []string{"Content-Type", tt.ct}
		}
		r := newReq(tt.method, "/?q=1", tt.body, hdr...)
		f, err := r.ParseForm()
		if err != nil || f.Encode() != tt.want {
			t.Errorf("%s %q: form %q, %v; want %q", tt.method, tt.ct, f.Encode(), err, tt.want)
		}
	}
}

func TestMultipartForm(t *testing.T) {
	r := newReq("POST", "/?foo=q", webobMultipart, "Content-Type", webobMultipartCT)
	defer r.Cleanup()
	if r.Form().Get("foo") != "foo" {
		t.Fatalf("foo %q", r.Form().Get("foo"))
	}
	bar := r.File("bar")
	if bar == nil || bar.Filename != "bar.txt" || bar.FieldName != "bar" {
		t.Fatalf("bar %+v", bar)
	}
	fr, _ := bar.Open()
	b, _ := io.ReadAll(fr)
	fr.Close()
	if string(b) != "these are the contents of the file \"bar.txt\"\r\n" {
		t.Fatalf("content %q", b)
	}
	if len(r.Files()) != 1 || r.File("foo") != nil {
		t.Fatal("files")
	}
	// Params: query first.
	if r.Params().Get("foo") != "q" || strings.Join(r.Params().GetAll("foo"), ",") != "q,foo" {
		t.Fatalf("params %v", r.Params().Fields())
	}
	// The body was streamed.
	if _, err := r.Body(); !errors.Is(err, ErrBodyConsumed) {
		t.Fatalf("body after stream: %v", err)
	}
	if err := r.Cleanup(); err != nil {
		t.Fatal(err)
	}

	// Body first, then the form from memory.
	r = newReq("POST", "/", webobMultipart, "Content-Type", webobMultipartCT)
	if _, err := r.Body(); err != nil {
		t.Fatal(err)
	}
	if r.Form().Get("foo") != "foo" {
		t.Fatal("form after body")
	}
	if b, _ := r.Body(); string(b) != webobMultipart {
		t.Fatal("body after form")
	}

	// Malformed and limits.
	r = newReq("POST", "/", "garbage", "Content-Type", webobMultipartCT)
	if _, err := r.ParseForm(); !errors.Is(err, multipart.ErrMalformed) || r.Form().Len() != 0 {
		t.Fatalf("malformed: %v", err)
	}
	hr := httptest.NewRequest("POST", "/", strings.NewReader(webobMultipart))
	hr.Header.Set("Content-Type", webobMultipartCT)
	r = NewRequest(hr, &Options{FormLimits: &multipart.Limits{MaxFiles: -1, MaxParts: 1}})
	var le *multipart.LimitError
	if _, err := r.ParseForm(); !errors.As(err, &le) || le.Limit != "MaxParts" {
		t.Fatalf("limit: %v", err)
	}
	r = newReq("POST", "/", webobMultipart, "Content-Type", "multipart/form-data")
	if _, err := r.ParseForm(); !errors.Is(err, multipart.ErrNoBoundary) {
		t.Fatalf("no boundary: %v", err)
	}
}

func TestFormCharset(t *testing.T) {
	// Latin-1 by Content-Type charset, and by _charset_.
	r := newReq("POST", "/", "name=%E9t%E9", "Content-Type", "application/x-www-form-urlencoded; charset=iso-8859-1")
	if got := r.Form().Get("name"); got != "été" {
		t.Errorf("charset param: %q", got)
	}
	r = newReq("POST", "/", "_charset_=iso-8859-1&name=%E9", "Content-Type", "application/x-www-form-urlencoded")
	if got := r.Form().Get("name"); got != "é" {
		t.Errorf("_charset_: %q", got)
	}
	r = newReq("POST", "/", "a=1", "Content-Type", "application/x-www-form-urlencoded; charset=klingon")
	if _, err := r.ParseForm(); !errors.Is(err, multipart.ErrMalformed) {
		t.Errorf("unknown charset: %v", err)
	}
	// A bad escape in a form body.
	r = newReq("POST", "/", "a=%zz&b=1", "Content-Type", "application/x-www-form-urlencoded")
	f, err := r.ParseForm()
	var ee *multipart.EscapeError
	if !errors.As(err, &ee) || ee.Key != "a" || f.Get("b") != "1" || r.Form().Len() != 1 {
		t.Errorf("bad escape: %v %v", f.Fields(), err)
	}
}

type chunked struct{ io.Reader }

func TestBody(t *testing.T) {
	r := newReq("POST", "/", "input")
	b, err := r.Body()
	if err != nil || string(b) != "input" {
		t.Fatalf("body %q %v", b, err)
	}
	// The wrapped body can be read again.
	again, _ := io.ReadAll(r.HTTP().Body)
	if string(again) != "input" || r.ContentLength() != 5 {
		t.Fatalf("again %q", again)
	}
	if err := r.MakeSeekable(); err != nil {
		t.Fatal(err)
	}
	again, _ = io.ReadAll(r.HTTP().Body)
	if string(again) != "input" {
		t.Fatalf("after MakeSeekable %q", again)
	}
	if err := r.CopyBody(); err != nil {
		t.Fatal(err)
	}
	gb, _ := r.HTTP().GetBody()
	again, _ = io.ReadAll(gb)
	if string(again) != "input" {
		t.Fatalf("GetBody %q", again)
	}

	// No body.
	if b, err := newReq("GET", "/", "").Body(); b != nil || err != nil {
		t.Fatalf("no body: %q %v", b, err)
	}

	// Limits: by Content-Length without reading, and while reading a
	// body of unknown length; exactly at the limit is fine.
	mk := func(body string, known bool, max int64) *Request {
		hr := httptest.NewRequest("POST", "/", nil)
		if known {
			hr.Body = io.NopCloser(strings.NewReader(body))
			hr.ContentLength = int64(len(body))
			hr.Header.Set("Content-Length", strconv.Itoa(len(body)))
		} else {
			hr.Body = io.NopCloser(chunked{strings.NewReader(body)})
			hr.ContentLength = -1
		}
		return NewRequest(hr, &Options{MaxBodyBytes: max})
	}
	var le *multipart.LimitError
	for _, known := range []bool{true, false} {
		if b, err := mk("12345", known, 5).Body(); err != nil || string(b) != "12345" {
			t.Errorf("at limit (known %v): %q %v", known, b, err)
		}
		if _, err := mk("123456", known, 5).Body(); !errors.As(err, &le) || le.Limit != "MaxBodyBytes" || le.Max != 5 {
			t.Errorf("past limit (known %v): %v", known, err)
		}
		if b, err := mk("123456", known, -1).Body(); err != nil || len(b) != 6 {
			t.Errorf("no limit: %v", err)
		}
	}
	// Content-Length past the limit: nothing is read.
	hr := httptest.NewRequest("POST", "/", nil)
	hr.Header.Set("Content-Length", "999999999")
	hr.Body = io.NopCloser(readerFunc(func([]byte) (int, error) { t.Fatal("read"); return 0, nil }))
	if _, err := NewRequest(hr, nil).Body(); !errors.As(err, &le) || le.Max != DefaultMaxBodyBytes {
		t.Fatalf("announced: %v", err)
	}
	// http.MaxBytesReader upstream.
	hr = httptest.NewRequest("POST", "/", strings.NewReader("123456"))
	hr.Body = http.MaxBytesReader(nil, hr.Body, 3)
	if _, err := NewRequest(hr, nil).Body(); !errors.As(err, &le) {
		t.Fatalf("MaxBytesReader: %v", err)
	}
	// BodyReader enforces the limit while streaming.
	rd := mk("123456", false, 5).BodyReader()
	got, err := io.ReadAll(rd)
	if !errors.As(err, &le) || len(got) > 5 {
		t.Fatalf("BodyReader: %q %v", got, err)
	}
	if got, err := io.ReadAll(mk("12345", false, 5).BodyReader()); err != nil || string(got) != "12345" {
		t.Fatalf("BodyReader at limit: %q %v", got, err)
	}
	// SetBody.
	r = newReq("POST", "/", "a=1", "Content-Type", "application/x-www-form-urlencoded")
	if r.Form().Get("a") != "1" {
		t.Fatal("form")
	}
	r.SetBody([]byte("a=2"))
	if r.Form().Get("a") != "2" || r.ContentLength() != 3 {
		t.Fatal("SetBody")
	}
}

type readerFunc func([]byte) (int, error)

func (f readerFunc) Read(p []byte) (int, error) { return f(p) }

func TestTextAndJSON(t *testing.T) {
	tests := []struct {
		ct, body, want string
		err            error
	}{
		{"", "héllo", "héllo", nil},
		{"text/plain; charset=utf-8", "héllo", "héllo", nil},
		{"text/plain; charset=iso-8859-1", "h\xe9llo", "héllo", nil},
		{"text/plain; charset=latin1", "h\xe9llo", "héllo", nil},
		{"text/plain; charset=windows-1252", "\x80", "€", nil},
		{"text/plain; charset=shift_jis", "\x82\xa0", "あ", nil},
		{"text/plain; charset=utf-16le", "h\x00i\x00", "hi", nil},
		{"text/plain; charset=us-ascii", "plain", "plain", nil},
		{"text/plain", "\xff", "", ErrInvalidText},
		{"text/plain; charset=klingon", "x", "", ErrUnknownCharset},
	}
	for _, tt := range tests {
		var hdr []string
		if tt.ct != "" {
			hdr = []string{"Content-Type", tt.ct}
		}
		got, err := newReq("POST", "/", tt.body, hdr...).Text()
		if got != tt.want || !errors.Is(err, tt.err) || (tt.err == nil) != (err == nil) {
			t.Errorf("%q: %q %v; want %q %v", tt.ct, got, err, tt.want, tt.err)
		}
		if tt.err != nil && ErrorStatus(err) != http.StatusBadRequest {
			t.Errorf("%q: error does not map to 400", tt.ct)
		}
	}
	var v map[string]string
	if err := newReq("POST", "/", `{"a":"1"}`).JSON(&v); err != nil || v["a"] != "1" {
		t.Errorf("json %v %v", v, err)
	}
	for _, bad := range []string{"", "{", `{"a":1}x`} {
		if err := newReq("POST", "/", bad).JSON(&v); !errors.Is(err, ErrInvalidJSON) {
			t.Errorf("bad json %q: %v", bad, err)
		}
	}
}

func TestMultiDict(t *testing.T) {
	var nilD *MultiDict
	if nilD.Get("a") != "" || nilD.Has("a") || nilD.Len() != 0 || nilD.GetAll("a") != nil || nilD.Keys() != nil || nilD.Encode() != "" {
		t.Fatal("nil")
	}
	if _, err := nilD.GetOne("a"); !errors.Is(err, ErrMissingParam) {
		t.Fatal("nil GetOne")
	}
	d := NewMultiDict(Field{Name: "a", Value: "1"}, Field{Name: "b", Value: "2"}, Field{Name: "a", Value: "3"})
	if _, err := d.GetOne("a"); !errors.Is(err, ErrMultipleValues) {
		t.Errorf("GetOne several: %v", err)
	}
	var pe *ParamError
	if _, err := d.GetOne("z"); !errors.As(err, &pe) || pe.Key != "z" || err.Error() != `webob: parameter "z": missing parameter` {
		t.Errorf("GetOne none: %v", err)
	}
	if v, err := d.GetOne("b"); v != "2" || err != nil {
		t.Error("GetOne")
	}
	d.Set("a", "x")
	if d.Encode() != "a=x&b=2" {
		t.Errorf("Set: %s", d.Encode())
	}
	d.Add("c", "y z")
	d.Add("a", "&")
	if d.Encode() != "a=x&b=2&c=y+z&a=%26" {
		t.Errorf("Add: %s", d.Encode())
	}
	d.Del("a")
	if d.Encode() != "b=2&c=y+z" || d.Len() != 2 {
		t.Errorf("Del: %s", d.Encode())
	}
	d.Set("new", "1")
	if strings.Join(d.Keys(), ",") != "b,c,new" {
		t.Errorf("keys %v", d.Keys())
	}
	c := d.Copy()
	c.Set("b", "changed")
	if d.Get("b") != "2" {
		t.Error("copy shares")
	}
	if v := d.Values(); v.Get("c") != "y z" || len(v) != 3 {
		t.Errorf("values %v", v)
	}
	if m := MultiDictFromValues(d.Values()); m.Encode() != "b=2&c=y+z&new=1" {
		t.Errorf("from values %s", m.Encode())
	}
	n := 0
	for k, v := range d.All() {
		n++
		if k == "" || v == "" {
			t.Error("All")
		}
		break
	}
	if n != 1 {
		t.Error("All break")
	}

	typed := NewMultiDict(
		Field{Name: "i", Value: "42"}, Field{Name: "bad", Value: "4x"}, Field{Name: "f", Value: "2.5"},
		Field{Name: "nan", Value: "NaN"}, Field{Name: "b", Value: "on"}, Field{Name: "bb", Value: "maybe"},
		Field{Name: "t", Value: "2024-02-29"}, Field{Name: "big", Value: "9223372036854775807"},
	)
	if v, err := typed.Int("i", 7); v != 42 || err != nil {
		t.Error("Int")
	}
	if v, err := typed.Int("missing", 7); v != 7 || err != nil {
		t.Error("Int default")
	}
	if v, err := typed.Int("bad", 7); v != 7 || !errors.Is(err, ErrInvalidParam) || !errors.As(err, &pe) || pe.Key != "bad" {
		t.Errorf("Int bad: %v", err)
	}
	if v, err := typed.Int64("big", 0); v != 1<<63-1 || err != nil {
		t.Error("Int64")
	}
	if v, err := typed.Float("f", 0); v != 2.5 || err != nil {
		t.Error("Float")
	}
	if _, err := typed.Float("nan", 0); !errors.Is(err, ErrInvalidParam) {
		t.Error("Float NaN")
	}
	if v, err := typed.Bool("b", false); !v || err != nil {
		t.Error("Bool")
	}
	if v, err := typed.Bool("bb", true); !v || !errors.Is(err, ErrInvalidParam) {
		t.Error("Bool bad")
	}
	if v, err := typed.Time("t", time.DateOnly, time.Time{}); v.Day() != 29 || err != nil {
		t.Error("Time")
	}
	if _, err := typed.Time("i", time.DateOnly, time.Time{}); !errors.Is(err, ErrInvalidParam) {
		t.Error("Time bad")
	}
}

func TestKeysLinear(t *testing.T) {
	d := &MultiDict{}
	for i := range 100000 {
		d.Add(strconv.Itoa(i), "")
	}
	start := time.Now()
	if len(d.Keys()) != 100000 {
		t.Fatal("keys")
	}
	if el := time.Since(start); el > race.TimeBound {
		t.Fatalf("Keys took %v", el)
	}
}
