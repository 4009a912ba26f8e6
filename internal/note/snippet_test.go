package note

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"
)

func TestSnippet(t *testing.T) {
	long := strings.Repeat("slovo ", 40)
	for _, tc := range []struct{ text, q, want string }{
		{"Práce s pěstounskou rodinou.", "pestounska", "Práce s \x01pěstounskou\x02 rodinou"},
		{"PĚSTOUNSKÉ péči se věnujeme.", "pěstoun péče", "\x01PĚSTOUNSKÉ\x02 \x01péči\x02 se věnujeme"},
		// Two fragments from far apart, joined.
		{"Dítě " + long + "dítěte konec", "dítě",
			"\x01Dítě\x02 " + strings.TrimSpace(strings.Repeat("slovo ", 19)) + " … " +
				strings.TrimSpace(strings.Repeat("slovo ", 5)) + " \x01dítěte\x02 konec"},
		// No match in the text (the title matched): the beginning.
		{"Jen obyčejný text.", "intervize", "Jen obyčejný text"},
		{"", "cokoli", ""},
		// Letters outside Czech fold the general way.
		{"Straße und Übung", "strasse ubung", "Straße und \x01Übung\x02"},
	} {
		if got := Snippet(tc.text, tc.q); got != tc.want {
			t.Errorf("Snippet(%q, %q)\n got %q\nwant %q", tc.text, tc.q, got, tc.want)
		}
	}
}

// wholeText is the plain way to cut snippets: fold every word of the text with Fold, then
// choose the fragments. snippet must cut exactly the same.
func wholeText(text string, terms []string) string {
	var words []word
	start := -1
	for i, r := range text + " " {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			w := word{from: start, to: i}
			for _, t := range terms {
				w.hit = w.hit || strings.HasPrefix(Fold(text[start:i]), t)
			}
			words = append(words, w)
			start = -1
		}
	}
	var frags []string
	next := 0
	for i := 0; i < len(words) && len(frags) < 2; i++ {
		if !words[i].hit || i < next {
			continue
		}
		from := max(i-5, next)
		to := min(from+20, len(words))
		frags = append(frags, fragment(text, words[from:to]))
		next = to
	}
	if len(frags) == 0 && len(words) > 0 {
		frags = append(frags, fragment(text, words[:min(30, len(words))]))
	}
	return strings.Join(frags, " … ")
}

func TestSnippetReadsOnlyWhatItNeeds(t *testing.T) {
	vocab := strings.Fields("Dítě dítěte DĚTI péče pečovat Pěstoun pěstounská rodina Rodině úřad ÚŘADU šetření " +
		"Straße Übung ñandú 2024 § OSPOD návštěva, návštěvy. sanace; spolupráce – škola")
	rnd := rand.New(rand.NewPCG(1, 2))
	for i := range 2000 {
		var b strings.Builder
		for range rnd.IntN(120) {
			b.WriteString(vocab[rnd.IntN(len(vocab))])
			b.WriteString([]string{" ", " ", ", ", ".\n"}[rnd.IntN(4)])
		}
		q := vocab[rnd.IntN(len(vocab))]
		if i%3 == 0 {
			q += " " + vocab[rnd.IntN(len(vocab))]
		}
		terms := snippetTerms(q)
		if got, want := snippet(b.String(), terms), wholeText(b.String(), terms); got != want {
			t.Fatalf("text %q, query %q:\n got %q\nwant %q", b.String(), q, got, want)
		}
	}
}

func BenchmarkSnippet(b *testing.B) {
	text := strings.Repeat("Pracovnice OSPOD navštívila rodinu a domluvila se škola na společném postupu. ", 30) +
		"Pěstounská péče je tu až na konci. " + strings.Repeat("Další text o sanaci rodiny. ", 10)
	terms := snippetTerms("pěstounská péče")
	for b.Loop() {
		snippet(text, terms)
	}
}
