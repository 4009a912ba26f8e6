package textdiff_test

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"hnizdo.cz/hnizdo/internal/textdiff"
)

const (
	eq  = textdiff.Equal
	ins = textdiff.Insert
	del = textdiff.Delete
)

func sp(op textdiff.Op, text string) textdiff.Span { return textdiff.Span{Op: op, Text: text} }

func TestLines(t *testing.T) {
	fold := textdiff.Line{Op: eq, Spans: []textdiff.Span{sp(eq, "…")}}
	tests := []struct {
		name     string
		old, new string
		context  int
		want     []textdiff.Line
	}{
		{
			name:    "changed word in a Czech sentence",
			old:     "# Návštěvy\nPěstoun navštěvuje dítě jednou měsíčně.",
			new:     "# Návštěvy\nPěstoun navštěvuje dítě dvakrát měsíčně.",
			context: -1,
			want: []textdiff.Line{
				{Op: eq, Old: 1, New: 1, Spans: []textdiff.Span{sp(eq, "# Návštěvy")}},
				{Op: del, Old: 2, Spans: []textdiff.Span{sp(eq, "Pěstoun navštěvuje dítě "), sp(del, "jednou"), sp(eq, " měsíčně.")}},
				{Op: ins, New: 2, Spans: []textdiff.Span{sp(eq, "Pěstoun navštěvuje dítě "), sp(ins, "dvakrát"), sp(eq, " měsíčně.")}},
			},
		},
		{
			name:    "whitespace between changed words joins them",
			old:     "Schůzka je jednou za měsíc.",
			new:     "Schůzka je dvakrát v měsíci.",
			context: -1,
			want: []textdiff.Line{
				{Op: del, Old: 1, Spans: []textdiff.Span{sp(eq, "Schůzka je "), sp(del, "jednou za měsíc"), sp(eq, ".")}},
				{Op: ins, New: 1, Spans: []textdiff.Span{sp(eq, "Schůzka je "), sp(ins, "dvakrát v měsíci"), sp(eq, ".")}},
			},
		},
		{
			name:    "added paragraph",
			old:     "Úvod.\n",
			new:     "Úvod.\n\nNový odstavec o škole.\n",
			context: -1,
			want: []textdiff.Line{
				{Op: eq, Old: 1, New: 1, Spans: []textdiff.Span{sp(eq, "Úvod.")}},
				{Op: eq, Old: 2, New: 2, Spans: []textdiff.Span{sp(eq, "")}},
				{Op: ins, New: 3, Spans: []textdiff.Span{sp(ins, "Nový odstavec o škole.")}},
				{Op: ins, New: 4, Spans: []textdiff.Span{sp(ins, "")}},
			},
		},
		{
			name:    "removed line keeps numbering",
			old:     "a\nb\nc",
			new:     "a\nc",
			context: -1,
			want: []textdiff.Line{
				{Op: eq, Old: 1, New: 1, Spans: []textdiff.Span{sp(eq, "a")}},
				{Op: del, Old: 2, Spans: []textdiff.Span{sp(del, "b")}},
				{Op: eq, Old: 3, New: 2, Spans: []textdiff.Span{sp(eq, "c")}},
			},
		},
		{
			name:    "missing final newline is not a change",
			old:     "a",
			new:     "a\r\nb",
			context: -1,
			want: []textdiff.Line{
				{Op: eq, Old: 1, New: 1, Spans: []textdiff.Span{sp(eq, "a")}},
				{Op: ins, New: 2, Spans: []textdiff.Span{sp(ins, "b")}},
			},
		},
		{
			name:    "empty old is all inserts",
			old:     "",
			new:     "x\ny",
			context: 3,
			want: []textdiff.Line{
				{Op: ins, New: 1, Spans: []textdiff.Span{sp(ins, "x")}},
				{Op: ins, New: 2, Spans: []textdiff.Span{sp(ins, "y")}},
			},
		},
		{
			name:    "identical texts fold to one marker",
			old:     "a\nb\nc",
			new:     "a\nb\nc",
			context: 2,
			want:    []textdiff.Line{fold},
		},
		{
			name:    "identical texts unfolded",
			old:     "a\nb",
			new:     "a\nb",
			context: -1,
			want: []textdiff.Line{
				{Op: eq, Old: 1, New: 1, Spans: []textdiff.Span{sp(eq, "a")}},
				{Op: eq, Old: 2, New: 2, Spans: []textdiff.Span{sp(eq, "b")}},
			},
		},
		{
			name:    "folding with context 1",
			old:     "1\n2\n3\nX\n5\n6\n7\n8\nY\n10\n11",
			new:     "1\n2\n3\n5\n6\n7\n8\nY\n10\n11\nZ",
			context: 1,
			want: []textdiff.Line{
				fold,
				{Op: eq, Old: 3, New: 3, Spans: []textdiff.Span{sp(eq, "3")}},
				{Op: del, Old: 4, Spans: []textdiff.Span{sp(del, "X")}},
				{Op: eq, Old: 5, New: 4, Spans: []textdiff.Span{sp(eq, "5")}},
				fold,
				{Op: eq, Old: 11, New: 10, Spans: []textdiff.Span{sp(eq, "11")}},
				{Op: ins, New: 11, Spans: []textdiff.Span{sp(ins, "Z")}},
			},
		},
		{
			name:    "short gap between changes is not folded",
			old:     "a\nb\nc\nd",
			new:     "A\nb\nc\nD",
			context: 1,
			want: []textdiff.Line{
				{Op: del, Old: 1, Spans: []textdiff.Span{sp(del, "a")}},
				{Op: ins, New: 1, Spans: []textdiff.Span{sp(ins, "A")}},
				{Op: eq, Old: 2, New: 2, Spans: []textdiff.Span{sp(eq, "b")}},
				{Op: eq, Old: 3, New: 3, Spans: []textdiff.Span{sp(eq, "c")}},
				{Op: del, Old: 4, Spans: []textdiff.Span{sp(del, "d")}},
				{Op: ins, New: 4, Spans: []textdiff.Span{sp(ins, "D")}},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := textdiff.Lines(tt.old, tt.new, tt.context)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Lines() =\n%+v\nwant\n%+v", got, tt.want)
			}
			if tt.context < 0 {
				checkReconstruction(t, tt.old, tt.new, got)
			}
		})
	}
}

