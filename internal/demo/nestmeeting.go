package demo

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"hnizdo.cz/hnizdo/internal/auth"
	"hnizdo.cz/hnizdo/internal/db"
	"hnizdo.cz/hnizdo/internal/feedback"
	"hnizdo.cz/hnizdo/internal/i18n"
	"hnizdo.cz/hnizdo/internal/nest"
)

// The nest's tools did not spread by the guides' visits alone: in the autumn of the project's
// third year the pilot offices presented them at the regional meeting of OSPOD staff, and the
// organisers asked the participants afterwards how the parenting-skills cards serve them. The
// meeting is written as the demo meetings are (see meetings.go), the form goes through the
// feedback store as the demo feedback does (see feedback.go), and the tools link to both, and
// to the practice notes written about them, through the nest store.

// The organisers of the regional meeting: the network coordinator runs it, the methodologist
// approves the minutes.
const (
	coordinatorPAK = "michaela.ruzickova@hnizdo.test"
	staffPO        = "stanislav.bartos@hnizdo.test"
	staffPA        = "veronika.jelinkova@hnizdo.test"
	cwZam2         = "hana.markova@hnizdo.test"
)

// pakVenue is where the regional meetings take place.
var pakVenue = regionalOffices["PAK"]

// nestNotes are the published practice notes of the Pardubice offices about the nest's tools,
// by title, with the tool each is about and the guide who links it.
var nestNotes = []struct{ title, tool, by string }{
	{"Karty rodičovských kompetencí: rozhovor o tom, co rodič zvládá", toolCards, guideKV},
	{"Intervize v malém týmu: formát na šedesát minut", toolIntervis, guideJT},
	{"Týmová porada za 45 minut: struktura, která nám vydržela", toolMeeting, guideKV},
	{"Vyhodnocení a plánování bezpečí dítěte: tři otázky, se kterými začínáme", toolSafety, guideKV},
}

// presented maps the keys of the agenda items of the autumn meeting to the tools they presented.
var presented = []struct{ key, tool string }{
	{"cards", toolCards},
	{"intervision", toolIntervis},
	{"meeting", toolMeeting},
	{"safety", toolSafety},
}

