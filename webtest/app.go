package webtest

import (
	"bytes"
	"crypto/tls"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/webob-go/webob/middleware"
)

// An App drives an http.Handler in-process (New) or a live server (NewRemote)
// the way a browser would: it keeps cookies in a Jar, follows redirects and
// submits forms on request, and fails the test on an unexpected 4xx/5xx
// answer or, in-process, on a protocol error Lint finds.
type App struct {
	tb        testing.TB
	h         http.Handler // in-process; nil for a remote App
	client    *http.Client // remote
	base      *url.URL
	jar       *Jar
	header    http.Header
	redirects int
	lint      func(http.Handler) http.Handler // remote: replays each answer through Lint
}

type config struct {
	lint       bool
	lintIgnore []string
	base       string
	jar        *JarOptions
	header     http.Header
	redirects  int
	client     *http.Client
}

// An Option configures New and NewRemote.
type Option func(*config)

// WithLint runs every response through middleware.Lint and fails the test
// (tb.Errorf) on each protocol error it reports, except the checks named
// in ignore (middleware.Lint* constants). It is on by default, like
// WebTest's lint=True. A remote App replays each answer, as received,
// through Lint: what the client transport hides (1xx, chunking, a
// transparent gzip) is not seen.
func WithLint(ignore ...string) Option {
	return func(c *config) { c.lint, c.lintIgnore = true, append(c.lintIgnore, ignore...) }
}

// WithoutLint turns the default Lint off.
func WithoutLint() Option { return func(c *config) { c.lint = false } }

// WithBaseURL sets the URL relative targets resolve against. The default
// is "http://localhost/" in-process; NewRemote takes it as an argument.
func WithBaseURL(base string) Option { return func(c *config) { c.base = base } }

// WithJarOptions configures the App's cookie jar (clock, public suffix
// list, caps).
func WithJarOptions(o JarOptions) Option { return func(c *config) { c.jar = &o } }

// WithClock gives the cookie jar a clock, for tests of expiry.
func WithClock(now func() time.Time) Option {
	return func(c *config) {
		if c.jar == nil {
			c.jar = &JarOptions{}
		}
		c.jar.Now = now
	}
}

// WithHeader adds a header field sent with every request.
func WithHeader(name, value string) Option {
	return func(c *config) { c.header.Add(name, value) }
}

// WithMaxRedirects bounds MaybeFollow (default 10).
func WithMaxRedirects(n int) Option { return func(c *config) { c.redirects = n } }

// WithClient sets the http.Client of a remote App (default: a client with
// no jar of its own that does not follow redirects).
func WithClient(cl *http.Client) Option { return func(c *config) { c.client = cl } }

func newApp(tb testing.TB, base string, opts []Option) (*App, *config) {
	tb.Helper()
	c := &config{lint: true, base: base, header: http.Header{}, redirects: 10}
	for _, o := range opts {
		o(c)
	}
	u, err := url.Parse(c.base)
	if err != nil || u.Scheme == "" || u.Host == "" {
		tb.Fatalf("webtest: base URL %q is not absolute", c.base)
		return nil, nil
	}
	a := &App{tb: tb, base: u, jar: NewJar(c.jar), header: c.header, redirects: c.redirects}
	return a, c
}

// New returns an App that calls h in-process, with no socket: each request
// runs h.ServeHTTP on the test's goroutine against a recorder.
func New(tb testing.TB, h http.Handler, opts ...Option) *App {
	tb.Helper()
	a, c := newApp(tb, "http://localhost/", opts)
	if a == nil {
		return nil
	}
	a.h = h
	if c.lint {
		a.h = lint(tb, c)(h)
	}
	return a
}

// lint returns middleware.Lint failing tb on each problem.
func lint(tb testing.TB, c *config) func(http.Handler) http.Handler {
	return middleware.Lint(&middleware.LintOptions{
		Ignore: c.lintIgnore,
		OnProblem: func(r *http.Request, p middleware.LintProblem) {
			tb.Helper()
			tb.Errorf("webtest: %s %s: lint: %s", r.Method, r.URL.RequestURI(), p)
		},
	})
}

// replay is a handler that writes a response received from a remote
// server again, for Lint to check. What the client changed on the way is
// undone: a Content-Length is dropped where no body arrived by design
// (HEAD, 1xx, 204, 304) or the transport decompressed the body.
func replay(res *http.Response, body []byte) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		for k, vs := range res.Header {
			h[k] = vs
		}
		c := res.StatusCode
		noBody := r.Method == http.MethodHead || c < 200 || c == http.StatusNoContent || c == http.StatusNotModified
		if noBody || res.Uncompressed {
			delete(h, "Content-Length")
		}
		w.WriteHeader(c)
		if !noBody {
			w.Write(body)
		}
	})
}

