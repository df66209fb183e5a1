package httputil_test

// gddo's static_test.go, run against the drop-in; every case passes
// unchanged (the served file is this one). One adaptation to the machine,
// not to the drop-in: gddo expected application/octet-stream for a .go
// file, which holds only where the system's MIME table does not know .go
// (Debian's /etc/mime.types maps it to text/x-go), so the expected type
// is what mime.TypeByExtension says, else application/octet-stream, the
// rule gddo and the drop-in both follow. Test vectors adapted from
// github.com/golang/gddo (BSD, see testdata/LICENSE-gddo).

import (
	"crypto/sha1"
	"encoding/hex"
	"maps"
	"mime"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/webob-go/webob/compat/gddo/httputil"
)

const gddoStaticFile = "gddo_static_test.go"

func mustParseURL(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		panic(err)
	}
	return u
}

func gddoTestETag(t *testing.T) (etag, length string) {
	t.Helper()
	p, err := os.ReadFile(gddoStaticFile)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha1.Sum(p)
	return `"` + hex.EncodeToString(sum[:]) + `"`, strconv.Itoa(len(p))
}

type gddoStaticCase struct {
	name   string
	ss     *httputil.StaticServer
	r      *http.Request
	header http.Header // expected response headers
	status int
	empty  bool // no body expected
}

func gddoStaticTests(t *testing.T) []gddoStaticCase {
	etag, length := gddoTestETag(t)
	ctype := mime.TypeByExtension(".go")
	if ctype == "" {
		ctype = "application/octet-stream"
	}
	return []gddoStaticCase{
		{
			name:   "get",
			ss:     &httputil.StaticServer{MaxAge: 3 * time.Second},
			r:      &http.Request{URL: mustParseURL("/dir/" + gddoStaticFile), Method: "GET"},
			status: http.StatusOK,
			header: http.Header{
				"Etag":           {etag},
				"Cache-Control":  {"public, max-age=3"},
				"Content-Length": {length},
				"Content-Type":   {ctype},
			},
		},
		{
			name:   "get .",
			ss:     &httputil.StaticServer{Dir: ".", MaxAge: 3 * time.Second},
			r:      &http.Request{URL: mustParseURL("/dir/" + gddoStaticFile), Method: "GET"},
			status: http.StatusOK,
			header: http.Header{
				"Etag":           {etag},
				"Cache-Control":  {"public, max-age=3"},
				"Content-Length": {length},
				"Content-Type":   {ctype},
			},
		},
		{
			name:   "get with ?v=",
			ss:     &httputil.StaticServer{MaxAge: 3 * time.Second},
			r:      &http.Request{URL: mustParseURL("/dir/" + gddoStaticFile + "?v=xxxxx"), Method: "GET"},
			status: http.StatusOK,
			header: http.Header{
				"Etag":           {etag},
				"Cache-Control":  {"public, max-age=31536000"},
				"Content-Length": {length},
				"Content-Type":   {ctype},
			},
		},
		{
			name:   "head",
			ss:     &httputil.StaticServer{MaxAge: 3 * time.Second},
			r:      &http.Request{URL: mustParseURL("/dir/" + gddoStaticFile), Method: "HEAD"},
			status: http.StatusOK,
			header: http.Header{
				"Etag":           {etag},
				"Cache-Control":  {"public, max-age=3"},
				"Content-Length": {length},
				"Content-Type":   {ctype},
			},
			empty: true,
		},
		{
			name: "if-none-match",
			ss:   &httputil.StaticServer{MaxAge: 3 * time.Second},
			r: &http.Request{
				URL:    mustParseURL("/dir/" + gddoStaticFile),
				Method: "GET",
				Header: http.Header{"If-None-Match": {etag}},
			},
			status: http.StatusNotModified,
			header: http.Header{
				"Cache-Control": {"public, max-age=3"},
				"Etag":          {etag},
			},
			empty: true,
		},
	}
}

func testGddoStaticServer(t *testing.T, f func(*httputil.StaticServer) http.Handler) {
	for _, tt := range gddoStaticTests(t) {
		w := httptest.NewRecorder()
		f(tt.ss).ServeHTTP(w, tt.r)
		res := w.Result()
		if res.StatusCode != tt.status {
			t.Errorf("%s, status=%d, want %d", tt.name, res.StatusCode, tt.status)
		}
		if !maps.EqualFunc(res.Header, tt.header, slices.Equal) {
			t.Errorf("%s\n\theader=%v,\n\twant   %v", tt.name, res.Header, tt.header)
		}
		if empty := w.Body.Len() == 0; empty != tt.empty {
			t.Errorf("%s empty=%v, want %v", tt.name, empty, tt.empty)
		}
	}
}

func TestGddoFileHandler(t *testing.T) {
	testGddoStaticServer(t, func(ss *httputil.StaticServer) http.Handler { return ss.FileHandler(gddoStaticFile) })
}

func TestGddoDirectoryHandler(t *testing.T) {
	testGddoStaticServer(t, func(ss *httputil.StaticServer) http.Handler { return ss.DirectoryHandler("/dir", ".") })
}

func TestGddoFilesHandler(t *testing.T) {
	testGddoStaticServer(t, func(ss *httputil.StaticServer) http.Handler { return ss.FilesHandler(gddoStaticFile) })
}
