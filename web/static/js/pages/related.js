// What a practice's page shows of its links to other practices (adapted from, adapted
// by, similar to, and practices of other cities sharing its themes) and of its history
// of edits.

import { h, list, section, joined } from '../dom.js';
import { currentLang } from '../i18n.js';
import { TEXT, txt, pageLink, meta } from './common.js';

/** The practice query's selection for relatedSection and historySection. */
export const RELATED_FIELDS = `
    adaptedFrom { practice { id name ${TEXT} } relation { note ${TEXT} } }
    adaptedBy { practice { id name ${TEXT} } relation { note ${TEXT} } }
    similarTo { practice { id name ${TEXT} } relation { note ${TEXT} } }
    relatedPractices(first: 5) { practice { id name ${TEXT} cities { city { id name ${TEXT} } } } sharedThemes { id name ${TEXT} } }
    history(first: 10) { editor at action }`;

// The sections' own strings, in every language of the interface.
const STRINGS = {
  fr: {
    related: 'Pratiques liées', adaptedFrom: 'Adaptée de', adaptedBy: 'Adaptée par', similarTo: 'Semblable à',
    sharingThemes: 'Dans d’autres villes, sur les mêmes thèmes', shared: 'thèmes communs : ',
    history: 'Historique des modifications',
    actions: { create: 'création', update: 'modification', delete: 'suppression', link: 'lien ajouté', unlink: 'lien retiré' },
  },
  en: {
    related: 'Related practices', adaptedFrom: 'Adapted from', adaptedBy: 'Adapted by', similarTo: 'Similar to',
    sharingThemes: 'In other cities, on the same themes', shared: 'shared themes: ',
    history: 'History of edits',
    actions: { create: 'created', update: 'updated', delete: 'deleted', link: 'link added', unlink: 'link removed' },
  },
  es: {
    related: 'Prácticas relacionadas', adaptedFrom: 'Adaptada de', adaptedBy: 'Adaptada por', similarTo: 'Similar a',
    sharingThemes: 'En otras ciudades, sobre los mismos temas', shared: 'temas comunes: ',
    history: 'Historial de cambios',
    actions: { create: 'creación', update: 'modificación', delete: 'supresión', link: 'enlace añadido', unlink: 'enlace retirado' },
  },
  it: {
    related: 'Pratiche collegate', adaptedFrom: 'Adattamento di', adaptedBy: 'Adattata in', similarTo: 'Simile a',
    sharingThemes: 'In altre città, sugli stessi temi', shared: 'temi comuni: ',
    history: 'Cronologia delle modifiche',
    actions: { create: 'creazione', update: 'modifica', delete: 'eliminazione', link: 'collegamento aggiunto', unlink: 'collegamento rimosso' },
  },
  pt: {
    related: 'Práticas relacionadas', adaptedFrom: 'Adaptada de', adaptedBy: 'Adaptada por', similarTo: 'Semelhante a',
    sharingThemes: 'Noutras cidades, sobre os mesmos temas', shared: 'temas comuns: ',
    history: 'Histórico de alterações',
    actions: { create: 'criação', update: 'alteração', delete: 'eliminação', link: 'ligação acrescentada', unlink: 'ligação retirada' },
  },
};

function s(key) {
  return STRINGS[currentLang()]?.[key] ?? STRINGS.en[key];
}

function linkList(links, cls) {
  return list(links, (l) => [pageLink('practice', l.practice), txt(l.relation?.note) ? meta(txt(l.relation.note)) : null], { class: cls });
}

/** Practices linked by editors or sources, and those of other cities sharing themes. */
export function relatedSection(p) {
  const parts = [
    ['adaptedFrom', p.adaptedFrom], ['adaptedBy', p.adaptedBy], ['similarTo', p.similarTo],
  ].filter(([, links]) => links?.length).map(([key, links]) => [h('h3', null, s(key)), linkList(links, key)]);
  if (p.relatedPractices?.length) {
    parts.push(h('h3', null, s('sharingThemes')), list(p.relatedPractices, (r) => [
      pageLink('practice', r.practice),
      meta(joined(r.practice.cities.map((c) => txt(c.city.name)), ', ')),
      h('div', { class: 'meta' }, s('shared'), joined(r.sharedThemes.map((th) => txt(th.name)), ', ')),
    ], { class: 'theme-neighbours' }));
  }
  return section('related', s('related'), parts);
}

/** Who changed the practice and when, newest first; nothing for facts from data files alone. */
export function historySection(p) {
  return section('history-of-edits', s('history'), list(p.history, (r) =>
    [h('time', { datetime: r.at }, r.at.slice(0, 10)), ' · ', r.editor, ' · ', s('actions')[r.action] || r.action], { class: 'history' }));
}
