package webob

import (
	"errors"
	"net/netip"

	"github.com/webob-go/webob/headers"
)

// forwardInfo is what the trusted proxies in front of the server report:
// the client address, and the scheme and host the client used.
type forwardInfo struct {
	addr        netip.Addr
	proto, host string
	err         error
	n, stop     int  // X-Forwarded-For entries read, and the one used (forwarding.go)
	carried     bool // from WithForwarding (forwarding.go)
}

// RemoteAddr returns the network address of the connection's peer as the
// server recorded it ("192.0.2.1:1234"), or "" for a request that did not
// come from a connection. It may be a proxy: see ClientAddr.
func (r *Request) RemoteAddr() string { return r.h().RemoteAddr }

// ProxyHeaders names the forwarding headers that the trusted proxies in
// front of the server write (Options.ProxyHeaders). The values combine
// with "|". A header a proxy only passes on is the client's: name just
// those the proxies set, replace or append to. When ProxyForwarded is
// named with X-Forwarded fields (proxies that write both), Forwarded is
// read when present, else the X-Forwarded fields named.
type ProxyHeaders uint8

// Values of ProxyHeaders.
const (
	// ProxyHeadersAuto, the zero value, reads Forwarded when only it is
	// present and the X-Forwarded fields when only they are. When a
	// request carries both kinds, neither is believed: one of them came
	// from the client through a proxy that wrote the other, and there is
	// no telling which. The peer address and the request's own Host and
	// scheme are used, and ParseClientAddr reports ErrAmbiguousForwarding.
	ProxyHeadersAuto ProxyHeaders = 0
	// ProxyForwarded: the proxies append to Forwarded (RFC 7239), whose
	// for=, proto= and host= are read.
	ProxyForwarded ProxyHeaders = 1 << (iota - 1)
	// ProxyXForwardedFor: the proxies append to X-Forwarded-For.
	ProxyXForwardedFor
	// ProxyXForwardedProto: the proxies set X-Forwarded-Proto.
	ProxyXForwardedProto
	// ProxyXForwardedHost: the proxies set X-Forwarded-Host.
	ProxyXForwardedHost
	// ProxyXForwarded: the proxies write X-Forwarded-For,
	// X-Forwarded-Proto and X-Forwarded-Host (Forwarded is ignored).
	ProxyXForwarded = ProxyXForwardedFor | ProxyXForwardedProto | ProxyXForwardedHost
)

// ErrAmbiguousForwarding reports a request from a trusted proxy that
// carries both Forwarded and an X-Forwarded field while
// Options.ProxyHeaders does not say which one the proxies write: neither
// is believed.
var ErrAmbiguousForwarding = errors.New("webob: forwarding: both Forwarded and X-Forwarded-* present; set Options.ProxyHeaders")

// ClientAddr returns the address of the client that sent the request.
//
// By default it is the connection's peer (RemoteAddr): Forwarded and
// X-Forwarded-For are sent by clients as easily as by proxies and are not
// believed. With Options.TrustedProxies, and when the peer is one of
// them, the forwarding header is read from the right (the entry added by
// the nearest proxy) leftwards, skipping the addresses of trusted
// proxies; the first address that is not trusted is the client. The
// left-most entry, which the client wrote itself, is used only when every
// other hop is trusted.
//
// Which header is read is Options.ProxyHeaders: Forwarded (RFC 7239) or
// X-Forwarded-For. Left to ProxyHeadersAuto, the one present is read;
// when both kinds are present neither is believed and the peer's address
// is returned, as a proxy that appends to one passes a client's other on
// unchanged (nginx with proxy_add_x_forwarded_for forwards a client's
// Forwarded as it came).
//
// It returns the zero Addr when the address is unknown: RemoteAddr is not
// an IP address, or the trusted hop names its client "unknown" or by an
// obfuscated identifier. IPv4-mapped IPv6 addresses are unmapped. When
// the forwarding header is malformed, the peer's address is returned (see
// ParseClientAddr for the error).
func (r *Request) ClientAddr() netip.Addr { return r.forward().addr }

// ParseClientAddr is ClientAddr that also returns the error of a
// malformed Forwarded or X-Forwarded-For header sent by a trusted proxy
// (wrapping headers.ErrInvalidForwarded), or ErrAmbiguousForwarding when
// both kinds arrived and Options.ProxyHeaders chose neither: in both cases
// a *HeaderError naming the field (answered 400).
func (r *Request) ParseClientAddr() (netip.Addr, error) {
	f := r.forward()
	if f.err != nil {
		field := "X-Forwarded-For"
		if len(r.lines("Forwarded")) > 0 {
			field = "Forwarded"
		}
		return f.addr, &HeaderError{Field: field, Err: f.err}
	}
	return f.addr, nil
}

// peerAddr parses RemoteAddr: "ip:port", "[ipv6]:port" or a bare IP.
func peerAddr(s string) netip.Addr {
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return ap.Addr().Unmap()
	}
	if a, err := netip.ParseAddr(s); err == nil {
		return a.Unmap()
	}
	return netip.Addr{}
}

