package webtest

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

// page serves html at every GET and echoes other requests.
func page(html string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet && r.URL.RawQuery == "" {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			io.WriteString(w, html)
			return
		}
		body, _ := io.ReadAll(r.Body)
		w.Header().Set("Content-Type", "text/plain")
		io.WriteString(w, r.Method+" "+r.URL.RequestURI()+"\n"+r.Header.Get("Content-Type")+"\n"+string(body))
	})
}

const browserForm = `<!doctype html><title>f</title>
<form id="f" action="/save" method="post">
  <input name="text" value="a b">
  <input name="nameless-value">
  <input value="no name">
  <input name="dis" value="x" disabled>
  <fieldset disabled><legend><input name="inlegend" value="L"></legend><input name="infs" value="y"></fieldset>
  <input type="checkbox" name="cb" value="one" checked>
  <input type="checkbox" name="cb" value="two">
  <input type="checkbox" name="plain" checked>
  <input type="radio" name="r" value="a">
  <input type="radio" name="r" value="b" checked>
  <select name="single"><option disabled>skip<option>First<option value="2">Second</select>
  <select name="multi" multiple><option value="m1" selected>m1<option value="m2" selected disabled>m2<option value="m3">m3</select>
  <select name="last"><option value="p" selected>p<option value="q" selected>q</select>
  <textarea name="ta">
line1
line2</textarea>
  <input type="hidden" name="_charset_">
  <input type="reset" name="reset" value="r"><button type="button" name="bb">b</button>
  <input type="submit" name="go" value="Go">
  <button name="alt" value="Alt" formaction="/alt">Alt</button>
</form>
<form name="second" action="search" method="get"><input name="q" value="x&y"></form>
<form id="up" method="post" enctype="multipart/form-data" action="/up"><input type="file" name="doc"><input name="t" value="v"></form>
<form id="empty" method="post" enctype="multipart/form-data" action="/up"><input type="file" name="doc"></form>
<form id="plain" method="post" enctype="text/plain" action="/tp"><input name="a" value="1 2"></form>
<input form="f" name="outside" value="o">
<a href="/one">One link</a> <a href="/two?x=1">Second link</a> <a href="/two?x=1">Second link</a>
`

func TestFormSubmitSendsWhatABrowserSends(t *testing.T) {
	app := New(t, page(browserForm))
	r := app.Get("/page/")
	got := r.Form("f").Submit().Text()
	want := "POST /save\napplication/x-www-form-urlencoded\n" +
		"text=a+b&nameless-value=&inlegend=L&cb=one&plain=on&r=b&single=First&multi=m1&last=q" +
		"&ta=line1%0D%0Aline2&_charset_=UTF-8&go=Go&outside=o"
	if got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
}

func TestFormSetSelectCheckThenSubmitButton(t *testing.T) {
	app := New(t, page(browserForm))
	f := app.Get("/").Form(0)
	f.Set("text", "new*value~").Set("r", "a").Select("single", "2").Select("multi", "m1", "m3").
		Check("cb", "two").Uncheck("cb", "one").Uncheck("plain")
	if f.Value("r") != "a" || f.Value("single") != "2" {
		t.Fatal(f.Value("r"), f.Value("single"))
	}
	got := f.Submit("alt").Text()
	want := "POST /alt\napplication/x-www-form-urlencoded\n" +
		"text=new*value%7E&nameless-value=&inlegend=L&cb=two&r=a&single=2&multi=m1&multi=m3&last=q" +
		"&ta=line1%0D%0Aline2&_charset_=UTF-8&alt=Alt&outside=o"
	if got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
}

func TestFormGetReplacesQueryOfRelativeAction(t *testing.T) {
	app := New(t, page(browserForm))
	app.Get("/dir/page").Form("second").Submit().MustContain("GET /dir/search?q=x%26y\n")
}

func TestFormMultipartUpload(t *testing.T) {
	app := New(t, page(browserForm))
	r := app.Get("/").Form("up").Upload("doc", "a.txt", "text/plain", []byte("hello file")).Submit()
	r.MustContain("POST /up\nmultipart/form-data; boundary=", `name="doc"; filename="a.txt"`, "Content-Type: text/plain",
		"hello file", `name="t"`)
	if strings.Index(r.Text(), `name="doc"`) > strings.Index(r.Text(), `name="t"`) {
		t.Fatal("fields out of document order")
	}
	// No file chosen: an empty part with filename "" and octet-stream.
	app.Get("/").Form("empty").Submit().MustContain(`filename=""`, "application/octet-stream")
}

