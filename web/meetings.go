package web

// MeetingCard is a meeting in a list.
type MeetingCard struct {
	Href        string
	Title       string
	When        string
	Where       string
	Series      string
	Region      string
	Status      string
	StatusLabel string
	Places      string // "12 / 40 míst"
	Mine        string // the user's registration, as text
}

// MeetingsView is a region's calendar.
type MeetingsView struct {
	Form      Form
	Regions   []Option
	Region    string
	Upcoming  []MeetingCard
	Past      []MeetingCard
	CanCreate bool
	FeedHref  string
}

// MeetingFormView is the form to create or edit a meeting.
type MeetingFormView struct {
	ID         int64
	Form       Form
	Regions    []Option // administrators choose the region
	Series     []Option
	Organisers []Option // the region's methodologists and network coordinators
}

// MeetingHead is the top of every page of one meeting: its title, status and tabs.
type MeetingHead struct {
	ID          int64
	Title       string
	Status      string
	StatusLabel string
	When        string
	Tabs        []Link
}

// Fact is one labelled value.
type Fact struct {
	Label, Value, Href string
}

// PersonStatus is a colleague an office head may register.
type PersonStatus struct {
	ID          int64
	Name        string
	Status      string
	StatusLabel string
}

// EventRow is one entry of a meeting's timeline.
type EventRow struct {
	When, Who, What string
}

// MeetingView is a meeting's overview page.
type MeetingView struct {
	Head         MeetingHead
	Description  []string // paragraphs
	Facts        []Fact
	CancelReason string
	Prev, Next   *Link
	// The user's own registration.
	MyStatus      string // "", registered, waiting
	MyStatusText  string
	CanRegister   bool
	CanUnregister bool
	RegisterNote  string // why registration is not possible, if it is not
	Colleagues    []PersonStatus
	// An office head registers colleagues, and cancels their registrations, whatever the head's own.
	CanRegisterOthers   bool
	CanUnregisterOthers bool
	Actions             []ActionButton
	CanEdit             bool // organisers, while the details may still change
	ActionForm          Form
	Timeline            []EventRow
	ICSHref             string
}

// TopicRow is a proposed topic in the ranking.
type TopicRow struct {
	ID          int64
	Title       string
	Description string
	Area        string
	Proposer    string
	Status      string
	StatusLabel string
	Votes       string
	VotesN      int
	Carried     string // "přeneseno z minulého setkání (4 hlasy)"
	CarriedHref string
	MergedInto  string
	Spontaneous bool
	Mine        bool
	CanVote     bool
	CanUnvote   bool
	CanAccept   bool
	CanDecline  bool
}

// TopicsView is topic collection and voting.
type TopicsView struct {
	Head        MeetingHead
	Deadline    string
	CanPropose  bool
	ProposeNote string // why the user cannot propose
	Form        Form
	Areas       []Option
	VotesLeft   string
	Topics      []TopicRow
	Organiser   bool
	MergeForm   Form
	MergeFrom   []Option
	MergeInto   []Option
}

// AgendaItem is an item of the published agenda.
type AgendaItem struct {
	ID          int64
	N           int
	Time        string
	Title       string
	Description string
	Area        string
	Presenter   string
	Carried     string
	Spontaneous bool
}

// AgendaView is the agenda page, printable.
type AgendaView struct {
	Head        MeetingHead
	Facts       []Fact
	Published   bool
	Items       []AgendaItem
	CanSchedule bool
	Form        Form
	ICSHref     string
}

// FollowUpRow is a follow-up action under an agenda item.
type FollowUpRow struct {
	ID      int64
	Text    string
	Owner   string
	Due     string
	Done    bool
	Overdue bool
}

// MinutesItem is an agenda item with its minutes.
type MinutesItem struct {
	ID              int64
	N               int
	Title           string
	Spontaneous     bool
	Carried         string
	History         []string
	Outcome         []string
	Decisions       []string
	Resolution      string
	ResolutionLabel string
	ForRegion       bool
	P               string // prefix of the minutes form's field names, unique per item
	AP              string // prefix of the follow-up form's field names
	Form            Form   // the minutes form, for organisers
	FollowUps       []FollowUpRow
	FollowUpForm    Form
}

// MinutesView is the minutes page.
type MinutesView struct {
	Head        MeetingHead
	Started     bool // minutes exist once the meeting is held
	CanEdit     bool // organisers, before approval
	CanTick     bool // organisers may tick follow-ups off even after approval
	CanApprove  bool
	Approved    string
	Items       []MinutesItem
	Resolutions []Option
	SpontForm   Form
	Areas       []Option
}

// ParticipantRow is a registration in the organisers' list.
type ParticipantRow struct {
	UserID      int64
	Name        string
	Office      string
	Status      string
	StatusLabel string
	Queued      string
	Attended    bool
	Marked      bool // attendance was recorded
}

// ParticipantsView is the organisers' list of participants.
type ParticipantsView struct {
	Head    MeetingHead
	Counts  string
	Rows    []ParticipantRow
	CanMark bool
	CSVHref string
}
