package middleware

import (
	"bufio"
	"io"
	"log/slog"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/webob-go/webob/cookies"
	"github.com/webob-go/webob/headers"
	"github.com/webob-go/webob/webob"
)

// A LintProblem is one protocol error Lint found in a response.
type LintProblem struct {
	// Check names the rule broken, one of the Lint* constants, so that
	// tests can tell problems apart.
	Check string
	// Detail says what was wrong in words.
	Detail string
}

// String returns "check: detail".
func (p LintProblem) String() string { return p.Check + ": " + p.Detail }

// The checks of Lint, the values of LintProblem.Check.
const (
	LintStatus           = "status"             // a status outside 100-999
	LintWriteHeaderTwice = "write-header-twice" // a final status after the final status
	LintWriteHeaderLate  = "write-header-late"  // WriteHeader after body bytes were written
	LintBodyNotAllowed   = "body-not-allowed"   // a body on 1xx, 204, 304 or HEAD
	LintContentLength    = "content-length"     // Content-Length invalid or not the bytes written
	LintContentType      = "content-type"       // a body without Content-Type
	LintSetCookie        = "set-cookie"         // a Set-Cookie that is invalid or has unknown attributes
	LintLocation         = "location"           // a 3xx (but 300, 304) without Location
	LintAllow            = "allow"              // 405 without Allow
	LintWWWAuthenticate  = "www-authenticate"   // 401 without WWW-Authenticate
	LintContentRange     = "content-range"      // 206 without Content-Range (or multipart/byteranges)
	LintETag             = "etag"               // an ETag that is not one entity-tag
	LintLastModified     = "last-modified"      // a Last-Modified unparsable or in the future
	LintVary             = "vary"               // a negotiated response whose Vary misses a consulted header
	LintHeaderField      = "header-field"       // a header name that is not a token or a value with CR, LF or NUL
)

// LintOptions configures Lint. The zero value (and nil) logs every
// problem to slog.Default() at level Warn.
type LintOptions struct {
	// OnProblem, when set, receives every problem instead of the
	// logger; tests use it to fail on them. It runs on the handler's
	// goroutine.
	OnProblem func(r *http.Request, p LintProblem)

	// Logger receives the problems when OnProblem is nil. nil means
	// slog.Default().
	Logger *slog.Logger

	// Now returns the current time, for the Last-Modified check. nil
	// means time.Now.
	Now func() time.Time

	// Ignore lists checks (Lint* constants) not to report, for a handler
	// known to break a rule on purpose (http.Error writes a body for
	// HEAD, which net/http then drops).
	Ignore []string
}

