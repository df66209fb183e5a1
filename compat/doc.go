// Package compat is reserved for bridges between webob and the rest of the
// Go ecosystem: net/http's optional interfaces, CGI environments, and
// drop-in replacements for the archived github.com/golang/gddo negotiation
// helpers. None is implemented yet; until then, negotiate.Offers.Negotiate
// replaces gddo's httputil.NegotiateContentType and the webob adapters keep
// http.Flusher, http.Hijacker and http.ResponseController working through
// Unwrap.
package compat
