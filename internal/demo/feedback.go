package demo

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"hnizdo.cz/hnizdo/internal/auth"
	"hnizdo.cz/hnizdo/internal/feedback"
)

// The demo feedback retells what the organisers of "OSPOD sobě" learnt from their participants
// in 2018: a trustful atmosphere and open sharing, and a wish to meet regularly, which the
// October meeting then decided. The upcoming meeting of the series has its form ready, to open
// when the meeting is held.
//
// Unlike the meetings, the feedback goes through the feedback store: its clock is set to 2018,
// so it checks the deadlines as it did then, and the privacy of anonymous answers is the
// store's own. Only the times the database takes from now() are moved back afterwards.

// feedbackTitle names the demo forms as the builder does a form made from the standard template.
const feedbackTitle = "Hodnocení setkání"

// scale is how many respondents gave each point of a 1–5 rating: scale[0] is the count of 1s.
type scale [5]int

// formSeed is the feedback of one past demo meeting.
type formSeed struct {
	meeting meetingSeed
	// rng makes the order of answers (and so who wrote which text) the same on every run.
	rng                           uint64
	benefit, atmosphere, organise scale
	regular                       map[string]int // "Ano", "Ne", "Možná"
	useful, next                  []string       // text answers, given by the first respondents
}

// answers is how many respondents the seed has; every table must add up to it.
func (f formSeed) answers() int {
	n := 0
	for _, c := range f.atmosphere {
		n += c
	}
	return n
}

// juneFeedback: the participants valued the trustful atmosphere and open sharing most; the
// organisation was new to everyone and shows it a little.
func juneFeedback() formSeed {
	return formSeed{
		meeting:    june2018(),
		rng:        2018_06_15,
		benefit:    scale{0, 0, 5, 15, 12}, // 4.22
		atmosphere: scale{0, 0, 4, 14, 14}, // 4.31
		organise:   scale{0, 1, 5, 16, 10}, // 4.09
		regular:    map[string]int{"Ano": 28, "Možná": 3, "Ne": 1},
		useful: []string{
			"Vliv GDPR na práci s klienty",
			"Sdílení zkušeností s pěstounskou péčí",
			"Spolupráce se sociálně aktivizačními službami",
			"Co smíme předávat školám a službám",
			"Vedení spisové dokumentace",
			"Systém podpory od krajského úřadu",
			"Diskuse o vyřizování přestupků",
			"Možnost zeptat se ostatních, jak to dělají u nich",
			"Nástroje v práci s klienty",
			"Zkušenosti z menších úřadů",
			"Odpovědi zástupců krajského úřadu na konkrétní otázky",
			"Spolupráce s dalšími subjekty v síti služeb",
		},
		next: []string{
			"Vyřizování přestupků na úseku OSPOD\nVedení spisové dokumentace",
			"Pravidelná setkávání\nSpolupráce se sociálně aktivizačními službami",
			"GDPR – pokračování, odpověď ministerstva",
			"Pěstounská péče na přechodnou dobu\nKontakt dítěte s rodiči",
			"Případové konference",
			"Platové podmínky pracovníků OSPOD",
			"Supervize pro malé týmy",
			"Spolupráce se školami",
			"Jak se domluvit se sociálně aktivizační službou na rozdělení rolí",
		},
	}
}

