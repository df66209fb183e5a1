package multipart

import (
	"bytes"
	"errors"
	"io"
	"net/textproto"
	"os"

	"github.com/webob-go/webob/headers"
	"github.com/webob-go/webob/internal/oneline"
)

// A Field is one name/value pair of a form, in the order sent.
type Field struct {
	Name  string
	Value string
}

// A File is one uploaded file of a form read by ReadForm. Its content is
// in memory or, past Limits.MemoryThreshold, in the form's temporary file,
// which Form.RemoveAll deletes. All files of a form that go to disk share
// that one temporary file, each at its own offset.
type File struct {
	// FieldName is the form field name the file was sent under.
	FieldName string
	// Filename is the base name the client gave (see Part.Filename); it
	// may be "". Never use it as a path without further checks.
	Filename string
	// ContentType is the part's Content-Type as sent, or "" when absent.
	ContentType string
	// Header holds every header field of the part.
	Header textproto.MIMEHeader
	// Size is the length of the content in bytes.
	Size int64

	data []byte // content, when in memory
	path string // the form's temporary file, when on disk
	off  int64  // offset of the content in that file
}

// FileReader is what File.Open returns: the content with random access.
type FileReader interface {
	io.Reader
	io.ReaderAt
	io.Seeker
	io.Closer
}

// Open returns the file's content, and only it: offsets, Seek and EOF are
// those of this file, even when it shares the form's temporary file with
// others. The caller must Close it. For a file on disk each call opens the
// temporary file anew; it fails once Form.RemoveAll has run.
func (f *File) Open() (FileReader, error) {
	if f.path == "" {
		return memFile{bytes.NewReader(f.data)}, nil
	}
	fh, err := os.Open(f.path)
	if err != nil {
		return nil, err
	}
	return &diskFile{s: io.NewSectionReader(fh, f.off, f.Size), f: fh}, nil
}

// OnDisk reports whether the content is in the form's temporary file
// rather than in memory.
func (f *File) OnDisk() bool { return f.path != "" }

type memFile struct{ *bytes.Reader }

func (memFile) Close() error { return nil }

// diskFile is one file's section of the form's temporary file. It does
// not embed the io.SectionReader, so its Outer method cannot hand out the
// whole temporary file.
type diskFile struct {
	s *io.SectionReader
	f *os.File
}

func (d *diskFile) Read(p []byte) (int, error)              { return d.s.Read(p) }
func (d *diskFile) ReadAt(p []byte, off int64) (int, error) { return d.s.ReadAt(p, off) }
func (d *diskFile) Seek(off int64, whence int) (int64, error) {
	return d.s.Seek(off, whence)
}
func (d *diskFile) Close() error { return d.f.Close() }

// A Form is a multipart/form-data body read by ReadForm: its values and
// files in the order they were sent.
type Form struct {
	Fields []Field
	Files  []*File
}

// Value returns the value of the first field named name, or "".
func (f *Form) Value(name string) string {
	for i := range f.Fields {
		if f.Fields[i].Name == name {
			return f.Fields[i].Value
		}
	}
	return ""
}

// Values returns the values of every field named name, in order, or nil.
func (f *Form) Values(name string) []string {
	var vs []string
	for i := range f.Fields {
		if f.Fields[i].Name == name {
			vs = append(vs, f.Fields[i].Value)
		}
	}
	return vs
}

// FileFor returns the first file sent under the field name, or nil.
func (f *Form) FileFor(name string) *File {
	for _, fh := range f.Files {
		if fh.FieldName == name {
			return fh
		}
	}
	return nil
}

// FilesFor returns every file sent under the field name, in order, or nil.
func (f *Form) FilesFor(name string) []*File {
	var fs []*File
	for _, fh := range f.Files {
		if fh.FieldName == name {
			fs = append(fs, fh)
		}
	}
	return fs
}

// RemoveAll deletes the form's temporary file, if any. A file already
// removed is not an error. It is safe to call more than once, and on a
// nil Form. Files still open keep their content readable until closed on
// systems that allow removing open files.
func (f *Form) RemoveAll() error {
	if f == nil {
		return nil
	}
	var first error
	last := ""
	for _, fh := range f.Files {
		if fh.path == "" || fh.path == last {
			continue
		}
		last = fh.path
		if err := os.Remove(fh.path); err != nil && !errors.Is(err, os.ErrNotExist) && first == nil {
			first = err
		}
	}
	return first
}

