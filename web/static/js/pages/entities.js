// The pages of the kinds a reader meets through practices, cities and grants:
// countries, projects, people, organisations, events with their sessions,
// publications, networks, index reports, themes and sources. Each lists its links to
// the others, and every entity it mentions is a link to that entity's page.

import { h, list, section, joined } from '../dom.js';
import { query, required } from '../api.js';
import { apiLang, colon, langName, sizeBandName, t, valueName } from '../i18n.js';
import { REL } from '../rels.gen.js';
import { href } from '../url.js';
import { TEXT, TEXT_T, txt, paragraphs, pageLink, withRole, meta, sources, unique, entityPage, facts, date } from './common.js';

const PROV = `provenance { source { id title ${TEXT} } section }`;
const NAMED = `id name ${TEXT}`;

export const COUNTRY = `query Country($id: ID!, $lang: Lang) {
  country(id: $id) {
    ${NAMED} iso2 citiesCount
    cities(first: 100) { ${NAMED} sizeBand population }
    networks { ${NAMED} acronym scope }
    ${PROV}
  }
  practices(filter: { country: $id }, first: 100) {
    totalCount
    edges { node { ${NAMED} summary ${TEXT} cities { city { ${NAMED} } } } }
  }
  grants(filter: { country: $id }, first: 100) { edges { node { ${NAMED} year } } }
}`;

export const PROJECT = `query Project($id: ID!, $lang: Lang) {
  project(id: $id) {
    ${NAMED} description ${TEXT_T} startYear endYear funding ${TEXT}
    cities { city { ${NAMED} } relation { role ${TEXT} ${PROV} } }
    partners { organisation { ${NAMED} acronym } relation { role ${TEXT} ${PROV} } }
    countries { ${NAMED} }
    themes { ${NAMED} }
    events { ${NAMED} startDate }
    publications { id title ${TEXT} type year }
    indexReports { id title ${TEXT} year city { ${NAMED} } }
    ${PROV}
  }
}`;

export const PERSON = `query Person($id: ID!, $lang: Lang) {
  person(id: $id) {
    id name aliases role ${TEXT_T}
    organisations { organisation { ${NAMED} acronym } relation { role ${TEXT} since until ${PROV} } }
    cities { city { ${NAMED} } relation { role ${TEXT} ${PROV} } }
    networks { network { ${NAMED} acronym } relation { role ${TEXT} ${PROV} } }
    events { event { ${NAMED} startDate } relation { role ${TEXT} capacity ${PROV} } }
    practices { practice { ${NAMED} } relation { role ${TEXT} ${PROV} } }
    ${PROV}
  }
}`;

export const ORGANISATION = `query Organisation($id: ID!, $lang: Lang) {
  organisation(id: $id) {
    ${NAMED} acronym aliases type description ${TEXT_T} founded peopleCount
    city { ${NAMED} }
    country { ${NAMED} }
    parents { organisation { ${NAMED} acronym } relation { role ${TEXT} } }
    units { organisation { ${NAMED} acronym } relation { role ${TEXT} } }
    partners { organisation { ${NAMED} acronym } relation { role ${TEXT} } }
    people { person { id name role ${TEXT} } relation { role ${TEXT} ${PROV} } }
    practices { practice { ${NAMED} } relation { role ${TEXT} ${PROV} } }
    projects { project { ${NAMED} startYear endYear } relation { role ${TEXT} } }
    publications { publication { id title ${TEXT} type year } relation { role ${TEXT} } }
    events { event { ${NAMED} startDate } relation { role ${TEXT} capacity } }
    networks { network { ${NAMED} acronym } relation { role ${TEXT} since } }
    ${PROV}
  }
  grants(filter: { awardedBy: $id }, first: 100) { edges { node { ${NAMED} year } } }
}`;

