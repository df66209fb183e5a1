package middleware

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/webob-go/webob/headers"
)

// CORSOptions configures CORS. The zero value (and nil) allows simple
// requests from every origin but "null", without credentials.
type CORSOptions struct {
	// Origins lists the origins allowed, each one of:
	//   - an exact origin, "https://app.example.com" or
	//     "http://localhost:8080" (compared without regard to ASCII case);
	//   - a subdomain pattern, "https://*.example.com": one or more whole
	//     DNS labels in place of "*", so it matches
	//     "https://a.example.com" and "https://a.b.example.com" but not
	//     "https://example.com", "https://evilexample.com" or
	//     "https://a.example.com.evil.net";
	//   - "*": every origin (but "null", see AllowNullOrigin).
	// No Origins and no OriginFunc means "*". CORS panics on a pattern
	// with a "*" anywhere else, or a value holding a control byte.
	Origins []string

	// OriginFunc, when set, is asked about the well-formed origins
	// (scheme://host[:port]) Origins does not allow; true allows it. The
	// origin is passed as sent.
	OriginFunc func(r *http.Request, origin string) bool

	// AllowNullOrigin allows the origin "null" (sandboxed iframes, file:
	// pages, some redirects), which "*" does not include: any page can
	// make its requests carry "null", so allowing it is allowing
	// everyone. Listing "null" in Origins does the same.
	AllowNullOrigin bool

	// Methods lists the methods allowed besides the CORS-safelisted GET,
	// HEAD and POST, which are always allowed (Fetch standard). Methods
	// are case-sensitive (RFC 9110 §9.1). nil means none besides those.
	// "*" allows every method.
	Methods []string

	// Headers lists the request headers a preflight may announce in
	// Access-Control-Request-Headers, compared without regard to case.
	// nil means Accept, Accept-Language, Content-Language, Content-Type
	// and X-Requested-With. "*" allows every header.
	Headers []string

	// ExposedHeaders lists the response headers scripts may read besides
	// the CORS-safelisted ones (Access-Control-Expose-Headers).
	ExposedHeaders []string

	// Credentials allows requests with cookies or HTTP authentication
	// (Access-Control-Allow-Credentials: true). With it the allowed
	// origin is always echoed, never "*", which browsers refuse together
	// with credentials.
	Credentials bool

	// MaxAge is how long, in seconds, browsers may cache a preflight's
	// answer (Access-Control-Max-Age). 0 sends nothing (browsers then
	// use 5 seconds); a negative value sends 0, which turns caching off.
	MaxAge int

	// PreflightStatus is the status of the answer to a preflight request.
	// 0 means 204 No Content.
	PreflightStatus int

	// PassthroughPreflight passes preflight requests on to the wrapped
	// handler (with the CORS headers already set) instead of answering
	// them.
	PassthroughPreflight bool

	// AllowPrivateNetwork answers a preflight carrying
	// "Access-Control-Request-Private-Network: true" with
	// "Access-Control-Allow-Private-Network: true" (Private Network
	// Access), letting public sites reach this server on a private
	// network. Off by default.
	AllowPrivateNetwork bool

	// MaxRequestHeaders caps the number of names a preflight's
	// Access-Control-Request-Headers may list; a preflight over the cap is
	// refused. 0 means 64.
	MaxRequestHeaders int
}

// Header values set by CORS, shared by every response. Slices are
// clipped so that an append by a handler copies them.
var (
	corsTrue          = []string{"true"}
	corsStar          = []string{"*"}
	varyOriginLine    = []string{"Origin"}
	varyPreflightLine = []string{"Origin, Access-Control-Request-Method, Access-Control-Request-Headers"}
	varyPreflightPNA  = []string{"Origin, Access-Control-Request-Method, Access-Control-Request-Headers, Access-Control-Request-Private-Network"}
)

// safelistedMethods are the CORS-safelisted methods, always allowed.
var safelistedMethods = [...]string{http.MethodGet, http.MethodHead, http.MethodPost}

// defaultCORSHeaders are the request headers allowed when
// CORSOptions.Headers is nil.
var defaultCORSHeaders = []string{"Accept", "Accept-Language", "Content-Language", "Content-Type", "X-Requested-With"}

// originPattern is a subdomain pattern "scheme://*.rest" split around the
// "*": prefix "scheme://", suffix ".rest".
type originPattern struct{ prefix, suffix string }

type corsMethod struct {
	name string
	val  []string // the value of Access-Control-Allow-Methods for it
}

