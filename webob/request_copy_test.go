package webob

import (
	"errors"
	"io"
	"strings"
	"testing"
)

func TestCopy(t *testing.T) {
	r := MustBlank("/app/x?q=1", WithForm(map[string]string{"a": "1"}), WithHeader("X-A", "1"))
	r.Mount("/app")
	c, err := r.Copy()
	if err != nil {
		t.Fatal(err)
	}
	c.HTTP().Header.Set("X-A", "2")
	c.SetBody([]byte("a=2"))
	if r.Header().Get("X-A") != "1" || r.Form().Get("a") != "1" || c.Form().Get("a") != "2" {
		t.Fatal("copy shares state")
	}
	if c.ScriptName() != "/app" || c.PathInfo() != "/x" {
		t.Fatal("mount prefix not copied")
	}
	b, _ := io.ReadAll(r.HTTP().Body)
	if string(b) != "a=1" {
		t.Fatalf("original body %q", b)
	}

	// CopyGET (WebOb's test_copy_get: the cookie stays, the body goes).
	r = MustBlank("/", WithCookie("a", "b"), WithJSON(map[string]int{"x": 1}))
	g := r.CopyGET()
	if g.Method() != "GET" || g.ContentType() != "" || g.ContentLength() != 0 || g.Header().Get("Cookie") != "a=b" {
		t.Fatalf("CopyGET: %s %q %d", g.Method(), g.ContentType(), g.ContentLength())
	}
	if b, err := g.Body(); b != nil || err != nil {
		t.Fatal("CopyGET body")
	}
	if r.Method() != "POST" {
		t.Fatal("original changed")
	}
}

// TestRemoveConditionalHeaders pins WebOb's remove_conditional_headers
// cases.
func TestRemoveConditionalHeaders(t *testing.T) {
	mk := func() *Request {
		return MustBlank("/", WithHeader("Accept-Encoding", "gzip,deflate"), WithHeader("If-Modified-Since", "Sun, 01 Jan 2006 12:00:00 GMT"),
			WithHeader("If-None-Match", `"foo"`), WithHeader("If-Range", `"foo"`), WithHeader("Range", "bytes=0-100"),
			WithHeader("If-Match", `"x"`), WithHeader("If-Unmodified-Since", "Sun, 01 Jan 2006 12:00:00 GMT"))
	}
	r := mk()
	if !r.IfNoneMatch().Present() {
		t.Fatal("before")
	}
	r.RemoveConditionalHeaders()
	if r.AcceptEncoding().State() != 0 || !r.IfModifiedSince().IsZero() || r.IfNoneMatch().Present() || r.IfRange().HasETag || len(r.Range().Ranges) != 0 {
		t.Fatal("not removed")
	}
	if !r.IfMatch().Present() || r.IfUnmodifiedSince().IsZero() {
		t.Fatal("If-Match and If-Unmodified-Since must stay")
	}
	r = mk()
	r.RemoveConditionalHeaders(CondRange)
	if r.Header().Get("Range") != "" || r.Header().Get("If-Range") != "" || r.Header().Get("If-None-Match") == "" || r.Header().Get("Accept-Encoding") == "" {
		t.Fatal("CondRange only")
	}
}

func TestDecode(t *testing.T) {
	// A latin-1 urlencoded form and query.
	r := MustBlank("/?n=%E9", WithBody("application/x-www-form-urlencoded; charset=iso-8859-1", []byte("name=%E9t%E9&x=%FF")))
	d, err := r.Decode("")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.EqualFold(d.Charset(), "UTF-8") || d.Query().Get("n") != "é" || d.QueryString() != "n=%C3%A9" {
		t.Fatalf("query %q %q", d.QueryString(), d.Charset())
	}
	if b, _ := d.Body(); string(b) != "name=%C3%A9t%C3%A9&x=%C3%BF" || d.Form().Get("name") != "été" {
		t.Fatalf("body %q", b)
	}
	if r.QueryString() != "n=%E9" {
		t.Fatal("original changed")
	}
	// A multipart form: fields transcoded, files kept.
	r = MustBlank("/", WithForm(map[string]string{"f": "caf\xe9"}), WithFile("up", "a.bin", "", []byte{0xe9, 0}))
	r.HTTP().Header.Set("Content-Type", r.HTTP().Header.Get("Content-Type")+"; charset=windows-1252")
	d, err = r.Decode("")
	if err != nil {
		t.Fatal(err)
	}
	defer d.Cleanup()
	if d.Form().Get("f") != "café" {
		t.Fatalf("multipart field %q", d.Form().Get("f"))
	}
	fr, _ := d.File("up").Open()
	b, _ := io.ReadAll(fr)
	fr.Close()
	if string(b) != "\xe9\x00" {
		t.Fatalf("file changed %q", b)
	}
	// Text bodies, an explicit charset, UTF-8 and unknown charsets.
	r = MustBlank("/", WithBody("text/plain; charset=shift_jis", []byte("\x82\xa0")))
	if d, err := r.Decode(""); err != nil || !strings.Contains(strings.ToLower(d.Header().Get("Content-Type")), "utf-8") {
		t.Fatal(err)
	} else if s, _ := d.Text(); s != "あ" {
		t.Fatalf("text %q", s)
	}
	r = MustBlank("/?a=b")
	if d, err := r.Decode(""); err != nil || d == r || d.QueryString() != "a=b" {
		t.Fatal("utf-8 copy")
	}
	if _, err := MustBlank("/").Decode("klingon"); !errors.Is(err, ErrUnknownCharset) {
		t.Fatalf("unknown: %v", err)
	}
}
