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
// # Where things are
//
// Files are named after the type and topic they hold: request_*.go for
// [Request], response_*.go for [Response], httperror*.go for [HTTPError].
// The sections below name the key identifiers of each topic and their
// file.
//
// # Requests
//
// [NewRequest] wraps an *http.Request; [Options] says how it reads its
// input (request.go, with [Request.HTTP], [Request.Method] and
// [Request.Header]).
//
//   - Typed header accessors: [Request.CacheControl], [Request.IfNoneMatch],
//     [Request.Range], [Request.MediaType], [Request.Authorization] and
//     their ParseX forms, with [HeaderError] for the ones that do not parse
//     (request_headers.go); cookies: [Request.Cookie], [Request.Cookies],
//     [Request.ParseCookies] (request_cookies.go).
//   - Negotiation: [Request.Accept], [Request.AcceptLanguage],
//     [Request.AcceptOffer] and [Request.NegotiatedHeaders], which the
//     adapters add to Vary (request_negotiate.go).
//   - Parameters: [Request.Query] and [Request.Params] (request_params.go);
//     [Request.Form], [Request.Files], [Request.Cleanup] (request_form.go);
//     all are a [MultiDict] with typed getters such as [MultiDict.Int]
//     (multidict.go). [Request.Bind] and [MultiDict.Bind] fill a struct from
//     `url` tags, reporting a [BindError] of [FieldError] values (bind.go).
//   - Body: [Request.Body], [Request.Text], [Request.JSON],
//     [Request.BodyReader], [Request.MakeSeekable], all bounded by
//     [Options.MaxBodyBytes], with [BodyReadError] for a body that could
//     not be read (request_body.go). [Request.Copy] and [Request.Decode]
//     make copies; [Request.RemoveConditionalHeaders] drops the
//     conditional fields (request_copy.go).
//   - URLs and paths: [Request.Scheme], [Request.Host], [Request.URL],
//     [Request.ApplicationURL], [Request.ScriptName], [Request.PathInfo],
//     [Request.PathInfoPop], [Request.Mount], [Request.RelativeURL]
//     (urls.go).
//   - Client address: [Request.ClientAddr] and [Request.RemoteAddr]; the
//     Forwarded and X-Forwarded-* fields are believed only from
//     [Options.TrustedProxies] and as [ProxyHeaders] says, and
//     [ErrAmbiguousForwarding] reports both kinds at once (clientaddr.go).
//     A proxy-headers middleware that has already resolved them hands its
//     result on with [ResolveForwarding], [WithForwarding] and
//     [ForwardingFrom] (forwarding.go); a router that strips a mount prefix
//     hands it on with [WithScriptName] and [ScriptNameFrom] (mount.go), so
//     the Request sees what a plain handler sees.
//
// # Responses
//
//   - Constructors: [NewResponse], [Text], [HTML], [JSON], [Bytes],
//     [Stream], and [Request.Response], the request's own
//     (response.go, request_response.go). Status: the
//     [Response.StatusCode] field and [Response.SetReason] (response.go);
//     [Response.Status] and [StatusText] (response_status.go).
//   - Header fields: [Response.Header], [Response.SetHeader],
//     [Response.Trailer] (response.go); typed ones such as
//     [Response.SetContentType], [Response.ETag], [Response.SetLocation],
//     [Response.SetCacheControl] (response_headers.go); Vary:
//     [Response.AddVary] (response_vary.go); Location made safe:
//     [SafeLocation], [ResolveLocation] (location.go).
//   - Body: [Response.SetBody], [Response.SetBodyReader],
//     [Response.SetBodyFunc], [Response.SetJSONBody], [Response.Body],
//     [Response.BodyReader], [Response.ContentLength] (response_body.go);
//     content codings: [Response.EncodeContent], [Response.DecodeContent]
//     (response_encoding.go).
//   - Cookies: [Response.SetCookie], [Response.DeleteCookie],
//     [Response.SetProfileCookie], [Response.MergeCookies]
//     (response_cookies.go).
//   - Caching: [Response.CacheExpires], [Response.SetETagFromBody]
//     (response_cache.go).
//   - Conditional and range requests: [Validators], [CheckPreconditions]
//     (conditional.go); the adapters answer 304, 412, 206 and 416 from
//     them.
//   - Writing: [Response.Serve] and [Response.ServeHTTP] (response_write.go).
//
// # Handlers and middleware
//
// [HandlerFunc] adapts a handler into an http.Handler and [Config] sets how
// it serves (adapter.go). [Middleware] and [Config.Middleware] turn a
// [MiddlewareFunc] into func(http.Handler) http.Handler; [Next] calls the
// wrapped handler (middleware.go). A plain http.Handler under a middleware
// is captured up to [Config.CaptureLimit] bytes and streamed past it,
// after which [Response.Sent] reports so (capture.go).
//
// # HTTP errors
//
// [HTTPError] is an error and a response: [NewHTTPError] and one
// constructor per status, such as [NotFound], [MethodNotAllowed],
// [SeeOther] (httperror.go). [HTTPError.Response] and [HTTPError.RenderAs]
// render it as HTML, plain text, JSON or problem+json by the request's
// Accept (httperror_render.go). [ErrorStatus] maps any error a handler
// returns to the status the adapters answer (error_status.go).
//
// # Messages
//
// HTTP/1.1 messages as bytes, with no server: [ParseRequest],
// [ReadRequest], [Request.WriteTo], [Request.AsBytes]
// (request_message.go); [ParseResponse], [ReadResponse],
// [Response.WriteTo], [Response.AsBytes] (response_message.go). Header
// sections are capped at [MaxHeaderBytes]; malformed input is
// [ErrMalformedMessage] or [ErrMalformedResponse].
//
// # In-process calls and sends
//
// [Blank] builds a request for tests and clients from a target and
// [BlankOption] values such as [WithJSON] (blank.go).
// [Request.GetResponse] runs an http.Handler in-process and returns what
// it wrote (getresponse.go); [Request.Send] sends the request over a real
// connection with an *http.Client (send.go).
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
