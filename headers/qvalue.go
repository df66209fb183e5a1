package headers

// ParseQValue parses a qvalue, the weight of the Accept header family
// (RFC 9110 §12.4.2), into thousandths (0 to 1000):
//
//	qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )
//
// ok is false for anything else: more than three decimals ("0.1234"), a
// value above 1 ("1.5", "1.001"), a sign, a missing leading digit (".5"),
// white space or quotes. It allocates nothing.
func ParseQValue(s string) (thousandths int, ok bool) {
	if s == "" || len(s) > 5 || (s[0] != '0' && s[0] != '1') {
		return 0, false
	}
	q := int(s[0]-'0') * 1000
	if len(s) == 1 {
		return q, true
	}
	if s[1] != '.' {
		return 0, false
	}
	mul := 100
	for i := 2; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		q += int(c-'0') * mul
		mul /= 10
	}
	if q > 1000 {
		return 0, false
	}
	return q, true
}

// LookupParam returns the value of the first parameter named name
// (compared without regard to ASCII case) in s, raw parameter text such as
// `;charset=utf-8; level=1` read as NextParam reads it, and whether it was
// found. It stops at the first byte that ends the parameters (a comma, the
// end) or at a syntax error; what comes after is not searched. The value
// is unquoted, and is a slice of s unless it held quoted-pairs: it
// allocates only to unquote a value with quoted-pairs on its way.
func LookupParam(s, name string) (value string, ok bool) {
	for {
		n, v, rest, more, err := NextParam(s)
		if err != nil || !more {
			return "", false
		}
		s = rest
		if n != "" && EqualFold(n, name) {
			return v, true
		}
	}
}
