package compat

import (
	"net/http/httptest"
	"testing"
)

func BenchmarkAppendCGIEnv(b *testing.B) {
	r := httptest.NewRequest("GET", "http://example.com/app/items/42?page=2&sort=name", nil)
	r.RemoteAddr = "192.0.2.1:51000"
	for k, v := range map[string]string{
		"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "Accept-Language": "en-GB,en;q=0.9",
		"Accept-Encoding": "gzip, deflate, br", "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Gecko/20100101 Firefox/130.0",
		"Cookie": "session=abc123; theme=dark", "Referer": "http://example.com/app/", "Cache-Control": "no-cache",
	} {
		r.Header.Set(k, v)
	}
	vars := make([]EnvVar, 0, 64)
	b.ReportAllocs()
	for b.Loop() {
		var err error
		vars, err = AppendCGIEnv(vars[:0], r, nil)
		if err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCGIEnviron(b *testing.B) {
	r := httptest.NewRequest("GET", "http://example.com/app/items/42?page=2", nil)
	r.Header.Set("Accept", "text/html")
	r.Header.Set("User-Agent", "bench")
	b.ReportAllocs()
	for b.Loop() {
		_ = CGIEnviron(r)
	}
}
