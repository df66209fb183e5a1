// Command demo is a small web server built with package webob. It shows
// content negotiation (JSON or HTML by Accept, with Vary set for you),
// conditional GET with ETag and Last-Modified, byte ranges, a counter kept
// in a session (package sessions: the whole session in an encrypted
// cookie, with a lifetime, and a log-in that renews it), a form with a file
// upload, errors rendered as
// RFC 9457 problem details, and static files served by static.DirectoryApp.
// The whole server runs behind the middleware package: RequestID,
// AccessLog (to stderr through slog), Recover and Compress, composed with
// middleware.Chain around an URLMap that mounts the demo's app at "/" and
// a small file server at "/static-demo/".
//
//	cd examples/demo && go run .            # listens on :8080
//	go run ./examples/demo -addr :9000      # from the repository root
//
// See README.md in this directory for a curl line per feature and what
// comes back.
package main

import (
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"flag"
	"io"
	"io/fs"
	"log"
	"log/slog"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/webob-go/webob/cookies"
	"github.com/webob-go/webob/headers"
	"github.com/webob-go/webob/middleware"
	"github.com/webob-go/webob/sessions"
	"github.com/webob-go/webob/static"
	"github.com/webob-go/webob/webob"
)

func main() {
	addr := flag.String("addr", ":8080", "address to listen on")
	key := flag.String("key", "", "secret (32 bytes or more) the session cookie's key is derived from (default: random at each start)")
	flag.Parse()

	secret := []byte(*key)
	if len(secret) == 0 {
		secret = make([]byte, 32)
		if _, err := rand.Read(secret); err != nil {
			log.Fatal(err)
		}
	}
	handler, err := newServer(secret, os.Stderr)
	if err != nil {
		log.Fatal(err)
	}
	srv := &http.Server{Addr: *addr, Handler: handler, ReadHeaderTimeout: 10 * time.Second}
	log.Printf("demo listening on %s", *addr)
	log.Fatal(srv.ListenAndServe())
}

// staticFiles are the demo's static files, served under /static/ by
// static.DirectoryApp: an embed.FS has no modification times, so they get
// content-hash ETags; style.css.gz is served to clients that accept gzip.
//
//go:embed static
var staticFiles embed.FS

// mountedFiles are served by a plain http.FileServer under /static-demo/,
// to show URLMap moving the mount prefix out of the path.
//
//go:embed mounted
var mountedFiles embed.FS

// poem is the document served with validators and ranges.
const poem = `Headers travel light, a line apiece,
each one a promise kept or gently broken;
the server weighs the tags the client sent
and answers with the fewest bytes it can.
`

// poemModified is the poem's modification date.
var poemModified = time.Date(2024, 6, 1, 12, 0, 0, 0, time.UTC)

// items is the demo's tiny catalogue.
var items = map[int]item{
	1: {ID: 1, Name: "teapot", Price: 18},
	2: {ID: 2, Name: "kettle", Price: 42},
}

type item struct {
	ID    int    `json:"id"`
	Name  string `json:"name"`
	Price int    `json:"price"`
}

// newMux returns the demo's server (see newServer) with its access log and
// panic reports discarded; the session cookie's key is derived from secret.
func newMux(secret []byte) (http.Handler, error) {
	return newServer(secret, io.Discard)
}

