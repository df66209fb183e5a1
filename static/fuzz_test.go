package static

import (
	"io/fs"
	"strings"
	"testing"
)

// FuzzCheckPath: checkPath never panics, and a path it accepts maps to a
// valid fs.FS name free of every byte and segment it refuses.
func FuzzCheckPath(f *testing.F) {
	for _, s := range []string{"", "/", "/a/b.txt", "/../x", "/a\\b", "/c:/x", "/CON.txt", "/a./b", "/a::$DATA", "//x", "/a/", "/\x00", "/COM¹"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, p string) {
		name, _, err := checkPath(p)
		if err != nil {
			return
		}
		if !fs.ValidPath(name) {
			t.Fatalf("%q -> invalid fs name %q", p, name)
		}
		if strings.ContainsAny(name, "\\:\x00") {
			t.Fatalf("%q -> %q", p, name)
		}
		if name == "." {
			return
		}
		for _, seg := range strings.Split(name, "/") {
			if seg == ".." || isDeviceName(seg) || strings.HasSuffix(seg, ".") || strings.HasSuffix(seg, " ") {
				t.Fatalf("%q -> segment %q", p, seg)
			}
		}
	})
}
