// Package oversight is the regional authority's methodological oversight of the municipal
// OSPOD offices: the annual inspection plan, inspections against the quality standards with
// findings and objections (the Control Code, Act 255/2012 Sb.), remedial measures closed by two
// parties, and methodological visits.
//
// Who sees what is decided here and nowhere else: the methodologists of a region see everything
// of its offices; the staff of an office see their own office's inspections (once notified) and
// measures; nobody sees another region's.
package oversight

import (
	"errors"
	"time"

	"hnizdo.cz/hnizdo/internal/auth"
	"hnizdo.cz/hnizdo/internal/i18n"
)

// State is where an inspection is in the Control Code's procedure.
type State string

const (
	Planned   State = "planned"   // an entry of the annual plan
	Notified  State = "notified"  // the notice of inspection was delivered
	Onsite    State = "onsite"    // inspectors are (or were) on site; the checklist is filled in
	Protocol  State = "protocol"  // the protocol was delivered; the objection period runs
	Decided   State = "decided"   // objections decided or the period lapsed: the inspection ended
	Measures  State = "measures"  // the office removes the shortcomings
	Closed    State = "closed"    // every measure verified
	Cancelled State = "cancelled" // dropped from the plan
)

// States lists the states in procedure order.
var States = []State{Planned, Notified, Onsite, Protocol, Decided, Measures, Closed, Cancelled}

// Kind is the type of inspection.
type Kind string

const (
	Standards Kind = "standards" // against the quality standards
	Thematic  Kind = "thematic"  // one subject, e.g. foster-care agreements
	Followup  Kind = "followup"  // whether earlier measures worked
)

// Kinds lists the kinds in display order.
var Kinds = []Kind{Standards, Thematic, Followup}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool { return k == Standards || k == Thematic || k == Followup }

// Refusals a user sees as a message; the web layer maps them to their keys.
var (
	ErrWrongState = errors.New("oversight: not possible in this state")
	ErrStale      = errors.New("oversight: changed by someone else")
)

// Inspection is one inspection of one office.
type Inspection struct {
	ID            int64      `db:"id"`
	RegionID      int16      `db:"region_id"`
	OfficeID      int64      `db:"office_id"`
	OfficeName    string     `db:"office_name"`
	Year          int16      `db:"year"`
	Quarter       int16      `db:"quarter"`
	Kind          Kind       `db:"kind"`
	Subject       string     `db:"subject"`
	State         State      `db:"state"`
	NoticeDate    *time.Time `db:"notice_date"`
	OnsiteFrom    *time.Time `db:"onsite_from"`
	OnsiteTo      *time.Time `db:"onsite_to"`
	ProtocolDate  *time.Time `db:"protocol_date"`
	DeliveredDate *time.Time `db:"delivered_date"`
	ObjectionDays int16      `db:"objection_days"`
	ObjectionsDue *time.Time `db:"objections_due"`
	DecidedDate   *time.Time `db:"decided_date"`
	ClosedDate    *time.Time `db:"closed_date"`
	CancelReason  string     `db:"cancel_reason"`
	Version       int32      `db:"version"`
	CreatedBy     int64      `db:"created_by"`
	TeamIDs       []int64    `db:"team_ids"`
	TeamNames     []string   `db:"team_names"`
	Findings      int32      `db:"findings"`      // assessments rated partly or not met
	OpenMeasures  int32      `db:"open_measures"` // measures not yet verified
}

// IsMethodologist reports whether u oversees region: a methodologist of that region.
func IsMethodologist(u *auth.User, region int16) bool {
	return u != nil && u.Can(auth.Oversee) && u.RegionID == region
}

// Inspects reports whether u acts as an inspector of i: a methodologist of its region who does
// not work at the inspected office (an office never inspects itself).
func Inspects(u *auth.User, i *Inspection) bool {
	return IsMethodologist(u, i.RegionID) && u.OfficeID != i.OfficeID
}

