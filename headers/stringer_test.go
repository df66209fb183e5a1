package headers

import (
	"fmt"
	"testing"
)

// TestTypedValuesPrintInHeaderFormWithFmt checks that fmt prints every
// typed header value, by value and by pointer, as its header form: each
// String method has a value receiver.
func TestTypedValuesPrintInHeaderFormWithFmt(t *testing.T) {
	must := func(v any, err error) any {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	cc := must(ParseCacheControl([]string{"no-store, max-age=60"})).(CacheControl)
	ir := must(ParseIfRange(`"xyzzy"`)).(IfRange)
	fe := must(ParseForwarded([]string{"for=192.0.2.1;proto=https"})).([]ForwardedElement)[0]
	ps := must(ParseParams(`;a=1;b="x y"`)).(Params)
	cs := must(ParseChallenges([]string{`Basic realm="x"`})).([]Challenge)
	tests := []struct {
		v    any
		want string
	}{
		{cc, "no-store, max-age=60"},
		{&cc, "no-store, max-age=60"},
		{must(ParseMediaType("text/html; charset=utf-8")), "text/html;charset=utf-8"},
		{must(ParseContentDisposition(`attachment; filename="a.txt"`)), "attachment; filename=a.txt"},
		{must(ParseContentRange("bytes 0-9/100")), "bytes 0-9/100"},
		{must(ParseAuthorization("Bearer abc")), "Bearer abc"},
		{must(ParseETag(`W/"x"`)), `W/"x"`},
		{must(ParseETags([]string{`"a", W/"b"`})), `"a", W/"b"`},
		{ir, `"xyzzy"`},
		{&ir, `"xyzzy"`},
		{fe, "for=192.0.2.1;proto=https"},
		{&fe, "for=192.0.2.1;proto=https"},
		{ps, `;a=1;b="x y"`},
		{cs[0], `Basic realm="x"`},
		{must(ParseRange("bytes=0-9,20-")), "bytes=0-9,20-"},
		{must(ParseRetryAfter("120")), "120"},
		{must(ParseNode("192.0.2.1")), "192.0.2.1"},
		// parts of header values
		{cc.MaxAge, "60"},
		{Delta{}, ""},
		{ByteRange{Start: 0, End: 9}, "0-9"},
		{ByteRange{Start: 10, End: -1}, "10-"},
		{ByteRange{Start: -1, End: 500}, "-500"},
		{Extension{Name: "community", Value: "UCI", HasValue: true}, "community=UCI"},
		{Extension{Name: "x", Value: "a b", HasValue: true}, `x="a b"`},
		{Param{Name: "charset", Value: "utf-8"}, "charset=utf-8"},
		{ps[1], `b="x y"`},
	}
	for _, tt := range tests {
		if got := fmt.Sprint(tt.v); got != tt.want {
			t.Errorf("fmt.Sprint(%T) = %q, want %q", tt.v, got, tt.want)
		}
	}
}
