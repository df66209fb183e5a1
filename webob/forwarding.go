package webob

import (
	"context"
	"net/http"
	"net/netip"

	"github.com/webob-go/webob/headers"
)

// Forwarding is what the proxies in front of the server report about a
// request: the client's address, and the scheme and host the client
// used. ResolveForwarding and ResolveForwardingHops compute it;
// WithForwarding carries it to the Requests made downstream.
type Forwarding struct {
	// Addr is the client's address; the zero Addr when the proxy named
	// it "unknown" or by an obfuscated identifier.
	Addr netip.Addr
	// Proto is "http" or "https", or "" when no proxy reported it.
	Proto string
	// Host is the host[:port] the client asked for, or "" when no proxy
	// reported it.
	Host string

	n, stop int  // X-Forwarded-For entries, and the one taken as the client
	read    bool // the headers were read (the peer is a trusted proxy)
}

// ResolveForwarding reads the forwarding headers of hr as a Request made
// with opts does (see Request.ClientAddr, Options.TrustedProxies and
// Options.ProxyHeaders): from the right, skipping trusted proxies, the
// first untrusted address is the client. It is the entry point for
// middleware that rewrites the *http.Request, so that both agree by
// construction. When the peer is not trusted, the result is the peer's
// address and empty Proto and Host. The error is ParseClientAddr's.
// opts may be nil (nothing is trusted). A request that carries a
// Forwarding (WithForwarding) gives that one.
func ResolveForwarding(hr *http.Request, opts *Options) (Forwarding, error) {
	if opts == nil {
		opts = &defaultOptions
	}
	r := Request{hr: hr, opts: opts}
	f := r.computeForward()
	fw := Forwarding{Addr: f.addr, Proto: f.proto, Host: f.host, n: f.n, stop: f.stop}
	fw.read = f.carried || (len(opts.TrustedProxies) > 0 && opts.trusted(peerAddr(hr.RemoteAddr)))
	if f.err != nil {
		_, err := r.ParseClientAddr()
		return fw, err
	}
	return fw, nil
}

// PickXForwarded returns the entry of a further X-Forwarded list (such
// as X-Forwarded-Port or X-Forwarded-Prefix, as field lines) that goes
// with the X-Forwarded-For entry ResolveForwarding took as the client:
// the entry at the same position when the lists have the same length,
// else the right-most one, which the nearest trusted proxy wrote. It
// returns "" when the headers were not read (the peer is not trusted) or
// the list is empty.
func (f Forwarding) PickXForwarded(lines []string) string {
	if !f.read {
		return ""
	}
	return pickForwarded(headers.ParseXForwardedList(lines), f.n, f.stop)
}

// ForwardingHops counts, per header, the proxies in front of the server
// that write it, as Werkzeug's ProxyFix does (x_for, x_proto, x_host):
// the value taken is the Nth from the right, and a header with fewer
// than N entries is ignored. Zero ignores the header. With Forwarded,
// the RFC 7239 Forwarded header is read instead of X-Forwarded-For,
// -Proto and -Host: For counts its elements for for=, Proto for proto=
// and Host for host=.
type ForwardingHops struct {
	Forwarded        bool
	For, Proto, Host int
}

// ResolveForwardingHops reads the forwarding headers of hr by hop counts
// (see ForwardingHops), trusting whoever is the peer: use it only when
// the server can be reached through the proxies alone. Proto and Host
// are validated as ResolveForwarding validates them. A malformed
// Forwarded or X-Forwarded-For is a *HeaderError (400).
func ResolveForwardingHops(hr *http.Request, h ForwardingHops) (Forwarding, error) {
	fw := Forwarding{read: true, stop: -1}
	taken, err := readHops(hr, h, &fw)
	if !taken || err != nil {
		// The peer's address is parsed only when no header gave one.
		fw.Addr = peerAddr(hr.RemoteAddr)
	}
	return fw, err
}