type cors struct {
	next        http.Handler
	anyOrigin   bool
	exact       []string   // lower-cased exact origins
	exactVals   [][]string // the values to echo for exact[i]
	patterns    []originPattern
	fn          func(*http.Request, string) bool
	allowNull   bool
	anyMethod   bool
	methods     []corsMethod
	anyHeader   bool
	headers     []string // allowed request headers
	exposed     []string // Access-Control-Expose-Headers value, nil for none
	creds       bool
	maxAge      []string // Access-Control-Max-Age value, nil for none
	status      int
	passthrough bool
	pna         bool
	maxHeaders  int
	varyPre     []string
}

// CORS returns middleware that implements Cross-Origin Resource Sharing
// as the Fetch standard defines it (the successor of the W3C CORS
// recommendation; RFC 6454 for origins):
//   - a preflight (OPTIONS with Origin and Access-Control-Request-Method)
//     is answered with PreflightStatus (204) and not passed on (unless
//     PassthroughPreflight). When the origin, the method and every
//     announced header are allowed it carries
//     Access-Control-Allow-Origin, -Methods (the method asked for),
//     -Headers (the headers asked for), -Credentials, -Max-Age and
//     -Private-Network as configured; otherwise none of them, so the
//     browser refuses the request;
//   - any other request from an allowed origin gets
//     Access-Control-Allow-Origin, -Credentials and -Expose-Headers, and
//     goes on to the handler, as does every other request untouched but
//     for Vary;
//   - "Vary: Origin" is added to every response, and to every OPTIONS
//     response also Access-Control-Request-Method and
//     Access-Control-Request-Headers (and -Private-Network with
//     AllowPrivateNetwork), whether the request was allowed or not, so
//     shared caches never serve one origin's answer to another;
//   - "*" is sent only for "every origin" without credentials; with
//     credentials the origin is echoed;
//   - Access-Control-Request-Headers is read as a comma-separated list of
//     tokens over all its lines, names compared without regard to case;
//     an element that is not a token, or more than MaxRequestHeaders
//     elements, fails the preflight.
//
// Unlike rs/cors, subdomain patterns match whole labels only, "null" is
// never allowed by "*", and the safelisted methods need no listing.
// CORS panics on invalid options (see CORSOptions).
func CORS(opts *CORSOptions) func(http.Handler) http.Handler {
	c := newCORS(opts)
	return func(next http.Handler) http.Handler {
		cc := *c
		cc.next = next
		return &cc
	}
}

func newCORS(opts *CORSOptions) *cors {
	var o CORSOptions
	if opts != nil {
		o = *opts
	}
	c := &cors{fn: o.OriginFunc, allowNull: o.AllowNullOrigin, creds: o.Credentials,
		status: o.PreflightStatus, passthrough: o.PassthroughPreflight, pna: o.AllowPrivateNetwork,
		maxHeaders: o.MaxRequestHeaders}
	if len(o.Origins) == 0 && o.OriginFunc == nil {
		c.anyOrigin = true
	}
	for _, s := range o.Origins {
		if !headers.ValidFieldValue(s) || s == "" {
			panic("middleware: CORS: invalid origin " + strconv.Quote(s))
		}
		switch i := strings.IndexByte(s, '*'); {
		case s == "*":
			c.anyOrigin = true
		case s == "null":
			c.allowNull = true
		case i < 0:
			c.exact = append(c.exact, headers.ToLower(s))
			c.exactVals = append(c.exactVals, []string{headers.ToLower(s)})
		default:
			j := strings.Index(s, "://")
			if j < 0 || i != j+3 || strings.Count(s, "*") != 1 || len(s) < i+3 || s[i+1] != '.' ||
				strings.ContainsAny(s[i+1:], "/?#@") {
				panic("middleware: CORS: invalid origin pattern " + strconv.Quote(s) + " (want scheme://*.domain)")
			}
			c.patterns = append(c.patterns, originPattern{headers.ToLower(s[:i]), headers.ToLower(s[i+1:])})
		}
	}
	for _, m := range safelistedMethods {
		c.methods = append(c.methods, corsMethod{m, []string{m}})
	}
	for _, m := range o.Methods {
		if m == "*" {
			c.anyMethod = true
			continue
		}
		if !headers.ValidToken(m) {
			panic("middleware: CORS: invalid method " + strconv.Quote(m))
		}
		if !c.methodKnown(m) {
			c.methods = append(c.methods, corsMethod{m, []string{m}})
		}
	}
	hs := o.Headers
	if hs == nil {
		hs = defaultCORSHeaders
	}
	for _, h := range hs {
		if h == "*" {
			c.anyHeader = true
			continue
		}
		if !headers.ValidToken(h) {
			panic("middleware: CORS: invalid header name " + strconv.Quote(h))
		}
		c.headers = append(c.headers, h)
	}
	if len(o.ExposedHeaders) > 0 {
		for _, h := range o.ExposedHeaders {
			if !headers.ValidToken(h) {
				panic("middleware: CORS: invalid exposed header name " + strconv.Quote(h))
			}
		}
		c.exposed = []string{strings.Join(o.ExposedHeaders, ", ")}
	}
	switch {
	case o.MaxAge > 0:
		c.maxAge = []string{strconv.Itoa(o.MaxAge)}
	case o.MaxAge < 0:
		c.maxAge = []string{"0"}
	}
	if c.status == 0 {
		c.status = http.StatusNoContent
	}
	if c.status < 200 || c.status > 999 {
		panic("middleware: CORS: invalid preflight status " + strconv.Itoa(c.status))
	}
	if c.maxHeaders <= 0 {
		c.maxHeaders = 64
	}
	c.varyPre = varyPreflightLine
	if c.pna {
		c.varyPre = varyPreflightPNA
	}
	return c
}

