package negotiate

import (
	"github.com/webob-go/webob/headers"
	"github.com/webob-go/webob/internal/oneline"
)

// Errors for Accept-Charset and Accept-Encoding; both wrap
// ErrInvalidHeader.
var (
	ErrInvalidAcceptCharset  = oneline.Detail(ErrInvalidHeader, "Accept-Charset")
	ErrInvalidAcceptEncoding = oneline.Detail(ErrInvalidHeader, "Accept-Encoding")
)

// tokenHeader is the shared form of Accept-Charset and Accept-Encoding:
//
//	Accept-Charset  = #( ( token / "*" ) [ weight ] )
//	Accept-Encoding = #( codings [ weight ] )
//	codings         = content-coding / "identity" / "*"
//	weight          = OWS ";" OWS "q=" qvalue
//
// No other parameter is allowed, not even an empty one ("gzip;").
type tokenHeader struct {
	lines  []string
	state  State
	empty  bool // valid, with no elements
	simple bool // every element is a token with at most a weight (nextSimpleToken reads them)
}

func parseTokenHeader(lines []string, errInvalid error) (tokenHeader, error) {
	if len(lines) == 0 {
		return tokenHeader{}, nil
	}
	if n, ok := countSimpleTokens(lines); ok {
		return tokenHeader{lines: lines, state: Valid, empty: n == 0, simple: true}, nil
	}
	return parseTokenList(lines, errInvalid)
}

// parseTokenList is parseTokenHeader for any header, through headers.List.
func parseTokenList(lines []string, errInvalid error) (tokenHeader, error) {
	n := 0
	for el := range headers.List(lines) {
		if _, _, ok := parseTokenElement(el); !ok {
			return tokenHeader{lines: lines, state: Invalid}, errInvalid
		}
		n++
	}
	return tokenHeader{lines: lines, state: Valid, empty: n == 0}, nil
}

func parseTokenElement(el string) (tok string, q int, ok bool) {
	tok, rest := headers.ConsumeToken(el)
	if tok == "" {
		return "", 0, false
	}
	q, ok = consumeWeight(rest)
	return tok, q, ok
}

// nextSimpleToken reads the list element at or after s[i] when it is a
// token with at most a weight — what browsers and clients send — skipping
// empty elements and white space: it returns the token, its weight and
// the index of the "," or end after it. more is false at the end of s.
// simple is false for anything else (a quoted string, a parameter, a
// syntax error), which only headers.List and parseTokenElement read.
func nextSimpleToken(s string, i int) (tok string, q, next int, more, simple bool) {
	if i = skipSeparators(s, i); i == len(s) {
		return "", 0, i, false, true
	}
	start := i
	for i < len(s) && headers.IsTokenChar(s[i]) {
		i++
	}
	if i == start {
		return "", 0, i, true, false
	}
	q, next = qOne, i
	if i < len(s) && s[i] != ',' {
		if q, next, simple = weightOnly(s, i); !simple {
			return "", 0, i, true, false
		}
	}
	return s[start:i], q, next, true, true
}

// countSimpleTokens counts the elements of lines when nextSimpleToken
// reads them all; ok is false as soon as one is not simple.
func countSimpleTokens(lines []string) (n int, ok bool) {
	for _, s := range lines {
		for i := 0; ; {
			_, _, next, more, simple := nextSimpleToken(s, i)
			if !simple {
				return 0, false
			}
			if !more {
				break
			}
			n++
			i = next
		}
	}
	return n, true
}

// quality returns the quality of offer: that of its first occurrence,
// else that of the first "*", else -1 when neither is present.
func (h tokenHeader) quality(offer string) int {
	star := -1
	if h.simple {
		for _, s := range h.lines {
			for i := 0; ; {
				tok, q, next, more, _ := nextSimpleToken(s, i)
				if !more {
					break
				}
				if headers.EqualFold(tok, offer) {
					return q
				}
				if tok == "*" && star < 0 {
					star = q
				}
				i = next
			}
		}
		return star
	}
	for el := range headers.List(h.lines) {
		tok, q, ok := parseTokenElement(el)
		if !ok {
			continue
		}
		if headers.EqualFold(tok, offer) {
			return q
		}
		if tok == "*" && star < 0 {
			star = q
		}
	}
	return star
}

// acceptable returns the acceptable offers sorted, with identity rules
// when identity is true (Accept-Encoding).
func (h tokenHeader) acceptable(offers []string, identity bool) []Offer {
	var out []Offer
	for i, off := range offers {
		if !headers.ValidToken(off) || dupToken(offers[:i], off) {
			continue
		}
		if q := h.q(off, identity); q > 0 {
			out = append(out, Offer{Value: off, Q: float64(q) / qOne})
		}
	}
	sortOffers(out)
	return out
}

