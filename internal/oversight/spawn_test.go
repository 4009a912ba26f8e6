package oversight_test

import (
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"

	"hnizdo.cz/hnizdo/internal/app"
	"hnizdo.cz/hnizdo/internal/auth"
	"hnizdo.cz/hnizdo/internal/note"
	"hnizdo.cz/hnizdo/internal/oversight"
)

// spRepeat makes criterion 8a repeat in Jihomoravský kraj (Šlapanice and Blansko, 2026) and
// returns the two findings; 5b is found once only.
func (e env) spRepeat(t *testing.T) []int64 {
	t.Helper()
	_, a := e.inspected(t, e.p.metodik, e.slap, true, rated{id8a, oversight.Partly}, rated{id5b, oversight.NotMet})
	_, b := e.inspected(t, e.p.metodik, e.blan, true, rated{id8a, oversight.NotMet})
	return []int64{a[id8a], b[id8a]}
}

func (e env) spIDs(t *testing.T, sql string, args ...any) []int64 {
	t.Helper()
	rows, err := e.pool.Query(ctx, sql, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		out = append(out, id)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func (e env) spCount(t *testing.T, sql string, args ...any) int {
	t.Helper()
	var n int
	if err := e.pool.QueryRow(ctx, sql, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// spParallel runs fn n times at once, after a common start, and returns the ids it gave.
func spParallel(t *testing.T, n int, fn func() (int64, error)) []int64 {
	t.Helper()
	start := make(chan struct{})
	ids := make([]int64, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for k := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			ids[k], errs[k] = fn()
		}()
	}
	close(start)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	return ids
}

// spNoOffice fails if a text that will be published names an inspected office.
func spNoOffice(t *testing.T, texts ...string) {
	t.Helper()
	for _, s := range texts {
		if strings.Contains(s, "Šlapanice") || strings.Contains(s, "Blansko") || strings.Contains(s, "úřad Š") {
			t.Fatalf("names an office: %q", s)
		}
	}
}

func TestSpawnFAQ(t *testing.T) {
	e := setup(t)
	m := e.p.metodik
	findings := e.spRepeat(t)
	var first int64

	t.Run("makes an assigned question linked to the findings, naming no office", func(t *testing.T) {
		id, err := e.s.SpawnFAQ(ctx, m, id8a)
		if err != nil {
			t.Fatal(err)
		}
		first = id
		var title, body, state string
		var asker, assignee int64
		var area int16
		err = e.pool.QueryRow(ctx, `SELECT title, body, state, asker_id, assignee_id, area_id FROM questions WHERE id = $1`, id).
			Scan(&title, &body, &state, &asker, &assignee, &area)
		if err != nil {
			t.Fatal(err)
		}
		if state != "assigned" || asker != m.ID || assignee != m.ID || area != 17 {
			t.Fatalf("question: %s asker %d assignee %d area %d", state, asker, assignee, area)
		}
		if title != "Opakované zjištění ke kritériu 8a: Oznámení jsou přijímána jednotným postupem." {
			t.Fatalf("title %q", title)
		}
		if !strings.Contains(body, "u 2 úřadů v roce 2026") || !strings.Contains(body, "„Oznámení jsou přijímána jednotným postupem.“") {
			t.Fatalf("body %q", body)
		}
		spNoOffice(t, title, body)
		if got := e.spIDs(t, `SELECT finding_id FROM question_findings WHERE question_id = $1 ORDER BY finding_id`, id); !slices.Equal(got, findings) {
			t.Fatalf("findings %v, want %v", got, findings)
		}
		if n := e.spCount(t, `SELECT count(*) FROM audit_log WHERE action = 'criterion.spawn_faq' AND object_type = 'criterion'
			AND object_id = $1 AND actor_id = $2`, id8a, m.ID); n != 1 {
			t.Fatalf("%d audit entries", n)
		}
		r, err := e.s.Repeated(ctx, m, id8a)
		if err != nil || r.QuestionID != id {
			t.Fatalf("repeat links %v (%v), want %d", r, err, id)
		}
	})
	t.Run("a second click returns the same question and makes nothing", func(t *testing.T) {
		id, err := e.s.SpawnFAQ(ctx, e.p.metodik2, id8a)
		if err != nil || id != first {
			t.Fatalf("got %d %v, want %d", id, err, first)
		}
		if n := e.spCount(t, `SELECT count(*) FROM questions`); n != 1 {
			t.Fatalf("%d questions", n)
		}
	})
	t.Run("refused to those who do not oversee, not found elsewhere", func(t *testing.T) {
		for _, u := range []*auth.User{e.p.headSlap, e.p.jana, e.p.coord, e.p.admin} {
			if _, err := e.s.SpawnFAQ(ctx, u, id8a); !errors.Is(err, app.ErrForbidden) {
				t.Fatalf("%s: %v", u.Name, err)
			}
		}
		if _, err := e.s.SpawnFAQ(ctx, e.p.metodikPAK, id8a); !errors.Is(err, app.ErrNotFound) {
			t.Fatalf("another region: %v", err)
		}
		for _, c := range []int16{id5b, id12a, 999} {
			if _, err := e.s.SpawnFAQ(ctx, m, c); !errors.Is(err, app.ErrNotFound) {
				t.Fatalf("criterion %d: %v", c, err)
			}
		}
		if n := e.spCount(t, `SELECT count(*) FROM questions`); n != 1 {
			t.Fatalf("%d questions", n)
		}
	})
}

func TestSpawnFAQParallel(t *testing.T) {
	e := setup(t)
	findings := e.spRepeat(t)
	// More clicks than the pool's connections: the lock must hold them off without starving it.
	ids := spParallel(t, 12, func() (int64, error) { return e.s.SpawnFAQ(ctx, e.p.metodik, id8a) })
	if n := e.spCount(t, `SELECT count(*) FROM questions`); n != 1 {
		t.Fatalf("%d questions made", n)
	}
	for _, id := range ids {
		if id != ids[0] {
			t.Fatalf("ids %v", ids)
		}
	}
	if n := e.spCount(t, `SELECT count(*) FROM question_findings WHERE finding_id = ANY($1)`, findings); n != 2 {
		t.Fatalf("%d links", n)
	}
	if n := e.spCount(t, `SELECT count(*) FROM audit_log WHERE action = 'criterion.spawn_faq'`); n != 1 {
		t.Fatalf("%d audit entries", n)
	}
}

func TestSpawnNote(t *testing.T) {
	e := setup(t)
	m := e.p.metodik
	notes := note.NewStore(e.pool)
	findings := e.spRepeat(t)
	var first int64

	t.Run("makes a draft binding note linked to the findings, naming no office", func(t *testing.T) {
		id, err := e.s.SpawnNote(ctx, m, notes, id8a)
		if err != nil {
			t.Fatal(err)
		}
		first = id
		n, err := notes.Get(ctx, m, id)
		if err != nil {
			t.Fatal(err)
		}
		if n.Status != note.Draft || !n.Binding || n.AuthorID != m.ID || !slices.Equal(n.AreaIDs, []int16{17}) ||
			n.Title != "Opakované zjištění ke kritériu 8a: Oznámení jsou přijímána jednotným postupem." {
			t.Fatalf("note %+v", n)
		}
		if !strings.Contains(n.Summary, "kritéria 8a") || !strings.Contains(n.Body, "u 2 úřadů v roce 2026") {
			t.Fatalf("summary %q body %q", n.Summary, n.Body)
		}
		spNoOffice(t, n.Title, n.Summary, n.Body)
		if got := e.spIDs(t, `SELECT finding_id FROM note_findings WHERE note_id = $1 ORDER BY finding_id`, id); !slices.Equal(got, findings) {
			t.Fatalf("findings %v, want %v", got, findings)
		}
		if n := e.spCount(t, `SELECT count(*) FROM audit_log WHERE action = 'criterion.spawn_note' AND object_id = $1`, id8a); n != 1 {
			t.Fatalf("%d audit entries", n)
		}
		r, err := e.s.Repeated(ctx, m, id8a)
		if err != nil || r.NoteID != id || r.QuestionID != 0 {
			t.Fatalf("repeat %+v (%v)", r, err)
		}
	})
	t.Run("the note tells which criterion it came from", func(t *testing.T) {
		codes, err := e.s.NoteSources(ctx, first)
		if err != nil || !slices.Equal(codes, []string{"8a"}) {
			t.Fatalf("%v %v", codes, err)
		}
		other := e.note(t, "Jiná poznámka", "published")
		if codes, err := e.s.NoteSources(ctx, other); err != nil || len(codes) != 0 {
			t.Fatalf("other note: %v %v", codes, err)
		}
	})
	t.Run("a second click returns the same note", func(t *testing.T) {
		id, err := e.s.SpawnNote(ctx, m, notes, id8a)
		if err != nil || id != first {
			t.Fatalf("got %d %v, want %d", id, err, first)
		}
		if n := e.spCount(t, `SELECT count(*) FROM note_findings`); n != 2 {
			t.Fatalf("%d links", n)
		}
	})
	t.Run("refused to others", func(t *testing.T) {
		before := e.spCount(t, `SELECT count(*) FROM notes`)
		if _, err := e.s.SpawnNote(ctx, e.p.headBlan, notes, id8a); !errors.Is(err, app.ErrForbidden) {
			t.Fatalf("head: %v", err)
		}
		if _, err := e.s.SpawnNote(ctx, e.p.metodikPAK, notes, id8a); !errors.Is(err, app.ErrNotFound) {
			t.Fatalf("another region: %v", err)
		}
		if _, err := e.s.SpawnNote(ctx, m, notes, id5b); !errors.Is(err, app.ErrNotFound) {
			t.Fatalf("not repeated: %v", err)
		}
		if n := e.spCount(t, `SELECT count(*) FROM notes`); n != before {
			t.Fatalf("notes %d → %d", before, n)
		}
	})
}

func TestSpawnNoteParallel(t *testing.T) {
	e := setup(t)
	notes := note.NewStore(e.pool)
	e.spRepeat(t)
	// note.CreateIn reads the areas through the pool while the spawn holds a connection, so the
	// clicks stay below the test pool's eight connections.
	ids := spParallel(t, 5, func() (int64, error) { return e.s.SpawnNote(ctx, e.p.metodik, notes, id8a) })
	if n := e.spCount(t, `SELECT count(*) FROM notes WHERE binding`); n != 1 {
		t.Fatalf("%d notes made", n)
	}
	for _, id := range ids {
		if id != ids[0] {
			t.Fatalf("ids %v", ids)
		}
	}
	if n := e.spCount(t, `SELECT count(*) FROM note_findings`); n != 2 {
		t.Fatalf("%d links", n)
	}
}
