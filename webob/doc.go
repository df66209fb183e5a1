// Package webob provides rich Request and Response types over net/http, in
// the manner of Python's WebOb.
//
// A Request wraps an *http.Request in O(1) and parses each header, the query
// and the body lazily, once, on first use. A Response collects status,
// headers and body and writes them to an http.ResponseWriter. Handler
// functions written against them are adapted into ordinary http.Handlers and
// middleware (HandlerFunc, Middleware). A handler answers with a new
// Response (Text, HTML, JSON, NewResponse) or with the request's own
// (Request.Response), which costs no allocation.
//
// A Middleware may wrap any http.Handler. A handler of this package is
// called directly; a plain http.Handler runs in the same goroutine against
// a pooled capturing writer, and its answer — status, header fields, up to
// Config.CaptureLimit bytes of body — is handed to the middleware as a
// Response to read and change. A handler that flushes or writes more
// streams to the client as it writes, and the middleware then gets a
// Response whose Sent method reports so (see Next).
//
// It is not a router or a framework: use it with http.ServeMux or any router.
package webob
