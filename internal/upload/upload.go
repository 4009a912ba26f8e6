// Package upload decides whether an uploaded attachment may be kept and how to serve it.
//
// The type is decided by the content, never by the name alone: a renamed executable or an
// HTML page with a .pdf name must not reach a caseworker's browser. The name only has to
// agree with the content, so that what the user sees in the list is what opens.
package upload

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"slices"
	"strings"
)

// Type is an allowed attachment type.
type Type struct {
	Name string   // short label: "PDF", "DOCX", "XLSX", "ODT", "PNG", "JPEG", "GIF", "WebP"
	MIME string   // the Content-Type to serve it with
	Ext  []string // accepted file-name extensions, lower case, with dot: ".jpg", ".jpeg"
}

var (
	ErrEmpty       = errors.New("upload: empty file")
	ErrUnsupported = errors.New("upload: unsupported type")            // content is none of the allowed types
	ErrMismatch    = errors.New("upload: name does not match content") // e.g. a PNG named report.pdf, an .exe renamed .pdf
)

// The canonical table is private so that a caller editing Types (it is an exported slice)
// cannot widen what Detect accepts.
var (
	typePDF  = Type{"PDF", "application/pdf", []string{".pdf"}}
	typeDOCX = Type{"DOCX", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", []string{".docx"}}
	typeXLSX = Type{"XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", []string{".xlsx"}}
	typeODT  = Type{"ODT", "application/vnd.oasis.opendocument.text", []string{".odt"}}
	typePNG  = Type{"PNG", "image/png", []string{".png"}}
	typeJPEG = Type{"JPEG", "image/jpeg", []string{".jpg", ".jpeg"}}
	typeGIF  = Type{"GIF", "image/gif", []string{".gif"}}
	typeWebP = Type{"WebP", "image/webp", []string{".webp"}}

	allTypes = []Type{typePDF, typeDOCX, typeXLSX, typeODT, typePNG, typeJPEG, typeGIF, typeWebP}
)

// Types lists the allowed types (for the form's hint and the accept attribute).
var Types = cloneTypes(allTypes)

func cloneTypes(ts []Type) []Type {
	out := make([]Type, len(ts))
	for i, t := range ts {
		out[i] = t.clone()
	}
	return out
}

// clone keeps callers from reaching the private table through the shared Ext backing array.
func (t Type) clone() Type {
	t.Ext = slices.Clone(t.Ext)
	return t
}

// odtMIME is what the first, stored "mimetype" entry of an ODF text document must hold.
const odtMIME = "application/vnd.oasis.opendocument.text"

// Detect returns the type of data; name is the file name the user gave.
//
// The content is judged first, so an unknown or dangerous file is reported as ErrUnsupported
// whatever it is called; only an allowed content with the wrong extension is ErrMismatch.
// The extension is taken from CleanName(name), i.e. from the name that will be stored.
func Detect(name string, data []byte) (Type, error) {
	if len(data) == 0 {
		return Type{}, ErrEmpty
	}
	t, ok := sniff(data)
	if !ok {
		return Type{}, ErrUnsupported
	}
	ext := strings.ToLower(extension(CleanName(name)))
	if ext == "" || !slices.Contains(t.Ext, ext) {
		return Type{}, ErrMismatch
	}
	return t.clone(), nil
}

func sniff(data []byte) (Type, bool) {
	switch {
	// Only offset 0: readers tolerate junk before %PDF-, which is exactly what polyglot
	// files (HTML or scripts posing as PDF) rely on.
	case bytes.HasPrefix(data, []byte("%PDF-")):
		return typePDF, true
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		return typePNG, true
	case bytes.HasPrefix(data, []byte("\xff\xd8\xff")):
		return typeJPEG, true
	case bytes.HasPrefix(data, []byte("GIF87a")), bytes.HasPrefix(data, []byte("GIF89a")):
		return typeGIF, true
	case len(data) >= 12 && bytes.HasPrefix(data, []byte("RIFF")) && string(data[8:12]) == "WEBP":
		return typeWebP, true
	case bytes.HasPrefix(data, []byte("PK")):
		return sniffZip(data)
	}
	return Type{}, false
}

// sniffZip tells the office formats apart by their entry names, which the central directory
// lists without decompressing anything; only ODT's tiny mimetype entry is ever read.
func sniffZip(data []byte) (Type, bool) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil || len(zr.File) == 0 {
		return Type{}, false
	}
	var hasContentTypes, hasDocument, hasWorkbook bool
	for _, f := range zr.File {
		// OPC part names are case-insensitive, so a differently cased macro part would still
		// be honoured by Office.
		switch strings.ToLower(f.Name) {
		case "word/vbaproject.bin", "xl/vbaproject.bin":
			return Type{}, false
		case "[content_types].xml":
			hasContentTypes = true
		case "word/document.xml":
			hasDocument = true
		case "xl/workbook.xml":
			hasWorkbook = true
		}
	}
	if zr.File[0].Name == "mimetype" {
		if isODT(zr.File[0]) {
			return typeODT, true
		}
		return Type{}, false
	}
	switch {
	case !hasContentTypes, hasDocument && hasWorkbook: // ambiguous files are not guessed at
		return Type{}, false
	case hasDocument:
		return typeDOCX, true
	case hasWorkbook:
		return typeXLSX, true
	}
	return Type{}, false
}

// isODT reads the mimetype entry, which ODF requires to be stored uncompressed; anything else
// is not a conforming file and could be a decompression bomb in disguise.
func isODT(f *zip.File) bool {
	const maxMimetype = 100
	if f.Method != zip.Store || f.UncompressedSize64 > maxMimetype {
		return false
	}
	rc, err := f.Open()
	if err != nil {
		return false
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, maxMimetype+1))
	if err != nil || len(b) > maxMimetype {
		return false
	}
	return string(b) == odtMIME
}
