package middleware

import (
	"bufio"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/webob-go/webob/webob"
)

// notFoundWith answers 404 with a header and a body that must never
// reach the client.
func notFoundWith(tag string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Leak", tag)
		w.Header().Set("Set-Cookie", "leak="+tag)
		w.WriteHeader(http.StatusNotFound)
		_, _ = w.Write([]byte("leaked " + tag))
	})
}

func TestCascadeDiscardsFallThroughAnswersHeadersToo(t *testing.T) {
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Answer", "b")
		_, _ = w.Write([]byte("from b"))
	})
	h := Cascade(nil, notFoundWith("a"), ok, notFoundWith("c"))
	rec := get(h, "http://h/x")
	if rec.Code != 200 || rec.Body.String() != "from b" || rec.Header().Get("X-Answer") != "b" {
		t.Errorf("got %d %q %v", rec.Code, rec.Body.String(), rec.Header())
	}
	if rec.Header().Get("X-Leak") != "" || rec.Header().Get("Set-Cookie") != "" {
		t.Errorf("a fall-through header leaked: %v", rec.Header())
	}
}

func TestCascadeSendsLastAnswerAsIs(t *testing.T) {
	h := Cascade(nil, notFoundWith("a"), notFoundWith("last"))
	rec := get(h, "http://h/x")
	if rec.Code != 404 || rec.Body.String() != "leaked last" || rec.Header().Get("X-Leak") != "last" {
		t.Errorf("got %d %q %v", rec.Code, rec.Body.String(), rec.Header())
	}
}

func TestCascadeConfigurableStatusesFallThrough(t *testing.T) {
	methodNotAllowed := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Allow", "GET")
		w.WriteHeader(405)
	})
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(201) })
	if rec := get(Cascade(nil, methodNotAllowed, ok), "http://h/"); rec.Code != 405 {
		t.Errorf("default set: %d", rec.Code)
	}
	if rec := get(Cascade(&CascadeOptions{Statuses: []int{404, 405}}, methodNotAllowed, ok), "http://h/"); rec.Code != 201 || rec.Header().Get("Allow") != "" {
		t.Errorf("404+405: %d %v", rec.Code, rec.Header())
	}
}

func TestCascadeHandlerWritingNothingAnswers200(t *testing.T) {
	silent := http.HandlerFunc(func(http.ResponseWriter, *http.Request) {})
	called := false
	next := http.HandlerFunc(func(http.ResponseWriter, *http.Request) { called = true })
	if rec := get(Cascade(nil, silent, next), "http://h/"); rec.Code != 200 || called {
		t.Errorf("code %d, next called %v", rec.Code, called)
	}
}

func TestCascadeKeepsOuterHeadersOnlyForTheAnswer(t *testing.T) {
	h := Cascade(nil, notFoundWith("a"), http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte("ok"))
	}))
	outer := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Vary", "Accept")
		h.ServeHTTP(w, r)
	})
	rec := get(outer, "http://h/")
	if rec.Header().Get("Vary") != "Accept" || rec.Header().Get("X-Leak") != "" {
		t.Errorf("header %v", rec.Header())
	}
	// A committed try's answer replaces the header with its own view,
	// which started from the outer header.
	h = Cascade(nil, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Del("Vary")
		w.WriteHeader(200)
	}), notFoundWith("b"))
	outer = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Vary", "Accept")
		h.ServeHTTP(w, r)
	})
	if rec := get(outer, "http://h/"); rec.Header().Get("Vary") != "" {
		t.Errorf("deleted header came back: %v", rec.Header())
	}
}

// bodyReader reads the whole body and falls through with 404 (fall)
// or answers it.
func bodyReader(fall bool, got *[]string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, err := io.ReadAll(r.Body)
		if err != nil {
			*got = append(*got, "error: "+err.Error())
			w.WriteHeader(webob.ErrorStatus(err))
			return
		}
		*got = append(*got, string(b))
		if fall {
			w.WriteHeader(404)
			return
		}
		_, _ = w.Write(b)
	})
}

