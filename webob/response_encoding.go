package webob

import (
	"bufio"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"errors"
	"io"
)

// ErrUnknownEncoding reports a content coding EncodeContent or
// DecodeContent does not know.
var ErrUnknownEncoding = errors.New("webob: unknown content coding")

// EncodeContent applies a content coding to the body: "gzip" compresses it
// (at the best compression, as WebOb does) and "identity" removes any
// coding (DecodeContent). A body that is already gzip is left alone. A
// byte or string body is compressed at once and its Content-Length fixed;
// a stream or function body is compressed while it is sent, and its
// Content-Length removed. Content-Encoding is set, Accept-Encoding is
// added to Vary, and a strong ETag becomes weak (the bytes changed, the
// representation did not). Any other coding is ErrUnknownEncoding.
func (r *Response) EncodeContent(coding string) error {
	r.materialize()
	switch coding {
	case "identity":
		return r.DecodeContent()
	case "gzip":
	default:
		return ErrUnknownEncoding
	}
	if err := r.err(); err != nil {
		return err
	}
	if r.ContentEncoding() == "gzip" {
		return nil
	}
	switch r.kind {
	case bodyBytes, bodyString, bodyNone:
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression) // a valid level
		if r.kind == bodyString {
			_, _ = io.WriteString(zw, r.s)
		} else {
			_, _ = zw.Write(r.bb())
		}
		_ = zw.Close()
		r.SetBody(buf.Bytes())
	case bodyReader:
		rd := r.x.rd
		r.x.rd = nil
		r.SetBodyFunc(func(w io.Writer) error {
			zw, _ := gzip.NewWriterLevel(w, gzip.BestCompression)
			_, err := io.Copy(zw, rd)
			if cerr := zw.Close(); err == nil {
				err = cerr
			}
			if c, ok := rd.(io.Closer); ok {
				if cerr := c.Close(); err == nil {
					err = cerr
				}
			}
			return err
		})
	case bodyFunc:
		fn := r.x.fn
		r.SetBodyFunc(func(w io.Writer) error {
			zw, _ := gzip.NewWriterLevel(w, gzip.BestCompression)
			err := fn(zw)
			if cerr := zw.Close(); err == nil {
				err = cerr
			}
			return err
		})
	}
	r.set("Content-Encoding", "gzip")
	r.addVary([]string{"Accept-Encoding"})
	r.weakenETag()
	return nil
}

// DecodeContent removes the content coding of the body: gzip, or deflate
// (raw, as WebOb reads it, or with a zlib wrapper). Content-Encoding is
// removed and Content-Length fixed; a strong ETag becomes weak. No coding
// or "identity" does nothing; any other is ErrUnknownEncoding. A byte or
// string body is decoded at once and a body that does not decode is an
// error (the response is unchanged); a stream or function body is decoded
// while it is sent.
func (r *Response) DecodeContent() error {
	r.materialize()
	coding := r.ContentEncoding()
	switch coding {
	case "", "identity":
		return nil
	case "gzip", "x-gzip", "deflate":
	default:
		return ErrUnknownEncoding
	}
	if err := r.err(); err != nil {
		return err
	}
	if r.kind == bodyBytes || r.kind == bodyString || r.kind == bodyNone {
		b, _ := r.Body()
		out, err := decode(coding, bytes.NewReader(b))
		if err != nil {
			return err
		}
		r.SetBody(out)
	} else {
		src := r.BodyReader()
		r.SetBodyFunc(func(w io.Writer) error {
			defer closeIf(src)
			zr, err := decoder(coding, src)
			if err != nil {
				return err
			}
			_, err = io.Copy(w, zr)
			return err
		})
	}
	r.del("Content-Encoding")
	r.weakenETag()
	return nil
}

func closeIf(r io.Reader) {
	if c, ok := r.(io.Closer); ok {
		_ = c.Close()
	}
}

// decoder returns a reader decoding src.
func decoder(coding string, src io.Reader) (io.Reader, error) {
	if coding == "deflate" {
		br := bufioReader(src)
		// RFC 9110 §8.4.1.2 deflate is zlib-wrapped; WebOb reads raw
		// deflate. A zlib stream starts with 0x78 (CM 8, 32K window).
		if b, err := br.Peek(2); err == nil && b[0]&0x0F == 8 && (uint16(b[0])<<8|uint16(b[1]))%31 == 0 {
			_, _ = br.Discard(2)
		}
		return flate.NewReader(br), nil
	}
	return gzip.NewReader(src)
}

func decode(coding string, src io.Reader) ([]byte, error) {
	zr, err := decoder(coding, src)
	if err != nil {
		return nil, err
	}
	return io.ReadAll(zr)
}

func bufioReader(r io.Reader) *bufio.Reader { return bufio.NewReader(r) }
