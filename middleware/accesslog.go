package middleware

import (
	"io"
	"log/slog"
	"net/http"
	"net/netip"
	"strings"
	"sync"
	"time"

	"github.com/webob-go/webob/webob"
)

// LogFormat selects the line format AccessLog writes to
// AccessLogOptions.Writer.
type LogFormat uint8

// Values of LogFormat.
const (
	// CombinedLogFormat, the zero value, is Apache's "combined" format:
	// %h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-agent}i".
	CombinedLogFormat LogFormat = iota
	// CommonLogFormat is the Common Log Format (NCSA, Apache's "common"):
	// %h %l %u %t "%r" %>s %b.
	CommonLogFormat
)

// AccessLogOptions configures AccessLog. The zero value (and nil) means
// the defaults stated on each field.
type AccessLogOptions struct {
	// Writer, when set, receives one line per request in Format, written
	// with a single Write call; writes are serialised, so any io.Writer
	// will do. When Writer is set and the logger passed to AccessLog is
	// nil, nothing goes to slog.
	Writer io.Writer

	// Format is the line format written to Writer: CombinedLogFormat (the
	// default) or CommonLogFormat.
	Format LogFormat

	// Request supplies TrustedProxies and ProxyHeaders, the rules by which
	// the client address is taken from Forwarded or X-Forwarded-For (as
	// webob.Request.ClientAddr reads them; no other field matters here).
	// nil means that no proxy is trusted: the client is the connection's
	// peer.
	Request *webob.Options

	// RequestIDHeader is the response field where a RequestID placed
	// inside AccessLog leaves the ID; "" means X-Request-Id. (A RequestID
	// placed outside is found in the request's context.)
	RequestIDHeader string

	// SkipPaths lists request paths (URL.Path, exact match) that are not
	// logged, such as health checks.
	SkipPaths []string

	// Skip, when set, is asked before each request; true means the request
	// is not logged.
	Skip func(r *http.Request) bool

	// Level gives the slog level of a request from the status sent. nil
	// means Error for 5xx, Warn for 4xx and Info for the rest.
	Level func(status int) slog.Level

	// Headers names request header fields logged to slog, in a group
	// "headers". The values of Cookie, Authorization and
	// Proxy-Authorization are replaced by "[REDACTED]" (the scheme of an
	// authorization is kept).
	Headers []string

	// Message is the slog message; "" means "http request".
	Message string
}

// AccessLog logs each request once its handler has returned: to logger
// through slog, and to AccessLogOptions.Writer as a Common or Combined Log
// Format line. A nil logger means slog.Default(), unless a Writer is set.
//
// The slog record carries method, path (the request-target of RFC 9112
// §3.2 as the request came in, before
// any prefix was stripped by a handler further in), query (when there is
// one), proto, host, status, bytes (body bytes written), duration, client
// (the address under the trusted-proxy rules of AccessLogOptions.Request,
// read from RFC 7239 Forwarded or X-Forwarded-For),
// request_id (from RequestID), user (see below), user_agent and referer;
// its level comes from the status. A request whose handler panics is
// logged with the status sent so far, or 500, and panicking true; the
// panic goes on unchanged.
//
// Lines written to a Writer follow Apache's formats exactly: "-" for an
// empty user, an unknown status, no body bytes and a missing Referer or
// User-Agent, the time the request arrived, and
// the request line, user, Referer and User-Agent escaped as Apache
// escapes them (\" and \\, \n \r \t \b \v, and \xhh for every other
// control byte and every byte of 0x7f and above), so a client cannot
// forge a line. The user is the one an authentication middleware
// recorded for the log, else the user of the request URL, else "-".
//
// The writer passed on to the handler keeps Flush, Hijack, ReadFrom
// (sendfile) and http.ResponseController working. Formatting a line
// allocates nothing when no proxy is trusted.
func AccessLog(logger *slog.Logger, opts *AccessLogOptions) func(http.Handler) http.Handler {
	var o AccessLogOptions
	if opts != nil {
		o = *opts
	}
	if logger == nil && o.Writer == nil {
		logger = slog.Default()
	}
	a := &accessLog{
		logger: logger,
		out:    o.Writer,
		format: o.Format,
		level:  o.Level,
		skip:   o.Skip,
		msg:    o.Message,
		ridKey: DefaultRequestIDHeader,
		now:    time.Now,
	}
	if o.Request != nil && len(o.Request.TrustedProxies) > 0 {
		a.proxies = o.Request
	}
	if o.RequestIDHeader != "" {
		a.ridKey = http.CanonicalHeaderKey(o.RequestIDHeader)
	}
	if a.msg == "" {
		a.msg = "http request"
	}
	if a.level == nil {
		a.level = defaultLevel
	}
	if len(o.SkipPaths) > 0 {
		a.skipPaths = make(map[string]bool, len(o.SkipPaths))
		for _, p := range o.SkipPaths {
			a.skipPaths[p] = true
		}
	}
	for _, h := range o.Headers {
		a.headers = append(a.headers, http.CanonicalHeaderKey(h))
	}
	return func(next http.Handler) http.Handler {
		return &accessHandler{accessLog: a, next: next}
	}
}

