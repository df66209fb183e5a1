package webob

import (
	"context"
	"errors"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"

	"github.com/webob-go/webob/headers"
	"github.com/webob-go/webob/internal/race"
)

var fwdTrusted = &Options{TrustedProxies: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}, ProxyHeaders: ProxyXForwarded}

func TestResolveForwardingAgreesWithClientAddr(t *testing.T) {
	hr := httptest.NewRequest("GET", "http://a.example/", nil)
	hr.RemoteAddr = "10.0.0.1:1"
	hr.Header.Set("X-Forwarded-For", "6.6.6.6, 203.0.113.7, 10.1.1.1")
	hr.Header.Set("X-Forwarded-Proto", "http, https, https")
	hr.Header.Set("X-Forwarded-Port", "1, 8443, 443")
	f, err := ResolveForwarding(hr, fwdTrusted)
	r := NewRequest(hr, fwdTrusted)
	if err != nil || f.Addr != r.ClientAddr() || f.Proto != r.Scheme() || f.Addr.String() != "203.0.113.7" {
		t.Errorf("f %+v err %v; ClientAddr %v Scheme %q", f, err, r.ClientAddr(), r.Scheme())
	}
	if p := f.PickXForwarded(hr.Header["X-Forwarded-Port"]); p != "8443" {
		t.Errorf("PickXForwarded = %q, want the entry of the client hop", p)
	}
	hr.RemoteAddr = "203.0.113.9:1"
	if f, _ := ResolveForwarding(hr, fwdTrusted); f.PickXForwarded(hr.Header["X-Forwarded-Port"]) != "" || f.Proto != "" {
		t.Errorf("untrusted peer: %+v", f)
	}
}

func TestResolveForwardingMalformedIsHeaderError(t *testing.T) {
	hr := httptest.NewRequest("GET", "/", nil)
	hr.RemoteAddr = "10.0.0.1:1"
	hr.Header.Set("X-Forwarded-For", "bogus")
	_, err := ResolveForwarding(hr, fwdTrusted)
	var he *HeaderError
	if !errors.As(err, &he) || he.Field != "X-Forwarded-For" || !errors.Is(err, headers.ErrInvalidForwarded) || ErrorStatus(err) != 400 {
		t.Errorf("err %v", err)
	}
	if _, err := ResolveForwardingHops(hr, ForwardingHops{For: 1}); !errors.As(err, &he) {
		t.Errorf("hops: err %v", err)
	}
}

func TestResolveForwardingHopsTakesNthFromRight(t *testing.T) {
	hr := httptest.NewRequest("GET", "/", nil)
	hr.RemoteAddr = "10.0.0.1:1"
	hr.Header.Set("X-Forwarded-For", "1.1.1.1, 2.2.2.2, 3.3.3.3")
	hr.Header.Set("X-Forwarded-Proto", "https")
	f, _ := ResolveForwardingHops(hr, ForwardingHops{For: 2, Proto: 1})
	if f.Addr.String() != "2.2.2.2" || f.Proto != "https" {
		t.Errorf("%+v", f)
	}
	f, _ = ResolveForwardingHops(hr, ForwardingHops{For: 4, Proto: 2})
	if f.Addr.String() != "10.0.0.1" || f.Proto != "" {
		t.Errorf("short lists must be ignored: %+v", f)
	}
	hr.Header.Set("Forwarded", `for=192.0.2.60;proto=https;host=shop.example, for=10.1.1.1`)
	f, _ = ResolveForwardingHops(hr, ForwardingHops{Forwarded: true, For: 2, Proto: 2, Host: 2})
	if f.Addr.String() != "192.0.2.60" || f.Proto != "https" || f.Host != "shop.example" {
		t.Errorf("Forwarded: %+v", f)
	}
}

func TestWithForwardingStopsSecondApplication(t *testing.T) {
	hr := httptest.NewRequest("GET", "http://backend/", nil)
	hr.RemoteAddr = "10.9.9.9:0" // a client inside a trusted network
	hr.Header.Set("X-Forwarded-For", "6.6.6.6, 10.9.9.9")
	hr = hr.WithContext(WithForwarding(hr.Context(), Forwarding{Addr: netip.MustParseAddr("10.9.9.9"), Proto: "https", Host: "shop.example"}))
	r := NewRequest(hr, fwdTrusted)
	if r.ClientAddr().String() != "10.9.9.9" || r.Scheme() != "https" || r.Host() != "shop.example" {
		t.Errorf("ClientAddr %v Scheme %q Host %q", r.ClientAddr(), r.Scheme(), r.Host())
	}
	// Without TrustedProxies the carried values are reported too.
	r = NewRequest(hr, nil)
	if r.Scheme() != "https" || r.HostURL() != "https://shop.example" {
		t.Errorf("default options: %q", r.HostURL())
	}
	if _, ok := ForwardingFrom(hr.Context()); !ok {
		t.Error("ForwardingFrom")
	}
}

// TestWithForwardingAllocatesOnce: WithForwarding's result is one
// ForwardingContext, not a context value plus a *Forwarding.
func TestWithForwardingAllocatesOnce(t *testing.T) {
	if race.Enabled {
		t.Skip("allocations differ under -race")
	}
	parent := context.Background()
	f := Forwarding{Addr: netip.MustParseAddr("203.0.113.7"), Proto: "https"}
	var sink context.Context
	if n := testing.AllocsPerRun(100, func() { sink = WithForwarding(parent, f) }); n != 1 {
		t.Errorf("%v allocations, want 1", n)
	}
	if got, ok := ForwardingFrom(sink); !ok || got.Addr != f.Addr || got.Proto != "https" {
		t.Errorf("ForwardingFrom = %+v, %v", got, ok)
	}
}