// newServer returns the whole demo server: the middleware, outermost
// first, then an URLMap with the app at "/", a file server over the
// embedded folder mounted/ at "/static-demo/" and a handler that panics
// on purpose at "/panic". The access log and panic reports go to logw
// through slog.
func newServer(secret []byte, logw io.Writer) (http.Handler, error) {
	app, err := newApp(secret)
	if err != nil {
		return nil, err
	}
	files, err := fs.Sub(mountedFiles, "mounted")
	if err != nil {
		return nil, err
	}
	urls := middleware.NewURLMap(nil)
	for _, m := range []struct {
		pattern string
		h       http.Handler
	}{
		{"/", app},
		// The file server sees "/hello.txt", not "/static-demo/hello.txt":
		// URLMap moved the prefix out of the path.
		{"/static-demo/", http.FileServerFS(files)},
		// A plain handler (not a webob.HandlerFunc, which recovers its own
		// panics) so that middleware.Recover is the one answering.
		{"/panic", http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
			panic("the demo panics on purpose")
		})},
	} {
		if err := urls.Mount(m.pattern, m.h); err != nil {
			return nil, err
		}
	}
	logger := slog.New(slog.NewTextHandler(logw, nil))
	return middleware.Chain(
		middleware.RequestID(nil),                                      // X-Request-Id: kept when valid, else made
		middleware.AccessLog(logger, nil),                              // one slog record per request, with that ID
		middleware.Recover(&middleware.RecoverOptions{Logger: logger}), // a panic is a 500
		middleware.Compress(nil),                                       // zstd, br or gzip by Accept-Encoding
	)(urls), nil
}

// sessionLifetime is how long a demo session lives at most, however
// active; sessionIdle ends one unused for that long.
const (
	sessionLifetime = 12 * time.Hour
	sessionIdle     = 30 * time.Minute
)

// clock is the sessions' clock; tests move it.
var clock = time.Now

// newSessions returns the demo's session manager. The whole session lives
// in its cookie, encrypted with AES-256-GCM under a key derived from
// secret: the demo keeps no state, and with a fixed -key its sessions
// survive a restart. (A server that must be able to end a session
// everywhere at log-out uses sessions.NewManager with a server-side store
// instead: a cookie session cannot be revoked.)
func newSessions(secret []byte) (*sessions.Manager, error) {
	if len(secret) < cookies.MinKeyLen {
		return nil, cookies.ErrInvalidKey
	}
	key, err := hkdf.Key(sha256.New, secret, nil, "webob-go demo session cookie", 32)
	if err != nil {
		return nil, err
	}
	store, err := sessions.NewCookieStore(key)
	if err != nil {
		return nil, err
	}
	return sessions.NewCookieManager(store, &sessions.Options{
		// The demo serves plain http on localhost:8080, and curl (unlike
		// browsers, which make an exception for localhost) does not send
		// a Secure cookie over http: without this the counter would start
		// again at every request. A real deployment serves HTTPS and keeps
		// the default.
		Insecure:    true,
		Lifetime:    sessionLifetime,
		IdleTimeout: sessionIdle,
		Now:         func() time.Time { return clock() },
	})
}

// newApp returns the demo's own app; the session cookie's key is derived
// from secret.
func newApp(secret []byte) (http.Handler, error) {
	sm, err := newSessions(secret)
	if err != nil {
		return nil, err
	}
	d := &demo{}
	cfg := &webob.Config{RenderError: renderError}

	mux := http.NewServeMux()
	mux.Handle("GET /{$}", cfg.Handler(d.index))
	mux.Handle("GET /poem", cfg.Handler(d.poem))
	mux.Handle("GET /counter", cfg.Handler(d.counter))
	mux.Handle("GET /login", cfg.Handler(d.loginForm))
	mux.Handle("POST /login", cfg.Handler(d.login))
	mux.Handle("POST /logout", cfg.Handler(d.logout))
	mux.Handle("GET /upload", cfg.Handler(d.uploadForm))
	mux.Handle("POST /upload", cfg.Handler(d.upload))
	mux.Handle("GET /items/{id}", cfg.Handler(d.item))
	assets, err := fs.Sub(staticFiles, "static")
	if err != nil {
		return nil, err
	}
	mux.Handle("GET /static/", http.StripPrefix("/static", static.DirectoryApp(assets, &static.Options{
		Config:        cfg,
		Precompressed: []string{"br", "zstd", "gzip"},
	})))
	// The catch-all matches every method, so ServeMux sends it what no
	// other pattern takes, including a known path with the wrong method:
	// that is a 405 with Allow (RFC 9110 §15.5.6), not a 404.
	mux.Handle("/", cfg.Handler(func(req *webob.Request) (*webob.Response, error) {
		if allow := allowedMethods(mux, req.HTTP()); len(allow) > 0 {
			return nil, webob.MethodNotAllowed(allow)
		}
		return nil, webob.NotFound("nothing lives at " + req.Path())
	}))
	// The session middleware wraps every route; only the handlers that
	// use their session pay for it (no cookie parsing, no Set-Cookie for
	// the others).
	return serverHeader(sm.Middleware(mux)), nil
}

