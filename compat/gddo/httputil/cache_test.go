package httputil

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"unsafe"

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
	// Distinct lines in turn, as BenchmarkGddo/accept-miss sends them.
	misses := make([][]string, 256)
	for i := range misses {
		misses[i] = []string{lines[0] + ",x/y" + strconv.Itoa(i)}
	}
	b.Run("accept-miss", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			i++
			bestContentType(misses[i%len(misses)], offers)
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

// TestCacheDoesNotKeepTheCallersLineBuffer: a header value can be a slice
// of a much larger string (a proxy's read buffer); the cache keeps a copy
// of the line, so it holds at most maxCachedLine bytes per entry.
func TestCacheDoesNotKeepTheCallersLineBuffer(t *testing.T) {
	buf := strings.Repeat("x", 1<<16) + "text/html;q=0.5, application/json"
	line := buf[1<<16:]
	c := newResultCache()
	offers := []string{"text/html"}
	for range 2 {
		_, h, _ := c.get(line, offers)
		c.put(line, offers, h, 0)
	}
	e := c.slots[c.hash(line, offers)%cacheSlots].Load()
	if e == nil || e.line != line {
		t.Fatal("the pair was not cached")
	}
	if unsafe.StringData(e.line) == unsafe.StringData(line) {
		t.Error("the cache keeps the caller's string, and with it the whole buffer behind it")
	}
}

// TestCacheDoesNotKeepLargeOffers: the offers are copied into the cache, so
// their size is bounded like the line's.
func TestCacheDoesNotKeepLargeOffers(t *testing.T) {
	line := "text/html"
	many := make([]string, maxCachedOffers+1)
	for i := range many {
		many[i] = "text/html"
	}
	long := []string{"text/" + strings.Repeat("x", maxCachedOffersBytes)}
	for _, offers := range [][]string{many, long} {
		c := newResultCache()
		for range 3 {
			_, h, _ := c.get(line, offers)
			c.put(line, offers, h, 0)
		}
		if _, _, ok := c.get(line, offers); ok {
			t.Errorf("%d offers of %d bytes and more were cached", len(offers), len(offers[0]))
		}
	}
}

// TestNegotiateCacheUnderManyGoroutinesWithCollidingOffers: many
// goroutines, each with its own offers of the same shape (the hash mixes
// only the number of offers and the first one's length, so they share
// slots), and more lines than slots; every answer must be the uncached one.
func TestNegotiateCacheUnderManyGoroutinesWithCollidingOffers(t *testing.T) {
	subtypes := []string{"png", "gif", "bmp", "ico", "jpg", "svg", "tif", "avi"}
	var wg sync.WaitGroup
	for g := range 16 {
		offers := []string{"text/html", "image/" + subtypes[g%len(subtypes)], "application/json"}
		codings := []string{"gzip", []string{"br", "xz", "lz"}[g%3], "identity"}
		wg.Go(func() {
			for i := range 1500 {
				n := i % 150 // 150 lines over 64 slots, each line seen many times
				line := fmt.Sprintf("image/%s;q=0.%d, text/html;q=0.%d, */*;q=0.%d, br;q=0.%d, xz, gzip;q=0.%d",
					subtypes[n%len(subtypes)], n%9+1, n%7, n%3, n%5, n%4)
				r := &http.Request{Header: http.Header{"Accept": {line}, "Accept-Encoding": {line}}}
				want := "none"
				if k := bestContentType([]string{line}, offers); k >= 0 {
					want = offers[k]
				}
				if got := NegotiateContentType(r, offers, "none"); got != want {
					t.Errorf("%q %q: cached %q, uncached %q", line, offers, got, want)
					return
				}
				k := bestEncoding([]string{line}, codings)
				wantEnc := "identity"
				switch {
				case k >= 0:
					wantEnc = codings[k]
				case k == none:
					wantEnc = ""
				}
				if got := NegotiateContentEncoding(r, codings); got != wantEnc {
					t.Errorf("%q %q: encoding cached %q, uncached %q", line, codings, got, wantEnc)
					return
				}
			}
		})
	}
	wg.Wait()
}
