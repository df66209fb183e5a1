package compat

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// FastCGIOptions configures FastCGI. The zero value of every field but
// Address and Root means its default.
type FastCGIOptions struct {
	// Network is "tcp" (the default) or "unix".
	Network string
	// Address is the upstream's address: "127.0.0.1:9000" or, for
	// "unix", the socket's path.
	Address string
	// DialContext, if set, opens the connections instead of a net.Dialer
	// (for a custom resolver, or to count dials).
	DialContext func(ctx context.Context, network, address string) (net.Conn, error)

	// Root is the document root: the directory the scripts are under, as
	// the upstream sees it. It must be set and be on this machine: the
	// handler checks that the script file exists before it asks the
	// upstream to run it.
	Root string
	// SplitPath lists the script extensions, such as ".php". The first
	// place in the URL path where one of them ends a path segment
	// (compared byte by byte, ASCII case-insensitively) splits the path
	// into SCRIPT_NAME and PATH_INFO: "/a.php/b" runs /a.php with
	// PATH_INFO "/b". When set, only scripts with one of these
	// extensions are run; other paths answer 404. Empty: the whole path
	// names the script and PATH_INFO is empty, and any regular file
	// under Root is handed to the upstream to run (an uploaded
	// "avatar.jpg" included): set SplitPath for PHP, or rely on
	// php-fpm's security.limit_extensions alone.
	SplitPath []string
	// Index is the script run for a directory, such as "index.php".
	// Empty: a directory answers 404.
	Index string
	// Env holds extra parameters sent with every request; they replace
	// the computed ones of the same name.
	Env map[string]string

	// DialTimeout bounds each dial, and the wait for a connection when
	// MaxConns are busy. Zero means 3 seconds.
	DialTimeout time.Duration
	// ReadTimeout bounds each wait for the upstream's response bytes
	// (not the whole response): a script silent for longer answers 504,
	// or cuts a response already started. Zero means 60 seconds;
	// negative means no limit.
	ReadTimeout time.Duration
	// WriteTimeout bounds each write of the request to the upstream.
	// Zero means 60 seconds; negative means no limit.
	WriteTimeout time.Duration

	// MaxConns caps the connections open to the upstream, idle or busy;
	// a request that finds them all busy waits up to DialTimeout, then
	// answers 503. Zero means no limit.
	MaxConns int
	// MaxIdleConns is the number of idle connections kept open for the
	// next requests (FCGI_KEEP_CONN). Zero means no keep-alive: every
	// request opens its own connection and the upstream closes it. With
	// php-fpm, an idle kept connection holds a worker process, so keep
	// MaxIdleConns well below the pool's pm.max_children.
	MaxIdleConns int
	// IdleTimeout closes an idle connection after this long. Zero means
	// 30 seconds.
	IdleTimeout time.Duration

	// MaxHeaderBytes caps the CGI response header block; a larger one
	// answers 502. Zero means 64 KiB.
	MaxHeaderBytes int
	// MaxRequestBodyBytes caps the request body: a declared
	// Content-Length above it answers 413 before the upstream is
	// contacted. A body of unknown length (chunked) is read ahead, in
	// memory up to 64 KiB then in a temporary file, because FastCGI
	// responders such as php-fpm need CONTENT_LENGTH; past the cap it
	// answers 413. Zero means 64 MiB; negative means no limit.
	MaxRequestBodyBytes int64
	// MaxStderrBytes caps what one request's FCGI_STDERR stream may log;
	// the rest is counted in one final record. Zero means 64 KiB;
	// negative means the stream is discarded.
	MaxStderrBytes int

	// Logger receives the upstream's stderr lines (level Warn) and the
	// reasons of 502, 503 and 504 answers (level Error). Nil means
	// slog.Default().
	Logger *slog.Logger
}

// fastcgiHandler is the http.Handler FastCGI returns.
type fastcgiHandler struct {
	pool         *fcgiPool
	root         string // absolute, clean
	rootErr      error
	split        []string // ASCII-lowercased
	index        string
	env          map[string]string
	readTimeout  time.Duration
	writeTimeout time.Duration
	maxHeader    int
	maxBody      int64
	maxStderr    int
	log          *slog.Logger
}

