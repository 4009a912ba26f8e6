package note_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"hnizdo.cz/hnizdo/internal/app"
	"hnizdo.cz/hnizdo/internal/audit"
	"hnizdo.cz/hnizdo/internal/auth"
	"hnizdo.cz/hnizdo/internal/db/dbtest"
	"hnizdo.cz/hnizdo/internal/note"
	"hnizdo.cz/hnizdo/internal/upload"
)

var ctx = context.Background()

// people are the users of one test database.
type people struct {
	author, colleague, metodikJMK, metodikPAK, zamberk, admin *auth.User
}

func setup(t *testing.T) (*note.Store, *pgxpool.Pool, people) {
	t.Helper()
	pool := dbtest.New(t)
	mk := func(email, office string, roles ...auth.Role) *auth.User {
		u := &auth.User{Email: email, Roles: roles}
		err := pool.QueryRow(ctx, `
			INSERT INTO users (email, name, office_id, roles, password_hash)
			SELECT $1, $1, o.id, $3, 'x' FROM offices o WHERE o.name = $2
			RETURNING id, office_id, (SELECT region_id FROM offices WHERE name = $2)`, email, office, roles).
			Scan(&u.ID, &u.OfficeID, &u.RegionID)
		if err != nil {
			t.Fatalf("user %s: %v", email, err)
		}
		return u
	}
	return note.NewStore(pool), pool, people{
		author:     mk("jana@x.cz", "Městský úřad Šlapanice", auth.Caseworker),
		colleague:  mk("eva@x.cz", "Městský úřad Šlapanice", auth.Head),
		metodikJMK: mk("martina@x.cz", "Krajský úřad Jihomoravského kraje", auth.Methodologist),
		metodikPAK: mk("pavel@x.cz", "Krajský úřad Pardubického kraje", auth.Methodologist),
		zamberk:    mk("petra@x.cz", "Městský úřad Žamberk", auth.Caseworker),
		admin:      mk("admin@x.cz", "Krajský úřad Jihomoravského kraje", auth.Admin),
	}
}

const fosterBody = `## Návštěvy v pěstounských rodinách

Pěstounská péče vyžaduje pravidelné návštěvy. Dítě navštěvujeme nejméně jednou za šest měsíců (§ 47a odst. 2 zákona č. 359/1999 Sb.).

## Jak se připravit

- projít zprávu doprovázející organizace
- domluvit termín s pěstouny`

func input(title, body string) note.Input {
	return note.Input{Title: title, Summary: "Shrnutí poznámky.", Body: body, Tags: "Pěstounská péče, návštěvy", AreaIDs: []int16{6}}
}

// publish takes a note by p.author through review to published.
func publish(t *testing.T, s *note.Store, p people, in note.Input) int64 {
	t.Helper()
	id := submit(t, s, p.author, in)
	if err := s.Transition(ctx, p.metodikJMK, id, note.Publish, note.Change{}); err != nil {
		t.Fatal(err)
	}
	return id
}

// submit creates a note by author and submits it for review.
func submit(t *testing.T, s *note.Store, author *auth.User, in note.Input) int64 {
	t.Helper()
	id, err := s.Create(ctx, author, in)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Transition(ctx, author, id, note.Submit, note.Change{}); err != nil {
		t.Fatal(err)
	}
	return id
}

