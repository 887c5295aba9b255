// Grants for grant officers: the list, filtered by year, city, country and programme
// (the filters live in the URL: /grants?year=2021&city=bilbao), and one page per grant
// with its cities and their roles, what it funded, the practices it started and what
// followed from it.

import { h, list, section, joined } from '../dom.js';
import { query, required, partialErrors } from '../api.js';
import { apiLang, t } from '../i18n.js';
import { REL } from '../rels.gen.js';
import { href, navigate } from '../url.js';
import { TEXT, TEXT_T, txt, paragraphs, pageLink, withRole, meta, sources, unique, entityPage, facts, date, downloadLinks } from './common.js';

// The filters go to the API as they are in the URL; the unfiltered list gives the
// choices, so choosing one filter never hides the others' options.
export const GRANTS = `query Grants($year: Int, $city: ID, $country: ID, $programme: String, $lang: Lang) {
  grants(filter: { year: $year, city: $city, country: $country, programme: $programme }, first: 100) {
    totalCount
    edges { node { ...GrantRow } }
  }
  all: grants(first: 100) { edges { node { ...GrantRow } } }
}
fragment GrantRow on Grant {
  id name ${TEXT} programme ${TEXT} year amountEUR
  cities { city { id name ${TEXT} country { id name ${TEXT} } } relation { role ${TEXT} } }
}`;

/** The grants list for the URL's filters. */
export async function render({ id, params, signal }) {
  if (id) return grantPage(id, signal);
  const year = /^\d{4}$/.test(params.get('year') || '') ? Number(params.get('year')) : null;
  const city = params.get('city') || null;
  const country = params.get('country') || null;
  const programme = params.get('programme') || null;
  const { data, errors } = await query(GRANTS, { year, city, country, programme, lang: apiLang() }, signal);
  const all = (data.all?.edges || []).map((e) => e.node);
  const shown = required(data.grants, errors).edges.map((e) => e.node);
  return {
    title: t('grantsTitle'),
    nodes: [
      h('h1', { tabindex: '-1' }, t('grantsTitle')),
      h('p', { class: 'intro' }, t('grantsIntro')),
      filters(all, { year, city, country, programme }),
      partialErrors(errors),
      h('p', { id: 'grants-count', role: 'status' }, t('grantsCount', data.grants.totalCount)),
      shown.length === 0 ? null : downloadLinks('grants', { year, city, country, programme }),
      shown.length === 0 ? h('p', { class: 'notice' }, t('noGrants')) : h('ul', { class: 'grants' }, shown.map(grantRow)),
    ],
  };
}

/** The filter form; its options come from every grant, so a filter never hides the others' choices. */
function filters(all, chosen) {
  // The chosen year stays a choice even when no grant has it, so the form shows the URL's filter.
  const years = [...new Set([...all.map((g) => g.year), chosen.year].filter(Boolean))].sort((a, b) => b - a);
  const cities = new Map(), countries = new Map(), programmes = new Set();
  for (const g of all) {
    if (txt(g.programme)) programmes.add(txt(g.programme));
    for (const l of g.cities) {
      cities.set(l.city.id, txt(l.city.name) || l.city.id);
      if (l.city.country) countries.set(l.city.country.id, txt(l.city.country.name) || l.city.country.id);
    }
  }
  const byName = (m) => [...m.entries()].sort((a, b) => a[1].localeCompare(b[1]));
  const select = (name, label, anyLabel, options, value) => h('div', { class: 'control' },
    h('label', { for: `grant-${name}` }, label),
    h('select', { id: `grant-${name}`, name },
      h('option', { value: '' }, anyLabel),
      options.map(([v, text]) => h('option', { value: v, selected: String(v) === String(value ?? '') }, text))));
  return h('form', {
    class: 'collab-controls grant-filters',
    onsubmit: (e) => {
      e.preventDefault();
      const f = e.target.elements;
      navigate(href('/grants', { year: f.year.value, city: f.city.value, country: f.country.value, programme: f.programme.value }), { stay: true });
    },
  },
  select('year', t('year'), t('allYears'), years.map((y) => [y, y]), chosen.year),
  select('city', t('city'), t('allCities'), byName(cities), chosen.city),
  select('country', t('country'), t('allCountries'), byName(countries), chosen.country),
  select('programme', t('programme'), t('allProgrammes'), [...programmes].sort().map((p) => [p, p]), chosen.programme),
  h('button', { type: 'submit', id: 'grants-apply' }, t('apply')));
}

