package headers

import (
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"
)

func TestAuthorization(t *testing.T) {
	// RFC 7617 §2 example.
	c, err := ParseAuthorization("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==")
	if err != nil {
		t.Fatal(err)
	}
	if u, p, ok := c.Basic(); !ok || u != "Aladdin" || p != "open sesame" {
		t.Errorf("Basic = %q %q %v", u, p, ok)
	}
	// RFC 7617 §2.1: UTF-8 "test:123£".
	c, _ = ParseAuthorization("Basic dGVzdDoxMjPCow==")
	if u, p, ok := c.Basic(); !ok || u != "test" || p != "123£" {
		t.Errorf("UTF-8 Basic = %q %q", u, p)
	}
	bc, err := BasicCredentials("Aladdin", "open sesame")
	if err != nil || bc.String() != "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==" {
		t.Errorf("BasicCredentials = %q %v", bc.String(), err)
	}
	if _, err := BasicCredentials("a:b", "c"); !errors.Is(err, ErrInvalidBasic) {
		t.Error("colon in user id accepted")
	}
	if _, err := BasicCredentials("a", "b\r\nc"); !errors.Is(err, ErrInvalidBasic) {
		t.Error("CRLF in password accepted")
	}
	for _, bad := range []string{"bm9jb2xvbg==", "!!!", "/w=="} { // "nocolon", not base64, not UTF-8
		if _, _, err := DecodeBasic(bad); !errors.Is(err, ErrInvalidBasic) {
			t.Errorf("DecodeBasic(%q) = %v", bad, err)
		}
	}
	// RFC 6750 §2.1.
	c, err = ParseAuthorization("Bearer mF_9.B5f-4.1JqM")
	if tok, ok := c.Bearer(); err != nil || !ok || tok != "mF_9.B5f-4.1JqM" {
		t.Errorf("Bearer = %q %v %v", tok, ok, err)
	}
	if _, _, ok := c.Basic(); ok {
		t.Error("Bearer read as Basic")
	}
	// RFC 7616-style auth-params.
	c, err = ParseAuthorization(`Digest username="Mufasa", realm="http-auth@example.org", nc=00000001`)
	if err != nil || c.Scheme != "Digest" || len(c.Params) != 3 || c.Params[0] != (Param{"username", "Mufasa"}) {
		t.Errorf("Digest = %+v %v", c, err)
	}
	again, err := ParseAuthorization(c.String())
	if err != nil || !slices.Equal(again.Params, c.Params) {
		t.Errorf("round trip %q: %v", c.String(), err)
	}
	for _, bad := range []string{"", `realm="x"`, "Basic a b", "Basic, Bearer x", `Digest a="1", a="2"`, "Basic abc==x"} {
		if _, err := ParseAuthorization(bad); !errors.Is(err, ErrInvalidAuth) {
			t.Errorf("%q: err = %v", bad, err)
		}
	}
}

func TestChallenges(t *testing.T) {
	// RFC 9110 §11.6.1 example: two challenges in one field.
	cs, err := ParseChallenges([]string{`Basic realm="simple", Newauth realm="apps", type=1, title="Login to \"apps\""`})
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 2 || cs[0].Scheme != "Basic" || cs[1].Scheme != "Newauth" || len(cs[1].Params) != 3 {
		t.Fatalf("got %+v", cs)
	}
	if v, _ := cs[1].Params.Get("title"); v != `Login to "apps"` {
		t.Errorf("title = %q", v)
	}
	cs, err = ParseChallenges([]string{"Bearer", `Basic realm="x", charset="UTF-8"`, "Negotiate abc=="})
	if err != nil || len(cs) != 3 || cs[2].Token68 != "abc==" || len(cs[1].Params) != 2 {
		t.Errorf("several lines: %+v %v", cs, err)
	}
	b, err := AppendChallenges(nil, cs)
	if err != nil {
		t.Fatal(err)
	}
	again, err := ParseChallenges([]string{string(b)})
	if err != nil || len(again) != 3 {
		t.Errorf("round trip %q: %+v %v", b, again, err)
	}
	if _, err := (Challenge{Scheme: "Basic", Params: Params{{"realm", "a\r\nb"}}}).AppendFormat(nil); err == nil {
		t.Error("CRLF in realm formatted")
	}
}

