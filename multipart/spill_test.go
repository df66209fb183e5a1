package multipart

import (
	"bytes"
	"io"
	"os"
	"strconv"
	"strings"
	"testing"
)

// TestReadFormSpillsEveryFileToOneTempFile is the regression test for
// "up to 100 temporary files per request": 10 files of 1 MiB fill the
// default memory budget, and each of the 90 tiny files after them used to
// get a temporary file of its own. Now the form has one temporary file,
// and every file still reads back exactly its own bytes.
func TestReadFormSpillsEveryFileToOneTempFile(t *testing.T) {
	dir := t.TempDir()
	var parts []string
	var want []string
	for i := range 10 {
		c := strings.Repeat(string(rune('a'+i)), 1<<20)
		parts = append(parts, file("big"+strconv.Itoa(i), "big.bin", "application/octet-stream", c))
		want = append(want, c)
	}
	for i := range 90 {
		c := "tiny file " + strconv.Itoa(i)
		parts = append(parts, file("tiny"+strconv.Itoa(i), "t.txt", "text/plain", c))
		want = append(want, c)
	}
	f, err := ReadForm(strings.NewReader(mp(parts...)), tb, &Limits{TempDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(ents) != 1 {
		t.Fatalf("%d temporary files for one form, want 1", len(ents))
	}
	if len(f.Files) != 100 {
		t.Fatalf("%d files", len(f.Files))
	}
	for i, fh := range f.Files {
		if onDisk := i >= 10; fh.OnDisk() != onDisk {
			t.Errorf("file %d: OnDisk %v, want %v", i, fh.OnDisk(), onDisk)
		}
		if got := content(t, fh); got != want[i] {
			t.Fatalf("file %d: content %.20q (%d bytes), want %.20q (%d bytes)", i, got, len(got), want[i], len(want[i]))
		}
	}

	// Open gives each file's own offsets: ReadAt, Seek and EOF stay
	// within the file, however many files share the temporary one.
	fh := f.Files[50]
	rc, err := fh.Open()
	if err != nil {
		t.Fatal(err)
	}
	rc2, err := f.Files[51].Open() // two handles open at once
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := rc.(interface {
		Outer() (io.ReaderAt, int64, int64)
	}); ok {
		t.Error("Open hands out the whole temporary file through Outer")
	}
	b := make([]byte, 4)
	if n, err := rc.ReadAt(b, 5); n != 4 || string(b) != "file" || err != nil {
		t.Errorf("ReadAt = %d %q %v", n, b, err)
	}
	if n, err := rc.ReadAt(b, fh.Size-2); n != 2 || err != io.EOF {
		t.Errorf("ReadAt past the end = %d %v, want 2 io.EOF", n, err)
	}
	if pos, err := rc.Seek(-2, io.SeekEnd); pos != fh.Size-2 || err != nil {
		t.Errorf("Seek end = %d %v", pos, err)
	}
	rest, _ := io.ReadAll(rc)
	if string(rest) != "40" {
		t.Errorf("after Seek %q", rest)
	}
	if got, _ := io.ReadAll(rc2); string(got) != want[51] {
		t.Errorf("second handle %q", got)
	}
	if err := rc.Close(); err != nil {
		t.Error(err)
	}
	if err := rc2.Close(); err != nil {
		t.Error(err)
	}

	if err := f.RemoveAll(); err != nil {
		t.Fatal(err)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Errorf("RemoveAll left %d temporary files", len(ents))
	}
	if _, err := f.Files[99].Open(); err == nil {
		t.Error("Open after RemoveAll succeeded")
	}
}

// TestReadFormSharedSpillKeepsDiskLimitAcrossFiles checks MaxDiskBytes
// counts every file written to the shared temporary file, the write that
// passes it fails, and nothing is left behind.
func TestReadFormSharedSpillKeepsDiskLimitAcrossFiles(t *testing.T) {
	dir := t.TempDir()
	lim := &Limits{TempDir: dir, MemoryThreshold: 1, MaxDiskBytes: 300}
	ok := mp(file("a", "a", "t/p", strings.Repeat("x", 100)), file("b", "b", "t/p", strings.Repeat("y", 100)), file("c", "c", "t/p", strings.Repeat("z", 100)))
	f, err := ReadForm(strings.NewReader(ok), tb, lim)
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range []string{"x", "y", "z"} {
		if got := content(t, f.Files[i]); got != strings.Repeat(c, 100) {
			t.Errorf("file %d = %q", i, got)
		}
	}
	f.RemoveAll()
	past := mp(file("a", "a", "t/p", strings.Repeat("x", 100)), file("b", "b", "t/p", strings.Repeat("y", 100)), file("c", "c", "t/p", strings.Repeat("z", 101)))
	_, err = ReadForm(strings.NewReader(past), tb, lim)
	wantLimit(t, err, "MaxDiskBytes", 300)
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Errorf("left %d temporary files", len(ents))
	}
}

// TestReadFormSharedSpillLargeFiles reads files bigger than the write
// buffer back from the shared file, byte for byte, with a file in memory
// between them.
func TestReadFormSharedSpillLargeFiles(t *testing.T) {
	pat := func(n int, seed byte) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(i*31) ^ seed
		}
		return string(b)
	}
	want := []string{pat(200<<10, 1), "small", pat(70<<10+3, 2), pat(1, 3)}
	f, err := readForm(t, mp(
		file("a", "a", "t/p", want[0]),
		file("b", "b", "t/p", want[1]),
		file("c", "c", "t/p", want[2]),
		file("d", "d", "t/p", want[3]),
	), &Limits{MemoryThreshold: 64 << 10, MemoryBudget: 100 << 10})
	if err != nil {
		t.Fatal(err)
	}
	for i, fh := range f.Files {
		if got := content(t, fh); !bytes.Equal([]byte(got), []byte(want[i])) {
			t.Errorf("file %d: %d bytes differ (want %d)", i, len(got), len(want[i]))
		}
	}
	if !f.Files[0].OnDisk() || f.Files[1].OnDisk() || !f.Files[2].OnDisk() {
		t.Errorf("placement %v %v %v", f.Files[0].OnDisk(), f.Files[1].OnDisk(), f.Files[2].OnDisk())
	}
}
