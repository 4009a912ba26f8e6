// Package markdown renders user-written Markdown (office notices, help
// pages) into HTML that is safe to embed in a page, together with a table of
// contents and a plain-text form for full-text search.
package markdown

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
	"golang.org/x/text/unicode/norm"
)

// Heading is one heading of a document, for a table of contents.
type Heading struct {
	Level int    // 2..4 (h1 in the body is rendered as h2: the page title is the only h1)
	ID    string // the id attribute it got, unique within the document, ASCII, e.g. "pestounska-pece", "pestounska-pece-2"
	Text  string // plain text of the heading
}

// Doc is a rendered Markdown document.
type Doc struct {
	HTML     string    // sanitised HTML, safe to put into a page
	Headings []Heading // h2..h4 in document order
	Text     string    // plain text (no markup), blocks separated by "\n", for full-text search and snippets
}

const linkRel = "nofollow noopener noreferrer"

// Raw HTML is left out by goldmark (no html.WithUnsafe); the policy below is
// the second, independent line of defence, so it is an allow-list rather than
// UGCPolicy, which permits far more than Markdown can produce.
var (
	md = goldmark.New(goldmark.WithExtensions(
		// Alignment as an attribute, because style attributes are never allowed.
		extension.NewTable(extension.WithTableCellAlignMethod(extension.TableCellAlignAttribute)),
		extension.Strikethrough,
		extension.Linkify,
		extension.TaskList,
	))
	policy = newPolicy()
	idRE   = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
)

func newPolicy() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowElements("p", "br", "hr", "strong", "em", "del", "code", "pre", "blockquote",
		"ul", "ol", "li", "table", "thead", "tbody", "tr", "th", "td", "h2", "h3", "h4")
	p.AllowAttrs("id").Matching(idRE).OnElements("h2", "h3", "h4")
	p.AllowAttrs("align").Matching(regexp.MustCompile(`^(left|center|right)$`)).OnElements("th", "td")
	p.AllowAttrs("start").Matching(regexp.MustCompile(`^[0-9]{1,9}$`)).OnElements("ol")
	p.AllowAttrs("href", "title").OnElements("a")
	p.AllowAttrs("rel").Matching(regexp.MustCompile(`^` + linkRel + `$`)).OnElements("a")
	p.AllowURLSchemes("http", "https", "mailto")
	p.AllowRelativeURLs(true)
	p.RequireParseableURLs(true)
	// Backstop in case a link reaches the policy without our rel.
	p.RequireNoFollowOnLinks(true)
	p.RequireNoReferrerOnLinks(true)
	return p
}

// Render converts Markdown to sanitised HTML, a table of contents and plain text.
func Render(src string) Doc {
	source := []byte(clean(strings.NewReplacer("\r\n", "\n", "\r", "\n").Replace(src)))
	doc := md.Parser().Parse(text.NewReader(source))

	var out Doc
	ids := idSet{used: map[string]bool{}, next: map[string]int{}}
	var nodes []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			nodes = append(nodes, n)
		}
		return ast.WalkContinue, nil
	})
	// The tree is rewritten only after the walk: replacing nodes while
	// walking them would skip or revisit siblings.
	for _, n := range nodes {
		switch n := n.(type) {
		case *ast.Heading:
			n.Level = min(max(n.Level, 2), 4)
			var b strings.Builder
			writeText(&b, n, source)
			h := Heading{Level: n.Level, Text: strings.Join(strings.Fields(b.String()), " ")}
			h.ID = ids.unique(slug(h.Text))
			n.SetAttributeString("id", []byte(h.ID))
			out.Headings = append(out.Headings, h)
		case *ast.Link:
			n.SetAttributeString("rel", []byte(linkRel))
		case *ast.AutoLink:
			n.SetAttributeString("rel", []byte(linkRel))
		case *ast.Image:
			replaceImage(n)
		case *east.TaskCheckBox:
			// A glyph instead of <input>, so no form element needs allowing.
			mark := "☐ "
			if n.IsChecked {
				mark = "☑ "
			}
			n.Parent().ReplaceChild(n.Parent(), n, ast.NewString([]byte(mark)))
		}
	}

	var buf bytes.Buffer
	if err := md.Renderer().Render(&buf, source, doc); err != nil {
		buf.Reset()
	}
	out.HTML = policy.Sanitize(buf.String())

	var b strings.Builder
	writeText(&b, doc, source)
	out.Text = strings.TrimSpace(clean(b.String()))
	return out
}

