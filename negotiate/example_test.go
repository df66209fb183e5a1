package negotiate_test

import (
	"fmt"

	"github.com/webob-go/webob/negotiate"
)

func ExampleParseAccept() {
	a, err := negotiate.ParseAccept([]string{"text/*;q=0.1, */*"})
	fmt.Println(a.State(), err)
	fmt.Println(a.AcceptableOffers("text/html", "application/json"))
	best, ok := a.Best("text/html", "application/json")
	fmt.Println(best, ok)

	bad, err := negotiate.ParseAccept([]string{"text/html;q=1.5"})
	fmt.Println(bad.State(), bad.Quality("application/json"), err != nil)
	// Output:
	// valid <nil>
	// [{application/json 1} {text/html 0.1}]
	// application/json true
	// invalid 1 true
}

func ExampleOffers_Negotiate() {
	offers, _ := negotiate.NewOffers("application/json", "text/html")
	for _, h := range [][]string{nil, {"text/html,application/xhtml+xml,*/*;q=0.8"}, {"image/png"}} {
		fmt.Println(offers.Negotiate(h))
	}
	// Output:
	// application/json true
	// text/html true
	//  false
}

func ExampleParseAcceptEncoding() {
	a, _ := negotiate.ParseAcceptEncoding([]string{"gzip;q=0, *"})
	fmt.Println(a.AcceptableOffers("gzip", "br", "identity"))
	// Output:
	// [{br 1} {identity 1}]
}

func ExampleAcceptLanguage_Lookup() {
	a, _ := negotiate.ParseAcceptLanguage([]string{"zh-Hant-CN-x-private1, en;q=0.5"})
	fmt.Println(a.Lookup([]string{"en", "zh-Hant"}, "", "", "fallback"))
	// Basic filtering only matches tags the range is a prefix of.
	fmt.Println(a.BasicFiltering("en-GB", "zh-Hant-CN", "fr"))
	// Output:
	// zh-Hant
	// [{en-GB 0.5}]
}

func ExampleAccept_BestOffer() {
	// Prepare the server's offers once, at start-up.
	offers, err := negotiate.NewOffers("application/json", "text/html")
	if err != nil {
		panic(err)
	}
	// Per request: parsing and choosing allocate nothing.
	a, _ := negotiate.ParseAccept([]string{"text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"})
	fmt.Println(a.BestOffer(offers))
	fmt.Println(a.AcceptsHTML())
	// Output:
	// text/html true
	// true
}

func ExampleParseAcceptCharset() {
	a, _ := negotiate.ParseAcceptCharset([]string{"UTF-8;q=0.5, iso-8859-5;q=0, *"})
	fmt.Println(a.AcceptableOffers("utf-8", "iso-8859-5", "utf-16"))
	fmt.Println(a.Quality("ISO-8859-5"))
	// Output:
	// [{utf-16 1} {utf-8 0.5}]
	// 0
}

func ExampleAcceptLanguage_BasicFiltering() {
	a, _ := negotiate.ParseAcceptLanguage([]string{"fr-CH, fr;q=0.9, en;q=0.8, *;q=0.1"})
	fmt.Println(a.BasicFiltering("en-GB", "de", "fr-CH", "fr"))
	fmt.Println(a.Best("de", "en-US", "fr"))
	// Output:
	// [{fr-CH 1} {fr 0.9} {en-GB 0.8} {de 0.1}]
	// fr true
}

func ExampleLanguageMatcher_Match() {
	m, err := negotiate.NewLanguageMatcher("en", "zh-Hant", "fr")
	if err != nil {
		panic(err)
	}
	supported := []string{"en", "zh-Hant", "fr"}
	for _, h := range []string{"zh-TW", "fr-CA, en;q=0.5", "de"} {
		a, _ := negotiate.ParseAcceptLanguage([]string{h})
		i, conf := m.Match(a)
		fmt.Println(h, "->", supported[i], conf)
	}
	// Output:
	// zh-TW -> zh-Hant Exact
	// fr-CA, en;q=0.5 -> fr High
	// de -> en No
}
