package negotiate

import (
	"fmt"
	"testing"
)

// TestTypedValuesPrintInHeaderFormWithFmt checks that fmt prints every
// parsed negotiation header, by value and by pointer, in its header form.
func TestTypedValuesPrintInHeaderFormWithFmt(t *testing.T) {
	a, _ := ParseAccept([]string{"text/html, application/json;q=0.5"})
	c, _ := ParseAcceptCharset([]string{"utf-8, iso-8859-1;q=0.5"})
	e, _ := ParseAcceptEncoding([]string{"gzip, br;q=0.5"})
	l, _ := ParseAcceptLanguage([]string{"de-AT, en;q=0.5"})
	tests := []struct {
		v    any
		want string
	}{
		{a, "text/html, application/json;q=0.5"},
		{&a, "text/html, application/json;q=0.5"},
		{c, "utf-8, iso-8859-1;q=0.5"},
		{e, "gzip, br;q=0.5"},
		{&e, "gzip, br;q=0.5"},
		{l, "de-AT, en;q=0.5"},
		{Valid, "valid"},
	}
	for _, tt := range tests {
		if got := fmt.Sprint(tt.v); got != tt.want {
			t.Errorf("fmt.Sprint(%T) = %q, want %q", tt.v, got, tt.want)
		}
	}
}
