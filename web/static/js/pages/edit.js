// The editors' page (/edit): an editor signs in with their own token, finds practices,
// creates and edits one (the update states the version it read, so a change made
// meanwhile is refused rather than overwritten), reads its history, and imports a
// catalogue CSV after seeing its dry run. The token lives in sessionStorage, for this
// tab only, and goes to the API as a bearer token; it is never put in the URL.

import { h } from '../dom.js';
import { apiLang, currentLang } from '../i18n.js';
import { REL } from '../rels.gen.js';
import { navigate } from '../url.js';

const TOKEN_KEY = 'practicegraph.editorToken';

// The page's own strings; languages without their own use English.
const STRINGS = {
  fr: {
    title: 'Espace des éditeurs',
    signInTitle: 'Connexion',
    signInHelp: 'Saisissez le jeton que l’administrateur vous a remis. Il reste dans cet onglet seulement.',
    token: 'Jeton d’éditeur',
    signIn: 'Se connecter',
    signOut: 'Se déconnecter',
    signedInAs: (name) => `Connecté en tant que ${name}`,
    badToken: 'Ce jeton n’est celui d’aucun éditeur.',
    practices: 'Pratiques',
    find: 'Chercher une pratique',
    findButton: 'Chercher',
    newPractice: 'Nouvelle pratique',
    edit: 'Modifier',
    editing: (id) => `Modifier « ${id} »`,
    creating: 'Nouvelle pratique',
    save: 'Enregistrer',
    saved: (v) => `Enregistré (version ${v}).`,
    conflict: 'Quelqu’un a modifié cette pratique depuis que vous l’avez ouverte. Rechargez-la pour voir ses changements, puis refaites les vôtres.',
    reload: 'Recharger',
    original: 'Langue originale',
    source: 'Source (identifiant)',
    section: 'Section de la source',
    idField: 'Identifiant (facultatif : tiré du nom anglais)',
    idsHelp: 'Identifiants séparés par des virgules',
    history: 'Historique',
    noHistory: 'Aucune modification enregistrée.',
    revision: (r) => `${r.at} · ${r.editor} · ${ACTIONS.fr[r.action] || r.action} (version ${r.version})`,
    importTitle: 'Importer un catalogue (CSV)',
    importHelp: 'Colonnes requises : title, country, language, source_url. L’aperçu n’écrit rien.',
    csvFile: 'Fichier CSV',
    preview: 'Aperçu',
    doImport: 'Importer',
    importRefused: 'Le fichier est refusé ; rien n’a été écrit :',
    importPreview: (c) => `Aperçu : ${c.rows} lignes ; ${c.practicesCreated} pratiques créées, ${c.practicesChanged} modifiées, ${c.practicesUnchanged} inchangées ; ${c.citiesCreated} villes créées, ${c.citiesMatched} retrouvées.`,
    importDone: (v) => `Importé (version ${v}).`,
    importNothing: 'Rien à écrire : le graphe contient déjà tout le fichier.',
    failed: 'Échec :',
    drafts: 'Brouillons (visibles des seuls éditeurs)',
    noDrafts: 'Aucun brouillon.',
    asDraft: 'Enregistrer comme brouillon (visible des seuls éditeurs jusqu’à sa publication)',
    editingDraft: (id) => `Brouillon « ${id} »`,
    publish: 'Publier',
    published: (id) => `« ${id} » est publiée.`,
    draftConflict: 'Quelqu’un a modifié ce brouillon depuis que vous l’avez ouvert. Rechargez-le pour voir ses changements, puis refaites les vôtres.',
    field_name: 'Nom', field_summary: 'Résumé', field_description: 'Description', field_objectives: 'Objectifs',
    field_period: 'Période', field_startYear: 'Année de début', field_status: 'Statut',
    field_cities: 'Villes', field_themes: 'Thèmes', field_adaptedFrom: 'Adaptée de', field_similarTo: 'Semblable à',
    field_purpose: 'Objet', field_rationale: 'Raison d’être', field_process: 'Déroulement', field_outcomes: 'Résultats', field_contact: 'Contact',
  },
  en: {
    title: 'Editors',
    signInTitle: 'Sign in',
    signInHelp: 'Enter the token the operator gave you. It stays in this tab only.',
    token: 'Editor token',
    signIn: 'Sign in',
    signOut: 'Sign out',
    signedInAs: (name) => `Signed in as ${name}`,
    badToken: 'This token is no editor’s.',
    practices: 'Practices',
    find: 'Find a practice',
    findButton: 'Find',
    newPractice: 'New practice',
    edit: 'Edit',
    editing: (id) => `Edit “${id}”`,
    creating: 'New practice',
    save: 'Save',
    saved: (v) => `Saved (version ${v}).`,
    conflict: 'Someone changed this practice since you opened it. Reload it to see their changes, then make yours again.',
    reload: 'Reload',
    original: 'Original language',
    source: 'Source (id)',
    section: 'Section of the source',
    idField: 'Id (optional: made from the English name)',
    idsHelp: 'Ids separated by commas',
    history: 'History',
    noHistory: 'No recorded changes.',
    revision: (r) => `${r.at} · ${r.editor} · ${ACTIONS.en[r.action] || r.action} (version ${r.version})`,
    importTitle: 'Import a catalogue (CSV)',
    importHelp: 'Required columns: title, country, language, source_url. The preview writes nothing.',
    csvFile: 'CSV file',
    preview: 'Preview',
    doImport: 'Import',
    importRefused: 'The file is refused; nothing was written:',
    importPreview: (c) => `Preview: ${c.rows} rows; ${c.practicesCreated} practices created, ${c.practicesChanged} changed, ${c.practicesUnchanged} unchanged; ${c.citiesCreated} cities created, ${c.citiesMatched} matched.`,
    importDone: (v) => `Imported (version ${v}).`,
    importNothing: 'Nothing to write: the graph already holds the whole file.',
    failed: 'Failed:',
    drafts: 'Drafts (seen by editors only)',
    noDrafts: 'No drafts.',
    asDraft: 'Save as a draft (seen by editors only until published)',
    editingDraft: (id) => `Draft “${id}”`,
    publish: 'Publish',
    published: (id) => `“${id}” is published.`,
    draftConflict: 'Someone changed this draft since you opened it. Reload it to see their changes, then make yours again.',
    field_name: 'Name', field_summary: 'Summary', field_description: 'Description', field_objectives: 'Objectives',
    field_period: 'Period', field_startYear: 'Start year', field_status: 'Status',
    field_cities: 'Cities', field_themes: 'Themes', field_adaptedFrom: 'Adapted from', field_similarTo: 'Similar to',
    field_purpose: 'Purpose', field_rationale: 'Rationale', field_process: 'Process', field_outcomes: 'Outcomes', field_contact: 'Contact',
  },
  es: {
    title: 'Espacio de los editores',
    signInTitle: 'Iniciar sesión',
    signInHelp: 'Introduzca el token que le dio el administrador. Solo se guarda en esta pestaña.',
    token: 'Token de editor',
    signIn: 'Iniciar sesión',
    signOut: 'Cerrar sesión',
    signedInAs: (name) => `Sesión iniciada como ${name}`,
    badToken: 'Este token no es el de ningún editor.',
    practices: 'Prácticas',
    find: 'Buscar una práctica',
    findButton: 'Buscar',
    newPractice: 'Nueva práctica',
    edit: 'Editar',
    editing: (id) => `Editar «${id}»`,
    creating: 'Nueva práctica',
    save: 'Guardar',
    saved: (v) => `Guardado (versión ${v}).`,
    conflict: 'Alguien ha modificado esta práctica desde que la abrió. Vuelva a cargarla para ver sus cambios y luego rehaga los suyos.',
    reload: 'Volver a cargar',
    original: 'Idioma original',
    source: 'Fuente (identificador)',
    section: 'Sección de la fuente',
    idField: 'Identificador (opcional: se forma a partir del nombre en inglés)',
    idsHelp: 'Identificadores separados por comas',
    history: 'Historial',
    noHistory: 'No hay cambios registrados.',
    revision: (r) => `${r.at} · ${r.editor} · ${ACTIONS.es[r.action] || r.action} (versión ${r.version})`,
    importTitle: 'Importar un catálogo (CSV)',
    importHelp: 'Columnas obligatorias: title, country, language, source_url. La vista previa no escribe nada.',
    csvFile: 'Archivo CSV',
    preview: 'Vista previa',
    doImport: 'Importar',
    importRefused: 'El archivo se rechaza; no se ha escrito nada:',
    importPreview: (c) => `Vista previa: ${c.rows} filas; ${c.practicesCreated} prácticas creadas, ${c.practicesChanged} modificadas, ${c.practicesUnchanged} sin cambios; ${c.citiesCreated} ciudades creadas, ${c.citiesMatched} encontradas.`,
    importDone: (v) => `Importado (versión ${v}).`,
    importNothing: 'Nada que escribir: el grafo ya contiene todo el archivo.',
    failed: 'Error:',
    drafts: 'Borradores (visibles solo para los editores)',
    noDrafts: 'No hay borradores.',
    asDraft: 'Guardar como borrador (visible solo para los editores hasta su publicación)',
    editingDraft: (id) => `Borrador «${id}»`,
    publish: 'Publicar',
    published: (id) => `«${id}» está publicada.`,
    draftConflict: 'Alguien ha modificado este borrador desde que lo abrió. Vuelva a cargarlo para ver sus cambios y luego rehaga los suyos.',
    field_name: 'Nombre', field_summary: 'Resumen', field_description: 'Descripción', field_objectives: 'Objetivos',
    field_period: 'Periodo', field_startYear: 'Año de inicio', field_status: 'Estado',
    field_cities: 'Ciudades', field_themes: 'Temas', field_adaptedFrom: 'Adaptada de', field_similarTo: 'Similar a',
    field_purpose: 'Finalidad', field_rationale: 'Justificación', field_process: 'Proceso', field_outcomes: 'Resultados', field_contact: 'Contacto',
  },
  it: {
    title: 'Spazio dei redattori',
    signInTitle: 'Accesso',
    signInHelp: 'Inserisca il token che l’amministratore le ha dato. Resta solo in questa scheda.',
    token: 'Token del redattore',
    signIn: 'Accedi',
    signOut: 'Esci',
    signedInAs: (name) => `Accesso come ${name}`,
    badToken: 'Questo token non appartiene a nessun redattore.',
    practices: 'Pratiche',
    find: 'Cerca una pratica',
    findButton: 'Cerca',
    newPractice: 'Nuova pratica',
    edit: 'Modifica',
    editing: (id) => `Modifica «${id}»`,
    creating: 'Nuova pratica',
    save: 'Salva',
    saved: (v) => `Salvato (versione ${v}).`,
    conflict: 'Qualcuno ha modificato questa pratica da quando l’ha aperta. La ricarichi per vedere le sue modifiche, poi rifaccia le sue.',
    reload: 'Ricarica',
    original: 'Lingua originale',
    source: 'Fonte (identificativo)',
    section: 'Sezione della fonte',
    idField: 'Identificativo (facoltativo: ricavato dal nome inglese)',
    idsHelp: 'Identificativi separati da virgole',
    history: 'Cronologia',
    noHistory: 'Nessuna modifica registrata.',
    revision: (r) => `${r.at} · ${r.editor} · ${ACTIONS.it[r.action] || r.action} (versione ${r.version})`,
    importTitle: 'Importa un catalogo (CSV)',
    importHelp: 'Colonne obbligatorie: title, country, language, source_url. L’anteprima non scrive nulla.',
    csvFile: 'File CSV',
    preview: 'Anteprima',
    doImport: 'Importa',
    importRefused: 'Il file è rifiutato; non è stato scritto nulla:',
    importPreview: (c) => `Anteprima: ${c.rows} righe; ${c.practicesCreated} pratiche create, ${c.practicesChanged} modificate, ${c.practicesUnchanged} invariate; ${c.citiesCreated} città create, ${c.citiesMatched} ritrovate.`,
    importDone: (v) => `Importato (versione ${v}).`,
    importNothing: 'Niente da scrivere: il grafo contiene già tutto il file.',
    failed: 'Errore:',
    drafts: 'Bozze (visibili solo ai redattori)',
    noDrafts: 'Nessuna bozza.',
    asDraft: 'Salva come bozza (visibile solo ai redattori fino alla pubblicazione)',
    editingDraft: (id) => `Bozza «${id}»`,
    publish: 'Pubblica',
    published: (id) => `«${id}» è pubblicata.`,
    draftConflict: 'Qualcuno ha modificato questa bozza da quando l’ha aperta. La ricarichi per vedere le sue modifiche, poi rifaccia le sue.',
    field_name: 'Nome', field_summary: 'Sintesi', field_description: 'Descrizione', field_objectives: 'Obiettivi',
    field_period: 'Periodo', field_startYear: 'Anno di inizio', field_status: 'Stato',
    field_cities: 'Città', field_themes: 'Temi', field_adaptedFrom: 'Adattata da', field_similarTo: 'Simile a',
    field_purpose: 'Scopo', field_rationale: 'Motivazione', field_process: 'Processo', field_outcomes: 'Risultati', field_contact: 'Contatto',
  },
  pt: {
    title: 'Espaço dos editores',
    signInTitle: 'Iniciar sessão',
    signInHelp: 'Introduza o token que o administrador lhe deu. Fica apenas neste separador.',
    token: 'Token de editor',
    signIn: 'Iniciar sessão',
    signOut: 'Terminar sessão',
    signedInAs: (name) => `Sessão iniciada como ${name}`,
    badToken: 'Este token não é de nenhum editor.',
    practices: 'Práticas',
    find: 'Procurar uma prática',
    findButton: 'Procurar',
    newPractice: 'Nova prática',
    edit: 'Editar',
    editing: (id) => `Editar «${id}»`,
    creating: 'Nova prática',
    save: 'Guardar',
    saved: (v) => `Guardado (versão ${v}).`,
    conflict: 'Alguém alterou esta prática desde que a abriu. Recarregue-a para ver as alterações e depois refaça as suas.',
    reload: 'Recarregar',
    original: 'Língua original',
    source: 'Fonte (identificador)',
    section: 'Secção da fonte',
    idField: 'Identificador (opcional: formado a partir do nome em inglês)',
    idsHelp: 'Identificadores separados por vírgulas',
    history: 'Histórico',
    noHistory: 'Nenhuma alteração registada.',
    revision: (r) => `${r.at} · ${r.editor} · ${ACTIONS.pt[r.action] || r.action} (versão ${r.version})`,
    importTitle: 'Importar um catálogo (CSV)',
    importHelp: 'Colunas obrigatórias: title, country, language, source_url. A pré-visualização não escreve nada.',
    csvFile: 'Ficheiro CSV',
    preview: 'Pré-visualizar',
    doImport: 'Importar',
    importRefused: 'O ficheiro é recusado; nada foi escrito:',
    importPreview: (c) => `Pré-visualização: ${c.rows} linhas; ${c.practicesCreated} práticas criadas, ${c.practicesChanged} alteradas, ${c.practicesUnchanged} inalteradas; ${c.citiesCreated} cidades criadas, ${c.citiesMatched} encontradas.`,
    importDone: (v) => `Importado (versão ${v}).`,
    importNothing: 'Nada a escrever: o grafo já contém o ficheiro inteiro.',
    failed: 'Falhou:',
    drafts: 'Rascunhos (visíveis apenas para os editores)',
    noDrafts: 'Nenhum rascunho.',
    asDraft: 'Guardar como rascunho (visível apenas para os editores até ser publicado)',
    editingDraft: (id) => `Rascunho «${id}»`,
    publish: 'Publicar',
    published: (id) => `«${id}» está publicada.`,
    draftConflict: 'Alguém alterou este rascunho desde que o abriu. Recarregue-o para ver as alterações e depois refaça as suas.',
    field_name: 'Nome', field_summary: 'Resumo', field_description: 'Descrição', field_objectives: 'Objetivos',
    field_period: 'Período', field_startYear: 'Ano de início', field_status: 'Estado',
    field_cities: 'Cidades', field_themes: 'Temas', field_adaptedFrom: 'Adaptada de', field_similarTo: 'Semelhante a',
    field_purpose: 'Finalidade', field_rationale: 'Fundamentação', field_process: 'Processo', field_outcomes: 'Resultados', field_contact: 'Contacto',
  },
};

