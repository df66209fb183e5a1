package main

import (
	"net/http"
	"testing"

	"github.com/webob-go/webob/webtest"
)

func newDemoApp(t *testing.T) *webtest.App {
	t.Helper()
	h, err := newMux([]byte("webtest-demo-secret-0123456789ab"))
	if err != nil {
		t.Fatal(err)
	}
	return webtest.New(t, h)
}

// The index links to every endpoint; clicking one reaches it.
func TestWebtestIndexLinksAndNegotiation(t *testing.T) {
	app := newDemoApp(t)
	html := app.Get("/", webtest.Header("Accept", "text/html"))
	html.MustContain("<h1>webob-go demo</h1>")
	if got := html.Header().Get("Vary"); got != "Accept" {
		t.Errorf("Vary = %q", got)
	}
	html.Click("/poem").MustContain("Headers travel light").MustNotContain("<html")
	var idx struct{ Endpoints []string }
	app.Get("/", webtest.Header("Accept", "application/json")).JSON(&idx)
	if len(idx.Endpoints) != 5 {
		t.Errorf("endpoints %q", idx.Endpoints)
	}
}

// The counter's session cookie goes round through the jar; a tampered one
// starts the count again.
func TestWebtestCounterCookieThroughJar(t *testing.T) {
	app := newDemoApp(t)
	var v struct{ Visits int }
	for want := 1; want <= 3; want++ {
		app.Get("/counter").JSON(&v)
		if v.Visits != want {
			t.Fatalf("visit %d: got %d", want, v.Visits)
		}
	}
	all := app.Jar().All()
	if len(all) != 1 {
		t.Fatalf("jar %+v", all)
	}
	c := all[0]
	c.Value = "tampered" + c.Value
	app.Jar().Set(c)
	app.Get("/counter").JSON(&v)
	if v.Visits != 1 {
		t.Fatalf("tampered cookie counted on: %d", v.Visits)
	}
}

// The upload form is filled in and submitted as a browser would, with
// multipart/form-data.
func TestWebtestUploadFormRoundTrip(t *testing.T) {
	app := newDemoApp(t)
	form := app.Get("/upload").Form(0)
	form.Set("title", "notes").Upload("file", "notes.txt", "text/plain", []byte("hello"))
	var got struct {
		Title, Filename, Type, Sha256 string
		Size                          int
	}
	form.SubmitWith("", webtest.Status(http.StatusCreated)).JSON(&got)
	if got.Title != "notes" || got.Filename != "notes.txt" || got.Size != 5 ||
		got.Sha256 != "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824" {
		t.Fatalf("%+v", got)
	}
	// No file chosen: the empty part a browser sends is a 422.
	app.Get("/upload").Form(0).SubmitWith("", webtest.Status(http.StatusUnprocessableEntity)).
		MustContain("no file field")
}

// Errors are problem details; the expected status keeps the test green.
func TestWebtestItemErrors(t *testing.T) {
	app := newDemoApp(t)
	app.Get("/items/1").MustContain(`"name"`)
	r := app.Get("/items/9", webtest.Status(http.StatusNotFound))
	if ct := r.Header().Get("Content-Type"); ct != "application/problem+json" {
		t.Errorf("Content-Type %q", ct)
	}
	app.Get("/items/x", webtest.Status(http.StatusBadRequest)).MustContain("bad-id")
	app.Post("/poem", "", nil, webtest.Status(http.StatusMethodNotAllowed))
}

// Conditional requests: the ETag comes back as a 304.
func TestWebtestPoemConditional(t *testing.T) {
	app := newDemoApp(t)
	etag := app.Get("/poem").Header().Get("ETag")
	app.Get("/poem", webtest.Header("If-None-Match", etag), webtest.Status(http.StatusNotModified))
	app.Get("/poem", webtest.Header("Range", "bytes=0-4"), webtest.Status(http.StatusPartialContent))
}
