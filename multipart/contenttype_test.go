package multipart

import (
	"errors"
	"strings"
	"testing"
)

// TestMalformedMultipartContentTypeIsTypedError: every malformed
// multipart/form-data Content-Type is an error wrapping ErrMalformed (400),
// never a boundary that would read as an empty form, and its message is
// one line.
func TestMalformedMultipartContentTypeIsTypedError(t *testing.T) {
	for _, ct := range []string{
		"multipart/form-data; boundary=",
		`multipart/form-data; boundary=""`,
		"multipart/form-data; boundary= ",
		"multipart/form-data; boundary=a; boundary=b",
		"multipart/form-data; boundary=a; boundary=a",
		"multipart/form-data; boundary=a; BOUNDARY=b",
		"multipart/form-data; boundary=a, multipart/form-data; boundary=b",
		"multipart/form-data; boundary",
		"multipart/form-data;boundary=a\x00",
		"multipart/form-data",
		"multipart/form-data;",
	} {
		b, err := ParseBoundary(ct)
		if err == nil || b != "" {
			t.Errorf("ParseBoundary(%q) = %q, %v; want an error", ct, b, err)
			continue
		}
		if !errors.Is(err, ErrMalformed) || !(errors.Is(err, ErrBadBoundary) || errors.Is(err, ErrNoBoundary)) {
			t.Errorf("ParseBoundary(%q): %v is not ErrBadBoundary/ErrNoBoundary", ct, err)
		}
		if msg := err.Error(); strings.ContainsAny(msg, "\r\n\x00") {
			t.Errorf("ParseBoundary(%q): message not one line: %q", ct, msg)
		}
	}
}

// TestParseBoundaryValuesRejectsTwoContentTypeLines: a request with two
// Content-Type lines is ErrMultipleContentTypes, even when they agree.
func TestParseBoundaryValuesRejectsTwoContentTypeLines(t *testing.T) {
	ok := "multipart/form-data; boundary=abc"
	if b, err := ParseBoundaryValues([]string{ok}); b != "abc" || err != nil {
		t.Errorf("one line: %q %v", b, err)
	}
	for _, vs := range [][]string{
		{ok, "multipart/form-data; boundary=def"},
		{ok, ok},
		{ok, "text/plain"},
		{"text/plain", ok},
	} {
		b, err := ParseBoundaryValues(vs)
		if b != "" || !errors.Is(err, ErrMultipleContentTypes) || !errors.Is(err, ErrMalformed) {
			t.Errorf("ParseBoundaryValues(%q) = %q, %v", vs, b, err)
		}
	}
	if _, err := ParseBoundaryValues(nil); !errors.Is(err, ErrNotMultipart) {
		t.Errorf("no line: %v", err)
	}
	if _, err := ParseBoundaryValues([]string{"multipart/form-data; boundary="}); !errors.Is(err, ErrBadBoundary) {
		t.Errorf("bad line: %v", err)
	}
}

// TestErrorMessagesEscapeClientBytes: client bytes echoed in an error
// message (field names, keys, boundaries, charsets) come out quoted, with
// CR, LF, NUL, other control bytes and non-ASCII escaped, and cut short,
// so the message is one printable ASCII line.
func TestErrorMessagesEscapeClientBytes(t *testing.T) {
	evil := "a\r\nSet-Cookie: x=1\x00\xff\xe9é\x7f\tz"
	msgs := map[string]string{
		"LimitError":  (&LimitError{Limit: "MaxFileBytes", Max: 1, Name: evil}).Error(),
		"EscapeError": (&EscapeError{Key: evil}).Error(),
	}
	_, err := ParseBoundary(`multipart/form-data; boundary="` + strings.ReplaceAll(evil, "\r\n", "") + `"`)
	msgs["ParseBoundary"] = err.Error()
	_, err = DecodeCharset("x", evil)
	msgs["DecodeCharset"] = err.Error()
	for name, msg := range msgs {
		for i := 0; i < len(msg); i++ {
			if c := msg[i]; c < 0x20 || c >= 0x7f {
				t.Errorf("%s: raw byte %#x in %q", name, c, msg)
				break
			}
		}
	}
	if m := msgs["LimitError"]; !strings.Contains(m, `a\r\nSet-Cookie: x=1\x00\xff\xe9\u00e9\x7f\tz`) {
		t.Errorf("LimitError message %q does not show the escaped name", m)
	}
	long := (&EscapeError{Key: strings.Repeat("k", 1000)}).Error()
	if len(long) > 130 || !strings.HasSuffix(long, `"...`) {
		t.Errorf("long key not cut: %d bytes", len(long))
	}
}
