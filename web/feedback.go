package web

// FormRow is a feedback form or template in a list.
type FormRow struct {
	Href, Title, Subject, Status, StatusLabel, Answers, Closes string
}

// PendingForm is a form the user is asked to answer.
type PendingForm struct{ Href, Title, Closes string }

// FeedbackListView lists what the user answers and, for organisers, the region's forms.
type FeedbackListView struct {
	Pending   []PendingForm
	Forms     []FormRow
	Templates []FormRow
	CanManage bool
}

// FeedbackNewView is the form that makes a feedback form or a template.
type FeedbackNewView struct {
	Form         Form
	Templates    []Option
	Offices      []Option
	MeetingID    int64
	MeetingTitle string
	Template     bool // making a template
}

// Action is a lifecycle button: the action's name and its label.
type Action struct{ Name, Label string }

// QuestionView is one question in the builder, with its edit form.
type QuestionView struct {
	ID                   int64
	KindLabel            string
	Label, Help          string
	Options              []string
	Low, High            string
	Edit                 Form // prefixed "q<ID>-"
	First, Last, Choice  bool
	Scaled               bool
	Open                 bool // the edit form is shown open (it has errors)
	RequiredText, Prefix string
}

// BuilderView is the page that builds a form: its settings, state and questions.
type BuilderView struct {
	ID          int64
	Title       string
	Status      string
	StatusLabel string
	IsTemplate  bool
	Facts       []Fact
	Actions     []Action
	Frozen      bool
	Version     int32
	CanEdit     bool
	Settings    Form
	Questions   []QuestionView
	Add         Form
	Kinds       []Option
	ResultsHref string
	AnswerHref  string // the organiser's own invitation, if any
	Back        Link
	Alert       string
}

// AnswerQuestion is one question on the answer page.
type AnswerQuestion struct {
	Name      string // "q<ID>"
	Kind      string
	Label     string
	Help      string
	Required  bool
	Options   []Option
	Low, High string
}

// AnswerView is the page where a participant answers.
type AnswerView struct {
	Title, Subject string
	Intro          []string // paragraphs
	Action         string
	Anonymous      bool
	Closes         string
	Questions      []AnswerQuestion
	Form           Form
	// Notice replaces the questions when there is nothing to answer (answered, closed …).
	Notice      string
	NoticeColor string
	Alert       string
}

// TextAnswer is one free-text answer in the results.
type TextAnswer struct {
	Pick    string // "<response id>:<question id>", for carrying it to the next meeting
	Text    string
	Carried bool
}

// StatView is the result of one question.
type StatView struct {
	ID                   string
	Label, KindLabel     string
	Count, Mean, Median  string
	Scaled, Choice, Text bool
	Bars                 []Bar
	Texts                []TextAnswer
	Carry                bool   // its answers may become topics of the next meeting
	Hidden               string // why the result is hidden (too few answered this question)
}

// TrendView is a rating's mean across the meetings of a series.
type TrendView struct {
	ID, Label string
	Lo, Hi    float64
	Points    []Point
}

// ResultsView is a form's results, on screen or as the printable report.
type ResultsView struct {
	ID          int64
	Title       string
	Subject     string
	Facts       []Fact
	Hidden      bool
	HiddenText  string
	Stats       []StatView
	Trends      []TrendView
	Exports     []Export
	NextMeeting string
	CanCarry    bool
	Report      bool // the printable report: no buttons, no forms
	ReportHref  string
	BuilderHref string
	Alert       string
}

// Export is a download of the results.
type Export struct{ Kind, Href, Label string }
