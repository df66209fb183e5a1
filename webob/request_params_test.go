package webob

import (
	"errors"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/webob-go/webob/multipart"
)

func TestQuery(t *testing.T) {
	r := newReq("GET", "/?a=1&b=x+y&a=%C3%AB&empty=&flag", "")
	q := r.Query()
	if q.Get("a") != "1" || strings.Join(q.GetAll("a"), ",") != "1,ë" || q.Get("b") != "x y" || !q.Has("flag") || q.Has("nope") {
		t.Errorf("query %v", q.Fields())
	}
	if strings.Join(q.Keys(), ",") != "a,b,empty,flag" {
		t.Errorf("keys %v", q.Keys())
	}
	if r.Query() != q {
		t.Error("not cached")
	}

	// A bad escape never crashes: the lenient view keeps the rest and the
	// strict one names the key (WebOb raises on ?a=%zz).
	r = newReq("GET", "/?a=%zz&b=2", "")
	if q := r.Query(); q.Has("a") || q.Get("b") != "2" {
		t.Errorf("lenient %v", q.Fields())
	}
	q, err := r.ParseQuery()
	var ee *multipart.EscapeError
	if !errors.As(err, &ee) || ee.Key != "a" || !errors.Is(err, multipart.ErrMalformed) || q.Get("b") != "2" {
		t.Errorf("strict: %v", err)
	}

	// ";" is not a separator.
	r = newReq("GET", "/?a=1;b=2", "")
	if q := r.Query(); q.Len() != 1 || q.Get("a") != "1;b=2" {
		t.Errorf("semicolon %v", q.Fields())
	}

	// 10,000 pairs are fine; 10,001 is the limit error and no pairs.
	many := func(n int) string {
		var b strings.Builder
		for i := range n {
			if i > 0 {
				b.WriteByte('&')
			}
			b.WriteString("k")
			b.WriteString(strconv.Itoa(i))
			b.WriteString("=v")
		}
		return b.String()
	}
	r = newReq("GET", "/?"+many(10000), "")
	if q, err := r.ParseQuery(); err != nil || q.Len() != 10000 {
		t.Fatalf("10000: %d %v", q.Len(), err)
	}
	r = newReq("GET", "/?"+many(10001), "")
	var le *multipart.LimitError
	if q, err := r.ParseQuery(); !errors.As(err, &le) || q.Len() != 0 || r.Query().Len() != 0 {
		t.Fatalf("10001: %d %v", q.Len(), err)
	}
	// MaxParams option.
	hr := httptest.NewRequest("GET", "/?"+many(4), nil)
	if _, err := NewRequest(hr, &Options{MaxParams: 3}).ParseQuery(); !errors.As(err, &le) || le.Max != 3 {
		t.Fatalf("MaxParams: %v", err)
	}
	hr = httptest.NewRequest("GET", "/?"+many(3), nil)
	if _, err := NewRequest(hr, &Options{MaxParams: 3}).ParseQuery(); err != nil {
		t.Fatalf("MaxParams at limit: %v", err)
	}
}
