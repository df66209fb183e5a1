package compat

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/webob-go/webob/headers"
	"github.com/webob-go/webob/internal/oneline"
	"github.com/webob-go/webob/webob"
)

// Defaults of CGIApp's limits.
const (
	// DefaultCGITimeout is the time a CGI program gets to answer a
	// request, reading its body and writing its whole response
	// (CGIApp.Timeout 0).
	DefaultCGITimeout = time.Minute
	// DefaultCGIMaxHeaderBytes caps the header section a CGI program
	// writes (CGIApp.MaxHeaderBytes 0).
	DefaultCGIMaxHeaderBytes = 64 << 10
	// DefaultCGIMaxRequestBodyBytes caps the request body passed to a
	// CGI program (CGIApp.MaxRequestBodyBytes 0).
	DefaultCGIMaxRequestBodyBytes = 32 << 20
)

// Errors of CGIApp. They reach the Logger, and the client as the detail
// of a 4xx or 5xx answer.
var (
	// ErrMalformedCGIResponse: the program's header section does not
	// follow RFC 3875 §6 (a line without a colon, an invalid field name
	// or value, a bad Status or Content-Length), or the program ended
	// before writing one. Answered 502.
	ErrMalformedCGIResponse = errors.New("compat: malformed CGI response")
	// ErrCGIHeaderTooLarge: the header section is longer than
	// MaxHeaderBytes. Answered 502.
	ErrCGIHeaderTooLarge = errors.New("compat: CGI response header larger than MaxHeaderBytes")
	// ErrCGIBodyTooLarge: the response body is longer than MaxBodyBytes.
	// Answered 502 when a Content-Length says so up front, else the
	// response is cut and the connection aborted.
	ErrCGIBodyTooLarge = errors.New("compat: CGI response body larger than MaxBodyBytes")
	// ErrCGITimeout: the program did not finish within Timeout; its
	// process group was killed. Answered 504 when no header was sent.
	ErrCGITimeout = errors.New("compat: CGI program timed out")
	// ErrCGIStart: the program could not be started. Answered 502.
	ErrCGIStart = errors.New("compat: CGI program did not start")
	// ErrRequestBodyTooLarge: the request body is longer than
	// MaxRequestBodyBytes. Answered 413.
	ErrRequestBodyTooLarge = errors.New("compat: request body larger than MaxRequestBodyBytes")
)

// errReadBody: the client's request body could not be read (it went
// away, or sent broken chunks). Answered 400.
var errReadBody = errors.New("compat: reading the request body")

