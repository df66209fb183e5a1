package bench

import (
	"net/http"
	"testing"

	"github.com/elnormous/contenttype"
	"github.com/golang/gddo/httputil"
	"github.com/webob-go/webob/negotiate"
	"golang.org/x/text/language"
)

// acceptInputs are the Accept headers; the offers are
// [application/json, text/html] for every implementation.
var acceptInputs = []struct{ name, header, want string }{
	{"browser", "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8", "text/html"},
	{"api", "application/json", "application/json"},
	{"curl", "*/*", "application/json"},
}

var acceptOffers = []string{"application/json", "text/html"}

func TestAcceptAgreement(t *testing.T) {
	offers, _ := negotiate.NewOffers(acceptOffers...)
	el := []contenttype.MediaType{contenttype.NewMediaType("application/json"), contenttype.NewMediaType("text/html")}
	for _, in := range acceptInputs {
		r := &http.Request{Header: http.Header{"Accept": {in.header}}}
		a, _ := negotiate.ParseAccept(r.Header["Accept"])
		ours, _ := a.BestOffer(offers)
		if n, _ := offers.Negotiate(r.Header["Accept"]); n != ours {
			t.Errorf("%s: Negotiate %q, BestOffer %q", in.name, n, ours)
		}
		gddo := httputil.NegotiateContentType(r, acceptOffers, "")
		got, _, err := contenttype.GetAcceptableMediaType(r, el)
		if ours != in.want || gddo != in.want || err != nil || got.String() != in.want {
			t.Errorf("%s: ours %q gddo %q elnormous %q (%v), want %q", in.name, ours, gddo, got.String(), err, in.want)
		}
	}
}

// TestAcceptPeersWrong runs the cases on which Go peers fail and
// records, as facts, what each peer answers (gddo at
// v0.0.0-20190904175337-72a348e765d2, elnormous/contenttype at the version
// in go.mod): ours must give want; a peer whose answer changes fails the
// test so the facts (and docs quoting them) get updated.
func TestAcceptPeersWrong(t *testing.T) {
	cases := []struct {
		name   string
		lines  []string
		offers []string
		want   string // "" means nothing acceptable
		// The peers' answers; elnormous's error is written "error: ...".
		gddo, elnormous string
	}{
		// gddo ignores q=0 when a wildcard also matches.
		{"q=0 excludes despite */*", []string{"text/html;q=0, */*"}, []string{"text/html"}, "", "text/html", "error: no acceptable type found"},
		// gddo takes the first match, not the most specific range.
		{"specific beats wildcard", []string{"text/*;q=0.1, */*"}, []string{"text/html", "application/json"}, "application/json", "text/html", "application/json"},
		// gddo drops the rest of the line after a parameter other than q.
		{"params do not swallow the line", []string{"text/html;level=1, application/json"}, []string{"application/json"}, "application/json", "", "application/json"},
		// gddo compares media types case-sensitively.
		{"case-insensitive", []string{"Application/JSON"}, []string{"application/json"}, "application/json", "", "application/json"},
		// gddo reads only a lower-case q.
		{"Q is q", []string{"text/html;Q=0.5, application/json;q=0.9"}, []string{"text/html", "application/json"}, "application/json", "", "application/json"},
		// elnormous reads only the first field line.
		{"field lines are one list", []string{"text/html;q=0.1", "application/json"}, []string{"text/html", "application/json"}, "application/json", "application/json", "text/html"},
		// An invalid header counts as missing (first offer); gddo takes
		// q=1.5 as a weight above 1, elnormous fails the request.
		{"q=1.5 is invalid", []string{"text/html;q=1.5, application/json"}, []string{"text/html", "application/json"}, "text/html", "text/html", "error: invalid weight"},
		// No header accepts everything; gddo returns its default offer
		// (here "") instead of the first offer.
		{"missing accepts all", nil, []string{"application/json", "text/html"}, "application/json", "", "application/json"},
	}
	for _, c := range cases {
		r := &http.Request{Header: http.Header{}}
		if c.lines != nil {
			r.Header["Accept"] = c.lines
		}
		a, _ := negotiate.ParseAccept(c.lines)
		if ours, _ := a.Best(c.offers...); ours != c.want {
			t.Errorf("%s: ours %q, want %q", c.name, ours, c.want)
		}
		if g := httputil.NegotiateContentType(r, c.offers, ""); g != c.gddo {
			t.Errorf("%s: gddo now answers %q (recorded %q)", c.name, g, c.gddo)
		}
		var mts []contenttype.MediaType
		for _, o := range c.offers {
			mts = append(mts, contenttype.NewMediaType(o))
		}
		got, _, err := contenttype.GetAcceptableMediaType(r, mts)
		el := got.String()
		if err != nil {
			el = "error: " + err.Error()
		}
		if el != c.elnormous {
			t.Errorf("%s: elnormous now answers %q (recorded %q)", c.name, el, c.elnormous)
		}
	}
}

