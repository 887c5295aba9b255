// Search: one box, facet filters with counts, highlighted results, paging. The URL
// holds the query, the filters and the stack of cursors of the pages seen, so
// "previous" works from a shared link too.

import { h, markedText } from '../dom.js';
import { query, required, partialErrors } from '../api.js';
import { apiLang, kindName, langName, t } from '../i18n.js';
import { href, navigate, entityHref } from '../url.js';
import { downloadLinks, unique } from './common.js';

const PAGE_SIZE = 10;

// URL parameter, SearchFilter field and facet of each filter, in display order.
const FACETS = [
  { param: 'kind', field: 'kinds', title: 'facetKinds', label: (f) => kindName(f.value) },
  { param: 'country', field: 'countries', title: 'facetCountries' },
  { param: 'city', field: 'cities', title: 'facetCities' },
  { param: 'theme', field: 'themes', title: 'facetThemes' },
  { param: 'year', field: 'years', title: 'facetYears', number: true },
  { param: 'language', field: 'languages', title: 'facetLanguages', label: (f) => langName(f.value) },
];

const facetFields = 'value label(lang: $lang) count';
export const SEARCH = `query Search($q: String!, $lang: Lang, $filter: SearchFilter, $first: Int, $after: String) {
  search(query: $q, lang: $lang, filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node {
      kind id title(lang: $lang)
      snippets { field lang html }
      entity { __typename ... on Assessment { practice { id } } }
    } }
    facets {
      ${FACETS.map((f) => `${f.field} { ${facetFields} }`).join('\n      ')}
    }
    didYouMean
  }
}`;

/** Names that begin with what the reader is typing: practices, cities, countries and organisations. */
export const SUGGEST = `query Suggest($text: String!, $lang: Lang) {
  searchSuggestions(text: $text, kinds: [PRACTICE, CITY, COUNTRY, ORGANISATION], first: 8) {
    kind id label(lang: $lang)
  }
}`;

/** The search page for the URL's parameters. */
export async function render({ params, signal }) {
  const q = params.get('q') || '';
  const cursors = params.getAll('after');
  const filter = {};
  for (const f of FACETS) {
    const values = params.getAll(f.param);
    if (values.length) filter[f.field] = f.number ? values.map(Number) : values;
  }
  const { data, errors } = await query(SEARCH, {
    q, lang: apiLang(), filter, first: PAGE_SIZE, after: cursors.at(-1) ?? null,
  }, signal);
  const res = required(data.search, errors);

  const title = q ? `${q} – ${t('searchTitle')}` : t('searchTitle');
  return {
    title,
    nodes: [
      h('h1', { tabindex: '-1' }, t('searchTitle')),
      searchForm(q, params),
      res.didYouMean ? h('p', { class: 'did-you-mean' }, t('didYouMean'), ' ',
        h('a', { href: withParams(params, { q: [res.didYouMean], after: [] }) }, res.didYouMean), t('didYouMeanEnd')) : null,
      partialErrors(errors),
      h('div', { class: 'search-layout' },
        filterPanel(res.facets, params),
        results(res, params, cursors)),
    ],
  };
}

function searchForm(q, params) {
  // Filters stay when the words change; paging starts again.
  const kept = FACETS.flatMap((f) => params.getAll(f.param).map((v) => [f.param, v]));
  return h('form', {
    role: 'search', action: '/search', method: 'get', class: 'search-form',
    onsubmit: (e) => {
      e.preventDefault();
      const words = e.target.elements.q.value.trim();
      navigate(withParams(params, { q: words ? [words] : [], after: [] }), { stay: true });
    },
  },
  h('label', { for: 'q' }, t('searchLabel')),
  h('div', { class: 'search-row' },
    h('input', {
      id: 'q', name: 'q', type: 'search', value: q, placeholder: t('searchPlaceholder'), autocomplete: 'off',
      'aria-describedby': 'suggestions', oninput: (e) => suggest(e.target.value),
    }),
    kept.map(([k, v]) => h('input', { type: 'hidden', name: k, value: v })),
    params.get('lang') ? h('input', { type: 'hidden', name: 'lang', value: params.get('lang') }) : null,
    h('button', { type: 'submit' }, t('searchButton'))),
  h('div', { id: 'suggestions', class: 'suggestions', 'aria-live': 'polite' }));
}

let pending; // the suggestion request in flight, cancelled by the next keystroke
let timer;

/**
 * Shows, under the search box, the practices, cities, countries and organisations
 * whose names begin with what the reader has typed, as links to their pages. It waits
 * for a pause in the typing so a word typed quickly asks once.
 */
