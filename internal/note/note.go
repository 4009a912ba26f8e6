// Package note keeps the practice notes (praktické poznámky, příklady dobré praxe): the shared
// knowledge base that staff write, the region's methodologists review and publish, and everyone
// searches. It owns the notes' rules, versions, search, reading marks, comments and attachments.
package note

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"hnizdo.cz/hnizdo/internal/app"
	"hnizdo.cz/hnizdo/internal/auth"
	"hnizdo.cz/hnizdo/internal/i18n"
)

// Status is where a note is in its review.
type Status string

const (
	Draft     Status = "draft"
	Submitted Status = "submitted" // waiting for a methodologist
	Published Status = "published" // readable by every signed-in user of every region
	Archived  Status = "archived"  // kept for reference, out of search
)

// Statuses lists every status in order.
var Statuses = []Status{Draft, Submitted, Published, Archived}

// Note is a practice note with the names the pages show.
type Note struct {
	ID            int64      `db:"id"`
	Title         string     `db:"title"`
	Summary       string     `db:"summary"`
	Body          string     `db:"body"` // empty in lists and search results
	Tags          []string   `db:"tags"`
	AreaIDs       []int16    `db:"area_ids"`
	AuthorID      int64      `db:"author_id"`
	AuthorName    string     `db:"author_name"`
	OfficeID      int64      `db:"office_id"`
	OfficeName    string     `db:"office_name"`
	RegionID      int16      `db:"region_id"`
	RegionName    string     `db:"region_name"`
	Status        Status     `db:"status"`
	Binding       bool       `db:"binding"`
	ReviewBy      time.Time  `db:"review_by"`
	ReturnComment string     `db:"return_comment"`
	Version       int32      `db:"version"`
	UsefulCount   int32      `db:"useful_count"`
	CreatedAt     time.Time  `db:"created_at"`
	UpdatedAt     time.Time  `db:"updated_at"`
	PublishedAt   *time.Time `db:"published_at"`
}

// Outdated reports whether a published note is past its review-by date on day today.
func (n *Note) Outdated(today time.Time) bool {
	return n.Status == Published && n.ReviewBy.Before(dateOf(today))
}

