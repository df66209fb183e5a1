package middleware

import (
	"context"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"unsafe"

	"github.com/webob-go/webob/headers"
	"github.com/webob-go/webob/webob"
)

// ProxyOptions configures ProxyHeaders. The zero value (and nil) reads
// X-Forwarded-For and X-Forwarded-Proto as written by one proxy, as
// Werkzeug's ProxyFix does by default.
type ProxyOptions struct {
	// Forwarded says that the proxies write the RFC 7239 Forwarded
	// header: its for=, proto= and host= are read, and X-Forwarded-For,
	// -Proto, -Host and -Port are ignored, whatever a client sent. By
	// default X-Forwarded-* are read and Forwarded is ignored: the two
	// kinds are never mixed, as a proxy that writes one passes the
	// client's other on unchanged.
	Forwarded bool

	// TrustedProxies lists the networks of the proxies. When set, the
	// headers are read only when the connection's peer is in one of
	// them, and from the right: skipping trusted addresses, the first
	// untrusted one is the client (webob.Request.ClientAddr's rules;
	// the same code does it). The counts below then only say which
	// headers are read (non-zero: read it).
	TrustedProxies []netip.Prefix

	// For, Proto, Host, Port and Prefix are the numbers of proxies that
	// write X-Forwarded-For, -Proto, -Host, -Port and -Prefix, as
	// ProxyFix's x_for, x_proto, x_host, x_port and x_prefix: without
	// TrustedProxies, the value taken is the Nth from the right, and a
	// header with fewer than N entries is ignored; zero ignores the
	// header. When all five are zero, For and Proto are 1. With
	// Forwarded, For, Proto and Host count Forwarded elements, Port does
	// not apply (host= carries the port) and Prefix still names
	// X-Forwarded-Prefix, which has no Forwarded parameter.
	For, Proto, Host, Port, Prefix int
}

// Original is the request as it reached ProxyHeaders, before the
// forwarding headers were applied (see OriginalRequest).
type Original struct {
	// RemoteAddr is the connection's peer: the nearest proxy.
	RemoteAddr string
	// Host is the Host header as received.
	Host string
	// Scheme is "https" when the connection used TLS, else "http".
	Scheme string
	// ScriptName is the mount prefix before X-Forwarded-Prefix
	// (escaped; see webob.ScriptNameFrom).
	ScriptName string
}

type originalKey struct{}

// proxyState is the one block ProxyHeaders allocates per request beyond
// the request copy: the context that carries the original values and the
// webob.Forwarding (answering OriginalRequest and webob.ForwardingFrom
// without a context.WithValue or webob.WithForwarding of its own), the
// copy of the URL, and the bytes of the new RemoteAddr.
type proxyState struct {
	ctx  proxyCtx
	u    url.URL
	addr [48]byte // "[" + the longest IPv6 text + "]:0"; a zone may need more
}

// proxyCtx is its parent context plus the webob.Forwarding (the
// embedded webob.ForwardingContext answers webob's key) and the original
// values.
type proxyCtx struct {
	webob.ForwardingContext
	orig Original
}

// Value answers the originalKey, and asks the ForwardingContext (which
// answers webob's forwarding key and asks the parent) for other keys.
func (c *proxyCtx) Value(key any) any {
	if key == (originalKey{}) {
		return &c.orig
	}
	return c.ForwardingContext.Value(key)
}

// OriginalRequest returns what ProxyHeaders replaced in the request
// whose context is ctx: the peer's address, the Host and scheme of the
// connection, the mount prefix. ok is false when ProxyHeaders did not
// handle the request.
func OriginalRequest(ctx context.Context) (o Original, ok bool) {
	p, ok := ctx.Value(originalKey{}).(*Original)
	if !ok {
		return Original{}, false
	}
	return *p, true
}

