package webob

import (
	"errors"
	"io"
	"net/http"
	"testing"
)

func TestGetResponse(t *testing.T) {
	h := http.HandlerFunc(func(w http.ResponseWriter, hr *http.Request) {
		body, _ := io.ReadAll(hr.Body)
		w.Header().Set("Content-Type", "text/plain")
		w.Header().Set("Trailer", "X-Sum")
		w.WriteHeader(http.StatusCreated)
		w.Header().Set("X-Late", "ignored")
		io.WriteString(w, "got "+string(body)+" "+hr.URL.Query().Get("q"))
		w.Header().Set("X-Sum", "42")
		w.Header().Set(http.TrailerPrefix+"X-Extra", "1")
	})
	r := MustBlank("/?q=1", WithBody("text/plain", []byte("hi")))
	resp, err := r.GetResponse(h)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := resp.Body()
	if resp.StatusCode != 201 || string(b) != "got hi 1" || resp.Header().Get("Content-Type") != "text/plain" || resp.Header().Get("X-Late") != "" {
		t.Fatalf("%d %q %v", resp.StatusCode, b, resp.Header())
	}
	if resp.Trailer().Get("X-Sum") != "42" || resp.Trailer().Get("X-Extra") != "1" || resp.Header().Get("Trailer") != "" {
		t.Fatalf("trailers %v", resp.Trailer())
	}
	// The body can still be read by the caller.
	if body, _ := r.Body(); string(body) != "hi" {
		t.Fatal("body consumed")
	}
	// A handler that writes nothing answers 200.
	resp, _ = MustBlank("/").GetResponse(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	if resp.StatusCode != 200 {
		t.Fatal("empty handler")
	}
	// Panics are recovered.
	resp, err = MustBlank("/").GetResponse(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(418)
		panic("boom")
	}))
	if !errors.Is(err, ErrHandlerPanic) || resp.StatusCode != 418 {
		t.Fatalf("panic: %v", err)
	}
}
