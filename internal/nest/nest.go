// Package nest is the innovation nest (inovační hnízdo): tools, processes, team rituals and
// techniques made in pilot offices, promoted along a maturity ladder by explicit rules with
// evidence, offered to other offices and adopted or abandoned there; and the change guides
// (průvodci změnou) who accompany the pilot offices, with their visits and the offices'
// development topics.
//
// Everyone signed in may read tools and how they spread: it is shared good practice and holds
// nothing about clients. Who may change what is decided here: the guides and methodologists of
// a tool's region look after it, the staff of its origin offices edit it, each office reports
// its own adoption, and only a methodologist recommends a tool for broad use or retires it.
package nest

import (
	"slices"
	"time"

	"hnizdo.cz/hnizdo/internal/app"
	"hnizdo.cz/hnizdo/internal/auth"
	"hnizdo.cz/hnizdo/internal/i18n"
)

// Kind is what sort of practice a tool is.
type Kind string

const (
	KindTool      Kind = "tool"      // e.g. the parenting-skills cards
	KindProcess   Kind = "process"   // e.g. a way to assess a child's safety with the family
	KindRitual    Kind = "ritual"    // a team ritual, e.g. intervision, a team meeting format
	KindTechnique Kind = "technique" // e.g. a motivational interviewing technique
)

// Kinds lists the kinds in display order.
var Kinds = []Kind{KindTool, KindProcess, KindRitual, KindTechnique}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool { return slices.Contains(Kinds, k) }

// Maturity is a tool's rung on the ladder.
type Maturity string

const (
	Idea        Maturity = "idea"
	Prototype   Maturity = "prototype"   // made and tried once at its origin
	Piloting    Maturity = "piloting"    // its origin office uses it in earnest
	Validated   Maturity = "validated"   // offices other than the origin report it works
	Recommended Maturity = "recommended" // a methodologist recommends it for broad use
	Retired     Maturity = "retired"     // no longer offered
)

// Ladder lists the maturities in order; Retired is reachable from every other rung.
var Ladder = []Maturity{Idea, Prototype, Piloting, Validated, Recommended, Retired}

// Valid reports whether m is a known maturity.
func (m Maturity) Valid() bool { return slices.Contains(Ladder, m) }

// Next is the rung after m on the ladder, or "" at its top.
func (m Maturity) Next() Maturity {
	switch m {
	case Idea:
		return Prototype
	case Prototype:
		return Piloting
	case Piloting:
		return Validated
	case Validated:
		return Recommended
	}
	return ""
}

// Offerable reports whether a tool of maturity m may be offered to and tried by offices: from
// a prototype on, until it is retired.
func (m Maturity) Offerable() bool { return m != Idea && m != Retired && m.Valid() }

// Stage is where one office is with one tool. An office without an adoption row has not been
// offered the tool (NotOffered).
type Stage string

const (
	NotOffered Stage = ""
	Offered    Stage = "offered"
	Trialling  Stage = "trialling"
	Adopted    Stage = "adopted"
	Abandoned  Stage = "abandoned"
)

// Stages lists the stages an adoption row can be in, in order.
var Stages = []Stage{Offered, Trialling, Adopted, Abandoned}

// Action is a step of an office's adoption.
type Action string

const (
	Offer    Action = "offer"    // a guide or methodologist offers the tool to the office
	Trial    Action = "trial"    // the office starts trying it
	Adopt    Action = "adopt"    // the office uses it as part of its work
	Abandon  Action = "abandon"  // the office stopped (or declined an offer)
	Evaluate Action = "evaluate" // the office reports its experience without changing stage
)

// Actions lists the adoption actions.
var Actions = []Action{Offer, Trial, Adopt, Abandon, Evaluate}

// To is the stage an action leads to from stage from, and whether it may be taken there.
func (a Action) To(from Stage) (Stage, bool) {
	switch a {
	case Offer:
		return Offered, from == NotOffered || from == Abandoned
	case Trial:
		return Trialling, from == NotOffered || from == Offered || from == Abandoned
	case Adopt:
		return Adopted, from == Offered || from == Trialling
	case Abandon:
		return Abandoned, from == Offered || from == Trialling || from == Adopted
	case Evaluate:
		return from, from == Trialling || from == Adopted
	}
	return "", false
}

// The promotion rules' numbers.
const (
	// SuccessRating is the least usefulness rating that counts as successful use.
	SuccessRating = 4
	// ValidatingOffices is how many offices other than the origin must report successful use
	// before a tool is validated.
	ValidatingOffices = 2
)

