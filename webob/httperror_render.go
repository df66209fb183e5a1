package webob

import (
	"encoding/json"
	"html"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/webob-go/webob/negotiate"
)

// Media types an error body is negotiated among, in order of preference
// for a request that accepts them equally (no Accept, or "*/*").
const (
	ctProblemJSON = "application/problem+json"
	ctTextPlainNo = "text/plain"
)

// errorOffers are the representations of an error body. text/html comes
// first, as in WebOb, so a browser (and a request without Accept) gets
// HTML; an API client asking for application/json or
// application/problem+json gets that.
var errorOffers = func() *negotiate.Offers {
	o, err := negotiate.NewOffers("text/html", "application/json", ctProblemJSON, ctTextPlainNo)
	if err != nil {
		panic(err) // constant offers
	}
	return o
}()

// explanations are the default explanation sentences, by status code.
var explanations = map[int]string{
	300: "The resource has several representations; one is at",
	301: "The resource has moved permanently to",
	302: "The resource is found for now at",
	303: "The result of the request is at",
	305: "The resource must be reached through the proxy at",
	307: "The resource is for now at",
	308: "The resource has moved permanently to",
	400: "The request is malformed or otherwise incorrect and cannot be processed.",
	401: "The request lacks valid credentials for this resource.",
	402: "Payment is required to access this resource.",
	403: "Access to this resource is forbidden.",
	404: "The resource could not be found.",
	405: "The method is not allowed for this resource.",
	406: "No representation of the resource is acceptable to the client.",
	407: "The request must first authenticate with the proxy.",
	408: "The client took too long to send its request.",
	409: "The request conflicts with the current state of the resource.",
	410: "The resource is gone and has no forwarding address.",
	411: "The request must state its Content-Length.",
	412: "A precondition of the request is not met.",
	413: "The request content is larger than this server accepts.",
	414: "The request URI is longer than this server accepts.",
	415: "The request content is in a format this resource does not support.",
	416: "None of the requested ranges can be served.",
	417: "The expectation of the request cannot be met.",
	418: "This server is a teapot and refuses to brew coffee.",
	421: "The request was sent to a server that cannot answer it.",
	422: "The request content is well-formed but cannot be processed.",
	423: "The resource is locked.",
	424: "The request depends on an action that failed.",
	425: "The server will not risk processing a request that might be replayed.",
	426: "The client must switch to another protocol.",
	428: "This request must be conditional.",
	429: "Too many requests were sent in a given amount of time.",
	431: "The request header fields are too large.",
	451: "The resource is unavailable for legal reasons.",
	500: "The server failed to perform the request.",
	501: "The server does not support the functionality the request needs.",
	502: "The server, acting as a gateway, received an invalid response.",
	503: "The server cannot handle the request right now; try again later.",
	504: "The server, acting as a gateway, did not get a response in time.",
	505: "The HTTP version of the request is not supported.",
	506: "The server's content negotiation is misconfigured.",
	507: "The server does not have enough storage to complete the request.",
	508: "The server found an infinite loop while processing the request.",
	510: "The request needs further extensions to be fulfilled.",
	511: "The client must authenticate to gain network access.",
}

// Explanation returns the default explanation sentence shown with the
// error, which depends only on the status code.
func (e *HTTPError) Explanation() string {
	code := e.StatusCode()
	if s, ok := explanations[code]; ok {
		return s
	}
	switch code / 100 {
	case 4:
		return explanations[400]
	case 5:
		return explanations[500]
	}
	return ""
}

// Response renders the error as a Response for req: status, the extra
// header fields, and a body in the representation req's Accept prefers
// (text/html, application/json, application/problem+json or text/plain;
// HTML when there is no preference, plain text when nothing listed is
// acceptable). Consulting Accept is recorded, so the adapter adds
// "Vary: Accept". A nil req gives plain text. 304 and other statuses
// without content get no body. AddSlash's Location is computed from req.
//
// The body contains the status, the explanation and Detail; Err is never
// included.
func (e *HTTPError) Response(req *Request) *Response {
	ct := ctTextPlainNo
	if req != nil && bodyAllowed(e.StatusCode()) {
		if best, ok := req.Accept().BestOffer(errorOffers); ok {
			ct = best
		}
	}
	return e.RenderAs(req, ct)
}

// RenderAs renders the error like Response, in the given representation
// instead of the negotiated one: "text/html", "application/json",
// "application/problem+json" or "text/plain" (anything else is plain
// text). Accept is not consulted, so no Vary is added for it. req may be
// nil.
func (e *HTTPError) RenderAs(req *Request, mediaType string) *Response {
	code := e.StatusCode()
	r := &Response{StatusCode: code}
	for k, v := range e.Header {
		r.Header()[http.CanonicalHeaderKey(k)] = slices.Clone(v)
	}
	if e.addSlash && req != nil {
		r.set("Location", addSlashURL(req))
	}
	if loc := r.get("Location"); loc != "" {
		// The body shows the Location too: make it safe there as well.
		r.set("Location", SafeLocation(loc))
	}
	if !bodyAllowed(code) {
		return r
	}
	loc := r.get("Location")
	switch mediaType {
	case "text/html":
		r.setCT(ctTextHTML)
		r.SetBodyString(e.htmlBody(req, loc))
	case "application/json":
		r.setCT(ctJSON)
		r.SetBody(e.jsonBody(req, loc))
	case ctProblemJSON:
		r.setCT(ctProblemJSON)
		r.SetBody(e.problemBody())
	default:
		r.setCT(ctTextPlain)
		r.SetBodyString(e.plainBody(req, loc))
	}
	return r
}

