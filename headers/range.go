package headers

import (
	"errors"
	"slices"
	"strconv"
	"time"
)

// Errors of the Range family.
var (
	// ErrInvalidRange reports a Range value that does not follow the
	// grammar; RFC 9110 §14.2 says to ignore such a header.
	ErrInvalidRange = errors.New("headers: invalid Range")
	// ErrUnsatisfiableRange reports a valid byte-range set none of whose
	// ranges overlaps the representation (answer 416).
	ErrUnsatisfiableRange = errors.New("headers: range not satisfiable")
	// ErrTooManyRanges reports a Range with more ranges than the cap.
	ErrTooManyRanges = errors.New("headers: too many ranges")
	// ErrRangeOverlap reports ranges that together ask for more bytes than
	// the representation has — a sign of abuse (RFC 9110 §14.2).
	ErrRangeOverlap = errors.New("headers: ranges add up to more than the length")
	// ErrInvalidContentRange reports a malformed Content-Range value.
	ErrInvalidContentRange = errors.New("headers: invalid Content-Range")
)

// DefaultMaxRanges is the number of ranges ParseRange accepts by default.
const DefaultMaxRanges = 100

// A ByteRange is one byte-range-spec or suffix-byte-range-spec:
//
//	int-range    = first-pos "-" [ last-pos ]
//	suffix-range = "-" suffix-length
//
// For an int-range, Start is first-pos and End is last-pos, or -1 when it
// is open-ended. For a suffix range Start is -1 and End is the suffix
// length.
type ByteRange struct {
	Start, End int64
}

// IsSuffix reports whether r is a suffix range ("-500").
func (r ByteRange) IsSuffix() bool { return r.Start < 0 }

// Range is a parsed Range header for the "bytes" unit (RFC 9110 §14.2).
type Range struct {
	Ranges []ByteRange
}

// ParseRange parses a Range field value such as "bytes=0-499, -500" and
// accepts at most DefaultMaxRanges ranges. See ParseRangeMax.
func ParseRange(s string) (Range, error) { return ParseRangeMax(s, DefaultMaxRanges) }

// ParseRangeMax parses a Range field value with a cap of max ranges
// (max <= 0 means DefaultMaxRanges). The unit must be "bytes" (case-
// insensitive); empty list elements are skipped. "bytes=", "bytes=-",
// a last-pos before its first-pos and numbers that overflow are
// ErrInvalidRange; more than max ranges is ErrTooManyRanges, found after
// at most max+1 elements, so the time spent is bounded by the cap.
func ParseRangeMax(s string, max int) (Range, error) {
	if max <= 0 {
		max = DefaultMaxRanges
	}
	s = TrimOWS(s)
	unit, rest := ConsumeToken(s)
	if !EqualFold(unit, "bytes") || rest == "" || rest[0] != '=' {
		return Range{}, ErrInvalidRange
	}
	// Size the result once: count the elements, stopping past the cap.
	n := 0
	for range SplitList(rest[1:]) {
		if n++; n > max {
			break
		}
	}
	r := Range{Ranges: make([]ByteRange, 0, min(n, max))}
	for el := range SplitList(rest[1:]) {
		if len(r.Ranges) == max {
			return Range{}, ErrTooManyRanges
		}
		br, ok := parseByteRange(el)
		if !ok {
			return Range{}, ErrInvalidRange
		}
		r.Ranges = append(r.Ranges, br)
	}
	if len(r.Ranges) == 0 {
		return Range{}, ErrInvalidRange
	}
	return r, nil
}

func parseByteRange(s string) (ByteRange, bool) {
	dash := -1
	for i := 0; i < len(s); i++ {
		if s[i] == '-' {
			dash = i
			break
		}
	}
	if dash < 0 {
		return ByteRange{}, false
	}
	first, last := s[:dash], s[dash+1:]
	if first == "" {
		n, ok := parseInt(last)
		if !ok {
			return ByteRange{}, false
		}
		return ByteRange{Start: -1, End: n}, true
	}
	a, ok := parseInt(first)
	if !ok {
		return ByteRange{}, false
	}
	if last == "" {
		return ByteRange{Start: a, End: -1}, true
	}
	b, ok := parseInt(last)
	if !ok || b < a {
		return ByteRange{}, false
	}
	return ByteRange{Start: a, End: b}, true
}

