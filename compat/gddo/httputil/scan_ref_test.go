package httputil

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/webob-go/webob/compat/gddo/internal/qlist"
)

// refBestContentType and refBestEncoding are the scans as they were before
// the fused scanner (qlist.Simple per element, qlist.Next for the rest):
// the fused scanner must answer as they do on every input.

func refBestContentType(lines, offers []string) int {
	var xbuf [maxStackOffers]offerIndex
	var sbuf [maxStackOffers]score
	var xs []offerIndex
	var scores []score
	if len(offers) <= maxStackOffers {
		xs, scores = xbuf[:len(offers)], sbuf[:len(offers)]
	} else {
		xs, scores = make([]offerIndex, len(offers)), make([]score, len(offers))
	}
	for k, s := range offers {
		xs[k] = indexOffer(s)
	}
	for _, s := range lines {
		for i := 0; ; {
			v, slash, slashes2, q, next, done, ok := qlist.Simple(s, i)
			if done {
				break
			}
			if !ok {
				// Parameters, extensions or a syntax error: the
				// general scanner.
				e, n, _ := qlist.Next(s, i)
				i = n
				if !e.Valid {
					continue
				}
				typ, sub, ok := splitRange(e.Value)
				if !ok {
					continue
				}
				for k := range offers {
					o := xs[k].split(offers[k])
					if spec := matchRange(typ, sub, &e, &o); spec > int(scores[k].spec) {
						scores[k] = score{spec: int8(spec), q: int16(e.Q)}
					}
				}
				continue
			}
			i = next
			if slash <= 0 || slash == len(v)-1 || slashes2 {
				continue // not type "/" subtype
			}
			typ, sub := v[:slash], v[slash+1:]
			if typ == "*" {
				if sub != "*" {
					continue
				}
				for k := range scores {
					if scores[k].spec < specAny {
						scores[k] = score{spec: specAny, q: int16(q)}
					}
				}
				continue
			}
			for k, off := range offers {
				x := xs[k]
				if x.slash < 0 || !eqFold(typ, off[:x.slash]) {
					continue
				}
				spec := int8(specType)
				if sub != "*" {
					if !eqFold(sub, off[x.slash+1:x.end]) {
						continue
					}
					spec = specSubtype
				}
				if spec > scores[k].spec {
					scores[k] = score{spec: spec, q: int16(q)}
				}
			}
		}
	}
	bi := -1
	var b score
	for k, sc := range scores {
		if sc.q > b.q || (sc.q == b.q && sc.q > 0 && sc.spec > b.spec) {
			bi, b = k, sc
		}
	}
	return bi
}

func refBestEncoding(lines, offers []string) int {
	var qbuf [maxStackOffers]int16
	var qs []int16
	if len(offers) <= maxStackOffers {
		qs = qbuf[:len(offers)]
	} else {
		qs = make([]int16, len(offers))
	}
	for k := range qs {
		qs[k] = -1 // not named
	}
	star, identity := -1, -1
	for _, s := range lines {
		for i := 0; ; {
			v, _, _, q, next, done, ok := qlist.Simple(s, i)
			if done {
				break
			}
			if !ok {
				e, n, _ := qlist.Next(s, i)
				// Accept-Encoding takes no parameter but the weight
				// (RFC 9110 §12.5.3).
				if !e.Valid || e.NParams != 0 {
					i = n
					continue
				}
				v, q, next = e.Value, e.Q, n
			}
			i = next
			switch {
			case v == "*":
				if star < 0 {
					star = q
				}
				continue
			case identity < 0 && eqFold(v, "identity"):
				identity = q
			}
			for k, off := range offers {
				if qs[k] < 0 && eqFold(v, off) {
					qs[k] = int16(q)
				}
			}
		}
	}
	return rankEncodings(offers, qs, star, identity)
}

// scanPieces are the fragments random Accept and Accept-Encoding lines are
// built from: ranges and codings in several cases, weights valid and not,
// parameters, quoted strings, extensions and stray bytes.
var scanPieces = []string{
	"text/html", "TEXT/Html", "text/*", "*/*", "*", "*/html", "application/json", "application/*",
	"image/png", "a/b/c", "/x", "x/", "text", "gzip", "GZIP", "br", "identity", "Identity", "deflate",
	";q=0.5", ";q=0", ";Q=1", ";q=1.000", ";q=1.5", ";q=.5", ";q=0.0001", `;q="0.5"`, ";q=", " ;q=0.9",
	"; q=0.3", ";level=1", ";LEVEL=1", ";level=2", `;level="1"`, ";v=b3", ";;", ";", ";q=0.5;ext",
	";q=0.5;ext=1", `;a="x,y"`, `;a="\"`, ",", ", ", " ", "\t", "@", "\"", "\\", "=", "/", "text/html;level=1",
}

