package webob

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/webob-go/webob/headers"
)

func serveRec(t *testing.T, r *Response) (*httptest.ResponseRecorder, error) {
	t.Helper()
	rec := httptest.NewRecorder()
	err := r.Serve(rec, NewRequest(httptest.NewRequest("GET", "/a/b", nil), nil))
	return rec, err
}

// rawValues returns h[key] for a key as spelt, canonical or not.
func rawValues(h http.Header, key string) []string { return h[key] }

func TestServeLocationUnderNonCanonicalKeyIsMadeSafe(t *testing.T) {
	r := NewResponse(http.StatusFound)
	r.Header()["location"] = []string{"//evil.com"}
	rec, err := serveRec(t, r)
	if err != nil {
		t.Fatal(err)
	}
	if got := rec.Header()["Location"]; len(got) != 1 || got[0] != "/%2Fevil.com" {
		t.Errorf("Location = %q", got)
	}
	if rawValues(rec.Header(), "location") != nil {
		t.Errorf("non-canonical location sent: %v", rec.Header())
	}
	if v := rawValues(r.Header(), "location"); len(v) != 1 || v[0] != "//evil.com" {
		t.Errorf("the Response was changed: %v", r.Header())
	}
}

func TestServeLocationAddedTwiceIsRefused(t *testing.T) {
	for name, set := range map[string]func(h http.Header){
		"Add twice":         func(h http.Header) { h.Add("Location", "/ok"); h.Add("Location", "//evil.com") },
		"two spellings":     func(h http.Header) { h.Set("Location", "/ok"); h["location"] = []string{"//evil.com"} },
		"lower, two values": func(h http.Header) { h["LOCATION"] = []string{"/ok", "//evil.com"} },
	} {
		t.Run(name, func(t *testing.T) {
			r := NewResponse(http.StatusFound)
			set(r.Header())
			rec, err := serveRec(t, r)
			if !errors.Is(err, ErrDuplicateLocation) || !errors.Is(err, ErrNotRendered) || !errors.Is(err, ErrInvalidHeader) {
				t.Fatalf("err = %v", err)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error spans lines: %q", err)
			}
			if len(rec.Header()) != 0 || rec.Body.Len() != 0 {
				t.Errorf("something was written: %v %q", rec.Header(), rec.Body)
			}
		})
	}
}

// A Location an outer handler put on the writer under another spelling
// is made safe too when the response is written.
func TestServeOuterLocationUnderNonCanonicalKeyIsMadeSafe(t *testing.T) {
	rec := httptest.NewRecorder()
	rec.Header()["location"] = []string{"/\\evil.com"}
	r := NewResponse(http.StatusFound)
	r.Header().Set("X-A", "1")
	if err := r.Serve(rec, NewRequest(httptest.NewRequest("GET", "/", nil), nil)); err != nil {
		t.Fatal(err)
	}
	if got := rec.Header()["Location"]; len(got) != 1 || got[0] != "/%5Cevil.com" {
		t.Errorf("Location = %q (header %v)", got, rec.Header())
	}
	if rawValues(rec.Header(), "location") != nil {
		t.Errorf("non-canonical location left: %v", rec.Header())
	}
}

func TestServeAbsoluteLocationTreatsEverySpelling(t *testing.T) {
	r := NewResponse(http.StatusFound)
	r.Header()["location"] = []string{"//evil.com/x"}
	rec := httptest.NewRecorder()
	cfg := &Config{AbsoluteLocation: true}
	req := NewRequest(httptest.NewRequest("GET", "http://example.com/a/b", nil), nil)
	if err := serve(rec, req, r, cfg, &serveState{w: rec, cfg: cfg}); err != nil {
		t.Fatal(err)
	}
	if got := rec.Header()["Location"]; len(got) != 1 || got[0] != "http://example.com/%2Fevil.com/x" {
		t.Errorf("Location = %q", got)
	}
}

