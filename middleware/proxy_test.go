package middleware

import (
	"crypto/tls"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"

	"github.com/webob-go/webob/webob"
)

// seen is what a wrapped handler observed, in both worlds.
type seen struct {
	remote, host, scheme, script   string // plain *http.Request
	client, wHost, wScheme, appURL string // webob.Request
	orig                           Original
	hasOrig                        bool
}

// observe runs req through mw around a plain handler and around a
// webob.HandlerFunc built with wopts, and returns what each saw.
func observe(t *testing.T, mw func(http.Handler) http.Handler, req *http.Request, wopts *webob.Options) (plain, wb seen, code int) {
	t.Helper()
	ph := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		plain.remote, plain.host, plain.scheme = r.RemoteAddr, r.Host, r.URL.Scheme
		plain.script = webob.ScriptNameFrom(r.Context())
		plain.orig, plain.hasOrig = OriginalRequest(r.Context())
	})
	rec := httptest.NewRecorder()
	mw(ph).ServeHTTP(rec, req.Clone(req.Context()))
	code = rec.Code
	wh := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		req := webob.NewRequest(r, wopts)
		if a := req.ClientAddr(); a.IsValid() {
			wb.client = a.String()
		}
		wb.wHost, wb.wScheme, wb.appURL = req.Host(), req.Scheme(), req.ApplicationURL()
	})
	mw(wh).ServeHTTP(httptest.NewRecorder(), req.Clone(req.Context()))
	return plain, wb, code
}

func newReq(remote string, hdr ...string) *http.Request {
	r := httptest.NewRequest("GET", "http://app.internal/x", nil)
	r.RemoteAddr = remote
	for i := 0; i+1 < len(hdr); i += 2 {
		r.Header.Add(hdr[i], hdr[i+1])
	}
	return r
}

var trustedNets = []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}

func TestProxyHeadersDefaultReadsOneHopOfXForwardedForAndProto(t *testing.T) {
	req := newReq("10.0.0.1:5555", "X-Forwarded-For", "198.51.100.9, 203.0.113.7", "X-Forwarded-Proto", "https",
		"X-Forwarded-Host", "evil.example")
	plain, wb, _ := observe(t, ProxyHeaders(nil), req, nil)
	if plain.remote != "203.0.113.7:0" || plain.scheme != "https" || plain.host != "app.internal" {
		t.Errorf("plain = %+v", plain)
	}
	if wb.client != "203.0.113.7" || wb.wScheme != "https" || wb.wHost != "app.internal" || wb.appURL != "https://app.internal" {
		t.Errorf("webob = %+v", wb)
	}
	if !plain.hasOrig || plain.orig.RemoteAddr != "10.0.0.1:5555" || plain.orig.Scheme != "http" || plain.orig.Host != "app.internal" {
		t.Errorf("original = %+v", plain.orig)
	}
}

func TestProxyHeadersHopCountTakesNthFromRightAndIgnoresShortLists(t *testing.T) {
	mw := ProxyHeaders(&ProxyOptions{For: 2, Proto: 1})
	plain, _, _ := observe(t, mw, newReq("10.0.0.1:5555", "X-Forwarded-For", "1.1.1.1, 198.51.100.9, 203.0.113.7"), nil)
	if plain.remote != "198.51.100.9:0" {
		t.Errorf("two hops: RemoteAddr = %q", plain.remote)
	}
	plain, wb, _ := observe(t, mw, newReq("10.0.0.1:5555", "X-Forwarded-For", "203.0.113.7"), nil)
	if plain.remote != "10.0.0.1:5555" || wb.client != "10.0.0.1" {
		t.Errorf("fewer entries than hops must be ignored: %q %q", plain.remote, wb.client)
	}
}

func TestProxyHeadersIgnoresLeftmostSpoofedXForwardedFor(t *testing.T) {
	// The client sends its own X-Forwarded-For; the proxy appends the
	// real address. The left-most entry (gorilla's and chi's old
	// choice) is the client's lie.
	req := newReq("10.0.0.1:5555", "X-Forwarded-For", "127.0.0.1, 203.0.113.7")
	for name, mw := range map[string]func(http.Handler) http.Handler{
		"hops":    ProxyHeaders(nil),
		"trusted": ProxyHeaders(&ProxyOptions{TrustedProxies: trustedNets}),
	} {
		plain, wb, _ := observe(t, mw, req, nil)
		if plain.remote != "203.0.113.7:0" || wb.client != "203.0.113.7" {
			t.Errorf("%s: RemoteAddr %q, ClientAddr %q; want 203.0.113.7", name, plain.remote, wb.client)
		}
	}
}

