package bench

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// The pages of the mix. Home is one page per role ("home/methodologist"): what it shows
// depends on the role.
const (
	pageHome      = "home"
	pageNotes     = "notes"
	pageSearch    = "search"
	pageNote      = "note"
	pageMeeting   = "meeting"
	pageFeedback  = "feedback results"
	pageOversight = "oversight"
	pageOffice    = "office"
)

// pageOrder is the order of the report's rows.
var pageOrder = []string{pageHome, pageNotes, pageSearch, pageNote, pageMeeting, pageFeedback, pageOversight, pageOffice}

// roleOrder is who is logged in first when there are fewer users than roles, and the role
// weights of the users (caseworkers are most of the country's staff).
var roleOrder = []struct {
	role   string
	weight int
}{{"methodologist", 2}, {"caseworker", 4}, {"head", 2}, {"coordinator", 1}, {"guide", 1}}

// mix is how often each role asks for each page (relative weights): caseworkers and heads live
// in the notes; methodologists also in oversight and feedback; coordinators in meetings and
// feedback; guides visit offices.
var mix = map[string]map[string]int{
	"caseworker":    {pageHome: 2, pageNotes: 2, pageSearch: 6, pageNote: 5, pageMeeting: 2, pageOffice: 1},
	"head":          {pageHome: 2, pageNotes: 2, pageSearch: 5, pageNote: 4, pageMeeting: 2, pageOffice: 2},
	"methodologist": {pageHome: 2, pageNotes: 1, pageSearch: 3, pageNote: 3, pageMeeting: 2, pageFeedback: 2, pageOversight: 3, pageOffice: 2},
	"coordinator":   {pageHome: 2, pageNotes: 1, pageSearch: 3, pageNote: 3, pageMeeting: 3, pageFeedback: 3, pageOffice: 1},
	"guide":         {pageHome: 2, pageNotes: 1, pageSearch: 3, pageNote: 3, pageMeeting: 1, pageOffice: 3},
}

// countedTables are the sizes a run was made against.
var countedTables = []string{"notes", "users", "offices", "meetings", "topics", "topic_votes", "feedback_answers",
	"inspections", "findings", "questions"}

// account is a user the benchmark logs in as.
type account struct {
	ID       int64
	Email    string
	Roles    []string
	OfficeID int64
	RegionID int16
}

// vuPlan is one virtual user: who it is and the URLs of each page it may request (all of
// them answer it 200, by the handlers' access rules).
type vuPlan struct {
	Role    string
	Account account
	URLs    map[string][]string // page → paths
}

// plan is what discovery found.
type plan struct {
	VUs      []vuPlan
	Search   map[string]string // search path → its class ("rare, 2 words, no diacritics"), the tail's too
	Popular  []string          // the popular searches' paths
	Tail     []searchQuery     // the long tail of searches, see searches
	Classes  []string          // the search classes in report order
	Skipped  []string          // pages left out of the mix, and why
	Counts   map[string]int64
	Postgres string
}

// openReadOnly opens a small pool whose transactions cannot write: discovery only reads.
func openReadOnly(ctx context.Context, dsn string) (*pgxpool.Pool, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("bench: database URL: %w", err)
	}
	cfg.MaxConns = 2
	cfg.ConnConfig.RuntimeParams["default_transaction_read_only"] = "on"
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("bench: open database: %w", err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("bench: database: %w", err)
	}
	return pool, nil
}

