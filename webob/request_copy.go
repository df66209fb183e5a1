package webob

import (
	"bytes"
	"net/http"
	"strings"

	"github.com/webob-go/webob/headers"
	"github.com/webob-go/webob/multipart"
)

// Copy returns a deep copy of the request: header fields, URL, trailers,
// mount prefix and body are all its own, so changing one request never
// changes the other. The body is read into memory first (Body's limit
// applies), and both requests can read it afterwards.
func (r *Request) Copy() (*Request, error) {
	body, err := r.Body()
	if err != nil {
		return nil, err
	}
	c := r.clone()
	if body != nil {
		b := bytes.Clone(body)
		c.body, c.done = b, c.done|doneBody
		c.installBody(b)
	} else {
		c.hr.Body = http.NoBody
	}
	return c, nil
}

// clone copies the wrapped request (not its body) and the mount prefix.
func (r *Request) clone() *Request {
	hr := r.h().Clone(r.h().Context())
	if hr.Header == nil {
		hr.Header = make(http.Header)
	}
	c := NewRequest(hr, r.o())
	if r.done&donePath != 0 {
		c.done |= donePath
		c.script, c.info = r.script, r.info
	}
	return c
}

// CopyGET returns a copy of the request turned into a GET without a body,
// as WebOb's copy_get: Content-Type, Content-Length and Transfer-Encoding
// are dropped, everything else is copied. The original body is not read.
func (r *Request) CopyGET() *Request {
	c := r.clone()
	c.hr.Method = http.MethodGet
	c.hr.Body, c.hr.GetBody, c.hr.ContentLength = http.NoBody, nil, 0
	c.hr.TransferEncoding = nil
	c.hr.Trailer = nil
	for _, k := range [...]string{"Content-Type", "Content-Length", "Transfer-Encoding", "Trailer"} {
		delete(c.hr.Header, k)
	}
	return c
}

// ConditionalHeader names a group of the headers RemoveConditionalHeaders
// removes.
type ConditionalHeader uint8

// The groups of RemoveConditionalHeaders, as in WebOb.
const (
	CondEncoding ConditionalHeader = 1 << iota // Accept-Encoding
	CondRange                                  // Range and If-Range
	CondMatch                                  // If-None-Match
	CondModified                               // If-Modified-Since
)

// RemoveConditionalHeaders removes the headers that could make a
// downstream handler answer 304 Not Modified, a range, or an encoded body
// the caller cannot use (for a proxy that needs the full representation).
// With no argument every group is removed: Accept-Encoding, Range,
// If-Range, If-None-Match and If-Modified-Since. If-Match and
// If-Unmodified-Since are kept: they detect conflicts, as WebOb keeps
// them.
func (r *Request) RemoveConditionalHeaders(which ...ConditionalHeader) {
	var set ConditionalHeader
	for _, w := range which {
		set |= w
	}
	if len(which) == 0 {
		set = CondEncoding | CondRange | CondMatch | CondModified
	}
	h := r.h().Header
	if set&CondEncoding != 0 {
		delete(h, "Accept-Encoding")
	}
	if set&CondRange != 0 {
		delete(h, "Range")
		delete(h, "If-Range")
	}
	if set&CondMatch != 0 {
		delete(h, "If-None-Match")
	}
	if set&CondModified != 0 {
		delete(h, "If-Modified-Since")
	}
	r.hc = nil // typed headers are parsed again
}

