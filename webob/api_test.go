package webob

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/webob-go/webob/headers"
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
