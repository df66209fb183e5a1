package webob

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	wmp "github.com/webob-go/webob/multipart"
)

// multipartBody returns a form-data body holding one file of size bytes,
// padded so that the whole body is exactly total bytes when total > 0.
func multipartBody(t testing.TB, size int) (body []byte, ctype string) {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	w.SetBoundary("XyZ")
	fw, err := w.CreateFormFile("file", "big.bin")
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(bytes.Repeat([]byte("f"), size))
	w.Close()
	return buf.Bytes(), w.FormDataContentType()
}

// multipartOfSize returns a form-data body of exactly total bytes.
func multipartOfSize(t testing.TB, total int) ([]byte, string) {
	empty, ct := multipartBody(t, 0)
	body, _ := multipartBody(t, total-len(empty))
	if len(body) != total {
		t.Fatalf("body of %d bytes, want %d", len(body), total)
	}
	return body, ct
}

// uploadRequest is a POST of body with a known length, or streamed with
// an unknown one (as a chunked request arrives).
func uploadRequest(body []byte, ctype string, known bool, opts *Options) *Request {
	hr := httptest.NewRequest("POST", "/", nil)
	hr.Header.Set("Content-Type", ctype)
	if known {
		hr.Body = io.NopCloser(bytes.NewReader(body))
		hr.ContentLength = int64(len(body))
		hr.Header.Set("Content-Length", strconv.Itoa(len(body)))
	} else {
		hr.Body = io.NopCloser(chunked{bytes.NewReader(body)})
		hr.ContentLength = -1
	}
	return NewRequest(hr, opts)
}

// countingReader counts what is read through it.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

func (c *countingReader) Close() error { return nil }

func TestMaxBodySizeBoundsMultipartForms(t *testing.T) {
	const max = 1 << 20
	opts := &Options{MaxBodyBytes: max}

	// 5 MiB announced: refused before reading a byte.
	big, ct := multipartBody(t, 5<<20)
	r := uploadRequest(big, ct, true, opts)
	cr := &countingReader{r: r.HTTP().Body}
	r.HTTP().Body = cr
	_, err := r.ParseForm()
	wantLimit(t, "5 MiB announced", err, "MaxBodyBytes", max)
	if cr.n != 0 {
		t.Errorf("read %d bytes of a body announced past the limit", cr.n)
	}
	// 5 MiB of unknown length: cut at the limit.
	r = uploadRequest(big, ct, false, opts)
	cr = &countingReader{r: r.HTTP().Body}
	r.HTTP().Body = cr
	_, err = r.ParseForm()
	wantLimit(t, "5 MiB streamed", err, "MaxBodyBytes", max)
	if cr.n > max+64<<10 {
		t.Errorf("read %d bytes past a limit of %d", cr.n, max)
	}

	// At the limit and one byte past it, with either framing.
	for _, known := range []bool{true, false} {
		body, ct := multipartOfSize(t, max)
		r := uploadRequest(body, ct, known, opts)
		if f, err := r.ParseForm(); err != nil || len(r.Files()) != 1 || f.Len() != 0 {
			t.Fatalf("at limit (known %v): %v", known, err)
		}
		r.Cleanup()
		body, ct = multipartOfSize(t, max+1)
		_, err := uploadRequest(body, ct, known, opts).ParseForm()
		wantLimit(t, "limit+1 (known "+strconv.FormatBool(known)+")", err, "MaxBodyBytes", max)
	}

	// The default MaxBodyBytes (10 MiB) applies to forms as well.
	body, ct := multipartOfSize(t, DefaultMaxBodyBytes+1)
	_, err = uploadRequest(body, ct, false, nil).ParseForm()
	wantLimit(t, "default", err, "MaxBodyBytes", DefaultMaxBodyBytes)

	// FormLimits.MaxBodyBytes below MaxBodyBytes: it is checked against
	// Content-Length before reading, too.
	small := &Options{FormLimits: &wmp.Limits{MaxBodyBytes: 1000}}
	body, ct = multipartOfSize(t, 1001)
	r = uploadRequest(body, ct, true, small)
	cr = &countingReader{r: r.HTTP().Body}
	r.HTTP().Body = cr
	_, err = r.ParseForm()
	wantLimit(t, "FormLimits", err, "MaxBodyBytes", 1000)
	if cr.n != 0 {
		t.Errorf("read %d bytes", cr.n)
	}
}

