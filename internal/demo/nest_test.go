package demo_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"hnizdo.cz/hnizdo/internal/auth"
	"hnizdo.cz/hnizdo/internal/db/dbtest"
	"hnizdo.cz/hnizdo/internal/demo"
	"hnizdo.cz/hnizdo/internal/i18n"
	"hnizdo.cz/hnizdo/internal/nest"
	"hnizdo.cz/hnizdo/internal/pii"
)

func TestSeedNest(t *testing.T) {
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
	var region int16
	if err := pool.QueryRow(ctx, `SELECT id FROM regions WHERE slug = 'PAK'`).Scan(&region); err != nil {
		t.Fatal(err)
	}
	s := nest.NewStore(pool)
	tools, err := s.Tools(ctx, nest.Filter{Region: region})
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]nest.Tool{}
	for _, tl := range tools {
		byName[tl.Name] = tl
	}
	thisYear := nest.Today(time.Now()).Year()

	t.Run("the three pilot offices have their development topics", func(t *testing.T) {
		want := map[string]string{
			"Městský úřad Česká Třebová": "Rozvody a péče o dítě po rozchodu rodičů",
			"Městský úřad Žamberk":       "Vyhodnocení a plánování zajištění bezpečí dítěte",
			"Městský úřad Lanškroun":     "Já, OSPOĎák",
		}
		topics, err := s.Topics(ctx, region)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		for _, tp := range topics {
			got[tp.OfficeName] = tp.Title
			if tp.Since.Year() != thisYear-3 || tp.Description == "" {
				t.Errorf("%s: topic since %s, description %q", tp.OfficeName, tp.Since.Format(time.DateOnly), tp.Description)
			}
		}
		for office, title := range want {
			if got[office] != title {
				t.Errorf("%s: topic %q, want %q", office, got[office], title)
			}
		}
		if n := count(t, `SELECT count(*) FROM offices WHERE pilot AND region_id = $1
			AND NOT EXISTS (SELECT 1 FROM dev_topics d WHERE d.office_id = offices.id)`, region); n != 0 {
			t.Errorf("%d pilot offices without a topic", n)
		}
	})

	t.Run("the cards and intervision were validated by two offices other than the origin", func(t *testing.T) {
		for _, name := range []string{"Karty rodičovských dovedností", "Intervize v týmu", "Porada zaměřená na řešení"} {
			tl, ok := byName[name]
			if !ok {
				t.Fatalf("no tool %q", name)
			}
			if tl.Maturity != nest.Validated && tl.Maturity != nest.Recommended {
				t.Errorf("%s is %s", name, tl.Maturity)
			}
			ps, err := s.Promotions(ctx, tl.ID)
			if err != nil {
				t.Fatal(err)
			}
			validated := false
			for _, p := range ps {
				if p.To != nest.Validated {
					continue
				}
				validated = true
				offices := map[int64]bool{}
				for _, e := range p.Evidence {
					if tl.IsOrigin(e.OfficeID) || e.Rating < nest.SuccessRating || e.Report == "" {
						t.Errorf("%s: evidence %+v does not count", name, e)
					}
					offices[e.OfficeID] = true
				}
				if len(offices) < nest.ValidatingOffices {
					t.Errorf("%s validated on the evidence of %d offices", name, len(offices))
				}
				if p.Reason == "" {
					t.Errorf("%s validated without a reason", name)
				}
			}
			if !validated {
				t.Errorf("%s has no validation", name)
			}
		}
		cards := byName["Karty rodičovských dovedností"]
		if cards.Maturity != nest.Recommended {
			t.Errorf("the cards are %s, want recommended", cards.Maturity)
		}
		if n := count(t, `SELECT count(*) FROM tool_promotions p JOIN users u ON u.id = p.by_id
			WHERE p.tool_id = $1 AND p.to_level = 'recommended' AND 'methodologist' = ANY (u.roles)
			AND extract(year FROM p.at AT TIME ZONE 'Europe/Prague') = $2`, cards.ID, thisYear-1); n != 1 {
			t.Errorf("%d recommendations of the cards by a methodologist last year", n)
		}
		if n := count(t, `SELECT count(*) FROM tool_promotions WHERE tool_id = $1 AND to_level = 'validated'
			AND extract(year FROM at AT TIME ZONE 'Europe/Prague') = $2`, cards.ID, thisYear-2); n != 1 {
			t.Error("the cards were not validated two years ago")
		}
		if cards.Adopted < 5 || cards.Trialling != 2 || cards.Offered < 2 || cards.Abandoned != 1 {
			t.Errorf("the cards: %d adopted, %d trialling, %d offered, %d abandoned", cards.Adopted, cards.Trialling,
				cards.Offered, cards.Abandoned)
		}
	})

	t.Run("every rung of the ladder and every adoption stage is there", func(t *testing.T) {
		rungs := map[nest.Maturity]int{}
		for _, tl := range tools {
			rungs[tl.Maturity]++
			if tl.Maturity != nest.Idea && tl.Body == "" {
				t.Errorf("%s has no description", tl.Name)
			}
		}
		for _, m := range nest.Ladder {
			if rungs[m] == 0 {
				t.Errorf("no tool is %s", m)
			}
		}
		for _, st := range nest.Stages {
			if n := count(t, `SELECT count(*) FROM adoptions a JOIN tools t ON t.id = a.tool_id WHERE t.region_id = $1 AND a.stage = $2`,
				region, st); n == 0 {
				t.Errorf("no adoption is %s", st)
			}
		}
		if n := count(t, `SELECT count(*) FROM adoptions WHERE stage IN ('adopted', 'abandoned') AND report = ''`); n != 0 {
			t.Errorf("%d adoptions or abandonments without a report", n)
		}
		if n := count(t, `SELECT count(*) FROM tool_promotions WHERE to_level = 'retired' AND btrim(reason) <> ''`); n != 1 {
			t.Errorf("%d retirements with a reason, want 1", n)
		}
		if n := count(t, `SELECT count(DISTINCT extract(year FROM on_date)) FROM adoption_steps`); n < 3 {
			t.Errorf("the adoptions span %d calendar years", n)
		}
	})

	t.Run("the guides visited each pilot office three to five times a year for three years", func(t *testing.T) {
		if n := count(t, `SELECT count(DISTINCT extract(year FROM visited_on)) FROM guide_visits`); n < 3 {
			t.Errorf("the visits span %d calendar years", n)
		}
		rows, err := pool.Query(ctx, `
			SELECT o.name, y, (SELECT count(*) FROM guide_visits v WHERE v.office_id = o.id AND extract(year FROM v.visited_on) = y)::int
			FROM offices o, generate_series($2::int - 3, $2::int - 1) y WHERE o.pilot AND o.region_id = $1`, region, thisYear)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		seen := 0
		for rows.Next() {
			var office string
			var year, n int
			if err := rows.Scan(&office, &year, &n); err != nil {
				t.Fatal(err)
			}
			seen++
			// This year's visits fall into last year only while this year has had no working day.
			if n < 3 || n > 5 && year < thisYear-1 {
				t.Errorf("%s: %d visits in %d", office, n, year)
			}
		}
		if seen != 9 {
			t.Errorf("%d office-years, want 9", seen)
		}
		if n := count(t, `SELECT count(*) FROM guide_visits v JOIN offices o ON o.id = v.office_id WHERE NOT o.pilot`); n < 3 {
			t.Errorf("%d visits to offices that took up tools", n)
		}
		if n := count(t, `SELECT count(*) FROM guide_visits WHERE subject = 'Metodická role kraje'`); n < 3 {
			t.Errorf("%d visits about the region's methodological role", n)
		}
		if n := count(t, `SELECT count(*) FROM guide_visits WHERE topic_id IS NOT NULL AND next_step <> ''
			AND EXISTS (SELECT 1 FROM guide_visit_tools x WHERE x.visit_id = guide_visits.id)`); n < 15 {
			t.Errorf("only %d visits on a topic with tools and a next step", n)
		}
	})

	t.Run("the timelines read as they happened", func(t *testing.T) {
		const objects = `object_type IN ('tool', 'dev_topic', 'guide_visit')`
		if n := count(t, `SELECT count(*) FROM audit_log WHERE `+objects+` AND at > now()`); n != 0 {
			t.Errorf("%d entries in the future", n)
		}
		if n := count(t, `SELECT count(*) FROM (SELECT at < lag(at) OVER (PARTITION BY object_type, object_id ORDER BY id) AS back
			FROM audit_log WHERE `+objects+`) a WHERE back`); n != 0 {
			t.Errorf("%d entries earlier than the entry before them", n)
		}
		if n := count(t, `SELECT count(*) FROM audit_log WHERE `+objects+`
			AND extract(year FROM at AT TIME ZONE 'Europe/Prague') < $1`, thisYear-3); n != 0 {
			t.Errorf("%d entries before the project", n)
		}
		if n := count(t, `SELECT count(*) FROM tools WHERE created_at <> (SELECT min(at) FROM audit_log a
			WHERE a.object_type = 'tool' AND a.object_id = tools.id)`); n != 0 {
			t.Errorf("%d tools created at another time than their first entry", n)
		}
		if n := count(t, `SELECT count(*) FROM adoption_steps WHERE (at AT TIME ZONE 'Europe/Prague')::date <> on_date`); n != 0 {
			t.Errorf("%d adoption steps recorded on another day than they happened", n)
		}
		if n := count(t, `SELECT count(*) FROM guide_visits WHERE (created_at AT TIME ZONE 'Europe/Prague')::date <> visited_on`); n != 0 {
			t.Errorf("%d visits recorded on another day than they happened", n)
		}
	})

	t.Run("the texts hold no personal data", func(t *testing.T) {
		rows, err := pool.Query(ctx, `
			SELECT name || E'\n' || summary || E'\n' || body FROM tools
			UNION ALL SELECT report FROM adoptions WHERE report <> ''
			UNION ALL SELECT report FROM adoption_steps WHERE report <> ''
			UNION ALL SELECT reason || E'\n' || evidence::text FROM tool_promotions
			UNION ALL SELECT title || E'\n' || description FROM dev_topics
			UNION ALL SELECT subject || E'\n' || tried || E'\n' || next_step FROM guide_visits`)
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
		if n < 100 {
			t.Errorf("only %d texts", n)
		}
	})

	t.Run("the tools link to their notes, the meeting where they were presented and the feedback", func(t *testing.T) {
		want := map[string]struct{ note, item string }{
			"Karty rodičovských dovedností": {"Karty rodičovských kompetencí: rozhovor o tom, co rodič zvládá",
				"Karty rodičovských dovedností: zkušenosti Žamberku"},
			"Intervize v týmu": {"Intervize v malém týmu: formát na šedesát minut",
				"Intervize v týmu: jak jsme ji zavedli v Lanškrouně"},
			"Porada zaměřená na řešení": {"Týmová porada za 45 minut: struktura, která nám vydržela",
				"Porada zaměřená na řešení: kratší porady v České Třebové"},
			"Plán bezpečí s rodinou": {"Vyhodnocení a plánování bezpečí dítěte: tři otázky, se kterými začínáme",
				"Plán bezpečí s rodinou: první zkušenosti z pilotu"},
		}
		var meeting int64
		for name, w := range want {
			tl, ok := byName[name]
			if !ok {
				t.Fatalf("no tool %q", name)
			}
			l, err := s.Links(ctx, tl.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(l.Notes) != 1 || l.Notes[0].Title != w.note || l.Notes[0].Source {
				t.Errorf("%s links notes %+v, want %q", name, l.Notes, w.note)
			}
			if len(l.Items) != 1 || l.Items[0].Title != w.item {
				t.Errorf("%s links agenda items %+v, want %q", name, l.Items, w.item)
				continue
			}
			it := l.Items[0]
			if !strings.HasPrefix(it.MeetingTitle, "Setkání OSPOD Pardubického kraje – podzim") ||
				it.When.In(i18n.Prague).Year() != thisYear-1 {
				t.Errorf("%s: item of %q on %s, want last autumn's regional meeting", name, it.MeetingTitle, it.When)
			}
			if meeting == 0 {
				meeting = it.MeetingID
			} else if it.MeetingID != meeting {
				t.Errorf("%s was presented at meeting %d, the others at %d", name, it.MeetingID, meeting)
			}
		}
		l, err := s.Links(ctx, byName["Karty rodičovských dovedností"].ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(l.Forms) != 1 || l.Forms[0].MeetingID != meeting {
			t.Fatalf("the cards link forms %+v, want the form of meeting %d", l.Forms, meeting)
		}
		form := l.Forms[0].ID
		if n := count(t, `SELECT count(*) FROM tool_forms`); n != 1 {
			t.Errorf("%d links to forms, want the cards' one", n)
		}

		// The meeting was held, minuted and closed, and its timeline stayed where it happened.
		if n := count(t, `SELECT count(*) FROM meetings m JOIN meeting_series s ON s.id = m.series_id
			WHERE m.id = $1 AND m.region_id = $2 AND s.name = 'Setkání OSPOD Pardubického kraje' AND m.status = 'closed'
			AND m.minutes_approved_at IS NOT NULL AND m.venue = 'Krajský úřad Pardubického kraje'`, meeting, region); n != 1 {
			t.Error("the meeting is not a closed meeting of the Pardubice series at the regional office")
		}
		if n := count(t, `SELECT count(*) FROM topics WHERE meeting_id = $1 AND status = 'accepted'
			AND (outcome = '' OR decisions = '' OR presenter = '' OR resolution IS NULL)`, meeting); n != 0 {
			t.Errorf("%d agenda items without minutes or presenter", n)
		}
		attended := count(t, `SELECT count(*) FROM registrations WHERE meeting_id = $1 AND attended`, meeting)
		if absent := count(t, `SELECT count(*) FROM registrations WHERE meeting_id = $1 AND NOT attended`, meeting); attended < 10 || absent == 0 {
			t.Errorf("%d attended, %d absent", attended, absent)
		}
		if n := count(t, `SELECT count(*) FROM registrations g JOIN users u ON u.id = g.user_id JOIN offices o ON o.id = u.office_id
			WHERE g.meeting_id = $1 AND o.region_id <> $2`, meeting, region); n != 0 {
			t.Errorf("%d participants from other regions", n)
		}
		if n := count(t, `SELECT count(*) FROM audit_log WHERE object_type = 'meeting' AND object_id = $1
			AND extract(year FROM at AT TIME ZONE 'Europe/Prague') <> $2`, meeting, thisYear-1); n != 0 {
			t.Errorf("%d entries of the meeting's timeline outside last year", n)
		}
		if n := count(t, `SELECT count(*) FROM (SELECT at < lag(at) OVER (ORDER BY id) AS back
			FROM audit_log WHERE object_type = 'meeting' AND object_id = $1) a WHERE back`, meeting); n != 0 {
			t.Errorf("%d meeting entries earlier than the entry before them", n)
		}

		// The form about the cards was answered by enough attendees for its results to show.
		if n := count(t, `SELECT count(*) FROM feedback_forms WHERE id = $1 AND region_id = $2 AND NOT is_template
			AND anonymous AND status = 'open' AND closes_at < now() AND opened_at > (SELECT ends_at FROM meetings WHERE id = $3)`,
			form, region, meeting); n != 1 {
			t.Error("the form is not an anonymous form of the region, opened after the meeting and over")
		}
		if n := count(t, `SELECT count(*) FROM feedback_questions q JOIN feedback_forms f ON f.id = q.form_id AND f.version = q.version
			WHERE f.id = $1 AND q.kind = 'rating' AND q.label = 'Jak užitečné pro vás karty jsou?'`, form); n != 1 {
			t.Error("the form does not ask how useful the cards are")
		}
		responses := count(t, `SELECT count(*) FROM feedback_responses WHERE form_id = $1`, form)
		if k := count(t, `SELECT min_answers FROM feedback_forms WHERE id = $1`, form); responses < k || responses > attended {
			t.Errorf("%d answers from %d attendees, results show from %d", responses, attended, k)
		}
		if n := count(t, `SELECT count(*) FROM audit_log WHERE object_type = 'feedback' AND object_id = $1
			AND extract(year FROM at AT TIME ZONE 'Europe/Prague') <> $2`, form, thisYear-1); n != 0 {
			t.Errorf("%d entries of the form's timeline outside last year", n)
		}
		rows, err := pool.Query(ctx, `SELECT a.text FROM feedback_answers a JOIN feedback_responses r ON r.id = a.response_id
			WHERE r.form_id = $1 AND a.text <> ''`, form)
		if err != nil {
			t.Fatal(err)
		}
		texts, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			t.Fatal(err)
		}
		for _, text := range texts {
			for _, f := range pii.Scan(text) {
				t.Errorf("%q: %s %q", text, f.Kind, f.Text)
			}
		}

		// The links were made by those who accompany the tools, after what they link to.
		if n := count(t, `SELECT count(*) FROM audit_log a JOIN users u ON u.id = a.actor_id
			WHERE a.object_type = 'tool' AND a.action = 'tool.link'
			AND NOT ('guide' = ANY (u.roles) OR 'methodologist' = ANY (u.roles))`); n != 0 {
			t.Errorf("%d links made by someone who does not accompany the tools", n)
		}
		if n := count(t, `SELECT count(*) FROM audit_log a WHERE a.object_type = 'tool' AND a.action = 'tool.link'
			AND a.at < CASE a.detail->>'kind'
				WHEN 'note' THEN (SELECT published_at FROM notes WHERE id = (a.detail->>'target')::bigint)
				ELSE (SELECT minutes_approved_at FROM meetings WHERE id = $1) END`, meeting); n != 0 {
			t.Errorf("%d links made before what they link to was there", n)
		}
	})

	t.Run("seeding again adds nothing", func(t *testing.T) {
		const totals = `SELECT (SELECT count(*) FROM tools) * 1000000 + (SELECT count(*) FROM adoption_steps) * 10000
			+ (SELECT count(*) FROM guide_visits) * 100 + (SELECT count(*) FROM dev_topics) * 10
			+ (SELECT count(*) FROM audit_log WHERE object_type IN ('tool', 'dev_topic', 'guide_visit')) % 10`
		before := count(t, totals)
		if n, err := demo.SeedNest(ctx, pool); err != nil || n != 0 {
			t.Errorf("SeedNest on a seeded database added %d tools: %v", n, err)
		}
		if _, err := demo.Seed(ctx, pool, h); err != nil {
			t.Fatal(err)
		}
		if after := count(t, totals); after != before {
			t.Errorf("totals went from %d to %d", before, after)
		}
	})
}

