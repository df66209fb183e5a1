package static

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// attack sends a raw request path (percent-encoded where a client would
// encode it) and wants a 4xx that is not 200 and leaks no content.
func attack(t *testing.T, h http.Handler, target string, want int) {
	t.Helper()
	req := httptest.NewRequest("GET", "/", nil)
	req.RequestURI = target
	u, err := url.ParseRequestURI(target)
	if err != nil {
		t.Fatalf("%s: %v", target, err)
	}
	req.URL = u
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != want {
		t.Errorf("%s: got %d, want %d (%q)", target, rec.Code, want, rec.Body)
	}
	if strings.Contains(rec.Body.String(), "SECRET") || strings.Contains(rec.Body.String(), "root:") {
		t.Errorf("%s: content leaked", target)
	}
}

func attackApp(t *testing.T) http.Handler {
	h, _ := dirApp(t, map[string]string{"pub/ok.txt": "ok", "secret.txt": "SECRET", ".env": "SECRET=1", ".git/config": "SECRET"}, nil)
	return h
}

// CVE-2022-41722 class, echo GHSA-pgvm-wxw2-hrv9: ".." segments, plain and
// percent-encoded.
func TestAttackDotDotTraversal(t *testing.T) {
	h := attackApp(t)
	for _, p := range []string{"/../etc/passwd", "/pub/../secret.txt", "/%2e%2e/etc/passwd", "/pub/%2E%2E/%2e%2e/etc/passwd", "/pub/..%2fsecret.txt", "/.."} {
		attack(t, h, p, 400)
	}
}

// fiber GHSA-m3c2-496v-cw3v, echo GHSA-pgvm-wxw2-hrv9, CVE-2022-41720:
// backslashes are separators on Windows.
func TestAttackBackslashTraversal(t *testing.T) {
	h := attackApp(t)
	for _, p := range []string{"/pub/%5c..%5csecret.txt", "/..%5c..%5cwindows%5cwin.ini", "/%5csecret.txt"} {
		attack(t, h, p, 400)
	}
}

func TestAttackNULByte(t *testing.T) {
	h := attackApp(t)
	for _, p := range []string{"/secret.txt%00.png", "/pub/ok.txt%00"} {
		attack(t, h, p, 400)
	}
}

// CVE-2022-41720 and go#58451: a Windows volume name in the path.
func TestAttackWindowsVolumeName(t *testing.T) {
	h := attackApp(t)
	for _, p := range []string{"/C:/Windows/win.ini", "/c:%5cwindows", "/pub/C:secret.txt"} {
		attack(t, h, p, 400)
	}
}

// CVE-2023-45283: NT object paths such as \??\c:\x.
func TestAttackNTObjectPath(t *testing.T) {
	attack(t, attackApp(t), "/%5c%3f%3f%5cc:%5cwindows", 400)
}

// CVE-2022-41720, CVE-2022-29804: reserved device names, with and without
// an extension, in any case.
func TestAttackWindowsDeviceNames(t *testing.T) {
	h := attackApp(t)
	for _, p := range []string{"/CON", "/con", "/nul.txt", "/pub/NUL", "/COM1", "/com9.log", "/LPT1", "/lpt3.tar.gz", "/AUX", "/prn.html", "/CONIN$", "/conout$", "/COM%C2%B9", "/nul%20.txt"} {
		attack(t, h, p, 400)
	}
	for _, ok := range []string{"console", "nullable.txt", "com10", "lpt", "auxiliary", "con-fig"} {
		if isDeviceName(ok) {
			t.Errorf("%q taken for a device name", ok)
		}
	}
}

// caddy #5148: Windows strips trailing dots and spaces, so "secret.txt."
// opens secret.txt past extension and hide rules.
func TestAttackTrailingDotOrSpace(t *testing.T) {
	h := attackApp(t)
	for _, p := range []string{"/secret.txt.", "/secret.txt%20", "/pub./ok.txt", "/pub%20/ok.txt", "/secret.txt..."} {
		attack(t, h, p, 400)
	}
}

