package question_test

import (
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"hnizdo.cz/hnizdo/internal/app"
	"hnizdo.cz/hnizdo/internal/auth"
	"hnizdo.cz/hnizdo/internal/db"
	"hnizdo.cz/hnizdo/internal/i18n"
	"hnizdo.cz/hnizdo/internal/question"
)

func TestAsk(t *testing.T) {
	e := setup(t)

	t.Run("stored as new in the asker's region, due in the region's 30 days", func(t *testing.T) {
		id, err := e.s.Ask(ctx, e.p.jana, question.AskInput{Title: "  Styk   s rodiči ", Body: "Jak často?\r\n", AreaID: 6})
		if err != nil {
			t.Fatal(err)
		}
		q, err := e.s.Get(ctx, e.p.jana, id)
		if err != nil {
			t.Fatal(err)
		}
		if q.State != question.New || q.RegionID != e.p.jana.RegionID || q.OfficeID != e.slap || q.AskerName != "Jana Nováková" {
			t.Fatalf("question %+v", q)
		}
		if q.Title != "Styk s rodiči" || q.Body != "Jak často?" || q.AreaName != "Náhradní rodinná péče" || q.OfficeName != "Městský úřad Šlapanice" {
			t.Fatalf("wording %q %q %q %q", q.Title, q.Body, q.AreaName, q.OfficeName)
		}
		if want := date(2026, 4, 1); !q.Due.Equal(want) {
			t.Fatalf("due %s, want %s", q.Due, want)
		}
		if got := e.trail(t, "question", id); !slices.Equal(got, []string{"question.ask →new"}) {
			t.Fatalf("audit %v", got)
		}
	})

	bad := []struct {
		name       string
		in         question.AskInput
		field, key string
	}{
		{"birth number in the title refused", question.AskInput{Title: "Dítě 850101/1234 a styk"}, "title", "question.err.personal_data"},
		{"birth number in the body refused", question.AskInput{Title: "Styk s rodiči", Body: "Jde o dítě s RČ 850101/1234."}, "body", "question.err.personal_data"},
		{"empty title refused", question.AskInput{Title: "  ", Body: "Něco"}, "title", "err.required"},
		{"long title refused", question.AskInput{Title: strings.Repeat("a", 201)}, "title", "err.too_long"},
		{"long body refused", question.AskInput{Title: "Styk", Body: strings.Repeat("a", 4001)}, "body", "err.too_long"},
		{"unknown area refused", question.AskInput{Title: "Styk", AreaID: 99}, "area", "err.choose"},
	}
	for _, c := range bad {
		t.Run(c.name+", nothing stored", func(t *testing.T) {
			var before int
			e.pool.QueryRow(ctx, `SELECT count(*) FROM questions`).Scan(&before)
			_, err := e.s.Ask(ctx, e.p.jana, c.in)
			if got := invalid(t, err)[c.field]; got != c.key {
				t.Fatalf("%s: %q, want %q (%v)", c.field, got, c.key, err)
			}
			var after int
			e.pool.QueryRow(ctx, `SELECT count(*) FROM questions`).Scan(&after)
			if after != before {
				t.Fatalf("%d questions, had %d", after, before)
			}
		})
	}
}

