package static

import (
	"io"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
)

// contentType returns the media type of the file name: from its extension
// (mime.TypeByExtension), else by sniffing the first 512 bytes of f
// (http.DetectContentType; f is rewound), else application/octet-stream;
// "" when f is nil and the extension says nothing.
// A text/* type without a charset gets "; charset=utf-8".
func contentType(name string, f fs.File) string {
	if ext := path.Ext(name); ext != "" {
		if ct := mime.TypeByExtension(ext); ct != "" {
			return withCharset(ct)
		}
	}
	if f == nil {
		return ""
	}
	s, ok := f.(io.Seeker)
	if !ok {
		return "application/octet-stream"
	}
	var buf [512]byte
	n, _ := io.ReadFull(f, buf[:])
	if _, err := s.Seek(0, io.SeekStart); err != nil {
		return "application/octet-stream"
	}
	return http.DetectContentType(buf[:n])
}

func withCharset(ct string) string {
	if strings.HasPrefix(ct, "text/") && !strings.Contains(ct, ";") {
		return ct + "; charset=utf-8"
	}
	return ct
}

// IsHashed reports whether the base name of name carries a content
// fingerprint, as bundlers write them: a part between dots, dashes or
// underscores (not the first nor the extension) of 6 to 64 letters and
// digits with at least one digit and one letter ("app.3f9a1c.js",
// "index-BfC3kX9a.js", "chunk_8d2e77ab.css"). Such a name changes with the
// content, so the file may be cached for good (Immutable).
func IsHashed(name string) bool {
	base := path.Base(name)
	parts := 0
	start := 0
	var cands []string
	for i := 0; i <= len(base); i++ {
		if i < len(base) && base[i] != '.' && base[i] != '-' && base[i] != '_' {
			continue
		}
		if parts > 0 {
			cands = append(cands, base[start:i])
		}
		parts++
		start = i + 1
	}
	if len(cands) < 2 {
		return false
	}
	for _, c := range cands[:len(cands)-1] { // the last is the extension
		if fingerprint(c) {
			return true
		}
	}
	return false
}

func fingerprint(s string) bool {
	if len(s) < 6 || len(s) > 64 {
		return false
	}
	digit, letter := false, false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case '0' <= c && c <= '9':
			digit = true
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
			letter = true
		default:
			return false
		}
	}
	return digit && letter
}
