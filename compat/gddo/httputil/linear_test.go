package httputil_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/webob-go/webob/compat/gddo/httputil"
	"github.com/webob-go/webob/internal/race"
)

// TestNegotiateLinearTime: 1 MB pathological Accept and Accept-Encoding
// lines (too long to be cached) are negotiated within a generous bound.
func TestNegotiateLinearTime(t *testing.T) {
	const n = 1 << 20
	offers := []string{"application/json", "text/html;level=1", "image/png"}
	for name, s := range map[string]string{
		"commas":          strings.Repeat(",", n),
		"ranges":          strings.Repeat("text/html;q=0.5,", n/16),
		"params":          "text/html" + strings.Repeat(";a=b", n/4),
		"ranges w params": strings.Repeat("text/html;level=1,", n/18),
		"open quote":      `text/html;a="` + strings.Repeat(`\"`, n/2),
		"invalid q":       strings.Repeat("a/b;q=9,", n/8),
		"semicolons":      "a/b" + strings.Repeat(";", n),
		"slashes":         strings.Repeat("/", n),
		"spaces":          "a/b" + strings.Repeat(" ", n) + ";q=1",
	} {
		r := &http.Request{Header: http.Header{"Accept": {s}, "Accept-Encoding": {s}}}
		start := time.Now()
		httputil.NegotiateContentType(r, offers, "")
		httputil.NegotiateContentEncoding(r, []string{"gzip", "br"})
		if d := time.Since(start); d > race.TimeBound {
			t.Errorf("%s: %v", name, d)
		}
	}
}
