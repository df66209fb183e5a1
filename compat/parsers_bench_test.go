package compat

import (
	"bufio"
	"bytes"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/webob-go/webob/internal/race"
)

// cgiOutput is what a typical CGI program or PHP script prints before its
// body.
const cgiOutput = "Status: 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n" +
	"Cache-Control: private, max-age=0\r\nSet-Cookie: sid=abc123; Path=/; HttpOnly\r\n" +
	"X-Powered-By: PHP/8.2\r\nVary: Accept-Encoding\r\n\r\n<html>"

func BenchmarkReadCGIHeader(b *testing.B) {
	src := []byte(cgiOutput)
	r := bytes.NewReader(src)
	br := bufio.NewReader(r)
	b.ReportAllocs()
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		r.Reset(src)
		br.Reset(r)
		if _, err := readCGIHeader(br, DefaultCGIMaxHeaderBytes); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseFastCGIHeader(b *testing.B) {
	src := []byte(cgiOutput)
	block, _, ok := headerEnd(src, 0)
	if !ok {
		b.Fatal("no header end")
	}
	h := make(http.Header)
	b.ReportAllocs()
	b.SetBytes(int64(block))
	for b.Loop() {
		clear(h)
		if _, err := parseCGIHeader(src[:block], h); err != nil {
			b.Fatal(err)
		}
	}
}

// benchEnviron is the environment a web server gives a CGI program for a
// browser's GET.
var benchEnviron = map[string]string{
	"GATEWAY_INTERFACE": "CGI/1.1", "SERVER_PROTOCOL": "HTTP/1.1", "SERVER_SOFTWARE": "Apache",
	"SERVER_NAME": "example.com", "SERVER_PORT": "443", "HTTPS": "on",
	"REQUEST_METHOD": "GET", "REQUEST_URI": "/cgi-bin/app/items/7?x=1", "QUERY_STRING": "x=1",
	"SCRIPT_NAME": "/cgi-bin/app", "PATH_INFO": "/items/7",
	"REMOTE_ADDR": "203.0.113.7", "REMOTE_PORT": "51234",
	"HTTP_HOST": "example.com", "HTTP_USER_AGENT": "Mozilla/5.0 (X11; Linux x86_64)",
	"HTTP_ACCEPT":          "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
	"HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.9", "HTTP_ACCEPT_ENCODING": "gzip, deflate, br",
	"HTTP_COOKIE": "sid=abc123; theme=dark",
}

func BenchmarkRequestFromEnviron(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := RequestFromEnviron(benchEnviron, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// A CGI header section of 1 MB made of short lines, and one made of a
// single long field value, are read in linear time (refused at a cap just
// below their size, accepted at one above it).
func TestReadCGIHeaderLinearTime(t *testing.T) {
	shapes := map[string]string{
		"many lines":                strings.Repeat("X-A: b\n", (1<<20)/7),
		"long value":                "X-A: " + strings.Repeat("b", 1<<20) + "\n",
		"many bytes of white space": "X-A:" + strings.Repeat(" ", 1<<20) + "b\n",
	}
	for name, head := range shapes {
		src := []byte(head + "\n")
		for _, max := range []int{len(src) - 1, len(src) + 1} {
			start := time.Now()
			_, err := readCGIHeader(bufio.NewReader(bytes.NewReader(src)), max)
			if d := time.Since(start); d > race.TimeBound {
				t.Errorf("%s, cap %d: took %v", name, max, d)
			}
			if (err == nil) != (max > len(src)) {
				t.Errorf("%s, cap %d of %d bytes: err %v", name, max, len(src), err)
			}
		}
	}
}

// An environment with 1 MB values (a long query, a long cookie, many
// HTTP_ variables) is turned into a request in linear time.
func TestRequestFromEnvironLinearTime(t *testing.T) {
	env := map[string]string{}
	for k, v := range benchEnviron {
		env[k] = v
	}
	env["QUERY_STRING"] = strings.Repeat("a=b&", (1<<20)/4)
	env["REQUEST_URI"] = "/cgi-bin/app/items/7?" + env["QUERY_STRING"]
	env["HTTP_COOKIE"] = strings.Repeat("c=d; ", (1<<20)/5) + "e=f"
	for i := range 20000 {
		env["HTTP_X_H"+strings.Repeat("A", i%50)+string(rune('A'+i%26))+string(rune('A'+i/26%26))+string(rune('A'+i/676%26))] = "v"
	}
	start := time.Now()
	r, err := RequestFromEnviron(env, nil)
	if d := time.Since(start); d > race.TimeBound {
		t.Errorf("took %v", d)
	}
	if err != nil || len(r.URL.RawQuery) < 1<<20-4 {
		t.Errorf("err %v", err)
	}
}