// octoberFeedback: the follow-up answered questions left open in June, and the participants
// said so; nearly all want to go on meeting.
func octoberFeedback() formSeed {
	return formSeed{
		meeting:    october2018(),
		rng:        2018_10_18,
		benefit:    scale{0, 0, 2, 11, 15}, // 4.46
		atmosphere: scale{0, 0, 1, 9, 18},  // 4.61
		organise:   scale{0, 0, 1, 12, 15}, // 4.50
		regular:    map[string]int{"Ano": 25, "Možná": 3},
		useful: []string{
			"Stanovisko kraje k přestupkům",
			"Odpověď ministerstva k GDPR",
			"Zkušenosti se společnými schůzkami se sociálně aktivizační službou",
			"Domluva na pravidelných setkáních",
			"Vzor informace o zpracování osobních údajů pro klienty",
			"Přehled sociálně aktivizačních služeb v kraji",
			"Jak přestupky řeší menší úřady",
			"Že se otázky z června opravdu zodpověděly",
			"Výměna zkušeností mezi úřady",
			"Sdílení praxe se sociálně aktivizačními službami",
		},
		next: []string{
			"Spisová dokumentace a skartace\nSupervize a prevence vyhoření",
			"Spolupráce se školami\nPřípadové konference",
			"Přestupky na úseku OSPOD – zkušenosti po stanovisku kraje",
			"Supervize a prevence vyhoření",
			"Zaškolení nových pracovníků\nSpisová dokumentace a skartace",
			"Spolupráce se školami\nKrátkodobá pěstounská péče",
			"Spolupráce s policií při výslechu dítěte",
			"Práce s rodinou při rozvodu rodičů\nAsistovaný kontakt",
			"Spisová dokumentace a skartace",
			"Případové konference: příprava rodičů",
			"Přestupky na úseku OSPOD\nSpolupráce se soudy",
		},
	}
}

// feedbackSeeder carries what the demo forms share.
type feedbackSeeder struct {
	pool      *pgxpool.Pool
	s         *feedback.Store
	clock     time.Time // the store's time while a 2018 form is written
	organiser *auth.User
	template  int64
	intro     string
}

// SeedFeedback adds the feedback of the demo meetings of "OSPOD sobě" whose form is missing:
// the answered forms of June and October 2018 and the ready form of the upcoming meeting. It
// returns how many forms it created; with the demo meetings missing it does nothing. The demo
// people and meetings must exist (see Seed).
func SeedFeedback(ctx context.Context, pool *pgxpool.Pool) (int, error) {
	fs := &feedbackSeeder{pool: pool, s: feedback.NewStore(pool)}
	fs.s.SetClock(func() time.Time { return fs.clock })
	if err := fs.load(ctx); err != nil {
		return 0, err
	}
	held, next, err := fs.series(ctx)
	if err != nil {
		return 0, err
	}
	created := 0
	for _, f := range []formSeed{juneFeedback(), octoberFeedback()} {
		id, ok := held[f.meeting.Starts.Unix()]
		if !ok {
			continue
		}
		done, err := fs.past(ctx, id, f)
		if err != nil {
			return created, fmt.Errorf("demo: feedback of %q: %w", f.meeting.Title, err)
		}
		if done {
			created++
		}
	}
	if next != 0 {
		done, err := fs.upcoming(ctx, next)
		if err != nil {
			return created, fmt.Errorf("demo: feedback of the upcoming meeting: %w", err)
		}
		if done {
			created++
		}
	}
	return created, nil
}

// load finds the organiser and the standard template.
func (fs *feedbackSeeder) load(ctx context.Context) error {
	rows, err := fs.pool.Query(ctx, `
		SELECT u.id, u.email, u.name, u.office_id, o.name AS office_name, o.region_id, r.name AS region_name,
			u.roles, u.lang, u.session_version
		FROM users u JOIN offices o ON o.id = u.office_id JOIN regions r ON r.id = o.region_id
		WHERE lower(u.email) = $1`, coordinatorJMK)
	if err != nil {
		return fmt.Errorf("demo: organiser: %w", err)
	}
	if fs.organiser, err = pgx.CollectExactlyOneRow(rows, pgx.RowToAddrOfStructByName[auth.User]); err != nil {
		return fmt.Errorf("demo: organiser %s: %w", coordinatorJMK, err)
	}
	err = fs.pool.QueryRow(ctx, `
		SELECT id, intro FROM feedback_forms WHERE is_template AND region_id IS NULL AND title = $1
		ORDER BY id LIMIT 1`, feedbackTitle).Scan(&fs.template, &fs.intro)
	if err != nil {
		return fmt.Errorf("demo: the standard feedback template: %w", err)
	}
	return nil
}

