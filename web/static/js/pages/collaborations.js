// The collaboration picture: cities linked by grants, projects and events, drawn as
// SVG with our own force layout, filterable by year and kind (?year=2023&kinds=GRANT,EVENT),
// with a table of the same links for those who don't use the picture.

import { h } from '../dom.js';
import { query, required, partialErrors } from '../api.js';
import { apiLang, kindName, t } from '../i18n.js';
import { href, navigate } from '../url.js';
import { layout, placeLabels } from '../force.js';
import { TEXT, txt, pageLink } from './common.js';
import { VIA } from './city.js';

const KINDS = ['GRANT', 'PROJECT', 'EVENT', 'NETWORK'];
const DEFAULT_KINDS = ['GRANT', 'PROJECT', 'EVENT']; // networks link every member to every other
const WIDTH = 900;
const HEIGHT = 600;
const LABEL_CHAR_WIDTH = 7.4; // average width of a 13px label character, in picture units

const GRAPH = `query Collaborations($year: Int, $kinds: [CollaborationKind!], $lang: Lang) {
  collaborationGraph(year: $year, kinds: $kinds) {
    cities { id name ${TEXT} }
    links { source target kind year ${VIA} }
  }
  allYears: collaborationGraph(kinds: $kinds) { years }
}`;

/** The picture for the URL's year, kinds and highlighted city (?focus=). */
export async function render({ params, signal }) {
  const year = /^\d{4}$/.test(params.get('year') || '') ? Number(params.get('year')) : null;
  const asked = (params.get('kinds') || '').split(',').filter((k) => KINDS.includes(k));
  const kinds = asked.length ? asked : DEFAULT_KINDS;
  const focus = params.get('focus') || '';
  const { data, errors } = await query(GRAPH, { year, kinds, lang: apiLang() }, signal);
  const graph = required(data.collaborationGraph, errors);
  const years = [...new Set([...(data.allYears?.years || []), ...(year ? [year] : [])])].sort();

  const names = new Map(graph.cities.map((c) => [c.id, txt(c.name) || c.id]));
  const links = graph.links.filter((l) => names.has(l.source) && names.has(l.target));
  return {
    title: t('collabTitle'),
    nodes: [
      h('h1', { tabindex: '-1' }, t('collabTitle')),
      h('p', { class: 'intro' }, t('collabIntro')),
      controls(year, years, kinds, focus),
      partialErrors(errors),
      links.length === 0 ? h('p', { class: 'notice' }, t('noLinks')) : null,
      picture(graph.cities, links, names, focus),
      legend(kinds),
      linksTable(links, graph.cities),
    ],
  };
}

function controls(year, years, kinds, focus) {
  return h('form', {
    class: 'collab-controls',
    onsubmit: (e) => {
      e.preventDefault();
      const f = e.target.elements;
      const chosen = KINDS.filter((k) => f[`kind-${k}`].checked);
      navigate(href('/collaborations', { year: f.year.value, kinds: chosen.join(','), focus }), { stay: true });
    },
  },
  h('div', { class: 'control' },
    h('label', { for: 'year' }, t('year')),
    h('select', { id: 'year', name: 'year' },
      h('option', { value: '' }, t('allYears')),
      years.map((y) => h('option', { value: y, selected: y === year }, y)))),
  h('fieldset', { class: 'control kinds' },
    h('legend', null, t('linkKinds')),
    KINDS.map((k) => h('span', { class: 'check' },
      h('input', { type: 'checkbox', id: `kind-${k}`, name: `kind-${k}`, checked: kinds.includes(k) }),
      h('label', { for: `kind-${k}` }, h('span', { class: `swatch kind-${k.toLowerCase()}`, 'aria-hidden': 'true' }), kindName(k))))),
  h('button', { type: 'submit', id: 'collab-apply' }, t('apply')));
}

/** The SVG picture: one path per link (parallel links bend apart), one focusable group per city. */
function picture(cities, links, names, focus) {
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
      }, h('svg:title', null, `${names.get(l.source)} – ${names.get(l.target)}: ${kindName(l.kind)} ${txt(l.via?.name) || ''}${l.year ? ` (${l.year})` : ''}`)));
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
      class: `node${c.id === focus ? ' focus' : ''}`, tabindex: '0', role: 'link',
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

  return h('figure', { class: 'picture' },
    h('div', { class: 'picture-scroll' },
      h('svg:svg', {
        viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'group', 'aria-labelledby': 'picture-title',
        'data-cities': cities.length, 'data-links': links.length,
      },
      h('svg:title', { id: 'picture-title' }, `${t('picture')}: ${t('pictureSummary', cities.length, links.length)}`),
      h('svg:g', { class: 'links', 'aria-hidden': 'true' }, paths),
      h('svg:g', { class: 'nodes' }, nodes))),
    h('figcaption', null, t('pictureSummary', cities.length, links.length)));
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
      h('svg:line', { class: `link kind-${k.toLowerCase()}`, x1: 0, y1: 5, x2: 40, y2: 5 })), ' ', kindName(k))));
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
          h('td', null, pageLink('city', byId.get(l.source))),
          h('td', null, pageLink('city', byId.get(l.target))),
          h('td', null, kindName(l.kind)),
          h('td', null, txt(l.via?.name) || l.via?.id || ''),
          h('td', null, l.year ?? '')))))));
}
