package cookies

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
)

// The MAC checks of signed values must compare in constant time, and all
// go through one helper (macEqual, built on hmac.Equal) so that this can
// be checked. These tests read the non-test sources of this package and
// of package webob (which builds on it) and fail on:
//
//   - a call to bytes.Equal, bytes.Compare or strings.Compare in this
//     package, or to hmac.Equal or subtle.ConstantTimeCompare outside
//     macEqual: a MAC comparison that bypasses the helper;
//   - ==, != or a Compare/Equal/EqualFold call with an operand naming a
//     MAC-ish value (a word mac, hmac, sig, signature, digest or tag in
//     an identifier), anywhere but macEqual.

// macHelper is the one function allowed to compare MACs.
const macHelper = "macEqual"

// macWords are the identifier words that mark a MAC-ish value.
var macWords = map[string]bool{"mac": true, "hmac": true, "sig": true, "sigs": true, "signature": true,
	"signatures": true, "digest": true, "tag": true, "authtag": true, "macs": true}

// identWords splits an identifier into lower-case words at underscores
// and lower-to-upper case changes ("wantMAC" -> want, mac).
func identWords(s string) []string {
	var words []string
	start := 0
	rs := []rune(s)
	flush := func(i int) {
		if i > start {
			words = append(words, strings.ToLower(string(rs[start:i])))
		}
	}
	for i := 0; i < len(rs); i++ {
		switch {
		case rs[i] == '_':
			flush(i)
			start = i + 1
		case i > 0 && unicode.IsUpper(rs[i]) && unicode.IsLower(rs[i-1]):
			flush(i)
			start = i
		case i > 0 && i+1 < len(rs) && unicode.IsUpper(rs[i]) && unicode.IsUpper(rs[i-1]) && unicode.IsLower(rs[i+1]):
			flush(i) // "MACValue" -> mac, value
			start = i
		}
	}
	flush(len(rs))
	return words
}

// macish reports whether e mentions a MAC-ish identifier, not counting
// what is inside len() or cap().
func macish(e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if found {
			return false
		}
		switch n := n.(type) {
		case *ast.CallExpr:
			if id, ok := n.Fun.(*ast.Ident); ok && (id.Name == "len" || id.Name == "cap") {
				return false
			}
		case *ast.Ident:
			for _, w := range identWords(n.Name) {
				if macWords[w] {
					found = true
				}
			}
		}
		return true
	})
	return found
}

func isLiteral(e ast.Expr) bool {
	switch e := e.(type) {
	case *ast.BasicLit:
		return true
	case *ast.Ident:
		return e.Name == "nil" || e.Name == "true" || e.Name == "false"
	}
	return false
}

// macCheckViolations reports the MAC comparisons in file f that bypass
// macEqual; strict also refuses bytes.Equal and friends whatever their
// operands (for this package, which has no other use for them).
func macCheckViolations(fset *token.FileSet, f *ast.File, strict bool) []string {
	var out []string
	report := func(n ast.Node, what string) {
		out = append(out, fset.Position(n.Pos()).String()+": "+what)
	}
	for _, d := range f.Decls {
		fn, ok := d.(*ast.FuncDecl)
		if ok && fn.Name.Name == macHelper && fn.Recv == nil {
			continue
		}
		ast.Inspect(d, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.BinaryExpr:
				if n.Op != token.EQL && n.Op != token.NEQ {
					return true
				}
				if isLiteral(n.X) || isLiteral(n.Y) {
					return true
				}
				if macish(n.X) || macish(n.Y) {
					report(n, "MAC-ish value compared with "+n.Op.String())
				}
			case *ast.CallExpr:
				sel, ok := n.Fun.(*ast.SelectorExpr)
				if !ok {
					return true
				}
				pkg, _ := sel.X.(*ast.Ident)
				if pkg == nil {
					return true
				}
				name := pkg.Name + "." + sel.Sel.Name
				switch name {
				case "hmac.Equal", "subtle.ConstantTimeCompare":
					report(n, name+" outside "+macHelper)
					return true
				case "bytes.Equal", "bytes.Compare", "strings.Compare":
					if strict {
						report(n, name+" in the package of the MAC checks")
						return true
					}
				}
				switch sel.Sel.Name {
				case "Equal", "Compare", "EqualFold", "HasPrefix", "HasSuffix":
					for _, a := range n.Args {
						if macish(a) {
							report(n, name+" on a MAC-ish value")
							break
						}
					}
				}
			}
			return true
		})
	}
	return out
}

func scanDir(t *testing.T, dir string, strict bool) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	var out []string
	n := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, name, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		n++
		out = append(out, macCheckViolations(fset, f, strict)...)
	}
	if n == 0 {
		t.Fatalf("no source files in %s", dir)
	}
	return out
}

func TestMACChecksUseConstantTimeHelper(t *testing.T) {
	for _, v := range scanDir(t, ".", true) {
		t.Error(v)
	}
	// Package webob builds on this one; a signed helper there must call
	// the codecs, not compare MACs itself.
	for _, v := range scanDir(t, filepath.Join("..", "webob"), false) {
		t.Error(v)
	}
}

// The checker itself finds what it must.
func TestMACCheckerFindsNonConstantTimeComparisons(t *testing.T) {
	const src = `package p
func macEqual(a, b []byte) bool { return hmac.Equal(a, b) }
func ok(sig string, want []byte) bool {
	if len(sig) != len(want) || sig == "" { return false }
	return macEqual([]byte(sig), want)
}
func bad1(sig, want []byte) bool { return bytes.Equal(sig, want) }
func bad2(got string, wantMAC []byte) bool { return got == string(wantMAC) }
func bad3(a, b []byte) bool { return subtle.ConstantTimeCompare(a, b) == 1 }
func bad4(a string, b []byte) bool { return hmac.Equal([]byte(a), b) }
func bad5(tag, other string) bool { return strings.EqualFold(tag, other) }
func bad6(a, b []byte) bool { return bytes.Equal(a, b) }
func bad7(s *state, x string) bool { return s.expectedSig != x }
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	got := macCheckViolations(fset, f, true)
	want := []string{":7:", ":8:", ":9:", ":10:", ":11:", ":12:", ":13:"}
	if len(got) != len(want) {
		t.Fatalf("violations:\n%s", strings.Join(got, "\n"))
	}
	for i, w := range want {
		if !strings.Contains(got[i], w) {
			t.Errorf("violation %d = %q; want line %s", i, got[i], w)
		}
	}
	if v := macCheckViolations(fset, f, false); len(v) != 6 {
		t.Errorf("non-strict found %d, want 6:\n%s", len(v), strings.Join(v, "\n"))
	}
}

func TestMACEqualComparesWholeValues(t *testing.T) {
	long := strings.Repeat("a", 100)
	for _, tc := range []struct {
		sig, want string
		eq        bool
	}{
		{"abc", "abc", true},
		{"", "", true},
		{"abc", "abd", false},
		{"abc", "ab", false},
		{"ab", "abc", false},
		{strings.Repeat("x", 88), strings.Repeat("x", 88), true},
		{long, long, false}, // longer than any MAC this package makes
	} {
		if got := macEqual(tc.sig, []byte(tc.want)); got != tc.eq {
			t.Errorf("macEqual(%q, %q) = %v", tc.sig, tc.want, got)
		}
	}
}
