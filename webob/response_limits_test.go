package webob

import (
	"bufio"
	"errors"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/webob-go/webob/internal/race"
)

// linear runs f and fails when it takes longer than a generous bound for
// a linear-time function on about 1 MB of input (also under -race).
func linearResp(t *testing.T, name string, f func()) {
	t.Helper()
	start := time.Now()
	f()
	if d := time.Since(start); d > race.TimeBound {
		t.Errorf("%s took %v on 1 MB", name, d)
	}
}

func TestResponseLinearTime(t *testing.T) {
	const mb = 1 << 20
	long := strings.Repeat("a", mb-200)
	linearResp(t, "ParseResponse long line", func() {
		r, err := ParseResponse([]byte("HTTP/1.1 200 OK\r\nX-Long: " + long + "\r\nContent-Length: 0\r\n\r\n"))
		if err != nil || len(r.Header().Get("X-Long")) != len(long) {
			t.Errorf("long header line: %v", err)
		}
	})
	linearResp(t, "ParseResponse many lines", func() {
		msg := "HTTP/1.1 200 OK\r\n" + strings.Repeat("X-A: b\r\n", mb/8-10) + "\r\n"
		if _, err := ParseResponse([]byte(msg)); err != nil {
			t.Errorf("many lines: %v", err)
		}
	})
	linearResp(t, "ParseResponse over the limit", func() {
		msg := "HTTP/1.1 200 OK\r\nX-Long: " + long + long + "\r\n\r\n"
		if _, err := ParseResponse([]byte(msg)); !errors.Is(err, ErrMalformedResponse) || !strings.Contains(err.Error(), "MaxHeaderBytes") {
			t.Errorf("over MaxHeaderBytes: %v", err)
		}
	})
	for _, s := range []string{strings.Repeat("\\", mb), strings.Repeat(" ", mb), strings.Repeat("/", mb), strings.Repeat("%", mb)} {
		linearResp(t, "SafeLocation", func() { SafeLocation(s) })
		linearResp(t, "ResolveLocation", func() { ResolveLocation("http://example.com/a/b", s) })
	}
	linearResp(t, "Vary list", func() {
		r := NewResponse(200)
		r.Header().Set("Vary", strings.Repeat("X-A, ", mb/5))
		rec := httptest.NewRecorder()
		req := NewRequest(get("/"), nil)
		req.Accept()
		if err := r.Serve(rec, req); err != nil {
			t.Error(err)
		}
	})
	linearResp(t, "UnsetCookie", func() {
		r := NewResponse(200)
		for i := 0; i < mb/16; i++ {
			r.Header().Add("Set-Cookie", "a=1; Path=/")
		}
		r.UnsetCookie("b")
	})
}

func TestReadHeaderLimitBoundary(t *testing.T) {
	status := "HTTP/1.1 200 OK\r\n"
	// The whole header block at MaxHeaderBytes is accepted, one byte more
	// is not.
	pad := MaxHeaderBytes - len(status) - len("X: \r\n") - len("\r\n")
	ok := status + "X: " + strings.Repeat("a", pad) + "\r\n\r\n"
	if len(ok) != MaxHeaderBytes {
		t.Fatalf("test message is %d bytes", len(ok))
	}
	if _, err := ParseResponse([]byte(ok)); err != nil {
		t.Errorf("at the limit: %v", err)
	}
	over := status + "X: " + strings.Repeat("a", pad+1) + "\r\n\r\n"
	if _, err := ParseResponse([]byte(over)); !errors.Is(err, ErrMalformedResponse) {
		t.Errorf("one byte over: %v", err)
	}
}

func BenchmarkParseResponse(b *testing.B) {
	msg := []byte("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nEtag: \"x\"\r\n" +
		"Set-Cookie: a=1; Path=/\r\nContent-Length: 5\r\n\r\nhello")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseResponse(msg); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkAsBytes(b *testing.B) {
	r := Text(200, "hello")
	r.SetETag("x")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := r.AsBytes(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSafeLocation(b *testing.B) {
	for _, c := range []struct{ name, loc string }{{"clean", "/items/42?page=2"}, {"attack", " //evil.example/\\x"}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				SafeLocation(c.loc)
			}
		})
	}
}

func TestSafeLocationCleanAllocs(t *testing.T) {
	if race.Enabled {
		t.Skip("allocation counts differ under the race detector")
	}
	if n := testing.AllocsPerRun(100, func() { SafeLocation("/items/42?page=2") }); n != 0 {
		t.Errorf("SafeLocation of a clean value: %.0f allocations", n)
	}
}

func TestReadResponsePipelined(t *testing.T) {
	msgs := "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc" +
		"HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nxy\r\n0\r\nX-T: 1\r\n\r\n" +
		"HTTP/1.1 304 Not Modified\r\nEtag: \"e\"\r\n\r\n" +
		"HTTP/1.0 200 OK\r\n\r\nuntil the end"
	br := bufio.NewReader(strings.NewReader(msgs))
	var got []string
	for i := 0; i < 4; i++ {
		r, err := ReadResponse(br)
		if err != nil {
			t.Fatalf("response %d: %v", i, err)
		}
		b, err := r.Body()
		if err != nil {
			t.Fatalf("body %d: %v", i, err)
		}
		got = append(got, r.Status()+"|"+string(b)+"|"+r.Trailer().Get("X-T"))
	}
	want := "200 OK|abc||404 Not Found|xy|1|304 Not Modified|||200 OK|until the end|"
	if strings.Join(got, "|") != want {
		t.Errorf("got  %q\nwant %q", strings.Join(got, "|"), want)
	}
	for _, bad := range []string{
		"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nabc",
		"HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab",
		"HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n",
		"HTTP/1.1 200 OK\r\nX: a\r\n b\r\n\r\n",
		"HTTP/1.1 200 OK\r\nX: a\x00b\r\n\r\n",
		"HTTP/2 200 OK\r\n\r\n",
		"HTTP/1.1 20 OK\r\n\r\n",
		"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
	} {
		if _, err := ParseResponse([]byte(bad)); !errors.Is(err, ErrMalformedResponse) {
			t.Errorf("ParseResponse(%q) = %v", bad, err)
		}
	}
}