// defaultLevel is Error for 5xx, Warn for 4xx, else Info.
func defaultLevel(status int) slog.Level {
	switch {
	case status >= 500:
		return slog.LevelError
	case status >= 400:
		return slog.LevelWarn
	}
	return slog.LevelInfo
}

type accessLog struct {
	logger    *slog.Logger
	out       io.Writer
	outMu     sync.Mutex
	format    LogFormat
	proxies   *webob.Options
	ridKey    string
	skipPaths map[string]bool
	skip      func(*http.Request) bool
	level     func(int) slog.Level
	headers   []string
	msg       string
	now       func() time.Time // time.Now; tests set it
}

type accessHandler struct {
	*accessLog
	next http.Handler
}

// accessWriter is the observer AccessLog hands to the handler, with a
// slot where an authentication middleware further in records the user.
type accessWriter struct {
	observer
	user string
}

var accessWriters = sync.Pool{New: func() any { return new(accessWriter) }}

// setLogUser records the authenticated user name for the AccessLog that
// wraps w (found through the Unwrap chain), for the %u field and the
// "user" attribute. It reports whether an AccessLog was found.
func setLogUser(w http.ResponseWriter, name string) bool {
	for w != nil {
		if aw, ok := w.(*accessWriter); ok {
			aw.user = name
			return true
		}
		u, ok := w.(interface{ Unwrap() http.ResponseWriter })
		if !ok {
			return false
		}
		w = u.Unwrap()
	}
	return false
}

// entry is what one request's log line is made of.
type entry struct {
	r        *http.Request
	uri      string
	start    time.Time
	status   int
	size     int64
	user     string
	hijacked bool
	panicked bool
	client   netip.Addr // under trusted proxies: webob's client address
}

func (a *accessHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if (a.skipPaths != nil && a.skipPaths[r.URL.Path]) || (a.skip != nil && a.skip(r)) {
		a.next.ServeHTTP(w, r)
		return
	}
	e := entry{r: r, uri: r.RequestURI, start: a.now()}
	if e.uri == "" {
		e.uri = r.URL.RequestURI()
	}
	aw := accessWriters.Get().(*accessWriter)
	aw.reset(w)
	aw.user = ""
	done := false
	defer func() {
		if !done {
			// The handler panicked: log what is known, let the panic go on.
			e.panicked = true
			a.finish(&e, aw, w)
		}
	}()
	a.next.ServeHTTP(aw, r)
	done = true
	a.finish(&e, aw, w)
	aw.reset(nil)
	accessWriters.Put(aw)
}

// finish fills e from the writer and logs it.
func (a *accessHandler) finish(e *entry, aw *accessWriter, w http.ResponseWriter) {
	e.status, e.size, e.user, e.hijacked = aw.status, aw.size, aw.user, aw.hijacked
	if e.status == 0 && !e.hijacked {
		// Nothing was written: net/http sends 200 when a handler returns,
		// and a recovering middleware further out 500 after a panic.
		e.status = http.StatusOK
		if e.panicked {
			e.status = http.StatusInternalServerError
		}
	}
	if a.proxies != nil {
		e.client = webob.NewRequest(e.r, a.proxies).ClientAddr()
	}
	if e.user == "" && e.r.URL.User != nil {
		e.user = e.r.URL.User.Username()
	}
	if a.out != nil {
		a.writeLine(e)
	}
	if a.logger != nil {
		a.logSlog(e, w)
	}
}

func (a *accessHandler) writeLine(e *entry) {
	bp := lineBufs.Get().(*[]byte)
	b := a.appendLine((*bp)[:0], e)
	a.outMu.Lock()
	_, _ = a.out.Write(b)
	a.outMu.Unlock()
	if cap(b) <= 64<<10 {
		*bp = b
		lineBufs.Put(bp)
	}
}

