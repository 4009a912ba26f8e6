package note

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/jackc/pgx/v5"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"hnizdo.cz/hnizdo/internal/db"
)

// Czech has no stemmer in Postgres. The index keeps whole words folded to ASCII (the hn_cs
// configuration); the query cuts common case endings off each word and matches the rest as a
// prefix, so "pěstounské péče", "pestounska pece" and "pěstoun" all find "pěstounská péče".
var endings = func() []string {
	e := strings.Fields(`ovymi ovych ovym ovou ovem ovi ove ova ovy ami emi ach ech ich ych ymi imi
		emu imu ymu eho iho yho ete eti ou um em im ym mi ho mu ie a e i o u y`)
	slices.SortStableFunc(e, func(a, b string) int { return len(b) - len(a) })
	return e
}()

// stop words are too common to narrow a search.
var stop = map[string]bool{
	"a": true, "i": true, "k": true, "o": true, "s": true, "u": true, "v": true, "z": true,
	"ve": true, "na": true, "se": true, "si": true, "do": true, "od": true, "po": true, "za": true,
	"ze": true, "je": true, "to": true, "pro": true, "pri": true, "jak": true, "ale": true, "nebo": true,
	"the": true, "and": true, "of": true,
}

// Fold lower-cases s and removes diacritics: "Pěstounská" → "pestounska".
func Fold(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(t, strings.ToLower(s))
	if err != nil {
		return strings.ToLower(s)
	}
	return out
}

// Stem cuts a common Czech ending off a folded word, keeping at least three letters.
func Stem(w string) string {
	for _, e := range endings {
		if strings.HasSuffix(w, e) && len(w)-len(e) >= 3 {
			return w[:len(w)-len(e)]
		}
	}
	return w
}

