package webob

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/webob-go/webob/cookies"
)

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
