package sessions

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/webob-go/webob/cookies"
	"github.com/webob-go/webob/headers"
	"github.com/webob-go/webob/internal/oneline"
)

// Defaults of Options.
const (
	// DefaultName is the cookie's name when Options.Name is empty.
	DefaultName = "session"
	// DefaultLifetime is the absolute lifetime when Options.Lifetime is 0.
	DefaultLifetime = 24 * time.Hour
)

// maxAttempts bounds the saves of one commit: the first and the retries
// after ErrConflict.
const maxAttempts = 4

// Options configure a Manager. The zero value (and a nil *Options) means
// the defaults stated on each field.
type Options struct {
	// Name is the cookie's name; empty means DefaultName ("session").
	// With HostPrefix the cookie is sent as "__Host-" + Name.
	Name string
	// Path is the cookie's Path; empty means "/".
	Path string
	// Domain is the cookie's Domain; empty means a host-only cookie (the
	// safer choice: subdomains do not see it).
	Domain string
	// Insecure leaves the Secure attribute out, for plain-http
	// development servers. By default the cookie is Secure: browsers send
	// it over HTTPS only (and to http://localhost).
	Insecure bool
	// SameSite is the cookie's SameSite attribute; the zero value means
	// cookies.SameSiteLax. SameSiteNone needs Secure.
	SameSite cookies.SameSite
	// Partitioned sets the Partitioned attribute (CHIPS), for a session
	// used in a third-party iframe; it needs Secure.
	Partitioned bool
	// HostPrefix names the cookie "__Host-" + Name, which browsers accept
	// only with Secure, Path=/ and no Domain, so a subdomain or a plain
	// http page cannot overwrite it. NewManager refuses it with Insecure, a
	// Domain or a Path other than "/".
	HostPrefix bool
	// Transient leaves Max-Age out, so the browser forgets the cookie when
	// it closes. By default the cookie's Max-Age runs to the session's
	// absolute deadline. Either way the deadlines are enforced by the
	// server, never left to the browser.
	Transient bool

	// Lifetime is the absolute lifetime: a session is dead this long after
	// it was created, however active. Zero means DefaultLifetime (24h).
	Lifetime time.Duration
	// IdleTimeout, when positive, ends a session that was not used for
	// that long. Zero turns it off. The deadline moves only when a request
	// uses the session, and is written back only once it moved by a tenth
	// of IdleTimeout (a Store.Touch, or a new cookie for a CookieStore),
	// never by rewriting the session on every request.
	IdleTimeout time.Duration

	// Codec encodes the values; nil means JSON (encoding/json).
	Codec Codec
	// Now returns the current time; nil means time.Now. Tests set it to
	// move the clock.
	Now func() time.Time
	// Logger receives one line per failed commit (and per unreadable
	// stored record); nil means slog.Default().
	Logger *slog.Logger
	// ErrorHandler answers a request whose session could not be committed
	// (a store error, a session too large for its cookie) before the
	// response header went out; the error is logged first. nil means a
	// plain-text 500 Internal Server Error that names nothing internal.
	ErrorHandler func(w http.ResponseWriter, r *http.Request, err error)
}

// A Manager keeps sessions for the requests that pass through its
// Middleware, in a Store (NewManager) or in the cookie itself
// (NewCookieManager). It is safe for concurrent use.
type Manager struct {
	store     Store
	cookie    *CookieStore
	tmpl      cookies.SetCookie // the cookie's name and attributes
	transient bool
	lifetime  time.Duration
	idle      time.Duration
	renewStep time.Duration
	codec     Codec
	nowf      func() time.Time
	logger    *slog.Logger
	onError   func(http.ResponseWriter, *http.Request, error)
}

// NewManager returns a Manager that keeps each session's values in store
// under the hash of its ID (see Key); the cookie carries only the ID: 32
// random bytes, base64url-encoded. A nil opts means the defaults.
func NewManager(store Store, opts *Options) (*Manager, error) {
	if store == nil {
		return nil, oneline.Detail(ErrInvalidOptions, "nil Store")
	}
	return newManager(store, nil, opts)
}

// NewCookieManager returns a Manager that keeps each session whole in its
// cookie, encrypted and authenticated by cs. A nil opts means the
// defaults. See CookieStore for what such sessions cannot do.
func NewCookieManager(cs *CookieStore, opts *Options) (*Manager, error) {
	if cs == nil || cs.enc == nil {
		return nil, oneline.Detail(ErrInvalidOptions, "nil CookieStore")
	}
	return newManager(nil, cs, opts)
}