func TestProxyHeadersTrustedNetworksSkipTrustedHopsFromTheRight(t *testing.T) {
	mw := ProxyHeaders(&ProxyOptions{TrustedProxies: trustedNets})
	req := newReq("10.0.0.1:5555", "X-Forwarded-For", "192.0.2.1, 203.0.113.7, 10.2.2.2", "X-Forwarded-Proto", "https")
	plain, wb, _ := observe(t, mw, req, nil)
	if plain.remote != "203.0.113.7:0" || wb.client != "203.0.113.7" || plain.scheme != "https" {
		t.Errorf("plain %+v webob %+v", plain, wb)
	}
}

func TestProxyHeadersUntrustedPeerChangesNothing(t *testing.T) {
	mw := ProxyHeaders(&ProxyOptions{TrustedProxies: trustedNets, Host: 1})
	req := newReq("203.0.113.50:4444", "X-Forwarded-For", "1.2.3.4", "X-Forwarded-Proto", "https", "X-Forwarded-Host", "evil.example")
	plain, wb, _ := observe(t, mw, req, nil)
	if plain.remote != "203.0.113.50:4444" || plain.host != "app.internal" || plain.scheme != "http" {
		t.Errorf("plain %+v", plain)
	}
	if wb.client != "203.0.113.50" || wb.wHost != "app.internal" || wb.wScheme != "http" {
		t.Errorf("webob %+v", wb)
	}
}

func TestProxyHeadersNeverMixesForwardedWithXForwardedFor(t *testing.T) {
	// Proxy writes X-Forwarded-For; the client sent a Forwarded of its
	// own, which the proxy passed on: it must be ignored.
	req := newReq("10.0.0.1:5555", "Forwarded", "for=127.0.0.1;proto=https;host=admin.internal", "X-Forwarded-For", "203.0.113.7")
	plain, wb, _ := observe(t, ProxyHeaders(&ProxyOptions{TrustedProxies: trustedNets}), req, nil)
	if plain.remote != "203.0.113.7:0" || plain.scheme != "http" || plain.host != "app.internal" || wb.client != "203.0.113.7" {
		t.Errorf("X-Forwarded mode: plain %+v webob %+v", plain, wb)
	}
	// Proxy writes Forwarded; the client's X-Forwarded-For is ignored.
	req = newReq("10.0.0.1:5555", "Forwarded", `for=203.0.113.7;proto=https;host="shop.example:8443"`, "X-Forwarded-For", "127.0.0.1")
	for name, o := range map[string]*ProxyOptions{
		"trusted": {Forwarded: true, TrustedProxies: trustedNets, For: 1, Proto: 1, Host: 1},
		"hops":    {Forwarded: true, For: 1, Proto: 1, Host: 1},
	} {
		plain, wb, _ = observe(t, ProxyHeaders(o), req, nil)
		if plain.remote != "203.0.113.7:0" || plain.scheme != "https" || plain.host != "shop.example:8443" {
			t.Errorf("%s: plain %+v", name, plain)
		}
		if wb.client != "203.0.113.7" || wb.appURL != "https://shop.example:8443" {
			t.Errorf("%s: webob %+v", name, wb)
		}
	}
}

func TestProxyHeadersWebobRequestDoesNotApplyForwardingTwice(t *testing.T) {
	// Client 10.9.9.9 is itself in a trusted network: a downstream
	// webob.Request with TrustedProxies would otherwise walk the
	// X-Forwarded-For again and land on the spoofed entry.
	req := newReq("10.0.0.1:5555", "X-Forwarded-For", "6.6.6.6, 10.9.9.9", "X-Forwarded-Proto", "https")
	wopts := &webob.Options{TrustedProxies: trustedNets}
	_, wb, _ := observe(t, ProxyHeaders(nil), req, wopts)
	if wb.client != "10.9.9.9" || wb.wScheme != "https" {
		t.Errorf("webob = %+v, want client 10.9.9.9 https", wb)
	}
}

func TestProxyHeadersSecondLayerPassesThrough(t *testing.T) {
	req := newReq("10.0.0.1:5555", "X-Forwarded-For", "6.6.6.6, 203.0.113.7")
	mw := func(h http.Handler) http.Handler { return ProxyHeaders(nil)(ProxyHeaders(nil)(h)) }
	plain, _, _ := observe(t, mw, req, nil)
	if plain.remote != "203.0.113.7:0" || plain.orig.RemoteAddr != "10.0.0.1:5555" {
		t.Errorf("plain = %+v", plain)
	}
}