// Lint returns middleware that checks what the wrapped handler sends, as
// Python's paste.lint and wsgiref.validate do, and reports each protocol
// error (RFC 9110, RFC 9111, RFC 6265) it finds without changing the
// response:
//   - a status outside 100-999; WriteHeader with a final status after the
//     final status was sent, or after body bytes were written;
//   - body bytes on a 1xx, 204 or 304 response or in answer to HEAD
//     (RFC 9110 §6.4.1);
//   - a Content-Length that is not a decimal or not the number of bytes
//     written (RFC 9110 §8.6);
//   - a body without Content-Type (RFC 9110 §8.3: the recipient would
//     have to guess);
//   - a Set-Cookie that does not parse, that Validate refuses (bad name,
//     value, Path, Domain, prefix rules, SameSite=None without Secure),
//     that has an attribute the parser would drop (an Expires that is not
//     an HTTP date, a Max-Age that is not digits, an invalid Domain or
//     Path) or an unknown one (RFC 6265 §4.1);
//   - a 3xx other than 300 and 304 without Location, 405 without Allow,
//     401 without WWW-Authenticate, 206 without Content-Range (or a
//     multipart/byteranges body);
//   - an ETag that is not one entity-tag; a Last-Modified that is not an
//     HTTP date or lies in the future (RFC 9110 §8.8);
//   - a header name that is not a token or a value holding CR, LF or NUL;
//   - for a webob.HandlerFunc, a Vary that misses a negotiation header
//     (Accept, Accept-Charset, Accept-Encoding, Accept-Language) the
//     handler consulted (webob records them). For other handlers what was
//     read is unknown and the check is skipped.
//
// Lint keeps Flush, Hijack, http.ResponseController and io.ReaderFrom
// working; after a Hijack nothing more is checked. It costs an
// allocation or two per request: use it in tests and development.
func Lint(opts *LintOptions) func(http.Handler) http.Handler {
	var o LintOptions
	if opts != nil {
		o = *opts
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if len(o.Ignore) > 0 {
		ignore := slices.Clone(o.Ignore)
		report := o.OnProblem
		if report == nil {
			report = logProblem(o.Logger)
		}
		o.OnProblem = func(r *http.Request, p LintProblem) {
			if !slices.Contains(ignore, p.Check) {
				report(r, p)
			}
		}
	}
	if o.OnProblem == nil {
		o.OnProblem = logProblem(o.Logger)
	}
	return func(next http.Handler) http.Handler {
		hf, isWebob := next.(webob.HandlerFunc)
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			lw := &lintWriter{opts: &o, r: r}
			lw.o.reset(w)
			lw.o.onHeader = lw.checkHeader
			if isWebob {
				// Learn which negotiation headers the handler consulted,
				// after it returns and before the adapter writes.
				webob.HandlerFunc(func(req *webob.Request) (*webob.Response, error) {
					resp, err := hf(req)
					lw.consulted, lw.knowConsulted = req.NegotiatedHeaders(), true
					return resp, err
				}).ServeHTTP(lw, r)
			} else {
				next.ServeHTTP(lw, r)
			}
			lw.finish()
		})
	}
}

// logProblem returns an OnProblem that logs to logger (nil:
// slog.Default()) at level Warn.
func logProblem(logger *slog.Logger) func(*http.Request, LintProblem) {
	if logger == nil {
		logger = slog.Default()
	}
	return func(r *http.Request, p LintProblem) {
		logger.LogAttrs(r.Context(), slog.LevelWarn, "middleware: lint: "+p.Check,
			slog.String("method", r.Method), slog.String("path", r.URL.Path),
			slog.String("detail", p.Detail))
	}
}

// lintWriter is the observer of one linted response.
type lintWriter struct {
	o             observer
	opts          *LintOptions
	r             *http.Request
	attempted     int64 // body bytes the handler tried to write
	declared      int64 // Content-Length at header time, -1 for none
	hadType       bool  // Content-Type was set at header time
	reportedBody  bool
	reportedType  bool
	consulted     []string
	knowConsulted bool
}

func (lw *lintWriter) report(check, detail string) {
	lw.opts.OnProblem(lw.r, LintProblem{Check: check, Detail: detail})
}

// Header returns the header map of the underlying writer.
func (lw *lintWriter) Header() http.Header { return lw.o.Header() }

// WriteHeader checks the status and the order of calls, then sends it.
func (lw *lintWriter) WriteHeader(code int) {
	switch {
	case code < 100 || code > 999:
		lw.report(LintStatus, "WriteHeader("+strconv.Itoa(code)+"): not a three-digit status")
	case lw.o.status != 0 && lw.attempted > 0:
		lw.report(LintWriteHeaderLate, "WriteHeader("+strconv.Itoa(code)+") after the body was started with status "+strconv.Itoa(lw.o.status))
	case lw.o.status != 0:
		lw.report(LintWriteHeaderTwice, "WriteHeader("+strconv.Itoa(code)+") after status "+strconv.Itoa(lw.o.status))
	}
	lw.o.WriteHeader(code)
}

// Write counts and checks body bytes, then writes them.
func (lw *lintWriter) Write(p []byte) (int, error) {
	lw.o.implicitHeader()
	lw.body(int64(len(p)))
	return lw.o.Write(p)
}

