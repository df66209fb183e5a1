package webob

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/webob-go/webob/headers"
	"github.com/webob-go/webob/negotiate"
)

// Tests of the v0 API shape (issue 13): one name per idea, shared by
// Request and Response.

func TestResponseWriteToReturnsBytesWritten(t *testing.T) {
	r := Text(200, "hello")
	var buf bytes.Buffer
	n, err := r.WriteTo(&buf)
	if err != nil || n != int64(buf.Len()) || n == 0 {
		t.Fatalf("WriteTo = %d, %v; wrote %d bytes", n, err, buf.Len())
	}
	b, err := r.AsBytes()
	if err != nil || !bytes.Equal(b, buf.Bytes()) {
		t.Fatalf("AsBytes = %q, %v; WriteTo wrote %q", b, err, buf.Bytes())
	}
}

func TestMethodNotAllowedKeepsDetailOutOfAllow(t *testing.T) {
	e := MethodNotAllowed([]string{"GET", "HEAD"}, "Only reads here")
	if got := e.Header.Get("Allow"); got != "GET, HEAD" {
		t.Errorf("Allow = %q", got)
	}
	if e.Detail != "Only reads here" || e.Code != 405 || e.Err != nil {
		t.Errorf("405 = %+v", e)
	}
	// No method allowed at all: Allow is sent, empty (RFC 9110 §10.2.1).
	if vs, ok := MethodNotAllowed(nil).Header["Allow"]; !ok || len(vs) != 1 || vs[0] != "" {
		t.Errorf("empty Allow = %q, %v", vs, ok)
	}
}

func TestMethodNotAllowedRefusesANonTokenMethod(t *testing.T) {
	e := MethodNotAllowed([]string{"Only POST allowed"})
	if _, ok := e.Header["Allow"]; ok {
		t.Errorf("Allow sent: %q", e.Header.Get("Allow"))
	}
	if !errors.Is(e.Err, ErrInvalidHeader) || e.Code != 405 {
		t.Errorf("Err = %v, code %d", e.Err, e.Code)
	}
}

// TestAccessorsHaveOneShape pins the accessor rule of Request and
// Response: every ParseX method returns (T, error) and has a lazy X
// returning just T.
func TestAccessorsHaveOneShape(t *testing.T) {
	errType := reflect.TypeFor[error]()
	for _, typ := range []reflect.Type{reflect.TypeFor[*Request](), reflect.TypeFor[*Response]()} {
		n := 0
		for i := range typ.NumMethod() {
			m := typ.Method(i)
			name, ok := strings.CutPrefix(m.Name, "Parse")
			if !ok {
				continue
			}
			n++
			pt := m.Type
			if pt.NumOut() != 2 || pt.Out(1) != errType {
				t.Errorf("%v.%s does not return (T, error)", typ, m.Name)
				continue
			}
			lazy, ok := typ.MethodByName(name)
			if !ok {
				t.Errorf("%v.%s has no lazy %s", typ, m.Name, name)
				continue
			}
			if lazy.Type.NumOut() != 1 || lazy.Type.Out(0) != pt.Out(0) {
				t.Errorf("%v.%s returns %v, %s returns %v", typ, name, lazy.Type, m.Name, pt.Out(0))
			}
		}
		if n < 10 {
			t.Errorf("%v: only %d Parse methods found", typ, n)
		}
	}
}

func TestResponseCacheControlIsACopy(t *testing.T) {
	r := NewResponse(200)
	cc := r.CacheControl()
	cc.NoStore = true
	if r.Header().Get("Cache-Control") != "" {
		t.Fatal("changing the returned value changed the response")
	}
	must(t, r.UpdateCacheControl(func(cc *headers.CacheControl) { cc.NoStore = true }))
	must(t, r.UpdateCacheControl(func(cc *headers.CacheControl) { cc.MaxAge = headers.Seconds(5) }))
	if got := r.Header().Get("Cache-Control"); got != "no-store, max-age=5" && got != "max-age=5, no-store" {
		t.Errorf("after UpdateCacheControl: %q", got)
	}
	must(t, r.SetCacheControl(headers.CacheControl{}))
	if _, ok := r.Header()["Cache-Control"]; ok {
		t.Error("the zero CacheControl did not remove the field")
	}
	r.Header().Set("Cache-Control", "max-age=\"x")
	if _, err := r.ParseCacheControl(); err == nil || !reflect.DeepEqual(r.CacheControl(), headers.CacheControl{}) {
		t.Errorf("invalid Cache-Control: %v", err)
	}
}

