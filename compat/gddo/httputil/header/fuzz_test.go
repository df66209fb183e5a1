package header

import (
	"net/http"
	"strings"
	"testing"

	"github.com/webob-go/webob/headers"
)

var fuzzSeeds = []string{
	"", "text/html", "text/html;q=0", "text/html;level=1;q=0.5;ext", `a;p="x,y";q=0.2, b`,
	"a;q=1.5, b", "a;q=.5", "a;Q=0.001", `a;b="`, `"`, `\`, ",,,", "*/*;q=0.8",
	"gzip, deflate, br, zstd", "da, en-gb;q=0.8, en;q=0.7", `form-data; name="f"; filename="a\"b.txt"`,
	"text/html ; ; a=b", "a/b/c;q=1.000", "a;q=1.0001",
}

func FuzzParseAccept(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		specs := ParseAccept(http.Header{"Accept": {s}}, "Accept")
		for _, sp := range specs {
			if sp.Q < 0 || sp.Q > 1 {
				t.Fatalf("%q: Q %v out of range", s, sp.Q)
			}
			if sp.Value == "" || !headers.IsTokenChar(sp.Value[0]) && sp.Value[0] != '/' {
				t.Fatalf("%q: bad value %q", s, sp.Value)
			}
			// A value re-parses to itself with its weight.
			again := ParseAccept(http.Header{"Accept": {sp.Value}}, "Accept")
			if len(again) != 1 || again[0].Value != sp.Value || again[0].Q != 1 {
				t.Fatalf("%q: value %q re-parses as %v", s, sp.Value, again)
			}
		}
		if len(specs) > strings.Count(s, ",")+1 {
			t.Fatalf("%q: %d specs from %d elements", s, len(specs), strings.Count(s, ",")+1)
		}
	})
}

func FuzzParseList(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, el := range ParseList(http.Header{"X": {s}}, "X") {
			if el == "" || el != headers.TrimOWS(el) {
				t.Fatalf("%q: element %q empty or untrimmed", s, el)
			}
			if !strings.Contains(s, el) {
				t.Fatalf("%q: element %q is not from the input", s, el)
			}
		}
	})
}

func FuzzParseValueAndParams(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, params := ParseValueAndParams(http.Header{"Content-Type": {s}}, "Content-Type")
		if params == nil {
			t.Fatalf("%q: nil params", s)
		}
		if v != headers.ToLower(v) {
			t.Fatalf("%q: value %q not lower-case", s, v)
		}
		if v == "" && len(params) != 0 {
			t.Fatalf("%q: params without a value", s)
		}
		for k := range params {
			if k == "" || k != headers.ToLower(k) || !headers.ValidToken(k) {
				t.Fatalf("%q: bad name %q", s, k)
			}
		}
	})
}