// NewRemote returns an App that sends its requests to the server at
// baseURL through an http.Client, keeping cookies in its own Jar.
func NewRemote(tb testing.TB, baseURL string, opts ...Option) *App {
	tb.Helper()
	a, c := newApp(tb, baseURL, opts)
	if a == nil {
		return nil
	}
	a.client = c.client
	if c.lint {
		a.lint = lint(tb, c)
	}
	if a.client == nil {
		a.client = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		}}
	}
	return a
}

// Jar returns the App's cookie jar: an http.CookieJar that can also list
// (All, Value) and set (Set, SetCookieLines) cookies.
func (a *App) Jar() *Jar { return a.jar }

// A RequestOption adjusts one request.
type RequestOption func(*reqConfig)

type upload struct {
	field, filename, contentType string
	content                      []byte
}

type reqConfig struct {
	header   http.Header
	cookies  []string
	query    url.Values
	uploads  []upload
	status   []int
	lo, hi   int
	expected bool
}

// Header adds a request header field.
func Header(name, value string) RequestOption {
	return func(c *reqConfig) { c.hdr().Add(name, value) }
}

// WithCookie sends a cookie with this request besides those of the jar.
func WithCookie(name, value string) RequestOption {
	return func(c *reqConfig) { c.cookies = append(c.cookies, name+"="+value) }
}

// Query adds a query parameter to the target.
func Query(name, value string) RequestOption {
	return func(c *reqConfig) {
		if c.query == nil {
			c.query = url.Values{}
		}
		c.query.Add(name, value)
	}
}

// Upload adds a file to the request, which makes its body
// multipart/form-data (written with multipart.FormWriter) holding the form
// fields of PostForm, if any, then the files. contentType "" means
// application/octet-stream.
func Upload(field, filename, contentType string, content []byte) RequestOption {
	return func(c *reqConfig) {
		c.uploads = append(c.uploads, upload{field, filename, contentType, content})
	}
}

// BasicAuth sends an Authorization header with the Basic scheme.
func BasicAuth(user, password string) RequestOption {
	return func(c *reqConfig) {
		r := http.Request{Header: http.Header{}}
		r.SetBasicAuth(user, password)
		c.hdr().Set("Authorization", r.Header.Get("Authorization"))
	}
}

// XHR marks the request as sent by XMLHttpRequest
// (X-Requested-With: XMLHttpRequest), like WebTest's xhr=True.
func XHR() RequestOption {
	return func(c *reqConfig) { c.hdr().Set("X-Requested-With", "XMLHttpRequest") }
}

// Status says which status codes the request expects (WebTest's status=):
// any other fails the test, 4xx and 5xx included. Combine with StatusRange.
func Status(codes ...int) RequestOption {
	return func(c *reqConfig) { c.status, c.expected = append(c.status, codes...), true }
}

// StatusRange expects a status from lo to hi inclusive; StatusRange(100,
// 599) accepts any answer (WebTest's status="*").
func StatusRange(lo, hi int) RequestOption {
	return func(c *reqConfig) { c.lo, c.hi, c.expected = lo, hi, true }
}

// hdr returns the request header, made on first use.
func (c *reqConfig) hdr() http.Header {
	if c.header == nil {
		c.header = http.Header{}
	}
	return c.header
}

func (c *reqConfig) statusOK(code int) bool {
	if !c.expected {
		return code < 400
	}
	if c.hi != 0 && code >= c.lo && code <= c.hi {
		return true
	}
	for _, s := range c.status {
		if s == code {
			return true
		}
	}
	return false
}

func (c *reqConfig) expectation() string {
	if !c.expected {
		return "a status below 400"
	}
	var b []byte
	for i, s := range c.status {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = strconv.AppendInt(b, int64(s), 10)
	}
	if c.hi != 0 {
		if len(b) > 0 {
			b = append(b, " or "...)
		}
		b = strconv.AppendInt(b, int64(c.lo), 10)
		b = append(b, '-')
		b = strconv.AppendInt(b, int64(c.hi), 10)
	}
	return string(b)
}

// Get sends a GET request for target, a path ("/p?q") resolved against
// the base URL or an absolute URL, whose scheme, host and port then make
// those of the request.
func (a *App) Get(target string, opts ...RequestOption) *Response {
	a.tb.Helper()
	return a.send(http.MethodGet, target, "", nil, nil, opts)
}

