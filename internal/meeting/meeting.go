// Package meeting runs meetings such as "OSPOD sobě": the lifecycle from draft to closed,
// registration with a waiting list, topics proposed and voted on in advance, the agenda, the
// minutes, and unresolved items carried over to the next meeting of a series.
package meeting

import (
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"hnizdo.cz/hnizdo/internal/app"
	"hnizdo.cz/hnizdo/internal/auth"
	"hnizdo.cz/hnizdo/internal/i18n"
)

// Status is where a meeting is in its lifecycle.
type Status string

const (
	Draft     Status = "draft"     // being prepared; only organisers see it
	Open      Status = "open"      // registration and topic collection, each until its deadline
	Agenda    Status = "agenda"    // the agenda is published; registration may still run
	Held      Status = "held"      // the meeting took place; minutes are written
	Feedback  Status = "feedback"  // participants give feedback
	Closed    Status = "closed"    // done; nothing changes any more
	Cancelled Status = "cancelled" // called off before it was held, with a reason
)

// Statuses lists every status in lifecycle order.
var Statuses = []Status{Draft, Open, Agenda, Held, Feedback, Closed, Cancelled}

// Meeting is a meeting with the names the pages show.
type Meeting struct {
	ID            int64     `db:"id"`
	RegionID      int16     `db:"region_id"`
	RegionName    string    `db:"region_name"`
	SeriesID      *int64    `db:"series_id"`
	SeriesName    string    `db:"series_name"`
	Title         string    `db:"title"`
	Description   string    `db:"description"`
	Venue         string    `db:"venue"`
	Address       string    `db:"address"`
	OnlineURL     string    `db:"online_url"`
	StartsAt      time.Time `db:"starts_at"`
	EndsAt        time.Time `db:"ends_at"`
	Capacity      int32     `db:"capacity"`
	RegisterBy    time.Time `db:"register_by"`
	TopicsBy      time.Time `db:"topics_by"`
	VoteAllowance int16     `db:"vote_allowance"`
	OpenToAll     bool      `db:"open_to_all"`
	Status        Status    `db:"status"`
	CancelReason  string    `db:"cancel_reason"`
	// MinutesApprovedAt is set when the organisers approve the minutes; they are locked then.
	MinutesApprovedAt *time.Time `db:"minutes_approved_at"`
	Version           int32      `db:"version"`
	CreatedAt         time.Time  `db:"created_at"`
	UpdatedAt         time.Time  `db:"updated_at"`
	OrganiserIDs      []int64    `db:"organiser_ids"`
	// Registered and Waiting count the current registrations.
	Registered int32 `db:"registered"`
	Waiting    int32 `db:"waiting"`
}

// Full reports whether every place is taken.
func (m *Meeting) Full() bool { return m.Registered >= m.Capacity }

// MinutesLocked reports whether the minutes were approved and can no longer change.
func (m *Meeting) MinutesLocked() bool { return m.MinutesApprovedAt != nil }

// Refusal is an action the meeting's state or deadlines do not allow now. It carries the key of
// the message that tells the user why; it counts as app.ErrConflict.
type Refusal string

func (r Refusal) Error() string { return "meeting: refused: " + string(r) }

// Is makes errors.Is(r, app.ErrConflict) true, so generic handlers answer 409.
func (r Refusal) Is(target error) bool { return target == app.ErrConflict }

// Refusals, by message key.
const (
	ErrWrongState       Refusal = "meeting.err.wrong_state"
	ErrRegistrationOver Refusal = "meeting.err.registration_over"
	ErrTopicsOver       Refusal = "meeting.err.topics_over"
	ErrNotRegistered    Refusal = "meeting.err.not_registered"
	ErrOtherRegion      Refusal = "meeting.err.other_region"
	ErrNoVotesLeft      Refusal = "meeting.err.no_votes_left"
	ErrVotedAlready     Refusal = "meeting.err.voted_already"
	ErrNoAgenda         Refusal = "meeting.err.no_agenda"
	ErrNotStarted       Refusal = "meeting.err.not_started"
	ErrMinutesOpen      Refusal = "meeting.err.minutes_open"
	ErrMinutesLocked    Refusal = "meeting.err.minutes_locked"
	ErrUnresolved       Refusal = "meeting.err.unresolved_items"
	ErrStale            Refusal = "meeting.err.stale"
)