// caddy GHSA-qrp7-cvwr-j2c6: NTFS alternate data streams.
func TestAttackNTFSAlternateDataStream(t *testing.T) {
	h := attackApp(t)
	for _, p := range []string{"/secret.txt::$DATA", "/secret.txt:$DATA", "/pub/ok.txt:stream", "/secret.txt%3a%3a%24DATA"} {
		attack(t, h, p, 400)
	}
}

func TestAttackEmptyAndDotSegments(t *testing.T) {
	h := attackApp(t)
	for _, p := range []string{"//secret.txt", "/pub//ok.txt", "/./secret.txt", "/pub/./ok.txt"} {
		attack(t, h, p, 400)
	}
}

func TestAttackControlBytes(t *testing.T) {
	attack(t, attackApp(t), "/secret.txt%0d%0aX:%20y", 400)
}

// http.Dir serves dotfiles; ours refuse them but .well-known (RFC 8615).
func TestAttackDotfilesDenied(t *testing.T) {
	h, _ := dirApp(t, basicFiles, nil)
	for _, p := range []string{"/.env", "/.git/config", "/.git/", "/%2egit/config"} {
		attack(t, h, p, 404)
	}
	if rec := do(h, "GET", "/.well-known/security.txt"); rec.Code != 200 {
		t.Errorf(".well-known: %d", rec.Code)
	}
	h2, _ := dirApp(t, basicFiles, &Options{AllowDotfiles: true})
	if rec := do(h2, "GET", "/.env"); rec.Code != 200 {
		t.Errorf("AllowDotfiles: %d", rec.Code)
	}
}

// caddy #7548: hide rules are case-sensitive there, so SECRET.BAK leaks
// on a case-insensitive file system.
func TestAttackHidePatternCaseInsensitive(t *testing.T) {
	h, _ := dirApp(t, basicFiles, &Options{Hide: []string{"*.bak", "SUB/*"}})
	for _, p := range []string{"/secret.BAK", "/SECRET.bak", "/sub/index.html"} {
		attack(t, h, p, 404)
	}
	if rec := do(h, "GET", "/hello.txt"); rec.Code != 200 {
		t.Errorf("unhidden: %d", rec.Code)
	}
}

// http.Dir and os.DirFS follow a symbolic link out of the root; Dir's
// os.Root does not.
func TestAttackSymlinkEscape(t *testing.T) {
	outside := t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "passwd"), []byte("root:x:0:0"), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := testTree(t, map[string]string{"in.txt": "in"})
	if err := os.Symlink(filepath.Join(outside, "passwd"), filepath.Join(dir, "link")); err != nil {
		t.Skip("no symlinks:", err)
	}
	if err := os.Symlink(outside, filepath.Join(dir, "out")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("in.txt", filepath.Join(dir, "inlink")); err != nil {
		t.Fatal(err)
	}
	fsys, err := Dir(dir)
	if err != nil {
		t.Fatal(err)
	}
	h := DirectoryApp(fsys, nil)
	attack(t, h, "/link", 404)
	attack(t, h, "/out/passwd", 404)
	if rec := do(h, "GET", "/inlink"); rec.Code != 200 || rec.Body.String() != "in" {
		t.Errorf("symlink inside the root: %d", rec.Code)
	}
	// The same tree through os.DirFS leaks: the reason for Dir.
	if rec := do(DirectoryApp(os.DirFS(dir), nil), "GET", "/link"); rec.Code != 200 {
		t.Logf("os.DirFS refused too: %d", rec.Code)
	}
}

// The IIS-era overlong encoding of "." (%c0%ae) is not UTF-8: refused
// rather than decoded by some later layer into "..".
func TestAttackOverlongUTF8Dots(t *testing.T) {
	h := attackApp(t)
	for _, p := range []string{"/%c0%ae%c0%ae/secret.txt", "/pub/%c0%af..%c0%afsecret.txt", "/%ff"} {
		attack(t, h, p, 400)
	}
}
