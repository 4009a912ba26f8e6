package feedback

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"hnizdo.cz/hnizdo/internal/app"
	"hnizdo.cz/hnizdo/internal/auth"
)

// Bar is one bar of a distribution: a scale value or an option, and how many chose it.
type Bar struct {
	Label string
	Count int
	Share float64 // of the question's answers, 0..1; a multiple choice's shares add up to more than 1
}

// Text is one free-text answer.
type Text struct {
	ResponseID string
	QuestionID int64 // the question of the version it answered
	Text       string
	Carried    bool
}

// Stat is the result of one question.
type Stat struct {
	Question Question
	Count    int     // answers given
	Mean     float64 // scales only
	Median   float64 // scales only
	// Bars: a scale's every point in order, zeros included; a choice's every current option in
	// order, then any other label found in earlier versions.
	Bars  []Bar
	Texts []Text // short and long answers
	// Hidden: fewer than k answered this rating or choice (an optional one, or one added
	// later), so Mean, Median and Bars are left empty: the form's k protects every question.
	Hidden bool
}

// Results of a form.
type Results struct {
	Form      *Form
	Responses int // all versions
	Invited   int
	// Attended is who was asked: a meeting's registrations marked attended (the registered
	// while no attendance is marked), a stand-alone form's invited.
	Attended int
	Rate     float64 // Responses / Attended; 0 when Attended is 0
	// Hidden says there are fewer responses than the form's k; Stats is then empty, so no page
	// can show what a small group answered.
	Hidden bool
	Stats  []Stat // one per question of the current version, in order
}

// snapshot runs fn on form id for u, who must manage it (ErrNotFound otherwise, as Get), in one
// read-only snapshot so the counts and the answers agree while answers arrive.
func (s *Store) snapshot(ctx context.Context, u *auth.User, id int64, fn func(tx pgx.Tx, f *Form) error) error {
	opts := pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}
	return pgx.BeginTxFunc(ctx, s.pool, opts, func(tx pgx.Tx) error {
		f, err := loadForm(ctx, tx, id, false)
		if err != nil {
			return err
		}
		if !mayRead(u, f) {
			return app.ErrNotFound
		}
		return fn(tx, f)
	})
}

// Results returns the results of form id for u, who must manage it (ErrNotFound otherwise).
// Whether u may see results at all is the route's decision.
func (s *Store) Results(ctx context.Context, u *auth.User, id int64) (*Results, error) {
	var r *Results
	err := s.snapshot(ctx, u, id, func(tx pgx.Tx, f *Form) error {
		var err error
		r, err = results(ctx, tx, f)
		return err
	})
	return r, err
}

func results(ctx context.Context, tx pgx.Tx, f *Form) (*Results, error) {
	r := &Results{Form: f, Responses: int(f.Responses), Invited: int(f.Invited), Attended: int(f.Invited)}
	if f.MeetingID != nil {
		err := tx.QueryRow(ctx, `
			SELECT (CASE WHEN bool_or(attended IS NOT NULL) THEN count(*) FILTER (WHERE attended) ELSE count(*) END)::int
			FROM registrations WHERE meeting_id = $1 AND status = 'registered'`, *f.MeetingID).Scan(&r.Attended)
		if err != nil {
			return nil, fmt.Errorf("feedback: attendance of %d: %w", f.ID, err)
		}
	}
	if r.Attended > 0 {
		r.Rate = float64(r.Responses) / float64(r.Attended)
	}
	if r.Responses < int(f.MinAnswers) {
		r.Hidden = true
		return r, nil
	}
	qs, err := questions(ctx, tx, f.ID, f.Version)
	if err != nil {
		return nil, err
	}
	r.Stats, err = stats(ctx, tx, f.ID, qs)
	if err != nil {
		return nil, err
	}
	for i := range r.Stats {
		// Text answers stay listed: the list links them to nothing else. Numbers and choices of
		// a question only a few answered would show those few.
		if st := &r.Stats[i]; st.Count < int(f.MinAnswers) && !st.Question.Kind.Textual() {
			*st = Stat{Question: st.Question, Count: st.Count, Hidden: true}
		}
	}
	return r, nil
}

