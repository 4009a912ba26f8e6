package sheet_test

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"hnizdo.cz/hnizdo/internal/sheet"
)

func TestCSV(t *testing.T) {
	var buf bytes.Buffer
	c, err := sheet.NewCSV(&buf)
	if err != nil {
		t.Fatal(err)
	}
	row := []string{"=HYPERLINK(\"x\")", "Žluťoučký kůň", "-1", "@a", "+420", "4,5"}
	if err := c.Write(row); err != nil {
		t.Fatal(err)
	}
	if err := c.Flush(); err != nil {
		t.Fatal(err)
	}
	if row[0] != "=HYPERLINK(\"x\")" {
		t.Errorf("the caller's row changed: %q", row[0])
	}
	out := buf.String()
	if !strings.HasPrefix(out, "\uFEFF") || !strings.HasSuffix(out, "\r\n") {
		t.Fatalf("no BOM or CRLF: %q", out)
	}
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(out, "\uFEFF")))
	r.Comma = ';'
	got, err := r.Read()
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"'=HYPERLINK(\"x\")", "Žluťoučký kůň", "'-1", "'@a", "'+420", "4,5"}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("cell %d = %q, want %q", i, got[i], want[i])
		}
	}
}