// series returns the meetings of "OSPOD sobě" in JMK by the Unix time they start, and the next
// upcoming one (0 when there is none).
func (fs *feedbackSeeder) series(ctx context.Context) (map[int64]int64, int64, error) {
	rows, err := fs.pool.Query(ctx, `
		SELECT m.id, m.starts_at FROM meetings m JOIN meeting_series s ON s.id = m.series_id
		JOIN regions r ON r.id = s.region_id
		WHERE s.name = $1 AND r.slug = 'JHM' AND m.status <> 'cancelled' ORDER BY m.starts_at`, seriesJMK)
	if err != nil {
		return nil, 0, fmt.Errorf("demo: meetings of %q: %w", seriesJMK, err)
	}
	all := map[int64]int64{}
	var next, id int64
	var starts time.Time
	now := time.Now()
	_, err = pgx.ForEachRow(rows, []any{&id, &starts}, func() error {
		all[starts.Unix()] = id
		if next == 0 && starts.After(now) {
			next = id
		}
		return nil
	})
	if err != nil {
		return nil, 0, fmt.Errorf("demo: meetings of %q: %w", seriesJMK, err)
	}
	return all, next, nil
}

// create makes the form of meeting from the standard template; it reports false when the
// meeting has a form already, which is then left as it is.
func (fs *feedbackSeeder) create(ctx context.Context, meeting int64) (int64, bool, error) {
	if id, err := fs.s.ForMeeting(ctx, meeting); err != nil || id != 0 {
		return 0, false, err
	}
	id, err := fs.s.Create(ctx, fs.organiser, feedback.Input{Title: feedbackTitle, Intro: fs.intro, Anonymous: true,
		MeetingID: meeting, TemplateID: fs.template})
	if errors.Is(err, feedback.ErrHasForm) {
		return 0, false, nil // another seeder was quicker
	}
	return id, err == nil, err
}

// drop removes a form left half-written, so the next run seeds it whole. It is best effort: the
// error that made it necessary is the one to report. The responses go first, as the answers'
// reference to their questions would stop the form's cascade.
func (fs *feedbackSeeder) drop(ctx context.Context, id int64) {
	_, _ = fs.pool.Exec(ctx, `DELETE FROM feedback_responses WHERE form_id = $1`, id)
	_, _ = fs.pool.Exec(ctx, `DELETE FROM feedback_forms WHERE id = $1`, id)
	_, _ = fs.pool.Exec(ctx, `DELETE FROM audit_log WHERE object_type = 'feedback' AND object_id = $1`, id)
}

// upcoming makes the form of the upcoming meeting ready, so it opens when the meeting is held.
func (fs *feedbackSeeder) upcoming(ctx context.Context, meeting int64) (bool, error) {
	id, ok, err := fs.create(ctx, meeting)
	if err != nil || !ok {
		return false, err
	}
	fs.clock = time.Now()
	if _, err := fs.s.Transition(ctx, fs.organiser, id, feedback.MakeReady); err != nil {
		fs.drop(ctx, id)
		return false, err
	}
	return true, nil
}

// past writes the form of a held meeting as it went: built when the agenda was published,
// opened once attendance was marked, answered over the next days, closed by its deadline.
func (fs *feedbackSeeder) past(ctx context.Context, meeting int64, f formSeed) (bool, error) {
	id, ok, err := fs.create(ctx, meeting)
	if err != nil || !ok {
		return false, err
	}
	if err := fs.history(ctx, id, f); err != nil {
		fs.drop(ctx, id)
		return false, err
	}
	return true, nil
}

