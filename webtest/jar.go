package webtest

import (
	"cmp"
	"net/http"
	"net/netip"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/webob-go/webob/cookies"
	"golang.org/x/net/idna"
	"golang.org/x/net/publicsuffix"
)

// A Cookie is one cookie in a Jar, with the fields of the RFC 6265 §5.3
// storage model.
type Cookie struct {
	Name  string
	Value string
	// Quoted is set when the Set-Cookie value was in double quotes; the
	// quotes are part of the value RFC 6265 §5.2 keeps, and are sent back.
	Quoted bool
	// Domain is the canonicalised host of the request (HostOnly) or the
	// Domain attribute without its leading dot.
	Domain string
	// Path is the Path attribute or the default-path of the request.
	Path string
	// HostOnly cookies are sent only to the host that set them.
	HostOnly bool
	// Secure cookies are sent only over https (and wss).
	Secure bool
	// HttpOnly is kept as received; every request of a test client is an
	// HTTP API, so it does not stop the cookie from being sent. Only the
	// script view (SetFromScript, ScriptCookies) is barred from it.
	HttpOnly bool
	// Persistent is set when Max-Age or Expires was given.
	Persistent bool
	// Expires is the expiry-time; the zero time for a session cookie.
	Expires  time.Time
	SameSite cookies.SameSite
	// Created and LastAccess are the creation-time (kept when a cookie is
	// replaced) and the last-access-time (for LRU eviction).
	Created    time.Time
	LastAccess time.Time

	seq uint64 // creation order, breaks ties between equal Created times
}

// PublicSuffixList tells the public suffix of a domain;
// golang.org/x/net/publicsuffix.List is one.
type PublicSuffixList interface {
	PublicSuffix(domain string) string
}

// JarOptions configures NewJar. The zero value (and nil) means the
// defaults documented on each field.
type JarOptions struct {
	// Now returns the current time. nil means time.Now.
	Now func() time.Time
	// PublicSuffixList refuses cookies for public suffixes
	// ("supercookies", RFC 6265 §5.3 step 5). nil means
	// golang.org/x/net/publicsuffix.List.
	PublicSuffixList PublicSuffixList
	// MaxPerDomain is the most cookies kept per domain; 0 means 50, the
	// minimum RFC 6265 §6.1 asks of a user agent.
	MaxPerDomain int
	// MaxTotal is the most cookies kept; 0 means 3000 (RFC 6265 §6.1).
	MaxTotal int
}

// A Jar is a cookie store that follows the RFC 6265 storage model: §5.2
// parsing (with cookies.ParseSetCookie, lenient as browsers are), §5.3
// storage and §5.4 Cookie header, plus the __Secure- and __Host- prefix
// rules of RFC 6265bis §4.1.3. Unlike net/http/cookiejar it works on the
// Set-Cookie lines themselves, so nothing §5.2 keeps is lost on the way
// (a quoted value, an attribute net/http would drop). It is an
// http.CookieJar and is safe for concurrent use.
type Jar struct {
	mu      sync.Mutex
	now     func() time.Time
	psl     PublicSuffixList
	perDom  int
	total   int
	seq     uint64
	cookies []*Cookie
}

// NewJar returns an empty Jar.
func NewJar(opts *JarOptions) *Jar {
	var o JarOptions
	if opts != nil {
		o = *opts
	}
	j := &Jar{now: o.Now, psl: o.PublicSuffixList, perDom: o.MaxPerDomain, total: o.MaxTotal}
	if j.now == nil {
		j.now = time.Now
	}
	if j.psl == nil {
		j.psl = publicsuffix.List
	}
	if j.perDom <= 0 {
		j.perDom = 50
	}
	if j.total <= 0 {
		j.total = 3000
	}
	return j
}

// earliest is the "earliest representable date" of RFC 6265 §5.3 step 3,
// the expiry of a Max-Age of zero or less. A session cookie has the
// zero Expires and Persistent unset rather than the latest date.
var earliest = time.Date(1, 1, 1, 0, 0, 0, 1, time.UTC)

// canonicalHost returns the canonicalised host name of u (RFC 6265 §5.1.2):
// lower case, IDNA A-labels, no port, no brackets.
func canonicalHost(u *url.URL) string {
	h := u.Hostname()
	ascii, lower := true, true
	for i := 0; i < len(h); i++ {
		c := h[i]
		if c >= 0x80 {
			ascii = false
		} else if 'A' <= c && c <= 'Z' {
			lower = false
		}
	}
	if !lower {
		h = strings.ToLower(h)
	}
	if ascii || isIP(h) {
		return h
	}
	if a, err := idna.Lookup.ToASCII(h); err == nil {
		return a
	}
	return h
}

