package cookies_test

import (
	"bytes"
	"fmt"
	"time"

	"github.com/webob-go/webob/cookies"
)

func ExampleGet() {
	lines := []string{`_ga=GA1.2.3; session_id=abc123; csrftoken="q1w2"`}
	v, ok := cookies.Get(lines, "session_id")
	fmt.Println(v, ok)
	all, err := cookies.Parse(lines)
	fmt.Println(all, err)
	// Output:
	// abc123 true
	// [{_ga GA1.2.3} {session_id abc123} {csrftoken q1w2}] <nil>
}

func ExampleSetCookie() {
	c := cookies.SetCookie{Name: "__Host-sid", Value: "abc", Path: "/", Secure: true, HttpOnly: true, SameSite: cookies.SameSiteLax, MaxAge: 3600}
	fmt.Println(c.String())
	bad := cookies.SetCookie{Name: "sid", Value: "x; Domain=evil.example"}
	_, err := bad.AppendFormat(nil)
	fmt.Println(err)
	// Output:
	// __Host-sid=abc; Path=/; Max-Age=3600; Secure; HttpOnly; SameSite=Lax
	// cookies: invalid cookie: value has a byte outside cookie-octet: cookie "sid"
}

func ExampleParseSetCookie() {
	c, _ := cookies.ParseSetCookie("id=a3fWa; expires=Wed, 21-Oct-2015 07:28:00 GMT; path=/; SameSite=lax")
	fmt.Println(c.Name, c.Value, c.Expires.Format(time.RFC3339), c.Path, c.SameSite)
	// Output:
	// id a3fWa 2015-10-21T07:28:00Z / Lax
}

func ExampleSigner() {
	s, _ := cookies.NewSigner(bytes.Repeat([]byte("k"), 32))
	s.MaxAge = time.Hour
	v, _ := s.Encode("session", []byte("user=42"))
	got, err := s.Decode("session", v)
	fmt.Println(string(got), err)
	_, err = s.Decode("admin", v) // not replayable under another name
	fmt.Println(err)
	// Output:
	// user=42 <nil>
	// cookies: bad signature
}

func ExampleProfile() {
	s, _ := cookies.NewSigner(bytes.Repeat([]byte("k"), 32))
	p := &cookies.Profile{Name: "prefs", Secure: true, HttpOnly: true, Codec: s}
	setLines, _ := p.SetCookies(map[string]string{"theme": "dark"})
	sc, _ := cookies.ParseSetCookie(setLines[0])
	fmt.Println(sc.Name, sc.Path, sc.Secure, sc.HttpOnly)

	var prefs map[string]string
	err := p.Get([]string{"prefs=" + sc.Value}, &prefs)
	fmt.Println(prefs["theme"], err)
	// Output:
	// prefs / true true
	// dark <nil>
}
