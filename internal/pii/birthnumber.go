// Package pii is the personal-data guard: it finds what must never reach the shared knowledge
// base (birth numbers, dates of birth, phones, e-mails, addresses, file marks, names of
// children and parents) and replaces it with placeholders. Pure functions, no I/O: notes,
// questions, minutes and feedback all use it.
package pii

import (
	"strconv"
	"time"
)

// BirthNumberCheck explains whether a string shaped like a birth number (rodné číslo,
// Act 133/2000 Sb.) is a valid one. Every such string is blocked either way — real numbers
// that break the rules exist and typos are common — validity only explains the finding.
//
// digits is the 9 or 10 digits without the slash.
func BirthNumberCheck(digits string) (valid bool, reason string) {
	if len(digits) != 9 && len(digits) != 10 {
		return false, "pii.rc.shape"
	}
	for _, r := range digits {
		if r < '0' || r > '9' {
			return false, "pii.rc.shape"
		}
	}
	yy, _ := strconv.Atoi(digits[0:2])
	mm, _ := strconv.Atoi(digits[2:4])
	dd, _ := strconv.Atoi(digits[4:6])
	year := 1900 + yy
	if len(digits) == 10 && yy < 54 {
		year = 2000 + yy
	}
	if len(digits) == 9 && yy >= 54 {
		return false, "pii.rc.nine_after_1954" // 9 digits were issued only before 1954
	}
	switch {
	case mm >= 1 && mm <= 12, mm >= 51 && mm <= 62:
		mm %= 50
	case (mm >= 21 && mm <= 32 || mm >= 71 && mm <= 82) && len(digits) == 10 && year >= 2004:
		mm = mm%50 - 20 // the +20 series, issued from April 2004
	default:
		return false, "pii.rc.month"
	}
	d := time.Date(year, time.Month(mm), dd, 0, 0, 0, 0, time.UTC)
	if d.Year() != year || int(d.Month()) != mm || d.Day() != dd {
		return false, "pii.rc.date"
	}
	if len(digits) == 10 {
		n, _ := strconv.ParseInt(digits, 10, 64)
		first9, _ := strconv.ParseInt(digits[:9], 10, 64)
		if n%11 != 0 && !(first9%11 == 10 && digits[9] == '0') {
			return false, "pii.rc.checksum"
		}
	}
	return true, "pii.rc.valid"
}