func TestWorkflow(t *testing.T) {
	t.Parallel()
	s, pool, p := setup(t)
	in := input("Návštěvy v pěstounských rodinách", fosterBody+"\n\nMatka Jana souhlasila, dítě má RČ 045612/1236.")
	id, err := s.Create(ctx, p.author, in)
	if err != nil {
		t.Fatal(err)
	}

	// A draft is invisible to everyone but its author and the region's reviewers.
	for _, u := range []*auth.User{p.colleague, p.zamberk, p.metodikPAK} {
		if _, err := s.Get(ctx, u, id); !errors.Is(err, app.ErrNotFound) {
			t.Errorf("user %s reads a draft: %v", u.Email, err)
		}
	}
	for _, u := range []*auth.User{p.author, p.metodikJMK, p.admin} {
		if _, err := s.Get(ctx, u, id); err != nil {
			t.Errorf("user %s cannot read the draft: %v", u.Email, err)
		}
	}

	// The guard blocks submission and names each finding.
	err = s.Transition(ctx, p.author, id, note.Submit, note.Change{})
	var blocked *note.Blocked
	if !errors.As(err, &blocked) {
		t.Fatalf("submit with personal data: %v", err)
	}
	kinds := map[string]string{}
	for _, f := range blocked.Findings {
		kinds[string(f.Kind)] = f.Text
	}
	if kinds["birth_number"] != "045612/1236" || kinds["name"] == "" {
		t.Fatalf("findings %+v", blocked.Findings)
	}

	// Someone else may not mark a finding; the author marks the name, pseudonymises the rest.
	if err := s.MarkNotPersonal(ctx, p.metodikJMK, id, "name", kinds["name"], ""); !errors.Is(err, app.ErrForbidden) {
		t.Fatalf("reviewer marks a finding: %v", err)
	}
	if err := s.MarkNotPersonal(ctx, p.author, id, "name", kinds["name"], " "); err == nil {
		t.Fatal("a mark without a reason was accepted")
	}
	if err := s.MarkNotPersonal(ctx, p.author, id, "name", kinds["name"], "Jméno je smyšlené pro ilustraci."); err != nil {
		t.Fatal(err)
	}
	n, _ := s.Get(ctx, p.author, id)
	marks, _ := s.Marks(ctx, p.author, id)
	c, replaced := note.ContentOf(n).Pseudonymise(marks)
	if replaced != 1 || !strings.Contains(c.Body, "[RČ]") || strings.Contains(c.Body, "045612") || !strings.Contains(c.Body, kinds["name"]) {
		t.Fatalf("pseudonymised %d: %q", replaced, c.Body)
	}
	in.Body, in.Version = c.Body, n.Version
	if err := s.Save(ctx, p.author, id, in); err != nil {
		t.Fatal(err)
	}

	// Only a reviewer of the author's region publishes; the author may not.
	if err := s.Transition(ctx, p.author, id, note.Submit, note.Change{}); err != nil {
		t.Fatalf("submit after fixing: %v", err)
	}
	for _, u := range []*auth.User{p.author, p.metodikPAK, p.zamberk} {
		if err := s.Transition(ctx, u, id, note.Publish, note.Change{}); !errors.Is(err, app.ErrForbidden) && !errors.Is(err, app.ErrNotFound) {
			t.Errorf("%s publishes: %v", u.Email, err)
		}
	}
	// Wrong state: a submitted note cannot be submitted again.
	if err := s.Transition(ctx, p.author, id, note.Submit, note.Change{}); !errors.Is(err, app.ErrConflict) {
		t.Errorf("second submit: %v", err)
	}
	// Returning needs a comment, then the author sees it.
	if err := s.Transition(ctx, p.metodikJMK, id, note.Return, note.Change{}); err == nil {
		t.Fatal("return without a comment")
	}
	if err := s.Transition(ctx, p.metodikJMK, id, note.Return, note.Change{Comment: "Doplňte prosím postup."}); err != nil {
		t.Fatal(err)
	}
	n, _ = s.Get(ctx, p.author, id)
	if n.Status != note.Draft || n.ReturnComment != "Doplňte prosím postup." {
		t.Fatalf("after return: %s %q", n.Status, n.ReturnComment)
	}
	if err := s.Transition(ctx, p.author, id, note.Submit, note.Change{}); err != nil {
		t.Fatal(err)
	}
	if err := s.Transition(ctx, p.metodikJMK, id, note.Publish, note.Change{}); err != nil {
		t.Fatal(err)
	}
	n, err = s.Get(ctx, p.zamberk, id) // another region reads it now
	if err != nil || n.Status != note.Published || n.PublishedAt == nil || n.ReturnComment != "" {
		t.Fatalf("published note for another region: %+v %v", n, err)
	}
	// Archiving by the author.
	if err := s.Transition(ctx, p.author, id, note.Archive, note.Change{}); err != nil {
		t.Fatal(err)
	}

	log, err := audit.For(ctx, pool, "note", id)
	if err != nil {
		t.Fatal(err)
	}
	var steps []string
	for _, e := range log {
		steps = append(steps, e.Action+":"+e.From+">"+e.To)
	}
	want := "note.create:>draft note.mark_not_personal:draft>draft note.save:draft>draft note.submit:draft>submitted " +
		"note.return:submitted>draft note.submit:draft>submitted note.publish:submitted>published note.archive:published>archived"
	if strings.Join(steps, " ") != want {
		t.Fatalf("audit log\n got %s\nwant %s", strings.Join(steps, " "), want)
	}
}

