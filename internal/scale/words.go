package scale

import (
	_ "embed"
	"strconv"
	"strings"
	"sync"
)

// words.txt holds the Czech word forms of the project's own Czech texts (the seeds, DOMAIN.md
// and the demo data's strings) with how often each occurs there, most frequent first. Drawing
// with those weights gives text whose word frequencies fall off the way real Czech does: a few
// very common forms, a long tail of rare inflected ones, diacritics throughout.
//
//go:embed words.txt
var wordsTxt string

// Word is a word form and its weight.
type Word struct {
	Form  string
	Count int
}

var words = sync.OnceValue(func() []Word {
	var ws []Word
	for _, line := range strings.Split(wordsTxt, "\n") {
		form, n, ok := strings.Cut(line, " ")
		if !ok || strings.HasPrefix(line, "#") {
			continue
		}
		c, err := strconv.Atoi(n)
		if err != nil || c < 1 {
			continue
		}
		ws = append(ws, Word{form, c})
	}
	return ws
})

// Words returns the vocabulary, most frequent first (shared; do not modify).
func Words() []Word { return words() }
