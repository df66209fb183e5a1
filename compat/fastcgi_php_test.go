package compat

import (
	"bytes"
	"context"
	"crypto/md5"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/webob-go/webob/middleware"
)

// phpFPMAddr returns the address of a php-fpm serving the tests:
// WEBOB_PHP_FPM_ADDR when set (bash .ci/run starts one), else one started
// here when a php-fpm binary exists. Without one the test is skipped, or
// fails when WEBOB_REQUIRE_SERVERS=1.
func phpFPMAddr(t testing.TB) string {
	t.Helper()
	if a := os.Getenv("WEBOB_PHP_FPM_ADDR"); a != "" {
		return a
	}
	bin := findPHPFPM()
	if bin == "" {
		const msg = "php-fpm not installed; bash .ci/run installs it"
		if os.Getenv("WEBOB_REQUIRE_SERVERS") == "1" {
			t.Fatal(msg + " (WEBOB_REQUIRE_SERVERS=1)")
		}
		t.Skip(msg)
	}
	dir := t.TempDir()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	conf := fmt.Sprintf(`[global]
pid = %[1]s/php-fpm.pid
error_log = %[1]s/error.log
daemonize = no

[webob]
listen = %[2]s
pm = static
pm.max_children = 6
catch_workers_output = yes
clear_env = yes
request_terminate_timeout = 60s
`, dir, addr)
	confPath := filepath.Join(dir, "php-fpm.conf")
	if err := os.WriteFile(confPath, []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	args := []string{"--nodaemonize", "--fpm-config", confPath}
	if os.Geteuid() == 0 {
		args = append(args, "--allow-to-run-as-root")
	}
	out, err := os.Create(filepath.Join(dir, "stdout.log"))
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = out, out
	// Its own process group, so that the workers go with the master.
	setProcessGroup(cmd)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() { cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		killProcessGroup(cmd)
		<-exited
	})
	deadline := time.Now().Add(20 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err == nil {
			c.Close()
			return addr
		}
		select {
		case <-exited:
			log, _ := os.ReadFile(filepath.Join(dir, "error.log"))
			stdout, _ := os.ReadFile(out.Name())
			t.Fatalf("php-fpm exited: %s %s", stdout, log)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("php-fpm not listening on %s after 20 s", addr)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func findPHPFPM() string {
	if p, err := exec.LookPath("php-fpm"); err == nil {
		return p
	}
	for _, dir := range []string{"/usr/sbin", "/usr/local/sbin"} {
		m, _ := filepath.Glob(filepath.Join(dir, "php-fpm*"))
		for _, p := range m {
			if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() && fi.Mode()&0o111 != 0 {
				return p
			}
		}
	}
	return ""
}

// phpRoot is the absolute document root of the PHP test scripts.
func phpRoot(t testing.TB) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("testdata", "php"))
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// countingDialer counts the connections opened to the upstream.
type countingDialer struct {
	n atomic.Int64
	d net.Dialer
}

func (c *countingDialer) DialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	c.n.Add(1)
	return c.d.DialContext(ctx, network, addr)
}

// logCapture is a slog.Handler that keeps the records.
type logCapture struct {
	mu   sync.Mutex
	recs []string
}

func (l *logCapture) Enabled(context.Context, slog.Level) bool { return true }
func (l *logCapture) Handle(_ context.Context, r slog.Record) error {
	var b strings.Builder
	b.WriteString(r.Level.String() + " " + r.Message)
	r.Attrs(func(a slog.Attr) bool {
		b.WriteString(" " + a.Key + "=" + a.Value.String())
		return true
	})
	l.mu.Lock()
	l.recs = append(l.recs, b.String())
	l.mu.Unlock()
	return nil
}
func (l *logCapture) WithAttrs([]slog.Attr) slog.Handler { return l }
func (l *logCapture) WithGroup(string) slog.Handler      { return l }
func (l *logCapture) all() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(l.recs, "\n")
}

type phpEnv struct {
	t      *testing.T
	srv    *httptest.Server
	dials  *countingDialer
	logs   *logCapture
	h      http.Handler
	client *http.Client
}