func TestStaleSaveAndVersions(t *testing.T) {
	t.Parallel()
	s, _, p := setup(t)
	in := input("Porady týmu", "První verze textu o poradách.")
	id, err := s.Create(ctx, p.author, in)
	if err != nil {
		t.Fatal(err)
	}
	// Two tabs loaded version 1; parallel saves: exactly one wins.
	var wg sync.WaitGroup
	errs := make([]error, 6)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			in := in
			in.Body, in.Version = fmt.Sprintf("Verze z okna %d.", i), 1
			errs[i] = s.Save(ctx, p.author, id, in)
		}()
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		switch {
		case err == nil:
			ok++
		case !errors.Is(err, note.ErrStale):
			t.Fatalf("save: %v", err)
		}
	}
	if ok != 1 {
		t.Fatalf("%d parallel saves of version 1 succeeded, want 1", ok)
	}
	vs, err := s.Versions(ctx, p.author, id)
	if err != nil || len(vs) != 2 || vs[0].Version != 2 || vs[1].Body != "První verze textu o poradách." {
		t.Fatalf("versions %+v %v", vs, err)
	}
	// Someone else may not save the author's draft.
	in.Version = 2
	if err := s.Save(ctx, p.colleague, id, in); !errors.Is(err, app.ErrNotFound) {
		t.Fatalf("colleague saves a draft: %v", err)
	}
	// Restoring version 1 makes version 3 with the old text.
	if err := s.Restore(ctx, p.author, id, 1, 2); err != nil {
		t.Fatal(err)
	}
	n, _ := s.Get(ctx, p.author, id)
	if n.Version != 3 || n.Body != "První verze textu o poradách." {
		t.Fatalf("after restore: v%d %q", n.Version, n.Body)
	}
	if err := s.Restore(ctx, p.author, id, 1, 2); !errors.Is(err, note.ErrStale) {
		t.Fatalf("restore from a stale page: %v", err)
	}
	// Saving without a change makes no version.
	same := input("Porady týmu", "První verze textu o poradách.")
	same.Version, same.ReviewBy = 3, n.ReviewBy.Format(time.DateOnly)
	if err := s.Save(ctx, p.author, id, same); err != nil {
		t.Fatal(err)
	}
	if vs, _ := s.Versions(ctx, p.author, id); len(vs) != 3 {
		t.Fatalf("an unchanged save made a version: %d versions", len(vs))
	}
	// Bad input: nothing stored, a message per field.
	bad := note.Input{Title: " ", Body: "", AreaIDs: []int16{99}, ReviewBy: "2020-01-01", Version: 3}
	err = s.Save(ctx, p.author, id, bad)
	var inv app.Invalid
	if !errors.As(err, &inv) || inv["title"] == "" || inv["body"] == "" || inv["areas"] == "" || inv["review_by"] == "" {
		t.Fatalf("invalid save: %v", err)
	}
	if vs, _ := s.Versions(ctx, p.author, id); len(vs) != 3 {
		t.Fatalf("an invalid save made a version: %d", len(vs))
	}
}

