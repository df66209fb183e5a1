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
