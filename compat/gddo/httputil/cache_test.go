package httputil

import (
	"fmt"
	"net/http"
	"sync"
	"testing"

	"github.com/webob-go/webob/internal/race"
)

func TestNegotiateCacheAnswersPerOffersContent(t *testing.T) {
	r := &http.Request{Header: http.Header{"Accept": {"text/html;q=0.5, application/json"}}}
	offers := []string{"text/html", "application/json"}
	for range 2 { // the second miss caches the answer
		if got := NegotiateContentType(r, offers, "x/y"); got != "application/json" {
			t.Fatalf("got %q", got)
		}
	}
	if _, _, ok := typeCache.get(r.Header["Accept"][0], offers); !ok {
		t.Fatal("the answer was not cached")
	}
	// The same slice changed in place: the cached answer must not be used.
	offers[1] = "image/png"
	if got := NegotiateContentType(r, offers, "x/y"); got != "text/html" {
		t.Errorf("after changing the offers in place: %q, want text/html", got)
	}
	if got := NegotiateContentType(r, offers[:1], "x/y"); got != "text/html" {
		t.Errorf("fewer offers: %q", got)
	}
	if got := NegotiateContentType(r, []string{"image/png"}, "x/y"); got != "x/y" {
		t.Errorf("none acceptable: %q, want the default", got)
	}
	e := &http.Request{Header: http.Header{"Accept-Encoding": {"gzip;q=0.5, br"}}}
	codings := []string{"gzip", "br"}
	for range 2 {
		if got := NegotiateContentEncoding(e, codings); got != "br" {
			t.Fatalf("got %q", got)
		}
	}
	if _, _, ok := encodingCache.get(e.Header["Accept-Encoding"][0], codings); !ok {
		t.Fatal("the answer was not cached")
	}
	codings[1] = "zstd"
	if got := NegotiateContentEncoding(e, codings); got != "gzip" {
		t.Errorf("after changing the offers in place: %q, want gzip", got)
	}
}

// TestNegotiateCachedAnswersEqualUncached runs many lines through a few
// goroutines (the race detector checks the publication) and compares every
// answer with the uncached computation.
func TestNegotiateCachedAnswersEqualUncached(t *testing.T) {
	offers := []string{"application/json", "text/html", "image/png"}
	codings := []string{"br", "gzip", "identity"}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 2000 {
				line := fmt.Sprintf("text/html;q=0.%d, image/*;q=0.%d, */*;q=0.%d", (i+g)%10, i%7, i%3)
				r := &http.Request{Header: http.Header{"Accept": {line}, "Accept-Encoding": {line}}}
				want := "none"
				if k := bestContentType([]string{line}, offers); k >= 0 {
					want = offers[k]
				}
				if got := NegotiateContentType(r, offers, "none"); got != want {
					t.Errorf("%q: cached %q, uncached %q", line, got, want)
					return
				}
				k := bestEncoding([]string{line}, codings)
				if got := NegotiateContentEncoding(r, codings); (k >= 0 && got != codings[k]) || (k == none && got != "") || (k == noneButIdentity && got != "identity") {
					t.Errorf("%q: encoding cached %q, uncached %d", line, got, k)
					return
				}
			}
		}()
	}
	wg.Wait()
}

func TestNegotiateUncachedPathDoesNotAllocate(t *testing.T) {
	if race.Enabled {
		t.Skip("the race detector allocates")
	}
	lines := []string{"text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7"}
	offers := []string{"application/json", "text/html"}
	if n := testing.AllocsPerRun(100, func() { bestContentType(lines, offers) }); n != 0 {
		t.Errorf("bestContentType: %v allocations", n)
	}
	enc := []string{"gzip, deflate, br;q=0.9, zstd;level=1"}
	if n := testing.AllocsPerRun(100, func() { bestEncoding(enc, offers) }); n != 0 {
		t.Errorf("bestEncoding: %v allocations", n)
	}
}

func TestNegotiateLongLinesAreNotCached(t *testing.T) {
	line := "application/json;q=0.5, text/html"
	for len(line) <= maxCachedLine {
		line += ", a/b"
	}
	r := &http.Request{Header: http.Header{"Accept": {line}}}
	if got := NegotiateContentType(r, []string{"application/json", "text/html"}, ""); got != "text/html" {
		t.Errorf("got %q", got)
	}
	c := newResultCache()
	for range 3 {
		_, h, _ := c.get(line, []string{"x"})
		c.put(line, []string{"x"}, h, 0)
	}
	if _, _, ok := c.get(line, []string{"x"}); ok {
		t.Error("a line over maxCachedLine was cached")
	}
}

// BenchmarkNegotiateUncached measures the scan itself, as on a cache miss.
func BenchmarkNegotiateUncached(b *testing.B) {
	lines := []string{"text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8"}
	offers := []string{"application/json", "text/html"}
	b.Run("accept", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			bestContentType(lines, offers)
		}
	})
	enc := []string{"gzip, deflate, br, zstd"}
	codings := []string{"br", "gzip", "identity"}
	b.Run("encoding", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			bestEncoding(enc, codings)
		}
	})
}

func TestResultCacheAdmitsOnTheSecondMiss(t *testing.T) {
	c := newResultCache()
	offers := []string{"a/b"}
	_, h, ok := c.get("a/b", offers)
	if ok {
		t.Fatal("hit in an empty cache")
	}
	c.put("a/b", offers, h, 0)
	if _, _, ok := c.get("a/b", offers); ok {
		t.Error("cached after one miss")
	}
	c.put("a/b", offers, h, 0)
	if r, _, ok := c.get("a/b", offers); !ok || r != 0 {
		t.Errorf("not cached after two misses: %d %v", r, ok)
	}
}