const ACTIONS = {
  fr: { create: 'création', update: 'modification', delete: 'suppression', link: 'lien ajouté', unlink: 'lien retiré' },
  en: { create: 'created', update: 'updated', delete: 'deleted', link: 'link added', unlink: 'link removed' },
  es: { create: 'creación', update: 'modificación', delete: 'eliminación', link: 'vínculo añadido', unlink: 'vínculo retirado' },
  it: { create: 'creazione', update: 'modifica', delete: 'eliminazione', link: 'collegamento aggiunto', unlink: 'collegamento rimosso' },
  pt: { create: 'criação', update: 'alteração', delete: 'eliminação', link: 'ligação adicionada', unlink: 'ligação removida' },
};

function s(key, ...args) {
  const v = STRINGS[currentLang()]?.[key] ?? STRINGS.en[key] ?? key;
  return typeof v === 'function' ? v(...args) : v;
}

// The form's fields, one line each: a field the Practice kind gains (purpose,
// rationale, process, outcomes as TEXT; contact as STRING) is one more line here.
const TEXT = 'text';
const STRING = 'string';
const INT = 'int';
const ENUM = 'enum';
const IDS = 'ids';
const FIELDS = [
  { name: 'name', type: TEXT, required: true },
  { name: 'summary', type: TEXT, required: true, long: true },
  { name: 'description', type: TEXT, long: true },
  { name: 'objectives', type: TEXT, long: true },
  { name: 'period', type: TEXT },
  { name: 'startYear', type: INT },
  { name: 'status', type: ENUM, values: ['', 'planned', 'active', 'ended'] },
  { name: 'cities', type: IDS, rel: REL.RunBy, read: (p) => p.cities.filter((c) => c.relation.type === REL.RunBy).map((c) => c.city.id) },
  { name: 'themes', type: IDS, rel: REL.HasTheme, read: (p) => p.themes.map((t) => t.id) },
  { name: 'adaptedFrom', type: IDS, rel: REL.AdaptedFrom, read: (p) => p.adaptedFrom.map((l) => l.practice.id) },
  { name: 'similarTo', type: IDS, rel: REL.SimilarTo, read: (p) => p.similarTo.map((l) => l.practice.id) },
];
const TEXT_LANGS = ['fr', 'en'];