var lineBufs = sync.Pool{New: func() any { b := make([]byte, 0, 512); return &b }}

// appendLine appends e's line in a.format, with its newline.
func (a *accessLog) appendLine(b []byte, e *entry) []byte {
	b = a.appendClient(b, e)
	b = append(b, " - "...)
	if e.user == "" {
		b = append(b, '-')
	} else {
		b = appendEscaped(b, e.user)
	}
	b = append(b, ' ')
	b = appendCLFTime(b, e.start)
	b = append(b, ` "`...)
	b = appendEscaped(b, e.r.Method)
	b = append(b, ' ')
	b = appendEscaped(b, e.uri)
	b = append(b, ' ')
	b = appendEscaped(b, e.r.Proto)
	b = append(b, `" `...)
	if e.status == 0 {
		b = append(b, '-')
	} else {
		b = appendUint(b, uint64(e.status))
	}
	b = append(b, ' ')
	if e.size == 0 {
		b = append(b, '-')
	} else {
		b = appendUint(b, uint64(e.size))
	}
	if a.format == CombinedLogFormat {
		b = append(b, ` "`...)
		b = appendHeaderItem(b, e.r.Header, "Referer")
		b = append(b, `" "`...)
		b = appendHeaderItem(b, e.r.Header, "User-Agent")
		b = append(b, '"')
	}
	return append(b, '\n')
}

// appendHeaderItem appends the escaped first value of the request field
// key, or "-" when the request has no such field, as Apache's %{...}i.
func appendHeaderItem(b []byte, h http.Header, key string) []byte {
	v := h[key]
	if len(v) == 0 {
		return append(b, '-')
	}
	return appendEscaped(b, v[0])
}

// headerValue is Header.Get for a canonical key.
func headerValue(h http.Header, key string) string {
	if v := h[key]; len(v) > 0 {
		return v[0]
	}
	return ""
}

// appendClient appends the client address: the peer's host without the
// port, or, with trusted proxies, the address webob's rules find ("-"
// when unknown).
func (a *accessLog) appendClient(b []byte, e *entry) []byte {
	if a.proxies != nil {
		if !e.client.IsValid() {
			return append(b, '-')
		}
		return e.client.AppendTo(b)
	}
	h := hostOnly(e.r.RemoteAddr)
	if h == "" {
		return append(b, '-')
	}
	return appendEscaped(b, h)
}

// hostOnly strips the port from "host:port" or "[v6]:port"; a bare IPv6
// address is returned as it is.
func hostOnly(addr string) string {
	if strings.HasPrefix(addr, "[") {
		if i := strings.IndexByte(addr, ']'); i > 0 {
			return addr[1:i]
		}
		return addr
	}
	if i := strings.IndexByte(addr, ':'); i >= 0 && strings.IndexByte(addr[i+1:], ':') < 0 {
		return addr[:i]
	}
	return addr
}

// clientString is appendClient as a string, for slog ("" when unknown).
func (a *accessLog) clientString(e *entry) string {
	if a.proxies != nil {
		if e.client.IsValid() {
			return e.client.String()
		}
		return ""
	}
	return hostOnly(e.r.RemoteAddr)
}

var months = [12]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}

// appendCLFTime appends "[10/Oct/2000:13:55:36 -0700]".
func appendCLFTime(b []byte, t time.Time) []byte {
	y, mo, d := t.Date()
	hh, mm, ss := t.Clock()
	_, off := t.Zone()
	b = append(b, '[')
	b = append2(b, d)
	b = append(b, '/')
	b = append(b, months[mo-1]...)
	b = append(b, '/')
	b = append2(b, y/100)
	b = append2(b, y%100)
	b = append(b, ':')
	b = append2(b, hh)
	b = append(b, ':')
	b = append2(b, mm)
	b = append(b, ':')
	b = append2(b, ss)
	b = append(b, ' ')
	if off < 0 {
		b = append(b, '-')
		off = -off
	} else {
		b = append(b, '+')
	}
	off /= 60
	b = append2(b, off/60)
	b = append2(b, off%60)
	return append(b, ']')
}

// append2 appends n (0-99) as two digits.
func append2(b []byte, n int) []byte {
	return append(b, byte('0'+n/10%10), byte('0'+n%10))
}

