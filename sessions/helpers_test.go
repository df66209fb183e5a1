package sessions

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/webob-go/webob/cookies"
)

// clock is a settable test clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// countingStore counts the calls made to a Store and can fail them.
type countingStore struct {
	Store
	mu                          sync.Mutex
	loads, saves, touches, dels int
	failSave                    error
	failLoad                    error
}

func (c *countingStore) Load(ctx context.Context, key string) (Record, error) {
	c.mu.Lock()
	c.loads++
	err := c.failLoad
	c.mu.Unlock()
	if err != nil {
		return Record{}, err
	}
	return c.Store.Load(ctx, key)
}

func (c *countingStore) Save(ctx context.Context, key string, rec Record) (uint64, error) {
	c.mu.Lock()
	c.saves++
	err := c.failSave
	c.mu.Unlock()
	if err != nil {
		return 0, err
	}
	return c.Store.Save(ctx, key, rec)
}

func (c *countingStore) Touch(ctx context.Context, key string, exp time.Time) error {
	c.mu.Lock()
	c.touches++
	c.mu.Unlock()
	return c.Store.Touch(ctx, key, exp)
}

func (c *countingStore) Delete(ctx context.Context, key string) error {
	c.mu.Lock()
	c.dels++
	c.mu.Unlock()
	return c.Store.Delete(ctx, key)
}

func (c *countingStore) calls() (loads, saves, touches, dels int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.loads, c.saves, c.touches, c.dels
}

func (c *countingStore) total() int {
	l, s, t, d := c.calls()
	return l + s + t + d
}

// testKey is a 32-byte AES key.
func testKey(b byte) []byte { return bytes.Repeat([]byte{b}, 32) }

// env is a Manager under test with its store and clock.
type env struct {
	t     *testing.T
	m     *Manager
	store *countingStore // nil for a cookie manager
	mem   *MemoryStore
	clk   *clock
	logs  *bytes.Buffer
}

func newEnv(t *testing.T, o *Options) *env {
	t.Helper()
	e := &env{t: t, clk: newClock(), logs: &bytes.Buffer{}}
	e.mem = NewMemoryStore()
	e.mem.Now = e.clk.Now
	e.store = &countingStore{Store: e.mem}
	var m *Manager
	var err error
	m, err = NewManager(e.store, e.opts(o))
	if err != nil {
		t.Fatal(err)
	}
	e.m = m
	return e
}

func newCookieEnv(t *testing.T, o *Options, keys ...[]byte) *env {
	t.Helper()
	e := &env{t: t, clk: newClock(), logs: &bytes.Buffer{}}
	if len(keys) == 0 {
		keys = [][]byte{testKey(1)}
	}
	cs, err := NewCookieStore(keys...)
	if err != nil {
		t.Fatal(err)
	}
	m, err := NewCookieManager(cs, e.opts(o))
	if err != nil {
		t.Fatal(err)
	}
	e.m = m
	return e
}

func (e *env) opts(o *Options) *Options {
	var c Options
	if o != nil {
		c = *o
	}
	if c.Now == nil {
		c.Now = e.clk.Now
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.NewTextHandler(e.logs, nil))
	}
	return &c
}

// serve runs one request with the cookie value (none when empty) through
// the Manager around h.
func (e *env) serve(h http.HandlerFunc, cookie string) *httptest.ResponseRecorder {
	e.t.Helper()
	r := httptest.NewRequest("GET", "/", nil)
	if cookie != "" {
		r.Header.Set("Cookie", e.m.CookieName()+"="+cookie)
	}
	w := httptest.NewRecorder()
	e.m.Middleware(h).ServeHTTP(w, r)
	return w
}

// setCookie returns the response's Set-Cookie line for the session cookie,
// parsed, and whether there was one.
func (e *env) setCookie(w *httptest.ResponseRecorder) (cookies.SetCookie, bool) {
	e.t.Helper()
	var found cookies.SetCookie
	n := 0
	for _, line := range w.Header()["Set-Cookie"] {
		c, err := cookies.ParseSetCookie(line)
		if err != nil {
			e.t.Fatalf("Set-Cookie %q: %v", line, err)
		}
		if c.Name == e.m.CookieName() {
			found = c
			n++
		}
	}
	if n > 1 {
		e.t.Fatalf("%d Set-Cookie lines for the session: %q", n, w.Header()["Set-Cookie"])
	}
	return found, n == 1
}

// value returns the cookie value the response set (failing without one).
func (e *env) value(w *httptest.ResponseRecorder) string {
	e.t.Helper()
	c, ok := e.setCookie(w)
	if !ok {
		e.t.Fatalf("no Set-Cookie; header %v", w.Header())
	}
	return c.Value
}

// set returns a handler that sets key to v.
func set(t *testing.T, key string, v any) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := Get(r).Set(key, v); err != nil {
			t.Errorf("Set: %v", err)
		}
	}
}

// read returns a handler that reads the int under key into *dst (-1 when
// missing).
func read(t *testing.T, key string, dst *int) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		n, ok, err := GetAs[int](Get(r), key)
		if err != nil {
			t.Errorf("GetAs: %v", err)
		}
		if !ok {
			n = -1
		}
		*dst = n
	}
}

// readNow reads the int under key with a fresh request carrying cookie.
func (e *env) readNow(key, cookie string) int {
	e.t.Helper()
	var n int
	e.serve(read(e.t, key, &n), cookie)
	return n
}

func hasLine(lines []string, want string) bool {
	for _, l := range lines {
		if strings.EqualFold(strings.TrimSpace(l), want) {
			return true
		}
	}
	return false
}

// envMakers make a Manager of each kind.
var envMakers = []struct {
	name string
	make func(t *testing.T, o *Options) *env
}{
	{"memory", func(t *testing.T, o *Options) *env { return newEnv(t, o) }},
	{"cookie", func(t *testing.T, o *Options) *env { return newCookieEnv(t, o) }},
}
