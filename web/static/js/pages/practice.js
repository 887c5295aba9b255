// A practice: what it is, who runs and funds it, what peers said of it, and how
// well it would transfer to the reader's city (?to=city-id).

import { h, list, section, joined } from '../dom.js';
import { query, required, partialErrors, errorBox } from '../api.js';
import { apiLang, colon, sizeBandName, statementKindsName, t, valueName } from '../i18n.js';
import { href, navigate } from '../url.js';
import { TEXT, TEXT_T, STATEMENT, STATEMENT_LEAN, txt, paragraphs, pageLink, withRole, statement, sources, meta, unique, entityPage, facts, date } from './common.js';
import { RELATED_FIELDS, relatedSection, historySection } from './related.js';

const PROV = `provenance { source { id title ${TEXT} licence licenceUrl } section }`;

export const PRACTICE = `query Practice($id: ID!, $lang: Lang) {
  practice(id: $id) {
    id name ${TEXT} summary ${TEXT_T} description ${TEXT_T} objectives ${TEXT_T}
    purpose ${TEXT_T} rationale ${TEXT_T} process ${TEXT_T} outcomes ${TEXT_T} contact
    startYear endYear period ${TEXT} status
    cities { city { id name ${TEXT} } }
    organisations { organisation { id name ${TEXT} acronym } relation { role ${TEXT} ${PROV} } }
    contacts { person { id name role ${TEXT} } relation { role ${TEXT} ${PROV} } }
    grants {
      grant { id name ${TEXT} year programme ${TEXT} cities { city { id name ${TEXT} } } }
      relation { note ${TEXT} ${PROV} }
    }
    themes { id name ${TEXT} }
    assessments { ${STATEMENT} }
    publications { publication { id title ${TEXT} type year } relation { ${PROV} } }
    events { event { id name ${TEXT} startDate } relation { type capacity } }
    ${RELATED_FIELDS}
    ${PROV}
  }
  cities(first: 100, orderBy: { field: NAME, direction: ASC }) { edges { node { id name ${TEXT} } } }
  countries { id name ${TEXT} }
}`;

// The API ranks at most 50 practices; the selection stays lean so that 50 fit within
// the server's complexity limit.
export const TRANSFER = `query Transfer($to: ID, $city: CityDescriptionInput, $lang: Lang) {
  transferablePractices(toCityId: $to, toCity: $city, lang: $lang, first: 50) {
    cityName sizeBand
    candidates {
      practice { id }
      score scorePercent band
      reasons { code weight detail(lang: $lang) }
      obstacles { ${STATEMENT_LEAN} }
      mayApply { ${STATEMENT_LEAN} }
      adaptations { ${STATEMENT_LEAN} }
    }
  }
}`;

// Assessment kinds in the order the report discusses them.
const ASSESSMENT_KINDS = ['strength', 'weakness', 'improvement', 'feasibility', 'obstacle', 'adaptation'];

/** The practice page for id; ?to= adds the transfer explanation for that city. */
export async function render({ id, params, signal }) {
  const lang = apiLang();
  const to = params.get('to') || '';
  const described = describedCity(params);
  const asked = to ? { to, lang } : described ? { city: described, lang } : null;
  const [main, transfer] = await Promise.all([
    query(PRACTICE, { id, lang }, signal),
    asked ? query(TRANSFER, asked, signal).catch((err) => ({ failed: err })) : null,
  ]);
  const p = required(main.data.practice, main.errors);
  const cities = main.data.cities?.edges?.map((e) => e.node) || [];
  return entityPage('PRACTICE', p, main.errors,
    practiceFacts(p),
    p.summary ? h('div', { class: 'summary' }, paragraphs(p.summary)) : null,
    section('description', t('description'), paragraphs(p.description)),
    section('objectives', t('objectives'), paragraphs(p.objectives)),
    section('purpose', t('purpose'), paragraphs(p.purpose)),
    section('rationale', t('rationale'), paragraphs(p.rationale)),
    section('process', t('process'), paragraphs(p.process)),
    section('outcomes', t('outcomes'), paragraphs(p.outcomes)),
    section('contact', t('contact'), p.contact ? h('p', null, p.contact) : null),
    section('organisations', t('organisations'), list(p.organisations, (o) =>
      withRole(pageLink('organisation', o.organisation, joined([txt(o.organisation.name), o.organisation.acronym], ' – ')), txt(o.relation?.role)))),
    section('contacts', t('contacts'), list(p.contacts, (c) =>
      withRole(pageLink('person', c.person), txt(c.relation?.role) || txt(c.person.role)))),
    section('funding', t('funding'), list(p.grants, grantItem)),
    assessmentSection(p.assessments),
    transferSection(p, cities, main.data.countries || [], to, described, transfer),
    section('publications', t('publications'), list(unique(p.publications, (l) => l.publication.id), (l) =>
      [h('cite', null, pageLink('publication', l.publication)), meta(valueName('type', l.publication.type), l.publication.year)])),
    section('events', t('events'), list(unique(p.events, (l) => l.event.id), (l) =>
      [pageLink('event', l.event), meta(date(l.event.startDate))])),
    relatedSection(p),
    historySection(p),
    section('sources', t('sources'), sources(p, p.organisations?.map((o) => o.relation), p.contacts?.map((c) => c.relation),
      p.grants?.map((g) => g.relation), p.publications?.map((l) => l.relation), p.assessments)));
}