// CGIApp runs a CGI program (RFC 3875) for each request: an http.Handler
// for the scripts of the old world (Paste's CGIApplication), built where
// net/http/cgi.Handler falls short:
//
//   - a timeout (and the client going away) kills the program's whole
//     process group, so a hung script and the children it started do not
//     outlive the request (net/http/cgi runs the program without a
//     context and waits for it forever);
//   - caps on the response's header bytes and, optionally, body bytes;
//   - the program's stderr goes to a slog.Logger, line by line, bounded;
//   - only the parent environment variables named in InheritEnv pass;
//   - a request body of unknown length (chunked) is spooled, in memory
//     then in a temporary file, up to MaxRequestBodyBytes, and passed
//     with its CONTENT_LENGTH instead of being refused.
//
// The program sees the meta-variables of AppendCGIEnv (mounted where the
// request's mount prefix says, SCRIPT_FILENAME the program's path) and
// the body on stdin. Its response header section is read as RFC 3875 §6
// describes it: Status sets the code (200 without it, 302 with a
// Location); a Location that is a local path ("/x?y", not "//host")
// with no Status nor Content-Type is a local redirect, served by
// LocalRedirect when set (at most 10 in a row) and sent to the client as
// a 302 otherwise; hop-by-hop fields
// (Connection, Transfer-Encoding, ...) are dropped.
//
// Failures are answered as webob HTTP errors: 400 for a request whose
// path cannot go into a CGI variable (NUL, CR, LF), 413 over
// MaxRequestBodyBytes, 400 (413 for an http.MaxBytesReader limit) when
// the request body fails part way — the program is killed rather than
// left to answer a truncated request —, 502 when the program does not start, writes a
// malformed header or too large a one, 504 when it times out before its
// header. A failure after the header was sent (a timeout, the body cap)
// aborts the connection with http.ErrAbortHandler, so the client sees a
// cut response, never one that looks complete.
//
// Process groups need a Unix system; elsewhere only the program itself
// is killed. The zero value is not usable: Path must be set. A CGIApp
// must not be modified while it serves.
type CGIApp struct {
	// Path is the program to run; relative paths are resolved against
	// the current directory when the request is served.
	Path string
	// Dir is the program's working directory; the directory of Path
	// when empty.
	Dir string
	// Args are the program's arguments after its name.
	Args []string
	// Env holds extra "NAME=value" entries, which win over the CGI
	// meta-variables and inherited ones of the same name.
	Env []string
	// InheritEnv names the variables of this process's environment
	// passed to the program; no other is. PATH is
	// "/usr/local/bin:/usr/bin:/bin" unless inherited or set in Env.
	InheritEnv []string

	// Timeout bounds the whole run of the program, from start to the
	// end of its output: DefaultCGITimeout when 0, none when negative.
	// The request's context bounds it too (a client that goes away).
	// When it expires, the program's process group is killed and the
	// client connection's read deadline is set, so that a client that
	// stalls in the middle of its request body cannot hold the request
	// past it either.
	Timeout time.Duration
	// MaxHeaderBytes caps the response header section, line ends
	// included: DefaultCGIMaxHeaderBytes when 0.
	MaxHeaderBytes int
	// MaxBodyBytes caps the response body; 0 or negative is no cap.
	MaxBodyBytes int64
	// MaxRequestBodyBytes caps the request body passed to the program:
	// DefaultCGIMaxRequestBodyBytes when 0, no cap when negative. A
	// body of unknown length is spooled up to it.
	MaxRequestBodyBytes int64

	// LocalRedirect serves the local redirects of RFC 3875 §6.2.2 (a
	// response that is only "Location: /path"), called with a GET
	// request for that path, a path from the server's root: the request
	// carries no mount prefix, so LocalRedirect is normally the
	// server's top-level handler. Nil sends them to the client as 302.
	LocalRedirect http.Handler

	// Logger receives the program's stderr lines (level Warn) and the
	// failures (level Error); slog.Default() when nil.
	Logger *slog.Logger
}

// Limits of the stderr logging of one request.
const (
	stderrMaxLine  = 1024 // bytes of a line logged; the rest is cut
	stderrMaxLines = 100  // lines logged; the rest is counted
	spoolMemory    = 64 << 10
	// killGrace is the time the output of a killed program may still
	// take to drain.
	killGrace = time.Second
)

func (a *CGIApp) logger() *slog.Logger {
	if a.Logger != nil {
		return a.Logger
	}
	return slog.Default()
}

// fail answers r with code, detail naming what went wrong, and logs err.
//
// The client reads the limit that was hit, or what was wrong with its
// request; the program's path, its exit status and what it wrote reach
// only the log.
func (a *CGIApp) fail(w http.ResponseWriter, r *http.Request, code int, err error) {
	lvl := slog.LevelError
	if code < 500 {
		lvl = slog.LevelInfo
	}
	a.logger().Log(r.Context(), lvl, "cgi: request failed", "path", a.Path, "status", code, "err", err)
	detail := err.Error()
	switch {
	case errors.Is(err, ErrCGIStart):
		detail = ErrCGIStart.Error()
	case errors.Is(err, ErrMalformedCGIResponse):
		detail = ErrMalformedCGIResponse.Error()
	case code == http.StatusInternalServerError:
		detail = ""
	}
	webob.NewHTTPError(code, detail).WithErr(err).Response(webob.NewRequest(r, nil)).ServeHTTP(w, r)
}

