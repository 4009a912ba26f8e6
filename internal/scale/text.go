package scale

import (
	"math/rand/v2"
	"strings"
)

// textGen draws Czech word forms with the weights of words.txt.
type textGen struct {
	rnd   *rand.Rand
	words []Word
	cum   []int
}

func newTextGen(rnd *rand.Rand) *textGen {
	ws := Words()
	cum := make([]int, len(ws))
	t := 0
	for i, w := range ws {
		t += w.Count
		cum[i] = t
	}
	return &textGen{rnd: rnd, words: ws, cum: cum}
}

func (g *textGen) word() string { return g.words[pick(g.rnd, g.cum)].Form }

// sentence writes n words to b, capitalised, with a comma now and then and a full stop.
func (g *textGen) sentence(b *strings.Builder, n int) {
	for i := range n {
		w := g.word()
		if i == 0 {
			w = title(w)
		} else {
			b.WriteByte(' ')
		}
		b.WriteString(w)
		if i > 2 && i < n-2 && g.rnd.IntN(9) == 0 {
			b.WriteByte(',')
		}
	}
	b.WriteByte('.')
}

// phrase is a few words without a full stop: titles, headings, list items.
func (g *textGen) phrase(n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteByte(' ')
		}
		w := g.word()
		if i == 0 {
			w = title(w)
		}
		b.WriteString(w)
	}
	return b.String()
}

// paragraph is a few sentences.
func (g *textGen) paragraph(sentences int) string {
	var b strings.Builder
	for i := range sentences {
		if i > 0 {
			b.WriteByte(' ')
		}
		g.sentence(&b, 6+g.rnd.IntN(12))
	}
	return b.String()
}

// doc is a practice note's body of about size bytes: Markdown with headings, paragraphs and a
// list, and the same as plain text (what the app keeps for search and snippets).
type doc struct {
	markdown, plain string
	parts           []string // the Markdown blocks, so that earlier versions can be shorter
}

func (g *textGen) doc(size int) doc {
	var parts, plain []string
	n := 0
	for n < size {
		var md, pt string
		switch k := g.rnd.IntN(6); {
		case len(parts)%4 == 0:
			h := g.phrase(2 + g.rnd.IntN(4))
			md, pt = "## "+h, h
		case k == 0:
			var items []string
			for range 2 + g.rnd.IntN(3) {
				items = append(items, g.phrase(3+g.rnd.IntN(6)))
			}
			md, pt = "- "+strings.Join(items, "\n- "), strings.Join(items, "\n")
		default:
			p := g.paragraph(2 + g.rnd.IntN(3))
			md, pt = p, p
		}
		parts = append(parts, md)
		plain = append(plain, pt)
		n += len(md) + 2
	}
	return doc{markdown: strings.Join(parts, "\n\n"), plain: strings.Join(plain, "\n"), parts: parts}
}

var firstNames = strings.Fields(`Jana Marie Eva Hana Anna Lenka Kateřina Lucie Věra Alena Petra Veronika Martina Jitka
	Tereza Michaela Ivana Zuzana Monika Markéta Barbora Klára Kristýna Dana Pavla Jiří Jan Petr Josef Pavel Martin
	Tomáš Jaroslav Miroslav Zdeněk Václav Michal František Jakub Lukáš Ondřej Radek Marek Vojtěch Filip Ludmila Šárka`)

var lastNames = [][2]string{{"Novák", "Nováková"}, {"Svoboda", "Svobodová"}, {"Novotný", "Novotná"}, {"Dvořák", "Dvořáková"},
	{"Černý", "Černá"}, {"Procházka", "Procházková"}, {"Kučera", "Kučerová"}, {"Veselý", "Veselá"}, {"Horák", "Horáková"},
	{"Němec", "Němcová"}, {"Marek", "Marková"}, {"Pokorný", "Pokorná"}, {"Pospíšil", "Pospíšilová"}, {"Hájek", "Hájková"},
	{"Jelínek", "Jelínková"}, {"Král", "Králová"}, {"Růžička", "Růžičková"}, {"Beneš", "Benešová"}, {"Fiala", "Fialová"},
	{"Sedláček", "Sedláčková"}, {"Doležal", "Doležalová"}, {"Zeman", "Zemanová"}, {"Kolář", "Kolářová"}, {"Navrátil", "Navrátilová"},
	{"Čermák", "Čermáková"}, {"Vaněk", "Vaňková"}, {"Urban", "Urbanová"}, {"Blažek", "Blažková"}, {"Kříž", "Křížová"},
	{"Kovář", "Kovářová"}, {"Kratochvíl", "Kratochvílová"}, {"Bartoš", "Bartošová"}, {"Vlček", "Vlčková"}, {"Polák", "Poláková"},
	{"Musil", "Musilová"}, {"Šimek", "Šimková"}, {"Štěpánek", "Štěpánková"}, {"Holub", "Holubová"}, {"Říha", "Říhová"}}

// person is a Czech full name; female first names (ending in a) take the female surname.
func (g *textGen) person() string {
	f := firstNames[g.rnd.IntN(len(firstNames))]
	l := lastNames[g.rnd.IntN(len(lastNames))]
	if strings.HasSuffix(f, "a") || f == "Marie" || f == "Ludmila" {
		return f + " " + l[1]
	}
	return f + " " + l[0]
}
