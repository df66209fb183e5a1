package compat

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/webob-go/webob/middleware"
)

func init() {
	exportedErrors["ErrMalformedCGIResponse"] = ErrMalformedCGIResponse
	exportedErrors["ErrCGIHeaderTooLarge"] = ErrCGIHeaderTooLarge
	exportedErrors["ErrCGIBodyTooLarge"] = ErrCGIBodyTooLarge
	exportedErrors["ErrCGITimeout"] = ErrCGITimeout
	exportedErrors["ErrCGIStart"] = ErrCGIStart
	exportedErrors["ErrRequestBodyTooLarge"] = ErrRequestBodyTooLarge
}

// cgiScript writes a /bin/sh CGI program with body into a temporary
// directory (mode 0755, so no file mode has to survive a checkout) and
// returns its path.
func cgiScript(t *testing.T, body string) string {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("CGI test programs are shell scripts")
	}
	if _, err := os.Stat("/bin/sh"); err != nil {
		t.Skip("no /bin/sh")
	}
	p := filepath.Join(t.TempDir(), "prog.cgi")
	if err := os.WriteFile(p, []byte("#!/bin/sh\n"+body), 0o755); err != nil {
		t.Fatal(err)
	}
	return p
}

// logBuffer is a goroutine-safe buffer for a slog text handler.
type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func testLogger() (*slog.Logger, *logBuffer) {
	buf := &logBuffer{}
	return slog.New(slog.NewTextHandler(buf, &slog.HandlerOptions{Level: slog.LevelDebug})), buf
}

func serveCGI(app *CGIApp, r *http.Request) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	app.ServeHTTP(w, r)
	return w
}

// envLines parses "NAME=value" lines of env output.
func envLines(s string) map[string]string {
	m := map[string]string{}
	for _, l := range strings.Split(s, "\n") {
		if k, v, ok := strings.Cut(l, "="); ok {
			m[k] = v
		}
	}
	return m
}

const printEnv = "printf 'Content-Type: text/plain\\n\\n'\nenv\n"

func TestCGIAppScriptSeesMetaVariablesButNoHTTPProxy(t *testing.T) {
	app := &CGIApp{Path: cgiScript(t, printEnv)}
	r := httptest.NewRequest("GET", "http://example.com/x/y?a=1", nil)
	r.Header.Set("Proxy", "http://evil.example:3128")
	r.Header.Set("X-Custom", "v")
	w := serveCGI(app, r)
	if w.Code != 200 || w.Header().Get("Content-Type") != "text/plain" {
		t.Fatalf("status %d %v %s", w.Code, w.Header(), w.Body)
	}
	env := envLines(w.Body.String())
	for k, v := range map[string]string{
		"GATEWAY_INTERFACE": "CGI/1.1", "REQUEST_METHOD": "GET", "PATH_INFO": "/x/y", "QUERY_STRING": "a=1",
		"HTTP_X_CUSTOM": "v", "SERVER_NAME": "example.com", "SCRIPT_FILENAME": app.Path, "REMOTE_ADDR": "192.0.2.1",
	} {
		if env[k] != v {
			t.Errorf("%s = %q, want %q", k, env[k], v)
		}
	}
	if v, ok := env["HTTP_PROXY"]; ok {
		t.Errorf("HTTP_PROXY = %q", v)
	}
}

func TestCGIAppPassesOnlyAllowListedParentEnv(t *testing.T) {
	t.Setenv("WEBOB_TEST_SECRET", "s3cret")
	t.Setenv("WEBOB_TEST_OK", "ok")
	app := &CGIApp{Path: cgiScript(t, printEnv), InheritEnv: []string{"WEBOB_TEST_OK"}, Env: []string{"EXTRA=1"}}
	env := envLines(serveCGI(app, httptest.NewRequest("GET", "/", nil)).Body.String())
	if env["WEBOB_TEST_OK"] != "ok" || env["EXTRA"] != "1" || env["PATH"] != "/usr/local/bin:/usr/bin:/bin" {
		t.Errorf("WEBOB_TEST_OK %q EXTRA %q PATH %q", env["WEBOB_TEST_OK"], env["EXTRA"], env["PATH"])
	}
	if _, ok := env["WEBOB_TEST_SECRET"]; ok {
		t.Error("a variable not in InheritEnv reached the program")
	}
}

