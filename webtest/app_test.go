package webtest

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/webob-go/webob/webob"
)

// fakeTB records the failures webtest reports instead of failing the test.
type fakeTB struct {
	testing.TB
	mu     sync.Mutex
	errors []string
	fatals []string
}

func (f *fakeTB) Helper() {}

func (f *fakeTB) Errorf(format string, args ...any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.errors = append(f.errors, fmt.Sprintf(format, args...))
}

func (f *fakeTB) Fatalf(format string, args ...any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.fatals = append(f.fatals, fmt.Sprintf(format, args...))
}

func (f *fakeTB) failures() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append(append([]string(nil), f.errors...), f.fatals...)
}

func newFake(t *testing.T) *fakeTB { return &fakeTB{TB: t} }

func echo() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		switch r.URL.Path {
		case "/missing":
			http.Error(w, "no such page here", http.StatusNotFound)
			return
		case "/boom":
			http.Error(w, "internal trouble", http.StatusInternalServerError)
			return
		}
		if r.Method == http.MethodHead {
			return
		}
		body, _ := io.ReadAll(r.Body)
		scheme := "http"
		if r.TLS != nil {
			scheme = "https"
		}
		fmt.Fprintf(w, "%s %s://%s%s cookie=%q ct=%q xhr=%q auth=%q body=%s",
			r.Method, scheme, r.Host, r.URL.RequestURI(), r.Header.Get("Cookie"), r.Header.Get("Content-Type"),
			r.Header.Get("X-Requested-With"), r.Header.Get("Authorization"), body)
	})
}

func TestDefaultStatusFailsOn4xxAnd5xx(t *testing.T) {
	for _, path := range []string{"/missing", "/boom"} {
		ft := newFake(t)
		app := New(ft, echo())
		r := app.Get(path)
		f := ft.failures()
		if len(f) != 1 {
			t.Fatalf("%s: failures %q, want one", path, f)
		}
		for _, want := range []string{"GET", "http://localhost" + path, fmt.Sprint(r.Code()), "body:", strings.Fields(r.Text())[0]} {
			if !strings.Contains(f[0], want) {
				t.Errorf("%s: failure %q lacks %q", path, f[0], want)
			}
		}
		if len(ft.fatals) != 0 {
			t.Errorf("%s: Fatalf used; a status failure must let the test go on", path)
		}
	}
}

func TestDefaultStatusPasses2xxAnd3xx(t *testing.T) {
	ft := newFake(t)
	app := New(ft, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/go" {
			http.Redirect(w, r, "/", http.StatusFound)
			return
		}
		w.Header().Set("Content-Type", "text/plain")
		io.WriteString(w, "ok")
	}))
	app.Get("/")
	app.Get("/go")
	if f := ft.failures(); len(f) != 0 {
		t.Fatalf("failures %q", f)
	}
}

func TestStatusOptionAcceptsExpected4xx(t *testing.T) {
	ft := newFake(t)
	app := New(ft, echo())
	app.Get("/missing", Status(404))
	app.Get("/missing", StatusRange(400, 499))
	app.Get("/boom", Status(404, 500))
	if f := ft.failures(); len(f) != 0 {
		t.Fatalf("failures %q", f)
	}
}

func TestStatusOptionFailsOnOtherStatus(t *testing.T) {
	ft := newFake(t)
	app := New(ft, echo())
	app.Get("/", Status(404))
	app.Get("/missing", Status(200), StatusRange(500, 599))
	f := ft.failures()
	if len(f) != 2 || !strings.Contains(f[0], "status 200, expected 404") ||
		!strings.Contains(f[1], "status 404, expected 200 or 500-599") {
		t.Fatalf("failures %q", f)
	}
}

func TestRequestsCarryOptions(t *testing.T) {
	app := New(t, echo())
	app.Get("/p?a=1", Query("b", "2"), Header("X-Requested-With", "x"), WithCookie("k", "v")).
		MustContain(`GET http://localhost/p?a=1&b=2`, `cookie="k=v"`)
	app.Get("/", XHR(), BasicAuth("al", "pw")).MustContain(`xhr="XMLHttpRequest"`, `auth="Basic YWw6cHc="`)
	app.Post("/p", "text/plain", []byte("hi")).MustContain(`POST`, `ct="text/plain"`, `body=hi`)
	app.Put("/p", "text/plain", []byte("x")).MustContain(`PUT`)
	app.Patch("/p", "text/plain", []byte("x")).MustContain(`PATCH`)
	app.Delete("/p").MustContain(`DELETE`)
	app.Options("/p").MustContain(`OPTIONS`)
	if r := app.Head("/p"); r.Code() != 200 {
		t.Fatal(r.Code())
	}
	app.PostForm("/f", url.Values{"b": {"2 3"}, "a": {"1"}}).
		MustContain(`ct="application/x-www-form-urlencoded"`, `body=a=1&b=2+3`)
	app.PostJSON("/j", map[string]int{"n": 1}).MustContain(`ct="application/json"`, `body={"n":1}`)
	r := app.PostForm("/u", url.Values{"a": {"1"}}, Upload("f", "a.txt", "text/plain", []byte("file body")))
	r.MustContain(`ct="multipart/form-data; boundary=`, `name="a"`, `filename="a.txt"`, "file body")
	req := httptest.NewRequest("GET", "/do", nil)
	req.Header.Set("X-Requested-With", "do")
	app.Do(req).MustContain(`GET http://localhost/do`, `xhr="do"`)
}

