package bench

// A differential test of the gddo drop-ins against gddo itself: random
// Accept and Accept-Encoding lines and offers go to both, and wherever the
// answers differ the input must show one of the features behind a row of
// docs/differences-from-gddo.md (a q=0 entry, a parameter other than q, an
// invalid weight, ...). A difference on an input with none of them is a
// difference nobody documented: a bug in the drop-in, or a missing row.

import (
	"math/rand/v2"
	"net/http"
	"slices"
	"strings"
	"testing"

	gddo "github.com/golang/gddo/httputil"
	gddoheader "github.com/golang/gddo/httputil/header"
	"github.com/webob-go/webob/compat/gddo/httputil"
	"github.com/webob-go/webob/compat/gddo/httputil/header"
	"github.com/webob-go/webob/headers"
)

// gddoFeature is a property of an input that explains a documented
// difference. Each names the rows of docs/differences-from-gddo.md it
// stands for.
type gddoFeature uint16

const (
	// featQZero: an entry with q=0 (rows "q=0: not acceptable",
	// "refusing gzip leaves identity acceptable", "identity refused",
	// "an explicit q=0 is not overridden by *").
	featQZero gddoFeature = 1 << iota
	// featParam: a parameter other than q before the weight (rows "media
	// ranges have parameters", ParseAccept "media-range parameters").
	featParam
	// featBadQ: a weight that is not a qvalue: 1.5, .5, 0.0001, quoted,
	// "Q=" (rows "1.5 is not a qvalue", "at most three decimals", "a
	// weight is not a quoted string", "ABNF strings are case-insensitive").
	featBadQ
	// featExt: something after the weight (row "accept-ext, ignored").
	featExt
	// featBadElem: an element that does not follow the grammar, or an
	// empty one before others (rows "list elements", "empty elements are
	// ignored", "an invalid element is skipped, not the header").
	featBadElem
	// featCase: a value that matches an offer only ignoring case (rows
	// "type and subtype are case-insensitive", "content codings are
	// case-insensitive").
	featCase
	// featMulti: an offer matched by more than one entry (rows "most
	// specific range decides", "the first of equally specific ranges
	// decides", "the first entry of a coding decides", "* matches only the
	// codings not listed").
	featMulti
	// featNoHeaderNoDefault: no Accept and an empty default (row "no
	// Accept: any media type is acceptable").
	featNoHeaderNoDefault
	// featOfferParams: an offer with parameters that a range matches (row
	// "a range without parameters matches the type with any").
	featOfferParams
	// featLeadingOWS: a field line that starts with white space, which
	// gddo reads as an empty list (row "OWS around list elements").
	featLeadingOWS
)

// gddoEntry is one well-formed element as the feature scan reads it.
type gddoEntry struct {
	value string
	q     int
}

// gddoFeatures scans the field lines with a grammar of its own (not the
// drop-in's) and returns the features found and the well-formed entries.
func gddoFeatures(lines []string) (f gddoFeature, entries []gddoEntry) {
	for _, line := range lines {
		if line != "" && (line[0] == ' ' || line[0] == '\t') {
			f |= featLeadingOWS
		}
		if strings.ContainsAny(line, "\"\r\n") {
			f |= featBadElem // quoted strings only come with parameters or errors here
		}
		elems := strings.Split(line, ",")
		for i, el := range elems {
			el = strings.Trim(el, " \t")
			if el == "" {
				if i < len(elems)-1 {
					f |= featBadElem
				}
				continue
			}
			parts := strings.Split(el, ";")
			value := strings.TrimRight(parts[0], " \t")
			if value == "" || strings.IndexFunc(value, func(r rune) bool {
				return r > 127 || (!headers.IsTokenChar(byte(r)) && r != '/')
			}) >= 0 {
				f |= featBadElem
				continue
			}
			e := gddoEntry{value: value, q: 1000}
			weighted := false
			for _, p := range parts[1:] {
				p = strings.Trim(p, " \t")
				name, v, ok := strings.Cut(p, "=")
				if !ok || !headers.ValidToken(name) || !headers.ValidToken(v) {
					f |= featBadElem
					continue
				}
				switch {
				case weighted:
					f |= featExt
				case name == "q":
					q, ok := headers.ParseQValue(v)
					if !ok {
						f |= featBadQ
						break
					}
					e.q, weighted = q, true
					if q == 0 {
						f |= featQZero
					}
				case name == "Q":
					f |= featBadQ
				default:
					f |= featParam
				}
			}
			entries = append(entries, e)
		}
	}
	return f, entries
}

