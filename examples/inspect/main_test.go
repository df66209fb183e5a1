package main

import (
	"os"
	"strings"
	"testing"
)

func TestInspect(t *testing.T) {
	f, err := os.Open("testdata/request.http")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out strings.Builder
	if err := inspect(&out, f); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"GET /items/42?x=1 HTTP/1.1",
		`If-None-Match: 2 entity tag(s): W/"v1", "v2"`,
		"Range: 2 range(s): bytes=0-99,-100",
		`Authorization: Basic user="Aladdin" password=(hidden)`,
		"Cache-Control: directives: no-cache=\"Set-Cookie\", max-age=0",
		"If-Match: INVALID (headers: invalid entity tag)",
		"If-Modified-Since: 1994-11-06 08:49:37 +0000 UTC",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	if err := inspect(&out, strings.NewReader("garbage")); err == nil {
		t.Error("garbage accepted")
	}
}
