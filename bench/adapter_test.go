package bench

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"
	"github.com/gin-gonic/gin/binding"
	"github.com/golang/gddo/httputil"
	"github.com/labstack/echo/v4"
	"github.com/webob-go/webob/negotiate"
	"github.com/webob-go/webob/webob"
)

// BenchmarkAdapter compares the cost of serving a request in-process,
// ServeHTTP on a reusable response writer, through each framework's
// router: http.ServeMux for webob and net/http, gin's and echo's own
// routers for gin (release mode, no middleware) and echo (no middleware).
//
//   - hello: write "hello" as text/plain.
//   - negotiate-json: choose JSON or HTML from Accept (JSON wins here),
//     read a cookie, write a small JSON body. echo has no negotiation of
//     its own; it uses gddo's NegotiateContentType, as echo users do.

// benchWriter is a reusable http.ResponseWriter: its header map is
// cleared between requests and the body is counted, not kept.
type benchWriter struct {
	h    http.Header
	code int
	n    int
}

func newBenchWriter() *benchWriter { return &benchWriter{h: make(http.Header, 8)} }

func (w *benchWriter) Header() http.Header  { return w.h }
func (w *benchWriter) WriteHeader(code int) { w.code = code }
func (w *benchWriter) Write(p []byte) (int, error) {
	if w.code == 0 {
		w.code = 200
	}
	w.n += len(p)
	return len(p), nil
}
func (w *benchWriter) WriteString(s string) (int, error) {
	if w.code == 0 {
		w.code = 200
	}
	w.n += len(s)
	return len(s), nil
}
func (w *benchWriter) reset() { clear(w.h); w.code, w.n = 0, 0 }

type themePayload struct {
	Theme string `json:"theme"`
	OK    bool   `json:"ok"`
}

const helloPage = "<p>hello</p>"

// webobHandlers answer with the request's own Response
// (Request.Response), the allocation-free way; webobNewHandlers build a
// new Response with the package's constructors (Text, HTML, JSON), which
// costs one allocation more per request.
func webobHandlers() http.Handler {
	offers, err := negotiate.NewOffers("application/json", "text/html")
	if err != nil {
		panic(err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /hello", webob.HandlerFunc(func(req *webob.Request) (*webob.Response, error) {
		resp := req.Response()
		resp.SetTextBody("hello")
		return resp, nil
	}))
	mux.Handle("GET /negotiate", webob.HandlerFunc(func(req *webob.Request) (*webob.Response, error) {
		best, _ := req.AcceptOffer(offers)
		theme, _ := req.Cookie("theme")
		resp := req.Response()
		if best == "text/html" {
			resp.SetHTMLBody(helloPage)
		} else {
			resp.SetJSONBody(themePayload{Theme: theme, OK: true})
		}
		return resp, nil
	}))
	return mux
}

func webobNewHandlers() http.Handler {
	offers, err := negotiate.NewOffers("application/json", "text/html")
	if err != nil {
		panic(err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /hello", webob.HandlerFunc(func(req *webob.Request) (*webob.Response, error) {
		return webob.Text(http.StatusOK, "hello"), nil
	}))
	mux.Handle("GET /negotiate", webob.HandlerFunc(func(req *webob.Request) (*webob.Response, error) {
		best, _ := req.AcceptOffer(offers)
		theme, _ := req.Cookie("theme")
		if best == "text/html" {
			return webob.HTML(http.StatusOK, helloPage), nil
		}
		return webob.JSON(http.StatusOK, themePayload{Theme: theme, OK: true}), nil
	}))
	return mux
}

func nethttpHandlers() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /hello", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		io.WriteString(w, "hello")
	})
	return mux
}

func ginHandlers() http.Handler {
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.GET("/hello", func(c *gin.Context) { c.String(http.StatusOK, "hello") })
	r.GET("/negotiate", func(c *gin.Context) {
		best := c.NegotiateFormat(binding.MIMEJSON, binding.MIMEHTML)
		theme, _ := c.Cookie("theme")
		if best == binding.MIMEHTML {
			c.Data(http.StatusOK, "text/html; charset=utf-8", []byte(helloPage))
			return
		}
		c.JSON(http.StatusOK, themePayload{Theme: theme, OK: true})
	})
	return r
}

