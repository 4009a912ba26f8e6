package feedback

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/xuri/excelize/v2"

	"hnizdo.cz/hnizdo/internal/auth"
	"hnizdo.cz/hnizdo/internal/i18n"
	"hnizdo.cz/hnizdo/internal/sheet"
)

// Table is every response of a form, for exports: one row per response.
type Table struct {
	Form *Form
	// Columns are the current version's questions, then the questions only earlier versions
	// had (each lineage once, as its latest version asked it).
	Columns []Question
	Rows    []Row
}

// Row is one response.
type Row struct {
	Version     int32
	Name        string     // non-anonymous forms only
	SubmittedAt *time.Time // non-anonymous forms only
	Cells       []string   // aligned with Columns; several choices joined with ", "
}

// Table returns every response of form id for u, who must manage it (ErrNotFound otherwise).
// Below the form's k it refuses with ErrTooFew: an export shows what the results page hides.
func (s *Store) Table(ctx context.Context, u *auth.User, id int64) (*Table, error) {
	var t *Table
	err := s.snapshot(ctx, u, id, func(tx pgx.Tx, f *Form) error {
		if f.Responses < int32(f.MinAnswers) {
			return ErrTooFew
		}
		var err error
		t, err = table(ctx, tx, f)
		return err
	})
	return t, err
}

