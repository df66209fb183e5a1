package webob

import (
	"net"
	"net/http"
	"net/url"
	"strings"

	"github.com/webob-go/webob/headers"
)

// URL pieces, named as in WebOb. For a request for
// http://example.com:8080/app/items/7?x=1 mounted under /app:
//
//	Scheme          http
//	Host            example.com:8080
//	HostPort        8080
//	Domain          example.com
//	HostURL         http://example.com:8080
//	ApplicationURL  http://example.com:8080/app      (mount prefix: ScriptName)
//	PathURL         http://example.com:8080/app/items/7
//	Path            /app/items/7                     (ScriptName + PathInfo)
//	PathQS          /app/items/7?x=1
//	URL             http://example.com:8080/app/items/7?x=1
//
// Paths are returned escaped as in a URL; ScriptName and PathInfo return
// them decoded.

// Scheme returns the request's URL scheme, "http" or "https": "https" when
// the connection used TLS. With Options.TrustedProxies, the scheme a
// trusted proxy reports in Forwarded (proto=) or X-Forwarded-Proto wins,
// read as ClientAddr reads the address (Options.ProxyHeaders picks the
// header; with both kinds present and no choice, neither is believed).
// A client-built request (Blank, or an *http.Request for a client) uses
// its URL's scheme. The scheme of a received absolute-form request target
// ("GET https://example.com/ HTTP/1.1" over plain TCP) is the client's
// word, not the connection's, and does not count.
func (r *Request) Scheme() string {
	if len(r.o().TrustedProxies) > 0 || r.carriesForwarding() {
		if p := r.forward().proto; p != "" {
			return p
		}
	}
	if r.h().TLS != nil {
		return "https"
	}
	if s := r.h().URL.Scheme; s != "" && !absoluteTarget(r.h().RequestURI) {
		if headers.EqualFold(s, "https") {
			return "https"
		}
		if headers.EqualFold(s, "http") {
			return "http"
		}
	}
	return "http"
}

// absoluteTarget reports whether a received request's target was in
// absolute form (RFC 9112 §3.2.2): not origin-form ("/x"), not "*", and not
// absent (a request built in code has no RequestURI). Its scheme is then
// what the client wrote, which says nothing about the connection.
func absoluteTarget(requestURI string) bool {
	return requestURI != "" && requestURI[0] != '/' && requestURI != "*"
}

// Host returns the host and port the request was sent to, as in the Host
// header ("example.com:8080", "[2001:db8::1]:6453", "example.com"). With
// Options.TrustedProxies, the host a trusted proxy reports in Forwarded
// (host=) or X-Forwarded-Host wins, read as ClientAddr reads the address
// (see Options.ProxyHeaders). When there is no Host, it falls back
// to the URL's host, then to the server's local address, then to
// "localhost".
func (r *Request) Host() string {
	if len(r.o().TrustedProxies) > 0 || r.carriesForwarding() {
		if h := r.forward().host; h != "" {
			return h
		}
	}
	if h := r.h().Host; h != "" {
		return h
	}
	if h := r.h().URL.Host; h != "" {
		return h
	}
	if a, ok := r.h().Context().Value(http.LocalAddrContextKey).(net.Addr); ok && a != nil {
		return a.String()
	}
	return "localhost"
}

// splitHost splits a Host value into its name (IPv6 literals keep their
// brackets) and its port ("" when absent). A colon inside brackets is not
// a port separator.
func splitHost(h string) (name, port string) {
	i := strings.LastIndexByte(h, ':')
	if i < 0 || strings.LastIndexByte(h, ']') > i {
		return h, ""
	}
	if strings.IndexByte(h[:i], ':') >= 0 && !strings.HasPrefix(h, "[") {
		// A bare IPv6 address has several colons and no port.
		return h, ""
	}
	return h[:i], h[i+1:]
}

// HostPort returns the port of Host, or the scheme's default ("80" or
// "443") when Host has none. IPv6 literals are understood:
// "[2001:db8::1]:6453" gives "6453" and "[2001:db8::1]" gives the default.
func (r *Request) HostPort() string {
	if _, port := splitHost(r.Host()); port != "" {
		return port
	}
	if r.Scheme() == "https" {
		return "443"
	}
	return "80"
}

// Domain returns Host without its port. An IPv6 literal keeps its
// brackets, as in WebOb: "[2001:db8::1]:6453" gives "[2001:db8::1]".
func (r *Request) Domain() string {
	name, _ := splitHost(r.Host())
	return name
}

// hostForURL returns Host with the scheme's default port dropped.
func (r *Request) hostForURL(scheme string) string {
	h := r.Host()
	if !strings.HasSuffix(h, ":80") && !strings.HasSuffix(h, ":443") {
		return h // no default port to drop
	}
	name, port := splitHost(h)
	if (port == "80" && scheme == "http") || (port == "443" && scheme == "https") {
		return name
	}
	return h
}

