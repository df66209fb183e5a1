package negotiate

import (
	"cmp"
	"slices"
	"strings"

	"github.com/webob-go/webob/headers"
	"golang.org/x/text/language"

	"github.com/webob-go/webob/internal/oneline"
)

// ErrInvalidAcceptLanguage reports an Accept-Language header that does
// not follow the grammar. It wraps ErrInvalidHeader.
var ErrInvalidAcceptLanguage = oneline.Detail(ErrInvalidHeader, "Accept-Language")

// AcceptLanguage is a parsed Accept-Language header (RFC 9110 §12.5.4):
//
//	Accept-Language = #( language-range [ weight ] )
//	language-range  = ( 1*8ALPHA *( "-" 1*8alphanum ) ) / "*"   ; RFC 4647 §2.1
//	weight          = OWS ";" OWS "q=" qvalue
//
// Ranges and tags compare case-insensitively. The zero value is a missing
// header. An empty header is invalid, as in WebOb, and so is any parameter
// but one weight ("en;", "en;q=0.5;"): RFC 9110 §12.5.4 allows none.
type AcceptLanguage struct {
	lines []string
	state State
}

// ParseAcceptLanguage parses the field lines of Accept-Language. An
// invalid header is returned with State Invalid and an error wrapping
// ErrInvalidAcceptLanguage; it negotiates as if missing.
func ParseAcceptLanguage(lines []string) (AcceptLanguage, error) {
	if len(lines) == 0 {
		return AcceptLanguage{}, nil
	}
	n := 0
	for el := range headers.List(lines) {
		if _, _, ok := parseLanguageElement(el); !ok {
			return AcceptLanguage{lines: lines, state: Invalid}, ErrInvalidAcceptLanguage
		}
		n++
	}
	if n == 0 {
		return AcceptLanguage{lines: lines, state: Invalid}, ErrInvalidAcceptLanguage
	}
	return AcceptLanguage{lines: lines, state: Valid}, nil
}

// State reports whether the header was missing, valid or invalid.
func (a AcceptLanguage) State() State { return a.state }

func parseLanguageElement(el string) (rng string, q int, ok bool) {
	i := 0
	for i < len(el) && (isAlnum(el[i]) || el[i] == '-' || el[i] == '*') {
		i++
	}
	rng = el[:i]
	if !validLanguageRange(rng) {
		return "", 0, false
	}
	q, ok = consumeWeight(el[i:])
	return rng, q, ok
}

func isAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

