package question

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"hnizdo.cz/hnizdo/internal/app"
	"hnizdo.cz/hnizdo/internal/auth"
	"hnizdo.cz/hnizdo/internal/db"
	"hnizdo.cz/hnizdo/internal/note"
)

// Entry is a published question as the FAQ shows it. It never carries the asker, the asker's
// office or the question's original wording: only the edited FAQ wording and the answer.
type Entry struct {
	ID          int64        `db:"id"`
	RegionID    int16        `db:"region_id"`
	RegionName  string       `db:"region_name"`
	FAQTitle    string       `db:"faq_title"`
	FAQBody     string       `db:"faq_body"`
	Answer      string       `db:"answer"` // Markdown
	AreaID      *int16       `db:"area_id"`
	AreaName    string       `db:"area_name"`
	Laws        string       `db:"laws"`      // one per line
	Standards   []string     `db:"standards"` // "8 Přijetí oznámení…"
	Notes       []NoteRef    `db:"notes"`     // published notes the answer cites
	Findings    []FindingRef `db:"findings"`  // the findings it came from
	Topic       *TopicRef    `db:"topic"`     // the agenda item it came from
	PublishedAt time.Time    `db:"published_at"`
	// Snippet is the matching text of a search, the matches between \x01 and \x02.
	Snippet string `db:"snippet"`
}

// NoteRef names a cited note.
type NoteRef struct {
	ID    int64  `json:"id"`
	Title string `json:"title"`
}

// FindingRef names a finding by its criterion and the inspection's year, never by office.
type FindingRef struct {
	ID   int64  `json:"id"`
	Code string `json:"code"`
	Year int16  `json:"year"`
}

// TopicRef names the meeting whose agenda item the question came from.
type TopicRef struct {
	MeetingID    int64  `json:"meeting_id"`
	MeetingTitle string `json:"meeting_title"`
}

// Search narrows the FAQ. Zero values do not narrow.
type Search struct {
	Text     string
	AreaID   int16
	RegionID int16
	Page     int // 0-based
}

// PageSize is how many entries a page of the FAQ shows.
const PageSize = 20

// hitCols are what the inner query of the FAQ picks: only what an Entry shows.
const hitCols = `q.id, q.region_id, r.name AS region_name, q.faq_title, q.faq_body, q.answer, q.area_id,
	coalesce(a.name_cs, '') AS area_name, q.laws, q.standard_ids, q.topic_id, q.published_at`

const hitFrom = ` FROM questions q JOIN regions r ON r.id = q.region_id LEFT JOIN areas a ON a.id = q.area_id`

// entryCols build an Entry from a hit h; the citations are looked up only for the rows of the
// page.
const entryCols = `h.id, h.region_id, h.region_name, h.faq_title, h.faq_body, h.answer, h.area_id, h.area_name, h.laws,
	array(SELECT s.id::text || ' ' || s.name_cs FROM standards s WHERE s.id = ANY(h.standard_ids) ORDER BY s.id) AS standards,
	coalesce((SELECT json_agg(json_build_object('id', n.id, 'title', n.title) ORDER BY n.title, n.id)
		FROM question_notes qn JOIN notes n ON n.id = qn.note_id
		WHERE qn.question_id = h.id AND n.status = 'published'), '[]') AS notes,
	coalesce((SELECT json_agg(json_build_object('id', f.id, 'code', c.code, 'year', i.year)
			ORDER BY i.year, c.standard_id, c.position, f.id)
		FROM question_findings qf JOIN findings f ON f.id = qf.finding_id
		JOIN criteria c ON c.id = f.criterion_id JOIN inspections i ON i.id = f.inspection_id
		WHERE qf.question_id = h.id), '[]') AS findings,
	(SELECT json_build_object('meeting_id', m.id, 'meeting_title', m.title)
		FROM topics t JOIN meetings m ON m.id = t.meeting_id WHERE t.id = h.topic_id) AS topic,
	h.published_at`

// Candidates bounds relevance ranking, as in the note search: the newest this many matches
// are ranked. Ranking reads each match's whole text vector, and a common word matches most of
// the FAQ, so ranking every match would cost time in proportion to the FAQ; the newest matches
// are found through an index whatever its size. Fewer matches than this are all ranked.
const Candidates = 100

// Result is one page of the FAQ.
type Result struct {
	Entries []Entry
	// More: another page follows.
	More bool
	// Capped: more entries match than were ranked (a search only); a narrower query helps.
	Capped bool
}

// hit is an Entry with the number of candidates its search found.
type hit struct {
	Entry
	Found int `db:"found"`
}

