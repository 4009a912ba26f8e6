package demo

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"hnizdo.cz/hnizdo/internal/auth"
	"hnizdo.cz/hnizdo/internal/db"
	"hnizdo.cz/hnizdo/internal/i18n"
	"hnizdo.cz/hnizdo/internal/note"
)

// regionMethodologists review the demo notes of their region. Other methodologists exist in
// People, but these two are the demo logins, so a newcomer sees their own review work.
var regionMethodologists = []string{"metodik.jmk@hnizdo.test", "metodik.pak@hnizdo.test"}

// demoAttachment is a file added to a demo note, by its author while the note is a draft or by
// the region's methodologist once it is published (the two ways note.CanEdit allows).
type demoAttachment struct {
	Note     string // title of the note
	Name     string
	Data     func() []byte
	Reviewer bool // attached by the region's methodologist after publishing
}

var demoAttachments = []demoAttachment{
	{"Metodický pokyn: zápis z případové konference", "Vzor zápisu z případové konference.pdf", func() []byte {
		return demoPDF("Vzor zapisu z pripadove konference",
			"Datum a misto konani:", "Ucastnici (role, bez jmen):", "Cil konference:",
			"Dohodnute kroky, kdo a do kdy:", "Termin dalsiho setkani:")
	}, false},
	{"Vyhodnocení a plánování bezpečí dítěte: tři otázky, se kterými začínáme", "Schéma postupu.png", demoPNG, true},
	{"Mapa služeb pro rodiny v obvodu: jak jsme ji sestavili", "Mapa služeb v obvodu – pracovní verze.pdf", func() []byte {
		return demoPDF("Mapa sluzeb pro rodiny v obvodu", "Pracovni verze k doplneni.",
			"Socialne aktivizacni sluzby:", "Poradny:", "Doprovazejici organizace:")
	}, false},
}

// demoComment is a comment on a published demo note; Reply makes it a reply to the comment
// before it on the same note. The store's personal-data guard reads every one of them.
type demoComment struct {
	Note, Author, Body string
	Reply              bool
}

var demoComments = []demoComment{
	{"Návštěvy v pěstounských rodinách: jak z povinné kontroly udělat užitečný rozhovor", "jiri.kral@hnizdo.test",
		"Děkujeme, rozhovor s dítětem o samotě jsme zavedli také a osvědčil se. Jak to řešíte u sourozenců, kteří chtějí mluvit jen spolu?", false},
	{"Návštěvy v pěstounských rodinách: jak z povinné kontroly udělat užitečný rozhovor", "pracovnik.slapanice@hnizdo.test",
		"Sourozence vidíme nejdřív spolu a potom každého zvlášť, aspoň na pár minut. Starší to většinou ocení.", true},
	{"Návštěvy v pěstounských rodinách: jak z povinné kontroly udělat užitečný rozhovor", "ondrej.fiala@hnizdo.test",
		"Domluvu termínu týden dopředu jsme od vás převzali. Návštěvy jsou klidnější a víc se při nich mluví o tom podstatném.", false},
	{"Metodický pokyn: zápis z případové konference", "eva.kucerova@hnizdo.test",
		"Platí vzor zápisu i pro konference, které svolává škola? Na poradě jsme se na tom neshodli.", false},
	{"Metodický pokyn: zápis z případové konference", "metodik.jmk@hnizdo.test",
		"Pokyn platí pro konference, které svolává OSPOD. Když konferenci vede škola, zápis píše škola a do spisu zakládáme jen její zápis a vlastní záznam.", true},
	{"Intervize v malém týmu: formát na šedesát minut", "hana.markova@hnizdo.test",
		"Šedesát minut se nám osvědčilo také. Pomohlo střídat moderátora každý měsíc, aby to nezůstávalo na vedoucí.", false},
	{"Rodičovský plán: nástroj, který pomáhá rodičům dohodnout se", "veronika.jelinkova@hnizdo.test",
		"Máte zkušenost s plánem tam, kde spolu rodiče vůbec nemluví? Uvažujeme, že bychom ho vyplňovali s každým zvlášť.", false},
	{"Rodičovský plán: nástroj, který pomáhá rodičům dohodnout se", "lenka.benesova@hnizdo.test",
		"Ano, nejdřív s každým zvlášť a potom společné setkání s mediátorem. Bez mediace se nám to zatím nepodařilo.", true},
}

