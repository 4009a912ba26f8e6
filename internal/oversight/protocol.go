package oversight

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"hnizdo.cz/hnizdo/internal/app"
	"hnizdo.cz/hnizdo/internal/auth"
	"hnizdo.cz/hnizdo/internal/i18n"
	"hnizdo.cz/hnizdo/internal/pdf"
	"hnizdo.cz/hnizdo/internal/workday"
)

// ErrNoProtocol: there is no protocol before the inspectors have been on site.
const ErrNoProtocol Refusal = "oversight.err.no_protocol"

// InspectionProtocol is the protocol of an inspection (Control Code § 12): what the printable
// page and the PDF show. (The name Protocol is the state.)
type InspectionProtocol struct {
	Inspection
	Authority  string // the regional authority that inspects, e.g. "Krajský úřad Jihomoravského kraje"
	RegionName string
	Standards  []ChecklistStandard // only the criteria that were assessed, by standard
	Findings   int
	Objections []Objection
	// ProtocolDue is the legal deadline to issue the protocol, counted from the last day on site.
	ProtocolDue time.Time
}

// Draft reports whether the protocol has not been issued yet.
func (p *InspectionProtocol) Draft() bool { return p.ProtocolDate == nil }

// Protocol returns the protocol of inspection id. The region's methodologists see it from the
// visit on, as a draft until it is issued; the inspected office once it has been delivered.
func (s *Store) Protocol(ctx context.Context, u *auth.User, id int64) (*InspectionProtocol, error) {
	i, err := s.Inspection(ctx, u, id)
	if err != nil {
		return nil, err
	}
	switch i.State {
	case Planned, Notified, Cancelled:
		if IsMethodologist(u, i.RegionID) {
			return nil, ErrNoProtocol
		}
		return nil, app.ErrNotFound
	case Onsite:
		if !IsMethodologist(u, i.RegionID) {
			return nil, app.ErrNotFound
		}
	}
	p := &InspectionProtocol{Inspection: *i}
	err = s.pool.QueryRow(ctx, `
		SELECT r.name, coalesce((SELECT o.name FROM offices o WHERE o.region_id = r.id AND o.kind = 'regional' ORDER BY o.id LIMIT 1), '')
		FROM regions r WHERE r.id = $1`, i.RegionID).Scan(&p.RegionName, &p.Authority)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return nil, fmt.Errorf("oversight: authority of region %d: %w", i.RegionID, err)
	}
	c, err := loadChecklist(ctx, s.pool, id)
	if err != nil {
		return nil, err
	}
	for _, st := range c.Standards {
		var rows []Assessment
		for _, a := range st.Rows {
			if a.FindingID == 0 {
				continue
			}
			rows = append(rows, a)
			if a.Rating.IsFinding() {
				p.Findings++
			}
		}
		if len(rows) > 0 {
			p.Standards = append(p.Standards, ChecklistStandard{Standard: st.Standard, Rows: rows})
		}
	}
	if p.Objections, err = loadObjections(ctx, s.pool, id); err != nil {
		return nil, err
	}
	if i.OnsiteTo != nil {
		p.ProtocolDue = workday.Protocol().Due(*i.OnsiteTo)
	}
	return p, nil
}