func TestCascadeReplaysBodyToEachTry(t *testing.T) {
	for _, size := range []int{0, 10, 4096, 4097, 100000} {
		body := strings.Repeat("x", size)
		var got []string
		partial := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			b := make([]byte, 3)
			n, _ := io.ReadFull(r.Body, b)
			got = append(got, string(b[:n]))
			w.WriteHeader(404)
		})
		dir := t.TempDir()
		h := Cascade(&CascadeOptions{TempDir: dir}, partial, bodyReader(true, &got), bodyReader(false, &got))
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("POST", "http://h/", strings.NewReader(body)))
		if rec.Body.String() != body || len(got) != 3 || got[1] != body || got[2] != body || got[0] != body[:min(3, size)] {
			t.Errorf("size %d: answer %d bytes, tries saw %d", size, rec.Body.Len(), len(got))
		}
		if left, _ := filepath.Glob(filepath.Join(dir, "*")); len(left) != 0 {
			t.Errorf("size %d: temp files left: %v", size, left)
		}
	}
}

func TestCascadeSpillsBodyPastMemoryLimitToTempFile(t *testing.T) {
	dir := t.TempDir()
	sawFile := false
	probe := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.ReadAll(r.Body)
		files, _ := os.ReadDir(dir)
		sawFile = len(files) == 1
		w.WriteHeader(404)
	})
	var got []string
	h := Cascade(&CascadeOptions{MemoryLimit: 16, TempDir: dir}, probe, bodyReader(false, &got))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("POST", "http://h/", strings.NewReader(strings.Repeat("y", 100))))
	if !sawFile || rec.Body.Len() != 100 {
		t.Errorf("file %v, body %d", sawFile, rec.Body.Len())
	}
}

func TestCascadeBodyPastMaxBodySizeIs413(t *testing.T) {
	var got []string
	h := Cascade(&CascadeOptions{MaxBodySize: 10}, bodyReader(true, &got), bodyReader(false, &got))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("POST", "http://h/", strings.NewReader(strings.Repeat("z", 11))))
	if rec.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("code %d, tries %q", rec.Code, got)
	}
	// Exactly at the cap is fine.
	got = nil
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("POST", "http://h/", strings.NewReader(strings.Repeat("z", 10))))
	if rec.Code != 200 || rec.Body.Len() != 10 {
		t.Errorf("at cap: %d %d", rec.Code, rec.Body.Len())
	}
}

func TestCascadeBodyLimitAnsweredByWebobHandlerWith413(t *testing.T) {
	var got []string
	wh := webob.HandlerFunc(func(req *webob.Request) (*webob.Response, error) {
		if _, err := req.Body(); err != nil {
			return nil, err
		}
		return nil, webob.NotFound()
	})
	h := Cascade(&CascadeOptions{MaxBodySize: 10}, wh, bodyReader(false, &got))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("POST", "http://h/", strings.NewReader(strings.Repeat("z", 50))))
	if rec.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("code %d", rec.Code)
	}
}

func TestCascadeAroundWebobHandlerFuncs(t *testing.T) {
	miss := webob.HandlerFunc(func(req *webob.Request) (*webob.Response, error) {
		return nil, webob.NotFound("not here")
	})
	hit := webob.HandlerFunc(func(req *webob.Request) (*webob.Response, error) {
		b, err := req.Body()
		if err != nil {
			return nil, err
		}
		return webob.Text(200, "hit "+string(b)), nil
	})
	rec := httptest.NewRecorder()
	Cascade(nil, miss, hit).ServeHTTP(rec, httptest.NewRequest("PUT", "http://h/", strings.NewReader("data")))
	if rec.Code != 200 || rec.Body.String() != "hit data" {
		t.Errorf("%d %q", rec.Code, rec.Body.String())
	}
	rec = get(Cascade(nil), "http://h/")
	if rec.Code != 404 {
		t.Errorf("no handlers: %d", rec.Code)
	}
}

