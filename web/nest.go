package web

import (
	"strings"

	"github.com/a-h/templ"
)

// ToolCard is a tool in the catalogue.
type ToolCard struct {
	ID       int64
	Name     string
	Kind     string
	Maturity string // the rung's key suffix, for the badge's class
	Label    string // the rung's name
	Summary  string
	Origins  string
	Region   string
	Spread   string // e.g. "používá 5 úřadů, zkouší 2"
}

// NestView is the catalogue of tools with its filters.
type NestView struct {
	Form      Form
	Regions   []Option
	Maturity  []Option
	Kinds     []Option
	Tools     []ToolCard
	CanGuide  bool // a guide or methodologist: the visit log is theirs
	CanCreate bool // may describe a new tool
	CSV       string
	MatrixURL string
	PilotsURL string
}

// ToolFormView is the form to describe a tool, new or edited.
type ToolFormView struct {
	Form    Form
	Action  string
	Kinds   []Option
	Origins []Option // offices the user may name; empty: their own office, shown as text
	Own     string   // the user's office, when they may name only it
	Topics  []Option
	Version int32
	Cancel  string
}

// Rung is one step of the maturity ladder on the tool page.
type Rung struct {
	Label   string
	Current bool
	Done    bool
}

// EvidenceRow is an office a promotion rule counts.
type EvidenceRow struct {
	Office, Stage, Rating, Report, Since string
}

// PromotionRow is a past promotion.
type PromotionRow struct {
	From, To, By, At, Reason string
	Evidence                 []EvidenceRow
}

// AdoptionRow is one office's adoption in the tool's table.
type AdoptionRow struct {
	OfficeID   int64
	Office     string
	Stage      string // the stage's key suffix
	StageLabel string
	Since      string
	Rating     string
	Report     string
	Origin     bool
}

// LinkRow is a linked note, agenda item or form.
type LinkRow struct {
	Kind, Title, Href, Context string
	Target                     int64
}

// ToolView is one tool: what it is, how mature, who uses it and what it links to.
type ToolView struct {
	ID       int64
	Name     string
	Facts    []Fact
	Maturity string
	Label    string
	Summary  string
	HTML     string // sanitised by internal/markdown
	Files    []FileLink
	Ladder   []Rung
	// The rule of the next rung and its state; Next is "" at the top.
	Next       string
	NextLabel  string
	RuleText   string
	RuleState  string
	RuleMet    bool
	Evidence   []EvidenceRow
	Promote    *Form // the promotion form, for those who may promote to the next rung
	Retire     *Form // for the region's methodologists
	Version    int32
	Promotions []PromotionRow
	Adoptions  []AdoptionRow
	NotOffered []string
	Offer      *Form // guides and methodologists of the region
	OfferTo    []Option
	// The user's own office's adoption, for its staff.
	Own        *Form
	OwnOffice  string
	OwnStage   string
	OwnActions []Option
	OwnVersion int32
	OwnSteps   []string // what the office recorded so far, oldest first
	Links      []LinkRow
	LinkForm   *Form
	Items      []Option
	Forms      []Option
	CanEdit    bool
	Upload     bool
	SpreadURL  string
	Chart      templ.Component
}

func joinComma(ss []string) string { return strings.Join(ss, ", ") }