export const EVENT = `query Event($id: ID!, $lang: Lang) {
  event(id: $id) {
    ${NAMED} type description ${TEXT_T} startDate endDate startTime endTime
    venue ${TEXT} attendance ${TEXT} attendeeCount languages participantsCount
    country { ${NAMED} }
    parent { ${NAMED} startDate }
    project { ${NAMED} }
    cities { city { ${NAMED} } relation { type capacity role ${TEXT} } }
    networks { network { ${NAMED} acronym } relation { role ${TEXT} } }
    organisations { organisation { ${NAMED} acronym } relation { role ${TEXT} capacity } }
    participants { person { id name role ${TEXT} } relation { role ${TEXT} capacity ${PROV} } }
    practices { practice { ${NAMED} } relation { role ${TEXT} } }
    publications { publication { id title ${TEXT} type year } relation { role ${TEXT} } }
    sessions {
      ${NAMED} type startDate startTime endTime description ${TEXT}
      participants { person { id name } relation { role ${TEXT} capacity } }
      practices { practice { ${NAMED} } }
    }
    ${PROV}
  }
}`;

export const PUBLICATION = `query Publication($id: ID!, $lang: Lang) {
  publication(id: $id) {
    id title ${TEXT} type languages year status note ${TEXT_T}
    publishers { organisation { ${NAMED} acronym } relation { role ${TEXT} } }
    adoptedBy { organisation { ${NAMED} acronym } relation { role ${TEXT} } }
    translationOf { id title ${TEXT} languages }
    translations { id title ${TEXT} languages }
    project { ${NAMED} }
    supports { id title ${TEXT} }
    supportedBy { id title ${TEXT} }
    practices { ${NAMED} }
    themes { ${NAMED} }
    events { event { ${NAMED} startDate } relation { role ${TEXT} } }
    ${PROV}
  }
}`;

export const NETWORK = `query Network($id: ID!, $lang: Lang) {
  network(id: $id) {
    ${NAMED} acronym scope description ${TEXT_T} memberCount memberCountOn membersCount
    country { ${NAMED} }
    members { city { ${NAMED} } relation { since until } }
    coordinators { person { id name role ${TEXT} } relation { role ${TEXT} } }
    organisations { organisation { ${NAMED} acronym } relation { role ${TEXT} } }
    events { event { ${NAMED} startDate } relation { role ${TEXT} } }
    grants { ${NAMED} year }
    ${PROV}
  }
}`;

export const INDEX_REPORT = `query IndexReport($id: ID!, $lang: Lang) {
  indexReport(id: $id) {
    id title ${TEXT} type year status note ${TEXT_T}
    city { ${NAMED} }
    project { ${NAMED} }
    visit { ${NAMED} startDate }
    ${PROV}
  }
}`;

export const THEME = `query Theme($id: ID!, $lang: Lang) {
  theme(id: $id) {
    ${NAMED} type description ${TEXT_T} practicesCount
    practices { ${NAMED} summary ${TEXT} cities { city { ${NAMED} } } }
    projects { ${NAMED} startYear endYear }
    publications { id title ${TEXT} type year }
    ${PROV}
  }
}`;

export const SOURCE = `query Source($id: ID!, $lang: Lang) {
  source(id: $id) {
    id title ${TEXT_T} publishedOn language url
  }
}`;

/** The page of kind (an EntityKind) for id. */
export function pageOf(kind) {
  return { render: (args) => pages[kind](args) };
}

const pages = {
  COUNTRY: countryPage,
  PROJECT: projectPage,
  PERSON: personPage,
  ORGANISATION: organisationPage,
  EVENT: eventPage,
  PUBLICATION: publicationPage,
  NETWORK: networkPage,
  INDEX_REPORT: indexReportPage,
  THEME: themePage,
  SOURCE: sourcePage,
};

/** Fetches one entity of a page's document; a missing entity is "not found". */
async function load(doc, field, id, signal) {
  const { data, errors } = await query(doc, { id, lang: apiLang() }, signal);
  return { entity: required(data?.[field], errors), data, errors };
}

