package static

import (
	"errors"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"

	"github.com/webob-go/webob/negotiate"
	"github.com/webob-go/webob/webob"
)

// coding is a content coding whose precompressed siblings are served.
type coding struct{ name, ext string }

// knownCodings maps the codings of Options.Precompressed to the
// extensions of their sibling files.
var knownCodings = map[string]string{"br": ".br", "zstd": ".zst", "gzip": ".gz"}

// handler serves FileApp and DirectoryApp.
type handler struct {
	fsys    fs.FS
	isFile  bool   // FileApp
	file    string // FileApp's name
	fileErr error  // FileApp's name is not valid
	o       Options
	index   []string
	dotOK   []string
	hide    []string // lowered
	enc     []coding
	hashes  hashCache
	h       http.Handler
}

var allowGetHead = []string{http.MethodGet, http.MethodHead}

// FileApp returns a handler that serves the file name of fsys (a valid
// fs.FS name, see fs.ValidPath) for every request path, as WebOb's
// FileApp: GET and HEAD, 405 with "Allow: GET, HEAD" for other methods.
//
// The answer carries Content-Type (from the extension, else sniffed;
// text types get charset=utf-8), Content-Length, a strong ETag,
// Last-Modified when the file has a modification time, "Accept-Ranges:
// bytes", and Cache-Control when a rule of opts matches. Conditional
// requests (If-Match, If-None-Match, If-Modified-Since,
// If-Unmodified-Since: 304 and 412), If-Range and ranges (206, several
// ranges as multipart/byteranges, 416) are answered by the webob adapter
// as RFC 9110 §13 and §14 say. A precompressed sibling is served when
// Options.Precompressed asks for it and the client accepts it.
//
// An *os.File's content reaches the connection through the
// ResponseWriter's io.ReaderFrom (sendfile) unless a range is cut from
// it. Errors are rendered by the webob adapter with negotiated bodies;
// none names a file system path.
func FileApp(fsys fs.FS, name string, opts *Options) http.Handler {
	h := newHandler(fsys, opts)
	h.isFile, h.file = true, name
	if !fs.ValidPath(name) || name == "." {
		h.fileErr = errors.New("static: FileApp: invalid name")
	}
	return h
}

// DirectoryApp returns a handler that serves the tree of fsys: the
// request's path (webob.Request.PathInfo, so it may be mounted under
// http.StripPrefix) names a file, served as FileApp serves it, or a
// directory, served through its index file (Options.Index) or a listing
// (Options.Listing).
//
// A directory asked for without its trailing slash is redirected (301) to
// "./name/" and a file asked for with one to "../name": relative
// references that keep the query and stay right under any mount prefix.
//
// The path is checked segment by segment before anything is opened, and
// refused with 400 when it holds "..", a NUL or other control byte, a
// backslash, a colon (Windows volume names, "::$DATA" streams), a
// Windows device name (CON, NUL, COM1, LPT1, ..., with or without an
// extension), a segment ending in a dot or a space, or an empty or "."
// segment: the traversals of CVE-2022-41720, CVE-2022-41722,
// CVE-2022-29804, CVE-2023-45283, echo GHSA-pgvm-wxw2-hrv9, fiber
// GHSA-m3c2-496v-cw3v and caddy GHSA-qrp7-cvwr-j2c6, even when fsys is
// a Windows directory. Names beginning with a dot (but .well-known) and
// names matching Options.Hide are 404. Use Dir for a disk directory: its
// os.Root keeps symbolic links from leading out of it, which os.DirFS and
// http.Dir do not.
func DirectoryApp(fsys fs.FS, opts *Options) http.Handler {
	return newHandler(fsys, opts)
}