// CanSee reports whether u may know inspection i exists: the region's methodologists always,
// the inspected office's staff from the notice on (an unannounced plan entry stays internal).
func CanSee(u *auth.User, i *Inspection) bool {
	if IsMethodologist(u, i.RegionID) {
		return true
	}
	return u != nil && u.OfficeID == i.OfficeID && i.State != Planned && i.State != Cancelled
}

// CanSeeFindings reports whether u may read inspection i's checklist and findings: the region's
// methodologists, and the inspected office from the delivery of the protocol on.
func CanSeeFindings(u *auth.User, i *Inspection) bool {
	if IsMethodologist(u, i.RegionID) {
		return true
	}
	switch i.State {
	case Protocol, Decided, Measures, Closed:
		return CanSee(u, i)
	}
	return false
}

// IsInspected reports whether u works at the inspected office.
func IsInspected(u *auth.User, i *Inspection) bool { return u != nil && u.OfficeID == i.OfficeID }

// Rating is how a criterion was assessed.
type Rating string

const (
	Met         Rating = "met"
	Partly      Rating = "partly"
	NotMet      Rating = "not_met"
	NotAssessed Rating = "not_assessed"
)

// Ratings lists the ratings in display order.
var Ratings = []Rating{Met, Partly, NotMet, NotAssessed}

// Valid reports whether r is a known rating.
func (r Rating) Valid() bool { return r == Met || r == Partly || r == NotMet || r == NotAssessed }

// IsFinding reports whether r records a shortcoming.
func (r Rating) IsFinding() bool { return r == Partly || r == NotMet }

// Today is the calendar date of t in Prague, as midnight UTC, the form pgx uses for dates.
func Today(t time.Time) time.Time {
	y, m, d := t.In(i18n.Prague).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// MeasureState is where a remedial measure is. Two parties close it: the office reports it
// fulfilled, the region verifies it or returns it.
type MeasureState string

const (
	Open     MeasureState = "open"
	Reported MeasureState = "reported" // the office says it is done, with evidence
	Returned MeasureState = "returned" // the region did not accept the report; the office reports again
	Verified MeasureState = "verified" // the region accepted it: closed
)

// MeasureStates lists the states in display order.
var MeasureStates = []MeasureState{Open, Reported, Returned, Verified}

// Measure is a remedial measure the inspected office must carry out.
type Measure struct {
	ID              int64        `db:"id"`
	InspectionID    int64        `db:"inspection_id"`
	FindingID       int64        `db:"finding_id"`
	RegionID        int16        `db:"region_id"`
	OfficeID        int64        `db:"office_id"`
	OfficeName      string       `db:"office_name"`
	CriterionCode   string       `db:"criterion_code"`
	FindingText     string       `db:"finding_text"`
	ResponsibleID   int64        `db:"responsible_id"`
	ResponsibleName string       `db:"responsible_name"`
	Due             time.Time    `db:"due"`
	Description     string       `db:"description"`
	State           MeasureState `db:"state"`
	Report          string       `db:"report"`
	ReportedAt      *time.Time   `db:"reported_at"`
	ReportedBy      *int64       `db:"reported_by"`
	ReturnReason    string       `db:"return_reason"`
	VerifiedAt      *time.Time   `db:"verified_at"`
	VerifiedBy      *int64       `db:"verified_by"`
	Version         int32        `db:"version"`
}

// CanSeeMeasure reports whether u may know measure m exists: the region's methodologists and
// the staff of the office it binds.
func CanSeeMeasure(u *auth.User, m *Measure) bool {
	return IsMethodologist(u, m.RegionID) || (u != nil && u.OfficeID == m.OfficeID)
}

// Overdue reports whether m waits on the office past its due date on day today.
func (m *Measure) Overdue(today time.Time) bool {
	return (m.State == Open || m.State == Returned) && m.Due.Before(today)
}