// discover picks the accounts of o.Users virtual users and, for each, ids it may see.
func discover(ctx context.Context, pool *pgxpool.Pool, o Options) (*plan, error) {
	p := &plan{Counts: map[string]int64{}}
	if err := pool.QueryRow(ctx, `SELECT version()`).Scan(&p.Postgres); err != nil {
		return nil, fmt.Errorf("bench: postgres version: %w", err)
	}
	for _, t := range countedTables {
		var n int64
		if err := pool.QueryRow(ctx, `SELECT count(*) FROM `+pgx.Identifier{t}.Sanitize()).Scan(&n); err != nil {
			return nil, fmt.Errorf("bench: count %s: %w", t, err)
		}
		p.Counts[t] = n
	}
	rows, _ := pool.Query(ctx, `
		SELECT u.id, u.email, u.roles, u.office_id, o.region_id
		FROM users u JOIN offices o ON o.id = u.office_id
		WHERE u.active AND u.password_hash <> '' AND lower(u.email) LIKE '%@' || lower($1)
		  AND NOT 'admin' = ANY (u.roles)
		ORDER BY u.id`, o.Domain)
	accounts, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (account, error) {
		var a account
		err := r.Scan(&a.ID, &a.Email, &a.Roles, &a.OfficeID, &a.RegionID)
		return a, err
	})
	if err != nil {
		return nil, fmt.Errorf("bench: accounts: %w", err)
	}
	if len(accounts) == 0 {
		return nil, fmt.Errorf("bench: no active account with a password ends in @%s (load data with `hnizdo seed-scale`, or set -domain and -password)", o.Domain)
	}
	r := &regionCache{pool: pool, meetings: map[int16][]int64{}, forms: map[int16][]int64{}, regional: map[int16]int64{}}
	rnd := rand.New(rand.NewPCG(uint64(o.Seed), 0xbe7c4))
	chosen, err := pickAccounts(ctx, accounts, o.Users, rnd, r)
	if err != nil {
		return nil, err
	}

	notes, err := ids(ctx, pool, `SELECT id FROM notes WHERE status = 'published' ORDER BY md5(id::text || $1::text) LIMIT 20`, strconv.FormatInt(o.Seed, 10))
	if err != nil {
		return nil, fmt.Errorf("bench: notes: %w", err)
	}
	queries, tail := searchQueries(o.Seed)
	p.Search, p.Tail = map[string]string{}, tail
	var searchURLs []string
	for _, q := range queries {
		p.Search[q.Path()] = q.Class
		searchURLs = append(searchURLs, q.Path())
		if !slices.Contains(p.Classes, q.Class) {
			p.Classes = append(p.Classes, q.Class)
		}
	}
	for _, q := range tail {
		p.Search[q.Path()] = q.Class
	}
	p.Popular = searchURLs
	anyMeetings, err := ids(ctx, pool, `SELECT id FROM meetings WHERE status <> 'draft' ORDER BY id LIMIT 3`)
	if err != nil {
		return nil, fmt.Errorf("bench: meetings: %w", err)
	}

	served := map[string]bool{}
	for _, c := range chosen {
		a, role := c.account, c.role
		urls := map[string][]string{pageHome: {"/"}, pageNotes: {"/notes"}}
		if len(searchURLs) > 0 {
			urls[pageSearch] = searchURLs
		}
		if len(notes) > 0 {
			urls[pageNote] = paths("/notes/", notes)
		}
		meetings, err := r.meetingsOf(ctx, a.RegionID)
		if err != nil {
			return nil, err
		}
		if len(meetings) == 0 {
			meetings = anyMeetings // a meeting that is not a draft is visible to everyone
		}
		if len(meetings) > 0 {
			urls[pageMeeting] = paths("/meetings/", meetings)
		}
		// Results: organisers of the form's region only (feedback.CanManage).
		if role == "methodologist" || role == "coordinator" {
			forms, err := r.formsOf(ctx, a.RegionID)
			if err != nil {
				return nil, err
			}
			if len(forms) > 0 {
				urls[pageFeedback] = paths("/feedback/", forms, "/results")
			}
		}
		if role == "methodologist" {
			urls[pageOversight] = []string{"/oversight"}
		}
		offices := []int64{a.OfficeID}
		regional, err := r.regionalOf(ctx, a.RegionID)
		if err != nil {
			return nil, err
		}
		if regional != 0 && regional != a.OfficeID {
			offices = append(offices, regional)
		}
		urls[pageOffice] = paths("/offices/", offices)
		for pg := range urls {
			if mix[role][pg] == 0 {
				delete(urls, pg)
			} else {
				served[pg] = true
			}
		}
		p.VUs = append(p.VUs, vuPlan{Role: role, Account: a, URLs: urls})
	}
	for _, pg := range pageOrder {
		if pg == pageHome || served[pg] {
			continue
		}
		switch pg {
		case pageNote:
			p.Skipped = append(p.Skipped, pg+": no published note")
		case pageSearch:
			p.Skipped = append(p.Skipped, pg+": no search query")
		case pageMeeting:
			p.Skipped = append(p.Skipped, pg+": no meeting beyond drafts")
		case pageFeedback:
			p.Skipped = append(p.Skipped, pg+": no methodologist or coordinator with a feedback form in their region")
		case pageOversight:
			p.Skipped = append(p.Skipped, pg+": no methodologist among the users")
		}
	}
	return p, nil
}

type chosenAccount struct {
	role    string
	account account
}