// matchFeatures adds featCase and featMulti for the entries against the
// offers; media says whether they are media ranges and types.
func matchFeatures(entries []gddoEntry, offers []string, media bool) (f gddoFeature) {
	for _, o := range offers {
		essence, _, _ := strings.Cut(o, ";")
		typ, _, _ := strings.Cut(essence, "/")
		n := 0
		for _, e := range entries {
			var exact, folded bool
			switch {
			case media && e.value == "*/*", !media && e.value == "*":
				exact, folded = true, true
			case media && strings.HasSuffix(e.value, "/*"):
				t := strings.TrimSuffix(e.value, "/*")
				exact, folded = t == typ, strings.EqualFold(t, typ)
			default:
				exact, folded = e.value == essence, strings.EqualFold(e.value, essence)
			}
			if folded && !exact {
				f |= featCase
			}
			if folded {
				n++
				if essence != o {
					f |= featOfferParams
				}
			}
		}
		if n > 1 {
			f |= featMulti
		}
	}
	return f
}

// gddoDiff compares the drop-in with gddo on one input and returns a
// description of an undocumented difference, or "", and how many of the
// two negotiations had no feature (so had to agree).
func gddoDiff(accept, encoding []string, offers, codings []string, def string) (string, int) {
	h := http.Header{}
	if accept != nil {
		h["Accept"] = accept
	}
	if encoding != nil {
		h["Accept-Encoding"] = encoding
	}
	r := &http.Request{Header: h}
	af, aEntries := gddoFeatures(accept)
	af |= matchFeatures(aEntries, offers, true)
	if accept == nil && def == "" && len(offers) > 0 {
		af |= featNoHeaderNoDefault
	}
	ef, eEntries := gddoFeatures(encoding)
	ef |= matchFeatures(eEntries, codings, false)

	clean := 0
	if af == 0 {
		clean++
	}
	if ef == 0 {
		clean++
	}
	// Twice: the second call may come from the answer cache.
	for range 2 {
		ours, theirs := httputil.NegotiateContentType(r, offers, def), gddo.NegotiateContentType(r, offers, def)
		if ours != theirs && af == 0 {
			return "NegotiateContentType(" + strings.Join(accept, "|") + ", [" + strings.Join(offers, " ") + "], " + def + "): drop-in " + ours + ", gddo " + theirs, clean
		}
		ours, theirs = httputil.NegotiateContentEncoding(r, codings), gddo.NegotiateContentEncoding(r, codings)
		if ours != theirs && ef == 0 {
			return "NegotiateContentEncoding(" + strings.Join(encoding, "|") + ", [" + strings.Join(codings, " ") + "]): drop-in " + ours + ", gddo " + theirs, clean
		}
	}
	// ParseAccept answers as gddo's on lines with no parameter, no invalid
	// weight or element, and nothing after the weight.
	for _, key := range []string{"Accept", "Accept-Encoding"} {
		f, _ := gddoFeatures(h[key])
		if f&(featParam|featBadQ|featExt|featBadElem|featLeadingOWS) != 0 {
			continue
		}
		ours, theirs := header.ParseAccept(h, key), gddoheader.ParseAccept(h, key)
		if !slices.EqualFunc(ours, theirs, func(a header.AcceptSpec, b gddoheader.AcceptSpec) bool {
			return a.Value == b.Value && a.Q == b.Q
		}) {
			return "ParseAccept(" + strings.Join(h[key], "|") + ") differs", clean
		}
	}
	return "", clean
}

var (
	gddoDiffOffers = []string{"text/html", "application/json", "text/plain", "image/png", "application/xml", "TEXT/html", "text/html;level=1", "text/plain;format=flowed"}
	gddoDiffCodes  = []string{"gzip", "br", "identity", "deflate", "zstd", "GZIP"}
	gddoDiffValues = []string{"text/html", "text/*", "*/*", "application/json", "image/png", "image/*", "text/plain", "TEXT/HTML", "Text/*", "text", "a/b/c", "*",
		"gzip", "br", "identity", "deflate", "zstd", "GZIP", "x-gzip"}
	gddoDiffWeights = []string{"", "", "", "", ";q=0", ";q=0.5", ";q=0.9", ";q=1", "; q=0.8", " ;q=0.3", ";q=0.000", ";q=1.0",
		";q=1.5", ";q=.5", ";Q=0.3", ";q=0.1234", `;q="0.5"`, ";level=1", ";level=1;q=0.4", ";q=0.7;ext=1", ";q=0.1.2", ";"}
	gddoDiffSeps = []string{", ", ",", ", ", ",\t", " , ", ",,", " "}
)