func isAlpha(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// validLanguageRange checks 1*8ALPHA *("-" 1*8alphanum) / "*".
func validLanguageRange(s string) bool {
	if s == "*" {
		return true
	}
	first := true
	for s != "" {
		n := 0
		for n < len(s) && s[n] != '-' {
			c := s[n]
			if first && !isAlpha(c) || !first && !isAlnum(c) {
				return false
			}
			n++
		}
		if n == 0 || n > 8 {
			return false
		}
		first = false
		if n == len(s) {
			return true
		}
		s = s[n+1:]
		if s == "" {
			return false // trailing "-"
		}
	}
	return false
}

// langRange is one element of the header with its position.
type langRange struct {
	rng string
	q   int
}

// ranges returns the header's elements in order.
func (a AcceptLanguage) ranges() []langRange {
	out := make([]langRange, 0, headers.CountList(a.lines))
	for el := range headers.List(a.lines) {
		if r, q, ok := parseLanguageElement(el); ok {
			out = append(out, langRange{r, q})
		}
	}
	return out
}

// basicMatch reports whether range r matches tag t under RFC 4647 §3.3.1
// basic filtering: equal, or a prefix of t followed by "-"; "*" matches
// every tag.
func basicMatch(r, t string) bool {
	if r == "*" {
		return true
	}
	if len(t) < len(r) || !headers.EqualFold(t[:len(r)], r) {
		return false
	}
	return len(t) == len(r) || t[len(r)] == '-'
}

// filterTag returns the quality RFC 4647 basic filtering gives tag under
// the ranges rs, as WebOb's basic_filtering decides it, and the position
// in the header of the range that decided it. A q=0 range other than "*"
// that matches the tag excludes it (q 0). Otherwise the matching range
// with the highest q decides, the earliest among equals. A tag no other
// range matches falls to "*": excluded by any "*;q=0", else given the
// highest q of the "*" ranges (the earliest among equals).
func filterTag(rs []langRange, tag string) (q, pos int) {
	q, pos = -1, -1
	starQ, starPos, starZero := -1, -1, false
	for i, r := range rs {
		if r.rng == "*" {
			if r.q == 0 {
				starZero = true
			} else if r.q > starQ {
				starQ, starPos = r.q, i
			}
			continue
		}
		if !basicMatch(r.rng, tag) {
			continue
		}
		if r.q == 0 {
			return 0, i
		}
		if r.q > q {
			q, pos = r.q, i
		}
	}
	if q > 0 {
		return q, pos
	}
	if starZero || starQ < 0 {
		return 0, -1
	}
	return starQ, starPos
}

// BasicFiltering returns the tags the header accepts under RFC 4647 basic
// filtering (§3.3.1: a range matches a tag equal to it or starting with it
// and "-"; "*" matches every tag), as WebOb's basic_filtering does: a tag
// matched by a range with q=0 is excluded; otherwise the matching range
// with the highest q gives its quality; "*" applies only to tags no other
// range matches, and any "*;q=0" then excludes them. The result is sorted
// by quality descending, then by the position in the header of the range
// that matched, then by the order of tags. A missing or invalid header
// returns every tag at q=1, in order (WebOb returns none).
func (a AcceptLanguage) BasicFiltering(tags ...string) []Offer {
	var out []Offer
	if a.state != Valid {
		for _, t := range tags {
			out = append(out, Offer{Value: t, Q: 1})
		}
		return out
	}
	rs := a.ranges()
	type hit struct {
		Offer
		pos int
	}
	var hits []hit
	for _, t := range tags {
		if q, pos := filterTag(rs, t); q > 0 {
			hits = append(hits, hit{Offer{Value: t, Q: float64(q) / qOne}, pos})
		}
	}
	slices.SortStableFunc(hits, func(x, y hit) int {
		if x.Q != y.Q {
			return cmp.Compare(y.Q, x.Q)
		}
		return cmp.Compare(x.pos, y.pos)
	})
	for _, h := range hits {
		out = append(out, h.Offer)
	}
	return out
}

// Best returns the tag with the highest quality under basic filtering,
// the order of tags breaking ties (as WebOb's best_match does), or
// ok == false when none is acceptable. A missing or invalid header gives
// the first tag.
func (a AcceptLanguage) Best(tags ...string) (string, bool) {
	if a.state != Valid {
		if len(tags) == 0 {
			return "", false
		}
		return tags[0], true
	}
	rs := a.ranges()
	bi, bq := -1, 0
	for i, t := range tags {
		if q, _ := filterTag(rs, t); q > bq {
			bi, bq = i, q
		}
	}
	if bi < 0 {
		return "", false
	}
	return tags[bi], true
}

// Quality returns the quality basic filtering gives tag (0 when it is
// excluded or not matched; 1 for a missing or invalid header).
func (a AcceptLanguage) Quality(tag string) float64 {
	if a.state != Valid {
		return 1
	}
	q, _ := filterTag(a.ranges(), tag)
	return float64(q) / qOne
}

// Lookup chooses one tag by RFC 4647 §3.4 lookup, as WebOb's lookup does.
// The header's ranges are tried in order of quality (header order among
// equals), ignoring "*" and ranges with q=0; each range is truncated from
// the end until it equals one of tags (case-insensitively), a
// single-character subtag being removed together with the subtag after it.
// A tag equal to a range with q=0 is never chosen. When no range finds a
// tag, defaultRange is looked up the same way, then defaultTag is
// returned unless a range with q=0 equals it, then def. A "*;q=0" in the
// header rules out both defaultRange and defaultTag. Pass "" to skip a
// default. A missing or invalid header gives defaultTag, or def when
// defaultTag is "".
func (a AcceptLanguage) Lookup(tags []string, defaultRange, defaultTag, def string) string {
	if a.state != Valid {
		if defaultTag != "" {
			return defaultTag
		}
		return def
	}
	rs := a.ranges()
	// One pass finds which tags (and whether defaultTag) a q=0 range
	// equals, so the search below stays linear in the header's length.
	var buf [16]bool
	var excluded []bool
	if len(tags) > len(buf) {
		excluded = make([]bool, len(tags))
	} else {
		excluded = buf[:len(tags)]
	}
	starZero, defaultTagExcluded := false, false
	for _, r := range rs {
		if r.q != 0 {
			continue
		}
		if r.rng == "*" {
			starZero = true
			continue
		}
		for i, t := range tags {
			if headers.EqualFold(r.rng, t) {
				excluded[i] = true
			}
		}
		if headers.EqualFold(r.rng, defaultTag) {
			defaultTagExcluded = true
		}
	}
	find := func(rng string) (string, bool) {
		for {
			for i, t := range tags {
				if !excluded[i] && headers.EqualFold(t, rng) {
					return t, true
				}
			}
			i := strings.LastIndexByte(rng, '-')
			if i < 0 {
				return "", false
			}
			rng = rng[:i]
			// Remove a singleton (such as "x" or "a") with what followed it.
			if j := strings.LastIndexByte(rng, '-'); j >= 0 && len(rng)-j-1 == 1 {
				rng = rng[:j]
			} else if j < 0 && len(rng) == 1 {
				return "", false
			}
		}
	}
	// Order by q descending, stably (filtering rs in place: it is not
	// needed any more).
	ordered := rs[:0]
	for _, r := range rs {
		if r.q > 0 && r.rng != "*" {
			ordered = append(ordered, r)
		}
	}
	// A stable O(n log n) sort: an insertion sort would be quadratic on a
	// long header whose weights rise.
	slices.SortStableFunc(ordered, func(x, y langRange) int { return cmp.Compare(y.q, x.q) })
	for _, r := range ordered {
		if t, ok := find(r.rng); ok {
			return t
		}
	}
	if starZero {
		return def
	}
	if defaultRange != "" {
		if t, ok := find(defaultRange); ok {
			return t
		}
	}
	if defaultTag != "" && !defaultTagExcluded {
		return defaultTag
	}
	return def
}

// String returns the header in canonical form.
func (a AcceptLanguage) String() string {
	var b []byte
	for el := range headers.List(a.lines) {
		if len(b) > 0 {
			b = append(b, ", "...)
		}
		r, q, ok := parseLanguageElement(el)
		if a.state != Valid || !ok {
			b = append(b, el...)
			continue
		}
		b = append(b, r...)
		b = appendQ(b, q)
	}
	return string(b)
}

// Limits on what the BCP 47 matcher hands to golang.org/x/text, whose
// parser was once slow on huge inputs (CVE-2022-32149).
const (
	maxMatcherRanges = 32
	maxRangeLen      = 64
)

// LanguageMatcher matches Accept-Language against a server's supported
// languages by BCP 47 semantics (golang.org/x/text/language), so that
// zh-TW finds zh-Hant and en-GB finds en. Build it once with
// NewLanguageMatcher.
type LanguageMatcher struct {
	tags    []language.Tag
	matcher language.Matcher
}

// NewLanguageMatcher prepares supported language tags, the first being
// the default. An unparsable tag is an error.
func NewLanguageMatcher(supported ...string) (*LanguageMatcher, error) {
	if len(supported) == 0 {
		return nil, oneline.Detail(ErrInvalidOffer, "no supported languages")
	}
	m := &LanguageMatcher{}
	for _, s := range supported {
		t, err := language.Parse(s)
		if err != nil {
			return nil, oneline.Detail(ErrInvalidOffer, oneline.Quote(s), err)
		}
		m.tags = append(m.tags, t)
	}
	m.matcher = language.NewMatcher(m.tags)
	return m, nil
}

// Match returns the index into the supported tags of the best match for
// the header and the confidence of the match. Only the first 32 ranges
// (by header order) of at most 64 bytes each are considered, q=0 ranges
// and "*" are skipped, and ranges are tried in order of quality. A
// missing, invalid or unmatched header gives the default (index 0) with
// confidence language.No.
func (m *LanguageMatcher) Match(a AcceptLanguage) (index int, conf language.Confidence) {
	if a.state != Valid {
		return 0, language.No
	}
	var want []language.Tag
	var qs []int
	n := 0
	for el := range headers.List(a.lines) {
		if n == maxMatcherRanges {
			break
		}
		n++
		r, q, ok := parseLanguageElement(el)
		if !ok || q == 0 || r == "*" || len(r) > maxRangeLen {
			continue
		}
		t, err := language.Parse(r)
		if err != nil {
			continue
		}
		// Insert by q descending, stable.
		i := len(want)
		want = append(want, t)
		qs = append(qs, q)
		for ; i > 0 && qs[i] > qs[i-1]; i-- {
			want[i], want[i-1] = want[i-1], want[i]
			qs[i], qs[i-1] = qs[i-1], qs[i]
		}
	}
	if len(want) == 0 {
		return 0, language.No
	}
	_, index, conf = m.matcher.Match(want...)
	return index, conf
}
