package negotiate

import (
	"github.com/webob-go/webob/headers"
	"github.com/webob-go/webob/internal/oneline"
)

// ErrInvalidAccept reports an Accept header that does not follow the
// grammar. It wraps ErrInvalidHeader.
var ErrInvalidAccept = oneline.Detail(ErrInvalidHeader, "Accept")

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
	// When the header is one line of at most maxPacked ranges and 64 KiB,
	// ParseAccept keeps each range's offsets here so that negotiating
	// does not scan the text again.
	packed bool
	n      uint8
	ranges [maxPacked]packedRange
}

// maxPacked is how many ranges an Accept keeps parsed inline.
const maxPacked = 8

// packedRange holds the offsets of one media range within its line.
type packedRange struct {
	start, typEnd, subStart, subEnd, pEnd uint16
	q                                     uint16
	nparams                               uint8
}

func (p *packedRange) unpack(s string) mediaRange {
	return mediaRange{
		typ:     s[p.start:p.typEnd],
		sub:     s[p.subStart:p.subEnd],
		params:  s[p.subEnd:p.pEnd],
		nparams: int(p.nparams),
		q:       int(p.q),
	}
}

// ParseAccept parses the field lines of an Accept header; several lines
// are one list. No lines is a missing header. An invalid header is
// returned with State Invalid together with an error wrapping
// ErrInvalidAccept (or ErrInvalidQValue); it remains usable and
// negotiates as if missing. An empty header is valid and accepts nothing.
func ParseAccept(lines []string) (Accept, error) {
	var a Accept
	if len(lines) == 0 {
		return a, nil
	}
	a.lines = lines
	a.packed = len(lines) == 1 && len(lines[0]) <= 0xFFFF
	for _, s := range lines {
		for i := 0; ; {
			r, next, ok, done := nextRange(s, i)
			if done {
				break
			}
			if !ok {
				a.state, a.packed, a.n = Invalid, false, 0
				if r.q < 0 {
					return a, ErrInvalidQValue
				}
				return a, ErrInvalidAccept
			}
			if a.packed {
				if a.n == maxPacked || r.nparams > 0xFF {
					a.packed = false
				} else {
					a.ranges[a.n] = packedRange{
						start: uint16(r.start), typEnd: uint16(r.start + len(r.typ)),
						subStart: uint16(r.subStart), subEnd: uint16(r.subStart + len(r.sub)),
						pEnd: uint16(r.subStart + len(r.sub) + len(r.params)), q: uint16(r.q), nparams: uint8(r.nparams),
					}
					a.n++
				}
			}
			i = next
		}
	}
	a.state = Valid
	return a, nil
}

// State reports whether the header was missing, valid or invalid.
func (a Accept) State() State { return a.state }

// mediaRange is one parsed element of Accept. params is the raw text of
// the parameters before the weight; nparams counts them. start and
// subStart are offsets into the scanned line.
type mediaRange struct {
	typ, sub        string
	params          string
	nparams         int
	q               int
	start, subStart int
}

func isOWS(c byte) bool { return c == ' ' || c == '\t' }

// skipSeparators returns the index of the first byte at or after s[i]
// that is neither a comma nor white space: empty list elements are
// skipped as RFC 9110 §5.6.1 asks.
func skipSeparators(s string, i int) int {
	for i < len(s) && (s[i] == ',' || isOWS(s[i])) {
		i++
	}
	return i
}