// newPHP starts a test server passing to php-fpm with the given options
// (Address, Root, SplitPath, DialContext and Logger filled in).
func newPHP(t *testing.T, addr string, o FastCGIOptions) *phpEnv {
	t.Helper()
	e := &phpEnv{t: t, dials: &countingDialer{}, logs: &logCapture{}}
	if o.Address == "" {
		o.Address = addr
	}
	if o.Root == "" {
		o.Root = phpRoot(t)
	}
	if o.SplitPath == nil {
		o.SplitPath = []string{".php"}
	}
	o.DialContext = e.dials.DialContext
	o.Logger = slog.New(e.logs)
	e.h = FastCGI(&o)
	e.srv = httptest.NewServer(e.h)
	e.client = e.srv.Client()
	t.Cleanup(func() {
		e.srv.Close()
		e.h.(io.Closer).Close()
	})
	return e
}

func (e *phpEnv) do(req *http.Request) (*http.Response, []byte) {
	e.t.Helper()
	resp, err := e.client.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	return resp, b
}

func (e *phpEnv) get(target string) (*http.Response, []byte) {
	e.t.Helper()
	req, err := http.NewRequest("GET", e.srv.URL+target, nil)
	if err != nil {
		e.t.Fatal(err)
	}
	return e.do(req)
}

type serverDump struct {
	Server   map[string]string `json:"server"`
	Get      map[string]any    `json:"get"`
	ProxyEnv any               `json:"proxy_env"`
}

func decodeDump(t *testing.T, b []byte) serverDump {
	t.Helper()
	var d serverDump
	if err := json.Unmarshal(b, &d); err != nil {
		t.Fatalf("not JSON: %v: %q", err, b)
	}
	return d
}

