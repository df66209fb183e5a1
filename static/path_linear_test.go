package static

import (
	"strings"
	"testing"
	"time"

	"github.com/webob-go/webob/internal/race"
)

// TestCheckPathLinearTime: 1 MB pathological paths (many segments, many
// dots, many backslash-free separators, a long device-like name) are
// judged within a generous bound.
func TestCheckPathLinearTime(t *testing.T) {
	const n = 1 << 20
	for name, p := range map[string]string{
		"slashes":   strings.Repeat("/", n),
		"segments":  strings.Repeat("/a", n/2),
		"dots":      "/" + strings.Repeat(".", n),
		"dot dirs":  strings.Repeat("/.a", n/3),
		"long name": "/" + strings.Repeat("COM1", n/4),
		"colons":    "/" + strings.Repeat("a:", n/2),
	} {
		start := time.Now()
		checkPath(p)
		if d := time.Since(start); d > race.TimeBound {
			t.Errorf("%s: %v", name, d)
		}
	}
}

func BenchmarkCheckPath(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		checkPath("/assets/js/app.3f9a1c.js")
	}
}
