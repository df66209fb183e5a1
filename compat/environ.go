package compat

import (
	"crypto/tls"
	"errors"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/textproto"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/webob-go/webob/headers"
	"github.com/webob-go/webob/internal/oneline"
	"github.com/webob-go/webob/middleware"
	"github.com/webob-go/webob/webob"
)

// Errors of the CGI environment (what WebOb calls the environ): both ways
// they come as an *EnvError wrapping one of these.
var (
	// ErrMalformedEnviron is matched (errors.Is) by the errors of
	// RequestFromEnviron: a meta-variable that is missing or has a value
	// that does not parse (REQUEST_METHOD, SERVER_PROTOCOL,
	// CONTENT_LENGTH, REQUEST_URI, ...).
	ErrMalformedEnviron = errors.New("compat: malformed CGI environment")

	// ErrUnsafeEnvValue is matched by the errors of AppendCGIEnv: a
	// meta-variable whose value would hold a NUL, CR or LF byte, such as
	// the PATH_INFO of a request for "/a%0Ab". Such a request cannot be
	// handed to a CGI program or FastCGI responder as it is; CGIApp
	// answers it with 400.
	ErrUnsafeEnvValue = errors.New("compat: NUL, CR or LF in a CGI meta-variable")
)

// EnvError is the error of one meta-variable: its name, the offending
// value and why it was refused. It matches ErrMalformedEnviron or
// ErrUnsafeEnvValue (errors.Is), and its StatusCode is 400, so
// webob.ErrorStatus maps it to Bad Request.
type EnvError struct {
	Var   string // the meta-variable, "CONTENT_LENGTH"
	Value string // its value as found
	Err   error  // ErrMalformedEnviron or ErrUnsafeEnvValue
	// Reason says what is wrong with the value ("not a number"); may be
	// empty.
	Reason string
}

// Error returns "compat: <what>: VAR "value": reason" on one line, the
// value quoted and cut (oneline.Quote).
func (e *EnvError) Error() string {
	msg := "compat: CGI meta-variable"
	if e.Err != nil {
		msg = e.Err.Error()
	}
	name := e.Var
	for i := 0; i < len(name); i++ {
		if c := name[i]; !('A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_') {
			name = oneline.Quote(name)
			break
		}
	}
	msg += ": " + name + " " + oneline.Quote(e.Value)
	if e.Reason != "" {
		msg += ": " + e.Reason
	}
	return msg
}

// Unwrap returns the sentinel the error matches.
func (e *EnvError) Unwrap() error { return e.Err }

// StatusCode returns 400: the request (or the environment standing for
// one) cannot be served as it is.
func (e *EnvError) StatusCode() int { return http.StatusBadRequest }

// EnvVar is one CGI meta-variable, or FastCGI parameter, as a name and a
// value.
type EnvVar struct {
	Name, Value string
}

// EnvOptions adjusts AppendCGIEnv for the program the variables go to.
// The zero value (or a nil *EnvOptions) describes a program mounted where
// the request's mount prefix says (webob.ScriptNameFrom): SCRIPT_NAME is
// that prefix, PATH_INFO the request's URL.Path.
type EnvOptions struct {
	// SplitPath, when true, makes ScriptName and PathInfo the
	// SCRIPT_NAME and PATH_INFO, as a FastCGI client that split the path
	// at ".php" does. Both are decoded paths ("/index.php", "/a b").
	SplitPath  bool
	ScriptName string
	PathInfo   string

	// ScriptFilename, when not empty, is SCRIPT_FILENAME: the file the
	// program runs (a common extension, which php-fpm requires).
	ScriptFilename string

	// DocumentRoot, when not empty, is DOCUMENT_ROOT, and PATH_TRANSLATED
	// is PATH_INFO mapped below it (RFC 3875 §4.1.6): DocumentRoot
	// followed by the cleaned PATH_INFO, so ".." cannot climb above it.
	// PATH_TRANSLATED is left out when PATH_INFO is empty or there is no
	// document root.
	DocumentRoot string

	// ServerSoftware is SERVER_SOFTWARE; "webob-go" when empty.
	ServerSoftware string
}

