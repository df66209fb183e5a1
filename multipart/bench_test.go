package multipart

import (
	"bytes"
	"io"
	"strconv"
	"strings"
	"testing"

	"github.com/webob-go/webob/headers"
)

func benchBody(fields, fileSize int) string {
	parts := make([]string, 0, fields+1)
	for i := range fields {
		parts = append(parts, field("field"+strconv.Itoa(i), "value "+strconv.Itoa(i)))
	}
	if fileSize > 0 {
		parts = append(parts, file("upload", "data.bin", "application/octet-stream", strings.Repeat("\r\n-x", fileSize/4)))
	}
	return mp(parts...)
}

func BenchmarkReadForm(b *testing.B) {
	for _, bc := range []struct {
		name           string
		fields, fileSz int
	}{
		{"fields10", 10, 0},
		{"fields1000", 1000, 0},
		{"file512KB", 1, 512 << 10},
	} {
		body := benchBody(bc.fields, bc.fileSz)
		b.Run(bc.name, func(b *testing.B) {
			lim := &Limits{TempDir: b.TempDir()}
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				f, err := ReadForm(strings.NewReader(body), tb, lim)
				if err != nil {
					b.Fatal(err)
				}
				f.RemoveAll()
			}
		})
	}
}

// BenchmarkReaderStream streams an 8 MiB file through the Reader to
// io.Discard, the scan alone.
func BenchmarkReaderStream(b *testing.B) {
	body := benchBody(1, 8<<20)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		r := NewReader(strings.NewReader(body), tb, nil)
		for {
			p, err := r.NextPart()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			io.Copy(io.Discard, p)
		}
	}
}

func BenchmarkParseURLEncoded(b *testing.B) {
	for _, bc := range []struct{ name, in string }{
		{"plain", "q=golang&page=2&sort=desc&lang=en-US"},
		{"escaped", "q=caf%C3%A9+au+lait&name=J%C3%BCrgen&x=%2F%2F"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				ParseURLEncoded(bc.in, nil)
			}
		})
	}
}

func BenchmarkFormWriter(b *testing.B) {
	content := bytes.Repeat([]byte("0123456789abcdef"), 1<<16)
	b.SetBytes(int64(len(content)))
	b.ReportAllocs()
	for b.Loop() {
		w := NewFormWriter(io.Discard)
		w.WriteField("title", "a file")
		w.WriteFile("f", "data.bin", "", bytes.NewReader(content))
		w.Close()
	}
}

func BenchmarkByteRanges(b *testing.B) {
	src := bytes.NewReader(bytes.Repeat([]byte("x"), 1<<20))
	spans := []headers.Span{{Start: 0, End: 99}, {Start: 1000, End: 500999}, {Start: 1<<20 - 100, End: 1<<20 - 1}}
	b.ReportAllocs()
	for b.Loop() {
		if err := WriteByteRanges(io.Discard, "b", src, spans, "text/plain", 1<<20); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReadFormSpill reads 100 files of 4 KiB that all go to disk
// (MemoryThreshold 1): the cost of the temporary file.
func BenchmarkReadFormSpill(b *testing.B) {
	body := mp(nFiles(100, 4<<10)...)
	lim := &Limits{TempDir: b.TempDir(), MemoryThreshold: 1}
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		f, err := ReadForm(strings.NewReader(body), tb, lim)
		if err != nil {
			b.Fatal(err)
		}
		f.RemoveAll()
	}
}
