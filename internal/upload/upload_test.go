package upload_test

import (
	"archive/zip"
	"bytes"
	"errors"
	"mime"
	"strings"
	"testing"
	"unicode/utf8"

	"hnizdo.cz/hnizdo/internal/upload"
)

type entry struct {
	name    string
	body    string
	deflate bool
}

func makeZip(t testing.TB, entries ...entry) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		method := zip.Store
		if e.deflate {
			method = zip.Deflate
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: e.name, Method: method})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(e.body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const contentTypes = `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`

func docx(t testing.TB, extra ...entry) []byte {
	return makeZip(t, append([]entry{
		{name: "[Content_Types].xml", body: contentTypes, deflate: true},
		{name: "word/document.xml", body: "<w:document/>", deflate: true},
	}, extra...)...)
}

func xlsx(t testing.TB, extra ...entry) []byte {
	return makeZip(t, append([]entry{
		{name: "[Content_Types].xml", body: contentTypes, deflate: true},
		{name: "xl/workbook.xml", body: "<workbook/>", deflate: true},
	}, extra...)...)
}

func odt(t testing.TB, mimetype string) []byte {
	return makeZip(t,
		entry{name: "mimetype", body: mimetype},
		entry{name: "content.xml", body: "<office:document-content/>", deflate: true},
	)
}

var (
	pdfData  = []byte("%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n")
	pngData  = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01")
	jpegData = []byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00")
	gifData  = []byte("GIF89a\x01\x00\x01\x00\x80\x00\x00")
	gif87    = []byte("GIF87a\x01\x00\x01\x00\x80\x00\x00")
	webpData = []byte("RIFF\x1a\x00\x00\x00WEBPVP8 \x0e\x00\x00\x00")
)

func TestDetect(t *testing.T) {
	validDocx := docx(t)
	cases := []struct {
		name     string
		file     string
		data     []byte
		wantName string
		wantMIME string
		wantErr  error
	}{
		{"pdf", "zprava.pdf", pdfData, "PDF", "application/pdf", nil},
		{"png", "foto.png", pngData, "PNG", "image/png", nil},
		{"jpeg .jpg", "foto.jpg", jpegData, "JPEG", "image/jpeg", nil},
		{"jpeg .jpeg", "foto.jpeg", jpegData, "JPEG", "image/jpeg", nil},
		{"jpeg upper-case .JPG", "FOTO.JPG", jpegData, "JPEG", "image/jpeg", nil},
		{"gif89a", "anim.gif", gifData, "GIF", "image/gif", nil},
		{"gif87a", "anim.gif", gif87, "GIF", "image/gif", nil},
		{"webp", "obr.webp", webpData, "WebP", "image/webp", nil},
		{"docx", "Zpráva o šetření.docx", validDocx, "DOCX",
			"application/vnd.openxmlformats-officedocument.wordprocessingml.document", nil},
		{"xlsx", "tabulka.xlsx", xlsx(t), "XLSX",
			"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", nil},
		{"odt", "zapis.odt", odt(t, "application/vnd.oasis.opendocument.text"), "ODT",
			"application/vnd.oasis.opendocument.text", nil},
		{"windows path keeps extension", `C:\Users\x\zprava.pdf`, pdfData, "PDF", "application/pdf", nil},

		{"png named .pdf", "report.pdf", pngData, "", "", upload.ErrMismatch},
		{"docx named .xlsx", "report.xlsx", validDocx, "", "", upload.ErrMismatch},
		{"no extension", "report", pdfData, "", "", upload.ErrMismatch},
		{"empty name", "", pdfData, "", "", upload.ErrMismatch},
		{"dot-only name", ".pdf", pdfData, "", "", upload.ErrMismatch},
		{"double extension", "report.pdf.exe", pdfData, "", "", upload.ErrMismatch},

		{"exe named .pdf", "report.pdf", []byte("MZ\x90\x00\x03\x00\x00\x00"), "", "", upload.ErrUnsupported},
		{"elf named .pdf", "report.pdf", []byte("\x7fELF\x02\x01\x01"), "", "", upload.ErrUnsupported},
		{"html named .pdf", "report.pdf", []byte("<!DOCTYPE html><html><script>alert(1)</script></html>"), "", "", upload.ErrUnsupported},
		{"pdf header not at start", "report.pdf", []byte("<html>%PDF-1.4"), "", "", upload.ErrUnsupported},
		{"svg", "logo.svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`), "", "", upload.ErrUnsupported},
		{"svg named .png", "logo.png", []byte(`<?xml version="1.0"?><svg/>`), "", "", upload.ErrUnsupported},
		{"shell script", "run.pdf", []byte("#!/bin/sh\nrm -rf /\n"), "", "", upload.ErrUnsupported},
		{"plain text", "note.txt", []byte("hello"), "", "", upload.ErrUnsupported},
		{"riff but not webp", "a.webp", []byte("RIFF\x1a\x00\x00\x00AVI LIST"), "", "", upload.ErrUnsupported},
		{"short jpeg magic", "a.jpg", []byte("\xff\xd8"), "", "", upload.ErrUnsupported},
		{"zip with only foo.txt", "report.docx", makeZip(t, entry{name: "foo.txt", body: "hi"}), "", "", upload.ErrUnsupported},
		{"docx without content types", "report.docx", makeZip(t, entry{name: "word/document.xml", body: "<w/>"}), "", "", upload.ErrUnsupported},
		{"docm with vbaProject.bin", "report.docx", docx(t, entry{name: "word/vbaProject.bin", body: "\xd0\xcf\x11\xe0"}), "", "", upload.ErrUnsupported},
		{"xlsm with vbaProject.bin", "t.xlsx", xlsx(t, entry{name: "xl/vbaProject.bin", body: "\xd0\xcf\x11\xe0"}), "", "", upload.ErrUnsupported},
		{"vbaProject.bin other case", "report.docx", docx(t, entry{name: "word/VBAProject.bin", body: "x"}), "", "", upload.ErrUnsupported},
		{"odt wrong mimetype", "zapis.odt", odt(t, "application/vnd.oasis.opendocument.spreadsheet"), "", "", upload.ErrUnsupported},
		{"odt mimetype with newline", "zapis.odt", odt(t, "application/vnd.oasis.opendocument.text\n"), "", "", upload.ErrUnsupported},
		{"odt mimetype compressed", "zapis.odt", makeZip(t,
			entry{name: "mimetype", body: "application/vnd.oasis.opendocument.text", deflate: true}), "", "", upload.ErrUnsupported},
		{"odt mimetype not first", "zapis.odt", makeZip(t,
			entry{name: "content.xml", body: "<x/>"},
			entry{name: "mimetype", body: "application/vnd.oasis.opendocument.text"}), "", "", upload.ErrUnsupported},
		{"odt huge mimetype", "zapis.odt", odt(t, "application/vnd.oasis.opendocument.text"+strings.Repeat(" ", 200)), "", "", upload.ErrUnsupported},
		{"truncated zip", "report.docx", validDocx[:len(validDocx)/2], "", "", upload.ErrUnsupported},
		{"zip magic only", "report.docx", []byte("PK\x03\x04"), "", "", upload.ErrUnsupported},
		{"empty zip", "report.docx", makeZip(t), "", "", upload.ErrUnsupported},

		{"empty", "report.pdf", nil, "", "", upload.ErrEmpty},
		{"empty slice", "report.pdf", []byte{}, "", "", upload.ErrEmpty},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := upload.Detect(tc.file, tc.data)
			if !errors.Is(err, tc.wantErr) || (tc.wantErr == nil && err != nil) {
				t.Fatalf("Detect(%q) error = %v, want %v", tc.file, err, tc.wantErr)
			}
			if got.Name != tc.wantName || got.MIME != tc.wantMIME {
				t.Errorf("Detect(%q) = %q %q, want %q %q", tc.file, got.Name, got.MIME, tc.wantName, tc.wantMIME)
			}
		})
	}
}

