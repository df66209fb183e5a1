package httputil

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
)

// CacheBusters computes and caches cache-busting tokens for the resources
// served by Handler: a token changes when the resource does, so a URL that
// carries it (AppendQueryParam) can be cached for a long time.
type CacheBusters struct {
	// Handler serves the resources, typically a StaticServer handler or
	// http.FileServer.
	Handler http.Handler

	mu     sync.Mutex
	tokens map[string]string
}

// Get returns the cache-busting token of path, computed once and cached
// for the life of cb: Get sends a HEAD request for path to Handler and
// makes the token from the ETag of a 200 answer (a handler that never
// calls WriteHeader answers 200), or from its Last-Modified when it has no
// ETag. The token keeps only the bytes that need no escaping in a URL
// query (letters, digits, "-", ".", "_", "~"); every other printable
// ASCII byte becomes "-", spaces and other bytes are dropped, and a weak
// ETag's "W/" and the quotes are removed. It is "" when the answer is not
// 200 or carries neither field.
func (cb *CacheBusters) Get(path string) string {
	cb.mu.Lock()
	token, ok := cb.tokens[path]
	cb.mu.Unlock()
	if ok {
		return token
	}

	w := busterWriter{header: make(http.Header)}
	r := &http.Request{
		Method:     http.MethodHead,
		URL:        &url.URL{Path: path},
		Proto:      "HTTP/1.1",
		ProtoMajor: 1,
		ProtoMinor: 1,
		Header:     make(http.Header),
		Body:       http.NoBody,
		RequestURI: path,
	}
	cb.Handler.ServeHTTP(&w, r)
	if w.status == 0 || w.status == http.StatusOK {
		v := w.header.Get("Etag")
		if v == "" {
			v = w.header.Get("Last-Modified")
		}
		token = sanitizeToken(v)
	}

	cb.mu.Lock()
	if cb.tokens == nil {
		cb.tokens = make(map[string]string)
	}
	cb.tokens[path] = token
	cb.mu.Unlock()
	return token
}

// sanitizeToken turns an ETag or a date into a query-safe token.
func sanitizeToken(v string) string {
	v = strings.TrimSpace(v)
	v = strings.TrimPrefix(v, "W/")
	v = strings.Trim(v, `" `)
	b := make([]byte, 0, len(v))
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9',
			c == '-', c == '.', c == '_', c == '~':
			b = append(b, c)
		case ' ' < c && c < 0x7f:
			b = append(b, '-')
		}
	}
	return string(b)
}

// AppendQueryParam returns path with "?name=token" appended, token being
// Get(path); path is returned unchanged when the token is "".
func (cb *CacheBusters) AppendQueryParam(path string, name string) string {
	token := cb.Get(path)
	if token == "" {
		return path
	}
	return path + "?" + name + "=" + token
}

// busterWriter records the status and header of the HEAD answer and
// discards any body.
type busterWriter struct {
	header http.Header
	status int
}

func (bw *busterWriter) Header() http.Header { return bw.header }

func (bw *busterWriter) WriteHeader(status int) {
	if bw.status == 0 {
		bw.status = status
	}
}

func (bw *busterWriter) Write(p []byte) (int, error) {
	if bw.status == 0 {
		bw.status = http.StatusOK
	}
	return len(p), nil
}

var _ io.Writer = (*busterWriter)(nil)
