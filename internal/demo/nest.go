package demo

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"hnizdo.cz/hnizdo/internal/auth"
	"hnizdo.cz/hnizdo/internal/db"
	"hnizdo.cz/hnizdo/internal/i18n"
	"hnizdo.cz/hnizdo/internal/nest"
)

// The demo nest is the Pardubice innovation nest as three years of it look in the portal: the
// three pilot offices with their development topics, the change guides' visits to them (and to
// a few offices that took up tools), and the tools, processes and team rituals that grew there,
// promoted along the ladder with evidence, offered to other offices and adopted, tried or given
// up there.
//
// Everything goes through the nest store, so the demo obeys its rules and leaves its audit
// trail. The story runs from three calendar years before this one; its last part lies in this
// year between New Year and today, so whatever day the seed runs every date is in the past and
// the store's clock, set to each step's day, never runs ahead of the real now.

// nestLock serialises demo seeders of the nest: two instances starting at once must not both
// find the region without a nest and both seed it.
const nestLock = "demo.nest"

// The people of the demo nest.
const (
	guideKV = "pruvodce.pak@hnizdo.test" // Kristýna Vávrová, change guide
	guideJT = "jakub.tichy@hnizdo.test"  // Jakub Tichý, change guide
	headZam = "vedouci.zamberk@hnizdo.test"
	cwZam   = "jiri.kral@hnizdo.test"
	cwLans  = "pracovnik.lanskroun@hnizdo.test"
	headLan = "zdenka.pokorna@hnizdo.test"
	headCT  = "lenka.benesova@hnizdo.test"
	cwCT    = "ondrej.fiala@hnizdo.test"
	staffUO = "alena.simkova@hnizdo.test"
	staffSV = "martin.kopecky@hnizdo.test"
	staffCR = "renata.machova@hnizdo.test"
	staffVM = "jitka.urbanova@hnizdo.test"
	staffLI = "barbora.kadlecova@hnizdo.test"
	staffHO = "dana.nemcova@hnizdo.test"
	staffMT = "gabriela.holubova@hnizdo.test"
)

// The offices of the demo nest by a short key.
var nestOffices = map[string]string{
	"ZAM": "Městský úřad Žamberk",
	"LAN": "Městský úřad Lanškroun",
	"CT":  "Městský úřad Česká Třebová",
	"UO":  "Městský úřad Ústí nad Orlicí",
	"SV":  "Městský úřad Svitavy",
	"CR":  "Městský úřad Chrudim",
	"VM":  "Městský úřad Vysoké Mýto",
	"LI":  "Městský úřad Litomyšl",
	"PO":  "Městský úřad Polička",
	"HO":  "Městský úřad Holice",
	"MT":  "Městský úřad Moravská Třebová",
	"PA":  "Magistrát města Pardubic",
}

// The tools of the demo nest.
const (
	toolCards    = "Karty rodičovských dovedností"
	toolIntervis = "Intervize v týmu"
	toolMeeting  = "Porada zaměřená na řešení"
	toolSafety   = "Plán bezpečí s rodinou"
	toolCompass  = "Rozchodový kompas pro rodiče"
	toolMap      = "Mapa podpory rodiny"
	toolWelcome  = "Uvítací balíček pro nové kolegy"
	toolChecks   = "Kontrolní seznam první návštěvy"
)

// nestEvent is one step of the story: on day on, the person by does it.
type nestEvent struct {
	on time.Time
	by string
	do func(ctx context.Context, u *auth.User) error
}

// nester carries what the steps of SeedNest share.
type nester struct {
	pool    *pgxpool.Pool
	s       *nest.Store
	clock   time.Time
	year0   int       // the project's first year: three years before this one
	from    time.Time // New Year: where this year's part of the story begins
	today   time.Time
	users   map[string]*auth.User
	offices map[string]int64 // by key of nestOffices
	topics  map[string]int64 // development topics by office key
	tools   map[string]int64 // by name
	events  []nestEvent
	mark    int64 // the last audit entry before the seed
	made    struct {
		tools, topics, visits []int64
		meeting, form         int64 // the autumn meeting and its form, when this run wrote them
	}
}

// SeedNest adds the demo innovation nest to the Pardubice region unless the region has tools,
// development topics or guide visits already, and returns how many tools it added. With the
// tools come the regional meeting of last autumn where they were presented and its form about
// the cards (see nestmeeting.go), which the tools link to, as they do to the notes written
// about them. A failed run removes what it made, so the next start seeds the nest whole. The
// demo people must exist.
func SeedNest(ctx context.Context, pool *pgxpool.Pool) (int, error) {
	conn, err := pool.Acquire(ctx)
	if err != nil {
		return 0, fmt.Errorf("demo: nest: %w", err)
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock(hashtextextended($1, 0))`, nestLock); err != nil {
		return 0, fmt.Errorf("demo: nest lock: %w", err)
	}
	defer func() {
		_, _ = conn.Exec(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock(hashtextextended($1, 0))`, nestLock)
	}()

	var taken bool
	if err := pool.QueryRow(ctx, `
		SELECT EXISTS (SELECT 1 FROM tools t JOIN regions r ON r.id = t.region_id WHERE r.slug = 'PAK')
			OR EXISTS (SELECT 1 FROM dev_topics d JOIN offices o ON o.id = d.office_id JOIN regions r ON r.id = o.region_id WHERE r.slug = 'PAK')
			OR EXISTS (SELECT 1 FROM guide_visits v JOIN offices o ON o.id = v.office_id JOIN regions r ON r.id = o.region_id WHERE r.slug = 'PAK')`).
		Scan(&taken); err != nil {
		return 0, fmt.Errorf("demo: nest: %w", err)
	}
	if taken {
		return 0, nil
	}
	n := &nester{pool: pool, s: nest.NewStore(pool), today: nest.Today(time.Now()),
		topics: map[string]int64{}, tools: map[string]int64{}}
	n.s.SetClock(func() time.Time { return n.clock })
	n.year0 = n.today.Year() - 3
	n.from = date(n.today.Year(), time.January, 1)
	if err := n.load(ctx); err != nil {
		return 0, err
	}
	pakNest(n)
	if err := n.links(ctx); err != nil {
		n.drop(ctx)
		return 0, fmt.Errorf("demo: nest: %w", err)
	}
	if err := n.run(ctx); err != nil {
		n.drop(ctx)
		return 0, fmt.Errorf("demo: nest: %w", err)
	}
	return len(n.made.tools), nil
}

// load reads the demo people, the offices and where the audit log stands.
func (n *nester) load(ctx context.Context) error {
	var err error
	if n.users, err = loadUsers(ctx, n.pool); err != nil {
		return err
	}
	names := make([]string, 0, len(nestOffices))
	for _, name := range nestOffices {
		names = append(names, name)
	}
	rows, err := n.pool.Query(ctx, `
		SELECT o.name, o.id FROM offices o JOIN regions r ON r.id = o.region_id WHERE r.slug = 'PAK' AND o.name = ANY($1)`, names)
	if err != nil {
		return fmt.Errorf("demo: nest offices: %w", err)
	}
	byName := map[string]int64{}
	var name string
	var id int64
	if _, err := pgx.ForEachRow(rows, []any{&name, &id}, func() error { byName[name] = id; return nil }); err != nil {
		return fmt.Errorf("demo: nest offices: %w", err)
	}
	n.offices = map[string]int64{}
	for key, name := range nestOffices {
		if n.offices[key] = byName[name]; n.offices[key] == 0 {
			return fmt.Errorf("demo: nest: no office %s", name)
		}
	}
	if err := n.pool.QueryRow(ctx, `SELECT coalesce(max(id), 0) FROM audit_log`).Scan(&n.mark); err != nil {
		return fmt.Errorf("demo: nest: audit log: %w", err)
	}
	return nil
}

