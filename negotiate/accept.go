package negotiate

import (
	"fmt"

	"github.com/webob-go/webob/headers"
)

// ErrInvalidAccept reports an Accept header that does not follow the
// grammar. It wraps ErrInvalidHeader.
var ErrInvalidAccept = fmt.Errorf("%w: Accept", ErrInvalidHeader)

// Accept is a parsed Accept header (RFC 9110 §12.5.1):
//
//	Accept      = #( media-range [ weight ] )
//	media-range = ( "*/*" / ( type "/" "*" ) / ( type "/" subtype ) ) parameters
//
// It keeps the request's field lines and scans them when asked, so
// parsing and negotiating against prepared Offers allocate nothing. The
// zero value is a missing header.
type Accept struct {
	lines []string
	state State
}

// ParseAccept parses the field lines of an Accept header; several lines
// are one list. No lines is a missing header. An invalid header is
// returned with State Invalid together with an error wrapping
// ErrInvalidAccept (or ErrInvalidQValue); it remains usable and
// negotiates as if missing. An empty header is valid and accepts nothing.
func ParseAccept(lines []string) (Accept, error) {
	if len(lines) == 0 {
		return Accept{}, nil
	}
	for el := range headers.List(lines) {
		if _, err := parseMediaRange(el); err != nil {
			return Accept{lines: lines, state: Invalid}, err
		}
	}
	return Accept{lines: lines, state: Valid}, nil
}

// State reports whether the header was missing, valid or invalid.
func (a Accept) State() State { return a.state }

// mediaRange is one parsed element of Accept. params is the raw text of
// the parameters before the weight; nparams counts them.
type mediaRange struct {
	typ, sub string
	params   string
	nparams  int
	q        int
}

// parseMediaRange parses one list element. Parameters after the weight
// are accept-ext and ignored, as RFC 9110 §12.5.1 says.
func parseMediaRange(el string) (mediaRange, error) {
	var r mediaRange
	typ, rest := headers.ConsumeToken(el)
	if typ == "" || rest == "" || rest[0] != '/' {
		return r, ErrInvalidAccept
	}
	sub, rest := headers.ConsumeToken(rest[1:])
	if sub == "" || (typ == "*" && sub != "*") {
		return r, ErrInvalidAccept
	}
	r.typ, r.sub, r.q = typ, sub, qOne
	start := rest
	seenQ := false
	for {
		name, value, next, ok, err := headers.NextParam(rest)
		if err != nil {
			return r, ErrInvalidAccept
		}
		if !ok {
			if headers.TrimOWS(next) != "" {
				return r, ErrInvalidAccept
			}
			if !seenQ {
				r.params = start
			}
			return r, nil
		}
		if name != "" && !seenQ {
			if name == "q" || name == "Q" {
				q, ok := parseQ(value)
				if !ok {
					return r, ErrInvalidQValue
				}
				r.q, seenQ = q, true
				r.params = start[:len(start)-len(rest)]
			} else {
				r.nparams++
			}
		}
		rest = next
	}
}

// parsedOffer is a concrete media type offered by the server.
type parsedOffer struct {
	value string
	mt    headers.MediaType
}

func parseOffer(s string) (parsedOffer, bool) {
	mt, err := headers.ParseMediaType(s)
	if err != nil || mt.IsWildcard() || mt.Params.Has("q") {
		return parsedOffer{}, false
	}
	return parsedOffer{value: s, mt: mt}, true
}

// Specificity of a range matching an offer, highest wins.
const (
	specNone = iota
	specAny           // */*
	specType          // type/*
	specSubtype       // type/subtype without parameters
	specParams        // type/subtype with identical parameters
)

// match returns how specifically r matches o, or specNone.
func (r *mediaRange) match(o *headers.MediaType) int {
	spec := specParams
	switch {
	case r.typ == "*":
		spec = specAny
	case !headers.EqualFold(r.typ, o.Type):
		return specNone
	case r.sub == "*":
		spec = specType
	case !headers.EqualFold(r.sub, o.Subtype):
		return specNone
	}
	if r.nparams == 0 {
		if spec == specParams {
			return specSubtype
		}
		return spec
	}
	// A range with parameters matches only an offer with the same ones.
	if r.nparams != len(o.Params) {
		return specNone
	}
	rest := r.params
	for {
		name, value, next, ok, err := headers.NextParam(rest)
		if err != nil || !ok {
			return spec
		}
		rest = next
		if name == "" {
			continue
		}
		v, has := o.Params.Get(name)
		if !has || !headers.EqualFold(v, value) {
			return specNone
		}
	}
}

// score holds the best match found so far for one offer.
type score struct {
	spec int8
	q    int16
}

// scoreOffers fills scores[i] with the quality of offers[i] under a valid
// header: the q of the most specific matching range (the first among
// equally specific ones), or 0 when none matches.
func (a Accept) scoreOffers(offers []parsedOffer, scores []score) {
	if a.state != Valid {
		for i := range scores {
			scores[i] = score{spec: specAny, q: qOne}
		}
		return
	}
	for el := range headers.List(a.lines) {
		r, err := parseMediaRange(el)
		if err != nil {
			continue // cannot happen: the header was validated
		}
		for i := range offers {
			if s := r.match(&offers[i].mt); s > int(scores[i].spec) {
				scores[i] = score{spec: int8(s), q: int16(r.q)}
			}
		}
	}
}

