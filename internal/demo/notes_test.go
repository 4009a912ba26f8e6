package demo_test

import (
	"context"
	"testing"
	"time"

	"hnizdo.cz/hnizdo/internal/auth"
	"hnizdo.cz/hnizdo/internal/db/dbtest"
	"hnizdo.cz/hnizdo/internal/demo"
)

func TestSeedNotes(t *testing.T) {
	t.Parallel()
	pool := dbtest.New(t)
	ctx := context.Background()
	h := auth.Hasher{MemoryKiB: 64, Time: 1, Threads: 1}
	start := time.Now()
	if _, err := demo.Seed(ctx, pool, h); err != nil {
		t.Fatal(err)
	}
	t.Logf("Seed with notes took %v", time.Since(start))

	count := func(sql string, args ...any) int {
		t.Helper()
		var n int
		if err := pool.QueryRow(ctx, sql, args...).Scan(&n); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
		return n
	}

	want := map[string]int{}
	for _, n := range demo.Notes {
		want[n.Status]++
	}
	rows, err := pool.Query(ctx, `SELECT status, count(*) FROM notes GROUP BY status`)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for rows.Next() {
		var s string
		var n int
		if err := rows.Scan(&s, &n); err != nil {
			t.Fatal(err)
		}
		got[s] = n
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Errorf("statuses %v, want %v", got, want)
	}
	for s, n := range want {
		if got[s] != n {
			t.Errorf("%d %s notes, want %d", got[s], s, n)
		}
	}

	if n := count(`SELECT count(*) FROM notes WHERE binding AND status = 'published'`); n != 1 {
		t.Errorf("%d binding published notes, want 1", n)
	}
	if n := count(`SELECT count(*) FROM notes WHERE status = 'published' AND review_by < current_date`); n != 1 {
		t.Errorf("%d outdated published notes, want 1", n)
	}
	if n := count(`SELECT count(*) FROM (SELECT note_id FROM note_versions GROUP BY note_id HAVING count(*) = 2) v`); n != 6 {
		t.Errorf("%d notes with 2 versions, want 6", n)
	}
	if n := count(`SELECT count(*) FROM note_versions WHERE version > 2`); n != 0 {
		t.Errorf("%d versions beyond the second", n)
	}
	if n := count(`SELECT count(*) FROM note_files`); n < 3 {
		t.Errorf("%d attachments", n)
	}
	if n := count(`SELECT count(*) FROM note_comments`); n < 6 {
		t.Errorf("%d comments", n)
	}
	if n := count(`SELECT count(*) FROM note_comments WHERE parent_id IS NOT NULL`); n < 2 {
		t.Errorf("%d replies", n)
	}
	if n := count(`SELECT count(DISTINCT note_id) FROM note_useful`); n < 10 {
		t.Errorf("useful marks on %d notes", n)
	}
	if n := count(`SELECT count(*) FROM notes n WHERE useful_count <> (SELECT count(*) FROM note_useful u WHERE u.note_id = n.id)`); n != 0 {
		t.Errorf("%d notes whose useful_count disagrees with the marks", n)
	}
	if n := count(`SELECT count(*) FROM note_acks a JOIN notes n ON n.id = a.note_id WHERE n.binding`); n == 0 {
		t.Error("nobody acknowledged the binding guidance")
	}
	if n := count(`
		SELECT count(*) FROM note_acks a JOIN users u ON u.id = a.user_id
		WHERE u.email = 'pracovnik.slapanice@hnizdo.test'`); n != 0 {
		t.Error("pracovnik.slapanice has acknowledged the binding guidance; the browser tests expect her to be asked")
	}

	// The history looks lived-in and consistent: every log starts with the creation, no entry
	// goes back in time, and a published note was published after it was written.
	if n := count(`
		SELECT count(*) FROM notes n WHERE (SELECT action FROM audit_log a
			WHERE a.object_type = 'note' AND a.object_id = n.id ORDER BY a.id LIMIT 1) IS DISTINCT FROM 'note.create'`); n != 0 {
		t.Errorf("%d notes whose audit log does not start with note.create", n)
	}
	if n := count(`
		SELECT count(*) FROM (SELECT at < lag(at) OVER (PARTITION BY object_id ORDER BY id) AS back
			FROM audit_log WHERE object_type = 'note') a WHERE back`); n != 0 {
		t.Errorf("%d audit entries of notes earlier than the entry before them", n)
	}
	if n := count(`SELECT count(*) FROM notes WHERE created_at > now() - interval '4 days'`); n != 0 {
		t.Errorf("%d notes not moved into the past", n)
	}
	if n := count(`
		SELECT count(*) FROM notes WHERE (status IN ('published', 'archived')) <> (published_at IS NOT NULL)
			OR published_at <= created_at OR updated_at < created_at OR updated_at > now()`); n != 0 {
		t.Errorf("%d notes with inconsistent timestamps", n)
	}
	if n := count(`
		SELECT count(*) FROM note_versions v JOIN notes n ON n.id = v.note_id
		WHERE v.saved_at < n.created_at OR v.saved_at > n.updated_at`); n != 0 {
		t.Errorf("%d versions saved outside their note's life", n)
	}
	if n := count(`
		SELECT count(*) FROM note_comments c JOIN notes n ON n.id = c.note_id
		WHERE c.created_at <= n.published_at OR c.created_at > now()`); n != 0 {
		t.Errorf("%d comments written outside their note's publication", n)
	}

	notes := count(`SELECT count(*) FROM notes`)
	if n, err := demo.Seed(ctx, pool, h); err != nil || n != 0 {
		t.Fatalf("second run created %d accounts: %v", n, err)
	}
	if n := count(`SELECT count(*) FROM notes`); n != notes {
		t.Errorf("second run: %d notes, had %d", n, notes)
	}
	if n, err := demo.SeedNotes(ctx, pool); err != nil || n != 0 {
		t.Errorf("SeedNotes on a seeded database created %d: %v", n, err)
	}
}
