package note

import (
	"strings"
	"testing"
)

func TestSnippet(t *testing.T) {
	long := strings.Repeat("slovo ", 40)
	for _, tc := range []struct{ text, q, want string }{
		{"Práce s pěstounskou rodinou.", "pestounska", "Práce s \x01pěstounskou\x02 rodinou"},
		{"PĚSTOUNSKÉ péči se věnujeme.", "pěstoun péče", "\x01PĚSTOUNSKÉ\x02 \x01péči\x02 se věnujeme"},
		// Two fragments from far apart, joined.
		{"Dítě " + long + "dítěte konec", "dítě",
			"\x01Dítě\x02 " + strings.TrimSpace(strings.Repeat("slovo ", 19)) + " … " +
				strings.TrimSpace(strings.Repeat("slovo ", 5)) + " \x01dítěte\x02 konec"},
		// No match in the text (the title matched): the beginning.
		{"Jen obyčejný text.", "intervize", "Jen obyčejný text"},
		{"", "cokoli", ""},
		// Letters outside Czech fold the general way.
		{"Straße und Übung", "strasse ubung", "Straße und \x01Übung\x02"},
	} {
		if got := Snippet(tc.text, tc.q); got != tc.want {
			t.Errorf("Snippet(%q, %q)\n got %q\nwant %q", tc.text, tc.q, got, tc.want)
		}
	}
}