// pickAccounts shares n users among the roles present and picks an account for each, preferring
// accounts of one role and (for the roles that read feedback results) regions with a form.
func pickAccounts(ctx context.Context, accounts []account, n int, rnd *rand.Rand, r *regionCache) ([]chosenAccount, error) {
	byRole := map[string][]account{}
	var roles []string
	var weights []int
	for _, ro := range roleOrder {
		for _, a := range accounts {
			if slices.Contains(a.Roles, ro.role) {
				byRole[ro.role] = append(byRole[ro.role], a)
			}
		}
		if len(byRole[ro.role]) > 0 {
			roles = append(roles, ro.role)
			weights = append(weights, ro.weight)
		}
	}
	if len(roles) == 0 {
		return nil, errors.New("bench: no account has a role of the mix (caseworker, head, methodologist, coordinator, guide)")
	}
	counts := allocate(n, weights)
	used := map[int64]bool{}
	var out []chosenAccount
	for i, role := range roles {
		cands := slices.Clone(byRole[role])
		rnd.Shuffle(len(cands), func(i, j int) { cands[i], cands[j] = cands[j], cands[i] })
		rank := map[int64]int{}
		for _, a := range cands {
			k := 0
			if len(a.Roles) > 1 {
				k += 2 // a user of one role behaves like the role
			}
			if role == "methodologist" || role == "coordinator" {
				forms, err := r.formsOf(ctx, a.RegionID)
				if err != nil {
					return nil, err
				}
				if len(forms) == 0 {
					k++
				}
			}
			rank[a.ID] = k
		}
		slices.SortStableFunc(cands, func(a, b account) int { return cmp.Compare(rank[a.ID], rank[b.ID]) })
		// Distinct accounts while there are enough; then the same accounts log in again (a
		// person with two browsers).
		var fresh []account
		for _, a := range cands {
			if !used[a.ID] {
				fresh = append(fresh, a)
			}
		}
		if len(fresh) == 0 {
			fresh = cands
		}
		for k := range counts[i] {
			a := fresh[k%len(fresh)]
			used[a.ID] = true
			out = append(out, chosenAccount{role: role, account: a})
		}
	}
	return out, nil
}

// allocate shares n among len(weights) roles: one each first (in order, while n lasts), the
// rest in proportion to the weights (largest remainder).
func allocate(n int, weights []int) []int {
	counts := make([]int, len(weights))
	for i := range counts {
		if n > 0 {
			counts[i] = 1
			n--
		}
	}
	if n == 0 {
		return counts
	}
	sum := 0
	for _, w := range weights {
		sum += w
	}
	type rem struct{ i, r int }
	var rems []rem
	given := 0
	for i, w := range weights {
		q := n * w / sum
		counts[i] += q
		given += q
		rems = append(rems, rem{i, n * w % sum})
	}
	slices.SortStableFunc(rems, func(a, b rem) int { return cmp.Compare(b.r, a.r) })
	for k := 0; given < n; k++ {
		counts[rems[k%len(rems)].i]++
		given++
	}
	return counts
}

// regionCache asks the database once per region.
type regionCache struct {
	pool     *pgxpool.Pool
	meetings map[int16][]int64
	forms    map[int16][]int64
	regional map[int16]int64
}

// meetingsOf: the region's meetings that are not drafts (drafts only their organisers see),
// those with the most topics first.
func (r *regionCache) meetingsOf(ctx context.Context, region int16) ([]int64, error) {
	if m, ok := r.meetings[region]; ok {
		return m, nil
	}
	m, err := ids(ctx, r.pool, `
		SELECT m.id FROM meetings m WHERE m.region_id = $1 AND m.status <> 'draft'
		ORDER BY (SELECT count(*) FROM topics t WHERE t.meeting_id = m.id) DESC, m.id LIMIT 3`, region)
	if err != nil {
		return nil, fmt.Errorf("bench: meetings of region %d: %w", region, err)
	}
	r.meetings[region] = m
	return m, nil
}

// formsOf: the region's feedback forms (not templates), those whose results are shown (enough
// answers) and have the most answers first.
func (r *regionCache) formsOf(ctx context.Context, region int16) ([]int64, error) {
	if f, ok := r.forms[region]; ok {
		return f, nil
	}
	f, err := ids(ctx, r.pool, `
		SELECT f.id FROM feedback_forms f
		CROSS JOIN LATERAL (SELECT count(*) AS n FROM feedback_responses x WHERE x.form_id = f.id) c
		WHERE f.region_id = $1 AND NOT f.is_template
		ORDER BY (c.n >= f.min_answers) DESC, c.n DESC, f.id LIMIT 3`, region)
	if err != nil {
		return nil, fmt.Errorf("bench: feedback forms of region %d: %w", region, err)
	}
	r.forms[region] = f
	return f, nil
}

func (r *regionCache) regionalOf(ctx context.Context, region int16) (int64, error) {
	if id, ok := r.regional[region]; ok {
		return id, nil
	}
	l, err := ids(ctx, r.pool, `SELECT id FROM offices WHERE region_id = $1 AND kind = 'regional' ORDER BY id LIMIT 1`, region)
	if err != nil {
		return 0, fmt.Errorf("bench: regional office of region %d: %w", region, err)
	}
	var id int64
	if len(l) > 0 {
		id = l[0]
	}
	r.regional[region] = id
	return id, nil
}

func ids(ctx context.Context, pool *pgxpool.Pool, sql string, args ...any) ([]int64, error) {
	rows, _ := pool.Query(ctx, sql, args...)
	return pgx.CollectRows(rows, pgx.RowTo[int64])
}

func paths(prefix string, ids []int64, suffix ...string) []string {
	var out []string
	for _, id := range ids {
		s := prefix + strconv.FormatInt(id, 10)
		for _, x := range suffix {
			s += x
		}
		out = append(out, s)
	}
	return out
}