func newManager(store Store, cs *CookieStore, opts *Options) (*Manager, error) {
	var o Options
	if opts != nil {
		o = *opts
	}
	m := &Manager{store: store, cookie: cs, transient: o.Transient}
	name := o.Name
	if name == "" {
		name = DefaultName
	}
	if o.HostPrefix {
		name = "__Host-" + name
	}
	path := o.Path
	if path == "" {
		path = "/"
	}
	sameSite := o.SameSite
	if sameSite == cookies.SameSiteDefault {
		sameSite = cookies.SameSiteLax
	}
	m.tmpl = cookies.SetCookie{
		Name: name, Path: path, Domain: o.Domain,
		Secure: !o.Insecure, HttpOnly: true, SameSite: sameSite, Partitioned: o.Partitioned,
	}
	probe := m.tmpl
	probe.Value = "x"
	if err := probe.Validate(); err != nil {
		return nil, oneline.Detail(ErrInvalidOptions, "", err)
	}
	if o.Lifetime < 0 || o.IdleTimeout < 0 {
		return nil, oneline.Detail(ErrInvalidOptions, "negative Lifetime or IdleTimeout")
	}
	m.lifetime = o.Lifetime
	if m.lifetime == 0 {
		m.lifetime = DefaultLifetime
	}
	m.idle = o.IdleTimeout
	m.renewStep = m.idle / 10
	m.codec = o.Codec
	if m.codec == nil {
		m.codec = defaultCodec
	}
	m.nowf = o.Now
	if m.nowf == nil {
		m.nowf = time.Now
	}
	m.logger = o.Logger
	if m.logger == nil {
		m.logger = slog.Default()
	}
	m.onError = o.ErrorHandler
	if m.onError == nil {
		m.onError = internalError
	}
	return m, nil
}

// CookieName returns the name of the Manager's cookie, with its prefix.
func (m *Manager) CookieName() string { return m.tmpl.Name }

// deadline is when a session created at created and last used at last
// dies: the earlier of the absolute and the idle deadline.
func (m *Manager) deadline(created, last time.Time) time.Time {
	d := created.Add(m.lifetime)
	if m.idle > 0 {
		if t := last.Add(m.idle); t.Before(d) {
			return t
		}
	}
	return d
}

// alive reports whether a session with these timestamps may be used at
// now: before its stored deadline and before its absolute deadline under
// this Manager's Lifetime.
func (m *Manager) alive(created, expires, now time.Time) bool {
	return now.Before(expires) && now.Before(created.Add(m.lifetime))
}

// Key returns the Store key of a session ID: the unpadded base64url
// SHA-256 of the ID. A store (or a dump of it) holds only keys, from which
// the IDs, and so the cookies, cannot be recovered.
func Key(id string) string {
	var sum [sha256.Size]byte
	if len(id) <= 64 { // an ID of this package: hashed from the stack
		var b [64]byte
		sum = sha256.Sum256(b[:copy(b[:], id)])
	} else {
		sum = sha256.Sum256([]byte(id))
	}
	var out [43]byte // base64url of 32 bytes
	base64.RawURLEncoding.Encode(out[:], sum[:])
	return string(out[:])
}

// idLen is the length of an ID: 32 bytes in unpadded base64url.
const idLen = 43

// newID returns a new session ID: 32 bytes from crypto/rand.
func newID() (string, error) {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b[:]), nil
}

// b64url marks the bytes of unpadded base64url.
var b64url = func() (t [256]bool) {
	for _, c := range "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_" {
		t[c] = true
	}
	return t
}()

// validID reports whether a cookie value can be an ID this package made;
// others are not looked up in the store at all.
func validID(s string) bool {
	if len(s) != idLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !b64url[s[i]] {
			return false
		}
	}
	return true
}

// Middleware returns next behind the Manager: each request gets a
// Session (see Get), loaded on first use, and committed when the handler
// first writes the response header (WriteHeader, Write, ReadFrom, Flush,
// Hijack) or, when it wrote nothing, when it returns. A request that never
// uses its session costs no store call and gets no Set-Cookie. A handler
// that panics commits nothing, and a 5xx response (a panic recovered
// inside the middleware included) saves no change but a Destroy.
//
// The ResponseWriter next gets still offers Flush, Hijack and ReadFrom
// (sendfile), and Unwrap for http.ResponseController.
func (m *Manager) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		st := &reqState{Context: r.Context()}
		r = r.WithContext(st)
		st.sess.m = m
		st.sess.r = r
		st.rw.w = w
		st.rw.s = &st.sess
		next.ServeHTTP(&st.rw, r)
		st.rw.finish()
	})
}

// ctxKey is the context key of a request's Session.
type ctxKey struct{}

// reqState is everything the middleware needs per request, in one
// allocation: it is the request's context (answering ctxKey with the
// Session), the Session and the wrapped ResponseWriter.
type reqState struct {
	context.Context
	sess Session
	rw   responseWriter
}