// A corrupted mimetype entry must fail its checksum rather than be trusted.
func TestDetectCorruptODT(t *testing.T) {
	data := odt(t, "application/vnd.oasis.opendocument.text")
	i := bytes.Index(data, []byte("opendocument.text"))
	if i < 0 {
		t.Fatal("mimetype content not found in test zip")
	}
	data[i] = 'X' // same length, so only the CRC can catch it
	if _, err := upload.Detect("zapis.odt", data); !errors.Is(err, upload.ErrUnsupported) {
		t.Fatalf("error = %v, want ErrUnsupported", err)
	}
}

// Types is exported and mutable; editing it must not change what Detect accepts.
func TestTypesIsACopy(t *testing.T) {
	if len(upload.Types) != 8 {
		t.Fatalf("len(Types) = %d, want 8", len(upload.Types))
	}
	saved := upload.Types[0].Ext[0]
	upload.Types[0].Ext[0] = ".exe"
	defer func() { upload.Types[0].Ext[0] = saved }()
	if _, err := upload.Detect("a.exe", pdfData); !errors.Is(err, upload.ErrMismatch) {
		t.Fatalf("error = %v, want ErrMismatch", err)
	}
	got, err := upload.Detect("a.pdf", pdfData)
	if err != nil {
		t.Fatal(err)
	}
	got.Ext[0] = ".exe"
	if _, err := upload.Detect("a.pdf", pdfData); err != nil {
		t.Fatalf("mutating a returned Type changed Detect: %v", err)
	}
}

