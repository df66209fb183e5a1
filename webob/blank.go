package webob

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"

	"github.com/google/go-querystring/query"

	"github.com/webob-go/webob/headers"
	"github.com/webob-go/webob/multipart"
)

// ErrBlank wraps the errors of Blank: a target or option that cannot make
// a valid request.
var ErrBlank = errors.New("webob: cannot build request")

// A BlankOption configures a request built by Blank.
type BlankOption func(*blank) error

// blank collects the options of one Blank call.
type blank struct {
	method  string
	header  http.Header
	query   []Field
	form    []Field
	files   []blankFile
	hasForm bool
	body    []byte
	hasBody bool
	ctype   string
	base    *url.URL
	remote  string
	ctx     context.Context
	opts    *Options
}

type blankFile struct {
	field, filename, ctype string
	content                []byte
}

// Blank builds a request for tests and tools, as WebOb's Request.blank
// does: no server and no network. target is a path with an optional query
// ("/items?page=2", "?page=2"; a leading "//" is part of the path, as in a
// request line) or a full URL ("https://example.com:8443/x"); an empty
// path is "/" (RFC 9110 §4.2.3), and a fragment is dropped. With
// WithMethod("OPTIONS") the target may be "*" (asterisk-form), and with
// WithMethod("CONNECT") it may be "host:port" (authority-form), as in
// RFC 9112 §3.2. An empty port ("http://example.com:/x") is dropped
// (RFC 3986 §6.2.3). The defaults are WebOb's: method GET, Host
// "localhost:80", scheme http (https for an https URL, with a TLS
// connection state as httptest sets it), protocol HTTP/1.1 and no body.
//
// When a body is given (WithForm, WithFile, WithJSON, WithBody) and the method is GET
// or HEAD, the method becomes POST, as in WebOb; other methods are kept.
// Errors wrap ErrBlank.
func Blank(target string, opts ...BlankOption) (*Request, error) {
	b := blank{method: http.MethodGet, header: make(http.Header)}
	for _, o := range opts {
		if err := o(&b); err != nil {
			return nil, blankErr(err)
		}
	}
	return b.build(target)
}

// MustBlank is Blank that panics on error, for tests whose targets and
// options are constants.
func MustBlank(target string, opts ...BlankOption) *Request {
	r, err := Blank(target, opts...)
	if err != nil {
		panic(err)
	}
	return r
}

func blankErr(err error) error {
	if errors.Is(err, ErrBlank) {
		return err
	}
	return detail(ErrBlank, "", err)
}

// WithMethod sets the request method (a token such as "PUT").
func WithMethod(m string) BlankOption {
	return func(b *blank) error {
		if !headers.ValidToken(m) {
			return detail(ErrBlank, "invalid method "+strconv.Quote(m), nil)
		}
		b.method = m
		return nil
	}
}

// WithHeader adds a header field. A name that is not a token, or a value with
// CR, LF or NUL, is an error. A Host field becomes the request's host
// (Request.Host, Request.URL), as net/http keeps it outside the header;
// it overrides the default and WithBaseURL's host, must agree with the
// host of a full-URL target, and must be host[:port].
func WithHeader(name, value string) BlankOption {
	return func(b *blank) error {
		if err := headers.CheckField(name, value); err != nil {
			return err
		}
		b.header.Add(name, value)
		return nil
	}
}

// WithCookie adds a cookie to the Cookie header.
func WithCookie(name, value string) BlankOption {
	return func(b *blank) error {
		if !headers.ValidToken(name) || !headers.ValidFieldValue(value) || strings.ContainsAny(value, ";\"\\") {
			return detail(ErrBlank, "invalid cookie "+strconv.Quote(name), nil)
		}
		if c := b.header.Get("Cookie"); c != "" {
			b.header.Set("Cookie", c+"; "+name+"="+value)
		} else {
			b.header.Set("Cookie", name+"="+value)
		}
		return nil
	}
}