func TestFormTextPlain(t *testing.T) {
	app := New(t, page(browserForm))
	app.Get("/").Form("plain").Submit().MustContain("POST /tp\ntext/plain\na=1 2\r\n")
}

func TestFormMistakesFailTheTest(t *testing.T) {
	ft := newFake(t)
	app := New(ft, page(browserForm))
	r := app.Get("/")
	f := r.Form("f")
	f.Set("nope", "x")
	f.Set("cb", "x")
	f.Select("single", "nope")
	f.Select("single", "2", "First")
	f.Set("r", "zzz")
	f.Check("cb", "three")
	f.Upload("text", "a", "", nil)
	f.Submit("no-such-button")
	if r.Form("absent").Set("a", "b").Check("c").Submit() != r || r.Form(99).Value("text") != "" {
		t.Fatal("missing form submitted")
	}
	if got := len(ft.failures()); got != 10 {
		t.Fatalf("%d failures: %q", got, ft.failures())
	}
}

func TestDisabledDefaultButtonBlocksImplicitSubmission(t *testing.T) {
	ft := newFake(t)
	app := New(ft, page(`<form method=post><input name=a><input type=submit disabled><input type=submit name=b></form>`))
	r := app.Get("/")
	if got := r.Form(0).Submit(); got != r {
		t.Fatal("submitted")
	}
	if f := ft.failures(); len(f) != 1 || !strings.Contains(f[0], "disabled") {
		t.Fatalf("%q", f)
	}
	app.Get("/").Form(0).Submit("b").MustContain("a=&b=Submit")
}

func TestImageButtonSendsCoordinates(t *testing.T) {
	app := New(t, page(`<form method=post><input name=a value=1><input type=image name=pic src=x.png></form>`))
	app.Get("/").Form(0).Submit().MustContain("a=1&pic.x=0&pic.y=0")
}

func TestBaseHrefResolvesActionsAndLinks(t *testing.T) {
	app := New(t, page(`<base href="/base/"><form method=post action="act"></form><a href="l">L</a>`))
	r := app.Get("/x/y")
	r.Form(0).Submit().MustContain("POST /base/act")
	r.Click("L", Status(200)).MustContain("<base") // GET without query: the page
	if r.Click("L").URL().Path != "/base/l" {
		t.Fatal("link not resolved against base")
	}
}

func TestClick(t *testing.T) {
	ft := newFake(t)
	app := New(ft, page(browserForm))
	r := app.Get("/")
	if got := r.Click("One").URL().Path; got != "/one" { // substring match
		t.Fatal(got)
	}
	if got := r.Click("Second link").URL().RawQuery; got != "x=1" { // two links, same target
		t.Fatal(got)
	}
	if got := r.ClickHref(`^/two`).URL().Path; got != "/two" {
		t.Fatal(got)
	}
	if len(ft.failures()) != 0 {
		t.Fatalf("%q", ft.failures())
	}
	r.Click("link")     // several targets
	r.Click("absent")   // none
	r.ClickHref("(")    // bad pattern
	r.ClickHref("none") // none
	if got := len(ft.failures()); got != 4 {
		t.Fatalf("%q", ft.failures())
	}
}

func TestFormSetAtRepeatedNames(t *testing.T) {
	ft := newFake(t)
	app := New(ft, page(`<form method=post><input name=tag value=a><input type=checkbox name=tag value=c checked><input name=tag value=b></form>`))
	f := app.Get("/").Form(0)
	f.SetAt("tag", 1, "B").SetAt("tag", 2, "x")
	f.Submit().MustContain("tag=a&tag=c&tag=B")
	if len(ft.failures()) != 1 {
		t.Fatalf("%q", ft.failures())
	}
}

func TestHeadBodyDroppedAsByAServer(t *testing.T) {
	app := New(t, page(browserForm), WithLint("body-not-allowed"))
	if r := app.Head("/"); len(r.Bytes()) != 0 || r.Code() != 200 {
		t.Fatal(len(r.Bytes()))
	}
}
