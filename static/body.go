package static

import (
	"io"
	"io/fs"
)

// fileBody is the body of a served file: at most the size the file was
// stat'ed with, sent through io.Copy from an *io.LimitedReader over the
// file (WriteTo), which is what net/http turns into sendfile(2) and which
// stops at the size without one more read to find the end. ReadAt lets
// the adapter cut ranges without reading what comes before them.
type fileBody struct {
	io.LimitedReader
	ra io.ReaderAt
	f  fs.File
}

// newBody returns the body for f of n bytes: a *fileBody when f can be
// read at offsets, else f itself (ranges are then cut by seeking or
// reading forward).
func newBody(f fs.File, n int64) io.Reader {
	ra, ok := f.(io.ReaderAt)
	if !ok {
		return f
	}
	return &fileBody{LimitedReader: io.LimitedReader{R: f, N: n}, ra: ra, f: f}
}

// WriteTo copies the rest of the body to w.
func (b *fileBody) WriteTo(w io.Writer) (int64, error) {
	return io.Copy(w, &b.LimitedReader)
}

// ReadAt reads from the file at off.
func (b *fileBody) ReadAt(p []byte, off int64) (int, error) { return b.ra.ReadAt(p, off) }

// Close closes the file.
func (b *fileBody) Close() error { return b.f.Close() }