// TestEmbeddedForwardingContextCarriesForwardingAndParentValues: a
// caller-owned context type that embeds ForwardingContext answers
// ForwardingFrom, passes other keys to the parent, and a Request made
// from it reports the Forwarding without reading the headers.
func TestEmbeddedForwardingContextCarriesForwardingAndParentValues(t *testing.T) {
	type key struct{}
	type own struct {
		ForwardingContext
		extra int
	}
	parent := context.WithValue(context.Background(), key{}, "v")
	c := &own{ForwardingContext: ForwardingContext{Context: parent, Forwarding: Forwarding{Addr: netip.MustParseAddr("203.0.113.7"), Host: "shop.example"}}, extra: 1}
	if got, ok := ForwardingFrom(c); !ok || got.Addr != netip.MustParseAddr("203.0.113.7") || got.Host != "shop.example" {
		t.Errorf("ForwardingFrom = %+v, %v", got, ok)
	}
	if c.Value(key{}) != "v" {
		t.Error("parent's value lost")
	}
	hr := httptest.NewRequest("GET", "http://backend.internal/", nil)
	hr.RemoteAddr = "10.0.0.1:1"
	hr.Header.Set("X-Forwarded-For", "6.6.6.6")
	r := NewRequest(hr.WithContext(c), fwdTrusted)
	if a := r.ClientAddr(); a != netip.MustParseAddr("203.0.113.7") {
		t.Errorf("ClientAddr = %v, want the carried 203.0.113.7", a)
	}
	if h := r.Host(); h != "shop.example" {
		t.Errorf("Host = %q, want shop.example", h)
	}
}

// TestResolveForwardingHopsTakesNthFromRightOfLongLists: with more
// entries than one pass keeps (and hop counts beyond that), over several
// field lines, the address, proto and host taken are still the Nth from
// the right, and a list shorter than the count is ignored.
func TestResolveForwardingHopsTakesNthFromRightOfLongLists(t *testing.T) {
	hr := httptest.NewRequest("GET", "/", nil)
	hr.RemoteAddr = "10.0.0.1:1"
	var addrs, hosts []string
	for i := 1; i <= 2*hopRing+3; i++ {
		addrs = append(addrs, netip.AddrFrom4([4]byte{192, 0, 2, byte(i)}).String())
		hosts = append(hosts, "h"+netip.AddrFrom4([4]byte{0, 0, 0, byte(i)}).String())
	}
	hr.Header["X-Forwarded-For"] = []string{strings.Join(addrs[:5], ", "), strings.Join(addrs[5:], ",")}
	hr.Header["X-Forwarded-Host"] = []string{strings.Join(hosts[:hopRing+1], ", "), strings.Join(hosts[hopRing+1:], ", ")}
	for n := 1; n <= len(addrs)+1; n++ {
		f, err := ResolveForwardingHops(hr, ForwardingHops{For: n, Host: n})
		if err != nil {
			t.Fatal(err)
		}
		wantAddr, wantHost := "10.0.0.1", ""
		if n <= len(addrs) {
			wantAddr, wantHost = addrs[len(addrs)-n], hosts[len(hosts)-n]
		}
		if f.Addr.String() != wantAddr || f.Host != wantHost {
			t.Errorf("For=Host=%d: got %v %q, want %s %q", n, f.Addr, f.Host, wantAddr, wantHost)
		}
	}
}

// FuzzResolveForwardingHopsAgreesWithTheParsedList: for any
// X-Forwarded-For and -Host and any hop count, the one-pass reading
// takes what the whole parsed list gives at the Nth position from the
// right, and fails exactly when the list does not parse.
func FuzzResolveForwardingHopsAgreesWithTheParsedList(f *testing.F) {
	f.Add("1.1.1.1, 2.2.2.2, 3.3.3.3", "a, b, c", uint8(2))
	f.Add("1.1.1.1,2.2.2.2,3.3.3.3,4.4.4.4,5.5.5.5,6.6.6.6,7.7.7.7,8.8.8.8,9.9.9.9,[2001:db8::1]:80", "h1,h2,h3,h4,h5,h6,h7,h8,h9,h10", uint8(10))
	f.Add("unknown, _obf, 203.0.113.7:8080", "", uint8(1))
	f.Fuzz(func(t *testing.T, xff, host string, hops uint8) {
		n := int(hops%20) + 1
		hr := httptest.NewRequest("GET", "/", nil)
		hr.RemoteAddr = "10.0.0.1:1"
		hr.Header["X-Forwarded-For"] = []string{xff}
		hr.Header["X-Forwarded-Host"] = []string{host}
		got, err := ResolveForwardingHops(hr, ForwardingHops{For: n, Host: n})
		nodes, perr := headers.ParseXForwardedFor([]string{xff})
		if (err != nil) != (perr != nil) {
			t.Fatalf("error %v, parsed list's %v", err, perr)
		}
		if err != nil {
			return
		}
		want := netip.MustParseAddr("10.0.0.1")
		if len(nodes) >= n {
			want = nodes[len(nodes)-n].Addr.Unmap()
		}
		if got.Addr != want {
			t.Errorf("For=%d: %v, want %v", n, got.Addr, want)
		}
		wantHost := ""
		if hl := headers.ParseXForwardedList([]string{host}); len(hl) >= n {
			wantHost = cleanHost(hl[len(hl)-n])
		}
		if got.Host != wantHost {
			t.Errorf("Host=%d: %q, want %q", n, got.Host, wantHost)
		}
	})
}
