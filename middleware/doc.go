// Package middleware is Paste's middleware set for net/http: each piece is
// a func(http.Handler) http.Handler that wraps any handler — an
// http.ServeMux, a router, a file server or a webob.HandlerFunc — and
// keeps what the wrapped handler relies on working: Flush, Hijack,
// http.ResponseController (deadlines, full duplex) through Unwrap, and
// io.ReaderFrom so that sendfile still applies.
package middleware