const TEXT_FIELDS = `variants { lang text isOriginal }`;

export const EDITOR_NAME = `query EditorName { editorName }`;

export const EDIT_LIST = `query EditPractices($q: String!, $all: Boolean!, $lang: Lang) {
  practices(first: 100) @include(if: $all) { edges { node { id name { text(lang: $lang) } } } }
  search(query: $q, lang: $lang, filter: { kinds: [PRACTICE] }, first: 50) @skip(if: $all) { edges { node { id title(lang: $lang) } } }
}`;

// The practice's own fields, as the form shows them.
const OWN_FIELDS = `
    ${FIELDS.filter((f) => f.type === TEXT).map((f) => `${f.name} { ${TEXT_FIELDS} }`).join('\n    ')}
    ${FIELDS.filter((f) => f.type === INT || f.type === ENUM || f.type === STRING).map((f) => f.name).join(' ')}
    provenance { source { id } section }`;

export const EDIT_DRAFTS = `query EditDrafts($lang: Lang) { practiceDrafts { id practice { name { text(lang: $lang) } } } }`;

export const EDIT_DRAFT = `query EditDraft($id: ID!) {
  practiceDraft(id: $id) { id version updatedBy updatedAt lists { type ids } practice { ${OWN_FIELDS} } }
}`;

