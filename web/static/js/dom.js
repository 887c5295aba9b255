// DOM building. Pages build nodes with h(), so every string from the API lands as
// text; the only HTML ever parsed is a search snippet, through markedText().

/**
 * Creates an element. attrs: plain attributes, plus `on<event>` handlers; null,
 * undefined and false values are left out. Children: nodes, strings, numbers or
 * arrays of them; null and false are skipped.
 */
export function h(tag, attrs, ...children) {
  const svg = tag.startsWith('svg:');
  const el = svg
    ? document.createElementNS('http://www.w3.org/2000/svg', tag.slice(4))
    : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : String(c));
  }
}

/**
 * Turns a search snippet (escaped text with <mark> around matches) into nodes. The
 * snippet is parsed inert in a template; only its text and <mark> elements are
 * copied, so any other markup it might carry ends up as plain text or is dropped.
 */
export function markedText(snippetHTML) {
  const tpl = document.createElement('template');
  tpl.innerHTML = snippetHTML;
  const out = document.createDocumentFragment();
  for (const node of tpl.content.childNodes) {
    if (node.nodeType === Node.TEXT_NODE) out.append(node.textContent);
    else if (node.nodeName === 'MARK') out.append(h('mark', null, node.textContent));
    else out.append(node.textContent || '');
  }
  return out;
}

/** A section with a heading, or nothing when it has no content. */
export function section(id, title, ...content) {
  const body = content.flat().filter((c) => c !== null && c !== undefined && c !== false);
  if (body.length === 0) return null;
  return h('section', { 'aria-labelledby': id }, h('h2', { id }, title), body);
}

/** A list of items, or nothing when there are none. */
export function list(items, render, attrs) {
  if (!items || items.length === 0) return null;
  return h('ul', attrs, items.map((it) => h('li', null, render(it))));
}

/** Joins the present parts with a separator. */
export function joined(parts, sep = ' · ') {
  const present = parts.filter((p) => p !== null && p !== undefined && p !== '' && p !== false);
  const out = [];
  present.forEach((p, i) => {
    if (i > 0) out.push(sep);
    out.push(p);
  });
  return out;
}