func (fs *feedbackSeeder) history(ctx context.Context, id int64, f formSeed) error {
	created := f.meeting.Published.Add(time.Hour)
	if err := fs.backdate(ctx, id, created); err != nil {
		return err
	}
	// The 2018 meetings are written as already held, so their forms open straight away
	// rather than waiting "ready" for the meeting.
	opened := f.meeting.Attendance.Add(10 * time.Minute)
	fs.clock = opened
	sent, err := fs.s.Transition(ctx, fs.organiser, id, feedback.Open)
	if err != nil {
		return err
	}
	if err := fs.backdate(ctx, id, fs.clock); err != nil {
		return err
	}
	form, err := fs.s.Get(ctx, fs.organiser, id)
	if err != nil {
		return err
	}
	replies, err := f.replies(ctx, fs.s, form)
	if err != nil {
		return err
	}
	if len(replies) > len(sent) {
		return fmt.Errorf("%d answers for %d invitations", len(replies), len(sent))
	}
	// Who answers is drawn like the values, so it is the same on every run.
	rng := rand.New(rand.NewPCG(f.rng, 1))
	rng.Shuffle(len(sent), func(i, j int) { sent[i], sent[j] = sent[j], sent[i] })
	// Most answer in the first days, the rest before the deadline, after a reminder. Each entry
	// of the timeline is dated as the store would have dated it; the responses themselves keep
	// no time.
	last := form.ClosesAt.Add(-24 * time.Hour)
	for k, r := range replies {
		fs.clock = workSpread(opened, last, k*k/len(replies), len(replies))
		if err := fs.s.AnswerByToken(ctx, sent[k].Token, r); err != nil {
			return fmt.Errorf("answer %d: %w", k+1, err)
		}
		if err := fs.backdate(ctx, id, fs.clock); err != nil {
			return err
		}
	}
	_, err = fs.pool.Exec(ctx, `UPDATE feedback_forms SET created_at = $2, updated_at = $3 WHERE id = $1`,
		id, created, opened)
	if err != nil {
		return fmt.Errorf("dates of form %d: %w", id, err)
	}
	return nil
}

// backdate moves the entries of form id that the store has just written (dated now) to at; the
// entries of earlier steps are older than at already.
func (fs *feedbackSeeder) backdate(ctx context.Context, id int64, at time.Time) error {
	_, err := fs.pool.Exec(ctx, `UPDATE audit_log SET at = $2 WHERE object_type = 'feedback' AND object_id = $1 AND at > $2`, id, at)
	if err != nil {
		return fmt.Errorf("timeline of form %d: %w", id, err)
	}
	return nil
}

// replies builds the answers of f for the questions of form: each table is dealt out in an
// order drawn from f.rng, the texts go to the first respondents.
func (f formSeed) replies(ctx context.Context, s *feedback.Store, form *feedback.Form) ([]feedback.Reply, error) {
	qs, err := s.Questions(ctx, form.ID, form.Version)
	if err != nil {
		return nil, err
	}
	n := f.answers()
	rng := rand.New(rand.NewPCG(f.rng, 0))
	deal := func(counts map[string]int) ([]string, error) {
		var out []string
		// In the order of the values, so the map's order does not matter.
		for _, v := range []string{"1", "2", "3", "4", "5", "Ano", "Ne", "Možná"} {
			for range counts[v] {
				out = append(out, v)
			}
		}
		if len(out) != n {
			return nil, fmt.Errorf("%d values for %d answers", len(out), n)
		}
		rng.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
		return out, nil
	}
	ratings := func(sc scale) map[string]int {
		m := map[string]int{}
		for i, c := range sc {
			m[strconv.Itoa(i+1)] = c
		}
		return m
	}
	replies := make([]feedback.Reply, n)
	for i := range replies {
		replies[i] = feedback.Reply{}
	}
	for _, q := range qs {
		var values []string
		switch q.Key {
		case "benefit":
			values, err = deal(ratings(f.benefit))
		case "atmosphere":
			values, err = deal(ratings(f.atmosphere))
		case "organisation":
			values, err = deal(ratings(f.organise))
		case "regular":
			values, err = deal(f.regular)
		case "useful_topic":
			values = f.useful
		case "next_topics":
			values = f.next
		default:
			return nil, fmt.Errorf("question %q is not in the standard template", q.Key)
		}
		if err == nil && len(values) > n {
			err = fmt.Errorf("%d texts for %d answers", len(values), n)
		}
		if err != nil {
			return nil, fmt.Errorf("question %q: %w", q.Key, err)
		}
		for i, v := range values {
			replies[i][q.ID] = []string{v}
		}
	}
	return replies, nil
}