// run takes the steps of the story in the order of their days, each with the store's clock on
// its day, a few minutes after the step before on the same day.
func (n *nester) run(ctx context.Context) error {
	sort.SliceStable(n.events, func(i, j int) bool { return n.events[i].on.Before(n.events[j].on) })
	var last time.Time
	k := 0
	for _, e := range n.events {
		if e.on.Equal(last) {
			k++
		} else {
			last, k = e.on, 0
		}
		u, ok := n.users[e.by]
		if !ok {
			return fmt.Errorf("no demo person %s", e.by)
		}
		n.clock = time.Date(e.on.Year(), e.on.Month(), e.on.Day(), 9, 0, 0, 0, i18n.Prague).Add(time.Duration(k) * 10 * time.Minute)
		if now := time.Now(); n.clock.After(now) {
			n.clock = now
		}
		if err := e.do(ctx, u); err != nil {
			return fmt.Errorf("%s on %s: %w", e.by, e.on.Format(time.DateOnly), err)
		}
		// The store dates its audit entries now(); they happened at the clock. Only the nest's
		// own entries move: the autumn meeting and its form were written with their own dates.
		if _, err := n.pool.Exec(ctx, `UPDATE audit_log SET at = $3 WHERE id > $1 AND actor_id = $2 AND at > $3
			AND object_type IN ('tool', 'dev_topic', 'guide_visit')`, n.mark, u.ID, n.clock); err != nil {
			return fmt.Errorf("timeline: %w", err)
		}
	}
	return nil
}

// drop removes what a failed run made. It is best effort: the error that made it necessary is
// the one to report. The tools go first, as they name the topics; the form's responses go
// before the form and the meeting, as the answers' reference to their questions would stop
// the cascade.
func (n *nester) drop(ctx context.Context) {
	ctx = context.WithoutCancel(ctx)
	m := n.made
	_ = db.InTx(ctx, n.pool, func(tx pgx.Tx) error {
		for _, q := range []struct {
			sql string
			id  int64
		}{
			{`DELETE FROM feedback_responses WHERE form_id = $1`, m.form},
			{`DELETE FROM feedback_forms WHERE id = $1`, m.form},
			{`DELETE FROM audit_log WHERE object_type = 'feedback' AND object_id = $1`, m.form},
			{`DELETE FROM feedback_responses WHERE form_id IN (SELECT id FROM feedback_forms WHERE meeting_id = $1)`, m.meeting},
			{`DELETE FROM meetings WHERE id = $1`, m.meeting},
			{`DELETE FROM audit_log WHERE object_type = 'meeting' AND object_id = $1`, m.meeting},
		} {
			if q.id == 0 {
				continue
			}
			if _, err := tx.Exec(ctx, q.sql, q.id); err != nil {
				return err
			}
		}
		for _, q := range []struct {
			sql string
			ids []int64
		}{
			{`DELETE FROM tools WHERE id = ANY($1)`, m.tools},
			{`DELETE FROM guide_visits WHERE id = ANY($1)`, m.visits},
			{`DELETE FROM dev_topics WHERE id = ANY($1)`, m.topics},
		} {
			if _, err := tx.Exec(ctx, q.sql, q.ids); err != nil {
				return err
			}
		}
		_, err := tx.Exec(ctx, `DELETE FROM audit_log WHERE id > $1 AND ((object_type = 'tool' AND object_id = ANY($2))
			OR (object_type = 'dev_topic' AND object_id = ANY($3)) OR (object_type = 'guide_visit' AND object_id = ANY($4)))`,
			n.mark, m.tools, m.topics, m.visits)
		return err
	})
}

// Days of the story.

// d is the working day on or after a day of the project's year y (0 to 2): the story's days
// are written for its first year's calendar and fall on other weekdays in other years.
func (n *nester) d(y int, m time.Month, day int) time.Time { return fwd(date(n.year0+y, m, day)) }

// recent is the working day near fraction f of the way from New Year to today: this year's
// part of the story, never after today.
func (n *nester) recent(f float64) time.Time {
	day := n.from.AddDate(0, 0, int(f*n.today.Sub(n.from).Hours()/24))
	if w := fwd(day); !w.After(n.today) {
		return w
	}
	return back(day)
}

// Steps of the story.

func (n *nester) at(on time.Time, by string, do func(ctx context.Context, u *auth.User) error) {
	n.events = append(n.events, nestEvent{on: on, by: by, do: do})
}

func (n *nester) tool(name string) (int64, error) {
	id, ok := n.tools[name]
	if !ok {
		return 0, fmt.Errorf("no tool %q yet", name)
	}
	return id, nil
}

func (n *nester) version(ctx context.Context, id int64) (int32, error) {
	t, err := n.s.Tool(ctx, id)
	if err != nil {
		return 0, err
	}
	return t.Version, nil
}

// topic records office's development topic, chosen on day on.
func (n *nester) topic(on time.Time, by, office, title, description string) {
	n.at(on, by, func(ctx context.Context, u *auth.User) error {
		id, err := n.s.AddTopic(ctx, u, nest.TopicInput{Office: n.offices[office], Title: title, Description: description, Since: on})
		if err != nil {
			return fmt.Errorf("topic %q: %w", title, err)
		}
		n.made.topics = append(n.made.topics, id)
		n.topics[office] = id
		return nil
	})
}

// toolSeed is a tool as it is first written down.
type toolSeed struct {
	Name    string
	Kind    nest.Kind
	Origin  string // office key
	Topic   bool   // from the origin's development topic
	Summary string
	Body    string
}

func (n *nester) create(on time.Time, by string, t toolSeed) {
	n.at(on, by, func(ctx context.Context, u *auth.User) error {
		in := nest.ToolInput{Name: t.Name, Kind: t.Kind, Summary: t.Summary, Body: t.Body, Origins: []int64{n.offices[t.Origin]}}
		if t.Topic {
			in.TopicID = n.topics[t.Origin]
		}
		id, err := n.s.Create(ctx, u, in)
		if err != nil {
			return fmt.Errorf("tool %q: %w", t.Name, err)
		}
		n.made.tools = append(n.made.tools, id)
		n.tools[t.Name] = id
		return nil
	})
}

// revise rewrites the tool's body as edit says.
func (n *nester) revise(on time.Time, by, name string, edit func(body string) string) {
	n.at(on, by, func(ctx context.Context, u *auth.User) error {
		id, err := n.tool(name)
		if err != nil {
			return err
		}
		t, err := n.s.Tool(ctx, id)
		if err != nil {
			return err
		}
		in := nest.ToolInput{Name: t.Name, Kind: t.Kind, Summary: t.Summary, Body: edit(t.Body), Origins: t.OriginIDs,
			Version: t.Version}
		if t.TopicID != nil {
			in.TopicID = *t.TopicID
		}
		if err := n.s.Update(ctx, u, id, in); err != nil {
			return fmt.Errorf("revise %q: %w", name, err)
		}
		return nil
	})
}

func (n *nester) promote(on time.Time, by, name string, to nest.Maturity, reason string) {
	n.at(on, by, func(ctx context.Context, u *auth.User) error {
		id, err := n.tool(name)
		if err != nil {
			return err
		}
		v, err := n.version(ctx, id)
		if err != nil {
			return err
		}
		if err := n.s.Promote(ctx, u, id, to, reason, v); err != nil {
			return fmt.Errorf("promote %q to %s: %w", name, to, err)
		}
		return nil
	})
}

// offer offers the tool to the offices (keys).
func (n *nester) offer(on time.Time, by, name string, offices ...string) {
	n.at(on, by, func(ctx context.Context, u *auth.User) error {
		id, err := n.tool(name)
		if err != nil {
			return err
		}
		ids := make([]int64, len(offices))
		for i, o := range offices {
			ids[i] = n.offices[o]
		}
		if err := n.s.Offer(ctx, u, id, ids, on); err != nil {
			return fmt.Errorf("offer %q: %w", name, err)
		}
		return nil
	})
}