const echoBody = "printf 'Content-Type: text/plain\\n\\n'\necho \"len=$CONTENT_LENGTH\"\ncat\n"

func TestCGIAppPostBodyReachesStdin(t *testing.T) {
	app := &CGIApp{Path: cgiScript(t, echoBody)}
	w := serveCGI(app, httptest.NewRequest("POST", "/", strings.NewReader("a=1&b=2")))
	if got := w.Body.String(); got != "len=7\na=1&b=2" {
		t.Errorf("body %q", got)
	}
}

func TestCGIAppChunkedBodyIsSpooledWithContentLength(t *testing.T) {
	app := &CGIApp{Path: cgiScript(t, echoBody)}
	for _, size := range []int{10, spoolMemory + 5000} {
		srv := httptest.NewServer(app)
		body := strings.Repeat("x", size)
		pr, pw := io.Pipe()
		go func() { io.WriteString(pw, body); pw.Close() }()
		req, _ := http.NewRequest("POST", srv.URL, pr) // unknown length: sent chunked
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		srv.Close()
		if want := "len=" + strconv.Itoa(size) + "\n" + body; resp.StatusCode != 200 || string(got) != want {
			t.Errorf("size %d: status %d, body of %d bytes starting %.20q", size, resp.StatusCode, len(got), got)
		}
	}
}

func TestCGIAppChunkedBodyOverLimitIs413(t *testing.T) {
	marker := filepath.Join(t.TempDir(), "ran")
	app := &CGIApp{Path: cgiScript(t, "touch "+marker+"\n"+echoBody), MaxRequestBodyBytes: 100}
	for _, n := range []int{100, 101} {
		r := httptest.NewRequest("POST", "/", strings.NewReader(strings.Repeat("x", n)))
		r.ContentLength = -1
		w := serveCGI(app, r)
		if n == 100 && w.Code != 200 {
			t.Errorf("at the limit: %d %s", w.Code, w.Body)
		}
		if n == 101 && (w.Code != 413 || !strings.Contains(w.Body.String(), "MaxRequestBodyBytes")) {
			t.Errorf("over the limit: %d %s", w.Code, w.Body)
		}
	}
	// Known length over the limit: refused before the program runs.
	os.Remove(marker)
	w := serveCGI(app, httptest.NewRequest("POST", "/", strings.NewReader(strings.Repeat("x", 101))))
	if w.Code != 413 {
		t.Errorf("known length: %d", w.Code)
	}
	if _, err := os.Stat(marker); err == nil {
		t.Error("the program ran for a body over the limit")
	}
}

func TestCGIAppStatusHeadersAndHopByHop(t *testing.T) {
	app := &CGIApp{Path: cgiScript(t, "printf 'Status: 404 Gone Fishing\\r\\nContent-Type: text/html\\r\\nX-A: 1\\r\\nX-A: 2\\r\\nConnection: close\\r\\n\\r\\nnot here'\n")}
	w := serveCGI(app, httptest.NewRequest("GET", "/", nil))
	if w.Code != 404 || w.Body.String() != "not here" || len(w.Header()["X-A"]) != 2 {
		t.Errorf("%d %v %q", w.Code, w.Header(), w.Body)
	}
	if w.Header().Get("Connection") != "" || w.Header().Get("Status") != "" {
		t.Errorf("passed through: %v", w.Header())
	}
}

func TestCGIAppClientRedirectIs302(t *testing.T) {
	app := &CGIApp{Path: cgiScript(t, "printf 'Location: https://example.com/next\\n\\n'\n")}
	w := serveCGI(app, httptest.NewRequest("GET", "/", nil))
	if w.Code != 302 || w.Header().Get("Location") != "https://example.com/next" {
		t.Errorf("%d %v", w.Code, w.Header())
	}
}

