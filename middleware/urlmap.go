package middleware

import (
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/webob-go/webob/webob"
)

// URLMapOptions configures an URLMap. The zero value (and nil) gives the
// defaults.
type URLMapOptions struct {
	// NotFound answers requests that match no mount; nil means webob's
	// negotiated 404 Not Found (HTML, JSON or problem+json).
	NotFound http.Handler
}

// URLMap sends each request to the handler mounted at the longest path
// prefix that matches it, as Paste's urlmap does, and moves the matched
// prefix from the path to the mount prefix for both kinds of handler:
//
//   - a plain http.Handler sees URL.Path and URL.RawPath without the
//     prefix (RawPath kept escaped as the client sent it, so an encoded
//     "%2F" stays distinct from "/"); RequestURI is left as received;
//   - a webob.Request made downstream has the prefix in ScriptName and
//     ApplicationURL, and the rest in PathInfo: the prefix travels in the
//     context (webob.WithScriptName), appended to any prefix already
//     there (an URLMap inside an URLMap, or ProxyHeaders'
//     X-Forwarded-Prefix).
//
// Prefixes match whole segments (RFC 3986 §3.3, compared after
// percent-decoding each one, §2.1): "/blog" matches "/blog" and
// "/blog/x", not "/blogger" nor "/blog%2Fx". Mounts for a host come before mounts for any host,
// then longer prefixes before shorter ones. A request for "/blog" under a
// mount "/blog" reaches the handler with an empty path (as with
// http.StripPrefix); a mount written with a trailing slash ("/blog/")
// answers "/blog" with a redirect to "/blog/" instead (301 for GET and
// HEAD, 308 otherwise so the method and body are kept, RFC 9110 §15.4.9;
// query kept), as http.ServeMux does for subtrees —
// Paste's urlmap never redirects.
//
// An URLMap is safe for concurrent use once mounting is done; Mount must
// not be called while requests are served.
type URLMap struct {
	mounts   []mount
	notFound http.Handler
}

type mount struct {
	host, port string // lower case; "" for any host (any port)
	prefix     string // decoded, no trailing slash; "" for the root
	escaped    string // prefix escaped for the mount prefix
	slash      bool   // the pattern ended in "/": redirect the bare prefix
	h          http.Handler
}

// ErrMountPattern reports a pattern Mount cannot read, or one mounted
// twice.
var ErrMountPattern = errors.New("middleware: urlmap: invalid mount pattern")

// NewURLMap returns an empty URLMap; opts may be nil.
func NewURLMap(opts *URLMapOptions) *URLMap {
	m := &URLMap{}
	if opts != nil {
		m.notFound = opts.NotFound
	}
	if m.notFound == nil {
		m.notFound = webob.HandlerFunc(func(*webob.Request) (*webob.Response, error) {
			return nil, webob.NotFound()
		})
	}
	return m
}

// Mount mounts h at pattern: a path prefix ("/blog", "/blog/", "/"),
// optionally preceded by a host name, with or without a port
// ("example.com/blog", "example.com:8080/"). A host without a port
// matches every port; one with a port matches that port, the scheme's
// default port when the request's Host has none. Host names compare
// case-insensitively. The path is decoded ("/caf\u00e9", not "/caf%C3%A9").
// A pattern that does not start with a host or "/", contains "?" or "#"
// or an empty or dot segment, or is already mounted, is an error
// wrapping ErrMountPattern, and nothing is mounted.
func (m *URLMap) Mount(pattern string, h http.Handler) error {
	if h == nil {
		return &patternError{pattern, "nil handler"}
	}
	i := strings.IndexByte(pattern, '/')
	if i < 0 {
		return &patternError{pattern, "no path"}
	}
	mt := mount{h: h}
	if host := strings.ToLower(strings.TrimSuffix(pattern[:i], ".")); host != "" {
		mt.host, mt.port = splitHostPort(host)
		if mt.host == "" || strings.ContainsAny(host, " \t@") {
			return &patternError{pattern, "bad host"}
		}
		mt.host = strings.TrimSuffix(mt.host, ".")
	}
	path := pattern[i:]
	if strings.ContainsAny(path, "?#") {
		return &patternError{pattern, "query or fragment"}
	}
	mt.slash = strings.HasSuffix(path, "/") && path != "/"
	mt.prefix = strings.TrimSuffix(path, "/")
	if mt.prefix != "" {
		for _, seg := range strings.Split(mt.prefix[1:], "/") {
			if seg == "" || seg == "." || seg == ".." {
				return &patternError{pattern, "empty or dot segment"}
			}
		}
	}
	mt.escaped = (&url.URL{Path: mt.prefix}).EscapedPath()
	for _, o := range m.mounts {
		if o.host == mt.host && o.port == mt.port && o.prefix == mt.prefix {
			return &patternError{pattern, "mounted twice"}
		}
	}
	// Keep the order: host-specific first, then longer prefixes first,
	// then the order of mounting.
	at := len(m.mounts)
	for j, o := range m.mounts {
		sameKind := (mt.host != "") == (o.host != "")
		if (mt.host != "" && o.host == "") || (sameKind && len(mt.prefix) > len(o.prefix)) ||
			(sameKind && len(mt.prefix) == len(o.prefix) && mt.port != "" && o.port == "") {
			at = j
			break
		}
	}
	m.mounts = append(m.mounts, mount{})
	copy(m.mounts[at+1:], m.mounts[at:])
	m.mounts[at] = mt
	return nil
}

