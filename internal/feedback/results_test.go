package feedback_test

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"hnizdo.cz/hnizdo/internal/app"
	"hnizdo.cz/hnizdo/internal/auth"
	"hnizdo.cz/hnizdo/internal/feedback"
	"hnizdo.cz/hnizdo/internal/meeting"
)

// response is one response as stored: a value per question id, an int for a scale, a []string
// for choices, a string for text.
type response map[int64]any

// respond stores r as a response to version ver of form fid, the way the answer page does but
// without it, and spends an invitation: who's when named, any unspent one when who is nil
// (anonymous: no person, no time).
func (e env) respond(t *testing.T, fid int64, ver int32, who *auth.User, r response) {
	t.Helper()
	var uid *int64
	var when *time.Time
	if who != nil {
		now := e.clock.now()
		uid, when = &who.ID, &now
	}
	var id string
	err := e.pool.QueryRow(ctx, `INSERT INTO feedback_responses (form_id, version, anonymous, user_id, submitted_at)
		VALUES ($1, $2, $3, $4, $5) RETURNING id::text`, fid, ver, who == nil, uid, when).Scan(&id)
	if err != nil {
		t.Fatalf("response: %v", err)
	}
	for qid, v := range r {
		var number *int16
		var choices []string
		var text *string
		switch x := v.(type) {
		case int:
			n := int16(x)
			number = &n
		case []string:
			choices = x
		case string:
			text = &x
		default:
			t.Fatalf("answer %T", v)
		}
		if _, err := e.pool.Exec(ctx, `INSERT INTO feedback_answers (response_id, question_id, number, choices, text)
			VALUES ($1::uuid, $2, $3, $4, $5)`, id, qid, number, choices, text); err != nil {
			t.Fatalf("answer %d: %v", qid, err)
		}
	}
	_, err = e.pool.Exec(ctx, `UPDATE feedback_invites SET answered = true WHERE form_id = $1 AND user_id =
		(SELECT user_id FROM feedback_invites WHERE form_id = $1 AND NOT answered AND ($2::bigint IS NULL OR user_id = $2)
		 ORDER BY user_id LIMIT 1)`, fid, uid)
	if err != nil {
		t.Fatalf("spend invitation: %v", err)
	}
}

// byKey returns the questions of version ver of form fid by key, or by label when keyless.
func (e env) byKey(t *testing.T, fid int64, ver int32) map[string]feedback.Question {
	t.Helper()
	qs, err := e.s.Questions(ctx, fid, ver)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]feedback.Question{}
	for _, q := range qs {
		k := q.Key
		if k == "" {
			k = q.Label
		}
		out[k] = q
	}
	return out
}

var topics = []string{"Sanace rodiny", "Chování dětí ve škole", "Hranice spolupráce se soudem", "Úprava styku",
	"Řízení o svěření do péče", "Čas na supervizi", "Zákon o sociálně-právní ochraně dětí", "Žádné"}

// standardAnswer is a random complete answer to the standard template's questions in qs.
func standardAnswer(rng *rand.Rand, qs map[string]feedback.Question) response {
	r := response{
		qs["benefit"].ID:      1 + rng.IntN(5),
		qs["atmosphere"].ID:   1 + rng.IntN(5),
		qs["organisation"].ID: 1 + rng.IntN(5),
		qs["regular"].ID:      []string{qs["regular"].Options[rng.IntN(len(qs["regular"].Options))]},
	}
	if q, ok := qs["useful_topic"]; ok && rng.IntN(2) == 0 {
		r[q.ID] = topics[rng.IntN(len(topics))]
	}
	return r
}

// tally is what the test expects of one question, counted here rather than by the store.
type tally struct {
	nums   []int
	chosen map[string]int
	texts  []string
	joined []string // choices as the export joins them
	count  int
	qids   map[int64]int // answers per question id of the lineage
}

