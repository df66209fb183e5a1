// Package qlist scans the weighted lists of the Accept header family
// (RFC 9110 §12.4.2, §12.5) for the gddo drop-ins, one element at a time and
// without allocating, so that header.ParseAccept and the negotiation
// functions of httputil read one grammar.
//
//	list    = #( value parameters [ weight [ ext ] ] )
//	value   = 1*( tchar / "/" )        ; a token, a media range or "*"
//	weight  = OWS ";" OWS "q=" qvalue
//	qvalue  = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )
//
// An element that does not follow the grammar (an invalid weight such as
// q=1.5 or q=0.1.2, a parameter without a value, stray text) is reported
// as invalid and skipped up to the next comma outside a quoted string, so
// one bad element never hides the ones after it.
package qlist

import "github.com/webob-go/webob/headers"

// tchar is headers.IsTokenChar as a table the scanning loops index
// directly; valueChar adds "/".
var tchar = func() (t [256]bool) {
	for c := range 256 {
		t[c] = headers.IsTokenChar(byte(c))
	}
	return t
}()

// valueChar holds the bytes of a value: tchar and "/".
var valueChar = func() (t [256]bool) {
	for c := range 256 {
		t[c] = headers.IsTokenChar(byte(c)) || c == '/'
	}
	return t
}()

// QOne is q=1 in thousandths.
const QOne = 1000

// Element is one list element.
type Element struct {
	// Value is the token or media range as sent (without parameters).
	Value string
	// Params is the raw text of the parameters before the weight, from
	// the end of Value (so it starts with OWS or ";"); "" when none.
	Params string
	// NParams counts the non-empty parameters in Params.
	NParams int
	// Q is the weight in thousandths, QOne when there is none.
	Q int
	// Valid is false when the element does not follow the grammar.
	Valid bool
}

func isOWS(c byte) bool { return c == ' ' || c == '\t' }

// Next scans the element at or after s[i], skipping white space and empty
// elements, and returns it with the index just past it. done is true when
// only white space and commas remain.
func Next(s string, i int) (e Element, next int, done bool) {
	for i < len(s) && (s[i] == ',' || isOWS(s[i])) {
		i++
	}
	if i == len(s) {
		return e, i, true
	}
	start := i
	for i < len(s) && (headers.IsTokenChar(s[i]) || s[i] == '/') {
		i++
	}
	if i == start {
		return e, skip(s, start), false
	}
	e.Value, e.Q = s[start:i], QOne
	// The parameters, read by headers.NextParam: ";" OWS [ name=value ],
	// empty ones allowed (RFC 9110 §5.6.6), then at most one weight;
	// after it, accept-ext (RFC 7231 §5.3.2) is checked and ignored.
	pStart, pEnd, weighted := i, -1, false
	for {
		name, value, rest, ok, err := headers.NextParam(s[i:])
		if err != nil && weighted {
			if j, bare := bareExt(s, i); bare {
				i = j
				continue
			}
		}
		if err != nil {
			return Element{}, skip(s, start), false
		}
		if !ok {
			j := i
			for j < len(s) && isOWS(s[j]) {
				j++
			}
			if j < len(s) && s[j] != ',' {
				return Element{}, skip(s, start), false
			}
			if pEnd < 0 {
				pEnd = i
			}
			e.Params, e.Valid = s[pStart:pEnd], true
			return e, j, false
		}
		paramStart, next := i, len(s)-len(rest)
		i = next
		if name == "" || weighted {
			continue
		}
		if len(name) == 1 && (name[0] == 'q' || name[0] == 'Q') {
			q, ok := headers.ParseQValue(value)
			if !ok || s[next-1] == '"' { // a weight is never a quoted string
				return Element{}, skip(s, start), false
			}
			e.Q, pEnd, weighted = q, paramStart, true
			continue
		}
		e.NParams++
	}
}

// bareExt reads an accept-ext without a value at s[i] — OWS ";" OWS
// token, not followed by "=" — and returns the index after the token.
func bareExt(s string, i int) (int, bool) {
	for i < len(s) && isOWS(s[i]) {
		i++
	}
	if i == len(s) || s[i] != ';' {
		return i, false
	}
	for i++; i < len(s) && isOWS(s[i]); i++ {
	}
	tok, rest := headers.ConsumeToken(s[i:])
	if tok == "" || (rest != "" && rest[0] == '=') {
		return i, false
	}
	return len(s) - len(rest), true
}

// skip returns the index of the comma ending the element that starts at
// s[i] (or len(s)), stepping over quoted strings.
func skip(s string, i int) int {
	quote := false
	for ; i < len(s); i++ {
		switch c := s[i]; {
		case quote && c == '\\':
			i++
		case c == '"':
			quote = !quote
		case c == ',' && !quote:
			return i
		}
	}
	return len(s)
}