function practiceFacts(p) {
  return facts(
    p.cities?.length ? [t('runBy'), joined(p.cities.map((c) => pageLink('city', c.city)), ', ')] : null,
    p.startYear ? [t('since'), p.startYear] : null,
    p.endYear ? [t('until'), p.endYear] : null,
    txt(p.period) ? [t('period'), txt(p.period)] : null,
    p.status ? [t('status'), valueName('status', p.status)] : null,
    p.themes?.length ? [t('themes'), joined(p.themes.map((th) => pageLink('theme', th)), ', ')] : null,
  );
}

function grantItem(g) {
  const shared = g.grant.cities?.map((c) => pageLink('city', c.city)) || [];
  return [
    h('strong', null, pageLink('grant', g.grant)), meta(g.grant.year, txt(g.grant.programme)),
    shared.length ? h('div', null, t('sharedBy'), colon(), joined(shared, ', ')) : null,
    txt(g.relation?.note) ? h('div', { class: 'note' }, txt(g.relation.note)) : null,
  ];
}

function assessmentSection(assessments) {
  if (!assessments?.length) return null;
  const groups = ASSESSMENT_KINDS.map((kind) => {
    const items = assessments.filter((a) => a.kind === kind);
    if (!items.length) return null;
    return h('div', { class: `assessment-group kind-${kind}`, 'data-kind': kind },
      h('h3', { id: `assessment-${kind}` }, statementKindsName(kind), ' ', h('span', { class: 'count' }, `(${items.length})`)),
      h('ul', { 'aria-labelledby': `assessment-${kind}` }, items.map((a) => h('li', null, statement(a)))));
  });
  return h('section', { id: 'assessment', 'aria-labelledby': 'assessment-h' },
    h('h2', { id: 'assessment-h' }, t('assessment')),
    h('p', { class: 'intro' }, t('assessmentIntro')),
    h('div', { class: 'assessment-grid' }, groups));
}

/**
 * The reader's city as the URL describes it (?mycity=Name&country=portugal&size=small or
 * &population=…), for a city the graph does not hold; null when the URL describes none.
 */
function describedCity(params) {
  const name = (params.get('mycity') || '').trim();
  if (!name) return null;
  const city = { name };
  if (params.get('country')) city.country = params.get('country');
  if (params.get('size')) city.sizeBand = params.get('size');
  if (/^\d+$/.test(params.get('population') || '')) city.population = Number(params.get('population'));
  return city;
}

