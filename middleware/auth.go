package middleware

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"log/slog"
	"net/http"

	"github.com/webob-go/webob/headers"
	"github.com/webob-go/webob/webob"
)

// userKey is the context key of the authenticated user name.
type userKey struct{}

// WithUser returns a copy of ctx that carries the authenticated user
// name, as BasicAuth and BearerAuth store it. Other authentication
// middleware can use it so that UserFrom sees their users too.
func WithUser(ctx context.Context, user string) context.Context {
	return context.WithValue(ctx, userKey{}, user)
}

// UserFrom returns the user name BasicAuth or BearerAuth authenticated
// for the request whose context is ctx. ok is false when no
// authentication middleware ran (or a bearer token's check named no user,
// in which case user is "" and ok true).
func UserFrom(ctx context.Context) (user string, ok bool) {
	user, ok = ctx.Value(userKey{}).(string)
	return user, ok
}

// Errors of the authentication middleware.
var (
	// ErrInsufficientScope is matched (errors.Is) by every *ScopeError:
	// a bearer token that is valid but does not grant what the request
	// needs (RFC 6750 §3.1 insufficient_scope, answered 403).
	ErrInsufficientScope = errors.New("middleware: insufficient scope")
)

// A ScopeError is what a BearerAuthOptions.Check returns for a valid
// token that lacks a scope: BearerAuth answers 403 with
// error="insufficient_scope" and, when Scope is set, the scope attribute
// naming the scopes needed (space-separated, RFC 6750 §3).
type ScopeError struct {
	Scope string // the scopes the request needs, space-separated; may be empty
}

// Error returns ErrInsufficientScope's message, with the scopes needed.
func (e *ScopeError) Error() string {
	if e.Scope == "" {
		return ErrInsufficientScope.Error()
	}
	return ErrInsufficientScope.Error() + ": need " + e.Scope
}

// Is makes errors.Is(err, ErrInsufficientScope) true.
func (e *ScopeError) Is(target error) bool { return target == ErrInsufficientScope }

// BasicAuthOptions configures BasicAuth. Check is required.
type BasicAuthOptions struct {
	// Realm names the protection space in the challenge. "" means
	// "Restricted". It must be a valid quoted-string content (no control
	// bytes).
	Realm string

	// Check reports whether user and password are valid credentials. It
	// is called for every request carrying Basic credentials; use
	// StaticCredentials or StaticUser for a fixed set, which compare in
	// constant time. BasicAuth panics when Check is nil.
	Check func(user, password string, r *http.Request) bool

	// Authorize, when set, runs for authenticated users: false answers
	// 403 Forbidden (the user is known but may not do this), whereas
	// failed credentials answer 401. nil allows every authenticated user.
	Authorize func(user string, r *http.Request) bool
}

// StaticCredentials returns a BasicAuthOptions.Check that accepts the
// user names and passwords of users (name to password). It compares
// SHA-256 hashes of the offered and expected values with
// crypto/subtle, over every entry, so the time taken tells neither the
// length of a password, nor which part was wrong, nor whether the user
// exists. users is copied.
func StaticCredentials(users map[string]string) func(user, password string, r *http.Request) bool {
	type entry struct{ user, pass [sha256.Size]byte }
	entries := make([]entry, 0, len(users))
	for u, p := range users {
		entries = append(entries, entry{sha256.Sum256([]byte(u)), sha256.Sum256([]byte(p))})
	}
	return func(user, password string, _ *http.Request) bool {
		uh, ph := sha256.Sum256([]byte(user)), sha256.Sum256([]byte(password))
		ok := 0
		for i := range entries {
			ok |= subtle.ConstantTimeCompare(uh[:], entries[i].user[:]) &
				subtle.ConstantTimeCompare(ph[:], entries[i].pass[:])
		}
		return ok == 1
	}
}

// StaticUser is StaticCredentials for a single user.
func StaticUser(user, password string) func(user, password string, r *http.Request) bool {
	return StaticCredentials(map[string]string{user: password})
}

// StaticTokens returns a BearerAuthOptions.Check that accepts the tokens
// of tokens (token to user name) and reports the token's user. Tokens are
// compared as StaticCredentials compares passwords: by SHA-256 hash in
// constant time over every entry. tokens is copied.
func StaticTokens(tokens map[string]string) func(token string, r *http.Request) (user string, ok bool, err error) {
	type entry struct {
		hash [sha256.Size]byte
		user string
	}
	entries := make([]entry, 0, len(tokens))
	for t, u := range tokens {
		entries = append(entries, entry{sha256.Sum256([]byte(t)), u})
	}
	return func(token string, _ *http.Request) (string, bool, error) {
		h := sha256.Sum256([]byte(token))
		found := -1
		for i := range entries {
			if subtle.ConstantTimeCompare(h[:], entries[i].hash[:]) == 1 {
				found = i
			}
		}
		if found < 0 {
			return "", false, nil
		}
		return entries[found].user, true, nil
	}
}

