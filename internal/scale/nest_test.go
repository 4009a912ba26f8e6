package scale_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"hnizdo.cz/hnizdo/internal/nest"
	"hnizdo.cz/hnizdo/internal/scale"
)

// TestNestAtScale loads once and reads the nest as the app does; the last subtest changes it.
func TestNestAtScale(t *testing.T) {
	pool := load(t, scale.Tiny())
	t.Run("sizes", func(t *testing.T) { nestSizesHold(t, pool) })
	t.Run("ladder", func(t *testing.T) { nestLadderHolds(t, pool) })
	t.Run("adoptions", func(t *testing.T) { nestAdoptionsReplay(t, pool) })
	t.Run("pages", func(t *testing.T) { nestPagesShowIt(t, pool) })
	t.Run("continues", func(t *testing.T) { nestContinues(t, pool) })
}

func nestSizesHold(t *testing.T, pool *pgxpool.Pool) {
	if n := count(t, pool, `SELECT count(*) FROM (SELECT region_id FROM tools GROUP BY region_id HAVING count(*) BETWEEN 10 AND 20) x`); n != 14 {
		t.Errorf("%d regions with 10–20 tools, want 14", n)
	}
	for _, m := range nest.Ladder {
		if n := count(t, pool, `SELECT count(*) FROM tools WHERE maturity = $1`, m); n == 0 {
			t.Errorf("no tool %s", m)
		}
	}
	if n := count(t, pool, `SELECT count(DISTINCT region_id) FROM offices WHERE pilot AND kind IN ('orp', 'district')`); n != 14 {
		t.Errorf("pilot offices in %d regions, want 14", n)
	}
	for _, table := range []string{"dev_topics", "adoptions", "adoption_steps", "guide_visits", "tool_promotions"} {
		if n := count(t, pool, `SELECT count(*) FROM `+table); n == 0 {
			t.Errorf("no %s", table)
		}
	}
	none(t, pool, "development topics of offices that are not pilots", `
		SELECT dt.id FROM dev_topics dt JOIN offices o ON o.id = dt.office_id WHERE NOT o.pilot OR dt.since > current_date`)
}

