// Pieces the entity pages share: texts in the chosen language, relation roles,
// assessment statements and sources.

import { h, joined } from '../dom.js';
import { colon, currentLang, kindName, langName, sizeBandName, t } from '../i18n.js';
import { partialErrors } from '../api.js';
import { entityHref } from '../url.js';

/** GraphQL selection of a Text in the page's language. */
// A text the reader's language lacks is shown in English when it has English, else in
// its original (fallback), and the page says so.
export const TEXT = '{ text(lang: $lang, fallback: [EN]) }';

/** GraphQL selection of a Text that may be a translation, with its original to show on demand. */
export const TEXT_T = `{ text(lang: $lang, fallback: [EN]) shown: lang(lang: $lang, fallback: [EN])
  isTranslation(lang: $lang, fallback: [EN]) original originalText: text variants { lang } }`;

/** GraphQL selection of an assessment statement, lean enough to ask for 50 practices' worth. */
export const STATEMENT_LEAN = `id statement ${TEXT} context ${TEXT} appliesToSizeBand`;

/** GraphQL selection of an assessment statement with its kind and source. */
export const STATEMENT = `id kind statement ${TEXT_T} context ${TEXT} appliesToSizeBand
  provenance { source { id title ${TEXT} licence licenceUrl } section }`;

/** The text of a Text, or null. */
export function txt(text) {
  return text?.text || null;
}

/**
 * "Translated from French" when the text is a translation, opening on the original
 * (and first "not available in Spanish" when the reader's language fell back to
 * English); "Only in English" when the text exists in its original alone and that is
 * not the reader's language (no translation is invented); else nothing.
 */
function translationNote(text) {
  const reader = currentLang();
  const shown = text?.shown?.toLowerCase();
  const missing = shown && shown !== reader;
  if (text?.isTranslation) {
    return h('details', { class: 'translation-note' },
      h('summary', null, missing
        ? t('shownInstead', langName(reader), langName(shown), langName(text.original))
        : t('translatedFrom', langName(text.original))),
      text.originalText ? text.originalText.split(/\n+/).map((p) => h('p', { lang: text.original.toLowerCase() }, p)) : null);
  }
  if (text?.original && text.original.toLowerCase() !== reader && (missing || text.variants?.length === 1)) {
    return h('p', { class: 'translation-note only-original' }, text.variants?.length === 1
      ? t('onlyIn', langName(text.original))
      : t('shownOriginal', langName(reader), langName(text.original)));
  }
  return null;
}

/** A Text as a paragraph per line, with its translation note. */
export function paragraphs(text) {
  if (!txt(text)) return null;
  return [translationNote(text), text.text.split(/\n+/).map((p) => h('p', { lang: textLang(text) }, p))];
}

/**
 * What an entity is called: its name or title in the page's language (a person's name
 * is a plain string), else its id.
 */
export function nameOf(entity) {
  if (!entity) return '';
  return (typeof entity.name === 'string' ? entity.name : txt(entity.name)) || txt(entity.title) || entity.id;
}

/**
 * A link to an entity's page. kind: an EntityKind (PRACTICE), a GraphQL type name
 * (IndexReport) or a word (city); label: what the link says, by default the name.
 */
export function pageLink(kind, entity, label) {
  const url = entityHref(kind, entity?.id);
  const text = label ?? nameOf(entity);
  return url ? h('a', { href: url }, text) : text;
}

/** "Name — role"; a role that only repeats the name is left out. */
export function withRole(name, role) {
  const plain = Array.isArray(name) ? name.join('') : name;
  return role && role !== plain ? [name, h('span', { class: 'role' }, ' — ', role)] : name;
}

