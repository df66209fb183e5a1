package httputil

import (
	"hash/maphash"
	"slices"
	"sync/atomic"
)

// Negotiation is a pure function of the header line and the offers, and
// browsers send a handful of distinct Accept and Accept-Encoding lines, so
// the answers for recent (line, offers) pairs are kept in a small
// direct-mapped cache: a hit costs one hash of the line and two
// comparisons instead of a scan of the header. Entries are immutable and
// published atomically; the offers are copied, and a hit requires
// equal content, so a caller that reuses or changes its offers slice
// never gets a stale answer. Lines longer than maxCachedLine and headers
// of several lines are not cached.
const (
	cacheSlots    = 64
	maxCachedLine = 512
)

type cacheEntry struct {
	line   string
	offers []string
	result int // an index into offers, or a negative code of the caller
}

type resultCache struct {
	seed       maphash.Seed
	slots      [cacheSlots]atomic.Pointer[cacheEntry]
	lastOffers atomic.Pointer[[]string] // the offers copy of the last put
}

func newResultCache() *resultCache { return &resultCache{seed: maphash.MakeSeed()} }

func (c *resultCache) slot(line string, offers []string) *atomic.Pointer[cacheEntry] {
	h := maphash.String(c.seed, line)
	// Mix in the offers cheaply; equality is checked on every hit.
	h ^= uint64(len(offers)) * 0x9E3779B97F4A7C15
	if len(offers) > 0 {
		h ^= uint64(len(offers[0])) << 17
	}
	return &c.slots[h%cacheSlots]
}

// get returns the cached result for line and offers.
func (c *resultCache) get(line string, offers []string) (int, bool) {
	if len(line) > maxCachedLine {
		return 0, false
	}
	e := c.slot(line, offers).Load()
	if e == nil || e.line != line || len(e.offers) != len(offers) {
		return 0, false
	}
	if !slices.Equal(e.offers, offers) {
		return 0, false
	}
	return e.result, true
}

// put records result for line and offers. The line is kept as it is (a
// header value string of at most maxCachedLine bytes); the offers are
// copied, and the copy is shared with the previous entry when the content
// is the same, so that a miss costs one small allocation.
func (c *resultCache) put(line string, offers []string, result int) {
	if len(line) > maxCachedLine {
		return
	}
	shared := c.lastOffers.Load()
	if shared == nil || !slices.Equal(*shared, offers) {
		cp := slices.Clone(offers)
		shared = &cp
		c.lastOffers.Store(shared)
	}
	c.slot(line, offers).Store(&cacheEntry{line: line, offers: *shared, result: result})
}

var (
	typeCache     = newResultCache()
	encodingCache = newResultCache()
)
