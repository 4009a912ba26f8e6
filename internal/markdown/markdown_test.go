package markdown_test

import (
	"reflect"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"hnizdo.cz/hnizdo/internal/markdown"
)

func TestHeadings(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []markdown.Heading
	}{
		{"czech", "## Pěstounská péče\n", []markdown.Heading{{2, "pestounska-pece", "Pěstounská péče"}}},
		{"h1 shifted", "# Úvod\n", []markdown.Heading{{2, "uvod", "Úvod"}}},
		{"levels", "# A\n## B\n### C\n#### D\n##### E\n###### F\n", []markdown.Heading{
			{2, "a", "A"}, {2, "b", "B"}, {3, "c", "C"}, {4, "d", "D"}, {4, "e", "E"}, {4, "f", "F"},
		}},
		{"duplicates", "## Péče\n## Péče\n## Pece 2\n## péče\n", []markdown.Heading{
			{2, "pece", "Péče"}, {2, "pece-2", "Péče"}, {2, "pece-2-2", "Pece 2"}, {2, "pece-3", "péče"},
		}},
		{"suffix taken by a literal", "## Péče 2\n## Péče\n## Péče\n", []markdown.Heading{
			{2, "pece-2", "Péče 2"}, {2, "pece", "Péče"}, {2, "pece-3", "Péče"},
		}},
		{"markup stripped", "## **Tučně** a `kód` [odkaz](/x)\n", []markdown.Heading{
			{2, "tucne-a-kod-odkaz", "Tučně a kód odkaz"},
		}},
		{"empty slug", "## ???\n## 日本\n", []markdown.Heading{{2, "oddil", "???"}, {2, "oddil-2", "日本"}}},
		{"setext", "Nadpis\n======\n\nDalší\n-----\n", []markdown.Heading{{2, "nadpis", "Nadpis"}, {2, "dalsi", "Další"}}},
		{"none", "jen text\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := markdown.Render(tt.src)
			if !reflect.DeepEqual(doc.Headings, tt.want) {
				t.Fatalf("Headings = %#v, want %#v", doc.Headings, tt.want)
			}
			root := parse(t, doc.HTML)
			var got []markdown.Heading
			walk(root, func(n *html.Node) {
				if n.Type == html.ElementNode && (n.Data == "h1" || n.Data == "h5" || n.Data == "h6") {
					t.Errorf("unexpected <%s> in %s", n.Data, doc.HTML)
				}
				if n.Type == html.ElementNode && len(n.Data) == 2 && n.Data[0] == 'h' && n.Data[1] >= '2' && n.Data[1] <= '4' {
					got = append(got, markdown.Heading{Level: int(n.Data[1] - '0'), ID: attr(n, "id"), Text: textOf(n)})
				}
			})
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("HTML headings = %#v, want %#v\n%s", got, tt.want, doc.HTML)
			}
		})
	}
}

func TestSanitises(t *testing.T) {
	for _, src := range nastyInputs {
		t.Run(src, func(t *testing.T) {
			doc := markdown.Render(src)
			if problems := unsafeHTML(t, doc.HTML); len(problems) > 0 {
				t.Errorf("%q rendered %q: %v", src, doc.HTML, problems)
			}
			if strings.Contains(doc.HTML, "<img") || strings.Contains(strings.ToLower(doc.HTML), "style=") {
				t.Errorf("%q rendered %q", src, doc.HTML)
			}
		})
	}
}

func TestImageBecomesLink(t *testing.T) {
	doc := markdown.Render("![Logo úřadu](https://example.com/logo.png)")
	root := parse(t, doc.HTML)
	var links []*html.Node
	walk(root, func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "img" {
			t.Errorf("img survived: %s", doc.HTML)
		}
		if n.Type == html.ElementNode && n.Data == "a" {
			links = append(links, n)
		}
	})
	if len(links) != 1 || attr(links[0], "href") != "https://example.com/logo.png" || textOf(links[0]) != "Logo úřadu" {
		t.Fatalf("want a link to the image with its alt text, got %s", doc.HTML)
	}
}