// TestSeedNestConcurrent: two seeders starting at once seed the nest once, and quickly: the
// server tests seed it whenever they start a server.
func TestSeedNestConcurrent(t *testing.T) {
	t.Parallel()
	pool := dbtest.New(t)
	ctx := context.Background()
	if _, err := demo.Seed(ctx, pool, auth.Hasher{MemoryKiB: 64, Time: 1, Threads: 1}); err != nil {
		t.Fatal(err)
	}
	var seeded int
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM tools`).Scan(&seeded); err != nil || seeded == 0 {
		t.Fatalf("%d tools: %v", seeded, err)
	}
	if _, err := pool.Exec(ctx, `DELETE FROM tools; DELETE FROM guide_visits; DELETE FROM dev_topics;
		DELETE FROM audit_log WHERE object_type IN ('tool', 'dev_topic', 'guide_visit')`); err != nil {
		t.Fatal(err)
	}
	start := make(chan struct{})
	results := make(chan int, 2)
	errs := make(chan error, 2)
	began := time.Now()
	for range 2 {
		go func() {
			<-start
			n, err := demo.SeedNest(ctx, pool)
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
	took := time.Since(began)
	t.Logf("seeding the nest took %s", took)
	if total != seeded {
		t.Errorf("the seeders added %d tools together, the first seed %d", total, seeded)
	}
	var n int
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM tools`).Scan(&n); err != nil || n != seeded {
		t.Errorf("%d tools, the first seed made %d: %v", n, seeded, err)
	}
	// The seeders found the autumn meeting and its form of the first seed and linked the new
	// tools to them.
	for q, want := range map[string]int{
		`SELECT count(*) FROM meetings m JOIN meeting_series s ON s.id = m.series_id
			WHERE s.name = 'Setkání OSPOD Pardubického kraje' AND m.starts_at < now()`: 1,
		`SELECT count(*) FROM feedback_forms f JOIN regions r ON r.id = f.region_id WHERE r.slug = 'PAK' AND NOT f.is_template`: 1,
		`SELECT count(*) FROM tool_topics`: 4,
		`SELECT count(*) FROM tool_forms`:  1,
		`SELECT count(*) FROM tool_notes`:  4,
	} {
		if err := pool.QueryRow(ctx, q).Scan(&n); err != nil || n != want {
			t.Errorf("%s: %d, want %d: %v", q, n, want, err)
		}
	}
	if took > 5*time.Second {
		t.Errorf("seeding the nest took %s", took)
	}
}