/** A link list of linked entities with the relationship's role. */
function links(kind, items, key, label) {
  return list(unique(items, (l) => l[key].id), (l) =>
    withRole(pageLink(kind, l[key], label?.(l[key])), txt(l.relation?.role)));
}

/** An organisation or network called by its name and acronym. */
function withAcronym(e) {
  return joined([txt(e.name), e.acronym], ' – ');
}

function years(from, to) {
  if (!from && !to) return null;
  return from === to ? String(from) : `${from || ''}–${to || ''}`;
}

function number(n) {
  return n.toLocaleString(document.documentElement.lang);
}

/** "the practice · Bilbao": a practice and the cities that run it. */
function practiceItem(p) {
  const cities = (p.cities || []).map((c) => pageLink('city', c.city));
  return [pageLink('practice', p), cities.length ? meta(joined(cities, ', ')) : null,
    txt(p.summary) ? h('p', { class: 'summary-line' }, txt(p.summary)) : null];
}

function publicationItem(p) {
  return [h('cite', null, pageLink('publication', p)), meta(valueName('type', p.type), p.year)];
}

async function countryPage({ id, signal }) {
  const { entity: c, data, errors } = await load(COUNTRY, 'country', id, signal);
  const practices = (data.practices?.edges || []).map((e) => e.node);
  return entityPage('COUNTRY', c, errors,
    facts(
      [t('isoCode'), c.iso2],
      [t('citiesInGraph'), number(c.citiesCount)],
      data.practices ? [t('practices'), number(data.practices.totalCount)] : null,
    ),
    section('practices', t('practices'), list(practices, practiceItem),
      data.practices?.totalCount > practices.length
        ? h('p', null, h('a', { href: href('/search', { country: c.id }) }, t('allInSearch'))) : null),
    section('cities', t('cities'), list(c.cities, (city) =>
      [pageLink('city', city), meta(city.sizeBand ? sizeBandName(city.sizeBand) : null,
        city.population ? number(city.population) : null)])),
    section('networks', t('networks'), list(c.networks, (n) => pageLink('network', n, withAcronym(n)))),
    section('grants', t('grants'), list((data.grants?.edges || []).map((e) => e.node), (g) =>
      [pageLink('grant', g), meta(g.year)])),
    section('sources', t('sources'), sources(c)));
}

async function projectPage({ id, signal }) {
  const { entity: p, errors } = await load(PROJECT, 'project', id, signal);
  return entityPage('PROJECT', p, errors,
    facts(
      p.startYear || p.endYear ? [t('years'), years(p.startYear, p.endYear)] : null,
      txt(p.funding) ? [t('funding'), txt(p.funding)] : null,
      p.countries?.length ? [t('countries'), joined(p.countries.map((c) => pageLink('country', c)), ', ')] : null,
      p.themes?.length ? [t('themes'), joined(p.themes.map((th) => pageLink('theme', th)), ', ')] : null,
    ),
    section('description', t('description'), paragraphs(p.description)),
    section('cities', t('cities'), links('city', p.cities, 'city')),
    section('partners', t('organisations'), links('organisation', p.partners, 'organisation', withAcronym)),
    section('events', t('events'), list(p.events, (e) => [pageLink('event', e), meta(date(e.startDate))])),
    section('publications', t('publications'), list(p.publications, publicationItem)),
    section('index-reports', t('indexReports'), list(p.indexReports, (r) =>
      [h('cite', null, pageLink('index-report', r)), meta(r.year, r.city ? pageLink('city', r.city) : null)])),
    section('sources', t('sources'), sources(p, p.cities?.map((l) => l.relation), p.partners?.map((l) => l.relation))));
}

