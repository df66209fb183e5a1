package middleware_test

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/webob-go/webob/middleware"
)

// appHandler is application code (outside this library): its frames are
// shown with source lines; the library's and net/http's are folded.
func appHandler(w http.ResponseWriter, r *http.Request) {
	var items []string
	w.Write([]byte(items[len(r.URL.Path)])) // the line the page highlights
}

func TestRecoverDevelopmentPageShowsSourceAndFoldsFramework(t *testing.T) {
	var logs bytes.Buffer
	h := middleware.Recover(&middleware.RecoverOptions{
		Logger:      slog.New(slog.NewTextHandler(&logs, nil)),
		Development: true,
	})(http.HandlerFunc(appHandler))
	req := httptest.NewRequest("GET", "/", nil)
	req.RemoteAddr = "127.0.0.1:1"
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	body := rec.Body.String()
	if !strings.Contains(body, "index out of range [1] with length 0") {
		t.Fatalf("panic message missing: %s", body)
	}
	if !strings.Contains(body, `<span class="fn">github.com/webob-go/webob/middleware_test.appHandler</span>`) {
		t.Fatalf("application frame missing: %s", body)
	}
	if !strings.Contains(body, `<span class="hl">`) || !strings.Contains(body, "items[len(r.URL.Path)])) // the line the page highlights") {
		t.Fatalf("source line missing: %s", body)
	}
	i := strings.Index(body, "<details><summary>")
	if i < 0 || !strings.Contains(body[i:], "net/http.HandlerFunc.ServeHTTP") {
		t.Fatalf("framework frames not folded: %s", body)
	}
	if strings.Contains(body[:i], "runtime.") {
		t.Fatalf("runtime frame shown unfolded: %s", body[:i])
	}
}
