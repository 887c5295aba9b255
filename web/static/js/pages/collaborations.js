// The collaboration picture: cities linked by real collaborations (grants, projects,
// study visits, co-hosted events) drawn as SVG with our own force layout, filterable by
// year and kind (?year=2023&kinds=GRANT,EVENT), with pan and zoom, a path finder
// between two cities (?from=bilbao&to=valencia), and a table of the same links for
// those who don't use the picture.

import { h } from '../dom.js';
import { query, required, partialErrors } from '../api.js';
import { apiLang, collaborationKindName, learnKindLabels, t } from '../i18n.js';
import { href, navigate } from '../url.js';
import { layout, placeLabels } from '../force.js';
import { TEXT, txt, pageLink } from './common.js';
import { VIA } from './city.js';
import { panZoom } from '../panzoom.js';

const WIDTH = 900;
const HEIGHT = 600;
const LABEL_CHAR_WIDTH = 7.4; // average width of a 13px label character, in picture units

// The kinds, their labels and which are on by default come from the API, so a kind it
// adds shows up here. With no kinds in the URL the API's own default applies: real
// collaboration only, without meeting co-attendance and network membership.
export const GRAPH = `query Collaborations($year: Int, $kinds: [CollaborationKind!], $lang: Lang) {
  collaborationGraph(year: $year, kinds: $kinds) {
    cities { id name ${TEXT} }
    links { source target kind year sourceIsHost targetIsHost ${VIA} }
  }
  allYears: collaborationGraph(kinds: $kinds) { years }
  collaborationKinds { kind default label(lang: $lang) }
  cities(first: 100) { edges { node { id name ${TEXT} } } }
}`;

/** The picture for the URL's year, kinds and highlighted city (?focus=). */
export async function render({ params, signal }) {
  const year = /^\d{4}$/.test(params.get('year') || '') ? Number(params.get('year')) : null;
  const focus = params.get('focus') || '';
  const askedRaw = (params.get('kinds') || '').split(',').filter((k) => /^[A-Z_]+$/.test(k));
  const { data, errors } = await query(GRAPH, { year, kinds: askedRaw.length ? askedRaw : null, lang: apiLang() }, signal);
  const graph = required(data.collaborationGraph, errors);
  const kindInfo = data.collaborationKinds || [];
  const allKinds = kindInfo.map((k) => k.kind);
  const defaults = kindInfo.filter((k) => k.default).map((k) => k.kind);
  learnKindLabels(kindInfo);
  const kinds = askedRaw.length ? askedRaw.filter((k) => allKinds.includes(k)) : defaults;
  const years = [...new Set([...(data.allYears?.years || []), ...(year ? [year] : [])])].sort();
  const allCities = (data.cities?.edges || []).map((e) => e.node);

  const names = new Map(graph.cities.map((c) => [c.id, txt(c.name) || c.id]));
  const links = graph.links.filter((l) => names.has(l.source) && names.has(l.target));
  const pathBox = await pathFinder(params, allCities, askedRaw.length ? kinds : null, signal);
  const pic = picture(graph.cities, links, names, focus, pathBox.onPath);
  return {
    title: t('collabTitle'),
    nodes: [
      h('h1', { tabindex: '-1' }, t('collabTitle')),
      h('p', { class: 'intro' }, t('collabIntro')),
      controls(year, years, allKinds, kinds, focus, params),
      allKinds.some((k) => !defaults.includes(k) && !kinds.includes(k)) ? h('p', { class: 'note' }, t('collabKindsOff')) : null,
      partialErrors([...errors, ...pathBox.errors]),
      links.length === 0 ? h('p', { class: 'notice' }, t('noLinks')) : null,
      pic.figure,
      legend(kinds),
      pathBox.node,
      linksTable(links, graph.cities),
    ],
    after: pic.after,
  };
}

function controls(year, years, allKinds, kinds, focus, params) {
  return h('form', {
    class: 'collab-controls',
    onsubmit: (e) => {
      e.preventDefault();
      const f = e.target.elements;
      const chosen = allKinds.filter((k) => f[`kind-${k}`].checked);
      navigate(href('/collaborations', {
        year: f.year.value, kinds: chosen.join(','), focus, from: params.get('from'), to: params.get('to'),
      }), { stay: true });
    },
  },
  h('div', { class: 'control' },
    h('label', { for: 'year' }, t('year')),
    h('select', { id: 'year', name: 'year' },
      h('option', { value: '' }, t('allYears')),
      years.map((y) => h('option', { value: y, selected: y === year }, y)))),
  h('fieldset', { class: 'control kinds' },
    h('legend', null, t('linkKinds')),
    allKinds.map((k) => h('span', { class: 'check' },
      h('input', { type: 'checkbox', id: `kind-${k}`, name: `kind-${k}`, checked: kinds.includes(k) }),
      h('label', { for: `kind-${k}` }, h('span', { class: `swatch kind-${k.toLowerCase()}`, 'aria-hidden': 'true' }), collaborationKindName(k))))),
  h('button', { type: 'submit', id: 'collab-apply' }, t('apply')));
}