// methodKnown reports whether m is already in c.methods.
func (c *cors) methodKnown(m string) bool {
	for _, cm := range c.methods {
		if cm.name == m {
			return true
		}
	}
	return false
}

// methodValue returns the Access-Control-Allow-Methods value for m, or
// nil when m is not allowed.
func (c *cors) methodValue(m string) []string {
	for i := range c.methods {
		if c.methods[i].name == m {
			return c.methods[i].val
		}
	}
	if c.anyMethod && headers.ValidToken(m) {
		return []string{m}
	}
	return nil
}

// allowOrigin returns the Access-Control-Allow-Origin value for the
// request's one Origin line origins[0], or nil when it is not allowed. An
// echoed origin shares the request's slice, clipped so that an append to
// the response header copies it: echoing costs no allocation.
func (c *cors) allowOrigin(r *http.Request, origins []string) []string {
	origin := origins[0]
	echo := origins[:1:1]
	if origin == "null" {
		if !c.allowNull {
			return nil
		}
		if c.anyOrigin && !c.creds {
			return corsStar
		}
		return echo
	}
	if c.anyOrigin {
		if !c.creds {
			return corsStar
		}
		if validOrigin(origin) {
			return echo
		}
		return nil
	}
	for i, e := range c.exact {
		if len(e) == len(origin) && headers.EqualFold(e, origin) {
			if e == origin {
				return c.exactVals[i]
			}
			return echo
		}
	}
	for _, p := range c.patterns {
		if p.match(origin) {
			return echo
		}
	}
	if c.fn != nil && validOrigin(origin) && c.fn(r, origin) {
		return echo
	}
	return nil
}

// validOrigin reports whether s has the form of a serialized origin
// other than "null" (RFC 6454 §6.2): scheme "://" host [ ":" port ], the
// host a name, an IPv4 address or a bracketed IPv6 address. Only such a
// value is echoed: an Origin of "*" (or one with a path, user-info or a
// control byte) never is.
func validOrigin(s string) bool {
	i := strings.Index(s, "://")
	if i <= 0 || !isAlpha(s[0]) || i+3 == len(s) {
		return false
	}
	for j := 1; j < i; j++ {
		if c := s[j]; !isAlpha(c) && !isDigit(c) && c != '+' && c != '-' && c != '.' {
			return false
		}
	}
	for j := i + 3; j < len(s); j++ {
		if !originHostChar[s[j]] {
			return false
		}
	}
	return true
}

func isAlpha(c byte) bool { return 'a' <= c|0x20 && c|0x20 <= 'z' }
func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// originHostChar marks the bytes of host [ ":" port ] in an origin.
var originHostChar = func() (t [256]bool) {
	t = hostLabelChar
	for _, c := range ".:[]" {
		t[c] = true
	}
	return t
}()

// match reports whether origin is prefix, one or more DNS labels, and
// suffix (which starts with "."), without regard to ASCII case.
func (p originPattern) match(origin string) bool {
	if len(origin) <= len(p.prefix)+len(p.suffix) ||
		!headers.EqualFold(origin[:len(p.prefix)], p.prefix) ||
		!headers.EqualFold(origin[len(origin)-len(p.suffix):], p.suffix) {
		return false
	}
	labels := origin[len(p.prefix) : len(origin)-len(p.suffix)]
	start := 0
	for i := 0; i <= len(labels); i++ {
		if i == len(labels) || labels[i] == '.' {
			if i == start || labels[start] == '-' || labels[i-1] == '-' {
				return false // empty label, or one starting or ending with "-"
			}
			start = i + 1
			continue
		}
		if !hostLabelChar[labels[i]] {
			return false
		}
	}
	return true
}

// hostLabelChar marks the bytes of a DNS label: letters, digits, "-".
var hostLabelChar = alnumAnd("-")