export const EDIT_PRACTICE = `query EditPractice($id: ID!) {
  practice(id: $id) {
    id version
    ${OWN_FIELDS}
    cities { city { id } relation { type } } themes { id }
    adaptedFrom { practice { id } } similarTo { practice { id } }
    history(first: 20) { editor at version action fields }
  }
}`;

const CREATE = `mutation EditCreate($input: PracticeInput!) { createPractice(input: $input) { id version } }`;
const UPDATE = `mutation EditUpdate($id: ID!, $v: Int!, $input: PracticeInput!) {
  updatePractice(id: $id, expectedVersion: $v, input: $input) { id version }
}`;
const SAVE_DRAFT = `mutation EditSaveDraft($input: PracticeInput!, $v: Int) {
  savePracticeDraft(input: $input, expectedVersion: $v) { id version }
}`;
const PUBLISH = `mutation EditPublish($id: ID!, $v: Int!) { publishPracticeDraft(id: $id, expectedVersion: $v) { id version } }`;
const IMPORT = `mutation EditImport($csv: String!, $dryRun: Boolean!) {
  importCatalogue(csv: $csv, dryRun: $dryRun) {
    dryRun written graphVersion
    counts { rows practicesCreated practicesChanged practicesUnchanged citiesCreated citiesMatched }
    problems { row column message }
  }
}`;

