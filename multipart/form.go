package multipart

import (
	"bytes"
	"errors"
	"io"
	"net/textproto"
	"os"

	"github.com/webob-go/webob/headers"
)

// A Field is one name/value pair of a form, in the order sent.
type Field struct {
	Name  string
	Value string
}

// A File is one uploaded file of a form read by ReadForm. Its content is
// in memory or, past Limits.MemoryThreshold, in a temporary file that
// Form.RemoveAll deletes.
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
	path string // temporary file, when on disk
}

// FileReader is what File.Open returns: the content with random access.
type FileReader interface {
	io.Reader
	io.ReaderAt
	io.Seeker
	io.Closer
}

// Open returns the file's content. The caller must Close it. For a file
// on disk each call opens the temporary file anew; it fails once
// Form.RemoveAll has run.
func (f *File) Open() (FileReader, error) {
	if f.path == "" {
		return memFile{bytes.NewReader(f.data)}, nil
	}
	return os.Open(f.path)
}

// Path returns the temporary file holding the content, or "" when the
// content is in memory. A caller that wants to keep the file may rename
// it; Form.RemoveAll then ignores it.
func (f *File) Path() string { return f.path }

type memFile struct{ *bytes.Reader }

func (memFile) Close() error { return nil }

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

// RemoveAll deletes every temporary file of the form. Files already
// removed or renamed away are not an error. It is safe to call more than
// once, and on a nil Form.
func (f *Form) RemoveAll() error {
	if f == nil {
		return nil
	}
	var errs []error
	for _, fh := range f.Files {
		if fh.path == "" {
			continue
		}
		if err := os.Remove(fh.path); err != nil && !errors.Is(err, os.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// ReadForm reads a whole multipart/form-data body delimited by boundary
// (see ParseBoundary for getting it from a Content-Type) under lim (nil
// means the defaults), and returns its fields and files in the order
// sent.
//
// Files stay in memory up to lim.MemoryThreshold each and
// lim.MemoryBudget in all, and go to temporary files in lim.TempDir
// beyond that; call Form.RemoveAll when done. On error ReadForm removes
// what it wrote and returns a nil Form: a *LimitError when a limit was
// hit, an error wrapping ErrMalformed for a malformed body, or the
// source's read error.
//
// Text values are decoded to UTF-8 when the part's Content-Type names a
// charset or, failing that, when the form has a _charset_ field
// (RFC 7578 §4.6); UTF-8 and US-ASCII are kept as they are. An unknown
// charset is ErrCharset. Values are otherwise kept as sent, even when they
// are not valid UTF-8. The _charset_ field itself stays in Fields.
func ReadForm(r io.Reader, boundary string, lim *Limits) (*Form, error) {
	mr := NewReader(r, boundary, lim)
	fr := formReader{Reader: mr, form: &Form{}}
	err := fr.read()
	if fr.tmp != nil {
		fr.tmp.Close()
		os.Remove(fr.tmp.Name())
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
	form     *Form
	charsets []string // per field: the part's charset, when any is set
	val      []byte   // value scratch
	memUsed  int64    // file bytes kept in memory
	disk     int64    // file bytes written to disk
	tmp      *os.File // the temporary file being written
	wbuf     []byte   // write buffer for temporary files
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
	fr.form.Fields = append(fr.form.Fields, Field{Name: p.Name, Value: string(fr.val)})
	if cs := p.Charset(); cs != "" || fr.charsets != nil {
		if fr.charsets == nil {
			fr.charsets = make([]string, len(fr.form.Fields)-1, cap(fr.form.Fields))
		}
		fr.charsets = append(fr.charsets, cs)
	}
	return nil
}

// readFile reads a file part into memory, spilling to a temporary file.
func (fr *formReader) readFile(p *Part) error {
	r := fr.Reader
	f := &File{FieldName: p.Name, Filename: p.Filename, ContentType: p.ContentType}
	var mem []byte
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
		if fr.tmp == nil && f.Size+n <= r.lim.memThreshold && fr.memUsed+f.Size+n <= r.lim.memBudget {
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
			if fr.tmp == nil {
				if err := fr.spill(mem); err != nil {
					return r.fail(err)
				}
				mem = nil
			}
			if err := fr.write(chunk, p.Name); err != nil {
				return r.fail(err)
			}
		}
		f.Size += n
		r.advance(p, len(chunk))
	}
	if fr.tmp != nil {
		if err := fr.flush(); err != nil {
			return r.fail(err)
		}
		f.path = fr.tmp.Name()
		err := fr.tmp.Close()
		fr.tmp = nil
		if err != nil {
			os.Remove(f.path)
			return r.fail(err)
		}
	} else {
		f.data = mem
		fr.memUsed += f.Size
	}
	f.Header = p.Header
	fr.form.Files = append(fr.form.Files, f)
	return nil
}

// spill creates the temporary file and writes what was kept in memory.
func (fr *formReader) spill(mem []byte) error {
	t, err := os.CreateTemp(fr.lim.dir(), "multipart-")
	if err != nil {
		return err
	}
	fr.tmp = t
	if fr.wbuf == nil {
		fr.wbuf = make([]byte, 0, bufSize)
	}
	return fr.write(mem, "")
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

// decodeCharsets decodes text values per their part's charset or the
// form's _charset_ field.
func (fr *formReader) decodeCharsets() error {
	def := ""
	for _, f := range fr.form.Fields {
		if f.Name == "_charset_" {
			def = headers.TrimOWS(f.Value)
			break
		}
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