// parseInt parses 1*DIGIT into a non-negative int64, failing on overflow.
func parseInt(s string) (int64, bool) {
	if s == "" {
		return 0, false
	}
	var n int64
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		d := int64(c - '0')
		if n > (1<<63-1-d)/10 {
			return 0, false
		}
		n = n*10 + d
	}
	return n, true
}

// A Span is a resolved, satisfiable byte range: the bytes Start to End
// inclusive of a representation.
type Span struct {
	Start, End int64
}

// Length returns the number of bytes in the span.
func (s Span) Length() int64 { return s.End - s.Start + 1 }

// ContentRange returns the Content-Range for this span of a
// representation of the given total length.
func (s Span) ContentRange(total int64) ContentRange {
	return ContentRange{Start: s.Start, End: s.End, Length: total}
}

// Resolve turns the ranges into satisfiable spans of a representation of
// length bytes (RFC 9110 §14.1.2): ranges that start past the end are
// dropped, last positions past the end are cut to it, suffix ranges count
// from the end; then the spans are sorted and overlapping or adjacent ones
// coalesced. Before coalescing, if the requested bytes add up to more than
// length, the result is ErrRangeOverlap (a client asking for the same bytes
// many times). No satisfiable range is ErrUnsatisfiableRange; so is
// every range of an empty representation (length 0), since no span can
// describe zero bytes — answer 416 with Unsatisfied(0), or ignore the
// Range and send the empty 200.
func (r Range) Resolve(length int64) ([]Span, error) {
	if length < 0 {
		return nil, ErrUnsatisfiableRange
	}
	spans := make([]Span, 0, len(r.Ranges))
	var sum int64
	for _, br := range r.Ranges {
		var sp Span
		switch {
		case br.Start < 0: // suffix
			if br.End == 0 || length == 0 {
				continue
			}
			n := min(br.End, length)
			sp = Span{Start: length - n, End: length - 1}
		default:
			if br.Start >= length {
				continue
			}
			end := br.End
			if end < 0 || end >= length {
				end = length - 1
			}
			sp = Span{Start: br.Start, End: end}
		}
		// sum <= length here, so length-sum cannot overflow where
		// sum+sp.Length() could.
		if len(r.Ranges) > 1 && sp.Length() > length-sum {
			return nil, ErrRangeOverlap
		}
		sum += sp.Length()
		spans = append(spans, sp)
	}
	if len(spans) == 0 {
		return nil, ErrUnsatisfiableRange
	}
	slices.SortFunc(spans, func(a, b Span) int {
		switch {
		case a.Start < b.Start:
			return -1
		case a.Start > b.Start:
			return 1
		}
		return 0
	})
	out := spans[:1]
	for _, sp := range spans[1:] {
		last := &out[len(out)-1]
		if sp.Start <= last.End+1 {
			last.End = max(last.End, sp.End)
			continue
		}
		out = append(out, sp)
	}
	return out, nil
}

// AppendFormat appends the Range value ("bytes=0-499,-500") to dst. The
// zero Range formats as "bytes=", which is not a valid Range: send at
// least one range.
func (r Range) AppendFormat(dst []byte) []byte {
	dst = append(dst, "bytes="...)
	for i, br := range r.Ranges {
		if i > 0 {
			dst = append(dst, ',')
		}
		if br.Start >= 0 {
			dst = strconv.AppendInt(dst, br.Start, 10)
		}
		dst = append(dst, '-')
		if br.End >= 0 {
			dst = strconv.AppendInt(dst, br.End, 10)
		}
	}
	return dst
}

// String returns the Range value.
func (r Range) String() string { return string(r.AppendFormat(nil)) }

// String returns the range as a Range header writes it: "0-9", "10-" or
// the suffix range "-500".
func (br ByteRange) String() string {
	var b []byte
	if br.Start >= 0 {
		b = strconv.AppendInt(b, br.Start, 10)
	}
	b = append(b, '-')
	if br.End >= 0 {
		b = strconv.AppendInt(b, br.End, 10)
	}
	return string(b)
}

// ContentRange is a parsed Content-Range value for the bytes unit
// (RFC 9110 §14.4):
//
//	Content-Range       = range-unit SP ( range-resp / unsatisfied-range )
//	range-resp          = incl-range "/" ( complete-length / "*" )
//	unsatisfied-range   = "*/" complete-length
//
// Start and End are -1 for an unsatisfied range; Length is -1 when the
// complete length is unknown ("*").
type ContentRange struct {
	Start, End, Length int64
}