func TestCGIAppLocalRedirectIsServedInternally(t *testing.T) {
	var got *http.Request
	app := &CGIApp{
		Path: cgiScript(t, "printf 'Location: /other?x=1\\n\\n'\n"),
		LocalRedirect: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			got = r
			io.WriteString(w, "internal")
		}),
	}
	w := serveCGI(app, httptest.NewRequest("POST", "/", strings.NewReader("body")))
	if w.Code != 200 || w.Body.String() != "internal" || got == nil || got.Method != "GET" || got.URL.Path != "/other" || got.URL.RawQuery != "x=1" {
		t.Fatalf("%d %q %+v", w.Code, w.Body, got)
	}
	// A network-path reference is not local: it goes to the client.
	app.Path = cgiScript(t, "printf 'Location: //evil.example/\\n\\n'\n")
	got = nil
	if w := serveCGI(app, httptest.NewRequest("GET", "/", nil)); w.Code != 302 || got != nil {
		t.Errorf("//host: %d, handler called %v", w.Code, got != nil)
	}
	// Without LocalRedirect, a local path goes to the client too.
	app.LocalRedirect = nil
	app.Path = cgiScript(t, "printf 'Location: /other\\n\\n'\n")
	if w := serveCGI(app, httptest.NewRequest("GET", "/", nil)); w.Code != 302 || w.Header().Get("Location") != "/other" {
		t.Errorf("no handler: %d %v", w.Code, w.Header())
	}
}

func TestCGIAppHeaderOverCapIs502NamingLimit(t *testing.T) {
	// The header section is exactly 64 bytes with its line ends.
	line := "X-Pad: " + strings.Repeat("p", 64-len("X-Pad: ")-2)
	for _, tc := range []struct {
		max  int
		code int
	}{{64, 200}, {63, 502}} {
		app := &CGIApp{Path: cgiScript(t, "printf '"+line+"\\n\\nbody'\n"), MaxHeaderBytes: tc.max}
		w := serveCGI(app, httptest.NewRequest("GET", "/", nil))
		if w.Code != tc.code {
			t.Errorf("MaxHeaderBytes %d: %d %s", tc.max, w.Code, w.Body)
		}
		if tc.code == 502 && !strings.Contains(w.Body.String(), "MaxHeaderBytes") {
			t.Errorf("answer does not name the limit: %s", w.Body)
		}
	}
}

func TestCGIAppMalformedResponseIs502AndOnlyLogged(t *testing.T) {
	for name, body := range map[string]string{
		"no colon":     "printf 'this is not a header\\n\\n'\n",
		"bad status":   "printf 'Status: abc\\n\\n'\n",
		"status 1xx":   "printf 'Status: 100 Continue\\n\\n'\n",
		"bad length":   "printf 'Content-Length: -5\\n\\n'\n",
		"nothing":      "exit 3\n",
		"bad name":     "printf 'Bad Name: x\\n\\n'\n",
		"folded value": "printf 'X-A: 1\\n  folded\\n\\n'\n",
	} {
		app := &CGIApp{Path: cgiScript(t, body)}
		w := serveCGI(app, httptest.NewRequest("GET", "/", nil))
		if w.Code != 502 || !strings.Contains(w.Body.String(), "malformed CGI response") {
			t.Errorf("%s: %d %s", name, w.Code, w.Body)
		}
		if strings.Contains(w.Body.String(), "not a header") || strings.Contains(w.Body.String(), "exit status") {
			t.Errorf("%s: the program's output or exit status reached the client: %s", name, w.Body)
		}
	}
}

func TestCGIAppProgramThatDoesNotStartIs502WithoutItsPath(t *testing.T) {
	log, logs := testLogger()
	app := &CGIApp{Path: filepath.Join(t.TempDir(), "missing.cgi"), Logger: log}
	w := serveCGI(app, httptest.NewRequest("GET", "/", nil))
	if w.Code != 502 || strings.Contains(w.Body.String(), "missing.cgi") {
		t.Errorf("%d %s", w.Code, w.Body)
	}
	if !strings.Contains(logs.String(), "missing.cgi") {
		t.Errorf("log does not name the program: %s", logs)
	}
}

func TestCGIAppPathWithLineBreakIs400(t *testing.T) {
	app := &CGIApp{Path: cgiScript(t, printEnv)}
	if w := serveCGI(app, httptest.NewRequest("GET", "/a%0Ab", nil)); w.Code != 400 || !strings.Contains(w.Body.String(), "PATH_INFO") {
		t.Errorf("%d %s", w.Code, w.Body)
	}
}

