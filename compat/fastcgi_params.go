package compat

import (
	"net"
	"net/http"
	"net/url"
	"strings"

	"github.com/webob-go/webob/webob"
)

// params returns the FastCGI parameters of r: the meta-variables of
// AppendCGIEnv with the script split, plus what PHP applications expect
// of a FastCGI front end (REQUEST_SCHEME, REDIRECT_STATUS, SERVER_ADDR),
// then Env, whose values replace computed ones of the same name. length
// is the body length sent (after spooling a body of unknown length).
func (h *fastcgiHandler) params(r *http.Request, s *fcgiScript, length int64) ([]EnvVar, error) {
	if r.ContentLength != length {
		r2 := *r
		r2.ContentLength = length
		r = &r2
	}
	// Mounted under a prefix (middleware.URLMap), the script's URL
	// path starts with it; the file is looked up without it.
	scriptName := s.name
	if prefix := webob.ScriptNameFrom(r.Context()); prefix != "" {
		if p, err := url.PathUnescape(prefix); err == nil {
			prefix = p
		}
		scriptName = strings.TrimRight(prefix, "/") + scriptName
	}
	p, err := AppendCGIEnv(make([]EnvVar, 0, 48), r, &EnvOptions{
		SplitPath:      true,
		ScriptName:     scriptName,
		PathInfo:       s.pathInfo,
		ScriptFilename: s.filename,
		DocumentRoot:   h.root,
	})
	if err != nil {
		return nil, err
	}
	// The same judgement as HTTPS, so the two never disagree.
	scheme := "http"
	if requestHTTPS(r) {
		scheme = "https"
	}
	p = append(p, EnvVar{"REQUEST_SCHEME", scheme},
		// php-cgi built with --enable-force-cgi-redirect refuses to run
		// without it; php-fpm ignores it.
		EnvVar{"REDIRECT_STATUS", "200"})
	if la, ok := r.Context().Value(http.LocalAddrContextKey).(net.Addr); ok {
		if host, _, err := net.SplitHostPort(la.String()); err == nil {
			p = append(p, EnvVar{"SERVER_ADDR", host})
		}
	}
	for name, value := range h.env {
		replaced := false
		for i := range p {
			if p[i].Name == name {
				p[i].Value = value
				replaced = true
			}
		}
		if !replaced {
			p = append(p, EnvVar{name, value})
		}
	}
	return p, nil
}