// CanOrganise reports whether u may organise meetings of region at all: administrators anywhere,
// methodologists and network coordinators in their own region.
func CanOrganise(u *auth.User, region int16) bool {
	if u == nil {
		return false
	}
	return u.Has(auth.Admin) || ((u.Has(auth.Methodologist) || u.Has(auth.Coordinator)) && u.RegionID == region)
}

// IsOrganiser reports whether u organises m: an administrator, or a methodologist or network
// coordinator of the meeting's region.
func IsOrganiser(u *auth.User, m *Meeting) bool { return CanOrganise(u, m.RegionID) }

// CanSee reports whether u may see m: drafts only their organisers, the rest every signed-in user.
func CanSee(u *auth.User, m *Meeting) bool {
	if u == nil {
		return false
	}
	return m.Status != Draft || IsOrganiser(u, m) || slices.Contains(m.OrganiserIDs, u.ID)
}

// MayAttend reports whether u's region may take part: the meeting's own region, or any region
// when the meeting is open to all.
func MayAttend(u *auth.User, m *Meeting) bool { return m.OpenToAll || u.RegionID == m.RegionID }

// Action is a step of the lifecycle.
type Action string

const (
	OpenUp      Action = "open"     // draft → open: registration and topic collection start
	Publish     Action = "publish"  // open → agenda: the agenda is published
	Hold        Action = "hold"     // agenda → held: the meeting took place (not before it starts)
	AskFeedback Action = "feedback" // held → feedback (the minutes may still be written)
	Close       Action = "close"    // feedback → closed (the minutes must be approved)
	Cancel      Action = "cancel"   // draft, open or agenda → cancelled, with a reason
)

type rule struct {
	from []Status
	to   Status
}

// rules is the one state machine of a meeting. Every action is the organisers'.
var rules = map[Action]rule{
	OpenUp:      {[]Status{Draft}, Open},
	Publish:     {[]Status{Open}, Agenda},
	Hold:        {[]Status{Agenda}, Held},
	AskFeedback: {[]Status{Held}, Feedback},
	Close:       {[]Status{Feedback}, Closed},
	Cancel:      {[]Status{Draft, Open, Agenda}, Cancelled},
}

// AllActions lists the actions in the order the page offers them.
var AllActions = []Action{OpenUp, Publish, Hold, AskFeedback, Close, Cancel}

// Check says whether u may take action a on m now: ErrForbidden when u does not organise it,
// ErrWrongState when m's status does not allow it. It returns the status after the action.
func Check(u *auth.User, m *Meeting, a Action) (Status, error) {
	r, ok := rules[a]
	if !ok || !IsOrganiser(u, m) {
		return "", app.ErrForbidden
	}
	if !slices.Contains(r.from, m.Status) {
		return "", ErrWrongState
	}
	return r.to, nil
}

// Actions lists what u may do with m now, for the page's buttons.
func Actions(u *auth.User, m *Meeting) []Action {
	var out []Action
	for _, a := range AllActions {
		if _, err := Check(u, m, a); err == nil {
			out = append(out, a)
		}
	}
	return out
}

// Editable reports whether the meeting's details may still change.
func (m *Meeting) Editable() bool {
	return m.Status == Draft || m.Status == Open || m.Status == Agenda
}

// RegistrationOpen reports whether people may register at now.
func (m *Meeting) RegistrationOpen(now time.Time) bool {
	return (m.Status == Open || m.Status == Agenda) && !now.After(m.RegisterBy)
}

// TopicsOpen reports whether topics may be proposed and voted on at now.
func (m *Meeting) TopicsOpen(now time.Time) bool {
	return m.Status == Open && !now.After(m.TopicsBy)
}

// Input is what organisers fill in; times are local (Europe/Prague) as typed in the form,
// "2026-12-10T09:00".
type Input struct {
	Title         string
	Description   string
	RegionID      int16 // only administrators choose; others organise their own region
	SeriesID      int64 // 0 = none, unless SeriesName names a new one
	SeriesName    string
	Venue         string
	Address       string
	OnlineURL     string
	StartsAt      string
	EndsAt        string
	RegisterBy    string
	TopicsBy      string
	Capacity      string
	VoteAllowance string
	OpenToAll     bool
	// Organisers are the people named as organisers: methodologists and network coordinators
	// of the region, or administrators. Empty keeps the author (or, on edit, the current ones).
	Organisers []int64
	Version    int32 // the version the form was loaded at (edits only)
}

