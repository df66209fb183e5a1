package qlist

import "testing"

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