// WriteString is Write for a string.
func (lw *lintWriter) WriteString(s string) (int, error) {
	lw.o.implicitHeader()
	lw.body(int64(len(s)))
	return lw.o.WriteString(s)
}

// ReadFrom copies src through the underlying writer's ReadFrom, counting
// what is read from src.
func (lw *lintWriter) ReadFrom(src io.Reader) (int64, error) {
	lw.o.implicitHeader()
	cr := &countingReader{r: src, lw: lw}
	return lw.o.ReadFrom(cr)
}

// Flush sends what is buffered.
func (lw *lintWriter) Flush() { lw.o.Flush() }

// FlushError is Flush reporting the underlying writer's error.
func (lw *lintWriter) FlushError() error { return lw.o.FlushError() }

// Hijack hands the connection over; nothing is checked after it.
func (lw *lintWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) { return lw.o.Hijack() }

// Unwrap returns the underlying writer, for http.ResponseController.
func (lw *lintWriter) Unwrap() http.ResponseWriter { return lw.o.w }

// countingReader reports the bytes read through it as body bytes.
type countingReader struct {
	r  io.Reader
	lw *lintWriter
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if n > 0 {
		c.lw.body(int64(n))
	}
	return n, err
}

// body checks n body bytes about to be written.
func (lw *lintWriter) body(n int64) {
	if n == 0 {
		return
	}
	lw.attempted += n
	st := lw.o.status
	if !lw.reportedBody && (st == http.StatusNoContent || st == http.StatusNotModified || lw.r.Method == http.MethodHead) {
		lw.reportedBody = true
		what := "status " + strconv.Itoa(st)
		if lw.r.Method == http.MethodHead {
			what = "a HEAD request"
		}
		lw.report(LintBodyNotAllowed, "body bytes written for "+what)
	}
	if !lw.hadType && !lw.reportedType && !lw.reportedBody {
		lw.reportedType = true
		lw.report(LintContentType, "body written without Content-Type")
	}
}

// checkHeader checks the header as the final status goes out.
func (lw *lintWriter) checkHeader(code int) {
	h := lw.o.Header()
	lw.declared = -1
	for name, vs := range h {
		if !headers.ValidFieldName(name) {
			lw.report(LintHeaderField, "header name "+strconv.Quote(name)+" is not a token")
			continue
		}
		for _, v := range vs {
			if strings.ContainsAny(v, "\r\n\x00") {
				lw.report(LintHeaderField, name+" value holds CR, LF or NUL")
			}
		}
	}
	_, lw.hadType = h["Content-Type"]
	if cl := h["Content-Length"]; len(cl) > 0 {
		n, err := headers.ParseContentLength(cl)
		if err != nil {
			lw.report(LintContentLength, "Content-Length "+strconv.Quote(strings.Join(cl, ", "))+" is not a length")
		} else {
			lw.declared = n
		}
	}
	switch {
	case code >= 300 && code < 400 && code != http.StatusMultipleChoices && code != http.StatusNotModified:
		if len(h["Location"]) == 0 {
			lw.report(LintLocation, "status "+strconv.Itoa(code)+" without Location")
		}
	case code == http.StatusMethodNotAllowed:
		if len(h["Allow"]) == 0 {
			lw.report(LintAllow, "405 without Allow")
		}
	case code == http.StatusUnauthorized:
		if len(h["Www-Authenticate"]) == 0 {
			lw.report(LintWWWAuthenticate, "401 without WWW-Authenticate")
		}
	case code == http.StatusPartialContent:
		if len(h["Content-Range"]) == 0 && !strings.HasPrefix(headers.ToLower(h.Get("Content-Type")), "multipart/byteranges") {
			lw.report(LintContentRange, "206 without Content-Range")
		}
	}
	if et := h["Etag"]; len(et) > 0 {
		if len(et) > 1 {
			lw.report(LintETag, "more than one ETag")
		} else if _, err := headers.ParseETag(et[0]); err != nil {
			lw.report(LintETag, "ETag "+strconv.Quote(et[0])+" is not an entity-tag")
		}
	}
	if lm := h["Last-Modified"]; len(lm) > 0 {
		t, err := headers.ParseHTTPDate(lm[0])
		switch {
		case err != nil:
			lw.report(LintLastModified, "Last-Modified "+strconv.Quote(lm[0])+" is not an HTTP date")
		case t.After(lw.opts.Now()):
			lw.report(LintLastModified, "Last-Modified "+lm[0]+" is in the future")
		}
	}
	for _, line := range h["Set-Cookie"] {
		if d := setCookieProblem(line); d != "" {
			lw.report(LintSetCookie, d)
		}
	}
	if lw.knowConsulted {
		if miss := varyMissing(h["Vary"], lw.consulted); miss != "" {
			lw.report(LintVary, "the handler consulted "+miss+" but Vary does not list it")
		}
	}
}

