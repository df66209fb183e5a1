// Package sessions keeps per-visitor state across requests: a Manager's
// middleware loads a session lazily from a cookie and a Store, and commits it
// only when it changed.
//
// # Use
//
// Make a Manager over a Store (NewManager with a MemoryStore, the Redis store
// of the separate module github.com/webob-go/webob/sessions/redisstore, or
// your own) or over a CookieStore (NewCookieManager: the whole session in an
// encrypted cookie), put its Middleware around the handlers, and use
// Get(r) (FromRequest for a *webob.Request) in them:
//
//	m, err := sessions.NewManager(sessions.NewMemoryStore(), nil)
//	...
//	http.ListenAndServe(addr, m.Middleware(mux))
//
//	func counter(w http.ResponseWriter, r *http.Request) {
//		s := sessions.Get(r)
//		n, _, err := sessions.GetAs[int](s, "visits")
//		...
//		err = s.Set("visits", n+1)
//	}
//
// # Defaults
//
// The zero Options mean: a cookie named "session", Path "/", host-only,
// Secure, HttpOnly, SameSite=Lax, with a Max-Age up to the absolute
// deadline; a Lifetime of 24 hours from creation and no idle timeout; values
// encoded as JSON. Insecure must be asked for (plain-http development), and
// HostPrefix gives the cookie the __Host- prefix. Both deadlines are
// enforced by the server with the Manager's clock (Options.Now), never left
// to the cookie's Max-Age.
//
// # Lazy loading and commits
//
// A request that never calls a Session method costs two allocations (its
// context and request copy) and nothing else: no cookie parsing, no store
// call, no Set-Cookie. The first method call loads the session. The commit
// runs just before the response header goes out (the first WriteHeader,
// Write, ReadFrom, Flush or Hijack, or when the handler returns having
// written nothing), so the Set-Cookie line is part of the header. What is
// saved:
//
//   - a changed session: Store.Save (a new session gets its ID and cookie
//     then; an unchanged new session is never stored);
//   - an unchanged session with an IdleTimeout: Store.Touch, only once the
//     idle deadline moved by a tenth of IdleTimeout since it was last
//     written — not a rewrite of the whole session per request;
//   - nothing otherwise.
//
// A response with a 5xx status code (the handler failed, or a panic was
// recovered into a 500 inside the middleware, as a webob.HandlerFunc
// does) saves no change and sets no cookie, so a session is never saved
// half-done; only a Destroy is still carried out. A panic that escapes
// the middleware commits nothing.
//
// A response whose handler used the session gets Vary: Cookie; one that
// sets or deletes the cookie also gets Cache-Control: no-cache="Set-Cookie"
// (unless it is no-store or private), so a shared cache never hands one
// visitor's cookie to another. A commit that fails (a store error, a
// CookieStore session too large for its cookie) is logged in one line and
// answered by Options.ErrorHandler (500 by default) in place of the
// handler's response; nothing is silently dropped.
//
// # IDs and stores
//
// A session ID is 32 bytes from crypto/rand in base64url. The Store never
// sees it: records are kept under Key(id), its SHA-256, so a leaked store
// dump cannot be replayed as cookies. A cookie value that cannot be an ID is
// not looked up at all, and an ID the store does not know is never adopted:
// a new session always gets an ID of its own. When a request carries
// several cookies of the session's name (a stale one with another Path or
// Domain comes first), the first of them that names a live session is used;
// at most 4 are tried.
//
// # Concurrency
//
// Two requests of one session may run at once (a page and its XHRs, two
// tabs). The policy:
//
//   - Saves are optimistic. Each Record has a Version; Save succeeds only
//     when the stored version is the one the request loaded. When another
//     request saved first (ErrConflict), the commit reloads the record,
//     re-applies this request's own changes — a log of its Set, Delete,
//     Clear and flash operations, key by key — and saves again, up to 4
//     times. Two requests that set different keys both keep their values;
//     for the same key, the last commit wins.
//   - A session that another request destroyed or renewed is never brought
//     back: a save of a record that is gone fails (the store refuses a
//     non-zero version for a missing key), and the commit then drops this
//     request's changes and leaves the cookie alone. Logging out while
//     another request of the session is still running logs out for good.
//   - Destroy is never lost: its delete is unconditional. Renew retires
//     the old record only if it is still there (a save at the loaded
//     version, then a delete) and saves the session under its new ID as
//     a new record; what another request saved to the old record before
//     is carried over. When another request destroyed or renewed the
//     session meanwhile, the renewal is dropped with the request's
//     changes, so a log-out is not undone by a concurrent Renew (and of
//     two concurrent Renews, one wins).
//   - A request that arrives with the old cookie after the Renew or
//     Destroy committed finds no session: it starts a new one, and if it
//     saves anything, its cookie replaces the renewed one in the browser
//     (the visitor is logged out, never into someone else's session).
//   - A CookieStore has no shared state: each response that changes the
//     session carries a whole cookie, and the browser keeps the last one.
//
// Within one request, a Session is safe for concurrent use by several
// goroutines (a mutex guards it); after the commit, changes are refused
// with ErrCommitted.
package sessions
