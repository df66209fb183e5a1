package headers

import (
	"errors"
	"time"
)

// ErrInvalidDate reports a value that is none of the three HTTP date forms.
var ErrInvalidDate = errors.New("headers: invalid HTTP date")

// ParseHTTPDate parses an HTTP date in any of the three forms RFC 9110
// §5.6.7 requires recipients to accept:
//
//	IMF-fixdate  Sun, 06 Nov 1994 08:49:37 GMT
//	rfc850-date  Sunday, 06-Nov-94 08:49:37 GMT
//	asctime-date Sun Nov  6 08:49:37 1994
//
// The result is in UTC. A two-digit RFC 850 year is taken as the year in
// the past century (or this one) that is not more than 50 years in the
// future, as §5.6.7 directs. The day name must be spelt correctly but is
// not checked against the date. Anything else, including an empty string,
// is ErrInvalidDate. ParseHTTPDate does not allocate.
func ParseHTTPDate(s string) (time.Time, error) {
	t, ok := parseHTTPDate(s)
	if !ok {
		return time.Time{}, ErrInvalidDate
	}
	return t, nil
}

func parseHTTPDate(s string) (time.Time, bool) {
	if len(s) < 24 {
		return time.Time{}, false
	}
	if s[3] == ',' {
		return parseIMFFixdate(s)
	}
	if s[3] == ' ' {
		return parseAsctime(s)
	}
	return parseRFC850(s)
}

var shortDays = [7]string{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"}
var longDays = [7]string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"}
var shortMonths = [12]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}

func isShortDay(s string) bool {
	for _, d := range shortDays {
		if s == d {
			return true
		}
	}
	return false
}

func month(s string) (time.Month, bool) {
	for i, m := range shortMonths {
		if s == m {
			return time.Month(i + 1), true
		}
	}
	return 0, false
}