// toFields turns a parameter source into fields: a struct or pointer to
// struct (through go-querystring's `url` tags, keys sorted), url.Values
// (keys sorted), *MultiDict or []Field (order kept), or
// map[string]string (keys sorted).
func toFields(v any) ([]Field, error) {
	switch v := v.(type) {
	case nil:
		return nil, nil
	case *MultiDict:
		return append([]Field(nil), v.Fields()...), nil
	case MultiDict:
		return append([]Field(nil), v.fields...), nil
	case []Field:
		return append([]Field(nil), v...), nil
	case url.Values:
		return MultiDictFromValues(v).fields, nil
	case map[string]string:
		uv := make(url.Values, len(v))
		for k, s := range v {
			uv.Set(k, s)
		}
		return MultiDictFromValues(uv).fields, nil
	}
	uv, err := query.Values(v)
	if err != nil {
		return nil, err
	}
	return MultiDictFromValues(uv).fields, nil
}

// WithQuery adds parameters to the query string, after any the target has.
// v is a struct (encoded by go-querystring from its `url` tags, the same
// tags Bind reads), url.Values, *MultiDict, []Field or map[string]string.
func WithQuery(v any) BlankOption {
	return func(b *blank) error {
		fs, err := toFields(v)
		if err != nil {
			return err
		}
		b.query = append(b.query, fs...)
		return nil
	}
}

// WithForm sets an urlencoded form body (or the fields of a multipart body
// when WithFile is also given). v is as for WithQuery.
func WithForm(v any) BlankOption {
	return func(b *blank) error {
		fs, err := toFields(v)
		if err != nil {
			return err
		}
		b.form = append(b.form, fs...)
		b.hasForm = true
		return nil
	}
}

// WithFile adds an uploaded file: the body becomes multipart/form-data, with
// the fields of Form and the files in order. contentType "" means
// application/octet-stream.
func WithFile(field, filename, contentType string, content []byte) BlankOption {
	return func(b *blank) error {
		if contentType == "" {
			contentType = "application/octet-stream"
		}
		b.files = append(b.files, blankFile{field, filename, contentType, content})
		b.hasForm = true
		return nil
	}
}

// WithJSON sets a JSON body: v encoded by encoding/json, with
// Content-Type application/json.
func WithJSON(v any) BlankOption {
	return func(b *blank) error {
		body, err := json.Marshal(v)
		if err != nil {
			return err
		}
		b.body, b.hasBody, b.ctype = body, true, "application/json"
		return nil
	}
}

// WithBody sets the body and its Content-Type ("" for none).
func WithBody(contentType string, body []byte) BlankOption {
	return func(b *blank) error {
		if contentType != "" && !headers.SafeFieldValue(contentType) {
			return detail(ErrBlank, "invalid Content-Type", nil)
		}
		b.body, b.hasBody, b.ctype = body, true, contentType
		return nil
	}
}

// WithBaseURL sets the scheme, host and mount prefix the target is relative
// to, as WebOb's base_url does: with WithBaseURL("https://example.com/app"),
// Blank("/items") has ScriptName "/app", PathInfo "/items" and URL
// "https://example.com/app/items". An empty path is no mount prefix.
func WithBaseURL(base string) BlankOption {
	return func(b *blank) error {
		u, err := url.Parse(base)
		if err != nil {
			return err
		}
		if (u.Scheme != "http" && u.Scheme != "https") || !validHostPort(removeEmptyPort(u.Host)) || u.RawQuery != "" || u.Fragment != "" {
			return detail(ErrBlank, "base URL must be http(s)://host[/prefix]", nil)
		}
		b.base = u
		return nil
	}
}

// WithRemoteAddr sets the connection's peer address ("192.0.2.1:1234"). By
// default a built request has none.
func WithRemoteAddr(addr string) BlankOption {
	return func(b *blank) error {
		if peerAddr(addr) == (netip.Addr{}) {
			return detail(ErrBlank, "invalid remote address "+strconv.Quote(addr), nil)
		}
		b.remote = addr
		return nil
	}
}

