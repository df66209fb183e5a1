package compat

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"os"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/webob-go/webob/middleware"
)

// rawRecord builds one record as an upstream would send it.
func rawRecord(typ uint8, id uint16, content []byte) []byte {
	b := []byte{fcgiVersion1, typ, byte(id >> 8), byte(id), byte(len(content) >> 8), byte(len(content)), 0, 0}
	return append(b, content...)
}

func stdoutRecords(s string) []byte {
	var b []byte
	for len(s) > 0 {
		n := min(len(s), fcgiMaxContent)
		b = append(b, rawRecord(fcgiStdout, 1, []byte(s[:n]))...)
		s = s[n:]
	}
	return append(b, rawRecord(fcgiStdout, 1, nil)...)
}

func endRecord(protocolStatus byte) []byte {
	return rawRecord(fcgiEndRequest, 1, []byte{0, 0, 0, 0, protocolStatus, 0, 0, 0})
}

// fakeRequest is what the fake upstream read of one request.
type fakeRequest struct {
	params map[string]string
	stdin  []byte
	keep   bool
}

// decodePairs decodes the name-value pairs of one FCGI_PARAMS record.
func decodePairs(b []byte, into map[string]string) bool {
	readLen := func() (int, bool) {
		if len(b) == 0 {
			return 0, false
		}
		if b[0] < 128 {
			n := int(b[0])
			b = b[1:]
			return n, true
		}
		if len(b) < 4 {
			return 0, false
		}
		n := int(binary.BigEndian.Uint32(b) &^ (1 << 31))
		b = b[4:]
		return n, true
	}
	for len(b) > 0 {
		nl, ok1 := readLen()
		vl, ok2 := readLen()
		if !ok1 || !ok2 || nl+vl > len(b) {
			return false
		}
		into[string(b[:nl])] = string(b[nl : nl+vl])
		b = b[nl+vl:]
	}
	return true
}

// fakeUpstream serves FastCGI on a loopback port; reply answers each
// request by writing raw bytes and says whether to keep the connection.
func fakeUpstream(t *testing.T, reply func(c net.Conn, req *fakeRequest) bool) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	t.Cleanup(func() { l.Close(); wg.Wait() })
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer c.Close()
				rr := &recordReader{br: bufio.NewReader(c)}
				for {
					req := &fakeRequest{params: map[string]string{}}
					for {
						h, err := rr.next()
						if err != nil {
							return
						}
						content := make([]byte, h.length)
						if rr.readContent(content) != nil || rr.skip(int(h.padding)) != nil {
							return
						}
						switch h.typ {
						case fcgiBeginRequest:
							req.keep = content[2]&fcgiKeepConn != 0
						case fcgiParams:
							if !decodePairs(content, req.params) {
								t.Errorf("a FCGI_PARAMS record that does not decode on its own")
								return
							}
						case fcgiStdin:
							req.stdin = append(req.stdin, content...)
						}
						if h.typ == fcgiStdin && h.length == 0 {
							break
						}
					}
					if !reply(c, req) || !req.keep {
						return
					}
				}
			}()
		}
	}()
	return l.Addr().String()
}

