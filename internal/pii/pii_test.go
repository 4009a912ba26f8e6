package pii_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"hnizdo.cz/hnizdo/internal/i18n"
	"hnizdo.cz/hnizdo/internal/pii"
)

func TestBirthNumberCheck(t *testing.T) {
	cases := []struct {
		digits string
		valid  bool
		reason string
	}{
		{"7801233540", true, "pii.rc.valid"},     // man, 23 Jan 1978, divisible by 11
		{"7851233547", false, "pii.rc.checksum"}, // woman's month, wrong check digit
		{"0462151235", false, "pii.rc.checksum"}, // woman, 15 Dec 2004 (month 62)
		{"0472150004", false, "pii.rc.checksum"}, // +70 series (woman, Feb 2004)
		{"0422150007", false, "pii.rc.checksum"}, // +20 series (man, Feb 2004)
		{"530101123", true, "pii.rc.valid"},      // nine digits, 1953
		{"550101123", false, "pii.rc.nine_after_1954"},
		{"7813233540", false, "pii.rc.month"}, // month 13
		{"7802303540", false, "pii.rc.date"},  // 30 February
		{"8522123456", false, "pii.rc.month"}, // +20 series before 2004
		{"12345", false, "pii.rc.shape"},
	}
	for _, tc := range cases {
		valid, reason := pii.BirthNumberCheck(tc.digits)
		if reason != tc.reason || valid != tc.valid {
			t.Errorf("%s: %v %s, want %v %s", tc.digits, valid, reason, tc.valid, tc.reason)
		}
	}
	// The mod-11 exception: first nine digits mod 11 is 10 and the last digit 0 (until 1985).
	if valid, _ := pii.BirthNumberCheck("8001010100"); !(valid == (8001010100%11 == 0) || 800101010%11 == 10) {
		t.Error("mod-11 exception not honoured")
	}
}

// Every string shaped like a birth number is found, valid or not; the reason explains.
func TestScanFinds(t *testing.T) {
	cases := []struct {
		text string
		kind pii.Kind
		want string
	}{
		{"RČ dítěte 780123/3540 bylo ověřeno.", pii.BirthNumber, "780123/3540"},
		{"rodné číslo 7801233540.", pii.BirthNumber, "7801233540"},
		{"překlep 780123/354 se také zachytí", pii.BirthNumber, "780123/354"},
		{"Matka (nar. 12. 3. 1985) se dostavila.", pii.BirthDate, "nar. 12. 3. 1985"},
		{"datum narození: 1.1.2015", pii.BirthDate, "datum narození: 1.1.2015"},
		{"volejte +420 602 123 456 odpoledne", pii.Phone, "+420 602 123 456"},
		{"tel. 731123456", pii.BirthNumber, "731123456"}, // nine digits: shaped like a birth number too
		{"napište na novak.petr@seznam.cz", pii.Email, "novak.petr@seznam.cz"},
		{"rodina bytem Lidická 12, Brno", pii.Address, "bytem Lidická 12"},
		{"bydlí na adrese Masarykova 123/4 v Králíkách", pii.Address, "bydlí na adrese Masarykova 123/4"},
		{"sešli jsme se na Masarykova 123/4 v Králíkách", pii.Address, "Masarykova 123/4"},
		{"PSČ 561 69 Králíky", pii.Address, "561 69 Králíky"},
		{"ve spisu Om 123/24 je zápis", pii.FileRef, "Om 123/24"},
		{"spis NOm 45/2023 uzavřen", pii.FileRef, "NOm 45/2023"},
		{"naše č. j. OSPOD/123/2024", pii.FileRef, "č. j. OSPOD/123/2024"},
		{"věc vede soud pod sp. zn. 12 P 345/2023", pii.FileRef, "sp. zn. 12 P 345/2023"},
		{"rozsudek 12 P 345/2023 nabyl právní moci", pii.FileRef, "12 P 345/2023"},
		{"nezletilá Terezka Nováková chodí do školy", pii.Name, "Terezka Nováková"},
		{"matka Jana uvedla, že", pii.Name, "Jana"},
		{"s otcem Tomášem jsme mluvili", pii.Name, "Tomášem"},
		{"klient Petr Dvořák nepřišel", pii.Name, "Petr Dvořák"},
	}
	for _, tc := range cases {
		fs := pii.Scan(tc.text)
		found := false
		for _, f := range fs {
			if f.Kind == tc.kind && f.Text == tc.want {
				found = true
			}
		}
		if !found {
			t.Errorf("%q: want %s %q, got %+v", tc.text, tc.kind, tc.want, fs)
		}
	}
}

