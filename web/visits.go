package web

// VisitRow is a methodological visit in a list.
type VisitRow struct {
	Href      string
	Date      string
	Office    string
	Kind      string
	Topics    string // the first line of the topics
	Followups string // how many agreed steps are still open, as text; "" when none
	Overdue   bool   // an agreed step is past its due date
}

// VisitsView lists visits: a methodologist's region, narrowed by office, or an office's own.
type VisitsView struct {
	Rows    []VisitRow
	Offices []Option // the office filter, for methodologists
	Form    Form
	CanAdd  bool
}

// VisitFormView is the form to record a visit.
type VisitFormView struct {
	Form    Form
	Offices []Option
	Kinds   []Option
}

// FollowupRow is a step agreed at a visit.
type FollowupRow struct {
	ID      int64
	Text    string
	Due     string
	Overdue bool   // not done past its due date
	Done    string // when and by whom it was done; "" while open
	CanDone bool
}

// VisitNoteRow is a practice note linked to a visit.
type VisitNoteRow struct {
	ID        int64
	Title     string
	Href      string
	CanUnlink bool
}

// VisitView is one visit: what was discussed and agreed, with the methodologists' forms.
type VisitView struct {
	ID              int64
	Title           string
	Facts           []Fact
	Topics          []string // paragraphs
	Recommendations []string // paragraphs
	Followups       []FollowupRow
	Notes           []VisitNoteRow
	Version         int32
	Method          bool  // a methodologist of the visit's region: the forms below are shown
	Edit            *Form // the visit's own fields
	Offices         []Option
	Kinds           []Option
	FollowupForm    *Form
	NoteForm        *Form
}
