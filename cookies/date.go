package cookies

import "time"

// isDelimiter is RFC 6265 §5.1.1's delimiter:
//
//	delimiter = %x09 / %x20-2F / %x3B-40 / %x5B-60 / %x7B-7E
func isDelimiter(c byte) bool {
	return c == 0x09 || 0x20 <= c && c <= 0x2F || 0x3B <= c && c <= 0x40 ||
		0x5B <= c && c <= 0x60 || 0x7B <= c && c <= 0x7E
}

// parseCookieDate implements the cookie-date algorithm of RFC 6265
// §5.1.1, which accepts the many date forms servers really send.
func parseCookieDate(s string) (time.Time, bool) {
	var (
		foundTime, foundDay, foundMonth, foundYear bool
		hour, minute, second, day, year            int
		month                                      time.Month
	)
	for len(s) > 0 {
		for len(s) > 0 && isDelimiter(s[0]) {
			s = s[1:]
		}
		i := 0
		for i < len(s) && !isDelimiter(s[i]) {
			i++
		}
		tok := s[:i]
		s = s[i:]
		if tok == "" {
			continue
		}
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
		return time.Time{}, false
	}
	return t, true
}

// leadingDigits parses min to max digits at the start of tok, followed by
// anything that is not a digit.
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

// cookieTime parses hms-time = time-field ":" time-field ":" time-field
// with 1–2 digit fields, followed by non-digits.
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

func cookieMonth(s string) (time.Month, bool) {
	const months = "janfebmaraprmayjunjulaugsepoctnovdec"
	var b [3]byte
	for i := 0; i < 3; i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b[i] = c
	}
	for i := 0; i < 12; i++ {
		if months[i*3:i*3+3] == string(b[:]) {
			return time.Month(i + 1), true
		}
	}
	return 0, false
}