// TestZeroRequestMethodsDoNotPanic calls every method of a zero Request
// that takes no argument, or only simple ones, and checks that none
// panics: the zero Request stands for "GET /".
func TestZeroRequestMethodsDoNotPanic(t *testing.T) {
	typ := reflect.TypeFor[*Request]()
	args := map[reflect.Type]reflect.Value{
		reflect.TypeFor[string]():              reflect.ValueOf("x"),
		reflect.TypeFor[[]byte]():              reflect.ValueOf([]byte("x")),
		reflect.TypeFor[any]():                 reflect.ValueOf(new(struct{ X string })),
		reflect.TypeFor[http.Handler]():        reflect.ValueOf(http.Handler(http.NotFoundHandler())),
		reflect.TypeFor[*http.Client]():        reflect.ValueOf(&http.Client{Transport: errTransport{}}),
		reflect.TypeFor[io.Writer]():           reflect.ValueOf(io.Writer(io.Discard)),
		reflect.TypeFor[func(string) bool]():   reflect.ValueOf(func(string) bool { return true }),
		reflect.TypeFor[*negotiate.Offers]():   reflect.ValueOf(mustOffers("text/html")),
		reflect.TypeFor[[]ConditionalHeader](): reflect.ValueOf([]ConditionalHeader{CondEncoding}),
	}
	n := 0
	for i := range typ.NumMethod() {
		m := typ.Method(i)
		in := []reflect.Value{reflect.ValueOf(&Request{})}
		ok := true
		for j := 1; j < m.Type.NumIn(); j++ {
			pt := m.Type.In(j)
			if m.Type.IsVariadic() && j == m.Type.NumIn()-1 {
				if v, found := args[pt]; found {
					in = append(in, v)
				}
				continue
			}
			v, found := args[pt]
			if !found {
				ok = false
				break
			}
			in = append(in, v)
		}
		if !ok {
			t.Errorf("no argument for %s %v: add one to the table", m.Name, m.Type)
			continue
		}
		func() {
			defer func() {
				if p := recover(); p != nil {
					t.Errorf("(&Request{}).%s panics: %v", m.Name, p)
				}
			}()
			if m.Type.IsVariadic() {
				m.Func.CallSlice(in)
			} else {
				m.Func.Call(in)
			}
			n++
		}()
	}
	if n < 100 {
		t.Errorf("only %d methods called", n)
	}
	r := &Request{}
	if r.Method() != "GET" || r.Path() != "/" || r.Options() == nil || len(r.Header()) != 0 {
		t.Errorf("zero Request: %s %s", r.Method(), r.Path())
	}
}

type errTransport struct{}

func (errTransport) RoundTrip(*http.Request) (*http.Response, error) {
	return nil, errors.New("no network in tests")
}

func mustOffers(offers ...string) *negotiate.Offers {
	o, err := negotiate.NewOffers(offers...)
	if err != nil {
		panic(err)
	}
	return o
}

// checkResponseAccessors checks the accessor rule on any response: each
// lazy getter agrees with its Parse method when that succeeds and gives
// the zero value (-1 for Age) when it fails.
func checkResponseAccessors(t *testing.T, r *Response) {
	t.Helper()
	agree := func(name string, lazy, parsed any, err error, zero any) {
		t.Helper()
		want := parsed
		if err != nil {
			want = zero
		}
		if !reflect.DeepEqual(lazy, want) {
			t.Errorf("%s() = %v; Parse%s() = %v, %v", name, lazy, name, parsed, err)
		}
	}
	mt, err := r.ParseMediaType()
	agree("MediaType", r.MediaType(), mt, err, headers.MediaType{})
	cd, err := r.ParseContentDisposition()
	agree("ContentDisposition", r.ContentDisposition(), cd, err, headers.ContentDisposition{})
	cr, err := r.ParseContentRange()
	agree("ContentRange", r.ContentRange(), cr, err, headers.ContentRange{})
	e, err := r.ParseETag()
	agree("ETag", r.ETag(), e, err, headers.ETag{})
	ra, err := r.ParseRetryAfter()
	agree("RetryAfter", r.RetryAfter(), ra, err, headers.RetryAfter{})
	age, err := r.ParseAge()
	agree("Age", r.Age(), age, err, int64(-1))
	d, err := r.ParseDate()
	agree("Date", r.Date(), d, err, time.Time{})
	d, err = r.ParseExpires()
	agree("Expires", r.Expires(), d, err, time.Time{})
	d, err = r.ParseLastModified()
	agree("LastModified", r.LastModified(), d, err, time.Time{})
	cs, err := r.ParseWWWAuthenticate()
	agree("WWWAuthenticate", r.WWWAuthenticate(), cs, err, []headers.Challenge(nil))
	cc, err := r.ParseCacheControl()
	agree("CacheControl", r.CacheControl(), cc, err, headers.CacheControl{})
}

func TestResponseAccessorsAgreeWithParse(t *testing.T) {
	for _, msg := range []string{
		"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nETag: W/\"x\"\r\nAge: 0\r\nRetry-After: 0\r\n" +
			"Cache-Control: max-age=60\r\nDate: Mon, 06 May 2024 07:08:09 GMT\r\nContent-Length: 0\r\n\r\n",
		"HTTP/1.1 200 OK\r\nContent-Type: /\r\nETag: x\r\nAge: -1\r\nRetry-After: soon\r\nCache-Control: max-age=\"\r\n" +
			"Date: yesterday\r\nExpires: 0\r\nContent-Range: bytes 9-0/5\r\nWWW-Authenticate: =\r\nContent-Length: 0\r\n\r\n",
	} {
		r, err := ParseResponse([]byte(msg))
		if err != nil {
			t.Fatal(err)
		}
		checkResponseAccessors(t, r)
	}
	if NewResponse(200).Age() != -1 {
		t.Error("missing Age is not -1")
	}
}
