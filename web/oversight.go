package web

// Count is a number on a dashboard that links to the list it counts.
type Count struct {
	Label  string
	N      int
	Href   string
	Alert  bool // needs attention (overdue)
	TestID string
}

// OversightView is the oversight dashboard of a methodologist or an office.
type OversightView struct {
	Methodologist bool
	Counts        []Count
	Deadlines     []InspectionRow // objection periods running, soonest first
	Followups     []DueFollowup   // agreed at visits, not done yet
	Links         []Link
}

// DueFollowup is a follow-up agreed at a methodological visit.
type DueFollowup struct {
	Href, Office, Text, Due string
	Overdue                 bool
}

// InspectionRow is an inspection in a list or the plan.
type InspectionRow struct {
	Href        string
	Office      string
	Quarter     string // "Q1 2026"
	Kind        string
	State       string
	StateLabel  string
	Team        string
	Reality     string // what happened against the plan: dates on site, or why not yet
	Late        bool   // the planned quarter passed without the inspection on site
	Deadline    string // the objection deadline, when running
	Findings    int
	OpenMeasure int
}

// PlanView is a region's annual plan against what happened.
type PlanView struct {
	Years    []Link
	Rows     []InspectionRow
	Form     Form
	Offices  []Option
	Quarters []Option
	Kinds    []Option
	Team     []Option
	CanPlan  bool
	Summary  []Fact // planned, on site or later, late, cancelled
}

// InspectionsView lists inspections with a filter.
type InspectionsView struct {
	Filter string // what the list is narrowed to, as text
	Rows   []InspectionRow
}

// StepForm is one next step of an inspection, with the fields it needs.
type StepForm struct {
	To     string
	Label  string // the button
	Legend string
	Form   Form
	Fields []StepField
}

// StepField is one input of a step form.
type StepField struct {
	Name, Type, Label, Hint string
	Options                 []Option // for a team (checkboxes)
}

// InspectionView is one inspection's page.
type InspectionView struct {
	ID          int64
	Title       string
	State       string
	StateLabel  string
	Facts       []Fact
	Steps       []StepForm
	StepNote    string // why the next step may not be possible yet
	Findings    []InspectionFinding
	Objections  []ObjectionRow
	ObjectForm  *Form // filing an objection, when allowed
	FindingOpts []Option
	DecideOpts  []Option
	Measures    []MeasureRow
	Timeline    []EventRow
	Version     int32
	Links       []Link
}

// InspectionFinding is a finding on the inspection page, with the form to add a measure.
type InspectionFinding struct {
	ID          int64
	Code        string
	Criterion   string
	Rating      string
	RatingLabel string
	Text        string
	Files       []FileLink
	MeasureForm *Form // methodologists add measures while allowed
	People      []Option
}

// FileLink is an attachment.
type FileLink struct {
	Href, Name, Size string
}

// ObjectionRow is an objection and its decision.
type ObjectionRow struct {
	ID       int64
	Filed    string
	Finding  string
	Text     string
	Decision string // label, empty while undecided
	Reason   string
	Decided  string
	Form     *Form // the decision form, for methodologists while undecided
}

// ChecklistView is the checklist of an inspection.
type ChecklistView struct {
	ID        int64
	Title     string
	Editable  bool
	CanAttach bool
	Standards []ChecklistGroup
	Ratings   []Option
}

// ChecklistGroup is one standard with its criteria.
type ChecklistGroup struct {
	Code, Name string
	Rows       []ChecklistRow
}

// ChecklistRow is one criterion's assessment, with its form.
type ChecklistRow struct {
	CriterionID int16
	Code, Text  string
	RatingLabel string
	Rating      string
	Finding     string
	FindingID   int64
	Files       []FileLink
	Form        Form
}

// ProtocolView is the printable protocol.
type ProtocolView struct {
	ID         int64
	Authority  string
	Facts      []Fact
	Standards  []ChecklistGroup
	Objections string
	Team       []string
	PDFHref    string
	Draft      bool
}

// MeasureRow is a remedial measure in a register.
type MeasureRow struct {
	Href        string
	Office      string
	Code        string
	Description string
	Responsible string
	Due         string
	State       string
	StateLabel  string
	Overdue     bool
}

// MeasuresView is a register of measures.
type MeasuresView struct {
	Shows   []Link // the register's views, the one shown Active
	Notice  string // the view lists only some of its measures
	Offices []Option
	Form    Form
	Rows    []MeasureRow
}

// MeasureView is one measure's page.
type MeasureView struct {
	ID         int64
	Title      string
	State      string
	StateLabel string
	Overdue    bool
	Facts      []Fact
	Report     string
	Return     string
	Files      []FileLink
	ReportForm *Form
	CanVerify  bool
	ReturnForm *Form
	Version    int32
	Inspection Link
	Timeline   []EventRow
}
