package webob

import (
	"bufio"
	"bytes"
	"io"
	"net/http"
	"strings"
	"testing"
)

// bodyBenchRequest returns a POST of body with a known (Content-Length)
// or unknown length.
func bodyBenchRequest(body string, known bool) *http.Request {
	hr, _ := http.NewRequest("POST", "http://example.com/", nil)
	hr.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if known {
		hr.Body = io.NopCloser(strings.NewReader(body))
		hr.ContentLength = int64(len(body))
	} else {
		hr.Body = io.NopCloser(chunked{strings.NewReader(body)})
		hr.ContentLength = -1
	}
	return hr
}

func BenchmarkBody(b *testing.B) {
	for _, c := range []struct {
		name  string
		size  int
		known bool
	}{
		{"1KiB/length", 1 << 10, true},
		{"1KiB/chunked", 1 << 10, false},
		{"1MiB/length", 1 << 20, true},
		{"1MiB/chunked", 1 << 20, false},
	} {
		body := strings.Repeat("x", c.size)
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(c.size))
			for b.Loop() {
				r := NewRequest(bodyBenchRequest(body, c.known), nil)
				if _, err := r.Body(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

type benchBind struct {
	Q    string   `url:"q"`
	Page int      `url:"page"`
	Tags []string `url:"tag,comma"`
	IDs  []int    `url:"id"`
}

func BenchmarkBind(b *testing.B) {
	body := "q=go&page=3&tag=a,b,c,d&id=1&id=2&id=3"
	b.ReportAllocs()
	for b.Loop() {
		r := NewRequest(bodyBenchRequest(body, true), nil)
		var v benchBind
		if err := r.Bind(&v); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkReadRequest(b *testing.B) {
	for _, c := range []struct{ name, msg string }{
		{"length", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello"},
		{"chunked", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\nX-T: 1\r\n\r\n"},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			data := []byte(c.msg)
			for b.Loop() {
				if _, err := ReadRequest(bufio.NewReader(bytes.NewReader(data)), nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
