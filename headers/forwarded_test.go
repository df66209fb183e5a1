package headers

import (
	"errors"
	"net/netip"
	"slices"
	"strings"
	"testing"
)

func TestForwarded(t *testing.T) {
	// RFC 7239 §4 and §7.4 examples.
	fes, err := ParseForwarded([]string{
		`for="_gazonk"`,
		`For="[2001:db8:cafe::17]:4711"`,
		`for=192.0.2.60;proto=http;by=203.0.113.43`,
		`for=192.0.2.43, for=198.51.100.17`,
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(fes) != 5 || fes[0].For != "_gazonk" || fes[1].For != "[2001:db8:cafe::17]:4711" ||
		fes[2].Proto != "http" || fes[2].By != "203.0.113.43" || fes[4].For != "198.51.100.17" {
		t.Fatalf("got %+v", fes)
	}
	n, err := ParseNode(fes[1].For)
	if err != nil || n.Addr != netip.MustParseAddr("2001:db8:cafe::17") || n.Port != 4711 {
		t.Errorf("IPv6 node: %+v %v", n, err)
	}
	if n.String() != "[2001:db8:cafe::17]:4711" {
		t.Errorf("node String = %q", n.String())
	}
	n, err = ParseNode("_gazonk")
	if err != nil || n.Obfuscated != "_gazonk" {
		t.Errorf("obfuscated: %+v %v", n, err)
	}
	n, err = ParseNode("unknown:_p1")
	if err != nil || !n.Unknown || n.ObfPort != "_p1" {
		t.Errorf("unknown: %+v %v", n, err)
	}
	for _, bad := range []string{"2001:db8::1]", "[192.0.2.1]", "300.1.1.1", "1.2.3.4:99999", "host.example", "_", "1.2.3.4:"} {
		if _, err := ParseNode(bad); !errors.Is(err, ErrInvalidForwarded) {
			t.Errorf("ParseNode(%q) = %v", bad, err)
		}
	}
	b, err := fes[1].AppendFormat(nil)
	if err != nil || string(b) != `for="[2001:db8:cafe::17]:4711"` {
		t.Errorf("format = %s %v", b, err)
	}
	for _, bad := range []string{"for=1.2.3.4;for=5.6.7.8", "for", `for="x`, "for=a b"} {
		if _, err := ParseForwarded([]string{bad}); !errors.Is(err, ErrInvalidForwarded) {
			t.Errorf("%q: %v", bad, err)
		}
	}
	xff, err := ParseXForwardedFor([]string{"203.0.113.195, 2001:db8:85a3:8d3:1319:8a2e:370:7348", "198.51.100.178"})
	if err != nil || len(xff) != 3 || xff[1].Addr != netip.MustParseAddr("2001:db8:85a3:8d3:1319:8a2e:370:7348") {
		t.Errorf("XFF: %+v %v", xff, err)
	}
	if _, err := ParseXForwardedFor([]string{"1.2.3.4, evil"}); err == nil {
		t.Error("bad XFF element accepted")
	}
	if got := ParseXForwardedList([]string{"https, http"}); !slices.Equal(got, []string{"https", "http"}) {
		t.Errorf("X-Forwarded-Proto = %q", got)
	}
}

func FuzzParseForwarded(f *testing.F) {
	f.Add(`for="[2001:db8:cafe::17]:4711";proto=https, for=_x`)
	f.Fuzz(func(t *testing.T, s string) {
		fes, err := ParseForwarded([]string{s})
		if err != nil {
			return
		}
		for _, fe := range fes {
			out, err := fe.AppendFormat(nil)
			if err != nil {
				continue
			}
			again, err := ParseForwarded([]string{string(out)})
			if err != nil || len(again) != 1 || again[0].For != fe.For || again[0].Host != fe.Host || !slices.Equal(again[0].Extensions, fe.Extensions) {
				t.Fatalf("round trip %q -> %q: %+v %v", s, out, again, err)
			}
		}
		_, _ = ParseNode(s)
	})
}

func BenchmarkParseForwarded(b *testing.B) {
	lines := []string{`for=192.0.2.60;proto=http;by=203.0.113.43, for="[2001:db8:cafe::17]:4711"`}
	b.ReportAllocs()
	for b.Loop() {
		_, _ = ParseForwarded(lines)
	}
}

func TestForwardedExamples(t *testing.T) {
	// RFC 7239 §6.3 obfuscated identifiers, §7.1 one field or several
	// lines, §7.5 a chain with by, proto and host.
	tests := []struct {
		name  string
		lines []string
		want  []ForwardedElement
	}{
		{"obfuscated", []string{"for=_hidden, for=_SEVKISEK"}, []ForwardedElement{{For: "_hidden"}, {For: "_SEVKISEK"}}},
		{"one-line", []string{`for=192.0.2.43, for="[2001:db8:cafe::17]", for=unknown`},
			[]ForwardedElement{{For: "192.0.2.43"}, {For: "[2001:db8:cafe::17]"}, {For: "unknown"}}},
		{"two-lines", []string{"for=192.0.2.43", `for="[2001:db8:cafe::17]", for=unknown`},
			[]ForwardedElement{{For: "192.0.2.43"}, {For: "[2001:db8:cafe::17]"}, {For: "unknown"}}},
		{"chain", []string{"for=192.0.2.43,for=198.51.100.17;by=203.0.113.60;proto=http;host=example.com"},
			[]ForwardedElement{{For: "192.0.2.43"}, {For: "198.51.100.17", By: "203.0.113.60", Proto: "http", Host: "example.com"}}},
		// Names case-insensitive; extensions kept in order, lower-cased;
		// empty pairs and white space around ";" tolerated.
		{"ext", []string{`;HOST=a.example;; Secret="x y" ;ext=1;FOR=_p`},
			[]ForwardedElement{{For: "_p", Host: "a.example", Extensions: Params{{"secret", "x y"}, {"ext", "1"}}}}},
		{"empty", []string{"", ";;", " , "}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseForwarded(tt.lines)
			if err != nil || !slices.EqualFunc(got, tt.want, equalForwarded) {
				t.Fatalf("got %+v, %v", got, err)
			}
			for _, fe := range got {
				b, err := fe.AppendFormat(nil)
				if err != nil {
					t.Fatal(err)
				}
				again, err := ParseForwarded([]string{string(b)})
				if err != nil || len(again) != 1 || !equalForwarded(again[0], fe) {
					t.Errorf("round trip %q: %+v %v", b, again, err)
				}
			}
		})
	}
	for _, bad := range []string{"for=a;FOR=b", "proto=http;proto=https", "x=1;X=2", "=1", "for=", "for=a,b",
		"for=a ;b", `for="a"b`, "for=a;by", "for=_a;" + strings.ReplaceAll(manyParams(20), ", ", ";") + ";P7=z"} {
		if _, err := ParseForwarded([]string{bad}); !errors.Is(err, ErrInvalidForwarded) {
			t.Errorf("%q: err = %v", bad, err)
		}
	}
	if fes, err := ParseForwarded([]string{strings.ReplaceAll(manyParams(40), ", ", ";")}); err != nil || len(fes[0].Extensions) != 40 {
		t.Errorf("40 distinct extensions: %v", err)
	}
	// Formatting quotes what is not a token and refuses the unsendable.
	fe := ForwardedElement{For: "[2001:db8::1]:80", By: "_x", Host: "h.example:8080", Extensions: Params{{"a", "b c"}}}
	if b, err := fe.AppendFormat(nil); err != nil || string(b) != `for="[2001:db8::1]:80";by=_x;host="h.example:8080";a="b c"` {
		t.Errorf("format = %s %v", b, err)
	}
	for _, fe := range []ForwardedElement{{For: "a\r\nb"}, {Extensions: Params{{"bad name", "x"}}}, {Host: "\x00"}} {
		if b, err := fe.AppendFormat([]byte("keep")); !errors.Is(err, ErrInvalidForwarded) || string(b) != "keep" {
			t.Errorf("%+v: %q %v", fe, b, err)
		}
	}
}

func equalForwarded(a, b ForwardedElement) bool {
	return a.For == b.For && a.By == b.By && a.Proto == b.Proto && a.Host == b.Host && slices.Equal(a.Extensions, b.Extensions)
}

func TestNodes(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want Node
		out  string
	}{
		// RFC 7239 §6.
		{"192.0.2.43", Node{Addr: netip.MustParseAddr("192.0.2.43")}, "192.0.2.43"},
		{"192.0.2.43:47011", Node{Addr: netip.MustParseAddr("192.0.2.43"), Port: 47011}, "192.0.2.43:47011"},
		{"[2001:db8:cafe::17]", Node{Addr: netip.MustParseAddr("2001:db8:cafe::17")}, "[2001:db8:cafe::17]"},
		{"[2001:db8:cafe::17]:47011", Node{Addr: netip.MustParseAddr("2001:db8:cafe::17"), Port: 47011}, "[2001:db8:cafe::17]:47011"},
		{"unknown", Node{Unknown: true}, "unknown"},
		{"UNKNOWN:_p", Node{Unknown: true, ObfPort: "_p"}, "unknown:_p"},
		{"_hidden", Node{Obfuscated: "_hidden"}, "_hidden"},
		{"_SEVKISEK:_x.y-z", Node{Obfuscated: "_SEVKISEK", ObfPort: "_x.y-z"}, "_SEVKISEK:_x.y-z"},
		{"[::ffff:192.0.2.1]:1", Node{Addr: netip.MustParseAddr("::ffff:192.0.2.1"), Port: 1}, "[::ffff:192.0.2.1]:1"},
		// X-Forwarded-For style: a bare IPv6 address.
		{"2001:db8::1", Node{Addr: netip.MustParseAddr("2001:db8::1")}, "[2001:db8::1]"},
		{"1.2.3.4:65535", Node{Addr: netip.MustParseAddr("1.2.3.4"), Port: 65535}, "1.2.3.4:65535"},
	} {
		n, err := ParseNode(tt.in)
		if err != nil || n != tt.want || n.String() != tt.out {
			t.Errorf("%q: %+v %q %v", tt.in, n, n.String(), err)
		}
		if again, err := ParseNode(n.String()); err != nil || again != n {
			t.Errorf("%q: round trip %+v %v", tt.in, again, err)
		}
	}
	for _, bad := range []string{"", "[", "[]", "[2001:db8::1", "[2001:db8::1]x", "[2001:db8::1]:", "[fe80::1%eth0]",
		"fe80::1%eth0", "1.2.3.4:65536", "1.2.3.4:000080", "1.2.3.4:+80", "1.2.3.4:-1", "1.2.3.4:x", "01.2.3.4",
		"1.2.3", "_a b", "_a:_", "unknown:", "example.com", "[1.2.3.4]:80"} {
		if _, err := ParseNode(bad); !errors.Is(err, ErrInvalidForwarded) {
			t.Errorf("ParseNode(%q) = %v", bad, err)
		}
	}
	// RFC 7239 §7.4: X-Forwarded-For: 192.0.2.43, 2001:db8:cafe::17
	// becomes Forwarded: for=192.0.2.43, for="[2001:db8:cafe::17]".
	xff, err := ParseXForwardedFor([]string{"192.0.2.43, 2001:db8:cafe::17"})
	if err != nil {
		t.Fatal(err)
	}
	var b []byte
	for i, n := range xff {
		if i > 0 {
			b = append(b, ", "...)
		}
		b, _ = ForwardedElement{For: n.String()}.AppendFormat(b)
	}
	if string(b) != `for=192.0.2.43, for="[2001:db8:cafe::17]"` {
		t.Errorf("transition = %s", b)
	}
	if got := ParseXForwardedList([]string{"example.com, ", "", "other.example:8080"}); !slices.Equal(got, []string{"example.com", "other.example:8080"}) {
		t.Errorf("X-Forwarded-Host = %q", got)
	}
	if got, err := ParseXForwardedFor(nil); got != nil || err != nil {
		t.Errorf("no X-Forwarded-For: %v %v", got, err)
	}
}