// pakAutumn is the regional meeting in the autumn of year y, where the pilot offices presented
// their tools. Every day of it is a working day, whatever the year.
func pakAutumn(y int) meetingSeed {
	on := func(m time.Month, d, h, mi int) time.Time {
		w := fwd(date(y, m, d))
		return prague(w.Year(), w.Month(), w.Day(), h, mi)
	}
	starts := on(time.October, 16, 9, 0)
	ends := starts.Add(4 * time.Hour)
	due := fwd(date(y, time.November, 14)).Format(time.DateOnly)
	return meetingSeed{
		Title: fmt.Sprintf("%s – %s %d", seriesPAK, season(starts), y),
		Description: "Setkání pracovníků OSPOD kraje ke sdílení dobré praxe. Tentokrát představí pilotní pracoviště " +
			"inovačního hnízda nástroje a týmové rituály, které u sebe vyzkoušela a které ověřila i další pracoviště " +
			"kraje: karty rodičovských dovedností, intervizi v týmu, poradu zaměřenou na řešení a plán bezpečí s rodinou.",
		Venue: pakVenue.name, Address: pakVenue.address,
		Starts: starts, Ends: ends,
		RegisterBy: on(time.October, 10, 12, 0), TopicsBy: on(time.October, 6, 12, 0),
		Capacity: 40, Runner: coordinatorPAK, Approver: methodologistPAK,
		Participants: []string{guideKV, guideJT, headZam, cwZam, cwZam2, headLan, cwLans, headCT, cwCT, staffUO, staffSV,
			staffCR, staffVM, staffLI, staffPO, staffHO, staffMT, staffPA, colleaguePAK},
		Absent:      []string{staffPO, staffMT},
		Created:     on(time.August, 25, 10, 0),
		Opened:      on(time.August, 27, 9, 30),
		Registering: [2]time.Time{on(time.August, 27, 10, 0), on(time.September, 19, 15, 0)},
		Proposing:   [2]time.Time{on(time.September, 22, 8, 30), on(time.October, 1, 14, 0)},
		Voting:      [2]time.Time{on(time.October, 1, 15, 0), on(time.October, 6, 10, 0)},
		Agenda:      on(time.October, 7, 10, 0),
		Published:   on(time.October, 9, 14, 0),
		Held:        starts.Add(5 * time.Minute),
		Attendance:  ends.Add(20 * time.Minute),
		Writing:     [2]time.Time{on(time.October, 20, 9, 0), on(time.October, 22, 15, 0)},
		Feedback:    on(time.October, 22, 16, 0),
		Approved:    on(time.October, 29, 10, 30),
		Closed:      on(time.November, 12, 9, 0),
		Topics: []topicSeed{
			{Key: "cards", Title: "Karty rodičovských dovedností: zkušenosti Žamberku", Area: "tools", By: headZam,
				Description: "Jak karty vznikly, jak s nimi Žamberk vede první rozhovory s rodiči a co ukázalo jejich ověřování " +
					"v dalších OSPOD kraje.",
				Status: "accepted", Pos: 1, Slot: "09:15", Minutes: 40, Presenter: "Petra Svobodová, Městský úřad Žamberk",
				Votes: 9, From: 0,
				Outcome: "Žamberk představil sadu karet rodičovských dovedností a ukázal, jak s nimi vede první rozhovor " +
					"s rodiči: rodič sám vybírá karty s tím, co zvládá, a s tím, v čem chce podporu. Pracoviště, která karty " +
					"ověřovala, doplnila své zkušenosti: rodiče se víc rozmluví a dohody v plánu jsou konkrétnější. " +
					"U rodičů dospívajících dětí se osvědčila nová řada karet. Jedno pracoviště karty odložilo, protože " +
					"na ně v malém týmu nezbyl čas.",
				Decisions: "Karty jsou doporučené pro práci s rodiči ve všech OSPOD kraje. Průvodci změnou pošlou tiskovou " +
					"sadu karet s návodem na jednu stránku pracovištím, která o ni požádají. Zkušenosti s kartami sebereme " +
					"krátkým dotazníkem po setkání.",
				Resolution: "resolved",
				Actions: []actionSeed{{"Poslat pracovištím, která o ni požádala, tiskovou sadu karet s návodem",
					"Kristýna Vávrová, průvodkyně změnou", due, true}}},
			{Key: "intervision", Title: "Intervize v týmu: jak jsme ji zavedli v Lanškrouně", Area: "team", By: headLan,
				Description: "Struktura intervize, střídání v moderování a co dělat, aby se z intervize nestala další porada.",
				Status:      "accepted", Pos: 2, Slot: "09:55", Minutes: 35, Presenter: "Zdeňka Pokorná, Městský úřad Lanškroun",
				Votes: 8, From: 5,
				Outcome: "Lanškroun popsal, jak intervizi zavedl: setkání jednou za dva týdny, pevná struktura od představení " +
					"případu po kolo nápadů a střídání v moderování. Pracoviště, která intervizi převzala, potvrdila, že tým " +
					"s těžkými případy nezůstává sám a noví kolegové se rychleji zorientují. Diskuse se týkala hlavně malých " +
					"týmů, kde se intervize dá spojit se sousedním pracovištěm.",
				Decisions: "Pracoviště, která chtějí intervizi zkusit, se obrátí na průvodce změnou. Lanškroun nabídl, že " +
					"hosté z jiných pracovišť mohou přijít na jejich intervizi jako pozorovatelé.",
				Resolution: "resolved"},
			{Key: "meeting", Title: "Porada zaměřená na řešení: kratší porady v České Třebové", Area: "team", By: headCT,
				Description: "Formát týmové porady, který začíná tím, co se povedlo, a u každého případu hledá další malý krok.",
				Status:      "accepted", Pos: 3, Slot: "10:45", Minutes: 30, Presenter: "Lenka Benešová, Městský úřad Česká Třebová",
				Votes: 6, From: 10,
				Outcome: "Česká Třebová představila formát porady, která začíná tím, co se za poslední týden podařilo, a u každého " +
					"případu hledá další malý krok. Porady se zkrátily zhruba na hodinu a deset minut. Pracoviště, která formát " +
					"převzala, ocenila škálové otázky, které používají i v rozhovorech s rodinami; menší tým si formát upravil, " +
					"ale kostra zůstala.",
				Decisions: "Popis formátu porady je v Hnízdě u nástroje. Pracoviště, která ho vyzkoušejí, se o zkušenost " +
					"podělí na příštím setkání.",
				Resolution: "resolved"},
			{Key: "safety", Title: "Plán bezpečí s rodinou: první zkušenosti z pilotu", Area: "assessment", By: cwZam,
				Description: "Jak s rodinou a lidmi kolem ní sestavit písemný plán bezpečí dítěte a co ukázal pilot v Žamberku.",
				Status:      "accepted", Pos: 4, Slot: "11:20", Minutes: 30, Presenter: "Jiří Král, Městský úřad Žamberk",
				Votes: 5, From: 14,
				Outcome: "Žamberk ukázal šablonu plánu bezpečí se třemi sloupci: čeho se obáváme, co funguje dobře a co se musí " +
					"stát. Plán zatím sestavil s několika rodinami, kde se řeší zanedbávání péče. Účastníci se ptali hlavně na " +
					"to, jak do plánu zapojit lidi z okolí rodiny a jak často plán revidovat.",
				Decisions: "Žamberk dokončí pilot do konce roku a sepíše krátký návod pro další OSPOD. Krajský úřad zváží, " +
					"jak plán bezpečí navázat na individuální plán ochrany dítěte.",
				Resolution: "resolved"},
			{Key: "offer", Title: "Jak vyzkoušet nástroj z Hnízda u sebe", Area: "support", By: guideKV,
				Description: "Co znamená, když pracoviště dostane nástroj nabídnutý k vyzkoušení, a jak dát zpětnou vazbu.",
				Status:      "accepted", Pos: 5, Slot: "11:55", Minutes: 30, Presenter: "Kristýna Vávrová, průvodkyně změnou",
				Votes: 4, From: 2,
				Outcome: "Průvodci změnou vysvětlili, jak pracoviště dostávají nástroje nabídnuté k vyzkoušení, co obnáší " +
					"zkušební období a jak dát zpětnou vazbu, podle které se nástroj upravuje. Účastníci ocenili, že nástroj " +
					"mohou zkusit nejdřív u několika rodin a teprve potom se rozhodnout, zda ho převezmou.",
				Decisions:  "Pracoviště, která chtějí některý nástroj vyzkoušet, se ozvou průvodcům změnou do konce roku.",
				Resolution: "resolved"},
		},
	}
}

