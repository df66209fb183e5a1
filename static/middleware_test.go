package static

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/webob-go/webob/middleware"
	"github.com/webob-go/webob/webob"
)

// Behind a webob.Middleware (which captures a plain handler's output) and
// behind middleware.CORS (which only observes it), files, 304s and ranges
// come through unchanged, and the middleware sees the file's fields.
func TestServedBehindWebobMiddlewareAndCORS(t *testing.T) {
	app, _ := dirApp(t, basicFiles, nil)
	var seen string
	mw := webob.Middleware(func(req *webob.Request, next webob.Next) (*webob.Response, error) {
		resp, err := next(req)
		if resp != nil && resp.Header().Get("Etag") != "" {
			seen = resp.Header().Get("Etag")
		}
		return resp, err
	})
	cors := middleware.CORS(&middleware.CORSOptions{Origins: []string{"https://app.example"}})
	for name, h := range map[string]http.Handler{"webob.Middleware": mw(app), "CORS": cors(app)} {
		rec := do(h, "GET", "/digits.txt", "Origin", "https://app.example")
		if rec.Code != 200 || rec.Body.String() != basicFiles["digits.txt"] {
			t.Fatalf("%s: %d %q", name, rec.Code, rec.Body)
		}
		et := rec.Header().Get("Etag")
		if rec := do(h, "GET", "/digits.txt", "If-None-Match", et); rec.Code != 304 {
			t.Errorf("%s: 304: %d", name, rec.Code)
		}
		if rec := do(h, "GET", "/digits.txt", "Range", "bytes=0-2"); rec.Code != 206 || rec.Body.String() != "012" {
			t.Errorf("%s: range: %d %q", name, rec.Code, rec.Body)
		}
		if rec := do(h, "GET", "/nope"); rec.Code != 404 {
			t.Errorf("%s: 404: %d", name, rec.Code)
		}
	}
	if !strings.HasPrefix(seen, `"`) {
		t.Errorf("middleware saw no ETag: %q", seen)
	}
}

// Behind middleware.CORS, whose observing writer keeps io.ReaderFrom, a
// file still reaches the writer's ReadFrom with a file to sendfile from.
func TestSendfileKeptBehindObservingMiddleware(t *testing.T) {
	app, _ := dirApp(t, map[string]string{"big.bin": strings.Repeat("x", 100000)}, nil)
	h := middleware.CORS(&middleware.CORSOptions{Origins: []string{"https://app.example"}})(app)
	w := &readFromRecorder{ResponseRecorder: httptest.NewRecorder()}
	req := httptest.NewRequest("GET", "/big.bin", nil)
	req.Header.Set("Origin", "https://app.example")
	h.ServeHTTP(w, req)
	if w.Code != 200 || w.Body.Len() != 100000 || w.fileSrc != 1 {
		t.Fatalf("status %d, %d bytes, ReadFrom with a file %d times", w.Code, w.Body.Len(), w.fileSrc)
	}
}