func TestWorkflow(t *testing.T) {
	e := setup(t)
	n := e.note(t, "Styk dítěte v pěstounské péči s rodiči", "published")
	id := e.ask(t, e.p.jana, "Styk s rodiči")

	t.Run("assigned to another methodologist", func(t *testing.T) {
		if err := e.s.Assign(ctx, e.p.metodik, id, e.p.metodik2.ID, e.version(t, id)); err != nil {
			t.Fatal(err)
		}
		q, _ := e.s.Get(ctx, e.p.metodik, id)
		if q.State != question.Assigned || q.AssigneeName != "Karel Kontrolor" {
			t.Fatalf("%s %q", q.State, q.AssigneeName)
		}
	})
	t.Run("answered citing a standard, a law and a note", func(t *testing.T) {
		e.clock.set(time.Date(2026, time.March, 10, 9, 0, 0, 0, i18n.Prague))
		err := e.s.Answer(ctx, e.p.metodik2, id, question.AnswerInput{Answer: "Styk upravuje **soud**.", Laws: "§ 47j zákona č. 359/1999 Sb.",
			StandardIDs: []int16{8, 8}, NoteIDs: []int64{n}, Version: e.version(t, id)})
		if err != nil {
			t.Fatal(err)
		}
		q, _ := e.s.Get(ctx, e.p.jana, id)
		if q.State != question.Answered || q.AnsweredBy != "Karel Kontrolor" || !slices.Equal(q.StandardIDs, []int16{8}) ||
			!slices.Equal(q.NoteIDs, []int64{n}) || q.AnsweredAt == nil || !q.AnsweredAt.Equal(e.clock.now()) {
			t.Fatalf("%+v", q)
		}
	})
	t.Run("the answer edited before publishing replaces the notes", func(t *testing.T) {
		err := e.s.Answer(ctx, e.p.metodik, id, question.AnswerInput{Answer: "Styk upravuje soud; OSPOD jej podporuje.", Version: e.version(t, id)})
		if err != nil {
			t.Fatal(err)
		}
		q, _ := e.s.Get(ctx, e.p.jana, id)
		if q.State != question.Answered || len(q.NoteIDs) != 0 || q.AnsweredBy != "Martina Metodická" || q.AssigneeName != "Karel Kontrolor" {
			t.Fatalf("%+v", q)
		}
	})
	t.Run("published with the anonymised wording", func(t *testing.T) {
		e.publish(t, id, "Jak často má probíhat styk dítěte v pěstounské péči s rodiči?", "Ptáme se za celý tým.")
		q, _ := e.s.Get(ctx, e.p.jana, id)
		if q.State != question.Published || q.PublishedAt == nil || q.FAQTitle == "" || q.Title != "Styk s rodiči" {
			t.Fatalf("%+v", q)
		}
	})
	t.Run("unpublished, kept private", func(t *testing.T) {
		if err := e.s.KeepPrivate(ctx, e.p.metodik, id, e.version(t, id)); err != nil {
			t.Fatal(err)
		}
		q, _ := e.s.Get(ctx, e.p.jana, id)
		if q.State != question.Private || q.PublishedAt != nil {
			t.Fatalf("%+v", q)
		}
	})
	t.Run("published again from private", func(t *testing.T) {
		e.publish(t, id, "Styk dítěte v pěstounské péči s rodiči", "")
		if st := e.state(t, id); st != question.Published {
			t.Fatal(st)
		}
	})
	t.Run("every step is in the audit log", func(t *testing.T) {
		want := []string{"question.ask →new", "question.assign new→assigned", "question.answer assigned→answered",
			"question.answer answered→answered", "question.publish answered→published", "question.private published→private",
			"question.publish private→published"}
		if got := e.trail(t, "question", id); !slices.Equal(got, want) {
			t.Fatalf("audit\n%v\nwant\n%v", got, want)
		}
	})
	t.Run("answered question kept private directly", func(t *testing.T) {
		id := e.ask(t, e.p.jana, "Jiná otázka")
		e.answer(t, id, "Odpověď jen pro úřad.")
		if err := e.s.KeepPrivate(ctx, e.p.metodik, id, e.version(t, id)); err != nil {
			t.Fatal(err)
		}
		if got := e.trail(t, "question", id); !slices.Equal(got, []string{"question.ask →new", "question.answer new→answered", "question.private answered→private"}) {
			t.Fatalf("audit %v", got)
		}
		q, _ := e.s.Get(ctx, e.p.metodik, id)
		if q.AssigneeName != "Martina Metodická" {
			t.Fatalf("an unassigned question answered belongs to who answered it: %q", q.AssigneeName)
		}
	})
}

// unchanged checks that question id still has state and version and only n audit entries.
func (e env) unchanged(t *testing.T, id int64, st question.State, version int32, n int) {
	t.Helper()
	if got := e.state(t, id); got != st {
		t.Errorf("state %s, want %s", got, st)
	}
	if got := e.version(t, id); got != version {
		t.Errorf("version %d, want %d", got, version)
	}
	if got := e.trail(t, "question", id); len(got) != n {
		t.Errorf("audit %v, want %d entries", got, n)
	}
}