func TestAbsoluteTargetSetsSchemeHostPort(t *testing.T) {
	app := New(t, echo())
	app.Get("http://sub.example.org:8888/p?q").MustContain("GET http://sub.example.org:8888/p?q ")
	app.Get("https://secure.example.org/s").MustContain("GET https://secure.example.org/s ")
}

func TestMustContainFails(t *testing.T) {
	ft := newFake(t)
	app := New(ft, echo())
	app.Get("/").MustContain("GET", "absent").MustNotContain("GET", "also absent")
	f := ft.failures()
	if len(f) != 2 || !strings.Contains(f[0], `"absent"`) || !strings.Contains(f[1], `contains "GET"`) {
		t.Fatalf("failures %q", f)
	}
}

func TestJSON(t *testing.T) {
	app := New(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"name":"ada","n":3}`)
	}))
	var v struct {
		Name string
		N    int
	}
	app.Get("/").JSON(&v)
	if v.Name != "ada" || v.N != 3 {
		t.Fatal(v)
	}
	ft := newFake(t)
	New(ft, echo()).Get("/").JSON(&v)
	if f := ft.failures(); len(f) != 1 || !strings.Contains(f[0], "decoding JSON") {
		t.Fatalf("failures %q", f)
	}
}

func TestCookiesRoundTripThroughJar(t *testing.T) {
	app := New(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/login" {
			w.Header().Add("Set-Cookie", `sid="abc"; Path=/; HttpOnly`)
		}
		echo().ServeHTTP(w, r)
	}))
	app.Get("/login")
	app.Get("/page").MustContain(`cookie="sid=\"abc\""`)
	if v, ok := app.Jar().Value(&url.URL{Scheme: "http", Host: "localhost", Path: "/"}, "sid"); !ok || v != "abc" {
		t.Fatal(v, ok)
	}
	all := app.Jar().All()
	if len(all) != 1 || !all[0].HttpOnly || !all[0].HostOnly || !all[0].Quoted {
		t.Fatalf("%+v", all)
	}
}

func TestLintFailsTestOnProtocolError(t *testing.T) {
	bad := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusFound)
	})
	ft := newFake(t)
	New(ft, bad).Get("/")
	f := ft.failures()
	if len(f) != 1 || !strings.Contains(f[0], "lint: location") {
		t.Fatalf("failures %q", f)
	}
	ft = newFake(t)
	New(ft, bad, WithoutLint()).Get("/")
	New(ft, bad, WithLint("location")).Get("/")
	if f := ft.failures(); len(f) != 0 {
		t.Fatalf("failures %q", f)
	}
}

func TestLintWithWebobHandler(t *testing.T) {
	app := New(t, webob.HandlerFunc(func(req *webob.Request) (*webob.Response, error) {
		return webob.Text(200, "hello"), nil
	}))
	app.Get("/").MustContain("hello")
}

func TestRemote(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/set":
			http.SetCookie(w, &http.Cookie{Name: "s", Value: "1", Path: "/"})
			http.Redirect(w, r, "/there", http.StatusSeeOther)
			return
		}
		w.Header().Set("Content-Type", "text/plain")
		fmt.Fprintf(w, "%s cookie=%s", r.URL.Path, r.Header.Get("Cookie"))
	}))
	defer srv.Close()
	app := NewRemote(t, srv.URL)
	r := app.Get("/set")
	if r.Code() != http.StatusSeeOther {
		t.Fatal(r.Code())
	}
	r.Follow().MustContain("/there cookie=s=1")
}

func TestCookieHeaderGivenIsMergedWithJar(t *testing.T) {
	app := New(t, echo())
	app.Jar().Set(Cookie{Name: "j", Value: "1", Domain: "localhost", HostOnly: true})
	app.Get("/", WithCookie("w", "2"), Header("Cookie", "h=3")).MustContain(`cookie="j=1; w=2; h=3"`)
	req := httptest.NewRequest("GET", "/", nil)
	req.Header.Set("Cookie", "d=4")
	app.Do(req).MustContain(`cookie="j=1; d=4"`)
}