// Simple reads the element at or after s[i] when it is a value with at
// most a weight — what browsers and HTTP clients send — without the
// general parameter loop: it returns the value, the index in value of its
// first "/" (-1 when none) and whether it has another, the weight, and the
// index of the "," or end after the element. done is true when
// only white space and commas remain. ok is false for any other element
// (parameters, extensions, a quoted or invalid weight, a syntax error):
// the caller then reads it with Next from the same i, which gives the
// same answer for the elements Simple accepts.
func Simple(s string, i int) (value string, slash int, slashes2 bool, q, next int, done, ok bool) {
	for i < len(s) && (s[i] == ',' || s[i] == ' ' || s[i] == '\t') {
		i++
	}
	if i == len(s) {
		return "", -1, false, 0, i, true, true
	}
	start := i
	slash = -1
	for i < len(s) && tchar[s[i]] {
		i++
	}
	if i < len(s) && s[i] == '/' {
		slash = i - start
		for i++; i < len(s) && valueChar[s[i]]; i++ {
			if s[i] == '/' {
				slashes2 = true
			}
		}
	}
	if i == start {
		return "", -1, false, 0, i, false, false
	}
	value = s[start:i]
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	if i == len(s) || s[i] == ',' {
		return value, slash, slashes2, QOne, i, false, true
	}
	if s[i] != ';' {
		return "", -1, false, 0, i, false, false
	}
	i++
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	if i+1 >= len(s) || (s[i] != 'q' && s[i] != 'Q') || s[i+1] != '=' {
		return "", -1, false, 0, i, false, false
	}
	i += 2
	vStart := i
	for i < len(s) && headers.IsTokenChar(s[i]) {
		i++
	}
	q, ok = headers.ParseQValue(s[vStart:i])
	if !ok {
		return "", -1, false, 0, i, false, false
	}
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	if i == len(s) || s[i] == ',' {
		return value, slash, slashes2, q, i, false, true
	}
	return "", -1, false, 0, i, false, false
}

// Skip returns the index of the comma ending the list element that starts
// at s[i] (or len(s)), stepping over quoted strings: where Next ends any
// element, valid or not.
func Skip(s string, i int) int { return skip(s, i) }

// What Range found.
const (
	// RangeDone: only white space and commas remain.
	RangeDone = iota
	// RangeNone: the element is not a media range type "/" subtype
	// ("*", "*/html", "a/b/c", a token, stray bytes, an empty type or
	// subtype), so it matches nothing, valid or not; next is past it.
	RangeNone
	// RangeSimple: a media range with at most a weight; typ, sub and q
	// are set and next is the index of the "," or end after it, as Next
	// would give.
	RangeSimple
	// RangeGeneral: a media range followed by parameters, extensions,
	// an invalid weight or a syntax error: typ and sub are set, and the
	// caller reads the element with Next from the index in next, where it
	// starts (Next's Value is then typ "/" sub).
	RangeGeneral
)

// Range reads the Accept element at or after s[i] for negotiation. It
// reads each byte once: the type, the subtype, and for a simple element
// its weight; an element that cannot be a media range is skipped to its
// comma without a further look. typ is never "" and sub is "*" when typ
// is "*".
func Range(s string, i int) (typ, sub string, q, next, kind int) {
	for i < len(s) && (s[i] == ',' || s[i] == ' ' || s[i] == '\t') {
		i++
	}
	if i == len(s) {
		return "", "", 0, i, RangeDone
	}
	start := i
	for i < len(s) && tchar[s[i]] {
		i++
	}
	if i == start || i == len(s) || s[i] != '/' {
		return "", "", 0, skip(s, i), RangeNone
	}
	typ = s[start:i]
	i++
	subStart := i
	for i < len(s) && tchar[s[i]] {
		i++
	}
	sub = s[subStart:i]
	if sub == "" || (i < len(s) && s[i] == '/') || (typ == "*" && sub != "*") {
		return "", "", 0, skip(s, i), RangeNone
	}
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	if i == len(s) || s[i] == ',' {
		return typ, sub, QOne, i, RangeSimple
	}
	if s[i] != ';' {
		return typ, sub, 0, start, RangeGeneral
	}
	i++
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	if i+1 >= len(s) || (s[i] != 'q' && s[i] != 'Q') || s[i+1] != '=' {
		return typ, sub, 0, start, RangeGeneral
	}
	i += 2
	vStart := i
	for i < len(s) && tchar[s[i]] {
		i++
	}
	q, ok := headers.ParseQValue(s[vStart:i])
	if !ok {
		return typ, sub, 0, start, RangeGeneral
	}
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	if i == len(s) || s[i] == ',' {
		return typ, sub, q, i, RangeSimple
	}
	return typ, sub, 0, start, RangeGeneral
}