func TestCGIAppBodyCap(t *testing.T) {
	log, logs := testLogger()
	// Announced by Content-Length: refused before anything is sent.
	app := &CGIApp{Path: cgiScript(t, "printf 'Content-Length: 11\\n\\nhello world'\n"), MaxBodyBytes: 10, Logger: log}
	if w := serveCGI(app, httptest.NewRequest("GET", "/", nil)); w.Code != 502 || !strings.Contains(w.Body.String(), "MaxBodyBytes") {
		t.Errorf("announced: %d %s", w.Code, w.Body)
	}
	// At the cap: whole.
	app.Path = cgiScript(t, "printf 'Content-Type: text/plain\\n\\n0123456789'\n")
	if w := serveCGI(app, httptest.NewRequest("GET", "/", nil)); w.Code != 200 || w.Body.String() != "0123456789" {
		t.Errorf("at the cap: %d %q", w.Code, w.Body)
	}
	// Over it, unannounced: the response is cut and the connection
	// aborted, so the client sees an error, never a short body as if
	// complete.
	app.Path = cgiScript(t, "printf 'Content-Type: text/plain\\n\\n0123456789x'\n")
	srv := httptest.NewServer(app)
	defer srv.Close()
	srv.Config.ErrorLog = nil
	resp, err := srv.Client().Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err == nil {
		t.Error("a body over MaxBodyBytes was read without error")
	}
	if string(got) != "0123456789" {
		t.Errorf("sent %q before the cut, want the first MaxBodyBytes", got)
	}
	if !strings.Contains(logs.String(), "MaxBodyBytes") {
		t.Errorf("log: %s", logs)
	}
}

func TestCGIAppStderrGoesToLoggerBounded(t *testing.T) {
	log, logs := testLogger()
	app := &CGIApp{
		Path:   cgiScript(t, "echo 'oops: something broke' >&2\ni=0; while [ $i -lt 150 ]; do echo line$i >&2; i=$((i+1)); done\nprintf 'Content-Type: text/plain\\n\\nok'\n"),
		Logger: log,
	}
	if w := serveCGI(app, httptest.NewRequest("GET", "/", nil)); w.Code != 200 {
		t.Fatalf("%d", w.Code)
	}
	out := logs.String()
	if !strings.Contains(out, "oops: something broke") {
		t.Errorf("stderr line missing: %s", out)
	}
	if n := strings.Count(out, "msg=\"cgi: stderr\""); n != stderrMaxLines {
		t.Errorf("%d stderr records, want %d", n, stderrMaxLines)
	}
	if !strings.Contains(out, "stderr lines not logged") || strings.Contains(out, "line149") {
		t.Errorf("overflow not summarised: ...%s", out[max(0, len(out)-300):])
	}
}

// alive reports whether the process pid exists and is not a zombie.
func alive(t *testing.T, pid int) bool {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false
	}
	// The state follows the command name in parentheses.
	s := string(b)
	if i := strings.LastIndexByte(s, ')'); i >= 0 && i+2 < len(s) {
		return s[i+2] != 'Z'
	}
	return true
}

