package webob

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/webob-go/webob/multipart"
)

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
