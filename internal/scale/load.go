package scale

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"runtime"
	"sort"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"golang.org/x/sync/errgroup"

	"hnizdo.cz/hnizdo/internal/auth"
)

// loader carries what the parts have made so far, so that later parts refer to real rows.
type loader struct {
	*gen // for the parts made in one goroutine
	pool *pgxpool.Pool
	s    Sizes
	log  *slog.Logger
	now  time.Time

	regions  []int16
	offices  []office
	users    []user
	byOffice map[int64][]int // indexes into users
	notes    []int64         // published notes
}

type office struct {
	id     int64
	region int16
	kind   string
	name   string
}

type user struct {
	id     int64
	office int // index into offices
	roles  []string
	name   string
}

// Load fills pool's database, which must be migrated and hold no users yet. The same sizes and
// seed make the same data.
func Load(ctx context.Context, pool *pgxpool.Pool, s Sizes, h auth.Hasher, log *slog.Logger) error {
	var n int
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM users`).Scan(&n); err != nil {
		return fmt.Errorf("scale: %w", err)
	}
	if n > 0 {
		return fmt.Errorf("scale: the database already has %d users; seed-scale fills only a fresh, separate database", n)
	}
	hash, err := h.Hash(Password)
	if err != nil {
		return fmt.Errorf("scale: %w", err)
	}
	l := &loader{gen: newGen(s.Seed, 0), pool: pool, s: s, log: log,
		now: time.Now().Truncate(time.Second), byOffice: map[int64][]int{}}
	parts := []struct {
		name string
		fn   func(context.Context) error
	}{
		{"offices", l.loadOffices},
		{"users", func(ctx context.Context) error { return l.loadUsers(ctx, hash) }},
		{"notes", l.loadNotes},
	}
	parts = append(parts, l.more()...)
	for _, p := range parts {
		start := time.Now()
		if err := p.fn(ctx); err != nil {
			return fmt.Errorf("scale: %s: %w", p.name, err)
		}
		log.Info("seed-scale", "part", p.name, "took", time.Since(start).Round(time.Millisecond))
	}
	start := time.Now()
	if _, err := pool.Exec(ctx, `ANALYZE`); err != nil {
		return fmt.Errorf("scale: analyze: %w", err)
	}
	log.Info("seed-scale", "part", "analyze", "took", time.Since(start).Round(time.Millisecond))
	return nil
}

// more lists the parts of the other capabilities, in order; each lives in its own file.
func (l *loader) more() []struct {
	name string
	fn   func(context.Context) error
} {
	return []struct {
		name string
		fn   func(context.Context) error
	}{
		{"meetings", l.loadMeetings},
		{"feedback", l.loadFeedback},
		{"oversight", l.loadOversight},
		{"questions", l.loadQuestions},
		{"nest", l.loadNest},
	}
}

// copyRows writes n rows to table with COPY; row fills the values of row i (nil skips it).
func (l *loader) copyRows(ctx context.Context, table string, cols []string, n int, row func(i int) []any) (int64, error) {
	i := 0
	var cur []any
	src := pgx.CopyFromFunc(func() ([]any, error) {
		for i < n {
			cur = row(i)
			i++
			if cur != nil {
				return cur, nil
			}
		}
		return nil, nil
	})
	c, err := l.pool.CopyFrom(ctx, pgx.Identifier{table}, cols, src)
	if err != nil {
		return c, fmt.Errorf("copy %s: %w", table, err)
	}
	return c, nil
}

// ids returns the ids of table's rows above after, in the order COPY wrote them (identity
// values grow with each row of one COPY).
func (l *loader) ids(ctx context.Context, table string, after int64) ([]int64, error) {
	rows, err := l.pool.Query(ctx, `SELECT id FROM `+pgx.Identifier{table}.Sanitize()+` WHERE id > $1 ORDER BY id`, after)
	if err != nil {
		return nil, fmt.Errorf("ids of %s: %w", table, err)
	}
	return pgx.CollectRows(rows, pgx.RowTo[int64])
}

// maxID is the largest id of table so far (0 when empty).
func (l *loader) maxID(ctx context.Context, table string) (int64, error) {
	var id int64
	err := l.pool.QueryRow(ctx, `SELECT coalesce(max(id), 0) FROM `+pgx.Identifier{table}.Sanitize()).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("max id of %s: %w", table, err)
	}
	return id, nil
}

// pick returns a random element index weighted by a cumulative table.
func pick(rnd *rand.Rand, cum []int) int {
	x := rnd.IntN(cum[len(cum)-1])
	return sort.SearchInts(cum, x+1)
}

// gen is a source of random choices and text; each goroutine has its own, seeded from the
// sizes' seed and its stream, so that the data does not depend on scheduling.
type gen struct {
	rnd  *rand.Rand
	text *textGen
}

func newGen(seed int64, stream uint64) *gen {
	r := rand.New(rand.NewPCG(uint64(seed), 0x5ca1e+stream))
	return &gen{rnd: r, text: newTextGen(r)}
}

// between returns a random time in [from, to).
func (l *gen) between(from, to time.Time) time.Time {
	d := to.Sub(from)
	if d <= 0 {
		return from
	}
	return from.Add(time.Duration(l.rnd.Int64N(int64(d)))).Truncate(time.Second)
}

// sample returns k distinct random indexes below n (k ≤ n).
func (l *gen) sample(n, k int) []int {
	if k > n {
		k = n
	}
	seen := make(map[int]bool, k)
	out := make([]int, 0, k)
	for len(out) < k {
		i := l.rnd.IntN(n)
		if !seen[i] {
			seen[i] = true
			out = append(out, i)
		}
	}
	return out
}

// usersWith returns the indexes of users having role, optionally only in region r (0: any).
func (l *loader) usersWith(role string, r int16) []int {
	var out []int
	for i, u := range l.users {
		if r != 0 && l.offices[u.office].region != r {
			continue
		}
		for _, x := range u.roles {
			if x == role {
				out = append(out, i)
				break
			}
		}
	}
	return out
}

// title capitalises the first letter.
func title(s string) string {
	for i, r := range s {
		return strings.ToUpper(string(r)) + s[i+len(string(r)):]
	}
	return s
}

// bulk lets fn write tables' rows with ids of its own choosing, in parallel COPYs, and without
// the tables' secondary indexes, which are built again afterwards in one pass each (far faster
// than growing them row by row). It restores identity and sequences when done. It changes the
// schema for the duration, which is fine only because Load fills a fresh database of its own.
func (l *loader) bulk(ctx context.Context, tables []string, fn func(next map[string]int64) error) error {
	next := map[string]int64{}
	var indexes []string
	for _, t := range tables {
		id, err := l.maxID(ctx, t)
		if err != nil {
			return err
		}
		next[t] = id + 1
		if _, err := l.pool.Exec(ctx, `ALTER TABLE `+pgx.Identifier{t}.Sanitize()+` ALTER COLUMN id SET GENERATED BY DEFAULT`); err != nil {
			return fmt.Errorf("identity of %s: %w", t, err)
		}
		// Indexes that no constraint owns; the constraints' own (keys, uniques) stay.
		rows, err := l.pool.Query(ctx, `
			SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
			FROM pg_index i LEFT JOIN pg_constraint c ON c.conindid = i.indexrelid
			WHERE i.indrelid = $1::regclass AND c.oid IS NULL`, t)
		if err != nil {
			return fmt.Errorf("indexes of %s: %w", t, err)
		}
		defs, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) ([2]string, error) {
			var d [2]string
			return d, r.Scan(&d[0], &d[1])
		})
		if err != nil {
			return fmt.Errorf("indexes of %s: %w", t, err)
		}
		for _, d := range defs {
			if _, err := l.pool.Exec(ctx, `DROP INDEX `+d[0]); err != nil {
				return fmt.Errorf("drop %s: %w", d[0], err)
			}
			indexes = append(indexes, d[1])
		}
	}
	if err := fn(next); err != nil {
		return err
	}
	for _, t := range tables {
		q := pgx.Identifier{t}.Sanitize()
		if _, err := l.pool.Exec(ctx, `ALTER TABLE `+q+` ALTER COLUMN id SET GENERATED ALWAYS`); err != nil {
			return fmt.Errorf("identity of %s: %w", t, err)
		}
		if _, err := l.pool.Exec(ctx, `SELECT setval(pg_get_serial_sequence($1, 'id'), coalesce(max(id), 0) + 1, false) FROM `+q, t); err != nil {
			return fmt.Errorf("sequence of %s: %w", t, err)
		}
	}
	// Build the indexes two at a time, each with room to sort in memory.
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(2)
	for _, def := range indexes {
		g.Go(func() error {
			conn, err := l.pool.Acquire(gctx)
			if err != nil {
				return err
			}
			defer conn.Release()
			if _, err := conn.Exec(gctx, `SET maintenance_work_mem = '256MB'`); err != nil {
				return err
			}
			if _, err := conn.Exec(gctx, def); err != nil {
				return fmt.Errorf("%s: %w", def, err)
			}
			return nil
		})
	}
	return g.Wait()
}

// withoutForeignKeys runs fn with the foreign keys of tables dropped and adds them back after
// it, exactly as they were. Checking a key row by row is most of the cost of a COPY (a trigger
// and a lookup per row and key); adding it back checks all rows in one join instead, so the
// data is checked all the same. Like bulk, it changes the schema for the duration, which is
// fine only because Load fills a fresh database of its own.
func (l *loader) withoutForeignKeys(ctx context.Context, tables []string, fn func() error) error {
	rows, err := l.pool.Query(ctx, `
		SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint
		WHERE contype = 'f' AND conrelid = ANY ($1::text[]::regclass[]) ORDER BY 1, 2`, tables)
	if err != nil {
		return fmt.Errorf("foreign keys: %w", err)
	}
	var keys [][3]string
	var k [3]string
	if _, err := pgx.ForEachRow(rows, []any{&k[0], &k[1], &k[2]}, func() error {
		keys = append(keys, k)
		return nil
	}); err != nil {
		return fmt.Errorf("foreign keys: %w", err)
	}
	for _, k := range keys {
		if _, err := l.pool.Exec(ctx, `ALTER TABLE `+k[0]+` DROP CONSTRAINT `+pgx.Identifier{k[1]}.Sanitize()); err != nil {
			return fmt.Errorf("drop %s: %w", k[1], err)
		}
	}
	if err := fn(); err != nil {
		return err
	}
	byTable := map[string][]string{}
	var order []string
	for _, k := range keys {
		if len(byTable[k[0]]) == 0 {
			order = append(order, k[0])
		}
		byTable[k[0]] = append(byTable[k[0]], `ADD CONSTRAINT `+pgx.Identifier{k[1]}.Sanitize()+` `+k[2])
	}
	// One table after the other: adding a key locks the referenced table too, so two at once
	// can deadlock.
	for _, t := range order {
		if _, err := l.pool.Exec(ctx, `ALTER TABLE `+t+` `+strings.Join(byTable[t], ", ")); err != nil {
			return fmt.Errorf("foreign keys of %s: %w", t, err)
		}
	}
	return nil
}

// parallel runs fn for batches 0…n-1 on as many goroutines as the machine has cores (at least
// two, so that Postgres works on one batch while the next is made).
func parallel(ctx context.Context, n int, fn func(ctx context.Context, batch int) error) error {
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(max(2, runtime.NumCPU()))
	for b := range n {
		g.Go(func() error { return fn(gctx, b) })
	}
	return g.Wait()
}
