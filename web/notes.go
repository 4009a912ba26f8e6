package web

// Part is a piece of a snippet or excerpt; Mark pieces are highlighted.
type Part struct {
	Text string
	Mark bool
}

// NoteCard is a note in a list.
type NoteCard struct {
	Href     string
	Title    string
	Summary  string
	Snippet  []Part
	Meta     string // office · date
	Areas    []string
	Tags     []string
	Useful   string
	Status   string // status key suffix: draft, submitted, published, archived
	Label    string // the status as text
	Outdated bool
	Binding  bool
	Note     string // an extra line, e.g. a reviewer's comment
}

// NotesView is the search page.
type NotesView struct {
	Form      Form
	Areas     []Option
	Regions   []Option
	Sorts     []Option
	Hits      []NoteCard
	Found     string
	Office    string // the office the results are narrowed to, if any
	AllHref   string // the same search without the office
	Notice    string // why the results are not all there is
	PrevHref  string
	NextHref  string
	FirstHref string
	Tags      []Link
}

// MyNotesView lists what needs the user's attention about notes.
type MyNotesView struct {
	Pending  []NoteCard // binding guidance to acknowledge
	Review   []NoteCard // submitted notes for a reviewer
	Outdated []NoteCard
	Mine     []NoteCard
}

// TOCItem is an entry of a note's table of contents.
type TOCItem struct {
	ID, Text string
	Level    int
}

// ActionButton is a state change offered on the note page.
type ActionButton struct {
	Action  string
	Label   string
	Primary bool
	Comment bool // needs a comment (return to author)
	Date    bool // needs a date (renew)
}

// FindingRow is a finding of the personal-data guard, shown at its place.
type FindingRow struct {
	N          int
	Kind       string
	KindLabel  string
	Reason     string
	Excerpt    []Part
	Text       string
	Marked     bool
	MarkReason string
	MarkBy     string
}

// FileRow is an attachment.
type FileRow struct {
	ID        int64
	Href      string
	Name      string
	Info      string // type and size
	Downloads string
	CanDelete bool
}

// CommentRow is a comment in a thread.
type CommentRow struct {
	ID       int64
	Author   string
	Office   string
	When     string
	Body     string
	Edited   bool
	Hidden   bool
	Reason   string
	Reply    bool
	CanEdit  bool
	CanHide  bool
	CanReply bool
}

// NoteView is the note page.
type NoteView struct {
	ID            int64
	Title         string
	Summary       string
	HTML          string // sanitised by internal/markdown; the only raw HTML a page gets
	TOC           []TOCItem
	Status        string
	StatusLabel   string
	Author        string
	Office        string
	OfficeHref    string
	Region        string
	Published     string
	Updated       string
	ReviewBy      string
	Version       int32
	Outdated      bool
	Binding       bool
	Source        string // the repeated inspection finding the note was spawned from, as text
	Areas         []Link
	Tags          []Link
	UsefulCount   string
	Useful        bool
	CanUseful     bool
	MustAck       bool
	Acked         bool
	AcksHref      string
	Actions       []ActionButton
	ActionForm    Form
	CanEdit       bool
	ReturnComment string
	Marks         []FindingRow
	Findings      []FindingRow
	Files         []FileRow
	Related       []Link
	Comments      []CommentRow
	CanComment    bool
	CommentForm   Form
	CommentTarget string // which comment form the CommentForm belongs to: "new", "reply-1", "edit-1", "hide-1"
	Print         bool
}

// NoteFormView is the note editor.
type NoteFormView struct {
	Form       Form
	Areas      []Option
	ID         int64
	Reviewer   bool
	Author     bool
	Draft      bool
	Findings   map[string][]FindingRow // by field
	Count      string                  // "2 possible personal data"
	Files      []FileRow
	Upload     Form
	Accept     string
	UploadHint string
	Return     string
}

// VersionRow is a version in the history.
type VersionRow struct {
	N        int32
	By       string
	At       string
	Restored string
	Current  bool
}

// DiffLine is a line of a diff.
type DiffLine struct {
	Op    string // eq, ins, del, fold
	Old   string
	New   string
	Parts []DiffPart
}

// DiffPart is a run of a diff line; Op is "", "ins" or "del".
type DiffPart struct {
	Op   string
	Text string
}

// DiffField is the diff of one field.
type DiffField struct {
	Label string
	Lines []DiffLine
	Same  bool
}

// HistoryView is the history page.
type HistoryView struct {
	ID         int64
	Href       string
	Versions   []VersionRow
	Options    []Option
	Form       Form
	Fields     []DiffField
	Stats      string
	CanRestore bool
	Current    int32
}

// AckOffice is one office's people for a binding note.
type AckOffice struct {
	Name   string
	People []AckRow
	Done   string
}

// AckRow is one person's acknowledgement.
type AckRow struct {
	Name    string
	At      string
	Earlier bool
}

// AcksView shows who has acknowledged binding guidance.
type AcksView struct {
	Href    string
	Summary string
	Offices []AckOffice
}