// addSlashURL is the request URL with "/" appended to its path, query
// kept.
func addSlashURL(req *Request) string {
	u := req.PathURL() + "/"
	if q := req.QueryString(); q != "" {
		u += "?" + q
	}
	return u
}

// statusLine returns "404 Not Found".
func (e *HTTPError) statusLine() string {
	return strconv.Itoa(e.StatusCode()) + " " + e.Title()
}

// explain returns the explanation, with the method for 405 and 501 and the
// request's content type for 415.
func (e *HTTPError) explain(req *Request) string {
	x := e.Explanation()
	if req == nil {
		return x
	}
	switch e.StatusCode() {
	case http.StatusMethodNotAllowed:
		return "The method " + req.Method() + " is not allowed for this resource."
	case http.StatusNotImplemented:
		return "The method " + req.Method() + " is not implemented by this server."
	}
	return x
}

// htmlBody renders the HTML document, in the shape WebOb's exceptions
// give it. Everything taken from the request, the location and the
// detail is escaped.
func (e *HTTPError) htmlBody(req *Request, loc string) string {
	status := html.EscapeString(e.statusLine())
	var b strings.Builder
	b.WriteString("<html>\n <head>\n  <title>")
	b.WriteString(status)
	b.WriteString("</title>\n </head>\n <body>\n  <h1>")
	b.WriteString(status)
	b.WriteString("</h1>\n  ")
	b.WriteString(html.EscapeString(e.explain(req)))
	if loc != "" && e.StatusCode()/100 == 3 {
		l := html.EscapeString(loc)
		b.WriteString(` <a href="`)
		b.WriteString(l)
		b.WriteString(`">`)
		b.WriteString(l)
		b.WriteString("</a>;\nyour client should follow the redirect.\n")
		b.WriteString(html.EscapeString(e.Detail))
		b.WriteString("\n\n")
	} else {
		b.WriteString("<br /><br />\n")
		b.WriteString(html.EscapeString(e.Detail))
		b.WriteString("\n\n\n")
	}
	b.WriteString(" </body>\n</html>")
	return b.String()
}

// message is the plain-text explanation, location and detail.
func (e *HTTPError) message(req *Request, loc string) string {
	m := e.explain(req)
	if loc != "" && e.StatusCode()/100 == 3 {
		m += " " + loc
	}
	if e.Detail != "" {
		if m != "" {
			m += "\n\n"
		}
		m += e.Detail
	}
	return m
}

// plainBody renders "404 Not Found\n\n<explanation>\n\n<detail>\n".
func (e *HTTPError) plainBody(req *Request, loc string) string {
	return e.statusLine() + "\n\n" + e.message(req, loc) + "\n"
}

// jsonBody renders WebOb's JSON error shape: code (the status line),
// title and message, then Extensions.
func (e *HTTPError) jsonBody(req *Request, loc string) []byte {
	b := []byte(`{"code":`)
	b = appendJSONString(b, e.statusLine())
	b = append(b, `,"title":`...)
	b = appendJSONString(b, e.Title())
	b = append(b, `,"message":`...)
	b = appendJSONString(b, e.message(req, loc))
	b = e.appendExtensions(b, "code", "title", "message")
	return append(b, '}')
}

// problemBody renders an RFC 9457 problem details object.
func (e *HTTPError) problemBody() []byte {
	typ := e.Type
	if typ == "" {
		typ = "about:blank"
	}
	b := []byte(`{"type":`)
	b = appendJSONString(b, typ)
	b = append(b, `,"title":`...)
	b = appendJSONString(b, e.Title())
	b = append(b, `,"status":`...)
	b = strconv.AppendInt(b, int64(e.StatusCode()), 10)
	if e.Detail != "" {
		b = append(b, `,"detail":`...)
		b = appendJSONString(b, e.Detail)
	}
	if e.Instance != "" {
		b = append(b, `,"instance":`...)
		b = appendJSONString(b, e.Instance)
	}
	b = e.appendExtensions(b, "type", "title", "status", "detail", "instance")
	return append(b, '}')
}

// appendExtensions appends the Extensions members in key order, skipping
// reserved names and values JSON cannot encode.
func (e *HTTPError) appendExtensions(b []byte, reserved ...string) []byte {
	if len(e.Extensions) == 0 {
		return b
	}
	keys := make([]string, 0, len(e.Extensions))
	for k := range e.Extensions {
		if !slices.Contains(reserved, k) {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		v, err := json.Marshal(e.Extensions[k])
		if err != nil {
			continue
		}
		b = append(b, ',')
		b = appendJSONString(b, k)
		b = append(b, ':')
		b = append(b, v...)
	}
	return b
}

// appendJSONString appends s as a JSON string, escaping <, > and & as
// encoding/json does.
func appendJSONString(b []byte, s string) []byte {
	q, _ := json.Marshal(s) // a string always encodes
	return append(b, q...)
}
