package markdown_test

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"

	"hnizdo.cz/hnizdo/internal/markdown"
)

// nastyInputs are also the fuzz seed corpus.
var nastyInputs = []string{
	"<script>alert(1)</script>",
	"<img src=x onerror=alert(1)>",
	"[x](javascript:alert(1))",
	"[x](JaVaScRiPt:alert(1))",
	"[x]( javascript:alert(1))",
	"[x](&#106;avascript:alert(1))",
	"[x](vbscript:msgbox(1))",
	"[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
	"![x](data:image/svg+xml,<svg onload=alert(1)>)",
	"![logo](https://evil.example/track.png)",
	`<a href="https://example.com" onclick="alert(1)">x</a>`,
	`<iframe src="https://evil.example"></iframe>`,
	"<style>body{display:none}</style>",
	`<p style="color:red">x</p>`,
	"<object data=x></object><embed src=x>",
	"text <span onmouseover=alert(1)>hover</span> inline",
	"<javascript:alert(1)>",
	"[x][r]\n\n[r]: javascript:alert(1)",
	"## <script>alert(1)</script>\n",
	"```html\n<script>alert(1)</script>\n```",
	"<svg><script>alert(1)</script></svg>",
	"<!-- <script>alert(1)</script> -->",
	"[![a](javascript:x)](javascript:y)",
	"\x00\x01\xff\xfe## invalid \xc3\x28 utf8",
}

// unsafeHTML lists what in s could run script or load foreign content.
func unsafeHTML(t testing.TB, s string) []string {
	var problems []string
	ids := map[string]bool{}
	walk(parse(t, s), func(n *html.Node) {
		if n.Type != html.ElementNode {
			return
		}
		switch n.Data {
		case "script", "style", "iframe", "img", "object", "embed", "svg", "math", "form", "input", "link", "meta", "base":
			problems = append(problems, "element "+n.Data)
		}
		for _, a := range n.Attr {
			key := strings.ToLower(a.Key)
			if strings.HasPrefix(key, "on") || key == "style" || key == "srcdoc" {
				problems = append(problems, "attribute "+key)
			}
			if key == "href" || key == "src" || key == "action" || key == "formaction" || key == "xlink:href" {
				// Browsers ignore whitespace and control characters inside a scheme.
				v := strings.Map(func(r rune) rune {
					if r <= ' ' || unicode.IsControl(r) {
						return -1
					}
					return unicode.ToLower(r)
				}, a.Val)
				for _, scheme := range []string{"javascript:", "data:", "vbscript:"} {
					if strings.HasPrefix(v, scheme) {
						problems = append(problems, key+"="+a.Val)
					}
				}
			}
			if key == "id" {
				if ids[a.Val] {
					problems = append(problems, "duplicate id "+a.Val)
				}
				ids[a.Val] = true
			}
		}
	})
	return problems
}

func FuzzRender(f *testing.F) {
	for _, s := range nastyInputs {
		f.Add(s)
	}
	f.Add("# A\n# A\n## a\n### A-2\n#### a 2\n")
	f.Add("| a | b |\n|---|:-:|\n| <script> | [x](javascript:y) |\n")
	f.Fuzz(func(t *testing.T, src string) {
		doc := markdown.Render(src)
		if problems := unsafeHTML(t, doc.HTML); len(problems) > 0 {
			t.Fatalf("rendered %q: %v", doc.HTML, problems)
		}
		ids := map[string]bool{}
		for _, h := range doc.Headings {
			if ids[h.ID] || h.ID == "" || h.Level < 2 || h.Level > 4 {
				t.Fatalf("bad heading %#v in %#v", h, doc.Headings)
			}
			ids[h.ID] = true
		}
		// Table-of-contents anchors must point at the ids that survived sanitising.
		var htmlIDs []string
		walk(parse(t, doc.HTML), func(n *html.Node) {
			if n.Type == html.ElementNode && (n.Data == "h2" || n.Data == "h3" || n.Data == "h4") {
				htmlIDs = append(htmlIDs, attr(n, "id"))
			}
		})
		if len(htmlIDs) != len(doc.Headings) {
			t.Fatalf("HTML has %d headings, Headings %d: %q", len(htmlIDs), len(doc.Headings), doc.HTML)
		}
		for i, id := range htmlIDs {
			if id != doc.Headings[i].ID {
				t.Fatalf("heading %d has id %q, want %q", i, id, doc.Headings[i].ID)
			}
		}
		if !utf8.ValidString(doc.Text) {
			t.Fatalf("Text not valid UTF-8: %q", doc.Text)
		}
		for _, r := range doc.Text {
			if unicode.IsControl(r) && r != '\n' && r != '\t' {
				t.Fatalf("control character %U in Text %q", r, doc.Text)
			}
		}
	})
}
