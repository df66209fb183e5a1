package middleware

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
)

func TestObserverRecordsStatusAndSize(t *testing.T) {
	rec := &codesWriter{plainWriter: plainWriter{h: http.Header{}}}
	var o observer
	o.reset(rec)
	var seen int
	o.onHeader = func(code int) { seen = code }
	o.WriteHeader(http.StatusEarlyHints) // 1xx passes, response stays open
	if o.wroteHeader() {
		t.Fatal("a 1xx header counted as the final header")
	}
	o.Write([]byte("abc"))
	io.WriteString(&o, "de")
	o.ReadFrom(strings.NewReader("fgh"))
	if o.status != 200 || seen != 200 || o.size != 8 {
		t.Fatalf("status %d, hook %d, size %d; want 200, 200, 8", o.status, seen, o.size)
	}
	if rec.body.String() != "abcdefgh" || fmt.Sprint(rec.codes) != "[103 200]" {
		t.Fatalf("body %q, codes %v", rec.body.String(), rec.codes)
	}
	o.WriteHeader(500) // superfluous: status stays what was sent
	if o.status != 200 {
		t.Fatalf("status changed to %d after the header was sent", o.status)
	}
}

// codesWriter records the codes and the body it is sent (unlike
// httptest.ResponseRecorder, it lets a 1xx code leave the response open).
type codesWriter struct {
	plainWriter
	codes []int
	body  bytes.Buffer
}

func (c *codesWriter) WriteHeader(code int)        { c.codes = append(c.codes, code) }
func (c *codesWriter) Write(b []byte) (int, error) { return c.body.Write(b) }

// plainWriter supports nothing but the three ResponseWriter methods.
type plainWriter struct{ h http.Header }

func (p *plainWriter) Header() http.Header         { return p.h }
func (p *plainWriter) Write(b []byte) (int, error) { return len(b), nil }
func (p *plainWriter) WriteHeader(int)             {}

func TestObserverWithoutOptionalInterfaces(t *testing.T) {
	var o observer
	o.reset(&plainWriter{h: http.Header{}})
	if err := o.FlushError(); !errors.Is(err, http.ErrNotSupported) {
		t.Fatalf("FlushError = %v, want ErrNotSupported", err)
	}
	if _, _, err := o.Hijack(); !errors.Is(err, http.ErrNotSupported) {
		t.Fatalf("Hijack = %v, want ErrNotSupported", err)
	}
	if n, err := o.ReadFrom(strings.NewReader("xyz")); n != 3 || err != nil {
		t.Fatalf("ReadFrom = %d, %v", n, err)
	}
}

// TestObserverKeepsConnectionFeatures runs a real server: Flush reaches the
// client before the handler returns, ResponseController sets deadlines
// through Unwrap, ReadFrom and Hijack work.
func TestObserverKeepsConnectionFeatures(t *testing.T) {
	acConnectionFeatures(t, func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			var o observer
			o.reset(w)
			next.ServeHTTP(&o, r)
		})
	}, func(*http.Request) {})
}

// TestObserverReadFromUsesUnderlyingReaderFrom: sendfile stays possible.
func TestObserverReadFromUsesUnderlyingReaderFrom(t *testing.T) {
	rf := &readerFromWriter{plainWriter: plainWriter{h: http.Header{}}}
	var o observer
	o.reset(rf)
	o.ReadFrom(strings.NewReader("data"))
	if !rf.used {
		t.Fatal("the underlying ReadFrom was not used")
	}
}

type readerFromWriter struct {
	plainWriter
	used bool
}

func (r *readerFromWriter) ReadFrom(src io.Reader) (int64, error) {
	r.used = true
	return io.Copy(io.Discard, src)
}
