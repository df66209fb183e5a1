package sessions

import (
	"net/http"
	"testing"
	"time"
)

// cookieOf returns the cookie to send next: the one the response set, or
// the previous one.
func (e *env) cookieOf(w interface{ Header() http.Header }, prev string) string {
	e.t.Helper()
	for _, line := range w.Header()["Set-Cookie"] {
		if c, ok := e.setCookieLine(line); ok {
			return c
		}
	}
	return prev
}

func (e *env) setCookieLine(line string) (string, bool) {
	r := http.Response{Header: http.Header{"Set-Cookie": {line}}}
	for _, c := range r.Cookies() {
		if c.Name == e.m.CookieName() {
			return c.Value, true
		}
	}
	return "", false
}

func TestIdleTimeoutEndsAnUnusedSession(t *testing.T) {
	for _, mk := range envMakers {
		t.Run(mk.name, func(t *testing.T) {
			e := mk.make(t, &Options{IdleTimeout: 30 * time.Minute})
			ck := e.value(e.serve(set(t, "a", 1), ""))
			// Used every 29 minutes, it lives on past the first 30.
			for range 4 {
				e.clk.Advance(29 * time.Minute)
				var n int
				w := e.serve(read(t, "a", &n), ck)
				if n != 1 {
					t.Fatalf("after %v of use: %d", e.clk.Now().Sub(newClock().Now()), n)
				}
				ck = e.cookieOf(w, ck)
			}
			e.clk.Advance(30*time.Minute + time.Second)
			if got := e.readNow("a", ck); got != -1 {
				t.Errorf("alive after 30 idle minutes: %d", got)
			}
		})
	}
}

func TestAbsoluteLifetimeEndsAnActiveSession(t *testing.T) {
	for _, mk := range envMakers {
		t.Run(mk.name, func(t *testing.T) {
			e := mk.make(t, &Options{Lifetime: time.Hour, IdleTimeout: 30 * time.Minute})
			ck := e.value(e.serve(set(t, "a", 1), ""))
			for range 5 {
				e.clk.Advance(11 * time.Minute)
				w := e.serve(set(t, "a", 1), ck)
				ck = e.cookieOf(w, ck)
			}
			e.clk.Advance(4 * time.Minute) // 59 minutes in
			if got := e.readNow("a", ck); got != 1 {
				t.Fatalf("dead before its lifetime: %d", got)
			}
			e.clk.Advance(time.Minute)
			if got := e.readNow("a", ck); got != -1 {
				t.Errorf("alive after its absolute lifetime: %d", got)
			}
		})
	}
}

func TestDefaultLifetimeIs24Hours(t *testing.T) {
	for _, mk := range envMakers {
		t.Run(mk.name, func(t *testing.T) {
			e := mk.make(t, nil)
			ck := e.value(e.serve(set(t, "a", 1), ""))
			e.clk.Advance(24*time.Hour - time.Second)
			if e.readNow("a", ck) != 1 {
				t.Fatal("dead before 24h")
			}
			e.clk.Advance(time.Second)
			if e.readNow("a", ck) != -1 {
				t.Error("alive after 24h")
			}
		})
	}
}

// TestIdleRenewalIsATouchNotARewrite: with an idle timeout, a request
// that only reads renews the deadline with Store.Touch, and only once it
// moved by a tenth of the timeout; it never saves the whole session.
func TestIdleRenewalIsATouchNotARewrite(t *testing.T) {
	e := newEnv(t, &Options{IdleTimeout: 30 * time.Minute})
	id := e.value(e.serve(set(t, "a", 1), ""))
	_, saves0, _, _ := e.store.calls()
	steps := []struct {
		advance time.Duration
		touches int
	}{
		{time.Minute, 0},     // moved 1m < 3m
		{time.Minute, 0},     // 2m
		{2 * time.Minute, 1}, // 4m: touched
		{time.Minute, 1},     // 1m since the touch
		{3 * time.Minute, 2}, // 4m since: touched
	}
	for i, st := range steps {
		e.clk.Advance(st.advance)
		var n int
		w := e.serve(read(t, "a", &n), id)
		_, saves, touches, _ := e.store.calls()
		if n != 1 || touches != st.touches || saves != saves0 {
			t.Errorf("step %d: n=%d touches=%d (want %d) saves=%d (want %d)", i, n, touches, st.touches, saves, saves0)
		}
		if _, ok := e.setCookie(w); ok {
			t.Errorf("step %d: the renewal re-sent the cookie", i)
		}
	}
}

// TestCookieIdleRenewalReissuesOnlyAfterATenth: a CookieStore session's
// cookie is re-issued for the idle deadline only when it moved by a tenth
// of the timeout.
func TestCookieIdleRenewalReissuesOnlyAfterATenth(t *testing.T) {
	e := newCookieEnv(t, &Options{IdleTimeout: 30 * time.Minute})
	ck := e.value(e.serve(set(t, "a", 1), ""))
	e.clk.Advance(2 * time.Minute)
	if _, ok := e.setCookie(e.serve(read(t, "a", new(int)), ck)); ok {
		t.Error("re-issued after 2 of 30 minutes")
	}
	e.clk.Advance(2 * time.Minute)
	w := e.serve(read(t, "a", new(int)), ck)
	if _, ok := e.setCookie(w); !ok {
		t.Error("not re-issued after 4 of 30 minutes")
	}
}

func TestMemoryStoreExpiresAndSweeps(t *testing.T) {
	clk := newClock()
	s := NewMemoryStore()
	s.Now = clk.Now
	ctx := t.Context()
	for i := range 10 {
		if _, err := s.Save(ctx, string(rune('a'+i)), Record{Data: []byte{1}, Expires: clk.Now().Add(time.Minute)}); err != nil {
			t.Fatal(err)
		}
	}
	clk.Advance(time.Minute)
	if _, err := s.Load(ctx, "a"); err != ErrNotFound {
		t.Errorf("expired record loaded: %v", err)
	}
	if err := s.Touch(ctx, "b", clk.Now().Add(time.Hour)); err != ErrNotFound {
		t.Errorf("expired record touched: %v", err)
	}
	for i := range 20 {
		s.Save(ctx, "live"+string(rune('a'+i)), Record{Expires: clk.Now().Add(time.Hour)})
	}
	if n := s.Len(); n != 20 {
		t.Errorf("%d records after the writes, want the 20 live ones (expired swept)", n)
	}
}