// Head sends a HEAD request.
func (a *App) Head(target string, opts ...RequestOption) *Response {
	a.tb.Helper()
	return a.send(http.MethodHead, target, "", nil, nil, opts)
}

// Options sends an OPTIONS request.
func (a *App) Options(target string, opts ...RequestOption) *Response {
	a.tb.Helper()
	return a.send(http.MethodOptions, target, "", nil, nil, opts)
}

// Delete sends a DELETE request.
func (a *App) Delete(target string, opts ...RequestOption) *Response {
	a.tb.Helper()
	return a.send(http.MethodDelete, target, "", nil, nil, opts)
}

// Post sends a POST request with the given body and Content-Type (both
// may be empty; Upload options then make a multipart body).
func (a *App) Post(target, contentType string, body []byte, opts ...RequestOption) *Response {
	a.tb.Helper()
	return a.send(http.MethodPost, target, contentType, body, nil, opts)
}

// Put sends a PUT request, like Post.
func (a *App) Put(target, contentType string, body []byte, opts ...RequestOption) *Response {
	a.tb.Helper()
	return a.send(http.MethodPut, target, contentType, body, nil, opts)
}

// Patch sends a PATCH request, like Post.
func (a *App) Patch(target, contentType string, body []byte, opts ...RequestOption) *Response {
	a.tb.Helper()
	return a.send(http.MethodPatch, target, contentType, body, nil, opts)
}

// PostForm sends form as an application/x-www-form-urlencoded POST body,
// or as multipart/form-data when Upload options add files.
func (a *App) PostForm(target string, form url.Values, opts ...RequestOption) *Response {
	a.tb.Helper()
	var fields []field
	for k, vs := range form {
		for _, v := range vs {
			fields = append(fields, field{name: k, value: v})
		}
	}
	sortFields(fields)
	return a.send(http.MethodPost, target, "", nil, fields, opts)
}

// PostJSON sends v encoded as JSON with Content-Type application/json.
func (a *App) PostJSON(target string, v any, opts ...RequestOption) *Response {
	a.tb.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		a.tb.Fatalf("webtest: POST %s: encoding JSON: %v", target, err)
		return nil
	}
	return a.send(http.MethodPost, target, "application/json", b, nil, opts)
}

// Do sends r as it is (its URL must be absolute or a path), adding the
// jar's cookies and the App's headers.
func (a *App) Do(r *http.Request, opts ...RequestOption) *Response {
	a.tb.Helper()
	var body []byte
	if r.Body != nil {
		var err error
		body, err = io.ReadAll(r.Body)
		r.Body.Close()
		if err != nil {
			a.tb.Fatalf("webtest: %s %s: reading body: %v", r.Method, r.URL, err)
			return nil
		}
	}
	opts = append([]RequestOption{func(c *reqConfig) {
		for k, vs := range r.Header {
			c.hdr()[k] = append(c.hdr()[k], vs...)
		}
	}}, opts...)
	return a.send(r.Method, r.URL.String(), "", body, nil, opts)
}

// resolve makes target absolute against the base URL.
func (a *App) resolve(target string) (*url.URL, error) {
	u, err := url.Parse(target)
	if err != nil {
		return nil, err
	}
	u = a.base.ResolveReference(u)
	u.Fragment, u.RawFragment = "", ""
	return u, nil
}

// send builds, sends and checks one request. A multipart or urlencoded
// body is built from fields when fields is not nil or uploads are given.
func (a *App) send(method, target, contentType string, body []byte, fields []field, opts []RequestOption) *Response {
	a.tb.Helper()
	rc := &reqConfig{}
	for _, o := range opts {
		o(rc)
	}
	u, err := a.resolve(target)
	if err != nil {
		a.tb.Fatalf("webtest: %s %s: %v", method, target, err)
		return nil
	}
	if rc.query != nil {
		q := u.Query()
		for k, vs := range rc.query {
			q[k] = append(q[k], vs...)
		}
		u.RawQuery = q.Encode()
	}
	if fields != nil || len(rc.uploads) > 0 {
		enc := "application/x-www-form-urlencoded"
		if len(rc.uploads) > 0 {
			enc = "multipart/form-data"
			for _, up := range rc.uploads {
				fields = append(fields, field{name: up.field, file: true, filename: up.filename,
					contentType: up.contentType, content: up.content})
			}
		}
		if contentType, body, err = encodeFields(enc, fields); err != nil {
			a.tb.Fatalf("webtest: %s %s: %v", method, u, err)
			return nil
		}
	}
	return a.do(method, u, contentType, body, rc)
}

