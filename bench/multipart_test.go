package bench

import (
	"bytes"
	"io"
	"math/rand/v2"
	stdmultipart "mime/multipart"
	"strconv"
	"sync"
	"testing"

	"github.com/webob-go/webob/multipart"
)

// multipartMemory is the in-memory setting both readers get: mime's
// ReadForm(maxMemory) keeps up to this many file bytes in memory in all;
// ours gets it as MemoryThreshold and MemoryBudget. It is our default
// threshold, so larger files go to temporary files in both.
const multipartMemory = 1 << 20

type multipartCase struct {
	name     string
	boundary string
	body     []byte
}

var multipartCases = sync.OnceValue(func() []multipartCase {
	rng := rand.New(rand.NewPCG(1, 2))
	blob := func(n int) []byte {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(rng.Uint32())
		}
		return b
	}
	build := func(fill func(w *multipart.FormWriter)) (string, []byte) {
		var buf bytes.Buffer
		w := multipart.NewFormWriter(&buf)
		fill(w)
		if err := w.Close(); err != nil {
			panic(err)
		}
		return w.Boundary(), buf.Bytes()
	}
	var cs []multipartCase
	b, body := build(func(w *multipart.FormWriter) {
		w.WriteField("title", "holiday.mov")
		w.WriteFile("upload", "holiday.mov", "video/quicktime", bytes.NewReader(blob(10<<20)))
	})
	cs = append(cs, multipartCase{"file10MB", b, body})
	b, body = build(func(w *multipart.FormWriter) {
		for i := range 1000 {
			w.WriteField("field"+strconv.Itoa(i), "value number "+strconv.Itoa(i*7919))
		}
	})
	cs = append(cs, multipartCase{"fields1000", b, body})
	b, body = build(func(w *multipart.FormWriter) {
		for i := range 50 {
			w.WriteField("f"+strconv.Itoa(i), "some text value "+strconv.Itoa(i))
			if i%5 == 0 {
				w.WriteFile("photo", "IMG_"+strconv.Itoa(i)+".jpg", "image/jpeg", bytes.NewReader(blob(64<<10)))
			}
		}
		w.WriteFile("archive", "backup.zip", "application/zip", bytes.NewReader(blob(2<<20)))
	})
	cs = append(cs, multipartCase{"mixed", b, body})
	return cs
})

func readOurs(tb testing.TB, c multipartCase, dir string) *multipart.Form {
	f, err := multipart.ReadForm(bytes.NewReader(c.body), c.boundary,
		&multipart.Limits{MemoryThreshold: multipartMemory, MemoryBudget: multipartMemory, TempDir: dir})
	if err != nil {
		tb.Fatal(err)
	}
	return f
}

func readMime(tb testing.TB, c multipartCase) *stdmultipart.Form {
	f, err := stdmultipart.NewReader(bytes.NewReader(c.body), c.boundary).ReadForm(multipartMemory)
	if err != nil {
		tb.Fatal(err)
	}
	return f
}

// TestMultipartAgreement checks that both readers give the same values,
// file names, content types and file contents on the benchmark inputs,
// and put the same files on disk.
func TestMultipartAgreement(t *testing.T) {
	for _, c := range multipartCases() {
		t.Run(c.name, func(t *testing.T) {
			ours := readOurs(t, c, t.TempDir())
			defer ours.RemoveAll()
			theirs := readMime(t, c)
			defer theirs.RemoveAll()
			n := 0
			for name, vs := range theirs.Value {
				n += len(vs)
				if got := ours.Values(name); len(got) != len(vs) || (len(vs) > 0 && got[0] != vs[0]) {
					t.Errorf("field %s: ours %q, mime %q", name, got, vs)
				}
			}
			if n != len(ours.Fields) {
				t.Errorf("%d fields, mime %d", len(ours.Fields), n)
			}
			m := 0
			for name, fhs := range theirs.File {
				m += len(fhs)
				ofs := ours.FilesFor(name)
				if len(ofs) != len(fhs) {
					t.Fatalf("files %s: %d vs %d", name, len(ofs), len(fhs))
				}
				for i, fh := range fhs {
					of := ofs[i]
					if of.Filename != fh.Filename || of.ContentType != fh.Header.Get("Content-Type") || of.Size != fh.Size {
						t.Errorf("file %s: ours %q %q %d, mime %q %q %d", name, of.Filename, of.ContentType, of.Size,
							fh.Filename, fh.Header.Get("Content-Type"), fh.Size)
					}
					r1, err1 := of.Open()
					r2, err2 := fh.Open()
					if !bytes.Equal(readAllClose(t, r1, err1), readAllClose(t, r2, err2)) {
						t.Errorf("file %s: contents differ", name)
					}
				}
			}
			if m != len(ours.Files) {
				t.Errorf("%d files, mime %d", len(ours.Files), m)
			}
		})
	}
}

func readAllClose(t *testing.T, r io.ReadCloser, err error) []byte {
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func BenchmarkMultipart(b *testing.B) {
	for _, c := range multipartCases() {
		b.Run(c.name+"/webob", func(b *testing.B) {
			dir := b.TempDir()
			b.SetBytes(int64(len(c.body)))
			b.ReportAllocs()
			for b.Loop() {
				readOurs(b, c, dir).RemoveAll()
			}
		})
		b.Run(c.name+"/mime", func(b *testing.B) {
			b.SetBytes(int64(len(c.body)))
			b.ReportAllocs()
			for b.Loop() {
				readMime(b, c).RemoveAll()
			}
		})
	}
}
