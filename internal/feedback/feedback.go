// Package feedback collects participants' feedback after meetings and visits: forms built from
// questions or templates, personal one-time invitations, answers (anonymous where promised),
// results with small-group protection, exports, and topics for the next meeting of a series.
package feedback

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"hnizdo.cz/hnizdo/internal/app"
	"hnizdo.cz/hnizdo/internal/auth"
	"hnizdo.cz/hnizdo/internal/meeting"
)

// Kind is the type of a question.
type Kind string

const (
	Rating   Kind = "rating"   // 1–5 on a labelled scale
	NPS      Kind = "nps"      // 0–10: would you recommend it
	Single   Kind = "single"   // one of the options
	Multiple Kind = "multiple" // any of the options
	Short    Kind = "short"    // a line of text
	Long     Kind = "long"     // a paragraph
)

// Kinds lists every kind in the order the builder offers them.
var Kinds = []Kind{Rating, NPS, Single, Multiple, Short, Long}

// Scale returns the lowest and highest value of a scale kind.
func (k Kind) Scale() (lo, hi int) {
	if k == NPS {
		return 0, 10
	}
	return 1, 5
}

// Scaled reports whether answers are numbers.
func (k Kind) Scaled() bool { return k == Rating || k == NPS }

// Choice reports whether answers are chosen from options.
func (k Kind) Choice() bool { return k == Single || k == Multiple }

// Textual reports whether answers are free text.
func (k Kind) Textual() bool { return k == Short || k == Long }

// Status is where a form is.
type Status string

const (
	Draft      Status = "draft"  // being built
	Ready      Status = "ready"  // built; opens when its meeting is held
	OpenStatus Status = "open"   // takes answers until the deadline
	Closed     Status = "closed" // closed early by the organisers
)

// Statuses lists every status in lifecycle order.
var Statuses = []Status{Draft, Ready, OpenStatus, Closed}

// Limits of what a form holds.
const (
	MaxTitle     = 200
	MaxIntro     = 2000
	MaxLabel     = 300
	MaxHelp      = 500
	MaxOptions   = 20
	MaxOption    = 200
	MaxQuestions = 50
	MaxShort     = 300
	MaxLong      = 4000
	DefaultK     = 5
	MinK, MaxK   = 3, 50
)

// Form is a feedback form or a template.
type Form struct {
	ID           int64      `db:"id"`
	RegionID     *int16     `db:"region_id"` // nil for a template shared by every region
	RegionName   string     `db:"region_name"`
	IsTemplate   bool       `db:"is_template"`
	MeetingID    *int64     `db:"meeting_id"`
	MeetingTitle string     `db:"meeting_title"`
	MeetingState string     `db:"meeting_status"`
	SeriesID     *int64     `db:"series_id"`
	OfficeID     *int64     `db:"office_id"`
	OfficeName   string     `db:"office_name"`
	Title        string     `db:"title"`
	Intro        string     `db:"intro"`
	Anonymous    bool       `db:"anonymous"`
	MinAnswers   int16      `db:"min_answers"`
	Status       Status     `db:"status"`
	ClosesAt     *time.Time `db:"closes_at"`
	OpenedAt     *time.Time `db:"opened_at"`
	Version      int32      `db:"version"`
	LockVersion  int32      `db:"lock_version"`
	CreatedAt    time.Time  `db:"created_at"`
	// Responses counts every answer of every version; Frozen says the current version has
	// answers, so a change of its questions starts the next version.
	Responses int32 `db:"responses"`
	Frozen    bool  `db:"frozen"`
	Invited   int32 `db:"invited"`
}

// Region returns the form's region, 0 for a shared template.
func (f *Form) Region() int16 {
	if f.RegionID == nil {
		return 0
	}
	return *f.RegionID
}

// Taking reports whether answers are taken at now.
func (f *Form) Taking(now time.Time) bool {
	return f.Status == OpenStatus && f.ClosesAt != nil && now.Before(*f.ClosesAt)
}

// Over reports whether the form took answers and no longer does.
func (f *Form) Over(now time.Time) bool {
	return f.Status == Closed || (f.Status == OpenStatus && f.ClosesAt != nil && !now.Before(*f.ClosesAt))
}

// Question is one question of a form version.
type Question struct {
	ID        int64    `db:"id"`
	FormID    int64    `db:"form_id"`
	Version   int32    `db:"version"`
	OriginID  int64    `db:"origin_id"` // the first question of its lineage (itself when new)
	Key       string   `db:"key"`
	Position  int32    `db:"position"`
	Kind      Kind     `db:"kind"`
	Label     string   `db:"label"`
	Help      string   `db:"help"`
	Required  bool     `db:"required"`
	Options   []string `db:"options"`
	LowLabel  string   `db:"low_label"`
	HighLabel string   `db:"high_label"`
}

// Refusal is an action the form's state does not allow now; it carries the key of the message
// that tells the user why and counts as app.ErrConflict.
type Refusal string

func (r Refusal) Error() string { return "feedback: refused: " + string(r) }

// Is makes errors.Is(r, app.ErrConflict) true.
func (r Refusal) Is(target error) bool { return target == app.ErrConflict }

