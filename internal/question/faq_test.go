package question_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"hnizdo.cz/hnizdo/internal/app"
	"hnizdo.cz/hnizdo/internal/db"
	"hnizdo.cz/hnizdo/internal/i18n"
	"hnizdo.cz/hnizdo/internal/question"
)

// ids lists the entries' ids in order.
func ids(list []question.Entry) []int64 {
	var out []int64
	for _, e := range list {
		out = append(out, e.ID)
	}
	return out
}

func TestFAQSearch(t *testing.T) {
	e := setup(t)
	foster := e.ask(t, e.p.jana, "Pěstouni")
	e.answer(t, foster, "Při přechodné pěstounské péči OSPOD sleduje styk dítěte s rodiči.")
	e.publish(t, foster, "Pěstounská péče na přechodnou dobu a styk s rodiči", "Jak často se má dítě vídat s rodiči?")

	e.clock.set(time.Date(2026, time.March, 3, 10, 0, 0, 0, i18n.Prague))
	probation := e.ask(t, e.p.headBlan, "Kurátor")
	e.answer(t, probation, "Kurátor pro děti a mládež se účastní jednání u soudu.")
	if err := e.s.Publish(ctx, e.p.metodik, probation, question.PublishInput{FAQTitle: "Účast kurátora u soudu", Version: e.version(t, probation)}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.pool.Exec(ctx, `UPDATE questions SET area_id = 7 WHERE id = $1`, probation); err != nil {
		t.Fatal(err)
	}

	e.clock.set(time.Date(2026, time.March, 4, 10, 0, 0, 0, i18n.Prague))
	pak := e.ask(t, e.p.metodikPAK, "Pěstounská péče v Pardubickém kraji")
	if err := e.s.Answer(ctx, e.p.metodikPAK, pak, question.AnswerInput{Answer: "Dohoda o výkonu pěstounské péče se uzavírá písemně.", Version: 1}); err != nil {
		t.Fatal(err)
	}
	if err := e.s.Publish(ctx, e.p.metodikPAK, pak, question.PublishInput{FAQTitle: "Dohoda o výkonu pěstounské péče", Version: 2}); err != nil {
		t.Fatal(err)
	}
	unpublished := e.ask(t, e.p.jana, "Pěstounská péče a soud")
	e.answer(t, unpublished, "Pěstounská péče: odpověď jen pro úřad.")

	search := func(f question.Search) []int64 {
		t.Helper()
		list, more, err := e.s.FAQ(ctx, e.p.headBlan, f)
		if err != nil || more {
			t.Fatalf("%v more=%v", err, more)
		}
		return ids(list)
	}
	for _, text := range []string{"pestounske pece", "pěstoun", "Pěstounská péče", "PĚSTOUNSKOU"} {
		t.Run(fmt.Sprintf("%q finds the foster-care entries, never the unpublished one", text), func(t *testing.T) {
			got := search(question.Search{Text: text})
			if len(got) != 2 || !slices.Contains(got, foster) || !slices.Contains(got, pak) {
				t.Fatalf("%v, want %d and %d", got, foster, pak)
			}
		})
	}
	t.Run("every word must match", func(t *testing.T) {
		if got := search(question.Search{Text: "styk rodiči"}); !slices.Equal(got, []int64{foster}) {
			t.Fatalf("%v", got)
		}
	})
	t.Run("the snippet marks the match", func(t *testing.T) {
		list, _, _ := e.s.FAQ(ctx, e.p.jana, question.Search{Text: "kurátor"})
		if len(list) != 1 || list[0].ID != probation || !strings.Contains(list[0].Snippet, "\x01") {
			t.Fatalf("%+v", list)
		}
	})
	t.Run("without text the newest comes first", func(t *testing.T) {
		if got := search(question.Search{}); !slices.Equal(got, []int64{pak, probation, foster}) {
			t.Fatalf("%v", got)
		}
	})
	t.Run("narrowed by region and by area", func(t *testing.T) {
		if got := search(question.Search{Text: "pěstoun", RegionID: e.p.metodik.RegionID}); !slices.Equal(got, []int64{foster}) {
			t.Fatalf("region: %v", got)
		}
		if got := search(question.Search{AreaID: 7}); !slices.Equal(got, []int64{probation}) {
			t.Fatalf("area: %v", got)
		}
	})
	t.Run("punctuation and nonsense find nothing, without an error", func(t *testing.T) {
		if got := search(question.Search{Text: "zzzxq"}); len(got) != 0 {
			t.Fatalf("%v", got)
		}
		if got := search(question.Search{Text: `"'&|!():*`}); len(got) != 3 {
			t.Fatalf("%v", got)
		}
	})
	t.Run("areas counted for browsing", func(t *testing.T) {
		got, err := e.s.AreaCounts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		want := []question.AreaCount{{AreaID: 6, Name: "Náhradní rodinná péče", Count: 2}, {AreaID: 7, Name: "Kurátor pro děti a mládež", Count: 1}}
		if !slices.Equal(got, want) {
			t.Fatalf("%+v", got)
		}
	})
	t.Run("nobody signed in reads nothing", func(t *testing.T) {
		if _, _, err := e.s.FAQ(ctx, nil, question.Search{}); !errors.Is(err, app.ErrForbidden) {
			t.Fatalf("got %v", err)
		}
	})
}

func TestFAQPaging(t *testing.T) {
	e := setup(t)
	var all []int64
	for i := range question.PageSize + 3 {
		var id int64
		err := e.pool.QueryRow(ctx, `
			INSERT INTO questions (region_id, office_id, asker_id, title, state, due, answer, answered_at, faq_title, published_at)
			VALUES ($1, $2, $3, 'Otázka', 'published', '2026-04-01', 'Odpověď o pěstounské péči.', now(), $4,
				'2026-03-01'::timestamptz + make_interval(hours => $5))
			RETURNING id`, e.p.jana.RegionID, e.slap, e.p.jana.ID, fmt.Sprintf("Pěstounská péče %d", i), i).Scan(&id)
		if err != nil {
			t.Fatal(err)
		}
		all = append([]int64{id}, all...) // newest first
	}
	for _, text := range []string{"", "pěstoun"} {
		t.Run(fmt.Sprintf("%q: two pages, every entry once", text), func(t *testing.T) {
			first, more, err := e.s.FAQ(ctx, e.p.jana, question.Search{Text: text})
			if err != nil || !more || len(first) != question.PageSize {
				t.Fatalf("%v more=%v %d", err, more, len(first))
			}
			second, more, err := e.s.FAQ(ctx, e.p.jana, question.Search{Text: text, Page: 1})
			if err != nil || more || len(second) != 3 {
				t.Fatalf("%v more=%v %d", err, more, len(second))
			}
			got := append(ids(first), ids(second)...)
			if text == "" && !slices.Equal(got, all) {
				t.Fatalf("%v, want %v", got, all)
			}
			slices.Sort(got)
			if len(slices.Compact(got)) != len(all) {
				t.Fatalf("%v", got)
			}
		})
	}
	t.Run("a page past the bound shows the first", func(t *testing.T) {
		list, _, err := e.s.FAQ(ctx, e.p.jana, question.Search{Page: 1000})
		if err != nil || len(list) != question.PageSize || list[0].ID != all[0] {
			t.Fatalf("%v %v", err, ids(list))
		}
	})
}

// TestFAQCapped: a word most entries share ranks only the newest Candidates matches, says so,
// and pages through them; a rarer word ranks all its matches.
func TestFAQCapped(t *testing.T) {
	e := setup(t)
	var newest []int64 // the matches, newest first
	for i := range question.Candidates + 5 {
		var id int64
		err := e.pool.QueryRow(ctx, `
			INSERT INTO questions (region_id, office_id, asker_id, title, state, due, answer, answered_at, faq_title, published_at)
			VALUES ($1, $2, $3, 'Otázka', 'published', '2026-04-01', $4, now(), $5,
				'2026-01-01'::timestamptz + make_interval(hours => $6))
			RETURNING id`, e.p.jana.RegionID, e.slap, e.p.jana.ID,
			fmt.Sprintf("Odpověď o pěstounské péči č. %d.", i), fmt.Sprintf("Pěstounská péče %d", i), i).Scan(&id)
		if err != nil {
			t.Fatal(err)
		}
		newest = append([]int64{id}, newest...)
	}
	rare := e.ask(t, e.p.jana, "Kurátor u soudu")
	e.answer(t, rare, "Kurátor se účastní jednání u soudu v pěstounské péči.")
	e.publish(t, rare, "Kurátor u soudu", "")
	newest = append([]int64{rare}, newest...)

	t.Run("a common word: the newest matches ranked, the rest left out, and the search says so", func(t *testing.T) {
		var got []int64
		for page := 0; ; page++ {
			res, err := e.s.SearchFAQ(ctx, e.p.jana, question.Search{Text: "pěstoun", Page: page})
			if err != nil {
				t.Fatal(err)
			}
			if !res.Capped {
				t.Fatalf("page %d is not capped", page)
			}
			if len(res.Entries) != question.PageSize {
				t.Fatalf("page %d has %d entries", page, len(res.Entries))
			}
			got = append(got, ids(res.Entries)...)
			if !res.More {
				break
			}
			if page > question.Candidates/question.PageSize {
				t.Fatal("the pages do not end")
			}
		}
		slices.Sort(got)
		want := slices.Clone(newest[:question.Candidates])
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Fatalf("the pages hold %v, want the newest %d matches %v", got, question.Candidates, want)
		}
	})
	t.Run("a narrower search ranks all its matches", func(t *testing.T) {
		res, err := e.s.SearchFAQ(ctx, e.p.jana, question.Search{Text: "pěstoun kurátor"})
		if err != nil || res.Capped || res.More || !slices.Equal(ids(res.Entries), []int64{rare}) {
			t.Fatalf("%v %+v", err, res)
		}
	})
	t.Run("a page past the candidates shows the first", func(t *testing.T) {
		first, err := e.s.SearchFAQ(ctx, e.p.jana, question.Search{Text: "pěstoun"})
		if err != nil {
			t.Fatal(err)
		}
		past, err := e.s.SearchFAQ(ctx, e.p.jana, question.Search{Text: "pěstoun", Page: question.Candidates / question.PageSize})
		if err != nil || !slices.Equal(ids(past.Entries), ids(first.Entries)) {
			t.Fatalf("%v %v, want %v", err, ids(past.Entries), ids(first.Entries))
		}
	})
	t.Run("without words nothing is ranked or capped", func(t *testing.T) {
		res, err := e.s.SearchFAQ(ctx, e.p.jana, question.Search{})
		if err != nil || res.Capped || !res.More || !slices.Equal(ids(res.Entries), newest[:question.PageSize]) {
			t.Fatalf("%v %+v", err, res)
		}
	})
}

