package httputil

// gddo's buster_test.go, run against the drop-in; it passes unchanged.
// Test vectors adapted from github.com/golang/gddo (BSD, see
// testdata/LICENSE-gddo).

import (
	"net/http"
	"testing"
)

func TestGddoCacheBusters(t *testing.T) {
	cbs := &CacheBusters{Handler: http.FileServer(http.Dir("."))}
	if token := cbs.Get("/gddo_buster_test.go"); token == "" {
		t.Errorf("could not extract token from http.FileServer")
	}

	var ss StaticServer
	cbs = &CacheBusters{Handler: ss.FileHandler("gddo_buster_test.go")}
	if token := cbs.Get("/xxx"); token == "" {
		t.Errorf("could not extract token from StaticServer FileHandler")
	}
}