// The feedback form about the cards.
const (
	cardsFormTitle = "Karty rodičovských dovedností: vaše zkušenost"
	cardsFormIntro = "Na setkání jsme mluvili o kartách rodičovských dovedností. Napište nám, jak jsou pro vás užitečné " +
		"a co bychom na nich měli zlepšit. Odpovědi jsou anonymní."
)

var cardsQuestions = []feedback.QuestionInput{
	{Kind: feedback.Rating, Label: "Jak užitečné pro vás karty jsou?", Required: true,
		LowLabel: "Vůbec neužitečné", HighLabel: "Velmi užitečné"},
	{Kind: feedback.Single, Label: "Používáte karty ve své práci?", Required: true,
		Options: "Ano, pravidelně\nObčas\nZatím ne"},
	{Kind: feedback.Long, Label: "Co by vám práci s kartami usnadnilo?"},
}

// cardsAnswers are the answers to cardsQuestions, one respondent a row.
var cardsAnswers = [][3]string{
	{"5", "Ano, pravidelně", "Víc karet pro rodiče dospívajících dětí."},
	{"4", "Ano, pravidelně", "Laminované karty, papírové se rychle ničí."},
	{"5", "Ano, pravidelně", ""},
	{"4", "Občas", "Krátká ukázka rozhovoru s kartami, třeba na intervizi."},
	{"3", "Zatím ne", "Čas na zaškolení, v malém týmu na to zatím nebyl prostor."},
	{"5", "Ano, pravidelně", ""},
	{"4", "Občas", "Verze karet s obrázky pro rodiče, kteří hůř čtou."},
	{"4", "Občas", ""},
	{"5", "Zatím ne", "Těšíme se, až dostaneme tiskovou sadu."},
}

// nestMeeting is what the tools link to besides notes: the agenda items of the autumn meeting
// by key and the form about the cards.
type nestMeeting struct {
	items map[string]int64
	form  int64
}