func newHandler(fsys fs.FS, opts *Options) *handler {
	h := &handler{fsys: fsys}
	if opts != nil {
		h.o = *opts
	}
	h.index = h.o.Index
	if h.index == nil {
		h.index = []string{"index.html"}
	}
	h.dotOK = h.o.DotfilesAllowed
	if h.dotOK == nil {
		h.dotOK = []string{".well-known"}
	}
	for _, p := range h.o.Hide {
		h.hide = append(h.hide, lowerASCII(p))
	}
	for _, c := range h.o.Precompressed {
		if ext, ok := knownCodings[c]; ok {
			h.enc = append(h.enc, coding{c, ext})
		}
	}
	h.hashes.max = h.o.HashCacheSize
	if h.hashes.max <= 0 {
		h.hashes.max = 4096
	}
	h.h = h.o.Config.Handler(h.serve)
	return h
}

// ServeHTTP serves the request through the webob adapter.
func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) { h.h.ServeHTTP(w, r) }

func (h *handler) serve(req *webob.Request) (*webob.Response, error) {
	switch req.Method() {
	case http.MethodGet, http.MethodHead:
	default:
		return nil, webob.MethodNotAllowed(allowGetHead)
	}
	if h.isFile {
		if h.fileErr != nil {
			return nil, webob.NotFound().WithErr(h.fileErr)
		}
		f, fi, err := h.open(h.file)
		if err != nil {
			return nil, err
		}
		if !fi.Mode().IsRegular() {
			f.Close()
			return nil, webob.NotFound()
		}
		return h.serveFile(req, h.file, f, fi)
	}

	name, slash, err := checkPath(req.PathInfo())
	if err != nil {
		return nil, webob.BadRequest(strings.TrimPrefix(err.Error(), "static: ")).WithErr(err)
	}
	if h.hidden(name) {
		return nil, webob.NotFound()
	}
	if h.o.RedirectIndex && !slash && h.isIndex(path.Base(name)) {
		return nil, webob.MovedPermanently("./" + query(req))
	}
	f, fi, err := h.open(name)
	if err != nil {
		return nil, err
	}
	if fi.IsDir() {
		f.Close()
		if !slash {
			return nil, webob.MovedPermanently("./" + lastSegment(req) + "/" + query(req))
		}
		return h.serveDir(req, name)
	}
	if slash {
		f.Close()
		if name == "." {
			return nil, webob.NotFound()
		}
		return nil, webob.MovedPermanently("../" + url.PathEscape(path.Base(name)) + query(req))
	}
	if !fi.Mode().IsRegular() {
		f.Close()
		return nil, webob.NotFound()
	}
	return h.serveFile(req, name, f, fi)
}

func (h *handler) isIndex(base string) bool {
	for _, n := range h.index {
		if n == base {
			return true
		}
	}
	return false
}

// query returns "?" and the raw query, or "".
func query(req *webob.Request) string {
	if q := req.QueryString(); q != "" {
		return "?" + q
	}
	return ""
}

// lastSegment returns the last segment of the path the client sent,
// escaped as sent: from the request line, so that it is right under
// http.StripPrefix too (which may leave an empty path).
func lastSegment(req *webob.Request) string {
	hr := req.HTTP()
	p := hr.RequestURI
	if i := strings.IndexByte(p, '?'); i >= 0 {
		p = p[:i]
	}
	if !strings.HasPrefix(p, "/") {
		p = hr.URL.EscapedPath()
	}
	p = strings.TrimSuffix(p, "/")
	if i := strings.LastIndexByte(p, '/'); i >= 0 {
		p = p[i+1:]
	}
	if p == "" {
		return "."
	}
	return p
}

// open opens name and stats it, mapping errors to HTTP errors that name
// no path (the error itself is logged).
func (h *handler) open(name string) (fs.File, fs.FileInfo, error) {
	f, err := h.fsys.Open(name)
	if err != nil {
		return nil, nil, openError(err)
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, openError(err)
	}
	return f, fi, nil
}

func openError(err error) error {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return webob.NotFound()
	case errors.Is(err, fs.ErrPermission):
		return webob.Forbidden().WithErr(err)
	}
	// Not a directory, a symbolic link out of an os.Root, a loop: to the
	// client the name simply does not exist.
	return webob.NotFound().WithErr(err)
}