func TestCleanName(t *testing.T) {
	long := strings.Repeat("š", 200) + ".pdf"
	cases := []struct {
		name string
		in   string
		want string
	}{
		{"plain", "zprava.pdf", "zprava.pdf"},
		{"unix traversal", "../../etc/passwd", "passwd"},
		{"windows path", `C:\Users\x\Zpráva o šetření.pdf`, "Zpráva o šetření.pdf"},
		{"mixed separators", `a/b\c.pdf`, "c.pdf"},
		{"trailing separator", "dir/", "priloha"},
		{"empty", "", "priloha"},
		{"only spaces", "   ", "priloha"},
		{"dot", ".", "priloha"},
		{"dot dot", "..", "priloha"},
		{"control chars", "zp\x00ra\x07va\x1b.pdf", "zprava.pdf"},
		{"newlines become space", "a\r\nb.pdf", "a b.pdf"},
		{"quotes", `"zpráva" 'o' ` + "`x`.pdf", "zpráva o x.pdf"},
		{"whitespace collapsed", "  a \t  b\u00a0\u00a0c.pdf  ", "a b c.pdf"},
		{"bidi override removed", "fdp\u202Eexe.pdf", "fdpexe.pdf"},
		{"zero width removed", "a\u200bb.pdf", "ab.pdf"},
		{"invalid utf8 removed", "a\xffb.pdf", "ab.pdf"},
		{"long keeps extension", long, strings.Repeat("š", 116) + ".pdf"},
		{"long without extension", strings.Repeat("a", 300), strings.Repeat("a", 120)},
		{"long absurd extension", "a." + strings.Repeat("b", 300), "a." + strings.Repeat("b", 118)},
		{"exactly 120", strings.Repeat("a", 116) + ".pdf", strings.Repeat("a", 116) + ".pdf"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := upload.CleanName(tc.in)
			if got != tc.want {
				t.Errorf("CleanName(%q) = %q, want %q", tc.in, got, tc.want)
			}
			if n := utf8.RuneCountInString(got); n > 120 {
				t.Errorf("CleanName(%q) has %d runes", tc.in, n)
			}
		})
	}
}

func TestDisposition(t *testing.T) {
	cases := []struct {
		name         string
		in           string
		wantFilename string
		wantFallback string
	}{
		{"czech with quotes", `Zpráva "o" šetření.pdf`, "Zpráva o šetření.pdf", "Zprava o setreni.pdf"},
		{"all czech letters", "ŽLUŤOUČKÝ kůň úpěl ďábelské ódy.docx", "ŽLUŤOUČKÝ kůň úpěl ďábelské ódy.docx",
			"ZLUTOUCKY kun upel dabelske ody.docx"},
		{"path and header injection", "../x\r\nSet-Cookie: a=b;.pdf", "x Set-Cookie: a=b;.pdf", "x Set-Cookie ab.pdf"},
		{"cyrillic", "Отчёт.pdf", "Отчёт.pdf", "priloha.pdf"},
		{"empty", "", "priloha", "priloha"},
		{"percent and semicolon", "100% hotovo; final.pdf", "100% hotovo; final.pdf", "100 hotovo final.pdf"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := upload.Disposition(tc.in)
			if strings.ContainsAny(h, "\r\n") {
				t.Fatalf("header contains a line break: %q", h)
			}
			disp, params, err := mime.ParseMediaType(h)
			if err != nil {
				t.Fatalf("ParseMediaType(%q): %v", h, err)
			}
			if disp != "attachment" {
				t.Errorf("disposition = %q, want attachment", disp)
			}
			if params["filename"] != tc.wantFilename {
				t.Errorf("filename = %q, want %q (header %q)", params["filename"], tc.wantFilename, h)
			}

			const prefix = `attachment; filename="`
			if !strings.HasPrefix(h, prefix) {
				t.Fatalf("header %q does not start with %q", h, prefix)
			}
			fallback, _, ok := strings.Cut(h[len(prefix):], `"`)
			if !ok {
				t.Fatalf("unterminated fallback in %q", h)
			}
			if fallback != tc.wantFallback {
				t.Errorf("fallback = %q, want %q", fallback, tc.wantFallback)
			}
			for _, r := range fallback {
				if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("._ -", r)) {
					t.Errorf("fallback %q contains %q", fallback, r)
				}
			}
		})
	}
}

func FuzzDetect(f *testing.F) {
	for _, d := range [][]byte{pdfData, pngData, jpegData, gifData, webpData,
		docx(f), xlsx(f), odt(f, "application/vnd.oasis.opendocument.text"),
		docx(f, entry{name: "word/vbaProject.bin", body: "x"}), []byte("MZ"), nil} {
		f.Add("file.pdf", d)
	}
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		got, err := upload.Detect(name, data)
		if err != nil {
			if !errors.Is(err, upload.ErrEmpty) && !errors.Is(err, upload.ErrUnsupported) && !errors.Is(err, upload.ErrMismatch) {
				t.Fatalf("unexpected error %v", err)
			}
			return
		}
		known := false
		for _, ty := range upload.Types {
			if ty.Name == got.Name && ty.MIME == got.MIME {
				known = true
			}
		}
		if !known {
			t.Fatalf("Detect returned %+v, not one of Types", got)
		}
		// Whatever passed must also pass under the name it will be stored with.
		if _, err := upload.Detect(upload.CleanName(name), data); err != nil {
			t.Fatalf("cleaned name %q rejected: %v", upload.CleanName(name), err)
		}
		_ = upload.Disposition(name)
	})
}