// Unsatisfied returns the ContentRange "bytes */length" sent with 416.
func Unsatisfied(length int64) ContentRange {
	return ContentRange{Start: -1, End: -1, Length: length}
}

// ParseContentRange parses a Content-Range value. End before Start, or an
// End not below a known Length, is ErrInvalidContentRange.
func ParseContentRange(s string) (ContentRange, error) {
	s = TrimOWS(s)
	unit, rest := ConsumeToken(s)
	if !EqualFold(unit, "bytes") || rest == "" || rest[0] != ' ' {
		return ContentRange{}, ErrInvalidContentRange
	}
	rest = rest[1:]
	slash := -1
	for i := 0; i < len(rest); i++ {
		if rest[i] == '/' {
			slash = i
			break
		}
	}
	if slash < 0 {
		return ContentRange{}, ErrInvalidContentRange
	}
	rng, total := rest[:slash], rest[slash+1:]
	cr := ContentRange{Start: -1, End: -1, Length: -1}
	if total != "*" {
		n, ok := parseInt(total)
		if !ok {
			return ContentRange{}, ErrInvalidContentRange
		}
		cr.Length = n
	}
	if rng == "*" {
		if cr.Length < 0 {
			return ContentRange{}, ErrInvalidContentRange
		}
		return cr, nil
	}
	br, ok := parseByteRange(rng)
	if !ok || br.Start < 0 || br.End < 0 {
		return ContentRange{}, ErrInvalidContentRange
	}
	if cr.Length >= 0 && br.End >= cr.Length {
		return ContentRange{}, ErrInvalidContentRange
	}
	cr.Start, cr.End = br.Start, br.End
	return cr, nil
}

// AppendFormat appends the Content-Range value to dst.
func (cr ContentRange) AppendFormat(dst []byte) []byte {
	dst = append(dst, "bytes "...)
	if cr.Start < 0 {
		dst = append(dst, '*')
	} else {
		dst = strconv.AppendInt(dst, cr.Start, 10)
		dst = append(dst, '-')
		dst = strconv.AppendInt(dst, cr.End, 10)
	}
	dst = append(dst, '/')
	if cr.Length < 0 {
		return append(dst, '*')
	}
	return strconv.AppendInt(dst, cr.Length, 10)
}

// String returns the Content-Range value.
func (cr ContentRange) String() string { return string(cr.AppendFormat(nil)) }

// IfRange is a parsed If-Range value (RFC 9110 §13.1.5):
//
//	If-Range = entity-tag / HTTP-date
//
// Exactly one of ETag (HasETag) or Date (non-zero) is set. The zero
// IfRange never matches.
type IfRange struct {
	ETag    ETag
	HasETag bool
	Date    time.Time
}

// ErrInvalidIfRange reports an If-Range that is neither an entity tag nor
// an HTTP date.
var ErrInvalidIfRange = errors.New("headers: invalid If-Range")

// ParseIfRange parses an If-Range value.
func ParseIfRange(s string) (IfRange, error) {
	s = TrimOWS(s)
	if s != "" && (s[0] == '"' || s[0] == 'W') {
		if e, err := ParseETag(s); err == nil {
			return IfRange{ETag: e, HasETag: true}, nil
		}
	}
	if t, err := ParseHTTPDate(s); err == nil {
		return IfRange{Date: t}, nil
	}
	return IfRange{}, ErrInvalidIfRange
}

// Matches reports whether the condition holds for a representation with
// the given validators, so the Range may be honoured (RFC 9110 §13.1.5):
// an entity tag must match etag strongly (a weak tag never matches); a
// date must equal lastModified exactly, and lastModified must be a strong
// validator — the caller passes the zero time when it is not.
func (ir IfRange) Matches(etag ETag, lastModified time.Time) bool {
	if ir.HasETag {
		return ir.ETag.StrongMatch(etag)
	}
	if ir.Date.IsZero() || lastModified.IsZero() {
		return false
	}
	return ir.Date.Equal(lastModified.Truncate(time.Second))
}

// String returns the If-Range value: the entity tag or the HTTP-date.
func (ir IfRange) String() string { return string(ir.AppendFormat(nil)) }

// AppendFormat appends the If-Range value to dst.
func (ir IfRange) AppendFormat(dst []byte) []byte {
	if ir.HasETag {
		dst, _ = ir.ETag.AppendFormat(dst)
		return dst
	}
	return AppendHTTPDate(dst, ir.Date)
}
