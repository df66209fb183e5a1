package webob

import (
	"errors"
	"net/http/httptest"
	"net/netip"
	"testing"
)

// proxied builds a request from peer with the given header fields.
func proxied(peer string, opts *Options, hdr ...string) *Request {
	hr := httptest.NewRequest("GET", "/", nil)
	hr.RemoteAddr = peer
	for i := 0; i+1 < len(hdr); i += 2 {
		hr.Header.Add(hdr[i], hdr[i+1])
	}
	return NewRequest(hr, opts)
}

type fwdWant struct {
	addr string // "" is the zero Addr
	url  string
	err  error // nil: no error
}

func checkForward(t *testing.T, r *Request, w fwdWant) {
	t.Helper()
	a, err := r.ParseClientAddr()
	want := netip.Addr{}
	if w.addr != "" {
		want = netip.MustParseAddr(w.addr)
	}
	if a != want {
		t.Errorf("ClientAddr = %v; want %v", a, want)
	}
	if w.err == nil && err != nil || w.err != nil && !errors.Is(err, w.err) {
		t.Errorf("ParseClientAddr error = %v; want %v", err, w.err)
	}
	if got := r.URL(); got != w.url {
		t.Errorf("URL = %q; want %q", got, w.url)
	}
}

var tenNet = []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}

// The reproducer of the hardening issue: a proxy that appends to
// X-Forwarded-For passes the client's Forwarded on unchanged. Without a
// ProxyHeaders choice neither header may win.
func TestClientForwardedDoesNotBeatProxyXForwardedFor(t *testing.T) {
	r := proxied("10.0.0.1:1234", &Options{TrustedProxies: tenNet},
		"Forwarded", "for=5.6.7.8;host=evil.com;proto=https",
		"X-Forwarded-For", "203.0.113.9")
	checkForward(t, r, fwdWant{"10.0.0.1", "http://example.com/", ErrAmbiguousForwarding})
	if r.Scheme() != "http" || r.Host() != "example.com" {
		t.Errorf("Scheme, Host = %q, %q", r.Scheme(), r.Host())
	}
}

func TestProxyHeadersXForwardedIgnoresClientForwarded(t *testing.T) {
	r := proxied("10.0.0.1:1234", &Options{TrustedProxies: tenNet, ProxyHeaders: ProxyXForwarded},
		"Forwarded", "for=5.6.7.8;host=evil.com;proto=https",
		"X-Forwarded-For", "203.0.113.9")
	checkForward(t, r, fwdWant{"203.0.113.9", "http://example.com/", nil})
}

func TestProxyHeadersForwardedIgnoresClientXForwarded(t *testing.T) {
	r := proxied("10.0.0.1:1234", &Options{TrustedProxies: tenNet, ProxyHeaders: ProxyForwarded},
		"X-Forwarded-For", "5.6.7.8",
		"X-Forwarded-Host", "evil.com",
		"X-Forwarded-Proto", "https",
		"Forwarded", "for=198.51.100.1;host=shop.example")
	checkForward(t, r, fwdWant{"198.51.100.1", "http://shop.example/", nil})
}

func TestProxyHeadersForwardedWithoutForwardedUsesPeer(t *testing.T) {
	r := proxied("10.0.0.1:1234", &Options{TrustedProxies: tenNet, ProxyHeaders: ProxyForwarded},
		"X-Forwarded-For", "5.6.7.8", "X-Forwarded-Host", "evil.com")
	checkForward(t, r, fwdWant{"10.0.0.1", "http://example.com/", nil})
}

// nginx's usual set-up sets X-Forwarded-For and X-Forwarded-Proto but
// passes a client's X-Forwarded-Host on.
func TestProxyHeadersXForwardedForAndProtoIgnoreClientXForwardedHost(t *testing.T) {
	r := proxied("10.0.0.1:1234", &Options{TrustedProxies: tenNet, ProxyHeaders: ProxyXForwardedFor | ProxyXForwardedProto},
		"X-Forwarded-For", "203.0.113.9",
		"X-Forwarded-Proto", "https",
		"X-Forwarded-Host", "evil.com")
	checkForward(t, r, fwdWant{"203.0.113.9", "https://example.com/", nil})
}

