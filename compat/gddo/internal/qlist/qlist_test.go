package qlist

import (
	"strings"
	"testing"
)

// TestSimpleAgreesWithNext: for every element Simple accepts, Next gives
// the same value, weight and end.
func TestSimpleAgreesWithNext(t *testing.T) {
	for _, s := range []string{
		"text/html", " a/b ;q=0.5 , c", "a;Q=1.000,b", ",,a;q=0", "a/b/c;q=0.1", "*/*;q=0.8",
		"a ; q=0.5", "a;q=0.5;x=1", "a;x=1", `a;q="1"`, "a;q=1.5", "a b", "@", "",
	} {
		for i := 0; i <= len(s); {
			v, slash, _, q, next, done, ok := Simple(s, i)
			e, n, d := Next(s, i)
			if done != d {
				t.Fatalf("%q at %d: done %v vs %v", s, i, done, d)
			}
			if done {
				break
			}
			if ok && (!e.Valid || e.Value != v || e.Q != q || n != next || e.NParams != 0) {
				t.Errorf("%q at %d: Simple %q %d %d, Next %+v %d", s, i, v, q, next, e, n)
			}
			if ok && slash >= 0 && v[slash] != '/' {
				t.Errorf("%q: slash %d in %q", s, slash, v)
			}
			i = n
		}
	}
}

// isRange reports whether v is type "/" subtype as negotiation reads it.
func isRange(v string) bool {
	typ, sub, ok := strings.Cut(v, "/")
	return ok && typ != "" && sub != "" && !strings.Contains(sub, "/") && (typ != "*" || sub == "*")
}

// TestRangeAgreesWithNext: Range ends every element where Next does, and
// reports as simple exactly the media ranges Next reads with no parameter
// but the weight, with Next's type, subtype and weight.
func TestRangeAgreesWithNext(t *testing.T) {
	for _, s := range []string{
		"text/html", " a/b ;q=0.5 , c", "a;Q=1.000,b", ",,a/b;q=0", "a/b/c;q=0.1", "*/*;q=0.8", "*/html",
		"*", "a/b ; q=0.5", "a/b;q=0.5;x=1", "a/b;x=1", `a/b;q="1"`, "a/b;q=1.5", "a/b c", "@", "",
		"/b", "a/", "a//b", `a/b;x="q,r", c/d`, `@"x,y", a/b`, "a/b;q=0.5 ;", "a/b\t,\tc/d;q=0",
		"text/html;level=1;q=0.5", "a/b;q=0.5;ext", "a/b@", `a/b"`, "a/b;q=0.123", "a/b;Q=1",
	} {
		for i := 0; i <= len(s); {
			typ, sub, q, next, kind := Range(s, i)
			e, n, done := Next(s, i)
			if done != (kind == RangeDone) {
				t.Fatalf("%q at %d: Range kind %d, Next done %v", s, i, kind, done)
			}
			if done {
				break
			}
			switch kind {
			case RangeNone:
				if e.Valid && isRange(e.Value) || next != n {
					t.Errorf("%q at %d: Range skips to %d, Next %+v %d", s, i, next, e, n)
				}
			case RangeSimple:
				if !e.Valid || e.NParams != 0 || e.Value != typ+"/"+sub || e.Q != q || n != next || !isRange(e.Value) {
					t.Errorf("%q at %d: Range %q %q %d %d, Next %+v %d", s, i, typ, sub, q, next, e, n)
				}
			case RangeGeneral:
				if e2, n2, _ := Next(s, next); e2 != e || n2 != n || (e.Valid && e.Value != typ+"/"+sub) {
					t.Errorf("%q at %d: Range general from %d with %q %q, Next %+v %d", s, i, next, typ, sub, e, n)
				}
			}
			i = n
		}
	}
}