// do sends a request to the absolute URL u.
func (a *App) do(method string, u *url.URL, contentType string, body []byte, rc *reqConfig) *Response {
	a.tb.Helper()
	var rd io.Reader = http.NoBody
	if body != nil {
		rd = bytes.NewReader(body)
	}
	var req *http.Request
	if a.h != nil {
		// The request a server would build: origin-form URL, Host from
		// the target, TLS state for https. Built directly rather than
		// through httptest.NewRequest, which formats and parses it again.
		var rcl io.ReadCloser = http.NoBody
		if body != nil {
			rcl = io.NopCloser(rd)
		}
		req = (&http.Request{
			Method:        method,
			URL:           &url.URL{Path: u.Path, RawPath: u.RawPath, RawQuery: u.RawQuery},
			Proto:         "HTTP/1.1",
			ProtoMajor:    1,
			ProtoMinor:    1,
			Header:        make(http.Header),
			Body:          rcl,
			ContentLength: int64(len(body)),
			Host:          u.Host,
			RemoteAddr:    "127.0.0.1:1234",
			RequestURI:    u.RequestURI(),
		}).WithContext(a.tb.Context())
		if req.URL.Path == "" {
			req.URL.Path = "/"
		}
		if isSecure(u) {
			req.TLS = &tls.ConnectionState{Version: tls.VersionTLS13, HandshakeComplete: true, ServerName: u.Hostname()}
		}
	} else {
		var err error
		req, err = http.NewRequestWithContext(a.tb.Context(), method, u.String(), rd)
		if err != nil {
			a.tb.Fatalf("webtest: %s %s: %v", method, u, err)
			return nil
		}
	}
	if body == nil {
		req.ContentLength = 0
	}
	for k, vs := range a.header {
		req.Header[k] = append([]string(nil), vs...)
	}
	for k, vs := range rc.header {
		req.Header[k] = append(req.Header[k], vs...)
	}
	if contentType != "" && req.Header.Get("Content-Type") == "" {
		req.Header.Set("Content-Type", contentType)
	}
	// The jar's cookies, then those of WithCookie, then any Cookie field
	// given as a header (Header, Do): none replaces another.
	ck := a.jar.CookieHeader(u)
	if given := req.Header.Values("Cookie"); len(given) > 0 {
		rc.cookies = append(rc.cookies, given...)
	}
	for _, c := range rc.cookies {
		if ck != "" {
			ck += "; "
		}
		ck += c
	}
	if ck != "" {
		req.Header.Set("Cookie", ck)
	}
	for k, vs := range req.Header {
		for _, v := range vs {
			if strings.ContainsAny(k, "\r\n\x00:") || strings.ContainsAny(v, "\r\n\x00") {
				a.tb.Fatalf("webtest: %s %s: header %q: CR, LF or NUL in a field", method, u, k)
				return nil
			}
		}
	}
	var res *http.Response
	var out []byte
	if a.h != nil {
		rec := httptest.NewRecorder()
		a.h.ServeHTTP(rec, req)
		res = rec.Result()
		out = rec.Body.Bytes()
		if method == http.MethodHead {
			out = nil // a server sends no body in answer to HEAD
		}
	} else {
		var err error
		res, err = a.client.Do(req)
		if err != nil {
			a.tb.Fatalf("webtest: %s %s: %v", method, u, err)
			return nil
		}
		out, err = io.ReadAll(res.Body)
		res.Body.Close()
		if err != nil {
			a.tb.Fatalf("webtest: %s %s: reading body: %v", method, u, err)
			return nil
		}
		if a.lint != nil {
			a.lint(replay(res, out)).ServeHTTP(httptest.NewRecorder(), req)
		}
	}
	res.Request = req
	if lines := res.Header.Values("Set-Cookie"); len(lines) > 0 {
		a.jar.SetCookieLines(u, lines...)
	}
	r := &Response{app: a, res: res, body: out, url: u, method: method, reqBody: body,
		contentType: contentType}
	if !rc.statusOK(res.StatusCode) {
		a.tb.Errorf("webtest: %s %s: status %d, expected %s; body: %s", method, u, res.StatusCode,
			rc.expectation(), bodyStart(out))
	}
	return r
}

// bodyStart returns the start of a body for an error message, quoted.
func bodyStart(b []byte) string {
	const max = 200
	s := string(b)
	if len(s) > max {
		s = s[:max] + "..."
	}
	return strconv.Quote(strings.TrimSpace(s))
}