func TestProxyHeadersXForwardedForOnlyIgnoresProtoAndHost(t *testing.T) {
	r := proxied("10.0.0.1:1234", &Options{TrustedProxies: tenNet, ProxyHeaders: ProxyXForwardedFor},
		"X-Forwarded-For", "203.0.113.9",
		"X-Forwarded-Proto", "https",
		"X-Forwarded-Host", "evil.com")
	checkForward(t, r, fwdWant{"203.0.113.9", "http://example.com/", nil})
}

func TestProxyHeadersAutoForwardedWithXForwardedHostBelievesNeither(t *testing.T) {
	r := proxied("10.0.0.1:1234", &Options{TrustedProxies: tenNet},
		"Forwarded", "for=198.51.100.1",
		"X-Forwarded-Host", "evil.com")
	checkForward(t, r, fwdWant{"10.0.0.1", "http://example.com/", ErrAmbiguousForwarding})
}

func TestProxyHeadersAutoOneKindIsRead(t *testing.T) {
	opts := &Options{TrustedProxies: tenNet}
	checkForward(t, proxied("10.0.0.1:1", opts, "Forwarded", "for=198.51.100.1;proto=https;host=shop.example"),
		fwdWant{"198.51.100.1", "https://shop.example/", nil})
	checkForward(t, proxied("10.0.0.1:1", opts, "X-Forwarded-For", "198.51.100.1", "X-Forwarded-Proto", "https"),
		fwdWant{"198.51.100.1", "https://example.com/", nil})
}

func TestProxyHeadersIgnoredFromUntrustedPeer(t *testing.T) {
	r := proxied("192.0.2.1:1", &Options{TrustedProxies: tenNet, ProxyHeaders: ProxyForwarded},
		"Forwarded", "for=198.51.100.1;proto=https;host=evil.com")
	checkForward(t, r, fwdWant{"192.0.2.1", "http://example.com/", nil})
}

// The walk starts at the nearest proxy's entry and skips trusted hops;
// what the client wrote to the left of the first untrusted hop is never
// read, not even its host and proto.
func TestProxyHeadersWalkFromTheRightSkippingTrusted(t *testing.T) {
	r := proxied("10.0.0.1:1", &Options{TrustedProxies: tenNet, ProxyHeaders: ProxyForwarded},
		"Forwarded", "for=10.9.9.9;host=evil.com;proto=https",
		"Forwarded", "for=198.51.100.7;host=shop.example, for=10.0.0.2")
	checkForward(t, r, fwdWant{"198.51.100.7", "http://shop.example/", nil})
	r = proxied("10.0.0.1:1", &Options{TrustedProxies: tenNet, ProxyHeaders: ProxyXForwarded},
		"X-Forwarded-For", "10.9.9.9, 198.51.100.7, 10.0.0.2",
		"X-Forwarded-Host", "evil.com, shop.example, internal.example")
	checkForward(t, r, fwdWant{"198.51.100.7", "http://shop.example/", nil})
}

func TestProxyHeadersForwardedAndXForwardedPrefersForwarded(t *testing.T) {
	opts := &Options{TrustedProxies: tenNet, ProxyHeaders: ProxyForwarded | ProxyXForwarded}
	checkForward(t, proxied("10.0.0.1:1", opts,
		"Forwarded", "for=198.51.100.1;proto=https",
		"X-Forwarded-For", "203.0.113.9"),
		fwdWant{"198.51.100.1", "https://example.com/", nil})
	checkForward(t, proxied("10.0.0.1:1", opts, "X-Forwarded-For", "203.0.113.9"),
		fwdWant{"203.0.113.9", "http://example.com/", nil})
}