// ProxyHeaders returns middleware that applies what the proxies in front
// of the server report — the client's address, scheme, host, port and
// mount prefix — to the request, as Werkzeug's ProxyFix does, with RFC
// 7239 Forwarded support (ProxyFix has none) and trusted networks as
// well as hop counts (see ProxyOptions).
//
// For the wrapped handler:
//   - RemoteAddr becomes the client's address with port 0
//     ("203.0.113.7:0", "[2001:db8::7]:0", so that net.SplitHostPort
//     still works), or "unknown" when the proxy named the client
//     "unknown" or by an obfuscated identifier;
//   - Host and URL.Host become the forwarded host (with X-Forwarded-Port
//     applied), URL.Scheme the forwarded scheme (or the connection's);
//     r.TLS is left as it is, as it describes the connection to the
//     proxy: read URL.Scheme for the client's scheme;
//   - X-Forwarded-Prefix is added to the mount prefix
//     (webob.WithScriptName), the path itself is left alone;
//   - OriginalRequest(ctx) gives the values replaced.
//
// webob.Requests made downstream report the same values (ClientAddr,
// Scheme, Host, ApplicationURL): ProxyHeaders computes them with webob's
// own functions (webob.ResolveForwarding) and carries them in the context
// (a webob.ForwardingContext, as webob.WithForwarding makes), which also
// stops those Requests from applying the forwarding headers a second
// time, whatever their Options.TrustedProxies. The headers themselves are
// left in place for logging. A second ProxyHeaders on the same request
// passes it on unchanged.
//
// The client is the right-most address not written by a trusted proxy;
// peers that took the left-most X-Forwarded-For entry (gorilla/handlers
// ProxyHeaders, chi's RealIP) let any client choose its address.
// Forwarded values that fail validation are ignored: a proto other than
// http or https, a host with bytes outside RFC 3986's, a port that is not
// 1 to 65535, a prefix that is not an absolute path. A malformed
// Forwarded or X-Forwarded-For from a trusted proxy is answered 400 with
// webob's negotiated error page, naming the header.
func ProxyHeaders(opts *ProxyOptions) func(http.Handler) http.Handler {
	var o ProxyOptions
	if opts != nil {
		o = *opts
		o.TrustedProxies = append([]netip.Prefix(nil), opts.TrustedProxies...)
	}
	if o.For <= 0 && o.Proto <= 0 && o.Host <= 0 && o.Port <= 0 && o.Prefix <= 0 {
		o.For, o.Proto = 1, 1
	}
	p := &proxy{o: o}
	if len(o.TrustedProxies) > 0 {
		p.wo = &webob.Options{TrustedProxies: o.TrustedProxies}
		if o.Forwarded {
			p.wo.ProxyHeaders = webob.ProxyForwarded
		} else {
			if o.For > 0 {
				p.wo.ProxyHeaders |= webob.ProxyXForwardedFor
			}
			if o.Proto > 0 {
				p.wo.ProxyHeaders |= webob.ProxyXForwardedProto
			}
			if o.Host > 0 {
				p.wo.ProxyHeaders |= webob.ProxyXForwardedHost
			}
		}
		if p.wo.ProxyHeaders == 0 {
			// Only Port or Prefix: read X-Forwarded-For for the position
			// of the client only; its address is not used.
			p.wo.ProxyHeaders = webob.ProxyXForwardedFor
			p.addrOff = true
		}
	} else {
		p.hops = webob.ForwardingHops{Forwarded: o.Forwarded, For: max(o.For, 0), Proto: max(o.Proto, 0), Host: max(o.Host, 0)}
	}
	return func(next http.Handler) http.Handler {
		return &proxyHandler{p: p, next: next}
	}
}

type proxy struct {
	o       ProxyOptions
	wo      *webob.Options       // trusted-network mode
	hops    webob.ForwardingHops // hop-count mode
	addrOff bool                 // the address found is not to be used
}

type proxyHandler struct {
	p    *proxy
	next http.Handler
}

func (h *proxyHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if _, done := webob.ForwardingFrom(ctx); done {
		h.next.ServeHTTP(w, r)
		return
	}
	p := h.p
	var fw webob.Forwarding
	var err error
	var port, prefix string
	if p.wo != nil {
		fw, err = webob.ResolveForwarding(r, p.wo)
		if p.addrOff || p.o.For <= 0 {
			fw.Addr = netip.Addr{}
		}
		if p.o.Port > 0 && !p.o.Forwarded {
			port = fw.PickXForwarded(r.Header["X-Forwarded-Port"])
		}
		if p.o.Prefix > 0 {
			prefix = fw.PickXForwarded(r.Header["X-Forwarded-Prefix"])
		}
	} else {
		fw, err = webob.ResolveForwardingHops(r, p.hops)
		if p.o.For <= 0 {
			fw.Addr = netip.Addr{}
		}
		if p.o.Port > 0 && !p.o.Forwarded {
			port = nthFromRight(r.Header["X-Forwarded-Port"], p.o.Port)
		}
		if p.o.Prefix > 0 {
			prefix = nthFromRight(r.Header["X-Forwarded-Prefix"], p.o.Prefix)
		}
	}
	if err != nil {
		serveError(w, r, err)
		return
	}
	h.next.ServeHTTP(w, h.apply(r, fw, port, prefix))
}