/** The items with distinct keys, first kept: an entity linked twice is listed once. */
export function unique(items, key) {
  const seen = new Set();
  return (items || []).filter((it) => {
    const k = key(it);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * One assessment statement with its context ("small cities"); a translated statement is
 * marked so, and the mark opens the original.
 */
export function statement(a) {
  const ctx = txt(a.context) || (a.appliesToSizeBand ? sizeBandName(a.appliesToSizeBand) : null);
  const s = a.statement;
  return h('span', { class: 'statement', 'data-assessment-id': a.id, lang: textLang(s) },
    txt(s),
    ctx ? [' ', h('span', { class: 'context' }, h('span', { class: 'visually-hidden' }, t('context'), colon()), ctx)] : null,
    s?.isTranslation ? [' ', h('details', { class: 'translated-mark' },
      h('summary', { title: t('translatedFrom', langName(s.original)) }, t('translated')),
      s.originalText ? h('q', { lang: s.original.toLowerCase() }, s.originalText) : null)] : null);
}

/** The lang attribute a text needs: its original language when it is not a translation. */
function textLang(text) {
  return text && !text.isTranslation && text.original ? text.original.toLowerCase() : null;
}

/**
 * Links to the CSV and JSON of a whole list or search as the server exports it (every
 * page), for the given parameters (name → value or list of values; empty ones left out).
 */
export function downloadLinks(name, params) {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    for (const x of [v].flat()) if (x !== null && x !== undefined && x !== '') query.append(k, String(x));
  }
  query.set('lang', currentLang());
  const link = (format) => h('a', { href: `/export/${name}.${format}?${query}`, download: '', 'data-export': format },
    t(format === 'csv' ? 'downloadCsv' : 'downloadJson'));
  return h('p', { class: 'downloads' }, link('csv'), ' · ', link('json'));
}

/** Distinct (source, section) pairs from anything with a provenance. */
export function sources(...withProvenance) {
  const seen = new Map();
  for (const p of withProvenance.flat()) {
    const prov = p?.provenance;
    if (!prov?.source) continue;
    const key = `${prov.source.id}\u0000${prov.section}`;
    if (!seen.has(key)) seen.set(key, prov);
  }
  if (seen.size === 0) return null;
  return h('ul', { class: 'sources' }, [...seen.values()].map((prov) =>
    h('li', null, h('cite', null, pageLink('source', prov.source)),
      prov.section ? h('span', { class: 'section' }, ' — ', prov.section) : null,
      prov.source.licence ? h('span', { class: 'licence' }, ' (', t('licence'), ' ',
        prov.source.licenceUrl ? h('a', { href: prov.source.licenceUrl, rel: 'license' }, prov.source.licence) : prov.source.licence, ')') : null)));
}

/** "2021 · Bilbao" style meta line, or nothing. */
export function meta(...parts) {
  const p = joined(parts);
  return p.length ? h('span', { class: 'meta' }, ' (', p, ')') : null;
}

/**
 * The page of one entity: its kind, its name as the heading, what failed to load,
 * then the content. kind: the EntityKind (PRACTICE, CITY).
 */
export function entityPage(kind, entity, errors, ...content) {
  const name = nameOf(entity);
  return {
    title: name,
    nodes: [h('article', { class: 'entity', [`data-${kind.toLowerCase().replace(/_/g, '-')}-id`]: entity.id },
      h('p', { class: 'badge' }, kindName(kind)),
      h('h1', { tabindex: '-1' }, name),
      partialErrors(errors),
      content)],
  };
}

/** Label–value pairs as a definition list; null rows are left out. */
export function facts(...rows) {
  const present = rows.filter(Boolean);
  if (!present.length) return null;
  return h('dl', { class: 'facts' }, present.map(([k, v]) => h('div', null, h('dt', null, k), h('dd', null, v))));
}

/**
 * A date of the graph (YYYY-MM-DD, YYYY-MM or YYYY) written the way the page's language
 * writes dates, in a <time> element that keeps the ISO value for machines.
 */
export function date(iso) {
  if (!iso) return null;
  const m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$/.exec(iso);
  if (!m) return iso;
  const [, y, mo, d] = m;
  const opts = d ? { year: 'numeric', month: 'long', day: 'numeric' } : mo ? { year: 'numeric', month: 'long' } : { year: 'numeric' };
  let text = iso;
  try {
    // Noon UTC, formatted in UTC: the calendar day never shifts with the reader's zone.
    // English as the network writes it: 14 November 2023.
    const lang = document.documentElement.lang === 'en' ? 'en-GB' : document.documentElement.lang || 'fr';
    text = new Intl.DateTimeFormat(lang, { ...opts, timeZone: 'UTC' })
      .format(new Date(Date.UTC(Number(y), Number(mo || 1) - 1, Number(d || 1), 12)));
  } catch {
    // an engine without Intl keeps the ISO form
  }
  return h('time', { datetime: iso }, text);
}
