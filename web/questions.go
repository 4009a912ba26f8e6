package web

// AskRow is a methodological question in a queue.
type AskRow struct {
	Href       string
	Title      string
	Office     string
	Asker      string
	Area       string
	Assignee   string
	Due        string
	Overdue    bool // still unanswered past its target date
	State      string
	StateLabel string
}

// AskListView is the region's queue for methodologists, or an office's own questions.
type AskListView struct {
	Method   bool   // a methodologist's queue: shows the asking office
	Filter   string // what a dashboard link narrowed the list to, as text
	Shows    []Link // the quick filters, the current one Active
	Form     Form   // the state filter as chosen
	States   []Option
	Rows     []AskRow
	PrevHref string
	NextHref string
}

// AskFormView is the form to ask the region.
type AskFormView struct {
	Form  Form
	Areas []Option
}

// AskView is one question as those involved see it, with the methodologists' forms.
type AskView struct {
	ID         int64
	Title      string
	Body       string
	State      string
	StateLabel string
	Facts      []Fact // the target date among them, marked when overdue
	Overdue    bool
	Topic      *Link  // the agenda item it came from
	Findings   []Link // the inspection findings it came from
	AnswerHTML string // sanitised by internal/markdown
	Answered   string // who answered and when
	Laws       []string
	Standards  []string
	Notes      []Link
	FAQHref    string // the FAQ entry, once published
	Version    int32

	AssignForm  *Form // methodologists of the region, while unanswered
	People      []Option
	AnswerForm  *Form // methodologists, until published or kept private
	StandardOps []Option
	PublishForm *Form // methodologists, once answered
	// PublishAnswerErr is the message key when publishing failed on the answer's wording.
	PublishAnswerErr string
	CanPrivate       bool
}

// FAQListView is the FAQ: search, browsing by area, the entries found.
type FAQListView struct {
	Form     Form
	Areas    []Option
	Regions  []Option
	Browse   []FAQArea
	Entries  []NoteCard
	Found    string
	Notice   string // the search matched more entries than it ranked
	PrevHref string
	NextHref string
}

// FAQArea is an area to browse the FAQ by, with how many entries it has.
type FAQArea struct {
	Label  string
	Href   string
	Count  int
	Active bool
}

// FAQEntryView is one published answer. It never carries the asker or the asking office.
type FAQEntryView struct {
	Title      string
	Body       string
	AnswerHTML string // sanitised by internal/markdown
	Facts      []Fact
	Laws       []string
	Standards  []string
	Notes      []Link
	Findings   []string // "criterion 8a (2025)"
	Topic      *Link    // the meeting whose agenda item it came from
	ManageHref string   // the question itself, for the region's methodologists
}

// SettingsView is the region's settings page.
type SettingsView struct {
	Form Form
}