func table(ctx context.Context, tx pgx.Tx, f *Form) (*Table, error) {
	rows, err := tx.Query(ctx, `SELECT `+questionCols+` FROM feedback_questions WHERE form_id = $1
		ORDER BY version = $2 DESC, version DESC, position, id`, f.ID, f.Version)
	if err != nil {
		return nil, fmt.Errorf("feedback: questions of %d: %w", f.ID, err)
	}
	all, err := pgx.CollectRows(rows, pgx.RowToStructByName[Question])
	if err != nil {
		return nil, fmt.Errorf("feedback: questions of %d: %w", f.ID, err)
	}
	t := &Table{Form: f}
	col := map[int64]int{} // lineage → column
	for _, q := range all {
		if _, ok := col[q.OriginID]; !ok {
			col[q.OriginID] = len(t.Columns)
			t.Columns = append(t.Columns, q)
		}
	}

	rows, err = tx.Query(ctx, `
		SELECT r.id::text, r.version, coalesce(u.name, ''), r.submitted_at
		FROM feedback_responses r LEFT JOIN users u ON u.id = r.user_id WHERE r.form_id = $1`, f.ID)
	if err != nil {
		return nil, fmt.Errorf("feedback: responses of %d: %w", f.ID, err)
	}
	at := map[string]int{} // response → row
	var rid string
	var r Row
	_, err = pgx.ForEachRow(rows, []any{&rid, &r.Version, &r.Name, &r.SubmittedAt}, func() error {
		x := Row{Version: r.Version, Cells: make([]string, len(t.Columns))}
		if !f.Anonymous {
			x.Name, x.SubmittedAt = r.Name, r.SubmittedAt
		}
		at[rid] = len(t.Rows)
		t.Rows = append(t.Rows, x)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("feedback: responses of %d: %w", f.ID, err)
	}

	rows, err = tx.Query(ctx, `
		SELECT a.response_id::text, coalesce(q.origin_id, q.id), a.number, a.choices, a.text
		FROM feedback_answers a JOIN feedback_questions q ON q.id = a.question_id WHERE q.form_id = $1`, f.ID)
	if err != nil {
		return nil, fmt.Errorf("feedback: answers of %d: %w", f.ID, err)
	}
	var origin int64
	var number *int16
	var choices []string
	var text *string
	_, err = pgx.ForEachRow(rows, []any{&rid, &origin, &number, &choices, &text}, func() error {
		i, ok := at[rid]
		if !ok {
			return nil
		}
		c := col[origin]
		switch {
		case number != nil:
			t.Rows[i].Cells[c] = strconv.Itoa(int(*number))
		case choices != nil:
			t.Rows[i].Cells[c] = strings.Join(choices, ", ")
		case text != nil:
			t.Rows[i].Cells[c] = *text
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("feedback: answers of %d: %w", f.ID, err)
	}

	// The form's k protects every question: in an anonymous export a question fewer than k
	// answered (an optional one, or one added later) is left blank.
	if f.Anonymous {
		for c := range t.Columns {
			n := 0
			for _, r := range t.Rows {
				if r.Cells[c] != "" {
					n++
				}
			}
			if n < int(f.MinAnswers) {
				for _, r := range t.Rows {
					r.Cells[c] = ""
				}
			}
		}
	}

	// Responses come in no meaningful order from the database, but an anonymous export must not
	// even hint at one: rows go by their answers. Named responses go by time.
	slices.SortFunc(t.Rows, func(a, b Row) int {
		if !f.Anonymous {
			if c := cmpTime(a.SubmittedAt, b.SubmittedAt); c != 0 {
				return c
			}
			if c := strings.Compare(a.Name, b.Name); c != 0 {
				return c
			}
		}
		for i := range a.Cells {
			if c := cmpCell(a.Cells[i], b.Cells[i]); c != 0 {
				return c
			}
		}
		return cmp.Compare(a.Version, b.Version)
	})
	return t, nil
}

func cmpTime(a, b *time.Time) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return 1
	case b == nil:
		return -1
	}
	return a.Compare(*b)
}

// cmpCell orders numbers as numbers, so 10 follows 9.
func cmpCell(a, b string) int {
	x, errA := strconv.Atoi(a)
	y, errB := strconv.Atoi(b)
	if errA == nil && errB == nil {
		return cmp.Compare(x, y)
	}
	return strings.Compare(a, b)
}

// exportText is the exports' wording; a file format rather than a page, so it lives here and
// not in the message catalogue.
var exportText = map[string]struct {
	version, name, submitted string
	summary                  []string
	answersSheet, sumSheet   string
	kinds                    map[Kind]string
	decimal                  string
}{
	"cs": {"Verze formuláře", "Jméno", "Odesláno",
		[]string{"Otázka", "Druh otázky", "Počet odpovědí", "Průměr", "Medián", "Odpověď", "Počet", "Podíl (%)"},
		"Odpovědi", "Souhrn",
		map[Kind]string{Rating: "hodnocení 1–5", NPS: "doporučení 0–10", Single: "jedna možnost",
			Multiple: "více možností", Short: "krátký text", Long: "delší text"},
		","},
	"en": {"Form version", "Name", "Submitted",
		[]string{"Question", "Kind of question", "Answers", "Mean", "Median", "Answer", "Count", "Share (%)"},
		"Answers", "Summary",
		map[Kind]string{Rating: "rating 1–5", NPS: "recommendation 0–10", Single: "single choice",
			Multiple: "multiple choice", Short: "short text", Long: "long text"},
		"."},
}

func textFor(lang string) string {
	if _, ok := exportText[lang]; ok {
		return lang
	}
	return "cs"
}

// answersHeader is the first row of the answers export.
func answersHeader(t *Table, lang string) []string {
	txt := exportText[textFor(lang)]
	// An anonymous form's export has no version column: a version with one response would
	// single it out.
	var h []string
	if !t.Form.Anonymous {
		h = append(h, txt.version, txt.name, txt.submitted)
	}
	for _, q := range t.Columns {
		h = append(h, q.Label)
	}
	return h
}

// WriteAnswersCSV writes every response of t, one a row, in lang ("cs" unless "en").
func WriteAnswersCSV(w io.Writer, t *Table, lang string) error {
	cw, err := sheet.NewCSV(w)
	if err != nil {
		return err
	}
	if err := cw.Write(answersHeader(t, lang)); err != nil {
		return err
	}
	for _, r := range t.Rows {
		var row []string
		if !t.Form.Anonymous {
			when := ""
			if r.SubmittedAt != nil {
				when = r.SubmittedAt.In(i18n.Prague).Format("2.1.2006 15:04")
			}
			row = append(row, strconv.Itoa(int(r.Version)), r.Name, when)
		}
		row = append(row, r.Cells...)
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	return cw.Flush()
}

// WriteSummaryCSV writes the aggregates of r in lang: a row per question (question, kind,
// count, mean and median of a scale), each followed by a row per bar (answer, count, share in
// %). Hidden results refuse with ErrTooFew.
func WriteSummaryCSV(w io.Writer, r *Results, lang string) error {
	if r.Hidden {
		return ErrTooFew
	}
	txt := exportText[textFor(lang)]
	num := func(x float64, prec int) string {
		return strings.Replace(strconv.FormatFloat(x, 'f', prec, 64), ".", txt.decimal, 1)
	}
	cw, err := sheet.NewCSV(w)
	if err != nil {
		return err
	}
	if err := cw.Write(slices.Clone(txt.summary)); err != nil {
		return err
	}
	for _, st := range r.Stats {
		mean, median := "", ""
		if st.Question.Kind.Scaled() && !st.Hidden {
			mean, median = num(st.Mean, 2), num(st.Median, 2)
		}
		row := []string{st.Question.Label, txt.kinds[st.Question.Kind], strconv.Itoa(st.Count), mean, median, "", "", ""}
		if err := cw.Write(row); err != nil {
			return err
		}
		for _, b := range st.Bars {
			if err := cw.Write([]string{"", "", "", "", "", b.Label, strconv.Itoa(b.Count), num(b.Share*100, 1)}); err != nil {
				return err
			}
		}
	}
	return cw.Flush()
}

// WriteXLSX writes a workbook of two sheets in lang: the answers of t (numbers as numbers) and
// the aggregates of r, each with a bold, frozen header row. Hidden results refuse with
// ErrTooFew.
func WriteXLSX(w io.Writer, t *Table, r *Results, lang string) error {
	if r.Hidden || t == nil {
		return ErrTooFew
	}
	txt := exportText[textFor(lang)]
	x := excelize.NewFile()
	defer x.Close()
	err := func() error {
		if err := x.SetSheetName("Sheet1", txt.answersSheet); err != nil {
			return err
		}
		if _, err := x.NewSheet(txt.sumSheet); err != nil {
			return err
		}
		bold, err := x.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
		if err != nil {
			return err
		}
		decimal, err := x.NewStyle(&excelize.Style{NumFmt: 2}) // 0.00
		if err != nil {
			return err
		}
		percent, err := x.NewStyle(&excelize.Style{NumFmt: 10}) // 0.00%
		if err != nil {
			return err
		}

		sh := txt.answersSheet
		header := answersHeader(t, lang)
		if err := sheetHeader(x, sh, header, bold); err != nil {
			return err
		}
		for i, row := range t.Rows {
			var vals []any
			if !t.Form.Anonymous {
				var when any
				if row.SubmittedAt != nil {
					when = row.SubmittedAt.In(i18n.Prague)
				}
				vals = append(vals, int(row.Version), row.Name, when)
			}
			for c, v := range row.Cells {
				vals = append(vals, cellValue(t.Columns[c], v))
			}
			if err := x.SetSheetRow(sh, cell(1, i+2), &vals); err != nil {
				return err
			}
		}
		if err := x.SetColWidth(sh, "A", colName(len(header)), 22); err != nil {
			return err
		}

		sh = txt.sumSheet
		if err := sheetHeader(x, sh, txt.summary, bold); err != nil {
			return err
		}
		line := 2
		for _, st := range r.Stats {
			vals := []any{st.Question.Label, txt.kinds[st.Question.Kind], st.Count}
			scale := st.Question.Kind.Scaled() && st.Count > 0
			if scale {
				vals = append(vals, st.Mean, st.Median)
			}
			if err := x.SetSheetRow(sh, cell(1, line), &vals); err != nil {
				return err
			}
			if scale {
				if err := x.SetCellStyle(sh, cell(4, line), cell(5, line), decimal); err != nil {
					return err
				}
			}
			line++
			for _, b := range st.Bars {
				if err := x.SetSheetRow(sh, cell(6, line), &[]any{b.Label, b.Count, b.Share}); err != nil {
					return err
				}
				if err := x.SetCellStyle(sh, cell(8, line), cell(8, line), percent); err != nil {
					return err
				}
				line++
			}
		}
		if err := x.SetColWidth(sh, "A", "A", 50); err != nil {
			return err
		}
		if err := x.SetColWidth(sh, "B", "H", 16); err != nil {
			return err
		}
		return x.Write(w)
	}()
	if err != nil {
		return fmt.Errorf("feedback: xlsx: %w", err)
	}
	return nil
}

// sheetHeader writes a bold header row and freezes it, so it stays while scrolling.
func sheetHeader(x *excelize.File, sh string, header []string, bold int) error {
	if err := x.SetSheetRow(sh, "A1", &header); err != nil {
		return err
	}
	if err := x.SetCellStyle(sh, "A1", cell(len(header), 1), bold); err != nil {
		return err
	}
	return x.SetPanes(sh, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
}

// cellValue is an answer as a spreadsheet cell: a scale's number as a number, nothing for no
// answer. Strings are stored as strings, never as formulas, so they need no defusing here.
func cellValue(q Question, v string) any {
	if v == "" {
		return nil
	}
	if q.Kind.Scaled() {
		if n, err := strconv.Atoi(v); err == nil {
			return n
		}
	}
	return v
}

func cell(col, row int) string {
	name, _ := excelize.CoordinatesToCellName(col, row)
	return name
}

func colName(col int) string {
	name, _ := excelize.ColumnNumberToName(col)
	return name
}
