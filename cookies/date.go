package cookies

import "time"

// The cookie-date algorithm of RFC 6265 §5.1.1, which user agents apply to
// Expires and which accepts the many date forms servers really send:
//
//	cookie-date     = *delimiter date-token-list *delimiter
//	date-token-list = date-token *( 1*delimiter date-token )
//	date-token      = 1*non-delimiter
//
//	delimiter       = %x09 / %x20-2F / %x3B-40 / %x5B-60 / %x7B-7E
//	non-delimiter   = %x00-08 / %x0A-1F / DIGIT / ":" / ALPHA / %x7F-FF
//	non-digit       = %x00-2F / %x3A-FF
//
//	day-of-month    = 1*2DIGIT ( non-digit *OCTET )
//	month           = ( "jan" / "feb" / "mar" / "apr" /
//	                    "may" / "jun" / "jul" / "aug" /
//	                    "sep" / "oct" / "nov" / "dec" ) *OCTET
//	year            = 2*4DIGIT ( non-digit *OCTET )
//	time            = hms-time ( non-digit *OCTET )
//	hms-time        = time-field ":" time-field ":" time-field
//	time-field      = 1*2DIGIT

// delimiter is RFC 6265 §5.1.1's delimiter set.
var delimiter = func() (t [256]bool) {
	t[0x09] = true
	for c := 0x20; c <= 0x2F; c++ {
		t[c] = true
	}
	for c := 0x3B; c <= 0x40; c++ {
		t[c] = true
	}
	for c := 0x5B; c <= 0x60; c++ {
		t[c] = true
	}
	for c := 0x7B; c <= 0x7E; c++ {
		t[c] = true
	}
	return t
}()

// parseCookieDate parses s by the cookie-date algorithm. The result is in
// UTC; ok is false when the algorithm fails.
func parseCookieDate(s string) (time.Time, bool) {
	if t, ok, done := parseFixdate(s); done {
		return t, ok
	}
	return parseDateTokens(s)
}

// parseDateTokens is the general cookie-date algorithm.
func parseDateTokens(s string) (time.Time, bool) {
	var (
		foundTime, foundDay, foundMonth, foundYear bool
		hour, minute, second, day, year            int
		month                                      time.Month
	)
	for len(s) > 0 {
		for len(s) > 0 && delimiter[s[0]] {
			s = s[1:]
		}
		i := 0
		for i < len(s) && !delimiter[s[i]] {
			i++
		}
		tok := s[:i]
		s = s[i:]
		if tok == "" {
			continue
		}
		// Each token is tried as the first production not yet found, in
		// the RFC's order: time, day-of-month, month, year.
		if !foundTime {
			if h, m, sec, ok := cookieTime(tok); ok {
				hour, minute, second, foundTime = h, m, sec, true
				continue
			}
		}
		if !foundDay {
			if n, ok := leadingDigits(tok, 1, 2); ok {
				day, foundDay = n, true
				continue
			}
		}
		if !foundMonth && len(tok) >= 3 {
			if m, ok := cookieMonth(tok[:3]); ok {
				month, foundMonth = m, true
				continue
			}
		}
		if !foundYear {
			if n, ok := leadingDigits(tok, 2, 4); ok {
				year, foundYear = n, true
				continue
			}
		}
	}
	if !foundTime || !foundDay || !foundMonth || !foundYear {
		return time.Time{}, false
	}
	return cookieDate(year, month, day, hour, minute, second)
}

// cookieDate applies the last steps of the algorithm: two-digit years,
// then the range checks and the check that the date exists.
func cookieDate(year int, month time.Month, day, hour, minute, second int) (time.Time, bool) {
	if 70 <= year && year <= 99 {
		year += 1900
	} else if 0 <= year && year <= 69 {
		year += 2000
	}
	if day < 1 || day > 31 || year < 1601 || hour > 23 || minute > 59 || second > 59 {
		return time.Time{}, false
	}
	t := time.Date(year, month, day, hour, minute, second, 0, time.UTC)
	if t.Day() != day {
		return time.Time{}, false // 31 Feb and the like
	}
	return t, true
}

