package main

import (
	"bytes"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/textproto"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// readmeCase is one curl line of README.md with the answer it documents.
type readmeCase struct {
	line     int
	curl     string
	expected string
}

// readmeCases extracts every ```sh block holding a curl command and the
// ```http block that follows it.
func readmeCases(t *testing.T) []readmeCase {
	t.Helper()
	b, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(b), "\n")
	var cases []readmeCase
	for i := 0; i < len(lines); i++ {
		if lines[i] != "```sh" || i+1 >= len(lines) || !strings.HasPrefix(lines[i+1], "curl ") {
			continue
		}
		c := readmeCase{line: i + 2, curl: lines[i+1]}
		j := i + 2
		for j < len(lines) && lines[j] != "```http" {
			if strings.HasPrefix(lines[j], "```sh") {
				t.Fatalf("README.md:%d: curl line without a documented answer", c.line)
			}
			j++
		}
		var exp []string
		for j++; j < len(lines) && lines[j] != "```"; j++ {
			exp = append(exp, lines[j])
		}
		c.expected = strings.Join(exp, "\n")
		cases = append(cases, c)
		i = j
	}
	return cases
}

// shellWords splits a command line the way a POSIX shell does for the
// quoting used in README.md (single and double quotes).
func shellWords(s string) []string {
	var words []string
	var cur strings.Builder
	inWord := false
	var quote byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			} else {
				cur.WriteByte(c)
			}
		case c == '\'' || c == '"':
			quote, inWord = c, true
		case c == ' ':
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
				inWord = false
			}
		default:
			cur.WriteByte(c)
			inWord = true
		}
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words
}

// curlRequest builds the request a curl command line sends.
func curlRequest(t *testing.T, cmd, base string) (req *http.Request, cookieIn, cookieOut string) {
	t.Helper()
	args := shellWords(cmd)[1:]
	method := ""
	hdr := http.Header{}
	var target string
	var form []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		next := func() string {
			i++
			if i >= len(args) {
				t.Fatalf("%q: %s needs a value", cmd, a)
			}
			return args[i]
		}
		switch a {
		case "-s", "-i", "-si", "-is", "--compressed":
		case "-H":
			k, v, _ := strings.Cut(next(), ":")
			hdr.Add(k, strings.TrimSpace(v))
		case "-X":
			method = next()
		case "-F":
			form = append(form, next())
		case "-b":
			cookieIn = next()
		case "-c":
			cookieOut = next()
		default:
			if strings.HasPrefix(a, "-") {
				t.Fatalf("%q: unsupported curl option %s", cmd, a)
			}
			target = strings.Replace(a, "http://localhost:8080", base, 1)
		}
	}
	var body io.Reader
	if len(form) > 0 {
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		for _, f := range form {
			name, val, _ := strings.Cut(f, "=")
			if !strings.HasPrefix(val, "@") {
				mw.WriteField(name, val)
				continue
			}
			path := val[1:]
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			h := textproto.MIMEHeader{}
			h.Set("Content-Disposition", fmt.Sprintf(`form-data; name=%q; filename=%q`, name, filepath.Base(path)))
			ct := "application/octet-stream"
			if strings.HasSuffix(path, ".txt") {
				ct = "text/plain" // what curl sends for .txt
			}
			h.Set("Content-Type", ct)
			pw, _ := mw.CreatePart(h)
			pw.Write(data)
		}
		mw.Close()
		body = &buf
		hdr.Set("Content-Type", mw.FormDataContentType())
		if method == "" {
			method = http.MethodPost
		}
	}
	if method == "" {
		method = http.MethodGet
	}
	req, err := http.NewRequest(method, target, body)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range hdr {
		req.Header[k] = v
	}
	return req, cookieIn, cookieOut
}

// matches compares an actual value with a documented one, where a
// trailing "..." in the documented one stands for anything.
func matches(got, want string) bool {
	if p, ok := strings.CutSuffix(want, "..."); ok {
		return strings.HasPrefix(got, p)
	}
	return got == want
}

