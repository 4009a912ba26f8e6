package note

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Snippet cuts up to two fragments of text around the words that match q, with every match
// between \x01 and \x02, the fragments joined by " … "; without a match it is the text's
// beginning. It does in Go what ts_headline would do in Postgres: there, every result's text
// goes through the parser and the unaccent dictionary again, which took longer than the
// search itself.
func Snippet(text, q string) string {
	var terms []string
	for _, t := range strings.Split(Query(q), " & ") {
		if t = strings.TrimSuffix(t, ":*"); t != "" {
			terms = append(terms, t)
		}
	}
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
			f := foldWord(text[start:i])
			for _, t := range terms {
				if strings.HasPrefix(f, t) {
					w.hit = true
					break
				}
			}
			words = append(words, w)
			start = -1
		}
	}
	const before, size = 5, 20
	var frags []string
	next := 0
	for i := 0; i < len(words) && len(frags) < 2; i++ {
		if !words[i].hit || i < next {
			continue
		}
		from := max(i-before, next)
		to := min(from+size, len(words))
		frags = append(frags, fragment(text, words[from:to]))
		next = to
	}
	if len(frags) == 0 && len(words) > 0 {
		to := min(size+10, len(words))
		frags = append(frags, fragment(text, words[:to]))
	}
	return strings.Join(frags, " … ")
}

// word is where a word of the text starts and ends, and whether it matches the query.
type word struct {
	from, to int
	hit      bool
}

// fragment is the text from the first word's start to the last word's end, with the hits marked.
func fragment(text string, ws []word) string {
	var b strings.Builder
	pos := ws[0].from
	for _, w := range ws {
		b.WriteString(text[pos:w.from])
		if w.hit {
			b.WriteString("\x01" + text[w.from:w.to] + "\x02")
		} else {
			b.WriteString(text[w.from:w.to])
		}
		pos = w.to
	}
	return b.String()
}

// foldWord is Fold for one word, without allocating for the usual Czech letters.
func foldWord(w string) string {
	ascii := true
	for i := 0; i < len(w); i++ {
		if w[i] >= utf8.RuneSelf || (w[i] >= 'A' && w[i] <= 'Z') {
			ascii = false
			break
		}
	}
	if ascii {
		return w
	}
	var b strings.Builder
	b.Grow(len(w))
	for _, r := range w {
		r = unicode.ToLower(r)
		if f, ok := czech[r]; ok {
			r = f
		} else if r >= utf8.RuneSelf {
			return Fold(w) // something rarer: the general way
		}
		b.WriteRune(r)
	}
	return b.String()
}

var czech = map[rune]rune{'á': 'a', 'č': 'c', 'ď': 'd', 'é': 'e', 'ě': 'e', 'í': 'i', 'ň': 'n', 'ó': 'o', 'ř': 'r',
	'š': 's', 'ť': 't', 'ú': 'u', 'ů': 'u', 'ý': 'y', 'ž': 'z', 'ä': 'a', 'ö': 'o', 'ü': 'u', 'ľ': 'l', 'ĺ': 'l', 'ŕ': 'r', 'ô': 'o'}