// CGIEnviron returns the RFC 3875 meta-variables of r, as a CGI program
// mounted at the request's mount prefix would see them (see
// AppendCGIEnv for the list and the rules). A variable whose value would
// hold NUL, CR or LF is left out of the map; AppendCGIEnv reports it as
// an error instead.
func CGIEnviron(r *http.Request) map[string]string {
	vars, _ := appendEnv(nil, r, nil, true)
	m := make(map[string]string, len(vars))
	for _, v := range vars {
		m[v.Name] = v.Value
	}
	return m
}

// AppendCGIEnv appends the CGI meta-variables of r to dst, in a fixed
// order (the RFC 3875 §4.1 variables, then the HTTP_* ones sorted by
// name), and returns the extended slice. It is the one builder behind
// CGIEnviron, CGIApp and the FastCGI client.
//
// The variables:
//   - GATEWAY_INTERFACE "CGI/1.1"; SERVER_SOFTWARE; SERVER_PROTOCOL
//     (r.Proto, "HTTP/1.1"); REQUEST_METHOD;
//   - SCRIPT_NAME and PATH_INFO, decoded: the mount prefix and URL.Path,
//     or opts.ScriptName and opts.PathInfo; SCRIPT_FILENAME,
//     DOCUMENT_ROOT and PATH_TRANSLATED from opts;
//   - QUERY_STRING (URL.RawQuery, as received, possibly empty);
//     REQUEST_URI, the request target as received (r.RequestURI; for a
//     client-side request, the URL's path and query), in origin form: an
//     absolute-form target ("GET http://host/x HTTP/1.1") gives "/x", as
//     nginx and Caddy pass it;
//   - SERVER_NAME, the host of r.Host ("[::1]" keeps its brackets, as
//     RFC 3875 §4.1.14 writes an IPv6 literal); SERVER_PORT, the port of
//     r.Host, else 443 or 80 by scheme; without a Host (HTTP/1.0), the
//     server's local address and port (http.LocalAddrContextKey);
//   - REMOTE_ADDR (the IP of r.RemoteAddr, or RemoteAddr as it is when
//     it does not split), REMOTE_HOST (the same: no DNS lookup) and
//     REMOTE_PORT when RemoteAddr has a port other than 0;
//   - AUTH_TYPE (the scheme of Authorization) and REMOTE_USER when
//     middleware.BasicAuth or BearerAuth authenticated a user;
//   - CONTENT_LENGTH when r.ContentLength > 0 (set ContentLength on a
//     copy of the request after spooling a body of unknown length);
//     CONTENT_TYPE when the request has one;
//   - HTTPS "on" when r.TLS is set or URL.Scheme is "https" (as
//     middleware.ProxyHeaders leaves it behind a TLS-terminating proxy),
//     but not for the scheme of an absolute-form request target
//     ("GET https://host/ HTTP/1.1" over plain HTTP is the client's
//     word, see requestHTTPS);
//     SSL_PROTOCOL ("TLSv1.3") and SSL_CIPHER (the IANA name) when r.TLS
//     is set;
//   - HTTP_HOST (r.Host), and HTTP_<NAME> for each other header field
//     (RFC 3875 §4.1.18): the name upper-cased with "-" turned into "_",
//     the field lines of one header joined with ", " — Cookie lines with
//     "; ", the cookie-string separator of RFC 6265 §5.4 that RFC 9110
//     §5.3 allows in place of the comma for that field.
//
// Left out, on purpose:
//   - Proxy: a client's "Proxy:" header would become HTTP_PROXY, which
//     many HTTP libraries read as the outgoing proxy (httpoxy,
//     CVE-2016-5386); it is dropped entirely;
//   - Content-Type and Content-Length as HTTP_CONTENT_TYPE and
//     HTTP_CONTENT_LENGTH: they are CONTENT_TYPE and CONTENT_LENGTH;
//   - header names with any byte other than letters, digits and "-",
//     in particular "_": X_Forwarded_For would map to the same
//     HTTP_X_FORWARDED_FOR as X-Forwarded-For, letting a client smuggle
//     a value past a proxy that only rewrote the hyphenated one; nginx
//     and Apache drop such names the same way.
//
// A value holding NUL, CR or LF (a PATH_INFO decoded from "%0A") is an
// *EnvError matching ErrUnsafeEnvValue; dst is returned as it was.
func AppendCGIEnv(dst []EnvVar, r *http.Request, opts *EnvOptions) ([]EnvVar, error) {
	return appendEnv(dst, r, opts, false)
}

