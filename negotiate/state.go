package negotiate

import (
	"cmp"
	"errors"
	"slices"

	"github.com/webob-go/webob/internal/oneline"
)

// State is the state of a negotiation header: missing, valid or invalid.
// An invalid header counts as missing when offers are negotiated (every
// offer is acceptable), as WebOb does, but its state stays visible.
type State uint8

// The three states of a negotiation header.
const (
	Missing State = iota // the request has no such header
	Valid                // the header parsed
	Invalid              // the header was sent but does not follow the grammar
)

// String returns "missing", "valid" or "invalid".
func (s State) String() string {
	switch s {
	case Valid:
		return "valid"
	case Invalid:
		return "invalid"
	}
	return "missing"
}

// Errors reported by the parsers. Each wraps ErrInvalidHeader.
var (
	// ErrInvalidHeader is wrapped by every error of this package.
	ErrInvalidHeader = errors.New("negotiate: invalid header")
	// ErrInvalidQValue reports a weight outside 0–1 or with more than
	// three decimals (q=1.5, q=1.0000, q=-1).
	ErrInvalidQValue = oneline.Detail(ErrInvalidHeader, "q-value not in 0 to 1 with at most three decimals")
	// ErrInvalidOffer reports an offer that cannot be negotiated: a media
	// type with a wildcard or a q parameter, or a value that is not a
	// token.
	ErrInvalidOffer = errors.New("negotiate: invalid offer")
)

// An Offer is an acceptable offer with its quality.
type Offer struct {
	Value string
	Q     float64
}

// qOne is q=1 in thousandths.
const qOne = 1000

// appendQ appends ";q=0.xyz" for q < 1000 (nothing for q == 1000).
func appendQ(dst []byte, q int) []byte {
	if q >= qOne {
		return dst
	}
	dst = append(dst, ";q=0"...)
	if q == 0 {
		return dst
	}
	dst = append(dst, '.', byte('0'+q/100))
	if q%100 != 0 {
		dst = append(dst, byte('0'+q/10%10))
		if q%10 != 0 {
			dst = append(dst, byte('0'+q%10))
		}
	}
	return dst
}

// consumeWeight parses what follows a token or language range in
// Accept-Charset, Accept-Encoding and Accept-Language: optional white
// space and at most one weight, nothing else (RFC 9110 §12.4.2).
//
//	weight = OWS ";" OWS "q=" qvalue
//
// These three headers take no parameters, unlike Accept's media ranges
// (RFC 9110 §12.5.2–4), so "gzip;", "en;;q=1", "utf-8;q=0.5;",
// `gzip;q="0.5"` and "gzip;x=1" are all malformed. It is weightOnly
// required to reach the end of the element, so the List path and the
// direct scanners read one grammar.
func consumeWeight(rest string) (q int, ok bool) {
	if rest == "" {
		return qOne, true // no weight: the commonest case
	}
	q, next, ok := weightOnly(rest, 0)
	return q, ok && next == len(rest)
}

// sortOffers sorts acceptable offers by q descending, keeping the
// caller's order among equal q (stable, allocation-free and O(n log n)
// however many offers there are).
func sortOffers(out []Offer) {
	slices.SortStableFunc(out, func(x, y Offer) int { return cmp.Compare(y.Q, x.Q) })
}
