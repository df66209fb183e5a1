package webob

import (
	"bufio"
	"errors"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/webob-go/webob/internal/race"
)

// endlessReader serves prefix, then fill bytes without end. So that a
// missing limit fails the test instead of eating the machine, it reports
// an error once more than stop bytes were asked of it.
type endlessReader struct {
	prefix string
	fill   byte
	n      int64
	stop   int64
}

var errEndlessStop = errors.New("endless reader: read far past any limit")

func (e *endlessReader) Read(p []byte) (int, error) {
	if e.n > e.stop {
		return 0, errEndlessStop
	}
	n := 0
	if e.n < int64(len(e.prefix)) {
		n = copy(p, e.prefix[e.n:])
	}
	for i := n; i < len(p); i++ {
		p[i] = e.fill
	}
	e.n += int64(len(p))
	return len(p), nil
}

const chunkedHead = "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n"

func TestReadRequestTrailerSectionIsCapped(t *testing.T) {
	// One endless trailer line: the read stops at the limit with a limit
	// error, quickly and in bounded memory.
	src := &endlessReader{prefix: chunkedHead + "X-Endless: ", fill: 'a', stop: 16 * MaxHeaderBytes}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	_, err := ReadRequest(bufio.NewReader(src), nil)
	took := time.Since(start)
	runtime.ReadMemStats(&after)
	wantLimit(t, "endless trailer line", err, "MaxHeaderBytes", MaxHeaderBytes)
	if !strings.Contains(err.Error(), "trailer") {
		t.Errorf("error does not name the trailer section: %v", err)
	}
	if took > race.TimeBound {
		t.Errorf("took %v", took)
	}
	if src.n > 2*MaxHeaderBytes {
		t.Errorf("read %d bytes for a %d byte limit", src.n, MaxHeaderBytes)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 8*MaxHeaderBytes {
		t.Errorf("allocated %d bytes", alloc)
	}

	// Endless short trailer lines: the same.
	lines := &repeatReader{head: chunkedHead, line: "X-A: 1\r\n", stop: 16 * MaxHeaderBytes}
	_, err = ReadRequest(bufio.NewReader(lines), nil)
	wantLimit(t, "endless trailer lines", err, "MaxHeaderBytes", MaxHeaderBytes)

	// At the limit and one byte past it, through ParseRequest: the trailer
	// section counts every byte of its lines and of the empty line.
	section := func(size int) string {
		const name, end = "X-Pad: ", "\r\n\r\n"
		return name + strings.Repeat("p", size-len(name)-len(end)) + end
	}
	msg := chunkedHead + section(MaxHeaderBytes)
	r, err := ParseRequest([]byte(msg), nil)
	if err != nil {
		t.Fatalf("at limit: %v", err)
	}
	if got := len(r.HTTP().Trailer.Get("X-Pad")); got != MaxHeaderBytes-11 {
		t.Fatalf("at limit: trailer value of %d bytes", got)
	}
	_, err = ParseRequest([]byte(chunkedHead+section(MaxHeaderBytes+1)), nil)
	wantLimit(t, "limit+1", err, "MaxHeaderBytes", MaxHeaderBytes)
}

// repeatReader serves head, then line over and over, and fails past
// stop bytes (see endlessReader).
type repeatReader struct {
	head, line string
	n, stop    int64
}

func (r *repeatReader) Read(p []byte) (int, error) {
	if r.n > r.stop {
		return 0, errEndlessStop
	}
	for i := range p {
		if r.n < int64(len(r.head)) {
			p[i] = r.head[r.n]
		} else {
			p[i] = r.line[(r.n-int64(len(r.head)))%int64(len(r.line))]
		}
		r.n++
	}
	return len(p), nil
}

// A handler that parses a client's message with ParseRequest and returns
// the error answers 400: the input was bad, not the server.
func TestMalformedMessageIsBadRequest(t *testing.T) {
	for name, msg := range map[string]string{
		"bad chunk size": "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
		"short body":     "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 100\r\n\r\n12345678",
		"trailing data":  "GET / HTTP/1.1\r\nHost: h\r\n\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n",
		"folded trailer": chunkedHead + "X-A: 1\r\n continued\r\n\r\n",
	} {
		_, err := ParseRequest([]byte(msg), nil)
		if err == nil || ErrorStatus(err) != 400 {
			t.Errorf("%s: %v (status %d)", name, err, ErrorStatus(err))
		}
	}
}
