package webob

import (
	"errors"
	"net/http"
	"net/netip"
	"net/url"
	"testing"
	"time"

	"github.com/webob-go/webob/multipart"
)

type fuzzTarget struct {
	S    string            `url:"s"`
	I    int8              `url:"i"`
	U    uint16            `url:"u"`
	F    float32           `url:"f"`
	B    bool              `url:"b,int"`
	T    time.Time         `url:"t"`
	TU   time.Time         `url:"tu,unix"`
	L    []int             `url:"l"`
	C    []string          `url:"c,comma"`
	N    []uint            `url:"n,numbered"`
	Br   []string          `url:"br,brackets"`
	A    [3]int            `url:"a"`
	P    *int              `url:"p"`
	Sub  struct{ X int }   `url:"sub"`
	PSub *struct{ Y bool } `url:"psub"`
	Lvl  level             `url:"lvl"`
}

// FuzzBind: binding any query never panics, and every error is a
// *BindError of FieldErrors or a typed parse error.
func FuzzBind(f *testing.F) {
	for _, s := range []string{
		"s=x&i=127&u=65535&f=1.5&b=1&t=2024-01-01T00:00:00Z&tu=1&l=1&l[3]=4&c=1,2&n0=1&n5=2&br[]=x&a[2]=1&p=3&sub[X]=1&psub[Y]=true&lvl=low",
		"i=128&u=-1&a[3]=1&l[1234567890]=1&n99999999999=1&lvl=mid&t=x",
		"a=%zz&l[=1&l[]]=2&sub[X][Y]=1",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		if len(q) > 1<<12 {
			return
		}
		r := NewRequest(&http.Request{Method: "GET", URL: &url.URL{Path: "/", RawQuery: q}, Header: http.Header{}}, &Options{DisallowUnknownKeys: len(q)%2 == 0, MaxParams: int64(64 * (len(q) % 3))})
		var dst fuzzTarget
		err := r.Bind(&dst)
		if err == nil {
			return
		}
		var be *BindError
		if errors.As(err, &be) {
			for _, fe := range be.Errors {
				if !errors.Is(fe, ErrInvalidParam) && !errors.Is(fe, ErrSliceIndex) && !errors.Is(fe, ErrUnknownKey) {
					t.Fatalf("untyped field error %v", fe)
				}
			}
			if len(dst.L) > DefaultMaxSliceIndex+1 || len(dst.N) > DefaultMaxSliceIndex+1 {
				t.Fatalf("slice grew past the cap: %d %d", len(dst.L), len(dst.N))
			}
			return
		}
		if !errors.Is(err, multipart.ErrMalformed) && !errors.Is(err, errBadRequest) && !errors.Is(err, multipart.ErrLimit) {
			t.Fatalf("untyped error %v", err)
		}
	})
}

// FuzzAccessors: no header value or target makes an accessor panic.
func FuzzAccessors(f *testing.F) {
	f.Add("example.com:80", "/a//b/%2F?x=1", "for=1.2.3.4;proto=https", "1.2.3.4, ::1", "text/html;q=0.5", "bytes=0-1", `W/"a"`, "a=1; b=2")
	f.Add("[::1]:8080", "*", `for="[::1]:80"`, "garbage", "*/*", "bytes=-", "*", "")
	f.Add("", "/%zz?%zz", "for=unknown", "", "", "", "", "=x;;")
	trusted := &Options{TrustedProxies: []netip.Prefix{netip.MustParsePrefix("0.0.0.0/0"), netip.MustParsePrefix("::/0")}}
	trustFwd := &Options{TrustedProxies: trusted.TrustedProxies, ProxyHeaders: ProxyForwarded}
	trustXFF := &Options{TrustedProxies: trusted.TrustedProxies, ProxyHeaders: ProxyXForwarded}
	peer := netip.MustParseAddr("10.0.0.1")
	f.Fuzz(func(t *testing.T, host, target, fwd, xff, accept, rng, inm, cookie string) {
		u, err := url.ParseRequestURI(target)
		if err != nil {
			u = &url.URL{Path: "/"}
		}
		hr := &http.Request{Method: "GET", URL: u, Host: host, RemoteAddr: "10.0.0.1:1", Header: http.Header{
			"Forwarded": {fwd}, "X-Forwarded-For": {xff}, "X-Forwarded-Proto": {fwd}, "X-Forwarded-Host": {host},
			"Accept": {accept}, "Range": {rng}, "If-None-Match": {inm}, "If-Range": {inm}, "Cookie": {cookie},
			"Content-Type": {accept}, "Authorization": {cookie}, "If-Modified-Since": {rng}, "Max-Forwards": {rng},
		}}
		for _, opts := range []*Options{nil, trusted, trustFwd, trustXFF} {
			r := NewRequest(hr, opts)
			if opts == trusted && r.ClientAddr() != peer {
				// Forwarded and X-Forwarded-Proto are both present:
				// without ProxyHeaders neither is believed.
				t.Fatalf("ClientAddr = %v with both kinds present", r.ClientAddr())
			}
			r.ClientAddr()
			r.Scheme()
			r.Host()
			r.HostPort()
			r.Domain()
			r.URL()
			r.ApplicationURL()
			r.PathQS()
			r.RelativeURL("../x")
			r.ApplicationRelativeURL("../x")
			r.PathInfoPeek()
			r.PathInfoPop()
			r.ScriptName()
			r.Query()
			r.Accept().Best("text/html", "application/json")
			r.Range()
			r.IfNoneMatch()
			r.IfRange()
			r.Cookies()
			r.Cookie("a")
			r.MediaType()
			r.Charset()
			r.BasicAuth()
			r.IfModifiedSince()
			r.MaxForwards()
			r.Forwarded()
			r.Form()
			if b, err := r.AsBytes(); err == nil {
				if _, err := ParseRequest(b, nil); err != nil && !errors.Is(err, ErrMalformedMessage) {
					t.Fatalf("written request does not read back: %v", err)
				}
			}
		}
	})
}