// meetingAndForm finds the autumn meeting and its form, writing what is missing: a nest seeded
// anew (its tools removed) finds them from the seed before.
func (n *nester) meetingAndForm(ctx context.Context) (*nestMeeting, error) {
	p := pakAutumn(n.year0 + 2)
	nm := &nestMeeting{items: map[string]int64{}}
	id, err := n.findMeeting(ctx, p)
	if err != nil {
		return nil, err
	}
	if id == 0 {
		if id, err = n.writeMeeting(ctx, p); err != nil {
			return nil, err
		}
		n.made.meeting = id
	}
	rows, err := n.pool.Query(ctx, `SELECT title, id FROM topics WHERE meeting_id = $1 AND status = 'accepted'`, id)
	if err != nil {
		return nil, fmt.Errorf("agenda of meeting %d: %w", id, err)
	}
	byTitle := map[string]int64{}
	var title string
	var tid int64
	if _, err := pgx.ForEachRow(rows, []any{&title, &tid}, func() error { byTitle[title] = tid; return nil }); err != nil {
		return nil, fmt.Errorf("agenda of meeting %d: %w", id, err)
	}
	for _, t := range p.Topics {
		if nm.items[t.Key] = byTitle[t.Title]; nm.items[t.Key] == 0 {
			return nil, fmt.Errorf("meeting %d has no item %q", id, t.Title)
		}
	}
	fs := feedback.NewStore(n.pool)
	if nm.form, err = fs.ForMeeting(ctx, id); err != nil {
		return nil, err
	}
	if nm.form == 0 {
		if nm.form, err = n.writeForm(ctx, fs, id, p); err != nil {
			return nil, fmt.Errorf("form of %q: %w", p.Title, err)
		}
	}
	return nm, nil
}

func (n *nester) findMeeting(ctx context.Context, p meetingSeed) (int64, error) {
	var id int64
	err := n.pool.QueryRow(ctx, `
		SELECT m.id FROM meetings m JOIN meeting_series s ON s.id = m.series_id JOIN regions r ON r.id = m.region_id
		WHERE r.slug = 'PAK' AND s.name = $1 AND m.starts_at = $2 ORDER BY m.id LIMIT 1`, seriesPAK, p.Starts).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("meeting %q: %w", p.Title, err)
	}
	return id, nil
}

// writeMeeting writes meeting p the way SeedMeetings writes the 2018 meetings, in one
// transaction, and returns its id.
func (n *nester) writeMeeting(ctx context.Context, p meetingSeed) (int64, error) {
	areas, err := areaIDs(ctx, n.pool)
	if err != nil {
		return 0, err
	}
	users := map[string]member{}
	for email, u := range n.users {
		users[strings.ToLower(email)] = member{id: u.ID, region: u.RegionID, roles: u.Roles}
	}
	var id int64
	err = db.InTx(ctx, n.pool, func(tx pgx.Tx) error {
		// The series exists when SeedMeetings made the upcoming meeting; it began with this one.
		var series int64
		if err := tx.QueryRow(ctx, `
			INSERT INTO meeting_series (region_id, name, created_at) SELECT id, $2, $3 FROM regions WHERE slug = $1
			ON CONFLICT (region_id, name) DO UPDATE SET created_at = least(meeting_series.created_at, excluded.created_at)
			RETURNING id`, "PAK", seriesPAK, p.Created).Scan(&series); err != nil {
			return fmt.Errorf("series %q: %w", seriesPAK, err)
		}
		ms := &meetingSeeder{tx: tx, now: time.Now(), areas: areas, users: users, topics: map[string]int64{}}
		if err := ms.past(ctx, series, p); err != nil {
			return fmt.Errorf("meeting %q: %w", p.Title, err)
		}
		id = ms.meeting
		return nil
	})
	return id, err
}

