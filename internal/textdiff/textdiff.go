// Package textdiff renders a line-based diff of two texts in which changed
// lines also carry a word-level diff, so reviewers of a practice note can see
// exactly which words were edited.
package textdiff

import (
	"strings"
	"unicode"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// Op says whether a line or span is unchanged, added or removed.
type Op int8

const (
	Equal Op = iota
	Insert
	Delete
)

// Span is a run of text within a line.
type Span struct {
	Op   Op // Equal, or Insert/Delete for the words that changed
	Text string
}

// Line is one line of the diff.
type Line struct {
	Op    Op     // Equal: unchanged; Delete: only in the old text; Insert: only in the new text
	Old   int    // line number in the old text (1-based), 0 for inserted lines
	New   int    // line number in the new text (1-based), 0 for deleted lines
	Spans []Span // the line's text; changed lines carry word-level Delete/Insert spans
}

// Fold is the text of the marker line that stands in for hidden unchanged lines.
const Fold = "…"

// Lines diffs old and new by line. Runs of unchanged lines longer than
// 2*context are folded: only context lines before and after a change are kept,
// and a Line with Op Equal, Old and New 0 and a single Span whose Text is "…"
// marks the fold. context < 0 means show everything. "\r\n" is treated as
// "\n", so the spans reproduce the texts with normalised line endings.
func Lines(old, new string, context int) []Line {
	a, b := splitLines(old), splitLines(new)
	dmp := diffmatchpatch.New()
	// Terminating every line with "\n" keeps a last line without a newline
	// equal to the same line followed by more text.
	ra, rb, _ := dmp.DiffLinesToRunes(joinTerminated(a), joinTerminated(b))
	diffs := dmp.DiffMainRunes(ra, rb, false)

	var out []Line
	var dels, ins []int // indices into a and b of the pending changed block
	flush := func() {
		// Pairing the k-th deleted with the k-th inserted line assumes an
		// edited paragraph keeps its line order, which holds for notes.
		var insLines []Line
		for k, i := range dels {
			spans := []Span{{Delete, a[i]}}
			if k < len(ins) {
				var newSpans []Span
				spans, newSpans = words(a[i], b[ins[k]])
				insLines = append(insLines, Line{Op: Insert, New: ins[k] + 1, Spans: newSpans})
			}
			out = append(out, Line{Op: Delete, Old: i + 1, Spans: spans})
		}
		for _, j := range ins[len(insLines):] {
			insLines = append(insLines, Line{Op: Insert, New: j + 1, Spans: []Span{{Insert, b[j]}}})
		}
		out = append(out, insLines...)
		dels, ins = dels[:0], ins[:0]
	}

	oi, ni := 0, 0
	for _, d := range diffs {
		// Each rune stands for one line, so the rune count is the line count.
		for range []rune(d.Text) {
			switch d.Type {
			case diffmatchpatch.DiffEqual:
				flush()
				out = append(out, Line{Op: Equal, Old: oi + 1, New: ni + 1, Spans: []Span{{Equal, a[oi]}}})
				oi++
				ni++
			case diffmatchpatch.DiffDelete:
				dels = append(dels, oi)
				oi++
			case diffmatchpatch.DiffInsert:
				ins = append(ins, ni)
				ni++
			}
		}
	}
	flush()
	if context < 0 {
		return out
	}
	return fold(out, context)
}

// Stats counts inserted and deleted lines.
func Stats(lines []Line) (inserted, deleted int) {
	for _, l := range lines {
		switch l.Op {
		case Insert:
			inserted++
		case Delete:
			deleted++
		}
	}
	return inserted, deleted
}

// splitLines returns no lines for an empty text so that a brand-new note
// shows up as purely inserted rather than as a changed empty line.
func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
}

func joinTerminated(lines []string) string {
	var sb strings.Builder
	for _, l := range lines {
		sb.WriteString(l)
		sb.WriteByte('\n')
	}
	return sb.String()
}

