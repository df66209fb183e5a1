package webob

import (
	"strings"
	"testing"
)

func TestVary(t *testing.T) {
	r := NewResponse(200)
	must(t, r.AddVary("Accept"))
	must(t, r.AddVary("accept", "Accept-Encoding"))
	must(t, r.AddVary("Accept-Encoding", "Cookie"))
	if got := strings.Join(r.Vary(), ","); got != "Accept,Accept-Encoding,Cookie" {
		t.Errorf("Vary %q (%v)", got, r.values("Vary"))
	}
	must(t, r.AddVary("A", "a"))
	if got := strings.Join(r.Vary(), ","); got != "Accept,Accept-Encoding,Cookie,A" {
		t.Errorf("Vary with duplicate input %q", got)
	}
	must(t, r.AddVary("*"))
	must(t, r.AddVary("Origin"))
	if got := strings.Join(r.Vary(), ","); got != "*" {
		t.Errorf("Vary after * = %q", got)
	}
	must(t, r.SetVary("X", "Y"))
	if got := r.Header().Get("Vary"); got != "X, Y" {
		t.Errorf("SetVary %q", got)
	}
	// A shared name list is never written into.
	names := make([]string, 1, 4)
	names[0] = "Accept"
	r2 := NewResponse(200)
	r2.addVary(names)
	r2.Header().Add("Vary", "Origin")
	if names[:2][1] != "" {
		t.Error("Header().Add wrote into the shared slice")
	}
}
