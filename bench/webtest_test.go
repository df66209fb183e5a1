package bench

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/webob-go/webob/webtest"
)

// webtestHandler is the handler both clients call: a small text answer
// with a cookie, the usual shape of a page under test.
var webtestHandler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Set-Cookie", "seen=1; Path=/")
	io.WriteString(w, "hello, "+r.URL.Query().Get("name"))
})

// recorderGet is the same GET through httptest by hand, cookie included.
func recorderGet(tb testing.TB, cookie string) (int, string, string) {
	req := httptest.NewRequest(http.MethodGet, "http://localhost/?name=ada", nil)
	if cookie != "" {
		req.Header.Set("Cookie", cookie)
	}
	rec := httptest.NewRecorder()
	webtestHandler.ServeHTTP(rec, req)
	res := rec.Result()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		tb.Fatal(err)
	}
	if res.StatusCode >= 400 {
		tb.Fatalf("status %d", res.StatusCode)
	}
	return res.StatusCode, string(body), res.Header.Get("Set-Cookie")
}

func TestWebtestAgreesWithRecorder(t *testing.T) {
	app := webtest.New(t, webtestHandler)
	r := app.Get("/?name=ada")
	code, body, setCookie := recorderGet(t, "")
	if r.Code() != code || r.Text() != body || r.Header().Get("Set-Cookie") != setCookie {
		t.Fatalf("webtest %d %q %q, recorder %d %q %q", r.Code(), r.Text(), r.Header().Get("Set-Cookie"), code, body, setCookie)
	}
}

func BenchmarkWebtest(b *testing.B) {
	b.Run("get/webob", func(b *testing.B) {
		app := webtest.New(b, webtestHandler)
		b.ReportAllocs()
		for b.Loop() {
			app.Get("/?name=ada")
		}
	})
	b.Run("get/recorder", func(b *testing.B) {
		b.ReportAllocs()
		cookie := ""
		for b.Loop() {
			_, _, sc := recorderGet(b, cookie)
			cookie = sc[:len("seen=1")]
		}
	})
}