func TestFastCGIWithPHPFPM(t *testing.T) {
	addr := phpFPMAddr(t)
	root := phpRoot(t)

	t.Run("GetWithQueryReachesTheScript", func(t *testing.T) {
		e := newPHP(t, addr, FastCGIOptions{})
		resp, b := e.get("/server.php?a=1&b=two")
		if resp.StatusCode != 200 {
			t.Fatalf("status %d: %s", resp.StatusCode, b)
		}
		d := decodeDump(t, b)
		if d.Get["a"] != "1" || d.Get["b"] != "two" {
			t.Errorf("$_GET = %v", d.Get)
		}
		want := map[string]string{
			"REQUEST_METHOD":    "GET",
			"QUERY_STRING":      "a=1&b=two",
			"SCRIPT_NAME":       "/server.php",
			"SCRIPT_FILENAME":   filepath.Join(root, "server.php"),
			"DOCUMENT_ROOT":     root,
			"GATEWAY_INTERFACE": "CGI/1.1",
			"SERVER_PROTOCOL":   "HTTP/1.1",
			"REQUEST_SCHEME":    "http",
			"REMOTE_ADDR":       "127.0.0.1",
			"SERVER_NAME":       "127.0.0.1",
		}
		for k, v := range want {
			if d.Server[k] != v {
				t.Errorf("%s = %q, want %q", k, d.Server[k], v)
			}
		}
		if _, ok := d.Server["HTTPS"]; ok {
			t.Errorf("HTTPS set on a plain request")
		}
	})

	t.Run("PostFormFillsPOST", func(t *testing.T) {
		e := newPHP(t, addr, FastCGIOptions{})
		form := url.Values{"name": {"Zoë"}, "n": {"42"}}
		req, _ := http.NewRequest("POST", e.srv.URL+"/post.php", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		resp, b := e.do(req)
		var got struct {
			Post map[string]string `json:"post"`
		}
		if err := json.Unmarshal(b, &got); err != nil || resp.StatusCode != 200 {
			t.Fatalf("%d %v %s", resp.StatusCode, err, b)
		}
		if got.Post["name"] != "Zoë" || got.Post["n"] != "42" {
			t.Errorf("$_POST = %v", got.Post)
		}
	})

	t.Run("MultipartUploadArrivesWhole", func(t *testing.T) {
		e := newPHP(t, addr, FastCGIOptions{})
		data := bytes.Repeat([]byte("upload-data-0123456789\x00\xff"), 12000) // ~300 KB
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		mw.WriteField("title", "a file")
		fw, _ := mw.CreateFormFile("doc", "doc.bin")
		fw.Write(data)
		mw.Close()
		req, _ := http.NewRequest("POST", e.srv.URL+"/upload.php", &body)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		resp, b := e.do(req)
		var got struct {
			Files map[string]struct {
				Name  string `json:"name"`
				Size  int    `json:"size"`
				Error int    `json:"error"`
				MD5   string `json:"md5"`
			} `json:"files"`
			Post map[string]string `json:"post"`
		}
		if err := json.Unmarshal(b, &got); err != nil || resp.StatusCode != 200 {
			t.Fatalf("%d %v %s", resp.StatusCode, err, b)
		}
		sum := md5.Sum(data)
		f := got.Files["doc"]
		if f.Name != "doc.bin" || f.Size != len(data) || f.Error != 0 || f.MD5 != hex.EncodeToString(sum[:]) {
			t.Errorf("file = %+v, want size %d md5 %x", f, len(data), sum)
		}
		if got.Post["title"] != "a file" {
			t.Errorf("$_POST = %v", got.Post)
		}
	})

	t.Run("ChunkedBodyIsSpooledWithContentLength", func(t *testing.T) {
		e := newPHP(t, addr, FastCGIOptions{})
		for _, size := range []int{10, 200 << 10} { // in memory, then in a temporary file
			data := bytes.Repeat([]byte{'x', 'y', 'z'}, size/3)
			req, _ := http.NewRequest("POST", e.srv.URL+"/body.php", io.MultiReader(bytes.NewReader(data)))
			req.ContentLength = -1 // sent chunked
			resp, b := e.do(req)
			var got struct {
				MD5           string `json:"md5"`
				Length        int    `json:"length"`
				ContentLength string `json:"content_length"`
			}
			if err := json.Unmarshal(b, &got); err != nil || resp.StatusCode != 200 {
				t.Fatalf("%d %v %s", resp.StatusCode, err, b)
			}
			sum := md5.Sum(data)
			if got.Length != len(data) || got.MD5 != hex.EncodeToString(sum[:]) || got.ContentLength != fmt.Sprint(len(data)) {
				t.Errorf("size %d: got %+v", len(data), got)
			}
		}
	})

	t.Run("ChunkedBodyOverTheLimitIs413", func(t *testing.T) {
		e := newPHP(t, addr, FastCGIOptions{MaxRequestBodyBytes: 100 << 10})
		req, _ := http.NewRequest("POST", e.srv.URL+"/body.php", io.MultiReader(bytes.NewReader(make([]byte, 100<<10+1))))
		req.ContentLength = -1
		resp, b := e.do(req)
		if resp.StatusCode != 413 || !strings.Contains(string(b), "MaxRequestBodyBytes") {
			t.Errorf("%d %s", resp.StatusCode, b)
		}
		if e.dials.n.Load() != 0 {
			t.Errorf("upstream contacted")
		}
	})

	t.Run("ScriptSetsStatusAndHeaders", func(t *testing.T) {
		e := newPHP(t, addr, FastCGIOptions{})
		resp, b := e.get("/headers.php")
		if resp.StatusCode != 201 || string(b) != "headers set\n" {
			t.Errorf("%d %q", resp.StatusCode, b)
		}
		if got := resp.Header.Get("X-Custom"); got != "custom value" {
			t.Errorf("X-Custom = %q", got)
		}
		if got := resp.Header.Values("X-Multi"); len(got) != 2 || got[0] != "one" || got[1] != "two" {
			t.Errorf("X-Multi = %q", got)
		}
		if got := resp.Header.Get("Set-Cookie"); !strings.HasPrefix(got, "a=b") {
			t.Errorf("Set-Cookie = %q", got)
		}
		resp, _ = e.get("/headers.php?code=418")
		if resp.StatusCode != 418 {
			t.Errorf("status %d, want 418", resp.StatusCode)
		}
	})

	t.Run("LocationWithoutStatusIs302", func(t *testing.T) {
		e := newPHP(t, addr, FastCGIOptions{})
		e.client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
		resp, _ := e.get("/redirect.php")
		if resp.StatusCode != 302 || resp.Header.Get("Location") != "/elsewhere" {
			t.Errorf("%d %q", resp.StatusCode, resp.Header.Get("Location"))
		}
	})

	t.Run("LargeBodyStreamsIntact", func(t *testing.T) {
		e := newPHP(t, addr, FastCGIOptions{})
		const mb = 8
		want := sha256.New()
		for i := 0; i < mb*16; i++ {
			want.Write(bytes.Repeat([]byte{byte('A' + i%26)}, 65536))
		}
		resp, err := e.client.Get(e.srv.URL + "/big.php?mb=8")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		got := sha256.New()
		n, err := io.Copy(got, resp.Body)
		if err != nil || n != mb<<20 || !bytes.Equal(got.Sum(nil), want.Sum(nil)) {
			t.Errorf("read %d bytes, err %v, hash match %v", n, err, bytes.Equal(got.Sum(nil), want.Sum(nil)))
		}
	})

	t.Run("FlushedOutputReachesTheClientBeforeTheScriptEnds", func(t *testing.T) {
		e := newPHP(t, addr, FastCGIOptions{})
		start := time.Now()
		resp, err := e.client.Get(e.srv.URL + "/stream.php?ms=1500")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		buf := make([]byte, len("first part\n"))
		if _, err := io.ReadFull(resp.Body, buf); err != nil || string(buf) != "first part\n" {
			t.Fatalf("%q %v", buf, err)
		}
		if d := time.Since(start); d > time.Second {
			t.Errorf("first part after %v: not streamed", d)
		}
		rest, _ := io.ReadAll(resp.Body)
		if string(rest) != "second part\n" {
			t.Errorf("rest %q", rest)
		}
	})

	t.Run("PathInfoAfterTheScript", func(t *testing.T) {
		e := newPHP(t, addr, FastCGIOptions{})
		resp, b := e.get("/info.php/extra/path")
		if resp.StatusCode != 200 {
			t.Fatalf("%d %s", resp.StatusCode, b)
		}
		d := decodeDump(t, b)
		if d.Server["SCRIPT_NAME"] != "/info.php" || d.Server["PATH_INFO"] != "/extra/path" ||
			d.Server["PATH_TRANSLATED"] != filepath.Join(root, "extra/path") ||
			d.Server["SCRIPT_FILENAME"] != filepath.Join(root, "info.php") {
			t.Errorf("server = %v", d.Server)
		}
	})

	t.Run("MountPrefixStartsScriptName", func(t *testing.T) {
		e := newPHP(t, addr, FastCGIOptions{})
		m := middleware.NewURLMap(nil)
		if err := m.Mount("/blog", e.h); err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewServer(m)
		defer srv.Close()
		resp, err := srv.Client().Get(srv.URL + "/blog/info.php/x")
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		d := decodeDump(t, b)
		if d.Server["SCRIPT_NAME"] != "/blog/info.php" || d.Server["PATH_INFO"] != "/x" ||
			d.Server["SCRIPT_FILENAME"] != filepath.Join(root, "info.php") || d.Server["REQUEST_URI"] != "/blog/info.php/x" {
			t.Errorf("server = %v", d.Server)
		}
	})

	t.Run("RequestURIAsReceived", func(t *testing.T) {
		e := newPHP(t, addr, FastCGIOptions{})
		const target = "/ser%76er.php?x=%41%2F&y"
		resp, b := e.get(target)
		if resp.StatusCode != 200 {
			t.Fatalf("%d %s", resp.StatusCode, b)
		}
		d := decodeDump(t, b)
		if d.Server["REQUEST_URI"] != target || d.Server["SCRIPT_NAME"] != "/server.php" {
			t.Errorf("REQUEST_URI %q SCRIPT_NAME %q", d.Server["REQUEST_URI"], d.Server["SCRIPT_NAME"])
		}
	})

	t.Run("ProxyHeaderNeverBecomesHTTP_PROXY", func(t *testing.T) {
		e := newPHP(t, addr, FastCGIOptions{})
		req, _ := http.NewRequest("GET", e.srv.URL+"/server.php", nil)
		req.Header.Set("Proxy", "http://evil.example:8080")
		req.Header.Set("X-Test", "kept")
		_, b := e.do(req)
		d := decodeDump(t, b)
		if v, ok := d.Server["HTTP_PROXY"]; ok {
			t.Errorf("HTTP_PROXY = %q", v)
		}
		if d.ProxyEnv != false {
			t.Errorf("getenv(HTTP_PROXY) = %v", d.ProxyEnv)
		}
		if d.Server["HTTP_X_TEST"] != "kept" {
			t.Errorf("HTTP_X_TEST = %q", d.Server["HTTP_X_TEST"])
		}
	})

	t.Run("TLSSetsHTTPS", func(t *testing.T) {
		e := newPHP(t, addr, FastCGIOptions{})
		srv := httptest.NewTLSServer(e.h)
		defer srv.Close()
		resp, err := srv.Client().Get(srv.URL + "/server.php")
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		d := decodeDump(t, b)
		if d.Server["HTTPS"] != "on" || d.Server["REQUEST_SCHEME"] != "https" {
			t.Errorf("server = %v", d.Server)
		}
	})

	t.Run("EnvAddsParameters", func(t *testing.T) {
		e := newPHP(t, addr, FastCGIOptions{Env: map[string]string{"WEBOB_EXTRA": "yes"}})
		_, b := e.get("/server.php")
		if d := decodeDump(t, b); d.Server["WEBOB_EXTRA"] != "yes" {
			t.Errorf("WEBOB_EXTRA = %q", d.Server["WEBOB_EXTRA"])
		}
	})

	t.Run("SlowScriptHitsReadTimeoutWith504", func(t *testing.T) {
		e := newPHP(t, addr, FastCGIOptions{ReadTimeout: 300 * time.Millisecond})
		start := time.Now()
		resp, b := e.get("/slow.php?ms=2000")
		if resp.StatusCode != 504 || !strings.Contains(string(b), "ReadTimeout") {
			t.Errorf("%d %s", resp.StatusCode, b)
		}
		if d := time.Since(start); d > 1500*time.Millisecond {
			t.Errorf("answered after %v", d)
		}
	})

	t.Run("MissingScriptIs404WithoutContactingTheUpstream", func(t *testing.T) {
		e := newPHP(t, addr, FastCGIOptions{})
		for _, target := range []string{"/nope.php", "/nope.php/x", "/readme.txt", "/sub/nope.php", "/server.php%0a.php"} {
			if resp, b := e.get(target); resp.StatusCode != 404 {
				t.Errorf("%s: %d %s", target, resp.StatusCode, b)
			}
		}
		if n := e.dials.n.Load(); n != 0 {
			t.Errorf("%d dials", n)
		}
	})

	t.Run("DirectoryRunsIndex", func(t *testing.T) {
		e := newPHP(t, addr, FastCGIOptions{Index: "index.php"})
		for _, target := range []string{"/sub/", "/sub"} {
			resp, b := e.get(target)
			if resp.StatusCode != 200 || string(b) != "sub index\n" {
				t.Errorf("%s: %d %q", target, resp.StatusCode, b)
			}
		}
	})

	t.Run("SiblingDirectoryIsRefused", func(t *testing.T) {
		e := newPHP(t, addr, FastCGIOptions{})
		for _, target := range []string{"/../php2/secret.php", "/%2e%2e/php2/secret.php"} {
			req, _ := http.NewRequest("GET", e.srv.URL+"/", nil)
			req.URL.Opaque = target // sent as written, not cleaned by the client
			resp, b := e.do(req)
			if resp.StatusCode != 400 || bytes.Contains(b, []byte("SECRET")) {
				t.Errorf("%s: %d %s", target, resp.StatusCode, b)
			}
		}
		if n := e.dials.n.Load(); n != 0 {
			t.Errorf("%d dials", n)
		}
	})

	t.Run("StderrReachesTheLogger", func(t *testing.T) {
		e := newPHP(t, addr, FastCGIOptions{})
		resp, b := e.get("/stderr.php?id=42")
		if resp.StatusCode != 200 || string(b) != "logged\n" {
			t.Fatalf("%d %q", resp.StatusCode, b)
		}
		logs := e.logs.all()
		if !strings.Contains(logs, "webob-stderr-marker 42") || !strings.Contains(logs, "script=/stderr.php") {
			t.Errorf("logs: %s", logs)
		}
	})

	t.Run("KeepAliveReusesOneConnection", func(t *testing.T) {
		e := newPHP(t, addr, FastCGIOptions{MaxIdleConns: 2})
		var pids []string
		for range 5 {
			resp, b := e.get("/pid.php")
			if resp.StatusCode != 200 {
				t.Fatalf("%d %s", resp.StatusCode, b)
			}
			pids = append(pids, string(b))
		}
		if n := e.dials.n.Load(); n != 1 {
			t.Errorf("%d dials for 5 sequential requests, want 1", n)
		}
		for _, p := range pids[1:] {
			if p != pids[0] {
				t.Errorf("worker pids %v: not one kept connection", pids)
				break
			}
		}
	})

	t.Run("KeptConnectionServesRequestsWithBodies", func(t *testing.T) {
		e := newPHP(t, addr, FastCGIOptions{MaxIdleConns: 1})
		for i := range 3 {
			body := strings.Repeat("b", 100000+i)
			req, _ := http.NewRequest("POST", e.srv.URL+"/body.php", strings.NewReader(body))
			resp, b := e.do(req)
			if resp.StatusCode != 200 || !strings.Contains(string(b), fmt.Sprintf(`"length":%d`, len(body))) {
				t.Fatalf("%d %s", resp.StatusCode, b)
			}
		}
		if n := e.dials.n.Load(); n != 1 {
			t.Errorf("%d dials, want 1", n)
		}
	})

	t.Run("HeadGetsHeadersOnly", func(t *testing.T) {
		e := newPHP(t, addr, FastCGIOptions{MaxIdleConns: 1})
		req, _ := http.NewRequest("HEAD", e.srv.URL+"/headers.php", nil)
		resp, b := e.do(req)
		if resp.StatusCode != 201 || resp.Header.Get("X-Custom") != "custom value" || len(b) != 0 {
			t.Errorf("%d %v %q", resp.StatusCode, resp.Header, b)
		}
		if resp, _ := e.get("/pid.php"); resp.StatusCode != 200 || e.dials.n.Load() != 1 {
			t.Errorf("after HEAD: %d, %d dials", resp.StatusCode, e.dials.n.Load())
		}
	})

	t.Run("WithoutKeepAliveEachRequestDials", func(t *testing.T) {
		e := newPHP(t, addr, FastCGIOptions{})
		for range 3 {
			e.get("/pid.php")
		}
		if n := e.dials.n.Load(); n != 3 {
			t.Errorf("%d dials, want 3", n)
		}
	})

	t.Run("TimedOutConnectionIsNotReused", func(t *testing.T) {
		e := newPHP(t, addr, FastCGIOptions{MaxIdleConns: 2, ReadTimeout: 200 * time.Millisecond})
		if resp, _ := e.get("/slow.php?ms=600"); resp.StatusCode != 504 {
			t.Fatalf("status %d", resp.StatusCode)
		}
		resp, b := e.get("/pid.php")
		if resp.StatusCode != 200 || e.dials.n.Load() != 2 {
			t.Errorf("%d %s after %d dials", resp.StatusCode, b, e.dials.n.Load())
		}
	})

	t.Run("ClientGoneClosesTheUpstreamRequest", func(t *testing.T) {
		e := newPHP(t, addr, FastCGIOptions{})
		done := make(chan struct{})
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			defer close(done)
			e.h.ServeHTTP(w, r)
		}))
		defer srv.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		defer cancel()
		req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL+"/slow.php?ms=3000", nil)
		if resp, err := srv.Client().Do(req); err == nil {
			resp.Body.Close()
		}
		select {
		case <-done:
		case <-time.After(1500 * time.Millisecond):
			t.Errorf("handler still waiting for the script after the client left")
		}
	})
}