// Through a real server: a 5 MiB upload to a handler with a 1 MiB
// MaxBodyBytes is answered 413.
func TestMaxBodySizeBoundsMultipartUploadsServed(t *testing.T) {
	cfg := &Config{Request: &Options{MaxBodyBytes: 1 << 20}, Logger: discardLogger()}
	srv := httptest.NewServer(cfg.Handler(func(req *Request) (*Response, error) {
		if _, err := req.ParseForm(); err != nil {
			return nil, err
		}
		return Text(200, "stored "+strconv.Itoa(len(req.Files()))), nil
	}))
	defer srv.Close()
	body, ct := multipartBody(t, 5<<20)
	for _, known := range []bool{true, false} {
		req, _ := http.NewRequest("POST", srv.URL, bytes.NewReader(body))
		req.Header.Set("Content-Type", ct)
		if !known {
			req.Body = io.NopCloser(chunked{bytes.NewReader(body)})
			req.ContentLength = -1
		}
		resp, err := srv.Client().Do(req)
		if err != nil {
			// The server may close the connection while the client is
			// still sending; the status was still decided.
			t.Logf("known %v: %v", known, err)
			continue
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusRequestEntityTooLarge {
			t.Errorf("known %v: status %d, want 413", known, resp.StatusCode)
		}
	}
}

func TestMalformedFormContentTypeIs400(t *testing.T) {
	const part = "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--XyZ--\r\n"
	for _, c := range []struct {
		name   string
		ctypes []string
		body   string
	}{
		{"empty boundary", []string{"multipart/form-data; boundary="}, part},
		{"empty quoted boundary", []string{`multipart/form-data; boundary=""`}, part},
		{"duplicate boundary", []string{"multipart/form-data; boundary=XyZ; boundary=XyZ"}, part},
		{"two boundaries", []string{"multipart/form-data; boundary=XyZ; boundary=Other"}, part},
		{"no boundary", []string{"multipart/form-data"}, part},
		{"two Content-Type lines", []string{"multipart/form-data; boundary=XyZ", "text/plain"}, part},
		{"two Content-Type lines, form second", []string{"text/plain", "multipart/form-data; boundary=XyZ"}, part},
		{"two identical lines", []string{"multipart/form-data; boundary=XyZ", "multipart/form-data; boundary=XyZ"}, part},
		{"two urlencoded lines", []string{formURLEncoded, formURLEncoded}, "a=1"},
		{"urlencoded bad params", []string{formURLEncoded + "; charset"}, "a=1"},
	} {
		t.Run(c.name, func(t *testing.T) {
			hr := httptest.NewRequest("POST", "/", strings.NewReader(c.body))
			hr.Header["Content-Type"] = c.ctypes
			r := NewRequest(hr, nil)
			f, err := r.ParseForm()
			if err == nil || ErrorStatus(err) != http.StatusBadRequest || strings.Contains(err.Error(), "\n") {
				t.Fatalf("err %v (status %d), want a 400", err, ErrorStatus(err))
			}
			if f.Len() != 0 || r.Form().Len() != 0 {
				t.Fatalf("form %v", f.Fields())
			}
			if err := r.Bind(&struct {
				A string `url:"a"`
			}{}); ErrorStatus(err) != http.StatusBadRequest {
				t.Fatalf("Bind: %v", err)
			}
			// Through the adapter.
			log, _ := testLogger()
			rec := httptest.NewRecorder()
			hr = httptest.NewRequest("POST", "/", strings.NewReader(c.body))
			hr.Header["Content-Type"] = c.ctypes
			(&Config{Logger: log}).Handler(func(req *Request) (*Response, error) {
				_, err := req.ParseForm()
				return nil, err
			}).ServeHTTP(rec, hr)
			if rec.Code != http.StatusBadRequest {
				t.Fatalf("adapter: %d", rec.Code)
			}
		})
	}
	// Bodies that are no form stay no form, without error.
	for _, ctypes := range [][]string{{"text/plain"}, {"text/plain", "application/json"}, {""}, {"text/plain; charset"}} {
		hr := httptest.NewRequest("POST", "/", strings.NewReader("a=1"))
		hr.Header["Content-Type"] = ctypes
		if f, err := NewRequest(hr, nil).ParseForm(); err != nil || f.Len() != 0 {
			t.Errorf("%q: %v %v", ctypes, f.Fields(), err)
		}
	}
}
