package bench

import (
	"math/rand/v2"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
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

// perClass is how many popular queries each class of search has: everybody asks them, and
// each is checked before the mix. tailSize bounds the long tail of each class: queries asked once
// each in turn (see searches), as people also search for what nobody has asked before.
const perClass, tailSize = 4, 400

// searchQueries draws the searches from the vocabulary the scale data's notes are written in:
// common words (the most frequent forms) and rare ones (one or two occurrences, six letters or
// more), one word or two, each as typed with diacritics and folded without them (people type
// both; the index folds). Only words with diacritics are taken, so that the two spellings differ,
// and only words of four letters or more, which leaves out the search's stop words. It returns
// the popular queries (perClass of each class) and then the tail: up to tailSize others of each
// class, as many as its words make (the forty common words make forty one-word queries).
func searchQueries(seed int64) (popular, tail []searchQuery) {
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
	// The popular queries are drawn as before the tail existed, so that runs stay comparable;
	// the tail from a generator of its own, and shuffled, so that a query's folded twin is not
	// asked right after it (Postgres would find the same words' pages just read).
	rnd := rand.New(rand.NewPCG(uint64(seed), 0x5ea7c4))
	tailRnd := rand.New(rand.NewPCG(uint64(seed), 0x7a11))
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
			folded := map[string]bool{} // two spellings may fold alike: vzájemné, vzájemně
			draw := func(rnd *rand.Rand, n int) {
				for try := 0; len(texts) < n && try < 20*n; try++ {
					a := set.words[rnd.IntN(len(set.words))]
					if nw == 2 {
						b := a
						for b == a {
							b = set.words[rnd.IntN(len(set.words))]
						}
						a += " " + b
					}
					if !folded[note.Fold(a)] {
						folded[note.Fold(a)] = true
						texts = append(texts, a)
					}
				}
			}
			draw(rnd, perClass)
			draw(tailRnd, perClass+tailSize)
			for i, t := range texts {
				list := &popular
				if i >= perClass {
					list = &tail
				}
				*list = append(*list, searchQuery{Text: t, Class: label + ", diacritics"},
					searchQuery{Text: note.Fold(t), Class: label + ", no diacritics"})
			}
		}
	}
	tailRnd.Shuffle(len(tail), func(i, j int) { tail[i], tail[j] = tail[j], tail[i] })
	return popular, tail
}

func letters(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return !unicode.IsLetter(r) }) < 0
}

// The report's rows of the searches by whether their query was asked before in the run.
const searchFirst, searchAgain = "first time asked", "asked before"

// searches tells, for each search of a run, whether its query was asked before in the run (the
// server may keep the answer), and hands out the tail: a share of the mix's searches takes the
// next query of the tail instead of a popular one. Shared by the workers of every phase.
type searches struct {
	tail  []string // paths, in the order they are asked
	next  atomic.Int64
	share float64 // of the mix's searches, from the tail
	asked sync.Map
}

func newSearches(popular []string, tail []searchQuery, share float64) *searches {
	s := &searches{share: share}
	for _, p := range popular { // asked by the check before the mix
		s.asked.Store(p, true)
	}
	for _, q := range tail {
		s.tail = append(s.tail, q.Path())
	}
	return s
}

// pick returns the path to search: path itself or, for the tail's share while it lasts, the
// tail's next query; and whether it is asked for the first time.
func (s *searches) pick(path string, rnd *rand.Rand) (string, bool) {
	if len(s.tail) > 0 && rnd.Float64() < s.share {
		if i := s.next.Add(1) - 1; i < int64(len(s.tail)) {
			path = s.tail[i]
		}
	}
	_, before := s.asked.LoadOrStore(path, true)
	return path, !before
}

// used tells how many of the tail's queries were asked, of how many.
func (s *searches) used() (int, int) {
	return int(min(s.next.Load(), int64(len(s.tail)))), len(s.tail)
}