// isIP reports whether h is an IP address. A host name ends in a label
// that is not all digits, which settles most hosts without parsing.
func isIP(h string) bool {
	if h == "" {
		return false
	}
	if c := h[len(h)-1]; c != ':' && (c < '0' || c > '9') && !strings.Contains(h, ":") {
		return false
	}
	_, err := netip.ParseAddr(h)
	return err == nil
}

// domainMatch reports whether host domain-matches domain (RFC 6265 §5.1.3).
func domainMatch(host, domain string) bool {
	if host == domain {
		return true
	}
	return strings.HasSuffix(host, domain) && host[len(host)-len(domain)-1] == '.' && !isIP(host)
}

// defaultPath is the default-path of a request path (RFC 6265 §5.1.4).
func defaultPath(p string) string {
	if p == "" || p[0] != '/' {
		return "/"
	}
	i := strings.LastIndexByte(p, '/')
	if i == 0 {
		return "/"
	}
	return p[:i]
}

// pathMatch reports whether reqPath path-matches cookiePath (§5.1.4).
func pathMatch(reqPath, cookiePath string) bool {
	if reqPath == cookiePath {
		return true
	}
	if !strings.HasPrefix(reqPath, cookiePath) {
		return false
	}
	return cookiePath[len(cookiePath)-1] == '/' || reqPath[len(cookiePath)] == '/'
}

