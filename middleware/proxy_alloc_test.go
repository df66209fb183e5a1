package middleware

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/webob-go/webob/internal/race"
)

// TestProxyHeadersAllocatesTwicePerRequest pins the cost of the common
// case (one proxy, X-Forwarded-For and -Proto): the request copy
// (WithContext; the caller's request is never modified) and one block
// holding the URL copy, the context that carries the original values and
// the webob.Forwarding (an embedded webob.ForwardingContext), and the
// bytes of the "ip:0" RemoteAddr. It was 6, then 4 while
// webob.WithForwarding allocated its own *Forwarding and context value.
func TestProxyHeadersAllocatesTwicePerRequest(t *testing.T) {
	if race.Enabled {
		t.Skip("allocations differ under -race")
	}
	var remote, scheme string
	h := ProxyHeaders(nil)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		remote, scheme = r.RemoteAddr, r.URL.Scheme
	}))
	req := httptest.NewRequest("GET", "http://backend.internal/items/7", nil)
	req.RemoteAddr = "10.0.0.1:41000"
	req.Header.Set("X-Forwarded-For", "203.0.113.7")
	req.Header.Set("X-Forwarded-Proto", "https")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	if remote != "203.0.113.7:0" || scheme != "https" {
		t.Fatalf("handler saw %q %q", remote, scheme)
	}
	if n := testing.AllocsPerRun(200, func() { h.ServeHTTP(w, req) }); n != 2 {
		t.Errorf("%v allocations per request, want 2", n)
	}
	if req.RemoteAddr != "10.0.0.1:41000" || req.URL.Scheme != "http" || req.Host != "backend.internal" {
		t.Errorf("caller's request modified: %q %q %q", req.RemoteAddr, req.URL.Scheme, req.Host)
	}
}

// TestProxyHeadersContextKeepsRequestCancellationAndValues: the context
// the wrapped handler gets (which carries the original values itself)
// is cancelled with the request's, and passes on the request's values and
// deadline.
func TestProxyHeadersContextKeepsRequestCancellationAndValues(t *testing.T) {
	type key struct{}
	parent, cancel := context.WithCancel(context.WithValue(context.Background(), key{}, "v"))
	parent, cancelDeadline := context.WithDeadline(parent, time.Now().Add(time.Hour))
	defer cancelDeadline()
	var derived context.Context
	var stop context.CancelFunc
	var ok bool
	ProxyHeaders(nil)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		_, ok = OriginalRequest(ctx)
		if ctx.Value(key{}) != "v" {
			t.Error("request's context value lost")
		}
		if _, has := ctx.Deadline(); !has {
			t.Error("request's deadline lost")
		}
		derived, stop = context.WithCancel(ctx)
	})).ServeHTTP(httptest.NewRecorder(), newReq("10.0.0.1:1", "X-Forwarded-For", "203.0.113.7").WithContext(parent))
	defer stop()
	if !ok {
		t.Fatal("no OriginalRequest")
	}
	cancel()
	select {
	case <-derived.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("a context derived in the handler was not cancelled with the request")
	}
}
