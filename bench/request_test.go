package bench

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/webob-go/webob/webob"
)

// The request of BenchmarkRequest: a typical browser GET with a query and
// a few cookies.
func benchRequest() *http.Request {
	hr := httptest.NewRequest("GET", "http://example.com/items/42?page=2&sort=name&q=go", nil)
	hr.Header.Set("Cookie", "session=abc123; theme=dark; lang=en")
	hr.Header.Set("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) Gecko/20100101 Firefox/130.0")
	return hr
}

// byHandURL is what a net/http handler writes to rebuild the request's
// URL: scheme from TLS, Host, escaped path and raw query.
func byHandURL(hr *http.Request) string {
	scheme := "http"
	if hr.TLS != nil {
		scheme = "https"
	}
	if hr.URL.RawQuery == "" {
		return scheme + "://" + hr.Host + hr.URL.EscapedPath()
	}
	return scheme + "://" + hr.Host + hr.URL.EscapedPath() + "?" + hr.URL.RawQuery
}

func byHandCookie(hr *http.Request, name string) string {
	c, err := hr.Cookie(name)
	if err != nil {
		return ""
	}
	return c.Value
}

// TestRequestAgreement checks that webob and by-hand net/http read the
// same values from the benchmark request.
func TestRequestAgreement(t *testing.T) {
	hr := benchRequest()
	req := webob.NewRequest(hr, nil)
	if req.Method() != hr.Method || req.UserAgent() != hr.UserAgent() {
		t.Error("wrap")
	}
	if req.Query().Get("q") != hr.URL.Query().Get("q") || req.Query().Get("sort") != "name" {
		t.Error("query")
	}
	if v, _ := req.Cookie("theme"); v != byHandCookie(hr, "theme") || v != "dark" {
		t.Error("cookie")
	}
	if req.URL() != byHandURL(hr) {
		t.Errorf("url %q vs %q", req.URL(), byHandURL(hr))
	}
	// Where they differ: net/http keeps a default port that WebOb drops,
	// and reads ";" as... nothing (Go 1.17+ rejects it), as webob does.
	hr80 := httptest.NewRequest("GET", "http://example.com:80/a?x=1;y=2", nil)
	if got := webob.NewRequest(hr80, nil).URL(); got != "http://example.com/a?x=1;y=2" || byHandURL(hr80) != "http://example.com:80/a?x=1;y=2" {
		t.Errorf("default port: %q", got)
	}
}

var (
	sinkS string
	sinkB bool
)

func BenchmarkRequest(b *testing.B) {
	hr := benchRequest()
	b.Run("wrap/webob", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			req := webob.NewRequest(hr, nil)
			sinkS = req.Method()
			sinkS = req.UserAgent()
		}
	})
	b.Run("wrap/nethttp", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sinkS = hr.Method
			sinkS = hr.UserAgent()
		}
	})
	b.Run("query/webob", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sinkS = webob.NewRequest(hr, nil).Query().Get("q")
		}
	})
	b.Run("query/nethttp", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sinkS = hr.URL.Query().Get("q")
		}
	})
	b.Run("cookie/webob", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sinkS, sinkB = webob.NewRequest(hr, nil).Cookie("theme")
		}
	})
	b.Run("cookie/nethttp", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sinkS = byHandCookie(hr, "theme")
		}
	})
	b.Run("url/webob", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sinkS = webob.NewRequest(hr, nil).URL()
		}
	})
	b.Run("url/nethttp", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sinkS = byHandURL(hr)
		}
	})
	b.Run("all/webob", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			req := webob.NewRequest(hr, nil)
			sinkS = req.Query().Get("q")
			sinkS, sinkB = req.Cookie("theme")
			sinkS = req.URL()
		}
	})
	b.Run("all/nethttp", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sinkS = hr.URL.Query().Get("q")
			sinkS = byHandCookie(hr, "theme")
			sinkS = byHandURL(hr)
		}
	})
}
