package httputil

import (
	"net/http"
	"strings"

	"github.com/webob-go/webob/compat/gddo/internal/qlist"
	"github.com/webob-go/webob/headers"
)

// maxStackOffers is how many offers are scored without allocating.
const maxStackOffers = 16

// Specificity of a media range matching an offer, highest wins
// (RFC 9110 §12.5.1).
const (
	specNone    = iota
	specAny     // */*
	specType    // type/*
	specSubtype // type/subtype
	specParams  // type/subtype;params
)

// score is the best match found so far for one offer.
type score struct {
	spec int8
	q    int16
}

// mediaOffer is an offer split into its type, subtype and raw parameters.
type mediaOffer struct {
	typ, sub, params string
}

// offerIndex locates an offer's type and subtype: the offer is
// typ "/" sub [params], typ = s[:slash], sub = s[slash+1:end]; slash is -1
// when there is no "/".
type offerIndex struct {
	slash, end int32
}

func indexOffer(s string) offerIndex {
	x := offerIndex{slash: -1, end: int32(len(s))}
	i := strings.IndexByte(s, '/')
	if i < 0 {
		i = 0
	} else {
		x.slash = int32(i)
	}
	for ; i < len(s); i++ {
		if c := s[i]; c == ';' || c == ' ' || c == '\t' {
			x.end = int32(i)
			break
		}
	}
	if x.slash > x.end {
		x.slash = -1
	}
	return x
}

func (x offerIndex) split(s string) mediaOffer {
	if x.slash < 0 {
		return mediaOffer{typ: s[:x.end], params: s[x.end:]}
	}
	return mediaOffer{typ: s[:x.slash], sub: s[x.slash+1 : x.end], params: s[x.end:]}
}

// NegotiateContentType returns the best of offers (media types such as
// "text/html", in the server's order of preference) for r's Accept header,
// by RFC 9110 §12.5.1:
//
//   - each offer gets the weight of the most specific range that matches
//     it (text/html before text/* before */*; a range with parameters
//     matches only an offer with the same parameters), so
//     "text/html;q=0.1, */*" ranks text/html below image/png;
//   - an offer whose weight is 0 is excluded ("*/*;q=0" excludes all);
//   - among offers of equal weight the one matched by the more specific
//     range wins, then the one earlier in offers;
//   - types, subtypes and parameter names compare case-insensitively;
//   - elements that do not follow the grammar (q=1.5, q=foo) are skipped,
//     the rest of the header is still read.
//
// defaultOffer is returned when no offer is acceptable (and when offers is
// empty). A request without Accept accepts every media type: it gets
// defaultOffer too, as in gddo, unless defaultOffer is "", in which case
// the first offer is returned — "" would mean "not acceptable", which RFC
// 9110 §12.5.1 says a request without Accept cannot be.
//
// It allocates nothing for up to 16 offers, except when it adds an answer
// to its cache: answers for recent (field line, offers) pairs are kept in
// 64 entries holding copies of the line (up to 512 bytes) and of the
// offers (up to 16 strings and 512 bytes in all); a pair is added on its
// second miss in a row, at the cost of a few small allocations.
func NegotiateContentType(r *http.Request, offers []string, defaultOffer string) string {
	lines := r.Header["Accept"]
	if len(lines) == 0 {
		if defaultOffer == "" && len(offers) > 0 {
			return offers[0]
		}
		return defaultOffer
	}
	if len(offers) == 0 {
		return defaultOffer
	}
	if len(lines) == 1 {
		i, h, ok := typeCache.get(lines[0], offers)
		if !ok {
			i = bestContentType(lines, offers)
			typeCache.put(lines[0], offers, h, i)
		}
		if i < 0 {
			return defaultOffer
		}
		return offers[i]
	}
	if i := bestContentType(lines, offers); i >= 0 {
		return offers[i]
	}
	return defaultOffer
}

