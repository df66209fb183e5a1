package httputil_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/webob-go/webob/compat/gddo/httputil"
	"github.com/webob-go/webob/compat/gddo/httputil/header"
	"github.com/webob-go/webob/headers"
)

var fuzzOffers = []string{"text/html", "application/json", "text/html;level=1", "image/png"}

// refNegotiate is NegotiateContentType written out from header.ParseAccept
// and headers.ParseParams, sharing no code with the scanner.
func refNegotiate(h http.Header, offers []string, def string) string {
	specs := header.ParseAccept(h, "Accept")
	bi, bq, bs := -1, 0.0, 0
	for k, off := range offers {
		oEss, oRest, oHas := strings.Cut(off, ";")
		oType, oSub, _ := strings.Cut(oEss, "/")
		var oParams headers.Params
		if oHas {
			oParams, _ = headers.ParseParams(";" + oRest)
		}
		q, spec := 0.0, 0
		for _, sp := range specs {
			ess, rest, hasParams := strings.Cut(sp.Value, ";")
			typ, sub, ok := strings.Cut(ess, "/")
			if !ok || typ == "" || sub == "" || strings.Contains(sub, "/") || (typ == "*" && sub != "*") {
				continue
			}
			s := 0
			switch {
			case typ == "*":
				s = 1
			case !strings.EqualFold(typ, oType):
				continue
			case sub == "*":
				s = 2
			case !strings.EqualFold(sub, oSub):
				continue
			default:
				s = 3
			}
			if hasParams {
				ps, err := headers.ParseParams(";" + rest)
				if err != nil || len(ps) != len(oParams) {
					continue
				}
				same := true
				for _, p := range oParams {
					if v, ok := ps.Get(p.Name); !ok || !strings.EqualFold(v, p.Value) {
						same = false
					}
				}
				if !same {
					continue
				}
				if s == 3 {
					s = 4
				}
			}
			if s > spec {
				q, spec = sp.Q, s
			}
		}
		if q > bq || (q == bq && q > 0 && spec > bs) {
			bi, bq, bs = k, q, spec
		}
	}
	if bi < 0 {
		return def
	}
	return offers[bi]
}

func FuzzNegotiateContentType(f *testing.F) {
	for _, s := range []string{
		"text/html;q=0.1, */*", "text/html;level=1;q=0.5, text/*;q=0.2", "TEXT/HTML;Level=1", "*/*;q=0",
		"image/*;q=0, */*;q=0.5", `text/html;level="1";q=0.3, application/json;q=0.3`, "a;q=1.5, text/html",
		"text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", ",,", `text/html;x="a,b", image/png`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		h := http.Header{"Accept": {s}}
		got := httputil.NegotiateContentType(&http.Request{Header: h}, fuzzOffers, "none")
		for range 2 { // the second call caches the answer, the third reads it
			if again := httputil.NegotiateContentType(&http.Request{Header: h}, fuzzOffers, "none"); again != got {
				t.Fatalf("%q: %q then %q (cache)", s, got, again)
			}
		}
		if want := refNegotiate(h, fuzzOffers, "none"); got != want {
			t.Fatalf("%q: got %q, reference %q", s, got, want)
		}
		enc := httputil.NegotiateContentEncoding(&http.Request{Header: http.Header{"Accept-Encoding": {s}}}, []string{"br", "gzip"})
		if enc != "" && enc != "identity" && enc != "br" && enc != "gzip" {
			t.Fatalf("%q: encoding %q", s, enc)
		}
	})
}