// challenge formats a WWW-Authenticate challenge, panicking on a realm
// that cannot be quoted (a configuration error, found at setup).
func challenge(scheme string, ps headers.Params) string {
	s := headers.Challenge{Scheme: scheme, Params: ps}.String()
	if s == "" {
		panic("middleware: invalid realm or parameter for the " + scheme + " challenge")
	}
	return s
}

// BasicAuth returns middleware that requires HTTP Basic authentication
// (RFC 7617, RFC 9110 §11):
//   - no Authorization, or one of another scheme: 401 with
//     `WWW-Authenticate: Basic realm="…", charset="UTF-8"` (the charset
//     parameter tells clients to encode user and password as UTF-8);
//   - an Authorization that does not parse (RFC 9110 §11.6.2), more than
//     one Authorization field, or Basic credentials that are not base64
//     of UTF-8 "user:password": 400 naming the header, without a
//     challenge;
//   - credentials Check refuses: 401 with the challenge;
//   - an authenticated user Authorize refuses: 403;
//   - otherwise the request goes on with the user name in its context
//     (UserFrom), where the access log finds it.
//
// Error responses are rendered as webob renders HTTP errors (HTML, JSON
// or problem+json as the client accepts). It panics when opts or
// opts.Check is nil or the realm cannot be quoted.
func BasicAuth(opts *BasicAuthOptions) func(http.Handler) http.Handler {
	if opts == nil || opts.Check == nil {
		panic("middleware: BasicAuth needs a Check function")
	}
	o := *opts
	realm := o.Realm
	if realm == "" {
		realm = "Restricted"
	}
	ch := challenge("Basic", headers.Params{{Name: "realm", Value: realm}, {Name: "charset", Value: "UTF-8"}})
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			user, pass, status, detail := basicCredentials(r)
			switch {
			case status == http.StatusBadRequest:
				renderError(w, r, webob.BadRequest(detail))
				return
			case status != 0 || !o.Check(user, pass, r):
				if detail == "" {
					detail = "invalid credentials"
				}
				renderError(w, r, webob.Unauthorized(detail).WithHeader("WWW-Authenticate", ch))
				return
			case o.Authorize != nil && !o.Authorize(user, r):
				renderError(w, r, webob.Forbidden())
				return
			}
			setLogUser(w, user)
			next.ServeHTTP(w, r.WithContext(WithUser(r.Context(), user)))
		})
	}
}

// basicCredentials reads the Basic credentials of r: status is 0 when it
// has them, 401 when it has none (or another scheme's), 400 when the
// header is malformed; detail says what was wrong.
func basicCredentials(r *http.Request) (user, pass string, status int, detail string) {
	lines := r.Header["Authorization"]
	switch {
	case len(lines) == 0:
		return "", "", http.StatusUnauthorized, "no credentials"
	case len(lines) > 1:
		return "", "", http.StatusBadRequest, "more than one Authorization header"
	}
	c, err := headers.ParseAuthorization(lines[0])
	if err != nil {
		return "", "", http.StatusBadRequest, "invalid Authorization header"
	}
	if !headers.EqualFold(c.Scheme, "Basic") {
		return "", "", http.StatusUnauthorized, "Basic credentials required"
	}
	if c.Token68 == "" {
		return "", "", http.StatusBadRequest, "invalid Basic credentials in Authorization header"
	}
	user, pass, err = headers.DecodeBasic(c.Token68)
	if err != nil {
		return "", "", http.StatusBadRequest, "invalid Basic credentials in Authorization header"
	}
	return user, pass, 0, ""
}

// BearerAuthOptions configures BearerAuth. Check is required.
type BearerAuthOptions struct {
	// Realm names the protection space in the challenge. "" means
	// "Restricted".
	Realm string

	// Scope, when set, is sent as the scope attribute of every challenge
	// (the scopes the resource needs, space-separated, RFC 6750 §3).
	Scope string

	// Check validates a token. It returns ok and the user name to store
	// in the request context (may be ""). ok false with a nil error is an
	// invalid, expired or revoked token: 401 error="invalid_token". An
	// error matching ErrInsufficientScope (a *ScopeError) is 403
	// error="insufficient_scope". Any other error is a failure of the
	// check itself (a token store that is down): 500, the error logged,
	// never shown. BearerAuth panics when Check is nil.
	Check func(token string, r *http.Request) (user string, ok bool, err error)

	// Logger receives the errors of Check that answer 500. nil means
	// slog.Default().
	Logger *slog.Logger
}