func TestRefusals(t *testing.T) {
	e := setup(t)
	draft := e.note(t, "Rozpracovaná poznámka", "draft")

	t.Run("publishing a new question refused, nothing changed", func(t *testing.T) {
		id := e.ask(t, e.p.jana, "Styk")
		err := e.s.Publish(ctx, e.p.metodik, id, question.PublishInput{FAQTitle: "Styk", Version: 1})
		if !errors.Is(err, question.ErrState) || !errors.Is(err, app.ErrConflict) {
			t.Fatalf("got %v", err)
		}
		e.unchanged(t, id, question.New, 1, 1)
	})
	t.Run("keeping a new question private refused", func(t *testing.T) {
		id := e.ask(t, e.p.jana, "Styk")
		if err := e.s.KeepPrivate(ctx, e.p.metodik, id, 1); !errors.Is(err, question.ErrState) {
			t.Fatalf("got %v", err)
		}
		e.unchanged(t, id, question.New, 1, 1)
	})
	t.Run("answering or assigning a published question refused", func(t *testing.T) {
		id := e.ask(t, e.p.jana, "Styk")
		e.answer(t, id, "Odpověď.")
		e.publish(t, id, "Styk s rodiči", "")
		v := e.version(t, id)
		if err := e.s.Answer(ctx, e.p.metodik, id, question.AnswerInput{Answer: "Jiná.", Version: v}); !errors.Is(err, question.ErrState) {
			t.Fatalf("answer: %v", err)
		}
		if err := e.s.Assign(ctx, e.p.metodik, id, e.p.metodik.ID, v); !errors.Is(err, question.ErrState) {
			t.Fatalf("assign: %v", err)
		}
		e.unchanged(t, id, question.Published, v, 3)
	})
	t.Run("stale version refused, the first change stays", func(t *testing.T) {
		id := e.ask(t, e.p.jana, "Styk")
		if err := e.s.Assign(ctx, e.p.metodik, id, e.p.metodik2.ID, 1); err != nil {
			t.Fatal(err)
		}
		err := e.s.Assign(ctx, e.p.metodik2, id, e.p.metodik.ID, 1)
		if !errors.Is(err, question.ErrChanged) || !errors.Is(err, app.ErrConflict) {
			t.Fatalf("got %v", err)
		}
		err = e.s.Answer(ctx, e.p.metodik2, id, question.AnswerInput{Answer: "Odpověď.", Version: 1})
		if !errors.Is(err, question.ErrChanged) {
			t.Fatalf("answer: %v", err)
		}
		e.unchanged(t, id, question.Assigned, 2, 2)
		q, _ := e.s.Get(ctx, e.p.metodik, id)
		if q.AssigneeID == nil || *q.AssigneeID != e.p.metodik2.ID {
			t.Fatalf("assignee %v", q.AssigneeID)
		}
	})

	id := e.ask(t, e.p.jana, "Styk")
	bad := []struct {
		name       string
		in         question.AnswerInput
		field, key string
	}{
		{"empty answer refused", question.AnswerInput{Answer: " "}, "answer", "question.err.answer"},
		{"answer with a birth number refused", question.AnswerInput{Answer: "U dítěte 850101/1234 postupujte…"}, "answer", "question.err.personal_data"},
		{"answer too long refused", question.AnswerInput{Answer: strings.Repeat("a", 20001)}, "answer", "err.too_long"},
		{"unknown standard refused", question.AnswerInput{Answer: "Odpověď.", StandardIDs: []int16{15}}, "standards", "err.choose"},
		{"a draft note refused", question.AnswerInput{Answer: "Odpověď.", NoteIDs: []int64{draft}}, "notes", "question.err.note"},
		{"a missing note refused", question.AnswerInput{Answer: "Odpověď.", NoteIDs: []int64{draft + 1000}}, "notes", "question.err.note"},
	}
	for _, c := range bad {
		t.Run(c.name+", nothing changed", func(t *testing.T) {
			c.in.Version = 1
			if got := invalid(t, e.s.Answer(ctx, e.p.metodik, id, c.in))[c.field]; got != c.key {
				t.Fatalf("%s: %q, want %q", c.field, got, c.key)
			}
			e.unchanged(t, id, question.New, 1, 1)
		})
	}
	t.Run("assigning to someone not a methodologist of the region refused", func(t *testing.T) {
		for _, u := range []*auth.User{e.p.jana, e.p.coord, e.p.metodikPAK} {
			if got := invalid(t, e.s.Assign(ctx, e.p.metodik, id, u.ID, 1))["assignee"]; got != "err.choose" {
				t.Fatalf("%s: %q", u.Name, got)
			}
		}
		e.unchanged(t, id, question.New, 1, 1)
	})
	t.Run("office staff may not assign or answer their question", func(t *testing.T) {
		if err := e.s.Assign(ctx, e.p.headSlap, id, e.p.metodik.ID, 1); !errors.Is(err, app.ErrForbidden) {
			t.Fatalf("assign: %v", err)
		}
		if err := e.s.Answer(ctx, e.p.jana, id, question.AnswerInput{Answer: "Sama si odpovím.", Version: 1}); !errors.Is(err, app.ErrForbidden) {
			t.Fatalf("answer: %v", err)
		}
		e.unchanged(t, id, question.New, 1, 1)
	})
	t.Run("another region's methodologist does not find it", func(t *testing.T) {
		if err := e.s.Assign(ctx, e.p.metodikPAK, id, e.p.metodikPAK.ID, 1); !errors.Is(err, app.ErrNotFound) {
			t.Fatalf("got %v", err)
		}
		e.unchanged(t, id, question.New, 1, 1)
	})

	e.answer(t, id, "Styk upravuje soud.")
	v := e.version(t, id)
	pub := []struct {
		name       string
		in         question.PublishInput
		field, key string
	}{
		{"FAQ without a title refused", question.PublishInput{FAQBody: "Text."}, "faq_title", "err.required"},
		{"FAQ with a birth number refused", question.PublishInput{FAQTitle: "Styk", FAQBody: "Dítě 850101/1234."}, "faq_body", "question.err.personal_data"},
		{"FAQ naming the office refused", question.PublishInput{FAQTitle: "Styk na Městském úřadu Šlapanice"}, "faq_title", "question.err.identifies"},
		{"FAQ naming the municipality refused", question.PublishInput{FAQTitle: "Styk", FAQBody: "U nás ve Šlapanicích se to řeší takto."}, "faq_body", "question.err.identifies"},
		{"FAQ naming the asker refused", question.PublishInput{FAQTitle: "Styk", FAQBody: "Ptá se Jana Nováková."}, "faq_body", "question.err.identifies"},
	}
	for _, c := range pub {
		t.Run(c.name+", nothing changed", func(t *testing.T) {
			c.in.Version = v
			if got := invalid(t, e.s.Publish(ctx, e.p.metodik, id, c.in))[c.field]; got != c.key {
				t.Fatalf("%s: %q, want %q", c.field, got, c.key)
			}
			e.unchanged(t, id, question.Answered, v, 2)
		})
	}
}

