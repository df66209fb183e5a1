package compat

import (
	"bufio"
	"bytes"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/webob-go/webob/headers"
	"github.com/webob-go/webob/internal/race"
)

// FuzzFastCGIResponse feeds hostile upstream bytes to the record reader
// and the response parser: they never panic, and whatever reaches the
// client's header is safe to write.
func FuzzFastCGIResponse(f *testing.F) {
	f.Add(append(stdoutRecords("Status: 201\r\nA: b\r\n\r\nbody"), endRecord(0)...))
	f.Add(append(stdoutRecords("Location: /x\n\n"), endRecord(0)...))
	f.Add(append(rawRecord(fcgiStderr, 1, []byte("e\nf")), endRecord(fcgiOverloaded)...))
	f.Add(rawRecord(fcgiGetValuesResult, 0, []byte{1, 1, 'a', 'b'}))
	f.Add([]byte{1, fcgiStdout, 0, 1, 255, 255, 255, 0})
	f.Fuzz(func(t *testing.T, b []byte) {
		rec := httptest.NewRecorder()
		fr := fcgiResponse{w: rec, maxHeader: 256, stderr: fcgiStderrLog{max: 64}}
		err := fr.read(&recordReader{br: bufio.NewReader(bytes.NewReader(b))}, nil)
		fr.stderr.finish()
		if err == nil && !fr.committed {
			t.Fatalf("complete response without a header")
		}
		for k, vs := range rec.Header() {
			if !headers.ValidFieldName(k) {
				t.Fatalf("field name %q", k)
			}
			for _, v := range vs {
				if !headers.SafeFieldValue(v) {
					t.Fatalf("field value %q", v)
				}
			}
		}
		if fr.committed && (rec.Code < 200 || rec.Code > 599) {
			t.Fatalf("status %d", rec.Code)
		}
	})
}

// FuzzCGIResponseHeader checks the header block parser, and that finding
// the blank line piece by piece agrees with one search.
func FuzzCGIResponseHeader(f *testing.F) {
	f.Add([]byte("Status: 404 Not Found\r\nContent-Type: text/html\r\n\r\nbody"), 7)
	f.Add([]byte("\r\n"), 1)
	f.Add([]byte("A: b\n \tfold\n\n"), 3)
	f.Fuzz(func(t *testing.T, b []byte, cut int) {
		block, body, ok := headerEnd(b, 0)
		if cut < 0 || cut > len(b) {
			cut = len(b) / 2
		}
		b2, body2, ok2 := headerEnd(b[:cut], 0)
		if !ok2 {
			b2, body2, ok2 = headerEnd(b, max(0, cut-3))
		}
		if ok != ok2 || (ok && (block != b2 || body != body2)) {
			t.Fatalf("piecewise search %d %d %v, whole %d %d %v", b2, body2, ok2, block, body, ok)
		}
		if !ok {
			block = len(b)
		}
		h := http.Header{}
		status, err := parseCGIHeader(b[:block], h)
		if err != nil {
			if !errors.Is(err, errBadResponseHeader) {
				t.Fatalf("untyped error %v", err)
			}
			return
		}
		if status < 200 || status > 599 {
			t.Fatalf("status %d", status)
		}
		for k, vs := range h {
			for _, v := range vs {
				if !headers.ValidFieldName(k) || !headers.SafeFieldValue(v) || strings.TrimSpace(v) != v && strings.Trim(v, " \t") != v {
					t.Fatalf("%q: %q", k, v)
				}
			}
		}
	})
}

// A header block of about 1 MB arriving one byte per record is scanned
// in linear time.
func TestFastCGIHeaderInTinyRecordsIsLinear(t *testing.T) {
	var b bytes.Buffer
	line := []byte("X-A: b\n")
	for b.Len() < 8<<20 {
		for _, c := range line {
			b.Write(rawRecord(fcgiStdout, 1, []byte{c}))
		}
	}
	b.Write(rawRecord(fcgiStdout, 1, []byte("\n")))
	b.Write(endRecord(0))
	start := time.Now()
	fr := fcgiResponse{w: httptest.NewRecorder(), maxHeader: 2 << 20}
	err := fr.read(&recordReader{br: bufio.NewReader(bytes.NewReader(b.Bytes()))}, nil)
	if err != nil || !fr.committed {
		t.Errorf("err %v", err)
	}
	if d := time.Since(start); d > race.TimeBound {
		t.Errorf("took %v", d)
	}
}