// Clean is a validated input.
type Clean struct {
	StartsAt, EndsAt, RegisterBy, TopicsBy time.Time
	Capacity                               int32
	VoteAllowance                          int16
}

// Limits on the fields.
const (
	MaxTitle       = 200
	MaxDescription = 5000
	MaxText        = 300
	MaxCapacity    = 10000
	MaxAllowance   = 20
)

// LocalLayout is how the forms write local date-times.
const LocalLayout = "2006-01-02T15:04"

// ParseLocal reads a form's local date-time in Europe/Prague.
func ParseLocal(s string) (time.Time, error) {
	return time.ParseInLocation(LocalLayout, strings.TrimSpace(s), i18n.Prague)
}

// FormatLocal writes t for a datetime-local field.
func FormatLocal(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(i18n.Prague).Format(LocalLayout)
}

// Clean trims the input and validates it; problems come back as app.Invalid with a message
// key per field. A new meeting (isNew) must start in the future.
func (in *Input) Clean(now time.Time, isNew bool) (Clean, error) {
	v := app.Invalid{}
	var c Clean
	for _, s := range []*string{&in.Title, &in.SeriesName, &in.Venue, &in.Address, &in.OnlineURL} {
		*s = strings.Join(strings.Fields(*s), " ")
	}
	in.Description = strings.TrimSpace(strings.ReplaceAll(in.Description, "\r\n", "\n"))
	switch {
	case in.Title == "":
		v.Add("title", "err.required")
	case utf8.RuneCountInString(in.Title) > MaxTitle:
		v.Add("title", "err.too_long")
	}
	if utf8.RuneCountInString(in.Description) > MaxDescription {
		v.Add("description", "err.too_long")
	}
	for field, s := range map[string]string{"series_name": in.SeriesName, "venue": in.Venue, "address": in.Address, "online_url": in.OnlineURL} {
		if utf8.RuneCountInString(s) > MaxText {
			v.Add(field, "err.too_long")
		}
	}
	if in.Venue == "" && in.OnlineURL == "" {
		v.Add("venue", "meeting.err.venue_or_link")
	}
	if in.OnlineURL != "" && !strings.HasPrefix(in.OnlineURL, "https://") && !strings.HasPrefix(in.OnlineURL, "http://") {
		v.Add("online_url", "err.url")
	}
	times := []struct {
		field string
		raw   string
		to    *time.Time
	}{{"starts_at", in.StartsAt, &c.StartsAt}, {"ends_at", in.EndsAt, &c.EndsAt},
		{"register_by", in.RegisterBy, &c.RegisterBy}, {"topics_by", in.TopicsBy, &c.TopicsBy}}
	for _, t := range times {
		if strings.TrimSpace(t.raw) == "" {
			v.Add(t.field, "err.required")
			continue
		}
		d, err := ParseLocal(t.raw)
		if err != nil {
			v.Add(t.field, "err.datetime")
			continue
		}
		*t.to = d
	}
	if !c.StartsAt.IsZero() {
		if isNew && !c.StartsAt.After(now) {
			v.Add("starts_at", "err.date_future")
		}
		if !c.EndsAt.IsZero() && !c.EndsAt.After(c.StartsAt) {
			v.Add("ends_at", "meeting.err.end_before_start")
		}
		if !c.RegisterBy.IsZero() && c.RegisterBy.After(c.StartsAt) {
			v.Add("register_by", "meeting.err.deadline_after_start")
		}
		if !c.TopicsBy.IsZero() && c.TopicsBy.After(c.StartsAt) {
			v.Add("topics_by", "meeting.err.deadline_after_start")
		}
		if c.StartsAt.After(now.AddDate(3, 0, 0)) {
			v.Add("starts_at", "err.date_too_far")
		}
	}
	if n, err := strconv.Atoi(strings.TrimSpace(in.Capacity)); err != nil || n < 1 || n > MaxCapacity {
		v.Add("capacity", "meeting.err.capacity")
	} else {
		c.Capacity = int32(n)
	}
	allowance := strings.TrimSpace(in.VoteAllowance)
	if allowance == "" {
		allowance = "3"
	}
	if n, err := strconv.Atoi(allowance); err != nil || n < 1 || n > MaxAllowance {
		v.Add("vote_allowance", "meeting.err.allowance")
	} else {
		c.VoteAllowance = int16(n)
	}
	return c, v.Err()
}