// Query turns what a user typed into a tsquery for the hn_cs configuration, or "" when
// nothing searchable is left. Only letters and digits pass, so the result is always valid
// tsquery syntax whatever the user typed.
func Query(q string) string {
	words := strings.FieldsFunc(Fold(q), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	var terms []string
	for _, w := range words {
		// The hn_cs configuration indexes words only, never numbers or words with digits in
		// them: such a term could match nothing.
		if stop[w] || len(terms) == 8 || strings.ContainsFunc(w, unicode.IsDigit) {
			continue
		}
		t := Stem(w) + ":*"
		if !slices.Contains(terms, t) {
			terms = append(terms, t)
		}
	}
	return strings.Join(terms, " & ")
}

// Sort orders search results.
type Sort string

const (
	ByRelevance Sort = "relevance"
	ByNewest    Sort = "newest"
	ByUseful    Sort = "useful"
)

// Search narrows the published notes.
type Search struct {
	Text     string
	AreaID   int16
	Tag      string
	OfficeID int64
	RegionID int16
	From, To time.Time // publication dates, zero = open
	Sort     Sort
	Page     int    // relevance: 0-based page among the ranked candidates
	After    string // newest, most useful: the Cursor of the page before (keyset pagination)
}

// PageSize is how many hits a search page shows.
const PageSize = 20

// Candidates bounds relevance ranking: the newest this many matches are ranked. Ranking reads
// each match's whole text vector, so ranking every match of a word found in most notes would
// cost time in proportion to the knowledge base; the newest matches are found through an
// index whatever its size. Fewer matches than this are all ranked.
const Candidates = 100

// Result is one page of a search.
type Result struct {
	Hits []Hit
	// More: another page follows; Next is its cursor for the keyset sorts.
	More bool
	Next string
	// Capped: more notes match than were ranked (relevance only); a narrower query helps.
	Capped bool
}

// relevance tells whether f is ranked; without words there is nothing to rank by, so the
// newest come first.
func (f Search) relevance() bool {
	return Query(f.Text) != "" && f.Sort != ByNewest && f.Sort != ByUseful
}

// onlyWords tells that f narrows by words alone, sorted by relevance or newest first: the search
// a shape is chosen for.
func (f Search) onlyWords() bool {
	return Query(f.Text) != "" && f.AreaID == 0 && strings.TrimSpace(f.Tag) == "" && f.OfficeID == 0 &&
		f.RegionID == 0 && f.From.IsZero() && f.To.IsZero() && f.Sort != ByUseful
}

// cursor is a keyset position: the sort key of the last note shown and its id.
type cursor struct {
	key int64 // published_at in microseconds, or useful_count
	id  int64
}

func parseCursor(s string) (cursor, bool) {
	k, i, ok := strings.Cut(s, ".")
	if !ok {
		return cursor{}, false
	}
	key, err1 := strconv.ParseInt(k, 10, 64)
	id, err2 := strconv.ParseInt(i, 10, 64)
	return cursor{key, id}, err1 == nil && err2 == nil && id > 0
}

func (c cursor) String() string {
	return strconv.FormatInt(c.key, 10) + "." + strconv.FormatInt(c.id, 10)
}

// searchSQL builds the search query with only the conditions f uses, so every variant gets a
// plan of its own that can use the indexes (a generic "$1 = ” OR …" plan could not). Pages
// of the newest and the most useful continue from a cursor (no OFFSET over large sets);
// relevance ranks the newest Candidates matches and pages among them. The snippet is made
// only for the rows of the page, never for every match. how says how words are found (see
// shape); prepared tells that one plan suits every run of the query, so it may be kept.
func searchSQL(f Search, how shape) (sql string, args []any, prepared bool) {
	var where []string
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	query, body := "NULL::tsquery", "'' AS body_text" // the text only for snippets
	if q := Query(f.Text); q != "" {
		body = "n.body_text"
		// Query's words are folded and lower-cased already, as the hn_cs configuration would
		// make them, so the tsquery is written directly: the planner sees its words (and so
		// estimates how many notes match), and no row evaluates to_tsquery again.
		if how != lookup || f.relevance() { // the lookup finds notes by the forms (below)
			query = arg(q) + "::tsquery"
		}
		switch how {
		case walk: // not a condition an index can answer: the dates index is walked
			where = append(where, "coalesce(n.search @@ "+query+", false)")
		case lookup: // words unknown to the planner: one plan, from the words index, for all
			// The forms each stem stands for, named (see migration 00019): the words index
			// then steps through the rarer word's notes instead of gathering every note with
			// any form of each. Ranking keeps the prefixes, which match the same forms.
			where = append(where, "n.search @@ (SELECT note_words_query("+arg(snippetTerms(f.Text))+"::text[]))")
		default:
			where = append(where, "n.search @@ "+query)
		}
	}
	words := len(where) > 0
	if f.AreaID != 0 {
		where = append(where, "n.area_ids @> ARRAY["+arg(f.AreaID)+"::smallint]")
	}
	if t := strings.ToLower(strings.TrimSpace(f.Tag)); t != "" {
		where = append(where, "n.tags @> ARRAY["+arg(t)+"::text]")
	}
	if f.OfficeID != 0 {
		where = append(where, "n.office_id = "+arg(f.OfficeID))
	}
	if f.RegionID != 0 {
		where = append(where, "n.region_id = "+arg(f.RegionID))
	}
	if !f.From.IsZero() {
		where = append(where, "n.published_at >= "+arg(f.From))
	}
	if !f.To.IsZero() {
		where = append(where, "n.published_at < "+arg(f.To.AddDate(0, 0, 1)))
	}
	// Nothing but the words, or nothing at all: the plan does not depend on the values.
	prepared = len(where) == 0 || (len(where) == 1 && words && how != planned)
	key, rank := "n.published_at", "0::real"
	if f.Sort == ByUseful && !f.relevance() {
		key = "n.useful_count"
	}
	if c, ok := parseCursor(f.After); ok && !f.relevance() {
		if key == "n.published_at" {
			where = append(where, "(n.published_at, n.id) < ("+arg(time.UnixMicro(c.key))+", "+arg(c.id)+")")
		} else {
			where = append(where, "(n.useful_count, n.id) < ("+arg(c.key)+", "+arg(c.id)+")")
		}
	}
	cond := ""
	for _, w := range where {
		cond += " AND " + w
	}
	// With words and another filter, few notes pass both, and walking the dates index while
	// testing each note's words would read most of the notes' text vectors; the planner does
	// not count that cost. Ordering by an expression keeps it to the indexes of the words and
	// of the filter, then sorts what both let through.
	order := key
	if words && key == "n.published_at" && (how == lookup || how == planned && len(where) > 1) {
		order = "n.published_at + interval '0'"
	}
	// The keyset sorts take one page (and one more row, to know whether another follows);
	// relevance takes the candidates, then ranks them and cuts its page. The limits are the
	// program's constants, written into the query so that a kept plan knows them.
	limit, offset := PageSize+1, 0
	if f.relevance() {
		limit, offset = Candidates+1, f.Page*PageSize
		rank = "ts_rank_cd(n.search, " + query + ")"
	}
	found := `
		WITH found AS MATERIALIZED (
			SELECT n.id, row_number() OVER (ORDER BY ` + order + ` DESC, n.id DESC) AS nth FROM notes n
			WHERE n.status = 'published'` + cond + `
			ORDER BY ` + order + ` DESC, n.id DESC
			LIMIT ` + strconv.Itoa(limit) + `),`
	if how == lookup && f.onlyWords() {
		// The window of the newest notes first (migration 00020): when it holds limit matches,
		// they are the newest of all, as every note published since its start is in it. Else,
		// unless it holds every note, the whole words index is read after all. Postgres runs
		// only the branch whose condition holds.
		enough := `((SELECT count(*) FROM recent) = ` + strconv.Itoa(limit) + ` OR (SELECT since FROM note_window) = '-infinity')`
		found = `
		WITH recent AS MATERIALIZED (
			SELECT n.id, n.published_at FROM note_recent n
			WHERE n.published_at >= (SELECT since FROM note_window)` + cond + `
			ORDER BY n.published_at + interval '0' DESC, n.id DESC
			LIMIT ` + strconv.Itoa(limit) + `),
		found AS MATERIALIZED (
			SELECT id, row_number() OVER (ORDER BY published_at DESC, id DESC) AS nth FROM (
				SELECT id, published_at FROM recent WHERE ` + enough + `
				UNION ALL
				(SELECT n.id, n.published_at FROM notes n
				WHERE n.status = 'published'` + cond + ` AND NOT ` + enough + `
				ORDER BY ` + order + ` DESC, n.id DESC
				LIMIT ` + strconv.Itoa(limit) + `)) x),`
	}
	return found + `
		page AS (
			SELECT n.id, ` + rank + ` AS rank, (SELECT count(*) FROM found) AS found
			FROM found JOIN notes n ON n.id = found.id
			WHERE found.nth <= ` + strconv.Itoa(Candidates) + ` -- the extra row only tells that more matched
			ORDER BY rank DESC, ` + key + ` DESC, n.id DESC
			LIMIT ` + strconv.Itoa(PageSize+1) + ` OFFSET ` + arg(offset) + `)
		SELECT ` + listCols + `, page.found, ` + body + `
		` + from + ` JOIN page ON page.id = n.id
		ORDER BY page.rank DESC, ` + key + ` DESC, n.id DESC`, args, prepared
}

// Hit is a note found by a search, with a snippet whose matches sit between \x01 and \x02.
type Hit struct {
	Note
	Snippet  string `db:"-"`
	Found    int    `db:"found"`
	BodyText string `db:"body_text"`
}

// Search returns one page of published notes matching f.
func (s *Store) Search(ctx context.Context, f Search) (Result, error) {
	if f.Page < 0 || f.Page*PageSize >= Candidates {
		f.Page = 0
	}
	how := planned
	if f.onlyWords() {
		st, err := s.stats(ctx)
		if err != nil {
			return Result{}, err
		}
		how = st.shapeFor(snippetTerms(f.Text))
	}
	return s.search(ctx, f, how)
}

// search is Search with the shape given.
func (s *Store) search(ctx context.Context, f Search, how shape) (Result, error) {
	sql, args, prepared := searchSQL(f, how)
	var hits []Hit
	var err error
	if prepared {
		var rows pgx.Rows
		if rows, err = s.pool.Query(ctx, sql, args...); err == nil {
			hits, err = pgx.CollectRows(rows, pgx.RowToStructByNameLax[Hit])
		}
	} else {
		// Planned for each search's own values: one generic plan for every word or tag, and
		// the plan that suits a rare word walks every note for a common one (140 ms instead of
		// 5 ms at 100,000 notes).
		hits, err = db.Planned(ctx, s.pool, pgx.RowToStructByNameLax[Hit], sql, args...)
	}
	if err != nil {
		return Result{}, fmt.Errorf("note: search: %w", err)
	}
	var res Result
	if f.relevance() {
		if len(hits) > 0 {
			res.Capped = hits[0].Found > Candidates
			res.More = (f.Page+1)*PageSize < min(hits[0].Found, Candidates)
		}
	} else if res.More = len(hits) > PageSize; res.More {
		last := hits[PageSize-1]
		c := cursor{key: last.PublishedAt.UnixMicro(), id: last.ID}
		if f.Sort == ByUseful {
			c.key = int64(last.UsefulCount)
		}
		res.Next = c.String()
	}
	if len(hits) > PageSize {
		hits = hits[:PageSize]
	}
	if terms := snippetTerms(f.Text); len(terms) > 0 {
		for i := range hits {
			hits[i].Snippet = snippet(hits[i].Summary+"\n"+hits[i].BodyText, terms)
			hits[i].BodyText = ""
		}
	}
	res.Hits = hits
	return res, nil
}

// Related lists up to five published notes that share the most tags and areas with n. Only
// the newest 30 notes sharing a tag and the newest 30 sharing an area are scored, taken from
// the note_tags and note_areas indexes: scoring every note that shares one of eighteen areas
// would read a good part of the knowledge base for each note page.
func (s *Store) Related(ctx context.Context, n *Note) ([]Note, error) {
	// The five are chosen among the candidates' own rows before their authors and offices are
	// joined; counting the shared tags and areas with ANY instead of INTERSECT (both lists hold
	// each value once) took a quarter off the query.
	const score = `2 * (SELECT count(*) FROM unnest(%[1]s.tags) t WHERE t = ANY($3))
			+ (SELECT count(*) FROM unnest(%[1]s.area_ids) a WHERE a = ANY($2)) DESC, %[1]s.useful_count DESC, %[1]s.id DESC`
	return s.list(ctx, `
		WHERE n.id IN (SELECT x.id FROM notes x WHERE x.id IN (
			(SELECT x.note_id FROM unnest($3::text[]) want(tag), LATERAL (
				SELECT note_id, published_at FROM note_tags t
				WHERE t.tag = want.tag AND t.note_id <> $1 ORDER BY published_at DESC LIMIT 30) x
			GROUP BY x.note_id ORDER BY max(x.published_at) DESC LIMIT 30)
			UNION
			(SELECT x.note_id FROM unnest($2::smallint[]) want(area_id), LATERAL (
				SELECT note_id, published_at FROM note_areas a
				WHERE a.area_id = want.area_id AND a.note_id <> $1 ORDER BY published_at DESC LIMIT 30) x
			GROUP BY x.note_id ORDER BY max(x.published_at) DESC LIMIT 30))
			ORDER BY `+fmt.Sprintf(score, "x")+` LIMIT 5)
		ORDER BY `+fmt.Sprintf(score, "n"), n.ID, n.AreaIDs, n.Tags)
}

// Tags lists the tags of published notes with how often each is used, most used first. The
// count reads every filing of a tag (note_tags, kept by a trigger), so the answer is kept for
// tagsFor: the popular tags of a knowledge base change over weeks, and the list page asks on
// every request. Once there is a list, a request that comes while another counts them anew gets
// the list being replaced instead of waiting for the count.
func (s *Store) Tags(ctx context.Context, limit int) ([]string, error) {
	c := &s.tags
	for {
		c.Lock()
		if !c.at.IsZero() && c.limit == limit && (c.wait != nil || s.now().Sub(c.at) < tagsFor) {
			list := c.list
			c.Unlock()
			return list, nil
		}
		if wait := c.wait; wait != nil {
			// No list yet: wait for the count under way instead of counting too. After a
			// start every request of the first second counted them at once (32 counts of
			// 150 ms at 100,000 notes), and held the pool's connections meanwhile.
			c.Unlock()
			select {
			case <-wait:
				continue
			case <-ctx.Done():
				return nil, ctx.Err()
			}
		}
		wait := make(chan struct{})
		c.wait = wait
		c.Unlock()
		list, err := s.countTags(ctx, limit)
		c.Lock()
		c.wait = nil
		close(wait)
		if err == nil {
			c.list, c.at, c.limit = list, s.now(), limit
		}
		c.Unlock()
		if err != nil {
			return nil, err
		}
		return list, nil
	}
}

// countTags counts the tags of published notes; see Tags.
func (s *Store) countTags(ctx context.Context, limit int) ([]string, error) {
	rows, err := s.pool.Query(ctx, `
		-- reads every filing of a tag: cached, see tagsFor
		SELECT tag FROM note_tags GROUP BY tag ORDER BY count(*) DESC, tag LIMIT $1`, limit)
	if err != nil {
		return nil, fmt.Errorf("note: tags: %w", err)
	}
	list, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("note: tags: %w", err)
	}
	return list, nil
}

// tagsFor is how long the popular tags are kept.
const tagsFor = 5 * time.Minute
