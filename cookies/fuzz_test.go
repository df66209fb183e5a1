package cookies

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

// FuzzParse: Parse never panics; Get and All agree with it; ParseStrict
// agrees with it when it succeeds; errors are typed; what Parse returns
// can be written back by AppendCookieHeader when the values are
// cookie-octets, and reads back the same.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		benchCookie, "==a=b; a=c", "a=1\nb=2", `a="x"; b="`, " a = 1 ;;", "\u2000a=1; a=2",
		`x=\040`, `a=1; b="La Pe\303\261a"; c=3`, "a=1; Secure=true", "$v=1",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		lines := strings.Split(s, "\n")
		cs, err := Parse(lines)
		if err != nil {
			if !errors.Is(err, ErrTooManyCookies) || cs != nil {
				t.Fatalf("Parse: %v, %d cookies", err, len(cs))
			}
			return
		}
		for _, c := range cs {
			if !validToken(c.Name) {
				t.Fatalf("name %q is not a token", c.Name)
			}
			if strings.ContainsAny(c.Value, "\";\\\x00\r\n") {
				t.Fatalf("value %q", c.Value)
			}
			v, ok := Get(lines, c.Name)
			if !ok || v != firstNamed(cs, c.Name) {
				t.Fatalf("Get(%q) = %q %v, Parse's first is %q", c.Name, v, ok, firstNamed(cs, c.Name))
			}
			var want []string
			for _, d := range cs {
				if d.Name == c.Name {
					want = append(want, d.Value)
				}
			}
			if all := All(lines, c.Name); !slices.Equal(all, want) {
				t.Fatalf("All(%q) = %q, want %q", c.Name, all, want)
			}
		}
		for _, name := range []string{"a", "b", "session_id"} {
			if _, ok := Get(lines, name); ok != slices.ContainsFunc(cs, func(c Cookie) bool { return c.Name == name }) {
				t.Fatalf("Get(%q) = %v disagrees with Parse %q", name, ok, cs)
			}
		}
		strict, err := ParseStrict(lines)
		if err == nil && !slices.Equal(strict, cs) {
			t.Fatalf("strict %q != lenient %q", strict, cs)
		}
		if err != nil && !errors.Is(err, ErrMalformedPair) {
			t.Fatalf("ParseStrict: untyped %v", err)
		}
		if b, err := AppendCookieHeader(nil, cs); err == nil {
			again, err := ParseStrict([]string{string(b)})
			if err != nil || !slices.Equal(again, cs) {
				t.Fatalf("round trip %q -> %q: %q %v", s, b, again, err)
			}
		} else if !errors.Is(err, ErrInvalidCookie) {
			t.Fatalf("AppendCookieHeader: untyped %v", err)
		}
	})
}

func validToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c >= 0x7F || strings.IndexByte(`"(),/:;<=>?@[\]{}`, c) >= 0 {
			return false
		}
	}
	return true
}

// FuzzSetCookie: ParseSetCookie never panics; what it returns and
// Validate accepts formats without control bytes and parses back equal
// (parse → format → parse); format errors are typed.
func FuzzSetCookie(f *testing.F) {
	for _, s := range []string{
		benchSetCookie, `a="b"; path=/; samesite=none; secure; partitioned`,
		"a=1; Max-Age=-1; Expires=Sun, 06-Nov-94 08:49:37 GMT", "a=1; Domain=.Example.COM; Path=/x; Foo",
		"__Host-a=1; Secure; Path=/", "a=; SameSite=bogus", "a=1; Expires=1 Jan 1601 0:0:0",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseSetCookie(s)
		if err != nil {
			if !errors.Is(err, ErrInvalidSetCookie) {
				t.Fatalf("untyped %v", err)
			}
			return
		}
		out, err := c.Format()
		if err != nil {
			var e *Error
			if !errors.Is(err, ErrInvalidCookie) || !errors.As(err, &e) {
				t.Fatalf("untyped %v", err)
			}
			return
		}
		if strings.ContainsAny(out, "\r\n\x00") {
			t.Fatalf("control bytes in %q", out)
		}
		again, err := ParseSetCookie(out)
		if err != nil || !equalSetCookie(again, c) {
			t.Fatalf("round trip %q -> %q:\n%+v %v\n%+v", s, out, again, err, c)
		}
		if out2, _ := again.Format(); out2 != out {
			t.Fatalf("format not stable: %q then %q", out, out2)
		}
	})
}

// refParsePair is the plain reading of one pair that scanPair implements
// in one pass: split at the first "=", trim SP and HTAB, the name must be
// a token, the value is trimmed, unquoted and checked.
func refParsePair(pair string) (name, value string, ok bool) {
	eq := strings.IndexByte(pair, '=')
	if eq < 0 {
		return "", "", false
	}
	name = trimWSP(pair[:eq])
	if !validToken(name) {
		return "", "", false
	}
	value, ok = requestValue(pair[eq+1:])
	return name, value, ok
}

// refParse is Parse built on nextPair and refParsePair, without limits.
func refParse(line string) (out []Cookie) {
	for rest := line; rest != ""; {
		var pair string
		pair, rest = nextPair(rest)
		if n, v, ok := refParsePair(pair); ok {
			out = append(out, Cookie{n, v})
		}
	}
	return out
}

// FuzzScanPair: the one-pass scanner agrees with the plain reading.
func FuzzScanPair(f *testing.F) {
	for _, s := range []string{benchCookie, "==a=b; a=c", " a = 1 ;;", "a\t=\"x\"\t; b", "a b=1", "\u2000a=1", `a="`, "a=\t", "a =\"\" ;"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for rest := s; rest != ""; {
			pair, next := nextPair(rest)
			n, v, r, ok, empty := scanPair(rest)
			rn, rv, rok := refParsePair(pair)
			if r != next || ok != rok || n != rn || v != rv || empty != (trimWSP(pair) == "") {
				t.Fatalf("%q: scan %q %q %q %v %v; ref %q %q %q %v", rest, n, v, r, ok, empty, rn, rv, next, rok)
			}
			rest = next
		}
		if got := refParse(s); len(s) < 3000 && !slices.Equal(got, mustParse(s)) {
			t.Fatalf("Parse %q != reference %q", mustParse(s), got)
		}
	})
}

func mustParse(s string) []Cookie {
	cs, _ := Parse([]string{s})
	return cs
}
