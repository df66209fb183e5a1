package static

import (
	"errors"
	"path"
	"strings"
	"unicode/utf8"
)

// Errors of the path checks. Each names the attack it stops; the handlers
// answer them with 400 Bad Request (never with the path itself).
var (
	// ErrDotDot reports a ".." segment: a walk out of the served tree
	// (the path traversal class of CVE-2022-41722, echo
	// GHSA-pgvm-wxw2-hrv9, fiber GHSA-m3c2-496v-cw3v).
	ErrDotDot = errors.New("static: invalid path: dot-dot segment")
	// ErrNUL reports a NUL byte, which truncates names in C-based APIs.
	ErrNUL = errors.New("static: invalid path: NUL byte")
	// ErrBackslash reports a backslash, a separator on Windows
	// (CVE-2022-41720, echo and fiber's backslash traversals).
	ErrBackslash = errors.New("static: invalid path: backslash")
	// ErrColon reports a colon: Windows volume names ("C:"), NT paths
	// ("\??\", CVE-2023-45283), and NTFS alternate data streams
	// ("file::$DATA", caddy GHSA-qrp7-cvwr-j2c6).
	ErrColon = errors.New("static: invalid path: colon")
	// ErrDeviceName reports a Windows reserved device name (CON, NUL,
	// COM1, LPT1, ..., also with an extension: "nul.txt"), which Windows
	// opens as the device wherever it appears (CVE-2022-41720,
	// CVE-2022-29804).
	ErrDeviceName = errors.New("static: invalid path: reserved device name")
	// ErrTrailingDot reports a segment ending in a dot or a space, which
	// Windows strips ("secret.txt." opens "secret.txt"), escaping hide
	// rules and extension-based decisions (caddy #5148).
	ErrTrailingDot = errors.New("static: invalid path: trailing dot or space")
	// ErrEmptySegment reports an empty or "." segment ("a//b", "a/./b").
	ErrEmptySegment = errors.New("static: invalid path: empty or dot segment")
	// ErrControl reports a control byte other than NUL.
	ErrControl = errors.New("static: invalid path: control byte")
	// ErrInvalidUTF8 reports a path that is not UTF-8, which fs.FS names
	// must be.
	ErrInvalidUTF8 = errors.New("static: invalid path: not UTF-8")
)

// checkPath validates the decoded URL path p (which begins with "/" or is
// empty) and returns the fs.FS name it maps to ("." for the root) and
// whether it ended with a slash. Every segment is checked on its own, so
// no cleaning is needed and nothing is resolved.
func checkPath(p string) (name string, slash bool, err error) {
	if p == "" {
		return ".", false, nil // under http.StripPrefix("/static", ...) for "/static"
	}
	p = strings.TrimPrefix(p, "/")
	if p == "" {
		return ".", true, nil
	}
	if strings.HasSuffix(p, "/") {
		slash = true
		p = p[:len(p)-1]
	}
	for i := 0; i < len(p); i++ {
		switch c := p[i]; {
		case c == 0:
			return "", false, ErrNUL
		case c == '\\':
			return "", false, ErrBackslash
		case c == ':':
			return "", false, ErrColon
		case c < 0x20 || c == 0x7f:
			return "", false, ErrControl
		}
	}
	if !utf8.ValidString(p) {
		return "", false, ErrInvalidUTF8
	}
	rest := p
	for {
		seg, tail, more := strings.Cut(rest, "/")
		if err := checkSegment(seg); err != nil {
			return "", false, err
		}
		if !more {
			break
		}
		rest = tail
	}
	return p, slash, nil
}

// checkSegment validates one path segment (no '/', no NUL, '\\' or ':').
func checkSegment(seg string) error {
	switch seg {
	case "..":
		return ErrDotDot
	case "", ".":
		return ErrEmptySegment
	}
	if c := seg[len(seg)-1]; c == '.' || c == ' ' {
		return ErrTrailingDot
	}
	if isDeviceName(seg) {
		return ErrDeviceName
	}
	return nil
}

// isDeviceName reports whether seg names a Windows device: one of the
// reserved names, case-insensitively, alone or followed by an extension
// or spaces ("CON", "con.txt", "nul .tar.gz", "COM1", "LPT¹", "CONIN$").
func isDeviceName(seg string) bool {
	base := seg
	if i := strings.IndexByte(base, '.'); i >= 0 {
		base = base[:i]
	}
	base = strings.TrimRight(base, " ")
	switch len(base) {
	case 3:
		return eqFold(base, "con") || eqFold(base, "prn") || eqFold(base, "aux") || eqFold(base, "nul")
	case 4, 5:
		if !eqFold(base[:3], "com") && !eqFold(base[:3], "lpt") {
			return false
		}
		d := base[3:]
		return (len(d) == 1 && d[0] >= '0' && d[0] <= '9') || d == "¹" || d == "²" || d == "³"
	case 6:
		return eqFold(base, "conin$")
	case 7:
		return eqFold(base, "conout$")
	}
	return false
}

// eqFold compares ASCII strings case-insensitively.
func eqFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

// lowerASCII returns s with ASCII letters lowered.
func lowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; 'A' <= c && c <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if c := b[j]; 'A' <= c && c <= 'Z' {
					b[j] = c + 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

// hidden reports whether name (an fs.FS name, not ".") is refused by the
// dotfile policy or a hide pattern.
func (h *handler) hidden(name string) bool {
	if name == "." {
		return false
	}
	rest := name
	for {
		seg, tail, more := strings.Cut(rest, "/")
		if seg[0] == '.' && !h.o.AllowDotfiles && !h.dotAllowed(seg) {
			return true
		}
		if len(h.hide) > 0 {
			ls := lowerASCII(seg)
			for _, p := range h.hide {
				if !strings.Contains(p, "/") {
					if ok, _ := path.Match(p, ls); ok {
						return true
					}
				}
			}
		}
		if !more {
			break
		}
		rest = tail
	}
	if len(h.hide) > 0 {
		ln := lowerASCII(name)
		for _, p := range h.hide {
			if strings.Contains(p, "/") {
				if ok, _ := path.Match(p, ln); ok {
					return true
				}
			}
		}
	}
	return false
}

func (h *handler) dotAllowed(seg string) bool {
	for _, a := range h.dotOK {
		if eqFold(a, seg) {
			return true
		}
	}
	return false
}