func (x *tally) add(qid int64, v any) {
	if x.chosen == nil {
		x.chosen, x.qids = map[string]int{}, map[int64]int{}
	}
	x.count++
	x.qids[qid]++
	switch v := v.(type) {
	case int:
		x.nums = append(x.nums, v)
		x.chosen[strconv.Itoa(v)]++
	case []string:
		for _, c := range v {
			x.chosen[c]++
		}
		x.joined = append(x.joined, strings.Join(v, ", "))
	case string:
		x.texts = append(x.texts, v)
	}
}

func (x *tally) mean() float64 {
	sum := 0
	for _, n := range x.nums {
		sum += n
	}
	return float64(sum) / float64(len(x.nums))
}

func (x *tally) median() float64 {
	s := slices.Clone(x.nums)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return float64(s[len(s)/2])
	}
	return float64(s[len(s)/2-1]+s[len(s)/2]) / 2
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

// checkStat compares st with what x counted; labels are the bars expected, in order.
func checkStat(t *testing.T, st feedback.Stat, x *tally, labels []string) {
	t.Helper()
	if st.Count != x.count {
		t.Errorf("%s: count %d, want %d", st.Question.Label, st.Count, x.count)
	}
	if st.Question.Kind.Scaled() && (!near(st.Mean, x.mean()) || !near(st.Median, x.median())) {
		t.Errorf("%s: mean %v median %v, want %v %v", st.Question.Label, st.Mean, st.Median, x.mean(), x.median())
	}
	var got []string
	for _, b := range st.Bars {
		got = append(got, b.Label)
		if b.Count != x.chosen[b.Label] || !near(b.Share, float64(x.chosen[b.Label])/float64(x.count)) {
			t.Errorf("%s: bar %s = %d (%v), want %d of %d", st.Question.Label, b.Label, b.Count, b.Share, x.chosen[b.Label], x.count)
		}
	}
	if !slices.Equal(got, labels) {
		t.Errorf("%s: bars %q, want %q", st.Question.Label, got, labels)
	}
}

func scale(lo, hi int) []string {
	var out []string
	for v := lo; v <= hi; v++ {
		out = append(out, strconv.Itoa(v))
	}
	return out
}