var scanOffers = []string{
	"text/html", "application/json", "text/html;level=1", "image/png", "TEXT/HTML", "text", "",
	"text/html; level=1", "gzip", "br", "identity", "*/*", "text/html;level=1;x=y",
}

func randomLine(rng *rand.Rand) string {
	var b strings.Builder
	for range rng.IntN(12) {
		b.WriteString(scanPieces[rng.IntN(len(scanPieces))])
		if rng.IntN(3) == 0 {
			b.WriteString(", ")
		}
	}
	return b.String()
}

func offersFromBits(bits uint32) []string {
	var offers []string
	for k, o := range scanOffers {
		if bits&(1<<k) != 0 {
			offers = append(offers, o)
		}
	}
	if bits&(1<<20) != 0 { // the same offers again, beyond the stack buffer
		for len(offers) > 0 && len(offers) <= maxStackOffers {
			offers = append(offers, offers...)
		}
	}
	return offers
}

func checkScanAgrees(t *testing.T, lines, offers []string) {
	t.Helper()
	if got, want := bestContentType(lines, offers), refBestContentType(lines, offers); got != want {
		t.Fatalf("bestContentType(%q, %q) = %d, the reference scan says %d", lines, offers, got, want)
	}
	if got, want := bestEncoding(lines, offers), refBestEncoding(lines, offers); got != want {
		t.Fatalf("bestEncoding(%q, %q) = %d, the reference scan says %d", lines, offers, got, want)
	}
}

// TestScanAnswersAsTheReferenceScan: the scanners answer as the reference
// scans on 100 000 random lines (one or two field lines) and offer sets.
func TestScanAnswersAsTheReferenceScan(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 2026))
	n := 100000
	if testing.Short() {
		n = 10000
	}
	for range n {
		lines := []string{randomLine(rng)}
		if rng.IntN(4) == 0 {
			lines = append(lines, randomLine(rng))
		}
		checkScanAgrees(t, lines, offersFromBits(rng.Uint32()))
	}
}

func FuzzScanAnswersAsTheReferenceScan(f *testing.F) {
	f.Add("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "", uint32(0xF))
	f.Add("gzip, deflate, br;q=0.9, *;q=0", "identity;q=0", uint32(0x700))
	f.Add(`text/html;level=1;q=0.5, text/*;a="x,y", */*;q=0`, "", uint32(0x1FFF))
	f.Fuzz(func(t *testing.T, line, line2 string, bits uint32) {
		lines := []string{line}
		if line2 != "" {
			lines = append(lines, line2)
		}
		checkScanAgrees(t, lines, offersFromBits(bits))
	})
}

// BenchmarkScanAgainstReference: the scanners and the reference scans on
// distinct lines in turn, as a run of cache misses sends them.
func BenchmarkScanAgainstReference(b *testing.B) {
	const accept = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8"
	const encoding = "gzip, deflate, br, zstd"
	var acceptMisses, encodingMisses [256][]string
	for i := range acceptMisses {
		acceptMisses[i] = []string{accept + ",x/y" + strconv.Itoa(i)}
		encodingMisses[i] = []string{encoding + ", x" + strconv.Itoa(i)}
	}
	types := []string{"application/json", "text/html"}
	codings := []string{"br", "gzip", "identity"}
	for _, bc := range []struct {
		name   string
		f      func(lines, offers []string) int
		in     *[256][]string
		offers []string
	}{
		{"accept-miss/fused", bestContentType, &acceptMisses, types},
		{"accept-miss/reference", refBestContentType, &acceptMisses, types},
		{"encoding-miss/fused", bestEncoding, &encodingMisses, codings},
		{"encoding-miss/reference", refBestEncoding, &encodingMisses, codings},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				i++
				bc.f(bc.in[i%len(bc.in)], bc.offers)
			}
		})
	}
}

// splitRange splits a media range "type/subtype"; ok is false for
// anything else ("*", "a/b/c", "*/html").
func splitRange(v string) (typ, sub string, ok bool) {
	for i := 0; i < len(v); i++ {
		if v[i] == '/' {
			typ, sub = v[:i], v[i+1:]
			if typ == "" || sub == "" || (typ == "*" && sub != "*") {
				return "", "", false
			}
			for j := 0; j < len(sub); j++ {
				if sub[j] == '/' {
					return "", "", false
				}
			}
			return typ, sub, true
		}
	}
	return "", "", false
}