function suggest(text) {
  clearTimeout(timer);
  pending?.abort();
  const box = document.getElementById('suggestions');
  if (text.trim().length < 2) {
    box?.replaceChildren();
    return;
  }
  timer = setTimeout(async () => {
    const ctl = new AbortController();
    pending = ctl;
    try {
      const { data } = await query(SUGGEST, { text, lang: apiLang() }, ctl.signal);
      const items = data?.searchSuggestions || [];
      box?.replaceChildren(items.length
        ? h('ul', { 'aria-label': t('suggestions') }, items.map((s) =>
          h('li', { 'data-kind': s.kind, 'data-id': s.id },
            h('a', { href: entityHref(s.kind, s.id) }, s.label), ' ', h('span', { class: 'badge' }, kindName(s.kind)))))
        : '');
    } catch (err) {
      if (err.name !== 'AbortError') box?.replaceChildren(); // suggestions are a help, not the search
    }
  }, 150);
}

/** The search URL with some parameters replaced (name → list of values). */
function withParams(params, changes) {
  const next = {};
  for (const key of new Set(params.keys())) next[key] = params.getAll(key);
  Object.assign(next, changes);
  delete next.lang; // href adds the current language
  return href('/search', next);
}

function filterPanel(facets, params) {
  const anySelected = FACETS.some((f) => params.getAll(f.param).length > 0);
  const groups = FACETS.map((f) => facetGroup(f, facets?.[f.field] || [], params)).filter(Boolean);
  const panel = h('details', { class: 'filters', open: window.matchMedia('(min-width: 50em)').matches || anySelected },
    h('summary', null, t('filters')),
    groups,
    anySelected
      ? h('p', null, h('a', { href: withParams(params, Object.fromEntries([...FACETS.map((f) => [f.param, []]), ['after', []]])) }, t('clearFilters')))
      : null);
  return h('aside', { 'aria-label': t('filters') }, panel);
}

function facetGroup(f, counts, params) {
  const selected = params.getAll(f.param);
  // A selected value the result no longer counts stays listed, so it can be unticked.
  const rows = [...counts];
  for (const v of selected) if (!rows.some((c) => String(c.value) === v)) rows.push({ value: v, label: v, count: 0 });
  if (rows.length === 0) return null;
  return h('fieldset', { class: 'facet' },
    h('legend', null, t(f.title)),
    h('ul', null, rows.map((c) => {
      const value = String(c.value);
      const id = `facet-${f.param}-${value.replace(/[^A-Za-z0-9_-]/g, '_')}`;
      const checked = selected.includes(value);
      return h('li', null,
        h('input', {
          type: 'checkbox', id, name: f.param, value, checked,
          onchange: (e) => {
            const values = e.target.checked ? [...selected, value] : selected.filter((v) => v !== value);
            navigate(withParams(params, { [f.param]: values, after: [] }), { stay: true });
          },
        }),
        h('label', { for: id }, f.label ? f.label(c) : c.label || value, ' ', h('span', { class: 'count' }, `(${c.count})`)));
    })));
}

function results(res, params, cursors) {
  const page = cursors.length + 1;
  const heading = h('h2', { id: 'results-heading' }, t('results', res.totalCount),
    page > 1 ? ` – ${t('pageN', page)}` : '');
  const edges = res.edges || [];
  return h('section', { class: 'results', 'aria-labelledby': 'results-heading' },
    heading,
    edges.length === 0 ? null : downloads(params),
    edges.length === 0
      ? h('p', null, t('noResults'))
      : h('ol', { class: 'hits', start: String((page - 1) * PAGE_SIZE + 1) }, edges.map((e) => hit(e.node))),
    pager(res.pageInfo, params, cursors));
}

/** Links to every hit of the search (all pages) as CSV and JSON. */
function downloads(params) {
  const p = { q: params.get('q') || '' };
  for (const f of FACETS) p[f.param] = params.getAll(f.param);
  return downloadLinks('search', p);
}

function hit(node) {
  const target = node.kind === 'ASSESSMENT' && node.entity?.practice
    ? href(`/practices/${encodeURIComponent(node.entity.practice.id)}`) + '#assessment'
    : entityHref(node.kind, node.id);
  const title = target ? h('a', { href: target }, node.title) : node.title;
  return h('li', { class: 'hit', 'data-kind': node.kind, 'data-id': node.id },
    h('p', { class: 'badge' }, kindName(node.kind)),
    h('h3', null, title),
    unique(node.snippets, (s) => s.html).slice(0, 2).map((s) => h('p', { class: 'snippet', lang: s.lang.toLowerCase() }, markedText(s.html))));
}

function pager(pageInfo, params, cursors) {
  const prev = cursors.length > 0 ? withParams(params, { after: cursors.slice(0, -1) }) : null;
  const next = pageInfo?.hasNextPage && pageInfo.endCursor ? withParams(params, { after: [...cursors, pageInfo.endCursor] }) : null;
  if (!prev && !next) return null;
  return h('nav', { class: 'pager', 'aria-label': t('pagination') },
    prev ? h('a', { href: prev, rel: 'prev' }, '← ', t('previous')) : h('span'),
    next ? h('a', { href: next, rel: 'next' }, t('next'), ' →') : h('span'));
}
