package examples

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

// The map for WebOb users: its Go names must exist in this module, so a
// rename that forgets the document fails here.
const comingFromWebOb = "../docs/coming-from-webob.md"

// docPackages are the packages whose names the documents may cite, as
// directories relative to this one.
var docPackages = map[string]string{
	"webob":      "../webob",
	"headers":    "../headers",
	"negotiate":  "../negotiate",
	"cookies":    "../cookies",
	"multipart":  "../multipart",
	"middleware": "../middleware",
	"static":     "../static",
	"webtest":    "../webtest",
	"sessions":   "../sessions",
	"compat":     "../compat",
}

// pkgAPI is the exported surface of one package, read from its source.
type pkgAPI struct {
	idents  map[string]bool            // top-level funcs, types, vars, consts
	members map[string]map[string]bool // type -> methods, fields, interface methods
	methods map[string]map[string]bool // type -> methods and interface methods only
	aliases map[string][2]string       // type -> {package, type} of an alias to another package
}

// loadAPI parses the non-test Go files of every package in docPackages.
func loadAPI(t *testing.T) map[string]*pkgAPI {
	t.Helper()
	apis := make(map[string]*pkgAPI)
	fset := token.NewFileSet()
	for name, dir := range docPackages {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		api := &pkgAPI{
			idents:  make(map[string]bool),
			members: make(map[string]map[string]bool),
			methods: make(map[string]map[string]bool),
			aliases: make(map[string][2]string),
		}
		for _, fn := range files {
			if strings.HasSuffix(fn, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(fset, fn, nil, parser.SkipObjectResolution)
			if err != nil {
				t.Fatal(err)
			}
			if f.Name.Name != name {
				continue
			}
			api.addFile(f)
		}
		if len(api.idents) == 0 {
			t.Fatalf("package %s in %s: no exported names found", name, dir)
		}
		apis[name] = api
	}
	return apis
}

func (api *pkgAPI) member(typ string) map[string]bool {
	m := api.members[typ]
	if m == nil {
		m = make(map[string]bool)
		api.members[typ] = m
	}
	return m
}

func (api *pkgAPI) addMethod(typ, name string) {
	api.member(typ)[name] = true
	m := api.methods[typ]
	if m == nil {
		m = make(map[string]bool)
		api.methods[typ] = m
	}
	m[name] = true
}

func (api *pkgAPI) addFile(f *ast.File) {
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Recv == nil {
				api.idents[d.Name.Name] = true
				continue
			}
			if recv := recvTypeName(d.Recv.List[0].Type); recv != "" {
				api.addMethod(recv, d.Name.Name)
			}
		case *ast.GenDecl:
			for _, spec := range d.Specs {
				switch s := spec.(type) {
				case *ast.ValueSpec:
					for _, n := range s.Names {
						api.idents[n.Name] = true
					}
				case *ast.TypeSpec:
					api.idents[s.Name.Name] = true
					api.addType(s)
				}
			}
		}
	}
}

func (api *pkgAPI) addType(s *ast.TypeSpec) {
	m := api.member(s.Name.Name)
	switch tt := s.Type.(type) {
	case *ast.StructType:
		for _, fld := range tt.Fields.List {
			if len(fld.Names) == 0 { // embedded: named after its type
				if n := recvTypeName(fld.Type); n != "" {
					m[n] = true
				}
			}
			for _, n := range fld.Names {
				m[n.Name] = true
			}
		}
	case *ast.InterfaceType:
		for _, fld := range tt.Methods.List {
			for _, n := range fld.Names {
				api.addMethod(s.Name.Name, n.Name)
			}
		}
	case *ast.SelectorExpr:
		if s.Assign.IsValid() {
			if pkg, ok := tt.X.(*ast.Ident); ok {
				api.aliases[s.Name.Name] = [2]string{pkg.Name, tt.Sel.Name}
			}
		}
	}
}

// recvTypeName returns the type name of a receiver or embedded field
// expression: T, *T, T[P], *T[P] or pkg.T.
func recvTypeName(e ast.Expr) string {
	for {
		switch x := e.(type) {
		case *ast.StarExpr:
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		case *ast.IndexListExpr:
			e = x.X
		case *ast.SelectorExpr:
			return x.Sel.Name
		case *ast.Ident:
			return x.Name
		default:
			return ""
		}
	}
}

// hasMember reports whether pkg.typ has a method (or, unless onlyMethods,
// a field) named name, following an alias into another package.
func hasMember(apis map[string]*pkgAPI, pkg, typ, name string, onlyMethods bool) bool {
	for range 4 {
		api := apis[pkg]
		if api == nil {
			return false
		}
		if api.methods[typ][name] || (!onlyMethods && api.members[typ][name]) {
			return true
		}
		to, ok := api.aliases[typ]
		if !ok {
			return false
		}
		pkg, typ = to[0], to[1]
	}
	return false
}