async function personPage({ id, signal }) {
  const { entity: p, errors } = await load(PERSON, 'person', id, signal);
  return entityPage('PERSON', p, errors,
    facts(
      txt(p.role) ? [t('role'), txt(p.role)] : null,
      p.aliases?.length ? [t('aliases'), p.aliases.join(', ')] : null,
    ),
    section('organisations', t('organisations'), list(unique(p.organisations, (l) => l.organisation.id), (l) =>
      [withRole(pageLink('organisation', l.organisation, withAcronym(l.organisation)), txt(l.relation?.role)),
        meta(years(l.relation?.since, l.relation?.until))])),
    section('cities', t('cities'), links('city', p.cities, 'city')),
    section('networks', t('networks'), links('network', p.networks, 'network', withAcronym)),
    section('practices', t('practices'), links('practice', p.practices, 'practice')),
    section('events', t('events'), list(unique(p.events, (l) => l.event.id), (l) =>
      [withRole(pageLink('event', l.event), txt(l.relation?.role) || valueName('capacity', l.relation?.capacity)), meta(date(l.event.startDate))])),
    section('sources', t('sources'), sources(p, p.organisations?.map((l) => l.relation), p.cities?.map((l) => l.relation),
      p.networks?.map((l) => l.relation), p.events?.map((l) => l.relation), p.practices?.map((l) => l.relation))));
}

async function organisationPage({ id, signal }) {
  const { entity: o, data, errors } = await load(ORGANISATION, 'organisation', id, signal);
  return entityPage('ORGANISATION', o, errors,
    facts(
      o.acronym ? [t('acronym'), o.acronym] : null,
      [t('type'), valueName('type', o.type)],
      o.founded ? [t('founded'), o.founded] : null,
      o.city ? [t('city'), pageLink('city', o.city)] : null,
      o.country ? [t('country'), pageLink('country', o.country)] : null,
      o.aliases?.length ? [t('aliases'), o.aliases.join(', ')] : null,
    ),
    section('description', t('description'), paragraphs(o.description)),
    section('parents', t('partOf'), links('organisation', o.parents, 'organisation', withAcronym)),
    section('units', t('units'), links('organisation', o.units, 'organisation', withAcronym)),
    section('partners', t('partnerOrganisations'), links('organisation', o.partners, 'organisation', withAcronym)),
    section('practices', t('practices'), links('practice', o.practices, 'practice')),
    section('people', t('people'), list(unique(o.people, (l) => l.person.id), (l) =>
      withRole(pageLink('person', l.person), txt(l.relation?.role) || txt(l.person.role)))),
    section('projects', t('projects'), list(unique(o.projects, (l) => l.project.id), (l) =>
      [withRole(pageLink('project', l.project), txt(l.relation?.role)), meta(years(l.project.startYear, l.project.endYear))])),
    section('publications', t('publications'), list(unique(o.publications, (l) => l.publication.id), (l) => publicationItem(l.publication))),
    section('events', t('events'), list(unique(o.events, (l) => l.event.id), (l) =>
      [withRole(pageLink('event', l.event), txt(l.relation?.role)), meta(date(l.event.startDate))])),
    section('networks', t('networks'), links('network', o.networks, 'network', withAcronym)),
    section('grants', t('grantsAwarded'), list((data.grants?.edges || []).map((e) => e.node), (g) => [pageLink('grant', g), meta(g.year)])),
    section('sources', t('sources'), sources(o, o.people?.map((l) => l.relation), o.practices?.map((l) => l.relation))));
}

function when(e) {
  const time = joined([e.startTime, e.endTime], '–');
  const days = e.endDate && e.endDate !== e.startDate ? [date(e.startDate), ' – ', date(e.endDate)] : date(e.startDate);
  return joined([days, time.length ? time : null], ', ');
}