// ReadForm reads a whole multipart/form-data body delimited by boundary
// (see ParseBoundary for getting it from a Content-Type) under lim (nil
// means the defaults), and returns its fields and files in the order
// sent.
//
// Files stay in memory up to lim.MemoryThreshold each and
// lim.MemoryBudget in all; beyond that they go to one temporary file per
// form in lim.TempDir, however many files there are (as Go's
// mime/multipart does since Go 1.20), each at its own offset. Call
// Form.RemoveAll when done. On error ReadForm removes what it wrote and
// returns a nil Form: a *LimitError when a limit was hit, an error
// wrapping ErrMalformed for a malformed body, or the source's read error.
//
// Text values are decoded to UTF-8 when the part's Content-Type names a
// charset or, failing that, when the form has a _charset_ field
// (RFC 7578 §4.6); UTF-8 and US-ASCII are kept as they are. An unknown
// charset is ErrCharset, and a text part whose Content-Type names a
// parameter twice is ErrBadHeader. Values are otherwise kept as sent, even when they
// are not valid UTF-8. The _charset_ field itself stays in Fields. Use
// ReadFormCharset to supply a default charset from elsewhere.
func ReadForm(r io.Reader, boundary string, lim *Limits) (*Form, error) {
	return ReadFormCharset(r, boundary, "", lim)
}

// ReadFormCharset is ReadForm with a default charset, such as the charset
// parameter of the request's Content-Type: it decodes the text values
// that neither their part's Content-Type nor a _charset_ field gives a
// charset for. Every value is decoded exactly once, from the first of
// these that names a charset: the part's Content-Type, the _charset_
// field, charset. An empty charset makes it ReadForm.
func ReadFormCharset(r io.Reader, boundary, charset string, lim *Limits) (*Form, error) {
	mr := NewReader(r, boundary, lim)
	fr := formReader{Reader: mr, form: &Form{}, defCharset: charset}
	err := fr.read()
	if fr.tmp != nil {
		if err == nil {
			err = fr.flush()
		}
		if cerr := fr.tmp.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			os.Remove(fr.tmp.Name())
		}
	}
	mr.release()
	if err != nil {
		fr.form.RemoveAll()
		return nil, err
	}
	return fr.form, nil
}

type formReader struct {
	*Reader
	form       *Form
	defCharset string   // charset for values no part or _charset_ names one for
	charsets   []string // per field: the part's charset, when any is set
	val        []byte   // value scratch
	memUsed    int64    // file bytes kept in memory
	disk       int64    // file bytes written to disk: the temporary file's size
	tmp        *os.File // the form's one temporary file, once a file spills
	wbuf       []byte   // write buffer for the temporary file
}

func (fr *formReader) read() error {
	for {
		p, err := fr.nextPart(false)
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		if p.IsFile {
			err = fr.readFile(p)
		} else {
			err = fr.readValue(p)
		}
		if err != nil {
			return err
		}
	}
	return fr.decodeCharsets()
}

// readValue reads a text field's value.
func (fr *formReader) readValue(p *Part) error {
	r := fr.Reader
	fr.val = fr.val[:0]
	for {
		chunk, err := r.bodyChunk()
		if err == io.EOF {
			p.done = true
			break
		}
		if err != nil {
			return r.fail(err)
		}
		if err := r.check(p, len(chunk)); err != nil {
			return r.fail(err)
		}
		fr.val = append(fr.val, chunk...)
		r.advance(p, len(chunk))
	}
	cs, err := valueCharset(p.ContentType)
	if err != nil {
		return r.fail(err)
	}
	fr.form.Fields = append(fr.form.Fields, Field{Name: p.Name, Value: string(fr.val)})
	if cs != "" || fr.charsets != nil {
		if fr.charsets == nil {
			fr.charsets = make([]string, len(fr.form.Fields)-1, cap(fr.form.Fields))
		}
		fr.charsets = append(fr.charsets, cs)
	}
	return nil
}

// valueCharset returns the charset a text part's Content-Type names, as
// Part.Charset does, except that a Content-Type naming a parameter twice
// (charset=a; charset=b) is ErrBadHeader: readers that pick different
// copies would decode the value differently.
func valueCharset(ct string) (string, error) {
	if ct == "" {
		return "", nil
	}
	mt, err := headers.ParseMediaType(ct)
	if errors.Is(err, headers.ErrDuplicateParam) {
		return "", oneline.Detail(ErrBadHeader, "duplicate parameter in Content-Type "+oneline.Quote(ct))
	}
	if err != nil {
		return "", nil
	}
	return mt.Charset(), nil
}