// Tool is one practice of the nest.
type Tool struct {
	ID          int64     `db:"id"`
	RegionID    int16     `db:"region_id"`
	RegionName  string    `db:"region_name"`
	Name        string    `db:"name"`
	Kind        Kind      `db:"kind"`
	TopicID     *int64    `db:"topic_id"`
	TopicTitle  string    `db:"topic_title"` // the development topic's title, "" without one
	Summary     string    `db:"summary"`
	Body        string    `db:"body"` // Markdown
	Maturity    Maturity  `db:"maturity"`
	Version     int32     `db:"version"`
	CreatedBy   int64     `db:"created_by"`
	CreatedAt   time.Time `db:"created_at"`
	UpdatedAt   time.Time `db:"updated_at"`
	OriginIDs   []int64   `db:"origin_ids"` // the offices where it was made, by name
	OriginNames []string  `db:"origin_names"`
	// Counts of offices per adoption stage.
	Offered   int32 `db:"offered"`
	Trialling int32 `db:"trialling"`
	Adopted   int32 `db:"adopted"`
	Abandoned int32 `db:"abandoned"`
}

// IsOrigin reports whether office is one of the offices where t was made.
func (t *Tool) IsOrigin(office int64) bool { return slices.Contains(t.OriginIDs, office) }

// Adoption is one office's way with one tool.
type Adoption struct {
	ID          int64      `db:"id"`
	ToolID      int64      `db:"tool_id"`
	ToolName    string     `db:"tool_name"`
	Maturity    Maturity   `db:"maturity"` // the tool's
	OfficeID    int64      `db:"office_id"`
	OfficeName  string     `db:"office_name"`
	RegionID    int16      `db:"region_id"` // the office's
	Stage       Stage      `db:"stage"`
	OfferedOn   *time.Time `db:"offered_on"`
	TriallingOn *time.Time `db:"trialling_on"`
	AdoptedOn   *time.Time `db:"adopted_on"`
	AbandonedOn *time.Time `db:"abandoned_on"`
	Report      string     `db:"report"`
	Rating      *int16     `db:"rating"`
	Version     int32      `db:"version"`
	UpdatedAt   time.Time  `db:"updated_at"`
}

// Successful reports whether a counts as successful use with an evaluation: the office tries
// or uses the tool, wrote how it went and rated it at least SuccessRating.
func (a *Adoption) Successful() bool {
	return (a.Stage == Trialling || a.Stage == Adopted) && a.Report != "" && a.Rating != nil && *a.Rating >= SuccessRating
}

// Since is the day a reached its current stage.
func (a *Adoption) Since() *time.Time {
	switch a.Stage {
	case Offered:
		return a.OfferedOn
	case Trialling:
		return a.TriallingOn
	case Adopted:
		return a.AdoptedOn
	case Abandoned:
		return a.AbandonedOn
	}
	return nil
}

// Evidence is one adoption as a promotion counted it, kept with the promotion as it was then.
type Evidence struct {
	OfficeID int64  `json:"office_id"`
	Office   string `json:"office"`
	Stage    Stage  `json:"stage"`
	Rating   int16  `json:"rating"`
	Report   string `json:"report"`
	Since    string `json:"since"` // YYYY-MM-DD
}

// Promotion is one step up the ladder (or the retirement) with its reason and evidence.
type Promotion struct {
	ID       int64      `db:"id"`
	From     Maturity   `db:"from_level"`
	To       Maturity   `db:"to_level"`
	ByID     int64      `db:"by_id"`
	ByName   string     `db:"by_name"`
	At       time.Time  `db:"at"`
	Reason   string     `db:"reason"`
	Evidence []Evidence `db:"evidence"`
}

// Refusal is a change the rules do not allow now; it carries the key of the message that tells
// the user why and counts as app.ErrConflict.
type Refusal string

func (r Refusal) Error() string { return "nest: refused: " + string(r) }

// Is makes errors.Is(r, app.ErrConflict) true.
func (r Refusal) Is(target error) bool { return target == app.ErrConflict }

// Refusals, by message key.
const (
	ErrStale Refusal = "nest.err.stale" // someone else changed it first
	ErrStep  Refusal = "nest.err.step"  // no such step from the current state
)

// Accompanies reports whether u looks after the nest in region: a change guide or a
// methodologist of that region.
func Accompanies(u *auth.User, region int16) bool {
	return u != nil && u.Can(auth.Accompany) && u.RegionID == region
}

// Decides reports whether u may recommend a tool of region for broad use or retire it: a
// methodologist of that region.
func Decides(u *auth.User, region int16) bool {
	return u != nil && u.Can(auth.Oversee) && u.RegionID == region
}

// Edits reports whether u may change t's description, materials and links: those who look after
// the region's nest and the staff of the offices where it was made.
func Edits(u *auth.User, t *Tool) bool {
	return u != nil && (Accompanies(u, t.RegionID) || t.IsOrigin(u.OfficeID))
}

// MayPromote reports whether u may move t to rung to, leaving the evidence aside: a
// methodologist recommends and retires; guides and methodologists validate; the origin's staff
// too may mark their own prototype and its pilot.
func MayPromote(u *auth.User, t *Tool, to Maturity) bool {
	switch to {
	case Recommended, Retired:
		return Decides(u, t.RegionID)
	case Validated:
		return Accompanies(u, t.RegionID)
	case Prototype, Piloting:
		return Edits(u, t)
	}
	return false
}

// Today is the calendar date of t in Prague, as midnight UTC, the form pgx uses for dates.
func Today(t time.Time) time.Time {
	y, m, d := t.In(i18n.Prague).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
