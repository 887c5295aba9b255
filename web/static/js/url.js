// Page addresses. The URL holds each page's whole state, so any view can be shared.

import { currentLang } from './i18n.js';

/**
 * The address of a page in the current language. params: name → value or array of
 * values (repeated); empty values are left out.
 */
export function href(path, params = {}, lang = currentLang()) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    for (const one of Array.isArray(v) ? v : [v]) {
      if (one !== null && one !== undefined && one !== '') q.append(k, one);
    }
  }
  // French, the reports' language, goes without; a French reader's remembered choice
  // or browser brings it back.
  if (lang !== 'fr') q.set('lang', lang);
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

/** The current address in another language, said explicitly so it is remembered. */
export function sameInLang(lang) {
  const q = new URLSearchParams(location.search);
  q.set('lang', lang);
  const s = q.toString();
  return location.pathname + (s ? `?${s}` : '') + location.hash;
}

/**
 * Where each kind of entity has its page, by EntityKind value. web/pages.go serves the
 * same table (TestPagePathsMatchTheServer keeps the two equal).
 */
export const PAGE_PATHS = {
  PRACTICE: '/practices/',
  CITY: '/cities/',
  COUNTRY: '/countries/',
  GRANT: '/grants/',
  PROJECT: '/projects/',
  PERSON: '/people/',
  ORGANISATION: '/organisations/',
  EVENT: '/events/',
  PUBLICATION: '/publications/',
  NETWORK: '/networks/',
  INDEX_REPORT: '/index-reports/',
  THEME: '/themes/',
  SOURCE: '/sources/',
};

const entityPath = new RegExp(`^(${Object.values(PAGE_PATHS).map((p) => p.replace(/\//g, '\\/')).join('|')})[^/]+$`);

/** Paths the single-page router draws; anything else loads from the server. */
export function isPagePath(path) {
  return /^\/($|search$|collaborations$|grants$|edit$)/.test(path) || entityPath.test(path);
}

/**
 * Goes to url without reloading. stay: the same page with a new state (filters,
 * paging), so scroll position and focus are kept.
 */
export function navigate(url, { replace = false, stay = false } = {}) {
  history[replace ? 'replaceState' : 'pushState'](null, '', url);
  window.dispatchEvent(new CustomEvent('app:navigate', { detail: { stay } }));
}

/**
 * The EntityKind value of a kind given as an EntityKind (INDEX_REPORT), a GraphQL type
 * name (IndexReport) or a word (practice, index-report).
 */
export function entityKind(kind) {
  return String(kind || '').replace(/([a-z])([A-Z])/g, '$1_$2').replace(/-/g, '_').toUpperCase();
}

/** The address of an entity's page, or null for a kind that has none (an assessment). */
export function entityHref(kind, id) {
  const base = PAGE_PATHS[entityKind(kind)];
  return base && id ? href(base + encodeURIComponent(id)) : null;
}