func FuzzParseChallenges(f *testing.F) {
	f.Add(`Basic realm="simple", Newauth realm="apps", type=1`)
	f.Add("Bearer abc==, Basic")
	f.Fuzz(func(t *testing.T, s string) {
		cs, err := ParseChallenges([]string{s})
		if err != nil {
			if !errors.Is(err, ErrInvalidAuth) {
				t.Fatal(err)
			}
			return
		}
		out, err := AppendChallenges(nil, cs)
		if err != nil {
			return
		}
		again, err := ParseChallenges([]string{string(out)})
		if err != nil || len(again) != len(cs) {
			t.Fatalf("round trip %q -> %q: %v", s, out, err)
		}
		for i := range cs {
			if again[i].Scheme != cs[i].Scheme || again[i].Token68 != cs[i].Token68 || !slices.Equal(again[i].Params, cs[i].Params) {
				t.Fatalf("round trip %q -> %q: %+v != %+v", s, out, again[i], cs[i])
			}
		}
	})
}

func BenchmarkParseAuthorization(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		c, _ := ParseAuthorization("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==")
		_, _, _ = c.Basic()
	}
}

func TestAuthExamples(t *testing.T) {
	tests := []struct {
		name  string
		lines []string
		want  []Challenge
	}{
		// RFC 7617 §2 and §2.1.
		{"rfc7617", []string{`Basic realm="WallyWorld"`}, []Challenge{{Scheme: "Basic", Params: Params{{"realm", "WallyWorld"}}}}},
		{"rfc7617-charset", []string{`Basic realm="foo", charset="UTF-8"`},
			[]Challenge{{Scheme: "Basic", Params: Params{{"realm", "foo"}, {"charset", "UTF-8"}}}}},
		// RFC 6750 §3.
		{"rfc6750", []string{`Bearer realm="example"`}, []Challenge{{Scheme: "Bearer", Params: Params{{"realm", "example"}}}}},
		{"rfc6750-error", []string{`Bearer realm="example", error="invalid_token", error_description="The access token expired"`},
			[]Challenge{{Scheme: "Bearer", Params: Params{{"realm", "example"}, {"error", "invalid_token"}, {"error_description", "The access token expired"}}}}},
		// RFC 9110 §11.6.1 example across two field lines, with BWS
		// around "=" and upper-case parameter names.
		{"lines-bws", []string{`Basic realm = "simple"`, `Newauth Realm="apps", TYPE =1`},
			[]Challenge{{Scheme: "Basic", Params: Params{{"realm", "simple"}}}, {Scheme: "Newauth", Params: Params{{"realm", "apps"}, {"type", "1"}}}}},
		// The same parameter name in two challenges is fine.
		{"realm-twice", []string{`Basic realm="a", Digest realm="a", nonce="n", Negotiate`},
			[]Challenge{{Scheme: "Basic", Params: Params{{"realm", "a"}}}, {Scheme: "Digest", Params: Params{{"realm", "a"}, {"nonce", "n"}}}, {Scheme: "Negotiate"}}},
		// token68 with padding, then a challenge with commas in a quoted
		// value.
		{"token68", []string{`Negotiate YIIB/w==, Basic realm="a, b"`},
			[]Challenge{{Scheme: "Negotiate", Token68: "YIIB/w=="}, {Scheme: "Basic", Params: Params{{"realm", "a, b"}}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseChallenges(tt.lines)
			if err != nil || !equalChallenges(got, tt.want) {
				t.Fatalf("got %+v, %v", got, err)
			}
			b, err := AppendChallenges(nil, got)
			if err != nil {
				t.Fatal(err)
			}
			again, err := ParseChallenges([]string{string(b)})
			if err != nil || !equalChallenges(again, got) {
				t.Errorf("round trip %q: %+v %v", b, again, err)
			}
		})
	}
	for _, bad := range [][]string{
		{`realm="x"`},                  // a parameter with no scheme
		{`Negotiate abc==, realm="x"`}, // a parameter after a token68
		{`Basic realm="a", REALM="b"`}, // a parameter twice
		{`Basic realm="unterminated`},  // bad quoted string
		{`Basic realm="a" x`},          // junk after a value
		{"Basic\trealm=x"},             // 1*SP after the scheme
		{""}, {" , "}, {"Basic a b c"}, {"Bas(ic"},
		{`Basic ` + manyParams(20) + `, p3=x`}, // a repeat found after many names
	} {
		if _, err := ParseChallenges(bad); !errors.Is(err, ErrInvalidAuth) {
			t.Errorf("%q: err = %v", bad, err)
		}
	}
	if cs, err := ParseChallenges([]string{"Basic " + manyParams(40)}); err != nil || len(cs[0].Params) != 40 {
		t.Errorf("40 distinct names: %v", err)
	}

	// Proxy-Authorization has the same form as Authorization.
	c, err := ParseAuthorization(`Digest username="Mufasa", qop=auth, response="6629fae49393a05397450978507c4ef1"`)
	if err != nil || c.Scheme != "Digest" || c.String() != `Digest username="Mufasa", qop="auth", response="6629fae49393a05397450978507c4ef1"` {
		t.Errorf("Digest: %+v %v %q", c, err, c.String())
	}
	if _, err := ParseAuthorization("Basic a, Basic b"); !errors.Is(err, ErrInvalidAuth) {
		t.Error("two credentials accepted")
	}
	// Formatting refuses what cannot be sent.
	for _, c := range []Credentials{
		{Scheme: ""}, {Scheme: "Ba sic"}, {Scheme: "Basic", Token68: "a b"},
		{Scheme: "Basic", Token68: "abc", Params: Params{{"a", "b"}}},
		{Scheme: "X", Params: Params{{"bad name", "v"}}}, {Scheme: "X", Params: Params{{"a", "\r\n"}}},
	} {
		if _, err := c.AppendFormat(nil); !errors.Is(err, ErrInvalidAuth) || c.String() != "" {
			t.Errorf("%+v formatted: %v", c, err)
		}
	}
	if s := (Challenge{Scheme: "Bearer"}).String(); s != "Bearer" {
		t.Errorf("bare challenge = %q", s)
	}
}

func manyParams(n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("p" + strconv.Itoa(i) + "=v")
	}
	return b.String()
}

