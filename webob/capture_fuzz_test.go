package webob

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
)

// FuzzMiddlewareTransparent runs a plain handler that follows a script of
// header fields, statuses, writes, reads from and flushes, once alone and
// once under a pass-through Middleware with a small capture limit (so
// that capture, pass-through and the switch between them all happen),
// and checks that the client gets the same status and body, and that
// ServeHTTP never panics.
func FuzzMiddlewareTransparent(f *testing.F) {
	f.Add([]byte{0, 1, 2, 5})
	f.Add([]byte{2, 200, 3, 2, 9})
	f.Add([]byte{1, 2, 4, 30, 2, 1, 0})
	f.Add([]byte{4, 3, 4, 200, 3, 2, 255})
	pass := (&Config{CaptureLimit: 1000}).Middleware(func(req *Request, next Next) (*Response, error) { return next(req) })
	codes := []int{200, 201, 202, 404, 500}
	f.Fuzz(func(t *testing.T, script []byte) {
		if len(script) > 64 {
			return
		}
		h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			for i := 0; i < len(script); i++ {
				arg := 0
				if i+1 < len(script) {
					arg = int(script[i+1])
				}
				switch script[i] % 5 {
				case 0:
					w.Header().Set("X-K"+strconv.Itoa(arg%4), "v")
				case 1:
					w.WriteHeader(codes[arg%len(codes)])
					i++
				case 2:
					w.Write(bytes.Repeat([]byte{byte('a' + i%26)}, arg*37))
					i++
				case 3:
					http.NewResponseController(w).Flush()
				case 4:
					io.Copy(w, strings.NewReader(strings.Repeat("r", arg*53)))
					i++
				}
			}
		})
		want := httptest.NewRecorder()
		h.ServeHTTP(want, get("/"))
		got := httptest.NewRecorder()
		pass(h).ServeHTTP(got, get("/"))
		if got.Code != want.Code || !bytes.Equal(got.Body.Bytes(), want.Body.Bytes()) {
			t.Fatalf("script %v: got %d with %d bytes, want %d with %d bytes", script, got.Code, got.Body.Len(), want.Code, want.Body.Len())
		}
	})
}
