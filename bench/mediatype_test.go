package bench

import (
	"maps"
	"mime"
	"testing"

	"github.com/webob-go/webob/headers"
)

// mediaTypeInputs are the Content-Type values the MediaType benchmarks
// parse, from the commonest to a browser's multipart boundary.
var mediaTypeInputs = []struct{ name, in string }{
	{"plain", "application/json"},
	{"charset", "text/html; charset=utf-8"},
	{"mixedcase", "Text/HTML; Charset=UTF-8"},
	{"boundary", `multipart/form-data; boundary="----WebKitFormBoundary7MA4YWxkTrZu0gW"`},
}

// TestMediaTypeAgreement checks that ours and mime.ParseMediaType read
// the benchmark inputs (and a few more) the same way: the same lower-case
// type/subtype and the same parameters.
func TestMediaTypeAgreement(t *testing.T) {
	inputs := []string{
		`text/plain; x="a\"b"`,
		"text/html;charset=utf-8;",
		"IMAGE/SVG+XML",
	}
	for _, c := range mediaTypeInputs {
		inputs = append(inputs, c.in)
	}
	for _, s := range inputs {
		ours, err1 := headers.ParseMediaType(s)
		typ, params, err2 := mime.ParseMediaType(s)
		if err1 != nil || err2 != nil {
			t.Errorf("%q: ours %v, mime %v", s, err1, err2)
			continue
		}
		got := map[string]string{}
		for _, p := range ours.Params {
			got[p.Name] = p.Value
		}
		if ours.Essence() != typ || !maps.Equal(got, params) {
			t.Errorf("%q: ours %s %v, mime %s %v", s, ours.Essence(), got, typ, params)
		}
	}
	// Where they deliberately differ.
	differ := []struct{ in, why string }{
		// mime accepts a lone token (it shares its parser with
		// Content-Disposition); a media type needs type "/" subtype.
		{"text", "mime accepts a type without a subtype"},
	}
	for _, d := range differ {
		_, errOurs := headers.ParseMediaType(d.in)
		_, _, errMime := mime.ParseMediaType(d.in)
		if errOurs == nil || errMime != nil {
			t.Errorf("%q (%s): ours %v, mime %v", d.in, d.why, errOurs, errMime)
		}
	}
	// mime decodes RFC 2231 parameters (title*=...) into "title"; ours
	// keeps title* raw, as RFC 9110 media-type parameters have no
	// extended form and RFC 8187 leaves decoding to each field.
	ours, _ := headers.ParseMediaType("application/x-stuff; title*=us-ascii'en-us'This%20is")
	_, params, _ := mime.ParseMediaType("application/x-stuff; title*=us-ascii'en-us'This%20is")
	if v, _ := ours.Params.Get("title*"); v != "us-ascii'en-us'This%20is" || params["title"] != "This is" {
		t.Errorf("RFC 2231: ours %v, mime %v", ours.Params, params)
	}
}

func BenchmarkMediaType(b *testing.B) {
	for _, c := range mediaTypeInputs {
		b.Run(c.name+"/webob", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := headers.ParseMediaType(c.in); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(c.name+"/mime", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, _, err := mime.ParseMediaType(c.in); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
