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

// TestAcceptPeersWrong records, as facts, the cases on which the
// peers disagree with RFC 9110 and ours does not.
func TestAcceptPeersWrong(t *testing.T) {
	cases := []struct {
		lines  []string
		offers []string
		want   string // "" means nothing acceptable
	}{
		{[]string{"text/html;q=0, */*"}, []string{"text/html"}, ""},
		{[]string{"text/*;q=0.1, */*"}, []string{"text/html", "application/json"}, "application/json"},
		{[]string{"text/html;level=1, application/json"}, []string{"application/json"}, "application/json"},
		{[]string{"Application/JSON"}, []string{"application/json"}, "application/json"},
		{[]string{"text/html;Q=0.5, application/json;q=0.9"}, []string{"text/html", "application/json"}, "application/json"},
		{[]string{"text/html;q=0.1", "application/json"}, []string{"text/html", "application/json"}, "application/json"},
		{[]string{"text/html;q=1.5, application/json"}, []string{"text/html", "application/json"}, "text/html"},
	}
	gddoWrong, elWrong := 0, 0
	for _, c := range cases {
		r := &http.Request{Header: http.Header{"Accept": c.lines}}
		a, _ := negotiate.ParseAccept(c.lines)
		ours, _ := a.Best(c.offers...)
		if ours != c.want {
			t.Errorf("ours on %q: %q, want %q", c.lines, ours, c.want)
		}
		if g := httputil.NegotiateContentType(r, c.offers, ""); g != c.want {
			gddoWrong++
			t.Logf("gddo on %q: %q (want %q)", c.lines, g, c.want)
		}
		var mts []contenttype.MediaType
		for _, o := range c.offers {
			mts = append(mts, contenttype.NewMediaType(o))
		}
		got, _, err := contenttype.GetAcceptableMediaType(r, mts)
		if s := got.String(); err != nil && c.want != "" || err == nil && s != c.want {
			elWrong++
			t.Logf("elnormous on %q: %q, %v (want %q)", c.lines, s, err, c.want)
		}
	}
	t.Logf("peers wrong: gddo %d/%d, elnormous %d/%d", gddoWrong, len(cases), elWrong, len(cases))
	if gddoWrong == 0 {
		t.Error("gddo agrees on every case: update the docs that say it is wrong")
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
	// Where gddo is wrong: "GZIP" is gzip (codings are case-insensitive).
	r.Header.Set("Accept-Encoding", "GZIP")
	a, _ = negotiate.ParseAcceptEncoding(r.Header["Accept-Encoding"])
	if ours, _ := a.Best("gzip"); ours != "gzip" {
		t.Errorf("ours on GZIP: %q", ours)
	}
	if g := httputil.NegotiateContentEncoding(r, []string{"gzip"}); g == "gzip" {
		t.Log("gddo now folds case")
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
