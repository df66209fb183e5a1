package headers

import (
	"errors"
	"iter"
	"strconv"

	"github.com/webob-go/webob/internal/oneline"
)

// ErrInvalidCacheControl reports a malformed Cache-Control directive.
var ErrInvalidCacheControl = errors.New("headers: invalid Cache-Control")

// MaxDeltaSeconds is the largest delta-seconds value kept: larger values
// are taken as this one, as RFC 9111 §1.2.2 directs.
const MaxDeltaSeconds = 1 << 31

// A Delta is an optional delta-seconds directive value. The zero value is
// an absent directive.
type Delta struct {
	Seconds int64 // 0 to MaxDeltaSeconds
	Set     bool
}

// Seconds returns a set Delta of n seconds, clamped to 0..MaxDeltaSeconds.
func Seconds(n int64) Delta {
	if n < 0 {
		n = 0
	} else if n > MaxDeltaSeconds {
		n = MaxDeltaSeconds
	}
	return Delta{Seconds: n, Set: true}
}

// String returns the delta-seconds as Cache-Control writes them ("60",
// clamped to 0..MaxDeltaSeconds), or "" when the directive is absent.
func (d Delta) String() string {
	if !d.Set {
		return ""
	}
	return strconv.FormatInt(min(max(d.Seconds, 0), MaxDeltaSeconds), 10)
}

// String returns the directive as Cache-Control writes it ("name" or
// "name=value", the value quoted when it is not a token), or "" when the
// name is not a token or the value cannot be quoted.
func (e Extension) String() string {
	if !ValidToken(e.Name) {
		return ""
	}
	b := []byte(e.Name)
	if e.HasValue || e.Value != "" {
		var err error
		if b, err = AppendTokenOrQuoted(append(b, '='), e.Value); err != nil {
			return ""
		}
	}
	return string(b)
}

// CacheControl holds the directives of a Cache-Control field, request and
// response directives together (RFC 9111 §5.2, plus immutable from
// RFC 8246 and stale-while-revalidate / stale-if-error from RFC 5861).
//
//	Cache-Control   = #cache-directive
//	cache-directive = token [ "=" ( token / quoted-string ) ]
//
// The zero value has no directives and formats as "". Directive names are
// case-insensitive. When a known directive repeats, the first occurrence
// wins (RFC 9111 §4.2.1 allows using the first). Unknown directives are
// kept in order in Extensions, names lower-cased.
type CacheControl struct {
	// Response and request directives.
	NoCache     bool   // no-cache, with or without field names
	NoStore     bool   // no-store
	NoTransform bool   // no-transform
	MaxAge      Delta  // max-age
	NoCacheList string // the field names of no-cache="..." as one list (see NoCacheFields)

	// Request directives.
	MaxStale     Delta // max-stale; without a value it is set to MaxDeltaSeconds
	MinFresh     Delta // min-fresh
	OnlyIfCached bool  // only-if-cached

	// Response directives.
	MustRevalidate       bool   // must-revalidate
	ProxyRevalidate      bool   // proxy-revalidate
	MustUnderstand       bool   // must-understand
	Public               bool   // public
	Private              bool   // private, with or without field names
	PrivateList          string // the field names of private="..." (see PrivateFields)
	SMaxAge              Delta  // s-maxage
	Immutable            bool   // immutable (RFC 8246)
	StaleWhileRevalidate Delta  // stale-while-revalidate (RFC 5861)
	StaleIfError         Delta  // stale-if-error (RFC 5861)

	// Extensions are the directives this type does not know, in order.
	// A Param with an empty Value and no "=" on the wire is a bare token.
	Extensions []Extension
}

// An Extension is a Cache-Control directive this package does not know.
type Extension struct {
	Name     string // lower-cased
	Value    string // unquoted
	HasValue bool   // whether "=value" was present
}

// NoCacheFields iterates over the field names listed in no-cache="...".
func (cc CacheControl) NoCacheFields() iter.Seq[string] { return SplitList(cc.NoCacheList) }

// PrivateFields iterates over the field names listed in private="...".
func (cc CacheControl) PrivateFields() iter.Seq[string] { return SplitList(cc.PrivateList) }

type ccKind uint8

const (
	ccFlag  ccKind = iota // no argument allowed
	ccDelta               // delta-seconds required
	ccList                // optional quoted field-name list
	ccOptDelta
)

type ccDirective struct {
	name string
	kind ccKind
}