func TestFormatXForwarded(t *testing.T) {
	in := "203.0.113.195, 2001:db8:85a3:8d3:1319:8a2e:370:7348, [2001:db8::1]:8080, 192.0.2.1:443, unknown, _hidden:_p"
	nodes, err := ParseXForwardedFor([]string{in})
	if err != nil {
		t.Fatal(err)
	}
	b, err := AppendXForwardedFor(nil, nodes)
	if err != nil || string(b) != in {
		t.Errorf("AppendXForwardedFor = %q, %v", b, err)
	}
	if b, err := AppendXForwardedFor([]byte("x"), nil); err != nil || string(b) != "x" {
		t.Errorf("no nodes: %q %v", b, err)
	}
	for _, n := range []Node{
		{}, {Port: 80},
		{Addr: netip.MustParseAddr("fe80::1").WithZone("a\r\nb")},
		{Obfuscated: "_a\r\nb"}, {Obfuscated: "nounderscore"},
		{Unknown: true, ObfPort: "_x y"}, {Unknown: true, Port: 70000}, {Unknown: true, Port: -1},
	} {
		if b, err := AppendXForwardedFor([]byte("keep"), []Node{{Unknown: true}, n}); !errors.Is(err, ErrInvalidForwarded) || string(b) != "keep" {
			t.Errorf("%+v: %q %v", n, b, err)
		}
	}
	vals := []string{"https", "example.com:8080"}
	if b, err := AppendXForwardedList(nil, vals); err != nil || string(b) != "https, example.com:8080" {
		t.Errorf("AppendXForwardedList = %q %v", b, err)
	} else if got := ParseXForwardedList([]string{string(b)}); !slices.Equal(got, vals) {
		t.Errorf("round trip %q", got)
	}
	for _, bad := range []string{"", "a,b", "a b", `"a"`, "a\r\n", "\x7f"} {
		if b, err := AppendXForwardedList([]byte("keep"), []string{"ok", bad}); !errors.Is(err, ErrInvalidForwarded) || string(b) != "keep" {
			t.Errorf("%q: %q %v", bad, b, err)
		}
	}
}

