package middleware

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestChainComposesInReadingOrder(t *testing.T) {
	var trace []string
	mw := func(name string) func(http.Handler) http.Handler {
		return func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				trace = append(trace, name+">")
				next.ServeHTTP(w, r)
				trace = append(trace, "<"+name)
			})
		}
	}
	app := http.HandlerFunc(func(http.ResponseWriter, *http.Request) { trace = append(trace, "app") })
	mws := []func(http.Handler) http.Handler{mw("a"), nil, mw("b"), mw("c")}
	h := Chain(mws...)(app)
	mws[0] = mw("changed") // Chain copied its arguments
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/", nil))
	if got := strings.Join(trace, " "); got != "a> b> c> app <c <b <a" {
		t.Fatalf("order: %s", got)
	}
}

func TestChainOfNothingReturnsTheHandler(t *testing.T) {
	app := http.NotFoundHandler()
	if h := Chain()(app); h == nil {
		t.Fatal("nil handler")
	} else {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
		if rec.Code != 404 {
			t.Fatalf("status %d", rec.Code)
		}
	}
}
