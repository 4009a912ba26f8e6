package scale_test

import (
	"context"
	"slices"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"hnizdo.cz/hnizdo/internal/question"
	"hnizdo.cz/hnizdo/internal/scale"
)

// TestQuestionsAtScale loads once and reads the questions as the app does; the last subtest
// changes them.
func TestQuestionsAtScale(t *testing.T) {
	s := scale.Tiny()
	pool := load(t, s)
	t.Run("sizes", func(t *testing.T) { questionSizesHold(t, pool, s) })
	t.Run("invariants", func(t *testing.T) { questionInvariantsHold(t, pool) })
	t.Run("pages", func(t *testing.T) { questionPagesShowThem(t, pool) })
	t.Run("publishable", func(t *testing.T) { questionsPublish(t, pool) })
}

func questionSizesHold(t *testing.T, pool *pgxpool.Pool, s scale.Sizes) {
	if n := count(t, pool, `SELECT count(*) FROM questions`); n != s.Questions {
		t.Errorf("questions %d, want %d", n, s.Questions)
	}
	for _, st := range question.States {
		if n := count(t, pool, `SELECT count(*) FROM questions WHERE state = $1`, st); n == 0 {
			t.Errorf("no question %s", st)
		}
	}
	if n := count(t, pool, `SELECT count(*) FROM questions WHERE state = 'published'`); n < s.Questions/3 {
		t.Errorf("only %d of %d questions in the FAQ", n, s.Questions)
	}
	// Every agenda item marked as a question for the region is one, as the minutes make it.
	none(t, pool, "agenda items for the region without their question", `
		SELECT t.id FROM topics t WHERE t.for_region AND NOT EXISTS (SELECT 1 FROM questions q WHERE q.topic_id = t.id)`)
	// FAQ entries from findings repeated in the region.
	if n := count(t, pool, `SELECT count(DISTINCT question_id) FROM question_findings`); n == 0 {
		t.Error("no FAQ entry from repeated findings")
	}
}

func questionInvariantsHold(t *testing.T, pool *pgxpool.Pool) {
	none(t, pool, "questions asked from another office or region", `
		SELECT q.id FROM questions q JOIN users u ON u.id = q.asker_id JOIN offices o ON o.id = q.office_id
		WHERE u.office_id <> q.office_id OR (o.region_id <> q.region_id AND q.topic_id IS NULL)`)
	none(t, pool, "questions without what their state needs", `
		SELECT id FROM questions WHERE
			(state = 'new' AND (assignee_id IS NOT NULL OR answer <> '' OR answered_at IS NOT NULL))
			OR (state = 'assigned' AND (assignee_id IS NULL OR answer <> '' OR answered_at IS NOT NULL))
			OR (state IN ('answered', 'published', 'private') AND (btrim(answer) = '' OR answered_by IS DISTINCT FROM assignee_id
				OR answered_at < created_at OR answered_at > now() OR laws = ''))
			OR (state = 'published' AND (btrim(faq_title) = '' OR btrim(faq_body) = '' OR published_at < answered_at))
			OR (state <> 'published' AND published_at IS NOT NULL)
			OR (state IN ('new', 'assigned', 'answered') AND (faq_title <> '' OR faq_body <> ''))
			OR updated_at < created_at OR created_at > now()`)
	none(t, pool, "assignees who are not methodologists of the region", `
		SELECT q.id FROM questions q JOIN users u ON u.id = q.assignee_id JOIN offices o ON o.id = u.office_id
		WHERE NOT 'methodologist' = ANY (u.roles) OR o.region_id <> q.region_id`)
	none(t, pool, "target dates not the region's answer days from the question", `
		SELECT q.id FROM questions q JOIN regions r ON r.id = q.region_id
		WHERE q.due <> (q.created_at AT TIME ZONE 'Europe/Prague')::date + r.answer_days`)
	none(t, pool, "search columns that are not what the app's trigger makes", `
		SELECT id FROM questions WHERE search IS DISTINCT FROM
			setweight(to_tsvector('public.hn_cs', faq_title), 'A') || setweight(to_tsvector('public.hn_cs', faq_body), 'B') ||
			setweight(to_tsvector('public.hn_cs', answer), 'C')`)
	none(t, pool, "citations of unpublished notes or findings of another region", `
		SELECT qn.question_id FROM question_notes qn JOIN notes n ON n.id = qn.note_id WHERE n.status <> 'published'
		UNION ALL SELECT qf.question_id FROM question_findings qf JOIN questions q ON q.id = qf.question_id
			JOIN findings f ON f.id = qf.finding_id JOIN inspections i ON i.id = f.inspection_id
		WHERE i.region_id <> q.region_id OR f.rating NOT IN ('partly', 'not_met')`)
	noPersonalData(t, pool, `SELECT unnest(ARRAY[title, body, answer, laws, faq_title, faq_body]) FROM questions`)
}