// demoMethods are the methods the demo's patterns use (HEAD comes with GET).
var demoMethods = [...]string{http.MethodGet, http.MethodHead, http.MethodPost}

// allowedMethods returns the methods for which mux has a pattern other
// than the catch-all "/" matching r's path.
func allowedMethods(mux *http.ServeMux, r *http.Request) []string {
	var allow []string
	for _, m := range demoMethods {
		probe := *r // a shallow copy: only the method differs
		probe.Method = m
		if _, pattern := mux.Handler(&probe); pattern != "" && pattern != "/" {
			allow = append(allow, m)
		}
	}
	return allow
}

// serverHeader is a middleware (webob.Middleware over any http.Handler)
// that names the server on every response.
var serverHeader = webob.Middleware(func(req *webob.Request, next webob.Next) (*webob.Response, error) {
	resp, err := next(req)
	if err != nil {
		return nil, err
	}
	resp.Header().Set("Server", "webob-go-demo")
	return resp, nil
})

// renderError sends errors as problem+json (RFC 9457), unless the client
// prefers HTML, as a browser does.
func renderError(req *webob.Request, e *webob.HTTPError) *webob.Response {
	if best, _ := req.Accept().Best("application/problem+json", "text/html"); best == "text/html" {
		return e.Response(req)
	}
	return e.RenderAs(req, "application/problem+json")
}

type demo struct{}

// index negotiates between JSON and HTML; Vary: Accept is added because
// the handler consulted Accept.
func (d *demo) index(req *webob.Request) (*webob.Response, error) {
	endpoints := []string{"/poem", "/counter", "/login", "/upload", "/items/1"}
	best, _ := req.Accept().Best("application/json", "text/html")
	if best == "text/html" {
		var b strings.Builder
		b.WriteString("<!doctype html>\n<title>webob-go demo</title>\n<h1>webob-go demo</h1>\n<ul>\n")
		for _, e := range endpoints {
			b.WriteString(`<li><a href="` + e + `">` + e + "</a></li>\n")
		}
		b.WriteString("</ul>\n")
		return webob.HTML(http.StatusOK, b.String()), nil
	}
	return webob.JSON(http.StatusOK, map[string]any{
		"message":   "Hello from webob-go",
		"endpoints": endpoints,
	}), nil
}

// poem is served with an ETag and a Last-Modified date, and opts in to
// range requests: the adapter answers If-None-Match and If-Modified-Since
// with 304, failed If-Match with 412, and Range with 206 or 416.
func (d *demo) poem(req *webob.Request) (*webob.Response, error) {
	r := webob.Text(http.StatusOK, poem)
	if err := r.SetETagFromBody(); err != nil {
		return nil, err
	}
	r.SetLastModified(poemModified)
	if err := r.SetCacheControl(headers.CacheControl{MaxAge: headers.Seconds(60)}); err != nil {
		return nil, err
	}
	if err := r.SetAcceptRanges("bytes"); err != nil {
		return nil, err
	}
	return r, nil
}

// visits is what /counter, /login and /logout answer.
type visits struct {
	Visits int    `json:"visits"`
	User   string `json:"user,omitempty"`
}

// counter counts visits in the session. A cookie that was tampered with
// (or made with another key, or older than the session's lifetime) does
// not open: the session is new and the count starts again.
func (d *demo) counter(req *webob.Request) (*webob.Response, error) {
	s := sessions.FromRequest(req)
	n, _, err := sessions.GetAs[int](s, "visits")
	if err != nil {
		return nil, err
	}
	n++
	if err := s.Set("visits", n); err != nil {
		return nil, err
	}
	user, _, err := sessions.GetAs[string](s, "user")
	if err != nil {
		return nil, err
	}
	r := req.Response() // the request's own Response: no allocation for it
	r.SetJSONBody(visits{n, user})
	r.CacheExpires(0) // personal: never cache
	return r, nil
}

