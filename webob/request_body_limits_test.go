package webob

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/webob-go/webob/internal/race"
	"github.com/webob-go/webob/multipart"
)

// formPost returns a urlencoded POST of body under opts.
func formPost(body string, opts *Options) *Request {
	hr := httptest.NewRequest("POST", "/", strings.NewReader(body))
	hr.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return NewRequest(hr, opts)
}

// wantLimit fails unless err is a *multipart.LimitError for limit and max
// that the adapters answer with 413.
func wantLimit(t *testing.T, what string, err error, limit string, max int64) {
	t.Helper()
	var le *multipart.LimitError
	if !errors.As(err, &le) || le.Limit != limit || le.Max != max || !errors.Is(err, multipart.ErrLimit) {
		t.Fatalf("%s: got %v, want limit %s (%d)", what, err, limit, max)
	}
	if s := ErrorStatus(err); s != http.StatusRequestEntityTooLarge {
		t.Fatalf("%s: status %d, want 413", what, s)
	}
}

func TestBindSplitItemsCountAgainstMaxParams(t *testing.T) {
	type T struct {
		Comma []string `url:"tag,comma"`
		Space []string `url:"w,space"`
		Semi  []string `url:"s,semicolon"`
		Del   []int    `url:"d" del:"|"`
		Plain []string `url:"p"`
	}
	opts := &Options{MaxParams: 6}
	for _, c := range []struct{ name, atLimit, past string }{
		{"comma", "tag=a,b,c,d,e,f", "tag=a,b,c,d,e,f,g"},
		{"space", "w=a+b+c+d+e+f", "w=a+b+c+d+e+f+g"},
		{"semicolon", "s=a%3Bb%3Bc%3Bd%3Be%3Bf", "s=a%3Bb%3Bc%3Bd%3Be%3Bf%3Bg"},
		{"del", "d=1|2|3|4|5|6", "d=1|2|3|4|5|6|7"},
		{"empty items", "tag=,,,,,", "tag=,,,,,,"},
		{"across values", "tag=a,b&tag=c,d&tag=e,f", "tag=a,b&tag=c,d&tag=e,f,g"},
		{"across fields", "tag=a,b,c&w=d+e&p=f", "tag=a,b,c&w=d+e&p=f&p=g"},
		{"indexed", "p=a&p[1]=b&p[2]=c&tag=d,e,f", "p=a&p[1]=b&p[2]=c&tag=d,e,f,g"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var v T
			if err := formPost(c.atLimit, opts).Bind(&v); err != nil {
				t.Fatalf("at limit: %v", err)
			}
			n := len(v.Comma) + len(v.Space) + len(v.Semi) + len(v.Del) + len(v.Plain)
			if n != 6 {
				t.Fatalf("at limit: %d items, want 6: %+v", n, v)
			}
			err := formPost(c.past, opts).Bind(&T{})
			wantLimit(t, "limit+1", err, "MaxParams", 6)
		})
	}
	// MultiDict.Bind: DefaultMaxParams unless told, negative is no limit.
	d := NewMultiDict(Field{Name: "tag", Value: strings.Repeat(",", DefaultMaxParams-1)})
	var v T
	if err := d.Bind(&v, nil); err != nil || len(v.Comma) != DefaultMaxParams {
		t.Fatalf("default at limit: %d %v", len(v.Comma), err)
	}
	d = NewMultiDict(Field{Name: "tag", Value: strings.Repeat(",", DefaultMaxParams)})
	wantLimit(t, "default limit+1", d.Bind(&T{}, nil), "MaxParams", DefaultMaxParams)
	v = T{}
	if err := d.Bind(&v, &Options{MaxParams: -1}); err != nil || len(v.Comma) != DefaultMaxParams+1 {
		t.Fatalf("no limit: %d %v", len(v.Comma), err)
	}
}

// A 1 MiB body of commas for a comma-split slice field fails quickly,
// without allocating an item per comma.
func TestBindSplitItemsBoundedMemory(t *testing.T) {
	type T struct {
		Tags []string `url:"tag,comma"`
	}
	body := "tag=" + strings.Repeat(",", 1<<20)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	err := formPost(body, nil).Bind(&T{})
	took := time.Since(start)
	runtime.ReadMemStats(&after)
	wantLimit(t, "1 MiB of commas", err, "MaxParams", DefaultMaxParams)
	if took > race.TimeBound {
		t.Errorf("took %v", took)
	}
	// The body and its one pair are ~3 MiB; an item per comma was ~244 MB.
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 16<<20 {
		t.Errorf("allocated %d bytes", alloc)
	}
}

// oneByteThenEOF is a body that announces more than it sends: one byte,
// then io.ErrUnexpectedEOF, as net/http's body reader reports a client
// that went away.
type oneByteThenEOF struct{ sent bool }

func (o *oneByteThenEOF) Read(p []byte) (int, error) {
	if !o.sent && len(p) > 0 {
		o.sent = true
		p[0] = 'x'
		return 1, nil
	}
	return 0, io.ErrUnexpectedEOF
}

func (o *oneByteThenEOF) Close() error { return nil }

func TestBodyBufferGrowsAsDataArrives(t *testing.T) {
	const announced = 10 << 20
	const requests = 20
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for range requests {
		hr := httptest.NewRequest("POST", "/", nil)
		hr.Body = &oneByteThenEOF{}
		hr.ContentLength = announced
		hr.Header.Set("Content-Length", strconv.Itoa(announced))
		_, err := NewRequest(hr, nil).Body()
		if !errors.Is(err, ErrBodyRead) || !errors.Is(err, io.ErrUnexpectedEOF) {
			t.Fatalf("truncated body: %v", err)
		}
	}
	runtime.ReadMemStats(&after)
	// 20 requests announcing 10 MiB each cost 200 MB when the buffer
	// was sized by the announcement; now each costs the first buffer.
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > requests*(firstBodyBuffer+16<<10) {
		t.Errorf("%d requests announcing %d bytes and sending 1 allocated %d bytes", requests, announced, alloc)
	}

	// A body that does arrive is read whole, at every size around the
	// first buffer, with a known or unknown length.
	for _, size := range []int{0, 1, firstBodyBuffer - 1, firstBodyBuffer, firstBodyBuffer + 1, 3*firstBodyBuffer + 7} {
		body := strings.Repeat("b", size)
		for _, known := range []bool{true, false} {
			hr := httptest.NewRequest("POST", "/", nil)
			if known {
				hr.Body = io.NopCloser(strings.NewReader(body))
				hr.ContentLength = int64(size)
			} else {
				hr.Body = io.NopCloser(chunked{strings.NewReader(body)})
				hr.ContentLength = -1
			}
			b, err := NewRequest(hr, nil).Body()
			if err != nil || string(b) != body {
				t.Fatalf("size %d known %v: %d bytes, %v", size, known, len(b), err)
			}
		}
	}

	// The same for messages parsed with ParseRequest.
	runtime.GC()
	runtime.ReadMemStats(&before)
	for range requests {
		msg := "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: " + strconv.Itoa(announced) + "\r\n\r\nx"
		if _, err := ParseRequest([]byte(msg), nil); !errors.Is(err, ErrMalformedMessage) {
			t.Fatalf("ParseRequest short body: %v", err)
		}
	}
	runtime.ReadMemStats(&after)
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > requests*(firstBodyBuffer+32<<10) {
		t.Errorf("ParseRequest: %d messages announcing %d bytes and holding 1 allocated %d bytes", requests, announced, alloc)
	}
}