/** Runs a GraphQL document with the signed-in editor's token. */
async function gql(document, variables = {}) {
  const headers = { 'Content-Type': 'application/json', Accept: 'application/json' };
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token) headers.Authorization = `Bearer ${token}`;
  let body;
  try {
    const res = await fetch('/graphql', { method: 'POST', headers, body: JSON.stringify({ query: document, variables }) });
    body = await res.json();
  } catch (err) {
    return { data: null, errors: [{ message: String(err.message || err), code: 'NETWORK' }] };
  }
  const errors = (body.errors || []).map((e) => ({ message: e.message, code: e.extensions?.code }));
  return { data: body.data || null, errors };
}

function failure(errors) {
  return h('div', { class: 'error', role: 'alert' }, s('failed'), ' ', errors.map((e) => e.message).join('; '));
}

/** The page: sign-in, or the editor's tools once signed in. */
export async function render({ params }) {
  const main = h('div', { class: 'editors' });
  const view = { title: s('title'), nodes: [h('h1', { tabindex: '-1' }, s('title')), main] };
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (!token) {
    main.append(signIn());
    return view;
  }
  const { data, errors } = await gql(EDITOR_NAME);
  if (!data?.editorName) {
    sessionStorage.removeItem(TOKEN_KEY);
    main.append(signIn(errors.length ? s('badToken') : null));
    return view;
  }
  main.append(
    h('p', { class: 'signed-in' }, h('span', { id: 'editor-name' }, s('signedInAs', data.editorName)), ' ',
      h('button', { type: 'button', id: 'sign-out', onclick: () => { sessionStorage.removeItem(TOKEN_KEY); redraw(); } }, s('signOut'))),
  );
  const editor = h('section', { id: 'practice-editor', 'aria-live': 'polite' });
  main.append(practiceList(editor, params.get('q') || ''), editor, catalogueImport());
  if (params.get('id')) openPractice(editor, params.get('id'));
  return view;
}

