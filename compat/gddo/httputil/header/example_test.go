package header_test

import (
	"fmt"
	"net/http"

	"github.com/webob-go/webob/compat/gddo/httputil/header"
)

func ExampleParseAccept() {
	h := http.Header{"Accept": {"text/html;level=1, application/json;q=0.9, */*;q=0, image/png;q=1.5"}}
	for _, spec := range header.ParseAccept(h, "Accept") {
		fmt.Println(spec.Value, spec.Q)
	}
	// Output:
	// text/html;level=1 1
	// application/json 0.9
	// */* 0
}

func ExampleParseValueAndParams() {
	h := http.Header{"Content-Type": {`Text/HTML; Charset="utf-8"`}}
	value, params := header.ParseValueAndParams(h, "Content-Type")
	fmt.Println(value, params["charset"])
	// Output: text/html utf-8
}

func ExampleParseList() {
	h := http.Header{"Cache-Control": {`no-cache, private="Set-Cookie, X-Id"`}}
	fmt.Printf("%q\n", header.ParseList(h, "Cache-Control"))
	// Output: ["no-cache" "private=\"Set-Cookie, X-Id\""]
}