/**
 * The SVG picture: one path per link (parallel links bend apart), one focusable group
 * per city, all in a viewport that pans and zooms. onPath: ids of the cities of the
 * path found, marked on the picture.
 */
function picture(cities, links, names, focus, onPath) {
  const partners = new Map(cities.map((c) => [c.id, new Set()]));
  const pairs = new Map(); // "a|b" → links between a and b
  for (const l of links) {
    partners.get(l.source).add(l.target);
    partners.get(l.target).add(l.source);
    const key = [l.source, l.target].sort().join('|');
    if (!pairs.has(key)) pairs.set(key, []);
    pairs.get(key).push(l);
  }
  const pos = layout(cities.map((c) => c.id), [...pairs.keys()].map((k) => k.split('|')), { width: WIDTH, height: HEIGHT });

  const paths = [];
  for (const group of pairs.values()) {
    group.forEach((l, i) => {
      const a = pos.get(l.source), b = pos.get(l.target);
      const bend = (i - (group.length - 1) / 2) * 14;
      paths.push(h('svg:path', {
        class: `link kind-${l.kind.toLowerCase()}`,
        d: curve(a, b, bend),
        'data-source': l.source, 'data-target': l.target, 'data-kind': l.kind,
        'data-year': l.year ?? null, 'data-via-id': l.via?.id ?? null,
        'data-host': [l.sourceIsHost && l.source, l.targetIsHost && l.target].filter(Boolean).join(' ') || null,
      }, h('svg:title', null, `${hosted(names.get(l.source), l.sourceIsHost)} – ${hosted(names.get(l.target), l.targetIsHost)}: ${collaborationKindName(l.kind)} ${txt(l.via?.name) || ''}${l.year ? ` (${l.year})` : ''}`)));
    });
  }

  const radius = (id) => 5 + 2.2 * Math.sqrt(partners.get(id).size);
  const labels = placeLabels(cities.map((c) => ({
    id: c.id, ...pos.get(c.id), r: radius(c.id), width: names.get(c.id).length * LABEL_CHAR_WIDTH,
  })), { boxWidth: WIDTH, boxHeight: HEIGHT });

  const open = (id) => navigate(href(`/cities/${encodeURIComponent(id)}`));
  // Tab order follows the names, whatever the layout.
  const ordered = [...cities].sort((a, b) => names.get(a.id).localeCompare(names.get(b.id)));
  const nodes = ordered.map((c) => {
    const p = pos.get(c.id);
    const degree = partners.get(c.id).size;
    const label = labels.get(c.id);
    return h('svg:g', {
      class: `node${c.id === focus ? ' focus' : ''}${onPath.has(c.id) ? ' on-path' : ''}`, tabindex: '0', role: 'link',
      'aria-label': t('nodeLabel', names.get(c.id), degree),
      'data-city-id': c.id, 'data-partners': [...partners.get(c.id)].sort().join(' '),
      transform: `translate(${p.x} ${p.y})`,
      onclick: () => open(c.id),
      onkeydown: (e) => { if (e.key === 'Enter') { e.preventDefault(); open(c.id); } },
      onfocus: (e) => highlight(e.currentTarget, true),
      onblur: (e) => highlight(e.currentTarget, false),
      onmouseenter: (e) => highlight(e.currentTarget, true),
      onmouseleave: (e) => highlight(e.currentTarget, false),
    },
    h('svg:circle', { class: 'ring', r: (radius(c.id) + 4.5).toFixed(1) }),
    h('svg:circle', { class: 'dot', r: radius(c.id).toFixed(1) }),
    h('svg:text', { x: label.x, y: label.y, 'text-anchor': label.anchor, 'aria-hidden': 'true' }, names.get(c.id)));
  });

  const svg = h('svg:svg', {
    viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'group', 'aria-labelledby': 'picture-title', 'aria-describedby': 'picture-help',
    'data-cities': cities.length, 'data-links': links.length,
  },
  h('svg:title', { id: 'picture-title' }, `${t('picture')}: ${t('pictureSummary', cities.length, links.length)}`),
  h('svg:g', { class: 'links', 'aria-hidden': 'true' }, paths),
  h('svg:g', { class: 'nodes' }, nodes));
  const zoomButton = (id, label, text) => h('button', { type: 'button', id, class: 'zoom-button', 'aria-label': label, title: label }, text);
  // The buttons come after the cities in the tab order: the cities are what most
  // keyboard users are after, and the keys work on any focused city too.
  const tools = h('div', { class: 'zoom-tools', 'aria-label': t('picture'), role: 'toolbar' },
    zoomButton('zoom-in', t('zoomIn'), '+'), zoomButton('zoom-out', t('zoomOut'), '\u2212'), zoomButton('zoom-reset', t('zoomReset'), '\u2922'));
  const figure = h('figure', { class: 'picture' },
    h('div', { class: 'picture-frame' }, svg, tools),
    h('figcaption', null, t('pictureSummary', cities.length, links.length), ' · ',
      h('span', { id: 'picture-help' }, t('panZoomHelp'))));
  return {
    figure,
    after: () => panZoom(svg, { width: WIDTH, height: HEIGHT, buttons: tools, keys: figure }),
  };
}