async function eventPage({ id, signal }) {
  const { entity: e, errors } = await load(EVENT, 'event', id, signal);
  const places = unique((e.cities || []).filter((l) => l.relation?.type === REL.HeldIn), (l) => l.city.id);
  const hosts = unique((e.cities || []).filter((l) => l.relation?.type === REL.Hosted || l.relation?.type === REL.OrganisedByCity), (l) => l.city.id);
  const taking = unique((e.cities || []).filter((l) => l.relation?.type === REL.ParticipatedIn), (l) => l.city.id);
  return entityPage('EVENT', e, errors,
    facts(
      [t('type'), valueName('type', e.type)],
      e.startDate ? [t('when'), when(e)] : null,
      places.length ? [t('where'), joined(places.map((l) => pageLink('city', l.city)), ', ')] : null,
      hosts.length ? [t('hostOf'), joined(hosts.map((l) => pageLink('city', l.city)), ', ')] : null,
      e.country ? [t('country'), pageLink('country', e.country)] : null,
      txt(e.venue) ? [t('venue'), txt(e.venue)] : null,
      e.attendeeCount ? [t('attendance'), number(e.attendeeCount)] : txt(e.attendance) ? [t('attendance'), txt(e.attendance)] : null,
      e.languages?.length ? [t('languages'), e.languages.map(langName).join(', ')] : null,
      e.parent ? [t('partOf'), pageLink('event', e.parent)] : null,
      e.project ? [t('project'), pageLink('project', e.project)] : null,
    ),
    section('description', t('description'), paragraphs(e.description)),
    section('sessions', t('sessions'), list(e.sessions, (s) => h('div', { class: 'session', 'data-event-id': s.id },
      h('h3', null, pageLink('event', s)), meta(when(s)),
      txt(s.description) ? h('p', null, txt(s.description)) : null,
      s.participants?.length ? h('p', null, joined(unique(s.participants, (l) => l.person.id).map((l) =>
        withRole(pageLink('person', l.person), txt(l.relation?.role))), ', ')) : null,
      s.practices?.length ? h('p', null, t('practices'), colon(), joined(s.practices.map((l) => pageLink('practice', l.practice)), ', ')) : null))),
    section('practices', t('practices'), links('practice', e.practices, 'practice')),
    section('cities', t('participatingCities'), list(taking, (l) => withRole(pageLink('city', l.city), txt(l.relation?.role)))),
    section('participants', t('participants'), list(unique(e.participants, (l) => l.person.id), (l) =>
      withRole(pageLink('person', l.person), txt(l.relation?.role) || txt(l.person.role)))),
    section('organisations', t('organisations'), links('organisation', e.organisations, 'organisation', withAcronym)),
    section('networks', t('networks'), links('network', e.networks, 'network', withAcronym)),
    section('publications', t('publications'), list(unique(e.publications, (l) => l.publication.id), (l) => publicationItem(l.publication))),
    section('sources', t('sources'), sources(e, e.participants?.map((l) => l.relation))));
}

async function publicationPage({ id, signal }) {
  const { entity: p, errors } = await load(PUBLICATION, 'publication', id, signal);
  return entityPage('PUBLICATION', p, errors,
    facts(
      [t('type'), valueName('type', p.type)],
      p.year ? [t('year'), p.year] : null,
      p.status ? [t('status'), valueName('status', p.status)] : null,
      p.languages?.length ? [t('languages'), p.languages.map(langName).join(', ')] : null,
      p.publishers?.length ? [t('publishers'), joined(p.publishers.map((l) => pageLink('organisation', l.organisation, withAcronym(l.organisation))), ', ')] : null,
      p.project ? [t('project'), pageLink('project', p.project)] : null,
      p.translationOf ? [t('translationOf'), pageLink('publication', p.translationOf)] : null,
      p.themes?.length ? [t('themes'), joined(p.themes.map((th) => pageLink('theme', th)), ', ')] : null,
    ),
    section('note', t('note'), paragraphs(p.note)),
    section('translations', t('translations'), list(p.translations, (tr) =>
      [pageLink('publication', tr), meta(tr.languages.map(langName).join(', '))])),
    section('adopted-by', t('adoptedBy'), links('organisation', p.adoptedBy, 'organisation', withAcronym)),
    section('practices', t('practices'), list(p.practices, (pr) => pageLink('practice', pr))),
    section('supports', t('supports'), list(p.supports, (s) => pageLink('publication', s))),
    section('supported-by', t('supportedBy'), list(p.supportedBy, (s) => pageLink('publication', s))),
    section('events', t('events'), list(unique(p.events, (l) => l.event.id), (l) => [pageLink('event', l.event), meta(date(l.event.startDate))])),
    section('sources', t('sources'), sources(p)));
}