// FastCGI returns a handler that passes each request to a FastCGI
// responder such as php-fpm (FastCGI 1.0, responder role) and streams its
// answer back.
//
// The script is found under Root from the URL path: the path is refused
// (400) if it holds a NUL byte or a ".." segment, split at the first
// SplitPath extension, joined under Root, checked to stay inside Root
// (a sibling such as /var/www/html2 never passes for /var/www/html, and
// symbolic links leading out are refused), and looked up: a missing
// script, or one that is not a regular file, answers 404 without
// contacting the upstream (the CVE-2019-11043 mitigation).
//
// Mounted under a prefix (middleware.URLMap), the script is looked up
// from the rest of the path and SCRIPT_NAME starts with the prefix.
//
// The parameters are the RFC 3875 meta-variables of AppendCGIEnv plus
// SCRIPT_FILENAME,
// DOCUMENT_ROOT, REQUEST_URI (as received), REQUEST_SCHEME, HTTPS and the
// SSL_ variables under TLS, and REDIRECT_STATUS; a Proxy request header
// never becomes HTTP_PROXY (httpoxy), and request headers whose names
// hold "_" are not passed (they would pose as the "-" spelling).
//
// Upstream failures answer 502 (refused connection, protocol error,
// malformed or too large header block), 503 (upstream overloaded, or
// MaxConns busy) or 504 (dial or read timeout); the reason is logged.
// Once the response has started, a failure aborts it with
// http.ErrAbortHandler so the client sees a cut response, not a complete
// one. When the client goes away, the connection to the upstream is
// closed, which ends the request there.
//
// The handler also implements io.Closer: Close closes the idle
// connections.
func FastCGI(opts *FastCGIOptions) http.Handler {
	var o FastCGIOptions
	if opts != nil {
		o = *opts
	}
	dialTimeout := o.DialTimeout
	if dialTimeout <= 0 {
		dialTimeout = 3 * time.Second
	}
	h := &fastcgiHandler{
		pool:         newFCGIPool(&o, dialTimeout),
		index:        o.Index,
		env:          o.Env,
		readTimeout:  defaultDuration(o.ReadTimeout, 60*time.Second),
		writeTimeout: defaultDuration(o.WriteTimeout, 60*time.Second),
		maxHeader:    o.MaxHeaderBytes,
		maxBody:      o.MaxRequestBodyBytes,
		maxStderr:    o.MaxStderrBytes,
		log:          o.Logger,
	}
	if h.maxHeader <= 0 {
		h.maxHeader = 64 << 10
	}
	if h.maxBody == 0 {
		h.maxBody = 64 << 20
	}
	if h.maxStderr == 0 {
		h.maxStderr = 64 << 10
	}
	if h.log == nil {
		h.log = slog.Default()
	}
	for _, s := range o.SplitPath {
		if s != "" {
			h.split = append(h.split, asciiLower(s))
		}
	}
	switch {
	case o.Root == "":
		h.rootErr = errors.New("compat: fastcgi: Root not set")
	default:
		root, err := filepath.Abs(o.Root)
		if err != nil {
			h.rootErr = err
		}
		h.root = root
	}
	return h
}

func defaultDuration(d, def time.Duration) time.Duration {
	switch {
	case d == 0:
		return def
	case d < 0:
		return 0
	}
	return d
}

// Close closes the idle connections to the upstream.
func (h *fastcgiHandler) Close() error {
	h.pool.close()
	return nil
}

// fcgiScript is a resolved script.
type fcgiScript struct {
	name     string // SCRIPT_NAME, a clean URL path
	filename string // SCRIPT_FILENAME
	pathInfo string // PATH_INFO, as decoded from the URL
}