func TestBlocks(t *testing.T) {
	tests := []struct {
		name     string
		src      string
		elements []string          // must all be present
		attrs    map[string]string // element/attr -> value on some element
	}{
		{"table", "| Jméno | Věk |\n|:--|--:|\n| Jan | 7 |\n", []string{"table", "thead", "tbody", "tr", "th", "td"}, map[string]string{"td/align": "right"}},
		{"list", "- jedna\n- dvě\n\n3. tři\n4. čtyři\n", []string{"ul", "li", "ol"}, map[string]string{"ol/start": "3"}},
		{"link", "[portál](https://example.com/a?b=1)", []string{"a"}, map[string]string{"a/rel": "nofollow noopener noreferrer", "a/href": "https://example.com/a?b=1"}},
		{"relative link", "[jinam](/napoveda#oddil)", []string{"a"}, map[string]string{"a/href": "/napoveda#oddil", "a/rel": "nofollow noopener noreferrer"}},
		{"mailto", "[napište](mailto:ospod@example.cz)", []string{"a"}, map[string]string{"a/href": "mailto:ospod@example.cz"}},
		{"autolink", "viz www.example.com", []string{"a"}, map[string]string{"a/href": "http://www.example.com", "a/rel": "nofollow noopener noreferrer"}},
		{"inline", "**tučně** *kurzíva* ~~smazáno~~ `kód`  \nřádek", []string{"strong", "em", "del", "code", "br"}, nil},
		{"blocks", "> citát\n\n---\n\n```\nkód\n```\n", []string{"blockquote", "hr", "pre", "code"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := markdown.Render(tt.src)
			root := parse(t, doc.HTML)
			seen := map[string]bool{}
			walk(root, func(n *html.Node) {
				if n.Type != html.ElementNode {
					return
				}
				seen[n.Data] = true
				for _, a := range n.Attr {
					seen[n.Data+"/"+a.Key+"="+a.Val] = true
				}
			})
			for _, e := range tt.elements {
				if !seen[e] {
					t.Errorf("no <%s> in %s", e, doc.HTML)
				}
			}
			for k, v := range tt.attrs {
				if !seen[k+"="+v] {
					t.Errorf("no %s=%q in %s", k, v, doc.HTML)
				}
			}
		})
	}
}

func TestTaskList(t *testing.T) {
	doc := markdown.Render("- [x] hotovo\n- [ ] zbývá\n")
	if strings.Contains(doc.HTML, "<input") || !strings.Contains(doc.HTML, "☑ hotovo") || !strings.Contains(doc.HTML, "☐ zbývá") {
		t.Errorf("HTML = %s", doc.HTML)
	}
}

func TestText(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want string
	}{
		{"heading and paragraph", "# Pěstounská péče\n\nText **tučně** a *kurzívou*.\n", "Pěstounská péče\nText tučně a kurzívou."},
		{"soft break", "první\ndruhý\n", "první druhý"},
		{"list", "- jedna\n- dvě\n  - tři\n", "jedna\ndvě\ntři"},
		{"table", "| A | B |\n|---|---|\n| c | d |\n", "A\tB\nc\td"},
		{"code", "Spusťte `go test`:\n\n```sh\nmake\nmake test\n```\n", "Spusťte go test:\nmake\nmake test"},
		{"links", "[odkaz](https://x.cz) a <https://y.cz> a ![obr](/o.png)", "odkaz a https://y.cz a obr"},
		{"escapes and entities", "\\*ne\\* &amp; &copy;", "*ne* & ©"},
		{"raw html dropped", "<div>skryto</div>\n\nviditelné <b>x</b>", "viditelné x"},
		{"quote and strike", "> ~~staré~~ nové\n", "staré nové"},
		{"control characters", "a\x01b\x7f\tc\u0085d", "ab\tcd"},
		{"invalid utf-8", "a\xffb", "a\uFFFDb"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := markdown.Render(tt.src).Text; got != tt.want {
				t.Errorf("Text = %q, want %q", got, tt.want)
			}
		})
	}
}

func parse(t testing.TB, s string) *html.Node {
	t.Helper()
	n, err := html.Parse(strings.NewReader(s))
	if err != nil {
		t.Fatalf("parse %q: %v", s, err)
	}
	return n
}

func walk(n *html.Node, f func(*html.Node)) {
	f(n)
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, f)
	}
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func textOf(n *html.Node) string {
	var b strings.Builder
	walk(n, func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
	})
	return b.String()
}