func TestFAQEntry(t *testing.T) {
	e := setup(t)
	n := e.note(t, "Styk s rodiči v pěstounské péči", "published")
	id, err := e.s.Ask(ctx, e.p.jana, question.AskInput{Title: "Městský úřad Šlapanice: styk s rodiči",
		Body: "U nás ve Šlapanicích nevíme, jak často styk povolit.", AreaID: 6})
	if err != nil {
		t.Fatal(err)
	}
	err = e.s.Answer(ctx, e.p.metodik, id, question.AnswerInput{Answer: "Styk upravuje soud; OSPOD jej podporuje.",
		Laws: "§ 47j zákona č. 359/1999 Sb.", StandardIDs: []int16{9, 8}, NoteIDs: []int64{n}, Version: 1})
	if err != nil {
		t.Fatal(err)
	}
	e.publish(t, id, "Jak často povolit styk dítěte s rodiči?", "Ptá se jeden z úřadů kraje.")

	t.Run("shows the FAQ wording, the answer and what it cites", func(t *testing.T) {
		en, err := e.s.Entry(ctx, e.p.metodikPAK, id)
		if err != nil {
			t.Fatal(err)
		}
		if en.FAQTitle != "Jak často povolit styk dítěte s rodiči?" || en.Answer != "Styk upravuje soud; OSPOD jej podporuje." ||
			en.RegionName != "Jihomoravský kraj" || en.AreaName != "Náhradní rodinná péče" || en.PublishedAt.IsZero() || en.Topic != nil {
			t.Fatalf("%+v", en)
		}
		if !slices.Equal(en.Standards, []string{"8 Přijetí oznámení, posouzení naléhavosti a přidělení případu",
			"9 Jednání s klienty, vyhodnocování a individuální plán ochrany dítěte"}) {
			t.Fatalf("standards %q", en.Standards)
		}
		if !slices.Equal(en.Notes, []question.NoteRef{{ID: n, Title: "Styk s rodiči v pěstounské péči"}}) {
			t.Fatalf("notes %+v", en.Notes)
		}
	})
	t.Run("never shows the asker, the office or the original wording", func(t *testing.T) {
		en, _ := e.s.Entry(ctx, e.p.headBlan, id)
		list, _, _ := e.s.FAQ(ctx, e.p.headBlan, question.Search{Text: "styk"})
		if len(list) != 1 {
			t.Fatalf("%+v", list)
		}
		q, _ := e.s.Get(ctx, e.p.headBlan, id)
		for name, v := range map[string]any{"entry": en, "search hit": list[0], "question": q} {
			js, err := json.Marshal(v)
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range []string{string(js), fmt.Sprintf("%+v", v)} {
				for _, secret := range []string{"Šlapanic", "Jana", "Nováková", "Městský úřad", "nevíme"} {
					if strings.Contains(s, secret) {
						t.Errorf("%s shows %q: %s", name, secret, s)
					}
				}
			}
		}
	})
	t.Run("names the findings it came from by criterion and year", func(t *testing.T) {
		f1, f2 := e.finding(t, e.p.metodik, e.slap), e.finding(t, e.p.metodik, e.blan)
		var sid int64
		err := db.InTx(ctx, e.pool, func(tx pgx.Tx) error {
			var err error
			sid, err = question.Spawn(ctx, tx, e.p.metodik, question.Seed{Title: "Příjem oznámení", FindingIDs: []int64{f1, f2}})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		e.answer(t, sid, "Oznámení přijímejte podle jednotného postupu.")
		e.publish(t, sid, "Jednotný příjem oznámení", "")
		en, err := e.s.Entry(ctx, e.p.jana, sid)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(en.Findings, []question.FindingRef{{ID: f1, Code: "8a", Year: 2026}, {ID: f2, Code: "8a", Year: 2026}}) {
			t.Fatalf("findings %+v", en.Findings)
		}
		js, _ := json.Marshal(en)
		if strings.Contains(string(js), "Šlapanice") || strings.Contains(string(js), "Blansko") {
			t.Fatalf("an office is named: %s", js)
		}
	})
	t.Run("names the meeting it came from", func(t *testing.T) {
		meetingID, topicID := e.topic(t, e.p.metodik.RegionID, &e.p.jana.ID)
		tid, err := e.fromTopic(e.p.coord.ID, topicID)
		if err != nil {
			t.Fatal(err)
		}
		e.answer(t, tid, "Četnost styku určuje soud.")
		e.publish(t, tid, "Četnost styku pěstounů s rodiči", "")
		en, err := e.s.Entry(ctx, e.p.jana, tid)
		if err != nil {
			t.Fatal(err)
		}
		if en.Topic == nil || *en.Topic != (question.TopicRef{MeetingID: meetingID, MeetingTitle: "OSPOD sobě – jaro 2026"}) {
			t.Fatalf("topic %+v", en.Topic)
		}
	})
	t.Run("an unpublished question is not an entry, not even for its asker", func(t *testing.T) {
		other := e.ask(t, e.p.jana, "Neveřejná")
		e.answer(t, other, "Odpověď.")
		if _, err := e.s.Entry(ctx, e.p.jana, other); !errors.Is(err, app.ErrNotFound) {
			t.Fatalf("got %v", err)
		}
		if _, err := e.s.Entry(ctx, e.p.jana, other+1000); !errors.Is(err, app.ErrNotFound) {
			t.Fatalf("missing: %v", err)
		}
	})
}
