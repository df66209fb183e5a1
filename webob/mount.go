package webob

import (
	"context"
	"net/http"
)

// scriptNameKey is the context key of the mount prefix set by
// WithScriptName.
type scriptNameKey struct{}

// WithScriptName returns a copy of ctx that carries the mount prefix
// script, escaped as in a URL ("/blog", "/a%2Fb"), without a trailing
// slash. A Request made from an *http.Request with that context starts
// with script as its ScriptName, so its ApplicationURL, Path and URL
// include it, while PathInfo is the request's URL.Path.
//
// It is the carrier that mounting middleware (middleware.URLMap, the
// X-Forwarded-Prefix of middleware.ProxyHeaders) uses so that plain
// http.Handlers and webob Requests see one split of the path: such
// middleware removes the prefix from URL.Path and URL.RawPath and adds it
// here. To mount below an existing prefix, append to ScriptNameFrom.
func WithScriptName(ctx context.Context, script string) context.Context {
	return context.WithValue(ctx, scriptNameKey{}, script)
}

// ScriptNameFrom returns the mount prefix ctx carries (escaped, see
// WithScriptName), or "" when none was set.
func ScriptNameFrom(ctx context.Context) string {
	s, _ := ctx.Value(scriptNameKey{}).(string)
	return s
}

// scriptNameOf is ScriptNameFrom for the request r wraps (splitPath).
func scriptNameOf(hr *http.Request) string { return ScriptNameFrom(hr.Context()) }