// replaceImage turns an image into a link to it: the CSP allows only
// same-origin images, and an external <img> would also leak readers' visits.
func replaceImage(img *ast.Image) {
	parent := img.Parent()
	if parent == nil {
		return
	}
	inLink := false
	for p := parent; p != nil; p = p.Parent() {
		if _, ok := p.(*ast.Link); ok {
			inLink = true
		}
	}
	if inLink { // nested <a> is invalid HTML; keep just the alt text
		for c := img.FirstChild(); c != nil; {
			next := c.NextSibling()
			parent.InsertBefore(parent, img, c)
			c = next
		}
		parent.RemoveChild(parent, img)
		return
	}
	link := ast.NewLink()
	link.Destination, link.Title = img.Destination, img.Title
	link.SetAttributeString("rel", []byte(linkRel))
	for c := img.FirstChild(); c != nil; {
		next := c.NextSibling()
		link.AppendChild(link, c)
		c = next
	}
	if !link.HasChildren() {
		link.AppendChild(link, ast.NewString(img.Destination))
	}
	parent.ReplaceChild(parent, img, link)
}

// writeText appends the plain text of n, starting each block on a new line
// and separating table cells by tabs.
func writeText(b *strings.Builder, root ast.Node, source []byte) {
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		if n != root && n.Type() == ast.TypeBlock {
			if _, ok := n.(*east.TableCell); ok && n.PreviousSibling() != nil {
				b.WriteByte('\t')
			} else if b.Len() > 0 && !strings.HasSuffix(b.String(), "\n") {
				b.WriteByte('\n')
			}
		}
		switch n := n.(type) {
		case *ast.Text:
			v := n.Value(source)
			if !n.IsRaw() {
				v = util.UnescapePunctuations(util.ResolveEntityNames(util.ResolveNumericReferences(v)))
			}
			b.Write(v)
			if n.HardLineBreak() {
				b.WriteByte('\n')
			} else if n.SoftLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(n.Value)
		case *ast.AutoLink:
			b.Write(n.Label(source))
			return ast.WalkSkipChildren, nil
		case *ast.CodeBlock, *ast.FencedCodeBlock:
			lines := n.Lines()
			for i := 0; i < lines.Len(); i++ {
				seg := lines.At(i)
				b.Write(seg.Value(source))
			}
			return ast.WalkSkipChildren, nil
		case *ast.HTMLBlock, *ast.RawHTML:
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
}

// slug makes an ASCII id: Czech diacritics are dropped rather than the whole
// letter, so "Pěstounská péče" becomes "pestounska-pece".
func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFD.String(strings.ToLower(s)) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		default:
			dash = true
		}
		if b.Len() >= 64 {
			break
		}
	}
	if b.Len() == 0 {
		return "oddil"
	}
	return b.String()
}

// idSet remembers the next suffix per base, so that thousands of equal
// headings do not make Render quadratic.
type idSet struct {
	used map[string]bool
	next map[string]int
}

func (s idSet) unique(base string) string {
	id := base
	for n := max(s.next[base], 2); s.used[id]; n++ {
		id = base + "-" + strconv.Itoa(n)
		s.next[base] = n + 1
	}
	s.used[id] = true
	return id
}

// clean makes s valid UTF-8 and drops control characters, which are
// invisible, can break search snippets and never mean anything in a notice.
func clean(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) && r != '\n' && r != '\t' {
			return -1
		}
		return r
	}, strings.ToValidUTF8(s, "\uFFFD"))
}
