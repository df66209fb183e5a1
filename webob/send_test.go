package webob

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestSend(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, hr *http.Request) {
		body, _ := io.ReadAll(hr.Body)
		w.Header().Set("Trailer", "X-T")
		w.Header().Set("X-Method", hr.Method)
		io.WriteString(w, hr.URL.RequestURI()+" "+string(body)+" "+hr.Header.Get("X-A"))
		w.Header().Set("X-T", "t")
	}))
	defer srv.Close()
	r := MustBlank(srv.URL+"/p?q=1", WithForm(map[string]string{"a": "1"}), WithHeader("X-A", "h"))
	for range 2 { // the request can be sent again
		resp, err := r.Send(srv.Client())
		if err != nil {
			t.Fatal(err)
		}
		b, _ := resp.Body()
		if string(b) != "/p?q=1 a=1 h" || resp.Header().Get("X-Method") != "POST" || resp.Trailer().Get("X-T") != "t" {
			t.Fatalf("%q %v %v", b, resp.Header(), resp.Trailer())
		}
	}
	big := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { io.WriteString(w, "123456") }))
	defer big.Close()
	if _, err := MustBlank(big.URL+"/", WithOptions(&Options{MaxBodyBytes: 5})).Send(nil); err == nil {
		t.Fatal("limit")
	}
}
