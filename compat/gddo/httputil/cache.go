package httputil

import (
	"hash/maphash"
	"slices"
	"strings"
	"sync/atomic"
)

// Negotiation is a pure function of the header line and the offers, and
// browsers send a handful of distinct Accept and Accept-Encoding lines, so
// the answers for recent (line, offers) pairs are kept in a small
// direct-mapped cache: a hit costs one hash of the line and two
// comparisons instead of a scan of the header; a pair is cached when it
// misses twice in a row in its slot. Entries are immutable and
// published atomically. An entry holds a copy of the line and of the
// offers slice, and a hit requires equal content, so a caller that reuses
// or changes its offers slice never gets a stale answer, and the cache
// never keeps a request's buffer alive. Lines longer than maxCachedLine, headers
// of several lines, and offers beyond maxCachedOffers strings or
// maxCachedOffersBytes bytes are not cached, which bounds each of the two
// caches (Accept, Accept-Encoding) to cacheSlots entries of about 1 KiB.
const (
	cacheSlots           = 64
	maxCachedLine        = 512
	maxCachedOffers      = 16
	maxCachedOffersBytes = 512
)

type cacheEntry struct {
	hash   uint64 // of line and offers: a different hash is a miss without a comparison
	line   string
	offers []string
	result int // an index into offers, or a negative code of the caller
}

type resultCache struct {
	seed       maphash.Seed
	slots      [cacheSlots]atomic.Pointer[cacheEntry]
	seen       [cacheSlots]atomic.Uint64 // the hash last missed in each slot
	lastOffers atomic.Pointer[[]string]  // the offers copy of the last put
}

func newResultCache() *resultCache { return &resultCache{seed: maphash.MakeSeed()} }

// hash returns the hash of line and offers. Only the number of offers and
// the length of the first are mixed in: equality is checked on every hit.
func (c *resultCache) hash(line string, offers []string) uint64 {
	h := maphash.String(c.seed, line)
	h ^= uint64(len(offers)) * 0x9E3779B97F4A7C15
	if len(offers) > 0 {
		h ^= uint64(len(offers[0])) << 17
	}
	return h
}

// get returns the cached result for line and offers, and the hash to pass
// to put on a miss.
func (c *resultCache) get(line string, offers []string) (result int, h uint64, ok bool) {
	if len(line) > maxCachedLine {
		return 0, 0, false
	}
	h = c.hash(line, offers)
	e := c.slots[h%cacheSlots].Load()
	if e == nil || e.hash != h || e.line != line || !slices.Equal(e.offers, offers) {
		return 0, h, false
	}
	return e.result, h, true
}

// put records result for line and offers, whose hash is h, when the pair
// is seen for the second time in a row in its slot: a line seen once (a
// scan of random headers, or the tail of a long list of clients) costs no
// allocation and evicts nothing. The line is copied, so the entry never
// holds on to a larger buffer the caller's string is part of. The offers
// slice is copied (and the copy shared with the previous entry when the
// content is the same), but not the offer strings: they are the server's
// own, usually literals, and a hit compares them by pointer first.
func (c *resultCache) put(line string, offers []string, h uint64, result int) {
	if len(line) > maxCachedLine || len(offers) > maxCachedOffers {
		return
	}
	if seen := &c.seen[h%cacheSlots]; seen.Load() != h {
		seen.Store(h)
		return
	}
	size := 0
	for _, o := range offers {
		size += len(o)
	}
	if size > maxCachedOffersBytes {
		return
	}
	shared := c.lastOffers.Load()
	if shared == nil || !slices.Equal(*shared, offers) {
		cp := slices.Clone(offers)
		shared = &cp
		c.lastOffers.Store(shared)
	}
	c.slots[h%cacheSlots].Store(&cacheEntry{hash: h, line: strings.Clone(line), offers: *shared, result: result})
}

var (
	typeCache     = newResultCache()
	encodingCache = newResultCache()
)