func TestCascadeDropsInformationalOfFallThroughTries(t *testing.T) {
	hints := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Link", "</a.css>; rel=preload")
		w.WriteHeader(http.StatusEarlyHints)
		w.WriteHeader(404)
	})
	cw := &codesWriter{plainWriter: plainWriter{h: http.Header{}}}
	Cascade(nil, hints, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(204) })).
		ServeHTTP(cw, httptest.NewRequest("GET", "/", nil))
	if len(cw.codes) != 1 || cw.codes[0] != 204 || cw.h.Get("Link") != "" {
		t.Errorf("codes %v header %v", cw.codes, cw.h)
	}
}

func TestCascadeKeepsConnectionFeatures(t *testing.T) {
	flushed := make(chan struct{})
	h := Cascade(nil, notFoundWith("a"), http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/flush":
			rc := http.NewResponseController(w)
			if err := rc.SetWriteDeadline(time.Now().Add(time.Minute)); err != nil {
				t.Errorf("SetWriteDeadline: %v", err)
			}
			_, _ = w.Write([]byte("first\n"))
			if err := rc.Flush(); err != nil {
				t.Errorf("Flush: %v", err)
			}
			<-flushed
			_, _ = w.Write([]byte("second\n"))
		case "/hijack":
			c, rw, err := http.NewResponseController(w).Hijack()
			if err != nil {
				t.Errorf("Hijack: %v", err)
				return
			}
			defer c.Close()
			_, _ = rw.WriteString("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nhi")
			_ = rw.Flush()
		}
	}))
	// The middle handler of a three-way cascade uses the try writer.
	mid := Cascade(nil, notFoundWith("x"), h, notFoundWith("z"))
	srv := httptest.NewServer(mid)
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/flush")
	if err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(resp.Body).ReadString('\n')
	close(flushed)
	if err != nil || line != "first\n" {
		t.Errorf("flushed line %q, %v", line, err)
	}
	resp.Body.Close()
	resp, err = http.Get(srv.URL + "/hijack")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(b) != "hi" {
		t.Errorf("hijacked body %q", b)
	}
}

func TestCascadeTryWriterReadFromUsesUnderlyingReaderFrom(t *testing.T) {
	rf := &readerFromWriter{}
	rf.h = http.Header{}
	tw := &tryWriter{w: rf, h: http.Header{}, pass: &[500]bool{}}
	n, err := tw.ReadFrom(strings.NewReader("abc"))
	if err != nil || n != 3 || !rf.used {
		t.Errorf("n %d err %v used %v", n, err, rf.used)
	}
	// A discarded try's ReadFrom drains without writing.
	var pass [500]bool
	pass[404-100] = true
	rf2 := &readerFromWriter{}
	tw = &tryWriter{w: rf2, h: http.Header{}, pass: &pass}
	tw.WriteHeader(404)
	if _, err := tw.ReadFrom(strings.NewReader("abc")); err != nil || rf2.used {
		t.Errorf("discarded: err %v used %v", err, rf2.used)
	}
	if _, _, err := tw.Hijack(); !errors.Is(err, http.ErrNotSupported) {
		t.Errorf("hijack of discarded try: %v", err)
	}
}

func TestCascadeBodyTooLargeErrorIsMaxBytesErrorAnd413(t *testing.T) {
	var err error = &BodyTooLargeError{Limit: 10}
	var mbe *http.MaxBytesError
	if !errors.As(err, &mbe) || mbe.Limit != 10 || webob.ErrorStatus(err) != 413 {
		t.Errorf("As %v, status %d", errors.As(err, &mbe), webob.ErrorStatus(err))
	}
	if strings.Contains(err.Error(), "\n") || !strings.HasPrefix(err.Error(), "middleware: cascade: ") {
		t.Errorf("message %q", err.Error())
	}
}