// demoAcks are the JMK colleagues who have already acknowledged the binding guidance. Not all
// of the region: pracovnik.slapanice above all must still be asked, the browser tests rely on it.
var demoAcks = []string{"sitar.jmk@hnizdo.test", "eva.kucerova@hnizdo.test", "katerina.stastna@hnizdo.test", "radek.cermak@hnizdo.test"}

// usefulNotes is how many published notes get "useful" marks: most, not all, so the sorting by
// usefulness shows a spread and some notes still wait for their first mark.
const usefulNotes = 15

// The demo history of a note, measured from when it was written: a revision the same day, the
// submission a day later, the review after three days. Reader activity (useful marks,
// acknowledgements, comments) is spread between publishing and now.
const (
	saveAfter   = 12 * time.Hour
	submitAfter = 24 * time.Hour
	reviewAfter = 72 * time.Hour
	attachAfter = 6 * time.Hour
)

// seededNote is a demo note as created.
type seededNote struct {
	id      int64
	seed    NoteSeed
	author  *auth.User
	version int32
	created time.Time
}

// published is when the note was published, or the zero time for a note never published.
func (sn *seededNote) published() time.Time {
	if sn.seed.Status == "published" || sn.seed.Status == "archived" {
		return sn.created.Add(reviewAfter)
	}
	return time.Time{}
}

// at is when a step of the note's review happened.
func (sn *seededNote) at(action string, now time.Time) (time.Time, bool) {
	switch action {
	case "note.create":
		return sn.created, true
	case "note.save":
		return sn.created.Add(saveAfter), true
	case "note.submit":
		return sn.created.Add(submitAfter), true
	case "note.publish", "note.return":
		return sn.created.Add(reviewAfter), true
	case "note.archive":
		p := sn.published()
		return p.Add(now.Sub(p) / 2), true
	}
	return time.Time{}, false
}

// updated is the note's last change of content or status.
func (sn *seededNote) updated(now time.Time) time.Time {
	t := sn.created
	for _, a := range []string{"note.save", "note.submit", "note.return", "note.publish", "note.archive"} {
		if sn.did(a) {
			t, _ = sn.at(a, now)
		}
	}
	return t
}

// did reports whether the note's demo history contains action.
func (sn *seededNote) did(action string) bool {
	st, returned := sn.seed.Status, sn.seed.Return != ""
	switch action {
	case "note.save":
		return sn.seed.Revised != ""
	case "note.submit":
		return st != "draft" || returned
	case "note.return":
		return st == "draft" && returned
	case "note.publish":
		return st == "published" || st == "archived"
	case "note.archive":
		return st == "archived"
	}
	return false
}

// spread returns the k-th of m moments evenly between from and to, both excluded.
func spread(from, to time.Time, k, m int) time.Time {
	return from.Add(to.Sub(from) * time.Duration(k+1) / time.Duration(m+1))
}

// seeder carries what the steps of SeedNotes share.
type seeder struct {
	s         *note.Store
	pool      *pgxpool.Pool
	now       time.Time
	users     map[string]*auth.User
	reviewers map[int16]*auth.User // by region
	notes     []*seededNote
	byTitle   map[string]*seededNote
	files     map[int64]time.Time // file id → when it was uploaded
	comments  map[int64]time.Time // comment id → when it was written
}

