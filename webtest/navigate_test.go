package webtest

import (
	"io"
	"net/http"
	"net/url"
	"testing"
)

func TestRefererPolicyStrictOriginWhenCrossOrigin(t *testing.T) {
	for _, c := range []struct{ from, to, want string }{
		{"http://h.test/a/b?q=1#frag", "http://h.test/c", "http://h.test/a/b?q=1"},
		{"https://u:p@h.test/a", "https://h.test/c", "https://h.test/a"},
		{"http://h.test/a", "http://other.test/", "http://h.test/"},
		{"http://h.test/a", "http://h.test:8080/", "http://h.test/"},
		{"https://h.test/a", "http://h.test/", ""},
	} {
		f, _ := url.Parse(c.from)
		to, _ := url.Parse(c.to)
		if got := referer(f, to); got != c.want {
			t.Errorf("referer(%s, %s) = %q, want %q", c.from, c.to, got, c.want)
		}
	}
}

func TestSecFetchSite(t *testing.T) {
	for _, c := range []struct{ from, to, want string }{
		{"http://h.test/", "http://h.test/x", "same-origin"},
		{"https://a.example.com/", "https://b.example.com/", "same-site"},
		{"http://a.example.com/", "https://b.example.com/", "cross-site"},
		{"https://a.github.io/", "https://b.github.io/", "cross-site"}, // github.io is a public suffix
		{"https://example.com/", "https://example.org/", "cross-site"},
	} {
		f, _ := url.Parse(c.from)
		to, _ := url.Parse(c.to)
		if got := fetchSite(f, to); got != c.want {
			t.Errorf("fetchSite(%s, %s) = %q, want %q", c.from, c.to, got, c.want)
		}
	}
}

// A form POST carries Origin and Sec-Fetch-Site as a browser's does, so
// net/http's CrossOriginProtection lets it through, while a forged
// cross-site POST is refused.
func TestFormSubmitPassesCrossOriginProtection(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		io.WriteString(w, `<form method=post action=/save><input name=a value=1></form><a href=/next>next</a>`)
	})
	mux.HandleFunc("POST /save", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		io.WriteString(w, "saved "+r.PostFormValue("a")+" origin="+r.Header.Get("Origin")+" referer="+r.Header.Get("Referer"))
	})
	app := New(t, http.NewCrossOriginProtection().Handler(mux))
	app.Get("/page").Form(0).Submit().
		MustContain("saved 1 origin=http://localhost referer=http://localhost/page")
	app.Post("/save", "application/x-www-form-urlencoded", []byte("a=2"),
		Header("Sec-Fetch-Site", "cross-site"), Status(http.StatusForbidden))
	next := app.Get("/").Click("next")
	if got := next.Request().Header.Get("Sec-Fetch-Site"); got != "same-origin" {
		t.Errorf("Sec-Fetch-Site %q", got)
	}
}