// waitGone waits until none of pids is alive, failing after 5 s.
func waitGone(t *testing.T, pids []int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for _, pid := range pids {
		for alive(t, pid) {
			if time.Now().After(deadline) {
				t.Errorf("process %d still running", pid)
				return
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
}

// readPids reads the process ids the hung script writes.
func readPids(t *testing.T, file string) []int {
	t.Helper()
	var pids []int
	deadline := time.Now().Add(5 * time.Second)
	for len(pids) < 2 && time.Now().Before(deadline) {
		b, _ := os.ReadFile(file)
		pids = pids[:0]
		for _, f := range strings.Fields(string(b)) {
			if n, err := strconv.Atoi(f); err == nil {
				pids = append(pids, n)
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	if len(pids) < 2 {
		t.Fatalf("pid file %q", pids)
	}
	return pids
}

// hungScript starts a child that sleeps, records both pids, and sleeps.
const hungScript = "sleep 60 &\necho $! $$ > \"$PIDFILE.tmp\"; mv \"$PIDFILE.tmp\" \"$PIDFILE\"\nsleep 60\n"

func TestCGIAppHungProgramAndChildKilledOnTimeout(t *testing.T) {
	if _, err := os.Stat("/proc/self/stat"); err != nil {
		t.Skip("needs /proc to see the processes")
	}
	pidFile := filepath.Join(t.TempDir(), "pids")
	log, _ := testLogger()
	app := &CGIApp{Path: cgiScript(t, hungScript), Env: []string{"PIDFILE=" + pidFile}, Timeout: 500 * time.Millisecond, Logger: log}
	start := time.Now()
	w := serveCGI(app, httptest.NewRequest("GET", "/", nil))
	if w.Code != 504 || !strings.Contains(w.Body.String(), "timed out") {
		t.Errorf("%d %s", w.Code, w.Body)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %v", d)
	}
	pids := readPids(t, pidFile)
	waitGone(t, pids)
}

func TestCGIAppClientDisconnectKillsProgram(t *testing.T) {
	if _, err := os.Stat("/proc/self/stat"); err != nil {
		t.Skip("needs /proc to see the processes")
	}
	pidFile := filepath.Join(t.TempDir(), "pids")
	log, _ := testLogger()
	app := &CGIApp{Path: cgiScript(t, hungScript), Env: []string{"PIDFILE=" + pidFile}, Timeout: time.Minute, Logger: log}
	done := make(chan struct{})
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		defer close(done)
		w := httptest.NewRecorder()
		app.ServeHTTP(w, httptest.NewRequest("GET", "/", nil).WithContext(ctx))
		if w.Code != 200 || w.Body.Len() != 0 {
			t.Errorf("answer written to a client that went away: %d %s", w.Code, w.Body)
		}
	}()
	pids := readPids(t, pidFile)
	cancel()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("ServeHTTP did not return after the client went away")
	}
	waitGone(t, pids)
}

func FuzzReadCGIHeader(f *testing.F) {
	f.Add([]byte("Content-Type: text/html\r\nStatus: 404 Not Found\r\n\r\nbody"), 4096)
	f.Add([]byte("Location: /x\n\n"), 10)
	f.Add([]byte("X: a\x00b\n\n"), 100)
	f.Add([]byte("Content-Length: 1, 1\nStatus: 2000\n\n"), 100)
	f.Add([]byte(":\n\n"), 1)
	f.Fuzz(func(t *testing.T, out []byte, max int) {
		if max < 1 || max > 1<<20 {
			max = 4096
		}
		br := bufioReader(out)
		hdr, err := readCGIHeader(br, max)
		if err == nil {
			err = checkCGIHeader(hdr, 10)
		}
		if err != nil {
			if !errors.Is(err, ErrMalformedCGIResponse) && !errors.Is(err, ErrCGIHeaderTooLarge) && !errors.Is(err, ErrCGIBodyTooLarge) {
				t.Fatalf("untyped error %v", err)
			}
			if strings.ContainsAny(err.Error(), "\r\n") {
				t.Fatalf("error of several lines %q", err)
			}
			return
		}
		for k, vs := range hdr {
			for _, v := range vs {
				if strings.ContainsAny(k+v, "\r\n\x00") {
					t.Fatalf("unsafe field %q: %q", k, v)
				}
			}
		}
		if st := hdr["Status"]; st != nil {
			if c, err := strconv.Atoi(st[0][:3]); err != nil || c < 200 || c > 599 {
				t.Fatalf("Status %q accepted", st)
			}
		}
	})
}

func bufioReader(b []byte) *bufio.Reader {
	// A small buffer exercises lines longer than it.
	return bufio.NewReaderSize(bytes.NewReader(b), 16)
}

func TestCGIAppUnderURLMapSeesMountAsScriptName(t *testing.T) {
	app := &CGIApp{Path: cgiScript(t, printEnv)}
	m := middleware.NewURLMap(nil)
	if err := m.Mount("/cgi-bin/x", app); err != nil {
		t.Fatal(err)
	}
	w := httptest.NewRecorder()
	m.ServeHTTP(w, httptest.NewRequest("GET", "/cgi-bin/x/a%20b/c?q=1", nil))
	env := envLines(w.Body.String())
	for k, v := range map[string]string{"SCRIPT_NAME": "/cgi-bin/x", "PATH_INFO": "/a b/c", "REQUEST_URI": "/cgi-bin/x/a%20b/c?q=1", "QUERY_STRING": "q=1"} {
		if env[k] != v {
			t.Errorf("%s = %q, want %q", k, env[k], v)
		}
	}
}

func TestCGIAppGrandchildThatLeftTheGroupDoesNotHangTheRequest(t *testing.T) {
	setsid, err := exec.LookPath("setsid")
	if err != nil {
		t.Skip("no setsid")
	}
	pidFile := filepath.Join(t.TempDir(), "pid")
	// The grandchild starts a session of its own (out of the process
	// group the timeout kills) and keeps stdout open.
	script := setsid + " sh -c 'echo $$ > \"$PIDFILE.tmp\"; mv \"$PIDFILE.tmp\" \"$PIDFILE\"; exec sleep 60' &\nsleep 60\n"
	log, _ := testLogger()
	app := &CGIApp{Path: cgiScript(t, script), Env: []string{"PIDFILE=" + pidFile}, Timeout: 300 * time.Millisecond, Logger: log}
	t.Cleanup(func() {
		if b, err := os.ReadFile(pidFile); err == nil {
			if pid, err := strconv.Atoi(strings.TrimSpace(string(b))); err == nil {
				if p, err := os.FindProcess(pid); err == nil {
					p.Kill()
				}
			}
		}
	})
	start := time.Now()
	w := serveCGI(app, httptest.NewRequest("GET", "/", nil))
	if w.Code != 504 {
		t.Errorf("%d %s", w.Code, w.Body)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("the request took %v", d)
	}
}

func TestCGIAppTimeoutAfterHeaderAbortsTheResponse(t *testing.T) {
	log, logs := testLogger()
	app := &CGIApp{Path: cgiScript(t, "printf 'Content-Type: text/plain\\n\\npartial'\nsleep 60\n"), Timeout: 300 * time.Millisecond, Logger: log}
	srv := httptest.NewServer(app)
	defer srv.Close()
	resp, err := srv.Client().Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	_, err = io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || err == nil {
		t.Errorf("status %d, read error %v: a cut response must not look complete", resp.StatusCode, err)
	}
	if !strings.Contains(logs.String(), "timed out") {
		t.Errorf("log: %s", logs)
	}
}

func TestStderrLogCutsLongLinesAndKeepsPartialLast(t *testing.T) {
	log, logs := testLogger()
	s := &stderrLog{log: log, ctx: context.Background(), path: "p"}
	s.Write([]byte(strings.Repeat("a", stderrMaxLine+10) + "\nsec"))
	s.Write([]byte("ond\r\nlast without newline"))
	s.flush()
	out := logs.String()
	if !strings.Contains(out, "line="+strings.Repeat("a", stderrMaxLine)+" cut=true") || strings.Contains(out, strings.Repeat("a", stderrMaxLine+1)) {
		t.Errorf("long line: %.200s", out)
	}
	if !strings.Contains(out, "line=second\n") || !strings.Contains(out, "line=\"last without newline\"") {
		t.Errorf("lines: %s", out)
	}
}

func TestCGIAppLocalRedirectLoopIsBounded(t *testing.T) {
	log, logs := testLogger()
	app := &CGIApp{Path: cgiScript(t, "printf 'Location: /again\\n\\n'\n"), Logger: log}
	app.LocalRedirect = app
	w := serveCGI(app, httptest.NewRequest("GET", "/", nil))
	if w.Code != 502 || !strings.Contains(logs.String(), "more than 10 local redirects") {
		t.Errorf("%d %s", w.Code, logs)
	}
}

func TestSpoolLimitInMemoryAndOnDisk(t *testing.T) {
	for _, max := range []int64{100, spoolMemory + 100} {
		for _, n := range []int64{max, max + 1} {
			body, got, cleanup, err := spool(strings.NewReader(strings.Repeat("x", int(n))), max)
			if n > max {
				if !errors.Is(err, ErrRequestBodyTooLarge) {
					t.Errorf("max %d, %d bytes: err %v", max, n, err)
				}
				cleanup()
				continue
			}
			if err != nil || got != n {
				t.Fatalf("max %d, %d bytes: %d %v", max, n, got, err)
			}
			b, _ := io.ReadAll(body)
			if int64(len(b)) != n {
				t.Errorf("read back %d bytes", len(b))
			}
			f, onDisk := body.(*os.File)
			if onDisk != (n > spoolMemory) {
				t.Errorf("%d bytes: on disk %v", n, onDisk)
			}
			cleanup()
			if onDisk {
				if _, err := os.Stat(f.Name()); !os.IsNotExist(err) {
					t.Errorf("temporary file left: %v", err)
				}
			}
		}
	}
}

func TestCGIAppTimeoutWithStalledRequestBodyStillAnswers504(t *testing.T) {
	log, logs := testLogger()
	app := &CGIApp{Path: cgiScript(t, "cat > /dev/null\nprintf 'Content-Type: text/plain\\n\\nread it all'\n"), Timeout: 300 * time.Millisecond, Logger: log}
	srv := httptest.NewServer(app)
	defer srv.Close()
	conn, err := net.Dial("tcp", srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	// Announce 100 bytes, send 3, and stall.
	if _, err := io.WriteString(conn, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nabc"); err != nil {
		t.Fatal(err)
	}
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("no answer while the client stalls: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != 504 {
		t.Errorf("status %d; log: %s", resp.StatusCode, logs)
	}
}

// A program answering 304 or 204 with content (a common slip) gets its
// status through and the content dropped; the response used to be
// aborted, so the client saw the connection cut.
func TestCGIAppBodyOn304And204IsDroppedNotAborted(t *testing.T) {
	for _, status := range []string{"304 Not Modified", "204 No Content"} {
		log, _ := testLogger()
		app := &CGIApp{
			Path:   cgiScript(t, "printf 'Status: "+status+"\\nETag: \"v1\"\\n\\n'\nhead -c 100000 /dev/zero\n"),
			Logger: log,
		}
		srv := httptest.NewServer(app)
		for _, method := range []string{"GET", "HEAD"} {
			req, _ := http.NewRequest(method, srv.URL+"/", nil)
			resp, err := srv.Client().Do(req)
			if err != nil {
				t.Errorf("%s %s: %v", status, method, err)
				continue
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if strconv.Itoa(resp.StatusCode) != status[:3] || len(b) != 0 || resp.Header.Get("ETag") != `"v1"` {
				t.Errorf("%s %s: %d %q %v", status, method, resp.StatusCode, b, resp.Header)
			}
		}
		srv.Close()
	}
}

// A local Location is a path from the server's root (RFC 3875 section
// 6.2.2): served again through the top-level handler, it must not keep
// the mount prefix of the request that produced it, or a URLMap in front
// adds its prefix a second time (SCRIPT_NAME "/cgi/cgi").
func TestCGIAppLocalRedirectThroughURLMapDoesNotDoubleTheMountPrefix(t *testing.T) {
	app := &CGIApp{Path: cgiScript(t, "if [ \"$PATH_INFO\" = /first ]; then printf 'Location: /cgi/second\\n\\n'; exit 0; fi\n"+printEnv)}
	m := middleware.NewURLMap(nil)
	if err := m.Mount("/cgi", app); err != nil {
		t.Fatal(err)
	}
	app.LocalRedirect = m
	w := httptest.NewRecorder()
	m.ServeHTTP(w, httptest.NewRequest("GET", "/cgi/first", nil))
	env := envLines(w.Body.String())
	if w.Code != 200 || env["SCRIPT_NAME"] != "/cgi" || env["PATH_INFO"] != "/second" || env["REQUEST_URI"] != "/cgi/second" {
		t.Errorf("%d SCRIPT_NAME %q PATH_INFO %q REQUEST_URI %q", w.Code, env["SCRIPT_NAME"], env["PATH_INFO"], env["REQUEST_URI"])
	}
}

// A request body that fails part way — here cut by a MaxBytesHandler in
// front — kills the program and answers 413: the program used to get
// the truncated body as if whole (10 bytes of a CONTENT_LENGTH of 100)
// and its answer went out as a 200.
func TestCGIAppTruncatedRequestBodyIsNotAnsweredAsWhole(t *testing.T) {
	log, _ := testLogger()
	app := &CGIApp{Path: cgiScript(t, "n=$(wc -c); printf 'Content-Type: text/plain\\n\\ngot %s of %s' \"$n\" \"$CONTENT_LENGTH\"\n"), Logger: log}
	w := httptest.NewRecorder()
	http.MaxBytesHandler(app, 10).ServeHTTP(w, httptest.NewRequest("POST", "/", strings.NewReader(strings.Repeat("a", 100))))
	if w.Code != 413 || strings.Contains(w.Body.String(), "got") {
		t.Errorf("%d %q", w.Code, w.Body)
	}
	// A whole body still passes.
	w = httptest.NewRecorder()
	http.MaxBytesHandler(app, 100).ServeHTTP(w, httptest.NewRequest("POST", "/", strings.NewReader(strings.Repeat("a", 100))))
	if w.Code != 200 || strings.Join(strings.Fields(w.Body.String()), " ") != "got 100 of 100" {
		t.Errorf("whole body: %d %q", w.Code, w.Body)
	}
}
