package cookies_test

import (
	"bytes"
	"errors"
	"fmt"
	"time"

	"github.com/webob-go/webob/cookies"
)

func ExampleGet() {
	// The Cookie field lines of a request, e.g. r.Header["Cookie"].
	lines := []string{`_ga=GA1.2.3; session_id=abc123; csrftoken="q1w2"`}
	v, ok := cookies.Get(lines, "session_id")
	fmt.Println(v, ok)
	_, ok = cookies.Get(lines, "missing")
	fmt.Println(ok)
	// Output:
	// abc123 true
	// false
}

func ExampleParse() {
	// Malformed pairs are skipped; a nameless pair never shadows a named
	// cookie; quoted values are unquoted; several lines are one list.
	lines := []string{`==__Host-id=forged; __Host-id=good; bad pair; theme="dark"`, "lang=en-US"}
	cs, err := cookies.Parse(lines)
	for _, c := range cs {
		fmt.Printf("%s=%s\n", c.Name, c.Value)
	}
	fmt.Println(err)
	// Output:
	// __Host-id=good
	// theme=dark
	// lang=en-US
	// <nil>
}

func ExampleSetCookie_Format() {
	c := cookies.SetCookie{
		Name: "__Host-sid", Value: "abc", Path: "/",
		Secure: true, HttpOnly: true, SameSite: cookies.SameSiteLax, MaxAge: 3600,
	}
	s, err := c.Format()
	fmt.Println(s, err)

	// Writing is strict: nothing invalid is ever sent.
	bad := cookies.SetCookie{Name: "sid", Value: "x; Domain=evil.example"}
	_, err = bad.Format()
	fmt.Println(errors.Is(err, cookies.ErrInvalidValue), err)
	bad = cookies.SetCookie{Name: "__Host-sid", Value: "x", Secure: true, Path: "/", Domain: "example.com"}
	_, err = bad.Format()
	fmt.Println(errors.Is(err, cookies.ErrPrefix))
	// Output:
	// __Host-sid=abc; Path=/; Max-Age=3600; Secure; HttpOnly; SameSite=Lax <nil>
	// true cookies: cookie value has a byte outside cookie-octet: cookie "sid"
	// true
}

func ExampleSetCookie_AppendFormat() {
	c := cookies.SetCookie{Name: "lang", Value: "en-US", Path: "/",
		Expires: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)}
	buf := make([]byte, 0, 128) // reused: no allocation
	buf, err := c.AppendFormat(buf[:0])
	fmt.Println(string(buf), err)
	// Output:
	// lang=en-US; Path=/; Expires=Tue, 01 Jan 2030 00:00:00 GMT <nil>
}

func ExampleDeletion() {
	c := cookies.Deletion("sid", "/", "example.com")
	fmt.Println(c.String())
	// Output:
	// sid=; Path=/; Domain=example.com; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0
}

func ExampleParseSetCookie() {
	c, err := cookies.ParseSetCookie("id=a3fWa; expires=Wed, 21-Oct-2015 07:28:00 GMT; path=/; SameSite=lax; Priority=High")
	fmt.Println(c.Name, c.Value, c.Expires.Format(time.RFC3339), c.Path, c.SameSite, c.Unparsed, err)
	// Output:
	// id a3fWa 2015-10-21T07:28:00Z / Lax [Priority=High] <nil>
}

func ExampleSigner() {
	// Keys come from crypto/rand and configuration; the first signs, all
	// verify (rotation).
	newKey, oldKey := bytes.Repeat([]byte("n"), 32), bytes.Repeat([]byte("o"), 32)
	s, _ := cookies.NewSigner(newKey, oldKey)
	s.MaxAge = 24 * time.Hour

	v, _ := s.Encode("session", []byte("user=42"))
	got, err := s.Decode("session", v)
	fmt.Println(string(got), err)

	_, err = s.Decode("admin", v) // not replayable under another name
	fmt.Println(err)

	old, _ := cookies.NewSigner(oldKey)
	v, _ = old.Encode("session", []byte("user=7"))
	got, err = s.Decode("session", v) // still verifies after rotation
	fmt.Println(string(got), err)
	// Output:
	// user=42 <nil>
	// cookies: bad signature
	// user=7 <nil>
}

func ExampleEncrypter() {
	e, _ := cookies.NewEncrypter(bytes.Repeat([]byte("k"), 32))
	v, _ := e.Encode("session", []byte("secret"))
	got, err := e.Decode("session", v)
	fmt.Println(string(got), err, bytes.Contains([]byte(v), []byte("secret")))
	// Output:
	// secret <nil> false
}

func ExampleProfile() {
	s, _ := cookies.NewSigner(bytes.Repeat([]byte("k"), 32))
	p := &cookies.Profile{Name: "prefs", Secure: true, HttpOnly: true, SameSite: cookies.SameSiteLax, Codec: s}

	// On the response: Set-Cookie field values.
	setLines, _ := p.SetCookies(map[string]string{"theme": "dark"})
	sc, _ := cookies.ParseSetCookie(setLines[0])
	fmt.Println(sc.Name, sc.Path, sc.Secure, sc.HttpOnly, sc.SameSite)

	// On the next request: the Cookie field lines.
	var prefs map[string]string
	err := p.Get([]string{"prefs=" + sc.Value}, &prefs)
	fmt.Println(prefs["theme"], err)

	err = p.Get([]string{"prefs=tampered"}, &prefs)
	fmt.Println(err)

	del, _ := p.DeleteCookies()
	fmt.Println(del[0])
	// Output:
	// prefs / true true Lax
	// dark <nil>
	// cookies: malformed signed value
	// prefs=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Secure; HttpOnly; SameSite=Lax
}
