package redisstore_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/webob-go/webob/sessions"
	"github.com/webob-go/webob/sessions/redisstore"
)

// app is one application server: its own Manager and its own Redis client,
// on the Redis (and prefix) that all the test's servers share.
type app struct {
	t *testing.T
	m *sessions.Manager
}

func newApp(t *testing.T, prefix string, opts *sessions.Options) *app {
	t.Helper()
	store := redisstore.New(newClient(t), &redisstore.Options{Prefix: prefix})
	if opts == nil {
		opts = &sessions.Options{}
	}
	opts.Insecure = true
	m, err := sessions.NewManager(store, opts)
	if err != nil {
		t.Fatal(err)
	}
	return &app{t, m}
}

// serve runs h behind the app's middleware with the session cookie value
// id ("" for none) and returns the cookie value the response sets ("" for
// none, "-" for an expired cookie).
func (a *app) serve(id string, h func(s *sessions.Session)) string {
	a.t.Helper()
	req := httptest.NewRequest("GET", "/", nil)
	if id != "" {
		req.AddCookie(&http.Cookie{Name: a.m.CookieName(), Value: id})
	}
	w := httptest.NewRecorder()
	a.m.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h(sessions.Get(r))
	})).ServeHTTP(w, req)
	if w.Code != 200 {
		a.t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	for _, c := range (&http.Response{Header: w.Header()}).Cookies() {
		if c.Name == a.m.CookieName() {
			if c.MaxAge < 0 {
				return "-"
			}
			return c.Value
		}
	}
	return ""
}

// user reads the "user" value of the session id on a (0 when unset).
func (a *app) user(id string) int {
	a.t.Helper()
	var n int
	a.serve(id, func(s *sessions.Session) {
		v, _, err := sessions.GetAs[int](s, "user")
		if err != nil {
			a.t.Error(err)
		}
		n = v
	})
	return n
}

func keysUnder(t *testing.T, c *redis.Client, prefix string) []string {
	t.Helper()
	keys, err := c.Keys(context.Background(), prefix+"*").Result()
	if err != nil {
		t.Fatal(err)
	}
	return keys
}

func TestSessionIsSharedByTwoServers(t *testing.T) {
	c := newClient(t)
	prefix := testPrefix(t, c)
	a, b := newApp(t, prefix, nil), newApp(t, prefix, nil)
	id := a.serve("", func(s *sessions.Session) {
		if err := s.Set("user", 42); err != nil {
			t.Error(err)
		}
	})
	if id == "" || id == "-" {
		t.Fatalf("server a set cookie %q", id)
	}
	if got := b.user(id); got != 42 {
		t.Errorf("server b reads user %d, want 42", got)
	}
	// Redis holds the hash of the ID under the prefix, never the ID.
	keys := keysUnder(t, c, prefix)
	if len(keys) != 1 || keys[0] != prefix+sessions.Key(id) {
		t.Errorf("Redis keys %q, want [%q]", keys, prefix+sessions.Key(id))
	}
	for _, k := range keys {
		for field, v := range c.HGetAll(context.Background(), k).Val() {
			if strings.Contains(k, id) || strings.Contains(v, id) {
				t.Errorf("Redis holds the session ID in %s (%s)", k, field)
			}
		}
	}
}

func TestLogoutOnOneServerIsNotUndoneByAnother(t *testing.T) {
	c := newClient(t)
	prefix := testPrefix(t, c)
	a, b := newApp(t, prefix, nil), newApp(t, prefix, nil)
	id := a.serve("", func(s *sessions.Session) { s.Set("user", 42) })

	// Server a loads the session, server b logs out, then a commits a change.
	loaded, proceed := make(chan struct{}), make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		a.serve(id, func(s *sessions.Session) {
			_ = s.Err() // loads
			close(loaded)
			<-proceed
			s.Set("cart", 3)
		})
	}()
	<-loaded
	if got := b.serve(id, func(s *sessions.Session) {
		if err := s.Destroy(); err != nil {
			t.Error(err)
		}
	}); got != "-" {
		t.Errorf("logout set cookie %q, want it expired", got)
	}
	close(proceed)
	wg.Wait()
	if keys := keysUnder(t, c, prefix); len(keys) != 0 {
		t.Errorf("after logout and a late commit, Redis holds %q", keys)
	}
	if got := b.user(id); got != 0 {
		t.Errorf("the logged-out ID still reads user %d", got)
	}
}

func TestRenewDeletesTheOldKeyInRedis(t *testing.T) {
	c := newClient(t)
	prefix := testPrefix(t, c)
	a := newApp(t, prefix, nil)
	old := a.serve("", func(s *sessions.Session) { s.Set("user", 42) })
	renewed := a.serve(old, func(s *sessions.Session) {
		if err := s.Renew(); err != nil {
			t.Error(err)
		}
	})
	if renewed == "" || renewed == "-" || renewed == old {
		t.Fatalf("Renew set cookie %q (old %q)", renewed, old)
	}
	keys := keysUnder(t, c, prefix)
	if len(keys) != 1 || keys[0] != prefix+sessions.Key(renewed) {
		t.Errorf("after Renew Redis holds %q, want only the new ID's key", keys)
	}
	if got := a.user(renewed); got != 42 {
		t.Errorf("renewed session reads user %d, want 42", got)
	}
}

func TestRedisTTLFollowsTheIdleTimeout(t *testing.T) {
	c := newClient(t)
	prefix := testPrefix(t, c)
	a := newApp(t, prefix, &sessions.Options{Lifetime: 24 * time.Hour, IdleTimeout: 30 * time.Minute})
	id := a.serve("", func(s *sessions.Session) { s.Set("user", 42) })
	ttl := c.PTTL(context.Background(), prefix+sessions.Key(id)).Val()
	if ttl < 29*time.Minute || ttl > 30*time.Minute+time.Second {
		t.Errorf("Redis TTL %v, want the 30m idle timeout", ttl)
	}
}

// TestRenewOnOneServerDoesNotUndoALogoutOnAnother: server a loads the
// session, server b logs out, then a renews it (a log-in) and commits:
// Redis must hold no session with the logged-out values, and a's cookie
// (if any) must not read them.
func TestRenewOnOneServerDoesNotUndoALogoutOnAnother(t *testing.T) {
	c := newClient(t)
	prefix := testPrefix(t, c)
	a, b := newApp(t, prefix, nil), newApp(t, prefix, nil)
	id := a.serve("", func(s *sessions.Session) { s.Set("user", 42) })

	loaded, proceed := make(chan struct{}), make(chan struct{})
	var renewed string
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		renewed = a.serve(id, func(s *sessions.Session) {
			_ = s.Err() // loads
			close(loaded)
			<-proceed
			if err := s.Renew(); err != nil {
				t.Error(err)
			}
		})
	}()
	<-loaded
	b.serve(id, func(s *sessions.Session) { s.Destroy() })
	close(proceed)
	wg.Wait()
	if keys := keysUnder(t, c, prefix); len(keys) != 0 {
		t.Errorf("after a logout and a late Renew, Redis holds %q", keys)
	}
	if renewed != "" && renewed != "-" {
		if got := b.user(renewed); got != 0 {
			t.Errorf("the renewed cookie reads user %d after the logout", got)
		}
	}
}
