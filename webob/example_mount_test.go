package webob_test

import (
	"fmt"
	"net/http/httptest"
	"net/netip"

	"github.com/webob-go/webob/webob"
)

func ExampleWithScriptName() {
	// Middleware that mounts an application at /shop removes the prefix
	// from the path and carries it in the context.
	hr := httptest.NewRequest("GET", "http://example.com/cart?id=7", nil)
	hr = hr.WithContext(webob.WithScriptName(hr.Context(), "/shop"))
	req := webob.NewRequest(hr, nil)
	fmt.Println(req.ScriptName(), req.PathInfo(), req.ApplicationURL(), req.URL())
	// Output: /shop /cart http://example.com/shop http://example.com/shop/cart?id=7
}

func ExampleResolveForwarding() {
	opts := &webob.Options{
		TrustedProxies: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")},
		ProxyHeaders:   webob.ProxyXForwarded,
	}
	hr := httptest.NewRequest("GET", "http://backend/", nil)
	hr.RemoteAddr = "10.0.0.1:41000"
	hr.Header.Set("X-Forwarded-For", "127.0.0.1, 203.0.113.7")
	hr.Header.Set("X-Forwarded-Proto", "https")
	f, err := webob.ResolveForwarding(hr, opts)
	fmt.Println(f.Addr, f.Proto, err)

	// Middleware that applied f to the request carries it, so that
	// Requests made downstream agree and do not apply it again.
	hr = hr.WithContext(webob.WithForwarding(hr.Context(), f))
	req := webob.NewRequest(hr, opts)
	fmt.Println(req.ClientAddr(), req.Scheme())
	// Output:
	// 203.0.113.7 https <nil>
	// 203.0.113.7 https
}
