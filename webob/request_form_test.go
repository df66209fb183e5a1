package webob

import (
	"errors"
	"io"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/webob-go/webob/multipart"
)

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

// cp1252Part is a multipart body whose part "a" says it is windows-1252
// and holds "é" (0xE9); part "b" has no charset of its own.
const cp1252Part = "--B\r\n" +
	"Content-Disposition: form-data; name=\"a\"\r\n" +
	"Content-Type: text/plain; charset=windows-1252\r\n\r\n" +
	"\xe9\r\n" +
	"--B\r\n" +
	"Content-Disposition: form-data; name=\"b\"\r\n\r\n" +
	"\xe9\r\n" +
	"--B--\r\n"

// TestMultipartTextDecodedOnce is the regression test for "multipart text
// decoded twice": with charset=windows-1252 on the request's Content-Type
// as well as on the part, ParseForm read "Ã©" instead of "é".
func TestMultipartTextDecodedOnce(t *testing.T) {
	for _, tt := range []struct{ name, ct, body string }{
		{"Content-Type charset", "multipart/form-data; boundary=B; charset=windows-1252", cp1252Part},
		{"_charset_ field", "multipart/form-data; boundary=B",
			"--B\r\nContent-Disposition: form-data; name=\"_charset_\"\r\n\r\nwindows-1252\r\n" + cp1252Part},
		{"both", "multipart/form-data; boundary=B; charset=windows-1252",
			"--B\r\nContent-Disposition: form-data; name=\"_charset_\"\r\n\r\nwindows-1252\r\n" + cp1252Part},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := newReq("POST", "/", tt.body, "Content-Type", tt.ct)
			f, err := r.ParseForm()
			if err != nil {
				t.Fatal(err)
			}
			if a, b := f.Get("a"), f.Get("b"); a != "é" || b != "é" {
				t.Errorf("ParseForm: a = %q, b = %q; want \"é\" each", a, b)
			}
			r = newReq("POST", "/", tt.body, "Content-Type", tt.ct)
			d, err := r.Decode("")
			if err != nil {
				t.Fatal(err)
			}
			defer d.Cleanup()
			if a, b := d.Form().Get("a"), d.Form().Get("b"); a != "é" || b != "é" {
				t.Errorf("Decode: a = %q, b = %q; want \"é\" each", a, b)
			}
		})
	}
}

// TestDecodedFormIsNotDecodedAgain: the copy Decode returns is UTF-8
// throughout, so parsing its form must not apply the old charset again
// (through a _charset_ field that still names it).
func TestDecodedFormIsNotDecodedAgain(t *testing.T) {
	r := newReq("POST", "/", "_charset_=windows-1252&a=%E9", "Content-Type", "application/x-www-form-urlencoded; charset=windows-1252")
	d, err := r.Decode("")
	if err != nil {
		t.Fatal(err)
	}
	if got := d.Form().Get("a"); got != "é" {
		t.Errorf("urlencoded copy: a = %q, want \"é\"", got)
	}
	body := "--B\r\nContent-Disposition: form-data; name=\"_charset_\"\r\n\r\nwindows-1252\r\n" + cp1252Part
	r = newReq("POST", "/", body, "Content-Type", "multipart/form-data; boundary=B")
	d, err = r.Decode("windows-1252")
	if err != nil {
		t.Fatal(err)
	}
	defer d.Cleanup()
	if got := d.Form().Get("a"); got != "é" {
		t.Errorf("multipart copy: a = %q, want \"é\"", got)
	}
	if ct := d.Header().Get("Content-Type"); !strings.Contains(strings.ToLower(ct), "utf-8") {
		t.Errorf("Content-Type %q", ct)
	}
}

// TestURLEncodedTextDecodedOnce: the urlencoded path decodes once too,
// whether the charset comes from Content-Type, _charset_ or both.
func TestURLEncodedTextDecodedOnce(t *testing.T) {
	for _, tt := range []struct{ ct, body string }{
		{"application/x-www-form-urlencoded; charset=windows-1252", "a=%E9"},
		{"application/x-www-form-urlencoded", "_charset_=windows-1252&a=%E9"},
		{"application/x-www-form-urlencoded; charset=windows-1252", "_charset_=windows-1252&a=%E9"},
	} {
		r := newReq("POST", "/", tt.body, "Content-Type", tt.ct)
		if got := r.Form().Get("a"); got != "é" {
			t.Errorf("%s %s: a = %q, want \"é\"", tt.ct, tt.body, got)
		}
	}
}

// TestDecodeURLEncodedFollowsCharsetField: in an urlencoded body a
// _charset_ field names the charset the client encoded with, and wins over
// Content-Type's charset parameter (and over Decode's argument), as it does
// in multipart bodies and in ParseForm; Decode and ParseForm agree.
func TestDecodeURLEncodedFollowsCharsetField(t *testing.T) {
	for _, tt := range []struct{ name, ct, body, arg string }{
		{"_charset_ over another Content-Type charset", "application/x-www-form-urlencoded; charset=koi8-r", "_charset_=windows-1252&a=%E9", ""},
		{"_charset_ UTF-8 over Content-Type charset", "application/x-www-form-urlencoded; charset=windows-1252", "_charset_=UTF-8&a=%C3%A9", ""},
		{"_charset_ over the argument", "application/x-www-form-urlencoded", "a=%E9&_charset_=windows-1252", "koi8-r"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := newReq("POST", "/", tt.body, "Content-Type", tt.ct)
			if got := r.Form().Get("a"); got != "é" {
				t.Fatalf("ParseForm: a = %q, want \"é\"", got)
			}
			r = newReq("POST", "/", tt.body, "Content-Type", tt.ct)
			d, err := r.Decode(tt.arg)
			if err != nil {
				t.Fatal(err)
			}
			if got := d.Form().Get("a"); got != "é" {
				t.Errorf("Decode: a = %q, want \"é\"", got)
			}
			if got := d.Form().Get("_charset_"); got != "UTF-8" {
				t.Errorf("Decode: _charset_ = %q, want UTF-8", got)
			}
			if b, _ := d.Body(); !strings.Contains(string(b), "a=%C3%A9") {
				t.Errorf("Decode: body %q is not UTF-8", b)
			}
		})
	}
	// An unknown _charset_ is a 4xx typed error, as an unknown Content-Type charset is.
	r := newReq("POST", "/", "_charset_=klingon&a=%E9", "Content-Type", "application/x-www-form-urlencoded; charset=windows-1252")
	_, err := r.Decode("")
	if !errors.Is(err, ErrUnknownCharset) {
		t.Fatalf("unknown _charset_: %v", err)
	}
	if st := ErrorStatus(err); st < 400 || st > 499 {
		t.Errorf("unknown _charset_: status %d", st)
	}
}