// lineage is what the answers of one lineage of questions add up to, across versions.
type lineage struct {
	count        int
	mean, median float64
	labels       []string // chosen values, in collation order
	chosen       map[string]int
	texts        []Text
}

// stats adds up the answers of form id for each of qs, every version of a question together.
func stats(ctx context.Context, tx pgx.Tx, id int64, qs []Question) ([]Stat, error) {
	by := map[int64]*lineage{}
	of := func(origin int64) *lineage {
		l := by[origin]
		if l == nil {
			l = &lineage{chosen: map[string]int{}}
			by[origin] = l
		}
		return l
	}
	// Empty values count as no answer.
	rows, err := tx.Query(ctx, `
		SELECT coalesce(q.origin_id, q.id), count(*)::int, coalesce(avg(a.number), 0)::float8,
			coalesce(percentile_cont(0.5) WITHIN GROUP (ORDER BY a.number), 0)::float8
		FROM feedback_answers a JOIN feedback_questions q ON q.id = a.question_id
		WHERE q.form_id = $1 AND (a.number IS NOT NULL OR cardinality(a.choices) > 0 OR btrim(a.text) <> '')
		GROUP BY 1`, id)
	if err != nil {
		return nil, fmt.Errorf("feedback: counts of %d: %w", id, err)
	}
	var origin int64
	var count int
	var mean, median float64
	_, err = pgx.ForEachRow(rows, []any{&origin, &count, &mean, &median}, func() error {
		l := of(origin)
		l.count, l.mean, l.median = count, mean, median
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("feedback: counts of %d: %w", id, err)
	}

	// A value counts once per response, whatever a stored list repeats.
	rows, err = tx.Query(ctx, `
		SELECT coalesce(q.origin_id, q.id), v.label, count(DISTINCT a.response_id)::int
		FROM feedback_answers a JOIN feedback_questions q ON q.id = a.question_id
			CROSS JOIN LATERAL unnest(coalesce(a.choices, ARRAY[a.number::text])) AS v (label)
		WHERE q.form_id = $1 AND (a.number IS NOT NULL OR a.choices IS NOT NULL)
		GROUP BY 1, 2 ORDER BY 1, v.label COLLATE "cs-CZ-x-icu"`, id)
	if err != nil {
		return nil, fmt.Errorf("feedback: distribution of %d: %w", id, err)
	}
	var label string
	_, err = pgx.ForEachRow(rows, []any{&origin, &label, &count}, func() error {
		l := of(origin)
		l.labels = append(l.labels, label)
		l.chosen[label] = count
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("feedback: distribution of %d: %w", id, err)
	}

	// Anonymous answers have no time, and an order by time would betray one anyway: texts go by
	// their wording, then by the random response id.
	rows, err = tx.Query(ctx, `
		SELECT coalesce(q.origin_id, q.id), a.response_id::text, a.question_id, a.text, a.carried
		FROM feedback_answers a JOIN feedback_questions q ON q.id = a.question_id
		WHERE q.form_id = $1 AND btrim(a.text) <> ''
		ORDER BY a.text COLLATE "cs-CZ-x-icu", a.response_id`, id)
	if err != nil {
		return nil, fmt.Errorf("feedback: texts of %d: %w", id, err)
	}
	var x Text
	_, err = pgx.ForEachRow(rows, []any{&origin, &x.ResponseID, &x.QuestionID, &x.Text, &x.Carried}, func() error {
		l := of(origin)
		l.texts = append(l.texts, x)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("feedback: texts of %d: %w", id, err)
	}

	out := make([]Stat, 0, len(qs))
	for _, q := range qs {
		l := of(q.OriginID)
		st := Stat{Question: q, Count: l.count}
		switch {
		case q.Kind.Scaled():
			st.Mean, st.Median = l.mean, l.median
			lo, hi := q.Kind.Scale()
			for v := lo; v <= hi; v++ {
				st.Bars = append(st.Bars, bar(strconv.Itoa(v), l.chosen[strconv.Itoa(v)], l.count))
			}
		case q.Kind.Choice():
			for _, o := range q.Options {
				st.Bars = append(st.Bars, bar(o, l.chosen[o], l.count))
			}
			for _, o := range l.labels {
				if !slices.Contains(q.Options, o) {
					st.Bars = append(st.Bars, bar(o, l.chosen[o], l.count))
				}
			}
		case q.Kind.Textual():
			st.Texts = l.texts
		}
		out = append(out, st)
	}
	return out, nil
}

func bar(label string, n, of int) Bar {
	b := Bar{Label: label, Count: n}
	if of > 0 {
		b.Share = float64(n) / float64(of)
	}
	return b
}

// Point is one meeting of a series in a trend.
type Point struct {
	MeetingID int64
	Title     string
	StartsAt  time.Time
	Mean      float64 // 0 when Hidden
	Count     int
	Hidden    bool // that meeting's form has fewer responses than its k
}

// Trend is the mean of one question across the meetings of a series.
type Trend struct {
	Key, Label string
	Kind       Kind
	Points     []Point
}

// Trend returns, for each scale question of form id that has a key, its mean at every meeting
// of the series whose form asks it, in the order of the meetings; nil when the form's meeting
// is in no series. u must manage the form (ErrNotFound otherwise).
func (s *Store) Trend(ctx context.Context, u *auth.User, id int64) ([]Trend, error) {
	var out []Trend
	err := s.snapshot(ctx, u, id, func(tx pgx.Tx, f *Form) error {
		if f.MeetingID == nil || f.SeriesID == nil {
			return nil
		}
		qs, err := questions(ctx, tx, f.ID, f.Version)
		if err != nil {
			return err
		}
		var keys, kinds []string
		for _, q := range qs {
			if !q.Kind.Scaled() || q.Key == "" || slices.Contains(keys, q.Key) {
				continue
			}
			keys, kinds = append(keys, q.Key), append(kinds, string(q.Kind))
			out = append(out, Trend{Key: q.Key, Label: q.Label, Kind: q.Kind})
		}
		if len(keys) == 0 {
			return nil
		}
		pts, err := points(ctx, tx, *f.SeriesID, keys, kinds)
		for i := range out {
			out[i].Points = pts[out[i].Key]
		}
		return err
	})
	return out, err
}

// points lists the mean of each key at each meeting of series that asked it, by key, in one
// query: the meetings and their forms are joined once for all the keys, and each question's
// answers are counted and summed already (feedback_totals, kept by triggers). The kind must match
// too: a 0–10 mean on a 1–5 line would mislead.
func points(ctx context.Context, tx pgx.Tx, series int64, keys, kinds []string) (map[string][]Point, error) {
	rows, err := tx.Query(ctx, `
		SELECT fq.key, m.id, m.title, m.starts_at, sum(coalesce(t.answers, 0))::int,
			coalesce(sum(t.total)::float8 / nullif(sum(t.answers), 0), 0),
			sum(coalesce(t.answers, 0)) < ff.min_answers
		FROM meetings m JOIN feedback_forms ff ON ff.meeting_id = m.id
			JOIN feedback_questions fq ON fq.form_id = ff.id
			JOIN unnest($2::text[], $3::text[]) want(key, kind) ON fq.key = want.key AND fq.kind = want.kind
			LEFT JOIN feedback_totals t ON t.question_id = fq.id
		WHERE m.series_id = $1 AND m.status <> 'cancelled' AND ff.opened_at IS NOT NULL
		GROUP BY fq.key, m.id, ff.id
		ORDER BY fq.key, m.starts_at, m.id`, series, keys, kinds)
	if err != nil {
		return nil, fmt.Errorf("feedback: trends of %q in series %d: %w", keys, series, err)
	}
	out := map[string][]Point{}
	var key string
	var p Point
	_, err = pgx.ForEachRow(rows, []any{&key, &p.MeetingID, &p.Title, &p.StartsAt, &p.Count, &p.Mean, &p.Hidden}, func() error {
		if p.Hidden {
			p.Mean = 0
		}
		out[key] = append(out[key], p)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("feedback: trends of %q in series %d: %w", keys, series, err)
	}
	return out, nil
}