// nextRange scans the media range that starts at or after s[i], skipping
// white space and empty list elements, and returns it with the index just
// past it. done is true when only white space and commas remain. On a
// syntax error ok is false (and r.q is -1 when the weight was the fault).
// Parameters after the weight are accept-ext and are checked but ignored,
// as RFC 9110 §12.5.1 says.
func nextRange(s string, i int) (r mediaRange, next int, ok, done bool) {
	if i = skipSeparators(s, i); i == len(s) {
		return r, i, true, true
	}
	r.start = i
	r.typ, r.sub, i, ok = scanEssence(s, i)
	if !ok {
		return r, i, false, false
	}
	r.subStart = i - len(r.sub)
	r.q = qOne
	pStart, pEnd := i, -1
	for {
		j := i
		for j < len(s) && isOWS(s[j]) {
			j++
		}
		if j == len(s) || s[j] == ',' {
			if pEnd < 0 {
				pEnd = i
			}
			r.params = s[pStart:pEnd]
			return r, j, true, false
		}
		if s[j] != ';' {
			return r, j, false, false
		}
		paramStart := i
		j++
		for j < len(s) && isOWS(s[j]) {
			j++
		}
		if j == len(s) || s[j] == ',' || s[j] == ';' {
			i = j // an empty parameter
			continue
		}
		nameStart := j
		for j < len(s) && headers.IsTokenChar(s[j]) {
			j++
		}
		name := s[nameStart:j]
		if name != "" && pEnd >= 0 && (j == len(s) || s[j] != '=') {
			// accept-ext = OWS ";" OWS token [ "=" ( token / quoted-string ) ]
			// (RFC 7231 §5.3.2): after the weight a bare name is allowed.
			i = j
			continue
		}
		if name == "" || j == len(s) || s[j] != '=' {
			return r, j, false, false
		}
		j++
		var value string
		quoted := j < len(s) && s[j] == '"'
		if quoted {
			v, rest, err := headers.ConsumeQuotedString(s[j:])
			if err != nil {
				return r, j, false, false
			}
			value, j = v, len(s)-len(rest)
		} else {
			vStart := j
			for j < len(s) && headers.IsTokenChar(s[j]) {
				j++
			}
			if j == vStart {
				return r, j, false, false
			}
			value = s[vStart:j]
		}
		i = j
		if pEnd >= 0 {
			continue // accept-ext after the weight
		}
		if len(name) == 1 && (name[0] == 'q' || name[0] == 'Q') {
			// weight = OWS ";" OWS "q=" qvalue (RFC 9110 §12.4.2): a
			// qvalue is never quoted, so q="0.5" is not a weight.
			q, ok := headers.ParseQValue(value)
			if !ok || quoted {
				r.q = -1
				return r, j, false, false
			}
			r.q, pEnd = q, paramStart
			continue
		}
		r.nparams++
	}
}

// scanEssence reads "type/subtype" at s[i] and returns both and the index
// after them; ok is false when they are not two tokens, or when the type
// is "*" and the subtype is not.
func scanEssence(s string, i int) (typ, sub string, next int, ok bool) {
	start := i
	for i < len(s) && headers.IsTokenChar(s[i]) {
		i++
	}
	if i == start || i == len(s) || s[i] != '/' {
		return "", "", i, false
	}
	typ = s[start:i]
	i++
	subStart := i
	for i < len(s) && headers.IsTokenChar(s[i]) {
		i++
	}
	sub = s[subStart:i]
	if sub == "" || (typ == "*" && sub != "*") {
		return "", "", i, false
	}
	return typ, sub, i, true
}

// essenceSpec returns how specifically the range "typ/sub" matches the
// offer o, ignoring parameters: specAny, specType, specParams for the
// same type and subtype, or specNone.
func essenceSpec(typ, sub string, o *headers.MediaType) int {
	switch {
	case typ == "*":
		return specAny
	case !eqFold(typ, o.Type):
		return specNone
	case sub == "*":
		return specType
	case !eqFold(sub, o.Subtype):
		return specNone
	}
	return specParams
}

