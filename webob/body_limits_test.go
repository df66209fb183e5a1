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
	if err := d.Bind(&v, &BindOptions{MaxItems: -1}); err != nil || len(v.Comma) != DefaultMaxParams+1 {
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
	if took > timeBound {
		t.Errorf("took %v", took)
	}
	// The body and its one pair are ~3 MiB; an item per comma was ~244 MB.
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 16<<20 {
		t.Errorf("allocated %d bytes", alloc)
	}
}

var _ = io.EOF
var _ = strconv.Itoa