// nestLadderHolds checks each tool's rung against its promotions and the evidence its rules
// counted.
func nestLadderHolds(t *testing.T, pool *pgxpool.Pool) {
	ctx := context.Background()
	none(t, pool, "tools whose rung is not where their promotions took them", `
		SELECT t.id FROM tools t WHERE t.maturity <> coalesce((SELECT p.to_level FROM tool_promotions p WHERE p.tool_id = t.id
			ORDER BY p.at DESC, p.id DESC LIMIT 1), 'idea')`)
	none(t, pool, "promotions that skip a rung", `
		SELECT p.id FROM tool_promotions p WHERE p.from_level <> coalesce((SELECT q.to_level FROM tool_promotions q
			WHERE q.tool_id = p.tool_id AND (q.at, q.id) < (p.at, p.id) ORDER BY q.at DESC, q.id DESC LIMIT 1), 'idea')
			OR (p.to_level <> 'retired' AND array_position(ARRAY['idea', 'prototype', 'piloting', 'validated', 'recommended'], p.to_level)
				<> array_position(ARRAY['idea', 'prototype', 'piloting', 'validated', 'recommended'], p.from_level) + 1)
			OR p.at > now() OR p.at < (SELECT created_at FROM tools WHERE id = p.tool_id)`)
	none(t, pool, "promotions by someone the rules do not let", `
		SELECT p.id FROM tool_promotions p JOIN tools t ON t.id = p.tool_id JOIN users u ON u.id = p.by_id
			JOIN offices o ON o.id = u.office_id
		WHERE (p.to_level IN ('recommended', 'retired') AND (NOT 'methodologist' = ANY (u.roles) OR o.region_id <> t.region_id))
			OR (p.to_level = 'validated' AND (NOT u.roles && ARRAY['methodologist', 'guide'] OR o.region_id <> t.region_id))
			OR (p.to_level IN ('prototype', 'piloting') AND NOT ((u.roles && ARRAY['methodologist', 'guide'] AND o.region_id = t.region_id)
				OR EXISTS (SELECT 1 FROM tool_origins x WHERE x.tool_id = t.id AND x.office_id = u.office_id)))`)
	none(t, pool, "tools past the idea without a description or with origins elsewhere", `
		SELECT t.id FROM tools t WHERE (t.maturity <> 'idea' AND btrim(t.body) = '')
			OR NOT EXISTS (SELECT 1 FROM tool_origins x WHERE x.tool_id = t.id)
			OR EXISTS (SELECT 1 FROM tool_origins x JOIN offices o ON o.id = x.office_id WHERE x.tool_id = t.id
				AND (o.region_id <> t.region_id OR o.kind NOT IN ('orp', 'district')))
			OR (t.topic_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM dev_topics dt JOIN tool_origins x ON x.office_id = dt.office_id
				WHERE dt.id = t.topic_id AND x.tool_id = t.id))`)
	// The evidence kept with each promotion is what its rule needs.
	rows, err := pool.Query(ctx, `SELECT p.to_level, p.evidence, array(SELECT office_id FROM tool_origins x WHERE x.tool_id = p.tool_id)
		FROM tool_promotions p`)
	if err != nil {
		t.Fatal(err)
	}
	var to string
	var raw []byte
	var origins []int64
	if _, err := pgx.ForEachRow(rows, []any{&to, &raw, &origins}, func() error {
		var ev []nest.Evidence
		if err := json.Unmarshal(raw, &ev); err != nil {
			return err
		}
		need := map[string]int{"piloting": 1, "validated": nest.ValidatingOffices, "recommended": nest.ValidatingOffices}[to]
		if len(ev) < need {
			t.Errorf("promotion to %s with %d adoptions as evidence", to, len(ev))
		}
		for _, e := range ev {
			origin := false
			for _, o := range origins {
				origin = origin || o == e.OfficeID
			}
			ok := e.Stage == nest.Trialling || e.Stage == nest.Adopted
			if to == "piloting" {
				ok = ok && origin
			} else {
				ok = ok && !origin && e.Rating >= nest.SuccessRating && e.Report != ""
			}
			if !ok || e.Since == "" || e.Office == "" {
				t.Errorf("promotion to %s counted %+v", to, e)
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}

// nestAdoptionsReplay replays every adoption's steps as nest.Store.Take would and compares the
// result with the adoption's row.
func nestAdoptionsReplay(t *testing.T, pool *pgxpool.Pool) {
	ctx := context.Background()
	none(t, pool, "adoptions by offices that are not municipal", `
		SELECT a.id FROM adoptions a JOIN offices o ON o.id = a.office_id WHERE o.kind NOT IN ('orp', 'district')`)
	none(t, pool, "steps by someone the rules do not let", `
		SELECT st.id FROM adoption_steps st JOIN adoptions a ON a.id = st.adoption_id JOIN offices ao ON ao.id = a.office_id
			JOIN users u ON u.id = st.by_id JOIN offices uo ON uo.id = u.office_id
		WHERE (st.stage = 'offered' AND st.from_stage <> 'offered' AND (NOT u.roles && ARRAY['methodologist', 'guide'] OR uo.region_id <> ao.region_id))
			OR (st.stage <> 'offered' AND u.office_id <> a.office_id)`)
	none(t, pool, "steps taken while the tool could not be taken up", `
		SELECT st.id FROM adoption_steps st JOIN adoptions a ON a.id = st.adoption_id
		WHERE st.stage IN ('offered', 'trialling', 'adopted') AND st.stage <> st.from_stage AND (
			st.on_date < (SELECT min(p.at)::date FROM tool_promotions p WHERE p.tool_id = a.tool_id AND p.to_level = 'prototype')
			OR NOT EXISTS (SELECT 1 FROM tool_promotions p WHERE p.tool_id = a.tool_id AND p.to_level = 'prototype')
			OR st.on_date > coalesce((SELECT min(p.at)::date FROM tool_promotions p WHERE p.tool_id = a.tool_id AND p.to_level = 'retired'), 'infinity'))
			OR st.on_date > current_date OR st.at > now()`)
	type adoption struct {
		id                                     int64
		stage                                  nest.Stage
		offered, trialling, adopted, abandoned *time.Time
		report                                 string
		rating                                 *int16
		version                                int32
	}
	rows, err := pool.Query(ctx, `SELECT id, stage, offered_on, trialling_on, adopted_on, abandoned_on, report, rating, version FROM adoptions`)
	if err != nil {
		t.Fatal(err)
	}
	ads, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (adoption, error) {
		var a adoption
		return a, r.Scan(&a.id, &a.stage, &a.offered, &a.trialling, &a.adopted, &a.abandoned, &a.report, &a.rating, &a.version)
	})
	if err != nil {
		t.Fatal(err)
	}
	type step struct {
		from, to nest.Stage
		on       time.Time
		report   string
		rating   *int16
	}
	steps := map[int64][]step{}
	rows, err = pool.Query(ctx, `SELECT adoption_id, from_stage, stage, on_date, report, rating FROM adoption_steps ORDER BY adoption_id, id`)
	if err != nil {
		t.Fatal(err)
	}
	var ad int64
	var s step
	if _, err := pgx.ForEachRow(rows, []any{&ad, &s.from, &s.to, &s.on, &s.report, &s.rating}, func() error {
		steps[ad] = append(steps[ad], s)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	for _, a := range ads {
		cur, on, last := nest.NotOffered, map[nest.Stage]time.Time{}, time.Time{}
		report, rating := "", int16(0)
		for _, s := range steps[a.id] {
			allowed := false
			for _, act := range nest.Actions {
				if to, ok := act.To(cur); ok && to == s.to {
					needReport := act == nest.Adopt || act == nest.Abandon || act == nest.Evaluate
					needRating := act == nest.Adopt || act == nest.Evaluate
					allowed = allowed || ((!needReport || s.report != "") && (!needRating || s.rating != nil) &&
						(act != nest.Offer || (s.report == "" && s.rating == nil)))
				}
			}
			if !allowed || s.from != cur || s.on.Before(last) {
				t.Errorf("adoption %d: step %q → %q on %s not one Take makes", a.id, s.from, s.to, s.on.Format(time.DateOnly))
			}
			if s.to != cur {
				on[s.to] = s.on
			}
			if s.report != "" || s.rating != nil {
				report, rating = s.report, 0
				if s.rating != nil {
					rating = *s.rating
				}
			}
			cur, last = s.to, s.on
		}
		got := int16(0)
		if a.rating != nil {
			got = *a.rating
		}
		date := func(d *time.Time) time.Time {
			if d == nil {
				return time.Time{}
			}
			return *d
		}
		if cur != a.stage || int(a.version) != len(steps[a.id]) || report != a.report || rating != got ||
			!on[nest.Offered].Equal(date(a.offered)) || !on[nest.Trialling].Equal(date(a.trialling)) ||
			!on[nest.Adopted].Equal(date(a.adopted)) || !on[nest.Abandoned].Equal(date(a.abandoned)) {
			t.Errorf("adoption %d: row %+v, its steps make %s %v", a.id, a, cur, on)
		}
	}
	none(t, pool, "guide visits by someone who does not accompany the region or about another office's topic", `
		SELECT v.id FROM guide_visits v JOIN offices o ON o.id = v.office_id JOIN users u ON u.id = v.guide_id
			JOIN offices uo ON uo.id = u.office_id LEFT JOIN dev_topics dt ON dt.id = v.topic_id
		WHERE NOT u.roles && ARRAY['methodologist', 'guide'] OR uo.region_id <> o.region_id OR o.kind NOT IN ('orp', 'district')
			OR dt.office_id <> v.office_id OR dt.since > v.visited_on OR v.visited_on > current_date`)
	noPersonalData(t, pool, `SELECT unnest(ARRAY[name, summary, body]) FROM tools UNION ALL SELECT report FROM adoption_steps
		UNION ALL SELECT unnest(ARRAY[subject, tried, next_step]) FROM guide_visits UNION ALL SELECT reason FROM tool_promotions
		UNION ALL SELECT unnest(ARRAY[title, description]) FROM dev_topics`)
}

func nestPagesShowIt(t *testing.T, pool *pgxpool.Pool) {
	ctx := context.Background()
	st := nest.NewStore(pool)
	var cells int
	for r := int16(1); r <= 14; r++ {
		m, err := st.Matrix(ctx, r)
		if err != nil {
			t.Fatal(err)
		}
		tools := count(t, pool, `SELECT count(*) FROM tools t WHERE t.maturity <> 'idea' AND (t.region_id = $1 OR EXISTS (
			SELECT 1 FROM adoptions a JOIN offices o ON o.id = a.office_id WHERE a.tool_id = t.id AND o.region_id = $1))`, r)
		adoptions := count(t, pool, `SELECT count(*) FROM adoptions a JOIN offices o ON o.id = a.office_id JOIN tools t ON t.id = a.tool_id
			WHERE o.region_id = $1 AND t.maturity <> 'idea'`, r)
		offices := count(t, pool, `SELECT count(*) FROM offices WHERE region_id = $1 AND kind IN ('orp', 'district')`, r)
		if len(m.Tools) != tools || m.Totals().Total() != adoptions || len(m.Offices) != offices {
			t.Errorf("region %d: matrix of %d offices × %d tools with %d adoptions; want %d × %d with %d",
				r, len(m.Offices), len(m.Tools), m.Totals().Total(), offices, tools, adoptions)
		}
		cells += m.Totals().Total()
		ts, err := st.Tools(ctx, nest.Filter{Region: r})
		if err != nil {
			t.Fatal(err)
		}
		if n := count(t, pool, `SELECT count(*) FROM tools WHERE region_id = $1`, r); len(ts) != n {
			t.Errorf("region %d: catalogue of %d tools, %d made", r, len(ts), n)
		}
		ps, err := st.PilotOffices(ctx, r)
		if err != nil {
			t.Fatal(err)
		}
		visits := 0
		for _, p := range ps {
			visits += int(p.Visits)
		}
		if len(ps) == 0 || visits == 0 {
			t.Errorf("region %d: %d pilot offices with %d visits", r, len(ps), visits)
		}
	}
	if cells == 0 {
		t.Error("every matrix is empty")
	}
	// A tool's spread counts the offices that took a step, and a validated tool's evidence
	// still holds for its recommendation.
	var tool int64
	if err := pool.QueryRow(ctx, `SELECT id FROM tools WHERE maturity = 'validated' ORDER BY id LIMIT 1`).Scan(&tool); err != nil {
		t.Fatal(err)
	}
	points, err := st.Spread(ctx, tool)
	if err != nil {
		t.Fatal(err)
	}
	if n := count(t, pool, `SELECT count(*) FROM adoptions WHERE tool_id = $1`, tool); len(points) == 0 || points[len(points)-1].Offered != n {
		t.Errorf("spread of tool %d: %+v, %d offices", tool, points, n)
	}
	tl, err := st.Tool(ctx, tool)
	if err != nil {
		t.Fatal(err)
	}
	if c, ok, err := st.Rule(ctx, tl); err != nil || !ok || !c.Met {
		t.Errorf("rule for recommending tool %d: %+v, %v, %v", tool, c, ok, err)
	}
}

// nestContinues takes the nest on in the app: a methodologist recommends a validated tool, an
// office adopts what it tries, a guide offers a recommended tool to an office without it.
func nestContinues(t *testing.T, pool *pgxpool.Pool) {
	ctx := context.Background()
	st := nest.NewStore(pool)
	var tool, meth int64
	var version int32
	if err := pool.QueryRow(ctx, `SELECT t.id, t.version, u.id FROM tools t JOIN offices o ON o.region_id = t.region_id
		JOIN users u ON u.office_id = o.id WHERE t.maturity = 'validated' AND 'methodologist' = ANY (u.roles)
		ORDER BY t.id, u.id LIMIT 1`).Scan(&tool, &version, &meth); err != nil {
		t.Fatal(err)
	}
	if err := st.Promote(ctx, userByID(t, pool, meth), tool, nest.Recommended, "Osvědčilo se v několika úřadech.", version); err != nil {
		t.Errorf("recommend tool %d: %v", tool, err)
	}
	var office, staff int64
	var adoption int32
	if err := pool.QueryRow(ctx, `SELECT a.tool_id, a.office_id, a.version, u.id FROM adoptions a JOIN tools t ON t.id = a.tool_id
		JOIN users u ON u.office_id = a.office_id WHERE a.stage = 'trialling' AND t.maturity NOT IN ('idea', 'retired')
		ORDER BY a.id, u.id LIMIT 1`).Scan(&tool, &office, &adoption, &staff); err != nil {
		t.Fatal(err)
	}
	if err := st.Take(ctx, userByID(t, pool, staff), nest.Step{Tool: tool, Office: office, Action: nest.Adopt,
		Report: "Používáme při každém šetření.", Rating: 5, Version: adoption}); err != nil {
		t.Errorf("adopt tool %d at office %d: %v", tool, office, err)
	}
	var guide int64
	if err := pool.QueryRow(ctx, `SELECT t.id, o.id, u.id FROM tools t JOIN offices o ON o.kind IN ('orp', 'district')
		JOIN users u ON u.office_id IN (SELECT id FROM offices WHERE region_id = o.region_id) AND 'guide' = ANY (u.roles)
		WHERE t.maturity = 'recommended' AND NOT EXISTS (SELECT 1 FROM adoptions a WHERE a.tool_id = t.id AND a.office_id = o.id)
		ORDER BY t.id, o.id LIMIT 1`).Scan(&tool, &office, &guide); err != nil {
		t.Fatal(err)
	}
	if err := st.Offer(ctx, userByID(t, pool, guide), tool, []int64{office}, time.Time{}); err != nil {
		t.Errorf("offer tool %d to office %d: %v", tool, office, err)
	}
}