// scoreLine scores the media ranges of one Accept field line against the
// offers, as scoreRange does for each, and reports false when the line is
// invalid. A range with no parameter but a weight — nearly every range
// browsers and API clients send — is scanned and matched here in one pass;
// any other goes through nextRange.
func (o *Offers) scoreLine(s string, scores []score) bool {
	for i := 0; ; {
		if i = skipSeparators(s, i); i == len(s) {
			return true
		}
		start := i
		var typ, sub string
		var ok bool
		if typ, sub, i, ok = scanEssence(s, i); !ok {
			return false
		}
		q, next, simple := qOne, i, true
		if i < len(s) && s[i] != ',' {
			q, next, simple = weightOnly(s, i)
		}
		if !simple {
			r, n, ok, _ := nextRange(s, start)
			if !ok {
				return false
			}
			scoreRange(&r, o.offers, scores)
			i = n
			continue
		}
		for k := range o.offers {
			// essenceSpec, written out: this loop is the hot path.
			mt := &o.offers[k].mt
			spec := specSubtype // the range has no parameters
			switch {
			case typ == "*":
				spec = specAny
			case len(typ) != len(mt.Type) || (typ != mt.Type && !headers.EqualFold(typ, mt.Type)):
				continue
			case sub == "*":
				spec = specType
			case len(sub) != len(mt.Subtype) || (sub != mt.Subtype && !headers.EqualFold(sub, mt.Subtype)):
				continue
			}
			if spec > int(scores[k].spec) {
				scores[k] = score{spec: int8(spec), q: int16(q)}
			}
		}
		i = next
	}
}

// weightOnly reads what follows a media range's subtype at s[i] when it is
// nothing or a lone weight: OWS, optionally ";" OWS "q=" qvalue OWS, then
// "," or the end. It returns the weight and the index of that "," or end.
// simple is false for anything else (parameters, extensions, a quoted or
// malformed weight, a syntax error), which nextRange then reads.
func weightOnly(s string, i int) (q, next int, simple bool) {
	for i < len(s) && isOWS(s[i]) {
		i++
	}
	if i == len(s) || s[i] == ',' {
		return qOne, i, true
	}
	if s[i] != ';' {
		return 0, i, false
	}
	i++
	for i < len(s) && isOWS(s[i]) {
		i++
	}
	if i+1 >= len(s) || (s[i] != 'q' && s[i] != 'Q') || s[i+1] != '=' {
		return 0, i, false
	}
	i += 2
	vStart := i
	for i < len(s) && headers.IsTokenChar(s[i]) {
		i++
	}
	q, ok := headers.ParseQValue(s[vStart:i])
	if !ok {
		return 0, i, false
	}
	for i < len(s) && isOWS(s[i]) {
		i++
	}
	if i == len(s) || s[i] == ',' {
		return q, i, true
	}
	return 0, i, false
}

// eqFold is headers.EqualFold with its common outcomes — different
// lengths, identical strings — decided inline.
func eqFold(a, b string) bool {
	return len(a) == len(b) && (a == b || headers.EqualFold(a, b))
}

// parseMediaRange parses one list element on its own.
func parseMediaRange(el string) (mediaRange, error) {
	r, next, ok, done := nextRange(el, 0)
	if done || !ok || next != len(el) {
		if r.q < 0 {
			return r, ErrInvalidQValue
		}
		return r, ErrInvalidAccept
	}
	return r, nil
}

// parsedOffer is a concrete media type offered by the server.
type parsedOffer struct {
	value string
	mt    headers.MediaType
	// firstOfEssence is set by NewOffers when no earlier offer has the
	// same type and subtype.
	firstOfEssence bool
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
	specNone    = iota
	specAny     // */*
	specType    // type/*
	specSubtype // type/subtype without parameters
	specParams  // type/subtype with identical parameters
)

// match returns how specifically r matches o, or specNone.
func (r *mediaRange) match(o *headers.MediaType) int {
	spec := essenceSpec(r.typ, r.sub, o)
	if spec == specNone {
		return specNone
	}
	if r.nparams == 0 {
		if spec == specParams {
			return specSubtype
		}
		return spec
	}
	// A range with parameters matches only an offer with the same ones:
	// as many, and each of the offer's (whose names are distinct) named by
	// the range with an equal value.
	if r.nparams != len(o.Params) {
		return specNone
	}
	for _, p := range o.Params {
		if v, ok := headers.LookupParam(r.params, p.Name); !ok || !headers.EqualFold(v, p.Value) {
			return specNone
		}
	}
	return spec
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
	if a.packed {
		line := a.lines[0]
		for k := range a.ranges[:a.n] {
			r := a.ranges[k].unpack(line)
			scoreRange(&r, offers, scores)
		}
		return
	}
	for _, s := range a.lines {
		for i := 0; ; {
			r, next, ok, done := nextRange(s, i)
			if done || !ok {
				break // !ok cannot happen: the header was validated
			}
			scoreRange(&r, offers, scores)
			i = next
		}
	}
}

