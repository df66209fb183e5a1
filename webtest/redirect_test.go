package webtest

import (
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
)

func redirector() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		switch {
		case strings.HasPrefix(r.URL.Path, "/hop/"):
			n, _ := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/hop/"))
			if n > 0 {
				http.Redirect(w, r, "/hop/"+strconv.Itoa(n-1), http.StatusFound)
				return
			}
		case strings.HasPrefix(r.URL.Path, "/code/"):
			n, _ := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/code/"))
			w.Header().Set("Location", "../landed#frag")
			w.WriteHeader(n)
			return
		case r.URL.Path == "/loop":
			http.Redirect(w, r, "/loop", http.StatusFound)
			return
		}
		w.Header().Set("Content-Type", "text/plain")
		if r.Method != http.MethodHead {
			io.WriteString(w, r.Method+" "+r.URL.Path+" body="+string(body))
		}
	})
}

func TestFollowMethodPerStatus(t *testing.T) {
	app := New(t, redirector())
	for _, c := range []struct {
		code int
		want string
	}{
		{301, "GET /landed body="}, {302, "GET /landed body="}, {303, "GET /landed body="},
		{307, "POST /landed body=x=1"}, {308, "POST /landed body=x=1"},
	} {
		r := app.Post("/code/"+strconv.Itoa(c.code), "application/x-www-form-urlencoded", []byte("x=1"))
		if got := r.Follow().Text(); got != c.want {
			t.Errorf("%d: %q, want %q", c.code, got, c.want)
		}
	}
	if r := app.Head("/code/302").Follow(); r.Request().Method != http.MethodHead {
		t.Error("HEAD not kept")
	}
}

func TestMaybeFollowChain(t *testing.T) {
	app := New(t, redirector())
	app.Get("/hop/3").MaybeFollow().MustContain("GET /hop/0")
	app.Get("/hop/0").MaybeFollow().MustContain("GET /hop/0") // not a redirect: no request
}

func TestMaybeFollowIsBounded(t *testing.T) {
	ft := newFake(t)
	app := New(ft, redirector(), WithMaxRedirects(3))
	r := app.Get("/loop").MaybeFollow()
	if f := ft.failures(); len(f) != 1 || !strings.Contains(f[0], "more than 3 redirects") || r.Code() != 302 {
		t.Fatalf("%q", f)
	}
}

func TestFollowOnNonRedirectFails(t *testing.T) {
	ft := newFake(t)
	app := New(ft, redirector())
	r := app.Get("/hop/0")
	if r.Follow() != r {
		t.Fatal("followed")
	}
	if f := ft.failures(); len(f) != 1 || !strings.Contains(f[0], "not a redirect") {
		t.Fatalf("%q", f)
	}
}