// WithContext sets the request's context (context.Background by default).
func WithContext(ctx context.Context) BlankOption {
	return func(b *blank) error {
		if ctx == nil {
			return detail(ErrBlank, "nil context", nil)
		}
		b.ctx = ctx
		return nil
	}
}

// WithOptions sets the Options of the built Request.
func WithOptions(o *Options) BlankOption {
	return func(b *blank) error { b.opts = o; return nil }
}

func (b *blank) build(target string) (*Request, error) {
	if target == "" {
		target = "/"
	}
	if !headers.ValidFieldValue(target) || strings.ContainsAny(target, " \t") {
		return nil, detail(ErrBlank, "invalid target "+strconv.Quote(target), nil)
	}
	hostHeader, err := b.hostHeader()
	if err != nil {
		return nil, err
	}
	scheme, host, prefix := "http", "localhost:80", ""
	if b.base != nil {
		scheme, host = b.base.Scheme, removeEmptyPort(b.base.Host)
	}
	var u *url.URL
	requestURI := ""
	ownHost := false // the target names its host: absolute-form or authority-form
	switch {
	case target == "*":
		// asterisk-form (RFC 9112 §3.2.4): OPTIONS for the whole server.
		if b.method != http.MethodOptions {
			return nil, detail(ErrBlank, `target "*" is for OPTIONS only`, nil)
		}
		u, requestURI = &url.URL{Path: "*"}, "*"
	case b.method == http.MethodConnect && !strings.HasPrefix(target, "/"):
		// authority-form (RFC 9112 §3.2.3): CONNECT host:port.
		name, port := splitHost(target)
		if !validHostPort(target) || name == "" || !allDigits(port) {
			return nil, detail(ErrBlank, "CONNECT target must be host:port, got "+strconv.Quote(target), nil)
		}
		u, requestURI, host, ownHost = &url.URL{Host: target}, target, target, true
	default:
		// origin-form or absolute-form. A leading "//" is a path here,
		// as in a request line, not an authority.
		rest, _, _ := strings.Cut(target, "#")
		if rest == "" || rest[0] == '?' {
			rest = "/" + rest // an empty path is "/" (RFC 9110 §4.2.3)
		}
		if u, err = url.ParseRequestURI(rest); err != nil {
			if strings.Contains(rest, "://") {
				return nil, blankErr(err)
			}
			return nil, detail(ErrBlank, "target must be a path starting with / or an http(s) URL, got "+strconv.Quote(target), nil)
		}
		if u.Scheme != "" {
			if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
				return nil, detail(ErrBlank, "target URL must be http(s)://host/...", nil)
			}
			if u.User != nil {
				return nil, detail(ErrBlank, "target must not hold user information", nil)
			}
			scheme, host, ownHost = u.Scheme, removeEmptyPort(u.Host), true
			if !validHostPort(host) {
				return nil, detail(ErrBlank, "invalid host in target "+strconv.Quote(target), nil)
			}
			if u.Path == "" && u.Opaque == "" {
				u.Path = "/" // an empty path is "/" (RFC 9110 §4.2.3)
			}
		} else if b.base != nil {
			prefix = strings.TrimSuffix(b.base.EscapedPath(), "/")
		}
		if !strings.HasPrefix(u.Path, "/") || u.Opaque != "" {
			return nil, detail(ErrBlank, "target path must start with /", nil)
		}
	}
	if hostHeader != "" {
		// An absolute-form target names the host itself (RFC 9112 §3.2.2):
		// a Host header that says otherwise is refused, not guessed at.
		if ownHost && !headers.EqualFold(hostHeader, host) {
			return nil, detail(ErrBlank, "Host header "+strconv.Quote(hostHeader)+" disagrees with target "+strconv.Quote(target), nil)
		}
		host = hostHeader
	}
	if prefix != "" {
		pu, err := url.Parse(prefix + u.EscapedPath())
		if err != nil {
			return nil, blankErr(err)
		}
		u.Path, u.RawPath = pu.Path, pu.RawPath
	}
	if len(b.query) > 0 {
		q := string(multipart.AppendURLEncoded(nil, b.query))
		if u.RawQuery != "" {
			u.RawQuery += "&" + q
		} else {
			u.RawQuery = q
		}
	}
	u.Scheme, u.ForceQuery = "", false
	if u.Path != "" {
		u.Host = "" // as a server sees origin-form; CONNECT keeps its authority
	}

	body, ctype, err := b.makeBody()
	if err != nil {
		return nil, err
	}
	method := b.method
	if body != nil && (method == http.MethodGet || method == http.MethodHead) {
		method = http.MethodPost
	}
	ctx := b.ctx
	if ctx == nil {
		ctx = context.Background()
	}
	hr, err := http.NewRequestWithContext(ctx, method, u.String(), nil)
	if err != nil {
		return nil, blankErr(err)
	}
	hr.URL = u
	hr.Host = host
	hr.RequestURI = requestURI
	if requestURI == "" {
		hr.RequestURI = u.RequestURI()
	}
	hr.Header = b.header
	hr.RemoteAddr = b.remote
	if scheme == "https" {
		hr.TLS = &tls.ConnectionState{Version: tls.VersionTLS13, HandshakeComplete: true, ServerName: hostName(host)}
	}
	if ctype != "" && hr.Header.Get("Content-Type") == "" {
		hr.Header.Set("Content-Type", ctype)
	}
	r := NewRequest(hr, b.opts)
	if body != nil {
		r.SetBody(body)
	} else {
		hr.Body = http.NoBody
	}
	if prefix != "" {
		r.Mount(prefix)
	}
	return r, nil
}

