package web

// DevTopicRow is a development topic of a pilot office.
type DevTopicRow struct {
	Title       string
	Description string
	Since       string // "od 1. 9. 2024"
}

// TopicFormView is the form to add a development topic to a pilot office. Several may share a
// page, so its fields carry a prefix that keeps their ids unique.
type TopicFormView struct {
	Office int64
	Action string
	Prefix string // "" on the office's page; "o<id>-" on the list of pilot offices
	From   string // "pilots" when the form sits on the list of pilot offices
	Form   Form
	Open   bool // shown unfolded: it holds errors
}

// Field is a field's name with the form's prefix.
func (v TopicFormView) Field(name string) string { return v.Prefix + name }

// PilotCard is a pilot office on the list of pilot offices.
type PilotCard struct {
	ID        int64
	Name      string
	Href      string
	Topics    []DevTopicRow
	Visits    string // e.g. "5 návštěv průvodců"
	LastVisit string // "" before the first visit
	TopicForm *TopicFormView
}

// PilotsView lists a region's pilot offices.
type PilotsView struct {
	Form    Form // the region filter
	Regions []Option
	Region  string // the region's name
	Offices []PilotCard
}

// GuideVisitRow is a change guide's visit.
type GuideVisitRow struct {
	ID         int64
	Date       string
	Office     string
	OfficeHref string
	Guide      string
	Topic      string // the development topic or the subject
	Subject    string // the subject when a topic is given too
	Tried      []string
	NextStep   []string
	Tools      []Link
}

// OfficeAdoptionRow is a tool an office was offered, tries, uses or gave up.
type OfficeAdoptionRow struct {
	Tool       string
	Href       string
	Stage      string // the stage's key suffix, for the badge
	StageLabel string
	Since      string
	Rating     string // "4 / 5"; "" without a rating
}

// OfficeToolRow is a tool that originated at an office.
type OfficeToolRow struct {
	Name     string
	Href     string
	Kind     string
	Maturity string // the rung's key suffix, for the badge
	Label    string
}

// NestOfficeView is an office's page in the nest.
type NestOfficeView struct {
	ID         int64
	Name       string
	OfficeHref string
	Region     string
	Pilot      bool
	Topics     []DevTopicRow
	Origins    []OfficeToolRow
	Adoptions  []OfficeAdoptionRow
	SeesVisits bool // the user may see this office's visits
	Visits     []GuideVisitRow
	TopicForm  *TopicFormView
	VisitForm  *Form // for the region's guides and methodologists
	TopicOpts  []Option
	ToolOpts   []Option
}

// GuideVisitsView is a region's visit log for its guides and methodologists.
type GuideVisitsView struct {
	Form    Form // the filters
	Offices []Option
	Tools   []Option
	Region  string
	Rows    []GuideVisitRow
}
