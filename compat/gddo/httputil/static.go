package httputil

import (
	"bytes"
	"crypto/sha1"
	"encoding/hex"
	"errors"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/webob-go/webob/headers"
	"github.com/webob-go/webob/static"
)

// StaticServer serves static files with gddo's caching contract: a strong
// ETag that is the SHA-1 of the content, "Cache-Control: public,
// max-age=N" with N from MaxAge, and a year for URLs carrying a non-empty
// ?v= query parameter (the cache-busting URLs CacheBusters writes).
// Requests whose If-None-Match matches the ETag get 304.
//
// Where it differs from gddo's: an ETag is recomputed when the file's size
// or modification time changes (gddo served the first hash for the life
// of the process); If-None-Match is compared as RFC 9110 §13.1.2 says
// (weak comparison, "*") and If-Match is honoured (§13.1.1: 412 when no
// tag matches by strong comparison); Error is used for error responses (gddo ignored
// it); DirectoryHandler opens its directory with os.Root (package
// static's Dir), so neither ".." nor a symbolic link leads out of it.
//
// The zero value serves the current directory with a one-day max-age.
// Set the fields before creating handlers and do not change them after.
type StaticServer struct {
	// Dir is the directory holding the files to serve; "" means ".".
	Dir string

	// MaxAge is the max-age of the Cache-Control field; 0 means 24 hours.
	// A request with a non-empty "v" query parameter gets 365 days.
	MaxAge time.Duration

	// Error writes the error responses (404 for a file that cannot be
	// served). nil means http.Error with the status text.
	Error Error

	// MIMETypes maps file extensions (with the dot, ".js") to media
	// types, consulted before mime.TypeByExtension; a file whose type is
	// found in neither is application/octet-stream.
	MIMETypes map[string]string

	mu    sync.Mutex
	etags map[etagKey]string
}

// etagKey identifies one version of a served file.
type etagKey struct {
	id   string
	size int64
	mod  int64
}

// maxETags bounds the ETag cache; it is emptied when full.
const maxETags = 4096

func (ss *StaticServer) resolve(name string) string {
	if path.IsAbs(name) {
		panic("httputil: StaticServer: absolute path " + strconv.Quote(name) + " (names are relative to Dir)")
	}
	dir := ss.Dir
	if dir == "" {
		dir = "."
	}
	return filepath.Join(dir, filepath.FromSlash(name))
}

