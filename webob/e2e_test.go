package webob

import (
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/webob-go/webob/cookies"
)

// e2eServer is a small application exercising the adapters end to end.
func e2eServer(t *testing.T) *httptest.Server {
	t.Helper()
	signer, err := cookies.NewSigner([]byte("e2e-test-key-0123456789abcdef012"))
	if err != nil {
		t.Fatal(err)
	}
	session := &cookies.Profile{Name: "session", Codec: signer, HttpOnly: true, SameSite: cookies.SameSiteLax}
	modified := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	const doc = "0123456789abcdefghijklmnopqrstuvwxyz"
	cfg := &Config{Logger: discardLogger()}

	mux := http.NewServeMux()
	mux.Handle("GET /item", cfg.Handler(func(req *Request) (*Response, error) {
		item := map[string]string{"name": "widget"}
		switch best, _ := req.Accept().Best("application/json", "text/html"); best {
		case "text/html":
			return HTML(200, "<h1>widget</h1>"), nil
		default:
			return JSON(200, item), nil
		}
	}))
	mux.Handle("/doc", cfg.Handler(func(req *Request) (*Response, error) {
		r := Text(200, doc)
		r.SetETag("doc-v1")
		r.SetLastModified(modified)
		r.SetAcceptRanges("bytes")
		return r, nil
	}))
	mux.Handle("GET /count", cfg.Handler(func(req *Request) (*Response, error) {
		var n int
		if err := session.Get(req.Header()["Cookie"], &n); err != nil && !errors.Is(err, cookies.ErrNoCookie) {
			n = 0 // tampered or expired: start again
		}
		n++
		r := JSON(200, map[string]int{"count": n})
		return r, r.SetProfileCookie(session, n)
	}))
	mux.Handle("GET /missing", cfg.Handler(func(*Request) (*Response, error) { return nil, NotFound("no such thing") }))
	mux.Handle("GET /broken", cfg.Handler(func(*Request) (*Response, error) {
		return nil, errors.New("database password is hunter2")
	}))
	mux.Handle("GET /old", cfg.Handler(func(*Request) (*Response, error) { return nil, MovedPermanently("/item") }))
	return httptest.NewServer(mux)
}

func discardLogger() *slog.Logger { l, _ := testLogger(); return l }

func do(t *testing.T, c *http.Client, method, url string, kv ...string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(kv); i += 2 {
		req.Header.Set(kv[i], kv[i+1])
	}
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(res.Body)
	res.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	return res, string(b)
}

