package webob

import (
	"strings"
	"testing"
)

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