// fakeRoot is a document root with one script, /x.php.
func fakeRoot(t *testing.T) string {
	dir := t.TempDir()
	if err := os.WriteFile(dir+"/x.php", []byte("<?php"), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func serveOnce(h http.Handler, target string) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", target, nil))
	return rec
}

func TestFastCGIResponseFailuresAre502(t *testing.T) {
	cases := []struct {
		name  string
		reply []byte
		want  int
		body  string
	}{
		{"HeaderTooLarge", append(stdoutRecords("X-Big: "+strings.Repeat("a", 2000)+"\r\n\r\nbody"), endRecord(0)...), 502, "MaxHeaderBytes (1024)"},
		{"HeaderNeverEnds", append(stdoutRecords("Content-Type: text/plain\r\n"), endRecord(0)...), 502, "malformed"},
		{"EmptyResponse", endRecord(0), 502, "malformed"},
		{"ObsFold", append(stdoutRecords("A: b\r\n c\r\n\r\n"), endRecord(0)...), 502, "malformed"},
		{"CRInValue", append(stdoutRecords("A: b\rc\r\n\r\n"), endRecord(0)...), 502, "malformed"},
		{"BadFieldName", append(stdoutRecords("A b: c\r\n\r\n"), endRecord(0)...), 502, "malformed"},
		{"BadStatus", append(stdoutRecords("Status: 2x0\r\n\r\n"), endRecord(0)...), 502, "malformed"},
		{"InformationalStatus", append(stdoutRecords("Status: 101\r\n\r\n"), endRecord(0)...), 502, "malformed"},
		{"StatusAbove599", append(stdoutRecords("Status: 600\r\n\r\n"), endRecord(0)...), 502, "malformed"},
		{"TwoStatuses", append(stdoutRecords("Status: 200\r\nStatus: 404\r\n\r\n"), endRecord(0)...), 502, "malformed"},
		{"BadContentLength", append(stdoutRecords("Content-Length: -1\r\n\r\n"), endRecord(0)...), 502, "malformed"},
		{"RecordVersion2", []byte{2, fcgiStdout, 0, 1, 0, 0, 0, 0}, 502, "failed"},
		{"OtherRequestID", rawRecord(fcgiStdout, 7, []byte("x")), 502, "failed"},
		{"UnknownRecordType", rawRecord(42, 1, nil), 502, "failed"},
		{"ShortEndRequest", rawRecord(fcgiEndRequest, 1, []byte{0, 0}), 502, "failed"},
		{"ClosedBeforeEnd", stdoutRecords("A: b\r\n\r\n")[:10], 502, "failed"},
		{"ClosedWithoutEnd", nil, 502, "failed"},
		{"UnknownRole", endRecord(fcgiUnknownRole), 502, "failed"},
		{"Overloaded", endRecord(fcgiOverloaded), 503, "overloaded"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			addr := fakeUpstream(t, func(c net.Conn, _ *fakeRequest) bool {
				c.Write(tc.reply)
				return false
			})
			logs := &logCapture{}
			h := FastCGI(&FastCGIOptions{Address: addr, Root: fakeRoot(t), MaxHeaderBytes: 1024, Logger: slog.New(logs)})
			rec := serveOnce(h, "/x.php")
			if rec.Code != tc.want || !strings.Contains(rec.Body.String(), tc.body) {
				t.Errorf("%d %q, want %d with %q", rec.Code, rec.Body, tc.want, tc.body)
			}
			if !strings.Contains(logs.all(), "upstream failure") {
				t.Errorf("not logged: %s", logs.all())
			}
		})
	}
}

func TestFastCGIResponseHeaderAtTheLimitPasses(t *testing.T) {
	block := "X: " + strings.Repeat("a", 1024-3) // exactly 1024 bytes
	for _, tc := range []struct {
		block string
		want  int
	}{{block, 200}, {block + "a", 502}} {
		addr := fakeUpstream(t, func(c net.Conn, _ *fakeRequest) bool {
			c.Write(append(stdoutRecords(tc.block+"\r\n\r\n"), endRecord(0)...))
			return false
		})
		h := FastCGI(&FastCGIOptions{Address: addr, Root: fakeRoot(t), MaxHeaderBytes: 1024, Logger: slog.New(&logCapture{})})
		if rec := serveOnce(h, "/x.php"); rec.Code != tc.want {
			t.Errorf("block of %d bytes: %d", len(tc.block), rec.Code)
		}
	}
}

func TestFastCGIHeaderStatusAndBodyAcrossRecords(t *testing.T) {
	addr := fakeUpstream(t, func(c net.Conn, _ *fakeRequest) bool {
		// The blank line split across records, a management record, and stderr in between.
		c.Write(rawRecord(fcgiStdout, 1, []byte("Status: 404 Not Here\r\nTransfer-Encoding: chunked\r\nX-A: 1\r")))
		c.Write(rawRecord(fcgiGetValuesResult, 0, []byte{}))
		c.Write(rawRecord(fcgiStdout, 1, []byte("\n\r")))
		c.Write(rawRecord(fcgiStderr, 1, []byte("warn\n")))
		c.Write(rawRecord(fcgiStdout, 1, []byte("\nbo")))
		c.Write(append(stdoutRecords("dy"), endRecord(0)...))
		return false
	})
	h := FastCGI(&FastCGIOptions{Address: addr, Root: fakeRoot(t), Logger: slog.New(&logCapture{})})
	rec := serveOnce(h, "/x.php")
	if rec.Code != 404 || rec.Body.String() != "body" || rec.Header().Get("X-A") != "1" {
		t.Errorf("%d %q %v", rec.Code, rec.Body, rec.Header())
	}
	if rec.Header().Get("Transfer-Encoding") != "" {
		t.Errorf("hop-by-hop field passed on")
	}
}