// step records the office's step with the tool; by works there.
func (n *nester) step(on time.Time, by, name string, a nest.Action, report string, rating int16) {
	n.at(on, by, func(ctx context.Context, u *auth.User) error {
		id, err := n.tool(name)
		if err != nil {
			return err
		}
		cur, err := n.s.Adoption(ctx, id, u.OfficeID)
		if err != nil {
			return err
		}
		var v int32
		if cur != nil {
			v = cur.Version
		}
		if err := n.s.Take(ctx, u, nest.Step{Tool: id, Office: u.OfficeID, Action: a, On: on, Report: report,
			Rating: rating, Version: v}); err != nil {
			return fmt.Errorf("%s %q: %w", a, name, err)
		}
		return nil
	})
}

// guideVisit is a change guide's visit: about the office's development topic, or about Subject
// where it has none that fits.
type guideVisit struct {
	Office, Subject, Tried, Next string
	Tools                        []string
}

func (n *nester) visit(on time.Time, by string, v guideVisit) {
	n.at(on, by, func(ctx context.Context, u *auth.User) error {
		in := nest.VisitInput{Office: n.offices[v.Office], On: on, Subject: v.Subject, Tried: v.Tried, NextStep: v.Next}
		if v.Subject == "" {
			in.TopicID = n.topics[v.Office]
			if in.TopicID == 0 {
				return fmt.Errorf("visit of %s: no topic yet", v.Office)
			}
		}
		for _, name := range v.Tools {
			id, err := n.tool(name)
			if err != nil {
				return err
			}
			in.Tools = append(in.Tools, id)
		}
		id, err := n.s.AddVisit(ctx, u, in)
		if err != nil {
			return fmt.Errorf("visit of %s: %w", v.Office, err)
		}
		n.made.visits = append(n.made.visits, id)
		return nil
	})
}

// The development topics of the pilot offices.
const (
	topicZam = "Vyhodnocení a plánování zajištění bezpečí dítěte"
	topicCT  = "Rozvody a péče o dítě po rozchodu rodičů"
	topicLan = "Já, OSPOĎák"
)

// The subjects of visits outside the development topics.
const (
	subjectStart   = "Úvodní setkání s týmem"
	subjectNeeds   = "Mapování potřeb týmu"
	subjectRegion  = "Metodická role kraje"
	subjectOffered = "Podpora při zavádění nástroje z inovačního hnízda"
)

// pakNest writes the story of the Pardubice nest: the topics, the tools and their spread, and
// the guides' visits. The steps of each tool follow one another; run puts all in order of days.
func pakNest(n *nester) {
	d, recent := n.d, n.recent

	// The first spring: the guides get to know the pilot teams, who choose their topics.
	n.topic(d(0, time.April, 24), guideKV, "ZAM", topicZam,
		"Jak s rodinou společně vyhodnotit, co dítě ohrožuje a co ho chrání, a domluvit konkrétní kroky, které bezpečí "+
			"zajistí. Tým chtěl méně kontrolovat u stolu a více plánovat s rodinou a lidmi kolem ní.")
	n.topic(d(0, time.May, 15), guideKV, "CT", topicCT,
		"Rozvodová agenda zabírá velkou část práce týmu. Hledáme, jak rodičům v rozchodu srozumitelně vysvětlit, co OSPOD "+
			"dělá, jak udržet dítě v centru pozornosti a jak se s rodiči připravit na jednání soudu.")
	n.topic(d(0, time.June, 5), guideJT, "LAN", topicLan,
		"Identita a sebevědomí týmu: co je naše role, na čem stojíme a jak o sebe pečujeme, aby práce byla udržitelná. "+
			"Téma vyšlo ze společného mapování, kdy tým popsal únavu a pocit, že jeho práci okolí nevidí.")

	cards(n, d, recent)
	intervision(n, d, recent)
	meeting(n, d, recent)
	safety(n, d, recent)
	compass(n, d, recent)
	smaller(n, d, recent)
	visitsZam(n, d, recent)
	visitsLan(n, d, recent)
	visitsCT(n, d, recent)
	visitsOthers(n, d, recent)
}

type dayFn func(y int, m time.Month, day int) time.Time
type recentFn func(f float64) time.Time

// cards: the parenting-skills cards, made in Žamberk, validated in the second year by three
// offices and recommended in the third; by now used, tried, offered and once given up across
// the region.
func cards(n *nester, d dayFn, recent recentFn) {
	const t = toolCards
	n.create(d(0, time.June, 12), guideKV, toolSeed{Name: t, Kind: nest.KindTool, Origin: "ZAM", Topic: true,
		Summary: "Sada karet, se kterými rodiče sami popisují, co v péči o dítě zvládají a v čem chtějí podporu. Pomáhá vést " +
			"rozhovor o silných stránkách místo výčtu nedostatků.",
		Body: bodyCardsTool})
	n.promote(d(0, time.September, 18), headZam, t, nest.Prototype,
		"První zkušební sada karet je vytištěná a popsaná, tým ji vyzkouší u několika rodin.")
	n.step(d(0, time.October, 2), headZam, t, nest.Trial, "Karty zkoušíme u nových rodin, se kterými začínáme spolupracovat.", 0)
	n.promote(d(0, time.November, 6), guideKV, t, nest.Piloting,
		"Žamberk karty používá v běžné práci s rodinami, nejen na zkoušku.")
	n.offer(d(1, time.February, 12), guideKV, t, "CT", "LAN", "UO")
	n.step(d(1, time.March, 1), headZam, t, nest.Adopt,
		"Karty používáme u většiny nových rodin. Rodiče se víc rozmluví a dohody v plánu jsou konkrétnější.", 5)
	n.step(d(1, time.March, 4), headCT, t, nest.Trial, "", 0)
	n.step(d(1, time.March, 20), cwLans, t, nest.Trial, "", 0)
	n.step(d(1, time.April, 15), staffUO, t, nest.Trial, "Karty zkusíme u dvou rodin, se kterými se dlouho nedaří domluvit.", 0)
	n.step(d(1, time.June, 10), headCT, t, nest.Adopt,
		"Vyzkoušeli jsme karty na dvou případových poradách a pak u rodin v rozvodové agendě. Rodiče se rychleji dostanou "+
			"k tomu, co dítě potřebuje od každého z nich.", 5)
	n.step(d(1, time.August, 26), staffUO, t, nest.Adopt,
		"Karty pomohly u rodin, se kterými se dlouho nedařilo domluvit. Chtěli bychom víc karet pro rodiče dospívajících.", 4)
	n.step(d(1, time.September, 9), cwLans, t, nest.Adopt,
		"Karty používají tři kolegyně. Osvědčily se hlavně při prvních rozhovorech, kdy rodiče čekají spíš kritiku.", 4)
	n.promote(d(1, time.October, 1), guideKV, t, nest.Validated,
		"Tři další OSPODy karty používají a hodnotí je jako užitečné: Česká Třebová, Lanškroun a Ústí nad Orlicí.")
	n.revise(d(1, time.November, 4), guideKV, t, func(body string) string {
		return body + "\n## Co jsme upravili po ověření\n\nOSPODy, které karty ověřovaly, doporučily zjednodušit věty na " +
			"kartách a přidat karty pro rodiče dospívajících. Sada má nyní samostatnou řadu karet pro rodiče dětí od dvanácti let " +
			"a kratší návod na jednu stránku.\n"
	})
	n.offer(d(1, time.November, 20), guideJT, t, "CR", "LI", "MT")
	n.step(d(2, time.January, 20), staffCR, t, nest.Trial, "", 0)
	n.step(d(2, time.February, 10), staffLI, t, nest.Trial, "", 0)
	n.step(d(2, time.March, 2), staffMT, t, nest.Trial, "", 0)
	n.step(d(2, time.May, 6), staffCR, t, nest.Adopt,
		"Karty jsou součástí úvodního rozhovoru s rodinou. Kolegové oceňují, že se z nich snadno píše dohoda do plánu.", 5)
	n.step(d(2, time.June, 3), staffLI, t, nest.Adopt,
		"Používáme je hlavně u rodin s malými dětmi, u starších méně. Pro nové kolegy jsou dobrou oporou v rozhovoru.", 4)
	n.promote(d(2, time.June, 20), methodologistPAK, t, nest.Recommended,
		"Karty se osvědčily v šesti OSPODech kraje a hodnocení je shodné: rozhovor s rodiči je otevřenější a dohody "+
			"konkrétnější. Doporučujeme je pro práci s rodiči ve všech OSPODech kraje.")
	n.step(d(2, time.September, 15), staffMT, t, nest.Abandon,
		"Karty jsme zkoušeli půl roku, ale při dvou pracovnících na plný úvazek na ně nezbyl čas. Vrátíme se k nim, až se "+
			"tým doplní.", 3)
	n.offer(d(2, time.October, 8), guideKV, t, "SV", "VM", "PO")
	n.step(recent(0.25), staffSV, t, nest.Trial, "Začínáme u rodin, které přicházejí nově.", 0)
	n.step(recent(0.5), staffVM, t, nest.Trial, "", 0)
	n.offer(recent(0.65), guideJT, t, "HO", "PA")
}