func TestResultsAddUpGeneratedAnswersAcrossVersions(t *testing.T) {
	e := setup(t)
	coord := e.p.coordJMK
	fid, _ := e.heldWithForm(t, e.attendees(t, 45)...)
	const npsLabel, multiLabel = "Doporučili byste setkání kolegům?", "Která témata vás zajímají?"
	if _, err := e.s.AddQuestion(ctx, coord, fid, feedback.QuestionInput{Kind: feedback.NPS, Label: npsLabel}); err != nil {
		t.Fatal(err)
	}
	options := []string{"Pěstounská péče", "Sanace rodiny", "Soudní řízení", "Škola a OSPOD"}
	if _, err := e.s.AddQuestion(ctx, coord, fid, feedback.QuestionInput{Kind: feedback.Multiple, Label: multiLabel,
		Options: strings.Join(options, "\n")}); err != nil {
		t.Fatal(err)
	}

	rng := rand.New(rand.NewPCG(5, 2026))
	want := map[string]*tally{}
	// answer makes a random response to the questions qs, some optional ones left out, and
	// counts it into want by key.
	answer := func(qs map[string]feedback.Question) response {
		r := standardAnswer(rng, qs)
		if q := qs["next_topics"]; rng.IntN(3) > 0 {
			r[q.ID] = topics[rng.IntN(len(topics))] + "\n" + topics[rng.IntN(len(topics))]
		}
		if q := qs[npsLabel]; rng.IntN(5) > 0 {
			r[q.ID] = rng.IntN(11)
		}
		if q := qs[multiLabel]; rng.IntN(4) > 0 {
			var pick []string
			for _, o := range q.Options {
				if rng.IntN(5) < 2 {
					pick = append(pick, o)
				}
			}
			if len(pick) == 0 {
				pick = []string{q.Options[rng.IntN(len(q.Options))]}
			}
			r[q.ID] = pick
		}
		for k, q := range qs {
			if v, ok := r[q.ID]; ok {
				if want[k] == nil {
					want[k] = &tally{}
				}
				want[k].add(q.ID, v)
			}
		}
		return r
	}

	v1 := e.byKey(t, fid, 1)
	for range 37 {
		e.respond(t, fid, 1, nil, answer(v1))
	}
	// Version 2: "Možná" becomes "Nevím", the most useful topic is no longer asked.
	err := e.s.SaveQuestion(ctx, coord, fid, v1["regular"].ID, feedback.QuestionInput{Label: v1["regular"].Label,
		Required: true, Options: "Ano\nNe\nNevím"})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.s.DeleteQuestion(ctx, coord, fid, v1["useful_topic"].ID); err != nil {
		t.Fatal(err)
	}
	v2 := e.byKey(t, fid, 2)
	if len(v2) != 7 || v2["regular"].OriginID != v1["regular"].ID || v2["benefit"].ID == v1["benefit"].ID {
		t.Fatalf("version 2 = %+v", v2)
	}
	for range 8 {
		e.respond(t, fid, 2, nil, answer(v2))
	}

	r, err := e.s.Results(ctx, coord, fid)
	if err != nil {
		t.Fatal(err)
	}

	t.Run("counts responses of every version", func(t *testing.T) {
		if r.Responses != 45 || r.Invited != 45 || r.Attended != 45 || r.Rate != 1 || r.Hidden {
			t.Fatalf("responses %d invited %d attended %d rate %v hidden %v", r.Responses, r.Invited, r.Attended, r.Rate, r.Hidden)
		}
	})

	t.Run("lists the current version's questions in order", func(t *testing.T) {
		var got []int64
		for _, st := range r.Stats {
			got = append(got, st.Question.ID)
		}
		w := []int64{v2["benefit"].ID, v2["atmosphere"].ID, v2["organisation"].ID, v2["next_topics"].ID,
			v2["regular"].ID, v2[npsLabel].ID, v2[multiLabel].ID}
		if !slices.Equal(got, w) {
			t.Fatalf("questions %v, want %v", got, w)
		}
	})

	t.Run("adds up each lineage across versions", func(t *testing.T) {
		for _, st := range r.Stats {
			k := st.Question.Key
			if k == "" {
				k = st.Question.Label
			}
			x := want[k]
			switch k {
			case "benefit", "atmosphere", "organisation":
				if x.count != 45 {
					t.Fatalf("%s answered %d times", k, x.count)
				}
				checkStat(t, st, x, scale(1, 5))
			case npsLabel:
				checkStat(t, st, x, scale(0, 10))
			case "regular":
				// Current options first, then what only version 1 offered.
				checkStat(t, st, x, []string{"Ano", "Ne", "Nevím", "Možná"})
			case multiLabel:
				checkStat(t, st, x, options)
			case "next_topics":
				checkStat(t, st, x, nil)
			}
			if x.qids[v1[k].ID] == 0 || x.qids[v2[k].ID] == 0 {
				t.Errorf("%s: generated answers miss a version: %v", k, x.qids)
			}
		}
	})

	t.Run("lists texts of every version in Czech alphabetical order", func(t *testing.T) {
		st := r.Stats[3]
		x := want["next_topics"]
		var got []string
		ids := map[int64]int{}
		for _, tx := range st.Texts {
			got = append(got, tx.Text)
			ids[tx.QuestionID]++
			if tx.ResponseID == "" || tx.Carried {
				t.Errorf("text %+v", tx)
			}
		}
		if len(got) != x.count || len(ids) != 2 || ids[v1["next_topics"].ID] != x.qids[v1["next_topics"].ID] ||
			ids[v2["next_topics"].ID] != x.qids[v2["next_topics"].ID] {
			t.Fatalf("texts per question %v, want %v", ids, x.qids)
		}
		cz := collate.New(language.Czech)
		if !slices.IsSortedFunc(got, cz.CompareString) {
			t.Errorf("texts not in Czech order: %q", got)
		}
		w := slices.Clone(x.texts)
		slices.Sort(w)
		slices.Sort(got)
		if !slices.Equal(got, w) {
			t.Errorf("texts %q, want %q", got, w)
		}
		for _, st := range r.Stats {
			if !st.Question.Kind.Textual() && st.Texts != nil {
				t.Errorf("%s has texts", st.Question.Label)
			}
		}
	})

	t.Run("exports every answer with earlier versions' questions last", func(t *testing.T) {
		tb, err := e.s.Table(ctx, coord, fid)
		if err != nil {
			t.Fatal(err)
		}
		if len(tb.Columns) != 8 || tb.Columns[7].ID != v1["useful_topic"].ID || tb.Columns[0].ID != v2["benefit"].ID {
			t.Fatalf("columns %+v", tb.Columns)
		}
		if len(tb.Rows) != 45 {
			t.Fatalf("%d rows", len(tb.Rows))
		}
		second := 0
		for _, row := range tb.Rows {
			if row.Version == 2 {
				second++
			}
			if row.Name != "" || row.SubmittedAt != nil || len(row.Cells) != 8 {
				t.Fatalf("row %+v", row)
			}
		}
		if second != 8 {
			t.Errorf("%d rows of version 2, want 8", second)
		}
		for c, q := range tb.Columns {
			k := q.Key
			if k == "" {
				k = q.Label
			}
			var got, w []string
			for _, row := range tb.Rows {
				if row.Cells[c] != "" {
					got = append(got, row.Cells[c])
				}
			}
			x := want[k]
			for _, n := range x.nums {
				w = append(w, strconv.Itoa(n))
			}
			w = append(w, x.texts...)
			w = append(w, x.joined...)
			slices.Sort(got)
			slices.Sort(w)
			if !slices.Equal(got, w) {
				t.Errorf("column %s: %q, want %q", k, got, w)
			}
		}
		first := func(row feedback.Row) int { n, _ := strconv.Atoi(row.Cells[0]); return n }
		if !slices.IsSortedFunc(tb.Rows, func(a, b feedback.Row) int { return first(a) - first(b) }) {
			t.Error("rows are not ordered by their answers")
		}
	})
}