// HostURL returns the scheme and host ("http://example.com:8080"), with
// the default port dropped (":80" for http, ":443" for https).
func (r *Request) HostURL() string {
	s := r.Scheme()
	return s + "://" + r.hostForURL(s)
}

// ApplicationURL returns HostURL followed by the mount prefix
// (ScriptName), escaped: the URL of the application the request is for.
func (r *Request) ApplicationURL() string {
	r.splitPath()
	return r.buildURL(false, false)
}

// PathURL returns the request's URL without its query string.
func (r *Request) PathURL() string {
	r.splitPath()
	return r.buildURL(true, false)
}

// URL returns the request's full URL, query string included.
func (r *Request) URL() string {
	r.splitPath()
	return r.buildURL(true, true)
}

// buildURL builds scheme://host + script [+ info] [+ ?query] in one
// allocation (a single concatenation is one).
func (r *Request) buildURL(info, query bool) string {
	s := r.Scheme()
	h := r.hostForURL(s)
	if !info {
		return s + "://" + h + r.script
	}
	if q := r.h().URL.RawQuery; query && q != "" {
		return s + "://" + h + r.script + r.info + "?" + q
	}
	return s + "://" + h + r.script + r.info
}

// Path returns ScriptName followed by PathInfo, escaped: the path part of
// the request's URL.
func (r *Request) Path() string {
	r.splitPath()
	if r.script == "" {
		return r.info
	}
	return r.script + r.info
}

// PathQS returns Path followed by "?" and the query string when there is
// one.
func (r *Request) PathQS() string {
	p := r.Path()
	if q := r.h().URL.RawQuery; q != "" {
		return p + "?" + q
	}
	return p
}

// QueryString returns the raw query string, without "?" ("" when there
// is none).
func (r *Request) QueryString() string { return r.h().URL.RawQuery }

// ScriptName returns the mount prefix, decoded: the part of the path
// that led to the application handling the request (WebOb's
// script_name). It starts as ScriptNameFrom(the request's context), ""
// unless mounting middleware set it, and changes with SetScriptName,
// Mount and PathInfoPop.
func (r *Request) ScriptName() string {
	r.splitPath()
	return unescapePath(r.script)
}

// PathInfo returns the rest of the path after the mount prefix, decoded
// (WebOb's path_info). With no mount prefix it is the whole path.
func (r *Request) PathInfo() string {
	r.splitPath()
	return unescapePath(r.info)
}

// EscapedScriptName returns ScriptName escaped as in the URL.
func (r *Request) EscapedScriptName() string {
	r.splitPath()
	return r.script
}

// EscapedPathInfo returns PathInfo escaped as in the URL (so an encoded
// "%2F" stays distinct from "/").
func (r *Request) EscapedPathInfo() string {
	r.splitPath()
	return r.info
}

// SetScriptName sets the mount prefix (decoded; it is escaped for URLs).
// PathInfo is not changed. A trailing "/" is kept as given.
func (r *Request) SetScriptName(s string) {
	r.splitPath()
	r.script = escapePath(s)
}

// SetPathInfo sets the path after the mount prefix (decoded).
func (r *Request) SetPathInfo(s string) {
	r.splitPath()
	r.info = escapePath(s)
}

// Mount moves prefix from the start of PathInfo to the end of ScriptName,
// as a router does when it hands the request to a nested application.
// prefix is an escaped path such as "/api"; it must match whole segments
// ("/api" matches "/api" and "/api/x" but not "/apix"). It reports
// whether the prefix matched; when it did not, nothing changes.
func (r *Request) Mount(prefix string) bool {
	r.splitPath()
	prefix = strings.TrimSuffix(prefix, "/")
	if prefix == "" {
		return true
	}
	if !strings.HasPrefix(r.info, prefix) {
		return false
	}
	rest := r.info[len(prefix):]
	if rest != "" && rest[0] != '/' {
		return false
	}
	r.script += prefix
	r.info = rest
	return true
}

// splitPath fills script and info from the wrapped URL on first use.
func (r *Request) splitPath() {
	if r.done&donePath != 0 {
		return
	}
	r.done |= donePath
	r.script = scriptNameOf(r.h()) // the carrier of mount.go
	r.info = escapedPath(r.h().URL)
	if r.info == "*" {
		r.info = ""
	}
}

// escapedPath is u.EscapedPath with a table-driven fast path for the
// common case: no RawPath and nothing to escape.
func escapedPath(u *url.URL) string {
	if u.RawPath == "" {
		p := u.Path
		i := 0
		for i < len(p) && goPathKeep[p[i]] {
			i++
		}
		if i == len(p) {
			return p
		}
	}
	return u.EscapedPath()
}

// goPathKeep marks the bytes url.URL.EscapedPath leaves as they are:
// unreserved characters and "$&+,/:;=@".
var goPathKeep = func() (t [256]bool) {
	for c := 'a'; c <= 'z'; c++ {
		t[c] = true
	}
	for c := 'A'; c <= 'Z'; c++ {
		t[c] = true
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = true
	}
	for _, c := range "-._~$&+,/:;=@" {
		t[c] = true
	}
	return t
}()