func questionPagesShowThem(t *testing.T, pool *pgxpool.Pool) {
	ctx := context.Background()
	st := question.NewStore(pool)
	meths := methodologists(t, pool)
	for _, id := range meths {
		u := userByID(t, pool, id)
		c, err := st.Counts(ctx, u)
		if err != nil {
			t.Fatal(err)
		}
		const scope = `(region_id = $1 OR asker_id = $2 OR office_id = $3)`
		unanswered := count(t, pool, `SELECT count(*) FROM questions WHERE `+scope+` AND state IN ('new', 'assigned')`, u.RegionID, u.ID, u.OfficeID)
		overdue := count(t, pool, `SELECT count(*) FROM questions WHERE `+scope+` AND state IN ('new', 'assigned')
			AND due < (now() AT TIME ZONE 'Europe/Prague')::date`, u.RegionID, u.ID, u.OfficeID)
		if c.Unanswered != unanswered || c.Overdue != overdue {
			t.Errorf("region %d: %d unanswered, %d overdue; want %d, %d", u.RegionID, c.Unanswered, c.Overdue, unanswered, overdue)
		}
		q, err := st.Queue(ctx, u, question.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		if n := count(t, pool, `SELECT count(*) FROM questions WHERE `+scope, u.RegionID, u.ID, u.OfficeID); len(q) != min(n, question.QueueSize) {
			t.Errorf("region %d: queue of %d, %d made", u.RegionID, len(q), n)
		}
	}
	// Anyone finds a published question in the FAQ by its wording and reads it there, without
	// its asker; the asker's office sees it as asked.
	var caseworker int64
	if err := pool.QueryRow(ctx, `SELECT id FROM users WHERE 'caseworker' = ANY (roles) ORDER BY id LIMIT 1`).Scan(&caseworker); err != nil {
		t.Fatal(err)
	}
	reader := userByID(t, pool, caseworker)
	rows, err := pool.Query(ctx, `SELECT id, faq_title, asker_id FROM questions WHERE state = 'published' AND asker_id <> $1
		AND office_id <> $2 ORDER BY id LIMIT 5`, reader.ID, reader.OfficeID)
	if err != nil {
		t.Fatal(err)
	}
	type published struct {
		id    int64
		title string
		asker int64
	}
	ps, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (published, error) {
		var p published
		return p, r.Scan(&p.id, &p.title, &p.asker)
	})
	if err != nil || len(ps) == 0 {
		t.Fatalf("published questions: %d, %v", len(ps), err)
	}
	for _, p := range ps {
		hits, _, err := st.FAQ(ctx, reader, question.Search{Text: p.title})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.ContainsFunc(hits, func(e question.Entry) bool { return e.ID == p.id && e.Snippet != "" }) {
			t.Errorf("FAQ search for %q does not find question %d", p.title, p.id)
		}
		e, err := st.Entry(ctx, reader, p.id)
		if err != nil || e.FAQTitle != p.title {
			t.Errorf("FAQ entry %d: %v", p.id, err)
		}
		q, err := st.Get(ctx, reader, p.id)
		if err != nil || q.AskerID != 0 || q.Title != p.title {
			t.Errorf("question %d read by someone else: %v", p.id, err)
		}
		q, err = st.Get(ctx, userByID(t, pool, p.asker), p.id)
		if err != nil || q.AskerID != p.asker {
			t.Errorf("question %d read by its asker: %v", p.id, err)
		}
	}
	page, more, err := st.FAQ(ctx, reader, question.Search{})
	if err != nil || len(page) != question.PageSize || !more {
		t.Errorf("FAQ's first page: %d entries, more %v, %v", len(page), more, err)
	}
	areas, err := st.AreaCounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	sum := 0
	for _, a := range areas {
		sum += a.Count
	}
	if n := count(t, pool, `SELECT count(*) FROM questions WHERE state = 'published' AND area_id IS NOT NULL`); sum != n {
		t.Errorf("areas count %d FAQ entries, %d made", sum, n)
	}
}

// questionsPublish checks the wording with the app's own rules: answered questions can be
// published, and published ones taken out of the FAQ and published again as they are.
func questionsPublish(t *testing.T, pool *pgxpool.Pool) {
	ctx := context.Background()
	st := question.NewStore(pool)
	// Thirty of each keep the test short; their askers, offices and towns vary enough.
	rows, err := pool.Query(ctx, `(SELECT id, state, assignee_id, faq_title, faq_body, version FROM questions
		WHERE state = 'answered' ORDER BY id LIMIT 30) UNION ALL (SELECT id, state, assignee_id, faq_title, faq_body, version
		FROM questions WHERE state = 'published' ORDER BY id LIMIT 30)`)
	if err != nil {
		t.Fatal(err)
	}
	type q struct {
		id                int64
		state             string
		assignee          int64
		faqTitle, faqBody string
		version           int32
	}
	qs, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (q, error) {
		var x q
		return x, r.Scan(&x.id, &x.state, &x.assignee, &x.faqTitle, &x.faqBody, &x.version)
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range qs {
		u := userByID(t, pool, x.assignee)
		in := question.PublishInput{FAQTitle: "Jak postupovat v obdobné situaci?", FAQBody: "Obecný dotaz k postupu OSPOD.", Version: x.version}
		if x.state == string(question.Published) {
			if err := st.KeepPrivate(ctx, u, x.id, x.version); err != nil {
				t.Fatalf("question %d kept private: %v", x.id, err)
			}
			in = question.PublishInput{FAQTitle: x.faqTitle, FAQBody: x.faqBody, Version: x.version + 1}
		}
		if err := st.Publish(ctx, u, x.id, in); err != nil {
			t.Errorf("question %d (%s) published: %v", x.id, x.state, err)
		}
	}
}
