package webob

import (
	"crypto/tls"
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

func prefixes(ss ...string) []netip.Prefix {
	var out []netip.Prefix
	for _, s := range ss {
		out = append(out, netip.MustParsePrefix(s))
	}
	return out
}

func TestClientAddr(t *testing.T) {
	trusted := &Options{TrustedProxies: prefixes("10.0.0.0/8", "fd00::/8")}
	tests := []struct {
		name      string
		opts      *Options
		remote    string
		hdr       map[string]string
		want      string // "" is the zero Addr
		wantErr   bool
		scheme    string
		host      string
		tlsScheme bool
	}{
		{"no proxy config: peer", nil, "192.0.2.1:1234", map[string]string{"X-Forwarded-For": "1.2.3.4"}, "192.0.2.1", false, "http", "example.com", false},
		{"no proxy config ignores Forwarded", nil, "192.0.2.1:1234", map[string]string{"Forwarded": "for=1.2.3.4;proto=https;host=evil"}, "192.0.2.1", false, "http", "example.com", false},
		{"untrusted peer: headers ignored", trusted, "192.0.2.1:1234", map[string]string{"X-Forwarded-For": "1.2.3.4", "X-Forwarded-Proto": "https"}, "192.0.2.1", false, "http", "example.com", false},
		{"trusted peer, XFF one hop", trusted, "10.0.0.1:1234", map[string]string{"X-Forwarded-For": "203.0.113.7"}, "203.0.113.7", false, "http", "example.com", false},
		{"right-most untrusted, not left-most spoof", trusted, "10.0.0.1:1234", map[string]string{"X-Forwarded-For": "6.6.6.6, 203.0.113.7, 10.0.0.2"}, "203.0.113.7", false, "http", "example.com", false},
		{"all trusted: left-most", trusted, "10.0.0.1:1234", map[string]string{"X-Forwarded-For": "10.1.1.1, 10.0.0.2"}, "10.1.1.1", false, "http", "example.com", false},
		{"XFF ipv6 and proto", trusted, "[fd00::1]:443", map[string]string{"X-Forwarded-For": "2001:db8::7", "X-Forwarded-Proto": "https", "X-Forwarded-Host": "www.example.org"}, "2001:db8::7", false, "https", "www.example.org", false},
		{"XFF malformed: peer + error", trusted, "10.0.0.1:1234", map[string]string{"X-Forwarded-For": "1.2.3.4, garbage"}, "10.0.0.1", true, "http", "example.com", false},
		{"XFF bad proto ignored", trusted, "10.0.0.1:1", map[string]string{"X-Forwarded-For": "1.2.3.4", "X-Forwarded-Proto": "gopher"}, "1.2.3.4", false, "http", "example.com", false},
		{"XFF bad host ignored", trusted, "10.0.0.1:1", map[string]string{"X-Forwarded-For": "1.2.3.4", "X-Forwarded-Host": "a b\x00"}, "1.2.3.4", false, "http", "example.com", false},
		{"Forwarded and XFF without ProxyHeaders: neither", trusted, "10.0.0.1:1", map[string]string{"Forwarded": "for=198.51.100.1;proto=https;host=shop.example", "X-Forwarded-For": "1.2.3.4"}, "10.0.0.1", true, "http", "example.com", false},
		{"Forwarded chain", trusted, "10.0.0.1:1", map[string]string{"Forwarded": `for=6.6.6.6;proto=http, for=198.51.100.1;proto=https, for=10.0.0.9`}, "198.51.100.1", false, "https", "example.com", false},
		{"Forwarded ipv6 quoted", trusted, "10.0.0.1:1", map[string]string{"Forwarded": `for="[2001:db8:cafe::17]:4711"`}, "2001:db8:cafe::17", false, "http", "example.com", false},
		{"Forwarded unknown", trusted, "10.0.0.1:1", map[string]string{"Forwarded": `for=unknown`}, "", false, "http", "example.com", false},
		{"Forwarded malformed", trusted, "10.0.0.1:1", map[string]string{"Forwarded": `for=1.2.3.4;for=5.6.7.8`}, "10.0.0.1", true, "http", "example.com", false},
		{"not an IP peer", trusted, "pipe", nil, "", false, "http", "example.com", false},
		{"TLS", nil, "192.0.2.1:1", nil, "192.0.2.1", false, "https", "example.com", true},
		{"mapped v4 peer", nil, "[::ffff:192.0.2.1]:1", nil, "192.0.2.1", false, "http", "example.com", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hr := httptest.NewRequest("GET", "/", nil)
			hr.RemoteAddr = tt.remote
			if tt.tlsScheme {
				hr.TLS = &tls.ConnectionState{}
			}
			for k, v := range tt.hdr {
				hr.Header.Set(k, v)
			}
			r := NewRequest(hr, tt.opts)
			a, err := r.ParseClientAddr()
			want := netip.Addr{}
			if tt.want != "" {
				want = netip.MustParseAddr(tt.want)
			}
			if a != want || (err != nil) != tt.wantErr {
				t.Errorf("ParseClientAddr = %v, %v; want %v (err %v)", a, err, want, tt.wantErr)
			}
			if r.ClientAddr() != want {
				t.Errorf("ClientAddr = %v", r.ClientAddr())
			}
			if r.Scheme() != tt.scheme || r.Host() != tt.host {
				t.Errorf("scheme %q host %q; want %q %q", r.Scheme(), r.Host(), tt.scheme, tt.host)
			}
		})
	}
}
