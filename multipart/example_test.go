package multipart_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/webob-go/webob/headers"
	"github.com/webob-go/webob/multipart"
)

const exampleBody = "--AaB03x\r\n" +
	"Content-Disposition: form-data; name=\"submit-name\"\r\n" +
	"\r\n" +
	"Larry\r\n" +
	"--AaB03x\r\n" +
	"Content-Disposition: form-data; name=\"files\"; filename=\"C:\\Users\\larry\\file1.txt\"\r\n" +
	"Content-Type: text/plain\r\n" +
	"\r\n" +
	"... contents of file1.txt ...\r\n" +
	"--AaB03x--\r\n"

func ExampleReadForm() {
	boundary, err := multipart.ParseBoundary("multipart/form-data; boundary=AaB03x")
	if err != nil {
		fmt.Println(err)
		return
	}
	form, err := multipart.ReadForm(strings.NewReader(exampleBody), boundary, nil)
	if err != nil {
		fmt.Println(err) // a *LimitError (413) or errors.Is(err, multipart.ErrMalformed) (400)
		return
	}
	defer form.RemoveAll()

	fmt.Println(form.Value("submit-name"))
	f := form.FileFor("files")
	rc, _ := f.Open()
	defer rc.Close()
	b, _ := io.ReadAll(rc)
	fmt.Printf("%s (%s, %d bytes): %s\n", f.Filename, f.ContentType, f.Size, b)
	// Output:
	// Larry
	// file1.txt (text/plain, 29 bytes): ... contents of file1.txt ...
}

func ExampleReadForm_limits() {
	body := strings.Repeat("p", 5000) + "\r\n" + exampleBody
	_, err := multipart.ReadForm(strings.NewReader(body), "AaB03x", &multipart.Limits{MaxFiles: 10})
	var le *multipart.LimitError
	if errors.As(err, &le) {
		fmt.Println(le.Limit, le.Max)
	}
	// Output:
	// MaxPreambleBytes 4096
}

func ExampleNewReader() {
	r := multipart.NewReader(strings.NewReader(exampleBody), "AaB03x", &multipart.Limits{MaxFileBytes: 1 << 30})
	for {
		p, err := r.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			fmt.Println(err)
			return
		}
		if p.IsFile {
			// Stream the upload wherever it goes, without touching disk.
			n, err := io.Copy(io.Discard, p)
			fmt.Println("file", p.Name, p.Filename, n, err)
			continue
		}
		v, _ := io.ReadAll(p)
		fmt.Printf("field %s=%s\n", p.Name, v)
	}
	// Output:
	// field submit-name=Larry
	// file files file1.txt 29 <nil>
}

func ExampleFormWriter() {
	var body bytes.Buffer
	w := multipart.NewFormWriter(&body)
	w.SetBoundary("example") // normally left random
	w.WriteField("title", "Trip")
	w.WriteFile("photo", "Zürich.jpg", "image/jpeg", strings.NewReader("JPEG..."))
	if err := w.Close(); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(w.FormDataContentType())
	fmt.Print(strings.ReplaceAll(body.String(), "\r\n", "\n"))
	// Output:
	// multipart/form-data; boundary=example
	// --example
	// Content-Disposition: form-data; name="title"
	//
	// Trip
	// --example
	// Content-Disposition: form-data; name="photo"; filename="Zürich.jpg"; filename*=UTF-8''Z%C3%BCrich.jpg
	// Content-Type: image/jpeg
	//
	// JPEG...
	// --example--
}

func ExampleByteRangesWriter() {
	content := strings.NewReader("The quick brown fox jumps over the lazy dog")
	spans := []headers.Span{{Start: 4, End: 8}, {Start: 40, End: 42}}

	var body bytes.Buffer // the response body
	w := multipart.NewByteRangesWriter(&body)
	w.SetBoundary("SEP") // normally left random
	fmt.Println("Content-Type:", w.ContentType())
	fmt.Println("Content-Length:", multipart.ByteRangesLength(w.Boundary(), spans, "text/plain", content.Size()))
	fmt.Println()
	for _, sp := range spans {
		if err := w.WritePart(content, sp, "text/plain", content.Size()); err != nil {
			fmt.Println(err)
			return
		}
	}
	w.Close()
	fmt.Print(strings.ReplaceAll(body.String(), "\r\n", "\n"))
	// Output:
	// Content-Type: multipart/byteranges; boundary=SEP
	// Content-Length: 151
	//
	// --SEP
	// Content-Type: text/plain
	// Content-Range: bytes 4-8/43
	//
	// quick
	// --SEP
	// Content-Type: text/plain
	// Content-Range: bytes 40-42/43
	//
	// dog
	// --SEP--
}

func ExampleParseURLEncoded() {
	fields, err := multipart.ParseURLEncoded("q=caf%C3%A9+au+lait&page=2&a=1;b=2", nil)
	fmt.Println(fields, err)
	_, err = multipart.ParseURLEncoded("q=100%&page=2", nil)
	fmt.Println(err)
	fields, err = multipart.ParseURLEncodedLenient("q=100%&page=2", nil)
	fmt.Println(fields, err)
	// Output:
	// [{q café au lait} {page 2} {a 1;b=2}] <nil>
	// multipart: invalid percent-escape in the pair with key "q"
	// [{page 2}] <nil>
}