// PathInfoPeek returns the next segment of PathInfo, decoded, without
// changing anything; ok is false when PathInfo is empty. Leading slashes
// are skipped: "/" gives "" and true, "//a/b" gives "a".
func (r *Request) PathInfoPeek() (segment string, ok bool) {
	r.splitPath()
	_, seg, _, ok := nextSegment(r.info)
	return unescapePath(seg), ok
}

// PathInfoPop moves the next segment of PathInfo (with the slashes before
// it) to the end of ScriptName and returns it decoded; ok is false, and
// nothing changes, when PathInfo is empty. Empty segments are skipped:
// with ScriptName "/script" and PathInfo "//path/info" it returns "path",
// leaving "/script//path" and "/info". With PathInfo "/" it returns ""
// and leaves PathInfo empty.
func (r *Request) PathInfoPop() (segment string, ok bool) {
	return r.PathInfoPopIf(nil)
}

// PathInfoPopIf is PathInfoPop that moves the segment only when match
// (given the decoded segment) reports true; otherwise nothing changes and
// ok is false. A nil match accepts every segment.
func (r *Request) PathInfoPopIf(match func(segment string) bool) (segment string, ok bool) {
	r.splitPath()
	slashes, seg, rest, ok := nextSegment(r.info)
	if !ok {
		return "", false
	}
	dec := unescapePath(seg)
	if match != nil && !match(dec) {
		return "", false
	}
	r.script += slashes + seg
	r.info = rest
	return dec, true
}

// nextSegment splits an escaped path into its leading slashes, the next
// segment, and the rest (starting with "/" or empty). ok is false for an
// empty path.
func nextSegment(p string) (slashes, seg, rest string, ok bool) {
	if p == "" {
		return "", "", "", false
	}
	i := 0
	for i < len(p) && p[i] == '/' {
		i++
	}
	j := strings.IndexByte(p[i:], '/')
	if j < 0 {
		j = len(p) - i
	}
	return p[:i], p[i : i+j], p[i+j:], true
}

// PathValue returns the value of the named wildcard of the http.ServeMux
// pattern that matched the request (Go 1.22 patterns such as
// "/items/{id}"), or "" when there is none.
func (r *Request) PathValue(name string) string { return r.h().PathValue(name) }

// RelativeURL resolves other against the request's URL (PathURL), as a
// browser would resolve a link on the page (RFC 3986 §5) — WebOb's
// relative_url(other). other is an error when it does not parse as a URL
// reference. See ApplicationRelativeURL for links under the mount prefix.
func (r *Request) RelativeURL(other string) (string, error) {
	return resolveURL(r.PathURL(), other)
}

// ApplicationRelativeURL resolves other against ApplicationURL followed
// by "/", so "other/page" lands under the mount prefix whatever the
// request's path — WebOb's relative_url(other, to_application=True).
// other is an error when it does not parse as a URL reference.
func (r *Request) ApplicationRelativeURL(other string) (string, error) {
	base := r.ApplicationURL()
	if !strings.HasSuffix(base, "/") {
		base += "/"
	}
	return resolveURL(base, other)
}

// resolveURL resolves the reference other against base.
func resolveURL(base, other string) (string, error) {
	bu, err := url.Parse(base)
	if err != nil {
		return "", err
	}
	ou, err := url.Parse(other)
	if err != nil {
		return "", err
	}
	return bu.ResolveReference(ou).String(), nil
}

// pathSafe marks the bytes a path keeps unescaped: RFC 3986 unreserved
// characters, "/" and the sub-delims ":" and "@" that pchar allows (the
// set WebOb keeps: "/~!$&'()*+,;=:@").
//
//	pchar      = unreserved / pct-encoded / sub-delims / ":" / "@"
//	unreserved = ALPHA / DIGIT / "-" / "." / "_" / "~"
//	sub-delims = "!" / "$" / "&" / "'" / "(" / ")" / "*" / "+" / "," / ";" / "="
var pathSafe = alnumPlus("-._~/!$&'()*+,;=:@")

// escapePath escapes a decoded path for use in a URL; it returns s itself
// when nothing needs escaping.
func escapePath(s string) string {
	n := 0
	for i := 0; i < len(s); i++ {
		if !pathSafe[s[i]] {
			n++
		}
	}
	if n == 0 {
		return s
	}
	const hex = "0123456789ABCDEF"
	b := make([]byte, 0, len(s)+2*n)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if pathSafe[c] {
			b = append(b, c)
		} else {
			b = append(b, '%', hex[c>>4], hex[c&15])
		}
	}
	return string(b)
}

// unescapePath decodes an escaped path; a malformed escape is kept as
// sent rather than failing (the path came from a parsed URL, so this only
// happens for values set by hand).
func unescapePath(s string) string {
	if strings.IndexByte(s, '%') < 0 {
		return s
	}
	if u, err := url.PathUnescape(s); err == nil {
		return u
	}
	return s
}
