package main

import (
	"net/url"
	"testing"
	"time"

	"github.com/webob-go/webob/webtest"
)

type visitsJSON struct {
	Visits int
	User   string
}

func sessionCookie(t *testing.T, app *webtest.App) string {
	t.Helper()
	for _, c := range app.Jar().All() {
		if c.Name == "session" {
			return c.Value
		}
	}
	return ""
}

// Logging in renews the session: the values stay, the cookie changes, and
// the cookie from before the log-in does not carry the user.
func TestWebtestLoginRenewsAndLogoutEnds(t *testing.T) {
	app := newDemoApp(t)
	var v visitsJSON
	app.Get("/counter").JSON(&v)
	app.Get("/counter").JSON(&v)
	before := sessionCookie(t, app)
	app.Get("/login").Form(0).Set("user", "ann").Submit().JSON(&v)
	if v.Visits != 2 || v.User != "ann" {
		t.Fatalf("after log-in %+v", v)
	}
	after := sessionCookie(t, app)
	if after == before || after == "" {
		t.Fatal("log-in kept the cookie")
	}
	app.Get("/counter").JSON(&v)
	if v.Visits != 3 || v.User != "ann" {
		t.Fatalf("after log-in %+v", v)
	}
	// The pre-login cookie is a session without the user.
	v = visitsJSON{}
	newDemoApp(t).Get("/counter", webtest.WithCookie("session", before)).JSON(&v)
	if v.Visits != 3 || v.User != "" {
		t.Errorf("the cookie from before the log-in is logged in: %+v", v)
	}
	app.PostForm("/logout", url.Values{}).JSON(&v)
	if c := sessionCookie(t, app); c != "" {
		t.Errorf("cookie %q after log-out", c)
	}
	v = visitsJSON{}
	app.Get("/counter").JSON(&v)
	if v.Visits != 1 || v.User != "" {
		t.Errorf("after log-out %+v", v)
	}
}

// The session has a lifetime: the demo's old signed cookie verified forever.
func TestSessionCookieExpiresAfterItsLifetime(t *testing.T) {
	start := time.Now()
	now := start
	clock = func() time.Time { return now }
	t.Cleanup(func() { clock = time.Now })
	app := newDemoApp(t)
	var v visitsJSON
	for range 3 {
		now = now.Add(20 * time.Minute) // used within the idle timeout
		app.Get("/counter").JSON(&v)
	}
	if v.Visits != 3 {
		t.Fatalf("%+v", v)
	}
	// Idle for more than 30 minutes: a new session. (The browser would
	// still send the cookie: its Max-Age is the absolute lifetime.)
	now = now.Add(31 * time.Minute)
	app.Get("/counter").JSON(&v)
	if v.Visits != 1 {
		t.Errorf("after 31 idle minutes: %+v", v)
	}
	// Active every 20 minutes, it still ends 12 hours after it began.
	began := now
	for now.Sub(began) < sessionLifetime-20*time.Minute {
		now = now.Add(20 * time.Minute)
		app.Get("/counter").JSON(&v)
	}
	if v.Visits < 30 {
		t.Fatalf("%+v", v)
	}
	now = began.Add(sessionLifetime)
	app.Get("/counter").JSON(&v)
	if v.Visits != 1 {
		t.Errorf("alive after its lifetime: %+v", v)
	}
}
