// A city: its profile, what it runs and receives, who works there, and whom it
// collaborated with over the years.

import { h, list, section, joined } from '../dom.js';
import { query, required } from '../api.js';
import { apiLang, collaborationKindName, sizeBandName, t, valueName } from '../i18n.js';
import { href } from '../url.js';
import { TEXT, TEXT_T, txt, paragraphs, pageLink, withRole, meta, sources, unique, entityPage, facts } from './common.js';

/** GraphQL selection of what a collaboration went through. */
export const VIA = `via { __typename
  ... on Grant { id name ${TEXT} }
  ... on Project { id name ${TEXT} }
  ... on Event { id name ${TEXT} }
  ... on Network { id name ${TEXT} } }`;

export const CITY = `query City($id: ID!, $lang: Lang) {
  city(id: $id) {
    id name ${TEXT} description ${TEXT_T} population sizeBand joinedNetworkYear
    country { id name ${TEXT} }
    networks { network { id name ${TEXT} acronym } relation { since until } }
    indexReports { id title ${TEXT} type year status }
    practices { practice { id name ${TEXT} summary ${TEXT} purpose ${TEXT} } }
    adoptedPractices { practice { id name ${TEXT} } }
    people { person { id name role ${TEXT} } relation { role ${TEXT} } }
    grants { grant { id name ${TEXT} year } relation { role ${TEXT} } }
    projects { project { id name ${TEXT} startYear endYear } relation { role ${TEXT} } }
    provenance { source { id title ${TEXT} licence licenceUrl } section }
  }
  collaborations(cityId: $id) {
    partners { city { id name ${TEXT} } count kinds firstYear lastYear }
    history { kind year date role ${TEXT} cityIsHost partnerIsHost partner { id name ${TEXT} } ${VIA} }
  }
}`;

/** The city page for id. */
export async function render({ id, signal }) {
  const { data, errors } = await query(CITY, { id, lang: apiLang() }, signal);
  const c = required(data.city, errors);
  const collab = data.collaborations;
  return entityPage('CITY', c, errors,
    profile(c),
    paragraphs(c.description),
    section('practices', t('practices'), list(c.practices, (l) =>
      [pageLink('practice', l.practice), summaryLine(l.practice)])),
    section('adopted', t('adoptedPractices'), list(c.adoptedPractices, (l) => pageLink('practice', l.practice))),
    section('people', t('people'), list(c.people, (l) =>
      withRole(pageLink('person', l.person), txt(l.relation?.role) || txt(l.person.role)))),
    section('grants', t('grants'), list(c.grants, (l) =>
      [withRole(pageLink('grant', l.grant), txt(l.relation?.role)), meta(l.grant.year)])),
    section('projects', t('projects'), list(c.projects, (l) =>
      [withRole(pageLink('project', l.project), txt(l.relation?.role)), meta(years(l.project.startYear, l.project.endYear))])),
    section('networks', t('networks'), list(c.networks, (l) =>
      [pageLink('network', l.network, joined([txt(l.network.name), l.network.acronym], ' – ')), l.relation?.since ? meta(t('joined', l.relation.since)) : null])),
    section('index-reports', t('indexReports'), list(c.indexReports, (r) =>
      [h('cite', null, pageLink('index-report', r)), meta(r.year, valueName('status', r.status))])),
    section('partners', t('partners'), list(collab?.partners, (p) =>
      [pageLink('city', p.city), meta(t('collaborationsCount', p.count), p.kinds.map(collaborationKindName).join(', '),
        years(p.firstYear, p.lastYear))])),
    history(collab?.history, c.id),
    section('sources', t('sources'), sources(c)));
}

