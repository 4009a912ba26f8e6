package web

import (
	"io/fs"
	"strings"
	"sync"

	"github.com/a-h/templ"
)

var iconCache sync.Map

// iconSVG returns an embedded design-system icon, hidden from screen readers. The SVG comes
// from our own embedded files, never from users, so it may be written unescaped.
func iconSVG(name string) string {
	if v, ok := iconCache.Load(name); ok {
		return v.(string)
	}
	b, err := fs.ReadFile(Static, "vendor/icons/"+name+".svg")
	if err != nil {
		return "" // assets not built: the page still works without the icon
	}
	svg := strings.Replace(strings.TrimSpace(string(b)), "<svg ", `<svg aria-hidden="true" focusable="false" `, 1)
	iconCache.Store(name, svg)
	return svg
}

// Icon renders an icon in the design system's icon wrapper.
func Icon(name string) templ.Component {
	return templ.Raw(`<span class="gov-icon" aria-hidden="true">` + iconSVG(name) + `</span>`)
}