// intervision: Lanškroun's team ritual, validated by three offices in the third year.
func intervision(n *nester, d dayFn, recent recentFn) {
	const t = toolIntervis
	n.create(d(0, time.September, 25), guideJT, toolSeed{Name: t, Kind: nest.KindRitual, Origin: "LAN", Topic: true,
		Summary: "Pravidelné setkání týmu jednou za dva týdny, kde si kolegové podle pevné struktury pomáhají s obtížným " +
			"případem. Bez hodnocení, s důrazem na sdílení a nápady.",
		Body: bodyIntervision})
	n.promote(d(0, time.November, 13), cwLans, t, nest.Prototype,
		"Struktura intervize je sepsaná a tým ji vyzkoušel dvakrát.")
	n.step(d(0, time.November, 27), cwLans, t, nest.Trial, "Intervize máme každý druhý čtvrtek.", 0)
	n.promote(d(1, time.January, 15), guideJT, t, nest.Piloting,
		"Intervize běží v Lanškrouně pravidelně a moderování převzal tým.")
	n.offer(d(1, time.April, 10), guideJT, t, "ZAM", "CT", "SV")
	n.step(d(1, time.May, 4), headLan, t, nest.Adopt,
		"Intervize máme každý druhý čtvrtek. Tým říká, že s těžkými případy nezůstává sám, a noví kolegové se rychleji "+
			"zorientují.", 5)
	n.step(d(1, time.May, 15), headZam, t, nest.Trial, "", 0)
	n.step(d(1, time.June, 1), cwCT, t, nest.Trial, "", 0)
	n.step(d(1, time.September, 12), staffSV, t, nest.Trial, "", 0)
	n.step(d(1, time.November, 20), headZam, t, nest.Adopt,
		"Intervizi děláme jednou za tři týdny. Nejvíc pomáhá kolo nápadů; vedoucí se drží role člena týmu.", 4)
	n.step(d(2, time.January, 22), cwCT, t, nest.Adopt,
		"Intervize se stala pevnou součástí měsíce. Díky struktuře se nerozbíhá a stihneme probrat dva případy.", 5)
	n.step(d(2, time.February, 16), staffSV, t, nest.Evaluate,
		"Po půl roce zkoušení: pomáhá hlavně u případů, kde si nevíme rady s dospívajícími. Ještě se učíme moderovat.", 4)
	n.promote(d(2, time.March, 9), guideJT, t, nest.Validated,
		"Intervizi s dobrou zkušeností používají tři další OSPODy: Žamberk, Česká Třebová a Svitavy.")
	n.offer(d(2, time.April, 6), guideJT, t, "CR", "HO")
	n.step(d(2, time.April, 27), staffCR, t, nest.Trial, "", 0)
	n.step(d(2, time.October, 19), staffCR, t, nest.Adopt,
		"Zavedli jsme intervize v obou týmech oddělení. Ocenili jsme pravidlo, že ten, kdo případ přináší, nejdřív jen "+
			"poslouchá.", 4)
	n.step(recent(0.2), staffHO, t, nest.Trial, "Začali jsme jednou měsíčně.", 0)
	n.step(recent(0.4), staffSV, t, nest.Adopt,
		"Intervize běží pravidelně, moderování se střídá a nikdo ji už nevynechává.", 4)
}

// meeting: Česká Třebová's solution-focused team meeting, validated in the third year.
func meeting(n *nester, d dayFn, recent recentFn) {
	const t = toolMeeting
	n.create(d(0, time.October, 9), guideKV, toolSeed{Name: t, Kind: nest.KindRitual, Origin: "CT",
		Summary: "Formát týmové porady, který začíná tím, co se za poslední týden podařilo, a u každého případu hledá další " +
			"malý krok. Porady jsou kratší a odchází se z nich s jasnými úkoly.",
		Body: bodyMeeting})
	n.promote(d(1, time.January, 10), headCT, t, nest.Prototype, "Formát porady je popsaný a tým ho vyzkoušel.")
	n.step(d(1, time.January, 17), headCT, t, nest.Trial, "", 0)
	n.promote(d(1, time.February, 7), guideKV, t, nest.Piloting, "Tým v České Třebové vede v novém formátu všechny porady.")
	n.step(d(1, time.June, 20), headCT, t, nest.Adopt,
		"Porady trvají zhruba hodinu a deset minut místo dvou hodin a každý odchází s jasnými úkoly.", 5)
	n.offer(d(1, time.September, 19), guideKV, t, "LAN", "UO", "ZAM")
	n.step(d(1, time.October, 3), headLan, t, nest.Trial, "", 0)
	n.step(d(1, time.November, 7), staffUO, t, nest.Trial, "", 0)
	n.step(d(2, time.January, 9), headZam, t, nest.Trial, "", 0)
	n.step(d(2, time.March, 14), headLan, t, nest.Adopt,
		"Začínáme tím, co se povedlo, a atmosféra porad je výrazně lepší. Škálové otázky používáme i v rozhovorech s rodinami.", 4)
	n.step(d(2, time.April, 18), staffUO, t, nest.Evaluate,
		"Zkoušíme půl roku. Porady jsou kratší, jen blok informací je pořád delší, než bychom chtěli.", 4)
	n.promote(d(2, time.May, 16), guideKV, t, nest.Validated,
		"Lanškroun formát porady převzal a Ústí nad Orlicí ho s dobrou zkušeností zkouší.")
	n.step(d(2, time.September, 5), headZam, t, nest.Adopt,
		"Formát jsme upravili pro menší tým, ale kostra zůstala. Porady jsou kratší a konkrétnější.", 4)
	n.offer(recent(0.3), guideJT, t, "VM", "LI")
}

// safety: Žamberk's safety planning with the family, piloted in the third year.
func safety(n *nester, d dayFn, recent recentFn) {
	const t = toolSafety
	n.create(d(1, time.February, 20), guideKV, toolSeed{Name: t, Kind: nest.KindProcess, Origin: "ZAM", Topic: true,
		Summary: "Postup, kterým pracovník s rodinou a jejími blízkými sestaví písemný plán: co dítě ohrožuje, co ho chrání, " +
			"kdo co udělá a jak poznáme, že je dítě v bezpečí.",
		Body: bodySafetyPlan})
	n.promote(d(1, time.October, 15), headZam, t, nest.Prototype,
		"Šablona plánu se třemi sloupci je hotová a vyzkoušená na modelovém případu.")
	n.step(d(2, time.February, 2), cwZam, t, nest.Trial, "Začínáme se dvěma rodinami, kde se řeší zanedbávání péče.", 0)
	n.promote(d(2, time.March, 2), guideKV, t, nest.Piloting, "Žamberk plán bezpečí sestavuje s rodinami v běžné práci.")
	n.step(d(2, time.November, 10), cwZam, t, nest.Evaluate,
		"Plán jsme sestavili se šesti rodinami. Nejvíc pomáhá sloupec o tom, co funguje; rodiny pak snáz přijmou i to, co "+
			"se musí změnit.", 4)
	n.offer(recent(0.45), guideKV, t, "UO")
	n.step(recent(0.8), staffUO, t, nest.Trial, "", 0)
}

