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
	p.Name, fn, p.IsFile = formDataParams(cd)
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

// formDataParams returns the name and filename parameters of a form-data
// Content-Disposition value that ParseContentDisposition has accepted,
// unquoted as browsers quote them: only \" and \\ are escapes, and any other
// backslash is itself. Browsers (IE sending "C:\a\b.doc", and others for
// names holding a backslash) do not escape backslashes, so the strict
// quoted-pair rule would turn a Windows path into "C:ab.doc".
//
// RFC 7578 §4.2: filename* is not used in form-data, so it is ignored here
// and can never override (or smuggle past a filter) the plain filename.
func formDataParams(cd string) (name, filename string, hasFilename bool) {
	_, rest := headers.ConsumeToken(headers.TrimOWS(cd))
	for {
		pname, _, r, ok, err := headers.NextParam(rest)
		if !ok || err != nil {
			return name, filename, hasFilename
		}
		raw := rest[:len(rest)-len(r)]
		rest = r
		switch {
		case headers.EqualFold(pname, "name"):
			name = browserUnquote(raw)
		case headers.EqualFold(pname, "filename"):
			filename, hasFilename = browserUnquote(raw), true
		}
	}
}

// browserUnquote returns the value of one raw parameter `; name=value`
// whose value is a token or a well-formed quoted string.
func browserUnquote(raw string) string {
	v := raw[strings.IndexByte(raw, '=')+1:]
	if v == "" || v[0] != '"' {
		return v
	}
	v = v[1 : len(v)-1]
	if strings.IndexByte(v, '\\') < 0 {
		return v
	}
	b := make([]byte, 0, len(v))
	for i := 0; i < len(v); i++ {
		if v[i] == '\\' && i+1 < len(v) && (v[i+1] == '"' || v[i+1] == '\\') {
			i++
		}
		b = append(b, v[i])
	}
	return string(b)
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