var (
	// (*pkg.Type).Member
	methodExprRe = regexp.MustCompile(`^\(\*([a-z]+)\.([A-Za-z_]\w*)\)\.([A-Za-z_]\w*)`)
	// pkg.Name or pkg.Type.Member
	qualifiedRe = regexp.MustCompile(`^([a-z]+)\.([A-Za-z_]\w*)(?:\.([A-Za-z_]\w*))?`)
	codeSpanRe  = regexp.MustCompile("`([^`]+)`")
)

// checkGoName reports "" when span, a code span of the document, names
// something that exists or is not a name of this module's packages, and
// otherwise what is missing. Only the leading name is checked: in
// `webob.Text(200, "x")` it is webob.Text.
func checkGoName(apis map[string]*pkgAPI, span string) (checked bool, missing string) {
	span = strings.TrimSpace(span)
	if m := methodExprRe.FindStringSubmatch(span); m != nil {
		if _, ours := apis[m[1]]; !ours {
			return false, ""
		}
		if !apis[m[1]].idents[m[2]] {
			return true, m[1] + "." + m[2]
		}
		if !hasMember(apis, m[1], m[2], m[3], true) { // a method expression: no fields
			return true, "method (*" + m[1] + "." + m[2] + ")." + m[3]
		}
		return true, ""
	}
	m := qualifiedRe.FindStringSubmatch(span)
	if m == nil {
		return false, ""
	}
	api, ours := apis[m[1]]
	if !ours {
		return false, ""
	}
	if !api.idents[m[2]] {
		return true, m[1] + "." + m[2]
	}
	if m[3] != "" && !hasMember(apis, m[1], m[2], m[3], false) {
		return true, m[1] + "." + m[2] + "." + m[3]
	}
	return true, ""
}

// tableRow is one data row of a Markdown table.
type tableRow struct {
	line  int
	cells []string
}

// tableRows returns the data rows of every table in md (header and
// delimiter rows left out).
func tableRows(md string) []tableRow {
	var rows []tableRow
	inTable := false
	for i, line := range strings.Split(md, "\n") {
		line = strings.TrimSpace(line)
		if !strings.HasPrefix(line, "|") {
			inTable = false
			continue
		}
		if !inTable { // the header row
			inTable = true
			continue
		}
		cells := splitRow(line)
		if isDelimiterRow(cells) {
			continue
		}
		rows = append(rows, tableRow{line: i + 1, cells: cells})
	}
	return rows
}

// splitRow splits a table row at the pipes outside code spans.
func splitRow(line string) []string {
	line = strings.TrimPrefix(strings.TrimSuffix(line, "|"), "|")
	var cells []string
	inCode := false
	start := 0
	for i := 0; i < len(line); i++ {
		switch line[i] {
		case '`':
			inCode = !inCode
		case '|':
			if !inCode {
				cells = append(cells, strings.TrimSpace(line[start:i]))
				start = i + 1
			}
		}
	}
	return append(cells, strings.TrimSpace(line[start:]))
}

func isDelimiterRow(cells []string) bool {
	for _, c := range cells {
		if strings.Trim(c, "-: ") != "" {
			return false
		}
	}
	return true
}

// TestComingFromWebObGoNamesExist checks that every package-qualified Go
// name in the Go and Notes columns of docs/coming-from-webob.md exists:
// `webob.Blank`, `webob.Response.Status`, `(*webob.Request).Accept`,
// `headers.CacheControl.MaxAge`, and that the map has enough rows.
func TestComingFromWebObGoNamesExist(t *testing.T) {
	md, err := os.ReadFile(comingFromWebOb)
	if err != nil {
		t.Fatal(err)
	}
	apis := loadAPI(t)
	rows := tableRows(string(md))
	if len(rows) < 120 {
		t.Errorf("%s: %d table rows, want at least 120 (one per WebOb name)", comingFromWebOb, len(rows))
	}
	checked := 0
	for _, r := range rows {
		if len(r.cells) != 3 {
			t.Errorf("%s:%d: %d cells, want 3 (WebOb | Go | Notes)", comingFromWebOb, r.line, len(r.cells))
			continue
		}
		goCell := r.cells[1]
		if goCell == "" {
			t.Errorf("%s:%d: empty Go column for %s", comingFromWebOb, r.line, r.cells[0])
		}
		if !strings.HasPrefix(goCell, "none") && !codeSpanRe.MatchString(goCell) {
			t.Errorf("%s:%d: Go column %q is neither a `name` nor \"none\"", comingFromWebOb, r.line, goCell)
		}
		if strings.HasPrefix(goCell, "none") && r.cells[2] == "" {
			t.Errorf("%s:%d: \"none\" for %s without a reason or an idiom", comingFromWebOb, r.line, r.cells[0])
		}
		// The first column holds WebOb's names; the others ours.
		for _, cell := range r.cells[1:] {
			for _, m := range codeSpanRe.FindAllStringSubmatch(cell, -1) {
				ok, missing := checkGoName(apis, m[1])
				if ok {
					checked++
				}
				if missing != "" {
					t.Errorf("%s:%d: `%s`: %s does not exist", comingFromWebOb, r.line, m[1], missing)
				}
			}
		}
	}
	t.Logf("%d rows, %d Go names checked", len(rows), checked)
	if checked < 120 {
		t.Errorf("only %d Go names checked; the parser of the table may be broken", checked)
	}
}