// bestContentType returns the index of the best offer for the Accept
// field lines, or -1 when none is acceptable.
//
// Offers are not split up front: a range type "/" subtype, all token
// bytes, matches an offer when the offer has a "/" just after len(type)
// bytes equal to the type, and then — unless the subtype is "*" — the
// subtype's bytes followed by the end of the offer or by the ";", " " or
// "\t" that ends its type "/" subtype (as offerIndex splits it). The byte
// at len(type) rules most offers out before any comparison.
func bestContentType(lines, offers []string) int {
	var sbuf [maxStackOffers]score
	var scores []score
	if len(offers) <= maxStackOffers {
		scores = sbuf[:len(offers)]
	} else {
		scores = make([]score, len(offers))
	}
	// The first bytes of the offers and "*", as a filter: bit c&63 for
	// byte c|0x20, which folds ASCII letters. Other bytes collide, which
	// only lets an element through to the exact comparison.
	firsts := offerFirsts(offers, firstBit('*'))
	for _, s := range lines {
		// Without a quoted string, every comma ends an element.
		plain := strings.IndexByte(s, '"') < 0
		for i := 0; ; {
			for i < len(s) && (s[i] == ',' || s[i] == ' ' || s[i] == '\t') {
				i++
			}
			if plain && i < len(s) && firsts&firstBit(s[i]) == 0 {
				// The element starts with a byte no offer's type nor
				// "*" starts with: it matches nothing, valid or not.
				i = nextComma(s, i)
				continue
			}
			typ, sub, q, next, kind := qlist.Range(s, i)
			i = next
			switch kind {
			case qlist.RangeDone:
			case qlist.RangeNone:
				continue
			case qlist.RangeGeneral:
				// Parameters, extensions or a syntax error: the
				// general scanner.
				e, n, _ := qlist.Next(s, i)
				i = n
				if !e.Valid {
					continue
				}
				for k, off := range offers {
					o := indexOffer(off).split(off)
					if spec := matchRange(typ, sub, &e, &o); spec > int(scores[k].spec) {
						scores[k] = score{spec: int8(spec), q: int16(e.Q)}
					}
				}
				continue
			default:
				if typ == "*" {
					for k := range scores {
						if scores[k].spec < specAny {
							scores[k] = score{spec: specAny, q: int16(q)}
						}
					}
					continue
				}
				n := len(typ)
				for k, off := range offers {
					if len(off) <= n || off[n] != '/' || !eqFold(typ, off[:n]) {
						continue
					}
					spec := int8(specType)
					if sub != "*" {
						rest := off[n+1:]
						if len(rest) < len(sub) || !eqFold(sub, rest[:len(sub)]) {
							continue
						}
						if m := len(sub); m < len(rest) && rest[m] != ';' && rest[m] != ' ' && rest[m] != '\t' {
							continue
						}
						spec = specSubtype
					}
					if spec > scores[k].spec {
						scores[k] = score{spec: spec, q: int16(q)}
					}
				}
				continue
			}
			break
		}
	}
	bi := -1
	var b score
	for k, sc := range scores {
		if sc.q > b.q || (sc.q == b.q && sc.q > 0 && sc.spec > b.spec) {
			bi, b = k, sc
		}
	}
	return bi
}

// firstBit maps a byte to one bit of a filter of first bytes: bytes that
// are equal without regard to ASCII case map to the same bit.
func firstBit(c byte) uint64 { return 1 << ((c | 0x20) & 63) }

// offerFirsts adds the first bytes of the offers to the filter set.
func offerFirsts(offers []string, set uint64) uint64 {
	for _, off := range offers {
		if off != "" {
			set |= firstBit(off[0])
		}
	}
	return set
}

// nextComma returns the index of the next comma in s at or after i, or
// len(s): where an element of a line without quoted strings ends.
func nextComma(s string, i int) int {
	if j := strings.IndexByte(s[i:], ','); j >= 0 {
		return i + j
	}
	return len(s)
}

// matchRange returns how specifically the range typ/sub (with e's
// parameters) matches offer o, or specNone.
func matchRange(typ, sub string, e *qlist.Element, o *mediaOffer) int {
	var spec int
	switch {
	case typ == "*":
		spec = specAny
	case !eqFold(typ, o.typ):
		return specNone
	case sub == "*":
		spec = specType
	case !eqFold(sub, o.sub):
		return specNone
	default:
		spec = specSubtype
	}
	if e.NParams == 0 {
		return spec
	}
	// A range with parameters matches only an offer with the same
	// parameters (names case-insensitive, values compared
	// case-insensitively as negotiate does), and is then more specific
	// than the bare type/subtype.
	n := 0
	for rest := o.params; ; {
		name, value, next, ok, err := headers.NextParam(rest)
		if err != nil || !ok {
			break
		}
		rest = next
		if name == "" {
			continue
		}
		n++
		if v, found := headers.LookupParam(e.Params, name); !found || !headers.EqualFold(v, value) {
			return specNone
		}
	}
	if n != e.NParams {
		return specNone
	}
	if spec == specSubtype {
		return specParams
	}
	return spec
}

// eqFold is headers.EqualFold with its common outcomes (different
// lengths, identical strings) decided inline.
func eqFold(a, b string) bool {
	return len(a) == len(b) && (a == b || foldSlow(a, b))
}

//go:noinline
func foldSlow(a, b string) bool { return headers.EqualFold(a, b) }