// digits parses s, which must be all ASCII digits, as a decimal number.
func digits(s string) (int, bool) {
	if s == "" {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// clock parses "HH:MM:SS".
func clock(s string) (h, m, sec int, ok bool) {
	if len(s) != 8 || s[2] != ':' || s[5] != ':' {
		return 0, 0, 0, false
	}
	h, ok1 := digits(s[0:2])
	m, ok2 := digits(s[3:5])
	sec, ok3 := digits(s[6:8])
	if !ok1 || !ok2 || !ok3 || h > 23 || m > 59 || sec > 60 {
		return 0, 0, 0, false
	}
	if sec == 60 { // a leap second is representable in the grammar; fold it.
		sec = 59
	}
	return h, m, sec, true
}

// mkdate builds the UTC time and rejects out-of-range days (31 Feb).
func mkdate(year int, mon time.Month, day, h, m, sec int) (time.Time, bool) {
	if day < 1 || day > 31 {
		return time.Time{}, false
	}
	t := time.Date(year, mon, day, h, m, sec, 0, time.UTC)
	if t.Day() != day {
		return time.Time{}, false
	}
	return t, true
}

// IMF-fixdate  = day-name "," SP date1 SP time-of-day SP GMT
// date1        = day SP month SP year ; e.g., 02 Jun 1982
func parseIMFFixdate(s string) (time.Time, bool) {
	// "Sun, 06 Nov 1994 08:49:37 GMT" is exactly 29 bytes.
	if len(s) != 29 || s[4] != ' ' || s[7] != ' ' || s[11] != ' ' || s[16] != ' ' || s[25:] != " GMT" {
		return time.Time{}, false
	}
	if !isShortDay(s[0:3]) {
		return time.Time{}, false
	}
	day, ok := digits(s[5:7])
	if !ok {
		return time.Time{}, false
	}
	mon, ok := month(s[8:11])
	if !ok {
		return time.Time{}, false
	}
	year, ok := digits(s[12:16])
	if !ok {
		return time.Time{}, false
	}
	h, m, sec, ok := clock(s[17:25])
	if !ok {
		return time.Time{}, false
	}
	return mkdate(year, mon, day, h, m, sec)
}

// rfc850-date  = day-name-l "," SP date2 SP time-of-day SP GMT
// date2        = day "-" month "-" 2DIGIT ; e.g., 02-Jun-82
func parseRFC850(s string) (time.Time, bool) {
	comma := -1
	for i := 0; i < len(s) && i < 10; i++ {
		if s[i] == ',' {
			comma = i
			break
		}
	}
	if comma < 0 {
		return time.Time{}, false
	}
	dayName := s[:comma]
	known := false
	for _, d := range longDays {
		if dayName == d {
			known = true
			break
		}
	}
	rest := s[comma+1:]
	// " 06-Nov-94 08:49:37 GMT" is exactly 23 bytes.
	if !known || len(rest) != 23 || rest[0] != ' ' || rest[3] != '-' || rest[7] != '-' || rest[10] != ' ' || rest[19:] != " GMT" {
		return time.Time{}, false
	}
	day, ok := digits(rest[1:3])
	if !ok {
		return time.Time{}, false
	}
	mon, ok := month(rest[4:7])
	if !ok {
		return time.Time{}, false
	}
	yy, ok := digits(rest[8:10])
	if !ok {
		return time.Time{}, false
	}
	h, m, sec, ok := clock(rest[11:19])
	if !ok {
		return time.Time{}, false
	}
	return mkdate(rfc850Year(yy, time.Now().UTC().Year()), mon, day, h, m, sec)
}

// rfc850Year expands the two-digit year yy of an rfc850-date received in
// the year now. RFC 9110 §5.6.7: a year that appears to be more than 50
// years in the future is the most recent past year with the same last two
// digits. So the result is the year ending in yy within (now-50, now+50]:
// in 2026, "76" is 2076 and "77" is 1977; in 2070, "05" is 2105.
func rfc850Year(yy, now int) int {
	year := now/100*100 + yy
	if year > now+50 {
		year -= 100
	} else if year <= now-50 {
		year += 100
	}
	return year
}

// asctime-date = day-name SP date3 SP time-of-day SP year
// date3        = month SP ( 2DIGIT / ( SP DIGIT ))   ; e.g., Jun  2
func parseAsctime(s string) (time.Time, bool) {
	// "Sun Nov  6 08:49:37 1994" is exactly 24 bytes.
	if len(s) != 24 || s[7] != ' ' || s[10] != ' ' || s[19] != ' ' {
		return time.Time{}, false
	}
	if !isShortDay(s[0:3]) {
		return time.Time{}, false
	}
	mon, ok := month(s[4:7])
	if !ok {
		return time.Time{}, false
	}
	dd := s[8:10]
	if dd[0] == ' ' {
		dd = dd[1:]
	}
	day, ok := digits(dd)
	if !ok {
		return time.Time{}, false
	}
	h, m, sec, ok := clock(s[11:19])
	if !ok {
		return time.Time{}, false
	}
	year, ok := digits(s[20:24])
	if !ok {
		return time.Time{}, false
	}
	return mkdate(year, mon, day, h, m, sec)
}

// AppendHTTPDate appends t, converted to UTC, to dst in IMF-fixdate form
// ("Sun, 06 Nov 1994 08:49:37 GMT"), the only form senders may generate.
// Years outside 0000–9999 are clamped to that range. With 29 bytes of spare
// capacity in dst it does not allocate.
func AppendHTTPDate(dst []byte, t time.Time) []byte {
	t = t.UTC()
	year, mon, day := t.Date()
	h, m, sec := t.Clock()
	if year < 0 {
		year = 0
	} else if year > 9999 {
		year = 9999
	}
	dst = append(dst, shortDays[t.Weekday()]...)
	dst = append(dst, ',', ' ')
	dst = append2(dst, day)
	dst = append(dst, ' ')
	dst = append(dst, shortMonths[mon-1]...)
	dst = append(dst, ' ')
	dst = append2(dst, year/100)
	dst = append2(dst, year%100)
	dst = append(dst, ' ')
	dst = append2(dst, h)
	dst = append(dst, ':')
	dst = append2(dst, m)
	dst = append(dst, ':')
	dst = append2(dst, sec)
	return append(dst, " GMT"...)
}

func append2(dst []byte, n int) []byte {
	return append(dst, byte('0'+n/10), byte('0'+n%10))
}

// FormatHTTPDate returns t in IMF-fixdate form; see AppendHTTPDate.
func FormatHTTPDate(t time.Time) string {
	var buf [29]byte
	return string(AppendHTTPDate(buf[:0], t))
}
