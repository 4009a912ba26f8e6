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
func Snippet(text, q string) string { return snippet(text, snippetTerms(q)) }

// snippetTerms are the stems Snippet looks for: the words of Query(q) without ":*". A search
// works them out once for all the snippets of its page.
func snippetTerms(q string) []string {
	var terms []string
	for _, t := range strings.Split(Query(q), " & ") {
		if t = strings.TrimSuffix(t, ":*"); t != "" {
			terms = append(terms, t)
		}
	}
	return terms
}

// snippet reads text word by word only as far as the fragments reach: a page of results
// would otherwise fold every word of twenty bodies.
func snippet(text string, terms []string) string {
	const before, size = 5, 20
	type frag struct{ from, to int } // word indexes
	var frags []frag
	var buf [512]word // a note's words, without allocating for most notes
	words := buf[:0]
	next := 0 // the first word a further fragment may take
	start := -1
	// end takes the word that ends at i; it tells when both fragments are complete.
	end := func(i int) bool {
		w := word{from: start, to: i, hit: matches(text[start:i], terms)}
		start = -1
		words = append(words, w)
		if n := len(words) - 1; w.hit && n >= next && len(frags) < 2 {
			from := max(n-before, next)
			frags = append(frags, frag{from, from + size})
			next = from + size
		}
		return len(frags) == 2 && len(words) >= next
	}
	done := false
	for i, r := range text {
		if r < utf8.RuneSelf && ('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9') ||
			r >= utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			if done = end(i); done {
				break
			}
		}
	}
	if !done && start >= 0 {
		end(len(text))
	}
	if len(frags) == 0 && len(words) > 0 {
		frags = append(frags, frag{0, size + 10})
	}
	parts := make([]string, len(frags))
	for k, f := range frags {
		parts[k] = fragment(text, words[f.from:min(f.to, len(words))])
	}
	return strings.Join(parts, " … ")
}

// matches tells whether the word, folded, starts with one of the terms. A word is folded
// whole only when its first letter could start a term.
func matches(w string, terms []string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	first := foldRune(r)
	folded := ""
	for _, t := range terms {
		if first < utf8.RuneSelf && t[0] != byte(first) {
			continue
		}
		if folded == "" {
			folded = foldWord(w)
		}
		if strings.HasPrefix(folded, t) {
			return true
		}
	}
	return false
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
		r = foldRune(r)
		if r >= utf8.RuneSelf {
			return Fold(w) // something rarer: the general way
		}
		b.WriteByte(byte(r))
	}
	return b.String()
}

// foldRune lower-cases r and takes the accent off the Czech and Slovak letters; any other
// rune comes back lower-cased only.
func foldRune(r rune) rune {
	switch {
	case r >= 'A' && r <= 'Z':
		return r + 'a' - 'A'
	case r < utf8.RuneSelf:
		return r
	}
	r = unicode.ToLower(r)
	if f, ok := czech[r]; ok {
		return f
	}
	return r
}

var czech = map[rune]rune{'á': 'a', 'č': 'c', 'ď': 'd', 'é': 'e', 'ě': 'e', 'í': 'i', 'ň': 'n', 'ó': 'o', 'ř': 'r',
	'š': 's', 'ť': 't', 'ú': 'u', 'ů': 'u', 'ý': 'y', 'ž': 'z', 'ä': 'a', 'ö': 'o', 'ü': 'u', 'ľ': 'l', 'ĺ': 'l', 'ŕ': 'r', 'ô': 'o'}