// compass: Česká Třebová's compass for separating parents, piloting this year.
func compass(n *nester, d dayFn, recent recentFn) {
	const t = toolCompass
	n.create(d(1, time.May, 22), guideJT, toolSeed{Name: t, Kind: nest.KindTool, Origin: "CT", Topic: true,
		Summary: "Brožura a pracovní list pro rodiče v rozchodu: co se bude dít na OSPOD a u soudu, jak mluvit s dítětem " +
			"o rozchodu a jak se dohodnout na péči.",
		Body: bodyCompass})
	n.promote(d(2, time.February, 14), headCT, t, nest.Prototype, "První tištěná verze kompasu je hotová.")
	n.step(d(2, time.September, 1), cwCT, t, nest.Trial, "Kompas předáváme rodičům při prvním kontaktu.", 0)
	n.promote(recent(0.1), guideJT, t, nest.Piloting, "Česká Třebová předává kompas všem rodičům v rozvodové agendě.")
	n.step(recent(0.6), cwCT, t, nest.Evaluate,
		"Rodiče si kompas berou domů a na dalším jednání se na něj odvolávají. Chystáme kratší verzi pro ty, kdo nečtou rádi.", 4)
	n.offer(recent(0.75), guideJT, t, "LAN")
}

// smaller: a technique still a prototype, an idea, and a checklist that was retired.
func smaller(n *nester, d dayFn, recent recentFn) {
	n.create(d(2, time.April, 24), guideJT, toolSeed{Name: toolMap, Kind: nest.KindTechnique, Origin: "LAN",
		Summary: "Technika, při které rodina nakreslí lidi a služby kolem sebe a označí, na koho se může spolehnout. Pomáhá " +
			"najít zdroje podpory mimo OSPOD.",
		Body: bodyMap})
	n.promote(recent(0.35), cwLans, toolMap, nest.Prototype, "Šablona mapy je hotová a vyzkoušená se dvěma rodinami.")

	n.create(recent(0.45), cwLans, toolSeed{Name: toolWelcome, Kind: nest.KindRitual, Origin: "LAN", Topic: true,
		Summary: "Nápad: mít připravené první dva týdny nového kolegy – průvodce týmem, kolegu patrona a postupné převzetí " +
			"případů.",
		Body: "## Nápad\n\nNápad vzešel z intervize. Noví kolegové v prvních týdnech často nevědí, koho se na co zeptat, " +
			"a přebírají případy naráz. Uvítací balíček by obsahoval krátkého průvodce týmem, jména kolegů, kteří pomohou " +
			"s konkrétní agendou, a dohodu, jak rychle nováček případy převezme.\n\n## Co je potřeba rozhodnout\n\nKdo " +
			"bude patronem, kolik času na to dostane a jak balíček navázat na plán zaškolení.\n"})

	n.create(d(0, time.September, 4), guideKV, toolSeed{Name: toolChecks, Kind: nest.KindTool, Origin: "ZAM",
		Summary: "Seznam bodů, které měl pracovník projít při první návštěvě rodiny, aby nic podstatného nezapadlo.",
		Body: "## Původní záměr\n\nSeznam měl zajistit, že při první návštěvě rodiny nic podstatného nezapadne: bydlení, " +
			"péče o dítě, škola, zdraví, blízcí lidé a služby.\n\n## Jak se používal\n\nPracovník seznam procházel během " +
			"návštěvy a odškrtával body. Po návštěvě z něj sepsal záznam.\n"})
	n.promote(d(0, time.October, 2), headZam, toolChecks, nest.Prototype, "Seznam je sepsaný a tým ho vyzkouší.")
	n.step(d(0, time.October, 16), cwZam, toolChecks, nest.Trial, "", 0)
	n.step(d(1, time.May, 20), cwZam, toolChecks, nest.Abandon,
		"Seznam vedl k tomu, že se návštěva měnila ve výslech a rodina se uzavřela. Přecházíme na plán bezpečí s rodinou.", 2)
	n.promote(d(1, time.June, 12), methodologistPAK, toolChecks, nest.Retired,
		"Seznam sváděl k odškrtávání bodů místo rozhovoru s rodinou. Jeho užitečné části převzal Plán bezpečí s rodinou.")
}

// visitsZam: the guides' visits to Žamberk.
func visitsZam(n *nester, d dayFn, recent recentFn) {
	for _, v := range []struct {
		on time.Time
		by string
		guideVisit
	}{
		{d(0, time.February, 14), guideKV, guideVisit{Subject: subjectStart,
			Tried: "Představili jsme projekt inovačního hnízda a roli průvodce změnou. Tým popsal, co ho v práci těší a co " +
				"vyčerpává; nejvíc zaznělo vyhodnocování ohrožení dítěte.",
			Next: "Do příští návštěvy si každý zapíše jednu situaci, kdy si při vyhodnocení nebyl jistý."}},
		{d(0, time.March, 21), guideKV, guideVisit{Subject: subjectNeeds,
			Tried: "Prošli jsme zapsané situace a seřadili je podle toho, co tým trápí nejvíc. Shoda padla na vyhodnocení " +
				"a plánování bezpečí dítěte.",
			Next: "Vedoucí s týmem zformuluje rozvojové téma."}},
		{d(0, time.May, 30), guideKV, guideVisit{
			Tried: "Na případové poradě jsme zkusili mluvit o rodině přes silné stránky i obavy. Vznikl nápad na karty, které " +
				"by rodičům pomohly mluvit o péči o dítě.",
			Next: "Sepsat první seznam rodičovských dovedností."}},
		{d(0, time.September, 12), guideKV, guideVisit{Tools: []string{toolCards, toolChecks},
			Tried: "Prošli jsme první návrh karet a vyřadili formulace, které zněly jako výtky. Dvě kolegyně karty vyzkoušely " +
				"při rozhovoru s rodiči a přinesly postřehy. Tým si k tomu navrhl kontrolní seznam první návštěvy.",
			Next: "Vytisknout zkušební sadu karet a zkusit ji u dalších rodin."}},
		{d(0, time.November, 28), guideJT, guideVisit{Tools: []string{toolCards, toolChecks},
			Tried: "Vyhodnotili jsme první měsíc s kartami a s kontrolním seznamem. Karty rozhovor s rodinou otevírají, seznam " +
				"ho spíš uzavírá.",
			Next: "Karty používat u všech nových rodin do konce roku, seznam sledovat dál."}},
		{d(1, time.January, 23), guideKV, guideVisit{Tools: []string{toolCards},
			Tried: "Tým si na poradě ve dvojicích přehrál práci s kartami, jeden vždy v roli rodiče. Upravili jsme návod " +
				"k hromádkám.",
			Next: "Připravit krátký návod pro kolegy z jiných OSPODů."}},
		{d(1, time.April, 17), guideKV, guideVisit{Tools: []string{toolChecks},
			Tried: "Mluvili jsme o tom, proč kontrolní seznam nefunguje. Místo odškrtávání jsme se dvěma rodinami zkusili sepsat, " +
				"čeho se obáváme a co funguje.",
			Next: "Navrhnout jednoduchou šablonu plánu bezpečí."}},
		{d(1, time.June, 26), guideJT, guideVisit{
			Tried: "Na případové konferenci jsme poprvé přizvali i blízké lidi, které si rodina sama vybrala. Dohody byly " +
				"konkrétnější než dřív.",
			Next: "Popsat postup tak, aby ho mohly použít i jiné týmy."}},
		{d(1, time.October, 9), guideKV, guideVisit{Tools: []string{toolSafety},
			Tried: "Dokončili jsme první verzi plánu bezpečí se třemi sloupci a vyzkoušeli ho na modelovém případu.",
			Next:  "Od nového roku zkusit plán u rodin, kde se řeší zanedbávání péče."}},
		{d(2, time.February, 20), guideKV, guideVisit{Tools: []string{toolSafety},
			Tried: "Tým sdílel první dva plány bezpečí. Rodiny nejvíc oceňují, že plán ukazuje i to, co se jim daří.",
			Next:  "Dohodnout revizi každého plánu nejpozději po šesti týdnech."}},
		{d(2, time.May, 14), guideJT, guideVisit{Tools: []string{toolCards},
			Tried: "Připravili jsme, jak karty představit ostatním OSPODům na poradě vedoucích, a sepsali nejčastější otázky " +
				"kolegů.",
			Next: "Vedoucí představí karty na krajské poradě vedoucích."}},
		{d(2, time.September, 10), guideKV, guideVisit{Tools: []string{toolSafety},
			Tried: "Vyhodnotili jsme půl roku s plánem bezpečí: tým ho sepsal se šesti rodinami a u dvou z nich už OSPOD " +
				"nemá obavy.",
			Next: "Upravit návod podle zkušeností a nabídnout plán Ústí nad Orlicí."}},
		{d(2, time.November, 25), guideJT, guideVisit{
			Tried: "Ohlédnutí za rokem: co se v týmu změnilo. Tým popsal, že se méně bojí náročných rozhovorů s rodinami.",
			Next:  "Naplánovat, jak nové kolegy zaučit v kartách a v plánu bezpečí."}},
		{recent(0.2), guideKV, guideVisit{Tools: []string{toolSafety},
			Tried: "Zkusili jsme plán bezpečí sestavit s rodinou u ní doma, ne na úřadě. Rodina byla klidnější a víc se zapojila.",
			Next:  "Sdílet zkušenost s Ústím nad Orlicí, které plán začíná zkoušet."}},
		{recent(0.55), guideKV, guideVisit{
			Tried: "Připravovali jsme, jak změny udržet po skončení projektu: kdo v týmu bude pečovat o karty a plán bezpečí " +
				"a jak se v nich budou zaučovat noví kolegové.",
			Next: "Sepsat krátký plán udržení změn."}},
		{recent(0.9), guideJT, guideVisit{Tools: []string{toolCards, toolSafety},
			Tried: "Závěrečné setkání: prošli jsme časovou osu tří let a vybrali, co tým chce udržet.",
			Next:  "Jednou za čtvrt roku se tým sejde k revizi nástrojů i bez průvodce."}},
	} {
		v.Office = "ZAM"
		n.visit(v.on, v.by, v.guideVisit)
	}
}

