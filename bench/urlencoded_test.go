package bench

import (
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/webob-go/webob/multipart"
)

type urlencodedCase struct{ name, in string }

func urlencodedCases() []urlencodedCase {
	var b strings.Builder
	for i := range 1000 {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString("param")
		b.WriteString(strconv.Itoa(i))
		b.WriteByte('=')
		if i%4 == 0 {
			b.WriteString("caf%C3%A9+au+lait+") // every fourth value needs unescaping
		} else {
			b.WriteString("value")
		}
		b.WriteString(strconv.Itoa(i * 31))
	}
	return []urlencodedCase{
		{"small", "q=golang+multipart&page=2&sort=desc&lang=en-US&utm_source=news%20letter"},
		{"params1000", b.String()},
	}
}

// TestURLEncodedAgreement checks that ours and url.ParseQuery give the
// same pairs on the benchmark inputs, and documents where they differ.
func TestURLEncodedAgreement(t *testing.T) {
	for _, c := range urlencodedCases() {
		ours, err := multipart.ParseURLEncoded(c.in, nil)
		if err != nil {
			t.Fatal(err)
		}
		theirs, err := url.ParseQuery(c.in)
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]int{}
		for _, f := range ours {
			vs := theirs[f.Name]
			if i := seen[f.Name]; i >= len(vs) || vs[i] != f.Value {
				t.Errorf("%s: %q=%q not in net/url's %q", c.name, f.Name, f.Value, vs)
			}
			seen[f.Name]++
		}
		n := 0
		for _, vs := range theirs {
			n += len(vs)
		}
		if n != len(ours) {
			t.Errorf("%s: %d pairs, net/url %d", c.name, len(ours), n)
		}
	}
	// Where they differ, by design: net/url rejects a ";" in a query (it
	// used to split on it) and drops the pair; ours keeps it in the value,
	// as the URL Standard says.
	if q, err := url.ParseQuery("a=1;b=2&c=3"); err == nil || q.Has("a") {
		t.Errorf("net/url now accepts ';': %v %v", q, err)
	}
	if fs, err := multipart.ParseURLEncoded("a=1;b=2&c=3", nil); err != nil || len(fs) != 2 || fs[0].Value != "1;b=2" {
		t.Errorf("ours on ';': %q %v", fs, err)
	}
	// Both stop at 10,000 pairs, but net/url counts "&" separators, so
	// 10,000 pairs with a trailing "&" (or empty pairs) already fail there;
	// ours counts the non-empty pairs.
	q := strings.Repeat("a=1&", 10000)
	if fs, err := multipart.ParseURLEncoded(q, nil); err != nil || len(fs) != 10000 {
		t.Errorf("ours on 10,000 pairs: %d %v", len(fs), err)
	}
	if _, err := url.ParseQuery(q); err == nil {
		t.Log("net/url now counts non-empty pairs")
	}
	if _, err := multipart.ParseURLEncoded(q+"a=1", nil); err == nil {
		t.Error("no limit on 10,001 pairs")
	}
}

func BenchmarkURLEncoded(b *testing.B) {
	for _, c := range urlencodedCases() {
		b.Run(c.name+"/webob", func(b *testing.B) {
			b.SetBytes(int64(len(c.in)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := multipart.ParseURLEncoded(c.in, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(c.name+"/nethttp", func(b *testing.B) {
			b.SetBytes(int64(len(c.in)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := url.ParseQuery(c.in); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
