package server

import (
	lru "github.com/hashicorp/golang-lru/v2"

	"hnizdo.cz/hnizdo/internal/markdown"
	"hnizdo.cz/hnizdo/internal/note"
)

// memo keeps, per note, the last result of a pure function of the note's text, and gives it
// back only while the text is the same. A note page renders the note's Markdown and, for its
// author and reviewers, runs the personal-data guard over its text: together 40 % of the
// server's CPU on a busy note page (README, Performance), while a text changes seldom. Since
// the text itself is the key, no write has to remember to forget anything.
type memo[V any] struct {
	c *lru.Cache[int64, *memoEntry[V]]
}

type memoEntry[V any] struct {
	text note.Content
	v    V // shared by every reader: never changed after it is stored
}

// memoSize bounds each memo: a thousand notes' pages (a few kB each) are a few MB.
const memoSize = 1000

func newMemo[V any](size int) memo[V] {
	c, err := lru.New[int64, *memoEntry[V]](size)
	if err != nil {
		panic(err) // only for a size ≤ 0
	}
	return memo[V]{c}
}

// get returns f's result for note id with this text, computing it when the text is new.
func (m memo[V]) get(id int64, text note.Content, f func() V) V {
	if e, ok := m.c.Get(id); ok && e.text.Equal(text) {
		return e.v
	}
	v := f()
	m.c.Add(id, &memoEntry[V]{text, v})
	return v
}

// noteMemos are the note page's memos.
type noteMemos struct {
	docs  memo[markdown.Doc]   // the rendered body
	scans memo[[]note.Flagged] // the guard's findings, without marks
}

func newNoteMemos() noteMemos {
	return noteMemos{docs: newMemo[markdown.Doc](memoSize), scans: newMemo[[]note.Flagged](memoSize)}
}

// doc renders n's body.
func (m noteMemos) doc(n *note.Note) markdown.Doc {
	return m.docs.get(n.ID, note.Content{Body: n.Body}, func() markdown.Doc { return markdown.Render(n.Body) })
}

// flag scans n's content and attaches marks.
func (m noteMemos) flag(n *note.Note, marks []note.Mark) []note.Flagged {
	c := note.ContentOf(n)
	return note.Marked(m.scans.get(n.ID, c, c.Scan), marks)
}