/** "Bilbao (host)" for the city that hosted the event. */
function hosted(name, isHost) {
  return isHost ? `${name} (${t('host')})` : name;
}

/** A quadratic curve from a to b bent sideways by bend pixels (0: straight). */
function curve(a, b, bend) {
  if (bend === 0) return `M${a.x} ${a.y}L${b.x} ${b.y}`;
  const dx = b.x - a.x, dy = b.y - a.y;
  const len = Math.hypot(dx, dy) || 1;
  const cx = (a.x + b.x) / 2 - (dy / len) * bend * 2;
  const cy = (a.y + b.y) / 2 + (dx / len) * bend * 2;
  return `M${a.x} ${a.y}Q${cx.toFixed(1)} ${cy.toFixed(1)} ${b.x} ${b.y}`;
}

/** Shows a city's links and partners while it is hovered or focused. */
function highlight(node, on) {
  const svg = node.ownerSVGElement;
  const id = node.dataset.cityId;
  svg.classList.toggle('highlighting', on);
  const partners = new Set(node.dataset.partners.split(' '));
  for (const p of svg.querySelectorAll('.link')) {
    p.classList.toggle('lit', on && (p.dataset.source === id || p.dataset.target === id));
  }
  for (const n of svg.querySelectorAll('.node')) {
    n.classList.toggle('lit', on && (n === node || partners.has(n.dataset.cityId)));
  }
}

function legend(kinds) {
  return h('ul', { class: 'legend', 'aria-label': t('legend') }, kinds.map((k) =>
    h('li', null, h('svg:svg', { viewBox: '0 0 40 10', width: '40', height: '10', 'aria-hidden': 'true' },
      h('svg:line', { class: `link kind-${k.toLowerCase()}`, x1: 0, y1: 5, x2: 40, y2: 5 })), ' ', collaborationKindName(k))));
}

/** The same links as a table, latest first. */
function linksTable(links, cities) {
  if (!links.length) return null;
  const byId = new Map(cities.map((c) => [c.id, c]));
  const rows = [...links].sort((a, b) => (b.year ?? 0) - (a.year ?? 0)
    || txt(byId.get(a.source).name).localeCompare(txt(byId.get(b.source).name)));
  return h('details', { class: 'links-table' },
    h('summary', null, t('linksTable'), ` (${links.length})`),
    h('div', { class: 'table-scroll' },
      h('table', null,
        h('caption', { class: 'visually-hidden' }, t('linksTable')),
        h('thead', null, h('tr', null, [t('from'), t('to'), t('kind'), t('via'), t('year')].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', null, rows.map((l) => h('tr', { 'data-source': l.source, 'data-target': l.target, 'data-kind': l.kind },
          h('td', null, pageLink('city', byId.get(l.source)), l.sourceIsHost ? [' ', h('span', { class: 'host-tag' }, t('host'))] : null),
          h('td', null, pageLink('city', byId.get(l.target)), l.targetIsHost ? [' ', h('span', { class: 'host-tag' }, t('host'))] : null),
          h('td', null, collaborationKindName(l.kind)),
          h('td', null, txt(l.via?.name) || l.via?.id || ''),
          h('td', null, l.year ?? '')))))));
}

const PATH_FIELDS = `length cities { id name ${TEXT} }
    steps { kind year explanation(lang: $lang) from { id } to { id } ${VIA} }`;

export const PATH = `query Path($from: ID!, $to: ID!, $kinds: [CollaborationKind!], $lang: Lang) {
  collaborationConnection(fromCityId: $from, toCityId: $to, kinds: $kinds) {
    connected summary(lang: $lang) suggestions(lang: $lang)
    paths { ${PATH_FIELDS} }
  }
}`;

/**
 * The path finder: two city comboboxes (?from=&to=) and the shortest chains of
 * collaborations between them, each step in words. When real collaboration does not
 * connect them, it says so and what would: shared networks, meetings, themes.
 * Returns { node, onPath, errors }.
 */
