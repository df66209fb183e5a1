// Package httputil is a drop-in replacement for the archived
// github.com/golang/gddo/httputil: content negotiation, a response buffer,
// a static file server with cache busting, and small helpers, with the
// same exported names and signatures. Change only the import paths:
//
//	import (
//		"github.com/webob-go/webob/compat/gddo/httputil"
//		"github.com/webob-go/webob/compat/gddo/httputil/header"
//	)
//
// Negotiation follows RFC 9110 §12 where gddo does not: a range with q=0
// excludes what it matches, the most specific matching range gives an
// offer its quality, parameters other than q and invalid weights no
// longer cut the header short, media types and codings compare
// case-insensitively, and Accept-Encoding's identity rules are kept.
// StaticServer keeps gddo's content-hash ETags and its Cache-Control
// policy (MaxAge, a year for ?v= URLs) and fixes its stale ETags, its
// exact-match If-None-Match and its Error field, which gddo ignored.
// Every difference is listed in docs/differences-from-gddo.md.
//
// AuthTransport, gddo's GitHub API client transport, is left out: it is
// specific to one service and has nothing to do with serving HTTP. Set the
// header or query parameters with a small http.RoundTripper of your own,
// or use golang.org/x/oauth2.
//
// New code should use packages negotiate, static and webob directly.
package httputil

import (
	"net"
	"net/http"
)

// StripPort returns the host part of a "host:port" address, or s itself
// when it has no port (as net.SplitHostPort decides: "[::1]:80" gives
// "::1", while "[::1]" and "example.com" are returned unchanged).
func StripPort(s string) string {
	host, _, err := net.SplitHostPort(s)
	if err != nil {
		return s
	}
	return host
}

// Error is the type of a function that writes an error response with the
// given status for r, err saying what went wrong (for the log, not
// necessarily for the client).
type Error func(w http.ResponseWriter, r *http.Request, status int, err error)
