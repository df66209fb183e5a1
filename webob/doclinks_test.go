package webob

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// docPackages are the packages whose doc comments are checked, by
// directory relative to this one.
var docPackages = map[string]string{
	"webob":     ".",
	"headers":   "../headers",
	"negotiate": "../negotiate",
	"cookies":   "../cookies",
	"multipart": "../multipart",
}

// docAllowed are CamelCase words in doc comments that are not identifiers
// of these packages: names from the standard library, other projects and
// protocols. Add to it when a doc comment rightly names something else.
var docAllowed = setOf(
	// the standard library
	"ResponseWriter", "ServeMux", "ServeHTTP", "HandlerFunc", "TextUnmarshaler", "TextMarshaler",
	"ReaderAt", "ReadSeeker", "ReadCloser", "WriterTo", "ReaderFrom", "StringWriter", "ByteWriter",
	"CanonicalHeaderKey", "DefaultMaxHeaderBytes", "StatusText", "FormValue", "ParseForm",
	"PathValue", "NoBody", "GetBody", "ContentLength", "RawQuery", "RequestURI", "RemoteAddr",
	"TransferEncoding", "MaxBytesReader", "MaxBytesError", "ErrBodyReadAfterClose", "ErrNotSupported",
	"ErrUnexpectedEOF", "DetectContentType", "ServeContent", "ServeFile", "FileServer", "TempDir",
	"ReadAll", "NopCloser", "MultiReader", "LimitReader", "SectionReader", "NewRequest", "NewRecorder",
	"ResponseRecorder", "ProxyFix", "DisallowUnknownFields", "UseNumber", "RawMessage", "RawURLEncoding",
	"StdEncoding", "URLEncoding", "EqualFold", "ToLower", "ValidHeaderFieldName", "ValidHeaderFieldValue",
	"IsZero", "UnixMilli", "UnixNano", "TimeFormat", "ParseTime", "QueryUnescape", "PathUnescape",
	"ParseQuery", "ResolveReference", "RoundTrip", "RoundTripper", "DefaultClient", "CloseNotifier",
	"ErrAbortHandler", "ErrUseLastResponse", "NewChunkedWriter", "ReadRequest", "ReadResponse",
	"ParseMediaType", "FormatMediaType", "NewReader", "NextPart", "MultipartReader", "FileHeader",
	"ParseMultipartForm", "MultipartForm", "PostForm", "ErrMessageTooLarge", "OpenFile", "CreateTemp",
	"AllocsPerRun", "ReportAllocs", "NewSigner", "HandleFunc", "StripPrefix", "AddCookie",
	"SetCookie", "StatusCode", "ProtoMajor", "ProtoMinor", "TLS", "ConnectionState", "SplitHostPort",
	"ParseAddr", "ParseAddrPort", "ParsePrefix", "AddrPort", "IsLoopback", "LookupEnv",
	"MarshalJSON", "UnmarshalJSON", "MarshalText", "UnmarshalText", "UnescapedPath", "EscapedPath",
	"RawPath", "JoinPath", "DeadlineExceeded", "WithValue", "WithCancel", "WithTimeout", "NewTimer",
	"CutPrefix", "CutSuffix", "HasPrefix", "HasSuffix", "TrimSpace", "IndexByte", "AppendQuote",
	"FormatInt", "ParseInt", "ParseFloat", "ParseBool", "AppendInt", "NewEncoder", "NewDecoder",
	"MaxInt", "MaxInt64", "SetEscapeHTML", "TempFile", "RemoveAll", "FlushError", "ResponseController",
	"EnableFullDuplex", "SetReadDeadline", "SetWriteDeadline", "Hijacker", "Flusher", "Pusher",
	"LastModified", "ModTime", "ErrMissingFile", "ErrNoCookie", "ParseCookie", "ParseSetCookie",
	"SameSite", "SameSiteDefaultMode", "ErrNotMultipart", "ErrTooLarge", "GOMAXPROCS",
	// other projects, protocols and names
	"WebOb", "WebTest", "JavaScript", "TypeScript", "GitHub", "PHPSESSID", "McKinley", "FastCGI",
	"XMLHttpRequest", "OpenAPI", "MacOS", "IPv4", "IPv6", "UTF8", "BigInt", "ETags", "PyPI",
	"WebSocket", "WebSockets", "OAuth", "NewAuth", "Newauth", "AccessLog", "RequestID",
	"ProxyHeaders", "BasicAuth", "BearerAuth", "URLMap", "FileApp", "DirectoryApp", "MultiDict",
	"GetResponse", "AcceptOffer", "SafeLocation", "CookieProfile", "SignedCookieProfile",
	"EncodeValues", "WebKitFormBoundaryjdSFhcARk8fyGNy6",
	// units, values and placeholders
	"KiB", "MiB", "GiB", "NaN", "ParseX", "SetX", "HasX",
)

func setOf(ss ...string) map[string]bool {
	m := make(map[string]bool, len(ss))
	for _, s := range ss {
		m[s] = true
	}
	return m
}

// docPkg is what one package declares: top-level names, methods by type
// and every method, field and interface method name.
type docPkg struct {
	top     map[string]bool
	methods map[string]map[string]bool
	members map[string]bool
	docs    []docText
}

type docText struct {
	pos  token.Position
	text string
}