// NegotiateContentEncoding returns the best of offers (content codings
// such as "gzip" or "br", in the server's order of preference, and
// possibly "identity") for r's Accept-Encoding header, by RFC 9110 §12.5.3:
//
//   - a coding gets the weight of its first entry, else that of "*", else
//     it is not acceptable; q=0 excludes it;
//   - codings compare case-insensitively ("GZIP" is gzip);
//   - the highest weight wins, the earlier offer among equals;
//   - "identity" is acceptable unless the header excludes it with
//     "identity;q=0", or with "*;q=0" and no identity entry; when the
//     header does not name it (nor "*"), it ranks below every coding the
//     header names.
//
// When no offer is acceptable it returns "identity" — send the content
// without a coding — if identity is acceptable, and "" (answer 406) when
// the header excludes identity too. A request without Accept-Encoding
// gets "identity", as in gddo. Elements that do not follow the grammar are
// skipped.
//
// It allocates nothing for up to 16 offers, except when it adds an answer
// to its cache: answers for recent (field line, offers) pairs are kept in
// 64 entries holding copies of the line (up to 512 bytes) and of the
// offers (up to 16 strings and 512 bytes in all); a pair is added on its
// second miss in a row, at the cost of a few small allocations.
func NegotiateContentEncoding(r *http.Request, offers []string) string {
	lines := r.Header["Accept-Encoding"]
	if len(lines) == 0 {
		return "identity"
	}
	var i int
	if len(lines) == 1 {
		var h uint64
		var ok bool
		if i, h, ok = encodingCache.get(lines[0], offers); !ok {
			i = bestEncoding(lines, offers)
			encodingCache.put(lines[0], offers, h, i)
		}
	} else {
		i = bestEncoding(lines, offers)
	}
	switch i {
	case noneButIdentity:
		return "identity"
	case none:
		return ""
	}
	return offers[i]
}

// Results of bestEncoding other than an index into offers.
const (
	noneButIdentity = -1 // no offer is acceptable, identity is
	none            = -2 // nothing is acceptable
)

// bestEncoding returns the index of the best offer for the
// Accept-Encoding field lines, or noneButIdentity, or none.
func bestEncoding(lines, offers []string) int {
	var qbuf [maxStackOffers]int16
	var qs []int16
	if len(offers) <= maxStackOffers {
		qs = qbuf[:len(offers)]
	} else {
		qs = make([]int16, len(offers))
	}
	for k := range qs {
		qs[k] = -1 // not named
	}
	star, identity := -1, -1
	// The first bytes of the offers, "*" and "identity", folded as in
	// bestContentType.
	firsts := offerFirsts(offers, firstBit('*')|firstBit('i'))
	for _, s := range lines {
		plain := strings.IndexByte(s, '"') < 0
		for i := 0; ; {
			for i < len(s) && (s[i] == ',' || s[i] == ' ' || s[i] == '\t') {
				i++
			}
			if plain && i < len(s) && firsts&firstBit(s[i]) == 0 {
				// Neither an offer, nor "*", nor identity: it changes
				// nothing, valid or not.
				i = nextComma(s, i)
				continue
			}
			v, _, _, q, next, done, ok := qlist.Simple(s, i)
			if done {
				break
			}
			if !ok {
				e, n, _ := qlist.Next(s, i)
				// Accept-Encoding takes no parameter but the weight
				// (RFC 9110 §12.5.3).
				if !e.Valid || e.NParams != 0 {
					i = n
					continue
				}
				v, q, next = e.Value, e.Q, n
			}
			i = next
			switch {
			case v == "*":
				if star < 0 {
					star = q
				}
				continue
			case identity < 0 && eqFold(v, "identity"):
				identity = q
			}
			for k, off := range offers {
				if qs[k] < 0 && eqFold(v, off) {
					qs[k] = int16(q)
				}
			}
		}
	}
	return rankEncodings(offers, qs, star, identity)
}

// rankEncodings picks the best offer from the weights the header gave:
// qs[k] for offers[k] (-1 when not named), star for "*" and identity for
// "identity" (-1 when absent). It returns an index into offers, or
// noneButIdentity, or none.
func rankEncodings(offers []string, qs []int16, star, identity int) int {
	// Rank in half-thousandths so that an implicitly acceptable identity
	// (rank 1) sits below every named coding (rank >= 2).
	bi, br := -1, 0
	for k, off := range offers {
		rank := 0
		switch {
		case qs[k] >= 0:
			rank = 2 * int(qs[k])
		case star >= 0:
			rank = 2 * star
		case eqFold(off, "identity"):
			rank = 1
		}
		if rank > br {
			bi, br = k, rank
		}
	}
	if bi >= 0 {
		return bi
	}
	if identity == 0 || (identity < 0 && star == 0) {
		return none
	}
	return noneButIdentity
}