// ServeHTTP runs the program for r and copies its response to w.
func (a *CGIApp) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	prog := a.Path
	if abs, err := filepath.Abs(prog); err == nil {
		prog = abs
	}

	// The request body: passed as it is when its length is known,
	// spooled when not, refused over the limit.
	maxReq := a.MaxRequestBodyBytes
	if maxReq == 0 {
		maxReq = DefaultCGIMaxRequestBodyBytes
	}
	var stdin io.Reader
	var fromClient *cgiStdin // stdin reads the client's connection
	req := r
	switch {
	case r.ContentLength > 0:
		if maxReq > 0 && r.ContentLength > maxReq {
			a.fail(w, r, http.StatusRequestEntityTooLarge, limitDetail(ErrRequestBodyTooLarge, maxReq))
			return
		}
		fromClient = &cgiStdin{r: io.LimitReader(r.Body, r.ContentLength), left: r.ContentLength}
		stdin = fromClient
	case r.ContentLength < 0 && r.Body != nil && r.Body != http.NoBody:
		body, n, cleanup, err := spool(r.Body, maxReq)
		defer cleanup()
		if err != nil {
			code := http.StatusInternalServerError
			switch {
			case errors.Is(err, ErrRequestBodyTooLarge):
				code = http.StatusRequestEntityTooLarge
			case errors.Is(err, errReadBody):
				code = http.StatusBadRequest
			}
			a.fail(w, r, code, err)
			return
		}
		r2 := *r
		r2.ContentLength = n
		req = &r2
		stdin = body
	}

	vars, err := AppendCGIEnv(nil, req, &EnvOptions{ScriptFilename: prog})
	if err != nil {
		a.fail(w, r, http.StatusBadRequest, err)
		return
	}
	env := make([]string, 0, len(vars)+len(a.InheritEnv)+len(a.Env)+1)
	if !hasEnvName(a.InheritEnv, a.Env, "PATH") {
		env = append(env, "PATH=/usr/local/bin:/usr/bin:/bin")
	}
	for _, name := range a.InheritEnv {
		if v, ok := os.LookupEnv(name); ok {
			env = append(env, name+"="+v)
		}
	}
	for _, v := range vars {
		env = append(env, v.Name+"="+v.Value)
	}
	env = append(env, a.Env...)

	ctx, cancel := r.Context(), context.CancelFunc(func() {})
	timeout := a.Timeout
	if timeout == 0 {
		timeout = DefaultCGITimeout
	}
	if timeout > 0 {
		ctx, cancel = context.WithTimeout(ctx, timeout)
	}
	defer cancel()
	if fromClient != nil {
		// A body that fails part way kills the program: what it
		// would answer to a truncated request is no answer.
		fromClient.onFail = cancel
	}

	cmd := exec.CommandContext(ctx, prog, a.Args...)
	cmd.Dir = a.Dir
	if cmd.Dir == "" {
		cmd.Dir = filepath.Dir(prog)
	}
	cmd.Env = env
	cmd.Stdin = stdin
	setProcessGroup(cmd)
	cmd.Cancel = func() error { return killProcessGroup(cmd) }
	// Pipes held open by a process that left the group (setsid) do not
	// block Wait, nor the reads of stdout below, for longer than this
	// once the program is killed.
	cmd.WaitDelay = killGrace
	errLog := &stderrLog{log: a.logger(), ctx: r.Context(), path: a.Path}
	cmd.Stderr = errLog
	stdout, pw, err := os.Pipe()
	if err == nil {
		cmd.Stdout = pw
		err = cmd.Start()
		pw.Close()
		defer stdout.Close()
	}
	if err != nil {
		a.fail(w, r, http.StatusBadGateway, oneline.Detail(ErrCGIStart, "", err))
		return
	}
	// Once the program is killed, neither its stdout nor the copy of a
	// stalled client's body into its stdin may keep the request waiting.
	defer context.AfterFunc(ctx, func() {
		_ = stdout.SetReadDeadline(time.Now().Add(killGrace))
		if fromClient != nil {
			_ = http.NewResponseController(w).SetReadDeadline(time.Now())
		}
	})()
	wait := func() error {
		err := cmd.Wait()
		errLog.flush()
		return err
	}

	maxHeader := a.MaxHeaderBytes
	if maxHeader <= 0 {
		maxHeader = DefaultCGIMaxHeaderBytes
	}
	br := bufio.NewReaderSize(stdout, 4096)
	hdr, err := readCGIHeader(br, maxHeader)
	if err == nil {
		err = checkCGIHeader(hdr, a.MaxBodyBytes)
	}
	// Timed out: the deadline came first. The request's context may
	// end after it (the server cancels it when the read of a stalled
	// body fails), but the answer is still a 504.
	timedOut := func() bool { return errors.Is(ctx.Err(), context.DeadlineExceeded) }
	if err == nil && ctx.Err() != nil {
		// A header that came after the deadline (a program that was
		// killed while it wrote it) is no answer.
		err = ctx.Err()
	}
	if err != nil {
		timed := timedOut()
		cancel()
		werr := wait()
		switch {
		case timed:
			// First: the timeout also ends a stalled body's read.
			a.fail(w, r, http.StatusGatewayTimeout, limitDetail(ErrCGITimeout, int64(timeout/time.Millisecond), "ms"))
		case fromClient.failed() != nil:
			a.failBody(w, r, fromClient.failed())
		case r.Context().Err() != nil:
			a.logger().InfoContext(r.Context(), "cgi: client went away", "path", a.Path)
		case errors.Is(err, ErrCGIHeaderTooLarge):
			a.fail(w, r, http.StatusBadGateway, limitDetail(ErrCGIHeaderTooLarge, int64(maxHeader)))
		default:
			a.fail(w, r, http.StatusBadGateway, oneline.Detail(err, "", werr))
		}
		return
	}

	status := http.StatusOK
	hasStatus := hdr["Status"] != nil
	if hasStatus {
		status, _ = strconv.Atoi(hdr["Status"][0][:3]) // checked by checkCGIHeader
	}
	delete(hdr, "Status")
	if loc := hdr.Get("Location"); loc != "" && !hasStatus {
		if a.LocalRedirect != nil && localLocation(loc) && hdr.Get("Content-Type") == "" {
			cancel()
			_ = wait()
			a.serveLocalRedirect(w, r, loc)
			return
		}
		status = http.StatusFound
	}
	for k, v := range hdr {
		w.Header()[k] = v
	}
	w.WriteHeader(status)

	err = copyBody(w, br, a.MaxBodyBytes)
	timed := timedOut()
	if err != nil || timed {
		cancel()
	}
	werr := wait()
	if timed {
		err = limitDetail(ErrCGITimeout, int64(timeout/time.Millisecond), "ms")
	}
	if berr := fromClient.failed(); berr != nil && err == nil {
		// The program was killed when the body failed: what it sent is
		// not a whole response.
		err = oneline.Detail(errReadBody, "", berr)
	}
	if err != nil {
		if !timed && r.Context().Err() != nil {
			a.logger().InfoContext(r.Context(), "cgi: client went away", "path", a.Path)
			return
		}
		a.logger().ErrorContext(r.Context(), "cgi: response cut", "path", a.Path, "err", err)
		panic(http.ErrAbortHandler)
	}
	if werr != nil {
		a.logger().WarnContext(r.Context(), "cgi: program failed after its response", "path", a.Path, "err", werr)
	}
}