// hostHeader returns the value of a Host field set with WithHeader,
// removed from the header (net/http keeps it in Request.Host, where Host
// and URL read it), with an empty port dropped; "" when there is none.
// Two Host fields, or one that is not host[:port], are an error.
func (b *blank) hostHeader() (string, error) {
	vs := b.header.Values("Host")
	if len(vs) == 0 {
		return "", nil
	}
	b.header.Del("Host")
	if len(vs) > 1 {
		return "", detail(ErrBlank, "more than one Host header", nil)
	}
	h := removeEmptyPort(vs[0])
	if !validHostPort(h) {
		return "", detail(ErrBlank, "invalid Host header "+strconv.Quote(vs[0])+" (WithBaseURL sets scheme, host and prefix)", nil)
	}
	return h, nil
}

// validHostPort reports whether h is a plausible host with an optional
// port of digits: a non-empty name and no empty port.
func validHostPort(h string) bool {
	name, port := splitHost(h)
	return cleanHost(h) != "" && !strings.HasSuffix(h, ":") && name != "" && name != "[]" &&
		(port == "" || allDigits(port))
}

// removeEmptyPort drops the ":" of an empty port ("example.com:" is
// "example.com", RFC 3986 §6.2.3), as net/http's client does.
func removeEmptyPort(host string) string {
	return strings.TrimSuffix(host, ":")
}

func hostName(host string) string {
	name, _ := splitHost(host)
	return strings.Trim(name, "[]")
}

func (b *blank) makeBody() ([]byte, string, error) {
	if len(b.files) > 0 {
		var buf bytes.Buffer
		fw := multipart.NewFormWriter(&buf)
		for _, f := range b.form {
			if err := fw.WriteField(f.Name, f.Value); err != nil {
				return nil, "", blankErr(err)
			}
		}
		for _, f := range b.files {
			if err := fw.WriteFile(f.field, f.filename, f.ctype, bytes.NewReader(f.content)); err != nil {
				return nil, "", blankErr(err)
			}
		}
		if err := fw.Close(); err != nil {
			return nil, "", blankErr(err)
		}
		return buf.Bytes(), fw.FormDataContentType(), nil
	}
	if b.hasForm {
		return multipart.AppendURLEncoded([]byte{}, b.form), "application/x-www-form-urlencoded", nil
	}
	if b.hasBody {
		if b.body == nil {
			return []byte{}, b.ctype, nil
		}
		return b.body, b.ctype, nil
	}
	return nil, "", nil
}
