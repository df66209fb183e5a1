package webob

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/webob-go/webob/cookies"
)

func TestRequestResponse(t *testing.T) {
	req := NewRequest(get("/"), nil)
	resp := req.Response()
	if resp != req.Response() {
		t.Fatal("Response is not the same on every call")
	}
	if resp.StatusCode != 0 || resp.Status() != "200 OK" || resp.HasBody() || len(resp.Header()) != 0 {
		t.Fatalf("fresh Response: %d %v %v", resp.StatusCode, resp.HasBody(), resp.Header())
	}
}

// TestRequestResponseRecycled checks that the adapters hand every request
// a fresh Response even though Requests (and their Responses) are
// recycled.
func TestRequestResponseRecycled(t *testing.T) {
	var n int
	h := HandlerFunc(func(req *Request) (*Response, error) {
		n++
		resp := req.Response()
		if len(resp.Header()) != 0 || resp.HasBody() || resp.StatusCode != 0 || len(resp.Cookies()) != 0 {
			t.Errorf("request %d: Response not fresh: %d %v", n, resp.StatusCode, resp.Header())
		}
		if err := resp.SetCookie(cookies.SetCookie{Name: "n", Value: "1"}); err != nil {
			return nil, err
		}
		if n%2 == 0 {
			resp.StatusCode = http.StatusAccepted
			resp.SetJSONBody(map[string]int{"n": n})
		} else {
			resp.SetTextBody("odd")
		}
		return resp, nil
	})
	for i := 1; i <= 20; i++ {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, get("/"))
		wantCode, wantBody := 200, "odd"
		if i%2 == 0 {
			wantCode, wantBody = 202, `{"n":`+itoa(i)+`}`
		}
		if rec.Code != wantCode || rec.Body.String() != wantBody || len(rec.Result().Cookies()) != 1 {
			t.Fatalf("request %d: %d %q %v", i, rec.Code, rec.Body, rec.Header())
		}
	}
}

// TestRequestResponseMiddleware checks that a middleware sees the
// Response the handler filled in and that fields it set before calling
// next survive.
func TestRequestResponseMiddleware(t *testing.T) {
	mw := Middleware(func(req *Request, next Next) (*Response, error) {
		if err := req.Response().SetHeader("X-Before", "mw"); err != nil {
			return nil, err
		}
		resp, err := next(req)
		if err != nil {
			return nil, err
		}
		if resp != req.Response() {
			return nil, errors.New("middleware got another Response")
		}
		return resp, resp.SetHeader("X-After", "mw")
	})
	h := mw(HandlerFunc(func(req *Request) (*Response, error) {
		resp := req.Response()
		resp.SetHTMLBody("<p>x</p>")
		return resp, nil
	}))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, get("/"))
	if rec.Code != 200 || rec.Body.String() != "<p>x</p>" || rec.Header().Get("X-Before") != "mw" ||
		rec.Header().Get("X-After") != "mw" || rec.Header().Get("Content-Type") != ctTextHTML {
		t.Fatalf("%d %q %v", rec.Code, rec.Body, rec.Header())
	}
}

// TestRequestResponseConcurrent serves many requests at once through a
// real server, each answering with its own Response carrying a value of
// the request: a Response shared or recycled too early would mix them up
// (and the race detector would see it).
func TestRequestResponseConcurrent(t *testing.T) {
	h := HandlerFunc(func(req *Request) (*Response, error) {
		id := req.Query().Get("id")
		resp := req.Response()
		if err := resp.SetHeader("X-Id", id); err != nil {
			return nil, err
		}
		resp.SetJSONBody(map[string]string{"id": id})
		return resp, nil
	})
	srv := httptest.NewServer(h)
	defer srv.Close()
	const workers, each = 8, 25
	errs := make(chan error, workers)
	for w := range workers {
		go func() {
			for i := range each {
				id := itoa(w*1000 + i)
				res, err := srv.Client().Get(srv.URL + "/?id=" + id)
				if err != nil {
					errs <- err
					return
				}
				b, err := io.ReadAll(res.Body)
				res.Body.Close()
				if err != nil {
					errs <- err
					return
				}
				if got := res.Header.Get("X-Id"); got != id || string(b) != `{"id":"`+id+`"}` {
					errs <- fmt.Errorf("asked for %s, got X-Id %q and %s", id, got, b)
					return
				}
			}
			errs <- nil
		}()
	}
	for range workers {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
}