function profile(c) {
  const dl = facts(
    c.country ? [t('country'), pageLink('country', c.country)] : null,
    c.population ? [t('population'), c.population.toLocaleString(document.documentElement.lang)] : null,
    c.sizeBand ? [t('sizeBand'), sizeBandName(c.sizeBand)] : null,
    c.joinedNetworkYear ? [t('joinedICC'), c.joinedNetworkYear] : null,
    c.networks?.length ? [t('networks'), joined(c.networks.map((l) =>
      [l.network.acronym || txt(l.network.name), l.relation?.since ? ` (${l.relation.since})` : '']), ', ')] : null,
    c.indexReports?.length ? [t('indexReports'), joined(c.indexReports.map((r) => joined([txt(r.title), r.year], ', ')), ' ; ')] : null,
  );
  if (!dl) return null;
  return h('section', { 'aria-labelledby': 'profile-h' },
    h('h2', { id: 'profile-h', class: 'visually-hidden' }, t('profile')), dl);
}

function years(from, to) {
  if (!from && !to) return null;
  if (!to || from === to) return String(from ?? to);
  return `${from ?? '…'}–${to}`;
}

/**
 * The collaboration history grouped by kind (grants, projects, visits, events…), and
 * within a kind by year, latest first, undated last; one line per grant, project or
 * event, with every partner it brought and the city's part when it hosted.
 */
function history(items, cityId) {
  if (!items?.length) return null;
  const byKind = new Map(); // kind → year → (via id) → collaborations
  for (const c of items) {
    if (!byKind.has(c.kind)) byKind.set(c.kind, new Map());
    const byYear = byKind.get(c.kind);
    const year = c.year ?? 'undated';
    if (!byYear.has(year)) byYear.set(year, new Map());
    const through = byYear.get(year);
    const key = c.via?.id ?? '';
    if (!through.has(key)) through.set(key, []);
    through.get(key).push(c);
  }
  const kindOrder = ['GRANT', 'PROJECT'];
  const kinds = [...byKind.keys()].sort((a, b) => rank(kindOrder, a) - rank(kindOrder, b) || a.localeCompare(b));
  return h('section', { id: 'history', 'aria-labelledby': 'history-h' },
    h('h2', { id: 'history-h' }, t('collaborationsOverTime')),
    h('p', null, h('a', { href: href('/collaborations', { focus: cityId }) }, t('seeInPicture'))),
    kinds.map((kind) => {
      const byYear = byKind.get(kind);
      const years = [...byYear.keys()].sort((a, b) => (a === 'undated') - (b === 'undated') || b - a);
      const headingId = `history-${kind.toLowerCase()}`;
      return h('section', { class: 'kind-group', 'data-kind': kind, 'aria-labelledby': headingId },
        h('h3', { id: headingId }, h('span', { class: `kind-tag kind-${kind.toLowerCase()}` }, collaborationKindName(kind)),
          ' ', meta(t('collaborationsCount', [...byYear.values()].reduce((n, m) => n + m.size, 0)))),
        years.map((year) => h('div', { class: 'year-group', 'data-year': year },
          h('h4', null, year === 'undated' ? t('undated') : year),
          h('ul', null, [...byYear.get(year).values()].map((group) => {
            const first = group[0];
            const partners = unique(group, (c) => c.partner.id);
            const role = txt(first.role);
            return h('li', { 'data-kind': first.kind, 'data-via-id': first.via?.id, 'data-partner-ids': partners.map((c) => c.partner.id).join(' '),
              'data-host': first.cityIsHost ? 'true' : null },
            txt(first.via?.name) || first.via?.id, first.date ? meta(first.date) : null,
            first.cityIsHost ? [' ', h('span', { class: 'host-tag' }, t('host'))] : null,
            role ? h('span', { class: 'role' }, ' — ', role) : null,
            ' — ', t('with'), ' ',
            joined(partners.map((c) => [pageLink('city', c.partner), c.partnerIsHost ? [' ', h('span', { class: 'host-tag' }, t('host'))] : null]), ', '));
          })))));
    }));
}

function rank(order, v) {
  const i = order.indexOf(v);
  return i < 0 ? order.length : i;
}

/** A practice's summary, else (a catalogue card has none) its purpose, as one line. */
function summaryLine(p) {
  const line = txt(p.summary) || txt(p.purpose);
  return line ? h('p', { class: 'summary-line' }, line) : null;
}
