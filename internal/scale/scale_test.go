package scale_test

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"hnizdo.cz/hnizdo/internal/auth"
	"hnizdo.cz/hnizdo/internal/db/dbtest"
	"hnizdo.cz/hnizdo/internal/note"
	"hnizdo.cz/hnizdo/internal/pii"
	"hnizdo.cz/hnizdo/internal/scale"
)

var cheap = auth.Hasher{MemoryKiB: 64, Time: 1, Threads: 1}

// load fills a fresh database with s.
func load(t *testing.T, s scale.Sizes) *pgxpool.Pool {
	t.Helper()
	pool := dbtest.New(t)
	if err := scale.Load(context.Background(), pool, s, cheap, slog.New(slog.NewTextHandler(io.Discard, nil))); err != nil {
		t.Fatal(err)
	}
	return pool
}

func count(t *testing.T, pool *pgxpool.Pool, sql string, args ...any) int {
	t.Helper()
	var n int
	if err := pool.QueryRow(context.Background(), sql, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return n
}

func TestLoadMakesWhatTheSizesSay(t *testing.T) {
	s := scale.Tiny()
	s.Notes = 7003 // more than one batch, not a multiple of it
	pool := load(t, s)
	ctx := context.Background()
	if n := count(t, pool, `SELECT count(*) FROM offices`); n != s.Offices {
		t.Errorf("offices %d, want %d", n, s.Offices)
	}
	if n := count(t, pool, `SELECT count(DISTINCT region_id) FROM offices WHERE kind = 'regional'`); n != 14 {
		t.Errorf("regions with an authority: %d, want 14", n)
	}
	if n := count(t, pool, `SELECT count(*) FROM users WHERE email LIKE '%@' || $1`, scale.Domain); n != s.Users {
		t.Errorf("users %d, want %d", n, s.Users)
	}
	if n := count(t, pool, `SELECT count(*) FROM notes`); n != s.Notes {
		t.Errorf("notes %d, want %d", n, s.Notes)
	}
	// Every note has two or three versions, the last one the note's own.
	if n := count(t, pool, `SELECT count(*) FROM notes n WHERE n.version NOT IN (2, 3)
		OR (SELECT count(*) FROM note_versions v WHERE v.note_id = n.id) <> n.version
		OR (SELECT body FROM note_versions v WHERE v.note_id = n.id AND v.version = n.version) <> n.body`); n != 0 {
		t.Errorf("%d notes without their versions", n)
	}
	// About 2 KB of Czech text with diacritics.
	var avg float64
	var withDiacritics int
	if err := pool.QueryRow(ctx, `SELECT avg(octet_length(body)), count(*) FILTER (WHERE body ~ '[ěščřžýáíéúů]') FROM notes`).Scan(&avg, &withDiacritics); err != nil {
		t.Fatal(err)
	}
	if avg < 1600 || avg > 2800 || withDiacritics != s.Notes {
		t.Errorf("average body %.0f bytes, %d of %d with diacritics", avg, withDiacritics, s.Notes)
	}
	// The search column is the app's own: a common word found with and without diacritics.
	if n := count(t, pool, `SELECT count(*) FROM notes WHERE status = 'published' AND search @@ to_tsquery('public.hn_cs', $1)`,
		note.Query("dítěte")); n < s.Notes/4 {
		t.Errorf("only %d notes match a common word", n)
	}
	// Every word form is listed for the search's lookups (note_words), though the notes were
	// written in parallel batches.
	if n := count(t, pool, `SELECT count(*) FROM (SELECT DISTINCT unnest(tsvector_to_array(search)) w FROM notes) f
		WHERE NOT EXISTS (SELECT FROM note_words WHERE word = f.w)`); n != 0 {
		t.Errorf("%d word forms of the notes are not listed", n)
	}
	// The search window holds every published note, there being fewer than note.Window, though
	// its trigger was off during the load.
	if n := count(t, pool, `SELECT count(*) FROM notes n WHERE status = 'published'
		AND NOT EXISTS (SELECT FROM note_recent r WHERE r.id = n.id AND r.search = n.search)`); n != 0 {
		t.Errorf("%d published notes are not in the search window", n)
	}
	// The indexes dropped for the load are back, and new rows get ids after the loaded ones.
	if n := count(t, pool, `SELECT count(*) FROM pg_indexes WHERE tablename = 'notes'`); n < 8 {
		t.Errorf("notes have %d indexes", n)
	}
	var u struct{ id int64 }
	if err := pool.QueryRow(ctx, `INSERT INTO notes (title, author_id, office_id, region_id, review_by)
		SELECT 'nová', id, office_id, 11, now() FROM users LIMIT 1 RETURNING id`).Scan(&u.id); err != nil {
		t.Fatal(err)
	}
	if u.id != int64(s.Notes)+1 {
		t.Errorf("next note id %d, want %d", u.id, s.Notes+1)
	}
	// Published notes are filed under their tags and areas, and the trigger that keeps them
	// filed is on again.
	if _, err := pool.Exec(ctx, `UPDATE notes SET status = 'published', published_at = now(), tags = '{nový}', area_ids = '{3}' WHERE id = $1`, u.id); err != nil {
		t.Fatal(err)
	}
	if n := count(t, pool, `
		WITH want AS (
			SELECT 't' || t AS k, published_at, id FROM notes, unnest(tags) t WHERE status = 'published'
			UNION ALL SELECT 'a' || a, published_at, id FROM notes, unnest(area_ids) a WHERE status = 'published'),
		got AS (
			SELECT 't' || tag, published_at, note_id FROM note_tags
			UNION ALL SELECT 'a' || area_id, published_at, note_id FROM note_areas)
		SELECT (SELECT count(*) FROM (TABLE want EXCEPT ALL TABLE got) x) + (SELECT count(*) FROM (TABLE got EXCEPT ALL TABLE want) y)`); n != 0 {
		t.Errorf("note_tags and note_areas differ from the published notes by %d rows", n)
	}
	// Accounts can log in with the shared password.
	var email string
	if err := pool.QueryRow(ctx, `SELECT email FROM users WHERE 'methodologist' = ANY(roles) LIMIT 1`).Scan(&email); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(email, "metodik.") {
		t.Errorf("a methodologist's e-mail %q", email)
	}
	if _, err := auth.NewStore(pool, cheap).Login(ctx, email, scale.Password, "127.0.0.1"); err != nil {
		t.Errorf("login %s: %v", email, err)
	}
}

func TestLoadRefusesADatabaseWithPeople(t *testing.T) {
	pool := load(t, scale.Tiny())
	err := scale.Load(context.Background(), pool, scale.Tiny(), cheap, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err == nil || !strings.Contains(err.Error(), "fresh") {
		t.Fatalf("second load: %v", err)
	}
}

// noPersonalData fails on any text sql returns that the personal-data guard of the forms refuses.
func noPersonalData(t *testing.T, pool *pgxpool.Pool, sql string) {
	t.Helper()
	rows, err := pool.Query(context.Background(), sql)
	if err != nil {
		t.Fatal(err)
	}
	texts, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range texts {
		if fs := pii.Scan(x); len(fs) > 0 {
			t.Errorf("personal data %q in %q", fs[0].Text, x)
		}
	}
}

// methodologists returns one methodologist of each region that has one, by region.
func methodologists(t *testing.T, pool *pgxpool.Pool) []int64 {
	t.Helper()
	rows, err := pool.Query(context.Background(), `SELECT DISTINCT ON (o.region_id) u.id FROM users u
		JOIN offices o ON o.id = u.office_id WHERE 'methodologist' = ANY (u.roles) ORDER BY o.region_id, u.id`)
	if err != nil {
		t.Fatal(err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		t.Fatal(err)
	}
	return ids
}