const loginPage = `<!doctype html>
<title>Log in</title>
<form method="post" action="/login">
<p><label>Name <input name="user"></label>
<p><button>Log in</button>
</form>
<form method="post" action="/logout"><button>Log out</button></form>
`

func (d *demo) loginForm(req *webob.Request) (*webob.Response, error) {
	return webob.HTML(http.StatusOK, loginPage), nil
}

// login keeps the visitor's name in the session. It renews the session
// first, as every log-in should: a cookie someone planted or saw before
// does not carry the logged-in session (session fixation).
func (d *demo) login(req *webob.Request) (*webob.Response, error) {
	form, err := req.ParseForm()
	if err != nil {
		return nil, err
	}
	user := form.Get("user")
	if user == "" {
		return nil, webob.UnprocessableContent("the form has no field named \"user\"")
	}
	s := sessions.FromRequest(req)
	if err := s.Renew(); err != nil {
		return nil, err
	}
	if err := s.Set("user", user); err != nil {
		return nil, err
	}
	n, _, err := sessions.GetAs[int](s, "visits")
	if err != nil {
		return nil, err
	}
	r := webob.JSON(http.StatusOK, visits{n, user})
	r.CacheExpires(0)
	return r, nil
}

// logout ends the session: the cookie is deleted.
func (d *demo) logout(req *webob.Request) (*webob.Response, error) {
	if err := sessions.FromRequest(req).Destroy(); err != nil {
		return nil, err
	}
	r := webob.JSON(http.StatusOK, visits{})
	r.CacheExpires(0)
	return r, nil
}

const uploadPage = `<!doctype html>
<title>Upload</title>
<form method="post" action="/upload" enctype="multipart/form-data">
<p><label>Title <input name="title"></label>
<p><input type="file" name="file">
<p><button>Send</button>
</form>
`

func (d *demo) uploadForm(req *webob.Request) (*webob.Response, error) {
	return webob.HTML(http.StatusOK, uploadPage), nil
}

// upload reads a multipart form (or an urlencoded one) and describes what
// it got. Body limits, a malformed body and a missing file become 413,
// 400 and 422 problem details.
func (d *demo) upload(req *webob.Request) (*webob.Response, error) {
	form, err := req.ParseForm()
	if err != nil {
		return nil, err // 400 or 413, mapped by the adapter
	}
	f := req.File("file")
	// A browser submits a file input with no file chosen as a part with
	// filename="" and no content: that is no file either.
	if f == nil || f.Filename == "" && f.Size == 0 {
		return nil, webob.UnprocessableContent("the form has no file field named \"file\"")
	}
	rd, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rd.Close()
	h := sha256.New()
	if _, err := io.Copy(h, rd); err != nil {
		return nil, err
	}
	return webob.JSON(http.StatusCreated, map[string]any{
		"title":    form.Get("title"),
		"filename": f.Filename,
		"type":     f.ContentType,
		"size":     f.Size,
		"sha256":   hex.EncodeToString(h.Sum(nil)),
	}), nil
}

// item shows errors: an unknown id is a 404 and a malformed one a 400,
// both rendered as problem+json by renderError.
func (d *demo) item(req *webob.Request) (*webob.Response, error) {
	id, err := strconv.Atoi(req.PathValue("id"))
	if err != nil {
		e := webob.BadRequest("item ids are integers")
		e.Type = "https://example.com/problems/bad-id"
		return nil, e
	}
	it, ok := items[id]
	if !ok {
		e := webob.NotFound("no item " + req.PathValue("id"))
		e.Extensions = map[string]any{"known": []int{1, 2}}
		return nil, e
	}
	return webob.JSON(http.StatusOK, it), nil
}