// q returns the quality of one offer in thousandths.
func (h tokenHeader) q(off string, identity bool) int {
	if h.state != Valid {
		return qOne
	}
	isIdentity := identity && headers.EqualFold(off, "identity")
	if h.empty {
		if isIdentity {
			return qOne
		}
		return 0
	}
	q := h.quality(off)
	if q < 0 {
		if isIdentity {
			// RFC 9110 §12.5.3: identity is acceptable unless excluded by
			// identity;q=0 or by *;q=0 without an identity entry (which
			// quality already handled by returning *'s q).
			return qOne
		}
		return 0
	}
	return q
}

func dupToken(prev []string, s string) bool {
	for _, p := range prev {
		if headers.EqualFold(p, s) {
			return true
		}
	}
	return false
}

func (h tokenHeader) best(offers []string, identity bool) (string, bool) {
	bi, bq := -1, 0
	for i, off := range offers {
		if !headers.ValidToken(off) {
			continue
		}
		if q := h.q(off, identity); q > bq {
			bi, bq = i, q
		}
	}
	if bi < 0 {
		return "", false
	}
	return offers[bi], true
}

func (h tokenHeader) format() string {
	var b []byte
	for el := range headers.List(h.lines) {
		if len(b) > 0 {
			b = append(b, ", "...)
		}
		tok, q, ok := parseTokenElement(el)
		if h.state != Valid || !ok {
			b = append(b, el...)
			continue
		}
		b = append(b, tok...)
		b = appendQ(b, q)
	}
	return string(b)
}

// AcceptCharset is a parsed Accept-Charset header (RFC 9110 §12.5.2).
// Charsets compare case-insensitively; the first occurrence of a charset
// decides its quality, q=0 excludes it even when "*" is present, and "*"
// applies only to charsets not named elsewhere. The zero value is a
// missing header. An empty header is invalid, as in WebOb (the list needs
// an element to say anything), and so is any parameter but one weight
// ("utf-8;", "utf-8;q=0.5;"): RFC 9110 §12.5.2 allows none.
type AcceptCharset struct{ h tokenHeader }

// ParseAcceptCharset parses the field lines of Accept-Charset. An invalid
// header is returned with State Invalid and an error wrapping
// ErrInvalidAcceptCharset; it negotiates as if missing.
func ParseAcceptCharset(lines []string) (AcceptCharset, error) {
	h, err := parseTokenHeader(lines, ErrInvalidAcceptCharset)
	if err == nil && h.empty {
		return AcceptCharset{h: tokenHeader{lines: lines, state: Invalid}}, ErrInvalidAcceptCharset
	}
	return AcceptCharset{h: h}, err
}

// State reports whether the header was missing, valid or invalid.
func (a AcceptCharset) State() State { return a.h.state }

// AcceptableOffers returns the acceptable charsets among offers, sorted
// by quality descending and then by the caller's order.
func (a AcceptCharset) AcceptableOffers(offers ...string) []Offer {
	return a.h.acceptable(offers, false)
}

// Best returns the acceptable charset with the highest quality, or
// ok == false.
func (a AcceptCharset) Best(offers ...string) (string, bool) { return a.h.best(offers, false) }

// Quality returns the quality (0 to 1) of charset.
func (a AcceptCharset) Quality(charset string) float64 {
	return float64(a.h.q(charset, false)) / qOne
}

// String returns the header in canonical form.
func (a AcceptCharset) String() string { return a.h.format() }

// AcceptEncoding is a parsed Accept-Encoding header (RFC 9110 §12.5.3).
// Codings compare case-insensitively with the charset rules; identity is
// acceptable unless "identity;q=0", or "*;q=0" with no identity entry,
// excludes it. An empty header is valid and accepts only identity. Any
// parameter but one weight ("gzip;", "gzip;q=0.5;") makes the header
// invalid: RFC 9110 §12.5.3 allows none. The zero value is a missing
// header.
type AcceptEncoding struct{ h tokenHeader }

// ParseAcceptEncoding parses the field lines of Accept-Encoding. An
// invalid header is returned with State Invalid and an error wrapping
// ErrInvalidAcceptEncoding; it negotiates as if missing.
func ParseAcceptEncoding(lines []string) (AcceptEncoding, error) {
	h, err := parseTokenHeader(lines, ErrInvalidAcceptEncoding)
	return AcceptEncoding{h: h}, err
}

// State reports whether the header was missing, valid or invalid.
func (a AcceptEncoding) State() State { return a.h.state }

// AcceptableOffers returns the acceptable codings among offers, sorted by
// quality descending and then by the caller's order.
func (a AcceptEncoding) AcceptableOffers(offers ...string) []Offer {
	return a.h.acceptable(offers, true)
}

// Best returns the acceptable coding with the highest quality, or
// ok == false. Offer "identity" to allow an unencoded response.
func (a AcceptEncoding) Best(offers ...string) (string, bool) { return a.h.best(offers, true) }

// Quality returns the quality (0 to 1) of coding.
func (a AcceptEncoding) Quality(coding string) float64 {
	return float64(a.h.q(coding, true)) / qOne
}

// String returns the header in canonical form.
func (a AcceptEncoding) String() string { return a.h.format() }