// cgiStdin is a request body read by a program's stdin: the first error
// (the client went away, sent less than its Content-Length, or hit a
// limit such as http.MaxBytesReader's) is kept and reported to onFail.
type cgiStdin struct {
	r      io.Reader
	left   int64 // bytes of Content-Length not read yet
	onFail func()

	mu  sync.Mutex
	err error
}

func (s *cgiStdin) Read(p []byte) (int, error) {
	n, err := s.r.Read(p)
	s.left -= int64(n)
	if err == io.EOF && s.left > 0 {
		err = io.ErrUnexpectedEOF
	}
	if err != nil && err != io.EOF {
		s.mu.Lock()
		first := s.err == nil
		if first {
			s.err = err
		}
		s.mu.Unlock()
		if first && s.onFail != nil {
			s.onFail()
		}
	}
	return n, err
}

// failed returns the error that ended the body early, or nil (also for
// a nil s).
func (s *cgiStdin) failed() error {
	if s == nil {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err
}

// failBody answers a request whose body could not be read whole: 413
// when a limit in front of the handler cut it, else 400.
func (a *CGIApp) failBody(w http.ResponseWriter, r *http.Request, err error) {
	if r.Context().Err() != nil {
		a.logger().InfoContext(r.Context(), "cgi: client went away", "path", a.Path)
		return
	}
	code := http.StatusBadRequest
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		code = http.StatusRequestEntityTooLarge
	}
	a.fail(w, r, code, oneline.Detail(errReadBody, "", err))
}