func TestVisibility(t *testing.T) {
	e := setup(t)
	id := e.ask(t, e.p.jana, "Styk s rodiči na Městském úřadu Šlapanice")
	e.answer(t, id, "Styk upravuje soud.")
	if err := e.s.KeepPrivate(ctx, e.p.metodik, id, e.version(t, id)); err != nil {
		t.Fatal(err)
	}
	inQueue := func(u *auth.User) bool {
		list, err := e.s.Queue(ctx, u, question.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		return slices.ContainsFunc(list, func(q question.Question) bool { return q.ID == id })
	}

	for _, u := range []*auth.User{e.p.jana, e.p.headSlap, e.p.metodik, e.p.metodik2} {
		t.Run(u.Name+" reads the private question as asked", func(t *testing.T) {
			q, err := e.s.Get(ctx, u, id)
			if err != nil {
				t.Fatal(err)
			}
			if q.AskerName != "Jana Nováková" || q.OfficeName != "Městský úřad Šlapanice" || q.Answer != "Styk upravuje soud." {
				t.Fatalf("%+v", q)
			}
			if !inQueue(u) {
				t.Fatal("not in the queue")
			}
		})
	}
	for _, u := range []*auth.User{e.p.headBlan, e.p.metodikPAK, e.p.coord} {
		t.Run(u.Name+" does not find the private question", func(t *testing.T) {
			if _, err := e.s.Get(ctx, u, id); !errors.Is(err, app.ErrNotFound) {
				t.Fatalf("got %v", err)
			}
			if inQueue(u) {
				t.Fatal("in the queue")
			}
		})
	}
	t.Run("nobody reads a private question in the FAQ, not even the asker", func(t *testing.T) {
		if _, err := e.s.Entry(ctx, e.p.jana, id); !errors.Is(err, app.ErrNotFound) {
			t.Fatalf("got %v", err)
		}
	})

	e.publish(t, id, "Jak často má probíhat styk s rodiči?", "")
	for _, u := range []*auth.User{e.p.headBlan, e.p.metodikPAK, e.p.coord, e.p.jana} {
		t.Run(u.Name+" reads the published question in the FAQ", func(t *testing.T) {
			en, err := e.s.Entry(ctx, u, id)
			if err != nil || en.FAQTitle != "Jak často má probíhat styk s rodiči?" {
				t.Fatalf("%v %+v", err, en)
			}
			list, _, err := e.s.FAQ(ctx, u, question.Search{})
			if err != nil || len(list) != 1 || list[0].ID != id {
				t.Fatalf("%v %+v", err, list)
			}
		})
	}
	for _, u := range []*auth.User{e.p.headBlan, e.p.metodikPAK} {
		t.Run(u.Name+" gets the published question without asker, office or wording", func(t *testing.T) {
			q, err := e.s.Get(ctx, u, id)
			if err != nil {
				t.Fatal(err)
			}
			if q.AskerID != 0 || q.AskerName != "" || q.OfficeID != 0 || q.OfficeName != "" || strings.Contains(q.Title, "Šlapanice") ||
				q.Title != q.FAQTitle {
				t.Fatalf("%+v", q)
			}
			if inQueue(u) {
				t.Fatal("in the queue")
			}
		})
	}
}

func TestDue(t *testing.T) {
	e := setup(t)
	old := e.ask(t, e.p.jana, "Položená před změnou")

	t.Run("only a methodologist sets the days, 1 to 365", func(t *testing.T) {
		if err := e.s.SetAnswerDays(ctx, e.p.headSlap, 10); !errors.Is(err, app.ErrForbidden) {
			t.Fatalf("head: %v", err)
		}
		for _, d := range []int{0, 366} {
			if got := invalid(t, e.s.SetAnswerDays(ctx, e.p.metodik, d))["days"]; got != "question.err.days" {
				t.Fatalf("%d: %q", d, got)
			}
		}
		if days, _ := e.s.AnswerDays(ctx, e.p.metodik.RegionID); days != 30 {
			t.Fatalf("days %d", days)
		}
	})
	t.Run("set to 10, audited on the region", func(t *testing.T) {
		if err := e.s.SetAnswerDays(ctx, e.p.metodik, 10); err != nil {
			t.Fatal(err)
		}
		if days, _ := e.s.AnswerDays(ctx, e.p.metodik.RegionID); days != 10 {
			t.Fatalf("days %d", days)
		}
		if days, _ := e.s.AnswerDays(ctx, e.p.metodikPAK.RegionID); days != 30 {
			t.Fatalf("PAK days %d", days)
		}
		if got := e.trail(t, "region", int64(e.p.metodik.RegionID)); !slices.Equal(got, []string{"region.answer_days 30→10"}) {
			t.Fatalf("audit %v", got)
		}
	})

	// Wednesday 4 March + 10 calendar days = Saturday 14 March: a target stays on the weekend.
	e.clock.set(time.Date(2026, time.March, 4, 23, 30, 0, 0, i18n.Prague))
	id := e.ask(t, e.p.jana, "Položená po změně")
	t.Run("due in 10 calendar days, not moved off the weekend", func(t *testing.T) {
		q, _ := e.s.Get(ctx, e.p.jana, id)
		if !q.Due.Equal(date(2026, 3, 14)) {
			t.Fatalf("due %s", q.Due)
		}
		q, _ = e.s.Get(ctx, e.p.jana, old)
		if !q.Due.Equal(date(2026, 4, 1)) {
			t.Fatalf("an earlier question's due moved: %s", q.Due)
		}
	})
	t.Run("overdue the day after the target date", func(t *testing.T) {
		q, _ := e.s.Get(ctx, e.p.jana, id)
		if q.Overdue(date(2026, 3, 14)) || !q.Overdue(date(2026, 3, 15)) {
			t.Fatal("overdue wrong")
		}
		e.clock.set(time.Date(2026, time.March, 15, 0, 30, 0, 0, i18n.Prague))
		list, err := e.s.Queue(ctx, e.p.metodik, question.Filter{Overdue: true})
		if err != nil || len(list) != 1 || list[0].ID != id {
			t.Fatalf("%v %+v", err, list)
		}
	})
	t.Run("an answered question is not overdue", func(t *testing.T) {
		e.answer(t, id, "Odpověď.")
		q, _ := e.s.Get(ctx, e.p.jana, id)
		if q.Overdue(date(2026, 3, 20)) {
			t.Fatal("answered yet overdue")
		}
		if list, _ := e.s.Queue(ctx, e.p.metodik, question.Filter{Overdue: true}); len(list) != 0 {
			t.Fatalf("%+v", list)
		}
	})
}

func TestFromTopic(t *testing.T) {
	e := setup(t)
	meetingID, topicID := e.topic(t, e.p.metodik.RegionID, &e.p.jana.ID)

	id, err := e.fromTopic(e.p.coord.ID, topicID)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("arrives in the region's queue as new, asked by the proposer", func(t *testing.T) {
		q, err := e.s.Get(ctx, e.p.metodik, id)
		if err != nil {
			t.Fatal(err)
		}
		if q.State != question.New || q.AskerID != e.p.jana.ID || q.OfficeID != e.slap || q.RegionID != e.p.metodik.RegionID ||
			q.Title != "Styk pěstounů s rodiči" || q.AreaID == nil || *q.AreaID != 6 || q.TopicID == nil || *q.TopicID != topicID ||
			q.MeetingID != meetingID || q.MeetingTitle != "OSPOD sobě – jaro 2026" {
			t.Fatalf("%+v", q)
		}
		if q.Body != "Jak často má probíhat styk?\n\nPraxe úřadů se liší.\n\nObrátit se na kraj." {
			t.Fatalf("body %q", q.Body)
		}
		if !q.Due.Equal(question.Today(time.Now()).AddDate(0, 0, 30)) {
			t.Fatalf("due %s", q.Due)
		}
		list, _ := e.s.Queue(ctx, e.p.metodik, question.Filter{States: []question.State{question.New}})
		if len(list) != 1 || list[0].ID != id {
			t.Fatalf("%+v", list)
		}
	})
	t.Run("a second call returns the same question", func(t *testing.T) {
		again, err := e.fromTopic(e.p.metodik.ID, topicID)
		if err != nil || again != id {
			t.Fatalf("%d %v, want %d", again, err, id)
		}
		var n int
		e.pool.QueryRow(ctx, `SELECT count(*) FROM questions WHERE topic_id = $1`, topicID).Scan(&n)
		if n != 1 {
			t.Fatalf("%d questions", n)
		}
		if got := e.trail(t, "question", id); !slices.Equal(got, []string{"question.from_topic →new"}) {
			t.Fatalf("audit %v", got)
		}
	})
	t.Run("concurrent calls make one question", func(t *testing.T) {
		_, topicID := e.topic(t, e.p.metodik.RegionID, &e.p.jana.ID)
		var wg sync.WaitGroup
		start := make(chan struct{})
		ids := make([]int64, 4)
		errs := make([]error, 4)
		for i := range ids {
			wg.Go(func() {
				<-start
				ids[i], errs[i] = e.fromTopic(e.p.coord.ID, topicID)
			})
		}
		close(start)
		wg.Wait()
		for i := range ids {
			if errs[i] != nil || ids[i] != ids[0] {
				t.Fatalf("%v %v", ids, errs)
			}
		}
		var n int
		e.pool.QueryRow(ctx, `SELECT count(*) FROM questions WHERE topic_id = $1`, topicID).Scan(&n)
		if n != 1 {
			t.Fatalf("%d questions", n)
		}
	})
	t.Run("without a proposer the actor asks", func(t *testing.T) {
		_, topicID := e.topic(t, e.p.metodik.RegionID, nil)
		id, err := e.fromTopic(e.p.coord.ID, topicID)
		if err != nil {
			t.Fatal(err)
		}
		q, _ := e.s.Get(ctx, e.p.metodik, id)
		if q.AskerID != e.p.coord.ID || q.OfficeID != e.p.coord.OfficeID {
			t.Fatalf("%+v", q)
		}
	})
	t.Run("a missing topic is not found", func(t *testing.T) {
		if _, err := e.fromTopic(e.p.coord.ID, topicID+1000); !errors.Is(err, app.ErrNotFound) {
			t.Fatalf("got %v", err)
		}
	})
}

func TestSpawn(t *testing.T) {
	e := setup(t)
	f1, f2 := e.finding(t, e.p.metodik, e.slap), e.finding(t, e.p.metodik, e.blan)
	spawn := func(u *auth.User, in question.Seed) (int64, error) {
		var id int64
		err := db.InTx(ctx, e.pool, func(tx pgx.Tx) error {
			var err error
			id, err = question.Spawn(ctx, tx, u, in)
			return err
		})
		return id, err
	}

	t.Run("assigned to the methodologist, linked to the findings", func(t *testing.T) {
		id, err := spawn(e.p.metodik, question.Seed{Title: "Jednotný příjem oznámení", Body: "Opakované zjištění 8a.", AreaID: 1, FindingIDs: []int64{f2, f1, f1}})
		if err != nil {
			t.Fatal(err)
		}
		q, _ := e.s.Get(ctx, e.p.metodik, id)
		if q.State != question.Assigned || q.AskerID != e.p.metodik.ID || q.AssigneeID == nil || *q.AssigneeID != e.p.metodik.ID ||
			q.OfficeID != e.p.metodik.OfficeID || !slices.Equal(q.FindingIDs, []int64{f1, f2}) {
			t.Fatalf("%+v", q)
		}
		if got := e.trail(t, "question", id); !slices.Equal(got, []string{"question.spawn →assigned"}) {
			t.Fatalf("audit %v", got)
		}
	})
	t.Run("another region's findings refused", func(t *testing.T) {
		pak := e.finding(t, e.p.metodikPAK, e.p.metodikPAK.OfficeID)
		_, err := spawn(e.p.metodik, question.Seed{Title: "Příjem oznámení", FindingIDs: []int64{f1, pak}})
		if got := invalid(t, err)["findings"]; got != "err.choose" {
			t.Fatalf("%q", got)
		}
	})
	t.Run("without findings refused", func(t *testing.T) {
		_, err := spawn(e.p.metodik, question.Seed{Title: "Příjem oznámení"})
		if got := invalid(t, err)["findings"]; got != "err.choose" {
			t.Fatalf("%q", got)
		}
	})
	t.Run("an office head may not spawn", func(t *testing.T) {
		if _, err := spawn(e.p.headSlap, question.Seed{Title: "Příjem", FindingIDs: []int64{f1}}); !errors.Is(err, app.ErrForbidden) {
			t.Fatalf("got %v", err)
		}
	})
}

func TestCounts(t *testing.T) {
	e := setup(t)
	a := e.ask(t, e.p.jana, "Nová")
	b := e.ask(t, e.p.jana, "Přidělená")
	if err := e.s.Assign(ctx, e.p.metodik, b, e.p.metodik2.ID, 1); err != nil {
		t.Fatal(err)
	}
	c := e.ask(t, e.p.jana, "Zodpovězená")
	e.answer(t, c, "Odpověď.")
	d := e.ask(t, e.p.headSlap, "Vedoucí se ptá")
	e.answer(t, d, "Odpověď.")
	e.publish(t, d, "Otázka vedoucích", "")
	e.ask(t, e.p.headBlan, "Blansko se ptá")
	e.ask(t, e.p.metodikPAK, "Pardubice se ptají")
	e.clock.set(time.Date(2026, time.March, 20, 10, 0, 0, 0, i18n.Prague))
	late := e.ask(t, e.p.jana, "Pozdější")
	e.clock.set(time.Date(2026, time.April, 5, 10, 0, 0, 0, i18n.Prague)) // a, b and the Blansko question are overdue

	open := []question.State{question.New, question.Assigned}
	done := []question.State{question.Answered, question.Published, question.Private}
	for _, u := range []*auth.User{e.p.metodik, e.p.metodikPAK, e.p.jana, e.p.headSlap, e.p.headBlan, e.p.coord} {
		t.Run(u.Name+"'s counts equal the filtered queues", func(t *testing.T) {
			got, err := e.s.Counts(ctx, u)
			if err != nil {
				t.Fatal(err)
			}
			n := func(f question.Filter) int {
				list, err := e.s.Queue(ctx, u, f)
				if err != nil {
					t.Fatal(err)
				}
				return len(list)
			}
			want := question.Counts{
				Unanswered: n(question.Filter{States: open}),
				Overdue:    n(question.Filter{Overdue: true}),
				Mine:       n(question.Filter{Mine: true, States: open}),
				MyAnswered: n(question.Filter{Office: true, States: done}),
			}
			if *got != want {
				t.Fatalf("counts %+v, queues %+v", *got, want)
			}
		})
	}
	t.Run("the numbers are right", func(t *testing.T) {
		for u, want := range map[*auth.User]question.Counts{
			e.p.metodik:  {Unanswered: 4, Overdue: 3},
			e.p.jana:     {Unanswered: 3, Overdue: 2, Mine: 3, MyAnswered: 2},
			e.p.headSlap: {Unanswered: 3, Overdue: 2, Mine: 0, MyAnswered: 2},
			e.p.headBlan: {Unanswered: 1, Overdue: 1, Mine: 1},
			e.p.coord:    {},
		} {
			if got, _ := e.s.Counts(ctx, u); *got != want {
				t.Errorf("%s: %+v, want %+v", u.Name, *got, want)
			}
		}
	})
	t.Run("the queue lists unanswered first by target date", func(t *testing.T) {
		list, _ := e.s.Queue(ctx, e.p.jana, question.Filter{})
		var ids []int64
		for _, q := range list {
			ids = append(ids, q.ID)
		}
		if len(ids) != 5 || !slices.Equal(ids[:2], []int64{b, a}) && !slices.Equal(ids[:2], []int64{a, b}) || ids[2] != late {
			t.Fatalf("order %v", ids)
		}
	})
	t.Run("filtered by assignee", func(t *testing.T) {
		list, _ := e.s.Queue(ctx, e.p.metodik, question.Filter{Assignee: e.p.metodik2.ID})
		if len(list) != 1 || list[0].ID != b {
			t.Fatalf("%+v", list)
		}
	})
}

func TestParallelAssign(t *testing.T) {
	e := setup(t)
	ms := []*auth.User{e.p.metodik, e.p.metodik2,
		e.user(t, "Milena Třetí", "Krajský úřad Jihomoravského kraje", auth.Methodologist),
		e.user(t, "Marek Čtvrtý", "Krajský úřad Jihomoravského kraje", auth.Methodologist),
		e.user(t, "Monika Pátá", "Krajský úřad Jihomoravského kraje", auth.Methodologist)}
	id := e.ask(t, e.p.jana, "Kdo ji vezme?")

	var wg sync.WaitGroup
	start := make(chan struct{})
	errs := make([]error, len(ms))
	for i, m := range ms {
		wg.Go(func() {
			<-start
			errs[i] = e.s.Assign(ctx, m, id, m.ID, 1)
		})
	}
	close(start)
	wg.Wait()

	var winner *auth.User
	for i, err := range errs {
		switch {
		case err == nil:
			if winner != nil {
				t.Fatalf("two won: %v", errs)
			}
			winner = ms[i]
		case !errors.Is(err, question.ErrChanged):
			t.Fatalf("%s: %v", ms[i].Name, err)
		}
	}
	if winner == nil {
		t.Fatalf("nobody won: %v", errs)
	}
	var assignee int64
	var version int32
	if err := e.pool.QueryRow(ctx, `SELECT assignee_id, version FROM questions WHERE id = $1`, id).Scan(&assignee, &version); err != nil {
		t.Fatal(err)
	}
	if assignee != winner.ID || version != 2 {
		t.Fatalf("assignee %d version %d, winner %d", assignee, version, winner.ID)
	}
	if got := e.trail(t, "question", id); !slices.Equal(got, []string{"question.ask →new", "question.assign new→assigned"}) {
		t.Fatalf("audit %v", got)
	}
}

func TestPublishNamingTown(t *testing.T) {
	e := setup(t)
	refused := []struct {
		name        string
		answer, law string
		field       string
	}{
		{"answer naming the asker's town refused", "Ve Šlapanicích doporučujeme, aby OSPOD Šlapanice svolal případovou konferenci.", "", "answer"},
		{"laws naming the asker's town refused", "Styk upravuje soud.", "Obecně závazná vyhláška města Šlapanice", "laws"},
		{"laws naming the asker's office refused", "Styk upravuje soud.", "Směrnice Městského úřadu Šlapanice", "laws"},
		{"laws naming the asker refused", "Styk upravuje soud.", "Stanovisko, o které žádala Jana Nováková", "laws"},
	}
	for _, c := range refused {
		t.Run(c.name+", nothing changed", func(t *testing.T) {
			id := e.ask(t, e.p.jana, "Styk")
			err := e.s.Answer(ctx, e.p.metodik, id, question.AnswerInput{Answer: c.answer, Laws: c.law, Version: 1})
			if err != nil {
				t.Fatal(err)
			}
			v := e.version(t, id)
			in := question.PublishInput{FAQTitle: "Styk s rodiči", FAQBody: "Jak upravit styk?", Version: v}
			if got := invalid(t, e.s.Publish(ctx, e.p.metodik, id, in))[c.field]; got != "question.err.identifies" {
				t.Fatalf("%s: %q", c.field, got)
			}
			e.unchanged(t, id, question.Answered, v, 2)
		})
	}
	t.Run("town named as a court's seat published", func(t *testing.T) {
		id := e.ask(t, e.p.headBlan, "Styk")
		err := e.s.Answer(ctx, e.p.metodik, id, question.AnswerInput{Answer: "Návrh podejte k Okresnímu soudu v Blansku.",
			Laws: "usnesení Krajského soudu v Brně\nrozsudek Okresního soudu Blansko", Version: 1})
		if err != nil {
			t.Fatal(err)
		}
		e.publish(t, id, "Styk s rodiči", "Kam podat návrh?")
		if st := e.state(t, id); st != question.Published {
			t.Fatalf("state %s", st)
		}
	})
	t.Run("the same town outside a court's name refused", func(t *testing.T) {
		id := e.ask(t, e.p.headBlan, "Styk")
		err := e.s.Answer(ctx, e.p.metodik, id, question.AnswerInput{Answer: "V Blansku to řešte u soudu.", Version: 1})
		if err != nil {
			t.Fatal(err)
		}
		v := e.version(t, id)
		in := question.PublishInput{FAQTitle: "Styk s rodiči", Version: v}
		if got := invalid(t, e.s.Publish(ctx, e.p.metodik, id, in))["answer"]; got != "question.err.identifies" {
			t.Fatalf("answer: %q", got)
		}
		e.unchanged(t, id, question.Answered, v, 2)
	})
}