var shortDays = [7]string{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"}

// parseFixdate is a fast path for the form nearly every server sends,
// IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT"). done is false when s is
// not exactly in that form; when it is, the tokens are a day name (no
// production matches it), then day-of-month, month, year and time, so the
// general algorithm finds exactly the fields read here.
func parseFixdate(s string) (t time.Time, ok, done bool) {
	if len(s) != 29 || s[3] != ',' || s[4] != ' ' || s[7] != ' ' || s[11] != ' ' || s[16] != ' ' ||
		s[19] != ':' || s[22] != ':' || s[25:] != " GMT" {
		return time.Time{}, false, false
	}
	wd := false
	for _, d := range shortDays {
		if s[:3] == d {
			wd = true
			break
		}
	}
	if !wd {
		return time.Time{}, false, false
	}
	month, mok := cookieMonth(s[8:11])
	day, dok := digits2(s[5:7])
	y1, y1ok := digits2(s[12:14])
	y2, y2ok := digits2(s[14:16])
	h, hok := digits2(s[17:19])
	m, mmok := digits2(s[20:22])
	sec, sok := digits2(s[23:25])
	if !mok || !dok || !y1ok || !y2ok || !hok || !mmok || !sok {
		return time.Time{}, false, false
	}
	t, ok = cookieDate(y1*100+y2, month, day, h, m, sec)
	return t, ok, true
}

// digits2 parses exactly two ASCII digits.
func digits2(s string) (int, bool) {
	a, b := s[0]-'0', s[1]-'0'
	if a > 9 || b > 9 {
		return 0, false
	}
	return int(a)*10 + int(b), true
}

// leadingDigits parses min to max digits at the start of tok, which must
// be followed by a non-digit or by nothing.
func leadingDigits(tok string, min, max int) (int, bool) {
	n, i := 0, 0
	for i < len(tok) && i <= max && '0' <= tok[i] && tok[i] <= '9' {
		n = n*10 + int(tok[i]-'0')
		i++
	}
	if i < min || i > max {
		return 0, false
	}
	return n, true
}

// cookieTime parses hms-time with 1–2 digit fields, followed by a
// non-digit or by nothing.
func cookieTime(tok string) (h, m, s int, ok bool) {
	var f [3]int
	for k := 0; k < 3; k++ {
		n, i := 0, 0
		for i < len(tok) && i < 3 && '0' <= tok[i] && tok[i] <= '9' {
			n = n*10 + int(tok[i]-'0')
			i++
		}
		if i < 1 || i > 2 {
			return 0, 0, 0, false
		}
		f[k] = n
		tok = tok[i:]
		if k < 2 {
			if tok == "" || tok[0] != ':' {
				return 0, 0, 0, false
			}
			tok = tok[1:]
		}
	}
	return f[0], f[1], f[2], true
}

// cookieMonth matches the first three bytes of a token, ignoring ASCII
// case, against the month names.
func cookieMonth(s string) (time.Month, bool) {
	var key uint32
	for i := 0; i < 3; i++ {
		key = key<<8 | uint32(s[i]|0x20) // ASCII letters to lower case
	}
	switch key {
	case 'j'<<16 | 'a'<<8 | 'n':
		return time.January, true
	case 'f'<<16 | 'e'<<8 | 'b':
		return time.February, true
	case 'm'<<16 | 'a'<<8 | 'r':
		return time.March, true
	case 'a'<<16 | 'p'<<8 | 'r':
		return time.April, true
	case 'm'<<16 | 'a'<<8 | 'y':
		return time.May, true
	case 'j'<<16 | 'u'<<8 | 'n':
		return time.June, true
	case 'j'<<16 | 'u'<<8 | 'l':
		return time.July, true
	case 'a'<<16 | 'u'<<8 | 'g':
		return time.August, true
	case 's'<<16 | 'e'<<8 | 'p':
		return time.September, true
	case 'o'<<16 | 'c'<<8 | 't':
		return time.October, true
	case 'n'<<16 | 'o'<<8 | 'v':
		return time.November, true
	case 'd'<<16 | 'e'<<8 | 'c':
		return time.December, true
	}
	return 0, false
}