func BenchmarkAccept(b *testing.B) {
	offers, _ := negotiate.NewOffers(acceptOffers...)
	el := []contenttype.MediaType{contenttype.NewMediaType("application/json"), contenttype.NewMediaType("text/html")}
	for _, in := range acceptInputs {
		r := &http.Request{Header: http.Header{"Accept": {in.header}}}
		b.Run(in.name+"/webob", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if got, _ := offers.Negotiate(r.Header["Accept"]); got != in.want {
					b.Fatal(got)
				}
			}
		})
		b.Run(in.name+"/gddo", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if got := httputil.NegotiateContentType(r, acceptOffers, ""); got != in.want {
					b.Fatal(got)
				}
			}
		})
		b.Run(in.name+"/elnormous", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, _, err := contenttype.GetAcceptableMediaType(r, el); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

const acceptEncodingInput = "gzip, deflate, br, zstd"

var encodingOffers = []string{"br", "gzip"}

func TestAcceptEncodingAgreement(t *testing.T) {
	r := &http.Request{Header: http.Header{"Accept-Encoding": {acceptEncodingInput}}}
	a, _ := negotiate.ParseAcceptEncoding(r.Header["Accept-Encoding"])
	ours, _ := a.Best(encodingOffers...)
	if g := httputil.NegotiateContentEncoding(r, encodingOffers); g != ours || ours != "br" {
		t.Errorf("ours %q gddo %q", ours, g)
	}
}

// TestAcceptEncodingPeersWrong records gddo's answers on the issue's
// Accept-Encoding cases as facts.
func TestAcceptEncodingPeersWrong(t *testing.T) {
	cases := []struct {
		name       string
		lines      []string
		offers     []string
		want, gddo string
	}{
		// gddo ignores q=0 when "*" also matches.
		{"q=0 excludes despite *", []string{"gzip;q=0, *"}, []string{"gzip", "br"}, "br", "gzip"},
		// gddo compares codings case-sensitively and falls back to identity.
		{"GZIP is gzip", []string{"GZIP"}, []string{"gzip"}, "gzip", "identity"},
		// No header: any coding is acceptable (RFC 9110 §12.5.3), so the
		// first offer; gddo answers identity, which was not offered.
		{"missing accepts all", nil, []string{"gzip", "br"}, "gzip", "identity"},
	}
	for _, c := range cases {
		r := &http.Request{Header: http.Header{}}
		if c.lines != nil {
			r.Header["Accept-Encoding"] = c.lines
		}
		a, _ := negotiate.ParseAcceptEncoding(c.lines)
		if ours, _ := a.Best(c.offers...); ours != c.want {
			t.Errorf("%s: ours %q, want %q", c.name, ours, c.want)
		}
		if g := httputil.NegotiateContentEncoding(r, c.offers); g != c.gddo {
			t.Errorf("%s: gddo now answers %q (recorded %q)", c.name, g, c.gddo)
		}
	}
}

func BenchmarkAcceptEncoding(b *testing.B) {
	r := &http.Request{Header: http.Header{"Accept-Encoding": {acceptEncodingInput}}}
	b.Run("browser/webob", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			a, _ := negotiate.ParseAcceptEncoding(r.Header["Accept-Encoding"])
			if got, _ := a.Best(encodingOffers...); got != "br" {
				b.Fatal(got)
			}
		}
	})
	b.Run("browser/gddo", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if got := httputil.NegotiateContentEncoding(r, encodingOffers); got != "br" {
				b.Fatal(got)
			}
		}
	})
}

const acceptLanguageInput = "en-US,en;q=0.9,fr;q=0.8,de;q=0.7"

var supportedLanguages = []string{"de", "en", "fr"}

func TestAcceptLanguageAgreement(t *testing.T) {
	a, _ := negotiate.ParseAcceptLanguage([]string{acceptLanguageInput})
	ours := a.Lookup(supportedLanguages, "", "", "")
	m := language.NewMatcher([]language.Tag{language.German, language.English, language.French})
	tags, _, _ := language.ParseAcceptLanguage(acceptLanguageInput)
	_, i, _ := m.Match(tags...)
	if ours != "en" || supportedLanguages[i] != ours {
		t.Errorf("ours %q, x/text %q", ours, supportedLanguages[i])
	}
}

func BenchmarkAcceptLanguage(b *testing.B) {
	lines := []string{acceptLanguageInput}
	b.Run("browser/webob", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			a, _ := negotiate.ParseAcceptLanguage(lines)
			if got := a.Lookup(supportedLanguages, "", "", ""); got != "en" {
				b.Fatal(got)
			}
		}
	})
	b.Run("browser/xtext", func(b *testing.B) {
		m := language.NewMatcher([]language.Tag{language.German, language.English, language.French})
		b.ReportAllocs()
		for b.Loop() {
			tags, _, _ := language.ParseAcceptLanguage(acceptLanguageInput)
			if _, i, _ := m.Match(tags...); i != 1 {
				b.Fatal(i)
			}
		}
	})
}
