// Package pdftext extracts the text of a PDF so tests can assert what a generated document says.
// It is meant for tests only.
package pdftext

import (
	"fmt"
	"io"
	"strings"

	"github.com/ledongthuc/pdf"
)

// Text returns the text of all pages, in order, separated by newlines.
func Text(r io.ReaderAt, size int64) (string, error) {
	pages, err := Pages(r, size)
	if err != nil {
		return "", err
	}
	return strings.Join(pages, "\n"), nil
}

// Pages returns the text of each page. Every text line drawn separately starts on a new line.
func Pages(r io.ReaderAt, size int64) (pages []string, err error) {
	// The reader panics on some malformed files; a test should see an error instead.
	defer func() {
		if p := recover(); p != nil {
			pages, err = nil, fmt.Errorf("pdftext: malformed pdf: %v", p)
		}
	}()
	rd, err := pdf.NewReader(r, size)
	if err != nil {
		return nil, fmt.Errorf("pdftext: open: %w", err)
	}
	for i := 1; i <= rd.NumPage(); i++ {
		p := rd.Page(i)
		if p.V.IsNull() {
			pages = append(pages, "")
			continue
		}
		t, err := p.GetPlainText(nil)
		if err != nil {
			return nil, fmt.Errorf("pdftext: page %d: %w", i, err)
		}
		pages = append(pages, t)
	}
	return pages, nil
}
