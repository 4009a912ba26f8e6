package demo_test

import (
	"context"
	"testing"
	"time"

	"hnizdo.cz/hnizdo/internal/auth"
	"hnizdo.cz/hnizdo/internal/db/dbtest"
	"hnizdo.cz/hnizdo/internal/demo"
	"hnizdo.cz/hnizdo/internal/oversight"
	"hnizdo.cz/hnizdo/internal/pii"
)

func TestSeedOversight(t *testing.T) {
	t.Parallel()
	pool := dbtest.New(t)
	ctx := context.Background()
	h := auth.Hasher{MemoryKiB: 64, Time: 1, Threads: 1}
	if _, err := demo.Seed(ctx, pool, h); err != nil {
		t.Fatal(err)
	}
	today := oversight.Today(time.Now())
	count := func(t *testing.T, sql string, args ...any) int {
		t.Helper()
		var n int
		if err := pool.QueryRow(ctx, sql, args...).Scan(&n); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
		return n
	}
	users := auth.NewStore(pool, h)
	login := func(t *testing.T, email string) *auth.User {
		t.Helper()
		u, err := users.Login(ctx, email, demo.Password, "127.0.0.1")
		if err != nil {
			t.Fatalf("%s: %v", email, err)
		}
		return u
	}
	s := oversight.NewStore(pool)

	regions := []struct{ slug, methodologist, head, office string }{
		{"JHM", "metodik.jmk@hnizdo.test", "eva.kucerova@hnizdo.test", "Městský úřad Šlapanice"},
		{"PAK", "metodik.pak@hnizdo.test", "vedouci.zamberk@hnizdo.test", "Městský úřad Žamberk"},
	}
	for _, r := range regions {
		var region int16
		if err := pool.QueryRow(ctx, `SELECT id FROM regions WHERE slug = $1`, r.slug).Scan(&region); err != nil {
			t.Fatal(err)
		}

		t.Run(r.slug+": the plan of this year shows plan against reality", func(t *testing.T) {
			if n := count(t, `SELECT count(*) FROM inspections WHERE region_id = $1 AND year = $2`, region, today.Year()); n < 4 {
				t.Errorf("%d inspections in this year's plan", n)
			}
			if n := count(t, `SELECT count(*) FROM inspections WHERE region_id = $1 AND year = $2 AND state = 'planned'
				AND quarter > $3`, region, today.Year(), (int(today.Month())-1)/3+1); n == 0 && today.Month() < time.October {
				t.Error("no inspection planned for a later quarter")
			}
			if n := count(t, `SELECT count(*) FROM inspections WHERE region_id = $1 AND state = 'cancelled' AND cancel_reason <> ''`,
				region); n != 1 {
				t.Errorf("%d cancelled inspections with a reason, want 1", n)
			}
			// Late: planned for a quarter that is over, nobody on site yet.
			if n := count(t, `SELECT count(*) FROM inspections WHERE region_id = $1 AND state IN ('planned', 'notified')
				AND make_date(year, quarter * 3, 1) + interval '1 month' <= $2`, region, today); n == 0 {
				t.Error("no late inspection")
			}
			if n := count(t, `SELECT count(DISTINCT kind) FROM inspections WHERE region_id = $1`, region); n != 3 {
				t.Errorf("%d kinds of inspection, want all 3", n)
			}
			if n := count(t, `SELECT count(*) FROM inspections WHERE region_id = $1 AND kind = 'thematic' AND subject = ''`,
				region); n != 0 {
				t.Errorf("%d thematic inspections without a subject", n)
			}
		})

		t.Run(r.slug+": last year's inspection is closed with every measure verified, one after a return", func(t *testing.T) {
			var id int64
			if err := pool.QueryRow(ctx, `SELECT id FROM inspections WHERE region_id = $1 AND state = 'closed' AND year = $2`,
				region, today.Year()-1).Scan(&id); err != nil {
				t.Fatalf("no closed inspection of last year: %v", err)
			}
			if n := count(t, `SELECT count(*) FROM findings WHERE inspection_id = $1 AND rating IN ('partly', 'not_met')`, id); n < 2 || n > 3 {
				t.Errorf("%d findings, want 2 or 3", n)
			}
			if n := count(t, `SELECT count(*) FROM findings WHERE inspection_id = $1 AND rating = 'met'`, id); n < 25 {
				t.Errorf("only %d criteria met", n)
			}
			if n := count(t, `SELECT count(*) FROM measures WHERE inspection_id = $1 AND state = 'verified' AND report <> ''
				AND verified_by <> reported_by`, id); n < 2 || n != count(t, `SELECT count(*) FROM measures WHERE inspection_id = $1`, id) {
				t.Errorf("%d verified measures with evidence of %d", n, count(t, `SELECT count(*) FROM measures WHERE inspection_id = $1`, id))
			}
			if n := count(t, `SELECT count(*) FROM audit_log a JOIN measures m ON m.id = a.object_id
				WHERE a.object_type = 'measure' AND m.inspection_id = $1 AND a.action = 'measure.return'`, id); n != 1 {
				t.Errorf("%d returns, want 1", n)
			}
			if n := count(t, `SELECT count(*) FROM inspections WHERE id = $1 AND closed_date >= decided_date
				AND decided_date > objections_due AND extract(year FROM closed_date) = $2`, id, today.Year()-1); n != 1 {
				t.Error("the dates do not follow the procedure")
			}
		})

		t.Run(r.slug+": one inspection is in its objection period with an undecided objection", func(t *testing.T) {
			var id int64
			if err := pool.QueryRow(ctx, `SELECT id FROM inspections WHERE region_id = $1 AND state = 'protocol'
				AND objections_due >= $2 AND delivered_date BETWEEN $2::date - 7 AND $2::date - 3`, region, today).Scan(&id); err != nil {
				t.Fatalf("no inspection in its objection period: %v", err)
			}
			if n := count(t, `SELECT count(*) FROM findings WHERE inspection_id = $1 AND rating IN ('partly', 'not_met')`, id); n != 2 {
				t.Errorf("%d findings, want 2", n)
			}
			if n := count(t, `SELECT count(*) FROM objections WHERE inspection_id = $1 AND decision IS NULL AND finding_id IS NOT NULL`,
				id); n != 1 {
				t.Errorf("%d undecided objections, want 1", n)
			}
		})

		t.Run(r.slug+": "+r.office+" has overdue measures and one waiting for verification", func(t *testing.T) {
			if n := count(t, `SELECT count(*) FROM measures m JOIN offices o ON o.id = m.office_id JOIN users u ON u.id = m.responsible_id
				WHERE o.name = $1 AND m.state IN ('open', 'returned') AND m.due < $2 AND lower(u.email) = $3`,
				r.office, today, r.head); n < 1 {
				t.Errorf("%d overdue measures of %s", n, r.head)
			}
			if n := count(t, `SELECT count(*) FROM measures m JOIN offices o ON o.id = m.office_id
				WHERE o.name = $1 AND m.state = 'reported'`, r.office); n < 1 {
				t.Error("no measure waiting for verification")
			}
			if n := count(t, `SELECT count(*) FROM inspections i JOIN offices o ON o.id = i.office_id
				WHERE o.name = $1 AND i.state = 'measures'`, r.office); n != 1 {
				t.Errorf("%d inspections in the measures phase", n)
			}
		})

		t.Run(r.slug+": the head's dashboard counts the overdue measures", func(t *testing.T) {
			d, err := s.Dashboard(ctx, login(t, r.head))
			if err != nil {
				t.Fatal(err)
			}
			if d.Overdue < 1 || d.Due < 2 {
				t.Errorf("overdue %d, due %d", d.Overdue, d.Due)
			}
		})

		t.Run(r.slug+": the methodologist's dashboard and overview", func(t *testing.T) {
			u := login(t, r.methodologist)
			d, err := s.Dashboard(ctx, u)
			if err != nil {
				t.Fatal(err)
			}
			if d.Overdue < 1 || d.Waiting < 1 || d.Running < 1 || d.Upcoming < 3 {
				t.Errorf("dashboard %+v", d)
			}
			o, err := s.Overview(ctx, u, 0)
			if err != nil {
				t.Fatal(err)
			}
			repeated := map[string]bool{}
			for _, rp := range o.Repeated {
				repeated[rp.Code] = rp.Offices >= 2
			}
			if !repeated["6c"] || !repeated["5b"] && !repeated["9b"] {
				t.Errorf("repeats %+v", o.Repeated)
			}
			for _, rp := range o.Repeated {
				if rp.Code == "6c" && rp.QuestionID == 0 {
					t.Error("no FAQ entry spawned from the repeated 6c")
				}
			}
		})

		t.Run(r.slug+": a visit and a consultation with follow-ups and a note", func(t *testing.T) {
			if n := count(t, `SELECT count(DISTINCT kind) FROM visits WHERE region_id = $1`, region); n != 2 {
				t.Errorf("%d kinds of visit", n)
			}
			if n := count(t, `SELECT count(*) FROM visits WHERE region_id = $1 AND recommendations <> '' AND date < $2`, region, today); n < 2 {
				t.Errorf("%d visits with recommendations", n)
			}
			if n := count(t, `SELECT count(*) FROM visit_followups f JOIN visits v ON v.id = f.visit_id
				WHERE v.region_id = $1 AND f.done_at IS NOT NULL AND f.done_at < now()`, region); n < 1 {
				t.Error("no follow-up done")
			}
			if n := count(t, `SELECT count(*) FROM visit_followups f JOIN visits v ON v.id = f.visit_id
				WHERE v.region_id = $1 AND f.done_at IS NULL`, region); n < 1 {
				t.Error("no follow-up open")
			}
			if n := count(t, `SELECT count(*) FROM visit_notes vn JOIN visits v ON v.id = vn.visit_id JOIN notes n ON n.id = vn.note_id
				WHERE v.region_id = $1 AND n.status = 'published'`, region); n < 1 {
				t.Error("no note linked")
			}
		})

		t.Run(r.slug+": questions in every state and a FAQ of ten", func(t *testing.T) {
			for state, want := range map[string]int{"new": 2, "assigned": 2, "answered": 2, "private": 2, "published": 10} {
				if n := count(t, `SELECT count(*) FROM questions WHERE region_id = $1 AND state = $2`, region, state); n < want {
					t.Errorf("%d %s, want %d", n, state, want)
				}
			}
			if n := count(t, `SELECT count(*) FROM questions WHERE region_id = $1 AND state IN ('new', 'assigned') AND due < $2`,
				region, today); n < 2 {
				t.Errorf("%d overdue questions", n)
			}
			if n := count(t, `SELECT count(*) FROM questions WHERE region_id = $1 AND state = 'published'
				AND (laws = '' OR answer = '' OR faq_body = '')`, region); n != 0 {
				t.Errorf("%d FAQ entries without laws or text", n)
			}
			if n := count(t, `SELECT count(DISTINCT area_id) FROM questions WHERE region_id = $1 AND state = 'published'`, region); n < 8 {
				t.Errorf("the FAQ spans %d areas", n)
			}
			if n := count(t, `SELECT count(DISTINCT office_id) FROM questions WHERE region_id = $1`, region); n < 3 {
				t.Errorf("questions from %d offices", n)
			}
			if n := count(t, `SELECT count(*) FROM questions q JOIN question_notes qn ON qn.question_id = q.id
				WHERE q.region_id = $1 AND q.state = 'published'`, region); n < 5 {
				t.Errorf("%d notes cited in the FAQ", n)
			}
			if n := count(t, `SELECT count(*) FROM questions WHERE region_id = $1 AND cardinality(standard_ids) > 0
				AND state = 'published'`, region); n < 5 {
				t.Errorf("%d FAQ entries cite standards", n)
			}
		})
	}

	t.Run("the agenda items for the region are in the queue, the first one answered in the FAQ", func(t *testing.T) {
		if n := count(t, `SELECT count(*) FROM topics t WHERE t.for_region
			AND NOT EXISTS (SELECT 1 FROM questions q WHERE q.topic_id = t.id)`); n != 0 {
			t.Errorf("%d agenda items for the region missing from the queue", n)
		}
		if n := count(t, `SELECT count(*) FROM questions WHERE topic_id IS NOT NULL AND state = 'published'`); n != 1 {
			t.Errorf("%d FAQ entries from agenda items, want 1", n)
		}
	})

	t.Run("the texts hold no personal data", func(t *testing.T) {
		rows, err := pool.Query(ctx, `
			SELECT text FROM findings WHERE text <> ''
			UNION ALL SELECT description || E'\n' || report || E'\n' || return_reason FROM measures
			UNION ALL SELECT text FROM objections
			UNION ALL SELECT cancel_reason || E'\n' || subject FROM inspections
			UNION ALL SELECT topics || E'\n' || recommendations FROM visits
			UNION ALL SELECT text FROM visit_followups
			UNION ALL SELECT title || E'\n' || body || E'\n' || answer || E'\n' || laws || E'\n' || faq_title || E'\n' || faq_body
				FROM questions WHERE topic_id IS NULL`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		n := 0
		for rows.Next() {
			var text string
			if err := rows.Scan(&text); err != nil {
				t.Fatal(err)
			}
			n++
			for _, f := range pii.Scan(text) {
				t.Errorf("%q: %s %q", text, f.Kind, f.Text)
			}
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		if n < 80 {
			t.Errorf("only %d texts", n)
		}
	})

	t.Run("the timelines read as they happened", func(t *testing.T) {
		const objects = `object_type IN ('inspection', 'measure', 'visit', 'question')`
		if n := count(t, `SELECT count(*) FROM audit_log WHERE `+objects+` AND at > now()`); n != 0 {
			t.Errorf("%d entries in the future", n)
		}
		if n := count(t, `SELECT count(*) FROM (SELECT at < lag(at) OVER (PARTITION BY object_type, object_id ORDER BY id) AS back
			FROM audit_log WHERE `+objects+`) a WHERE back`); n != 0 {
			t.Errorf("%d entries earlier than the entry before them", n)
		}
		if n := count(t, `SELECT count(*) FROM audit_log WHERE object_type = 'inspection' AND action = 'inspection.plan'
			AND extract(month FROM at AT TIME ZONE 'Europe/Prague') <> 12`); n != 0 {
			t.Errorf("%d plan entries not approved in December", n)
		}
		if n := count(t, `SELECT count(*) FROM inspections i WHERE created_at <> (SELECT min(at) FROM audit_log a
			WHERE a.object_type = 'inspection' AND a.object_id = i.id)`); n != 0 {
			t.Errorf("%d inspections created at another time than planned", n)
		}
		if n := count(t, `SELECT count(*) FROM findings f JOIN inspections i ON i.id = f.inspection_id
			WHERE (f.assessed_at AT TIME ZONE 'Europe/Prague')::date <> i.onsite_to`); n != 0 {
			t.Errorf("%d assessments made on another day than the last on site", n)
		}
		if n := count(t, `SELECT count(*) FROM questions WHERE answered_at < created_at OR published_at < answered_at
			OR updated_at < created_at`); n != 0 {
			t.Errorf("%d questions answered before asked or published before answered", n)
		}
	})

	t.Run("seeding again adds nothing", func(t *testing.T) {
		const totals = `SELECT (SELECT count(*) FROM inspections) * 1000000 + (SELECT count(*) FROM questions) * 10000
			+ (SELECT count(*) FROM visits) * 1000 + (SELECT count(*) FROM measures) * 100 + (SELECT count(*) FROM audit_log
			WHERE object_type IN ('inspection', 'measure', 'visit', 'question')) % 100`
		before := count(t, totals)
		if n, err := demo.SeedOversight(ctx, pool); err != nil || n != 0 {
			t.Errorf("SeedOversight on a seeded database seeded %d regions: %v", n, err)
		}
		if _, err := demo.Seed(ctx, pool, h); err != nil {
			t.Fatal(err)
		}
		if after := count(t, totals); after != before {
			t.Errorf("totals went from %d to %d", before, after)
		}
	})
}

// TestSeedOversightConcurrent: two seeders starting at once seed each region once.
func TestSeedOversightConcurrent(t *testing.T) {
	t.Parallel()
	pool := dbtest.New(t)
	ctx := context.Background()
	if _, err := demo.Seed(ctx, pool, auth.Hasher{MemoryKiB: 64, Time: 1, Threads: 1}); err != nil {
		t.Fatal(err)
	}
	var seeded int
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM inspections`).Scan(&seeded); err != nil {
		t.Fatal(err)
	}
	if _, err := pool.Exec(ctx, `DELETE FROM measures; DELETE FROM inspections; DELETE FROM visits;
		DELETE FROM questions WHERE topic_id IS NULL;
		DELETE FROM audit_log WHERE object_type IN ('inspection', 'measure', 'visit', 'question')`); err != nil {
		t.Fatal(err)
	}
	start := make(chan struct{})
	results := make(chan int, 2)
	errs := make(chan error, 2)
	for range 2 {
		go func() {
			<-start
			n, err := demo.SeedOversight(ctx, pool)
			results <- n
			errs <- err
		}()
	}
	close(start)
	total := 0
	for range 2 {
		total += <-results
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	if total != 2 {
		t.Errorf("the seeders seeded %d regions together, want 2", total)
	}
	var n int
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM inspections`).Scan(&n); err != nil || n != seeded {
		t.Errorf("%d inspections, the first seed made %d: %v", n, seeded, err)
	}
}