func TestReadmeCurlLines(t *testing.T) {
	h, err := newMux([]byte("readme-test-secret-0123456789abc"))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	client := &http.Client{
		Transport:     &http.Transport{DisableCompression: true},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	jars := map[string]*cookiejar.Jar{}
	jar := func(name string) *cookiejar.Jar {
		if jars[name] == nil {
			jars[name], _ = cookiejar.New(nil)
		}
		return jars[name]
	}
	cases := readmeCases(t)
	if len(cases) < 15 {
		t.Fatalf("found only %d curl lines in README.md", len(cases))
	}
	for _, c := range cases {
		t.Run(fmt.Sprintf("README.md:%d", c.line), func(t *testing.T) {
			req, in, out := curlRequest(t, c.curl, srv.URL)
			if in != "" {
				for _, ck := range jar(in).Cookies(req.URL) {
					req.AddCookie(ck)
				}
			}
			res, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			body = curlDecoded(t, c.curl, res, body)
			if out != "" {
				u, _ := url.Parse(srv.URL)
				jar(out).SetCookies(u, res.Cookies())
			}

			head, wantBody, _ := strings.Cut(c.expected, "\n\n")
			hl := strings.Split(strings.TrimRight(head, "\n"), "\n")
			if got := res.Proto + " " + res.Status; got != hl[0] {
				t.Errorf("%s\nstatus %q, README says %q", c.curl, got, hl[0])
			}
			for _, l := range hl[1:] {
				k, v, _ := strings.Cut(l, ": ")
				found := false
				for _, gv := range res.Header.Values(k) {
					if matches(gv, v) {
						found = true
					}
				}
				if k == "Content-Length" && matches(fmt.Sprint(len(body)), v) {
					found = true
				}
				if !found {
					t.Errorf("%s\n%s is %q, README says %q", c.curl, k, res.Header.Values(k), v)
				}
			}
			got := strings.TrimRight(string(body), "\n")
			want := strings.TrimRight(wantBody, "\n")
			if !matches(got, want) {
				t.Errorf("%s\nbody:\n%s\nREADME says:\n%s", c.curl, got, want)
			}
		})
	}
}

func TestUploadForm(t *testing.T) {
	h, err := newMux([]byte("upload-test-secret-0123456789abc"))
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/upload", nil))
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), `enctype="multipart/form-data"`) {
		t.Errorf("%d %q", rec.Code, rec.Body)
	}
}

// The README's promise: an upload over 10 MiB is 413, and a malformed
// multipart Content-Type is 400 (not an empty form and a 422).
func TestUploadLimitsAndMalformedContentType(t *testing.T) {
	h, err := newMux([]byte("upload-test-secret-0123456789abc"))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	fw, _ := w.CreateFormFile("file", "big.bin")
	fw.Write(bytes.Repeat([]byte("x"), 10<<20))
	w.Close()
	for _, c := range []struct {
		name   string
		ctypes []string
		body   []byte
		want   int
	}{
		{"over 10 MiB", []string{w.FormDataContentType()}, buf.Bytes(), http.StatusRequestEntityTooLarge},
		{"empty boundary", []string{"multipart/form-data; boundary="}, []byte("--\r\n"), http.StatusBadRequest},
		{"two boundaries", []string{"multipart/form-data; boundary=a; boundary=b"}, []byte("--a--\r\n"), http.StatusBadRequest},
		{"two Content-Type lines", []string{"multipart/form-data; boundary=a", "text/plain"}, []byte("--a--\r\n"), http.StatusBadRequest},
	} {
		req := httptest.NewRequest("POST", "/upload", bytes.NewReader(c.body))
		req.Header["Content-Type"] = c.ctypes
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != c.want {
			t.Errorf("%s: %d, want %d", c.name, rec.Code, c.want)
		}
	}
}