// A framing field set under a non-canonical key must not go out beside
// the one net/http computes.
func TestServeNonCanonicalContentLengthIsNotSentTwice(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, hr *http.Request) {
		r := Text(http.StatusOK, "hello")
		r.Header()["content-length"] = []string{"999"}
		if err := r.Serve(w, NewRequest(hr, nil)); err != nil {
			t.Error(err)
		}
	}))
	defer srv.Close()
	resp, err := http.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil || string(b) != "hello" {
		t.Fatalf("body %q, %v", b, err)
	}
	if cl := resp.Header.Values("Content-Length"); len(cl) > 1 || len(cl) == 1 && cl[0] != "5" {
		t.Errorf("Content-Length = %q", cl)
	}
}

// Nothing the library writes carries CR, LF or NUL, whatever the spelling
// of the key the value was set under.
func TestServeControlBytesUnderAnyKeySpellingAreRefused(t *testing.T) {
	for _, tc := range []struct{ key, value string }{
		{"x-custom", "a\r\nSet-Cookie: x=1"},
		{"set-cookie", "a=b\x00"},
		{"SET-COOKIE", "a=b\nX: y"},
		{"content-type", "text/plain\r\nX: y"},
		{"location", "/a\r\nX: y"},
		{"Location", "/a\x00"},
		{"bad key\r\nX", "v"},
	} {
		r := Text(http.StatusOK, "x")
		r.Header()[tc.key] = []string{tc.value}
		rec, err := serveRec(t, r)
		if !errors.Is(err, ErrInvalidHeader) || !errors.Is(err, ErrNotRendered) {
			t.Errorf("%q: %q: err = %v", tc.key, tc.value, err)
		}
		if rec.Body.Len() != 0 || len(rec.Header()) != 0 {
			t.Errorf("%q: written: %v", tc.key, rec.Header())
		}
		var buf bytes.Buffer
		r = Text(http.StatusOK, "x")
		r.Header()[tc.key] = []string{tc.value}
		if err := writeTo(r, &buf); !errors.Is(err, ErrInvalidHeader) || buf.Len() != 0 {
			t.Errorf("WriteTo %q: %v, %q", tc.key, err, buf.String())
		}
	}
}

// A trailer a body function adds while it runs is checked before it is
// handed to net/http.
func TestServeTrailerAddedDuringBodyWithCRLFIsNotSent(t *testing.T) {
	r := NewResponse(http.StatusOK)
	r.Trailer().Set("X-Sum", "")
	r.SetBodyFunc(func(w io.Writer) error {
		r.Trailer().Set("X-Sum", "1\r\nX-Evil: 1")
		_, err := io.WriteString(w, "body")
		return err
	})
	rec, err := serveRec(t, r)
	if !errors.Is(err, ErrInvalidHeader) {
		t.Errorf("err = %v", err)
	}
	for k, v := range rec.Result().Trailer {
		for _, s := range v {
			if strings.ContainsAny(s, "\r\n\x00") {
				t.Errorf("trailer %s = %q sent", k, s)
			}
		}
	}
	for k := range rec.Header() {
		if strings.HasPrefix(k, http.TrailerPrefix) {
			t.Errorf("trailer %s sent", k)
		}
	}
}

func TestWriteToLocationUnderNonCanonicalKeyIsMadeSafe(t *testing.T) {
	r := NewResponse(http.StatusFound)
	r.Header()["location"] = []string{"\t//evil.com"}
	var buf bytes.Buffer
	if err := writeTo(r, &buf); err != nil {
		t.Fatal(err)
	}
	s := buf.String()
	if !strings.Contains(s, "\r\nLocation: %09//evil.com\r\n") || strings.Contains(s, "location:") {
		t.Errorf("message:\n%s", s)
	}
	r = NewResponse(http.StatusFound)
	r.Header()["location"] = []string{"//evil.com"}
	buf.Reset()
	if err := writeTo(r, &buf); err != nil || !strings.Contains(buf.String(), "\r\nLocation: /%2Fevil.com\r\n") {
		t.Errorf("message %v:\n%s", err, buf.String())
	}
}

