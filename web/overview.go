package web

// StateCount is how many inspections are in one state.
type StateCount struct {
	State, Label string
	N            int
}

// CriterionCountRow is one criterion found wanting, in the overview's table.
type CriterionCountRow struct {
	Standard string // "Standard 8: …", on the first row of each standard only
	Code     string
	Text     string
	Partly   int
	NotMet   int
	Offices  int
}

// RepeatRow is a finding that repeats across offices or years, with what it spawned.
type RepeatRow struct {
	CriterionID int16
	Code        string
	Text        string
	Offices     int
	Years       string
	OfficeNames string
	FAQHref     string // the question spawned for the FAQ; "" offers the button
	NoteHref    string // the guidance note spawned; "" offers the button
}

// OverviewView is the region-wide overview of inspections and findings.
type OverviewView struct {
	Years       []Link // all years first, then single years; the shown one Active
	Inspections int
	States      []StateCount
	Criteria    []CriterionCountRow
	Repeats     []RepeatRow
}

// CriterionForm is the form to edit one criterion's texts.
type CriterionForm struct {
	ID      int16
	Code    string
	Form    Form
	Version int32
}

// StandardForms is a quality standard with its criteria's forms.
type StandardForms struct {
	Code, Name string
	Criteria   []CriterionForm
}

// StandardsView is the administrators' page of the quality standards' texts.
type StandardsView struct {
	Standards []StandardForms
}