/** Draws the page again in place, signed in or out. */
function redraw() {
  navigate(location.pathname + location.search, { replace: true });
}

function signIn(message) {
  const input = h('input', { type: 'password', id: 'edit-token', name: 'token', autocomplete: 'off', required: true });
  return h('form', {
    class: 'sign-in',
    onsubmit: (e) => {
      e.preventDefault();
      sessionStorage.setItem(TOKEN_KEY, input.value.trim());
      redraw();
    },
  },
  h('h2', null, s('signInTitle')),
  h('p', null, s('signInHelp')),
  message ? h('p', { class: 'error', role: 'alert' }, message) : null,
  h('label', { for: 'edit-token' }, s('token')), ' ', input, ' ',
  h('button', { type: 'submit', id: 'sign-in' }, s('signIn')));
}

function practiceList(editor, q) {
  const results = h('ul', { id: 'edit-results', class: 'edit-results' });
  const box = h('input', { type: 'search', id: 'edit-q', value: q });
  const load = async () => {
    const text = box.value.trim();
    const { data, errors } = await gql(EDIT_LIST, { q: text, all: text === '', lang: apiLang() });
    if (!data) {
      results.replaceChildren(h('li', null, failure(errors)));
      return;
    }
    const rows = text === ''
      ? data.practices.edges.map((e) => ({ id: e.node.id, title: e.node.name.text }))
      : data.search.edges.map((e) => ({ id: e.node.id, title: e.node.title }));
    results.replaceChildren(...rows.map((r) => h('li', { 'data-id': r.id },
      h('span', null, r.title), ' ',
      h('button', { type: 'button', class: 'edit-open', onclick: () => openPractice(editor, r.id) }, s('edit')))));
  };
  const drafts = h('ul', { id: 'edit-drafts', class: 'edit-results' });
  const loadDrafts = async () => {
    const { data, errors } = await gql(EDIT_DRAFTS, { lang: apiLang() });
    if (!data) {
      drafts.replaceChildren(h('li', null, failure(errors)));
      return;
    }
    drafts.replaceChildren(...(data.practiceDrafts.length === 0 ? [h('li', null, s('noDrafts'))]
      : data.practiceDrafts.map((d) => h('li', { 'data-id': d.id },
        h('span', null, d.practice.name.text), ' ',
        h('button', { type: 'button', class: 'edit-open', onclick: () => openDraft(editor, d.id) }, s('edit'))))));
  };
  load();
  loadDrafts();
  refreshDrafts = loadDrafts;
  return h('section', { 'aria-labelledby': 'edit-practices' },
    h('h2', { id: 'edit-practices' }, s('practices')),
    h('form', { class: 'search-row', role: 'search', onsubmit: (e) => { e.preventDefault(); load(); } },
      h('label', { for: 'edit-q' }, s('find')), ' ', box, ' ',
      h('button', { type: 'submit', id: 'edit-find' }, s('findButton')), ' ',
      h('button', { type: 'button', id: 'edit-new', onclick: () => showForm(editor, null) }, s('newPractice'))),
    results,
    h('h3', { id: 'edit-drafts-title' }, s('drafts')),
    drafts);
}

// Reloads the list of drafts after a draft is saved or published.
let refreshDrafts = () => {};

async function openDraft(editor, id) {
  const { data, errors } = await gql(EDIT_DRAFT, { id });
  const d = data?.practiceDraft;
  if (!d) {
    editor.replaceChildren(failure(errors));
    return;
  }
  showForm(editor, { ...d.practice, id: d.id, version: d.version, lists: d.lists, history: [] }, 'draft');
}

async function openPractice(editor, id) {
  const { data, errors } = await gql(EDIT_PRACTICE, { id });
  if (!data?.practice) {
    editor.replaceChildren(failure(errors));
    return;
  }
  showForm(editor, data.practice);
}

/**
 * The form for a practice (null: a new one) or, with kind 'draft', a draft, with the
 * practice's history below.
 */