// Keep false positives low: what practice notes legitimately say.
func TestScanLeavesAlone(t *testing.T) {
	for _, text := range []string{
		"Podle § 10 odst. 3 zákona č. 359/1999 Sb. je OSPOD povinen…",
		"Setkání OSPOD sobě proběhlo 12. 3. 2018 v Brně.",
		"Standard 14 a kritérium 8a hodnotí krajský úřad.",
		"## Vyhodnocování\n\n1. Nejprve mluvíme s dítětem o tom, co se stalo.", // a heading then a numbered list is no address
		"Vyhláška 473/2012 Sb. stanoví 14 standardů.",
		"Šlapanice a Žamberk sdílejí zkušenosti s případovými konferencemi.",
		"Dítě bylo svěřeno do pěstounské péče na přechodnou dobu.",
		"Metodička Jana z krajského úřadu poradila.", // a colleague, not a client: no case word nearby
		"V roce 2023 jsme řešili 45 případů, z toho 12 týrání.",
	} {
		if fs := pii.Scan(text); len(fs) != 0 {
			t.Errorf("%q: false positives %+v", text, fs)
		}
	}
}

func TestPseudonymise(t *testing.T) {
	text := "Matka Jana Nováková (nar. 1. 2. 1985), RČ 850201/1234, tel. +420 602 123 456, bytem Lidická 12."
	got := pii.Pseudonymise(text, pii.Scan(text))
	want := "Matka [JMÉNO] ([DATUM NAROZENÍ]), RČ [RČ], tel. [TELEFON], [ADRESA]."
	if got != want {
		t.Fatalf("got  %q\nwant %q", got, want)
	}
	if fs := pii.Scan(got); len(fs) != 0 {
		t.Fatalf("the pseudonymised text still has findings: %+v", fs)
	}
}

// FuzzScan: any text scans without panicking; findings lie inside the text, in order, without
// overlap, and their Text is exactly the span; pseudonymising removes every birth number.
func FuzzScan(f *testing.F) {
	for _, s := range []string{"780123/3540", "nar. 1. 1. 2000", "Om 1/24", "matka Jana", "+420 602 123 456", "a@b.cz", "Lidická 12/3", "§ 10 odst. 3", "ěščřžýáíé"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		fs := pii.Scan(text)
		end := 0
		for _, x := range fs {
			if x.Start < end || x.End <= x.Start || x.End > len(text) || text[x.Start:x.End] != x.Text {
				t.Fatalf("bad finding %+v in %q", x, text)
			}
			end = x.End
		}
		out := pii.Pseudonymise(text, fs)
		if utf8.ValidString(text) && !utf8.ValidString(out) {
			t.Fatalf("pseudonymising broke UTF-8: %q", out)
		}
		for _, x := range pii.Scan(out) {
			if x.Kind == pii.BirthNumber && !strings.Contains(text, x.Text) {
				t.Fatalf("pseudonymising made a new birth number %q", x.Text)
			}
		}
	})
}

// TestReasonsAreInTheCatalogue: every reason the guard gives can be shown to the user.
func TestReasonsAreInTheCatalogue(t *testing.T) {
	text := "780123/3540 780123/3541 781323/3540 780230/3540 550101123 nar. 1. 1. 2000 +420 602 123 456 a@b.cz bytem Lidická 12 Om 1/24 matka Jana"
	seen := map[string]bool{}
	for _, f := range pii.Scan(text) {
		seen[f.Reason] = true
		if !i18n.Has(f.Reason) {
			t.Errorf("reason %q (for %q) is not in the catalogue", f.Reason, f.Text)
		}
	}
	if len(seen) < 9 {
		t.Errorf("only %d distinct reasons exercised: %v", len(seen), seen)
	}
}
