package scale

import (
	"context"
	"fmt"
	"strings"
	"time"

	"hnizdo.cz/hnizdo/internal/note"
)

// tags are the demo's tags: what people really tag notes with.
var tags = strings.Split("anonymizace,asistovaný styk,bezpečí dítěte,cochemská praxe,dohled,dohoda o výkonu pěstounské péče,dohoda rodičů,domácí násilí,doprovázení,evidence,gdpr,individuální plán,intervenční centrum,intervize,ipod,karty rodičovských kompetencí,katalog služeb,kolizní opatrovník,kontakt s rodiči,kontrolní seznam,krajský úřad,kurátor,mapování,mentoring,metodická návštěva,metodická pomoc,metodický pokyn,mlčenlivost,motivace,návrat do rodiny,návštěvy,názor dítěte,ochrana osobních údajů,om a nom,organizace práce,osamostatnění,ospod sobě,oznámení,plán bezpečí,porady,prarodiče,profesní rozvoj,první rozhovor,pěstounská péče,přechodná pěstounská péče,předběžné opatření,předávání informací,přestupky,příbuzenská péče,případová konference,příprava rodiny,rodina jako partner,rodičovský plán,rozvod,sas,sdílení praxe,sdílení případů,soudnictví ve věcech mládeže,spisová dokumentace,spolupráce se školou,spolupráce,správní řád,správní řízení,srozumitelnost,standardy kvality,styk s dítětem,stížnosti,supervize,svěření do péče,síť služeb,síťování,terénní práce,týmová spolupráce,vedení týmu,vyhodnocení,vykázání,výchovná opatření,zaškolení,zletilost,zpráva pro soud,zprávy institucí,zápis,šetření v rodině,školní docházka", ",")

// noteBatch bounds memory: a batch's documents are kept until their versions are written.
const noteBatch = 5000

type genNote struct {
	title, summary string
	body           doc
	tags           []string
	areas          []int16
	author, useful int
	binding        bool
	status         string
	created, saved time.Time
	published      *time.Time
	versions       int
}

// loadNotes writes s.Notes practice notes of about 2 KB with two or three versions each:
// most published (2015 until now), some drafts, submitted and archived ones. Batches are made
// and written in parallel; Postgres' text-search trigger is most of the cost.
func (l *loader) loadNotes(ctx context.Context) error {
	if len(l.users) == 0 || l.s.Notes == 0 {
		return nil
	}
	batches := (l.s.Notes + noteBatch - 1) / noteBatch
	published := make([][]int64, batches)
	// The triggers that file each published note under its tags and areas and into the search
	// window are off during the COPY; set-based rebuilds afterwards file them all (the trigger
	// row by row doubled the load of the notes, and the window would take every note first).
	if _, err := l.pool.Exec(ctx, `ALTER TABLE notes DISABLE TRIGGER notes_topics;
		ALTER TABLE notes DISABLE TRIGGER note_recent_insert`); err != nil {
		return fmt.Errorf("notes: %w", err)
	}
	err := l.bulk(ctx, []string{"notes"}, func(next map[string]int64) error {
		err := parallel(ctx, batches, func(ctx context.Context, b int) error {
			first := next["notes"] + int64(b*noteBatch)
			ids, err := l.noteBatch(ctx, newGen(l.s.Seed, uint64(1000+b)), first, min(noteBatch, l.s.Notes-b*noteBatch))
			published[b] = ids
			return err
		})
		for _, p := range published {
			l.notes = append(l.notes, p...)
		}
		return err
	})
	if err != nil {
		return err
	}
	if _, err := l.pool.Exec(ctx, `ALTER TABLE notes ENABLE TRIGGER notes_topics;
		ALTER TABLE notes ENABLE TRIGGER note_recent_insert`); err != nil {
		return fmt.Errorf("notes: %w", err)
	}
	if _, err := l.pool.Exec(ctx, `SELECT note_topics_rebuild()`); err != nil {
		return fmt.Errorf("notes: tags and areas: %w", err)
	}
	if _, err := l.pool.Exec(ctx, `SELECT note_window_rebuild($1)`, note.Window); err != nil {
		return fmt.Errorf("notes: search window: %w", err)
	}
	return nil
}