// visitsLan: the guides' visits to Lanškroun.
func visitsLan(n *nester, d dayFn, recent recentFn) {
	for _, v := range []struct {
		on time.Time
		by string
		guideVisit
	}{
		{d(0, time.February, 23), guideJT, guideVisit{Subject: subjectStart,
			Tried: "Seznámili jsme se s týmem a představili roli průvodce změnou. Tým mluvil o únavě a o pocitu, že jeho práci " +
				"okolí nevidí.",
			Next: "Každý přinese jednu věc, na kterou je v práci hrdý."}},
		{d(0, time.April, 13), guideJT, guideVisit{Subject: subjectNeeds,
			Tried: "Sdíleli jsme, na co je kdo v práci hrdý. Z rozhovoru vzešlo téma identity a sebevědomí týmu.",
			Next:  "Pojmenovat rozvojové téma a domluvit, jak se o sebe tým bude starat."}},
		{d(0, time.June, 22), guideJT, guideVisit{
			Tried: "Vytvořili jsme společnou mapu role OSPOD: co děláme, co za nás nikdo jiný neudělá a co od nás okolí čeká. " +
				"Tým si ji vyvěsil v kanceláři.",
			Next: "Vyzkoušet krátké sdílení obtížných případů."}},
		{d(0, time.October, 5), guideJT, guideVisit{Tools: []string{toolIntervis},
			Tried: "Vyzkoušeli jsme první intervizi podle struktury s koly otázek a nápadů. Kolegyně, která případ přinesla, " +
				"ocenila, že nemusela hned odpovídat.",
			Next: "Domluvit pravidelný termín a střídání moderování."}},
		{d(0, time.December, 7), guideKV, guideVisit{Tools: []string{toolIntervis},
			Tried: "Po třech intervizích jsme upravili časy jednotlivých kol a přidali závěrečné kolo o tom, jak se komu " +
				"pracovalo.",
			Next: "Sepsat pravidla intervize na jednu stránku."}},
		{d(1, time.February, 15), guideJT, guideVisit{Tools: []string{toolIntervis},
			Tried: "Intervizi poprvé moderovala kolegyně z týmu, průvodce jen pozoroval. Intervize proběhla bez zaseknutí.",
			Next:  "Průvodce se na intervize přidá jen jednou za čtvrt roku."}},
		{d(1, time.May, 10), guideJT, guideVisit{Tools: []string{toolCards},
			Tried: "Tým sdílel první zkušenosti s kartami rodičovských dovedností a propojili jsme je s tématem sebevědomí: " +
				"co nám v rozhovoru s rodiči dodává jistotu.",
			Next: "Připravit nabídku intervize pro další OSPODy."}},
		{d(1, time.September, 4), guideKV, guideVisit{
			Tried: "Věnovali jsme se tomu, jak tým mluví o své práci navenek. Připravili jsme krátké představení OSPOD pro " +
				"školy v obvodu.",
			Next: "Představení vyzkoušet na setkání se školami."}},
		{d(1, time.November, 13), guideJT, guideVisit{Tools: []string{toolMeeting},
			Tried: "Tým zkouší poradu zaměřenou na řešení z České Třebové. Na ukázkové poradě jsme procvičili škálové otázky.",
			Next:  "Zkoušet formát porady do jara a pak ho vyhodnotit."}},
		{d(2, time.January, 24), guideJT, guideVisit{Tools: []string{toolIntervis},
			Tried: "Vyhodnotili jsme rok intervizí: tým je chce zachovat, jen je zkrátit na padesát minut.",
			Next:  "Sdílet zkušenost s intervizí na krajské poradě."}},
		{d(2, time.April, 17), guideJT, guideVisit{
			Tried: "Na flipchartu jsme s týmem nakreslili mapu podpory modelové rodiny. Kolegové navrhli tři kruhy podle " +
				"blízkosti.",
			Next: "Vyzkoušet mapu se dvěma rodinami."}},
		{d(2, time.June, 19), guideKV, guideVisit{
			Tried: "Tým popsal, co se za rok a půl změnilo v tom, jak se sám vnímá. Zaznělo, že se méně omlouvá a víc " +
				"vysvětluje, proč co dělá.",
			Next: "Zapsat příběhy změny pro závěrečnou zprávu."}},
		{d(2, time.October, 23), guideJT, guideVisit{Tools: []string{toolMap},
			Tried: "Kolegyně přinesly dvě mapy podpory z práce s rodinami. Rodiny samy doplnily lidi, o kterých tým nevěděl.",
			Next:  "Připravit šablonu mapy a popsat techniku."}},
		{recent(0.15), guideJT, guideVisit{Tools: []string{toolMap},
			Tried: "Prošli jsme šablonu mapy podpory a zkrátili instrukce pro rodinu na tři věty.",
			Next:  "Zkusit šablonu u dalších rodin."}},
		{recent(0.5), guideJT, guideVisit{Tools: []string{toolWelcome},
			Tried: "Z intervize vzešel nápad na uvítací balíček pro nové kolegy. Sepsali jsme, co nováček potřebuje vědět " +
				"první dva týdny.",
			Next: "Vedoucí rozhodne, zda nápad rozpracovat."}},
		{recent(0.88), guideKV, guideVisit{Tools: []string{toolIntervis},
			Tried: "Závěrečné setkání: tým si prošel mapu role OSPOD z prvního roku a doplnil ji o to, co se za tři roky naučil.",
			Next:  "Mapu role používat při zaučování nových kolegů."}},
	} {
		v.Office = "LAN"
		n.visit(v.on, v.by, v.guideVisit)
	}
}