// scoreRange records r's quality for each offer it matches more
// specifically than any earlier range.
func scoreRange(r *mediaRange, offers []parsedOffer, scores []score) {
	for i := range offers {
		if s := r.match(&offers[i].mt); s > int(scores[i].spec) {
			scores[i] = score{spec: int8(s), q: int16(r.q)}
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
				firstErr = oneline.Detail(ErrInvalidOffer, oneline.Quote(s))
			}
			continue
		}
		if !o.has(p) {
			p.firstOfEssence = true
			for _, q := range o.offers {
				if q.mt.Type == p.mt.Type && q.mt.Subtype == p.mt.Subtype {
					p.firstOfEssence = false
				}
			}
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
	var scores []score
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
	var scores []score
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

// AcceptsHTML reports whether any of text/html, application/xhtml+xml,
// application/xml and text/xml is acceptable, as WebOb's accepts_html
// does. A missing or invalid header accepts HTML.
func (a Accept) AcceptsHTML() bool {
	var s [len(htmlOffers)]score
	a.scoreOffers(htmlOffers[:], s[:])
	return best(s[:]) >= 0
}

// htmlOffers are the media types AcceptsHTML asks about.
var htmlOffers = [...]parsedOffer{
	{value: "text/html", mt: headers.MediaType{Type: "text", Subtype: "html"}},
	{value: "application/xhtml+xml", mt: headers.MediaType{Type: "application", Subtype: "xhtml+xml"}},
	{value: "application/xml", mt: headers.MediaType{Type: "application", Subtype: "xml"}},
	{value: "text/xml", mt: headers.MediaType{Type: "text", Subtype: "xml"}},
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
		// The parameters as sent (repeated names included), names in
		// lower case, values as tokens or quoted strings.
		for rest := r.params; ; {
			name, value, next, ok, err := headers.NextParam(rest)
			if err != nil || !ok {
				break
			}
			rest = next
			if name == "" {
				continue
			}
			b = append(b, ';')
			b = append(b, headers.ToLower(name)...)
			b = append(b, '=')
			// value came from a token or a quoted string, so it can be
			// written as one again.
			b, _ = headers.AppendTokenOrQuoted(b, value)
		}
		b = appendQ(b, r.q)
	}
	return string(b)
}

// Negotiate is the one-call hot path: it reads the field lines of an
// Accept header and returns the offer BestOffer would, scanning the header
// once and allocating nothing (for up to 16 offers). A missing or invalid
// header gives the first offer; ok is false only when a valid header
// accepts none of them (or the set is empty). Use ParseAccept when the
// header's state or several answers are wanted.
func (o *Offers) Negotiate(lines []string) (string, bool) {
	if len(o.offers) == 0 {
		return "", false
	}
	if len(lines) == 0 {
		return o.offers[0].value, true
	}
	if len(lines) == 1 {
		// Fast paths for the two commonest headers: "*/*" accepts every
		// offer equally, so the first wins; a header that is exactly one
		// offer's text picks that offer when no earlier offer shares its
		// type and subtype (which the range would match just as well).
		switch s := lines[0]; {
		case s == "*/*":
			return o.offers[0].value, true
		default:
			for i := range o.offers {
				if o.offers[i].value == s && o.offers[i].firstOfEssence && len(o.offers[i].mt.Params) == 0 {
					return s, true
				}
			}
		}
	}
	var buf [maxStackOffers]score
	var scores []score
	if len(o.offers) > maxStackOffers {
		scores = make([]score, len(o.offers))
	} else {
		scores = buf[:len(o.offers)]
	}
	for _, s := range lines {
		if !o.scoreLine(s, scores) {
			return o.offers[0].value, true // invalid counts as missing
		}
	}
	if i := best(scores); i >= 0 {
		return o.offers[i].value, true
	}
	return "", false
}