// alnumAnd returns the byte table of ASCII letters, digits and the bytes
// of extra: the shape of every character class this package checks.
func alnumAnd(extra string) (t [256]bool) {
	for c := '0'; c <= '9'; c++ {
		t[c] = true
	}
	for c := 'a'; c <= 'z'; c++ {
		t[c] = true
		t[c-'a'+'A'] = true
	}
	for i := 0; i < len(extra); i++ {
		t[extra[i]] = true
	}
	return t
}

// addVary adds the line of names to the Vary of h: as the only line when
// there is none, else appended (a shared slice is never written into).
func addVary(h http.Header, line []string) {
	lines := h["Vary"]
	if len(lines) == 0 {
		h["Vary"] = line[:1:1]
		return
	}
	h["Vary"] = append(lines[:len(lines):len(lines)], line[0])
}

func (c *cors) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	origins := r.Header["Origin"]
	if r.Method == http.MethodOptions {
		addVary(h, c.varyPre)
		if len(origins) > 0 && len(r.Header["Access-Control-Request-Method"]) > 0 {
			c.preflight(h, r, origins)
			if !c.passthrough {
				w.WriteHeader(c.status)
				return
			}
			c.next.ServeHTTP(w, r)
			return
		}
	} else {
		addVary(h, varyOriginLine)
	}
	// The method of an actual request must be allowed too (OPTIONS is,
	// as only a preflight could have let it through).
	if len(origins) == 1 && (r.Method == http.MethodOptions || c.anyMethod || c.methodKnown(r.Method)) {
		if acao := c.allowOrigin(r, origins); acao != nil {
			h["Access-Control-Allow-Origin"] = acao
			if c.creds {
				h["Access-Control-Allow-Credentials"] = corsTrue
			}
			if c.exposed != nil {
				h["Access-Control-Expose-Headers"] = c.exposed
			}
		}
	}
	c.next.ServeHTTP(w, r)
}

// preflight sets the headers of an allowed preflight on h, or none.
func (c *cors) preflight(h http.Header, r *http.Request, origins []string) {
	if len(origins) != 1 {
		return
	}
	methods := r.Header["Access-Control-Request-Method"]
	if len(methods) != 1 {
		return
	}
	acam := c.methodValue(methods[0])
	if acam == nil {
		return
	}
	reqHeaders := r.Header["Access-Control-Request-Headers"]
	n, ok := c.headersAllowed(reqHeaders)
	if !ok {
		return
	}
	acao := c.allowOrigin(r, origins)
	if acao == nil {
		return
	}
	h["Access-Control-Allow-Origin"] = acao
	h["Access-Control-Allow-Methods"] = acam
	switch {
	case n == 0:
		// Nothing asked for (no field, or only empty elements).
	case len(reqHeaders) == 1:
		// Echo the list as sent: each element was checked to be a token.
		// The request's slice is clipped, so an append cannot write
		// into it.
		h["Access-Control-Allow-Headers"] = reqHeaders[:1:1]
	default:
		h["Access-Control-Allow-Headers"] = []string{strings.Join(reqHeaders, ", ")}
	}
	if c.creds {
		h["Access-Control-Allow-Credentials"] = corsTrue
	}
	if c.maxAge != nil {
		h["Access-Control-Max-Age"] = c.maxAge
	}
	if c.pna {
		if v := r.Header["Access-Control-Request-Private-Network"]; len(v) == 1 && v[0] == "true" {
			h["Access-Control-Allow-Private-Network"] = corsTrue
		}
	}
}

// headersAllowed reports whether every element of the
// Access-Control-Request-Headers lines is a token that c allows, and
// there are at most c.maxHeaders of them; n counts the elements. It splits the lines on commas
// itself, which for a list of tokens gives what headers.List gives (a
// quoted string holds a '"', so either way some element is not a token)
// without the cost of an iterator.
func (c *cors) headersAllowed(lines []string) (n int, ok bool) {
	for _, line := range lines {
		for line != "" {
			var el string
			if i := strings.IndexByte(line, ','); i >= 0 {
				el, line = line[:i], line[i+1:]
			} else {
				el, line = line, ""
			}
			el = headers.TrimOWS(el)
			if el == "" {
				continue
			}
			n++
			if n > c.maxHeaders || !headers.ValidToken(el) {
				return n, false
			}
			if !c.anyHeader && !c.headerKnown(el) {
				return n, false
			}
		}
	}
	return n, true
}

// headerKnown reports whether c allows the request header name.
func (c *cors) headerKnown(name string) bool {
	for _, a := range c.headers {
		if len(a) == len(name) && headers.EqualFold(a, name) {
			return true
		}
	}
	return false
}