// visitsCT: the guides' visits to Česká Třebová.
func visitsCT(n *nester, d dayFn, recent recentFn) {
	for _, v := range []struct {
		on time.Time
		by string
		guideVisit
	}{
		{d(0, time.March, 7), guideKV, guideVisit{Subject: subjectStart,
			Tried: "Představili jsme projekt a vyslechli, jak tým vidí svou práci. Nejvíc času zabírá agenda rozvodů a péče " +
				"o dítě.",
			Next: "Sledovat dva týdny, kolik času tým stráví přípravou na soudní jednání."}},
		{d(0, time.April, 25), guideKV, guideVisit{Subject: subjectNeeds,
			Tried: "Prošli jsme záznam dvou týdnů: polovinu času zabrala rozvodová agenda. Tým si vybral téma rozvodů a péče " +
				"o dítě po rozchodu.",
			Next: "Sepsat, s čím rodiče na první schůzku nejčastěji přicházejí."}},
		{d(0, time.June, 14), guideKV, guideVisit{
			Tried: "Na poradě jsme sepsali nejčastější obavy rodičů v rozchodu. Vznikl nápad na srozumitelný materiál, který " +
				"jim předem vysvětlí, co je čeká.",
			Next: "Vyzkoušet, jak rodičům vysvětlit průběh řízení jednou větou."}},
		{d(0, time.September, 27), guideJT, guideVisit{Subject: "Týmové porady",
			Tried: "Mluvili jsme o dlouhých poradách. Navrhli jsme formát, který začíná tím, co se povedlo, a končí " +
				"dohodnutými kroky.",
			Next: "Vyzkoušet nový formát na dvou poradách."}},
		{d(0, time.November, 22), guideKV, guideVisit{
			Tried: "Modelovali jsme první rozhovor s rodiči v rozchodu a zkoušeli otázky, které vracejí pozornost k dítěti.",
			Next:  "Zapsat otázky, které se osvědčily."}},
		{d(1, time.January, 31), guideKV, guideVisit{Subject: "Týmové porady", Tools: []string{toolMeeting},
			Tried: "Vyhodnotili jsme čtyři porady v novém formátu. Jsou zhruba o hodinu kratší a každý ví, co ho čeká.",
			Next:  "Formát popsat, aby ho mohly zkusit i jiné týmy."}},
		{d(1, time.March, 28), guideJT, guideVisit{Tools: []string{toolCards},
			Tried: "Vyzkoušeli jsme karty rodičovských dovedností na dvou případových poradách. V rozvodové agendě pomáhají " +
				"mluvit o tom, co dítě potřebuje od každého z rodičů.",
			Next: "Zkusit karty s rodiči při jednání o úpravě péče."}},
		{d(1, time.May, 30), guideKV, guideVisit{Tools: []string{toolCompass},
			Tried: "Sepsali jsme osnovu rozchodového kompasu a dali ji přečíst dvěma rodičům, kteří OSPOD nedávno navštívili.",
			Next:  "Dopsat texty podle jejich připomínek."}},
		{d(1, time.October, 17), guideKV, guideVisit{
			Tried: "Tým přemýšlel, jak v řízení o péči slyšet dítě. Vyzkoušeli jsme pomůcky pro rozhovor s dítětem přiměřené " +
				"věku.",
			Next: "Zařadit rozhovor s dítětem do kompasu."}},
		{d(2, time.February, 7), guideJT, guideVisit{Tools: []string{toolCompass},
			Tried: "Prošli jsme první tištěnou verzi kompasu. Rodiče, kteří ho četli, chtěli méně textu a víc otázek.",
			Next:  "Zkrátit kompas a začít ho předávat při prvním kontaktu."}},
		{d(2, time.May, 5), guideKV, guideVisit{Subject: "Týmové porady", Tools: []string{toolMeeting, toolIntervis},
			Tried: "Tým teď střídá poradu zaměřenou na řešení a intervizi. Hledali jsme, jak je skloubit, aby nezabíraly příliš " +
				"času.",
			Next: "Jednou měsíčně intervize místo jedné porady."}},
		{d(2, time.September, 15), guideKV, guideVisit{Tools: []string{toolCompass},
			Tried: "Kompas se začal předávat rodičům. Domluvili jsme, že se na konci jednání zeptáme, co z něj bylo užitečné.",
			Next:  "Sbírat odpovědi rodičů do konce roku."}},
		{d(2, time.December, 1), guideJT, guideVisit{
			Tried: "Ohlédnutí za rokem: tým popsal, že jednání s rodiči v rozchodu jsou klidnější a méně často končí hádkou.",
			Next:  "Připravit zkušenosti pro ostatní OSPODy kraje."}},
		{recent(0.12), guideKV, guideVisit{Tools: []string{toolCompass},
			Tried: "Vyhodnotili jsme odpovědi rodičů ke kompasu. Nejvíc oceňují mapu řízení a otázky k přípravě na jednání.",
			Next:  "Zkusit kratší verzi kompasu."}},
		{recent(0.45), guideJT, guideVisit{Tools: []string{toolCompass},
			Tried: "Připravili jsme kratší verzi kompasu pro rodiče, kteří nečtou rádi: jedna strana s obrázky.",
			Next:  "Vyzkoušet kratší verzi do konce roku."}},
		{recent(0.85), guideKV, guideVisit{Tools: []string{toolCompass},
			Tried: "Závěrečné setkání: tým vybral, co si ponechá, a domluvil, kdo bude sdílet zkušenost s kompasem s Lanškrounem.",
			Next:  "Jednou za půl roku kompas upravit podle odpovědí rodičů."}},
	} {
		v.Office = "CT"
		n.visit(v.on, v.by, v.guideVisit)
	}
}

// visitsOthers: visits to offices that took up tools, and the meetings about the region's
// methodological role, the fourth topic of the project.
func visitsOthers(n *nester, d dayFn, recent recentFn) {
	for _, v := range []struct {
		on time.Time
		by string
		guideVisit
	}{
		{d(1, time.May, 16), guideKV, guideVisit{Office: "UO", Subject: subjectOffered, Tools: []string{toolCards},
			Tried: "Představili jsme karty rodičovských dovedností a pomohli týmu vybrat dvě rodiny, u kterých je vyzkouší.",
			Next:  "Po prázdninách vyhodnotit první zkušenost."}},
		{d(1, time.October, 30), guideJT, guideVisit{Office: "SV", Subject: subjectOffered, Tools: []string{toolIntervis},
			Tried: "Vedli jsme s týmem první intervizi a předali roli moderátora.",
			Next:  "Intervize jednou za dva týdny, vyhodnocení po půl roce."}},
		{d(2, time.February, 12), guideJT, guideVisit{Office: "CR", Subject: subjectOffered, Tools: []string{toolCards},
			Tried: "Tým sdílel první zkušenosti s kartami. Procvičili jsme, jak z rozhovoru nad kartami napsat dohodu s rodinou.",
			Next:  "Karty zařadit do úvodního rozhovoru."}},
		{d(2, time.August, 28), guideKV, guideVisit{Office: "MT", Subject: subjectOffered, Tools: []string{toolCards},
			Tried: "Tým popsal, že na karty při malém počtu pracovníků nezbývá čas. Hledali jsme, zda by stačila zkrácená verze.",
			Next:  "Tým se rozhodne, zda karty odloží."}},
		{recent(0.6), guideKV, guideVisit{Office: "UO", Subject: subjectOffered, Tools: []string{toolSafety},
			Tried: "Ukázali jsme plán bezpečí na modelovém případu a tým vybral rodinu, se kterou ho zkusí.",
			Next:  "Sdílet první plán na další návštěvě."}},
		// The regional authority's methodological role was the fourth topic; the store keeps
		// topics and visits for ORP offices, so these are the joint meetings of a pilot team with
		// the region's methodologists, held at the pilot office.
		{d(1, time.March, 8), guideKV, guideVisit{Office: "ZAM", Subject: subjectRegion,
			Tried: "Společné setkání týmu s krajskými metodiky: mluvili jsme o tom, jak šířit, co vznikne v pilotních OSPODech. " +
				"Padl návrh nabízet nástroje pravidelně na poradách vedoucích.",
			Next: "Krajský tým připraví první nabídku na jarní poradu vedoucích."}},
		{d(1, time.June, 7), guideJT, guideVisit{Office: "CT", Subject: subjectRegion,
			Tried: "S krajskými metodiky a týmem jsme prošli, jak kraj nabízí nástroje dalším OSPODům a sbírá jejich zkušenosti. " +
				"Domluvili jsme jednoduché pravidlo: nástroj je ověřený, když ho s dobrou zkušeností používají dva další OSPODy.",
			Next: "Pravidla ověření zveřejnit v katalogu nástrojů."}},
		{d(2, time.June, 12), guideKV, guideVisit{Office: "LAN", Subject: subjectRegion, Tools: []string{toolCards},
			Tried: "Se zástupci kraje jsme vyhodnotili ověření karet rodičovských dovedností v dalších OSPODech a tým řekl, " +
				"co od metodické podpory kraje potřebuje, aby nové postupy vydržely.",
			Next: "Krajský metodik rozhodne o doporučení karet."}},
		{recent(0.7), guideJT, guideVisit{Office: "ZAM", Subject: subjectRegion,
			Tried: "Domluvili jsme s krajskými metodiky a vedoucí týmu, jak bude kraj pokračovat v roli průvodce po skončení " +
				"projektu.",
			Next: "Krajští metodici převezmou nabídku nástrojů a setkání pilotních týmů."}},
	} {
		n.visit(v.on, v.by, v.guideVisit)
	}
}