func TestFastCGIFailedConnectionIsNotPooled(t *testing.T) {
	var n atomic.Int64
	addr := fakeUpstream(t, func(c net.Conn, _ *fakeRequest) bool {
		if n.Add(1) == 1 {
			c.Write(append(stdoutRecords("bad header line\r\n\r\n"), endRecord(0)...))
			return true // the upstream would go on; the client must not
		}
		c.Write(append(stdoutRecords("A: b\r\n\r\nok"), endRecord(0)...))
		return true
	})
	dials := &countingDialer{}
	h := FastCGI(&FastCGIOptions{Address: addr, Root: fakeRoot(t), MaxIdleConns: 2, DialContext: dials.DialContext, Logger: slog.New(&logCapture{})})
	defer h.(io.Closer).Close()
	if rec := serveOnce(h, "/x.php"); rec.Code != 502 {
		t.Fatalf("first: %d", rec.Code)
	}
	for range 3 {
		if rec := serveOnce(h, "/x.php"); rec.Code != 200 || rec.Body.String() != "ok" {
			t.Fatalf("%d %q", rec.Code, rec.Body)
		}
	}
	if got := dials.n.Load(); got != 2 {
		t.Errorf("%d dials, want 2 (one after the failure, then reuse)", got)
	}
}

func TestFastCGIStaleKeptConnectionIsRetried(t *testing.T) {
	addr := fakeUpstream(t, func(c net.Conn, _ *fakeRequest) bool {
		c.Write(append(stdoutRecords("A: b\r\n\r\nok"), endRecord(0)...))
		return false // closes although asked to keep it, as a restarted worker does
	})
	dials := &countingDialer{}
	h := FastCGI(&FastCGIOptions{Address: addr, Root: fakeRoot(t), MaxIdleConns: 1, DialContext: dials.DialContext, Logger: slog.New(&logCapture{})})
	defer h.(io.Closer).Close()
	for i := range 3 {
		if rec := serveOnce(h, "/x.php"); rec.Code != 200 || rec.Body.String() != "ok" {
			t.Fatalf("request %d: %d %q", i, rec.Code, rec.Body)
		}
		time.Sleep(20 * time.Millisecond) // let the close arrive
	}
	if got := dials.n.Load(); got != 3 {
		t.Errorf("%d dials, want 3", got)
	}
}

func TestFastCGIUpstreamCutAfterHeaderAbortsTheResponse(t *testing.T) {
	addr := fakeUpstream(t, func(c net.Conn, _ *fakeRequest) bool {
		c.Write(rawRecord(fcgiStdout, 1, []byte("A: b\r\n\r\npart")))
		return false // no FCGI_END_REQUEST
	})
	h := FastCGI(&FastCGIOptions{Address: addr, Root: fakeRoot(t), Logger: slog.New(&logCapture{})})
	srv := httptest.NewServer(h)
	defer srv.Close()
	resp, err := srv.Client().Get(srv.URL + "/x.php")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err == nil {
		t.Errorf("cut response read as complete: %q", b)
	}
}

func TestFastCGIStderrIsBounded(t *testing.T) {
	addr := fakeUpstream(t, func(c net.Conn, _ *fakeRequest) bool {
		for i := 0; i < 100; i++ {
			c.Write(rawRecord(fcgiStderr, 1, []byte(strings.Repeat("e", 99)+"\n")))
		}
		c.Write(rawRecord(fcgiStderr, 1, []byte(strings.Repeat("L", 10000)))) // one long line
		c.Write(append(stdoutRecords("A: b\r\n\r\n"), endRecord(0)...))
		return false
	})
	logs := &logCapture{}
	h := FastCGI(&FastCGIOptions{Address: addr, Root: fakeRoot(t), MaxStderrBytes: 1000, Logger: slog.New(logs)})
	if rec := serveOnce(h, "/x.php"); rec.Code != 200 {
		t.Fatalf("%d", rec.Code)
	}
	all := logs.all()
	if n := strings.Count(all, "fastcgi stderr script"); n != 10 {
		t.Errorf("%d stderr records, want 10", n)
	}
	if !strings.Contains(all, "truncated at MaxStderrBytes") || !strings.Contains(all, "dropped_bytes=19000") {
		t.Errorf("no count of the dropped bytes: %s", all)
	}
}