// appendEnv is AppendCGIEnv; with skipUnsafe, a variable whose value is
// unsafe is left out instead of failing the whole list.
func appendEnv(dst []EnvVar, r *http.Request, opts *EnvOptions, skipUnsafe bool) ([]EnvVar, error) {
	if opts == nil {
		opts = &noEnvOptions
	}
	start := len(dst)
	var bad *EnvError
	add := func(name, value string) {
		if !safeEnvValue(value) {
			if skipUnsafe {
				return
			}
			if bad == nil {
				bad = &EnvError{Var: name, Value: value, Err: ErrUnsafeEnvValue}
			}
			return
		}
		dst = append(dst, EnvVar{name, value})
	}

	software := opts.ServerSoftware
	if software == "" {
		software = "webob-go"
	}
	add("GATEWAY_INTERFACE", "CGI/1.1")
	add("SERVER_SOFTWARE", software)
	proto := r.Proto
	if proto == "" {
		proto = "HTTP/1.1"
	}
	add("SERVER_PROTOCOL", proto)
	method := r.Method
	if method == "" {
		method = http.MethodGet
	}
	add("REQUEST_METHOD", method)

	script, pathInfo := opts.ScriptName, opts.PathInfo
	if !opts.SplitPath {
		script = webob.ScriptNameFrom(r.Context())
		if s, err := url.PathUnescape(script); err == nil {
			script = s
		}
		pathInfo = ""
		if r.URL != nil {
			pathInfo = r.URL.Path
		}
		if pathInfo == "" && script == "" && r.RequestURI != "" && r.RequestURI[0] != '/' && r.RequestURI != "*" {
			// An absolute-form target without a path
			// ("http://host?x") names "/" (RFC 9112 §3.2.2), as its
			// REQUEST_URI in origin form says.
			pathInfo = "/"
		}
	}
	add("SCRIPT_NAME", script)
	add("PATH_INFO", pathInfo)
	if opts.ScriptFilename != "" {
		add("SCRIPT_FILENAME", opts.ScriptFilename)
	}
	if opts.DocumentRoot != "" {
		add("DOCUMENT_ROOT", opts.DocumentRoot)
		if pathInfo != "" {
			add("PATH_TRANSLATED", strings.TrimRight(opts.DocumentRoot, "/")+path.Clean("/"+pathInfo))
		}
	}

	query := ""
	if r.URL != nil {
		query = r.URL.RawQuery
	}
	add("QUERY_STRING", query)
	uri := originForm(r.RequestURI)
	if uri == "" && r.URL != nil {
		uri = r.URL.RequestURI()
	}
	add("REQUEST_URI", uri)

	https := requestHTTPS(r)
	host := r.Host
	if host == "" && r.URL != nil {
		host = r.URL.Host
	}
	name, port := splitHostPort(host)
	if name == "" {
		// No Host (an HTTP/1.0 request): RFC 3875 §4.1.14 still wants
		// a SERVER_NAME; the address the request came in on is one.
		if la, ok := r.Context().Value(http.LocalAddrContextKey).(net.Addr); ok {
			if ap, err := netip.ParseAddrPort(la.String()); err == nil {
				a := ap.Addr().Unmap().WithZone("")
				name = a.String()
				if a.Is6() {
					name = "[" + name + "]"
				}
				if port == "" {
					port = strconv.Itoa(int(ap.Port()))
				}
			}
		}
	}
	if port == "" {
		port = "80"
		if https {
			port = "443"
		}
	}
	add("SERVER_NAME", name)
	add("SERVER_PORT", port)

	raddr, rport := r.RemoteAddr, ""
	if h, p, err := net.SplitHostPort(r.RemoteAddr); err == nil {
		raddr = h
		if p != "0" {
			rport = p
		}
	}
	add("REMOTE_ADDR", raddr)
	add("REMOTE_HOST", raddr)
	if rport != "" {
		add("REMOTE_PORT", rport)
	}
	if user, ok := middleware.UserFrom(r.Context()); ok && user != "" {
		if scheme, _, _ := strings.Cut(r.Header.Get("Authorization"), " "); scheme != "" {
			add("AUTH_TYPE", scheme)
		}
		add("REMOTE_USER", user)
	}

	if r.ContentLength > 0 {
		add("CONTENT_LENGTH", strconv.FormatInt(r.ContentLength, 10))
	}
	if ct := r.Header.Values("Content-Type"); len(ct) > 0 {
		add("CONTENT_TYPE", ct[0])
	}
	if https {
		add("HTTPS", "on")
	}
	if r.TLS != nil {
		if v := tlsVersionName(r.TLS.Version); v != "" {
			add("SSL_PROTOCOL", v)
		}
		if r.TLS.CipherSuite != 0 {
			add("SSL_CIPHER", tls.CipherSuiteName(r.TLS.CipherSuite))
		}
	}

	if host != "" {
		add("HTTP_HOST", host)
	}
	names := make([]string, 0, len(r.Header))
	for k := range r.Header {
		if cgiHeaderName(k) {
			names = append(names, k)
		}
	}
	slices.Sort(names)
	// Keys set by code may differ from the canonical form ("x-a" next to
	// "X-A"); both would give HTTP_X_A twice, and which one a program
	// reads is its own guess. Rare: only then are the keys grouped by
	// their canonical form and their lines joined.
	merge := false
	for _, k := range names {
		if textproto.CanonicalMIMEHeaderKey(k) != k {
			merge = true
			break
		}
	}
	if merge {
		slices.SortStableFunc(names, func(a, b string) int {
			return strings.Compare(textproto.CanonicalMIMEHeaderKey(a), textproto.CanonicalMIMEHeaderKey(b))
		})
	}
	var buf []byte
	for i := 0; i < len(names); {
		k := names[i]
		vs := r.Header[k]
		i++
		if merge {
			k = textproto.CanonicalMIMEHeaderKey(k)
			for i < len(names) && textproto.CanonicalMIMEHeaderKey(names[i]) == k {
				vs = append(vs[:len(vs):len(vs)], r.Header[names[i]]...)
				i++
			}
		}
		if strings.EqualFold(k, "Proxy") || strings.EqualFold(k, "Content-Type") ||
			strings.EqualFold(k, "Content-Length") || strings.EqualFold(k, "Host") {
			continue
		}
		if len(vs) == 0 {
			continue
		}
		sep := ", "
		if strings.EqualFold(k, "Cookie") {
			sep = "; "
		}
		name, ok := commonEnvNames[k]
		if !ok {
			buf = appendEnvName(append(buf[:0], "HTTP_"...), k)
			name = string(buf)
		}
		add(name, strings.Join(vs, sep))
	}
	if bad != nil {
		return dst[:start], bad
	}
	return dst, nil
}

