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

/** Paths the single-page router draws; anything else loads from the server. */
export function isPagePath(path) {
  return /^\/($|search$|collaborations$|grants$|edit$|practices\/[^/]+$|cities\/[^/]+$|grants\/[^/]+$)/.test(path);
}

/**
 * Goes to url without reloading. stay: the same page with a new state (filters,
 * paging), so scroll position and focus are kept.
 */
export function navigate(url, { replace = false, stay = false } = {}) {
  history[replace ? 'replaceState' : 'pushState'](null, '', url);
  window.dispatchEvent(new CustomEvent('app:navigate', { detail: { stay } }));
}

/** Links to pages the app has: practices, cities and grants. Other kinds have none. */
export function entityHref(kind, id) {
  const base = { PRACTICE: '/practices/', CITY: '/cities/', GRANT: '/grants/' }[kind];
  return base ? href(base + encodeURIComponent(id)) : null;
}