func FuzzParseNode(f *testing.F) {
	f.Add("[2001:db8:cafe::17]:4711")
	f.Add("unknown:_p1")
	f.Add("192.0.2.43, 2001:db8:cafe::17")
	f.Fuzz(func(t *testing.T, s string) {
		if nodes, err := ParseXForwardedFor([]string{s}); err != nil {
			if !errors.Is(err, ErrInvalidForwarded) {
				t.Fatal(err)
			}
		} else {
			b, err := AppendXForwardedFor(nil, nodes)
			if err != nil {
				t.Fatalf("%q: parsed nodes do not format: %v", s, err)
			}
			again, err := ParseXForwardedFor([]string{string(b)})
			if err != nil || !slices.Equal(again, nodes) {
				t.Fatalf("X-Forwarded-For round trip %q -> %q: %v", s, b, err)
			}
		}
		n, err := ParseNode(s)
		if err != nil {
			if !errors.Is(err, ErrInvalidForwarded) {
				t.Fatal(err)
			}
			return
		}
		again, err := ParseNode(n.String())
		if err != nil || again != n {
			t.Fatalf("round trip %q -> %q: %+v %v", s, n.String(), again, err)
		}
	})
}

func BenchmarkParseXForwardedFor(b *testing.B) {
	lines := []string{"203.0.113.195, 2001:db8:85a3:8d3:1319:8a2e:370:7348, 198.51.100.178"}
	b.ReportAllocs()
	for b.Loop() {
		_, _ = ParseXForwardedFor(lines)
	}
}
