package negotiate

import (
	"fmt"
	"strings"

	"github.com/webob-go/webob/headers"
	"golang.org/x/text/language"
)

// ErrInvalidAcceptLanguage reports an Accept-Language header that does
// not follow the grammar. It wraps ErrInvalidHeader.
var ErrInvalidAcceptLanguage = fmt.Errorf("%w: Accept-Language", ErrInvalidHeader)

// AcceptLanguage is a parsed Accept-Language header (RFC 9110 §12.5.4):
//
//	Accept-Language = #( language-range [ weight ] )
//	language-range  = ( 1*8ALPHA *( "-" 1*8alphanum ) ) / "*"   ; RFC 4647 §2.1
//
// Ranges and tags compare case-insensitively. The zero value is a missing
// header. An empty header is invalid, as in WebOb.
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
	var out []langRange
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

// BasicFiltering returns the tags the header accepts under RFC 4647 basic
// filtering, as WebOb's basic_filtering does: a tag matched by any range
// with q=0 is excluded; otherwise its quality is the highest q among the
// non-zero ranges that match it (the first "*" applying only to tags no
// other range matches). The result is sorted by quality descending and
// then by the order of tags. A missing or invalid header returns every
// tag at q=1.
func (a AcceptLanguage) BasicFiltering(tags ...string) []Offer {
	var out []Offer
	if a.state != Valid {
		for _, t := range tags {
			out = append(out, Offer{Value: t, Q: 1})
		}
		return out
	}
	rs := a.ranges()
	star := -1
	for _, r := range rs {
		if r.rng == "*" {
			star = r.q
			break
		}
	}
tags:
	for _, t := range tags {
		q := -1
		for _, r := range rs {
			if r.rng == "*" || !basicMatch(r.rng, t) {
				continue
			}
			if r.q == 0 {
				continue tags
			}
			q = max(q, r.q)
		}
		if q < 0 {
			q = star
		}
		if q > 0 {
			out = append(out, Offer{Value: t, Q: float64(q) / qOne})
		}
	}
	sortOffers(out)
	return out
}

// Best returns the tag BasicFiltering ranks first, or ok == false.
func (a AcceptLanguage) Best(tags ...string) (string, bool) {
	out := a.BasicFiltering(tags...)
	if len(out) == 0 {
		return "", false
	}
	return out[0].Value, true
}

// Quality returns the quality BasicFiltering gives tag (0 when excluded).
func (a AcceptLanguage) Quality(tag string) float64 {
	out := a.BasicFiltering(tag)
	if len(out) == 0 {
		return 0
	}
	return out[0].Q
}

// Lookup chooses one tag by RFC 4647 §3.4 lookup, as WebOb's lookup does.
// The header's ranges are tried in order of quality (header order among
// equals), ignoring "*" and ranges with q=0; each range is truncated from
// the end until it equals one of tags (case-insensitively), a
// single-character subtag being removed together with the subtag after it.
// A tag equal to a range with q=0 is never chosen. When no range finds a
// tag, defaultRange is looked up the same way, then defaultTag is returned
// unless a q=0 range excludes it, then def. Pass "" to skip a default.
// A missing or invalid header goes straight to the defaults.
func (a AcceptLanguage) Lookup(tags []string, defaultRange, defaultTag, def string) string {
	var rs []langRange
	if a.state == Valid {
		rs = a.ranges()
	}
	excluded := func(t string) bool {
		for _, r := range rs {
			if r.q == 0 && r.rng != "*" && headers.EqualFold(r.rng, t) {
				return true
			}
		}
		return false
	}
	find := func(rng string) (string, bool) {
		for {
			for _, t := range tags {
				if headers.EqualFold(t, rng) && !excluded(t) {
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
	// Order by q descending, stably.
	ordered := make([]langRange, 0, len(rs))
	for _, r := range rs {
		if r.q > 0 && r.rng != "*" {
			ordered = append(ordered, r)
		}
	}
	for i := 1; i < len(ordered); i++ {
		for j := i; j > 0 && ordered[j].q > ordered[j-1].q; j-- {
			ordered[j], ordered[j-1] = ordered[j-1], ordered[j]
		}
	}
	for _, r := range ordered {
		if t, ok := find(r.rng); ok {
			return t
		}
	}
	if defaultRange != "" {
		if t, ok := find(defaultRange); ok {
			return t
		}
	}
	if defaultTag != "" && !excluded(defaultTag) {
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
		return nil, fmt.Errorf("%w: no supported languages", ErrInvalidOffer)
	}
	m := &LanguageMatcher{}
	for _, s := range supported {
		t, err := language.Parse(s)
		if err != nil {
			return nil, fmt.Errorf("%w: %q: %v", ErrInvalidOffer, s, err)
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