func echoHandlers() http.Handler {
	e := echo.New()
	e.GET("/hello", func(c echo.Context) error { return c.String(http.StatusOK, "hello") })
	offers := []string{"application/json", "text/html"}
	e.GET("/negotiate", func(c echo.Context) error {
		best := httputil.NegotiateContentType(c.Request(), offers, "application/json")
		theme := ""
		if ck, err := c.Cookie("theme"); err == nil {
			theme = ck.Value
		}
		if best == "text/html" {
			return c.HTML(http.StatusOK, helloPage)
		}
		return c.JSON(http.StatusOK, themePayload{Theme: theme, OK: true})
	})
	return e
}

func helloRequest() *http.Request { return httptest.NewRequest("GET", "/hello", nil) }

func negotiateRequest(accept string) *http.Request {
	r := httptest.NewRequest("GET", "/negotiate", nil)
	r.Header.Set("Accept", accept)
	r.Header.Set("Cookie", "session=abc123; theme=dark; lang=en")
	return r
}

// apiAccept prefers JSON. It lists JSON first because gin's
// NegotiateFormat ignores q-values and takes the first listed type it
// offers (see TestAdapterAgreement).
const apiAccept = "application/json, text/html;q=0.5"

func BenchmarkAdapter(b *testing.B) {
	hello := []struct {
		name string
		h    http.Handler
	}{
		{"webob", webobHandlers()}, {"webob-new", webobNewHandlers()}, {"nethttp", nethttpHandlers()},
		{"gin", ginHandlers()}, {"echo", echoHandlers()},
	}
	for _, impl := range hello {
		b.Run("hello/"+impl.name, func(b *testing.B) {
			w, r := newBenchWriter(), helloRequest()
			b.ReportAllocs()
			for b.Loop() {
				w.reset()
				impl.h.ServeHTTP(w, r)
			}
		})
	}
	for _, impl := range hello {
		if impl.name == "nethttp" {
			continue
		}
		b.Run("negotiate-json/"+impl.name, func(b *testing.B) {
			w, r := newBenchWriter(), negotiateRequest(apiAccept)
			b.ReportAllocs()
			for b.Loop() {
				w.reset()
				impl.h.ServeHTTP(w, r)
			}
		})
	}
}

// TestAdapterAgreement checks that every implementation answers the
// benchmark requests the same way: status, media type and body.
func TestAdapterAgreement(t *testing.T) {
	impls := map[string]http.Handler{"webob": webobHandlers(), "webob-new": webobNewHandlers(), "nethttp": nethttpHandlers(),
		"gin": ginHandlers(), "echo": echoHandlers()}
	for name, h := range impls {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, helloRequest())
		if rec.Code != 200 || rec.Body.String() != "hello" || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/plain") {
			t.Errorf("hello %s: %d %q %q", name, rec.Code, rec.Header().Get("Content-Type"), rec.Body)
		}
		if name == "nethttp" {
			continue
		}
		for _, c := range []struct{ accept, ct string }{
			{apiAccept, "application/json"},
			{"text/html,application/xhtml+xml,*/*;q=0.8", "text/html"},
		} {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, negotiateRequest(c.accept))
			if rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Content-Type"), c.ct) {
				t.Errorf("negotiate %s %q: %d %q", name, c.accept, rec.Code, rec.Header().Get("Content-Type"))
				continue
			}
			if c.ct == "text/html" {
				if rec.Body.String() != helloPage {
					t.Errorf("negotiate %s: HTML %q", name, rec.Body)
				}
				continue
			}
			var p themePayload
			if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil || p != (themePayload{"dark", true}) {
				t.Errorf("negotiate %s: JSON %q %v", name, rec.Body, err)
			}
		}
	}
	// Where a peer is wrong: gin ignores q-values, so a client that lists
	// HTML first with a lower weight still gets HTML. webob, echo (gddo)
	// answer JSON.
	for name, h := range impls {
		if name == "nethttp" {
			continue
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, negotiateRequest("text/html;q=0.5, application/json"))
		want := "application/json"
		if name == "gin" {
			want = "text/html" // wrong, documented
		}
		if !strings.HasPrefix(rec.Header().Get("Content-Type"), want) {
			t.Errorf("q-values %s: %q", name, rec.Header().Get("Content-Type"))
		}
	}
	// Only webob says that the answer depends on Accept.
	rec := httptest.NewRecorder()
	impls["webob"].ServeHTTP(rec, negotiateRequest(apiAccept))
	if rec.Header().Get("Vary") != "Accept" {
		t.Errorf("webob Vary %q", rec.Header().Get("Vary"))
	}
}