func TestProxyHeadersPortAndPrefixMoveHostAndMountPrefix(t *testing.T) {
	for name, o := range map[string]*ProxyOptions{
		"hops":    {For: 1, Proto: 1, Host: 1, Port: 1, Prefix: 1},
		"trusted": {TrustedProxies: trustedNets, For: 1, Proto: 1, Host: 1, Port: 1, Prefix: 1},
	} {
		req := newReq("10.0.0.1:5555", "X-Forwarded-For", "203.0.113.7", "X-Forwarded-Proto", "https",
			"X-Forwarded-Host", "shop.example", "X-Forwarded-Port", "8443", "X-Forwarded-Prefix", "/store/")
		plain, wb, _ := observe(t, ProxyHeaders(o), req, nil)
		if plain.host != "shop.example:8443" || plain.script != "/store" {
			t.Errorf("%s: plain %+v", name, plain)
		}
		if wb.appURL != "https://shop.example:8443/store" {
			t.Errorf("%s: ApplicationURL = %q", name, wb.appURL)
		}
	}
}

func TestProxyHeadersRejectsInvalidForwardedValues(t *testing.T) {
	o := &ProxyOptions{For: 1, Proto: 1, Host: 1, Port: 1, Prefix: 1}
	req := newReq("10.0.0.1:5555", "X-Forwarded-For", "203.0.113.7", "X-Forwarded-Proto", "javascript",
		"X-Forwarded-Host", "a b\x00", "X-Forwarded-Port", "99999", "X-Forwarded-Prefix", "//evil.example")
	plain, wb, _ := observe(t, ProxyHeaders(o), req, nil)
	if plain.scheme != "http" || plain.host != "app.internal" || plain.script != "" || wb.appURL != "http://app.internal" {
		t.Errorf("plain %+v webob %+v", plain, wb)
	}
}

func TestProxyHeadersMalformedXForwardedForIs400NamingHeader(t *testing.T) {
	for name, o := range map[string]*ProxyOptions{"hops": nil, "trusted": {TrustedProxies: trustedNets}} {
		req := newReq("10.0.0.1:5555", "X-Forwarded-For", "not-an-ip, 203.0.113.7")
		rec := httptest.NewRecorder()
		called := false
		ProxyHeaders(o)(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { called = true })).ServeHTTP(rec, req)
		if rec.Code != 400 || called || !strings.Contains(rec.Body.String(), "X-Forwarded-For") {
			t.Errorf("%s: code %d called %v body %q", name, rec.Code, called, rec.Body.String())
		}
	}
}

func TestProxyHeadersUnknownClientBecomesUnknownRemoteAddr(t *testing.T) {
	req := newReq("10.0.0.1:5555", "Forwarded", "for=unknown;proto=https")
	plain, wb, _ := observe(t, ProxyHeaders(&ProxyOptions{Forwarded: true}), req, nil)
	if plain.remote != "unknown" || wb.client != "" || wb.wScheme != "https" {
		t.Errorf("plain %+v webob %+v", plain, wb)
	}
}

func TestProxyHeadersIPv6ClientKeepsSplittableRemoteAddr(t *testing.T) {
	req := newReq("[2001:db8::1]:443", "X-Forwarded-For", "2001:db8::7")
	plain, wb, _ := observe(t, ProxyHeaders(nil), req, nil)
	if plain.remote != "[2001:db8::7]:0" || wb.client != "2001:db8::7" {
		t.Errorf("plain %q webob %q", plain.remote, wb.client)
	}
}

func TestProxyHeadersKeepsTLSButSchemeFollowsProxy(t *testing.T) {
	req := newReq("10.0.0.1:5555", "X-Forwarded-Proto", "http")
	req.TLS = new(tls.ConnectionState)
	var tlsKept bool
	var scheme string
	ProxyHeaders(nil)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tlsKept = r.TLS != nil
		scheme = webob.NewRequest(r, nil).Scheme()
	})).ServeHTTP(httptest.NewRecorder(), req)
	if !tlsKept || scheme != "http" {
		t.Errorf("TLS kept %v, webob Scheme %q", tlsKept, scheme)
	}
}

func TestProxyHeadersAroundWebobHandlerFunc(t *testing.T) {
	h := ProxyHeaders(nil)(webob.HandlerFunc(func(req *webob.Request) (*webob.Response, error) {
		return webob.Text(http.StatusOK, req.ClientAddr().String()+" "+req.URL()), nil
	}))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, newReq("10.0.0.1:1", "X-Forwarded-For", "203.0.113.7", "X-Forwarded-Proto", "https"))
	if got := rec.Body.String(); got != "203.0.113.7 https://app.internal/x" {
		t.Errorf("body = %q", got)
	}
}
