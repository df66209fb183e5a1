package middleware

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync"
	"testing"

	"github.com/webob-go/webob/webob"
)

// ridServe runs RequestID(opts) around a handler that reports the ID it
// found in the context; it returns that and the response's header value.
func ridServe(t *testing.T, opts *RequestIDOptions, in ...string) (ctxID, respID string) {
	t.Helper()
	h := RequestID(opts)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctxID = RequestIDFrom(r.Context())
	}))
	req := httptest.NewRequest("GET", "/", nil)
	name := DefaultRequestIDHeader
	if opts != nil && opts.Header != "" {
		name = opts.Header
	}
	for _, v := range in {
		req.Header.Add(name, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if vs := rec.Header().Values(name); len(vs) != 1 {
		t.Fatalf("response carries %d %s lines: %q", len(vs), name, vs)
	}
	return ctxID, rec.Header().Get(name)
}

func TestRequestIDKeepsValidIncoming(t *testing.T) {
	for _, id := range []string{"abc", "A-1.b_2:c", strings.Repeat("x", MaxRequestIDLen)} {
		ctxID, respID := ridServe(t, nil, id)
		if ctxID != id || respID != id {
			t.Errorf("incoming %q: context %q, response %q", id, ctxID, respID)
		}
	}
}

func TestRequestIDReplacesInvalidIncomingWithoutEchoingIt(t *testing.T) {
	cases := map[string][]string{
		"too long":     {strings.Repeat("x", MaxRequestIDLen+1)},
		"markup":       {"<script>alert(1)</script>"},
		"space":        {"a b"},
		"line break":   {"a\nb"},
		"non-ascii":    {"idé"},
		"empty":        {""},
		"two lines":    {"abc", "def"},
		"comma joined": {"abc,def"},
	}
	for name, in := range cases {
		ctxID, respID := ridServe(t, nil, in...)
		if ctxID == "" || ctxID != respID || !ValidRequestID(ctxID) {
			t.Errorf("%s: context %q, response %q", name, ctxID, respID)
		}
		for _, v := range in {
			if v != "" && strings.Contains(respID, v) {
				t.Errorf("%s: incoming %q echoed in %q", name, v, respID)
			}
		}
	}
}

func TestRequestIDMakesUniqueIDs(t *testing.T) {
	seen := map[string]bool{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 200 {
				id, _ := ridServe(t, nil)
				mu.Lock()
				if seen[id] {
					t.Errorf("duplicate ID %q", id)
				}
				seen[id] = true
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	for id := range seen {
		if !ValidRequestID(id) || len(id) < 18 {
			t.Fatalf("generated ID %q", id)
		}
	}
}

func TestRequestIDIgnoreIncomingAlwaysMakesOne(t *testing.T) {
	ctxID, _ := ridServe(t, &RequestIDOptions{IgnoreIncoming: true}, "client-chosen")
	if ctxID == "client-chosen" || ctxID == "" {
		t.Fatalf("ID %q", ctxID)
	}
}

func TestRequestIDKeepsIncomingOnlyFromTrustedProxies(t *testing.T) {
	opts := &RequestIDOptions{TrustedProxies: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}}
	h := RequestID(opts)(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	for peer, kept := range map[string]bool{"10.1.2.3:80": true, "[::ffff:10.1.2.3]:80": true, "192.0.2.1:80": false, "pipe": false} {
		req := httptest.NewRequest("GET", "/", nil)
		req.RemoteAddr = peer
		req.Header.Set("X-Request-Id", "from-peer")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if got := rec.Header().Get("X-Request-Id") == "from-peer"; got != kept {
			t.Errorf("peer %s: kept %v, want %v", peer, got, kept)
		}
	}
}

func TestRequestIDUsesConfiguredHeader(t *testing.T) {
	ctxID, respID := ridServe(t, &RequestIDOptions{Header: "x-correlation-id"}, "corr-1")
	if ctxID != "corr-1" || respID != "corr-1" {
		t.Fatalf("context %q, response %q", ctxID, respID)
	}
}

func TestRequestIDGenerateFallsBackWhenInvalid(t *testing.T) {
	ctxID, _ := ridServe(t, &RequestIDOptions{Generate: func() string { return "mine" }})
	if ctxID != "mine" {
		t.Fatalf("Generate not used: %q", ctxID)
	}
	ctxID, _ = ridServe(t, &RequestIDOptions{Generate: func() string { return "bad id" }})
	if !ValidRequestID(ctxID) {
		t.Fatalf("invalid generated ID used: %q", ctxID)
	}
}

func TestRequestIDFromEmptyContext(t *testing.T) {
	if id := RequestIDFrom(context.Background()); id != "" {
		t.Fatalf("%q", id)
	}
}

func TestRequestIDAroundWebobHandler(t *testing.T) {
	h := RequestID(nil)(webob.HandlerFunc(func(req *webob.Request) (*webob.Response, error) {
		return webob.Text(200, RequestIDFrom(req.Context())), nil
	}))
	req := httptest.NewRequest("GET", "/", nil)
	req.Header.Set("X-Request-Id", "from-proxy-7")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Body.String() != "from-proxy-7" || rec.Header().Get("X-Request-Id") != "from-proxy-7" {
		t.Fatalf("body %q, header %q", rec.Body.String(), rec.Header().Get("X-Request-Id"))
	}
}

func TestRequestIDKeepsConnectionFeatures(t *testing.T) {
	checkKeepsConnFeatures(t, RequestID(nil))
}
