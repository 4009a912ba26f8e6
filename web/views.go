package web

// View models: shaped for display, built by the handlers, never rows or database handles.

// PersonRow is a person in a list.
type PersonRow struct {
	ID                         int64
	Name, Email, Roles, Office string
	OfficeHref                 string
	Invited                    bool
}

// OfficeRow is an office in a list.
type OfficeRow struct {
	Href, Name, Municipality, Kind, Region string
	Pilot                                  bool
}

// OfficeDetail is an office page's header.
type OfficeDetail struct {
	ID                               int64
	Name, Kind, Region, Municipality string
	Address, Email, Phone, Website   string
	Pilot                            bool
	Updated                          string
}

// Attention is one item on the home page that asks the user to act.
type Attention struct{ Text, Href string }

// HomeView is the home page of the signed-in user.
type HomeView struct {
	Name, Office, Region, Roles string
	OfficeHref                  string
	Attention                   []Attention
	Meetings                    []MeetingCard // upcoming meetings the user takes part in, organises or may join
	Colleagues                  []PersonRow
	RegionOffices               []OfficeRow // methodologists and coordinators see their region
	Pending                     []PersonRow // administrators see unaccepted invitations
	CanInvite                   bool
}

// OfficesView is the filtered office list.
type OfficesView struct {
	Form    Form
	Regions []Option
	Kinds   []Option
	Offices []OfficeRow
	Found   string
	CanAdd  bool
}

// OfficeView is one office's page.
type OfficeView struct {
	Office  OfficeDetail
	People  []PersonRow
	Count   string
	CanEdit bool
	Tools   []OfficeTool // innovation-nest tools the office was offered, tries, uses or gave up
}

// OfficeTool is a tool on its office's page.
type OfficeTool struct {
	Name, Href, Stage, StageLabel, Since string
}

// OfficeFormView adds or edits an office.
type OfficeFormView struct {
	Form     Form
	Action   string
	Regions  []Option
	Kinds    []Option
	Conflict bool
}

// AccountView is the user's own settings.
type AccountView struct {
	Password Form
	Lang     Form
	Langs    []Option
}

// InviteView is the administrator's user invitation page.
type InviteView struct {
	Form        Form
	Offices     []Option
	Roles       []Option
	InvitedName string
	InviteLink  string
	Pending     []PersonRow
}

// AcceptView is the page where an invited user sets a password.
type AcceptView struct {
	Form        Form
	Name, Email string
	Action      string
	Invalid     bool
}

// ErrorView is an error page.
type ErrorView struct {
	TitleKey, TextKey, Ref string
}

// LoginView is the login form.
type LoginView struct {
	Form    Form
	Message string // failure message, already localised
	Next    string
}