func TestFastCGIParamsNeverStraddleRecords(t *testing.T) {
	var got map[string]string
	addr := fakeUpstream(t, func(c net.Conn, req *fakeRequest) bool {
		got = req.params
		c.Write(append(stdoutRecords("A: b\r\n\r\n"), endRecord(0)...))
		return false
	})
	h := FastCGI(&FastCGIOptions{Address: addr, Root: fakeRoot(t), Logger: slog.New(&logCapture{})})
	req := httptest.NewRequest("GET", "/x.php", nil)
	for i := 0; i < 40; i++ {
		req.Header.Set("X-Fill-"+string(rune('A'+i%26))+string(rune('a'+i/26)), strings.Repeat("v", 5000))
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != 200 || len(got["HTTP_X_FILL_AA"]) != 5000 || len(got["HTTP_X_FILL_NB"]) != 5000 {
		t.Errorf("%d, %d params", rec.Code, len(got))
	}
	// One header too large for any record.
	req = httptest.NewRequest("GET", "/x.php", nil)
	req.Header.Set("X-Huge", strings.Repeat("v", fcgiMaxContent))
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != 431 {
		t.Errorf("huge header: %d", rec.Code)
	}
}

func TestFastCGIRequestBodyStreamedToStdin(t *testing.T) {
	var got []byte
	var params map[string]string
	addr := fakeUpstream(t, func(c net.Conn, req *fakeRequest) bool {
		got, params = req.stdin, req.params
		c.Write(append(stdoutRecords("A: b\r\n\r\n"), endRecord(0)...))
		return false
	})
	h := FastCGI(&FastCGIOptions{Address: addr, Root: fakeRoot(t), Logger: slog.New(&logCapture{})})
	body := bytes.Repeat([]byte("0123456789abcdef"), 20000) // several records
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("POST", "/x.php", bytes.NewReader(body)))
	if rec.Code != 200 || !bytes.Equal(got, body) || params["CONTENT_LENGTH"] != "320000" {
		t.Errorf("%d, %d bytes, CONTENT_LENGTH %q", rec.Code, len(got), params["CONTENT_LENGTH"])
	}
	// Over the declared-length limit: 413 without the upstream.
	h = FastCGI(&FastCGIOptions{Address: "127.0.0.1:1", Root: fakeRoot(t), MaxRequestBodyBytes: 100, Logger: slog.New(&logCapture{})})
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("POST", "/x.php", bytes.NewReader(make([]byte, 101))))
	if rec.Code != 413 || !strings.Contains(rec.Body.String(), "MaxRequestBodyBytes (100)") {
		t.Errorf("%d %q", rec.Code, rec.Body)
	}
}

func TestFastCGIMaxConnsBusyIs503(t *testing.T) {
	release := make(chan struct{})
	addr := fakeUpstream(t, func(c net.Conn, _ *fakeRequest) bool {
		<-release
		c.Write(append(stdoutRecords("A: b\r\n\r\n"), endRecord(0)...))
		return false
	})
	h := FastCGI(&FastCGIOptions{Address: addr, Root: fakeRoot(t), MaxConns: 1, DialTimeout: 100 * time.Millisecond, Logger: slog.New(&logCapture{})})
	first := make(chan int)
	go func() { first <- serveOnce(h, "/x.php").Code }()
	time.Sleep(50 * time.Millisecond)
	rec := serveOnce(h, "/x.php")
	close(release)
	if rec.Code != 503 || !strings.Contains(rec.Body.String(), "MaxConns") {
		t.Errorf("second: %d %q", rec.Code, rec.Body)
	}
	if code := <-first; code != 200 {
		t.Errorf("first: %d", code)
	}
}

func TestFastCGIDialTimeoutIs504(t *testing.T) {
	h := FastCGI(&FastCGIOptions{Address: "192.0.2.1:9000", Root: fakeRoot(t), DialTimeout: 50 * time.Millisecond,
		DialContext: func(ctx context.Context, network, address string) (net.Conn, error) {
			<-ctx.Done()
			return nil, ctx.Err()
		}, Logger: slog.New(&logCapture{})})
	if rec := serveOnce(h, "/x.php"); rec.Code != 504 {
		t.Errorf("%d %q", rec.Code, rec.Body)
	}
}

func TestFastCGIRootNotSetIs500(t *testing.T) {
	h := FastCGI(&FastCGIOptions{Address: "127.0.0.1:1", Logger: slog.New(&logCapture{})})
	if rec := serveOnce(h, "/x.php"); rec.Code != 500 {
		t.Errorf("%d", rec.Code)
	}
}

