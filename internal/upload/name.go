package upload

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

const (
	maxNameRunes = 120
	// maxExtRunes bounds what counts as an extension when shortening, so that a name like
	// "a.<200 characters>" is cut as a whole instead of keeping an absurd "extension".
	maxExtRunes = 16
	defaultName = "priloha"
)

// CleanName makes a user-given file name safe to store and show: base name only (strip any
// directory parts with / or \), control characters and quotes removed, whitespace collapsed,
// at most 120 runes keeping the extension, "" → "priloha".
func CleanName(name string) string {
	// Browsers on Windows send full paths, and either separator may be an attack on the
	// other platform, so both are treated as separators.
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}

	var b strings.Builder
	space := false
	for _, r := range name {
		switch {
		case r == utf8.RuneError:
			// Invalid UTF-8 would break the header encoding and the HTML later.
			continue
		case unicode.IsSpace(r):
			space = true
			continue
		case unicode.IsControl(r), unicode.Is(unicode.Cf, r):
			// Cf holds the bidi overrides and zero-width characters used to make
			// "fdp.exe" display as "exe.pdf".
			continue
		case r == '"', r == '\'', r == '`':
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	name = b.String()

	// Names made only of dots are directory references, not files.
	if strings.Trim(name, ".") == "" {
		return defaultName
	}
	return shorten(name)
}

// shorten cuts the stem, not the extension, so that the type check and the user's
// association of the file still work after truncation.
func shorten(name string) string {
	if utf8.RuneCountInString(name) <= maxNameRunes {
		return name
	}
	ext := extension(name)
	if utf8.RuneCountInString(ext) > maxExtRunes {
		ext = ""
	}
	stem := []rune(strings.TrimSuffix(name, ext))
	stem = stem[:maxNameRunes-utf8.RuneCountInString(ext)]
	return strings.TrimRight(string(stem), " ") + ext
}

// extension returns the extension with its dot, or "" when there is none. A leading dot does
// not start an extension (".pdf" alone is a hidden file with no extension for us), matching
// how the stem must not be empty for the name to mean anything.
func extension(name string) string {
	i := strings.LastIndexByte(name, '.')
	if i <= 0 {
		return ""
	}
	return name[i:]
}

// Disposition returns a Content-Disposition header value that forces download:
//
//	attachment; filename="<ASCII fallback with diacritics removed, only [A-Za-z0-9._ -]>"; filename*=UTF-8''<RFC 5987 percent-encoded>
//
// Forcing download keeps the browser from rendering an upload inline in the portal's origin.
// The name goes through CleanName first, so no quote or line break can end the header early.
func Disposition(name string) string {
	name = CleanName(name)
	return `attachment; filename="` + asciiFallback(name) + `"; filename*=UTF-8''` + encodeRFC5987(name)
}

// asciiFallback serves the old clients that ignore filename*. Czech names keep their
// letters without diacritics; anything unrepresentable is dropped rather than guessed.
func asciiFallback(name string) string {
	var b strings.Builder
	space := false
	for _, r := range name {
		s := ""
		switch {
		case r == ' ':
			space = true
			continue
		case r < utf8.RuneSelf && (isAlnum(byte(r)) || r == '.' || r == '_' || r == '-'):
			s = string(r)
		default:
			s = foldLatin[r]
		}
		if s == "" {
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteString(s)
	}
	out := b.String()
	// A fallback of just ".pdf" (e.g. a Cyrillic name) would be a hidden file without a name.
	if strings.Trim(out, ". _-") == "" || strings.HasPrefix(out, ".") {
		return defaultName + asciiOnlyExt(name)
	}
	return out
}

// asciiOnlyExt returns the extension of name when it is plain ASCII letters and digits, so the
// fallback keeps ".pdf" but never smuggles in characters outside the allowed set.
func asciiOnlyExt(name string) string {
	ext := extension(name)
	for i := 1; i < len(ext); i++ {
		if !isAlnum(ext[i]) {
			return ""
		}
	}
	return ext
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// encodeRFC5987 percent-encodes everything outside RFC 5987 attr-char.
func encodeRFC5987(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if isAlnum(c) || strings.IndexByte("!#$&+-.^_`|~", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&0x0f])
	}
	return b.String()
}

// foldLatin strips diacritics from Latin-1 Supplement and Latin Extended-A letters, which
// covers Czech, Slovak and the neighbouring languages clients' names come from. A table is
// used because the standard library has no Unicode normalisation.
var foldLatin = func() map[rune]string {
	const pairs = "ÀA ÁA ÂA ÃA ÄA ÅA ÆAE ÇC ÈE ÉE ÊE ËE ÌI ÍI ÎI ÏI ÐD ÑN ÒO ÓO ÔO ÕO ÖO ØO ÙU ÚU ÛU ÜU ÝY ÞTH ßss " +
		"àa áa âa ãa äa åa æae çc èe ée êe ëe ìi íi îi ïi ðd ñn òo óo ôo õo öo øo ùu úu ûu üu ýy þth ÿy " +
		"ĀA āa ĂA ăa ĄA ąa ĆC ćc ĈC ĉc ĊC ċc ČC čc ĎD ďd ĐD đd ĒE ēe ĔE ĕe ĖE ėe ĘE ęe ĚE ěe ĜG ĝg ĞG ğg " +
		"ĠG ġg ĢG ģg ĤH ĥh ĦH ħh ĨI ĩi ĪI īi ĬI ĭi ĮI įi İI ıi ĲIJ ĳij ĴJ ĵj ĶK ķk ĸk ĹL ĺl ĻL ļl ĽL ľl ĿL " +
		"ŀl ŁL łl ŃN ńn ŅN ņn ŇN ňn ŉn ŊN ŋn ŌO ōo ŎO ŏo ŐO őo ŒOE œoe ŔR ŕr ŖR ŗr ŘR řr ŚS śs ŜS ŝs ŞS şs " +
		"ŠS šs ŢT ţt ŤT ťt ŦT ŧt ŨU ũu ŪU ūu ŬU ŭu ŮU ůu ŰU űu ŲU ųu ŴW ŵw ŶY ŷy ŸY ŹZ źz ŻZ żz ŽZ žz ſs"
	m := make(map[rune]string)
	for _, p := range strings.Fields(pairs) {
		r, size := utf8.DecodeRuneInString(p)
		m[r] = p[size:]
	}
	return m
}()
