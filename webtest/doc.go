// Package webtest is WebTest for Go: a test client that drives an
// http.Handler in-process (New) or a live server (NewRemote) the way a
// browser does, with assertions that fail the test loudly.
//
// By default an answer of 4xx or 5xx fails the test (tb.Errorf naming the
// method, URL, status and the start of the body) unless the request says
// which status it expects with Status or StatusRange, and every
// in-process response goes through middleware.Lint, whose protocol errors
// fail the test too (WithoutLint turns that off).
//
// Cookies live in a Jar that follows RFC 6265's storage model (§5.2 to
// §5.4) and the cookie prefixes of RFC 6265bis; requests are its HTTP API,
// and Jar.SetFromScript and Jar.ScriptCookies its "non-HTTP" one (what a
// page script sees through document.cookie: no HttpOnly cookies, to read,
// set or replace); redirects are followed on
// request (Follow, MaybeFollow); links are clicked (Click, ClickHref) and
// HTML forms filled in and submitted (Forms, Form) with exactly the entry
// list a browser would send (HTML §4.10.21).
//
// A test reads like a visit:
//
//	app := webtest.New(t, handler)
//	form := app.Get("/login").Form(0)
//	form.Set("user", "ada").Set("password", "secret")
//	form.Submit().Follow().MustContain("Welcome, ada")
//	app.Get("/admin", webtest.Status(http.StatusForbidden))
//	var item struct{ Name string }
//	app.PostJSON("/items", map[string]string{"name": "lamp"}, webtest.Status(201)).JSON(&item)
package webtest
