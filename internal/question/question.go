// Package question holds methodological questions that staff ask their region, and the FAQ
// they become once the region's methodologists answer them and publish an anonymised version.
//
// Who sees what is decided here: the region's methodologists see every question of the region
// (the queue); the asker and the staff of the asker's office see their own office's questions,
// private ones included; a published question reaches everyone else only through the FAQ,
// which never shows the asker, the office or the original wording.
package question

import (
	"time"

	"hnizdo.cz/hnizdo/internal/app"
	"hnizdo.cz/hnizdo/internal/auth"
	"hnizdo.cz/hnizdo/internal/i18n"
)

// State is where a question is on its way from the asker to the FAQ.
type State string

const (
	New       State = "new"       // waiting for a methodologist
	Assigned  State = "assigned"  // a methodologist answers it
	Answered  State = "answered"  // the asker can read the answer; it may still be edited
	Published State = "published" // anonymised in the FAQ
	Private   State = "private"   // answered for the asker's office only
)

// States lists the states in workflow order; their labels are "question.state.<state>".
var States = []State{New, Assigned, Answered, Published, Private}

// Open reports whether st still waits for an answer.
func (st State) Open() bool { return st == New || st == Assigned }

// Refusal is a change the question's state or version does not allow now; it carries the key
// of the message that tells the user why and counts as app.ErrConflict.
type Refusal string

func (r Refusal) Error() string { return "question: refused: " + string(r) }

// Is makes errors.Is(r, app.ErrConflict) true.
func (r Refusal) Is(target error) bool { return target == app.ErrConflict }

// Refusals, by message key.
const (
	ErrState   Refusal = "question.err.state" // not possible in this state
	ErrChanged Refusal = "question.err.stale" // someone else changed it first
)

// Limits on what people type.
const (
	MaxTitle  = 200
	MaxBody   = 4000
	MaxAnswer = 20000
	MaxLaws   = 2000
)

// Question is one methodological question with its answer and FAQ entry.
type Question struct {
	ID           int64      `db:"id"`
	RegionID     int16      `db:"region_id"`
	OfficeID     int64      `db:"office_id"`
	OfficeName   string     `db:"office_name"`
	AskerID      int64      `db:"asker_id"`
	AskerName    string     `db:"asker_name"`
	Title        string     `db:"title"`
	Body         string     `db:"body"`
	AreaID       *int16     `db:"area_id"`
	AreaName     string     `db:"area_name"`
	State        State      `db:"state"`
	AssigneeID   *int64     `db:"assignee_id"`
	AssigneeName string     `db:"assignee_name"`
	Due          time.Time  `db:"due"`
	Answer       string     `db:"answer"` // Markdown
	AnsweredAt   *time.Time `db:"answered_at"`
	AnsweredBy   string     `db:"answered_by"` // the name of who wrote the current answer
	Laws         string     `db:"laws"`        // one per line
	StandardIDs  []int16    `db:"standard_ids"`
	FAQTitle     string     `db:"faq_title"`
	FAQBody      string     `db:"faq_body"`
	PublishedAt  *time.Time `db:"published_at"`
	TopicID      *int64     `db:"topic_id"`
	MeetingID    int64      `db:"meeting_id"` // of the topic; 0 if none
	MeetingTitle string     `db:"meeting_title"`
	NoteIDs      []int64    `db:"note_ids"`
	FindingIDs   []int64    `db:"finding_ids"`
	Version      int32      `db:"version"`
}

// Overdue reports whether q still waits for an answer past its target date on day today.
func (q *Question) Overdue(today time.Time) bool {
	return q.State.Open() && q.Due.Before(today)
}

// oversees reports whether u is a methodologist of region. (The oversight package has the same
// rule; it imports this package, so this one cannot import it.)
func oversees(u *auth.User, region int16) bool {
	return u != nil && u.Can(auth.Oversee) && u.RegionID == region
}

// CanManage reports whether u handles q: assigns, answers, publishes or keeps it private. Only
// the methodologists of q's region do.
func CanManage(u *auth.User, q *Question) bool { return oversees(u, q.RegionID) }

// Involved reports whether u may read q as asked, with the asker, the office and the original
// wording: the region's methodologists, the asker, and the staff of the asker's office (an
// office sees its own private questions).
func Involved(u *auth.User, q *Question) bool {
	return u != nil && (oversees(u, q.RegionID) || u.ID == q.AskerID || u.OfficeID == q.OfficeID)
}

// CanSee reports whether u may know q exists: whoever is involved, and for a published question
// everyone signed in (who reads it through the FAQ, which never shows the office or the asker).
func CanSee(u *auth.User, q *Question) bool {
	return Involved(u, q) || (u != nil && u.ID != 0 && q.State == Published)
}

// anonymise strips from q what identifies the asker, for someone who may see it only because
// it is published: what is left is what the FAQ shows.
func (q *Question) anonymise() {
	q.OfficeID, q.OfficeName = 0, ""
	q.AskerID, q.AskerName = 0, ""
	q.Title, q.Body = q.FAQTitle, q.FAQBody
}

// Today is the calendar date of t in Prague, as midnight UTC, the form pgx uses for dates.
func Today(t time.Time) time.Time {
	y, m, d := t.In(i18n.Prague).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