// readHops fills fw from hr's headers by hop counts; taken says whether
// fw.Addr was taken from a header (the zero Addr for "unknown" or an
// obfuscated identifier).
func readHops(hr *http.Request, h ForwardingHops, fw *Forwarding) (taken bool, err error) {
	if h.Forwarded {
		if h.For <= 0 && h.Proto <= 0 && h.Host <= 0 {
			return taken, nil
		}
		lines := hr.Header["Forwarded"]
		els, err := headers.ParseForwarded(lines)
		if err != nil {
			return false, &HeaderError{Field: "Forwarded", Err: err}
		}
		if h.For > 0 && len(els) >= h.For {
			n, err := headers.ParseNode(els[len(els)-h.For].For)
			if err != nil {
				return false, &HeaderError{Field: "Forwarded", Err: err}
			}
			fw.Addr, taken = n.Addr.Unmap(), true
		}
		if h.Proto > 0 && len(els) >= h.Proto {
			fw.Proto = cleanProto(els[len(els)-h.Proto].Proto)
		}
		if h.Host > 0 && len(els) >= h.Host {
			fw.Host = cleanHost(els[len(els)-h.Host].Host)
		}
		return taken, nil
	}
	if h.For > 0 {
		lines := hr.Header["X-Forwarded-For"]
		// Every entry is validated (as ParseXForwardedFor does), without
		// building the list, in one pass that keeps the addresses of the
		// last entries; a count beyond those reads the list again.
		var last [hopRing]netip.Addr
		n := 0
		for el := range headers.List(lines) {
			node, err := headers.ParseNode(el)
			if err != nil {
				return false, &HeaderError{Field: "X-Forwarded-For", Err: err}
			}
			last[n%hopRing] = node.Addr
			n++
		}
		fw.n = n
		if n >= h.For {
			fw.stop = n - h.For
			a := last[fw.stop%hopRing]
			if h.For > hopRing {
				node, _ := headers.ParseNode(nthFromRight(lines, h.For))
				a = node.Addr
			}
			fw.Addr, taken = a.Unmap(), true
		}
	}
	if h.Proto > 0 {
		fw.Proto = cleanProto(nthFromRight(hr.Header["X-Forwarded-Proto"], h.Proto))
	}
	if h.Host > 0 {
		fw.Host = cleanHost(nthFromRight(hr.Header["X-Forwarded-Host"], h.Host))
	}
	return taken, nil
}

// hopRing is how many of the last list elements one pass keeps: hop
// counts up to it need no second reading of a header.
const hopRing = 8

// nthFromRight returns the Nth element from the right of the list in
// lines, or "" when there are fewer.
func nthFromRight(lines []string, n int) string {
	if n <= 0 {
		return ""
	}
	count := 0
	if n <= hopRing {
		var last [hopRing]string
		for el := range headers.List(lines) {
			last[count%hopRing] = el
			count++
		}
		if count < n {
			return ""
		}
		return last[(count-n)%hopRing]
	}
	for range headers.List(lines) {
		count++
	}
	if count < n {
		return ""
	}
	i := 0
	for el := range headers.List(lines) {
		if i == count-n {
			return el
		}
		i++
	}
	return ""
}

// forwardingKey is the context key of WithForwarding.
type forwardingKey struct{}

// WithForwarding returns a copy of ctx that carries f: the forwarding
// already applied by middleware that rewrote the *http.Request
// (RemoteAddr, Host, URL.Scheme) from it. A Request made from a request
// with that context reports f (ClientAddr is f.Addr, Scheme is f.Proto
// when set, Host is f.Host when set) and does not read Forwarding or
// X-Forwarded-* headers a second time, whatever its Options say. It
// allocates one ForwardingContext.
func WithForwarding(ctx context.Context, f Forwarding) context.Context {
	if ctx == nil {
		panic("webob: WithForwarding: nil parent context")
	}
	return &ForwardingContext{Context: ctx, Forwarding: f}
}

// ForwardingContext is a context that carries a Forwarding, as
// WithForwarding returns. Middleware that builds its own context type
// per request can embed it (setting Context and Forwarding before the
// context is used, and never after) so that one allocation carries both
// its values and the Forwarding; its Value method answers the key of
// ForwardingFrom and asks Context for any other.
type ForwardingContext struct {
	context.Context
	Forwarding Forwarding
}

// Value returns the Forwarding for the key ForwardingFrom looks up, and
// Context.Value(key) for any other key.
func (c *ForwardingContext) Value(key any) any {
	if key == (forwardingKey{}) {
		return &c.Forwarding
	}
	return c.Context.Value(key)
}

// ForwardingFrom returns the Forwarding ctx carries (WithForwarding).
func ForwardingFrom(ctx context.Context) (Forwarding, bool) {
	if f, ok := ctx.Value(forwardingKey{}).(*Forwarding); ok {
		return *f, true
	}
	return Forwarding{}, false
}

// carriedForward returns the forwarding set by WithForwarding.
func (r *Request) carriedForward() (forwardInfo, bool) {
	f, ok := r.h().Context().Value(forwardingKey{}).(*Forwarding)
	if !ok {
		return forwardInfo{}, false
	}
	return forwardInfo{addr: f.Addr, proto: f.Proto, host: f.Host, n: f.n, stop: f.stop, carried: true}, true
}

// carriesForwarding reports whether the request carries a Forwarding
// (WithForwarding); the answer is cached with the rest of forward().
func (r *Request) carriesForwarding() bool { return r.forward().carried }
