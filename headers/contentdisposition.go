package headers

import (
	"errors"
	"unicode/utf8"

	"github.com/webob-go/webob/internal/oneline"
)

// ErrInvalidContentDisposition reports a malformed Content-Disposition
// value, or a file name that cannot be formatted.
var ErrInvalidContentDisposition = errors.New("headers: invalid Content-Disposition")

// ContentDisposition is a parsed Content-Disposition value (RFC 6266):
//
//	content-disposition = "Content-Disposition" ":"
//	                      disposition-type *( ";" disposition-parm )
//	disposition-type    = "inline" | "attachment" | disp-ext-type
//
// Type is lower-cased. Params holds the parameters as sent, names
// lower-cased and values unquoted; filename* stays in its raw RFC 8187
// form there, so code that must ignore it (multipart/form-data, RFC 7578
// §4.2) can read "filename" alone. Use Filename for the RFC 6266 choice.
// An ext-parameter (a name ending in "*", such as filename*) whose value
// is quoted or is not a well-formed ext-value is left out of Params, as
// RFC 6266 §4.3 has recipients ignore it: RFC 8187 §3.2.1 has no quoted
// form, so `filename*="UTF-8”a.txt"` is not a file name and is never
// written back as one.
type ContentDisposition struct {
	Type   string
	Params Params
}

// ParseContentDisposition parses a Content-Disposition field value.
// Duplicate parameters are an error, as RFC 6266 §4.1 forbids them (an
// ignored ext-parameter still counts). White space is allowed around the
// "=" of a parameter (`filename = "a.txt"`, `filename*= UTF-8”a.txt`):
// RFC 6266 §4.1 is written with RFC 2616's implied linear white space,
// unlike the media type parameters of RFC 9110 §5.6.6, where ParseMediaType
// stays strict.
//
// Inside a quoted parameter value a backslash escapes only a double quote
// or another backslash; before any other byte it is kept. Browsers do not
// escape backslashes in form-data file names (the HTML form encoding
// escapes only CR, LF and '"', as %0D, %0A and %22), and old Internet
// Explorer sends whole Windows paths such as "C:\dir\a.txt", which the
// strict quoted-string rule would turn into "C:dira.txt". The closing
// quote is found exactly as RFC 9110 says, so this can never merge or
// split parameters, and every value FormatContentDisposition writes reads
// back unchanged.
func ParseContentDisposition(s string) (ContentDisposition, error) {
	s = TrimOWS(s)
	typ, rest := ConsumeToken(s)
	if typ == "" {
		return ContentDisposition{}, ErrInvalidContentDisposition
	}
	ps, rest, err := consumeParams(rest, true)
	if err != nil {
		return ContentDisposition{}, oneline.Join(ErrInvalidContentDisposition, err)
	}
	if TrimOWS(rest) != "" {
		return ContentDisposition{}, ErrInvalidContentDisposition
	}
	return ContentDisposition{Type: lowerKnown(typ, knownDispositions[:]), Params: ps}, nil
}

var knownDispositions = [...]string{"attachment", "inline", "form-data"}

// Filename returns the file name a recipient should use: the decoded
// filename* parameter when present and decodable (RFC 6266 §4.3), else
// the filename parameter, else "". It is not reduced to a base name.
func (cd ContentDisposition) Filename() string {
	if v, ok := cd.Params.Get("filename*"); ok {
		if name, _, err := DecodeExtValue(v); err == nil {
			return name
		}
	}
	v, _ := cd.Params.Get("filename")
	return v
}

// Name returns the "name" parameter (the field name in form-data), or "".
func (cd ContentDisposition) Name() string {
	v, _ := cd.Params.Get("name")
	return v
}

// IsAttachment reports whether the type is "attachment".
func (cd ContentDisposition) IsAttachment() bool { return cd.Type == "attachment" }

// AppendFormat appends the value to dst. Parameter values that are not
// tokens are quoted; a parameter whose name ends in "*" is written bare,
// as an ext-value must be, and must be a well-formed one (it need not
// decode: a parsed filename* in another charset is written back as it
// came). Values no quoted string can carry are an error, and dst is then
// returned unchanged.
func (cd ContentDisposition) AppendFormat(dst []byte) ([]byte, error) {
	if !ValidToken(cd.Type) {
		return dst, ErrInvalidContentDisposition
	}
	orig := dst
	dst = append(dst, cd.Type...)
	for _, p := range cd.Params {
		if !ValidToken(p.Name) {
			return orig, ErrInvalidContentDisposition
		}
		dst = append(dst, "; "...)
		dst = append(dst, p.Name...)
		dst = append(dst, '=')
		if p.Name[len(p.Name)-1] == '*' {
			if !wellFormedExtValue(p.Value) {
				return orig, oneline.Join(ErrInvalidContentDisposition, ErrInvalidExtValue)
			}
			dst = append(dst, p.Value...)
			continue
		}
		var err error
		if dst, err = AppendTokenOrQuoted(dst, p.Value); err != nil {
			return orig, oneline.Join(ErrInvalidContentDisposition, err)
		}
	}
	return dst, nil
}

// String returns the formatted value, or "" when it cannot be formatted.
func (cd ContentDisposition) String() string {
	b, err := cd.AppendFormat(nil)
	if err != nil {
		return ""
	}
	return string(b)
}

// FormatContentDisposition returns a Content-Disposition value of type
// dispType (usually "attachment" or "inline") naming filename, safe for
// any file name: the filename parameter is always a quoted string, so
// quotes, backslashes and semicolons in the name can never start another
// parameter. When the name is not plain printable ASCII, filename carries
// an ASCII fallback (control bytes dropped, other bytes as "_") and
// filename* carries the exact name in UTF-8 (RFC 8187). An empty filename
// gives the bare type. dispType must be a token and filename valid UTF-8
// (a name that is not cannot be carried by filename*); otherwise the error
// wraps ErrInvalidContentDisposition.
func FormatContentDisposition(dispType, filename string) (string, error) {
	b, err := AppendContentDisposition(nil, dispType, filename)
	if err != nil {
		return "", err
	}
	return string(b), nil
}

// AppendContentDisposition is the append form of FormatContentDisposition.
func AppendContentDisposition(dst []byte, dispType, filename string) ([]byte, error) {
	if !ValidToken(dispType) {
		return dst, ErrInvalidContentDisposition
	}
	if !utf8.ValidString(filename) {
		return dst, ErrInvalidContentDisposition
	}
	dst = append(dst, dispType...)
	if filename == "" {
		return dst, nil
	}
	plain := true
	for i := 0; i < len(filename); i++ {
		if c := filename[i]; c < 0x20 || c > 0x7E {
			plain = false
			break
		}
	}
	dst = append(dst, `; filename=`...)
	if plain {
		dst, _ = AppendQuotedString(dst, filename) // printable ASCII always quotes
		return dst, nil
	}
	dst, _ = AppendQuotedString(dst, asciiFallback(filename))
	dst = append(dst, `; filename*=`...)
	return AppendExtValue(dst, filename, ""), nil
}

// asciiFallback replaces what a plain filename parameter cannot carry:
// control bytes are dropped and each non-ASCII character becomes "_".
func asciiFallback(s string) string {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != 0x7F {
				b = append(b, c)
			}
			i++
			continue
		}
		_, size := utf8.DecodeRuneInString(s[i:])
		b = append(b, '_')
		i += size
	}
	return string(b)
}