async function pathFinder(params, cities, kinds, signal) {
  const byName = new Map();
  const named = cities.map((c) => ({ id: c.id, name: txt(c.name) || c.id })).sort((a, b) => a.name.localeCompare(b.name));
  for (const c of named) {
    byName.set(fold(c.name), c.id);
    byName.set(fold(c.id), c.id);
  }
  const nameOf = new Map(named.map((c) => [c.id, c.name]));
  const from = params.get('from') || '';
  const to = params.get('to') || '';
  const problem = h('p', { id: 'path-problem', class: 'field-error', role: 'alert' });

  const form = h('form', {
    class: 'collab-controls path-form',
    onsubmit: (e) => {
      e.preventDefault();
      const f = e.target.elements;
      const a = byName.get(fold(f['path-from'].value)), b = byName.get(fold(f['path-to'].value));
      const unknown = [[a, f['path-from']], [b, f['path-to']]].find(([id, input]) => !id && input.value.trim());
      problem.textContent = !f['path-from'].value.trim() || !f['path-to'].value.trim() ? t('pathPick')
        : unknown ? t('pathUnknownCity', unknown[1].value.trim())
          : a === b ? t('pathSame') : '';
      if (problem.textContent) {
        (unknown?.[1] || f['path-from']).focus();
        return;
      }
      const q = new URLSearchParams(location.search);
      q.set('from', a);
      q.set('to', b);
      navigate(`/collaborations?${q}`, { stay: true });
    },
  },
  h('datalist', { id: 'city-options' }, named.map((c) => h('option', { value: c.name }))),
  cityBox('path-from', t('pathFrom'), nameOf.get(from) || from),
  cityBox('path-to', t('pathTo'), nameOf.get(to) || to),
  h('button', { type: 'submit', id: 'path-find' }, t('pathFind')));

  let result = null;
  let onPath = new Set();
  let errors = [];
  if (from && to && from !== to) {
    const answer = await query(PATH, { from, to, kinds, lang: apiLang() }, signal).catch((err) => {
      if (err.name === 'AbortError') throw err;
      errors = [err.message];
      return null;
    });
    const conn = answer?.data?.collaborationConnection;
    if (answer) errors = answer.errors.map((e) => e.message);
    if (conn) {
      const paths = conn.paths || [];
      onPath = new Set(paths.flatMap((p) => p.cities.map((c) => c.id)));
      result = conn.connected && paths.length
        ? h('div', { class: 'path-result', 'data-found': 'true' },
          h('p', { class: 'path-summary', role: 'status' }, conn.summary || t('pathFound', paths.length, paths[0].length)),
          pathList(paths))
        : h('div', { class: 'path-result', 'data-found': 'false' },
          h('p', { class: 'notice no-connection', role: 'status' }, conn.summary || t('noConnection')),
          conn.suggestions?.length
            ? [h('h3', null, t('wouldConnect')), h('ul', { class: 'suggestions' }, conn.suggestions.map((s) => h('li', null, s)))]
            : null);
    }
  }
  return {
    node: h('section', { id: 'path-finder', 'aria-labelledby': 'path-h' },
      h('h2', { id: 'path-h' }, t('pathTitle')),
      h('p', { class: 'intro' }, t('pathIntro')),
      form, problem, result),
    onPath,
    errors,
  };
}

/** A labelled city combobox: a text box with the cities as suggestions. */
function cityBox(id, label, value) {
  return h('div', { class: 'control' },
    h('label', { for: id }, label),
    h('input', { id, name: id, type: 'text', list: 'city-options', value, autocomplete: 'off', 'aria-describedby': 'path-problem' }));
}

/** Paths as numbered lists of steps, each step the API's sentence in the reader's language. */
function pathList(paths) {
  return h('ol', { class: 'paths' }, paths.map((p, i) => h('li', { class: 'path', 'data-cities': p.cities.map((c) => c.id).join(' ') },
    h('p', { class: 'path-cities' }, h('span', { class: 'visually-hidden' }, t('pathOption', i + 1), ': '),
      p.cities.map((c, j) => [j ? ' → ' : '', pageLink('city', c)])),
    h('ol', { class: 'steps' }, p.steps.map((s) => h('li', { 'data-kind': s.kind, 'data-via-id': s.via?.id ?? null },
      h('span', { class: `kind-tag kind-${s.kind.toLowerCase()}` }, collaborationKindName(s.kind)), ' ', s.explanation))))));
}

/** Lower case without accents, so "valence", "Valencia" and "VALÈNCIA" find what they can. */
function fold(s) {
  return (s || '').normalize('NFD').replace(/[\u0300-\u036f]/g, '').trim().toLowerCase();
}