func loadDocPkg(t *testing.T, dir string) *docPkg {
	fset := token.NewFileSet()
	p := &docPkg{top: map[string]bool{}, methods: map[string]map[string]bool{}, members: map[string]bool{}}
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	addDoc := func(cg *ast.CommentGroup) {
		if cg != nil {
			p.docs = append(p.docs, docText{fset.Position(cg.Pos()), cg.Text()})
		}
	}
	for _, e := range ents {
		name := e.Name()
		if !strings.HasSuffix(name, ".go") {
			continue
		}
		test := strings.HasSuffix(name, "_test.go")
		f, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasSuffix(f.Name.Name, "_test") {
			continue // external test package: examples only
		}
		if !test {
			addDoc(f.Doc)
		}
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Recv != nil {
					rt := d.Recv.List[0].Type
					if s, ok := rt.(*ast.StarExpr); ok {
						rt = s.X
					}
					if ix, ok := rt.(*ast.IndexExpr); ok {
						rt = ix.X
					}
					if id, ok := rt.(*ast.Ident); ok {
						if p.methods[id.Name] == nil {
							p.methods[id.Name] = map[string]bool{}
						}
						p.methods[id.Name][d.Name.Name] = true
					}
					p.members[d.Name.Name] = true
				} else {
					p.top[d.Name.Name] = true
				}
				if !test {
					addDoc(d.Doc)
				}
			case *ast.GenDecl:
				if !test {
					addDoc(d.Doc)
				}
				for _, s := range d.Specs {
					switch s := s.(type) {
					case *ast.TypeSpec:
						p.top[s.Name.Name] = true
						if !test {
							addDoc(s.Doc)
						}
						var fields *ast.FieldList
						switch tt := s.Type.(type) {
						case *ast.StructType:
							fields = tt.Fields
						case *ast.InterfaceType:
							fields = tt.Methods
						}
						if fields != nil {
							for _, fl := range fields.List {
								for _, n := range fl.Names {
									p.members[n.Name] = true
									if p.methods[s.Name.Name] == nil {
										p.methods[s.Name.Name] = map[string]bool{}
									}
									p.methods[s.Name.Name][n.Name] = true
								}
								if !test {
									addDoc(fl.Doc)
									addDoc(fl.Comment)
								}
							}
						}
					case *ast.ValueSpec:
						for _, n := range s.Names {
							p.top[n.Name] = true
						}
						if !test {
							addDoc(s.Doc)
						}
					}
				}
			}
		}
	}
	return p
}

var (
	// docLink matches [Name], [Name.Member], [pkg.Name] and
	// [pkg.Name.Member] doc links.
	docLink = regexp.MustCompile(`\[\*?([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*){0,2})\]`)
	// docWord matches a possibly qualified CamelCase word with at least
	// two humps, such as SetTextBody, Response.SetTextBody or
	// headers.ParseETag.
	docWord = regexp.MustCompile(`(?:\b([a-z][a-z0-9]*)\.)?\b([A-Z][a-z0-9]+[A-Z][A-Za-z0-9]*)(?:\.([A-Z][A-Za-z0-9]*))?`)
)

// TestDocCommentsNameExistingIdentifiers finds identifiers in the doc
// comments of this module's packages that do not exist any more: doc
// links ([Name]) and CamelCase words that name no declaration, method or
// field of the package (or of the package they are qualified with), nor
// a name in docAllowed. A rename that leaves a doc comment behind fails
// here.
func TestDocCommentsNameExistingIdentifiers(t *testing.T) {
	pkgs := map[string]*docPkg{}
	for name, dir := range docPackages {
		pkgs[name] = loadDocPkg(t, dir)
	}
	exists := func(p *docPkg, name, member string) bool {
		if member != "" {
			if p.methods[name][member] {
				return true
			}
			// Type.Member where Type is an embedded or aliased type: accept
			// any member of that name.
			return p.top[name] && p.members[member]
		}
		return p.top[name] || p.members[name]
	}
	var bad []string
	for pname, p := range pkgs {
		for _, d := range p.docs {
			report := func(what string) {
				bad = append(bad, d.pos.String()+": "+what)
			}
			for _, m := range docLink.FindAllStringSubmatch(d.text, -1) {
				parts := strings.Split(m[1], ".")
				q := p
				if other, ok := pkgs[parts[0]]; ok && len(parts) > 1 {
					q, parts = other, parts[1:]
				} else if parts[0] == strings.ToLower(parts[0]) {
					continue // a standard library or other package
				}
				member := ""
				if len(parts) > 1 {
					member = parts[1]
				}
				if !exists(q, parts[0], member) {
					report("[" + m[1] + "]")
				}
			}
			for _, m := range docWord.FindAllStringSubmatch(d.text, -1) {
				qual, name, member := m[1], m[2], m[3]
				q := p
				if qual != "" {
					other, ok := pkgs[qual]
					if !ok {
						continue // another package's name
					}
					q = other
				}
				if docAllowed[name] && qual == "" {
					continue
				}
				if exists(q, name, "") {
					if member != "" && (q.top[name] && q.methods[name] != nil) && !exists(q, name, member) && !docAllowed[member] {
						report(m[0] + " (no member " + member + ")")
					}
					continue
				}
				// A name of another of our packages, written unqualified
				// (Field, LimitError, ...), is fine.
				found := false
				for oname, o := range pkgs {
					if oname != pname && o.top[name] || o.members[name] {
						found = true
					}
				}
				if !found && !docAllowed[name] {
					report(m[0])
				}
			}
		}
	}
	sort.Strings(bad)
	for _, b := range bad {
		t.Errorf("doc comment names an identifier that does not exist: %s", b)
	}
}
