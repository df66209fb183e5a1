package webtest

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestWithBaseURLAndHeader(t *testing.T) {
	app := New(t, echo(), WithBaseURL("https://api.example.org:8443/v1/"), WithHeader("X-Requested-With", "all"))
	app.Get("items?x=1").MustContain("GET https://api.example.org:8443/v1/items?x=1 ", `xhr="all"`)
	app.Get("/root").MustContain("GET https://api.example.org:8443/root ")
}

func TestBadBaseURLIsFatal(t *testing.T) {
	ft := newFake(t)
	if New(ft, echo(), WithBaseURL("/relative")) != nil || len(ft.fatals) != 1 {
		t.Fatalf("%q", ft.failures())
	}
}

func TestWithClockExpiresCookies(t *testing.T) {
	now := t0
	app := New(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/set" {
			w.Header().Add("Set-Cookie", "short=1; Max-Age=60; Path=/")
		}
		w.Header().Set("Content-Type", "text/plain")
		io.WriteString(w, "cookie="+r.Header.Get("Cookie"))
	}), WithClock(func() time.Time { return now }))
	app.Get("/set")
	app.Get("/").MustContain("cookie=short=1")
	now = now.Add(time.Minute)
	app.Get("/").MustNotContain("short")
}

func TestWithJarOptionsCaps(t *testing.T) {
	app := New(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for _, n := range []string{"a", "b", "c"} {
			w.Header().Add("Set-Cookie", n+"=1")
		}
	}), WithJarOptions(JarOptions{MaxPerDomain: 2}))
	app.Get("/")
	if n := len(app.Jar().All()); n != 2 {
		t.Fatal(n)
	}
}

func TestRemoteSecureCookieOverTLS(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/set" {
			w.Header().Add("Set-Cookie", "__Host-sid=s3; Secure; Path=/; HttpOnly")
		}
		w.Header().Set("Content-Type", "text/plain")
		io.WriteString(w, "cookie="+r.Header.Get("Cookie"))
	}))
	defer srv.Close()
	app := NewRemote(t, srv.URL, WithClient(srv.Client()))
	app.Get("/set")
	app.Get("/page").MustContain("cookie=__Host-sid=s3")
	if all := app.Jar().All(); len(all) != 1 || !all[0].Secure || !strings.HasPrefix(all[0].Domain, "127.0.0.1") {
		t.Fatalf("%+v", all)
	}
}

func TestRemoteDefaultStatusFails(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	defer srv.Close()
	ft := newFake(t)
	NewRemote(ft, srv.URL).Get("/nothing")
	if f := ft.failures(); len(f) != 1 || !strings.Contains(f[0], "status 404") || !strings.Contains(f[0], "404 page not found") {
		t.Fatalf("%q", f)
	}
}

func TestHeaderWithCRLFIsRefused(t *testing.T) {
	for _, o := range []RequestOption{Header("X-A", "1\r\nX-Injected: 1"), WithCookie("a", "1\n"), Header("Bad:Name", "1")} {
		ft := newFake(t)
		if New(ft, echo()).Get("/", o) != nil || len(ft.fatals) != 1 || !strings.Contains(ft.fatals[0], "CR, LF or NUL") {
			t.Fatalf("%q", ft.failures())
		}
	}
}

func TestFormsKeepChangesAcrossCalls(t *testing.T) {
	app := New(t, page(browserForm))
	r := app.Get("/")
	r.Form("f").Set("text", "kept")
	if got := r.Form("f").Value("text"); got != "kept" {
		t.Fatal(got)
	}
}

func TestRemoteLintReplaysAnswers(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/bad":
			w.WriteHeader(http.StatusFound) // no Location
		case "/head", "/nm":
			w.Header().Set("Content-Type", "text/plain")
			w.Header().Set("ETag", `"x"`)
			if r.URL.Path == "/nm" {
				w.WriteHeader(http.StatusNotModified)
				return
			}
			io.WriteString(w, "a body HEAD does not get")
		}
	}))
	defer srv.Close()
	ft := newFake(t)
	app := NewRemote(ft, srv.URL)
	app.Head("/head")
	app.Get("/nm")
	app.Get("/head")
	if f := ft.failures(); len(f) != 0 {
		t.Fatalf("false alarms: %q", f)
	}
	app.Get("/bad")
	if f := ft.failures(); len(f) != 1 || !strings.Contains(f[0], "lint: location") {
		t.Fatalf("%q", f)
	}
	ft = newFake(t)
	NewRemote(ft, srv.URL, WithoutLint()).Get("/bad")
	if f := ft.failures(); len(f) != 0 {
		t.Fatalf("%q", f)
	}
}
