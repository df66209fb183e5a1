package multipart

import (
	"math"
	"os"

	"github.com/webob-go/webob/headers"
	"github.com/webob-go/webob/internal/oneline"
)

// Default limits, used for every Limits field left at zero.
const (
	DefaultMaxBodyBytes     = 64 << 20 // 64 MiB
	DefaultMaxParts         = 1000
	DefaultMaxFiles         = 100
	DefaultMaxHeaderBytes   = 8 << 10  // 8 KiB per part
	DefaultMaxHeaderLines   = 32       // per part
	DefaultMaxValueBytes    = 10 << 20 // 10 MiB for all values together
	DefaultMaxFileBytes     = 32 << 20 // 32 MiB per file
	DefaultMaxDiskBytes     = 64 << 20 // 64 MiB for all files together
	DefaultMaxPreambleBytes = 4 << 10  // 4 KiB
	DefaultMaxEpilogueBytes = 4 << 10  // 4 KiB
	DefaultMaxParams        = 10000
	DefaultMemoryThreshold  = 1 << 20  // 1 MiB per file
	DefaultMemoryBudget     = 10 << 20 // 10 MiB for all files together
)

// Limits bounds every resource a request body can make the reader spend.
// A nil *Limits, and every field left at zero, means the documented
// default (the Default... constants). A negative value turns that limit
// off; do that only when something in front of the reader enforces it.
//
// A limit that is hit makes the reader fail with a *LimitError naming the
// field; it never drops what follows silently.
type Limits struct {
	// MaxBodyBytes caps the bytes read from the body, preamble and
	// epilogue included. Default 64 MiB.
	MaxBodyBytes int64
	// MaxParts caps the number of parts, fields and files together.
	// Default 1000.
	MaxParts int64
	// MaxFiles caps the number of file parts (parts whose
	// Content-Disposition has a filename parameter). Default 100.
	MaxFiles int64
	// MaxHeaderBytes caps the bytes of one part's header section: the
	// white space after its boundary delimiter, its header lines with
	// their line breaks and the empty line ending them. Default 8 KiB.
	MaxHeaderBytes int64
	// MaxHeaderLines caps the header lines of one part, continuation
	// lines included. Default 32.
	MaxHeaderLines int64
	// MaxValueBytes caps the bytes of all non-file values together (raw,
	// before any charset decoding), and the length of an urlencoded
	// string. Default 10 MiB.
	MaxValueBytes int64
	// MaxFileBytes caps the bytes of any one file. Default 32 MiB.
	MaxFileBytes int64
	// MaxDiskBytes caps the bytes ReadForm writes to its temporary file,
	// all files together. Default 64 MiB.
	MaxDiskBytes int64
	// MaxPreambleBytes caps the bytes before the first boundary delimiter
	// line. Default 4 KiB.
	MaxPreambleBytes int64
	// MaxEpilogueBytes caps the bytes after the closing delimiter
	// "--boundary--", its line break included. Default 4 KiB.
	MaxEpilogueBytes int64
	// MaxParams caps the non-empty name=value pairs of an urlencoded
	// string (the same setting as webob.Options.MaxParams).
	// Default 10,000.
	MaxParams int64

	// MemoryThreshold is the size up to which ReadForm keeps a file in
	// memory; a larger file goes to the form's temporary file. It is not
	// an error limit. Default 1 MiB; negative keeps every file in memory (still
	// bounded by MaxFileBytes and MemoryBudget).
	MemoryThreshold int64
	// MemoryBudget is the total of file bytes ReadForm keeps in memory;
	// files that would go past it are written to disk however small. It
	// is not an error limit. Default 10 MiB; negative means no budget.
	MemoryBudget int64
	// TempDir is the directory for the form's temporary file; "" means
	// os.TempDir().
	TempDir string
}

// WithDefaults returns a copy of l (or of the zero Limits when l is nil)
// with every zero field replaced by its default. Negative fields stay
// negative.
func (l *Limits) WithDefaults() Limits {
	var c Limits
	if l != nil {
		c = *l
	}
	def := func(v *int64, d int64) {
		if *v == 0 {
			*v = d
		}
	}
	def(&c.MaxBodyBytes, DefaultMaxBodyBytes)
	def(&c.MaxParts, DefaultMaxParts)
	def(&c.MaxFiles, DefaultMaxFiles)
	def(&c.MaxHeaderBytes, DefaultMaxHeaderBytes)
	def(&c.MaxHeaderLines, DefaultMaxHeaderLines)
	def(&c.MaxValueBytes, DefaultMaxValueBytes)
	def(&c.MaxFileBytes, DefaultMaxFileBytes)
	def(&c.MaxDiskBytes, DefaultMaxDiskBytes)
	def(&c.MaxPreambleBytes, DefaultMaxPreambleBytes)
	def(&c.MaxEpilogueBytes, DefaultMaxEpilogueBytes)
	def(&c.MaxParams, DefaultMaxParams)
	def(&c.MemoryThreshold, DefaultMemoryThreshold)
	def(&c.MemoryBudget, DefaultMemoryBudget)
	return c
}

// limits holds the limits in force, with "no limit" as math.MaxInt64 so
// comparisons need no special case.
type limits struct {
	body, parts, files, hdrBytes, hdrLines, value, file, disk, preamble, epilogue, pairs int64
	memThreshold, memBudget                                                              int64
	tempDir                                                                              string
}

func resolve(l *Limits) limits {
	c := l.WithDefaults()
	eff := func(v int64) int64 {
		if v < 0 {
			return math.MaxInt64
		}
		return v
	}
	return limits{
		body:         eff(c.MaxBodyBytes),
		parts:        eff(c.MaxParts),
		files:        eff(c.MaxFiles),
		hdrBytes:     eff(c.MaxHeaderBytes),
		hdrLines:     eff(c.MaxHeaderLines),
		value:        eff(c.MaxValueBytes),
		file:         eff(c.MaxFileBytes),
		disk:         eff(c.MaxDiskBytes),
		preamble:     eff(c.MaxPreambleBytes),
		epilogue:     eff(c.MaxEpilogueBytes),
		pairs:        eff(c.MaxParams),
		memThreshold: eff(c.MemoryThreshold),
		memBudget:    eff(c.MemoryBudget),
		tempDir:      c.TempDir,
	}
}

func limitErr(name string, max int64, field string) error {
	if max == math.MaxInt64 {
		max = -1
	}
	return &LimitError{Limit: name, Max: max, Name: field}
}

// CheckContentLength checks a request's Content-Length field value before
// any of the body is read. An absent value ("") gives -1 and no error: the
// length is unknown and MaxBodyBytes is enforced while reading. A value
// that is negative, not a number, or a list of differing numbers is
// ErrBadContentLength (400); a length past lim's MaxBodyBytes is a
// *LimitError for MaxBodyBytes (413), so the body need not be read at all.
// A list of identical values ("42, 42") is taken as that value
// (RFC 9110 §8.6).
func CheckContentLength(v string, lim *Limits) (int64, error) {
	if headers.TrimOWS(v) == "" {
		return -1, nil
	}
	n, err := headers.ParseContentLength([]string{v})
	if err != nil {
		return 0, oneline.Detail(ErrBadContentLength, oneline.Quote(v))
	}
	if max := resolve(lim).body; n > max {
		return 0, limitErr("MaxBodyBytes", max, "")
	}
	return n, nil
}

// dir returns the directory for the temporary file.
func (l *limits) dir() string {
	if l.tempDir != "" {
		return l.tempDir
	}
	return os.TempDir()
}