func TestFastCGIUpstreamDownIs502(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	logs := &logCapture{}
	h := FastCGI(&FastCGIOptions{Address: addr, Root: phpRoot(t), SplitPath: []string{".php"}, Logger: slog.New(logs)})
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/server.php", nil))
	if rec.Code != 502 {
		t.Errorf("status %d: %s", rec.Code, rec.Body)
	}
	if strings.Contains(rec.Body.String(), addr) {
		t.Errorf("upstream address shown to the client: %s", rec.Body)
	}
	if !strings.Contains(logs.all(), "upstream failure") {
		t.Errorf("not logged: %s", logs.all())
	}
}

func TestFastCGISymlinkOutOfRootIs404(t *testing.T) {
	dir := t.TempDir()
	root := filepath.Join(dir, "html")
	os.Mkdir(root, 0o755)
	os.Mkdir(filepath.Join(dir, "html2"), 0o755)
	os.WriteFile(filepath.Join(dir, "html2", "secret.php"), []byte("<?php echo 'SECRET';"), 0o644)
	if err := os.Symlink(filepath.Join(dir, "html2", "secret.php"), filepath.Join(root, "link.php")); err != nil {
		t.Skip(err)
	}
	var dials atomic.Int64
	h := FastCGI(&FastCGIOptions{Address: "127.0.0.1:1", Root: root, SplitPath: []string{".php"},
		DialContext: func(context.Context, string, string) (net.Conn, error) {
			dials.Add(1)
			return nil, fmt.Errorf("no")
		}})
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/link.php", nil))
	if rec.Code != 404 || dials.Load() != 0 {
		t.Errorf("status %d after %d dials", rec.Code, dials.Load())
	}
}
