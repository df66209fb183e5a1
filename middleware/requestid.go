package middleware

import (
	"context"
	"crypto/rand"
	"net/http"
	"net/netip"
	"strconv"
	"sync/atomic"
)

// DefaultRequestIDHeader is the header field RequestID reads and writes
// unless RequestIDOptions.Header names another.
const DefaultRequestIDHeader = "X-Request-Id"

// MaxRequestIDLen is the longest incoming request ID RequestID accepts.
const MaxRequestIDLen = 128

// RequestIDOptions configures RequestID. The zero value (and nil) means
// the defaults stated on each field.
type RequestIDOptions struct {
	// Header is the field the ID is read from and sent in; "" means
	// X-Request-Id.
	Header string

	// IgnoreIncoming makes RequestID always make a new ID, for servers
	// whose clients are not trusted to name their requests. By default a
	// valid incoming ID is kept, so that an ID set by a proxy or a calling
	// service follows the request through.
	IgnoreIncoming bool

	// TrustedProxies, when not empty, keeps an incoming ID only from a
	// connection whose peer address is in one of these networks (the
	// proxies or services that set it); other requests get a new ID.
	// Empty keeps a valid incoming ID from anyone.
	TrustedProxies []netip.Prefix

	// Generate, when set, makes new IDs instead of the built-in generator.
	// An ID it returns that is not valid (see RequestID) is replaced by a
	// built-in one.
	Generate func() string
}

// RequestID gives every request an ID: the one that came in the request's
// X-Request-Id field (or RequestIDOptions.Header) when it is valid (and
// sent by a trusted peer, if RequestIDOptions.TrustedProxies is set) — 1 to
// 128 bytes of A-Z a-z 0-9 and "._:-" and a single field line — or else a
// new one. An invalid incoming value is replaced, never echoed, so a
// client cannot put markup or line breaks into logs or responses through
// it. The ID is set on the response header before the wrapped handler
// runs and put in the request's context, where RequestIDFrom finds it;
// AccessLog logs it and Recover shows it with its 500.
//
// No RFC defines the field; X-Request-Id is the common convention (Heroku,
// nginx's $request_id, Rails). New IDs are a random prefix drawn once per process from crypto/rand
// followed by a counter ("c8ulh3q1kfs2ivbh-1f"): unique without a system
// call per request, but not secret (a client can tell how many requests
// came before its own). Use Generate for another scheme.
func RequestID(opts *RequestIDOptions) func(http.Handler) http.Handler {
	var o RequestIDOptions
	if opts != nil {
		o = *opts
	}
	key := DefaultRequestIDHeader
	if o.Header != "" {
		key = http.CanonicalHeaderKey(o.Header)
	}
	return func(next http.Handler) http.Handler {
		return &requestID{next: next, key: key, ignore: o.IgnoreIncoming, gen: o.Generate, trusted: o.TrustedProxies}
	}
}

type requestID struct {
	next   http.Handler
	key    string
	ignore bool
	gen    func() string
	// trusted, when not empty, are the peers whose IDs are kept.
	trusted []netip.Prefix
}

// trustedPeer reports whether r's peer may name the request.
func (m *requestID) trustedPeer(r *http.Request) bool {
	if len(m.trusted) == 0 {
		return true
	}
	a, err := netip.ParseAddr(hostOnly(r.RemoteAddr))
	if err != nil {
		return false
	}
	a = a.Unmap()
	for _, p := range m.trusted {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// ridValue is what RequestID puts in the context; it also backs the
// response header's value slice, so that both cost one allocation.
type ridValue struct {
	id   string
	line [1]string
}

type ridKey struct{}

func (m *requestID) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	v := new(ridValue)
	if !m.ignore && m.trustedPeer(r) {
		if in := r.Header[m.key]; len(in) == 1 && ValidRequestID(in[0]) {
			v.id = in[0]
		}
	}
	if v.id == "" && m.gen != nil {
		if id := m.gen(); ValidRequestID(id) {
			v.id = id
		}
	}
	if v.id == "" {
		v.id = newRequestID()
	}
	v.line[0] = v.id
	w.Header()[m.key] = v.line[:]
	m.next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), ridKey{}, v)))
}

// RequestIDFrom returns the request ID that RequestID put in ctx, or "".
func RequestIDFrom(ctx context.Context) string {
	if v, ok := ctx.Value(ridKey{}).(*ridValue); ok {
		return v.id
	}
	return ""
}

// ValidRequestID reports whether id is acceptable as a request ID: 1 to
// MaxRequestIDLen bytes, each an ASCII letter or digit or one of "._:-".
func ValidRequestID(id string) bool {
	if id == "" || len(id) > MaxRequestIDLen {
		return false
	}
	for i := 0; i < len(id); i++ {
		if !idChar[id[i]] {
			return false
		}
	}
	return true
}

var idChar = alnumAnd("._:-")

// idPrefix is drawn once per process: 10 random bytes in base32 (the
// alphabet strconv uses for base 32, so the counter matches it).
var idPrefix = func() string {
	var raw [10]byte
	_, _ = rand.Read(raw[:]) // crypto/rand.Read never fails (Go 1.24+)
	const digits = "0123456789abcdefghijklmnopqrstuv"
	var out [16]byte
	var acc uint64
	bits, j := 0, 0
	for _, c := range raw {
		acc = acc<<8 | uint64(c)
		bits += 8
		for bits >= 5 {
			bits -= 5
			out[j] = digits[(acc>>bits)&31]
			j++
		}
	}
	return string(out[:j])
}()

var idCounter atomic.Uint64

// newRequestID returns idPrefix, "-" and the next counter value in base
// 32.
func newRequestID() string {
	var buf [16 + 1 + 13]byte
	b := append(buf[:0], idPrefix...)
	b = append(b, '-')
	b = strconv.AppendUint(b, idCounter.Add(1), 32)
	return string(b)
}