func (ss *StaticServer) mimeType(name string) string {
	ext := path.Ext(name)
	if t := ss.MIMETypes[ext]; t != "" {
		return t
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return "application/octet-stream"
}

func (ss *StaticServer) error(w http.ResponseWriter, r *http.Request, status int, err error) {
	if ss.Error != nil {
		ss.Error(w, r, status, err)
		return
	}
	http.Error(w, http.StatusText(status), status)
}

// errNotRegular reports a name that is not a regular file.
var errNotRegular = errors.New("httputil: not a regular file")

// errNotUnderPrefix reports a request outside a DirectoryHandler's prefix.
var errNotUnderPrefix = errors.New("httputil: request path does not match the directory prefix")

// content is one opened file (or a FilesHandler's buffer).
type content struct {
	r    io.ReadSeeker
	c    io.Closer
	size int64
	mod  int64
}

func (c *content) close() {
	if c.c != nil {
		c.c.Close()
	}
}

func fromFile(f fs.File) (*content, error) {
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	rs, ok := f.(io.ReadSeeker)
	if !fi.Mode().IsRegular() || !ok {
		f.Close()
		return nil, errNotRegular
	}
	return &content{r: rs, c: f, size: fi.Size(), mod: fi.ModTime().UnixNano()}, nil
}

// FileHandler returns a handler that serves the file fileName, a
// slash-separated path relative to Dir, for every request path. It panics
// when fileName is absolute, as gddo's did.
func (ss *StaticServer) FileHandler(fileName string) http.Handler {
	name := ss.resolve(fileName)
	return &staticHandler{
		ss:   ss,
		mime: ss.mimeType(fileName),
		id:   func(string) string { return fileName },
		open: func(string) (*content, error) {
			f, err := os.Open(name)
			if err != nil {
				return nil, err
			}
			return fromFile(f)
		},
	}
}

// DirectoryHandler returns a handler that serves the tree of dirName,
// a slash-separated path relative to Dir, under the URL path prefix
// (a "/" is added when it does not end with one): the request for
// prefix+"a/b.css" is answered with dirName/a/b.css. Other paths are 404.
// The directory is opened with os.Root on first use, so a request cannot
// reach a file outside it, through ".." or through a symbolic link. It
// panics when dirName is absolute, as gddo's did.
func (ss *StaticServer) DirectoryHandler(prefix, dirName string) http.Handler {
	if !strings.HasSuffix(prefix, "/") {
		prefix += "/"
	}
	root := &lazyRoot{dir: ss.resolve(dirName)}
	return &staticHandler{
		ss: ss,
		id: func(p string) string {
			if !strings.HasPrefix(p, prefix) {
				return "."
			}
			return path.Join(dirName, p[len(prefix):])
		},
		mimeOf: ss.mimeType,
		open: func(p string) (*content, error) {
			rel, ok := strings.CutPrefix(p, prefix)
			if !ok || !fs.ValidPath(rel) || strings.ContainsAny(rel, "\\:\x00") {
				return nil, errNotUnderPrefix
			}
			fsys, err := root.get()
			if err != nil {
				return nil, err
			}
			f, err := fsys.Open(rel)
			if err != nil {
				return nil, err
			}
			return fromFile(f)
		},
	}
}

// lazyRoot opens a directory with static.Dir on first use and keeps it.
type lazyRoot struct {
	dir  string
	mu   sync.Mutex
	fsys fs.FS
}

func (l *lazyRoot) get() (fs.FS, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.fsys == nil {
		fsys, err := static.Dir(l.dir)
		if err != nil {
			return nil, err
		}
		l.fsys = fsys
	}
	return l.fsys, nil
}

// FilesHandler returns a handler that serves the concatenation of the
// files fileNames (slash-separated paths relative to Dir), read once, now,
// with the media type of the first. When one cannot be read, or no name
// is given, every request is answered 404. It panics when a name is
// absolute, as gddo's did.
func (ss *StaticServer) FilesHandler(fileNames ...string) http.Handler {
	var buf []byte
	openErr := error(errNotRegular)
	mimeType := ""
	if len(fileNames) > 0 {
		openErr = nil
		mimeType = ss.mimeType(fileNames[0])
		for _, name := range fileNames {
			p, err := os.ReadFile(ss.resolve(name))
			if err != nil {
				buf, openErr = nil, err
				break
			}
			buf = append(buf, p...)
		}
	}
	// The ETag cache key: NUL, which no file name holds, keeps the names
	// apart, and from the ids of FileHandler and DirectoryHandler.
	id := "\x00" + strings.Join(fileNames, "\x00")
	return &staticHandler{
		ss:   ss,
		mime: mimeType,
		id:   func(string) string { return id },
		open: func(string) (*content, error) {
			if openErr != nil {
				return nil, openErr
			}
			return &content{r: bytes.NewReader(buf), size: int64(len(buf))}, nil
		},
	}
}

type staticHandler struct {
	ss     *StaticServer
	mime   string                   // the media type, or
	mimeOf func(name string) string // the media type by request path
	id     func(p string) string
	open   func(p string) (*content, error)
}

// etag returns the quoted SHA-1 of c's content, cached per id, size and
// modification time, and leaves c at offset 0.
func (h *staticHandler) etag(id string, c *content) (string, error) {
	key := etagKey{id, c.size, c.mod}
	ss := h.ss
	ss.mu.Lock()
	etag := ss.etags[key]
	ss.mu.Unlock()
	if etag != "" {
		return etag, nil
	}
	sum := sha1.New()
	if _, err := io.Copy(sum, c.r); err != nil {
		return "", err
	}
	if _, err := c.r.Seek(0, io.SeekStart); err != nil {
		return "", err
	}
	var b [2 + 2*sha1.Size]byte
	b[0] = '"'
	hex.Encode(b[1:], sum.Sum(nil))
	b[len(b)-1] = '"'
	etag = string(b[:])
	ss.mu.Lock()
	if ss.etags == nil || len(ss.etags) >= maxETags {
		ss.etags = make(map[etagKey]string)
	}
	ss.etags[key] = etag
	ss.mu.Unlock()
	return etag, nil
}

func (h *staticHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p := path.Clean(r.URL.Path)
	if p != r.URL.Path {
		// The escaped form keeps a backslash from turning "/\host" into
		// a scheme-relative Location.
		u := url.URL{Path: p, RawQuery: r.URL.RawQuery}
		http.Redirect(w, r, u.String(), http.StatusMovedPermanently)
		return
	}
	c, err := h.open(p)
	if err != nil {
		h.ss.error(w, r, http.StatusNotFound, err)
		return
	}
	defer c.close()
	etag, err := h.etag(h.id(p), c)
	if err != nil {
		h.ss.error(w, r, http.StatusNotFound, err)
		return
	}

	maxAge := h.ss.MaxAge
	if maxAge == 0 {
		maxAge = 24 * time.Hour
	}
	if r.URL.Query().Get("v") != "" {
		maxAge = 365 * 24 * time.Hour
	}
	hdr := w.Header()
	hdr.Set("Cache-Control", "public, max-age="+strconv.FormatInt(int64(maxAge/time.Second), 10))
	hdr.Set("Etag", etag)

	// RFC 9110 §13.2.2: If-Match first (If-Unmodified-Since and
	// If-Range need a Last-Modified or ranges, which this server does not
	// send), then If-None-Match.
	if !ifMatch(r.Header.Values("If-Match"), etag) {
		w.WriteHeader(http.StatusPreconditionFailed)
		return
	}
	if noneMatch(r.Header.Values("If-None-Match"), etag) {
		if r.Method == http.MethodGet || r.Method == http.MethodHead {
			w.WriteHeader(http.StatusNotModified)
		} else {
			w.WriteHeader(http.StatusPreconditionFailed)
		}
		return
	}

	ct := h.mime
	if h.mimeOf != nil {
		ct = h.mimeOf(p)
	}
	if ct != "" {
		hdr.Set("Content-Type", ct)
	}
	if c.size != 0 {
		hdr.Set("Content-Length", strconv.FormatInt(c.size, 10))
	}
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		io.Copy(w, c.r)
	}
}

// noneMatch reports whether the If-None-Match field lines make the
// condition false for etag (RFC 9110 §13.1.2): "*", or an entity tag that
// matches by weak comparison. An invalid field is ignored.
func noneMatch(lines []string, etag string) bool {
	if len(lines) == 0 {
		return false
	}
	l, err := headers.ParseETags(lines)
	if err != nil {
		return false
	}
	if l.Any() {
		return true
	}
	return l.MatchesWeak(headers.ETag{Tag: etag[1 : len(etag)-1]})
}

// ifMatch reports whether the If-Match field lines let the request go on
// for etag (RFC 9110 §13.1.1): no field, "*", or an entity tag that
// matches by strong comparison. An invalid field is ignored, as
// noneMatch ignores one.
func ifMatch(lines []string, etag string) bool {
	if len(lines) == 0 {
		return true
	}
	l, err := headers.ParseETags(lines)
	if err != nil {
		return true
	}
	return l.MatchesStrong(headers.ETag{Tag: etag[1 : len(etag)-1]})
}
