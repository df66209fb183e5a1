// Package compat bridges webob to the rest of the Go ecosystem: net/http's
// optional interfaces, CGI environments, and drop-in replacements for the
// archived github.com/golang/gddo negotiation helpers.
//
// It is not needed by code that uses webob's own types directly.
package compat
