package webtest_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/webob-go/webob/webtest"
)

// exampleTB stands in for the *testing.T a real test passes: it prints
// what would fail the test.
type exampleTB struct{ testing.TB }

func (exampleTB) Helper()                           {}
func (exampleTB) Context() context.Context          { return context.Background() }
func (exampleTB) Errorf(format string, args ...any) { fmt.Printf("FAIL: "+format+"\n", args...) }
func (exampleTB) Fatalf(format string, args ...any) { fmt.Printf("FATAL: "+format+"\n", args...) }

// loginApp is a small site: a login form that sets a session cookie and
// redirects to a page that needs it.
func loginApp() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /login", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, `<form method="post" action="/login">
<input type="hidden" name="csrf" value="t0k3n">
<input name="user"> <input type="password" name="password">
<label><input type="checkbox" name="remember"> remember me</label>
<button name="action" value="login">Log in</button></form>`)
	})
	mux.HandleFunc("POST /login", func(w http.ResponseWriter, r *http.Request) {
		if r.PostFormValue("csrf") != "t0k3n" || r.PostFormValue("password") != "secret" {
			http.Error(w, "bad login", http.StatusForbidden)
			return
		}
		cookie := "session=" + r.PostFormValue("user") + "; Path=/; HttpOnly; SameSite=Lax"
		if r.PostFormValue("remember") == "on" {
			cookie += "; Max-Age=86400"
		}
		w.Header().Add("Set-Cookie", cookie)
		http.Redirect(w, r, "/home", http.StatusSeeOther)
	})
	mux.HandleFunc("GET /home", func(w http.ResponseWriter, r *http.Request) {
		c, err := r.Cookie("session")
		if err != nil {
			http.Redirect(w, r, "/login", http.StatusSeeOther)
			return
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		io.WriteString(w, "Welcome, "+c.Value)
	})
	return mux
}

// A login form round trip: fill in the form, submit it, follow the
// redirect with the session cookie the jar kept. In a test, pass t
// instead of exampleTB{}.
func Example_loginForm() {
	app := webtest.New(exampleTB{}, loginApp())

	form := app.Get("/login").Form(0)
	form.Set("user", "ada").Set("password", "secret").Check("remember")
	home := form.Submit("action").Follow()
	home.MustContain("Welcome, ada")
	fmt.Println(home.Text())

	for _, c := range app.Jar().All() {
		fmt.Println(c.Name, c.Value, c.Path, c.HttpOnly, c.Persistent)
	}

	// A wrong password is a 403, which fails the test unless expected.
	form = app.Get("/login").Form(0)
	form.Set("user", "ada").Set("password", "wrong")
	fmt.Println(form.SubmitWith("action", webtest.Status(http.StatusForbidden)).Code())
	// Output:
	// Welcome, ada
	// session ada / true true
	// 403
}

// A redirect chain followed to its end, bounded by WithMaxRedirects.
func ExampleResponse_MaybeFollow() {
	mux := http.NewServeMux()
	mux.Handle("GET /old", http.RedirectHandler("/older", http.StatusMovedPermanently))
	mux.Handle("GET /older", http.RedirectHandler("/new", http.StatusFound))
	mux.HandleFunc("GET /new", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		io.WriteString(w, "the new page")
	})
	app := webtest.New(exampleTB{}, mux, webtest.WithMaxRedirects(5))

	r := app.Get("/old")
	fmt.Println(r.Code(), r.Header().Get("Location"))
	r = r.MaybeFollow()
	fmt.Println(r.Code(), r.URL().Path, r.Text())
	// Output:
	// 301 /older
	// 200 /new the new page
}

// A JSON API test: post JSON, decode the answer, expect a 404 where one
// is due.
func ExampleApp_PostJSON() {
	items := map[string]string{}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /items", func(w http.ResponseWriter, r *http.Request) {
		var in struct{ ID, Name string }
		if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		items[in.ID] = in.Name
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		json.NewEncoder(w).Encode(map[string]any{"id": in.ID, "count": len(items)})
	})
	mux.HandleFunc("GET /items/{id}", func(w http.ResponseWriter, r *http.Request) {
		name, ok := items[r.PathValue("id")]
		if !ok {
			http.Error(w, "no such item", http.StatusNotFound)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]string{"name": name})
	})
	app := webtest.New(exampleTB{}, mux)

	var created struct {
		ID    string
		Count int
	}
	app.PostJSON("/items", map[string]string{"ID": "7", "Name": "lamp"}, webtest.Status(http.StatusCreated)).JSON(&created)
	fmt.Println(created.ID, created.Count)

	var got struct{ Name string }
	app.Get("/items/7").JSON(&got)
	fmt.Println(got.Name)

	fmt.Println(app.Get("/items/8", webtest.Status(http.StatusNotFound)).Code())
	// Without Status, the 404 fails the test:
	app.Get("/items/9")
	// Output:
	// 7 1
	// lamp
	// 404
	// FAIL: webtest: GET http://localhost/items/9: status 404, expected a status below 400; body: "no such item"
}

// The jar can be read and filled by hand, and drives an http.Client too.
func ExampleApp_Jar() {
	app := webtest.New(exampleTB{}, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		io.WriteString(w, r.Header.Get("Cookie"))
	}))
	app.Jar().Set(webtest.Cookie{Name: "lang", Value: "fr", Domain: "localhost", HostOnly: true})
	fmt.Println(app.Get("/").Text())
	fmt.Println(strings.Count(app.Get("/", webtest.WithCookie("extra", "1")).Text(), "="))
	// Output:
	// lang=fr
	// 2
}

// A page script's view of the jar: document.cookie neither reads nor
// writes HttpOnly cookies, which is what a test of an XSS defence checks.
func ExampleJar_SetFromScript() {
	jar := webtest.NewJar(nil)
	page, _ := url.Parse("https://shop.test/cart")
	jar.SetCookieLines(page, "sid=s3cret; Path=/; Secure; HttpOnly", "cur=EUR; Path=/")
	fmt.Println(jar.ScriptCookies(page))
	fmt.Println(jar.SetFromScript(page, "sid=stolen; Path=/"))
	fmt.Println(jar.SetFromScript(page, "cur=USD; Path=/") == "")
	fmt.Println(jar.CookieHeader(page))
	// Output:
	// cur=EUR
	// webtest: jar: sid: a non-HTTP API cannot replace an HttpOnly cookie
	// true
	// sid=s3cret; cur=USD
}
