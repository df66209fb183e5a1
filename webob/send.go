package webob

import (
	"io"
	"net/http"
)

// Send performs the request over a real connection with client (nil
// means http.DefaultClient) and returns the response with its whole body
// read (under Options.MaxBodyBytes) and its trailers. The request's URL is
// made absolute from Scheme and Host; its body is made re-readable first,
// so the request can be sent again. A response body past the limit is a
// *multipart.LimitError.
func (r *Request) Send(client *http.Client) (*Response, error) {
	if client == nil {
		client = http.DefaultClient
	}
	if r.h().Body != nil && r.h().Body != http.NoBody {
		if err := r.MakeSeekable(); err != nil {
			return nil, err
		}
	}
	out := r.h().Clone(r.h().Context())
	out.RequestURI = ""
	u := *r.h().URL
	u.Scheme = r.Scheme()
	u.Host = r.Host()
	out.URL = &u
	out.Host = u.Host
	if r.h().GetBody != nil {
		b, err := r.h().GetBody()
		if err != nil {
			return nil, err
		}
		out.Body = b
	}
	hresp, err := client.Do(out)
	if err != nil {
		return nil, err
	}
	defer hresp.Body.Close()
	max := r.o().maxBodySize()
	src := io.Reader(hresp.Body)
	if max >= 0 {
		src = io.LimitReader(hresp.Body, max+1)
	}
	body, err := io.ReadAll(src)
	if err != nil {
		return nil, err
	}
	if max >= 0 && int64(len(body)) > max {
		return nil, bodyLimitError(max)
	}
	resp := NewResponse(hresp.StatusCode)
	rh := resp.Header()
	for k, vs := range hresp.Header {
		rh[k] = vs
	}
	for k, vs := range hresp.Trailer {
		if len(vs) > 0 {
			resp.Trailer()[k] = vs
		}
	}
	resp.SetBody(body)
	return resp, nil
}
