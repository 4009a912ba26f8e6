package demo_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"hnizdo.cz/hnizdo/internal/auth"
	"hnizdo.cz/hnizdo/internal/db/dbtest"
	"hnizdo.cz/hnizdo/internal/demo"
	"hnizdo.cz/hnizdo/internal/pii"
)

func TestSeedFeedback(t *testing.T) {
	t.Parallel()
	pool := dbtest.New(t)
	ctx := context.Background()
	h := auth.Hasher{MemoryKiB: 64, Time: 1, Threads: 1}
	if _, err := demo.Seed(ctx, pool, h); err != nil {
		t.Fatal(err)
	}
	count := func(t *testing.T, sql string, args ...any) int {
		t.Helper()
		var n int
		if err := pool.QueryRow(ctx, sql, args...).Scan(&n); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
		return n
	}
	id := func(t *testing.T, sql string, args ...any) int64 {
		t.Helper()
		var n int64
		if err := pool.QueryRow(ctx, sql, args...).Scan(&n); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
		return n
	}
	june := id(t, `SELECT f.id FROM feedback_forms f JOIN meetings m ON m.id = f.meeting_id
		WHERE m.venue = 'Městský úřad Šlapanice' AND m.starts_at = '2018-06-15 09:00 Europe/Prague'`)
	october := id(t, `SELECT f.id FROM feedback_forms f JOIN meetings m ON m.id = f.meeting_id
		WHERE m.venue = 'Městský úřad Šlapanice' AND m.starts_at >= '2018-10-01' AND m.starts_at < '2018-11-01'`)
	upcoming := id(t, `SELECT f.id FROM feedback_forms f JOIN meetings m ON m.id = f.meeting_id
		JOIN regions r ON r.id = m.region_id WHERE r.slug = 'JHM' AND m.starts_at > now()`)
	past := []int64{june, october}

	mean := func(t *testing.T, form int64, key string) float64 {
		t.Helper()
		var m float64
		if err := pool.QueryRow(ctx, `
			SELECT avg(a.number)::float8 FROM feedback_answers a JOIN feedback_questions q ON q.id = a.question_id
			WHERE q.form_id = $1 AND q.key = $2`, form, key).Scan(&m); err != nil {
			t.Fatalf("mean of %s: %v", key, err)
		}
		return m
	}

	t.Run("June has answers from most attendees and closed by its deadline", func(t *testing.T) {
		n := count(t, `SELECT count(*) FROM feedback_responses WHERE form_id = $1`, june)
		attended := count(t, `SELECT count(*) FROM registrations g JOIN feedback_forms f ON f.meeting_id = g.meeting_id
			WHERE f.id = $1 AND g.attended`, june)
		if n < 20 || n > attended {
			t.Errorf("%d answers from %d attendees", n, attended)
		}
		if n*2 <= attended {
			t.Errorf("only %d answers from %d attendees", n, attended)
		}
	})

	t.Run("October has about thirty answers", func(t *testing.T) {
		if n := count(t, `SELECT count(*) FROM feedback_responses WHERE form_id = $1`, october); n < 25 || n > 35 {
			t.Errorf("%d answers", n)
		}
	})

	t.Run("the 2018 forms opened after their meeting and are over", func(t *testing.T) {
		if n := count(t, `SELECT count(*) FROM feedback_forms f JOIN meetings m ON m.id = f.meeting_id
			WHERE f.id = ANY($1) AND f.anonymous AND f.status IN ('open', 'closed') AND f.closes_at < now()
				AND f.closes_at = m.ends_at + interval '336 hours' AND f.opened_at > m.ends_at AND f.opened_at < f.closes_at
				AND f.created_at < m.starts_at AND f.region_id = m.region_id`, past); n != 2 {
			t.Errorf("%d of the 2 forms are anonymous, opened after the meeting and closed two weeks after it", n)
		}
		if n := count(t, `SELECT count(*) FROM feedback_forms f WHERE f.id = ANY($1) AND (SELECT count(*)
			FROM feedback_invites i WHERE i.form_id = f.id AND i.answered) <> (SELECT count(*) FROM feedback_responses r WHERE r.form_id = f.id)`,
			past); n != 0 {
			t.Errorf("%d forms whose spent invitations differ from their answers", n)
		}
		if n := count(t, `SELECT count(*) FROM feedback_invites i JOIN feedback_forms f ON f.id = i.form_id
			JOIN registrations g ON g.meeting_id = f.meeting_id AND g.user_id = i.user_id
			WHERE f.id = ANY($1) AND g.attended`, past); n != count(t, `SELECT count(*) FROM feedback_invites WHERE form_id = ANY($1)`, past) {
			t.Errorf("invitations to people who did not attend")
		}
	})

	t.Run("anonymous responses have no person and no time", func(t *testing.T) {
		if n := count(t, `SELECT count(*) FROM feedback_responses WHERE form_id = ANY($1)
			AND (NOT anonymous OR user_id IS NOT NULL OR submitted_at IS NOT NULL)`, past); n != 0 {
			t.Errorf("%d responses tell who or when", n)
		}
		if n := count(t, `SELECT count(*) FROM audit_log WHERE object_type = 'feedback' AND object_id = ANY($1)
			AND action = 'feedback.answer' AND (actor_id IS NOT NULL OR detail <> '{"anonymous": true}')`, past); n != 0 {
			t.Errorf("%d answer entries name the person or may point at the response", n)
		}
	})

	t.Run("every response answers the required questions", func(t *testing.T) {
		if n := count(t, `SELECT count(*) FROM feedback_responses r JOIN feedback_questions q ON q.form_id = r.form_id
			AND q.version = r.version AND q.required
			WHERE r.form_id = ANY($1) AND NOT EXISTS (SELECT 1 FROM feedback_answers a WHERE a.response_id = r.id AND a.question_id = q.id)`,
			past); n != 0 {
			t.Errorf("%d required answers missing", n)
		}
	})

	t.Run("text answers are there and hold no personal data", func(t *testing.T) {
		for _, f := range past {
			for _, key := range []string{"useful_topic", "next_topics"} {
				if n := count(t, `SELECT count(*) FROM feedback_answers a JOIN feedback_questions q ON q.id = a.question_id
					WHERE q.form_id = $1 AND q.key = $2 AND a.text <> ''`, f, key); n < 5 {
					t.Errorf("form %d: %d answers to %s", f, n, key)
				}
			}
		}
		if n := count(t, `SELECT count(*) FROM feedback_answers a JOIN feedback_questions q ON q.id = a.question_id
			WHERE q.form_id = $1 AND q.key = 'next_topics' AND a.text LIKE '%Spisová dokumentace a skartace%' AND a.text LIKE '%' || chr(10) || '%'`,
			october); n == 0 {
			t.Error("no October topic list of several lines with Spisová dokumentace a skartace")
		}
		rows, err := pool.Query(ctx, `SELECT a.text FROM feedback_answers a JOIN feedback_responses r ON r.id = a.response_id
			WHERE r.form_id = ANY($1) AND a.text IS NOT NULL`, past)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var text string
			if err := rows.Scan(&text); err != nil {
				t.Fatal(err)
			}
			for _, f := range pii.Scan(text) {
				t.Errorf("%q: %s %q", text, f.Kind, f.Text)
			}
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("the series trend rises from June to October", func(t *testing.T) {
		for _, key := range []string{"benefit", "atmosphere", "organisation"} {
			j, o := mean(t, june, key), mean(t, october, key)
			if j < 3.5 || o > 5 || o-j < 0.1 {
				t.Errorf("%s: June %.2f, October %.2f", key, j, o)
			}
		}
		for _, f := range past {
			yes := count(t, `SELECT count(*) FROM feedback_answers a JOIN feedback_questions q ON q.id = a.question_id
				WHERE q.form_id = $1 AND q.key = 'regular' AND a.choices = '{Ano}'`, f)
			all := count(t, `SELECT count(*) FROM feedback_responses WHERE form_id = $1`, f)
			if yes*4 < all*3 {
				t.Errorf("form %d: %d of %d want regular meetings", f, yes, all)
			}
		}
	})

	t.Run("the 2018 timelines read as they happened", func(t *testing.T) {
		for _, f := range past {
			var actions []string
			rows, err := pool.Query(ctx, `SELECT DISTINCT action FROM audit_log WHERE object_type = 'feedback' AND object_id = $1`, f)
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				var a string
				if err := rows.Scan(&a); err != nil {
					t.Fatal(err)
				}
				actions = append(actions, a)
			}
			rows.Close()
			for _, a := range []string{"feedback.create", "feedback.open", "feedback.answer"} {
				if !slices.Contains(actions, a) {
					t.Errorf("form %d: no %s", f, a)
				}
			}
			var from, to time.Time
			if err := pool.QueryRow(ctx, `SELECT min(at), max(at) FROM audit_log WHERE object_type = 'feedback' AND object_id = $1`,
				f).Scan(&from, &to); err != nil {
				t.Fatal(err)
			}
			if from.Year() != 2018 || to.Year() != 2018 {
				t.Errorf("form %d: the timeline runs from %v to %v", f, from, to)
			}
			if n := count(t, `SELECT count(*) FROM audit_log a JOIN feedback_forms f ON f.id = a.object_id
				WHERE a.object_type = 'feedback' AND a.object_id = $1 AND a.action = 'feedback.answer'
				AND ((a.at AT TIME ZONE 'Europe/Prague')::date < (f.opened_at AT TIME ZONE 'Europe/Prague')::date OR a.at >= f.closes_at)`, f); n != 0 {
				t.Errorf("form %d: %d answers outside the time the form was open", f, n)
			}
		}
		// Anonymous answers are dated by the day only, so they are left out of the order.
		if n := count(t, `SELECT count(*) FROM (SELECT at < lag(at) OVER (PARTITION BY object_id ORDER BY id) AS back
			FROM audit_log WHERE object_type = 'feedback' AND object_id = ANY($1) AND action <> 'feedback.answer') a WHERE back`, past); n != 0 {
			t.Errorf("%d entries earlier than the entry before them", n)
		}
	})

	t.Run("the upcoming JMK meeting has a ready form of six questions", func(t *testing.T) {
		if n := count(t, `SELECT count(*) FROM feedback_forms WHERE id = $1 AND status = 'ready' AND anonymous AND opened_at IS NULL`,
			upcoming); n != 1 {
			t.Error("the form is not ready and anonymous")
		}
		if n := count(t, `SELECT count(*) FROM feedback_questions q JOIN feedback_forms f ON f.id = q.form_id AND f.version = q.version
			WHERE f.id = $1 AND q.key IN ('benefit', 'atmosphere', 'organisation', 'useful_topic', 'next_topics', 'regular')`,
			upcoming); n != 6 {
			t.Errorf("%d questions of the standard template, want 6", n)
		}
		if n := count(t, `SELECT count(*) FROM feedback_invites WHERE form_id = $1`, upcoming); n != 0 {
			t.Errorf("%d invitations before the meeting", n)
		}
		// The form of the Pardubice meeting about the nest's cards is SeedNest's.
		if n := count(t, `SELECT count(*) FROM feedback_forms f JOIN regions r ON r.id = f.region_id
			WHERE f.meeting_id IS NOT NULL AND r.slug = 'JHM'`); n != 3 {
			t.Errorf("%d JMK meeting forms, want 3", n)
		}
	})

	t.Run("seeding again adds nothing", func(t *testing.T) {
		const totals = `SELECT (SELECT count(*) FROM feedback_forms) * 1000000 + (SELECT count(*) FROM feedback_answers) * 1000
			+ (SELECT count(*) FROM audit_log WHERE object_type = 'feedback')`
		before := count(t, totals)
		if n, err := demo.SeedFeedback(ctx, pool); err != nil || n != 0 {
			t.Errorf("SeedFeedback on a seeded database created %d: %v", n, err)
		}
		if _, err := demo.Seed(ctx, pool, h); err != nil {
			t.Fatal(err)
		}
		if after := count(t, totals); after != before {
			t.Errorf("forms, answers and entries went from %d to %d", before, after)
		}
	})
}

// TestSeedFeedbackCount: on a database with the meetings but no forms, SeedFeedback creates
// the three forms and reports them; the answers are the same on every run.
func TestSeedFeedbackCount(t *testing.T) {
	t.Parallel()
	pool := dbtest.New(t)
	ctx := context.Background()
	if _, err := demo.Seed(ctx, pool, auth.Hasher{MemoryKiB: 64, Time: 1, Threads: 1}); err != nil {
		t.Fatal(err)
	}
	// Each response as a line of its answers, and who answered: the same on every run. Only
	// the JMK forms are SeedFeedback's; the Pardubice form about the nest's cards is SeedNest's.
	const sums = `SELECT coalesce((SELECT string_agg(x, '|' ORDER BY x) FROM (SELECT string_agg(q.key || ':' ||
			coalesce(a.number::text, array_to_string(a.choices, ','), a.text), ';' ORDER BY q.key) AS x
		FROM feedback_answers a JOIN feedback_questions q ON q.id = a.question_id
		WHERE q.form_id IN (SELECT f.id FROM feedback_forms f JOIN regions g ON g.id = f.region_id WHERE g.slug = 'JHM')
		GROUP BY a.response_id) r), '')
		|| coalesce((SELECT string_agg(user_id::text, ',' ORDER BY user_id) FROM feedback_invites
			WHERE answered AND form_id IN (SELECT f.id FROM feedback_forms f JOIN regions g ON g.id = f.region_id WHERE g.slug = 'JHM')), '')`
	var first string
	if err := pool.QueryRow(ctx, sums).Scan(&first); err != nil {
		t.Fatal(err)
	}
	if _, err := pool.Exec(ctx, `DELETE FROM feedback_responses; DELETE FROM feedback_forms WHERE NOT is_template;
		DELETE FROM audit_log WHERE object_type = 'feedback'`); err != nil {
		t.Fatal(err)
	}
	n, err := demo.SeedFeedback(ctx, pool)
	if err != nil || n != 3 {
		t.Fatalf("created %d forms, want 3: %v", n, err)
	}
	var again string
	if err := pool.QueryRow(ctx, sums).Scan(&again); err != nil {
		t.Fatal(err)
	}
	if first == "" || again != first {
		t.Errorf("the answers differ between runs:\n%s\n%s", first, again)
	}
}