// ccDirectives are the directives known to this package, in the order
// AppendFormat writes them.
var ccDirectives = [...]ccDirective{
	{"public", ccFlag},
	{"private", ccList},
	{"no-cache", ccList},
	{"no-store", ccFlag},
	{"no-transform", ccFlag},
	{"max-age", ccDelta},
	{"s-maxage", ccDelta},
	{"max-stale", ccOptDelta},
	{"min-fresh", ccDelta},
	{"only-if-cached", ccFlag},
	{"must-revalidate", ccFlag},
	{"proxy-revalidate", ccFlag},
	{"must-understand", ccFlag},
	{"immutable", ccFlag},
	{"stale-while-revalidate", ccDelta},
	{"stale-if-error", ccDelta},
}

// Indexes into ccDirectives.
const (
	ccPublic = iota
	ccPrivate
	ccNoCache
	ccNoStore
	ccNoTransform
	ccMaxAge
	ccSMaxAge
	ccMaxStale
	ccMinFresh
	ccOnlyIfCached
	ccMustRevalidate
	ccProxyRevalidate
	ccMustUnderstand
	ccImmutable
	ccStaleWhileRevalidate
	ccStaleIfError
)

// lookupDirective returns the index of the known directive name, or -1.
// It narrows by length and first letter before comparing, so an unknown
// or known name costs at most two comparisons.
func lookupDirective(name string) int {
	if name == "" {
		return -1
	}
	i := -1
	switch len(name) {
	case 6:
		i = ccPublic
	case 7:
		switch lower(name[0]) {
		case 'p':
			i = ccPrivate
		case 'm':
			i = ccMaxAge
		}
	case 8:
		switch lower(name[0]) {
		case 'n':
			i = ccNoCache
		case 's':
			i = ccSMaxAge
		}
	case 9:
		switch lower(name[0]) {
		case 'm':
			i = ccMaxStale
			if lower(name[1]) == 'i' {
				i = ccMinFresh
			}
		case 'i':
			i = ccImmutable
		}
	case 12:
		i = ccNoTransform
	case 14:
		switch lower(name[0]) {
		case 'o':
			i = ccOnlyIfCached
		case 's':
			i = ccStaleIfError
		}
	case 15:
		switch lower(name[0]) {
		case 'm':
			i = ccMustRevalidate
			if lower(name[5]) == 'u' {
				i = ccMustUnderstand
			}
		}
	case 16:
		i = ccProxyRevalidate
	case 22:
		i = ccStaleWhileRevalidate
	}
	if len(name) == 8 && lower(name[0]) == 'n' && lower(name[3]) == 's' {
		i = ccNoStore
	}
	if i >= 0 && EqualFold(ccDirectives[i].name, name) {
		return i
	}
	return -1
}

// field returns pointers to the storage of directive i.
func (cc *CacheControl) field(i int) (flag *bool, delta *Delta, list *string) {
	switch i {
	case ccPublic:
		return &cc.Public, nil, nil
	case ccPrivate:
		return &cc.Private, nil, &cc.PrivateList
	case ccNoCache:
		return &cc.NoCache, nil, &cc.NoCacheList
	case ccNoStore:
		return &cc.NoStore, nil, nil
	case ccNoTransform:
		return &cc.NoTransform, nil, nil
	case ccMaxAge:
		return nil, &cc.MaxAge, nil
	case ccSMaxAge:
		return nil, &cc.SMaxAge, nil
	case ccMaxStale:
		return nil, &cc.MaxStale, nil
	case ccMinFresh:
		return nil, &cc.MinFresh, nil
	case ccOnlyIfCached:
		return &cc.OnlyIfCached, nil, nil
	case ccMustRevalidate:
		return &cc.MustRevalidate, nil, nil
	case ccProxyRevalidate:
		return &cc.ProxyRevalidate, nil, nil
	case ccMustUnderstand:
		return &cc.MustUnderstand, nil, nil
	case ccImmutable:
		return &cc.Immutable, nil, nil
	case ccStaleWhileRevalidate:
		return nil, &cc.StaleWhileRevalidate, nil
	default:
		return nil, &cc.StaleIfError, nil
	}
}

// ParseCacheControl parses the field lines of a Cache-Control header.
// Values may be tokens or quoted strings (senders should use the token
// form for delta-seconds, but quoted ones are accepted). A directive
// that is not a token, a known directive with a missing or non-numeric
// required value, or a flag directive given a value is an error wrapping
// ErrInvalidCacheControl. Parsing a header with no extensions does not
// allocate unless a value holds quoted-pairs.
func ParseCacheControl(lines []string) (CacheControl, error) {
	var cc CacheControl
	var seen uint32
	for _, line := range lines {
		// One pass over the line: directives separated by commas, with
		// optional white space and empty elements (RFC 9110 §5.6.1).
		s := line
		for {
			for len(s) > 0 && (s[0] == ',' || s[0] == ' ' || s[0] == '\t') {
				s = s[1:]
			}
			if s == "" {
				break
			}
			name, rest := ConsumeToken(s)
			if name == "" {
				return CacheControl{}, ErrInvalidCacheControl
			}
			var value string
			hasValue := false
			if rest != "" && rest[0] == '=' {
				v, r, err := ConsumeValue(rest[1:])
				if err != nil {
					return CacheControl{}, ErrInvalidCacheControl
				}
				value, hasValue, rest = v, true, r
			}
			rest = SkipOWS(rest)
			if rest != "" && rest[0] != ',' {
				return CacheControl{}, ErrInvalidCacheControl
			}
			s = rest
			if err := cc.set(name, value, hasValue, &seen); err != nil {
				return CacheControl{}, err
			}
		}
	}
	return cc, nil
}