func TestSplitScriptPathIsASCIIFirstMatch(t *testing.T) {
	exts := []string{".php", ".phps"}
	cases := []struct{ path, script, info string }{
		{"/a.php", "/a.php", ""},
		{"/a.php/b/c", "/a.php", "/b/c"},
		{"/A.PHP/b", "/A.PHP", "/b"},
		{"/a.php/b.php/c", "/a.php", "/b.php/c"},   // first match
		{"/a.phpx/b.php/c", "/a.phpx/b.php", "/c"}, // a match must end a segment
		{"/a.phps/x", "/a.phps", "/x"},
		{"/a.php.txt", "/a.php.txt", ""},
		{"/a.phpſ/x", "/a.phpſ/x", ""},         // ſ folds to s in Unicode, not here
		{"/ȺȺȺ.php/x", "/ȺȺȺ.php", "/x"},       // lengths that change under Unicode lowering
		{"/a.p\u0130p/x", "/a.p\u0130p/x", ""}, // İ is not i
		{"/", "/", ""},
	}
	for _, tc := range cases {
		s, i := splitScriptPath(tc.path, exts)
		if s != tc.script || i != tc.info {
			t.Errorf("%q: %q %q, want %q %q", tc.path, s, i, tc.script, tc.info)
		}
		if s+i != tc.path {
			t.Errorf("%q: split loses bytes", tc.path)
		}
	}
}

func TestJoinUnderRefusesASiblingOfTheRoot(t *testing.T) {
	cases := []struct {
		root, name string
		ok         bool
	}{
		{"/var/www/html", "/index.php", true},
		{"/var/www/html", "/", true},
		{"/var/www/html", "/../html2/x.php", false},
		{"/var/www/html", "../html2/x.php", false},
		{"/var/www/html", "/a/../../html2/x.php", false},
		{"/var/www/html", "/x\x00.php", false},
		{"/", "/etc/x.php", true},
	}
	for _, tc := range cases {
		full, ok := joinUnder(tc.root, tc.name)
		if ok != tc.ok {
			t.Errorf("%q under %q: %q %v, want %v", tc.name, tc.root, full, ok, tc.ok)
		}
		if ok && strings.HasPrefix(full, "/var/www/html2") {
			t.Errorf("%q: sibling passed", full)
		}
	}
}

func TestHasDotDotSegment(t *testing.T) {
	for p, want := range map[string]bool{
		"/..": true, "/../x": true, "/a/../b": true, "/a/..": true,
		"/..a": false, "/a..": false, "/a/.../b": false, "/a.b": false, "/": false,
	} {
		if got := hasDotDotSegment(p); got != want {
			t.Errorf("%q: %v", p, got)
		}
	}
}

func TestParseCGIHeaderValuesAreSafe(t *testing.T) {
	h := http.Header{}
	status, err := parseCGIHeader([]byte("Location: /x\nX-A:  spaced \t\r\nSet-Cookie: a=1\nSet-Cookie: b=2"), h)
	if err != nil || status != 302 || h.Get("X-A") != "spaced" || len(h["Set-Cookie"]) != 2 {
		t.Errorf("%d %v %v", status, err, h)
	}
	if _, err := parseCGIHeader([]byte("A: b\x00c"), http.Header{}); !errors.Is(err, errBadResponseHeader) {
		t.Errorf("NUL accepted: %v", err)
	}
}

func TestFastCGIErrorsReadAsOneLine(t *testing.T) {
	for _, err := range []error{
		errFastCGIProtocol, protocolError("x"), errParamTooLarge, errBadResponseHeader, badHeader("x"),
		errPoolBusy, errClientGone, errShortBody, errHeaderTooLarge, errOverloaded, errNoEnd, errBodyOverContentLength,
		&bodyReadError{errors.New("compat: x")}, &upstreamWriteError{errors.New("x")},
	} {
		msg := err.Error()
		if strings.ContainsAny(msg, "\r\n") || !strings.HasPrefix(msg, "compat: fastcgi: ") {
			t.Errorf("%q", msg)
		}
	}
	if !errors.Is(protocolError("x"), errFastCGIProtocol) || !errors.Is(badHeader("x"), errBadResponseHeader) {
		t.Errorf("details do not match their sentinels")
	}
}

