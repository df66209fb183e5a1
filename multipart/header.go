package multipart

import (
	"net/textproto"
	"strings"

	"github.com/webob-go/webob/headers"
	"github.com/webob-go/webob/internal/oneline"
)

// headerField is one parsed part header line.
type headerField struct {
	name, value string
}

// parseHeader parses the header block in r.hdr into p. Each line is
//
//	field-line = field-name ":" OWS field-value OWS
//
// with field-name a token and field-value free of control bytes other
// than HTAB. A line that starts with white space continues the previous
// one (obs-fold, RFC 5322 §2.2.3); it is joined with a single space.
// Lines end in CRLF or a bare LF.
// The header map is built when wantMap is set or the part is a file.
func (r *Reader) parseHeader(p *Part, wantMap bool) error {
	s := string(r.hdr)
	kvs := r.kvs[:0]
	defer func() { r.kvs = kvs[:0] }()
	// Folded values are joined in fold, so many continuation lines stay
	// linear.
	var fold []byte
	folding := false
	unfold := func() {
		if folding {
			kvs[len(kvs)-1].value = string(fold)
			folding = false
		}
	}
	for s != "" {
		i := strings.IndexByte(s, '\n') // every line in the block ends in LF
		line := s[:i]
		s = s[i+1:]
		if n := len(line); n > 0 && line[n-1] == '\r' {
			line = line[:n-1]
		}
		if line[0] == ' ' || line[0] == '\t' {
			if len(kvs) == 0 {
				return oneline.Detail(ErrBadHeader, "continuation line first")
			}
			v := headers.TrimOWS(line)
			if !headers.ValidFieldValue(v) {
				return oneline.Detail(ErrBadHeader, oneline.Quote(line))
			}
			if !folding {
				fold = append(fold[:0], kvs[len(kvs)-1].value...)
				folding = true
			}
			if v != "" {
				if len(fold) > 0 {
					fold = append(fold, ' ')
				}
				fold = append(fold, v...)
			}
			continue
		}
		unfold()
		colon := strings.IndexByte(line, ':')
		if colon < 0 || !headers.ValidToken(line[:colon]) {
			return oneline.Detail(ErrBadHeader, oneline.Quote(line))
		}
		v := headers.TrimOWS(line[colon+1:])
		if !headers.ValidFieldValue(v) {
			return oneline.Detail(ErrBadHeader, oneline.Quote(line))
		}
		kvs = append(kvs, headerField{line[:colon], v})
	}
	unfold()

	var cd string
	haveCD, haveCT := false, false
	for _, kv := range kvs {
		switch {
		case headers.EqualFold(kv.name, "Content-Disposition"):
			if haveCD {
				return oneline.Detail(ErrDuplicateHeader, "Content-Disposition")
			}
			cd, haveCD = kv.value, true
		case headers.EqualFold(kv.name, "Content-Type"):
			if haveCT {
				return oneline.Detail(ErrDuplicateHeader, "Content-Type")
			}
			p.ContentType, haveCT = kv.value, true
		}
	}
	if !haveCD {
		return oneline.Detail(ErrNoName, "no Content-Disposition")
	}
	disp, err := headers.ParseContentDisposition(cd)
	if err != nil {
		return oneline.Detail(ErrBadDisposition, oneline.Quote(cd), err)
	}
	if disp.Type != "form-data" {
		return oneline.Detail(ErrBadDisposition, "type "+oneline.Quote(disp.Type))
	}
	p.Disposition = disp
	var fn string
	// RFC 7578 §4.2: filename* is not used in form-data, so only the plain
	// filename counts and nothing can override (or smuggle past a filter)
	// it. ParseContentDisposition unquotes as browsers quote: only \" and
	// \\ are escapes, any other backslash is itself (a Windows path).
	p.Name = disp.Name()
	fn, p.IsFile = disp.Params.Get("filename")
	if p.Name == "" {
		return ErrNoName
	}
	p.Filename = baseName(fn)
	if wantMap || p.IsFile {
		p.Header = make(textproto.MIMEHeader, len(kvs))
		vals := make([]string, len(kvs))
		for i, kv := range kvs {
			k := textproto.CanonicalMIMEHeaderKey(kv.name)
			vals[i] = kv.value
			if old, ok := p.Header[k]; ok {
				p.Header[k] = append(old, kv.value)
			} else {
				p.Header[k] = vals[i : i+1 : i+1]
			}
		}
	}
	return nil
}

// baseName reduces a sent file name to its last path element, splitting
// at both "/" and "\" so that a full Windows path ("C:\a\b.doc") and a
// relative traversal ("../../x") both give just the name. "." and ".."
// give "".
func baseName(s string) string {
	if i := strings.LastIndexAny(s, `/\`); i >= 0 {
		s = s[i+1:]
	}
	if s == "." || s == ".." {
		return ""
	}
	return s
}
