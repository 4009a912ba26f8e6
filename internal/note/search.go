package note

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/jackc/pgx/v5"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
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
		if stop[w] || len(terms) == 8 {
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
	Page     int // 0-based
}

// PageSize is how many hits a search page shows.
const PageSize = 20

// maxPage bounds how deep OFFSET goes; nobody reads past it and it keeps every query cheap.
const maxPage = 25

// searchSQL builds the search query with only the conditions f uses, so every variant gets a
// plan of its own that can use the indexes (a generic "$1 = ” OR …" plan could not). The
// snippet is made only for the rows of the page (the outer query), never for every match.
func searchSQL(f Search) (string, []any) {
	var where []string
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	query := "NULL::tsquery"
	if q := Query(f.Text); q != "" {
		query = "to_tsquery('public.hn_cs', " + arg(q) + ")"
		where = append(where, "n.search @@ query")
	}
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
	order := `n.published_at DESC, n.id DESC`
	switch {
	case f.Sort == ByUseful:
		order = `n.useful_count DESC, n.id DESC`
	case query != "NULL::tsquery" && f.Sort != ByNewest:
		order = `ts_rank_cd(n.search, query) DESC, n.id DESC`
	}
	cond := ""
	for _, w := range where {
		cond += " AND " + w
	}
	return `
		WITH hits AS (
			SELECT ` + listCols + `, n.body_text, query
			` + from + `, (SELECT ` + query + `) AS qq(query)
			WHERE n.status = 'published'` + cond + `
			ORDER BY ` + order + `
			LIMIT ` + arg(PageSize+1) + ` OFFSET ` + arg(f.Page*PageSize) + `)
		SELECT id, title, summary, tags, area_ids, author_id, author_name, office_id, office_name,
			region_id, region_name, status, binding, review_by, return_comment, version, useful_count,
			created_at, updated_at, published_at,
			CASE WHEN query IS NULL THEN '' ELSE ts_headline('public.hn_cs', summary || E'\n' || body_text, query,
				'StartSel=' || chr(1) || ', StopSel=' || chr(2) || ', MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "')
			END AS snippet
		FROM hits`, args
}

// Hit is a note found by a search, with a snippet whose matches sit between \x01 and \x02.
type Hit struct {
	Note
	Snippet string `db:"snippet"`
}

// Search returns one page of published notes matching f and whether another page follows.
func (s *Store) Search(ctx context.Context, f Search) ([]Hit, bool, error) {
	if f.Page < 0 || f.Page >= maxPage {
		f.Page = 0
	}
	sql, args := searchSQL(f)
	rows, err := s.pool.Query(ctx, sql, args...)
	if err != nil {
		return nil, false, fmt.Errorf("note: search: %w", err)
	}
	hits, err := pgx.CollectRows(rows, pgx.RowToStructByNameLax[Hit])
	if err != nil {
		return nil, false, fmt.Errorf("note: search: %w", err)
	}
	more := len(hits) > PageSize && f.Page+1 < maxPage
	if len(hits) > PageSize {
		hits = hits[:PageSize]
	}
	return hits, more, nil
}

// Related lists up to five published notes that share the most tags and areas with n.
func (s *Store) Related(ctx context.Context, n *Note) ([]Note, error) {
	return s.list(ctx, `
		WHERE n.status = 'published' AND n.id <> $1 AND (n.area_ids && $2 OR n.tags && $3)
		ORDER BY 2 * cardinality(ARRAY(SELECT unnest(n.tags) INTERSECT SELECT unnest($3::text[])))
			+ cardinality(ARRAY(SELECT unnest(n.area_ids) INTERSECT SELECT unnest($2::smallint[]))) DESC,
			n.useful_count DESC, n.id DESC
		LIMIT 5`, n.ID, n.AreaIDs, n.Tags)
}

// Tags lists the tags of published notes with how often each is used, most used first.
func (s *Store) Tags(ctx context.Context, limit int) ([]string, error) {
	rows, err := s.pool.Query(ctx, `
		SELECT t FROM notes n, unnest(n.tags) t WHERE n.status = 'published'
		GROUP BY t ORDER BY count(*) DESC, t LIMIT $1`, limit)
	if err != nil {
		return nil, fmt.Errorf("note: tags: %w", err)
	}
	return pgx.CollectRows(rows, pgx.RowTo[string])
}