// originForm returns the request target uri in origin form: an
// absolute-form target ("http://host/a%2Fb?x") loses its scheme and
// authority ("/a%2Fb?x"), the rest kept byte for byte; other forms are
// returned as they are. Programs read REQUEST_URI as a path and query, as
// nginx and Caddy give it.
func originForm(uri string) string {
	if uri == "" || uri[0] == '/' {
		return uri
	}
	i := strings.Index(uri, "://")
	if i < 0 {
		return uri // "*", or the authority form of CONNECT
	}
	rest := uri[i+3:]
	j := strings.IndexAny(rest, "/?")
	switch {
	case j < 0:
		return "/"
	case rest[j] == '?':
		return "/" + rest[j:]
	}
	return rest[j:]
}

// requestHTTPS reports whether the client's request came over TLS: r.TLS
// is set, or URL.Scheme is "https" and was not written by the client.
// A server copies the scheme of an absolute-form request target into
// URL.Scheme ("GET https://example.com/ HTTP/1.1" sent over plain TCP),
// so that scheme counts only when middleware.ProxyHeaders set it from a
// trusted proxy's report (the context carries the forwarding) or the
// request was built in code (no RequestURI).
func requestHTTPS(r *http.Request) bool {
	if r.TLS != nil {
		return true
	}
	if r.URL == nil || !strings.EqualFold(r.URL.Scheme, "https") {
		return false
	}
	if _, ok := webob.ForwardingFrom(r.Context()); ok {
		return true
	}
	// A target in absolute form (not "/path", not "*") carried the
	// scheme itself.
	uri := r.RequestURI
	return uri == "" || uri[0] == '/' || uri == "*"
}

