package multipart

import (
	"golang.org/x/text/encoding/htmlindex"

	"github.com/webob-go/webob/headers"
	"github.com/webob-go/webob/internal/oneline"
)

// DecodeCharset converts s from the named charset to UTF-8. Labels are
// those of the WHATWG Encoding Standard, which browsers use for forms
// (golang.org/x/text/encoding/htmlindex): "iso-8859-1" and "latin1" mean
// windows-1252, "shift_jis", "euc-kr", "gbk" and so on. An empty label,
// UTF-8 and US-ASCII return s unchanged (invalid UTF-8 included). An
// unknown label is ErrCharset. Bytes the charset cannot decode become
// U+FFFD.
func DecodeCharset(s, charset string) (string, error) {
	charset = headers.TrimOWS(charset)
	if charset == "" || headers.EqualFold(charset, "utf-8") || headers.EqualFold(charset, "us-ascii") ||
		headers.EqualFold(charset, "utf8") {
		return s, nil
	}
	enc, err := htmlindex.Get(charset)
	if err != nil {
		return "", oneline.Detail(ErrCharset, oneline.Quote(charset))
	}
	name, _ := htmlindex.Name(enc)
	switch name {
	case "utf-8":
		return s, nil
	case "utf-16be", "utf-16le", "replacement", "iso-2022-jp":
	default:
		// Every other WHATWG encoding maps ASCII to itself.
		if isASCII(s) {
			return s, nil
		}
	}
	out, err := enc.NewDecoder().String(s)
	if err != nil {
		return "", oneline.Detail(ErrCharset, oneline.Quote(charset), err)
	}
	return out, nil
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