func TestSmallGroupProtection(t *testing.T) {
	e := setup(t)
	coord := e.p.coordJMK
	fid, _ := e.heldWithForm(t, e.attendees(t, 6)...)
	qs := e.byKey(t, fid, 1)
	rng := rand.New(rand.NewPCG(1, 1))
	for range 4 {
		e.respond(t, fid, 1, nil, standardAnswer(rng, qs))
	}

	t.Run("k-1 responses hide the results", func(t *testing.T) {
		r, err := e.s.Results(ctx, coord, fid)
		if err != nil {
			t.Fatal(err)
		}
		if !r.Hidden || r.Stats != nil || r.Responses != 4 {
			t.Fatalf("hidden %v, %d stats, %d responses", r.Hidden, len(r.Stats), r.Responses)
		}
	})

	t.Run("k-1 responses refuse the export", func(t *testing.T) {
		_, err := e.s.Table(ctx, coord, fid)
		if !errors.Is(err, feedback.ErrTooFew) || !errors.Is(err, app.ErrConflict) {
			t.Fatalf("table: %v", err)
		}
	})

	t.Run("k-1 responses hide the trend point", func(t *testing.T) {
		tr, err := e.s.Trend(ctx, coord, fid)
		if err != nil {
			t.Fatal(err)
		}
		if len(tr) != 3 || len(tr[0].Points) != 1 || !tr[0].Points[0].Hidden || tr[0].Points[0].Mean != 0 {
			t.Fatalf("trend %+v", tr)
		}
	})

	e.respond(t, fid, 1, nil, standardAnswer(rng, qs))

	t.Run("k responses show them", func(t *testing.T) {
		r, err := e.s.Results(ctx, coord, fid)
		if err != nil {
			t.Fatal(err)
		}
		if r.Hidden || len(r.Stats) != 6 || r.Stats[0].Count != 5 {
			t.Fatalf("hidden %v, %d stats", r.Hidden, len(r.Stats))
		}
		tb, err := e.s.Table(ctx, coord, fid)
		if err != nil || len(tb.Rows) != 5 {
			t.Fatalf("table %v, %v", tb, err)
		}
		tr, err := e.s.Trend(ctx, coord, fid)
		if err != nil || tr[0].Points[0].Hidden || tr[0].Points[0].Mean == 0 || tr[0].Points[0].Count != 5 {
			t.Fatalf("trend %+v, %v", tr, err)
		}
	})
}

