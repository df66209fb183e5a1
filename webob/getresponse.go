package webob

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// ErrHandlerPanic is wrapped by the error GetResponse returns when the
// handler panicked.
var ErrHandlerPanic = errors.New("webob: handler panicked")

// GetResponse runs h on the request in-process, with no network, and
// returns what it wrote: status (200 when it wrote nothing), the header
// fields as they were when the status was written, the body, and the
// trailers (declared in a Trailer header, or set with http.TrailerPrefix),
// as WebOb's get_response does for WSGI applications. The request's body
// is made re-readable first. A panic in h is recovered and returned as an
// error wrapping ErrHandlerPanic, together with what was written so far.
func (r *Request) GetResponse(h http.Handler) (resp *Response, err error) {
	if r.h().Body != nil && r.h().Body != http.NoBody {
		if err := r.MakeSeekable(); err != nil {
			return nil, err
		}
	}
	w := &recorder{header: make(http.Header)}
	defer func() {
		if p := recover(); p != nil {
			resp = w.response()
			err = fmt.Errorf("%w: %v", ErrHandlerPanic, p)
		}
	}()
	h.ServeHTTP(w, r.h())
	return w.response(), nil
}

// recorder is the http.ResponseWriter of GetResponse.
type recorder struct {
	header      http.Header
	snapshot    http.Header // header fields when the status was written
	status      int
	body        bytes.Buffer
	wroteHeader bool
}

func (w *recorder) Header() http.Header { return w.header }

func (w *recorder) WriteHeader(code int) {
	if w.wroteHeader {
		return
	}
	if code >= 100 && code < 200 && code != http.StatusSwitchingProtocols {
		return // informational responses are not the final answer
	}
	w.wroteHeader = true
	w.status = code
	w.snapshot = w.header.Clone()
}

func (w *recorder) Write(p []byte) (int, error) {
	if !w.wroteHeader {
		w.WriteHeader(http.StatusOK)
	}
	return w.body.Write(p)
}

func (w *recorder) WriteString(s string) (int, error) {
	if !w.wroteHeader {
		w.WriteHeader(http.StatusOK)
	}
	return w.body.WriteString(s)
}

// Flush does nothing: everything is kept until the handler returns.
func (w *recorder) Flush() {
	if !w.wroteHeader {
		w.WriteHeader(http.StatusOK)
	}
}

func (w *recorder) response() *Response {
	if !w.wroteHeader {
		w.WriteHeader(http.StatusOK)
	}
	resp := NewResponse(w.status)
	rh := resp.Header()
	declared := map[string]bool{}
	for k, vs := range w.snapshot {
		if strings.HasPrefix(k, http.TrailerPrefix) {
			continue
		}
		if k == "Trailer" {
			for _, v := range vs {
				for _, name := range strings.Split(v, ",") {
					if name = strings.TrimSpace(name); name != "" {
						declared[http.CanonicalHeaderKey(name)] = true
					}
				}
			}
			continue
		}
		rh[k] = append([]string(nil), vs...)
	}
	for k, vs := range w.header {
		name, isPrefixed := strings.CutPrefix(k, http.TrailerPrefix)
		if isPrefixed || declared[k] {
			if len(vs) > 0 {
				resp.Trailer()[http.CanonicalHeaderKey(name)] = append([]string(nil), vs...)
			}
		}
	}
	resp.SetBody(w.body.Bytes())
	return resp
}
