package compat

import (
	"crypto/tls"
	"net"
	"net/http"
	"strconv"
	"strings"
)

// params returns the FastCGI parameters of r as name, value pairs.
func (h *fastcgiHandler) params(r *http.Request, s *fcgiScript, length int64) []string {
	p := make([]string, 0, 64)
	add := func(name, value string) { p = append(p, name, value) }

	add("GATEWAY_INTERFACE", "CGI/1.1")
	add("SERVER_SOFTWARE", "webob-go")
	add("SERVER_PROTOCOL", r.Proto)
	add("REQUEST_METHOD", r.Method)
	add("QUERY_STRING", r.URL.RawQuery)
	uri := r.RequestURI
	if uri == "" {
		uri = r.URL.RequestURI()
	}
	add("REQUEST_URI", uri)
	add("DOCUMENT_ROOT", h.root)
	add("SCRIPT_NAME", s.name)
	add("SCRIPT_FILENAME", s.filename)
	add("PATH_INFO", s.pathInfo)
	if s.pathInfo != "" {
		if t, ok := joinUnder(h.root, s.pathInfo); ok {
			add("PATH_TRANSLATED", t)
		}
	}
	// php-cgi built with --enable-force-cgi-redirect refuses to run
	// without it; php-fpm ignores it.
	add("REDIRECT_STATUS", "200")

	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	add("REQUEST_SCHEME", scheme)

	if host, port, err := net.SplitHostPort(r.RemoteAddr); err == nil {
		add("REMOTE_ADDR", host)
		add("REMOTE_PORT", port)
	} else if r.RemoteAddr != "" {
		add("REMOTE_ADDR", r.RemoteAddr)
	}

	serverName, serverPort := r.Host, ""
	if host, port, err := net.SplitHostPort(r.Host); err == nil {
		serverName, serverPort = host, port
	}
	if la, ok := r.Context().Value(http.LocalAddrContextKey).(net.Addr); ok {
		if host, port, err := net.SplitHostPort(la.String()); err == nil {
			add("SERVER_ADDR", host)
			if serverPort == "" {
				serverPort = port
			}
		}
	}
	if serverPort == "" {
		serverPort = "80"
		if r.TLS != nil {
			serverPort = "443"
		}
	}
	add("SERVER_NAME", serverName)
	add("SERVER_PORT", serverPort)

	if length > 0 {
		add("CONTENT_LENGTH", strconv.FormatInt(length, 10))
	} else if r.Method == http.MethodPost || r.Method == http.MethodPut || r.Method == http.MethodPatch {
		add("CONTENT_LENGTH", "0")
	}
	if ct := r.Header.Get("Content-Type"); ct != "" {
		add("CONTENT_TYPE", ct)
	}
	if cs := r.TLS; cs != nil {
		add("HTTPS", "on")
		add("SSL_PROTOCOL", tls.VersionName(cs.Version))
		add("SSL_CIPHER", tls.CipherSuiteName(cs.CipherSuite))
		if cs.ServerName != "" {
			add("SSL_TLS_SNI", cs.ServerName)
		}
		if len(cs.PeerCertificates) > 0 {
			verify := "FAILED"
			if len(cs.VerifiedChains) > 0 {
				verify = "SUCCESS"
			}
			add("SSL_CLIENT_VERIFY", verify)
			add("SSL_CLIENT_S_DN", cs.PeerCertificates[0].Subject.String())
		} else {
			add("SSL_CLIENT_VERIFY", "NONE")
		}
	}

	if r.Host != "" {
		add("HTTP_HOST", r.Host)
	}
	for name, values := range r.Header {
		if cgiSkipHeader(name) {
			continue
		}
		sep := ", "
		if name == "Cookie" {
			sep = "; " // RFC 6265 section 5.4
		}
		add(cgiHeaderName(name), strings.Join(values, sep))
	}
	for name, value := range h.env {
		replaced := false
		for i := 0; i < len(p); i += 2 {
			if p[i] == name {
				p[i+1] = value
				replaced = true
			}
		}
		if !replaced {
			add(name, value)
		}
	}
	return p
}

// cgiSkipHeader reports whether a request header is not passed as an
// HTTP_ variable: Proxy (httpoxy, CVE-2016-5386 and its siblings), the
// ones that have their own variable, Host (sent from r.Host), and names
// holding "_", which would pose as the "-" spelling of another header.
func cgiSkipHeader(name string) bool {
	switch name {
	case "Proxy", "Content-Type", "Content-Length", "Host":
		return true
	}
	return strings.IndexByte(name, '_') >= 0
}

// cgiHeaderName maps a header name to its meta-variable name: "HTTP_",
// upper case, "-" to "_" (RFC 3875 section 4.1.18).
func cgiHeaderName(name string) string {
	b := make([]byte, 0, 5+len(name))
	b = append(b, "HTTP_"...)
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case 'a' <= c && c <= 'z':
			c -= 'a' - 'A'
		case c == '-':
			c = '_'
		}
		b = append(b, c)
	}
	return string(b)
}