// standAlone makes an open stand-alone form for the staff of Šlapanice asking a rating and a
// short text, with k = 3.
func (e env) standAlone(t *testing.T, anonymous bool) (int64, map[string]feedback.Question) {
	t.Helper()
	coord := e.p.coordJMK
	fid, err := e.s.Create(ctx, coord, feedback.Input{Title: "Metodická návštěva Šlapanice", Anonymous: anonymous,
		MinAnswers: 3, OfficeID: e.p.jana.OfficeID, ClosesAt: "2026-12-31T23:59"})
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range []feedback.QuestionInput{{Kind: feedback.Rating, Label: "Přínos návštěvy", Required: true},
		{Kind: feedback.Short, Label: "Co zlepšit?"}} {
		if _, err := e.s.AddQuestion(ctx, coord, fid, in); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := e.s.Transition(ctx, coord, fid, feedback.Open); err != nil {
		t.Fatal(err)
	}
	return fid, e.byKey(t, fid, 1)
}

func TestSmallGroupOfThreeNamed(t *testing.T) {
	e := setup(t)
	coord := e.p.coordJMK
	fid, qs := e.standAlone(t, false)
	rate, note := qs["Přínos návštěvy"].ID, qs["Co zlepšit?"].ID
	e.clock.set(at(2026, time.December, 3, 9, 0))
	e.respond(t, fid, 1, e.p.petr, response{rate: 4, note: "Více času na případy"})
	e.clock.set(at(2026, time.December, 2, 9, 0))
	e.respond(t, fid, 1, e.p.jana, response{rate: 5})

	t.Run("two of three hide the results", func(t *testing.T) {
		r, err := e.s.Results(ctx, coord, fid)
		if err != nil {
			t.Fatal(err)
		}
		// A stand-alone form is measured against those invited: the office's staff.
		if !r.Hidden || r.Stats != nil || r.Invited != 3 || r.Attended != 3 || !near(r.Rate, 2.0/3) {
			t.Fatalf("results %+v", r)
		}
		if _, err := e.s.Table(ctx, coord, fid); !errors.Is(err, feedback.ErrTooFew) {
			t.Fatalf("table: %v", err)
		}
	})

	e.clock.set(at(2026, time.December, 4, 9, 0))
	e.respond(t, fid, 1, e.p.headSlap, response{rate: 2, note: "Nic"})

	t.Run("three show them", func(t *testing.T) {
		r, err := e.s.Results(ctx, coord, fid)
		if err != nil {
			t.Fatal(err)
		}
		if r.Hidden || len(r.Stats) != 2 || !near(r.Stats[0].Mean, 11.0/3) || r.Stats[0].Median != 4 || r.Stats[1].Count != 2 || r.Rate != 1 {
			t.Fatalf("results %+v", r)
		}
	})

	t.Run("named rows carry name and time, by time", func(t *testing.T) {
		tb, err := e.s.Table(ctx, coord, fid)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, row := range tb.Rows {
			names = append(names, row.Name)
			if row.SubmittedAt == nil {
				t.Fatalf("row %+v has no time", row)
			}
		}
		if !slices.Equal(names, []string{"Jana Nováková", "Petr Svoboda", "Eva Vedoucí"}) {
			t.Fatalf("rows %q", names)
		}
		if !tb.Rows[1].SubmittedAt.Equal(at(2026, time.December, 3, 9, 0)) || tb.Rows[1].Cells[1] != "Více času na případy" {
			t.Fatalf("row %+v", tb.Rows[1])
		}
	})

	t.Run("a stand-alone form has no trend", func(t *testing.T) {
		tr, err := e.s.Trend(ctx, coord, fid)
		if err != nil || tr != nil {
			t.Fatalf("trend %+v, %v", tr, err)
		}
	})
}

func TestResponseRateAgainstAttendance(t *testing.T) {
	e := setup(t)
	coord := e.p.coordJMK
	people := e.attendees(t, 6)
	fid, _ := e.heldWithForm(t, people...)
	qs := e.byKey(t, fid, 1)
	rng := rand.New(rand.NewPCG(2, 2))
	for range 3 {
		e.respond(t, fid, 1, nil, standardAnswer(rng, qs))
	}
	f, err := e.s.Get(ctx, coord, fid)
	if err != nil {
		t.Fatal(err)
	}
	rate := func(t *testing.T, attended int, r float64) {
		t.Helper()
		res, err := e.s.Results(ctx, coord, fid)
		if err != nil {
			t.Fatal(err)
		}
		if res.Attended != attended || !near(res.Rate, r) || res.Invited != 6 || res.Responses != 3 {
			t.Fatalf("attended %d rate %v invited %d responses %d, want %d %v", res.Attended, res.Rate, res.Invited,
				res.Responses, attended, r)
		}
	}

	t.Run("against the registered while attendance is unmarked", func(t *testing.T) { rate(t, 6, 0.5) })

	t.Run("against those marked present", func(t *testing.T) {
		if err := e.m.MarkAttendance(ctx, coord, *f.MeetingID, []int64{people[0].ID, people[1].ID, people[2].ID, people[3].ID}); err != nil {
			t.Fatal(err)
		}
		rate(t, 4, 0.75)
	})

	t.Run("zero when nobody is marked present", func(t *testing.T) {
		if err := e.m.MarkAttendance(ctx, coord, *f.MeetingID, nil); err != nil {
			t.Fatal(err)
		}
		rate(t, 0, 0)
	})
}

// seriesMeeting is meetingInput moved to another December day.
func seriesMeeting(title, series string, day int) meeting.Input {
	in := meetingInput(title, series)
	d := time.Date(2026, time.December, day, 0, 0, 0, 0, time.UTC).Format("2006-01-02")
	in.StartsAt, in.EndsAt = d+"T09:00", d+"T13:00"
	dl := time.Date(2026, time.December, day-3, 0, 0, 0, 0, time.UTC).Format("2006-01-02") + "T23:59"
	in.RegisterBy, in.TopicsBy = dl, dl
	return in
}

func TestTrendAcrossSeries(t *testing.T) {
	e := setup(t)
	coord := e.p.coordJMK
	people := e.attendees(t, 6)
	form := func(mid int64) int64 {
		t.Helper()
		fid, err := e.s.Create(ctx, coord, feedback.Input{Title: "Hodnocení setkání", Anonymous: true, MeetingID: mid,
			TemplateID: e.standard(t)})
		if err != nil {
			t.Fatal(err)
		}
		return fid
	}
	m1 := e.meetingFor(t, seriesMeeting("OSPOD sobě – jaro", "OSPOD sobě", 8), people...)
	m2 := e.meetingFor(t, seriesMeeting("OSPOD sobě – zima", "OSPOD sobě", 15), people...)
	m3 := e.meetingFor(t, seriesMeeting("OSPOD sobě – zrušené", "OSPOD sobě", 20), people...)
	other := e.meetingFor(t, seriesMeeting("Jiná řada", "Pěstouni", 10), people...)
	lone := e.meetingFor(t, seriesMeeting("Bez řady", "", 11), people...)
	f1, f2, f3, f4, f5 := form(m1), form(m2), form(m3), form(other), form(lone)
	if err := e.m.Transition(ctx, coord, m3, meeting.Cancel, meeting.Change{Reason: "Nemoc lektora"}); err != nil {
		t.Fatal(err)
	}
	e.hold(t, m1)
	e.hold(t, m2)
	for _, fid := range []int64{f1, f2} {
		if _, err := e.s.Transition(ctx, coord, fid, feedback.Open); err != nil {
			t.Fatal(err)
		}
	}

	rng := rand.New(rand.NewPCG(3, 3))
	benefit := map[int64][]int{f1: {5, 4, 4, 3, 5, 2}, f2: {3, 3, 4, 5}, f3: {1, 1, 1, 1, 1}, f4: {1, 1, 1, 1, 1}}
	atmosphere := map[int64][]int{}
	for _, fid := range []int64{f1, f2, f3, f4} {
		qs := e.byKey(t, fid, 1)
		for _, b := range benefit[fid] {
			r := standardAnswer(rng, qs)
			r[qs["benefit"].ID] = b
			atmosphere[fid] = append(atmosphere[fid], r[qs["atmosphere"].ID].(int))
			e.respond(t, fid, 1, nil, r)
		}
	}
	avg := func(xs []int) float64 {
		s := 0
		for _, x := range xs {
			s += x
		}
		return float64(s) / float64(len(xs))
	}

	t.Run("one point per held meeting of the series, hidden below k", func(t *testing.T) {
		tr, err := e.s.Trend(ctx, coord, f2)
		if err != nil {
			t.Fatal(err)
		}
		var keys []string
		for _, x := range tr {
			keys = append(keys, x.Key)
		}
		if !slices.Equal(keys, []string{"benefit", "atmosphere", "organisation"}) {
			t.Fatalf("trends %q", keys)
		}
		b := tr[0]
		if b.Kind != feedback.Rating || b.Label != "Přínos setkání pro mou praxi" || len(b.Points) != 2 {
			t.Fatalf("benefit %+v", b)
		}
		p1, p2 := b.Points[0], b.Points[1]
		if p1.MeetingID != m1 || p1.Hidden || p1.Count != 6 || !near(p1.Mean, 23.0/6) || p1.Title != "OSPOD sobě – jaro" {
			t.Errorf("first point %+v", p1)
		}
		if p2.MeetingID != m2 || !p2.Hidden || p2.Mean != 0 || !p2.StartsAt.After(p1.StartsAt) {
			t.Errorf("second point %+v", p2)
		}
		if a := tr[1].Points[0]; !near(a.Mean, avg(atmosphere[f1])) {
			t.Errorf("atmosphere %v, want %v", a.Mean, avg(atmosphere[f1]))
		}
	})

	t.Run("the point shows at k", func(t *testing.T) {
		qs := e.byKey(t, f2, 1)
		r := standardAnswer(rng, qs)
		r[qs["benefit"].ID] = 5
		e.respond(t, f2, 1, nil, r)
		tr, err := e.s.Trend(ctx, coord, f1)
		if err != nil {
			t.Fatal(err)
		}
		p2 := tr[0].Points[1]
		if p2.Hidden || p2.Count != 5 || !near(p2.Mean, 4) {
			t.Fatalf("second point %+v", p2)
		}
	})

	t.Run("a meeting in no series has no trend", func(t *testing.T) {
		tr, err := e.s.Trend(ctx, coord, f5)
		if err != nil || tr != nil {
			t.Fatalf("trend %+v, %v", tr, err)
		}
	})
}

func TestResultsOfAnotherRegionAreNotFound(t *testing.T) {
	e := setup(t)
	fid, _ := e.heldWithForm(t, e.attendees(t, 5)...)
	qs := e.byKey(t, fid, 1)
	rng := rand.New(rand.NewPCG(4, 4))
	for range 5 {
		e.respond(t, fid, 1, nil, standardAnswer(rng, qs))
	}
	for _, u := range []*auth.User{e.p.metodikPAK, e.p.jana} {
		t.Run(u.Name+" finds nothing", func(t *testing.T) {
			if _, err := e.s.Results(ctx, u, fid); !errors.Is(err, app.ErrNotFound) {
				t.Errorf("results: %v", err)
			}
			if _, err := e.s.Table(ctx, u, fid); !errors.Is(err, app.ErrNotFound) {
				t.Errorf("table: %v", err)
			}
			if _, err := e.s.Trend(ctx, u, fid); !errors.Is(err, app.ErrNotFound) {
				t.Errorf("trend: %v", err)
			}
		})
	}
	t.Run("the region's methodologist reads them", func(t *testing.T) {
		r, err := e.s.Results(ctx, e.p.metodikJMK, fid)
		if err != nil || r.Hidden {
			t.Fatalf("results %+v, %v", r, err)
		}
		if _, err := e.s.Table(ctx, e.p.metodikJMK, fid); err != nil {
			t.Fatal(err)
		}
	})
}
