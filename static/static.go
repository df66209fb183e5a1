package static

import (
	"errors"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/webob-go/webob/headers"
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
	fast    bool // serveFast may answer
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
	// The fast path writes what the adapter would: not when a sibling
	// may be negotiated, nor when a Cache-Control value is one the
	// adapter would refuse to send.
	h.fast = len(h.enc) == 0
	for _, r := range h.o.CacheControl {
		if !validFieldValue(r.Value) {
			h.fast = false
		}
	}
	return h
}

// ServeHTTP serves the request through the webob adapter.
func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if h.fast && h.serveFast(w, r) {
		return
	}
	h.h.ServeHTTP(w, r)
}

// serveFast answers the most common request, a plain GET or HEAD of a
// file that exists, without the adapter: there is no precondition, range
// or negotiation for the webob machinery to evaluate, so the answer is
// the 200 it would write. Anything else (an error, a redirect, a
// directory, a header field to evaluate) returns false having written
// nothing, and takes the adapter's path.
func (h *handler) serveFast(w http.ResponseWriter, r *http.Request) bool {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		return false
	}
	if hasPreconditions(r.Header) || len(r.Header["Range"]) > 0 {
		return false
	}
	name := h.file
	if !h.isFile {
		var slash bool
		var err error
		name, slash, err = checkPath(r.URL.Path)
		if err != nil || slash || h.hidden(name) || (h.o.RedirectIndex && h.isIndex(path.Base(name))) {
			return false
		}
	} else if h.fileErr != nil {
		return false
	}
	f, err := h.fsys.Open(name)
	if err != nil {
		return false
	}
	fi, err := f.Stat()
	if err != nil || !fi.Mode().IsRegular() {
		f.Close()
		return false
	}
	etag, lm, _, _ := h.validators(name, fi, coding{}, f)
	ct := contentType(name, f)
	if ct == "" {
		ct = "application/octet-stream"
	}
	size := fi.Size()
	var clb [20]byte
	h.setFileHeader(w.Header(), name, ct, etag, lm, "", string(strconv.AppendInt(clb[:0], size, 10)))
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodGet {
		lr := io.LimitedReader{R: f, N: size}
		_, _ = io.Copy(w, &lr)
	}
	f.Close()
	return true
}

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
		f, fi, err := h.lookup(req, h.file)
		if err != nil {
			return nil, err
		}
		if !fi.Mode().IsRegular() {
			closeFile(f)
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
	f, fi, err := h.lookup(req, name)
	if err != nil {
		return nil, err
	}
	if fi.IsDir() {
		closeFile(f)
		if !slash {
			return nil, webob.MovedPermanently("./" + lastSegment(req) + "/" + query(req))
		}
		return h.serveDir(req, name)
	}
	if slash {
		closeFile(f)
		if name == "." {
			return nil, webob.NotFound()
		}
		return nil, webob.MovedPermanently("../" + url.PathEscape(path.Base(name)) + query(req))
	}
	if !fi.Mode().IsRegular() {
		closeFile(f)
		return nil, webob.NotFound()
	}
	return h.serveFile(req, name, f, fi)
}

// lookup opens name and stats it; for a request with preconditions it
// only stats it (f is nil), as most such requests end in 304 and need no
// content.
func (h *handler) lookup(req *webob.Request, name string) (fs.File, fs.FileInfo, error) {
	if hasPreconditions(req.HTTP().Header) {
		fi, err := fs.Stat(h.fsys, name)
		if err != nil {
			return nil, nil, openError(err)
		}
		return nil, fi, nil
	}
	return h.open(name)
}