func equalChallenges(a, b []Challenge) bool {
	return slices.EqualFunc(a, b, func(x, y Challenge) bool {
		return x.Scheme == y.Scheme && x.Token68 == y.Token68 && slices.Equal(x.Params, y.Params)
	})
}

func TestBasicAndBearer(t *testing.T) {
	for _, tt := range []struct {
		token68, user, pass string
	}{
		{"QWxhZGRpbjpvcGVuIHNlc2FtZQ==", "Aladdin", "open sesame"},
		{"QWxhZGRpbjpvcGVuIHNlc2FtZQ", "Aladdin", "open sesame"}, // unpadded
		{"dXNlcjo=", "user", ""},                                 // empty password
		{"OnB3", "", "pw"},                                       // empty user id
		{"YTpiOmM=", "a", "b:c"},                                 // colons in the password
		{"w6k6w6k=", "é", "é"},                                   // UTF-8
	} {
		u, p, err := DecodeBasic(tt.token68)
		if err != nil || u != tt.user || p != tt.pass {
			t.Errorf("DecodeBasic(%q) = %q %q %v", tt.token68, u, p, err)
		}
		c, err := BasicCredentials(tt.user, tt.pass)
		if err != nil {
			t.Fatal(err)
		}
		again, err := ParseAuthorization(c.String())
		if u, p, ok := again.Basic(); err != nil || !ok || u != tt.user || p != tt.pass {
			t.Errorf("round trip %q: %q %q %v", c.String(), u, p, err)
		}
	}
	for _, bad := range []string{"", "=", "QQ", "dXNlcgo=", "dXNlcjoK", "YTpi\x00", "YTpi=="} { // bad base64, "user\n", "user:\n"
		if _, _, err := DecodeBasic(bad); !errors.Is(err, ErrInvalidBasic) {
			t.Errorf("DecodeBasic(%q) = %v", bad, err)
		}
	}
	if _, err := BasicCredentials("a", "\x7f"); !errors.Is(err, ErrInvalidBasic) {
		t.Error("DEL in password accepted")
	}
	if _, err := BasicCredentials("\xff", "b"); !errors.Is(err, ErrInvalidBasic) {
		t.Error("invalid UTF-8 user id accepted")
	}
	// The scheme is case-insensitive; other schemes are not Basic.
	c, _ := ParseAuthorization("bAsIc QWxhZGRpbjpvcGVuIHNlc2FtZQ==")
	if _, _, ok := c.Basic(); !ok {
		t.Error("bAsIc not read as Basic")
	}
	c, _ = ParseAuthorization(`Basic realm="x"`)
	if _, _, ok := c.Basic(); ok {
		t.Error("Basic with parameters read as credentials")
	}
	// RFC 6750 §2.1 b64token.
	b, err := BearerCredentials("mF_9.B5f-4.1JqM")
	if err != nil || b.String() != "Bearer mF_9.B5f-4.1JqM" {
		t.Errorf("BearerCredentials = %q %v", b.String(), err)
	}
	for _, bad := range []string{"", "a b", "a=b", "=abc", "tok\r\n"} {
		if _, err := BearerCredentials(bad); !errors.Is(err, ErrInvalidAuth) {
			t.Errorf("BearerCredentials(%q) = %v", bad, err)
		}
	}
	c, _ = ParseAuthorization("bearer abc.def==")
	if tok, ok := c.Bearer(); !ok || tok != "abc.def==" {
		t.Errorf("Bearer = %q %v", tok, ok)
	}
}