func TestWriteToLocationAddedTwiceIsRefused(t *testing.T) {
	r := NewResponse(http.StatusFound)
	r.Header().Add("Location", "/ok")
	r.Header().Add("Location", "//evil.com")
	var buf bytes.Buffer
	if err := writeTo(r, &buf); !errors.Is(err, ErrDuplicateLocation) || buf.Len() != 0 {
		t.Errorf("WriteTo = %v, %q", err, buf.String())
	}
}

func TestWriteToNonCanonicalContentLengthIsNotWritten(t *testing.T) {
	r := Text(http.StatusOK, "hello")
	r.Header()["content-length"] = []string{"999"}
	r.Header()["transfer-encoding"] = []string{"chunked"}
	var buf bytes.Buffer
	if err := writeTo(r, &buf); err != nil {
		t.Fatal(err)
	}
	s := strings.ToLower(buf.String())
	if strings.Count(s, "content-length:") != 1 || strings.Contains(s, "999") || strings.Contains(s, "transfer-encoding") {
		t.Errorf("message:\n%s", buf.String())
	}
}

func TestHeaderErrorsReadAsOneLine(t *testing.T) {
	r := NewResponse(http.StatusOK)
	errs := []error{r.SetHeader("X-A", "a\r\nb"), r.SetHeader("bad key", "v")}
	r.Header()["x-b"] = []string{"a\x00"}
	_, err := serveRec(t, r)
	errs = append(errs, err)
	r = NewResponse(http.StatusOK)
	r.SetReason("OK\r\nX: y")
	errs = append(errs, writeTo(r, io.Discard))
	for i, err := range errs {
		if !errors.Is(err, ErrInvalidHeader) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%d: %q", i, err)
		}
	}
}

// writeTo calls r.WriteTo and keeps only the error.
func writeTo(r *Response, w io.Writer) error {
	_, err := r.WriteTo(w)
	return err
}

// TestHeaderValueRuleSameForSetHeaderAndHeader: SetHeader and Header()
// follow one rule (headers.CheckField / SafeFieldValue): white space
// around a value is accepted and trimmed when written, CR, LF and NUL are
// refused, on both paths, by Serve and by WriteTo.
func TestHeaderValueRuleSameForSetHeaderAndHeader(t *testing.T) {
	r := NewResponse(http.StatusOK)
	if err := r.SetHeader("X-A", " padded "); err != nil {
		t.Fatalf("SetHeader refused white space: %v", err)
	}
	r.Header().Set("X-B", "\tpadded\t")
	var buf bytes.Buffer
	if err := writeTo(r, &buf); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"\r\nX-A: padded\r\n", "\r\nX-B: padded\r\n"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("WriteTo: no %q in %q", want, buf.String())
		}
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, hr *http.Request) {
		if err := r.Serve(w, NewRequest(hr, nil)); err != nil {
			t.Error(err)
		}
	}))
	defer srv.Close()
	resp, err := http.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if a, b := resp.Header.Get("X-A"), resp.Header.Get("X-B"); a != "padded" || b != "padded" {
		t.Errorf("served X-A %q, X-B %q", a, b)
	}

	for _, v := range []string{"a\r\nb", "a\nb", "a\x00b", "a\x7fb"} {
		r := NewResponse(http.StatusOK)
		if err := r.SetHeader("X-A", v); !errors.Is(err, ErrInvalidHeader) || !errors.Is(err, headers.ErrInvalidFieldValue) {
			t.Errorf("SetHeader(%q) = %v", v, err)
		}
		r.Header().Set("X-A", v)
		if _, err := serveRec(t, r); !errors.Is(err, ErrInvalidHeader) || !errors.Is(err, headers.ErrInvalidFieldValue) {
			t.Errorf("Header().Set(%q) served: %v", v, err)
		}
		if err := writeTo(r, io.Discard); !errors.Is(err, ErrInvalidHeader) || !errors.Is(err, headers.ErrInvalidFieldValue) {
			t.Errorf("Header().Set(%q) written: %v", v, err)
		}
	}
}