// closeFile closes f unless it is nil.
func closeFile(f fs.File) {
	if f != nil {
		f.Close()
	}
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

// serveFile answers with the regular file name (info fi; f is the file
// opened, or nil when only stat'ed), or with a precompressed sibling.
//
// A request with preconditions is checked here, with
// webob.CheckPreconditions against the validators about to be sent and
// before the file is opened when they are known, so that a 304 is built
// directly from the fields RFC 9110 §15.4.5 keeps (the adapter would
// reach the same answer at the cost of building the 200 first). Ranges,
// If-Range and HEAD are left to the adapter.
func (h *handler) serveFile(req *webob.Request, name string, f fs.File, fi fs.FileInfo) (*webob.Response, error) {
	orig, origFile := name, f
	var enc coding
	if len(h.enc) > 0 {
		if sfi, c, ok := h.sibling(req, name); ok {
			f, fi, enc, name = nil, sfi, c, name+c.ext
		}
	}
	cond := hasPreconditions(req.HTTP().Header)
	checked := false
	if f == nil && cond {
		if etag, lm, mod, ok := h.validators(name, fi, enc, nil); ok {
			checked = true
			if resp, err := h.precheck(req, name, etag, lm, mod); resp != nil || err != nil {
				closeFile(origFile)
				return resp, err
			}
		}
	}
	if f == nil {
		var err error
		if f, fi, err = h.open(name); err != nil {
			closeFile(origFile)
			return nil, err
		}
		if !fi.Mode().IsRegular() {
			f.Close()
			closeFile(origFile)
			return nil, webob.NotFound()
		}
	}
	etag, lm, mod, _ := h.validators(name, fi, enc, f)
	if cond && !checked {
		if resp, err := h.precheck(req, name, etag, lm, mod); resp != nil || err != nil {
			f.Close()
			closeFile(origFile)
			return resp, err
		}
	}

	var ct string
	switch {
	case enc.name == "":
		ct = contentType(orig, f)
	case origFile != nil:
		ct = contentType(orig, origFile)
		origFile.Close()
	default:
		ct = contentType(orig, nil)
		if ct == "" {
			if of, err := h.fsys.Open(orig); err == nil {
				ct = contentType(orig, of)
				of.Close()
			}
		}
	}
	if ct == "" {
		ct = "application/octet-stream"
	}
	resp := req.Response()
	h.setFileHeader(resp.Header(), name, ct, etag, lm, enc.name, "")
	resp.SetBodyReader(newBody(f, fi.Size()), fi.Size())
	return resp, nil
}

// validators returns the ETag and Last-Modified values of the file name
// (info fi, coding enc) and its modification time (zero when it has
// none). A content hash is taken from the cache, or computed from f; with
// f nil and no cached hash, ok is false.
func (h *handler) validators(name string, fi fs.FileInfo, enc coding, f fs.File) (etag, lm string, mod time.Time, ok bool) {
	mod = fi.ModTime()
	if !hasModTime(mod) {
		mod = time.Time{}
	}
	// The ETag and Last-Modified share one string.
	var buf [96]byte
	b := buf[:0]
	if !h.o.HashETags && !mod.IsZero() {
		b = appendModETag(b, fi.Size(), mod, enc.name)
	} else if tag, found := h.hashETag(f, name, fi); found {
		b = append(b, tag...)
	} else if f == nil {
		return "", "", mod, false
	}
	n := len(b)
	if !mod.IsZero() {
		b = mod.UTC().AppendFormat(b, http.TimeFormat)
	}
	if len(b) > 0 {
		s := string(b)
		etag, lm = s[:n], s[n:]
	}
	return etag, lm, mod, true
}

// precheck evaluates the request's preconditions against the validators:
// a 304 Response (with the fields RFC 9110 §15.4.5 keeps: ETag, else
// Last-Modified, and Cache-Control; the adapter adds Vary), the 412
// error, or nil, nil to go on.
func (h *handler) precheck(req *webob.Request, name, etag, lm string, mod time.Time) (*webob.Response, error) {
	v := webob.Validators{LastModified: mod}
	if len(etag) >= 2 {
		v.ETag, v.HasETag = headers.ETag{Tag: etag[1 : len(etag)-1]}, true
	}
	err := webob.CheckPreconditions(req, v)
	if err == nil {
		return nil, nil
	}
	if he, ok := err.(*webob.HTTPError); !ok || he.Code != http.StatusNotModified {
		return nil, err
	}
	resp := req.Response()
	resp.StatusCode = http.StatusNotModified
	hd := resp.Header()
	vals := make([]string, 2)
	if etag != "" {
		vals[0] = etag
		hd["Etag"] = vals[0:1:1]
	} else if lm != "" {
		vals[0] = lm
		hd["Last-Modified"] = vals[0:1:1]
	}
	if cc := h.cacheControl(name); cc != "" {
		vals[1] = cc
		hd["Cache-Control"] = vals[1:2:2]
	}
	return resp, nil
}

// setFileHeader sets the fields of a 200 for the file name into hd; a
// Content-Length is set when cl is not empty.
func (h *handler) setFileHeader(hd http.Header, name, ct, etag, lm, enc, cl string) {
	vals := make([]string, 6)
	vals[0] = ct
	hd["Content-Type"] = vals[0:1:1]
	if etag != "" {
		vals[1] = etag
		hd["Etag"] = vals[1:2:2]
	}
	if lm != "" {
		vals[2] = lm
		hd["Last-Modified"] = vals[2:3:3]
	}
	if cc := h.cacheControl(name); cc != "" {
		vals[3] = cc
		hd["Cache-Control"] = vals[3:4:4]
	}
	if enc != "" {
		vals[4] = enc
		hd["Content-Encoding"] = vals[4:5:5]
	}
	if cl != "" {
		vals[5] = cl
		hd["Content-Length"] = vals[5:6:6]
	}
	hd["Accept-Ranges"] = acceptRangesBytes
}

// hasPreconditions reports whether h holds a precondition field.
func hasPreconditions(h http.Header) bool {
	if len(h["If-None-Match"]) > 0 || len(h["If-Modified-Since"]) > 0 {
		return true
	}
	return len(h["If-Match"]) > 0 || len(h["If-Unmodified-Since"]) > 0
}

var acceptRangesBytes = []string{"bytes"}

// sibling returns the info of the precompressed sibling of name the
// client prefers, or ok false. It consults Accept-Encoding (so Vary gets
// it) whenever name has a sibling; a request without a valid
// Accept-Encoding gets the file itself.
func (h *handler) sibling(req *webob.Request, name string) (fs.FileInfo, coding, bool) {
	var offers [4]string
	var have [4]coding
	var infos [4]fs.FileInfo
	n := 0
	for _, c := range h.enc {
		if n == len(have)-1 {
			break
		}
		fi, err := fs.Stat(h.fsys, name+c.ext)
		if err != nil || !fi.Mode().IsRegular() {
			continue
		}
		offers[n], have[n], infos[n] = c.name, c, fi
		n++
	}
	if n == 0 {
		return nil, coding{}, false
	}
	ae := req.AcceptEncoding()
	if ae.State() != negotiate.Valid {
		return nil, coding{}, false
	}
	offers[n] = "identity"
	best, ok := ae.Best(offers[:n+1]...)
	if !ok || best == "identity" {
		return nil, coding{}, false
	}
	for i, c := range have[:n] {
		if c.name == best {
			return infos[i], c, true
		}
	}
	return nil, coding{}, false
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

// validFieldValue reports whether v may be sent as a field value: no
// control byte but HTAB, no DEL.
func validFieldValue(v string) bool {
	for i := 0; i < len(v); i++ {
		if c := v[i]; (c < 0x20 && c != '\t') || c == 0x7f {
			return false
		}
	}
	return true
}
