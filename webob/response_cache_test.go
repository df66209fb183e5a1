package webob

import (
	"errors"
	"io"
	"testing"
	"time"

	"github.com/webob-go/webob/headers"
)

func TestCacheControlAndExpires(t *testing.T) {
	r := NewResponse(200)
	must(t, r.UpdateCacheControl(func(cc *headers.CacheControl) { cc.MaxAge = headers.Seconds(10) }))
	rec := serveReq(t, r, get("/"))
	// WebOb fact: cache_control.max_age = 10 gives "max-age=10".
	if got := rec.Header().Get("Cache-Control"); got != "max-age=10" {
		t.Errorf("Cache-Control %q", got)
	}
	// The typed value follows direct changes of the field.
	r = NewResponse(200)
	r.Header().Set("Cache-Control", "no-cache")
	if !r.CacheControl().NoCache {
		t.Error("typed Cache-Control did not read the field")
	}
	r.Header().Set("Cache-Control", "public")
	if cc := r.CacheControl(); cc.NoCache || !cc.Public {
		t.Error("typed Cache-Control did not follow the field")
	}
	// CacheExpires(0): WebOb fact "max-age=0, must-revalidate, no-cache,
	// no-store", Pragma no-cache, Expires now, Last-Modified set.
	r = NewResponse(200)
	before := time.Now().Add(-2 * time.Second)
	r.CacheExpires(0)
	set := map[string]bool{}
	for d := range headers.List(r.values("Cache-Control")) {
		set[d] = true
	}
	if len(set) != 4 || !set["max-age=0"] || !set["must-revalidate"] || !set["no-cache"] || !set["no-store"] {
		t.Errorf("CacheExpires(0) Cache-Control %q", r.values("Cache-Control"))
	}
	if r.Pragma() != "no-cache" || r.Expires().Before(before) || r.LastModified().Before(before) {
		t.Errorf("CacheExpires(0): Pragma %q Expires %v Last-Modified %v", r.Pragma(), r.Expires(), r.LastModified())
	}
	// WebOb fact: cache_expires(0) then cache_expires(1) leaves only
	// max-age=1 and no Pragma.
	r.CacheExpires(1)
	if got := r.Header().Get("Cache-Control"); got != "max-age=1" || r.has("Pragma") {
		t.Errorf("CacheExpires(1): %q pragma %q", got, r.Pragma())
	}
	if d := time.Until(r.Expires()); d > 2*time.Second || d < -2*time.Second {
		t.Errorf("Expires %v", r.Expires())
	}
	r.CacheExpires(60)
	if r.CacheControl().MaxAge.Seconds != 60 {
		t.Errorf("max-age %v", r.CacheControl().MaxAge)
	}
}

func TestSetETagFromBody(t *testing.T) {
	r := Text(200, "The quick brown fox jumps over the lazy dog")
	must(t, r.SetETagFromBody())
	e, err := r.ParseETag()
	if err != nil || e.Weak || len(e.Tag) != 22 {
		t.Fatalf("ETag %v %v", e, err)
	}
	if e.Tag != "16j7swfXgJRpypq8sAguTw" {
		t.Errorf("ETag of the quick brown fox = %q", e.Tag)
	}
	r.SetBodyFunc(func(io.Writer) error { return errors.New("x") })
	if err := r.SetETagFromBody(); err == nil {
		t.Error("body error not reported")
	}
}
