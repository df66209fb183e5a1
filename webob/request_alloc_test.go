package webob

import (
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/webob-go/webob/internal/race"
)

func allocRequest() *http.Request {
	hr := httptest.NewRequest("GET", "http://example.com/items/42?page=2&sort=name&q=go", nil)
	hr.Header.Set("Cookie", "session=abc123; theme=dark; lang=en")
	hr.Header.Set("User-Agent", "test/1")
	hr.Header.Set("Accept", "text/html,application/json;q=0.9")
	hr.Header.Set("If-None-Match", `"a", "b"`)
	hr.Header.Set("X-Forwarded-For", "203.0.113.9")
	hr.RemoteAddr = "10.0.0.1:1234"
	return hr
}

var (
	sinkStr  string
	sinkBool bool
)

// TestAllocs pins the allocation counts of the hot accessors.
func TestAllocs(t *testing.T) {
	if race.Enabled {
		t.Skip("the race detector allocates")
	}
	hr := allocRequest()
	trusted := &Options{TrustedProxies: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}}
	tests := []struct {
		name string
		max  float64
		f    func()
	}{
		{"wrap", 0, func() {
			r := NewRequest(hr, nil)
			sinkStr = r.Method()
			sinkStr = r.UserAgent()
		}},
		{"cookie", 0, func() { sinkStr, sinkBool = NewRequest(hr, nil).Cookie("theme") }},
		{"path pieces", 0, func() {
			r := NewRequest(hr, nil)
			sinkStr = r.Path()
			sinkStr = r.Host()
			sinkStr = r.Domain()
			sinkStr = r.HostPort()
			sinkStr = r.Scheme()
			sinkStr, sinkBool = r.PathInfoPeek()
		}},
		{"client addr through a trusted proxy", 1, func() { sinkBool = NewRequest(hr, trusted).ClientAddr().IsValid() }},
		{"query", 1, func() { sinkStr = NewRequest(hr, nil).Query().Get("q") }},
		{"url", 1, func() { sinkStr = NewRequest(hr, nil).URL() }},
		{"all", 2, func() {
			r := NewRequest(hr, nil)
			sinkStr = r.Query().Get("q")
			sinkStr, sinkBool = r.Cookie("theme")
			sinkStr = r.URL()
		}},
		{"typed headers (one cache)", 1, func() {
			r := NewRequest(hr, nil)
			sinkStr, sinkBool = r.Accept().Best("application/json", "text/html")
			sinkBool = r.IfNoneMatch().Present()
			sinkBool = r.IfModifiedSince().IsZero()
			sinkStr = r.ContentType()
		}},
	}
	for _, tt := range tests {
		if got := testing.AllocsPerRun(200, tt.f); got > tt.max {
			t.Errorf("%s: %v allocs, want <= %v", tt.name, got, tt.max)
		}
	}
}

func BenchmarkAccessors(b *testing.B) {
	hr := allocRequest()
	b.Run("wrap", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sinkStr = NewRequest(hr, nil).Method()
		}
	})
	b.Run("query", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sinkStr = NewRequest(hr, nil).Query().Get("q")
		}
	})
	b.Run("url", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sinkStr = NewRequest(hr, nil).URL()
		}
	})
	b.Run("accept", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sinkStr, sinkBool = NewRequest(hr, nil).Accept().Best("application/json", "text/html")
		}
	})
	b.Run("message", func(b *testing.B) {
		msg := []byte("POST /items?x=1 HTTP/1.1\r\nHost: example.com\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 9\r\n\r\nname=kiwi")
		b.ReportAllocs()
		for b.Loop() {
			r, _ := ParseRequest(msg, nil)
			out, _ := r.AsBytes()
			sinkBool = len(out) > 0
		}
	})
	b.Run("bind", func(b *testing.B) {
		type S struct {
			Q    string   `url:"q"`
			Page int      `url:"page"`
			Tags []string `url:"tag"`
		}
		r := MustBlank("/?q=go&page=2&tag=a&tag=b")
		b.ReportAllocs()
		for b.Loop() {
			var s S
			_ = r.Query().Bind(&s, nil)
		}
	})
}

// TestLinearTime feeds 1 MB pathological inputs to the request parsers.
func TestLinearTime(t *testing.T) {
	const mb = 1 << 20
	trusted := &Options{TrustedProxies: []netip.Prefix{netip.MustParsePrefix("0.0.0.0/0")}}
	inputs := map[string]func() *Request{
		"X-Forwarded-For all trusted": func() *Request {
			hr := httptest.NewRequest("GET", "/", nil)
			hr.RemoteAddr = "10.0.0.1:1"
			hr.Header.Set("X-Forwarded-For", strings.Repeat("1.2.3.4,", mb/8))
			hr.Header.Set("X-Forwarded-Proto", strings.Repeat("https,", mb/6))
			return NewRequest(hr, trusted)
		},
		"Forwarded": func() *Request {
			hr := httptest.NewRequest("GET", "/", nil)
			hr.RemoteAddr = "10.0.0.1:1"
			hr.Header.Set("Forwarded", strings.Repeat("for=1.2.3.4;proto=https,", mb/24))
			return NewRequest(hr, trusted)
		},
		"path of slashes": func() *Request {
			hr := httptest.NewRequest("GET", "/"+strings.Repeat("/", mb), nil)
			return NewRequest(hr, nil)
		},
		"many keys": func() *Request {
			var b strings.Builder
			for i := 0; b.Len() < mb; i++ {
				b.WriteString("k" + strconv.Itoa(i) + "=v&")
			}
			hr := httptest.NewRequest("POST", "/", strings.NewReader(b.String()))
			hr.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			return NewRequest(hr, &Options{MaxParams: -1})
		},
		"indexed keys": func() *Request {
			var b strings.Builder
			for i := 0; b.Len() < mb; i++ {
				b.WriteString("a[" + strconv.Itoa(i%1000) + "]=v&")
			}
			hr := httptest.NewRequest("POST", "/", strings.NewReader(b.String()))
			hr.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			return NewRequest(hr, &Options{MaxParams: -1})
		},
		"cookie": func() *Request {
			hr := httptest.NewRequest("GET", "/", nil)
			hr.Header.Set("Cookie", strings.Repeat("x", mb)+"=1; theme=dark")
			return NewRequest(hr, nil)
		},
	}
	for name, mk := range inputs {
		t.Run(name, func(t *testing.T) {
			r := mk()
			start := time.Now()
			r.ClientAddr()
			r.Scheme()
			r.URL()
			for i := 0; i < 10; i++ {
				if _, ok := r.PathInfoPop(); !ok {
					break
				}
			}
			r.Cookie("theme")
			if r.Form().Len() == 0 && name != "cookie" && r.Method() == "POST" {
				t.Error("form not read")
			}
			r.Form().Keys()
			var s struct {
				A []string `url:"a"`
				K string   `url:"k5"`
			}
			r.Bind(&s)
			if el := time.Since(start); el > race.TimeBound {
				t.Fatalf("took %v", el)
			}
		})
	}
}