function showForm(editor, practice, kind = practice ? 'practice' : 'new') {
  const isDraft = kind === 'draft';
  const inputs = {};
  const rows = [];
  const input = (name, attrs) => {
    const el = h(attrs.long ? 'textarea' : 'input', { id: `f-${name}`, name, ...attrs, long: null });
    inputs[name] = el;
    return el;
  };
  if (!practice) {
    rows.push(h('p', null, h('label', { for: 'f-id' }, s('idField')), input('id', { type: 'text' })));
  }
  for (const f of FIELDS) {
    const label = s(`field_${f.name}`);
    if (f.type === TEXT) {
      const variants = practice?.[f.name]?.variants || [];
      const orig = variants.find((v) => v.isOriginal)?.lang?.toLowerCase() || 'fr';
      rows.push(h('fieldset', { 'data-field': f.name }, h('legend', null, label),
        TEXT_LANGS.map((l) => h('p', null,
          h('label', { for: `f-${f.name}-${l}` }, `${label} (${l.toUpperCase()})`),
          input(`${f.name}-${l}`, { long: f.long, type: f.long ? null : 'text', value: f.long ? null : (variants.find((v) => v.lang.toLowerCase() === l)?.text || '') }))),
        h('p', null, h('label', { for: `f-${f.name}-orig` }, s('original')),
          h('select', { id: `f-${f.name}-orig` }, TEXT_LANGS.map((l) => h('option', { value: l, selected: l === orig }, l.toUpperCase()))))));
      if (f.long) {
        for (const l of TEXT_LANGS) inputs[`${f.name}-${l}`].value = variants.find((v) => v.lang.toLowerCase() === l)?.text || '';
      }
      inputs[`${f.name}-orig`] = rows[rows.length - 1].querySelector('select');
    } else if (f.type === ENUM) {
      const sel = h('select', { id: `f-${f.name}` }, f.values.map((v) => h('option', { value: v, selected: (practice?.[f.name] || '') === v }, v)));
      inputs[f.name] = sel;
      rows.push(h('p', null, h('label', { for: `f-${f.name}` }, label), sel));
    } else {
      const ids = (p) => (isDraft ? (p.lists.find((l) => l.type === f.rel)?.ids || []) : [...new Set(f.read(p))]);
      const value = !practice ? '' : f.type === IDS ? ids(practice).join(', ') : (practice[f.name] ?? '');
      rows.push(h('p', null, h('label', { for: `f-${f.name}` }, label),
        input(f.name, { type: f.type === INT ? 'number' : 'text', value, 'aria-describedby': f.type === IDS ? 'ids-help' : null })));
    }
  }
  rows.push(h('p', { id: 'ids-help', class: 'help' }, s('idsHelp')));
  rows.push(h('p', null, h('label', { for: 'f-source' }, s('source')), input('source', { type: 'text', required: true, value: practice?.provenance.source.id || '' })));
  rows.push(h('p', null, h('label', { for: 'f-section' }, s('section')), input('section', { type: 'text', required: true, value: practice?.provenance.section || '' })));
  const asDraft = h('input', { type: 'checkbox', id: 'f-draft' });
  if (!practice) rows.push(h('p', null, asDraft, ' ', h('label', { for: 'f-draft' }, s('asDraft'))));

  const status = h('div', { id: 'edit-status', role: 'status' });
  const form = h('form', {
    id: 'practice-form',
    'data-version': practice?.version ?? '',
    onsubmit: async (e) => {
      e.preventDefault();
      const payload = inputFromForm(inputs, !practice);
      if (isDraft || asDraft.checked) {
        if (isDraft) payload.id = practice.id;
        const { data, errors } = await gql(SAVE_DRAFT, { input: payload, v: isDraft ? practice.version : null });
        const saved = data?.savePracticeDraft;
        if (saved) {
          refreshDrafts();
          await openDraft(editor, saved.id);
          editor.querySelector('#edit-status')?.replaceChildren(h('p', { class: 'saved' }, s('saved', saved.version)));
          return;
        }
        showFailure(errors, () => openDraft(editor, practice.id), 'draftConflict');
        return;
      }
      const { data, errors } = practice
        ? await gql(UPDATE, { id: practice.id, v: practice.version, input: payload })
        : await gql(CREATE, { input: payload });
      const saved = data && (data.updatePractice || data.createPractice);
      if (saved) {
        status.replaceChildren(h('p', { class: 'saved' }, s('saved', saved.version)));
        const again = await gql(EDIT_PRACTICE, { id: saved.id });
        if (again.data?.practice) {
          showForm(editor, again.data.practice);
          editor.querySelector('#edit-status').replaceChildren(h('p', { class: 'saved' }, s('saved', saved.version)));
        }
        return;
      }
      showFailure(errors, () => openPractice(editor, practice.id), 'conflict');
    },
  }, rows, h('p', null, h('button', { type: 'submit', id: 'edit-save' }, s('save')), ' ',
    isDraft ? h('button', { type: 'button', id: 'edit-publish', onclick: publish }, s('publish')) : null));

  // A CONFLICT on an entity already open offers to reload it; anything else is shown as it is.
  function showFailure(errors, reload, message) {
    if (errors.some((x) => x.code === 'CONFLICT') && practice) {
      status.replaceChildren(h('div', { class: 'conflict', role: 'alert' }, h('p', null, s(message)),
        h('button', { type: 'button', id: 'edit-reload', onclick: reload }, s('reload'))));
      return;
    }
    status.replaceChildren(failure(errors));
  }

  async function publish() {
    const { data, errors } = await gql(PUBLISH, { id: practice.id, v: practice.version });
    if (!data?.publishPracticeDraft) {
      showFailure(errors, () => openDraft(editor, practice.id), 'draftConflict');
      return;
    }
    refreshDrafts();
    await openPractice(editor, practice.id);
    editor.querySelector('#edit-status')?.replaceChildren(h('p', { class: 'saved' }, s('published', practice.id)));
  }

  const history = practice && !isDraft
    ? h('section', { 'aria-labelledby': 'edit-history' }, h('h3', { id: 'edit-history' }, s('history')),
      practice.history.length === 0 ? h('p', null, s('noHistory'))
        : h('ol', { class: 'history' }, practice.history.map((r) => h('li', { 'data-editor': r.editor, 'data-action': r.action }, s('revision', r)))))
    : null;
  const title = isDraft ? s('editingDraft', practice.id) : practice ? s('editing', practice.id) : s('creating');
  editor.replaceChildren(h('h2', { id: 'edit-title', 'data-id': practice?.id || '', 'data-kind': kind }, title), status, form, history);
  editor.querySelector('input, textarea')?.focus();
}