func (o *Options) trusted(a netip.Addr) bool {
	if !a.IsValid() {
		return false
	}
	for _, p := range o.TrustedProxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// forward computes the forwarding information once.
func (r *Request) forward() *forwardInfo {
	if r.done&doneClient == 0 {
		r.done |= doneClient
		r.fwd = r.computeForward()
	}
	return &r.fwd
}

func (r *Request) computeForward() forwardInfo {
	if f, ok := r.carriedForward(); ok { // set by middleware (forwarding.go)
		return f
	}
	peer := peerAddr(r.h().RemoteAddr)
	f := forwardInfo{addr: peer}
	if len(r.o().TrustedProxies) == 0 || !r.o().trusted(peer) {
		return f
	}
	use := r.o().ProxyHeaders
	if use == ProxyHeadersAuto {
		fwd := len(r.lines("Forwarded")) > 0
		xf := len(r.lines("X-Forwarded-For")) > 0 || len(r.lines("X-Forwarded-Proto")) > 0 ||
			len(r.lines("X-Forwarded-Host")) > 0
		switch {
		case fwd && xf:
			f.err = ErrAmbiguousForwarding
			return f
		case fwd:
			use = ProxyForwarded
		case xf:
			use = ProxyXForwarded
		default:
			return f
		}
	}
	if use&ProxyForwarded != 0 {
		if lines := r.lines("Forwarded"); len(lines) > 0 {
			return r.walkForwarded(f, peer, lines)
		}
	}
	return r.walkXForwarded(f, use)
}

// walkForwarded reads a Forwarded header written by trusted proxies.
func (r *Request) walkForwarded(f forwardInfo, peer netip.Addr, lines []string) forwardInfo {
	els, err := headers.ParseForwarded(lines)
	if err != nil {
		f.err = err
		return f
	}
	// Walk from the nearest proxy's element leftwards. Element i was
	// added by a proxy we trust; its for= is that proxy's client.
	for i := len(els) - 1; i >= 0; i-- {
		el := els[i]
		if el.Proto != "" {
			f.proto = el.Proto
		}
		if el.Host != "" {
			f.host = el.Host
		}
		if el.For == "" {
			f.addr = netip.Addr{}
			break
		}
		n, err := headers.ParseNode(el.For)
		if err != nil {
			return forwardInfo{addr: peer, err: err}
		}
		f.addr = n.Addr.Unmap()
		if !r.o().trusted(f.addr) {
			break
		}
	}
	f.proto, f.host = cleanProto(f.proto), cleanHost(f.host)
	return f
}

// walkXForwarded reads the X-Forwarded fields named in use.
func (r *Request) walkXForwarded(f forwardInfo, use ProxyHeaders) forwardInfo {
	n, stop := 0, -1
	if use&ProxyXForwardedFor != 0 {
		lines := r.lines("X-Forwarded-For")
		if len(lines) > 0 {
			nodes, err := headers.ParseXForwardedFor(lines)
			if err != nil {
				f.err = err
				return f
			}
			for i := len(nodes) - 1; i >= 0; i-- {
				stop = i
				f.addr = nodes[i].Addr.Unmap()
				if !r.o().trusted(f.addr) {
					break
				}
			}
			n = len(nodes)
		}
	}
	f.n, f.stop = n, stop
	if use&ProxyXForwardedProto != 0 {
		f.proto = cleanProto(pickForwarded(headers.ParseXForwardedList(r.lines("X-Forwarded-Proto")), n, stop))
	}
	if use&ProxyXForwardedHost != 0 {
		f.host = cleanHost(pickForwarded(headers.ParseXForwardedList(r.lines("X-Forwarded-Host")), n, stop))
	}
	return f
}

// pickForwarded picks the X-Forwarded-Proto or -Host entry that goes with
// X-Forwarded-For entry stop: the matching entry when the lists have the
// same length, else the right-most one, which a trusted proxy wrote.
func pickForwarded(list []string, n, stop int) string {
	if len(list) == 0 {
		return ""
	}
	if len(list) == n && stop >= 0 {
		return list[stop]
	}
	return list[len(list)-1]
}

// cleanProto accepts "http" and "https" (in any case) and nothing else.
func cleanProto(p string) string {
	switch {
	case headers.EqualFold(p, "https"):
		return "https"
	case headers.EqualFold(p, "http"):
		return "http"
	}
	return ""
}

// hostChar marks the bytes allowed in a forwarded host: those of
// RFC 3986 reg-name, IP literals and a port.
var hostChar = alnumPlus("-._~!$&'()*+,;=:[]%")

// alnumPlus returns a byte table of ASCII letters, digits and extra.
func alnumPlus(extra string) (t [256]bool) {
	for c := 'a'; c <= 'z'; c++ {
		t[c] = true
	}
	for c := 'A'; c <= 'Z'; c++ {
		t[c] = true
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = true
	}
	for _, c := range extra {
		t[c] = true
	}
	return t
}

// cleanHost returns h when it is a plausible host[:port], else "".
func cleanHost(h string) string {
	if h == "" || len(h) > 255 {
		return ""
	}
	for i := 0; i < len(h); i++ {
		if !hostChar[h[i]] {
			return ""
		}
	}
	return h
}
