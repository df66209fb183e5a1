// Package compat bridges webob and the older ways of running web
// programs: the CGI environment (what WebOb calls the environ), CGI
// programs as http.Handlers, Go handlers as CGI programs, and a FastCGI
// client for PHP applications behind this stack (Paste's CGIApplication
// and WPHP). Drop-in replacements for the archived github.com/golang/gddo
// HTTP helpers live in the subpackages compat/gddo/httputil and
// compat/gddo/httputil/header.
//
// # The CGI environment
//
// AppendCGIEnv and CGIEnviron turn an *http.Request into the
// meta-variables of RFC 3875 §4.1 (REQUEST_METHOD, SCRIPT_NAME,
// PATH_INFO, QUERY_STRING, REQUEST_URI, HTTPS, HTTP_*, ...);
// RequestFromEnviron goes the other way. Both follow one set of rules,
// stricter than net/http/cgi where a rule closes an attack:
//
//   - a client's Proxy header never becomes HTTP_PROXY (httpoxy);
//   - header names holding "_" (or anything but letters, digits and
//     "-") are dropped, so X_Forwarded_For cannot pose as
//     X-Forwarded-For;
//   - the field lines of one header are joined with ", ", Cookie lines
//     with "; ";
//   - a value with NUL, CR or LF is an error (400), never passed on;
//   - SCRIPT_NAME is the request's mount prefix (webob.WithScriptName,
//     set by middleware.URLMap) and PATH_INFO the rest of the path; from
//     an environment, SCRIPT_NAME becomes the mount prefix again.
//
// # CGI programs and CGI hosts
//
// CGIApp runs a CGI program for each request. Unlike net/http/cgi.Handler
// it bounds the program: a timeout (and a client that goes away) kills
// its whole process group, the response header and optionally body are
// capped, stderr goes to a slog.Logger, only allow-listed environment
// variables pass, and request bodies of unknown length are spooled up to
// a limit instead of refused. ServeCGI is the other side: it serves the
// request of a CGI program's environment and stdin with any http.Handler.
//
// # FastCGI
//
// FastCGI talks to a FastCGI responder such as php-fpm, building its
// parameters with AppendCGIEnv.
package compat
