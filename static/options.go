package static

import (
	"io/fs"
	"os"

	"github.com/webob-go/webob/webob"
)

// Options configures FileApp and DirectoryApp. The zero value (and nil)
// means the defaults stated on each field.
type Options struct {
	// Config configures the webob adapter the handlers run in: the
	// logger, RenderError for the error bodies, AbsoluteLocation for
	// redirects. nil means the zero Config.
	Config *webob.Config

	// Index lists the names served for a directory, tried in order. nil
	// means {"index.html"}; an empty non-nil slice turns index files off.
	Index []string

	// RedirectIndex answers a request for an index file by name
	// (".../index.html") with 301 to "./" (query kept), so each page has
	// one URL, as http.FileServer always does. Off by default.
	RedirectIndex bool

	// Listing serves a directory without an index file as a listing:
	// HTML, or JSON when the request's Accept prefers application/json.
	// Entries are sorted by name and filtered by the dotfile and hide
	// policies. Off by default: such a directory is 404.
	Listing bool

	// AllowDotfiles serves names that begin with a dot. By default they
	// are 404, except the names in DotfilesAllowed.
	AllowDotfiles bool

	// DotfilesAllowed lists the dot names that are served even when
	// AllowDotfiles is off. nil means {".well-known"} (RFC 8615); an empty
	// non-nil slice allows none.
	DotfilesAllowed []string

	// Hide lists path.Match patterns of names answered with 404 and left
	// out of listings, matched case-insensitively (a Windows or macOS
	// file system would serve "SECRET.TXT" for "secret.txt"). A pattern
	// without "/" matches any segment ("*.bak", "node_modules"); one with
	// "/" matches the whole name from the root ("private/*").
	Hide []string

	// Precompressed lists content codings, in order of preference, whose
	// sibling files are served instead of the file when the client
	// accepts them: "br" (name.br), "zstd" (name.zst) and "gzip"
	// (name.gz). Ties in the client's Accept-Encoding are broken by this
	// order. The sibling gets its own ETag, the Content-Type of the
	// original and Content-Encoding; every answer for a file that has
	// siblings carries "Vary: Accept-Encoding"; ranges count bytes of the
	// encoded sibling. nil means none (no sibling is looked for).
	Precompressed []string

	// HashETags makes ETags from a hash of the content for every file.
	// By default a file with a modification time gets an ETag of its size
	// and modification time in nanoseconds, and only a file without one
	// (embed.FS, most in-memory file systems) is hashed. A hash is
	// computed once per name, size and modification time and cached.
	HashETags bool

	// HashCacheSize bounds the number of cached content hashes. Zero
	// means 4096.
	HashCacheSize int

	// CacheControl lists rules for the Cache-Control field, the first
	// that matches a served file's name wins. None means no Cache-Control
	// is sent.
	CacheControl []CacheRule
}

// CacheRule sets Cache-Control for the files it matches.
type CacheRule struct {
	// Pattern is a path.Match pattern, matched against the base name
	// when it has no "/" and against the whole name otherwise. Empty
	// matches every name (when Match is nil).
	Pattern string
	// Match, when set, is used instead of Pattern; it gets the fs.FS name.
	Match func(name string) bool
	// Value is the Cache-Control value, such as Immutable.
	Value string
}

// Immutable is the Cache-Control value for files whose name changes with
// their content (RFC 8246).
const Immutable = "public, max-age=31536000, immutable"

// HashedAssets is a CacheRule that marks fingerprinted file names (see
// IsHashed) Immutable.
var HashedAssets = CacheRule{Match: IsHashed, Value: Immutable}

// Dir returns a file system for the directory dir opened with os.OpenRoot:
// names resolve inside dir only, and a symbolic link that points outside
// it (or a ".." that would leave it) cannot be opened. The directory stays
// open for the life of the program. Files it opens are *os.File, so their
// content reaches the connection with sendfile.
func Dir(dir string) (fs.FS, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	return root.FS(), nil
}