// Refusals, by message key.
const (
	ErrWrongState    Refusal = "feedback.err.wrong_state"
	ErrNotHeld       Refusal = "feedback.err.not_held"      // a meeting's form opens once it is held
	ErrNoQuestions   Refusal = "feedback.err.no_questions"  // a form without questions cannot open
	ErrDeadlinePast  Refusal = "feedback.err.deadline_past" // opening with a deadline already past
	ErrClosed        Refusal = "feedback.err.closed"        // answering after the deadline
	ErrNotOpen       Refusal = "feedback.err.not_open"      // answering before the form opens
	ErrAnswered      Refusal = "feedback.err.answered"      // the invitation was spent already
	ErrBadLink       Refusal = "feedback.err.bad_link"      // an unknown token
	ErrNotInvited    Refusal = "feedback.err.not_invited"   // a signed-in user with no invitation
	ErrPromised      Refusal = "feedback.err.promised"      // anonymity cannot change once answered
	ErrStale         Refusal = "feedback.err.stale"         // the settings changed meanwhile
	ErrTooFew        Refusal = "feedback.err.too_few"       // results hidden below k answers
	ErrNoNextMeeting Refusal = "feedback.err.no_next"       // no next meeting of the series to carry topics to
	ErrTemplate      Refusal = "feedback.err.template"      // templates take no answers
	ErrHasForm       Refusal = "feedback.err.meeting_has_form"
)

// CanManage reports whether u builds forms and reads results in region: administrators
// anywhere, methodologists and network coordinators in their own region. Templates shared by
// every region (region 0) are the administrators'.
func CanManage(u *auth.User, region int16) bool {
	if region == 0 {
		return u.Has(auth.Admin)
	}
	return meeting.CanOrganise(u, region)
}

// Input is a form's settings as typed.
type Input struct {
	Title      string
	Intro      string
	Anonymous  bool
	MinAnswers int    // 0 = default
	ClosesAt   string // local date-time "2026-12-10T23:59" in Europe/Prague; may be empty in a draft
	// Only when the form is made:
	RegionID   int16 // administrators choose; others work in their own region
	MeetingID  int64
	OfficeID   int64
	TemplateID int64 // copy the questions of this template
	Template   bool  // make a template rather than a form
	Version    int32 // the lock_version the user saw, when saving
}

// clean validates in; it returns the parsed deadline.
func (in *Input) clean() (*time.Time, app.Invalid) {
	v := app.Invalid{}
	in.Title = strings.Join(strings.Fields(in.Title), " ")
	in.Intro = strings.TrimSpace(strings.ReplaceAll(in.Intro, "\r\n", "\n"))
	switch {
	case in.Title == "":
		v.Add("title", "err.required")
	case utf8.RuneCountInString(in.Title) > MaxTitle:
		v.Add("title", "err.too_long")
	}
	if utf8.RuneCountInString(in.Intro) > MaxIntro {
		v.Add("intro", "err.too_long")
	}
	if in.MinAnswers == 0 {
		in.MinAnswers = DefaultK
	}
	if in.MinAnswers < MinK || in.MinAnswers > MaxK {
		v.Add("min_answers", "feedback.err.k_range")
	}
	var closes *time.Time
	if strings.TrimSpace(in.ClosesAt) != "" {
		t, err := meeting.ParseLocal(in.ClosesAt)
		if err != nil {
			v.Add("closes_at", "err.datetime")
		} else {
			closes = &t
		}
	}
	return closes, v
}

// QuestionInput is a question as typed in the builder.
type QuestionInput struct {
	Kind      Kind
	Label     string
	Help      string
	Required  bool
	Options   string // one per line
	LowLabel  string
	HighLabel string
	Key       string // set when copied from a template; never typed
}

// clean validates in and returns the options as a list.
func (in *QuestionInput) clean() ([]string, app.Invalid) {
	v := app.Invalid{}
	in.Label = strings.Join(strings.Fields(in.Label), " ")
	in.Help = strings.Join(strings.Fields(in.Help), " ")
	in.LowLabel = strings.Join(strings.Fields(in.LowLabel), " ")
	in.HighLabel = strings.Join(strings.Fields(in.HighLabel), " ")
	if !slices.Contains(Kinds, in.Kind) {
		v.Add("kind", "feedback.err.kind")
	}
	switch {
	case in.Label == "":
		v.Add("label", "err.required")
	case utf8.RuneCountInString(in.Label) > MaxLabel:
		v.Add("label", "err.too_long")
	}
	if utf8.RuneCountInString(in.Help) > MaxHelp {
		v.Add("help", "err.too_long")
	}
	if utf8.RuneCountInString(in.LowLabel) > MaxOption || utf8.RuneCountInString(in.HighLabel) > MaxOption {
		v.Add("low_label", "err.too_long")
	}
	var opts []string
	for _, line := range strings.Split(in.Options, "\n") {
		o := strings.Join(strings.Fields(line), " ")
		if o == "" {
			continue
		}
		switch {
		case utf8.RuneCountInString(o) > MaxOption:
			v.Add("options", "feedback.err.option_long")
		case slices.Contains(opts, o):
			v.Add("options", "feedback.err.option_twice")
		}
		opts = append(opts, o)
	}
	if in.Kind.Choice() {
		switch {
		case len(opts) < 2:
			v.Add("options", "feedback.err.options_few")
		case len(opts) > MaxOptions:
			v.Add("options", "feedback.err.options_many")
		}
	} else {
		opts = []string{}
	}
	if !in.Kind.Scaled() {
		in.LowLabel, in.HighLabel = "", ""
	}
	return opts, v
}