// hasModTime reports whether t is a real modification time: not zero,
// and not the 0 or 1 second after the epoch that reproducible builds and
// the Nix store give every file.
func hasModTime(t time.Time) bool {
	return !t.IsZero() && t.Unix() > 1
}

// serveFile answers with the regular file f (name, info fi), or with a
// precompressed sibling.
func (h *handler) serveFile(req *webob.Request, name string, f fs.File, fi fs.FileInfo) (*webob.Response, error) {
	resp := req.Response()
	hd := resp.Header()
	ct := contentType(name, f)
	enc := ""
	if len(h.enc) > 0 {
		if sf, sfi, c := h.sibling(req, name); sf != nil {
			f.Close()
			f, fi, enc = sf, sfi, c.name
			hd["Content-Encoding"] = []string{c.name}
			name += c.ext
		}
	}
	hd["Content-Type"] = []string{ct}
	mod := fi.ModTime()
	if !hasModTime(mod) {
		mod = time.Time{}
	}
	if !h.o.HashETags && !mod.IsZero() {
		var buf [48]byte
		hd["Etag"] = []string{string(appendModETag(buf[:0], fi.Size(), mod, enc))}
	} else if tag, ok := h.hashETag(f, name, fi); ok {
		hd["Etag"] = []string{tag}
	}
	if !mod.IsZero() {
		var buf [32]byte
		hd["Last-Modified"] = []string{string(mod.UTC().AppendFormat(buf[:0], http.TimeFormat))}
	}
	if cc := h.cacheControl(name); cc != "" {
		hd["Cache-Control"] = []string{cc}
	}
	hd["Accept-Ranges"] = acceptRangesBytes
	resp.SetBodyReader(f, fi.Size())
	return resp, nil
}

var acceptRangesBytes = []string{"bytes"}

// sibling returns the precompressed sibling of name the client prefers,
// opened, or nil. It consults Accept-Encoding (so Vary gets it) whenever
// name has a sibling; a request without Accept-Encoding gets the file
// itself.
func (h *handler) sibling(req *webob.Request, name string) (fs.File, fs.FileInfo, coding) {
	var offers [4]string
	var have [4]coding
	n := 0
	for _, c := range h.enc {
		if n == len(have)-1 {
			break
		}
		fi, err := fs.Stat(h.fsys, name+c.ext)
		if err != nil || !fi.Mode().IsRegular() {
			continue
		}
		offers[n], have[n] = c.name, c
		n++
	}
	if n == 0 {
		return nil, nil, coding{}
	}
	ae := req.AcceptEncoding()
	if ae.State() != negotiate.Valid {
		return nil, nil, coding{}
	}
	offers[n] = "identity"
	best, ok := ae.Best(offers[:n+1]...)
	if !ok || best == "identity" {
		return nil, nil, coding{}
	}
	for _, c := range have[:n] {
		if c.name != best {
			continue
		}
		f, fi, err := h.open(name + c.ext)
		if err != nil {
			return nil, nil, coding{}
		}
		if !fi.Mode().IsRegular() {
			f.Close()
			return nil, nil, coding{}
		}
		return f, fi, c
	}
	return nil, nil, coding{}
}

// cacheControl returns the Cache-Control of the first rule matching name.
func (h *handler) cacheControl(name string) string {
	for _, r := range h.o.CacheControl {
		switch {
		case r.Match != nil:
			if r.Match(name) {
				return r.Value
			}
		case r.Pattern == "":
			return r.Value
		case strings.Contains(r.Pattern, "/"):
			if ok, _ := path.Match(r.Pattern, name); ok {
				return r.Value
			}
		default:
			if ok, _ := path.Match(r.Pattern, path.Base(name)); ok {
				return r.Value
			}
		}
	}
	return ""
}