func dateOf(t time.Time) time.Time {
	y, m, d := t.In(i18n.Prague).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// Area is one thematic area of the shared taxonomy.
type Area struct {
	ID     int16  `db:"id"`
	Slug   string `db:"slug"`
	NameCS string `db:"name_cs"`
	NameEN string `db:"name_en"`
}

// Name returns the area's name in lang.
func (a Area) Name(lang string) string {
	if lang == "en" {
		return a.NameEN
	}
	return a.NameCS
}

// IsReviewer reports whether u reviews n: a methodologist of the note's region or an administrator.
func IsReviewer(u *auth.User, n *Note) bool {
	return u.Has(auth.Admin) || (u.Has(auth.Methodologist) && u.RegionID == n.RegionID)
}

// CanRead reports whether u may read n. Published and archived notes are open to every
// signed-in user; drafts and submitted notes to their author and reviewers.
func CanRead(u *auth.User, n *Note) bool {
	if u == nil {
		return false
	}
	if n.Status == Published || n.Status == Archived {
		return true
	}
	return n.AuthorID == u.ID || IsReviewer(u, n)
}

// CanEdit reports whether u may change n's content: the author while it is a draft; a reviewer
// while it is submitted or published (small corrections before or after publishing).
func CanEdit(u *auth.User, n *Note) bool {
	switch n.Status {
	case Draft:
		return n.AuthorID == u.ID
	case Submitted, Published:
		return IsReviewer(u, n)
	}
	return false
}

// Action is a change of a note's status (or, for Renew, of its review-by date).
type Action string

const (
	Submit    Action = "submit"    // author: draft → submitted (the personal-data guard must be satisfied)
	Withdraw  Action = "withdraw"  // author: submitted → draft
	Return    Action = "return"    // reviewer: submitted → draft, with a comment
	Publish   Action = "publish"   // reviewer: submitted → published
	Archive   Action = "archive"   // author or reviewer: published → archived
	Republish Action = "republish" // reviewer: archived → published
	Renew     Action = "renew"     // author or reviewer: a new review-by date for a published note
)

type rule struct {
	from []Status
	to   Status
	who  func(u *auth.User, n *Note) bool
}

func author(u *auth.User, n *Note) bool           { return n.AuthorID == u.ID }
func authorOrReviewer(u *auth.User, n *Note) bool { return author(u, n) || IsReviewer(u, n) }
func reviewer(u *auth.User, n *Note) bool         { return IsReviewer(u, n) }

// rules is the one state machine of a note.
var rules = map[Action]rule{
	Submit:    {[]Status{Draft}, Submitted, author},
	Withdraw:  {[]Status{Submitted}, Draft, author},
	Return:    {[]Status{Submitted}, Draft, reviewer},
	Publish:   {[]Status{Submitted}, Published, reviewer},
	Archive:   {[]Status{Published}, Archived, authorOrReviewer},
	Republish: {[]Status{Archived}, Published, reviewer},
	Renew:     {[]Status{Published}, Published, authorOrReviewer},
}

// Check says whether u may take action a on n now: ErrForbidden when the person may not,
// ErrConflict when the note is in the wrong state. It returns the status after the action.
func Check(u *auth.User, n *Note, a Action) (Status, error) {
	r, ok := rules[a]
	if !ok || !r.who(u, n) {
		return "", app.ErrForbidden
	}
	if !slices.Contains(r.from, n.Status) {
		return "", app.ErrConflict
	}
	return r.to, nil
}

// AllActions lists every action in the order the page offers them.
var AllActions = []Action{Submit, Withdraw, Publish, Return, Renew, Archive, Republish}

// Actions lists what u may do with n now, for the page's buttons.
func Actions(u *auth.User, n *Note) []Action {
	var out []Action
	for _, a := range AllActions {
		if _, err := Check(u, n, a); err == nil {
			out = append(out, a)
		}
	}
	return out
}

// Input is what an author edits.
type Input struct {
	Title    string
	Summary  string
	Body     string
	Tags     string // comma-separated
	AreaIDs  []int16
	ReviewBy string // YYYY-MM-DD; "" = a year from today
	Binding  bool   // honoured only for reviewers
	Version  int32  // the version the form was loaded at (edits only)
}

// Limits on the fields, in characters.
const (
	MaxTitle   = 200
	MaxSummary = 600
	MaxBody    = 50_000
	MaxTags    = 12
	MaxTag     = 40
)

// Clean trims the input, validates it against the known areas and returns the tags and the
// review-by date; problems come back as app.Invalid.
func (in *Input) Clean(areas []Area, today time.Time) ([]string, time.Time, error) {
	v := app.Invalid{}
	in.Title = strings.TrimSpace(in.Title)
	in.Summary = strings.TrimSpace(in.Summary)
	in.Body = strings.TrimRight(strings.ReplaceAll(in.Body, "\r\n", "\n"), " \n")
	switch {
	case in.Title == "":
		v.Add("title", "err.required")
	case utf8.RuneCountInString(in.Title) > MaxTitle:
		v.Add("title", "err.too_long")
	}
	if utf8.RuneCountInString(in.Summary) > MaxSummary {
		v.Add("summary", "err.too_long")
	}
	if strings.TrimSpace(in.Body) == "" {
		v.Add("body", "err.required")
	} else if utf8.RuneCountInString(in.Body) > MaxBody {
		v.Add("body", "err.too_long")
	}
	tags := SplitTags(in.Tags)
	if len(tags) > MaxTags {
		v.Add("tags", "err.too_many_tags")
	}
	for _, t := range tags {
		if utf8.RuneCountInString(t) > MaxTag {
			v.Add("tags", "err.tag_too_long")
		}
	}
	if len(in.AreaIDs) == 0 {
		v.Add("areas", "err.choose_area")
	}
	for _, id := range in.AreaIDs {
		if !slices.ContainsFunc(areas, func(a Area) bool { return a.ID == id }) {
			v.Add("areas", "err.choose_area")
		}
	}
	slices.Sort(in.AreaIDs)
	in.AreaIDs = slices.Compact(in.AreaIDs)
	review := dateOf(today).AddDate(1, 0, 0)
	if s := strings.TrimSpace(in.ReviewBy); s != "" {
		d, err := time.Parse(time.DateOnly, s)
		switch {
		case err != nil:
			v.Add("review_by", "err.date")
		case !d.After(dateOf(today)):
			v.Add("review_by", "err.date_future")
		case d.After(dateOf(today).AddDate(5, 0, 0)):
			v.Add("review_by", "err.date_too_far")
		default:
			review = d
		}
	}
	return tags, review, v.Err()
}

// SplitTags turns "Pěstounská péče, návštěvy,,  " into lower-case unique tags in order.
func SplitTags(s string) []string {
	out := []string{} // never nil: the column is NOT NULL
	for _, t := range strings.Split(s, ",") {
		t = strings.ToLower(strings.Join(strings.Fields(t), " "))
		if t != "" && !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}