/** The PracticeInput the form holds; empty fields are left out. */
function inputFromForm(inputs, create) {
  const out = { provenance: { source: inputs.source.value.trim(), section: inputs.section.value.trim() } };
  if (create && inputs.id.value.trim()) out.id = inputs.id.value.trim();
  for (const f of FIELDS) {
    if (f.type === TEXT) {
      const t = { orig: inputs[`${f.name}-orig`].value.toUpperCase() };
      let any = false;
      for (const l of TEXT_LANGS) {
        const v = inputs[`${f.name}-${l}`].value.trim();
        if (v) { t[l] = v; any = true; }
      }
      if (any) out[f.name] = t;
    } else if (f.type === INT) {
      const v = inputs[f.name].value.trim();
      if (v) out[f.name] = Number(v);
    } else if (f.type === IDS) {
      out[f.name] = inputs[f.name].value.split(',').map((x) => x.trim()).filter(Boolean);
    } else {
      const v = inputs[f.name].value.trim();
      if (v) out[f.name] = v;
    }
  }
  return out;
}

/** Uploading a catalogue: a dry run first, then the import once the preview is read. */
function catalogueImport() {
  const file = h('input', { type: 'file', id: 'csv-file', accept: '.csv,text/csv' });
  const report = h('div', { id: 'import-report', role: 'status' });
  const commit = h('button', { type: 'button', id: 'import-commit', hidden: true }, s('doImport'));
  let csv = '';
  const run = async (dryRun) => {
    const { data, errors } = await gql(IMPORT, { csv, dryRun });
    const r = data?.importCatalogue;
    if (!r) {
      report.replaceChildren(failure(errors));
      commit.hidden = true;
      return;
    }
    if (r.problems.length) {
      report.replaceChildren(h('p', null, s('importRefused')),
        h('ul', null, r.problems.map((p) => h('li', null, [p.row ? `#${p.row}` : '', p.column || '', p.message].filter(Boolean).join(' · ')))));
      commit.hidden = true;
      return;
    }
    if (dryRun) {
      report.replaceChildren(h('p', { class: 'preview' }, s('importPreview', r.counts)));
      commit.hidden = false;
    } else {
      report.replaceChildren(h('p', { class: 'saved' }, r.written ? s('importDone', r.graphVersion) : s('importNothing')));
      commit.hidden = true;
    }
  };
  commit.addEventListener('click', () => run(false));
  return h('section', { 'aria-labelledby': 'edit-import' },
    h('h2', { id: 'edit-import' }, s('importTitle')),
    h('p', { class: 'help' }, s('importHelp')),
    h('form', {
      onsubmit: async (e) => {
        e.preventDefault();
        if (!file.files[0]) return;
        csv = await file.files[0].text();
        run(true);
      },
    }, h('label', { for: 'csv-file' }, s('csvFile')), ' ', file, ' ',
    h('button', { type: 'submit', id: 'import-preview' }, s('preview')), ' ', commit),
    report);
}
