package webob

import (
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
)

func TestSetBodyHelpers(t *testing.T) {
	type payload struct {
		A int `json:"a"`
	}
	for _, c := range []struct {
		name     string
		set      func(r *Response)
		ct, body string
	}{
		{"text", func(r *Response) { r.SetTextBody("hi") }, ctTextPlain, "hi"},
		{"html", func(r *Response) { r.SetHTMLBody("<p>hi</p>") }, ctTextHTML, "<p>hi</p>"},
		{"json", func(r *Response) { r.SetJSONBody(payload{1}) }, ctJSON, `{"a":1}`},
		{"json after text", func(r *Response) { r.SetTextBody("x"); r.SetJSONBody([]int{1, 2}) }, ctJSON, `[1,2]`},
		{"text after json", func(r *Response) { r.SetJSONBody(payload{1}); r.SetTextBody("x") }, ctTextPlain, "x"},
		{"text after stream", func(r *Response) { r.SetBodyFunc(nil); r.SetTextBody("y") }, ctTextPlain, "y"},
	} {
		for _, withHeader := range []bool{false, true} {
			r := &Response{StatusCode: http.StatusCreated}
			if withHeader {
				if err := r.SetHeader("X-Kept", "1"); err != nil {
					t.Fatal(err)
				}
				r.SetContentLength(99)
			}
			c.set(r)
			body, err := r.Body()
			if err != nil || string(body) != c.body {
				t.Errorf("%s: body %q %v, want %q", c.name, body, err, c.body)
			}
			if got := r.Header().Get("Content-Type"); got != c.ct {
				t.Errorf("%s: Content-Type %q, want %q", c.name, got, c.ct)
			}
			if r.StatusCode != http.StatusCreated {
				t.Errorf("%s: status %d, want 201 kept", c.name, r.StatusCode)
			}
			if withHeader {
				if r.Header().Get("X-Kept") != "1" {
					t.Errorf("%s: other fields not kept: %v", c.name, r.Header())
				}
				if r.Header().Get("Content-Length") != "" {
					t.Errorf("%s: stale Content-Length kept", c.name)
				}
			}
		}
	}
	r := &Response{}
	r.SetJSONBody(func() {})
	if r.Err() == nil {
		t.Error("SetJSONBody of a func: no error")
	}
	r.SetTextBody("ok")
	if r.Err() != nil {
		t.Errorf("SetTextBody did not clear the JSON error: %v", r.Err())
	}
}

func TestBodyKinds(t *testing.T) {
	r := NewResponse(200)
	if r.HasBody() || r.ContentLength() != 0 {
		t.Error("empty response has a body")
	}
	r.SetBodyString("abc")
	if r.ContentLength() != 3 || !r.HasBody() || r.IsStream() {
		t.Error("string body")
	}
	c := &closeTracker{Reader: strings.NewReader("stream!")}
	r.SetBodyReader(c, -1)
	if r.ContentLength() != -1 || !r.IsStream() {
		t.Errorf("stream of unknown length: %d", r.ContentLength())
	}
	b, err := r.Body()
	if err != nil || string(b) != "stream!" || !c.closed {
		t.Errorf("Body of a stream: %q %v closed=%v", b, err, c.closed)
	}
	if b2, _ := r.Body(); string(b2) != "stream!" || r.ContentLength() != 7 {
		t.Error("Body is not repeatable")
	}
	r.SetBodyFunc(func(w io.Writer) error {
		_, err := io.WriteString(w, "generated")
		return err
	})
	if r.ContentLength() != -1 {
		t.Error("func body has a length")
	}
	rd := r.BodyReader()
	if got, _ := io.ReadAll(rd); string(got) != "generated" {
		t.Errorf("BodyReader of a func: %q", got)
	}
	if r.HasBody() {
		t.Error("BodyReader left the body in place")
	}
	// Replacing a stream body closes it; so does Close.
	c2 := &closeTracker{Reader: strings.NewReader("x")}
	r.SetBodyReader(c2, 1)
	r.SetBody([]byte("y"))
	if !c2.closed {
		t.Error("replaced stream not closed")
	}
	c3 := &closeTracker{Reader: strings.NewReader("x")}
	r.SetBodyReader(c3, 1)
	r.Close()
	if !c3.closed {
		t.Error("Close did not close the stream")
	}
	// A failing function body reports its error.
	r.SetBodyFunc(func(w io.Writer) error { return errors.New("boom") })
	if _, err := r.Body(); err == nil {
		t.Error("failing func: no error")
	}
}