// noEnvOptions stands for a nil *EnvOptions.
var noEnvOptions EnvOptions

// appendEnvName appends the HTTP_* name of header name k (without the
// prefix): upper case, "-" as "_".
func appendEnvName(dst []byte, k string) []byte {
	for i := 0; i < len(k); i++ {
		c := k[i]
		switch {
		case c == '-':
			c = '_'
		case 'a' <= c && c <= 'z':
			c -= 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst
}

// commonEnvNames maps the canonical names of common request header
// fields to their meta-variables, built once, so the usual request
// allocates none of them.
var commonEnvNames = func() map[string]string {
	m := make(map[string]string)
	for _, k := range []string{"Accept", "Accept-Charset", "Accept-Encoding", "Accept-Language",
		"Authorization", "Cache-Control", "Connection", "Cookie", "Dnt", "Forwarded", "If-Match",
		"If-Modified-Since", "If-None-Match", "If-Range", "If-Unmodified-Since", "Origin", "Pragma",
		"Priority", "Range", "Referer", "Sec-Ch-Ua", "Sec-Ch-Ua-Mobile", "Sec-Ch-Ua-Platform",
		"Sec-Fetch-Dest", "Sec-Fetch-Mode", "Sec-Fetch-Site", "Sec-Fetch-User", "Te", "Upgrade",
		"Upgrade-Insecure-Requests", "User-Agent", "Via", "X-Forwarded-For", "X-Forwarded-Host",
		"X-Forwarded-Proto", "X-Real-Ip", "X-Request-Id", "X-Requested-With"} {
		m[k] = string(appendEnvName([]byte("HTTP_"), k))
	}
	return m
}()

// safeEnvValue reports whether s holds none of NUL, CR and LF.
func safeEnvValue(s string) bool { return !strings.ContainsAny(s, "\x00\r\n") }

// cgiHeaderName reports whether the header name k can become an HTTP_*
// meta-variable: letters, digits and "-" only (see AppendCGIEnv).
func cgiHeaderName(k string) bool {
	if k == "" {
		return false
	}
	for i := 0; i < len(k); i++ {
		c := k[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// splitHostPort splits "host:port", "[v6]:port", "host" and "[v6]" into
// the host (an IPv6 literal keeps its brackets) and the port, "" when
// there is none.
func splitHostPort(hostport string) (host, port string) {
	if strings.HasPrefix(hostport, "[") {
		if i := strings.LastIndexByte(hostport, ']'); i > 0 {
			host, rest := hostport[:i+1], hostport[i+1:]
			if p, ok := strings.CutPrefix(rest, ":"); ok {
				return host, p
			}
			return host, ""
		}
		return hostport, ""
	}
	if i := strings.LastIndexByte(hostport, ':'); i >= 0 && !strings.Contains(hostport[:i], ":") {
		return hostport[:i], hostport[i+1:]
	}
	return hostport, ""
}

// tlsVersionName returns the SSL_PROTOCOL name of a TLS version, as
// Apache's mod_ssl writes it ("TLSv1.3"), or "".
func tlsVersionName(v uint16) string {
	switch v {
	case tls.VersionTLS10:
		return "TLSv1"
	case tls.VersionTLS11:
		return "TLSv1.1"
	case tls.VersionTLS12:
		return "TLSv1.2"
	case tls.VersionTLS13:
		return "TLSv1.3"
	}
	return ""
}

// tlsVersionOf is the reverse of tlsVersionName; 0 when unknown.
func tlsVersionOf(name string) uint16 {
	for _, v := range []uint16{tls.VersionTLS10, tls.VersionTLS11, tls.VersionTLS12, tls.VersionTLS13} {
		if tlsVersionName(v) == name {
			return v
		}
	}
	return 0
}

// cipherSuiteOf returns the ID of the cipher suite whose IANA name is
// name, or 0.
func cipherSuiteOf(name string) uint16 {
	for _, s := range tls.CipherSuites() {
		if s.Name == name {
			return s.ID
		}
	}
	for _, s := range tls.InsecureCipherSuites() {
		if s.Name == name {
			return s.ID
		}
	}
	return 0
}

// RequestFromEnviron builds the server-side request that a CGI
// environment describes, reading its body from body: what
// net/http/cgi.RequestFromMap does, with this package's rules.
//
//   - REQUEST_METHOD must be a token; SERVER_PROTOCOL, when set, an
//     HTTP version ("HTTP/1.1"; HTTP/1.0 when unset); CONTENT_LENGTH,
//     when set and not empty, a non-negative decimal number. The body is
//     body cut at CONTENT_LENGTH bytes; without CONTENT_LENGTH there is
//     no body (RFC 3875 §4.1.2), whatever body holds.
//   - The target is REQUEST_URI when set, else SCRIPT_NAME and PATH_INFO
//     escaped, then "?" and QUERY_STRING. When the target's path starts
//     with SCRIPT_NAME at a segment boundary, SCRIPT_NAME becomes the
//     mount prefix (webob.WithScriptName) and URL.Path the rest, as after
//     middleware.URLMap: a handler routes on PATH_INFO while webob's
//     Request.ApplicationURL and the generated links keep the prefix.
//     Otherwise (a server that rewrote the URL) URL.Path is the whole
//     path. RequestURI is the target as received.
//   - HTTP_* variables become header fields ("HTTP_ACCEPT_LANGUAGE" →
//     Accept-Language), values kept whole; HTTP_HOST is r.Host, else
//     SERVER_NAME with SERVER_PORT when it is not the scheme's default;
//     HTTP_PROXY is ignored (see AppendCGIEnv). CONTENT_TYPE and
//     CONTENT_LENGTH become Content-Type and Content-Length.
//   - HTTPS "on" or "1" (any case) sets r.TLS to a completed-handshake
//     state with the version of SSL_PROTOCOL and the suite of SSL_CIPHER
//     when they name one, and URL.Scheme stays empty as on any server
//     request.
//   - RemoteAddr is REMOTE_ADDR joined with REMOTE_PORT ("0" when
//     unset), so net.SplitHostPort works on it; REMOTE_USER, when set, is
//     the user of middleware.UserFrom.
//
// A malformed variable is an *EnvError matching ErrMalformedEnviron.
func RequestFromEnviron(env map[string]string, body io.Reader) (*http.Request, error) {
	malformed := func(name, reason string) error {
		return &EnvError{Var: name, Value: env[name], Err: ErrMalformedEnviron, Reason: reason}
	}
	for _, k := range readVars {
		if !safeEnvValue(env[k]) {
			return nil, malformed(k, "NUL, CR or LF")
		}
	}
	r := &http.Request{Header: make(http.Header), Body: http.NoBody}
	r.Method = env["REQUEST_METHOD"]
	if !headers.ValidToken(r.Method) {
		return nil, malformed("REQUEST_METHOD", "not a token")
	}
	r.Proto = env["SERVER_PROTOCOL"]
	if r.Proto == "" {
		r.Proto = "HTTP/1.0"
	}
	var ok bool
	if r.ProtoMajor, r.ProtoMinor, ok = http.ParseHTTPVersion(r.Proto); !ok {
		return nil, malformed("SERVER_PROTOCOL", "not an HTTP version")
	}

	if cl := env["CONTENT_LENGTH"]; cl != "" {
		n, err := headers.ParseContentLength([]string{cl})
		if err != nil {
			return nil, malformed("CONTENT_LENGTH", "not a non-negative decimal number")
		}
		r.ContentLength = n
		r.Header.Set("Content-Length", cl)
		if n > 0 && body != nil {
			r.Body = io.NopCloser(io.LimitReader(body, n))
		}
	}
	if ct := env["CONTENT_TYPE"]; ct != "" {
		r.Header.Set("Content-Type", ct)
	}
	for k, v := range env {
		name, ok := strings.CutPrefix(k, "HTTP_")
		if !ok || name == "" {
			continue
		}
		// Compared without case: "HTTP_proxy" is no more welcome than
		// "HTTP_PROXY".
		if strings.EqualFold(name, "PROXY") || strings.EqualFold(name, "HOST") ||
			strings.EqualFold(name, "CONTENT_TYPE") || strings.EqualFold(name, "CONTENT_LENGTH") {
			continue
		}
		if !headers.ValidFieldName(name) || !headers.ValidFieldValue(v) {
			return nil, malformed(k, "not a header field")
		}
		key := http.CanonicalHeaderKey(strings.ReplaceAll(name, "_", "-"))
		if _, dup := r.Header[key]; dup {
			// HTTP_X_A and HTTP_x_a: which one the server meant is
			// anybody's guess.
			return nil, malformed(k, "names the same header field as another variable")
		}
		r.Header[key] = []string{v}
	}

	https := strings.EqualFold(env["HTTPS"], "on") || env["HTTPS"] == "1"
	r.Host = env["HTTP_HOST"]
	if r.Host == "" {
		r.Host = env["SERVER_NAME"]
		if p := env["SERVER_PORT"]; p != "" && r.Host != "" && !(p == "80" && !https || p == "443" && https) {
			r.Host += ":" + p
		}
	}
	if !headers.ValidFieldValue(r.Host) {
		return nil, malformed("HTTP_HOST", "not a header field")
	}
	if https {
		r.TLS = &tls.ConnectionState{
			HandshakeComplete: true,
			Version:           tlsVersionOf(env["SSL_PROTOCOL"]),
			CipherSuite:       cipherSuiteOf(env["SSL_CIPHER"]),
			ServerName:        env["SERVER_NAME"],
		}
	}

	script := env["SCRIPT_NAME"]
	target, ok := env["REQUEST_URI"]
	if !ok {
		target = (&url.URL{Path: script + env["PATH_INFO"]}).EscapedPath()
		if target == "" {
			target = "/"
		}
		if q := env["QUERY_STRING"]; q != "" {
			target += "?" + q
		}
	}
	u, err := url.ParseRequestURI(target)
	if err != nil {
		name := "REQUEST_URI"
		if !ok {
			name = "QUERY_STRING"
		}
		return nil, malformed(name, "not a request target")
	}
	r.RequestURI = target
	ctx := r.Context()
	if script != "" && u.Opaque == "" {
		if prefix, rest, ok := splitMount(u.EscapedPath(), script); ok {
			ctx = webob.WithScriptName(ctx, prefix)
			u.Path, _ = url.PathUnescape(rest)
			u.RawPath = ""
			if (&url.URL{Path: u.Path}).EscapedPath() != rest {
				u.RawPath = rest
			}
		}
	}
	r.URL = u

	r.RemoteAddr = env["REMOTE_ADDR"]
	if _, err := netip.ParseAddr(r.RemoteAddr); err == nil {
		p := env["REMOTE_PORT"]
		if p == "" {
			p = "0"
		}
		if _, err := strconv.ParseUint(p, 10, 16); err != nil {
			return nil, malformed("REMOTE_PORT", "not a port number")
		}
		r.RemoteAddr = net.JoinHostPort(r.RemoteAddr, p)
	} else if strings.ContainsAny(r.RemoteAddr, ":[]") {
		// Not an IP address, and a name such as "unknown" has none of
		// these.
		return nil, malformed("REMOTE_ADDR", "not an IP address")
	}
	if user := env["REMOTE_USER"]; user != "" {
		ctx = middleware.WithUser(ctx, user)
	}
	return r.WithContext(ctx), nil
}

// readVars are the meta-variables RequestFromEnviron reads besides the
// HTTP_* ones.
var readVars = []string{"REQUEST_METHOD", "SERVER_PROTOCOL", "CONTENT_LENGTH", "CONTENT_TYPE",
	"HTTPS", "SERVER_NAME", "SERVER_PORT", "SSL_PROTOCOL", "SSL_CIPHER", "SCRIPT_NAME", "PATH_INFO",
	"QUERY_STRING", "REQUEST_URI", "REMOTE_ADDR", "REMOTE_PORT", "REMOTE_USER"}

// splitMount splits the escaped path p after the segments that unescape
// to script: prefix (escaped, no trailing slash) and the rest ("" or
// starting with "/"). ok is false when p does not start with script.
func splitMount(p, script string) (prefix, rest string, ok bool) {
	script = strings.TrimRight(script, "/")
	if script == "" {
		return "", p, false
	}
	for i := 1; i <= len(p); i++ {
		if i < len(p) && p[i] != '/' {
			continue
		}
		s, err := url.PathUnescape(p[:i])
		if err != nil {
			return "", "", false
		}
		if len(s) > len(script) {
			return "", "", false
		}
		if s == script {
			return p[:i], p[i:], true
		}
	}
	return "", "", false
}