// noteBatch writes n notes with ids from first on, and their versions; it returns the ids of
// the published ones.
func (l *loader) noteBatch(ctx context.Context, g *gen, first int64, n int) ([]int64, error) {
	start := time.Date(2015, 1, 1, 8, 0, 0, 0, time.UTC)
	batch := make([]genNote, n)
	for i := range batch {
		batch[i] = l.note(g, start)
	}
	if _, err := l.copyRows(ctx, "notes", []string{"id", "title", "summary", "body", "body_text", "tags", "area_ids",
		"author_id", "office_id", "region_id", "status", "binding", "review_by", "version", "useful_count",
		"created_at", "updated_at", "published_at"}, n, func(i int) []any {
		b := &batch[i]
		u := l.users[b.author]
		o := l.offices[u.office]
		return []any{first + int64(i), b.title, b.summary, b.body.markdown, b.body.plain, b.tags, b.areas, u.id, o.id, o.region,
			b.status, b.binding, b.saved.AddDate(2, 0, 0), b.versions, b.useful, b.created, b.saved, b.published}
	}); err != nil {
		return nil, err
	}
	type ver struct{ note, v int }
	var vs []ver
	var published []int64
	for i := range batch {
		if batch[i].status == "published" {
			published = append(published, first+int64(i))
		}
		for v := 1; v <= batch[i].versions; v++ {
			vs = append(vs, ver{i, v})
		}
	}
	_, err := l.copyRows(ctx, "note_versions", []string{"note_id", "version", "title", "summary", "body", "tags",
		"area_ids", "saved_by", "saved_at"}, len(vs), func(k int) []any {
		b, v := &batch[vs[k].note], vs[k].v
		body := b.body.markdown
		if v < b.versions { // earlier versions lacked the later sections
			keep := max(1, len(b.body.parts)*v/b.versions)
			body = strings.Join(b.body.parts[:keep], "\n\n")
		}
		at := b.created.Add(time.Duration(v-1) * b.saved.Sub(b.created) / time.Duration(b.versions))
		if v == b.versions {
			at = b.saved
		}
		return []any{first + int64(vs[k].note), v, b.title, b.summary, body, b.tags, b.areas, l.users[b.author].id, at}
	})
	return published, err
}

func (l *loader) note(r *gen, start time.Time) genNote {
	g := genNote{title: r.text.phrase(3 + r.rnd.IntN(5)), author: r.rnd.IntN(len(l.users)), versions: 2 + r.rnd.IntN(2)}
	var b strings.Builder
	r.text.sentence(&b, 12+r.rnd.IntN(14))
	g.summary = b.String()
	g.body = r.text.doc(1600 + r.rnd.IntN(900))
	for _, k := range r.sample(len(tags), 1+r.rnd.IntN(3)) {
		g.tags = append(g.tags, tags[k])
	}
	for _, a := range r.sample(18, 1+r.rnd.IntN(2)) {
		g.areas = append(g.areas, int16(a+1))
	}
	g.created = r.between(start, l.now.AddDate(0, 0, -1))
	g.saved = r.between(g.created, l.now)
	x := r.rnd.IntN(100)
	g.useful = x * x / 400 // mostly a few readers, now and then many
	g.binding = x == 0
	switch x := r.rnd.IntN(100); {
	case x < 88:
		g.status = "published"
		p := g.saved
		g.published = &p
	case x < 93:
		g.status = "draft"
	case x < 97:
		g.status = "submitted"
	default:
		g.status = "archived"
		p := g.saved
		g.published = &p
	}
	return g
}