// readFile reads a file part into memory, spilling it to the form's
// temporary file past the memory threshold or budget.
func (fr *formReader) readFile(p *Part) error {
	r := fr.Reader
	f := &File{FieldName: p.Name, Filename: p.Filename, ContentType: p.ContentType}
	var mem []byte
	onDisk := false
	for {
		chunk, err := r.bodyChunk()
		if err == io.EOF {
			p.done = true
			break
		}
		if err != nil {
			return r.fail(err)
		}
		if err := r.check(p, len(chunk)); err != nil {
			return r.fail(err)
		}
		n := int64(len(chunk))
		if !onDisk && f.Size+n <= r.lim.memThreshold && fr.memUsed+f.Size+n <= r.lim.memBudget {
			if len(mem)+len(chunk) > cap(mem) {
				// The first chunk is allocated exactly (most files end
				// within it); then the buffer doubles, never past the
				// threshold, which this branch stays under.
				c := max(2*int64(cap(mem)), int64(len(mem)+len(chunk)))
				if room := min(r.lim.memThreshold, r.lim.memBudget-fr.memUsed); c > room/2 {
					c = room // one last step to the cap, not two
				}
				m := make([]byte, len(mem), c)
				copy(m, mem)
				mem = m
			}
			mem = append(mem, chunk...)
		} else {
			if !onDisk {
				if err := fr.spill(mem, p.Name); err != nil {
					return r.fail(err)
				}
				f.path, f.off = fr.tmp.Name(), fr.disk-int64(len(mem))
				onDisk, mem = true, nil
			}
			if err := fr.write(chunk, p.Name); err != nil {
				return r.fail(err)
			}
		}
		f.Size += n
		r.advance(p, len(chunk))
	}
	if !onDisk {
		f.data = mem
		fr.memUsed += f.Size
	}
	f.Header = p.Header
	fr.form.Files = append(fr.form.Files, f)
	return nil
}

// spill creates the form's temporary file unless it exists, and appends
// to it what was kept in memory of the file being read.
func (fr *formReader) spill(mem []byte, name string) error {
	if fr.tmp == nil {
		t, err := os.CreateTemp(fr.lim.dir(), "multipart-")
		if err != nil {
			return err
		}
		fr.tmp = t
		if fr.wbuf == nil {
			fr.wbuf = make([]byte, 0, bufSize)
		}
	}
	return fr.write(mem, name)
}

// write appends b to the temporary file through a 64 KiB buffer; large
// chunks bypass it.
func (fr *formReader) write(b []byte, name string) error {
	if fr.disk+int64(len(b)) > fr.lim.disk {
		return limitErr("MaxDiskBytes", fr.lim.disk, name)
	}
	fr.disk += int64(len(b))
	if len(fr.wbuf)+len(b) <= cap(fr.wbuf) {
		fr.wbuf = append(fr.wbuf, b...)
		if len(fr.wbuf) < cap(fr.wbuf) {
			return nil
		}
		return fr.flush()
	}
	if err := fr.flush(); err != nil {
		return err
	}
	if len(b) < cap(fr.wbuf)/2 {
		fr.wbuf = append(fr.wbuf, b...)
		return nil
	}
	_, err := fr.tmp.Write(b)
	return err
}

func (fr *formReader) flush() error {
	if len(fr.wbuf) == 0 {
		return nil
	}
	_, err := fr.tmp.Write(fr.wbuf)
	fr.wbuf = fr.wbuf[:0]
	return err
}

// decodeCharsets decodes each text value, once, from its part's charset,
// else the form's _charset_ field, else the default charset. Names and
// files are kept as sent.
func (fr *formReader) decodeCharsets() error {
	def := ""
	for _, f := range fr.form.Fields {
		if f.Name == "_charset_" {
			def = headers.TrimOWS(f.Value)
			break
		}
	}
	if def == "" {
		def = headers.TrimOWS(fr.defCharset)
	}
	if def == "" && fr.charsets == nil {
		return nil
	}
	for i := range fr.form.Fields {
		f := &fr.form.Fields[i]
		cs := def
		if fr.charsets != nil && fr.charsets[i] != "" {
			cs = fr.charsets[i]
		}
		if f.Name == "_charset_" && (fr.charsets == nil || fr.charsets[i] == "") {
			continue
		}
		v, err := DecodeCharset(f.Value, cs)
		if err != nil {
			return err
		}
		f.Value = v
	}
	return nil
}
