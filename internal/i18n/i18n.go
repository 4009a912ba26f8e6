// Package i18n is Hnízdo's message catalogue: Czech first, English second, with Czech plural
// forms and Czech date and number formats in Europe/Prague time.
package i18n

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/language"
)

// Langs are the supported interface languages, default first.
var Langs = []string{"cs", "en"}

var matcher = language.NewMatcher([]language.Tag{language.Czech, language.English})

// FromAcceptLanguage picks cs or en from an Accept-Language header (cs when nothing fits).
func FromAcceptLanguage(header string) string {
	tags, _, err := language.ParseAcceptLanguage(header)
	if err != nil || len(tags) == 0 {
		return "cs"
	}
	_, idx, conf := matcher.Match(tags...)
	if conf == language.No {
		return "cs"
	}
	return Langs[idx]
}

// Prague is the time zone every date is shown in. Loaded from the embedded tzdata when the
// system has none (see cmd/hnizdo's import of time/tzdata).
var Prague = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Prague")
	if err != nil {
		panic("i18n: Europe/Prague time zone missing: " + err.Error())
	}
	return loc
}()

// L localises for one language.
type L struct{ Lang string }

// For returns a localiser for lang, falling back to Czech.
func For(lang string) L {
	if lang != "en" {
		lang = "cs"
	}
	return L{Lang: lang}
}

// T returns the message for key, formatted with args. An unknown key shows itself, so a
// missing translation is visible in review and caught by the catalogue test.
func (l L) T(key string, args ...any) string {
	m, ok := messages[key]
	if !ok {
		return key
	}
	s := m[0]
	if l.Lang == "en" && m[1] != "" {
		s = m[1]
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// N returns the plural form of key for n: Czech has one (1), few (2–4) and many (0, 5+);
// English one and other. Keys are stored as key.one, key.few, key.many.
func (l L) N(key string, n int) string {
	form := "many"
	switch {
	case n == 1:
		form = "one"
	case l.Lang == "cs" && n >= 2 && n <= 4:
		form = "few"
	}
	return l.T(key+"."+form, l.Num(n))
}

// Num formats an integer with a non-breaking space between thousands (Czech) or a comma.
func (l L) Num(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	sep := "\u00a0"
	if l.Lang == "en" {
		sep = ","
	}
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// Decimal formats x with one decimal place: "4,3" in Czech, "4.3" in English.
func (l L) Decimal(x float64) string {
	s := strconv.FormatFloat(x, 'f', 1, 64)
	if l.Lang != "en" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// Date formats t as 23. 11. 2026 (Czech) or 23 Nov 2026 (English), in Prague time.
func (l L) Date(t time.Time) string {
	t = t.In(Prague)
	if l.Lang == "en" {
		return t.Format("2 Jan 2006")
	}
	return fmt.Sprintf("%d.\u00a0%d.\u00a0%d", t.Day(), int(t.Month()), t.Year())
}

// DateTime formats t with the time of day, in Prague time.
func (l L) DateTime(t time.Time) string {
	return l.Date(t) + " " + t.In(Prague).Format("15:04")
}

// Texts returns a key's Czech and English text as written in the catalogue, with no fallback.
func Texts(key string) (cs, en string) { m := messages[key]; return m[0], m[1] }

// Has reports whether key is in the catalogue (for tests of the views).
func Has(key string) bool { _, ok := messages[key]; return ok }

// Keys lists the catalogue's keys.
func Keys() []string {
	keys := make([]string, 0, len(messages))
	for k := range messages {
		keys = append(keys, k)
	}
	return keys
}
