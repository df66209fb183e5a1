package headers

import (
	"errors"
	"slices"
)

// A Param is one name=value parameter of a header value. Name is
// lower-cased by the parsers in this package; Value is unquoted and
// otherwise kept as sent.
type Param struct {
	Name  string
	Value string
}

// String returns the parameter as "name=value", the value quoted when it
// is not a token, or "" when the name is not a token or the value cannot
// be quoted.
func (p Param) String() string {
	if !ValidToken(p.Name) {
		return ""
	}
	b, err := AppendTokenOrQuoted(append([]byte(p.Name), '='), p.Value)
	if err != nil {
		return ""
	}
	return string(b)
}

// Params is an ordered list of parameters.
type Params []Param

// Get returns the value of the first parameter named name (compared
// without regard to ASCII case) and whether it was present.
func (ps Params) Get(name string) (string, bool) {
	for _, p := range ps {
		if EqualFold(p.Name, name) {
			return p.Value, true
		}
	}
	return "", false
}

// Has reports whether a parameter named name is present.
func (ps Params) Has(name string) bool {
	_, ok := ps.Get(name)
	return ok
}

// String returns the parameters as AppendFormat writes them
// (";a=1;b=\"x y\""), or "" when they cannot be formatted.
func (ps Params) String() string {
	b, err := ps.AppendFormat(nil)
	if err != nil {
		return ""
	}
	return string(b)
}

// AppendFormat appends the parameters to dst as `;name=value` pairs,
// quoting values that are not tokens. Names that are not tokens, and values
// no quoted string can carry, are an error.
func (ps Params) AppendFormat(dst []byte) ([]byte, error) {
	orig := dst
	for _, p := range ps {
		if !ValidToken(p.Name) {
			return orig, ErrInvalidParam
		}
		dst = append(dst, ';')
		dst = append(dst, p.Name...)
		dst = append(dst, '=')
		var err error
		if dst, err = AppendTokenOrQuoted(dst, p.Value); err != nil {
			return orig, err
		}
	}
	return dst, nil
}

// NextParam parses one parameter from the front of s, which must look like
//
//	OWS ";" OWS [ parameter-name "=" parameter-value ]
//
// (RFC 9110 §5.6.6). ok is false, with rest == s, when s (after optional
// white space) does not start with ";": the parameters have ended. An empty
// parameter (";;") yields ok with an empty name. No white space is allowed
// around "=": RFC 9110 §5.6.6 leaves it out on purpose, so `a =b` is
// ErrInvalidParam. The name is returned as sent; value is unquoted and is
// a slice of s unless it held quoted-pairs.
func NextParam(s string) (name, value, rest string, ok bool, err error) {
	name, value, rest, _, ok, err = nextParam(s, false)
	return name, value, rest, ok, err
}

// nextParam is NextParam. With disposition set it reads the
// Content-Disposition grammar instead (RFC 6266 §4.1): white space is
// allowed on either side of "=" (RFC 6266 keeps RFC 2616's implied linear
// white space), and a backslash is literal before anything but '"' and
// '\' (see consumeQuoted). quoted reports whether the value was a quoted
// string.
func nextParam(s string, disposition bool) (name, value, rest string, quoted, ok bool, err error) {
	t := SkipOWS(s)
	if t == "" || t[0] != ';' {
		return "", "", s, false, false, nil
	}
	t = SkipOWS(t[1:])
	if t == "" || t[0] == ';' || t[0] == ',' {
		return "", "", t, false, true, nil
	}
	name, t = ConsumeToken(t)
	if disposition {
		t = SkipOWS(t)
	}
	if name == "" || t == "" || t[0] != '=' {
		return "", "", s, false, false, ErrInvalidParam
	}
	t = t[1:]
	if disposition {
		t = SkipOWS(t)
	}
	quoted = t != "" && t[0] == '"'
	value, t, err = consumeValue(t, disposition)
	if err != nil {
		if errors.Is(err, ErrInvalidToken) {
			err = ErrInvalidParam
		}
		return "", "", s, false, false, err
	}
	return name, value, t, quoted, true, nil
}

// ConsumeParams parses the parameters at the front of s, up to the first
// byte (after optional white space) that is not ";" — typically a comma
// or the end — and returns them with names lower-cased, plus the rest of s.
// A parameter name that repeats is reported as ErrDuplicateParam. nil is
// returned when there are no parameters. The grammar is NextParam's.
func ConsumeParams(s string) (ps Params, rest string, err error) {
	return consumeParams(s, false)
}

// consumeParams is ConsumeParams; see nextParam for disposition. With
// disposition set, a parameter whose name ends in "*" (an RFC 8187
// ext-parameter such as filename*) is left out of ps when its value is not
// a bare, well-formed ext-value: RFC 8187 §3.2.1 has no quoted form, and
// RFC 6266 §4.3 has recipients ignore what they cannot parse. It still
// counts for the duplicate check.
func consumeParams(s string, disposition bool) (ps Params, rest string, err error) {
	rest = s
	// Duplicates are found by a linear scan while the list is short and
	// through a set once it grows, so many parameters stay linear.
	var seen map[string]struct{}
	var ignored []string // ext-parameters left out of ps, for the duplicate check
	for {
		name, value, r, quoted, ok, err := nextParam(rest, disposition)
		if err != nil {
			return ps, rest, err
		}
		if !ok {
			return ps, rest, nil
		}
		rest = r
		if name == "" {
			continue
		}
		name = lowerKnown(name, knownParamNames[:])
		if seen != nil {
			if _, dup := seen[name]; dup {
				return ps, rest, ErrDuplicateParam
			}
			seen[name] = struct{}{}
		} else if ps.Has(name) || slices.Contains(ignored, name) {
			return ps, rest, ErrDuplicateParam
		}
		if disposition && name[len(name)-1] == '*' && (quoted || !wellFormedExtValue(value)) {
			if seen == nil {
				ignored = append(ignored, name)
			}
		} else {
			if ps == nil {
				// Room for the usual few parameters in one allocation.
				ps = make(Params, 0, 4)
			}
			ps = append(ps, Param{Name: name, Value: value})
		}
		if seen == nil && len(ps)+len(ignored) == 16 {
			seen = make(map[string]struct{}, 32)
			for _, p := range ps {
				seen[p.Name] = struct{}{}
			}
			for _, n := range ignored {
				seen[n] = struct{}{}
			}
		}
	}
}

// ParseParams parses s as a whole as a parameter list such as
// `;a=1; b="two"`. Anything left over is ErrInvalidParam.
func ParseParams(s string) (Params, error) {
	ps, rest, err := ConsumeParams(s)
	if err != nil {
		return nil, err
	}
	if TrimOWS(rest) != "" {
		return nil, ErrInvalidParam
	}
	return ps, nil
}

// knownParamNames are parameter names common enough that parsing them in
// upper or mixed case should not cost an allocation.
var knownParamNames = [...]string{"charset", "boundary", "q", "name", "filename", "filename*", "level", "version"}

// lowerKnown returns s with ASCII letters lowered, like ToLower, but
// returns the matching entry of known, without allocating, when s equals
// one of them ignoring case.
func lowerKnown(s string, known []string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; 'A' <= c && c <= 'Z' {
			for _, k := range known {
				if EqualFold(s, k) {
					return k
				}
			}
			return ToLower(s)
		}
	}
	return s
}