func isSecure(u *url.URL) bool {
	s := strings.ToLower(u.Scheme)
	return s == "https" || s == "wss"
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// SetCookieLines stores the cookies of Set-Cookie field values received
// in answer to a request for u. A line that does not parse, or a cookie
// the storage model ignores, is skipped (as a browser does); the reasons
// are returned, one per skipped line, for tests that want them.
func (j *Jar) SetCookieLines(u *url.URL, lines ...string) []string {
	var skipped []string
	j.mu.Lock()
	defer j.mu.Unlock()
	now := j.now()
	for _, line := range lines {
		sc, err := cookies.ParseSetCookie(line)
		if err != nil {
			skipped = append(skipped, "webtest: jar: "+err.Error())
			continue
		}
		if why := j.store(u, sc, rawDomain(line), now, false); why != "" {
			skipped = append(skipped, "webtest: jar: "+sc.Name+": "+why)
		}
	}
	return skipped
}

// rawDomain returns the value of the Domain attribute of a Set-Cookie
// line as §5.2.3 reads it: the last one that is not empty or over
// cookies.MaxAttrValueLen, leading "." dropped, lower case; "" for none.
func rawDomain(line string) string {
	_, rest, _ := strings.Cut(line, ";")
	d := ""
	for rest != "" {
		var av string
		av, rest, _ = strings.Cut(rest, ";")
		name, value, _ := strings.Cut(av, "=")
		if !strings.EqualFold(strings.Trim(name, " \t"), "domain") {
			continue
		}
		if v := strings.Trim(value, " \t"); v != "" && len(v) <= cookies.MaxAttrValueLen {
			d = v
		}
	}
	return strings.ToLower(strings.TrimPrefix(d, "."))
}

// SetFromScript stores a cookie as a page script at u does by writing
// document.cookie: line has the Set-Cookie syntax, and the cookie counts
// as received from a "non-HTTP" API (RFC 6265 §5.3). So a cookie with
// HttpOnly is ignored (step 10), and so is one that would replace an
// HttpOnly cookie of the same name, domain and path (step 11, kept by RFC
// 6265bis): a script can neither overwrite nor expire it. It returns why
// the cookie was ignored, in SetCookieLines' words, or "" when stored.
func (j *Jar) SetFromScript(u *url.URL, line string) string {
	sc, err := cookies.ParseSetCookie(line)
	if err != nil {
		return "webtest: jar: " + err.Error()
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	if why := j.store(u, sc, rawDomain(line), j.now(), true); why != "" {
		return "webtest: jar: " + sc.Name + ": " + why
	}
	return ""
}

// store runs the RFC 6265 §5.3 storage model for one parsed cookie,
// received from a non-HTTP API when script is set, and returns why it was
// ignored ("" when stored).
func (j *Jar) store(u *url.URL, sc cookies.SetCookie, raw string, now time.Time, script bool) string {
	host := canonicalHost(u)
	// Step 2.
	c := &Cookie{Name: sc.Name, Value: sc.Value, Quoted: sc.Quoted, Created: now, LastAccess: now,
		SameSite: sc.SameSite, HttpOnly: sc.HttpOnly, Secure: sc.Secure}
	// Step 3: Max-Age beats Expires.
	switch {
	case sc.MaxAge != 0:
		c.Persistent = true
		if sc.MaxAge < 0 {
			c.Expires = earliest
		} else {
			c.Expires = now.Add(time.Duration(sc.MaxAge) * time.Second)
		}
	case !sc.Expires.IsZero():
		c.Persistent = true
		c.Expires = sc.Expires
	}
	// Steps 4 and 5: a public suffix is accepted only as the host itself,
	// and then makes a host-only cookie.
	domain := sc.Domain
	if raw != domain {
		// The parser dropped a Domain that is no host name ("-",
		// "a..b", "h.test."): no request-host domain-matches it, so
		// step 6 ignores the cookie, unless it is the host itself (an
		// IPv6 literal).
		if raw != host {
			return "Domain " + raw + " does not domain-match " + host
		}
		domain = raw
	}
	if domain != "" && j.psl != nil && !isIP(domain) {
		if j.psl.PublicSuffix(domain) == domain {
			if domain != host {
				return "Domain " + domain + " is a public suffix"
			}
			domain = ""
		}
	}
	// Step 6.
	if domain != "" {
		if !domainMatch(host, domain) {
			return "Domain " + domain + " does not domain-match " + host
		}
		c.Domain = domain
	} else {
		c.HostOnly, c.Domain = true, host
	}
	// Step 7.
	if sc.Path != "" {
		c.Path = sc.Path
	} else {
		c.Path = defaultPath(u.EscapedPath())
	}
	// Step 10.
	if script && c.HttpOnly {
		return "HttpOnly cookie from a non-HTTP API"
	}
	// RFC 6265bis §4.1.3: the cookie prefixes.
	if hasPrefixFold(c.Name, "__Secure-") && (!c.Secure || !isSecure(u)) {
		return "__Secure- prefix needs Secure from a secure origin"
	}
	if hasPrefixFold(c.Name, "__Host-") && (!c.Secure || !isSecure(u) || sc.Domain != "" || sc.Path != "/") {
		return "__Host- prefix needs Secure from a secure origin, no Domain and Path=/"
	}
	// Step 11: replacement keeps the creation time; a non-HTTP API does
	// not replace an HttpOnly cookie.
	for i, old := range j.cookies {
		if old.Name == c.Name && old.Domain == c.Domain && old.Path == c.Path {
			if script && old.HttpOnly {
				return "a non-HTTP API cannot replace an HttpOnly cookie"
			}
			c.Created, c.seq = old.Created, old.seq
			j.cookies = slices.Delete(j.cookies, i, i+1)
			break
		}
	}
	if c.seq == 0 {
		j.seq++
		c.seq = j.seq
	}
	// Step 12.
	j.cookies = append(j.cookies, c)
	j.expire(now)
	j.evict(c.Domain)
	return ""
}

// expire removes the expired cookies (§5.3: "at any time").
func (j *Jar) expire(now time.Time) {
	j.cookies = slices.DeleteFunc(j.cookies, func(c *Cookie) bool {
		return c.Persistent && !c.Expires.After(now)
	})
}

// lru reports whether a was used less recently than b.
func lru(a, b *Cookie) int {
	if c := a.LastAccess.Compare(b.LastAccess); c != 0 {
		return c
	}
	switch {
	case a.seq < b.seq:
		return -1
	case a.seq > b.seq:
		return 1
	}
	return 0
}

// evict applies the per-domain and total caps, least recently used
// first (§5.3, last paragraphs).
func (j *Jar) evict(domain string) {
	n := 0
	for _, c := range j.cookies {
		if c.Domain == domain {
			n++
		}
	}
	for n > j.perDom {
		var victim *Cookie
		for _, c := range j.cookies {
			if c.Domain == domain && (victim == nil || lru(c, victim) < 0) {
				victim = c
			}
		}
		j.remove(victim)
		n--
	}
	for len(j.cookies) > j.total {
		victim := slices.MinFunc(j.cookies, lru)
		j.remove(victim)
	}
}

func (j *Jar) remove(victim *Cookie) {
	j.cookies = slices.DeleteFunc(j.cookies, func(c *Cookie) bool { return c == victim })
}

// matching returns the cookies to send to u, in §5.4 order, and updates
// their last-access-time; for a non-HTTP API (script) without the HttpOnly
// ones (§5.4 step 1).
func (j *Jar) matching(u *url.URL, script bool) []*Cookie {
	now := j.now()
	j.expire(now)
	host := canonicalHost(u)
	p := u.EscapedPath()
	if p == "" {
		p = "/"
	}
	secure := isSecure(u)
	var out []*Cookie
	for _, c := range j.cookies {
		if c.HostOnly && host != c.Domain || !c.HostOnly && !domainMatch(host, c.Domain) {
			continue
		}
		if !pathMatch(p, c.Path) || c.Secure && !secure || script && c.HttpOnly {
			continue
		}
		out = append(out, c)
	}
	slices.SortStableFunc(out, func(a, b *Cookie) int {
		if len(a.Path) != len(b.Path) {
			return len(b.Path) - len(a.Path)
		}
		if c := a.Created.Compare(b.Created); c != 0 {
			return c
		}
		return cmp.Compare(a.seq, b.seq)
	})
	for _, c := range out {
		c.LastAccess = now
	}
	return out
}

// CookieHeader returns the Cookie field value for a request to u (RFC
// 6265 §5.4), "" when no cookie applies.
func (j *Jar) CookieHeader(u *url.URL) string {
	return j.cookieString(u, false)
}

// ScriptCookies returns what a page script at u reads from
// document.cookie: the cookie-string of CookieHeader generated for a
// "non-HTTP" API, which leaves out HttpOnly cookies (RFC 6265 §5.4 step
// 1); "" when none applies.
func (j *Jar) ScriptCookies(u *url.URL) string {
	return j.cookieString(u, true)
}

func (j *Jar) cookieString(u *url.URL, script bool) string {
	j.mu.Lock()
	defer j.mu.Unlock()
	cs := j.matching(u, script)
	if len(cs) == 0 {
		return ""
	}
	var b strings.Builder
	for i, c := range cs {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(c.Name)
		b.WriteByte('=')
		if c.Quoted {
			b.WriteByte('"')
		}
		b.WriteString(c.Value)
		if c.Quoted {
			b.WriteByte('"')
		}
	}
	return b.String()
}

// Cookies implements http.CookieJar: the cookies to send to u, in §5.4
// order.
func (j *Jar) Cookies(u *url.URL) []*http.Cookie {
	j.mu.Lock()
	defer j.mu.Unlock()
	cs := j.matching(u, false)
	out := make([]*http.Cookie, len(cs))
	for i, c := range cs {
		out[i] = &http.Cookie{Name: c.Name, Value: c.Value, Quoted: c.Quoted}
	}
	return out
}

// SetCookies implements http.CookieJar. Each cookie is written back as a
// Set-Cookie line and stored as SetCookieLines does.
func (j *Jar) SetCookies(u *url.URL, cs []*http.Cookie) {
	lines := make([]string, 0, len(cs))
	for _, c := range cs {
		if s := c.String(); s != "" {
			lines = append(lines, s)
		}
	}
	j.SetCookieLines(u, lines...)
}

// All returns copies of the cookies in the jar (expired ones removed), in
// creation order.
func (j *Jar) All() []Cookie {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.expire(j.now())
	out := make([]Cookie, len(j.cookies))
	for i, c := range j.cookies {
		out[i] = *c
	}
	slices.SortStableFunc(out, func(a, b Cookie) int { return cmp.Compare(a.seq, b.seq) })
	return out
}

// Value returns the value of the cookie named name that a request to u
// would carry, and whether there is one.
func (j *Jar) Value(u *url.URL, name string) (string, bool) {
	j.mu.Lock()
	defer j.mu.Unlock()
	for _, c := range j.matching(u, false) {
		if c.Name == name {
			return c.Value, true
		}
	}
	return "", false
}

// Set stores c as if received from the server (an HTTP API, so HttpOnly
// cookies are set and replaced freely; SetFromScript is the script view),
// replacing the cookie of
// the same name, domain and path, and reports whether it did: an empty
// Name or Domain is refused. An empty Path means "/"; Created and
// LastAccess default to now; a non-zero Expires makes it persistent.
func (j *Jar) Set(c Cookie) bool {
	if c.Name == "" || c.Domain == "" {
		return false
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	now := j.now()
	nc := c
	nc.Domain = strings.ToLower(strings.TrimPrefix(nc.Domain, "."))
	if nc.Path == "" {
		nc.Path = "/"
	}
	if nc.Created.IsZero() {
		nc.Created = now
	}
	if nc.LastAccess.IsZero() {
		nc.LastAccess = now
	}
	if !nc.Expires.IsZero() {
		nc.Persistent = true
	}
	nc.seq = 0
	for i, old := range j.cookies {
		if old.Name == nc.Name && old.Domain == nc.Domain && old.Path == nc.Path {
			nc.seq = old.seq
			j.cookies = slices.Delete(j.cookies, i, i+1)
			break
		}
	}
	if nc.seq == 0 {
		j.seq++
		nc.seq = j.seq
	}
	j.cookies = append(j.cookies, &nc)
	j.expire(now)
	j.evict(nc.Domain)
	return true
}

// Clear removes every cookie.
func (j *Jar) Clear() {
	j.mu.Lock()
	j.cookies = nil
	j.mu.Unlock()
}

var _ http.CookieJar = (*Jar)(nil)
