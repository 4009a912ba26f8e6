package pii

import (
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Kind is a kind of personal data.
type Kind string

const (
	BirthNumber Kind = "birth_number" // rodné číslo
	BirthDate   Kind = "birth_date"
	Phone       Kind = "phone"
	Email       Kind = "email"
	Address     Kind = "address"
	FileRef     Kind = "file_ref" // spisová značka, č. j., Om/NOm, court case numbers
	Name        Kind = "name"     // a first name near a word such as dítě, matka, klient
)

// Placeholders replace each kind when pseudonymising.
var Placeholders = map[Kind]string{
	BirthNumber: "[RČ]",
	BirthDate:   "[DATUM NAROZENÍ]",
	Phone:       "[TELEFON]",
	Email:       "[E-MAIL]",
	Address:     "[ADRESA]",
	FileRef:     "[SPISOVÁ ZNAČKA]",
	Name:        "[JMÉNO]",
}

// Finding is one piece of personal data: where it is (byte offsets into the text), what it
// is and why (a message key for the user).
type Finding struct {
	Kind   Kind
	Start  int
	End    int
	Text   string
	Reason string
}

var (
	// 6 digits, an optional slash, 3 or 4 digits; not inside a longer number or a reference.
	reBirthNumber = regexp.MustCompile(`(?:^|[^\d/])(\d{6})\s?/?\s?(\d{3,4})(?:$|[^\d/])`)
	reBirthDate   = regexp.MustCompile(`(?i)(?:nar\.|narozen[áaéý]?|datum\s+narozen[íi]|r\.\s*nar\.)\s*:?\s*(\d{1,2}\.\s?\d{1,2}\.\s?(?:\d{4}|\d{2}))`)
	rePhone       = regexp.MustCompile(`(?:^|[^\d/])((?:\+|00)420\s?)?([1-9]\d{2}\s?\d{3}\s?\d{3})(?:$|[^\d/])`)
	reEmail       = regexp.MustCompile(`[\p{L}\d._%+-]+@[\p{L}\d.-]+\.\p{L}{2,}`)
	// Court case numbers (12 P 345/2023) come first so "sp. zn. 12 P 345/2023" is taken whole.
	reFileRef = regexp.MustCompile(`(?:(?:sp\.\s?zn\.|č\.\s?j\.)\s?)?\b\d{1,3}\s?(?:P|Nc|C|T|Tm|Rod|Pa|Ps|Cdo)\s\d{1,6}/\d{4}\b|` +
		`(?i:\b(?:N?Om|Nc|L)\s?\d{1,6}/\d{2,4}\b)|` +
		`(?i:č\.\s?j\.|čj\.|sp\.\s?zn\.)\s?[\p{L}\d/\-.]*\d[\p{L}\d/\-]*|` +
		`\bOSPOD/\d+/\d{2,4}\b`)
	// A street and house number: a street-like word (…ova, …ská, náměstí, třída) and a number,
	// or words that introduce an address (bytem, bydliště, ul.), or a postcode before a town.
	reAddress = regexp.MustCompile(`(?:\b(?:bytem|bydliště|bydlí|trvalý\s+pobyt|ul\.|ulice|č\.\s?p\.)\s*:?\s*[^,;.\n]{0,40}?\d{1,4}(?:/\d{1,4})?[a-z]?\b)|` +
		`(?:\b\p{Lu}\p{Ll}+(?:ova|ská|ého|ní|ova[ \t]+třída|é[ \t]+náměstí)[ \t]+\d{1,4}(?:/\d{1,4})?[a-z]?\b)|` +
		`(?:\b(?:náměstí|nám\.|třída|tř\.)\s+\p{Lu}[\p{L}\s]{0,30}?\s\d{1,4}(?:/\d{1,4})?\b)|` +
		`(?:\b\d{3}\s\d{2}\s+\p{Lu}\p{Ll}+)`)
	// Law citations and paragraphs are never personal data.
	reLaw = regexp.MustCompile(`\d+/\d{4}\s?Sb\.|§\s?\d+[a-z]?(?:\s+odst\.\s?\d+)?(?:\s+písm\.\s?[a-z]\))?`)
)

// Scan returns the findings in text, in order, without overlaps (the earlier and longer wins).
func Scan(text string) []Finding {
	var fs []Finding
	add := func(k Kind, start, end int, reason string) {
		fs = append(fs, Finding{Kind: k, Start: start, End: end, Text: text[start:end], Reason: reason})
	}
	law := reLaw.FindAllStringIndex(text, -1)
	inLaw := func(start, end int) bool {
		for _, l := range law {
			if start < l[1] && end > l[0] {
				return true
			}
		}
		return false
	}
	for _, m := range reBirthNumber.FindAllStringSubmatchIndex(text, -1) {
		start, end := m[2], m[5]
		if inLaw(start, end) {
			continue
		}
		digits := text[m[2]:m[3]] + text[m[4]:m[5]]
		_, reason := BirthNumberCheck(digits)
		add(BirthNumber, start, end, reason)
	}
	for _, m := range reBirthDate.FindAllStringSubmatchIndex(text, -1) {
		add(BirthDate, m[0], m[1], "pii.birth_date")
	}
	for _, m := range rePhone.FindAllStringSubmatchIndex(text, -1) {
		start := m[4]
		if m[2] >= 0 {
			start = m[2]
		}
		if !inLaw(start, m[5]) {
			add(Phone, start, m[5], "pii.phone")
		}
	}
	for _, m := range reEmail.FindAllStringIndex(text, -1) {
		add(Email, m[0], m[1], "pii.email")
	}
	for _, m := range reFileRef.FindAllStringIndex(text, -1) {
		if !inLaw(m[0], m[1]) {
			add(FileRef, m[0], m[1], "pii.file_ref")
		}
	}
	for _, m := range reAddress.FindAllStringIndex(text, -1) {
		if !inLaw(m[0], m[1]) {
			add(Address, m[0], m[1], "pii.address")
		}
	}
	fs = append(fs, scanNames(text)...)
	return resolve(fs)
}

// resolve sorts the findings and drops those overlapping an earlier (or equally early but
// longer) one, so each byte is reported once.
func resolve(fs []Finding) []Finding {
	sort.SliceStable(fs, func(i, j int) bool {
		if fs[i].Start != fs[j].Start {
			return fs[i].Start < fs[j].Start
		}
		return fs[i].End-fs[i].Start > fs[j].End-fs[j].Start
	})
	out := fs[:0]
	end := -1
	for _, f := range fs {
		if f.Start >= end {
			out = append(out, f)
			end = f.End
		}
	}
	return out
}

// Pseudonymise replaces every finding with its placeholder.
func Pseudonymise(text string, fs []Finding) string {
	var b strings.Builder
	last := 0
	for _, f := range resolve(append([]Finding(nil), fs...)) {
		if f.Start < last || f.End > len(text) {
			continue
		}
		b.WriteString(text[last:f.Start])
		b.WriteString(Placeholders[f.Kind])
		last = f.End
	}
	b.WriteString(text[last:])
	return b.String()
}

// scanNames finds capitalised first names within a few words of a word that points to a
// person in a case (dítě, matka, klient…).
func scanNames(text string) []Finding {
	type word struct {
		start, end int
		w          string
	}
	var words []word
	start := -1
	for i, r := range text {
		letter := unicode.IsLetter(r)
		if letter && start < 0 {
			start = i
		}
		if !letter && start >= 0 {
			words = append(words, word{start, i, text[start:i]})
			start = -1
		}
	}
	if start >= 0 {
		words = append(words, word{start, len(text), text[start:]})
	}
	var fs []Finding
	const window = 4
	for i, w := range words {
		if !isCaseWord(strings.ToLower(w.w)) {
			continue
		}
		for j := max(0, i-window); j < min(len(words), i+window+1); j++ {
			if j == i || !isFirstName(words[j].w) {
				continue
			}
			end := words[j].end
			// A capitalised word right after the first name is the surname.
			if j+1 < len(words) && startsUpper(words[j+1].w) && onlySpace(text[end:words[j+1].start]) && !isCaseWord(strings.ToLower(words[j+1].w)) {
				end = words[j+1].end
			}
			fs = append(fs, Finding{Kind: Name, Start: words[j].start, End: end, Text: text[words[j].start:end], Reason: "pii.name"})
		}
	}
	return fs
}

func startsUpper(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}

func onlySpace(s string) bool { return strings.TrimSpace(s) == "" && len(s) <= 2 }

func isCaseWord(w string) bool {
	for _, p := range caseWords {
		if strings.HasPrefix(w, p) {
			return true
		}
	}
	return false
}

// isFirstName reports whether w is a capitalised Czech first name, in any case form: the
// stem of the name and at most three more letters (Tomáš → Tomáše, Tomášovi; Jana → Janě).
func isFirstName(w string) bool {
	if !startsUpper(w) || utf8.RuneCountInString(w) < 3 {
		return false
	}
	lw := strings.ToLower(w)
	for _, n := range firstNames {
		stem := strings.TrimRight(n, "aeo")
		if len(stem) < 3 {
			stem = n
		}
		if strings.HasPrefix(lw, stem) && utf8.RuneCountInString(lw)-utf8.RuneCountInString(stem) <= 3 {
			return true
		}
	}
	return false
}