// faqSQL builds the search with only the conditions f uses, so each variant gets a plan that
// can use the indexes; the snippet is made only for the rows of the page. Without words the
// newest entries are paged; with words the newest Candidates matches are ranked and the page
// is cut from them.
func faqSQL(f Search) (string, []any) {
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	var cond strings.Builder
	query := "NULL::tsquery"
	if q := note.Query(f.Text); q != "" {
		// note.Query's words are folded and lower-cased already, as the hn_cs configuration
		// would make them, so the tsquery is written directly: the planner sees its words and
		// so estimates how many entries match.
		query = arg(q) + "::tsquery"
		cond.WriteString(" AND q.search @@ " + query)
	}
	if f.AreaID != 0 {
		cond.WriteString(" AND q.area_id = " + arg(f.AreaID))
	}
	if f.RegionID != 0 {
		cond.WriteString(" AND q.region_id = " + arg(f.RegionID))
	}
	// found is what is ordered and cut: the newest entries (the page of them without words,
	// the candidates with words). With words it holds one more, which only tells that more
	// entries match; ranked, it could push one of the newest off the pages.
	limit, offset, keep, rank := PageSize+1, f.Page*PageSize, PageSize+1, "0::real"
	if query != "NULL::tsquery" {
		limit, offset, keep, rank = Candidates+1, 0, Candidates, "ts_rank_cd(q.search, "+query+")"
	}
	found := `
		WITH found AS MATERIALIZED (
			SELECT q.id, q.published_at FROM questions q
			WHERE q.state = 'published'` + cond.String() + `
			ORDER BY q.published_at DESC, q.id DESC
			LIMIT ` + arg(limit) + ` OFFSET ` + arg(offset) + `),`
	page := `0`
	if query != "NULL::tsquery" {
		page = arg(f.Page * PageSize)
	}
	return found + `
		hits AS (
			SELECT ` + hitCols + `, ` + rank + ` AS rank, (SELECT count(*) FROM found)::int AS found
			FROM (SELECT id FROM found ORDER BY published_at DESC, id DESC LIMIT ` + arg(keep) + `) c
			JOIN questions q ON q.id = c.id JOIN regions r ON r.id = q.region_id LEFT JOIN areas a ON a.id = q.area_id
			ORDER BY rank DESC, q.published_at DESC, q.id DESC
			LIMIT ` + arg(PageSize+1) + ` OFFSET ` + page + `)
		SELECT ` + entryCols + `,
			CASE WHEN ` + query + ` IS NULL THEN '' ELSE ts_headline('public.hn_cs', h.faq_body || E'\n' || h.answer, ` + query + `,
				'StartSel=' || chr(1) || ', StopSel=' || chr(2) || ', MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "')
			END AS snippet, h.found
		FROM hits h
		ORDER BY h.rank DESC, h.published_at DESC, h.id DESC`, args
}

// FAQ returns one page of published questions matching f, the best match first when f has text
// and the newest first otherwise, and whether another page follows. Everyone signed in reads the
// FAQ of every region.
func (s *Store) FAQ(ctx context.Context, u *auth.User, f Search) ([]Entry, bool, error) {
	res, err := s.SearchFAQ(ctx, u, f)
	return res.Entries, res.More, err
}

// SearchFAQ is FAQ, and tells whether a search matched more entries than it ranked.
func (s *Store) SearchFAQ(ctx context.Context, u *auth.User, f Search) (Result, error) {
	if u == nil || u.ID == 0 {
		return Result{}, app.ErrForbidden
	}
	ranked := note.Query(f.Text) != ""
	if f.Page < 0 || f.Page >= maxPage || (ranked && f.Page*PageSize >= Candidates) {
		f.Page = 0
	}
	sql, args := faqSQL(f)
	// Planned for each search's own words, as the note search is: one generic plan for every
	// word would read every entry for a common one with the plan that suits a rare one.
	hits, err := db.Planned(ctx, s.pool, pgx.RowToStructByName[hit], sql, args...)
	if err != nil {
		return Result{}, fmt.Errorf("question: faq: %w", err)
	}
	var res Result
	if ranked {
		if len(hits) > 0 {
			res.Capped = hits[0].Found > Candidates
			res.More = (f.Page+1)*PageSize < min(hits[0].Found, Candidates)
		}
	} else {
		res.More = len(hits) > PageSize && f.Page+1 < maxPage
	}
	res.Entries = make([]Entry, min(len(hits), PageSize))
	for k := range res.Entries {
		res.Entries[k] = hits[k].Entry
	}
	return res, nil
}

// Entry returns published question id as the FAQ shows it; ErrNotFound for any other question,
// even to its asker (who reads it with Get).
func (s *Store) Entry(ctx context.Context, u *auth.User, id int64) (*Entry, error) {
	if u == nil || u.ID == 0 {
		return nil, app.ErrForbidden
	}
	rows, err := s.pool.Query(ctx, `
		WITH h AS (SELECT `+hitCols+hitFrom+` WHERE q.id = $1 AND q.state = 'published')
		SELECT `+entryCols+`, '' AS snippet FROM h`, id)
	if err != nil {
		return nil, fmt.Errorf("question: faq entry %d: %w", id, err)
	}
	e, err := pgx.CollectExactlyOneRow(rows, pgx.RowToAddrOfStructByName[Entry])
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, app.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("question: faq entry %d: %w", id, err)
	}
	return e, nil
}

// AreaCount is how many FAQ entries an area has.
type AreaCount struct {
	AreaID int16  `db:"area_id"`
	Name   string `db:"name"`
	Count  int    `db:"count"`
}

// AreaCounts lists the areas that have FAQ entries, in the areas' order, for browsing.
func (s *Store) AreaCounts(ctx context.Context) ([]AreaCount, error) {
	// Counted area by area from the index of published questions by area: a count grouped
	// over the questions read every question there is, on every visit of the FAQ.
	rows, err := s.pool.Query(ctx, `
		SELECT a.id AS area_id, a.name_cs AS name, n.count
		FROM areas a, LATERAL (SELECT count(*)::int AS count FROM questions q
			WHERE q.state = 'published' AND q.area_id = a.id) n
		WHERE n.count > 0
		ORDER BY a.position`)
	if err != nil {
		return nil, fmt.Errorf("question: faq areas: %w", err)
	}
	list, err := pgx.CollectRows(rows, pgx.RowToStructByName[AreaCount])
	if err != nil {
		return nil, fmt.Errorf("question: faq areas: %w", err)
	}
	return list, nil
}