function grantRow(g) {
  return h('li', { class: 'grant-row', 'data-grant-id': g.id },
    h('h2', { class: 'grant-name' }, pageLink('grant', g)),
    h('p', { class: 'meta-line' }, joined([g.year, txt(g.programme), amount(g.amountEUR)])),
    h('p', null, joined(unique(g.cities, (l) => l.city.id).map((l) => pageLink('city', l.city)), ', ')));
}

function amount(eur) {
  if (!eur) return null;
  return new Intl.NumberFormat(document.documentElement.lang, { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 }).format(eur);
}

export const GRANT = `query Grant($id: ID!, $lang: Lang) {
  grant(id: $id) {
    id name ${TEXT} programme ${TEXT} year amountEUR purpose ${TEXT_T}
    cities { city { id name ${TEXT} country { id name ${TEXT} } } relation { role ${TEXT} } }
    awardedBy { id name ${TEXT} }
    network { id name ${TEXT} acronym }
    practices { practice { id name ${TEXT} summary ${TEXT} } }
    laterEvents { id name ${TEXT} startDate cities { city { id name ${TEXT} } relation { type capacity } } }
    laterProjects { id name ${TEXT} startYear endYear }
    provenance { source { id title ${TEXT} licence licenceUrl } section }
  }
}`;

/** One grant: its cities and roles, what it funded, the practices it started, what followed. */
async function grantPage(id, signal) {
  const { data, errors } = await query(GRANT, { id, lang: apiLang() }, signal);
  const g = required(data.grant, errors);
  return entityPage('GRANT', g, errors,
    facts(
      g.year ? [t('year'), g.year] : null,
      txt(g.programme) ? [t('programme'), h('a', { href: href('/grants', { programme: txt(g.programme) }) }, txt(g.programme))] : null,
      g.amountEUR ? [t('amount'), amount(g.amountEUR)] : null,
      g.awardedBy?.length ? [t('awardedBy'), joined(g.awardedBy.map((o) => pageLink('organisation', o)), ', ')] : null,
      g.network ? [t('network'), pageLink('network', g.network, joined([txt(g.network.name), g.network.acronym], ' – '))] : null,
    ),
    section('purpose', t('grantPurpose'), paragraphs(g.purpose)),
    section('grant-cities', t('grantCities'), list(unique(g.cities, (l) => l.city.id), (l) =>
      h('span', { 'data-city-id': l.city.id }, withRole(pageLink('city', l.city), txt(l.relation?.role)),
        l.city.country ? meta(txt(l.city.country.name)) : null))),
    section('practices', t('practicesStarted'), list(g.practices, (l) =>
      [pageLink('practice', l.practice), txt(l.practice.summary) ? h('p', { class: 'summary-line' }, txt(l.practice.summary)) : null])),
    section('followed', t('followedBy'),
      list(g.laterEvents, (e) => h('span', { 'data-event-id': e.id }, pageLink('event', e), meta(date(e.startDate), hosts(e)))),
      list(g.laterProjects, (p) => h('span', { 'data-project-id': p.id }, pageLink('project', p),
        meta([p.startYear, p.endYear].filter(Boolean).join('–'))))),
    section('sources', t('sources'), sources(g)));
}

/** "Host city: Bilbao" for an event that names its hosts. */
function hosts(event) {
  const names = unique((event.cities || []).filter((l) => l.relation?.capacity === 'host' || l.relation?.type === REL.Hosted), (l) => l.city.id)
    .map((l) => txt(l.city.name) || l.city.id);
  return names.length ? `${t('hostOf')} : ${names.join(', ')}`.replace(' : ', document.documentElement.lang === 'fr' ? '\u00a0: ' : ': ') : null;
}