func TestFastCGIBodyOverContentLengthAbortsAndBodyOn304IsDropped(t *testing.T) {
	var reply atomic.Value
	addr := fakeUpstream(t, func(c net.Conn, _ *fakeRequest) bool {
		c.Write(append(stdoutRecords(reply.Load().(string)), endRecord(0)...))
		return false
	})
	logs := &logCapture{}
	h := FastCGI(&FastCGIOptions{Address: addr, Root: fakeRoot(t), Logger: slog.New(logs)})
	srv := httptest.NewServer(h)
	defer srv.Close()

	// The response is aborted: the client never gets "longer" as a
	// complete body.
	reply.Store("Content-Length: 2\r\n\r\nlonger")
	resp, err := srv.Client().Get(srv.URL + "/x.php")
	if err == nil {
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if string(b) == "longer" {
			t.Errorf("body over Content-Length passed")
		}
	}
	if !strings.Contains(logs.all(), "longer than its Content-Length") {
		t.Errorf("logs: %s", logs.all())
	}

	reply.Store("Status: 304\r\n\r\nnot allowed")
	resp, err = srv.Client().Get(srv.URL + "/x.php")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 304 || len(b) != 0 {
		t.Errorf("%d %q", resp.StatusCode, b)
	}
}

func TestFastCGIReadTimeoutCountsFromTheEndOfASlowUpload(t *testing.T) {
	var got int
	addr := fakeUpstream(t, func(c net.Conn, req *fakeRequest) bool {
		got = len(req.stdin)
		c.Write(append(stdoutRecords("A: b\r\n\r\nok"), endRecord(0)...))
		return false
	})
	h := FastCGI(&FastCGIOptions{Address: addr, Root: fakeRoot(t), ReadTimeout: 150 * time.Millisecond, Logger: slog.New(&logCapture{})})
	pr, pw := io.Pipe()
	go func() {
		for range 10 { // 500 ms in all, longer than ReadTimeout
			time.Sleep(50 * time.Millisecond)
			pw.Write([]byte("0123456789"))
		}
		pw.Close()
	}()
	req := httptest.NewRequest("POST", "/x.php", pr)
	req.ContentLength = 100
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != 200 || got != 100 {
		t.Errorf("%d %q, upstream got %d bytes", rec.Code, rec.Body, got)
	}
}

func TestFastCGIIdleConnectionClosedAfterIdleTimeout(t *testing.T) {
	addr := fakeUpstream(t, func(c net.Conn, _ *fakeRequest) bool {
		c.Write(append(stdoutRecords("A: b\r\n\r\nok"), endRecord(0)...))
		return true
	})
	dials := &countingDialer{}
	h := FastCGI(&FastCGIOptions{Address: addr, Root: fakeRoot(t), MaxIdleConns: 1, IdleTimeout: 50 * time.Millisecond,
		DialContext: dials.DialContext, Logger: slog.New(&logCapture{})})
	defer h.(io.Closer).Close()
	serveOnce(h, "/x.php")
	serveOnce(h, "/x.php") // reused
	time.Sleep(200 * time.Millisecond)
	if rec := serveOnce(h, "/x.php"); rec.Code != 200 {
		t.Fatalf("%d", rec.Code)
	}
	if n := dials.n.Load(); n != 2 {
		t.Errorf("%d dials, want 2", n)
	}
}

// REQUEST_SCHEME follows the same judgement as HTTPS: "https" behind a
// trusted TLS-terminating proxy (it used to say "http" there, next to
// HTTPS=on), "http" for an absolute-form https target sent over plain
// HTTP (where both used to claim TLS).
func TestFastCGIRequestSchemeAgreesWithHTTPS(t *testing.T) {
	got := make(chan map[string]string, 1)
	addr := fakeUpstream(t, func(c net.Conn, req *fakeRequest) bool {
		got <- req.params
		c.Write(append(stdoutRecords("A: b\r\n\r\nok"), endRecord(0)...))
		return false
	})
	h := FastCGI(&FastCGIOptions{Address: addr, Root: fakeRoot(t), Logger: slog.New(&logCapture{})})
	plain := httptest.NewServer(h)
	defer plain.Close()
	proxied := httptest.NewServer(middleware.ProxyHeaders(&middleware.ProxyOptions{
		TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")},
	})(h))
	defer proxied.Close()
	for _, tc := range []struct {
		srv         *httptest.Server
		line, https string
		scheme      string
	}{
		{plain, "GET https://example.com/x.php HTTP/1.1", "", "http"},
		{proxied, "GET /x.php HTTP/1.1", "on", "https"},
	} {
		if body := rawGet(t, tc.srv, tc.line); body != "ok" {
			t.Fatalf("%s: %q", tc.line, body)
		}
		p := <-got
		if p["HTTPS"] != tc.https || p["REQUEST_SCHEME"] != tc.scheme {
			t.Errorf("%s: HTTPS %q REQUEST_SCHEME %q, want %q %q", tc.line, p["HTTPS"], p["REQUEST_SCHEME"], tc.https, tc.scheme)
		}
	}
}