func TestSearch(t *testing.T) {
	t.Parallel()
	s, _, p := setup(t)
	foster := publish(t, s, p, input("Návštěvy v pěstounských rodinách", fosterBody))
	other := input("Intervize v malém týmu", "Jak vedeme intervizi jednou měsíčně, kdo ji moderuje a jak zapisujeme dohody.")
	other.Tags, other.AreaIDs = "intervize", []int16{16}
	intervize := publish(t, s, p, other)
	draft := input("Pěstounská péče – koncept", "Pěstounská péče v konceptu, který nikdo nemá najít.")
	if _, err := s.Create(ctx, p.author, draft); err != nil {
		t.Fatal(err)
	}

	for _, tc := range []struct {
		q    string
		want []int64
	}{
		{"pestounska pece", []int64{foster}},
		{"Pěstounská péče", []int64{foster}},
		{"pěstoun", []int64{foster}},
		{"pěstounské péči", []int64{foster}},
		{"PESTOUNSKYCH rodinach", []int64{foster}},
		{"intervizí", []int64{intervize}},
		{"navsteva", []int64{foster}},
		{"zapisujeme", []int64{intervize}},
		{"koncept", nil},
		{"'); DROP TABLE notes; --", nil},
		{"&|!:*()", []int64{intervize, foster}}, // nothing searchable: every published note, newest first
	} {
		res, err := s.Search(ctx, note.Search{Text: tc.q})
		if err != nil {
			t.Fatalf("%q: %v", tc.q, err)
		}
		var got []int64
		for _, h := range res.Hits {
			got = append(got, h.ID)
		}
		if fmt.Sprint(got) != fmt.Sprint(tc.want) {
			t.Errorf("%q found %v, want %v", tc.q, got, tc.want)
		}
	}

	res, _ := s.Search(ctx, note.Search{Text: "pestounske"})
	hits := res.Hits
	if len(hits) != 1 || !strings.Contains(hits[0].Snippet, "\x01") {
		t.Fatalf("no highlighted snippet: %+v", hits)
	}
	// Filters.
	for _, tc := range []struct {
		f    note.Search
		want int
	}{
		{note.Search{AreaID: 16}, 1},
		{note.Search{AreaID: 6, Text: "intervize"}, 0},
		{note.Search{Tag: "Intervize"}, 1},
		{note.Search{RegionID: p.zamberk.RegionID}, 0},
		{note.Search{OfficeID: p.author.OfficeID}, 2},
		{note.Search{From: time.Now().AddDate(0, 0, 1)}, 0},
		{note.Search{To: time.Now()}, 2},
	} {
		res, err := s.Search(ctx, tc.f)
		if err != nil || len(res.Hits) != tc.want {
			t.Errorf("%+v: %d hits, want %d (%v)", tc.f, len(res.Hits), tc.want, err)
		}
	}
	// Most useful first.
	if _, err := s.Useful(ctx, p.zamberk, intervize, true); err != nil {
		t.Fatal(err)
	}
	res, _ = s.Search(ctx, note.Search{Sort: note.ByUseful})
	hits = res.Hits
	if len(hits) != 2 || hits[0].ID != intervize {
		t.Fatalf("by usefulness: %+v", hits)
	}
	rel, err := s.Related(ctx, &note.Note{ID: intervize, Tags: []string{"návštěvy"}, AreaIDs: []int16{16}})
	if err != nil || len(rel) != 1 || rel[0].ID != foster {
		t.Fatalf("related %+v %v", rel, err)
	}
}

