// Package sheet writes the CSV files people open in a spreadsheet: participant lists, feedback
// answers and summaries.
package sheet

import (
	"encoding/csv"
	"fmt"
	"io"
)

// CSV is a file that Czech Excel opens as it is: UTF-8 with a byte order mark, semicolons
// (the comma is the Czech decimal separator), CRLF line ends; and no cell runs as a formula.
type CSV struct{ w *csv.Writer }

// NewCSV starts the file on w with its byte order mark.
func NewCSV(w io.Writer) (*CSV, error) {
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return nil, fmt.Errorf("sheet: csv: %w", err)
	}
	cw := csv.NewWriter(w)
	cw.Comma = ';'
	cw.UseCRLF = true
	return &CSV{w: cw}, nil
}

// Write writes one row, each cell defused.
func (c *CSV) Write(row []string) error {
	out := make([]string, len(row))
	for i, cell := range row {
		out[i] = Defuse(cell)
	}
	if err := c.w.Write(out); err != nil {
		return fmt.Errorf("sheet: csv: %w", err)
	}
	return nil
}

// Flush writes what is buffered and reports the first error of the file.
func (c *CSV) Flush() error {
	c.w.Flush()
	if err := c.w.Error(); err != nil {
		return fmt.Errorf("sheet: csv: %w", err)
	}
	return nil
}

// Defuse keeps a spreadsheet from running a cell as a formula: names and answers are typed by
// people, and "=HYPERLINK(...)" in one must stay text.
func Defuse(s string) string {
	if s != "" && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r') {
		return "'" + s
	}
	return s
}
