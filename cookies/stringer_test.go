package cookies

import (
	"fmt"
	"testing"
)

// TestTypedValuesPrintInHeaderFormWithFmt checks that fmt prints a
// Cookie, a SetCookie and a SameSite, by value and by pointer, in their
// header forms.
func TestTypedValuesPrintInHeaderFormWithFmt(t *testing.T) {
	sc, err := ParseSetCookie("id=a3fWa; Path=/; Secure; HttpOnly")
	if err != nil {
		t.Fatal(err)
	}
	c := Cookie{Name: "id", Value: "a3fWa"}
	tests := []struct {
		v    any
		want string
	}{
		{sc, "id=a3fWa; Path=/; Secure; HttpOnly"},
		{&sc, "id=a3fWa; Path=/; Secure; HttpOnly"},
		{c, "id=a3fWa"},
		{&c, "id=a3fWa"},
		{SameSiteLax, "Lax"},
	}
	for _, tt := range tests {
		if got := fmt.Sprint(tt.v); got != tt.want {
			t.Errorf("fmt.Sprint(%T) = %q, want %q", tt.v, got, tt.want)
		}
	}
}