// copyBody copies the program's output to w as it comes, flushing
// whenever the program has nothing more ready (so a program that streams
// progress is seen streaming), up to max bytes when max > 0: past it,
// the first max bytes are written and the error is ErrCGIBodyTooLarge.
// Content the status does not allow (a 204 or 304 with a body, RFC 9110
// sections 15.3.5 and 15.4.5) is read and dropped, so the response
// stays whole and the program can finish.
func copyBody(w http.ResponseWriter, br *bufio.Reader, max int64) error {
	rc := http.NewResponseController(w)
	buf := make([]byte, 32<<10)
	var n int64
	for {
		m, err := br.Read(buf)
		if m > 0 {
			chunk := buf[:m]
			over := max > 0 && n+int64(m) > max
			if over {
				chunk = buf[:max-n]
			}
			if _, werr := w.Write(chunk); werr != nil {
				if errors.Is(werr, http.ErrBodyNotAllowed) {
					_, err := io.Copy(io.Discard, br)
					return err
				}
				return werr
			}
			if over {
				_ = rc.Flush()
				return limitDetail(ErrCGIBodyTooLarge, max)
			}
			n += int64(m)
			if br.Buffered() == 0 {
				_ = rc.Flush()
			}
		}
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// serveLocalRedirect serves a local redirect: a GET for loc, with the
// request's header fields but no body.
func (a *CGIApp) serveLocalRedirect(w http.ResponseWriter, r *http.Request, loc string) {
	depth, _ := r.Context().Value(localRedirectKey{}).(int)
	if depth >= maxLocalRedirects {
		a.fail(w, r, http.StatusBadGateway, oneline.Detail(ErrMalformedCGIResponse, "more than "+strconv.Itoa(maxLocalRedirects)+" local redirects"))
		return
	}
	u, err := url.ParseRequestURI(loc)
	if err != nil {
		a.fail(w, r, http.StatusBadGateway, oneline.Detail(ErrMalformedCGIResponse, "Location "+oneline.Quote(loc)))
		return
	}
	ctx := context.WithValue(r.Context(), localRedirectKey{}, depth+1)
	if webob.ScriptNameFrom(ctx) != "" {
		// loc is a path from the server's root, not from this
		// program's mount point: LocalRedirect routes it afresh.
		ctx = webob.WithScriptName(ctx, "")
	}
	r2 := r.Clone(ctx)
	r2.Method = http.MethodGet
	r2.URL = u
	r2.RequestURI = loc
	r2.Body = http.NoBody
	r2.ContentLength = 0
	r2.Header.Del("Content-Type")
	r2.Header.Del("Content-Length")
	a.LocalRedirect.ServeHTTP(w, r2)
}

// localRedirectKey is the context key of the number of local redirects
// a request went through; maxLocalRedirects bounds it, so a program that
// redirects to itself cannot loop.
type localRedirectKey struct{}

const maxLocalRedirects = 10

// localLocation reports whether loc is a local-Location of RFC 3875
// §6.2.2: an absolute path, not a network-path reference ("//host") nor
// its backslash variants browsers accept.
func localLocation(loc string) bool {
	return strings.HasPrefix(loc, "/") && !strings.HasPrefix(loc, "//") && !strings.HasPrefix(loc, "/\\")
}

// limitDetail returns err with the limit's value as detail.
func limitDetail(err error, limit int64, unit ...string) error {
	u := " bytes"
	if len(unit) > 0 {
		u = " " + unit[0]
	}
	return oneline.Detail(err, strconv.FormatInt(limit, 10)+u)
}

// hasEnvName reports whether name is in names or set by an entry of env.
func hasEnvName(names, env []string, name string) bool {
	for _, n := range names {
		if n == name {
			return true
		}
	}
	for _, e := range env {
		if k, _, _ := strings.Cut(e, "="); k == name {
			return true
		}
	}
	return false
}

// readCGIHeader reads the header section of a CGI response from br: the
// field lines up to an empty line (LF or CRLF ends a line) or the end of
// the output, max bytes at most. Field names must be tokens and values
// valid field values (no CTL); a line without a colon or starting with
// white space (obsolete folding) is malformed. A field repeated is added.
func readCGIHeader(br *bufio.Reader, max int) (http.Header, error) {
	hdr := make(http.Header)
	n := 0
	var line []byte
	for {
		line = line[:0]
		eof := false
		for {
			frag, err := br.ReadSlice('\n')
			n += len(frag)
			if n > max {
				return nil, ErrCGIHeaderTooLarge
			}
			line = append(line, frag...)
			if err == nil {
				break
			}
			if errors.Is(err, bufio.ErrBufferFull) {
				continue
			}
			if errors.Is(err, io.EOF) {
				eof = true
				break
			}
			return nil, oneline.Detail(ErrMalformedCGIResponse, "reading the header", err)
		}
		l := bytes.TrimSuffix(bytes.TrimSuffix(line, []byte("\n")), []byte("\r"))
		if len(l) == 0 {
			if eof && len(hdr) == 0 {
				return nil, oneline.Detail(ErrMalformedCGIResponse, "no header section")
			}
			return hdr, nil
		}
		name, value, ok := bytes.Cut(l, []byte(":"))
		if !ok {
			return nil, oneline.Detail(ErrMalformedCGIResponse, "header line without colon "+oneline.Quote(string(l)))
		}
		k := string(name)
		if !headers.ValidFieldName(k) {
			return nil, oneline.Detail(ErrMalformedCGIResponse, "invalid field name "+oneline.Quote(k))
		}
		v := string(bytes.Trim(value, " \t"))
		if !headers.ValidFieldValue(v) {
			return nil, oneline.Detail(ErrMalformedCGIResponse, "invalid value of "+k+" "+oneline.Quote(v))
		}
		hdr.Add(k, v)
		if eof {
			return hdr, nil
		}
	}
}

// hopByHop are the fields of a CGI response that describe the program's
// connection, not the response: the server's own connection decides them.
var hopByHop = []string{"Connection", "Keep-Alive", "Proxy-Connection", "Te", "Trailer", "Transfer-Encoding", "Upgrade"}

// checkCGIHeader checks the fields the server interprets (Status,
// Content-Length against maxBody when positive) and drops the hop-by-hop
// ones.
func checkCGIHeader(hdr http.Header, maxBody int64) error {
	if st := hdr["Status"]; st != nil {
		if len(st) > 1 {
			return oneline.Detail(ErrMalformedCGIResponse, "several Status fields")
		}
		s := st[0]
		code := 0
		if len(s) >= 3 && (len(s) == 3 || s[3] == ' ') {
			for i := 0; i < 3; i++ {
				if c := s[i]; '0' <= c && c <= '9' {
					code = code*10 + int(c-'0')
				} else {
					code = 0
					break
				}
			}
		}
		if code < 200 || code > 599 {
			return oneline.Detail(ErrMalformedCGIResponse, "Status "+oneline.Quote(s))
		}
	}
	if cl := hdr["Content-Length"]; cl != nil {
		n, err := headers.ParseContentLength(cl)
		if err != nil {
			return oneline.Detail(ErrMalformedCGIResponse, "Content-Length", err)
		}
		if maxBody > 0 && n > maxBody {
			return limitDetail(ErrCGIBodyTooLarge, maxBody)
		}
	}
	for _, k := range hopByHop {
		delete(hdr, k)
	}
	return nil
}

// spool reads body to its end into memory, then into a temporary file
// past spoolMemory bytes, up to max bytes (no cap when max < 0). It
// returns a reader of what it read, its length, and a cleanup function
// to call in every case.
func spool(body io.Reader, max int64) (io.Reader, int64, func(), error) {
	noop := func() {}
	memMax := int64(spoolMemory)
	if max >= 0 && max < memMax {
		memMax = max
	}
	var buf bytes.Buffer
	n, err := io.Copy(&buf, io.LimitReader(body, memMax+1))
	if err != nil {
		return nil, 0, noop, oneline.Detail(errReadBody, "", err)
	}
	if n <= memMax {
		return bytes.NewReader(buf.Bytes()), n, noop, nil
	}
	if max >= 0 && n > max {
		return nil, 0, noop, limitDetail(ErrRequestBodyTooLarge, max)
	}
	f, err := os.CreateTemp("", "webob-cgi-body-*")
	if err != nil {
		return nil, 0, noop, err
	}
	cleanup := func() {
		f.Close()
		os.Remove(f.Name())
	}
	if _, err := f.Write(buf.Bytes()); err != nil {
		return nil, 0, cleanup, err
	}
	rest := body
	if max >= 0 {
		rest = io.LimitReader(body, max-n+1)
	}
	m, err := io.Copy(f, rest)
	if err != nil {
		return nil, 0, cleanup, oneline.Detail(errReadBody, "", err)
	}
	n += m
	if max >= 0 && n > max {
		return nil, 0, cleanup, limitDetail(ErrRequestBodyTooLarge, max)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, 0, cleanup, err
	}
	return f, n, cleanup, nil
}

// stderrLog logs what a program writes to stderr, one record per line,
// lines cut at stderrMaxLine bytes and at most stderrMaxLines records;
// what is left out is counted in a last record.
type stderrLog struct {
	log     *slog.Logger
	ctx     context.Context
	path    string
	line    []byte
	cut     bool // the current line went over stderrMaxLine
	lines   int
	dropped int64 // bytes not logged
}

// Write logs the complete lines of p and keeps the last partial one.
func (s *stderrLog) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 {
		i := bytes.IndexByte(p, '\n')
		chunk := p
		if i >= 0 {
			chunk = p[:i]
		}
		if room := stderrMaxLine - len(s.line); len(chunk) > room {
			s.line = append(s.line, chunk[:room]...)
			s.cut = true
		} else {
			s.line = append(s.line, chunk...)
		}
		if i < 0 {
			break
		}
		s.emit()
		p = p[i+1:]
	}
	return n, nil
}

// emit logs the current line, or counts it once the record cap is hit.
func (s *stderrLog) emit() {
	line := strings.TrimSuffix(string(s.line), "\r")
	if s.lines >= stderrMaxLines {
		s.dropped += int64(len(line)) + 1
	} else {
		s.lines++
		attrs := []any{"path", s.path, "line", line}
		if s.cut {
			attrs = append(attrs, "cut", true)
		}
		s.log.WarnContext(s.ctx, "cgi: stderr", attrs...)
	}
	s.line, s.cut = s.line[:0], false
}

// flush logs a last line without a newline and the count of what was
// not logged.
func (s *stderrLog) flush() {
	if len(s.line) > 0 {
		s.emit()
	}
	if s.dropped > 0 {
		s.log.WarnContext(s.ctx, "cgi: stderr lines not logged", "path", s.path, "bytes", s.dropped, "limit_lines", stderrMaxLines)
	}
}

// ServeCGI serves one request with h from inside a CGI program: the
// request comes from the process environment and stdin, read by
// RequestFromEnviron (so SCRIPT_NAME becomes the mount prefix and a
// handler routes on PATH_INFO), and the response goes to stdout in the
// CGI format (RFC 3875 §6: a Status field, the header fields, a blank
// line, the body), as net/http/cgi.Serve writes it: Content-Type sniffed
// from the first bytes when the handler set none, Flush supported. A
// malformed environment — one RequestFromEnviron refuses — is answered
// 400, never left without an answer. Header fields that are not safe to
// write (a name that is not a token, a value with a control byte) are
// left out. Call it from main of a program a web server runs as CGI:
//
//	func main() {
//		if err := compat.ServeCGI(handler); err != nil {
//			log.Fatal(err)
//		}
//	}
//
// The error is that of writing to stdout.
func ServeCGI(h http.Handler) error {
	env := make(map[string]string)
	for _, kv := range os.Environ() {
		if k, v, ok := strings.Cut(kv, "="); ok {
			env[k] = v
		}
	}
	return serveCGIEnv(h, env, os.Stdin, os.Stdout)
}

// serveCGIEnv is ServeCGI with its environment, stdin and stdout given.
func serveCGIEnv(h http.Handler, env map[string]string, stdin io.Reader, stdout io.Writer) error {
	w := &cgiResponseWriter{bw: bufio.NewWriter(stdout), header: make(http.Header)}
	r, err := RequestFromEnviron(env, stdin)
	if err != nil {
		// No request to hand to h: a stand-in one, with the Accept of
		// the environment when it has a usable one, for the error page.
		er := &http.Request{Method: http.MethodGet, URL: &url.URL{Path: "/"}, Proto: "HTTP/1.0", ProtoMajor: 1,
			Header: make(http.Header), Body: http.NoBody, Host: "localhost"}
		if a := env["HTTP_ACCEPT"]; headers.ValidFieldValue(a) {
			er.Header.Set("Accept", a)
		}
		webob.NewHTTPError(http.StatusBadRequest, err.Error()).WithErr(err).Response(webob.NewRequest(er, nil)).ServeHTTP(w, er)
	} else {
		h.ServeHTTP(w, r)
	}
	return w.finish()
}

// cgiResponseWriter writes a response in the CGI format to a program's
// stdout: the header section at the first byte of body (or at Flush, or
// at the end), then the body.
type cgiResponseWriter struct {
	bw         *bufio.Writer
	header     http.Header
	status     int  // 0 until WriteHeader
	headerSent bool // the header section is written
	err        error
}

func (w *cgiResponseWriter) Header() http.Header { return w.header }

// WriteHeader records the status; informational ones (1xx) have no CGI
// form and are ignored, and a code outside 100-999 is taken as 500.
func (w *cgiResponseWriter) WriteHeader(code int) {
	if w.status != 0 || (code >= 100 && code < 200) {
		return
	}
	if code < 100 || code > 999 {
		code = http.StatusInternalServerError
	}
	w.status = code
}

func (w *cgiResponseWriter) Write(p []byte) (int, error) {
	w.sendHeader(p)
	if w.err != nil {
		return 0, w.err
	}
	if !bodyAllowedForStatus(w.status) {
		return 0, http.ErrBodyNotAllowed
	}
	n, err := w.bw.Write(p)
	if err != nil && w.err == nil {
		w.err = err
	}
	return n, err
}

// Flush sends what was written so far.
func (w *cgiResponseWriter) Flush() {
	w.sendHeader(nil)
	if err := w.bw.Flush(); err != nil && w.err == nil {
		w.err = err
	}
}

// sendHeader writes the header section once; first is the start of the
// body, for sniffing a missing Content-Type.
func (w *cgiResponseWriter) sendHeader(first []byte) {
	if w.headerSent {
		return
	}
	w.headerSent = true
	if w.status == 0 {
		w.status = http.StatusOK
	}
	if _, ok := w.header["Content-Type"]; !ok && len(first) > 0 && bodyAllowedForStatus(w.status) {
		w.header.Set("Content-Type", http.DetectContentType(first))
	}
	w.bw.WriteString("Status: " + strconv.Itoa(w.status))
	if text := http.StatusText(w.status); text != "" {
		w.bw.WriteString(" " + text)
	}
	w.bw.WriteString("\r\n")
	keys := make([]string, 0, len(w.header))
	for k := range w.header {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if !headers.ValidFieldName(k) || strings.EqualFold(k, "Status") {
			continue
		}
		for _, v := range w.header[k] {
			v = strings.Trim(v, " \t")
			if !headers.SafeFieldValue(v) {
				continue // a CR, LF or NUL never reaches the server
			}
			w.bw.WriteString(k + ": " + v + "\r\n")
		}
	}
	w.bw.WriteString("\r\n")
}

// finish ends the response: the header section if nothing was written.
func (w *cgiResponseWriter) finish() error {
	w.sendHeader(nil)
	if err := w.bw.Flush(); err != nil && w.err == nil {
		w.err = err
	}
	return w.err
}

// bodyAllowedForStatus reports whether a response with this status may
// have a body (RFC 9110 sections 15.3.5 and 15.4.5).
func bodyAllowedForStatus(code int) bool {
	return code != http.StatusNoContent && code != http.StatusNotModified
}