async function networkPage({ id, signal }) {
  const { entity: n, errors } = await load(NETWORK, 'network', id, signal);
  return entityPage('NETWORK', n, errors,
    facts(
      n.acronym ? [t('acronym'), n.acronym] : null,
      [t('scope'), valueName('scope', n.scope)],
      n.country ? [t('country'), pageLink('country', n.country)] : null,
      n.memberCount ? [t('memberCount'), joined([number(n.memberCount), n.memberCountOn ? `(${n.memberCountOn})` : null], ' ')] : null,
    ),
    section('description', t('description'), paragraphs(n.description)),
    section('members', t('membersInGraph', n.membersCount), list(unique(n.members, (l) => l.city.id), (l) =>
      [pageLink('city', l.city), l.relation?.since ? meta(t('joined', l.relation.since)) : null])),
    section('coordinators', t('coordinators'), list(unique(n.coordinators, (l) => l.person.id), (l) =>
      withRole(pageLink('person', l.person), txt(l.relation?.role) || txt(l.person.role)))),
    section('organisations', t('organisations'), links('organisation', n.organisations, 'organisation', withAcronym)),
    section('events', t('events'), list(unique(n.events, (l) => l.event.id), (l) => [pageLink('event', l.event), meta(date(l.event.startDate))])),
    section('grants', t('grants'), list(n.grants, (g) => [pageLink('grant', g), meta(g.year)])),
    section('sources', t('sources'), sources(n)));
}

async function indexReportPage({ id, signal }) {
  const { entity: r, errors } = await load(INDEX_REPORT, 'indexReport', id, signal);
  return entityPage('INDEX_REPORT', r, errors,
    facts(
      [t('type'), valueName('type', r.type)],
      r.year ? [t('year'), r.year] : null,
      [t('status'), valueName('status', r.status)],
      r.city ? [t('city'), pageLink('city', r.city)] : null,
      r.project ? [t('project'), pageLink('project', r.project)] : null,
      r.visit ? [t('visit'), [pageLink('event', r.visit), meta(date(r.visit.startDate))]] : null,
    ),
    section('note', t('note'), paragraphs(r.note)),
    section('sources', t('sources'), sources(r)));
}

async function themePage({ id, signal }) {
  const { entity: th, errors } = await load(THEME, 'theme', id, signal);
  return entityPage('THEME', th, errors,
    facts([t('type'), valueName('type', th.type)], [t('practices'), number(th.practicesCount)]),
    section('description', t('description'), paragraphs(th.description)),
    section('practices', t('practices'), list(th.practices, practiceItem)),
    section('projects', t('projects'), list(th.projects, (p) => [pageLink('project', p), meta(years(p.startYear, p.endYear))])),
    section('publications', t('publications'), list(th.publications, publicationItem)),
    section('sources', t('sources'), sources(th)));
}

async function sourcePage({ id, signal }) {
  const { entity: s, errors } = await load(SOURCE, 'source', id, signal);
  return entityPage('SOURCE', s, errors,
    facts(
      s.publishedOn ? [t('published'), date(s.publishedOn)] : null,
      s.language ? [t('language'), langName(s.language)] : null,
      s.url ? [t('address'), h('a', { href: s.url, rel: 'noopener' }, s.url)] : null,
    ));
}
