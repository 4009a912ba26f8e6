package bench

import (
	"math/rand/v2"
	"net/url"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"hnizdo.cz/hnizdo/internal/note"
	"hnizdo.cz/hnizdo/internal/scale"
)

// searchQuery is one note search of the mix.
type searchQuery struct {
	Text  string
	Class string // e.g. "common, 1 word, diacritics"
}

// Path is the notes list searched for the query.
func (q searchQuery) Path() string { return "/notes?q=" + url.QueryEscape(q.Text) }

// perClass is how many queries each class of search has.
const perClass = 4

// searchQueries draws the searches from the vocabulary the scale data's notes are written in:
// common words (the most frequent forms) and rare ones (one or two occurrences, six letters or
// more), one word or two, each as typed with diacritics and folded without them (people type
// both; the index folds). Only words with diacritics are taken, so that the two spellings differ,
// and only words of four letters or more, which leaves out the search's stop words.
func searchQueries(seed int64) []searchQuery {
	var common, rare []string
	for _, w := range scale.Words() {
		n := utf8.RuneCountInString(w.Form)
		if n < 4 || note.Fold(w.Form) == w.Form || !letters(w.Form) {
			continue
		}
		if len(common) < 40 {
			common = append(common, w.Form)
		}
		if w.Count <= 2 && n >= 6 {
			rare = append(rare, w.Form)
		}
	}
	rnd := rand.New(rand.NewPCG(uint64(seed), 0x5ea7c4))
	var out []searchQuery
	for _, set := range []struct {
		name  string
		words []string
	}{{"common", common}, {"rare", rare}} {
		if len(set.words) < 2 {
			continue
		}
		for _, nw := range []int{1, 2} {
			label := set.name + ", " + map[int]string{1: "1 word", 2: "2 words"}[nw]
			var texts []string
			for try := 0; len(texts) < perClass && try < 100; try++ {
				a := set.words[rnd.IntN(len(set.words))]
				if nw == 2 {
					b := a
					for b == a {
						b = set.words[rnd.IntN(len(set.words))]
					}
					a += " " + b
				}
				if !slices.Contains(texts, a) {
					texts = append(texts, a)
				}
			}
			for _, t := range texts {
				out = append(out, searchQuery{Text: t, Class: label + ", diacritics"})
			}
			for _, t := range texts {
				out = append(out, searchQuery{Text: note.Fold(t), Class: label + ", no diacritics"})
			}
		}
	}
	return out
}

func letters(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return !unicode.IsLetter(r) }) < 0
}