func newTestMux(t *testing.T) http.Handler {
	t.Helper()
	h, err := newMux([]byte("demo-test-secret-0123456789abcdef"))
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// TestKnownPathWrongMethodIs405WithAllow: the catch-all "/" must not turn
// a method mismatch on a known path into a 404 (RFC 9110 §15.5.6).
func TestKnownPathWrongMethodIs405WithAllow(t *testing.T) {
	h := newTestMux(t)
	tests := []struct {
		method, path string
		code         int
		allow        string
	}{
		{"POST", "/poem", 405, "GET, HEAD"},
		{"DELETE", "/upload", 405, "GET, HEAD, POST"},
		{"PUT", "/items/1", 405, "GET, HEAD"},
		{"POST", "/", 405, "GET, HEAD"},
		{"POST", "/nothing", 404, ""},
		{"GET", "/nothing", 404, ""},
		{"HEAD", "/poem", 200, ""},
	}
	for _, tt := range tests {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(tt.method, tt.path, nil))
		if rec.Code != tt.code || rec.Header().Get("Allow") != tt.allow {
			t.Errorf("%s %s: %d Allow %q; want %d %q", tt.method, tt.path, rec.Code, rec.Header().Get("Allow"), tt.code, tt.allow)
		}
		if tt.code == 405 && rec.Header().Get("Content-Type") != "application/problem+json" {
			t.Errorf("%s %s: Content-Type %q", tt.method, tt.path, rec.Header().Get("Content-Type"))
		}
	}
}

// uploadBody builds a form-data body with one file part as a browser
// sends it.
func uploadBody(t *testing.T, filename string, content []byte) (*bytes.Buffer, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("title", "t")
	hd := textproto.MIMEHeader{}
	hd.Set("Content-Disposition", fmt.Sprintf(`form-data; name="file"; filename=%q`, filename))
	hd.Set("Content-Type", "application/octet-stream")
	pw, err := mw.CreatePart(hd)
	if err != nil {
		t.Fatal(err)
	}
	pw.Write(content)
	mw.Close()
	return &buf, mw.FormDataContentType()
}

// TestUploadWithNoFileChosenIs422: a browser form submitted with no file
// chosen (filename="", no content) is no upload: the same 422 as a form
// without the field. An empty file that has a name is still an upload.
func TestUploadWithNoFileChosenIs422(t *testing.T) {
	h := newTestMux(t)
	post := func(body io.Reader, ctype string) *httptest.ResponseRecorder {
		req := httptest.NewRequest("POST", "/upload", body)
		req.Header.Set("Content-Type", ctype)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	body, ctype := uploadBody(t, "", nil)
	noFile := post(body, ctype)
	missing := post(strings.NewReader("title=t"), "application/x-www-form-urlencoded")
	if noFile.Code != 422 || missing.Code != 422 || noFile.Body.String() != missing.Body.String() {
		t.Errorf("no file chosen: %d %q; missing field: %d %q", noFile.Code, noFile.Body, missing.Code, missing.Body)
	}
	body, ctype = uploadBody(t, "empty.txt", nil)
	if rec := post(body, ctype); rec.Code != 201 || !strings.Contains(rec.Body.String(), `"filename":"empty.txt"`) {
		t.Errorf("named empty file: %d %q", rec.Code, rec.Body)
	}
}

// TestReadmeCookieJarOutsideCheckout: the README's curl lines must not
// leave a cookie jar in the checkout, and the old name stays ignored.
func TestReadmeCookieJarOutsideCheckout(t *testing.T) {
	n := 0
	for _, c := range readmeCases(t) {
		words := shellWords(c.curl)
		for i, w := range words {
			if (w == "-c" || w == "-b") && i+1 < len(words) {
				n++
				if p := words[i+1]; !filepath.IsAbs(p) {
					t.Errorf("README.md:%d: cookie file %q is inside the working directory", c.line, p)
				}
			}
		}
	}
	if n == 0 {
		t.Error("no cookie jar in README.md")
	}
	gi, err := os.ReadFile("../../.gitignore")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains("\n"+string(gi), "\nexamples/demo/cookies.txt\n") {
		t.Error(".gitignore does not list examples/demo/cookies.txt")
	}
}