// An upstream that writes more after FCGI_END_REQUEST on a kept
// connection (here a whole second response) must not have those records
// taken for the answer to the next request: every request uses request
// ID 1, so nothing else tells them apart. The connection is dropped
// whether the extra bytes came with the end record or while it was
// idle.
func TestFastCGIRecordsAfterEndRequestNeverAnswerTheNextRequest(t *testing.T) {
	for _, later := range []bool{false, true} {
		var n atomic.Int64
		addr := fakeUpstream(t, func(c net.Conn, _ *fakeRequest) bool {
			if n.Add(1) == 1 {
				c.Write(append(stdoutRecords("A: b\r\n\r\nfirst"), endRecord(0)...))
				if later {
					time.Sleep(50 * time.Millisecond)
				}
				c.Write(append(stdoutRecords("A: b\r\n\r\nSMUGGLED"), endRecord(0)...))
				return true
			}
			c.Write(append(stdoutRecords("A: b\r\n\r\nsecond"), endRecord(0)...))
			return true
		})
		dials := &countingDialer{}
		h := FastCGI(&FastCGIOptions{Address: addr, Root: fakeRoot(t), MaxIdleConns: 2, DialContext: dials.DialContext, Logger: slog.New(&logCapture{})})
		if rec := serveOnce(h, "/x.php"); rec.Body.String() != "first" {
			t.Fatalf("later=%v: first answer %d %q", later, rec.Code, rec.Body)
		}
		time.Sleep(150 * time.Millisecond) // the extra records arrive
		if rec := serveOnce(h, "/x.php"); rec.Code != 200 || rec.Body.String() != "second" {
			t.Errorf("later=%v: second request got %d %q", later, rec.Code, rec.Body)
		}
		if got := dials.n.Load(); got != 2 {
			t.Errorf("later=%v: %d dials, want 2", later, got)
		}
		h.(io.Closer).Close()
	}
}

// settled waits for f to report true, up to two seconds.
func settled(f func() bool) bool {
	for deadline := time.Now().Add(2 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if f() {
			return true
		}
	}
	return f()
}

func openFDs() int {
	e, _ := os.ReadDir("/proc/self/fd")
	return len(e)
}

// Many requests through every path — kept connections, failures, a
// client that leaves mid-body, a read timeout, CGI runs with and without
// a body — then Close: no file descriptor and no goroutine stays behind.
func TestFastCGIAndCGIAppLeaveNoFDsOrGoroutines(t *testing.T) {
	if _, err := os.Stat("/proc/self/fd"); err != nil {
		t.Skip("needs /proc/self/fd")
	}
	addr := fakeUpstream(t, func(c net.Conn, req *fakeRequest) bool {
		switch req.params["QUERY_STRING"] {
		case "garbage":
			c.Write([]byte("garbage"))
			return false
		case "stall":
			// Header, part of the body, then silence: a read timeout
			// or a client that goes away.
			c.Write(rawRecord(fcgiStdout, 1, []byte("A: b\r\n\r\npart")))
			time.Sleep(300 * time.Millisecond)
			return false
		}
		c.Write(append(stdoutRecords("A: b\r\n\r\nok"), endRecord(0)...))
		return true
	})
	log := slog.New(&logCapture{})
	root := fakeRoot(t)
	app := &CGIApp{Path: cgiScript(t, "cat >/dev/null; printf 'Content-Type: text/plain\\n\\nok'\n"), Logger: log}
	round := func() {
		h := FastCGI(&FastCGIOptions{Address: addr, Root: root, MaxIdleConns: 2, MaxConns: 4, ReadTimeout: 100 * time.Millisecond, Logger: log})
		srv := httptest.NewServer(h)
		for i := range 6 {
			ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
			req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL+"/x.php?stall", nil)
			if resp, err := srv.Client().Do(req); err == nil {
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
			cancel()
			func() {
				defer func() {
					if v := recover(); v != http.ErrAbortHandler {
						t.Errorf("stalled response: recovered %v, want http.ErrAbortHandler", v)
					}
				}()
				serveOnce(h, "/x.php?stall") // cut after its header: aborted
			}()
			serveOnce(h, "/x.php?garbage")
			serveOnce(h, "/x.php?ok")
			body := strings.NewReader(strings.Repeat("b", i*1000))
			w := httptest.NewRecorder()
			app.ServeHTTP(w, httptest.NewRequest("POST", "/", body))
		}
		// Two connections left idle for Close to end.
		var wg sync.WaitGroup
		for range 2 {
			wg.Go(func() { serveOnce(h, "/x.php?ok") })
		}
		wg.Wait()
		srv.Close()
		h.(io.Closer).Close()
	}
	round() // warm up: pools of buffers, the test server's goroutines
	fds, gs := openFDs(), runtime.NumGoroutine()
	round()
	if !settled(func() bool { return openFDs() <= fds && runtime.NumGoroutine() <= gs }) {
		t.Errorf("file descriptors %d -> %d, goroutines %d -> %d", fds, openFDs(), gs, runtime.NumGoroutine())
	}
}