func fold(all []Line, context int) []Line {
	var out []Line
	for i := 0; i < len(all); {
		if all[i].Op != Equal {
			out = append(out, all[i])
			i++
			continue
		}
		j := i
		for j < len(all) && all[j].Op == Equal {
			j++
		}
		// Edges of the text only need context on the side facing a change.
		head, tail := context, context
		if i == 0 {
			head = 0
		}
		if j == len(all) {
			tail = 0
		}
		if j-i > head+tail {
			out = append(out, all[i:i+head]...)
			out = append(out, Line{Op: Equal, Spans: []Span{{Equal, Fold}}})
			out = append(out, all[j-tail:j]...)
		} else {
			out = append(out, all[i:j]...)
		}
		i = j
	}
	return out
}

// words diffs two lines token by token and returns the spans of each side.
func words(old, new string) (oldSpans, newSpans []Span) {
	ids := map[string]rune{}
	var toks []string
	encode := func(ts []string) []rune {
		rs := make([]rune, len(ts))
		for i, t := range ts {
			r, ok := ids[t]
			if !ok {
				// Skip the surrogate range: such runes do not survive the
				// string conversions inside diffmatchpatch.
				r = rune(len(toks))
				if r >= 0xD800 {
					r += 0x800
				}
				ids[t] = r
				toks = append(toks, t)
			}
			rs[i] = r
		}
		return rs
	}
	ta, tb := encode(tokenize(old)), encode(tokenize(new))
	decode := func(r rune) string {
		if r >= 0xD800 {
			r -= 0x800
		}
		return toks[r]
	}
	for _, d := range diffmatchpatch.New().DiffMainRunes(ta, tb, false) {
		var sb strings.Builder
		for _, r := range d.Text {
			sb.WriteString(decode(r))
		}
		switch d.Type {
		case diffmatchpatch.DiffEqual:
			oldSpans = appendSpan(oldSpans, Equal, sb.String())
			newSpans = appendSpan(newSpans, Equal, sb.String())
		case diffmatchpatch.DiffDelete:
			oldSpans = appendSpan(oldSpans, Delete, sb.String())
		case diffmatchpatch.DiffInsert:
			newSpans = appendSpan(newSpans, Insert, sb.String())
		}
	}
	return absorbGaps(oldSpans), absorbGaps(newSpans)
}

func appendSpan(spans []Span, op Op, text string) []Span {
	if n := len(spans); n > 0 && spans[n-1].Op == op {
		spans[n-1].Text += text
		return spans
	}
	return append(spans, Span{op, text})
}

// absorbGaps folds a whitespace-only Equal span lying between two changes into
// the change, so "jednou za" → "dvakrát v" reads as one edit, not two.
func absorbGaps(spans []Span) []Span {
	out := spans[:0]
	for i := 0; i < len(spans); i++ {
		s := spans[i]
		if s.Op == Equal && strings.TrimSpace(s.Text) == "" && len(out) > 0 &&
			out[len(out)-1].Op != Equal && i+1 < len(spans) && spans[i+1].Op == out[len(out)-1].Op {
			out[len(out)-1].Text += s.Text + spans[i+1].Text
			i++
			continue
		}
		out = append(out, s)
	}
	return out
}

// tokenize splits a line into words (letters, digits and combining marks, so
// Czech diacritics stay inside words), whitespace runs and single other runes.
func tokenize(s string) []string {
	class := func(r rune) int {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r):
			return 1
		case unicode.IsSpace(r):
			return 2
		}
		return 0
	}
	var toks []string
	start, prev := 0, -1
	for i, r := range s {
		c := class(r)
		if i > start && (c != prev || c == 0) {
			toks = append(toks, s[start:i])
			start = i
		}
		prev = c
	}
	if start < len(s) {
		toks = append(toks, s[start:])
	}
	return toks
}