// best returns the index of the acceptable offer with the highest q
// (the earliest among equals), or -1.
func best(scores []score) int {
	bi, bq := -1, int16(0)
	for i, s := range scores {
		if s.q > bq {
			bi, bq = i, s.q
		}
	}
	return bi
}

// Offers is a prepared set of server offers: parsed once, negotiated
// against many requests without allocating. Build it with NewOffers.
type Offers struct {
	offers []parsedOffer
}

// maxStackOffers is how many offers are scored on the stack.
const maxStackOffers = 16

// NewOffers parses media-type offers in order of server preference.
// Invalid offers (wildcards, a q parameter, malformed) and duplicates are
// dropped; the error then names the first invalid one, wrapping
// ErrInvalidOffer, and the returned set holds the rest.
func NewOffers(offers ...string) (*Offers, error) {
	o := &Offers{}
	var firstErr error
	for _, s := range offers {
		p, ok := parseOffer(s)
		if !ok {
			if firstErr == nil {
				firstErr = fmt.Errorf("%w: %q", ErrInvalidOffer, s)
			}
			continue
		}
		if !o.has(p) {
			o.offers = append(o.offers, p)
		}
	}
	return o, firstErr
}

func (o *Offers) has(p parsedOffer) bool {
	for _, q := range o.offers {
		if sameOffer(q.mt, p.mt) {
			return true
		}
	}
	return false
}

func sameOffer(a, b headers.MediaType) bool {
	if a.Type != b.Type || a.Subtype != b.Subtype || len(a.Params) != len(b.Params) {
		return false
	}
	for _, p := range a.Params {
		if v, ok := b.Params.Get(p.Name); !ok || !headers.EqualFold(v, p.Value) {
			return false
		}
	}
	return true
}

// Len returns the number of usable offers.
func (o *Offers) Len() int { return len(o.offers) }

// BestOffer returns the acceptable offer with the highest quality, the
// server's order breaking ties, or ok == false when none is acceptable.
// A missing or invalid header accepts every offer, so the first wins. It
// does not allocate for up to 16 offers.
func (a Accept) BestOffer(o *Offers) (string, bool) {
	var buf [maxStackOffers]score
	scores := buf[:0]
	if len(o.offers) > maxStackOffers {
		scores = make([]score, len(o.offers))
	} else {
		scores = buf[:len(o.offers)]
	}
	a.scoreOffers(o.offers, scores)
	if i := best(scores); i >= 0 {
		return o.offers[i].value, true
	}
	return "", false
}

// AcceptableOffers returns the acceptable offers with their qualities,
// sorted by quality descending and then by the caller's order. Invalid
// offers are dropped and duplicates collapse into the first.
func (a Accept) AcceptableOffers(offers ...string) []Offer {
	o, _ := NewOffers(offers...)
	return a.AcceptableOf(o)
}

// AcceptableOf is AcceptableOffers for a prepared set.
func (a Accept) AcceptableOf(o *Offers) []Offer {
	scores := make([]score, len(o.offers))
	a.scoreOffers(o.offers, scores)
	var out []Offer
	for i, s := range scores {
		if s.q > 0 {
			out = append(out, Offer{Value: o.offers[i].value, Q: float64(s.q) / qOne})
		}
	}
	sortOffers(out)
	return out
}

// Best returns the acceptable offer with the highest quality, the order
// of offers breaking ties, or ok == false when none is acceptable. For a
// fixed set of offers, prepare them with NewOffers and use BestOffer.
func (a Accept) Best(offers ...string) (string, bool) {
	var buf [maxStackOffers]parsedOffer
	ps := buf[:0]
	for _, s := range offers {
		if p, ok := parseOffer(s); ok {
			ps = append(ps, p)
		}
	}
	var sbuf [maxStackOffers]score
	scores := sbuf[:0]
	if len(ps) > maxStackOffers {
		scores = make([]score, len(ps))
	} else {
		scores = sbuf[:len(ps)]
	}
	a.scoreOffers(ps, scores)
	if i := best(scores); i >= 0 {
		return ps[i].value, true
	}
	return "", false
}

// Quality returns the quality (0 to 1) the header gives offer; 0 means
// not acceptable or an invalid offer. A missing or invalid header gives 1.
func (a Accept) Quality(offer string) float64 {
	p, ok := parseOffer(offer)
	if !ok {
		return 0
	}
	var s [1]score
	a.scoreOffers([]parsedOffer{p}, s[:])
	return float64(s[0].q) / qOne
}

// AcceptsHTML reports whether text/html or application/xhtml+xml is
// acceptable, as WebOb's accepts_html does.
func (a Accept) AcceptsHTML() bool {
	return a.Quality("text/html") > 0 || a.Quality("application/xhtml+xml") > 0
}

// String returns the header in canonical form: ranges joined by ", ",
// each with its parameters and a weight when q < 1. A missing header is
// "" and an invalid one is returned as sent, lines joined by ", ".
func (a Accept) String() string {
	var b []byte
	for el := range headers.List(a.lines) {
		if len(b) > 0 {
			b = append(b, ", "...)
		}
		if a.state != Valid {
			b = append(b, el...)
			continue
		}
		r, _ := parseMediaRange(el)
		b = append(b, r.typ...)
		b = append(b, '/')
		b = append(b, r.sub...)
		ps, _ := headers.ParseParams(r.params)
		b, _ = ps.AppendFormat(b)
		b = appendQ(b, r.q)
	}
	return string(b)
}