// TestCheckGoNameRefusesMissingNames keeps the checker itself honest.
func TestCheckGoNameRefusesMissingNames(t *testing.T) {
	apis := loadAPI(t)
	for _, tc := range []struct {
		span    string
		checked bool
		missing bool
	}{
		{"(*webob.Request).Accept", true, false},
		{"webob.Request.Accept", true, false},
		{"webob.Response.Status", true, false},           // a field
		{"webob.Text(200, \"hi\")", true, false},         // a call
		{"webob.Field.Name", true, false},                // alias of multipart.Field
		{"headers.ParseETags", true, false},              // a func
		{"negotiate.Valid", true, false},                 // a const
		{"cookies.Codec.Encode", true, false},            // an interface method
		{"(*webob.Request).NoSuchMethod", true, true},    // missing method
		{"(*webob.HTTPError).Detail", true, true},        // a field is no method
		{"webob.NoSuchThing", true, true},                // missing name
		{"headers.CacheControl.NoSuchField", true, true}, // missing member
		{"(*webob.NoSuchType).Accept", true, true},       // missing type
		{"http.Handler", false, false},                   // not ours
		{"req.HTTP()", false, false},                     // not package-qualified
	} {
		checked, missing := checkGoName(apis, tc.span)
		if checked != tc.checked || (missing != "") != tc.missing {
			t.Errorf("checkGoName(%q) = %v, %q; want checked %v, missing %v", tc.span, checked, missing, tc.checked, tc.missing)
		}
	}
}

// TestComingFromWebObLinksResolve checks that the document's links to
// differences-from-webob.md name a heading that exists there, and that
// the two documents and README link to each other.
func TestComingFromWebObLinksResolve(t *testing.T) {
	md, err := os.ReadFile(comingFromWebOb)
	if err != nil {
		t.Fatal(err)
	}
	diff, err := os.ReadFile("../docs/differences-from-webob.md")
	if err != nil {
		t.Fatal(err)
	}
	anchors := headingAnchors(string(diff))
	linkRe := regexp.MustCompile(`\]\(differences-from-webob\.md#([^)]+)\)`)
	links := linkRe.FindAllStringSubmatch(string(md), -1)
	if len(links) == 0 {
		t.Fatal("no links to differences-from-webob.md sections")
	}
	for _, l := range links {
		if !anchors[l[1]] {
			t.Errorf("%s links to differences-from-webob.md#%s, which has no such heading", comingFromWebOb, l[1])
		}
	}
	own := headingAnchors(string(md))
	for _, l := range regexp.MustCompile(`\]\(#([^)]+)\)`).FindAllStringSubmatch(string(md), -1) {
		if !own[l[1]] {
			t.Errorf("%s links to #%s, which has no such heading", comingFromWebOb, l[1])
		}
	}
	if !strings.Contains(string(diff), "(coming-from-webob.md)") {
		t.Error("docs/differences-from-webob.md does not link to coming-from-webob.md")
	}
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(readme), "(docs/coming-from-webob.md)") {
		t.Error("README.md does not link to docs/coming-from-webob.md")
	}
}

// headingAnchors returns the anchors GitHub gives the headings of md:
// lower case, punctuation other than '-' and '_' removed, spaces made '-',
// and "-1", "-2"... after repeats.
func headingAnchors(md string) map[string]bool {
	anchors := make(map[string]bool)
	seen := make(map[string]int)
	inFence := false
	for _, line := range strings.Split(md, "\n") {
		if strings.HasPrefix(line, "```") {
			inFence = !inFence
		}
		if inFence || !strings.HasPrefix(line, "#") {
			continue
		}
		text := strings.TrimSpace(strings.TrimLeft(line, "#"))
		var b strings.Builder
		for _, r := range strings.ToLower(text) {
			switch {
			case r == ' ':
				b.WriteByte('-')
			case r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r):
				b.WriteRune(r)
			}
		}
		a := b.String()
		if n := seen[a]; n > 0 {
			seen[a]++
			a += "-" + strconv.Itoa(n)
		} else {
			seen[a] = 1
		}
		anchors[a] = true
	}
	return anchors
}
