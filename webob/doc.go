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
//
// # Accessors
//
// Request and Response read typed header values in one shape, as net/http
// pairs FormValue with ParseForm:
//
//   - X() returns the value, or the zero value when the field is missing
//     or invalid (Request.CacheControl, Response.ETag, ...). Counts whose
//     zero is a valid value return -1 instead (ContentLength, MaxForwards,
//     Age). Whether a field is present at all is a question for Header().
//   - ParseX() returns the value and the error (Request.ParseRange,
//     Response.ParseETag, ...); a missing field is the zero value and no
//     error. For request headers the error is a *HeaderError, which the
//     adapters answer with 400 (or 416, 431).
//   - SetX() on Response writes a typed value, checking it, and returns
//     an error when the value cannot be written (setters of numbers and
//     dates, which always can, return nothing); the zero value removes
//     the field. There is no live typed object to change:
//     Response.UpdateCacheControl reads, changes and writes back.
//   - Lookups by name return (value, ok) like a map index
//     (Request.Cookie, MultiDict.Lookup).
//
// Header() is the one way to read and delete raw fields; Response's
// SetHeader and AddHeader are Header().Set and Add with the value checked
// at once instead of when the response is sent.
//
// # Configuration
//
// Four kinds of settings, each for one job; the zero value (or nil) of
// each means the documented defaults:
//
//   - Options: how a Request reads its input — trusted proxies, body and
//     parameter limits, Bind's rules (also for MultiDict.Bind). One value
//     is shared by every request of a server (NewRequest, Config.Request).
//   - Config: how the adapters serve — logging, panics, conditional and
//     range handling, error rendering. Config.Handler and
//     Config.Middleware use it; HandlerFunc and Middleware use the zero
//     Config.
//   - multipart.Limits: the limits of the multipart package, which can be
//     used without this one; here it is Options.FormLimits.
//   - BlankOption functions (WithMethod, WithJSON, ...): the content of a
//     request built by Blank for tests and clients, not settings;
//     WithOptions passes Options through.
package webob
