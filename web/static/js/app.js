// The single-page router: header, footer, and the page for the current URL.

import { h } from './dom.js';
import { errorBox } from './api.js';
import { LANGS, LANG_NAMES, currentLang, rememberLang, t } from './i18n.js';
import { href, sameInLang, isPagePath, PAGE_PATHS } from './url.js';
import * as search from './pages/search.js';
import * as practice from './pages/practice.js';
import * as city from './pages/city.js';
import * as collaborations from './pages/collaborations.js';
import * as grants from './pages/grants.js';
import { pageOf } from './pages/entities.js';
import * as edit from './pages/edit.js';

const routes = [
  { re: /^\/(search)?$/, page: search, nav: 'search' },
  { re: /^\/practices\/([^/]+)$/, page: practice },
  { re: /^\/cities\/([^/]+)$/, page: city },
  { re: /^\/collaborations$/, page: collaborations, nav: 'collaborations' },
  { re: /^\/grants$/, page: grants, nav: 'grants' },
  { re: /^\/grants\/([^/]+)$/, page: grants, nav: 'grants' },
  ...['COUNTRY', 'PROJECT', 'PERSON', 'ORGANISATION', 'EVENT', 'PUBLICATION', 'NETWORK', 'INDEX_REPORT', 'THEME', 'SOURCE']
    .map((kind) => ({ re: new RegExp(`^${PAGE_PATHS[kind].replace(/\//g, '\\/')}([^/]+)$`), page: pageOf(kind) })),
  { re: /^\/edit$/, page: edit },
];

const notFound = {
  async render() {
    return {
      title: t('notFoundTitle'),
      nodes: [
        h('h1', { tabindex: '-1' }, t('notFoundTitle')),
        h('p', null, t('notFoundText')),
        h('p', null, h('a', { href: href('/') }, t('backToSearch'))),
      ],
    };
  },
};

function match(path) {
  for (const r of routes) {
    const m = r.re.exec(path);
    if (m) return { ...r, id: m[1] && decodeURIComponent(m[1]) };
  }
  return { page: notFound, nav: null };
}

function header(nav) {
  const lang = currentLang();
  const item = (key, label, url) =>
    h('li', null, h('a', { href: url, 'aria-current': nav === key ? 'page' : null }, label));
  return [
    h('a', { class: 'brand', href: href('/') }, 'practicegraph'),
    h('nav', { 'aria-label': t('siteNav') },
      h('ul', null,
        item('search', t('navSearch'), href('/search')),
        item('collaborations', t('navCollaborations'), href('/collaborations')),
        item('grants', t('navGrants'), href('/grants')),
        item('graphiql', t('navGraphiQL'), '/graphiql'))),
    h('nav', { class: 'langs', 'aria-label': t('langSwitch') },
      h('ul', null, LANGS.map((l) =>
        h('li', null, h('a', {
          href: sameInLang(l), hreflang: l, lang: l,
          'aria-current': l === lang ? 'true' : null,
          'aria-label': LANG_NAMES[l],
        }, l.toUpperCase()))))),
  ];
}

function footer() {
  return [
    h('p', null, t('footer'), ' ',
      h('a', { href: '/graphiql' }, t('footerAPI')), ' · ',
      h('a', { href: '/graphql/schema' }, t('footerSchema'))),
  ];
}

let current; // the render in progress, cancelled when the user moves on
let shownPath; // the path of the page on screen

/**
 * Draws the page for the current URL. The old page stays until the new one is
 * ready, so a filter change does not blank the screen or lose the scroll position.
 */
async function render({ stay = false, initial = false } = {}) {
  current?.abort();
  const ctl = new AbortController();
  current = ctl;
  const route = match(location.pathname);
  // The server writes the "cite this" block of the page it served; it is not this one.
  if (location.pathname !== shownPath && !initial) document.getElementById('cite')?.remove();
  shownPath = location.pathname;
  rememberLang();
  const lang = currentLang();
  document.documentElement.lang = lang;
  document.querySelector('.skip').textContent = t('skip');
  document.getElementById('site-header').replaceChildren(...header(route.nav));
  document.getElementById('site-footer').replaceChildren(...footer());

  const main = document.getElementById('main');
  const focusedId = stay ? document.activeElement?.id : null;
  main.setAttribute('aria-busy', 'true');
  const status = h('p', { class: 'loading', role: 'status' }, t('loading'));
  if (!stay) main.replaceChildren(status);
  else main.prepend(status);

  let view;
  try {
    view = await route.page.render({ id: route.id, params: new URLSearchParams(location.search), signal: ctl.signal });
  } catch (err) {
    if (err.name === 'AbortError') return;
    const title = err.title || t('apiError');
    view = { title, nodes: [h('h1', { tabindex: '-1' }, title), errorBox(err)] };
  }
  if (ctl.signal.aborted) return;
  document.title = `${view.title} – practicegraph`;
  main.replaceChildren(...view.nodes.filter(Boolean));
  main.removeAttribute('aria-busy');
  view.after?.();

  // Keep focus on the control the user was using; on a new page, move it to the
  // heading so screen readers announce the page.
  const again = focusedId && document.getElementById(focusedId);
  if (again) again.focus();
  else if (!initial) {
    window.scrollTo(0, 0);
    main.querySelector('h1')?.focus();
  }
}

// Same-origin links to pages are handled here; anything else (GraphiQL, the API,
// a new tab) goes to the browser.
document.addEventListener('click', (e) => {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  const a = e.target.closest('a[href]');
  if (!a || a.target || a.hasAttribute('download')) return;
  const url = new URL(a.href, location.href);
  if (url.origin !== location.origin || !isPagePath(url.pathname)) return;
  if (url.pathname === location.pathname && url.search === location.search && url.hash) return;
  e.preventDefault();
  history.pushState(null, '', url.pathname + url.search + url.hash);
  render();
});

window.addEventListener('popstate', () => render({ stay: location.pathname === shownPath }));
window.addEventListener('app:navigate', (e) => render(e.detail));
render({ initial: true });
