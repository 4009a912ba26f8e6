#!/usr/bin/env bash
# Builds web/static/vendor/ (not committed; the Go binary embeds web/static) from node_modules:
#
#   deploy/assets.sh
#
#   vendor/gov.css               @font-face rules + the design system's tokens, base styles and the
#                                components the pages use, in one file; selectors for the design
#                                system's custom elements (<gov-button> …) are dropped, the class
#                                selectors (.gov-button …) kept
#   vendor/fonts/*.woff2         Roboto 400, 400 italic, 500, 700 (latin + latin-ext subsets)
#   vendor/icons/*.svg           16px UI icons (fill="currentColor")
#   vendor/icons/complex/*.svg   48px pictograms
#   vendor/LICENSE-EUPL-1.2.txt, vendor/LICENSE-Apache-2.0.txt, vendor/NOTICE.txt
#
# Runs deploy/deps.sh node first (npm ci when needed). Output is replaced atomically.
set -euo pipefail

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
OUT="$REPO_ROOT/web/static/vendor"

"$REPO_ROOT/deploy/deps.sh" node

TMP=$(mktemp -d "$REPO_ROOT/web/static/.vendor.tmp.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

node - "$REPO_ROOT/node_modules" "$TMP" <<'EOF'
'use strict';
const fs = require('fs');
const path = require('path');
const [nm, out] = process.argv.slice(2);
const DS = '@gov-design-system-ce';
const stylesDir = path.join(nm, DS, 'styles/lib/html');
const fontsDir = path.join(nm, DS, 'fonts/lib');
const iconsDir = path.join(nm, DS, 'icons/lib');

// Stylesheets, in cascade order: tokens first, then base styles, layout, components.
const CSS_FILES = [
  'tokens.css', // colour/spacing/typography variables (:root[data-theme=light|dark], responsive)
  'styles.css', // reset, body, headings, links, lists, .gov-text--*, .gov-color--*, .gov-hide
  'layout.css', // .gov-container, .gov-layout, .gov-layout-column
  'components/gov-grid.css',
  'components/gov-grid-item.css',
  'components/gov-icon.css',
  'components/gov-link.css',
  'components/gov-button.css',
  'components/gov-breadcrumbs.css',
  'components/gov-message.css',
  'components/gov-tag.css',
  'components/gov-card.css',
  'components/gov-pagination.css',
  'components/gov-empty.css',
  'components/gov-error-code.css',
  'components/gov-form-group.css',
  'components/gov-form-control.css',
  'components/gov-form-label.css',
  'components/gov-form-message.css',
  'components/gov-form-input.css',
  'components/gov-form-select.css',
  'components/gov-form-checkbox.css',
  'components/gov-form-radio.css',
];

// Roboto: regular, italic, medium (headings use 500), bold; each with its latin-ext subset
// (Czech letters such as č, ř, ě, ů live there).
const FONT_FILES = ['regular', 'italic', 'medium', 'bold'].flatMap(
  (w) => [`roboto-${w}.woff2`, `roboto-${w}-ext.woff2`]);

const ICONS = [
  'person-fill', 'house-door-fill', 'search', 'chevron-right', 'chevron-left', 'chevron-down',
  'chevron-up', 'info-circle', 'info-circle-fill', 'exclamation-triangle-fill', 'exclamation-lg',
  'check-lg', 'check-circle-fill', 'x-lg', 'box-arrow-up-right', 'briefcase', 'download', 'upload',
  'plus-lg', 'dash-lg', 'envelope-fill', 'telephone', 'geo-alt-fill', 'list', 'gear', 'eye', 'copy',
  'arrow-down',
];
const COMPLEX_ICONS = ['user-login', 'city-office', 'institution', 'time', 'house', 'documents'];

// ---------------------------------------------------------------- CSS processing
// A small CSS tokenizer sufficient for the design system's compiled (Sass) output: comments,
// strings, nested at-rules (@media, @supports, @container, @layer), verbatim blocks otherwise.

function stripComments(css) {
  let o = '', q = null;
  for (let i = 0; i < css.length; i++) {
    const c = css[i];
    if (q) { o += c; if (c === '\\') { o += css[++i] ?? ''; } else if (c === q) q = null; continue; }
    if (c === '"' || c === "'") { q = c; o += c; continue; }
    if (c === '/' && css[i + 1] === '*') {
      const end = css.indexOf('*/', i + 2);
      if (end < 0) throw new Error('unterminated comment');
      i = end + 1; continue;
    }
    o += c;
  }
  return o;
}

// Index just past the '}' matching the '{' at css[open].
function matchBrace(css, open) {
  let d = 0, q = null;
  for (let i = open; i < css.length; i++) {
    const c = css[i];
    if (q) { if (c === '\\') i++; else if (c === q) q = null; continue; }
    if (c === '"' || c === "'") { q = c; continue; }
    if (c === '{') d++;
    else if (c === '}') { if (--d === 0) return i + 1; }
  }
  throw new Error('unbalanced braces');
}

// Next top-level '{', ';' or '}' from i (outside strings, parentheses and brackets).
function nextStop(css, i) {
  let q = null, p = 0;
  for (; i < css.length; i++) {
    const c = css[i];
    if (q) { if (c === '\\') i++; else if (c === q) q = null; continue; }
    if (c === '"' || c === "'") { q = c; continue; }
    if (c === '(' || c === '[') p++;
    else if (c === ')' || c === ']') p--;
    else if (p === 0 && (c === '{' || c === ';' || c === '}')) return i;
  }
  return -1;
}

function splitTopLevel(s, sep) {
  const parts = []; let q = null, p = 0, start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (q) { if (c === '\\') i++; else if (c === q) q = null; continue; }
    if (c === '"' || c === "'") { q = c; continue; }
    if (c === '(' || c === '[') p++;
    else if (c === ')' || c === ']') p--;
    else if (p === 0 && c === sep) { parts.push(s.slice(start, i)); start = i + 1; }
  }
  parts.push(s.slice(start));
  return parts;
}