func FuzzParseAuthorization(f *testing.F) {
	f.Add("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==")
	f.Add(`Digest username="Mufasa", realm="http-auth@example.org", nc=00000001`)
	f.Add("Bearer mF_9.B5f-4.1JqM")
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseAuthorization(s)
		if err != nil {
			if !errors.Is(err, ErrInvalidAuth) {
				t.Fatal(err)
			}
			return
		}
		if u, p, ok := c.Basic(); ok {
			again, err := BasicCredentials(u, p)
			if err != nil {
				t.Fatalf("%q decodes to %q:%q, which cannot be encoded: %v", s, u, p, err)
			}
			if u2, p2, ok := again.Basic(); !ok || u2 != u || p2 != p {
				t.Fatalf("Basic round trip %q:%q", u, p)
			}
		}
		out, err := c.AppendFormat(nil)
		if err != nil {
			return
		}
		again, err := ParseAuthorization(string(out))
		if err != nil || again.Scheme != c.Scheme || again.Token68 != c.Token68 || !slices.Equal(again.Params, c.Params) {
			t.Fatalf("round trip %q -> %q: %+v %v", s, out, again, err)
		}
	})
}

func FuzzDecodeBasic(f *testing.F) {
	f.Add("QWxhZGRpbjpvcGVuIHNlc2FtZQ==")
	f.Add("dGVzdDoxMjPCow")
	f.Fuzz(func(t *testing.T, s string) {
		u, p, err := DecodeBasic(s)
		if err != nil {
			if !errors.Is(err, ErrInvalidBasic) {
				t.Fatal(err)
			}
			return
		}
		c, err := BasicCredentials(u, p)
		if err != nil {
			t.Fatalf("%q decodes to %q:%q, which cannot be encoded: %v", s, u, p, err)
		}
		if u2, p2, err := DecodeBasic(c.Token68); err != nil || u2 != u || p2 != p {
			t.Fatalf("round trip %q:%q", u, p)
		}
	})
}

func BenchmarkParseChallenges(b *testing.B) {
	lines := []string{`Basic realm="simple", Newauth realm="apps", type=1, title="Login to \"apps\""`}
	b.ReportAllocs()
	for b.Loop() {
		_, _ = ParseChallenges(lines)
	}
}

func BenchmarkFormatChallenges(b *testing.B) {
	cs, _ := ParseChallenges([]string{`Basic realm="simple", Newauth realm="apps", type=1`})
	buf := make([]byte, 0, 128)
	b.ReportAllocs()
	for b.Loop() {
		buf, _ = AppendChallenges(buf[:0], cs)
	}
}

func BenchmarkDecodeBasic(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_, _, _ = DecodeBasic("QWxhZGRpbjpvcGVuIHNlc2FtZQ==")
	}
}