// appendUint appends n in decimal.
func appendUint(b []byte, n uint64) []byte {
	var tmp [20]byte
	i := len(tmp)
	for {
		i--
		tmp[i] = byte('0' + n%10)
		n /= 10
		if n == 0 {
			break
		}
	}
	return append(b, tmp[i:]...)
}

// appendEscaped appends s escaped as Apache's ap_escape_logitem does: " and
// \ get a backslash, \b \n \r \t \v their C escapes, and every other byte
// below 0x20 or from 0x7f up becomes \xhh.
func appendEscaped(b []byte, s string) []byte {
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !logEscape[c] {
			continue
		}
		b = append(b, s[start:i]...)
		start = i + 1
		switch c {
		case '"', '\\':
			b = append(b, '\\', c)
		case '\b':
			b = append(b, '\\', 'b')
		case '\n':
			b = append(b, '\\', 'n')
		case '\r':
			b = append(b, '\\', 'r')
		case '\t':
			b = append(b, '\\', 't')
		case '\v':
			b = append(b, '\\', 'v')
		default:
			const hex = "0123456789abcdef"
			b = append(b, '\\', 'x', hex[c>>4], hex[c&15])
		}
	}
	return append(b, s[start:]...)
}

// logEscape marks the bytes appendEscaped escapes.
var logEscape = func() (t [256]bool) {
	for c := range 256 {
		t[c] = c < 0x20 || c >= 0x7f || c == '"' || c == '\\'
	}
	return t
}()

// logSlog sends e to the slog logger.
func (a *accessHandler) logSlog(e *entry, w http.ResponseWriter) {
	ctx := e.r.Context()
	level := a.level(e.status)
	if !a.logger.Enabled(ctx, level) {
		return
	}
	path, query, _ := strings.Cut(e.uri, "?")
	rid := RequestIDFrom(ctx)
	if rid == "" {
		rid = headerValue(w.Header(), a.ridKey)
	}
	attrs := make([]slog.Attr, 0, 18)
	attrs = append(attrs,
		slog.String("method", e.r.Method),
		slog.String("path", path),
	)
	if query != "" {
		attrs = append(attrs, slog.String("query", query))
	}
	attrs = append(attrs,
		slog.String("proto", e.r.Proto),
		slog.String("host", e.r.Host),
		slog.Int("status", e.status),
		slog.Int64("bytes", e.size),
		slog.Duration("duration", time.Since(e.start)),
		slog.String("client", a.clientString(e)),
	)
	if rid != "" {
		attrs = append(attrs, slog.String("request_id", rid))
	}
	if e.user != "" {
		attrs = append(attrs, slog.String("user", e.user))
	}
	if ua := headerValue(e.r.Header, "User-Agent"); ua != "" {
		attrs = append(attrs, slog.String("user_agent", ua))
	}
	if ref := headerValue(e.r.Header, "Referer"); ref != "" {
		attrs = append(attrs, slog.String("referer", ref))
	}
	if e.hijacked {
		attrs = append(attrs, slog.Bool("hijacked", true))
	}
	if e.panicked {
		attrs = append(attrs, slog.Bool("panicking", true))
	}
	if len(a.headers) > 0 {
		var hs []any
		for _, k := range a.headers {
			vs := e.r.Header[k]
			if len(vs) == 0 {
				continue
			}
			v := strings.Join(vs, ", ")
			if redacted(k) {
				v = redact(k, vs)
			}
			hs = append(hs, slog.String(k, v))
		}
		if len(hs) > 0 {
			attrs = append(attrs, slog.Group("headers", hs...))
		}
	}
	a.logger.LogAttrs(ctx, level, a.msg, attrs...)
}

// redacted reports whether the values of header k are never logged.
func redacted(k string) bool {
	switch k {
	case "Cookie", "Authorization", "Proxy-Authorization":
		return true
	}
	return false
}

// redact hides credentials: "[REDACTED]", with the scheme of an
// authorization kept ("Bearer [REDACTED]").
func redact(k string, vs []string) string {
	if k == "Cookie" {
		return "[REDACTED]"
	}
	out := make([]string, len(vs))
	for i, v := range vs {
		v = strings.TrimLeft(v, " \t")
		if sch, _, ok := strings.Cut(v, " "); ok && sch != "" {
			out[i] = sch + " [REDACTED]"
		} else {
			out[i] = "[REDACTED]"
		}
	}
	return strings.Join(out, ", ")
}