// Does the selector use a design-system custom element as a type selector (gov-button,
// :has(gov-icon) …)? Our HTML never contains those elements, so such selectors never match.
function usesCustomElement(sel) {
  const bare = sel.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""')
    .replace(/\[[^\]]*\]/g, '[]');
  return /(^|[\s>+~(,|])gov-[a-z]/.test(bare);
}

const stats = { kept: 0, dropped: 0 };

function processRules(css) {
  let out = '', i = 0;
  while (i < css.length) {
    const stop = nextStop(css, i);
    if (stop < 0) { if (css.slice(i).trim()) throw new Error('trailing garbage: ' + css.slice(i, i + 80)); break; }
    const prelude = css.slice(i, stop).trim();
    if (css[stop] === ';') { if (prelude) out += prelude + ';'; i = stop + 1; continue; }
    if (css[stop] === '}') throw new Error('unexpected }');
    const end = matchBrace(css, stop);
    const body = css.slice(stop + 1, end - 1);
    if (prelude.startsWith('@')) {
      const name = prelude.slice(1).split(/[\s(]/)[0].toLowerCase();
      if (['media', 'supports', 'container', 'layer', 'document'].includes(name)) {
        const inner = processRules(body);
        if (inner) out += prelude + '{' + inner + '}';
      } else {
        out += prelude + '{' + body + '}'; // @font-face, @keyframes, @page …: verbatim
      }
    } else {
      const sels = splitTopLevel(prelude, ',').map((s) => s.trim()).filter(Boolean);
      const keep = sels.filter((s) => !usesCustomElement(s));
      stats.kept += keep.length; stats.dropped += sels.length - keep.length;
      if (keep.length) out += keep.join(',') + '{' + body.trim() + '}';
    }
    i = end;
  }
  return out;
}

// ---------------------------------------------------------------- fonts
function fontFaces() {
  // Take the @font-face blocks of the package's roboto.css whose file we ship.
  const src = stripComments(fs.readFileSync(path.join(fontsDir, 'roboto.css'), 'utf8'));
  const blocks = src.match(/@font-face\s*\{[^}]*\}/g) || [];
  const picked = blocks.filter((b) => {
    const m = b.match(/url\(['"]?([^'")]+)['"]?\)/);
    return m && FONT_FILES.includes(m[1]);
  }).map((b) => b
    .replace(/url\(['"]?([^'")]+)['"]?\)/, (_, f) => `url("fonts/${f}")`)
    .replace(/font-display:\s*auto/, 'font-display:swap')
    .replace(/\s+/g, ' ').replace(/\s*([{};:,])\s*/g, '$1'));
  if (picked.length !== FONT_FILES.length) {
    throw new Error(`expected ${FONT_FILES.length} @font-face rules, found ${picked.length}`);
  }
  return picked.join('');
}