// SeedNotes adds the demo practice notes when the database has none yet and returns how many
// it created. Everything goes through the note store, so the demo data obeys the same rules
// and leaves the same audit trail as real work; only the timestamps are moved into the past
// afterwards, because the store always writes now(). The people must exist (see Seed).
func SeedNotes(ctx context.Context, pool *pgxpool.Pool) (int, error) {
	var exists bool
	if err := pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM notes)`).Scan(&exists); err != nil {
		return 0, fmt.Errorf("demo: notes: %w", err)
	}
	if exists {
		return 0, nil
	}
	sd := &seeder{s: note.NewStore(pool), pool: pool, now: time.Now(), reviewers: map[int16]*auth.User{},
		byTitle: map[string]*seededNote{}, files: map[int64]time.Time{}, comments: map[int64]time.Time{}}
	var err error
	if sd.users, err = loadUsers(ctx, pool); err != nil {
		return 0, err
	}
	for _, e := range regionMethodologists {
		u, err := sd.user(e)
		if err != nil {
			return 0, err
		}
		sd.reviewers[u.RegionID] = u
	}
	areas, err := areaIDs(ctx, pool)
	if err != nil {
		return 0, err
	}
	for i, n := range Notes {
		if err := sd.note(ctx, i, n, areas); err != nil {
			return 0, fmt.Errorf("demo: note %q: %w", n.Title, err)
		}
	}
	for _, step := range []func(context.Context) error{sd.reviewerFiles, sd.useful, sd.acks, sd.addComments, sd.backdate} {
		if err := step(ctx); err != nil {
			return 0, err
		}
	}
	return len(sd.notes), nil
}

func (sd *seeder) user(email string) (*auth.User, error) {
	u, ok := sd.users[strings.ToLower(email)]
	if !ok {
		return nil, fmt.Errorf("demo: no user %s", email)
	}
	return u, nil
}

// note creates the i-th demo note and takes it through review to its demo status.
func (sd *seeder) note(ctx context.Context, i int, n NoteSeed, areas map[string]int16) error {
	u, err := sd.user(n.Author)
	if err != nil {
		return err
	}
	rev := sd.reviewers[u.RegionID]
	if rev == nil {
		return fmt.Errorf("no methodologist for the region of %s", n.Author)
	}
	in := note.Input{Title: n.Title, Summary: n.Summary, Body: n.Body, Tags: strings.Join(n.Tags, ", "), Binding: n.Binding}
	for _, slug := range n.Areas {
		id, ok := areas[slug]
		if !ok {
			return fmt.Errorf("unknown area %q", slug)
		}
		in.AreaIDs = append(in.AreaIDs, id)
	}
	// The form refuses a review date in the past; the outdated note gets its date in backdate.
	if n.ReviewIn > 0 {
		in.ReviewBy = sd.now.In(i18n.Prague).AddDate(0, 0, n.ReviewIn).Format(time.DateOnly)
	}
	id, err := sd.s.Create(ctx, u, in)
	if err != nil {
		return err
	}
	// Vary the hour, so the lists do not show every note written at the same minute.
	sn := &seededNote{id: id, seed: n, author: u, version: 1,
		created: sd.now.AddDate(0, 0, -n.AgeDays).Add(-time.Duration(i*97%540) * time.Minute)}
	sd.notes = append(sd.notes, sn)
	sd.byTitle[n.Title] = sn
	if n.Revised != "" {
		in.Body, in.Version = n.Revised, 1
		if err := sd.s.Save(ctx, u, id, in); err != nil {
			return fmt.Errorf("revise: %w", err)
		}
		sn.version = 2
	}
	for _, a := range demoAttachments {
		if a.Note == n.Title && !a.Reviewer {
			fid, err := sd.s.Attach(ctx, u, id, a.Name, a.Data(), 20<<20)
			if err != nil {
				return fmt.Errorf("attach %s: %w", a.Name, err)
			}
			sd.files[fid] = sn.created.Add(attachAfter)
		}
	}
	type step struct {
		who     *auth.User
		a       note.Action
		comment string
	}
	var steps []step
	switch n.Status {
	case "draft":
		if n.Return != "" {
			steps = []step{{u, note.Submit, ""}, {rev, note.Return, n.Return}}
		}
	case "submitted":
		steps = []step{{u, note.Submit, ""}}
	case "published":
		steps = []step{{u, note.Submit, ""}, {rev, note.Publish, ""}}
	case "archived":
		steps = []step{{u, note.Submit, ""}, {rev, note.Publish, ""}, {u, note.Archive, ""}}
	default:
		return fmt.Errorf("unknown status %q", n.Status)
	}
	for _, st := range steps {
		if err := sd.s.Transition(ctx, st.who, id, st.a, note.Change{Comment: st.comment}); err != nil {
			return fmt.Errorf("%s: %w", st.a, err)
		}
	}
	return nil
}

func (sd *seeder) noteTitled(title string) (*seededNote, error) {
	sn, ok := sd.byTitle[title]
	if !ok {
		return nil, fmt.Errorf("demo: no demo note %q", title)
	}
	return sn, nil
}

// reviewerFiles adds the attachments a methodologist put on published notes.
func (sd *seeder) reviewerFiles(ctx context.Context) error {
	for _, a := range demoAttachments {
		if !a.Reviewer {
			continue
		}
		sn, err := sd.noteTitled(a.Note)
		if err != nil {
			return err
		}
		fid, err := sd.s.Attach(ctx, sd.reviewers[sn.author.RegionID], sn.id, a.Name, a.Data(), 20<<20)
		if err != nil {
			return fmt.Errorf("demo: attach %s: %w", a.Name, err)
		}
		sd.files[fid] = sn.published().Add(24 * time.Hour)
	}
	return nil
}

// useful marks the first published notes as useful by a varying number of colleagues (from
// one to six), never by the author and never by the administrator, who does not read for work.
func (sd *seeder) useful(ctx context.Context) error {
	var readers []*auth.User
	for _, p := range People {
		if !contains(p.Roles, auth.Admin) {
			readers = append(readers, sd.users[strings.ToLower(p.Email)])
		}
	}
	marked := 0
	for i, sn := range sd.notes {
		if sn.seed.Status != "published" || marked == usefulNotes {
			continue
		}
		marked++
		want := 1 + i*5%6
		for k := 0; want > 0 && k < len(readers); k++ {
			u := readers[(i*7+k*5)%len(readers)] // 5 and 18 are coprime: no one twice
			if u.ID == sn.author.ID {
				continue
			}
			if _, err := sd.s.Useful(ctx, u, sn.id, true); err != nil {
				return fmt.Errorf("demo: useful %q: %w", sn.seed.Title, err)
			}
			want--
		}
	}
	return nil
}

func contains(roles []auth.Role, r auth.Role) bool {
	for _, x := range roles {
		if x == r {
			return true
		}
	}
	return false
}

// acks records the acknowledgements of the binding guidance by some of its region's staff.
func (sd *seeder) acks(ctx context.Context) error {
	for _, sn := range sd.notes {
		if !sn.seed.Binding || sn.seed.Status != "published" {
			continue
		}
		for _, e := range demoAcks {
			u, err := sd.user(e)
			if err != nil {
				return err
			}
			if u.RegionID != sn.author.RegionID {
				continue // guidance binds its own region only
			}
			if err := sd.s.Acknowledge(ctx, u, sn.id, sn.version); err != nil {
				return fmt.Errorf("demo: acknowledge %q by %s: %w", sn.seed.Title, e, err)
			}
		}
	}
	return nil
}

// addComments writes the demo discussion; the moments are spread after each note's publishing.
func (sd *seeder) addComments(ctx context.Context) error {
	count := map[string]int{}
	for _, c := range demoComments {
		count[c.Note]++
	}
	seen := map[string]int{}
	var last int64 // the latest top-level comment, which a reply answers
	for _, c := range demoComments {
		sn, err := sd.noteTitled(c.Note)
		if err != nil {
			return err
		}
		u, err := sd.user(c.Author)
		if err != nil {
			return err
		}
		parent := int64(0)
		if c.Reply {
			if seen[c.Note] == 0 {
				return fmt.Errorf("demo: a reply opens the discussion of %q", c.Note)
			}
			parent = last
		}
		cid, err := sd.s.Comment(ctx, u, sn.id, parent, c.Body)
		if err != nil {
			return fmt.Errorf("demo: comment on %q: %w", c.Note, err)
		}
		if !c.Reply {
			last = cid
		}
		sd.comments[cid] = spread(sn.published(), sd.now, seen[c.Note], count[c.Note])
		seen[c.Note]++
	}
	return nil
}

// backdate moves the history of the demo notes into the past, in one transaction: the store
// stamps everything now(), but a portal where every note is a minute old does not look used.
func (sd *seeder) backdate(ctx context.Context) error {
	ids := make([]int64, len(sd.notes))
	byID := map[int64]*seededNote{}
	for i, sn := range sd.notes {
		ids[i] = sn.id
		byID[sn.id] = sn
	}
	rows, err := sd.pool.Query(ctx, `
		SELECT id, object_id, action FROM audit_log WHERE object_type = 'note' AND object_id = ANY($1) ORDER BY id`, ids)
	if err != nil {
		return fmt.Errorf("demo: audit of notes: %w", err)
	}
	type entry struct {
		id, note int64
		action   string
	}
	entries, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (entry, error) {
		var e entry
		return e, r.Scan(&e.id, &e.note, &e.action)
	})
	if err != nil {
		return fmt.Errorf("demo: audit of notes: %w", err)
	}
	// Reader activity per note, so it can be spread evenly and in its order.
	reads := map[int64]int{}
	for _, e := range entries {
		if _, ok := byID[e.note].at(e.action, sd.now); !ok {
			reads[e.note]++
		}
	}
	var auditIDs []int64
	var auditAt []time.Time
	seen := map[int64]int{}
	for _, e := range entries {
		sn := byID[e.note]
		t, ok := sn.at(e.action, sd.now)
		if !ok {
			from := sn.published()
			if from.IsZero() {
				from = sn.updated(sd.now)
			}
			t = spread(from, sd.now, seen[e.note], reads[e.note])
			seen[e.note]++
		}
		auditIDs, auditAt = append(auditIDs, e.id), append(auditAt, t)
	}
	var created, updated []time.Time
	var published []*time.Time
	var outdated []int64
	var reviewBy []time.Time
	for _, sn := range sd.notes {
		created, updated = append(created, sn.created), append(updated, sn.updated(sd.now))
		var p *time.Time
		if t := sn.published(); !t.IsZero() {
			p = &t
		}
		published = append(published, p)
		if sn.seed.ReviewIn <= 0 {
			outdated = append(outdated, sn.id)
			reviewBy = append(reviewBy, sd.now.In(i18n.Prague).AddDate(0, 0, sn.seed.ReviewIn))
		}
	}
	var fileIDs, commentIDs []int64
	var fileAt, commentAt []time.Time
	for id, t := range sd.files {
		fileIDs, fileAt = append(fileIDs, id), append(fileAt, t)
	}
	for id, t := range sd.comments {
		commentIDs, commentAt = append(commentIDs, id), append(commentAt, t)
	}
	return db.InTx(ctx, sd.pool, func(tx pgx.Tx) error {
		for _, q := range []struct {
			sql  string
			args []any
		}{
			{`UPDATE notes n SET created_at = x.c, updated_at = x.u, published_at = x.p
				FROM unnest($1::bigint[], $2::timestamptz[], $3::timestamptz[], $4::timestamptz[]) x (id, c, u, p) WHERE n.id = x.id`,
				[]any{ids, created, updated, published}},
			{`UPDATE notes n SET review_by = x.d FROM unnest($1::bigint[], $2::date[]) x (id, d) WHERE n.id = x.id`,
				[]any{outdated, reviewBy}},
			{`UPDATE audit_log a SET at = x.at FROM unnest($1::bigint[], $2::timestamptz[]) x (id, at) WHERE a.id = x.id`,
				[]any{auditIDs, auditAt}},
			// Each version was saved when its audit entry says.
			{`UPDATE note_versions v SET saved_at = a.at FROM audit_log a
				WHERE v.note_id = ANY($1) AND a.object_type = 'note' AND a.object_id = v.note_id
				  AND ((v.version = 1 AND a.action = 'note.create') OR (a.action = 'note.save' AND (a.detail->>'version')::int = v.version))`,
				[]any{ids}},
			{`UPDATE note_useful m SET at = a.at FROM audit_log a
				WHERE m.note_id = ANY($1) AND a.object_type = 'note' AND a.object_id = m.note_id AND a.actor_id = m.user_id AND a.action = 'note.useful'`,
				[]any{ids}},
			{`UPDATE note_acks m SET at = a.at FROM audit_log a
				WHERE m.note_id = ANY($1) AND a.object_type = 'note' AND a.object_id = m.note_id AND a.actor_id = m.user_id AND a.action = 'note.acknowledge'`,
				[]any{ids}},
			{`UPDATE note_comments c SET created_at = x.at FROM unnest($1::bigint[], $2::timestamptz[]) x (id, at) WHERE c.id = x.id`,
				[]any{commentIDs, commentAt}},
			{`UPDATE audit_log a SET at = x.at FROM unnest($1::bigint[], $2::timestamptz[]) x (id, at)
				WHERE a.object_type = 'comment' AND a.object_id = x.id AND a.action = 'comment.add'`,
				[]any{commentIDs, commentAt}},
			{`UPDATE files f SET uploaded_at = x.at FROM unnest($1::bigint[], $2::timestamptz[]) x (id, at) WHERE f.id = x.id`,
				[]any{fileIDs, fileAt}},
			{`UPDATE audit_log a SET at = x.at FROM unnest($1::bigint[], $2::timestamptz[]) x (id, at)
				WHERE a.object_type = 'file' AND a.object_id = x.id AND a.action = 'file.attach'`,
				[]any{fileIDs, fileAt}},
		} {
			if _, err := tx.Exec(ctx, q.sql, q.args...); err != nil {
				return fmt.Errorf("demo: backdate notes: %w", err)
			}
		}
		return nil
	})
}

// loadUsers returns the demo people as the store sees them, by lower-case e-mail.
func loadUsers(ctx context.Context, pool *pgxpool.Pool) (map[string]*auth.User, error) {
	emails := make([]string, len(People))
	for i, p := range People {
		emails[i] = strings.ToLower(p.Email)
	}
	rows, err := pool.Query(ctx, `
		SELECT u.id, u.email, u.name, u.office_id, o.region_id, u.roles
		FROM users u JOIN offices o ON o.id = u.office_id WHERE lower(u.email) = ANY($1)`, emails)
	if err != nil {
		return nil, fmt.Errorf("demo: users: %w", err)
	}
	list, err := pgx.CollectRows(rows, pgx.RowToAddrOfStructByNameLax[auth.User])
	if err != nil {
		return nil, fmt.Errorf("demo: users: %w", err)
	}
	users := map[string]*auth.User{}
	for _, u := range list {
		users[strings.ToLower(u.Email)] = u
	}
	if len(users) != len(People) {
		return nil, fmt.Errorf("demo: %d of %d demo people exist", len(users), len(People))
	}
	return users, nil
}

// areaIDs maps the slugs of the thematic areas to their ids.
func areaIDs(ctx context.Context, pool *pgxpool.Pool) (map[string]int16, error) {
	rows, err := pool.Query(ctx, `SELECT slug, id FROM areas`)
	if err != nil {
		return nil, fmt.Errorf("demo: areas: %w", err)
	}
	m := map[string]int16{}
	var slug string
	var id int16
	_, err = pgx.ForEachRow(rows, []any{&slug, &id}, func() error { m[slug] = id; return nil })
	if err != nil {
		return nil, fmt.Errorf("demo: areas: %w", err)
	}
	return m, nil
}

// demoPDF returns a one-page PDF 1.4 with a heading and lines. The text is ASCII because the
// standard Helvetica font has no Czech letters with háček; embedding a font for a demo file
// is not worth it.
func demoPDF(heading string, lines ...string) []byte {
	esc := strings.NewReplacer(`\`, `\\`, `(`, `\(`, `)`, `\)`)
	var content strings.Builder
	fmt.Fprintf(&content, "BT /F1 18 Tf 72 770 Td (%s) Tj /F1 12 Tf", esc.Replace(heading))
	for _, l := range lines {
		fmt.Fprintf(&content, " 0 -32 Td (%s) Tj", esc.Replace(l))
	}
	content.WriteString(" ET")

	var b bytes.Buffer
	var offsets []int
	obj := func(body string) {
		offsets = append(offsets, b.Len())
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", len(offsets), body)
	}
	// The second line's high bytes tell transfer tools that the file is binary.
	b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	obj("<< /Type /Catalog /Pages 2 0 R >>")
	obj("<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
	obj("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>")
	obj("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
	obj(fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", content.Len(), content.String()))
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(offsets)+1)
	for _, o := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", o) // each entry exactly 20 bytes, as the format demands
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(offsets)+1, xref)
	return b.Bytes()
}

// demoPNG draws a small diagram: three steps joined by a line.
func demoPNG() []byte {
	const w, h = 240, 80
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	fill := func(r image.Rectangle, c color.Color) {
		for y := r.Min.Y; y < r.Max.Y; y++ {
			for x := r.Min.X; x < r.Max.X; x++ {
				img.Set(x, y, c)
			}
		}
	}
	fill(img.Bounds(), color.White)
	fill(image.Rect(20, 39, 220, 41), color.Gray{0x80})
	for i, c := range []color.RGBA{{0x2e, 0x7d, 0x32, 0xff}, {0xf9, 0xa8, 0x25, 0xff}, {0x15, 0x65, 0xc0, 0xff}} {
		x := 20 + i*80
		fill(image.Rect(x, 20, x+40, 60), c)
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		panic("demo: png: " + err.Error()) // encoding an in-memory image cannot fail
	}
	return b.Bytes()
}