type patternError struct{ pattern, why string }

func (e *patternError) Error() string {
	return ErrMountPattern.Error() + ": " + e.why + ": " + e.pattern
}

func (e *patternError) Unwrap() error { return ErrMountPattern }

// splitHostPort splits host[:port]; IPv6 literals keep their brackets.
func splitHostPort(h string) (name, port string) {
	i := strings.LastIndexByte(h, ':')
	if i < 0 || strings.LastIndexByte(h, ']') > i || (!strings.HasPrefix(h, "[") && strings.Count(h, ":") > 1) {
		return h, ""
	}
	return h[:i], h[i+1:]
}

// ServeHTTP sends r to the handler of the first mount that matches.
func (m *URLMap) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var host, port string
	for i := range m.mounts {
		mt := &m.mounts[i]
		if mt.host != "" {
			if host == "" {
				host, port = requestHostPort(r)
			}
			if host != mt.host || (mt.port != "" && port != mt.port) {
				continue
			}
		}
		path, raw, used, ok := stripPrefix(r.URL, mt)
		if !ok {
			continue
		}
		if path == "" && mt.slash {
			redirectSlash(w, r)
			return
		}
		if used == "" {
			mt.h.ServeHTTP(w, r)
			return
		}
		ctx := r.Context()
		r2 := r.WithContext(webob.WithScriptName(ctx, webob.ScriptNameFrom(ctx)+used))
		u := *r.URL
		u.Path, u.RawPath = path, raw
		r2.URL = &u
		mt.h.ServeHTTP(w, r2)
		return
	}
	m.notFound.ServeHTTP(w, r)
}

// requestHostPort returns the request's host name (lower case, no
// trailing dot) and port (the scheme's default when Host has none).
func requestHostPort(r *http.Request) (host, port string) {
	host, port = splitHostPort(r.Host)
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	if port == "" {
		port = "80"
		if r.TLS != nil || (strings.EqualFold(r.URL.Scheme, "https") && !clientTarget(r.RequestURI)) {
			port = "443"
		}
		if strings.EqualFold(r.URL.Scheme, "http") && !clientTarget(r.RequestURI) {
			port = "80"
		}
	}
	return host, port
}

// clientTarget reports whether a received request's target was in absolute
// form, whose scheme is the client's word rather than the connection's:
// "GET https://host/ HTTP/1.1" over plain TCP is still a plain request.
func clientTarget(requestURI string) bool {
	return requestURI != "" && requestURI[0] != '/' && requestURI != "*"
}

// stripPrefix matches mt's prefix against u's path by whole segments and
// returns the rest of the path, decoded and raw ("" when the client's
// escaping is the default one), and the escaped prefix as the client
// wrote it.
func stripPrefix(u *url.URL, mt *mount) (path, raw, used string, ok bool) {
	p := mt.prefix
	if p == "" {
		return u.Path, u.RawPath, "", true
	}
	if u.RawPath == "" {
		if !strings.HasPrefix(u.Path, p) || (len(u.Path) > len(p) && u.Path[len(p)] != '/') {
			return "", "", "", false
		}
		return u.Path[len(p):], "", mt.escaped, true
	}
	esc := u.EscapedPath()
	j := 0
	for _, want := range strings.Split(p[1:], "/") {
		if j >= len(esc) || esc[j] != '/' {
			return "", "", "", false
		}
		j++
		k := strings.IndexByte(esc[j:], '/')
		if k < 0 {
			k = len(esc) - j
		}
		seg := esc[j : j+k]
		if seg != want {
			if strings.IndexByte(seg, '%') < 0 {
				return "", "", "", false
			}
			if dec, err := url.PathUnescape(seg); err != nil || dec != want {
				return "", "", "", false
			}
		}
		j += k
	}
	if !strings.HasPrefix(u.Path, p) {
		return "", "", "", false
	}
	path, raw = u.Path[len(p):], esc[j:]
	if (&url.URL{Path: path}).EscapedPath() == raw {
		raw = "" // the default escaping, as url.URL keeps it
	}
	return path, raw, esc[:j], true
}

// redirectSlash answers a request for a subtree's bare prefix with a
// redirect to the prefix with "/" added, below the current mount prefix.
func redirectSlash(w http.ResponseWriter, r *http.Request) {
	loc := webob.ScriptNameFrom(r.Context()) + r.URL.EscapedPath() + "/"
	if strings.HasPrefix(loc, "//") {
		loc = "/" + strings.TrimLeft(loc, "/")
	}
	if r.URL.RawQuery != "" {
		loc += "?" + r.URL.RawQuery
	}
	code := http.StatusPermanentRedirect
	if r.Method == http.MethodGet || r.Method == http.MethodHead || r.Method == "" {
		code = http.StatusMovedPermanently
	}
	w.Header().Set("Location", loc)
	w.WriteHeader(code)
}