// resolve maps a URL path to a script, or returns the status and message
// of the refusal.
func (h *fastcgiHandler) resolve(p string) (fcgiScript, int, string) {
	if p == "" {
		p = "/"
	}
	if p[0] != '/' {
		return fcgiScript{}, http.StatusBadRequest, "path does not start with /"
	}
	if strings.IndexByte(p, 0) >= 0 {
		return fcgiScript{}, http.StatusBadRequest, "NUL byte in path"
	}
	if hasDotDotSegment(p) {
		return fcgiScript{}, http.StatusBadRequest, "\"..\" segment in path"
	}
	name, info := splitScriptPath(p, h.split)
	root, err := os.OpenRoot(h.root)
	if err != nil {
		h.log.Error("compat: fastcgi: cannot open Root", "root", h.root, "err", err)
		return fcgiScript{}, http.StatusInternalServerError, "document root unavailable"
	}
	defer root.Close()
	fi, name, err := h.stat(root, name)
	if err == nil && fi.IsDir() && info == "" && h.index != "" {
		fi, name, err = h.stat(root, strings.TrimSuffix(name, "/")+"/"+h.index)
	}
	if err != nil || !fi.Mode().IsRegular() {
		return fcgiScript{}, http.StatusNotFound, "no such script"
	}
	if len(h.split) > 0 && !hasScriptExt(name, h.split) {
		return fcgiScript{}, http.StatusNotFound, "not a script"
	}
	filename, ok := joinUnder(h.root, name)
	if !ok {
		return fcgiScript{}, http.StatusNotFound, "no such script"
	}
	return fcgiScript{name: name, filename: filename, pathInfo: info}, 0, ""
}

// stat cleans name (a URL path) and looks it up inside root; os.Root
// refuses names and symbolic links that lead out of it.
func (h *fastcgiHandler) stat(root *os.Root, name string) (fs.FileInfo, string, error) {
	name = path.Clean(name)
	rel := strings.TrimPrefix(name, "/")
	if rel == "" {
		rel = "."
	}
	fi, err := root.Stat(filepath.FromSlash(rel))
	return fi, name, err
}

// joinUnder joins the clean URL path name under root and reports whether
// the result is inside root: root itself or below it at a separator
// boundary, so that /var/www/html2/x never passes for /var/www/html.
func joinUnder(root, name string) (string, bool) {
	if strings.IndexByte(name, 0) >= 0 {
		return "", false
	}
	full := filepath.Join(root, filepath.FromSlash(name))
	if full == root {
		return full, true
	}
	prefix := root
	if !strings.HasSuffix(prefix, string(filepath.Separator)) {
		prefix += string(filepath.Separator)
	}
	return full, strings.HasPrefix(full, prefix)
}

// hasDotDotSegment reports whether the slash-separated path p has a ".."
// segment.
func hasDotDotSegment(p string) bool {
	for i := 0; i+1 < len(p); i++ {
		if p[i] == '.' && p[i+1] == '.' &&
			(i == 0 || p[i-1] == '/') && (i+2 == len(p) || p[i+2] == '/') {
			return true
		}
	}
	return false
}

// splitScriptPath splits p at the first place where one of exts (ASCII
// lowercase) ends a path segment, comparing bytes ASCII
// case-insensitively: no Unicode case folding, whose changes of length
// made the FrankenPHP advisories GHSA-3g8v-8r37-cgjm and
// GHSA-v4h7-cj44-8fc8. Without a match the whole of p is the script.
func splitScriptPath(p string, exts []string) (script, info string) {
	if len(exts) == 0 {
		return p, ""
	}
	for i := 1; i < len(p); i++ {
		for _, ext := range exts {
			end := i + len(ext)
			if end > len(p) || (end < len(p) && p[end] != '/') {
				continue
			}
			if equalASCIIFold(p[i:end], ext) {
				return p[:end], p[end:]
			}
		}
	}
	return p, ""
}

// hasScriptExt reports whether name ends with one of exts.
func hasScriptExt(name string, exts []string) bool {
	for _, ext := range exts {
		if len(name) > len(ext) && equalASCIIFold(name[len(name)-len(ext):], ext) {
			return true
		}
	}
	return false
}

// equalASCIIFold reports whether s equals lower (ASCII lowercase) when
// ASCII letters of s are lowered; other bytes compare as they are.
func equalASCIIFold(s, lower string) bool {
	if len(s) != len(lower) {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != lower[i] {
			return false
		}
	}
	return true
}

func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// gatewayError is a failure answered with a status; msg goes to the
// client, err to the log.
type gatewayError struct {
	status int
	msg    string
	err    error
}

func (e *gatewayError) Error() string { return e.err.Error() }
func (e *gatewayError) Unwrap() error { return e.err }

// errClientGone ends a response whose client stopped reading.
var errClientGone = &fcgiError{msg: "compat: fastcgi: client connection lost"}

