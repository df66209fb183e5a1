package webob

import (
	"context"
	"net/http"
	"net/netip"
	"net/url"

	"github.com/webob-go/webob/multipart"
)

// Defaults applied when the matching Options field is zero.
const (
	// DefaultMaxBodyBytes is the most bytes Body, Text, JSON and the form
	// parsers read from a request body: 10 MiB.
	DefaultMaxBodyBytes = 10 << 20
	// DefaultMaxParams is the most name=value pairs read from a query
	// string or a urlencoded body.
	DefaultMaxParams = 10000
	// DefaultMaxSliceIndex is the largest slice index Bind accepts in a
	// key such as "a[12]" or a numbered key such as "a12".
	DefaultMaxSliceIndex = 1000
)

// Options configures how a Request reads its input. A nil *Options and the
// zero value both mean the defaults. Options are read, never changed, by
// the requests that use them, so one value may be shared by every request
// of a server.
type Options struct {
	// TrustedProxies lists the networks of the proxies whose Forwarded,
	// X-Forwarded-For, X-Forwarded-Proto and X-Forwarded-Host fields are
	// believed (those ProxyHeaders names). Empty (the default) trusts
	// none: the client is the connection's peer and the scheme comes from
	// TLS alone.
	TrustedProxies []netip.Prefix

	// ProxyHeaders names the forwarding headers the trusted proxies
	// write: ProxyForwarded, ProxyXForwarded, or single X-Forwarded
	// fields (ProxyXForwardedFor | ProxyXForwardedProto, say, for a proxy
	// that sets those two and passes a client's X-Forwarded-Host on).
	// Headers not named are ignored. Zero (ProxyHeadersAuto) reads the
	// kind that is present and, when a request carries both Forwarded and
	// an X-Forwarded field, believes neither (see ClientAddr). It matters
	// only with TrustedProxies.
	ProxyHeaders ProxyHeaders

	// MaxBodyBytes is the most bytes read from a request body by Body,
	// Text, JSON, Bind and the form parsers; 0 means DefaultMaxBodyBytes
	// and a negative value means no limit. A larger body fails with an
	// error that maps to 413 Content Too Large.
	MaxBodyBytes int64

	// MaxParams is the most name=value pairs read from the query string
	// or a urlencoded body, and the most slice items Bind makes (a value
	// split by a delimiter tag counts once per item); 0 means
	// DefaultMaxParams and a negative value means no limit. One more pair
	// or item fails with a limit error; it is never silently dropped.
	MaxParams int64

	// MaxSliceIndex is the largest index Bind accepts for slice fields
	// ("a[12]", or "a12" for numbered fields); 0 means
	// DefaultMaxSliceIndex.
	MaxSliceIndex int

	// DisallowUnknownKeys makes Bind fail on parameters that match no
	// field (ErrUnknownKey); by default they are ignored.
	DisallowUnknownKeys bool

	// FormLimits bounds the reading of multipart/form-data bodies (parts,
	// files, sizes, disk use); nil means the multipart package's
	// defaults. Its MaxParams is replaced by Options.MaxParams when
	// that is set. MaxBodyBytes bounds multipart bodies too: of it and
	// FormLimits.MaxBodyBytes the smaller applies, so raising one alone
	// does not admit larger uploads.
	FormLimits *multipart.Limits
}

var defaultOptions Options

func (o *Options) maxBodySize() int64 {
	switch {
	case o.MaxBodyBytes == 0:
		return DefaultMaxBodyBytes
	case o.MaxBodyBytes < 0:
		return -1
	}
	return o.MaxBodyBytes
}

// Request is an HTTP request with WebOb's accessors: URL pieces, the
// client address, typed headers, query and form parameters, the body,
// struct binding, cookies and content negotiation.
//
// Make one with NewRequest, Blank or ParseRequest, or get one from the
// adapters. The zero Request is usable and stands for "GET /" with no
// header fields, no body and the default Options.
//
// It wraps an *http.Request, reachable through HTTP for anything not
// covered here. Wrapping parses nothing; each accessor parses what it
// needs on first use and caches the result, so later calls are cheap.
// Lazy accessors never fail: a malformed header gives its zero or invalid
// value. Beside each one a Parse method returns the error for callers who
// care, as net/http pairs FormValue with ParseForm.
//
// The caches are filled from the wrapped request when first consulted;
// changes made directly to the *http.Request afterwards are not seen by
// values already cached. A Request must not be used by several goroutines
// at once, like the *http.Request it wraps.
type Request struct {
	hr   *http.Request
	opts *Options

	// negotiated records which negotiation headers were consulted
	// (negAccept, ...), for NegotiatedHeaders.
	negotiated uint8

	// done marks the lazily computed fields that are filled in (doneX).
	done uint32

	// URL pieces (urls.go). script and info are the mount prefix and the
	// remaining path, escaped as in a URL.
	script, info string

	// forwarding information from trusted proxies (clientaddr.go)
	fwd forwardInfo

	// params (request_params.go)
	query, form, params MultiDict
	queryErr, formErr   error
	files               []*multipart.File
	mform               *multipart.Form // for Cleanup

	// body (request_body.go)
	body     []byte
	bodyErr  error
	bodyGone bool // streamed away by BodyReader or a multipart form

	// typed headers, allocated on first use (request_headers.go)
	hc *headerCache

	// resp is the request's own Response (request_response.go).
	resp Response
}

// Bits of Request.done.
const (
	doneURL uint32 = 1 << iota
	donePath
	doneQuery
	doneForm
	doneBody
	doneClient
	doneParams
)

// NewRequest wraps r. It costs O(1) and parses nothing. opts may be nil
// for the defaults; it is kept, not copied, and must not change while the
// request is in use. r must not be nil.
func NewRequest(r *http.Request, opts *Options) *Request {
	if opts == nil {
		opts = &defaultOptions
	}
	return &Request{hr: r, opts: opts}
}

// h returns the wrapped request. A zero Request (not made by NewRequest)
// gets an empty "GET /" HTTP/1.1 request with no header fields and no
// body on first use, so that its methods work rather than panic.
func (r *Request) h() *http.Request {
	if r.hr == nil {
		r.hr = &http.Request{
			Method: http.MethodGet, URL: &url.URL{Path: "/"},
			Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
			Header: http.Header{}, Body: http.NoBody, RequestURI: "/",
		}
	}
	return r.hr
}

// o returns the options, the defaults for a zero Request.
func (r *Request) o() *Options {
	if r.opts == nil {
		return &defaultOptions
	}
	return r.opts
}

// HTTP returns the wrapped *http.Request. Changes made to it after an
// accessor has cached a value are not seen by that accessor.
func (r *Request) HTTP() *http.Request { return r.h() }

// Options returns the options the request was made with (never nil).
func (r *Request) Options() *Options { return r.o() }

// Context returns the request's context.
func (r *Request) Context() context.Context { return r.h().Context() }

// Method returns the request method ("GET" when the wrapped request's
// method is empty, as net/http treats it).
func (r *Request) Method() string {
	if r.h().Method == "" {
		return http.MethodGet
	}
	return r.h().Method
}

// Header returns the request's header fields. Typed accessors read from it
// on first use and cache what they find.
func (r *Request) Header() http.Header { return r.h().Header }

// lines returns the field lines of the header with canonical name key.
func (r *Request) lines(key string) []string { return r.h().Header[key] }

// first returns the first field line of the header with canonical name
// key, or "".
func (r *Request) first(key string) string {
	if v := r.h().Header[key]; len(v) > 0 {
		return v[0]
	}
	return ""
}