func TestStats(t *testing.T) {
	tests := []struct {
		name          string
		old, new      string
		wantIns, wDel int
	}{
		{"identical", "a\nb", "a\nb", 0, 0},
		{"changed line", "a\nb", "a\nB", 1, 1},
		{"added and removed", "a\nb\nc", "b\nc\nd\ne", 2, 1},
		{"from empty", "", "x\ny\nz", 3, 0},
		{"to empty", "x\ny", "", 0, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Folding must not change the counts.
			for _, ctx := range []int{-1, 0, 1} {
				gi, gd := textdiff.Stats(textdiff.Lines(tt.old, tt.new, ctx))
				if gi != tt.wantIns || gd != tt.wDel {
					t.Errorf("context %d: Stats() = %d, %d; want %d, %d", ctx, gi, gd, tt.wantIns, tt.wDel)
				}
			}
		})
	}
}

// checkReconstruction verifies that no text is lost or invented by the diff.
func checkReconstruction(t *testing.T, old, new string, lines []textdiff.Line) {
	t.Helper()
	var oldLines, newLines []string
	for _, l := range lines {
		var o, n strings.Builder
		for _, s := range l.Spans {
			if s.Op != textdiff.Insert {
				o.WriteString(s.Text)
			}
			if s.Op != textdiff.Delete {
				n.WriteString(s.Text)
			}
		}
		if l.Op != textdiff.Insert {
			oldLines = append(oldLines, o.String())
		}
		if l.Op != textdiff.Delete {
			newLines = append(newLines, n.String())
		}
	}
	norm := func(s string) string { return strings.ReplaceAll(s, "\r\n", "\n") }
	if got := strings.Join(oldLines, "\n"); got != norm(old) {
		t.Errorf("old text not preserved: got %q, want %q", got, norm(old))
	}
	if got := strings.Join(newLines, "\n"); got != norm(new) {
		t.Errorf("new text not preserved: got %q, want %q", got, norm(new))
	}
}

func FuzzLines(f *testing.F) {
	f.Add("Pěstoun navštěvuje dítě jednou měsíčně.", "Pěstoun navštěvuje dítě dvakrát měsíčně.")
	f.Add("a\nb\nc\n", "a\nc\nd")
	f.Add("", "x\r\ny")
	f.Add("x\n\n", "")
	f.Fuzz(func(t *testing.T, old, new string) {
		if !utf8.ValidString(old) || !utf8.ValidString(new) {
			t.Skip()
		}
		checkReconstruction(t, old, new, textdiff.Lines(old, new, -1))
		for _, ctx := range []int{0, 2} {
			textdiff.Lines(old, new, ctx)
		}
	})
}