// ---------------------------------------------------------------- main
const pkg = (name) => JSON.parse(fs.readFileSync(path.join(nm, name, 'package.json'), 'utf8'));
const copyright = (name) => {
  const f = path.join(nm, name, 'readme.md');
  const m = fs.existsSync(f) && fs.readFileSync(f, 'utf8').match(/^Copyright.*$/m);
  return m ? m[0].trim() : '';
};
const styles = pkg(`${DS}/styles`), fonts = pkg(`${DS}/fonts`), icons = pkg(`${DS}/icons`);

fs.mkdirSync(path.join(out, 'fonts'), { recursive: true });
fs.mkdirSync(path.join(out, 'icons/complex'), { recursive: true });

let body = '';
for (const f of CSS_FILES) {
  const css = fs.readFileSync(path.join(stylesDir, f), 'utf8').replace(/^\uFEFF/, '');
  body += processRules(stripComments(css));
}
const banner = `/*! Gov Design System CE: ${styles.name} ${styles.version}, ${fonts.name} ${fonts.version}.
 * Licensed under the EUPL-1.2 (LICENSE-EUPL-1.2.txt); Roboto font: Apache-2.0 (LICENSE-Apache-2.0.txt).
 * Modified by deploy/assets.sh: selected files concatenated, custom-element selectors removed.
 * See NOTICE.txt. */\n`;
fs.writeFileSync(path.join(out, 'gov.css'), banner + fontFaces() + '\n' + body + '\n');

for (const f of FONT_FILES) fs.copyFileSync(path.join(fontsDir, f), path.join(out, 'fonts', f));
for (const i of ICONS) {
  fs.copyFileSync(path.join(iconsDir, 'components', i + '.svg'), path.join(out, 'icons', i + '.svg'));
}
for (const i of COMPLEX_ICONS) {
  fs.copyFileSync(path.join(iconsDir, 'complex', i + '.svg'), path.join(out, 'icons/complex', i + '.svg'));
}

const spdx = (id) => require(path.join(nm, 'spdx-license-list/licenses', id + '.json')).licenseText;
fs.writeFileSync(path.join(out, 'LICENSE-EUPL-1.2.txt'), spdx('EUPL-1.2').trimEnd() + '\n');
fs.writeFileSync(path.join(out, 'LICENSE-Apache-2.0.txt'), spdx('Apache-2.0').trimEnd() + '\n');

const notice = `Third-party files in this folder
================================

This folder holds files from the Czech government design system "Gov Design System CE"
(Design system gov.cz, https://designsystem.gov.cz/), published on the npm registry:

  ${styles.name} ${styles.version}  (licence: EUPL-1.2)
      ${copyright(styles.name)}
      gov.css is made from these files of the package's lib/html/ folder, in this order:
${CSS_FILES.map((f) => '        ' + f).join('\n')}
      Modifications: concatenated; comments removed; rules and selectors that target the
      design system's custom elements (<gov-*> tags) removed, class selectors kept unchanged;
      preceded by @font-face rules taken from ${fonts.name}/lib/roboto.css
      (paths changed to fonts/…, font-display set to swap).

  ${fonts.name} ${fonts.version}  (licence: EUPL-1.2)
      ${copyright(fonts.name)}
      fonts/: ${FONT_FILES.slice(0, 4).join(', ')},
              ${FONT_FILES.slice(4).join(', ')}
      The Roboto typeface itself is "Copyright 2011 Google Inc. All Rights Reserved."
      (version 2.137), licensed under the Apache License, Version 2.0 (LICENSE-Apache-2.0.txt).

  ${icons.name} ${icons.version}  (licence: EUPL-1.2)
      ${copyright(icons.name)}
      icons/: from lib/components/ (unchanged)
      icons/complex/: from lib/complex/ (unchanged)

Source: the npm packages named above (npm install ${styles.name}@${styles.version}
${fonts.name}@${fonts.version} ${icons.name}@${icons.version}); the script that builds this
folder is deploy/assets.sh in this application's source.

The text of the European Union Public Licence v. 1.2 is in LICENSE-EUPL-1.2.txt (taken from the
npm package spdx-license-list). The Apache License 2.0 text is in LICENSE-Apache-2.0.txt.
`;
fs.writeFileSync(path.join(out, 'NOTICE.txt'), notice);

const size = fs.statSync(path.join(out, 'gov.css')).size;
console.error(`deploy/assets.sh: gov.css ${(size / 1024).toFixed(1)} KiB ` +
  `(${stats.kept} selectors kept, ${stats.dropped} custom-element selectors dropped)`);
EOF

chmod -R a+rX "$TMP"
rm -rf "$OUT"
mv "$TMP" "$OUT"
trap - EXIT