// Decode returns a copy of the request whose query string and body are
// transcoded from charset to UTF-8, with "charset=UTF-8" in its
// Content-Type (WebOb's req.decode). An empty charset means the charset
// of Content-Type. When that is UTF-8 or absent, the copy is unchanged
// (parsing its form still follows a _charset_ field, as below).
//
// The query string and urlencoded bodies are decoded pair by pair and
// encoded again; in multipart bodies the text fields are transcoded and
// files kept as sent. In both kinds of form a _charset_ field (RFC 7578
// §4.6, sent by browsers in urlencoded forms too) wins over charset, and
// in multipart a part's own charset over both; each value is decoded once,
// and a _charset_ field is set to UTF-8 in the copy, so the copy's form is
// never decoded again. Other bodies whose Content-Type names the charset
// are transcoded as text. An unknown charset is an error wrapping
// ErrUnknownCharset; bytes the charset cannot decode, one wrapping
// ErrInvalidText; malformed forms give their parse error.
func (r *Request) Decode(charset string) (*Request, error) {
	mt := r.MediaType()
	if charset == "" {
		charset = mt.Charset()
	}
	c, err := r.Copy()
	if err != nil {
		return nil, err
	}
	enc, err := lookupCharset(charset)
	if err != nil {
		return nil, err
	}
	if enc == nil {
		return c, nil
	}
	// transcode decodes from cs the names, and the values unless they are
	// already decoded, of a form's fields. A _charset_ field is set to
	// UTF-8, so the copy's form is not decoded from the old charset again.
	transcode := func(fs []Field, cs string, values bool) error {
		dec := func(s string) (string, error) { return decodeText([]byte(s), cs) }
		for i := range fs {
			var err error
			if fs[i].Name, err = dec(fs[i].Name); err != nil {
				return err
			}
			if fs[i].Name == "_charset_" {
				fs[i].Value = "UTF-8"
			} else if values {
				if fs[i].Value, err = dec(fs[i].Value); err != nil {
					return err
				}
			}
		}
		return nil
	}
	// The query string.
	if q := c.hr.URL.RawQuery; q != "" {
		fs, err := multipart.ParseURLEncoded(q, r.o().queryLimits())
		if err != nil {
			return nil, err
		}
		if err := transcode(fs, charset, true); err != nil {
			return nil, err
		}
		c.hr.URL.RawQuery = string(multipart.AppendURLEncoded(nil, fs))
		if c.hr.RequestURI != "" {
			c.hr.RequestURI = c.hr.URL.RequestURI()
		}
	}
	// The body.
	body := c.body
	switch ct := r.ContentType(); {
	case ct == "application/x-www-form-urlencoded" || (ct == "" && r.Method() == "POST" && len(body) > 0):
		fs, err := multipart.ParseURLEncoded(string(body), r.o().queryLimits())
		if err != nil {
			return nil, err
		}
		// A _charset_ field names the charset the client encoded the body
		// with, and wins over charset as in multipart bodies (and in
		// ParseForm): an unknown one is ErrUnknownCharset.
		cs := charset
		if f := charsetField(fs); f != "" {
			if _, err := lookupCharset(f); err != nil {
				return nil, err
			}
			cs = f
		}
		if err := transcode(fs, cs, true); err != nil {
			return nil, err
		}
		c.SetBody(multipart.AppendURLEncoded([]byte{}, fs))
	case ct == "multipart/form-data":
		boundary, err := multipart.ParseBoundary(r.first("Content-Type"))
		if err != nil {
			return nil, err
		}
		// Each value is decoded once: from its part's charset, else
		// _charset_, else charset.
		form, err := multipart.ReadFormCharset(bytes.NewReader(body), boundary, charset, r.o().FormLimits)
		if err != nil {
			return nil, err
		}
		defer form.RemoveAll()
		if err := transcode(form.Fields, charset, false); err != nil {
			return nil, err
		}
		var buf bytes.Buffer
		fw := multipart.NewFormWriter(&buf)
		if err := fw.SetBoundary(boundary); err != nil {
			return nil, err
		}
		for _, f := range form.Fields {
			if err := fw.WriteField(f.Name, f.Value); err != nil {
				return nil, err
			}
		}
		for _, f := range form.Files {
			rd, err := f.Open()
			if err != nil {
				return nil, err
			}
			err = fw.WriteFile(f.FieldName, f.Filename, f.ContentType, rd)
			rd.Close()
			if err != nil {
				return nil, err
			}
		}
		if err := fw.Close(); err != nil {
			return nil, err
		}
		c.SetBody(buf.Bytes())
	case mt.Charset() != "" && len(body) > 0:
		s, err := decodeText(body, charset)
		if err != nil {
			return nil, err
		}
		c.SetBody([]byte(s))
	}
	if mt.Type != "" {
		m := mt
		m.Params = append(headers.Params(nil), mt.Params...)
		found := false
		for i := range m.Params {
			if strings.EqualFold(m.Params[i].Name, "charset") {
				m.Params[i].Value, found = "UTF-8", true
			}
		}
		if !found {
			m.Params = append(m.Params, headers.Param{Name: "charset", Value: "UTF-8"})
		}
		if b, err := m.AppendFormat(nil); err == nil {
			c.hr.Header.Set("Content-Type", string(b))
		}
	}
	c.hc = nil
	return c, nil
}