// gddoDiffInput builds a random input; clean biases it towards lines with
// none of the features, where both must agree.
func gddoDiffInput(rng *rand.Rand) (accept, encoding, offers, codings []string, def string) {
	line := func() []string {
		if rng.IntN(10) == 0 {
			return nil
		}
		var b strings.Builder
		n := 1 + rng.IntN(5)
		for i := range n {
			if i > 0 {
				seps := gddoDiffSeps
				if rng.IntN(4) != 0 {
					seps = seps[:5]
				}
				b.WriteString(seps[rng.IntN(len(seps))])
			}
			b.WriteString(gddoDiffValues[rng.IntN(len(gddoDiffValues))])
			ws := gddoDiffWeights
			if rng.IntN(3) != 0 {
				ws = ws[:12] // the well-formed weights
			}
			b.WriteString(ws[rng.IntN(len(ws))])
		}
		lines := []string{b.String()}
		if rng.IntN(8) == 0 {
			lines = append(lines, gddoDiffValues[rng.IntN(len(gddoDiffValues))])
		}
		return lines
	}
	pick := func(pool []string) []string {
		var out []string
		for _, i := range rng.Perm(len(pool))[:rng.IntN(4)] {
			out = append(out, pool[i])
		}
		return out
	}
	if rng.IntN(2) == 0 {
		def = "none"
	}
	return line(), line(), pick(gddoDiffOffers), pick(gddoDiffCodes), def
}

// TestGddoDifferencesAreDocumented runs a bounded generated table (the
// fuzz target below explores further by hand).
func TestGddoDifferencesAreDocumented(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 2019))
	const n = 20000
	clean := 0
	for range n {
		accept, encoding, offers, codings, def := gddoDiffInput(rng)
		d, c := gddoDiff(accept, encoding, offers, codings, def)
		if d != "" {
			t.Fatalf("undocumented difference: %s", d)
		}
		clean += c
	}
	// The generator must keep producing input where both have to agree.
	if clean < n/4 {
		t.Errorf("only %d of %d negotiations had no documented feature", clean, 2*n)
	}
	t.Logf("%d of %d negotiations had no documented feature and agreed", clean, 2*n)
}

// TestGddoDifferenceClassifierFlagsOnlyWhatItShould: a classifier that
// flagged everything would excuse every difference; this checks it leaves
// clean lines alone and sees each feature.
func TestGddoDifferenceClassifierFlagsOnlyWhatItShould(t *testing.T) {
	for _, line := range []string{"text/html, application/json;q=0.5", "gzip;q=0.5, br", "*/*;q=0.8", "a/b ;q=1.0 ,c/d,"} {
		f, _ := gddoFeatures([]string{line})
		if f != 0 {
			t.Errorf("clean line %q flagged %b", line, f)
		}
	}
	for line, want := range map[string]gddoFeature{
		"a;q=0": featQZero, "a;level=1": featParam, "a;q=1.5": featBadQ, "a;Q=1": featBadQ,
		"a;q=1;x=2": featExt, ",a": featBadElem, " a": featLeadingOWS, "a b": featBadElem, `a;q="1"`: featBadElem,
	} {
		if f, _ := gddoFeatures([]string{line}); f&want == 0 {
			t.Errorf("line %q: features %b, want %b", line, f, want)
		}
	}
}

func FuzzGddoDifferencesAreDocumented(f *testing.F) {
	rng := rand.New(rand.NewPCG(9, 110))
	for range 64 {
		accept, encoding, _, _, def := gddoDiffInput(rng)
		f.Add(strings.Join(accept, "\n"), strings.Join(encoding, "\n"), uint16(rng.Uint32()), def == "")
	}
	f.Fuzz(func(t *testing.T, accept, encoding string, sel uint16, noDefault bool) {
		split := func(s string) []string {
			if s == "" {
				return nil
			}
			return strings.Split(s, "\n")
		}
		var offers, codings []string
		for i, o := range gddoDiffOffers {
			if sel&(1<<i) != 0 {
				offers = append(offers, o)
			}
		}
		for i, c := range gddoDiffCodes {
			if sel&(1<<(8+i)) != 0 {
				codings = append(codings, c)
			}
		}
		def := "none"
		if noDefault {
			def = ""
		}
		if d, _ := gddoDiff(split(accept), split(encoding), offers, codings, def); d != "" {
			t.Fatalf("undocumented difference: %s", d)
		}
	})
}