// varyMissing returns the first of consulted that the Vary lines do not
// list (a "*" lists everything), or "".
func varyMissing(vary, consulted []string) string {
	if headers.TokenListContains(vary, "*") {
		return ""
	}
	for _, n := range consulted {
		if !headers.TokenListContains(vary, n) {
			return n
		}
	}
	return ""
}

// setCookieProblem checks one Set-Cookie line strictly, returning what is
// wrong or "".
func setCookieProblem(line string) string {
	c, err := cookies.ParseSetCookie(line)
	if err != nil {
		return "Set-Cookie does not parse: " + err.Error()
	}
	if err := c.Validate(); err != nil {
		return "Set-Cookie " + strconv.Quote(c.Name) + ": " + err.Error()
	}
	if len(c.Unparsed) > 0 {
		return "Set-Cookie " + strconv.Quote(c.Name) + ": unknown attribute " + strconv.Quote(c.Unparsed[0])
	}
	// Attributes the lenient parser drops without a word.
	rest := line
	if i := strings.IndexByte(rest, ';'); i >= 0 {
		rest = rest[i+1:]
	} else {
		rest = ""
	}
	for rest != "" {
		var av string
		av, rest, _ = strings.Cut(rest, ";")
		name, value, _ := strings.Cut(av, "=")
		name, value = strings.TrimSpace(name), strings.TrimSpace(value)
		bad := false
		switch {
		case strings.EqualFold(name, "Expires"):
			_, err := headers.ParseHTTPDate(value)
			bad = err != nil
		case strings.EqualFold(name, "Max-Age"):
			v := strings.TrimPrefix(value, "-")
			bad = v == "" || strings.Trim(v, "0123456789") != ""
		case strings.EqualFold(name, "Domain"):
			bad = value == "" || c.Domain == ""
		case strings.EqualFold(name, "Path"):
			bad = value == "" || value[0] != '/'
		case strings.EqualFold(name, "SameSite"):
			bad = c.SameSite == cookies.SameSiteDefault
		}
		if bad {
			return "Set-Cookie " + strconv.Quote(c.Name) + ": invalid " + name + " " + strconv.Quote(value)
		}
	}
	return ""
}

// finish runs the checks that need the whole response.
func (lw *lintWriter) finish() {
	if lw.o.hijacked {
		return
	}
	if lw.o.status == 0 {
		// net/http sends an implicit 200 with this header.
		lw.checkHeader(http.StatusOK)
		return
	}
	st := lw.o.status
	if lw.declared >= 0 && lw.r.Method != http.MethodHead && st != http.StatusNoContent &&
		st != http.StatusNotModified && lw.declared != lw.attempted {
		lw.report(LintContentLength, "Content-Length "+strconv.FormatInt(lw.declared, 10)+
			" but "+strconv.FormatInt(lw.attempted, 10)+" body bytes written")
	}
}
