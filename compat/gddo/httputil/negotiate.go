package httputil

import (
	"net/http"

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

func splitOffer(s string) mediaOffer {
	var o mediaOffer
	end := len(s)
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == ';' || c == ' ' || c == '\t' {
			end = i
			break
		}
	}
	o.params = s[end:]
	o.typ = s[:end]
	for i := 0; i < end; i++ {
		if s[i] == '/' {
			o.typ, o.sub = s[:i], s[i+1:end]
			break
		}
	}
	return o
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
// It allocates nothing for up to 16 offers.
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
	var obuf [maxStackOffers]mediaOffer
	var sbuf [maxStackOffers]score
	var os []mediaOffer
	var scores []score
	if len(offers) <= maxStackOffers {
		os, scores = obuf[:len(offers)], sbuf[:len(offers)]
	} else {
		os, scores = make([]mediaOffer, len(offers)), make([]score, len(offers))
	}
	for k, s := range offers {
		os[k] = splitOffer(s)
	}
	for _, s := range lines {
		for i := 0; ; {
			e, next, done := qlist.Next(s, i)
			if done {
				break
			}
			i = next
			if !e.Valid {
				continue
			}
			typ, sub, ok := splitRange(e.Value)
			if !ok {
				continue
			}
			for k := range os {
				if spec := matchRange(typ, sub, &e, &os[k]); spec > int(scores[k].spec) {
					scores[k] = score{spec: int8(spec), q: int16(e.Q)}
				}
			}
		}
	}
	bi := -1
	var b score
	for k, sc := range scores {
		if sc.q > b.q || (sc.q == b.q && sc.q > 0 && sc.spec > b.spec) {
			bi, b = k, sc
		}
	}
	if bi < 0 {
		return defaultOffer
	}
	return offers[bi]
}

// splitRange splits a media range "type/subtype"; ok is false for
// anything else ("*", "a/b/c", "*/html").
func splitRange(v string) (typ, sub string, ok bool) {
	for i := 0; i < len(v); i++ {
		if v[i] == '/' {
			typ, sub = v[:i], v[i+1:]
			if typ == "" || sub == "" || (typ == "*" && sub != "*") {
				return "", "", false
			}
			for j := 0; j < len(sub); j++ {
				if sub[j] == '/' {
					return "", "", false
				}
			}
			return typ, sub, true
		}
	}
	return "", "", false
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
		if v, found := rangeParam(e.Params, name); !found || !headers.EqualFold(v, value) {
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

// rangeParam returns the value of the first parameter named name in the
// raw parameters of a range.
func rangeParam(params, name string) (string, bool) {
	for {
		n, v, next, ok, err := headers.NextParam(params)
		if err != nil || !ok {
			return "", false
		}
		params = next
		if headers.EqualFold(n, name) {
			return v, true
		}
	}
}

func eqFold(a, b string) bool {
	return len(a) == len(b) && (a == b || headers.EqualFold(a, b))
}

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
// It allocates nothing for up to 16 offers.
func NegotiateContentEncoding(r *http.Request, offers []string) string {
	lines := r.Header["Accept-Encoding"]
	if len(lines) == 0 {
		return "identity"
	}
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
	for _, s := range lines {
		for i := 0; ; {
			e, next, done := qlist.Next(s, i)
			if done {
				break
			}
			i = next
			// Accept-Encoding takes no parameter but the weight
			// (RFC 9110 §12.5.3).
			if !e.Valid || e.NParams != 0 {
				continue
			}
			switch {
			case e.Value == "*":
				if star < 0 {
					star = e.Q
				}
				continue
			case identity < 0 && eqFold(e.Value, "identity"):
				identity = e.Q
			}
			for k, off := range offers {
				if qs[k] < 0 && eqFold(e.Value, off) {
					qs[k] = int16(e.Q)
				}
			}
		}
	}
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
		return offers[bi]
	}
	if identity == 0 || (identity < 0 && star == 0) {
		return ""
	}
	return "identity"
}