function transferSection(p, cities, countries, to, described, transfer) {
  const page = `/practices/${encodeURIComponent(p.id)}`;
  const form = h('form', {
    class: 'transfer-form',
    onsubmit: (e) => {
      e.preventDefault();
      const city = e.target.elements.to.value;
      navigate(href(page, { to: city }) + '#transfer', { stay: true });
    },
  },
  h('label', { for: 'transfer-city' }, t('myCity')),
  h('div', { class: 'search-row' },
    h('select', { id: 'transfer-city', name: 'to' },
      h('option', { value: '' }, t('chooseCity')),
      cities.map((c) => h('option', { value: c.id, selected: c.id === to }, txt(c.name) || c.id))),
    h('button', { type: 'submit', id: 'transfer-show' }, t('show'))));
  // A city the graph does not hold: the reader describes it.
  const other = h('details', { class: 'transfer-describe', open: !!described },
    h('summary', null, t('cityNotListed')),
    h('form', {
      class: 'transfer-form', id: 'transfer-describe',
      onsubmit: (e) => {
        e.preventDefault();
        const f = e.target.elements;
        navigate(href(page, { mycity: f.mycity.value.trim(), country: f.country.value, size: f.size.value,
          population: f.population.value.trim() }) + '#transfer', { stay: true });
      },
    },
    h('p', { class: 'intro' }, t('describeIntro')),
    h('div', { class: 'describe-grid' },
      h('label', null, t('cityName'), h('input', { name: 'mycity', id: 'mycity', required: true, value: described?.name || '', autocomplete: 'address-level2' })),
      h('label', null, t('country'), h('select', { name: 'country', id: 'mycountry' },
        h('option', { value: '' }, t('chooseCountry')),
        [...countries].sort((a, b) => (txt(a.name) || a.id).localeCompare(txt(b.name) || b.id)).map((c) =>
          h('option', { value: c.id, selected: c.id === described?.country }, txt(c.name) || c.id)))),
      h('label', null, t('sizeBand'), h('select', { name: 'size', id: 'mysize' },
        h('option', { value: '' }, t('sizeUnknown')),
        ['small', 'medium', 'large'].map((b) => h('option', { value: b, selected: b === described?.sizeBand }, sizeBandName(b))))),
      h('label', null, t('populationOptional'), h('input', { name: 'population', id: 'mypopulation', inputmode: 'numeric', pattern: '[0-9]*',
        value: described?.population ?? '' }))),
    h('button', { type: 'submit', id: 'transfer-describe-show' }, t('show'))));
  const asked = to || described;
  return h('section', { id: 'transfer', 'aria-labelledby': 'transfer-h' },
    h('h2', { id: 'transfer-h' }, t('transferTitle')),
    h('p', { class: 'intro' }, t('transferIntro')),
    form, other,
    h('div', { class: 'transfer-result', 'aria-live': 'polite' }, asked ? transferResult(p, to, cities, transfer) : null));
}

function transferResult(p, to, cities, transfer) {
  if (transfer?.failed) return errorBox(transfer.failed);
  const ranking = transfer?.data?.transferablePractices;
  if (!ranking) return partialErrors(transfer?.errors?.length ? transfer.errors : ['no data']);
  const cityName = to ? txt(cities.find((c) => c.id === to)?.name) || ranking.cityName || to : ranking.cityName;
  const candidate = ranking.candidates.find((c) => c.practice.id === p.id);
  if (!candidate) {
    const runs = to && p.cities?.some((c) => c.city.id === to);
    return h('p', { class: 'notice' }, runs ? t('alreadyRuns', cityName) : t('notCandidate', cityName));
  }
  const statements = (items, empty, cls) => items?.length
    ? h('ul', { class: cls }, items.map((a) => h('li', null, statement(a))))
    : h('p', { class: `none ${cls}` }, empty);
  return h('div', { class: 'transfer-card', 'data-city-id': to || null, 'data-band': candidate.band },
    h('h3', null, t('transferFor', txt(p.name), cityName)),
    h('p', { class: 'score' }, t('score'), colon(),
      h('strong', null, t('band_' + candidate.band)), ` (${candidate.scorePercent}\u00a0%)`,
      h('meter', { min: 0, max: 100, low: 25, high: 50, optimum: 100, value: candidate.scorePercent, 'aria-label': t('score') }),
      ranking.sizeBand ? [' · ', t('sizeBand'), colon(), sizeBandName(ranking.sizeBand)] : null),
    h('p', { class: 'score-scale' }, t('scoreScale')),
    h('h4', null, t('reasons')),
    h('ul', { class: 'reasons' }, candidate.reasons.map((r) =>
      h('li', { 'data-code': r.code },
        sentence(r.detail), ' ',
        h('span', { class: `weight ${r.weight < 0 ? 'negative' : r.weight > 0 ? 'positive' : 'zero'}` },
          `${r.weight > 0 ? '+' : ''}${r.weight.toFixed(2)}`)))),
    h('h4', null, t('obstaclesApply')), statements(candidate.obstacles, t('noObstacleRecorded'), 'obstacles-apply'),
    h('h4', null, t('obstaclesMay')), statements(candidate.mayApply, t('noObstacleRecorded'), 'obstacles-may'),
    h('h4', null, t('adaptations')), statements(candidate.adaptations, t('noAdaptationRecorded'), 'adaptations'));
}

/** The reason's words as a sentence: capital first letter. */
function sentence(text) {
  return text ? text[0].toUpperCase() + text.slice(1) : '';
}