// Value returns the request's Session for ctxKey and asks the parent
// context otherwise.
func (st *reqState) Value(key any) any {
	if _, ok := key.(ctxKey); ok {
		return &st.sess
	}
	return st.Context.Value(key)
}

// Get returns the Session of a request that passed through a Manager's
// Middleware, or nil (whose methods return ErrNoSession) for one that did
// not. It does not load the session: that happens on first use.
func Get(r *http.Request) *Session {
	s, _ := r.Context().Value(ctxKey{}).(*Session)
	return s
}

// fail logs a commit error and answers with the error handler.
func (m *Manager) fail(w http.ResponseWriter, r *http.Request, err error) {
	m.logger.LogAttrs(r.Context(), slog.LevelError, "sessions: commit failed",
		slog.String("error", err.Error()), slog.String("path", r.URL.Path))
	m.onError(w, r, err)
}

// internalError is the default ErrorHandler: a plain 500 that says
// nothing of the cause, without the representation header fields the
// handler had set for its own answer.
func internalError(w http.ResponseWriter, _ *http.Request, _ error) {
	h := w.Header()
	for _, k := range [...]string{"Content-Length", "Content-Encoding", "Content-Range", "Content-Disposition",
		"Content-Language", "Etag", "Last-Modified", "Accept-Ranges", "Set-Cookie"} {
		delete(h, k)
	}
	h.Set("Content-Type", "text/plain; charset=utf-8")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusInternalServerError)
	_, _ = io.WriteString(w, "Internal Server Error\n")
}

// setCookie adds the Set-Cookie line for value.
func (m *Manager) setCookie(h http.Header, value string, created, now time.Time) error {
	c := m.tmpl
	c.Value = value
	if !m.transient {
		// Up to the absolute deadline, and never over the Lifetime
		// (the clock may have gone back since the session was created).
		c.MaxAge = maxAge(min(created.Add(m.lifetime).Sub(now), m.lifetime))
	}
	line, err := c.Format()
	if err != nil {
		if errors.Is(err, cookies.ErrTooLong) {
			return m.tooLarge(len(c.Name) + 1 + len(value))
		}
		return err
	}
	h.Add("Set-Cookie", line)
	noCacheSetCookie(h)
	return nil
}

// expireCookie adds the Set-Cookie line that deletes the cookie.
func (m *Manager) expireCookie(h http.Header) error {
	c := cookies.Deletion(m.tmpl.Name, m.tmpl.Path, m.tmpl.Domain)
	c.Secure, c.HttpOnly, c.SameSite, c.Partitioned = m.tmpl.Secure, true, m.tmpl.SameSite, m.tmpl.Partitioned
	line, err := c.Format()
	if err != nil {
		return err
	}
	h.Add("Set-Cookie", line)
	noCacheSetCookie(h)
	return nil
}

// maxAge is d in whole seconds, rounded up, at least 1.
func maxAge(d time.Duration) int {
	s := int((d + time.Second - 1) / time.Second)
	if s < 1 {
		return 1
	}
	return s
}

// noCacheSetCookie tells shared caches not to store the Set-Cookie line
// (RFC 9111 §5.2.2.4) unless the response is already no-store or private.
func noCacheSetCookie(h http.Header) {
	if lines := h["Cache-Control"]; len(lines) > 0 {
		if cc, err := headers.ParseCacheControl(lines); err == nil && (cc.NoStore || cc.Private && cc.PrivateList == "") {
			return
		}
	}
	h.Add("Cache-Control", `no-cache="Set-Cookie"`)
}

// varyCookie adds Cookie to Vary: the response depends on the session.
func varyCookie(h http.Header) {
	if v := h["Vary"]; headers.TokenListContains(v, "Cookie") || headers.TokenListContains(v, "*") {
		return
	}
	h.Add("Vary", "Cookie")
}

// tooLarge is ErrTooLarge for a cookie of n bytes (name and value).
func (m *Manager) tooLarge(n int) error {
	return oneline.Detail(ErrTooLarge, strconv.Itoa(n)+" bytes, limit "+strconv.Itoa(cookies.MaxNameValueLen))
}

// errLoad and errSave wrap a Store's errors.
var (
	errLoad = errors.New("sessions: cannot load session")
	errSave = errors.New("sessions: cannot save session")
)

// logCorrupt logs a stored record or cookie payload that did not decode.
func (m *Manager) logCorrupt(ctx context.Context, what string) {
	m.logger.LogAttrs(ctx, slog.LevelWarn, "sessions: unreadable session data, starting afresh", slog.String("source", what))
}

// hasReservedPrefix reports whether key is one of the flash queues' keys.
func hasReservedPrefix(key string) bool { return strings.HasPrefix(key, "\x00") }