// writeForm writes the form about the cards as the demo forms of 2018 are written: built when
// the agenda was published, opened right after the meeting, answered over the next days.
func (n *nester) writeForm(ctx context.Context, fs *feedback.Store, meeting int64, p meetingSeed) (int64, error) {
	var clock time.Time
	fs.SetClock(func() time.Time { return clock })
	org, ok := n.users[coordinatorPAK]
	if !ok {
		return 0, fmt.Errorf("no demo person %s", coordinatorPAK)
	}
	created := p.Published.Add(time.Hour)
	clock = created
	id, err := fs.Create(ctx, org, feedback.Input{Title: cardsFormTitle, Intro: cardsFormIntro, Anonymous: true, MeetingID: meeting})
	if err != nil {
		return 0, err
	}
	n.made.form = id
	backdate := func(at time.Time) error {
		_, err := n.pool.Exec(ctx, `UPDATE audit_log SET at = $2 WHERE object_type = 'feedback' AND object_id = $1 AND at > $2`, id, at)
		return err
	}
	for _, q := range cardsQuestions {
		if _, err := fs.AddQuestion(ctx, org, id, q); err != nil {
			return 0, fmt.Errorf("question %q: %w", q.Label, err)
		}
	}
	if err := backdate(created); err != nil {
		return 0, err
	}
	opened := p.Attendance.Add(10 * time.Minute)
	clock = opened
	sent, err := fs.Transition(ctx, org, id, feedback.Open)
	if err != nil {
		return 0, err
	}
	if err := backdate(opened); err != nil {
		return 0, err
	}
	form, err := fs.Get(ctx, org, id)
	if err != nil {
		return 0, err
	}
	qs, err := fs.Questions(ctx, id, form.Version)
	if err != nil {
		return 0, err
	}
	if len(qs) != len(cardsQuestions) || len(sent) < len(cardsAnswers) {
		return 0, fmt.Errorf("%d questions, %d invitations for %d answers", len(qs), len(sent), len(cardsAnswers))
	}
	last := form.ClosesAt.Add(-24 * time.Hour)
	for k, a := range cardsAnswers {
		r := feedback.Reply{}
		for i, v := range a {
			if v != "" {
				r[qs[i].ID] = []string{v}
			}
		}
		// Every other invitation answers, so the respondents are spread over the offices.
		clock = workSpread(opened, last, k*k/len(cardsAnswers), len(cardsAnswers))
		if err := fs.AnswerByToken(ctx, sent[(2*k)%len(sent)].Token, r); err != nil {
			return 0, fmt.Errorf("answer %d: %w", k+1, err)
		}
		if err := backdate(clock); err != nil {
			return 0, err
		}
	}
	if _, err := n.pool.Exec(ctx, `UPDATE feedback_forms SET created_at = $2, updated_at = $3 WHERE id = $1`,
		id, created, opened); err != nil {
		return 0, fmt.Errorf("dates of form %d: %w", id, err)
	}
	return id, nil
}

// publishedNotes returns the ids and publication days of the nest's notes, by title.
func (n *nester) publishedNotes(ctx context.Context) (map[string]struct {
	id int64
	on time.Time
}, error) {
	titles := make([]string, len(nestNotes))
	for i, x := range nestNotes {
		titles[i] = x.title
	}
	rows, err := n.pool.Query(ctx, `
		SELECT n.title, n.id, n.published_at FROM notes n JOIN regions r ON r.id = n.region_id
		WHERE r.slug = 'PAK' AND n.status = 'published' AND n.title = ANY($1) ORDER BY n.id`, titles)
	if err != nil {
		return nil, fmt.Errorf("notes: %w", err)
	}
	out := map[string]struct {
		id int64
		on time.Time
	}{}
	var title string
	var id int64
	var at time.Time
	if _, err := pgx.ForEachRow(rows, []any{&title, &id, &at}, func() error {
		if _, seen := out[title]; !seen {
			out[title] = struct {
				id int64
				on time.Time
			}{id, nest.Today(at)}
		}
		return nil
	}); err != nil {
		return nil, fmt.Errorf("notes: %w", err)
	}
	return out, nil
}

// links adds the steps that link the tools to the notes, the agenda items and the form: each
// note a working day after it was published, the items and the form once the minutes are
// approved.
func (n *nester) links(ctx context.Context) error {
	nm, err := n.meetingAndForm(ctx)
	if err != nil {
		return err
	}
	notes, err := n.publishedNotes(ctx)
	if err != nil {
		return err
	}
	link := func(on time.Time, by, tool string, kind nest.LinkKind, target int64) {
		if on.After(n.today) {
			on = n.today
		}
		n.at(on, by, func(ctx context.Context, u *auth.User) error {
			id, err := n.tool(tool)
			if err != nil {
				return err
			}
			if err := n.s.Link(ctx, u, id, kind, target); err != nil {
				return fmt.Errorf("link %q to %s %d: %w", tool, kind, target, err)
			}
			return nil
		})
	}
	for _, x := range nestNotes {
		note, ok := notes[x.title]
		if !ok {
			// The notes are seeded only into a database without notes; one that had its own
			// keeps them, and the tools go without.
			continue
		}
		link(fwd(note.on.AddDate(0, 0, 1)), x.by, x.tool, nest.LinkNote, note.id)
	}
	approved := pakAutumn(n.year0 + 2).Approved.In(i18n.Prague)
	day := fwd(date(approved.Year(), approved.Month(), approved.Day()+1))
	for _, x := range presented {
		link(day, guideKV, x.tool, nest.LinkItem, nm.items[x.key])
	}
	link(day, methodologistPAK, toolCards, nest.LinkForm, nm.form)
	return nil
}
