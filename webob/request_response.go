package webob

// Response returns the Response that belongs to the request, as Pyramid's
// request.response: on the first call a 200 OK with no header fields and
// an empty body, and the same Response on every later call. A handler (or
// a middleware before it) may set cookies or caching fields on it early
// and return it at the end:
//
//	resp := req.Response()
//	resp.SetJSONBody(v)
//	return resp, nil
//
// Every handler and middleware that gets the same Request gets the same
// Response: a middleware that calls next twice (to retry, say) sees what
// the first call left on it.
//
// It lives inside the Request, so answering with it costs no allocation,
// and it shares the Request's lifetime: under the adapters, which recycle
// Requests (see HandlerFunc), it must not be used after the handler
// returns, and it must not be kept to answer another request. A Response
// meant to outlive the request, such as one built once and served by many
// requests, comes from NewResponse, Text, HTML, JSON or Bytes instead.
func (r *Request) Response() *Response { return &r.resp }
