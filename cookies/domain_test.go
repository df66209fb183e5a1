package cookies

import (
	"errors"
	"strings"
	"testing"
)

var domainTable = []struct {
	domain string
	ok     bool
}{
	{"example.com", true},
	{".example.com", true}, // RFC 6265 §5.2.3: the leading dot is dropped
	{"EXAMPLE.com", true},
	{"a.b-c.example", true},
	{"_dmarc.example-1.com", true},
	{"xn--bcher-kva.example", true},
	{"localhost", true},
	{"a", true},
	{"192.0.2.1", true},
	{".192.0.2.1", true},
	{strings.Repeat("a", 63) + ".com", true},
	{strings.Repeat("a.", 126) + "a", true}, // 253 bytes
	{"-", false},
	{".-", false},
	{"-example.com", false},
	{"example-.com", false},
	{"a.-b.com", false},
	{"a.b-.com", false},
	{"example.-", false},
	{".", false},
	{"..example.com", false},
	{"a..b", false},
	{"example.com.", false},
	{strings.Repeat("a", 64) + ".com", false},
	{strings.Repeat("a.", 127) + "a", false}, // 255 bytes
	{"1.2.3", false},
	{"123", false},
	{"256.1.1.1", false},
	{"1.2.3.4.5", false},
	{"example.123", false},
	{"[::1]", false},
	{"::1", false},
	{"2001:db8::1", false},
	{"ex ample.com", false},
	{"example.com:80", false},
	{"exa/mple.com", false},
	{"é.example", false},
	{"evil.com; Secure", false},
}

func TestSetCookieDomainMustBeAHostName(t *testing.T) {
	for _, tt := range domainTable {
		c := SetCookie{Name: "a", Value: "1", Domain: tt.domain}
		err := c.Validate()
		if tt.ok && err != nil {
			t.Errorf("Domain %q refused: %v", tt.domain, err)
		}
		if !tt.ok && !errors.Is(err, ErrInvalidAttribute) {
			t.Errorf("Domain %q: err = %v; want ErrInvalidAttribute", tt.domain, err)
		}
		if !tt.ok {
			if out, err := c.Format(); err == nil {
				t.Errorf("Domain %q formatted: %q", tt.domain, out)
			}
		}
	}
}

// RFC 6265 §5.2.3 and §5.3 step 6: a Domain that is no host name can
// match no host; the lenient parser ignores it (as it ignores an empty
// one), so an earlier valid Domain stands and otherwise the cookie is
// host-only.
func TestParseSetCookieIgnoresInvalidDomain(t *testing.T) {
	for _, tt := range domainTable {
		if strings.ContainsAny(tt.domain, ";") || tt.domain == "" {
			continue
		}
		c, err := ParseSetCookie("a=1; Domain=" + tt.domain)
		if err != nil {
			t.Fatalf("%q: %v", tt.domain, err)
		}
		want := ""
		if tt.ok {
			want = strings.ToLower(strings.TrimPrefix(tt.domain, "."))
		}
		if c.Domain != want {
			t.Errorf("Domain=%q parsed as %q; want %q", tt.domain, c.Domain, want)
		}
	}
	c, err := ParseSetCookie("a=1; Domain=example.com; Domain=-")
	if err != nil || c.Domain != "example.com" {
		t.Errorf("earlier Domain: %+v, %v", c, err)
	}
}