// BearerAuth returns middleware that requires a bearer token in the
// Authorization header (RFC 6750 §2.1, §3):
//   - no Authorization, or one of another scheme: 401 with
//     `WWW-Authenticate: Bearer realm="…"` and no error code (§3.1);
//   - an Authorization that does not parse, more than one, or Bearer
//     without a token68: 400 with error="invalid_request";
//   - a token Check refuses: 401 with error="invalid_token";
//   - a token without the scope needed (Check returns a *ScopeError):
//     403 with error="insufficient_scope" and the scope attribute;
//   - otherwise the request goes on with Check's user name in its context
//     (UserFrom).
//
// Tokens in the query string or a form body (RFC 6750 §2.2, §2.3) are not
// read: they leak into logs and caches. Error responses are rendered as
// webob renders HTTP errors. It panics when opts or opts.Check is nil or
// the realm or scope cannot be quoted.
func BearerAuth(opts *BearerAuthOptions) func(http.Handler) http.Handler {
	if opts == nil || opts.Check == nil {
		panic("middleware: BearerAuth needs a Check function")
	}
	o := *opts
	realm := o.Realm
	if realm == "" {
		realm = "Restricted"
	}
	logger := o.Logger
	if logger == nil {
		logger = slog.Default()
	}
	base := headers.Params{{Name: "realm", Value: realm}}
	if o.Scope != "" {
		base = append(base, headers.Param{Name: "scope", Value: o.Scope})
	}
	with := func(code string) headers.Params {
		return append(base[:len(base):len(base)], headers.Param{Name: "error", Value: code})
	}
	chNone := challenge("Bearer", base)
	chRequest := challenge("Bearer", with("invalid_request"))
	chToken := challenge("Bearer", with("invalid_token"))
	chScope := challenge("Bearer", with("insufficient_scope"))
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			token, status, detail := bearerToken(r)
			switch status {
			case http.StatusBadRequest:
				renderError(w, r, webob.BadRequest(detail).WithHeader("WWW-Authenticate", chRequest))
				return
			case http.StatusUnauthorized:
				renderError(w, r, webob.Unauthorized(detail).WithHeader("WWW-Authenticate", chNone))
				return
			}
			user, ok, err := o.Check(token, r)
			if err != nil {
				var se *ScopeError
				if errors.As(err, &se) && se.Scope != "" {
					c := headers.Challenge{Scheme: "Bearer", Params: headers.Params{
						{Name: "realm", Value: realm}, {Name: "scope", Value: se.Scope},
						{Name: "error", Value: "insufficient_scope"}}}.String()
					if c == "" {
						c = chScope
					}
					renderError(w, r, webob.Forbidden("insufficient scope").WithHeader("WWW-Authenticate", c))
					return
				}
				if errors.Is(err, ErrInsufficientScope) {
					renderError(w, r, webob.Forbidden("insufficient scope").WithHeader("WWW-Authenticate", chScope))
					return
				}
				logger.LogAttrs(r.Context(), slog.LevelError, "middleware: bearer token check failed",
					slog.String("method", r.Method), slog.String("path", r.URL.Path),
					slog.String("error", err.Error()))
				renderError(w, r, webob.InternalServerError())
				return
			}
			if !ok {
				renderError(w, r, webob.Unauthorized("invalid token").WithHeader("WWW-Authenticate", chToken))
				return
			}
			setLogUser(w, user)
			next.ServeHTTP(w, r.WithContext(WithUser(r.Context(), user)))
		})
	}
}

// bearerToken reads the bearer token of r; see basicCredentials.
func bearerToken(r *http.Request) (token string, status int, detail string) {
	lines := r.Header["Authorization"]
	switch {
	case len(lines) == 0:
		return "", http.StatusUnauthorized, "no credentials"
	case len(lines) > 1:
		return "", http.StatusBadRequest, "more than one Authorization header"
	}
	c, err := headers.ParseAuthorization(lines[0])
	if err != nil {
		return "", http.StatusBadRequest, "invalid Authorization header"
	}
	if !headers.EqualFold(c.Scheme, "Bearer") {
		return "", http.StatusUnauthorized, "Bearer token required"
	}
	if c.Token68 == "" {
		return "", http.StatusBadRequest, "invalid Bearer token in Authorization header"
	}
	return c.Token68, 0, ""
}

// renderError answers r with the HTTP error e, rendered by webob's
// adapter (negotiated HTML, JSON or problem+json).
func renderError(w http.ResponseWriter, r *http.Request, e *webob.HTTPError) {
	webob.HandlerFunc(func(*webob.Request) (*webob.Response, error) { return nil, e }).ServeHTTP(w, r)
}