// set records one directive; seen tracks which known ones were set.
func (cc *CacheControl) set(name, value string, hasValue bool, seen *uint32) error {
	i := lookupDirective(name)
	if i < 0 {
		cc.Extensions = append(cc.Extensions, Extension{Name: ToLower(name), Value: value, HasValue: hasValue})
		return nil
	}
	first := *seen&(1<<i) == 0
	*seen |= 1 << i
	flag, delta, list := cc.field(i)
	switch ccDirectives[i].kind {
	case ccFlag:
		if hasValue {
			return ErrInvalidCacheControl
		}
		*flag = true
	case ccList:
		*flag = true
		if hasValue && first {
			*list = value
		}
	case ccDelta, ccOptDelta:
		if !hasValue {
			if ccDirectives[i].kind == ccDelta {
				return ErrInvalidCacheControl
			}
			if first {
				*delta = Delta{Seconds: MaxDeltaSeconds, Set: true}
			}
			return nil
		}
		n, ok := parseDelta(value)
		if !ok {
			return ErrInvalidCacheControl
		}
		if first {
			*delta = Delta{Seconds: n, Set: true}
		}
	}
	return nil
}

// parseDelta parses delta-seconds = 1*DIGIT, saturating at
// MaxDeltaSeconds.
func parseDelta(s string) (int64, bool) {
	if s == "" {
		return 0, false
	}
	var n int64
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		if n < MaxDeltaSeconds {
			n = n*10 + int64(c-'0')
		}
	}
	if n > MaxDeltaSeconds {
		n = MaxDeltaSeconds
	}
	return n, true
}

// AppendFormat appends the directives to dst, known ones first in a fixed
// order and then the extensions in theirs, separated by ", ". Field-name
// lists are written as quoted strings. A list or extension that cannot
// be written (a name that is not a token, a value with CR, LF or another
// control byte) is an error wrapping ErrInvalidCacheControl, and dst is
// returned unchanged.
func (cc CacheControl) AppendFormat(dst []byte) ([]byte, error) {
	orig := dst
	n := 0
	sep := func() {
		if n > 0 {
			dst = append(dst, ',', ' ')
		}
		n++
	}
	for i, d := range ccDirectives {
		flag, delta, list := cc.field(i)
		switch d.kind {
		case ccFlag:
			if *flag {
				sep()
				dst = append(dst, d.name...)
			}
		case ccList:
			if *flag || *list != "" {
				sep()
				dst = append(dst, d.name...)
				if *list != "" {
					dst = append(dst, '=')
					var err error
					if dst, err = AppendQuotedString(dst, *list); err != nil {
						return orig, oneline.Join(ErrInvalidCacheControl, err)
					}
				}
			}
		case ccDelta, ccOptDelta:
			if delta.Set {
				sep()
				dst = append(dst, d.name...)
				if d.kind == ccOptDelta && delta.Seconds >= MaxDeltaSeconds {
					continue
				}
				dst = append(dst, '=')
				s := delta.Seconds
				if s < 0 {
					s = 0
				} else if s > MaxDeltaSeconds {
					s = MaxDeltaSeconds
				}
				dst = strconv.AppendInt(dst, s, 10)
			}
		}
	}
	for _, e := range cc.Extensions {
		if !ValidToken(e.Name) {
			return orig, ErrInvalidCacheControl
		}
		sep()
		dst = append(dst, e.Name...)
		if e.HasValue || e.Value != "" {
			dst = append(dst, '=')
			var err error
			if dst, err = AppendTokenOrQuoted(dst, e.Value); err != nil {
				return orig, oneline.Join(ErrInvalidCacheControl, err)
			}
		}
	}
	return dst, nil
}

// String returns the formatted directives, or "" when they cannot be
// formatted. It has a value receiver, so fmt prints a CacheControl (not
// only a pointer to one) in its header form.
func (cc CacheControl) String() string {
	b, err := cc.AppendFormat(nil)
	if err != nil {
		return ""
	}
	return string(b)
}