// apply returns r with the forwarding applied (see ProxyHeaders). The
// caller's request is never modified: WithContext makes the one copy of
// it, and the URL is copied into the proxyState.
func (h *proxyHandler) apply(r *http.Request, fw webob.Forwarding, port, prefix string) *http.Request {
	p := h.p
	ctx := r.Context()
	st := new(proxyState)
	orig := &st.ctx.orig
	*orig = Original{RemoteAddr: r.RemoteAddr, Host: r.Host, Scheme: "http", ScriptName: webob.ScriptNameFrom(ctx)}
	if r.TLS != nil {
		orig.Scheme = "https"
	}

	// The peer's own address (not trusted, or too few entries) leaves
	// RemoteAddr as it is.
	remote := r.RemoteAddr
	peer := peerOf(remote)
	switch {
	case p.addrOff || p.o.For <= 0:
	case fw.Addr.IsValid() && fw.Addr != peer:
		// st.addr is written once, here, and never again.
		remote = ownedString(netip.AddrPortFrom(fw.Addr, 0).AppendTo(st.addr[:0]))
	case !fw.Addr.IsValid() && peer.IsValid():
		// The proxy named the client "unknown" or by an obfuscated
		// identifier.
		remote = "unknown"
	}
	host := r.Host
	if fw.Host != "" {
		host = fw.Host
	}
	if port = validPort(port); port != "" {
		host = withPort(host, port)
	}
	scheme := orig.Scheme
	if fw.Proto != "" {
		scheme = fw.Proto
	}
	fw.Host, fw.Proto = host, scheme
	if !fw.Addr.IsValid() {
		fw.Addr = peerOf(remote)
	}
	if prefix = validPrefix(prefix); prefix != "" {
		ctx = webob.WithScriptName(ctx, prefix+orig.ScriptName)
	}
	st.ctx.Context, st.ctx.Forwarding = ctx, fw
	r2 := r.WithContext(&st.ctx)
	u := &st.u
	*u = *r.URL
	u.Host, u.Scheme = host, scheme
	r2.URL, r2.RemoteAddr, r2.Host = u, remote, host
	return r2
}

// ownedString returns b as a string without copying. b must be a buffer
// the caller allocated and never touches again (as strings.Builder does).
func ownedString(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) }

// peerOf parses RemoteAddr ("ip:port" or a bare IP).
func peerOf(s string) netip.Addr {
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return ap.Addr().Unmap()
	}
	if a, err := netip.ParseAddr(s); err == nil {
		return a.Unmap()
	}
	return netip.Addr{}
}

// nthFromRight returns the Nth entry from the right of an X-Forwarded
// list, or "" when there are fewer.
func nthFromRight(lines []string, n int) string {
	list := headers.ParseXForwardedList(lines)
	if n <= 0 || len(list) < n {
		return ""
	}
	return list[len(list)-n]
}

// validPort returns p when it is a port number from 1 to 65535.
func validPort(p string) string {
	if p == "" || len(p) > 5 {
		return ""
	}
	n, err := strconv.Atoi(p)
	if err != nil || n < 1 || n > 65535 || p[0] == '+' || p[0] == '-' {
		return ""
	}
	return p
}

// withPort replaces the port of host[:port] by port.
func withPort(host, port string) string {
	name := host
	if i := strings.LastIndexByte(host, ':'); i >= 0 && strings.LastIndexByte(host, ']') < i {
		if strings.HasPrefix(host, "[") || strings.Count(host, ":") == 1 {
			name = host[:i]
		}
	}
	return name + ":" + port
}

// prefixChar marks the bytes allowed in an escaped path.
var prefixChar = alnumAnd("-._~!$&'()*+,;=:@/%")

// validPrefix returns an X-Forwarded-Prefix value as an escaped mount
// prefix without a trailing slash, or "" when it is not an absolute
// path (or is "/").
func validPrefix(s string) string {
	if len(s) < 2 || s[0] != '/' || s[1] == '/' || len(s) > 1024 {
		return ""
	}
	for i := 0; i < len(s); i++ {
		if !prefixChar[s[i]] {
			return ""
		}
	}
	if _, err := url.PathUnescape(s); err != nil {
		return ""
	}
	return strings.TrimRight(s, "/")
}

// serveError answers err with webob's negotiated error response.
func serveError(w http.ResponseWriter, r *http.Request, err error) {
	webob.HandlerFunc(func(*webob.Request) (*webob.Response, error) { return nil, err }).ServeHTTP(w, r)
}