func (h *fastcgiHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if h.rootErr != nil {
		h.log.Error("compat: fastcgi: misconfigured", "err", h.rootErr)
		http.Error(w, "500 Internal Server Error: FastCGI handler misconfigured", http.StatusInternalServerError)
		return
	}
	script, status, msg := h.resolve(r.URL.Path)
	if status != 0 {
		http.Error(w, strconv.Itoa(status)+" "+http.StatusText(status)+": "+msg, status)
		return
	}
	body, length, cleanup, gerr := h.requestBody(r)
	if cleanup != nil {
		defer cleanup()
	}
	if gerr != nil {
		h.fail(w, r, gerr, false)
		return
	}
	params, err := h.params(r, &script, length)
	if err != nil {
		// A NUL, CR or LF in a parameter, such as a PATH_INFO from %0A.
		http.Error(w, "400 Bad Request: "+err.Error(), http.StatusBadRequest)
		return
	}
	for attempt := 0; ; attempt++ {
		c, err := h.pool.get(r.Context(), attempt > 0)
		if err != nil {
			h.fail(w, r, dialFailure(r.Context(), err), false)
			return
		}
		ex := exchange{h: h, c: c, w: w, r: r, params: params, body: body, length: length, script: script.name}
		err = h.runExchange(&ex)
		h.pool.put(c, err == nil && ex.reusable)
		if err == nil {
			return
		}
		if c.reused && ex.records == 0 && !ex.bodyTouched && r.Context().Err() == nil && staleConn(err) {
			continue // a kept connection the upstream had closed: once more on a new one
		}
		h.fail(w, r, ex.classify(err), ex.committed)
		return
	}
}

// runExchange runs ex; should the ResponseWriter panic (a wrapper
// aborting the response), the connection is closed and its MaxConns slot
// freed before the panic goes on, so that it is not lost for good. Its
// buffers are not recycled: the goroutine writing the request body may
// still hold them.
func (h *fastcgiHandler) runExchange(ex *exchange) (err error) {
	done := false
	defer func() {
		if !done {
			ex.c.Close()
			h.pool.release()
		}
	}()
	err = ex.run()
	done = true
	return err
}

// staleConn reports whether err is what a kept connection closed by the
// upstream gives on first use.
func staleConn(err error) bool {
	return errors.Is(err, io.EOF) || errors.Is(err, errNoEnd) || errors.Is(err, syscall.ECONNRESET) ||
		errors.Is(err, syscall.EPIPE) || errors.Is(err, net.ErrClosed)
}

// dialFailure classifies an error of pool.get.
func dialFailure(ctx context.Context, err error) *gatewayError {
	switch {
	case err == errPoolBusy:
		return &gatewayError{http.StatusServiceUnavailable, "FastCGI upstream busy (MaxConns)", err}
	case ctx.Err() != nil:
		return &gatewayError{499, "client gone", err}
	case isTimeout(err):
		return &gatewayError{http.StatusGatewayTimeout, "FastCGI upstream did not answer in DialTimeout", err}
	}
	return &gatewayError{http.StatusBadGateway, "FastCGI upstream unreachable", err}
}

func isTimeout(err error) bool {
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, os.ErrDeadlineExceeded) {
		return true
	}
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// fail answers or, when the response has started, aborts it.
func (h *fastcgiHandler) fail(w http.ResponseWriter, r *http.Request, e *gatewayError, committed bool) {
	if e.status == 499 || errors.Is(e.err, errClientGone) {
		// The client is gone: nothing to answer, nothing worth an error.
		h.log.Debug("compat: fastcgi: client gone", "uri", r.RequestURI, "err", e.err)
		return
	}
	h.log.Error("compat: fastcgi: upstream failure", "status", e.status, "uri", r.RequestURI,
		"upstream", h.pool.address, "err", e.err)
	if committed {
		panic(http.ErrAbortHandler)
	}
	if e.status >= 500 || e.status == http.StatusRequestEntityTooLarge {
		w.Header().Set("Connection", "close")
	}
	http.Error(w, strconv.Itoa(e.status)+" "+http.StatusText(e.status)+": "+e.msg, e.status)
}

// bodyBufPool holds the 32 KiB buffers that copy request bodies.
var bodyBufPool = sync.Pool{New: func() any { b := make([]byte, 32<<10); return &b }}