func TestEndToEnd(t *testing.T) {
	srv := e2eServer(t)
	defer srv.Close()
	c := srv.Client()

	t.Run("negotiation", func(t *testing.T) {
		res, body := do(t, c, "GET", srv.URL+"/item", "Accept", "application/json")
		if res.Header.Get("Content-Type") != "application/json" || body != `{"name":"widget"}` || res.Header.Get("Vary") != "Accept" {
			t.Errorf("json: %v %q", res.Header, body)
		}
		res, body = do(t, c, "GET", srv.URL+"/item", "Accept", "text/html,application/xhtml+xml,*/*;q=0.8")
		if !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") || body != "<h1>widget</h1>" {
			t.Errorf("html: %v %q", res.Header, body)
		}
	})
	t.Run("304", func(t *testing.T) {
		res, _ := do(t, c, "GET", srv.URL+"/doc", "If-None-Match", `"doc-v1"`)
		if res.StatusCode != 304 || res.Header.Get("ETag") != `"doc-v1"` || res.Header.Get("Content-Type") != "" {
			t.Errorf("If-None-Match: %d %v", res.StatusCode, res.Header)
		}
		res, _ = do(t, c, "GET", srv.URL+"/doc", "If-Modified-Since", "Tue, 02 Jan 2024 03:04:05 GMT")
		if res.StatusCode != 304 {
			t.Errorf("If-Modified-Since: %d", res.StatusCode)
		}
		res, body := do(t, c, "GET", srv.URL+"/doc", "If-None-Match", `"doc-v0"`)
		if res.StatusCode != 200 || len(body) != 36 {
			t.Errorf("stale tag: %d %q", res.StatusCode, body)
		}
	})
	t.Run("412", func(t *testing.T) {
		res, _ := do(t, c, "PUT", srv.URL+"/doc", "If-Match", `"doc-v0"`, "Accept", "application/problem+json")
		if res.StatusCode != 412 || res.Header.Get("Content-Type") != "application/problem+json" {
			t.Errorf("If-Match: %d %v", res.StatusCode, res.Header)
		}
		res, _ = do(t, c, "PUT", srv.URL+"/doc", "If-Unmodified-Since", "Mon, 01 Jan 2024 00:00:00 GMT")
		if res.StatusCode != 412 {
			t.Errorf("If-Unmodified-Since: %d", res.StatusCode)
		}
		res, _ = do(t, c, "PUT", srv.URL+"/doc", "If-Match", `"doc-v1"`)
		if res.StatusCode != 200 {
			t.Errorf("matching If-Match: %d", res.StatusCode)
		}
	})
	t.Run("206 single", func(t *testing.T) {
		res, body := do(t, c, "GET", srv.URL+"/doc", "Range", "bytes=10-15")
		if res.StatusCode != 206 || body != "abcdef" || res.Header.Get("Content-Range") != "bytes 10-15/36" || res.ContentLength != 6 {
			t.Errorf("%d %q %v", res.StatusCode, body, res.Header)
		}
		res, body = do(t, c, "GET", srv.URL+"/doc", "Range", "bytes=-4", "If-Range", `"doc-v1"`)
		if res.StatusCode != 206 || body != "wxyz" {
			t.Errorf("If-Range: %d %q", res.StatusCode, body)
		}
		res, body = do(t, c, "GET", srv.URL+"/doc", "Range", "bytes=-4", "If-Range", `"doc-v0"`)
		if res.StatusCode != 200 || len(body) != 36 {
			t.Errorf("stale If-Range: %d %q", res.StatusCode, body)
		}
	})
	t.Run("206 multi", func(t *testing.T) {
		res, body := do(t, c, "GET", srv.URL+"/doc", "Range", "bytes=0-2,-3")
		mt, params, err := mime.ParseMediaType(res.Header.Get("Content-Type"))
		if res.StatusCode != 206 || err != nil || mt != "multipart/byteranges" {
			t.Fatalf("%d %v", res.StatusCode, res.Header)
		}
		mr := multipart.NewReader(strings.NewReader(body), params["boundary"])
		var got []string
		for {
			p, err := mr.NextPart()
			if err != nil {
				break
			}
			b, _ := io.ReadAll(p)
			got = append(got, p.Header.Get("Content-Range")+"="+string(b))
		}
		if strings.Join(got, " ") != "bytes 0-2/36=012 bytes 33-35/36=xyz" {
			t.Errorf("parts %q", got)
		}
	})
	t.Run("416", func(t *testing.T) {
		res, _ := do(t, c, "GET", srv.URL+"/doc", "Range", "bytes=100-")
		if res.StatusCode != 416 || res.Header.Get("Content-Range") != "bytes */36" {
			t.Errorf("%d %v", res.StatusCode, res.Header)
		}
	})
	t.Run("cookies", func(t *testing.T) {
		jar, _ := cookiejar.New(nil)
		cj := &http.Client{Jar: jar}
		var counts []int
		for i := 0; i < 3; i++ {
			res, body := do(t, cj, "GET", srv.URL+"/count")
			var v map[string]int
			json.Unmarshal([]byte(body), &v)
			counts = append(counts, v["count"])
			if sc := res.Header.Get("Set-Cookie"); !strings.Contains(sc, "HttpOnly") || !strings.Contains(sc, "SameSite=Lax") {
				t.Errorf("Set-Cookie %q", sc)
			}
		}
		if counts[0] != 1 || counts[2] != 3 {
			t.Errorf("counts %v", counts)
		}
		// A forged cookie does not verify.
		_, body := do(t, c, "GET", srv.URL+"/count", "Cookie", "session=forged")
		if body != `{"count":1}` {
			t.Errorf("forged cookie: %q", body)
		}
	})
	t.Run("errors", func(t *testing.T) {
		res, body := do(t, c, "GET", srv.URL+"/missing", "Accept", "application/problem+json")
		var p map[string]any
		if err := json.Unmarshal([]byte(body), &p); err != nil || res.StatusCode != 404 || p["status"] != 404.0 || p["detail"] != "no such thing" {
			t.Errorf("404: %d %q", res.StatusCode, body)
		}
		res, body = do(t, c, "GET", srv.URL+"/broken")
		if res.StatusCode != 500 || strings.Contains(body, "hunter2") {
			t.Errorf("500: %d %q", res.StatusCode, body)
		}
		noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		res, _ = do(t, noRedirect, "GET", srv.URL+"/old")
		if res.StatusCode != 301 || res.Header.Get("Location") != "/item" {
			t.Errorf("301: %d %q", res.StatusCode, res.Header.Get("Location"))
		}
		res, body = do(t, c, "GET", srv.URL+"/old", "Accept", "application/json")
		if res.StatusCode != 200 || body != `{"name":"widget"}` {
			t.Errorf("followed redirect: %d %q", res.StatusCode, body)
		}
	})
}