// Doc lays the protocol out for pdf.Write, in l's language.
func (p *InspectionProtocol) Doc(l i18n.L) pdf.Doc {
	date := func(d *time.Time) string {
		if d == nil {
			return "—"
		}
		return l.Date(*d)
	}
	onsite := date(p.OnsiteFrom)
	if p.OnsiteTo != nil && (p.OnsiteFrom == nil || !p.OnsiteTo.Equal(*p.OnsiteFrom)) {
		onsite += " – " + date(p.OnsiteTo)
	}
	issued := date(p.ProtocolDate)
	if p.Draft() {
		issued = l.T("oversight.pdf.draft")
	}
	fields := pdf.Fields{
		{Label: l.T("oversight.pdf.body"), Value: p.OfficeName},
		{Label: l.T("oversight.pdf.authority"), Value: p.Authority},
		{Label: l.T("oversight.pdf.basis"), Value: l.T("oversight.pdf.basis_text")},
		{Label: l.T("oversight.pdf.kind"), Value: l.T("oversight.kind." + string(p.Kind))},
	}
	if p.Subject != "" {
		fields = append(fields, pdf.Field{Label: l.T("oversight.pdf.subject"), Value: p.Subject})
	}
	fields = append(fields,
		pdf.Field{Label: l.T("oversight.pdf.notice"), Value: date(p.NoticeDate)},
		pdf.Field{Label: l.T("oversight.pdf.onsite"), Value: onsite},
		pdf.Field{Label: l.T("oversight.pdf.issued"), Value: issued},
	)
	if p.Draft() && !p.ProtocolDue.IsZero() {
		fields = append(fields, pdf.Field{Label: l.T("oversight.pdf.protocol_due"), Value: l.Date(p.ProtocolDue)})
	}
	if p.DeliveredDate != nil {
		fields = append(fields, pdf.Field{Label: l.T("oversight.pdf.delivered"), Value: date(p.DeliveredDate)})
	}
	if p.ObjectionsDue != nil {
		fields = append(fields, pdf.Field{Label: l.T("oversight.pdf.objections_due"), Value: date(p.ObjectionsDue)})
	}
	fields = append(fields, pdf.Field{Label: l.T("oversight.pdf.team"), Value: strings.Join(p.TeamNames, ", ")})
	blocks := []pdf.Block{fields, pdf.Heading{Text: l.T("oversight.pdf.findings")}}
	if len(p.Standards) == 0 {
		blocks = append(blocks, pdf.Para{Text: l.T("oversight.pdf.nothing_assessed")})
	}
	blocks = append(blocks, pdf.Para{Text: l.T("oversight.pdf.count", p.Findings)})
	header := []string{l.T("oversight.pdf.criterion"), l.T("oversight.pdf.rating"), l.T("oversight.pdf.finding")}
	for _, st := range p.Standards {
		t := pdf.Table{Header: header, Widths: []float64{4, 1.8, 4}}
		for _, a := range st.Rows {
			t.Rows = append(t.Rows, []string{a.Criterion.Code + " " + a.Criterion.Text(l.Lang),
				l.T("oversight.rating." + string(a.Rating)), a.Text})
		}
		blocks = append(blocks, pdf.Heading{Text: l.T("oversight.pdf.standard", st.ID, st.Name(l.Lang))}, t)
	}
	if len(p.Objections) > 0 {
		t := pdf.Table{Header: []string{l.T("oversight.pdf.filed"), l.T("oversight.pdf.criterion"),
			l.T("oversight.pdf.objection"), l.T("oversight.pdf.decision")}, Widths: []float64{1.4, 1, 4, 4}}
		for _, o := range p.Objections {
			against := o.FindingCode
			if against == "" {
				against = l.T("oversight.pdf.whole")
			}
			decision := l.T("oversight.pdf.undecided")
			if o.Decision != "" {
				decision = l.T("oversight.decision."+o.Decision) + " (" + date(o.DecidedDate) + "): " + o.Reasoning
			}
			t.Rows = append(t.Rows, []string{l.Date(o.Filed), against, o.Text, decision})
		}
		blocks = append(blocks, pdf.Heading{Text: l.T("oversight.pdf.objections")}, t)
	}
	instruction := l.T("oversight.pdf.objections_within", p.ObjectionDays)
	if p.ObjectionsDue != nil {
		instruction = l.T("oversight.pdf.objections_until", p.ObjectionDays, l.Date(*p.ObjectionsDue))
	}
	blocks = append(blocks, pdf.Heading{Text: l.T("oversight.pdf.instruction")}, pdf.Para{Text: instruction},
		pdf.Heading{Text: l.T("oversight.pdf.signatures")})
	var signs pdf.Fields
	for _, name := range p.TeamNames {
		signs = append(signs, pdf.Field{Label: name, Value: signLine})
	}
	signs = append(signs, pdf.Field{Label: l.T("oversight.pdf.received"), Value: signLine})
	blocks = append(blocks, signs)
	return pdf.Doc{
		Title:    l.T("oversight.pdf.title"),
		Subtitle: p.Authority,
		Blocks:   blocks,
		Footer:   p.Authority + " · " + l.T("oversight.pdf.number", p.ID),
	}
}

const signLine = "…………………………………………"
