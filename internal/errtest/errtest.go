// Package errtest checks, for the tests of every package, that the
// package's exported errors read as one line under its prefix.
package errtest

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"strings"
	"testing"
)

// CheckExported checks every error of errs: its message is one line (no
// CR or LF) and starts with prefix ("headers: "). It also parses the
// non-test Go files of the current directory (the package under test)
// and fails for any exported package-level variable named Err... and any
// exported type with an Error method that errs does not hold under that
// name, so a new error cannot be left out of the check. For a type, errs
// holds a sample value.
func CheckExported(t *testing.T, prefix string, errs map[string]error) {
	t.Helper()
	for name, err := range errs {
		if err == nil {
			t.Errorf("%s: nil", name)
			continue
		}
		msg := err.Error()
		if strings.ContainsAny(msg, "\r\n") {
			t.Errorf("%s: message of several lines: %q", name, msg)
		}
		if !strings.HasPrefix(msg, prefix) {
			t.Errorf("%s: message %q does not start with %q", name, msg, prefix)
		}
	}
	for _, name := range exportedErrors(t) {
		if _, ok := errs[name]; !ok {
			t.Errorf("exported error %s is not checked", name)
		}
	}
}

// exportedErrors returns the names of the exported Err... variables and
// of the exported types with an Error method declared in the current
// directory.
func exportedErrors(t *testing.T) []string {
	t.Helper()
	entries, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	var names []string
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".go") || strings.HasSuffix(e.Name(), "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, e.Name(), nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.GenDecl:
				if d.Tok != token.VAR {
					continue
				}
				for _, s := range d.Specs {
					for _, n := range s.(*ast.ValueSpec).Names {
						if n.IsExported() && strings.HasPrefix(n.Name, "Err") {
							names = append(names, n.Name)
						}
					}
				}
			case *ast.FuncDecl:
				if d.Recv == nil || d.Name.Name != "Error" || len(d.Recv.List) != 1 {
					continue
				}
				typ := d.Recv.List[0].Type
				if st, ok := typ.(*ast.StarExpr); ok {
					typ = st.X
				}
				if id, ok := typ.(*ast.Ident); ok && id.IsExported() {
					names = append(names, id.Name)
				}
			}
		}
	}
	return names
}