// The descriptions of the tools.

const bodyCardsTool = `## K čemu karty slouží

Karty rodičovských dovedností pomáhají pracovníkovi OSPOD mluvit s rodiči o péči o dítě tak, aby byli partnery, ne jen adresáty požadavků. Každá karta nese jednu dovednost jednoduchou větou, například „Vím, kdy mé dítě potřebuje jít spát“ nebo „Vím, na koho se obrátit, když nezvládám“. Sada má přes čtyřicet karet v šesti okruzích: základní péče, bezpečí, emoční vřelost, vedení a hranice, stabilita a podpora vývoje.

## Jak s nimi pracovat

1. Rodič si karty přečte sám, nebo mu je pracovník přečte.
2. Rozdělí je na tři hromádky: **zvládám**, **chci se zlepšit**, **potřebuji pomoc**.
3. Pracovník se u hromádky „zvládám“ doptává na příklady z posledních dnů a zapisuje si slova rodiče.
4. Z hromádky „chci se zlepšit“ vyberou společně nejvýš dvě karty; z nich vzniká cíl do plánu.
5. Po několika týdnech se ke kartám vrátí a rodič sám posoudí, co se posunulo.

## Na co si dát pozor

Karty nejsou test ani podklad pro hodnocení rodičů. Slouží k rozhovoru; do spisu se zapisuje dohoda, ne rozložení karet. V akutní krizi, kdy je třeba rychle zajistit bezpečí dítěte, karty nepoužíváme.

## Materiály

Tisková předloha sady a krátký návod pro kolegy. Karty je dobré vytisknout na pevný papír a zalaminovat.
`

const bodyIntervision = `## Proč intervize

Tým v Lanškrouně popsal, že s těžkými případy zůstává každý sám a rady na chodbě jsou nahodilé. Intervize dává sdílení pevný čas a strukturu, takže se na ni dá spolehnout a nikoho nezahltí.

## Průběh (šedesát minut)

1. Kolega, který přináší případ, ho popíše bez identifikačních údajů a řekne, s čím chce pomoct.
2. Ostatní se jen doptávají na fakta.
3. Kolo nápadů: každý řekne jeden nápad nebo postřeh, přinášející jen poslouchá.
4. Přinášející řekne, co si bere a co zkusí.
5. Krátké kolo na závěr: jak se mi dnes pracovalo.

## Pravidla

- Moderování se střídá.
- Co zazní na intervizi, zůstává v týmu.
- Vedoucí se účastní jako člen týmu, ne jako hodnotitel.

Intervize nenahrazuje supervizi s externím supervizorem, doplňuje ji.
`

const bodyMeeting = `## Výchozí situace

Týdenní porady v České Třebové trvaly přes dvě hodiny a většinu času zabralo předávání informací. Tým chtěl, aby porada sloužila ke společnému řešení a aby z ní každý odcházel s tím, co udělá dál.

## Struktura porady

- **Co se povedlo:** každý jmenuje jednu věc z minulého týdne, která fungovala.
- **Informace:** jen to, co se nedá poslat písemně; ostatní jde e-mailem předem.
- **Případy k řešení:** u každého se ptáme, co už funguje, kde je rodina na škále od nuly do deseti a jaký je další malý krok.
- **Shrnutí:** zapisovatel přečte dohodnuté kroky a kdo je udělá.

## Zkušenost

Porada se zkrátila zhruba na hodinu a deset minut. Kolegové oceňují, že se mluví i o tom, co se daří; noví kolegové díky škálovým otázkám rychleji pochopí, jak tým o rodinách uvažuje.
`

const bodySafetyPlan = `## Kdy plán použít

Když OSPOD vyhodnotí, že dítě je ohrožené, ale může zůstat v rodině, pokud se domluví konkrétní opatření. Plán vzniká s rodinou a s lidmi, které si rodina sama přizve: s příbuznými, přáteli nebo pracovníky služeb.

## Tři sloupce

1. **Čeho se obáváme?** Popsané konkrétním chováním, ne nálepkami.
2. **Co funguje dobře?** Co rodina už dělá pro bezpečí dítěte a kdo jí pomáhá.
3. **Co se musí stát?** Kroky, kdo je udělá a do kdy, a jak poznáme, že je dítě v bezpečí.

Na závěr se každého zeptáme, kde je dnes situace na škále od nuly do deseti. Rozdíl mezi odhadem rodičů a naším je dobrým začátkem rozhovoru.

## Pilotní ověřování

Žamberk plán zkouší u rodin, kde se řeší zanedbávání péče. Plán se reviduje na každém setkání s rodinou, nejpozději po šesti týdnech. Jména lidí, kteří rodině pomáhají, se zapisují jen do spisu. Zkušenosti sbíráme do krátkého návodu pro další OSPODy.
`

const bodyCompass = `## Proč kompas vznikl

Rodiče v rozchodu přicházejí na první jednání často vystrašení a s představou, že OSPOD rozhodne, kdo dítě „dostane“. Kompas jim předem vysvětlí, jak řízení probíhá, a obrací pozornost k tomu, co dítě potřebuje.

## Co obsahuje

- Jednoduchou mapu řízení o péči o dítě a roli OSPOD jako kolizního opatrovníka.
- Otázky, které si rodiče mohou položit před jednáním: co dítě potřebuje od každého z nás?
- Tipy, jak s dítětem mluvit o rozchodu přiměřeně jeho věku.
- Pracovní list pro návrh rodičovské dohody a přehled, kde hledat mediaci a poradnu.

## Stav

Česká Třebová kompas předává rodičům při prvním kontaktu a na konci jednání se ptá, co bylo užitečné. Texty upravujeme podle jejich odpovědí.
`

const bodyMap = `## Postup

Do středu papíru rodina nakreslí sebe a kolem ve třech kruzích lidi a služby: nejbližší, ty, kdo občas pomohou, a ty, s nimiž má jen formální kontakt. Šipkami označí, kdo komu pomáhá a kde jsou napětí.

## K čemu to je

Mapa ukáže, kdo může být součástí plánu bezpečí nebo podpory, a často odhalí lidi, o kterých pracovník nevěděl. Zároveň je vidět, kde rodině podpora chybí.

## Prototyp

První verzi vyzkoušel tým v Lanškrouně se dvěma rodinami. Ověřujeme, zda stačí papír a fixy, nebo zda pomůže připravená šablona.
`