// A request body that fails part way (here over a MaxBytesHandler limit
// set in front of the handler) is answered at once; the upstream, still
// waiting for the rest of its stdin, used to hold the request (and a
// php-fpm worker) for the whole ReadTimeout.
func TestFastCGIFailedRequestBodyAnswersWithoutWaitingForReadTimeout(t *testing.T) {
	addr := fakeUpstream(t, func(c net.Conn, _ *fakeRequest) bool {
		c.Write(append(stdoutRecords("A: b\r\n\r\nok"), endRecord(0)...))
		return false
	})
	h := FastCGI(&FastCGIOptions{Address: addr, Root: fakeRoot(t), ReadTimeout: 5 * time.Second, Logger: slog.New(&logCapture{})})
	start := time.Now()
	w := httptest.NewRecorder()
	http.MaxBytesHandler(h, 10).ServeHTTP(w, httptest.NewRequest("POST", "/x.php", strings.NewReader(strings.Repeat("a", 100))))
	if w.Code != 413 {
		t.Errorf("%d %q", w.Code, w.Body)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("answered after %v", d)
	}
}

// An upstream that accepts the connection but stops reading the request
// body answers 504 after WriteTimeout, naming it; it used to wait for
// ReadTimeout (60 s by default) and blame that.
func TestFastCGIUpstreamNotReadingTheBodyIs504AfterWriteTimeout(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var conns []net.Conn
	var mu sync.Mutex
	t.Cleanup(func() {
		l.Close()
		mu.Lock()
		for _, c := range conns {
			c.Close()
		}
		mu.Unlock()
	})
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c) // held open, never read
			mu.Unlock()
		}
	}()
	h := FastCGI(&FastCGIOptions{Address: l.Addr().String(), Root: fakeRoot(t), WriteTimeout: 200 * time.Millisecond, ReadTimeout: 10 * time.Second, Logger: slog.New(&logCapture{})})
	start := time.Now()
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest("POST", "/x.php", strings.NewReader(strings.Repeat("a", 20<<20))))
	if w.Code != 504 || !strings.Contains(w.Body.String(), "WriteTimeout") {
		t.Errorf("%d %q", w.Code, w.Body)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("answered after %v", d)
	}
}

// panicWriter is a ResponseWriter whose Write panics, as a wrapper that
// aborts a response does.
type panicWriter struct{ *httptest.ResponseRecorder }

func (panicWriter) Write([]byte) (int, error) { panic(http.ErrAbortHandler) }

// A panic from the ResponseWriter in the middle of a response used to
// lose the connection's MaxConns slot for good: with MaxConns 1, every
// later request waited DialTimeout and got 503.
func TestFastCGIPanickingResponseWriterDoesNotLeakAMaxConnsSlot(t *testing.T) {
	addr := fakeUpstream(t, func(c net.Conn, _ *fakeRequest) bool {
		c.Write(append(stdoutRecords("A: b\r\n\r\nok"), endRecord(0)...))
		return false
	})
	h := FastCGI(&FastCGIOptions{Address: addr, Root: fakeRoot(t), MaxConns: 1, DialTimeout: 300 * time.Millisecond, Logger: slog.New(&logCapture{})})
	func() {
		defer func() {
			if v := recover(); v != http.ErrAbortHandler {
				t.Fatalf("recovered %v", v)
			}
		}()
		h.ServeHTTP(panicWriter{httptest.NewRecorder()}, httptest.NewRequest("GET", "/x.php", nil))
	}()
	if rec := serveOnce(h, "/x.php"); rec.Code != 200 || rec.Body.String() != "ok" {
		t.Errorf("after the panic: %d %q", rec.Code, rec.Body)
	}
}