func TestUsefulInParallel(t *testing.T) {
	t.Parallel()
	s, _, p := setup(t)
	id := publish(t, s, p, input("Karty rodičovských kompetencí", "Jak používáme karty při práci s rodinou."))
	var wg sync.WaitGroup
	users := []*auth.User{p.zamberk, p.zamberk, p.zamberk, p.colleague, p.colleague, p.metodikPAK}
	for _, u := range users {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := s.Useful(ctx, u, id, true); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	n, _ := s.Get(ctx, p.author, id)
	if n.UsefulCount != 3 {
		t.Fatalf("useful count %d, want 3 (one per person)", n.UsefulCount)
	}
	if c, err := s.Useful(ctx, p.zamberk, id, false); err != nil || c != 2 {
		t.Fatalf("unmark: %d %v", c, err)
	}
}

func TestAcknowledgements(t *testing.T) {
	t.Parallel()
	s, _, p := setup(t)
	in := input("Metodický pokyn: zápis z případové konference", "Každá případová konference má zápis podle vzoru.")
	in.Binding = true
	id, err := s.Create(ctx, p.metodikJMK, in)
	if err != nil {
		t.Fatal(err)
	}
	s.Transition(ctx, p.metodikJMK, id, note.Submit, note.Change{})
	if err := s.Transition(ctx, p.metodikJMK, id, note.Publish, note.Change{}); err != nil {
		t.Fatal(err)
	}
	pending, _ := s.Pending(ctx, p.author)
	if len(pending) != 1 || pending[0].ID != id {
		t.Fatalf("pending for a JMK caseworker: %+v", pending)
	}
	if pending, _ := s.Pending(ctx, p.zamberk); len(pending) != 0 {
		t.Fatal("binding guidance of JMK asks a PAK caseworker")
	}
	if err := s.Acknowledge(ctx, p.zamberk, id, 1); !errors.Is(err, app.ErrForbidden) {
		t.Fatalf("another region acknowledges: %v", err)
	}
	if err := s.Acknowledge(ctx, p.author, id, 1); err != nil {
		t.Fatal(err)
	}
	n, _ := s.Get(ctx, p.author, id)
	acks, err := s.Acks(ctx, p.metodikJMK, n)
	if err != nil {
		t.Fatal(err)
	}
	done := 0
	for _, a := range acks {
		if a.At != nil {
			done++
		}
	}
	if done != 1 || len(acks) != 4 { // the JMK users: author, colleague, metodik, admin
		t.Fatalf("acks %d of %d", done, len(acks))
	}
	if _, err := s.Acks(ctx, p.author, n); !errors.Is(err, app.ErrForbidden) {
		t.Fatal("a caseworker sees who acknowledged")
	}
	// A new version asks again.
	in.Version = n.Version
	in.Body += " Nově i s podpisem účastníků."
	if err := s.Save(ctx, p.metodikJMK, id, in); err != nil {
		t.Fatal(err)
	}
	if pending, _ := s.Pending(ctx, p.author); len(pending) != 1 {
		t.Fatal("a new version did not ask again")
	}
	if err := s.Acknowledge(ctx, p.author, id, 1); !errors.Is(err, note.ErrStale) {
		t.Fatalf("acknowledging an old version: %v", err)
	}
}

func TestComments(t *testing.T) {
	t.Parallel()
	s, _, p := setup(t)
	id := publish(t, s, p, input("Asistovaný styk", "Jak domlouváme asistovaný styk se SAS."))
	_, err := s.Comment(ctx, p.zamberk, id, 0, "Volejte na 777 123 456, matka Petra to zná.")
	var pd *note.PersonalData
	if !errors.As(err, &pd) || len(pd.Findings) < 2 {
		t.Fatalf("comment with personal data: %v", err)
	}
	top, err := s.Comment(ctx, p.zamberk, id, 0, "U nás to děláme podobně, díky.")
	if err != nil {
		t.Fatal(err)
	}
	reply, err := s.Comment(ctx, p.author, id, top, "Rádo se stalo.")
	if err != nil {
		t.Fatal(err)
	}
	reply2, err := s.Comment(ctx, p.colleague, id, reply, "Souhlasím.")
	if err != nil {
		t.Fatal(err)
	}
	n, _ := s.Get(ctx, p.author, id)
	cs, _ := s.Comments(ctx, n)
	if len(cs) != 3 || cs[0].ID != top || *cs[1].ParentID != top || cs[2].ID != reply2 || *cs[2].ParentID != top {
		t.Fatalf("thread %+v", cs)
	}
	if _, err := s.EditComment(ctx, p.author, top, "Přepsáno."); !errors.Is(err, app.ErrForbidden) {
		t.Fatalf("editing another's comment: %v", err)
	}
	if _, err := s.EditComment(ctx, p.zamberk, top, "U nás to děláme stejně."); err != nil {
		t.Fatal(err)
	}
	if _, err := s.HideComment(ctx, p.metodikPAK, top, "Mimo téma."); !errors.Is(err, app.ErrForbidden) {
		t.Fatalf("another region's methodologist hides: %v", err)
	}
	if _, err := s.HideComment(ctx, p.metodikJMK, top, ""); err == nil {
		t.Fatal("hidden without a reason")
	}
	if _, err := s.HideComment(ctx, p.metodikJMK, top, "Mimo téma."); err != nil {
		t.Fatal(err)
	}
	cs, _ = s.Comments(ctx, n)
	if cs[0].HiddenAt == nil || cs[0].HiddenReason != "Mimo téma." || cs[0].Body != "U nás to děláme stejně." || cs[0].EditedAt == nil {
		t.Fatalf("hidden comment %+v", cs[0])
	}
}

func TestAttachments(t *testing.T) {
	t.Parallel()
	s, _, p := setup(t)
	id, err := s.Create(ctx, p.author, input("Vzor zápisu", "Vzor zápisu z porady."))
	if err != nil {
		t.Fatal(err)
	}
	pdf := []byte("%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n")
	if _, err := s.Attach(ctx, p.author, id, "../Vzor zápisu.pdf", pdf, 1<<20); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		data []byte
		want error
	}{
		{"vir.pdf", []byte("MZ\x90\x00 this is an exe"), upload.ErrUnsupported},
		{"obrazek.pdf", []byte("\x89PNG\r\n\x1a\n0000"), upload.ErrMismatch},
		{"velky.pdf", append(pdf, make([]byte, 2<<20)...), nil},
	} {
		_, err := s.Attach(ctx, p.author, id, tc.name, tc.data, 1<<20)
		var tl *note.TooLarge
		if tc.want == nil && !errors.As(err, &tl) || tc.want != nil && !errors.Is(err, tc.want) {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
	if _, err := s.Attach(ctx, p.colleague, id, "x.pdf", pdf, 1<<20); !errors.Is(err, app.ErrNotFound) {
		t.Fatalf("a colleague attaches to a draft: %v", err)
	}
	n, _ := s.Get(ctx, p.author, id)
	files, _ := s.Files(ctx, n)
	if len(files) != 1 || files[0].Name != "Vzor zápisu.pdf" || files[0].MIME != "application/pdf" {
		t.Fatalf("files %+v", files)
	}
	if _, err := s.Open(ctx, p.zamberk, files[0].ID); !errors.Is(err, app.ErrNotFound) {
		t.Fatalf("another region downloads a draft's file: %v", err)
	}
	d, err := s.Open(ctx, p.author, files[0].ID)
	if err != nil || string(d.Data) != string(pdf) || d.Downloads != 1 {
		t.Fatalf("download %v %v", d, err)
	}
}

// TestRelated: related notes share tags (counted twice) or areas with the note, follow
// publishing, edits and archiving, and the tag and area tables equal the published notes.
func TestRelated(t *testing.T) {
	t.Parallel()
	s, pool, p := setup(t)
	with := func(title, tags string, areas ...int16) note.Input {
		in := input(title, fosterBody)
		in.Tags, in.AreaIDs = tags, areas
		return in
	}
	a := publish(t, s, p, with("Návštěvy v rodinách", "Pěstounská péče, návštěvy", 6))
	b := publish(t, s, p, with("Návštěvy po umístění", "návštěvy", 6))
	c := publish(t, s, p, with("Sanace rodiny", "sanace", 6))
	publish(t, s, p, with("Případové konference", "sanace", 7))
	if _, err := s.Create(ctx, p.author, with("Koncept o návštěvách", "Pěstounská péče, návštěvy", 6)); err != nil {
		t.Fatal(err)
	}
	related := func(want ...int64) {
		t.Helper()
		n, err := s.Get(ctx, p.zamberk, a)
		if err != nil {
			t.Fatal(err)
		}
		rel, err := s.Related(ctx, n)
		if err != nil {
			t.Fatal(err)
		}
		var got []int64
		for _, r := range rel {
			got = append(got, r.ID)
		}
		if !slices.Equal(got, want) {
			t.Fatalf("related %v, want %v", got, want)
		}
		var off int
		if err := pool.QueryRow(ctx, `
			WITH want AS (
				SELECT 't' || t AS k, published_at, id FROM notes, unnest(tags) t WHERE status = 'published'
				UNION SELECT 'a' || a, published_at, id FROM notes, unnest(area_ids) a WHERE status = 'published'),
			got AS (
				SELECT 't' || tag, published_at, note_id FROM note_tags
				UNION ALL SELECT 'a' || area_id, published_at, note_id FROM note_areas)
			SELECT (SELECT count(*) FROM (TABLE want EXCEPT ALL TABLE got) x) + (SELECT count(*) FROM (TABLE got EXCEPT ALL TABLE want) y)`).
			Scan(&off); err != nil || off != 0 {
			t.Fatalf("note_tags and note_areas differ from the published notes in %d rows (%v)", off, err)
		}
	}
	related(b, c) // b shares a tag and the area, c the area; neither the draft nor area 7

	nb, err := s.Get(ctx, p.author, b)
	if err != nil {
		t.Fatal(err)
	}
	edit := with(nb.Title, "sanace", 7)
	edit.Version = nb.Version
	if err := s.Save(ctx, p.metodikJMK, b, edit); err != nil {
		t.Fatal(err)
	}
	related(c)
	if err := s.Transition(ctx, p.author, c, note.Archive, note.Change{}); err != nil {
		t.Fatal(err)
	}
	related()
	if err := s.Transition(ctx, p.metodikJMK, c, note.Republish, note.Change{}); err != nil {
		t.Fatal(err)
	}
	related(c)
}

// TestReminders: the home page's counts equal the lengths of the lists they link to, for
// every kind of user, and the returned drafts are the author's drafts with a comment.
func TestReminders(t *testing.T) {
	t.Parallel()
	s, pool, p := setup(t)
	old := publish(t, s, p, input("Starý postup", fosterBody))
	publish(t, s, p, input("Platný postup", fosterBody))
	zam := submit(t, s, p.zamberk, input("Žamberský postup", fosterBody))
	if err := s.Transition(ctx, p.metodikPAK, zam, note.Publish, note.Change{}); err != nil {
		t.Fatal(err)
	}
	submit(t, s, p.author, input("Čeká na posouzení", fosterBody))
	returned := submit(t, s, p.author, input("Vrácený koncept", fosterBody))
	if err := s.Transition(ctx, p.metodikJMK, returned, note.Return, note.Change{Comment: "Doplňte zdroj."}); err != nil {
		t.Fatal(err)
	}
	if _, err := pool.Exec(ctx, `UPDATE notes SET review_by = current_date - 1 WHERE id = ANY($1)`, []int64{old, zam}); err != nil {
		t.Fatal(err)
	}
	check := func() {
		t.Helper()
		for _, u := range []*auth.User{p.author, p.colleague, p.metodikJMK, p.metodikPAK, p.zamberk, p.admin} {
			r, err := s.Reminders(ctx, u)
			if err != nil {
				t.Fatal(err)
			}
			review, err := s.ForReview(ctx, u)
			if err != nil {
				t.Fatal(err)
			}
			outdated, err := s.Outdated(ctx, u)
			if err != nil {
				t.Fatal(err)
			}
			if r.Review != len(review) || r.Outdated != len(outdated) {
				t.Errorf("%s: reminders %d to review, %d outdated; the lists have %d and %d", u.Email, r.Review, r.Outdated, len(review), len(outdated))
			}
			wantReturned := 0
			if u == p.author {
				wantReturned = 1
			}
			if len(r.Returned) != wantReturned || (wantReturned == 1 && r.Returned[0].ID != returned) {
				t.Errorf("%s: returned %+v", u.Email, r.Returned)
			}
		}
	}
	check()
	// A methodologist's own outdated note in the region is both "own" and "the region's":
	// counted once, as the list shows it once.
	if _, err := pool.Exec(ctx, `UPDATE notes SET author_id = $1 WHERE id = $2`, p.metodikJMK.ID, old); err != nil {
		t.Fatal(err)
	}
	check()
	// The counts are not all zero: the test compares something.
	if r, _ := s.Reminders(ctx, p.metodikJMK); r.Review != 1 || r.Outdated != 1 {
		t.Errorf("JMK methodologist: %+v", r)
	}
	if r, _ := s.Reminders(ctx, p.admin); r.Review != 1 {
		t.Errorf("administrator: %+v", r)
	}
}
