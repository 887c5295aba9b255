// The interface's languages: French and English, then Spanish, Italian and
// Portuguese, the network's next languages. The reader's language is the URL's
// (?lang=), else the one they chose before (remembered in localStorage and in a cookie
// the server reads), else the first of the browser's languages the pages speak, else
// French. Content stays in the languages the sources give.

import { LABELS } from './labels.gen.js';

export const LANGS = ['fr', 'en', 'es', 'it', 'pt'];

/** Each language's name in itself, for the language switch. */
export const LANG_NAMES = { fr: 'Français', en: 'English', es: 'Español', it: 'Italiano', pt: 'Português' };

const STORE_KEY = 'lang';

function known(l) {
  return LANGS.includes(l) ? l : null;
}

function remembered() {
  try {
    return known(localStorage.getItem(STORE_KEY));
  } catch {
    return null; // storage disabled
  }
}

function fromBrowser() {
  for (const tag of navigator.languages || [navigator.language]) {
    // Emulated browsers may leave a quality in ("en;q=0.8").
    const l = known(String(tag || '').toLowerCase().split(/[-;]/)[0].trim());
    if (l) return l;
  }
  return null;
}

/** The language of the interface for the current URL. */
export function currentLang() {
  return known(new URLSearchParams(location.search).get('lang')) || remembered() || fromBrowser() || 'fr';
}

/**
 * Remembers a language the URL chose, so the next page opened without ?lang= (and the
 * server's HTML for it) is in the same language.
 */
export function rememberLang() {
  const l = known(new URLSearchParams(location.search).get('lang'));
  if (!l) return;
  try {
    localStorage.setItem(STORE_KEY, l);
  } catch {
    // storage disabled: the cookie still remembers
  }
  document.cookie = `${STORE_KEY}=${l}; path=/; max-age=31536000; samesite=lax`;
}

/** The GraphQL Lang enum value of the current language. */
export function apiLang() {
  return currentLang().toUpperCase();
}

const strings = {
  fr: {
    skip: 'Aller au contenu',
    siteNav: 'Navigation principale',
    navSearch: 'Recherche',
    navCollaborations: 'Collaborations',
    navGraphiQL: 'GraphiQL',
    langSwitch: 'Langue',
    footer: 'practicegraph : les bonnes pratiques du réseau des Cités interculturelles du Conseil de l’Europe.',
    footerAPI: 'API GraphQL',
    footerSchema: 'Schéma',
    loading: 'Chargement…',
    apiError: 'Le service n’a pas pu répondre',
    notFound: 'Introuvable',
    badInput: 'Requête non comprise',
    partialError: 'Une partie de la page n’a pas pu être chargée',
    networkError: 'Le serveur est injoignable',
    notFoundTitle: 'Page introuvable',
    notFoundText: 'Cette adresse ne correspond à aucune page.',
    backToSearch: 'Retour à la recherche',
    // search
    searchTitle: 'Rechercher des pratiques',
    searchLabel: 'Rechercher',
    searchPlaceholder: 'ex. visites guidées quartiers',
    searchButton: 'Rechercher',
    filters: 'Filtres',
    clearFilters: 'Effacer les filtres',
    facetKinds: 'Types',
    facetCountries: 'Pays',
    facetCities: 'Villes',
    facetThemes: 'Thèmes',
    facetYears: 'Années',
    facetLanguages: 'Langues',
    results: (n) => (n === 0 ? 'Aucun résultat' : n === 1 ? '1 résultat' : `${n} résultats`),
    pageN: (n) => `page ${n}`,
    pagination: 'Pages de résultats',
    previous: 'Page précédente',
    next: 'Page suivante',
    noResults: 'Aucun résultat. Essayez d’autres mots ou retirez des filtres.',
    downloadCsv: 'Télécharger tous les résultats (CSV)',
    downloadJson: 'JSON',
    licence: 'licence',
    // practice
    practice: 'Pratique',
    translatedFrom: (l) => `Traduction (original : ${l})`,
    onlyIn: (l) => `Seulement en ${l}`,
    shownInstead: (r, s, o) => `Non disponible en ${r} : affiché en ${s} (traduction ; original en ${o})`,
    shownOriginal: (r, o) => `Non disponible en ${r} : affiché dans l’original, en ${o}`,
    runBy: 'Ville',
    since: 'Depuis',
    period: 'Période',
    status: 'Statut',
    description: 'Description',
    objectives: 'Objectifs',
    purpose: 'Objet',
    rationale: 'Origine et justification',
    process: 'Mise en œuvre',
    outcomes: 'Résultats',
    contact: 'Contact',
    until: "Jusqu'en",
    themes: 'Thèmes',
    organisations: 'Organisations',
    contacts: 'Personnes à contacter',
    funding: 'Financement',
    fundedBy: 'Financée par',
    sharedBy: 'Bénéficiaires',
    assessment: 'Évaluation par les pairs',
    assessmentIntro: 'Ce que les coordinateurs et coordinatrices en ont dit lors de la réunion.',
    context: 'Contexte',
    publications: 'Publications',
    events: 'Événements',
    sources: 'Sources',
    section: 'section',
    transferTitle: 'Transposer dans ma ville',
    transferIntro: 'Choisissez votre ville pour voir dans quelle mesure cette pratique peut y être transposée, et pourquoi.',
    myCity: 'Ma ville',
    cityNotListed: 'Ma ville n’est pas dans la liste',
    describeIntro: 'Décrivez votre ville : le classement la compare aux villes qui mènent chaque pratique (pays, taille, réseaux).',
    cityName: 'Nom de la ville',
    chooseCountry: '— pays —',
    sizeUnknown: '— taille inconnue —',
    populationOptional: 'Population (facultatif)',
    band_strong: 'très transposable',
    band_good: 'transposable',
    band_possible: 'transposable avec effort',
    scoreScale: 'Échelle : 50 % ou plus, très transposable ; de 25 à 49 %, transposable ; moins de 25 %, transposable avec effort. 100 % réunirait tous les signaux au plus fort.',
    noObstacleRecorded: 'Aucune évaluation par les pairs n’a encore relevé d’obstacle ici.',
    noAdaptationRecorded: 'Aucune adaptation n’a encore été relevée par les pairs.',
    chooseCity: '— choisir une ville —',
    show: 'Afficher',
    score: 'Score de transposabilité',
    reasons: 'Raisons',
    obstaclesApply: 'Obstacles qui s’appliquent',
    obstaclesMay: 'Obstacles qui pourraient s’appliquer',
    adaptations: 'Adaptations déjà faites ailleurs',
    none: 'aucun',
    sizeBand: 'Taille',
    notCandidate: (city) => `Cette pratique ne figure pas parmi les pratiques proposées à ${city}.`,
    alreadyRuns: (city) => `${city} mène déjà cette pratique.`,
    transferFor: (p, c) => `${p} à ${c}`,
    // city
    city: 'Ville',
    country: 'Pays',
    population: 'Population',
    joinedICC: 'Membre du réseau ICC depuis',
    profile: 'Profil',
    networks: 'Réseaux',
    joined: (y) => `depuis ${y}`,
    indexReports: 'Rapports de l’indice ICC et profils',
    practices: 'Pratiques',
    adoptedPractices: 'Pratiques reprises d’autres villes',
    people: 'Personnes',
    grants: 'Subventions',
    projects: 'Projets',
    partners: 'Villes partenaires',
    collaborationsOverTime: 'Collaborations au fil du temps',
    undated: 'Sans date',
    with: 'avec',
    through: 'via',
    collaborationsCount: (n) => (n === 1 ? '1 collaboration' : `${n} collaborations`),
    seeInPicture: 'Voir sur la carte des collaborations',
    // collaborations
    collabTitle: 'Carte des collaborations',
    collabIntro: 'Les villes reliées par de vraies collaborations : subventions partagées, projets communs, visites d’étude et événements coorganisés. Cliquez sur une ville (ou appuyez sur Entrée) pour ouvrir sa page.',
    year: 'Année',
    allYears: 'Toutes les années',
    linkKinds: 'Types de lien',
    apply: 'Appliquer',
    picture: 'Réseau des collaborations',
    pictureSummary: (c, l) => `${c} ville${c === 1 ? '' : 's'} et ${l} lien${l === 1 ? '' : 's'}`,
    linksTable: 'Liste des liens',
    from: 'Ville',
    to: 'Ville partenaire',
    kind: 'Type',
    via: 'Via',
    noLinks: 'Aucun lien pour ces filtres.',
    nodeLabel: (name, n) => `${name}, ${n} lien${n === 1 ? '' : 's'}`,
    legend: 'Légende',
    navGrants: 'Subventions',
    grantsTitle: 'Subventions',
    grantsIntro: 'Les subventions reçues ou partagées par les villes du réseau. Filtrez par année, ville, pays, programme ou état ; l’adresse garde les filtres.',
    grant: 'Subvention',
    programme: 'Programme',
    allProgrammes: 'Tous les programmes',
    allCities: 'Toutes les villes',
    allCountries: 'Tous les pays',
    state: 'État',
    anyState: 'Tous',
    stateOngoing: 'En cours',
    stateCompleted: 'Terminée',
    grantsCount: (n) => (n === 0 ? 'Aucune subvention' : n === 1 ? '1 subvention' : `${n} subventions`),
    noGrants: 'Aucune subvention pour ces filtres.',
    amount: 'Montant',
    awardedBy: 'Attribuée par',
    network: 'Réseau',
    grantPurpose: 'Ce qu’elle a financé',
    grantCities: 'Villes et leurs rôles',
    practicesStarted: 'Pratiques qu’elle a lancées',
    followedBy: 'Ce qui a suivi',
    zoomIn: 'Zoom avant',
    zoomOut: 'Zoom arrière',
    zoomReset: 'Vue d’ensemble',
    panZoomHelp: 'Déplacez la carte en la faisant glisser, zoomez avec la molette ou deux doigts ; au clavier, sur la carte : + et − pour zoomer, flèches pour se déplacer, 0 pour revenir.',
    pathTitle: 'Comment deux villes sont-elles reliées ?',
    pathIntro: 'Choisissez deux villes : voici les plus courtes chaînes de collaborations réelles qui les relient.',
    pathFrom: 'De la ville',
    pathTo: 'À la ville',
    pathFind: 'Trouver le chemin',
    pathPick: 'Choisissez deux villes de la liste.',
    pathUnknownCity: (n) => `« ${n} » n’est pas une ville connue ; choisissez-en une dans la liste.`,
    pathSame: 'Choisissez deux villes différentes.',
    pathFound: (n, s) => `${n} chemin${n === 1 ? '' : 's'} de ${s} étape${s === 1 ? '' : 's'}`,
    pathOption: (i) => `Chemin ${i}`,
    noConnection: 'Aucun lien connu entre ces deux villes par des collaborations réelles.',
    wouldConnect: 'Ce qui pourrait les relier',
    tryWider: 'Chercher aussi par les rencontres et les réseaux communs',
    host: 'hôte',
    hostOf: 'Ville hôte',
    collabKindsOff: 'La co-participation à une rencontre et l’appartenance à un même réseau sont masquées par défaut : cochez-les pour les voir.',
    // countries, projects, people, organisations, events, publications, networks, reports, themes, sources
    isoCode: 'Code ISO',
    citiesInGraph: 'Villes dans le graphe',
    allInSearch: 'Voir toutes les pratiques de ce pays dans la recherche',
    cities: 'Villes',
    countries: 'Pays',
    years: 'Années',
    role: 'Fonction',
    aliases: 'Autres graphies',
    acronym: 'Sigle',
    type: 'Type',
    founded: 'Fondée en',
    partOf: 'Fait partie de',
    units: 'Services et unités',
    partnerOrganisations: 'Partenaires',
    grantsAwarded: 'Subventions accordées',
    translated: 'traduit',
    didYouMean: 'Vouliez-vous dire',
    didYouMeanEnd: '\u00a0?',
    suggestions: 'Suggestions',
    participatingCities: 'Villes participantes',
    when: 'Date',
    where: 'Lieu',
    venue: 'Salle',
    attendance: 'Participation',
    languages: 'Langues',
    project: 'Projet',
    sessions: 'Programme',
    participants: 'Participant·e·s',
    publishers: 'Éditeurs',
    translationOf: 'Traduction de',
    note: 'Note',
    translations: 'Traductions',
    adoptedBy: 'Adoptée par',
    supports: 'Accompagne',
    supportedBy: 'Accompagnée de',
    scope: 'Portée',
    memberCount: 'Nombre de membres',
    membersInGraph: (n) => `Villes membres dans le graphe (${n})`,
    coordinators: 'Coordination',
    visit: 'Visite',
    published: 'Publié le',
    language: 'Langue',
    address: 'Adresse',
  },
  en: {
    skip: 'Skip to content',
    siteNav: 'Main navigation',
    navSearch: 'Search',
    navCollaborations: 'Collaborations',
    navGraphiQL: 'GraphiQL',
    langSwitch: 'Language',
    footer: 'practicegraph: good practices of the Council of Europe’s Intercultural Cities network.',
    footerAPI: 'GraphQL API',
    footerSchema: 'Schema',
    loading: 'Loading…',
    apiError: 'The service could not answer',
    notFound: 'Not found',
    badInput: 'The request was not understood',
    partialError: 'Part of this page could not be loaded',
    networkError: 'The server cannot be reached',
    notFoundTitle: 'Page not found',
    notFoundText: 'No page has this address.',
    backToSearch: 'Back to search',
    searchTitle: 'Search practices',
    searchLabel: 'Search',
    searchPlaceholder: 'e.g. guided neighbourhood tours',
    searchButton: 'Search',
    filters: 'Filters',
    clearFilters: 'Clear filters',
    facetKinds: 'Kinds',
    facetCountries: 'Countries',
    facetCities: 'Cities',
    facetThemes: 'Themes',
    facetYears: 'Years',
    facetLanguages: 'Languages',
    results: (n) => (n === 0 ? 'No results' : n === 1 ? '1 result' : `${n} results`),
    pageN: (n) => `page ${n}`,
    pagination: 'Result pages',
    previous: 'Previous page',
    next: 'Next page',
    noResults: 'No results. Try other words or remove filters.',
    downloadCsv: 'Download every result (CSV)',
    downloadJson: 'JSON',
    licence: 'licence',
    practice: 'Practice',
    translatedFrom: (l) => `Translated from ${l}`,
    onlyIn: (l) => `Only in ${l}`,
    shownInstead: (r, s, o) => `Not available in ${r}: shown in ${s} (a translation; original in ${o})`,
    shownOriginal: (r, o) => `Not available in ${r}: shown in the original, ${o}`,
    runBy: 'City',
    since: 'Since',
    period: 'When',
    status: 'Status',
    description: 'Description',
    objectives: 'Objectives',
    purpose: 'Purpose',
    rationale: 'Stimulus and rationale',
    process: 'Process',
    outcomes: 'Outcomes',
    contact: 'Contact',
    until: 'Until',
    themes: 'Themes',
    organisations: 'Organisations',
    contacts: 'People to contact',
    funding: 'Funding',
    fundedBy: 'Funded by',
    sharedBy: 'Recipients',
    assessment: 'Peer assessment',
    assessmentIntro: 'What the coordinators said about it at the meeting.',
    context: 'Context',
    publications: 'Publications',
    events: 'Events',
    sources: 'Sources',
    section: 'section',
    transferTitle: 'Transfer to my city',
    transferIntro: 'Choose your city to see how well this practice could be transposed there, and why.',
    myCity: 'My city',
    cityNotListed: 'My city is not in the list',
    describeIntro: 'Describe your city: the ranking compares it with the cities that run each practice (country, size, networks).',
    cityName: 'City name',
    chooseCountry: '— country —',
    sizeUnknown: '— size unknown —',
    populationOptional: 'Population (optional)',
    band_strong: 'strong fit',
    band_good: 'good fit',
    band_possible: 'possible with effort',
    scoreScale: 'Scale: 50 % or more, strong fit; 25 to 49 %, good fit; below 25 %, possible with effort. 100 % would be every signal at its strongest.',
    noObstacleRecorded: 'No peer assessment has recorded an obstacle here yet.',
    noAdaptationRecorded: 'No peer assessment has recorded an adaptation yet.',
    chooseCity: '— choose a city —',
    show: 'Show',
    score: 'Transferability score',
    reasons: 'Reasons',
    obstaclesApply: 'Obstacles that apply',
    obstaclesMay: 'Obstacles that may apply',
    adaptations: 'Adaptations made elsewhere',
    none: 'none',
    sizeBand: 'Size',
    notCandidate: (city) => `This practice is not among those suggested for ${city}.`,
    alreadyRuns: (city) => `${city} already runs this practice.`,
    transferFor: (p, c) => `${p} in ${c}`,
    city: 'City',
    country: 'Country',
    population: 'Population',
    joinedICC: 'Member of the ICC network since',
    profile: 'Profile',
    networks: 'Networks',
    joined: (y) => `since ${y}`,
    indexReports: 'ICC Index reports and profiles',
    practices: 'Practices',
    adoptedPractices: 'Practices taken up from other cities',
    people: 'People',
    grants: 'Grants',
    projects: 'Projects',
    partners: 'Partner cities',
    collaborationsOverTime: 'Collaborations over time',
    undated: 'Undated',
    with: 'with',
    through: 'through',
    collaborationsCount: (n) => (n === 1 ? '1 collaboration' : `${n} collaborations`),
    seeInPicture: 'See in the collaboration picture',
    collabTitle: 'Collaboration picture',
    collabIntro: 'Cities linked by real collaboration: shared grants, joint projects, study visits and co-hosted events. Click a city (or press Enter on it) to open its page.',
    year: 'Year',
    allYears: 'All years',
    linkKinds: 'Kinds of link',
    apply: 'Apply',
    picture: 'Collaboration network',
    pictureSummary: (c, l) => `${c} ${c === 1 ? 'city' : 'cities'} and ${l} link${l === 1 ? '' : 's'}`,
    linksTable: 'List of links',
    from: 'City',
    to: 'Partner city',
    kind: 'Kind',
    via: 'Through',
    noLinks: 'No links for these filters.',
    nodeLabel: (name, n) => `${name}, ${n} link${n === 1 ? '' : 's'}`,
    legend: 'Legend',
    navGrants: 'Grants',
    grantsTitle: 'Grants',
    grantsIntro: 'Grants received or shared by the network’s cities. Filter by year, city, country, programme or state; the address keeps the filters.',
    grant: 'Grant',
    programme: 'Programme',
    allProgrammes: 'All programmes',
    allCities: 'All cities',
    allCountries: 'All countries',
    state: 'State',
    anyState: 'Any',
    stateOngoing: 'Ongoing',
    stateCompleted: 'Completed',
    grantsCount: (n) => (n === 0 ? 'No grants' : n === 1 ? '1 grant' : `${n} grants`),
    noGrants: 'No grants for these filters.',
    amount: 'Amount',
    awardedBy: 'Awarded by',
    network: 'Network',
    grantPurpose: 'What it funded',
    grantCities: 'Cities and their roles',
    practicesStarted: 'Practices it started',
    followedBy: 'What followed from it',
    zoomIn: 'Zoom in',
    zoomOut: 'Zoom out',
    zoomReset: 'Whole picture',
    panZoomHelp: 'Drag the picture to move it, zoom with the wheel or two fingers; with the keyboard, on the picture: + and − to zoom, arrows to move, 0 to reset.',
    pathTitle: 'How are two cities connected?',
    pathIntro: 'Pick two cities to see the shortest chains of real collaborations between them.',
    pathFrom: 'From city',
    pathTo: 'To city',
    pathFind: 'Find the path',
    pathPick: 'Pick two cities from the list.',
    pathUnknownCity: (n) => `“${n}” is not a known city; pick one from the list.`,
    pathSame: 'Pick two different cities.',
    pathFound: (n, s) => `${n} path${n === 1 ? '' : 's'} of ${s} step${s === 1 ? '' : 's'}`,
    pathOption: (i) => `Path ${i}`,
    noConnection: 'No known connection between these two cities through real collaborations.',
    wouldConnect: 'What could connect them',
    tryWider: 'Also look through shared meetings and networks',
    host: 'host',
    hostOf: 'Host city',
    collabKindsOff: 'Attending the same meeting and belonging to the same network are hidden by default: tick them to see them.',
    // countries, projects, people, organisations, events, publications, networks, reports, themes, sources
    isoCode: 'ISO code',
    citiesInGraph: 'Cities in the graph',
    allInSearch: 'See every practice of this country in search',
    cities: 'Cities',
    countries: 'Countries',
    years: 'Years',
    role: 'Position',
    aliases: 'Other spellings',
    acronym: 'Acronym',
    type: 'Type',
    founded: 'Founded',
    partOf: 'Part of',
    units: 'Departments and units',
    partnerOrganisations: 'Partners',
    grantsAwarded: 'Grants awarded',
    translated: 'translated',
    didYouMean: 'Did you mean',
    didYouMeanEnd: '?',
    suggestions: 'Suggestions',
    participatingCities: 'Participating cities',
    when: 'Date',
    where: 'Place',
    venue: 'Venue',
    attendance: 'Attendance',
    languages: 'Languages',
    project: 'Project',
    sessions: 'Programme',
    participants: 'Participants',
    publishers: 'Publishers',
    translationOf: 'Translation of',
    note: 'Note',
    translations: 'Translations',
    adoptedBy: 'Adopted by',
    supports: 'Supports',
    supportedBy: 'Supported by',
    scope: 'Scope',
    memberCount: 'Number of members',
    membersInGraph: (n) => `Member cities in the graph (${n})`,
    coordinators: 'Coordinators',
    visit: 'Visit',
    published: 'Published',
    language: 'Language',
    address: 'Address',
  },
  // Spanish, Italian and Portuguese: the page frame and search so far; the rest
  // falls back to English and the footer says so.
  es: {
    skip: 'Ir al contenido', siteNav: 'Navegación principal', navSearch: 'Búsqueda',
    navCollaborations: 'Colaboraciones', navGrants: 'Subvenciones', navGraphiQL: 'GraphiQL', langSwitch: 'Idioma',
    footer: 'practicegraph: las buenas prácticas de la red de Ciudades Interculturales del Consejo de Europa.',
    footerAPI: 'API GraphQL', footerSchema: 'Esquema', loading: 'Cargando…',
    apiError: 'El servicio no ha podido responder', notFound: 'No encontrado', networkError: 'No se puede contactar con el servidor',
    notFoundTitle: 'Página no encontrada', notFoundText: 'Ninguna página tiene esta dirección.', backToSearch: 'Volver a la búsqueda',
    searchTitle: 'Buscar prácticas', searchLabel: 'Buscar', searchPlaceholder: 'p. ej. visitas guiadas barrios', searchButton: 'Buscar',
    filters: 'Filtros', clearFilters: 'Quitar los filtros',
    results: (n) => (n === 0 ? 'Ningún resultado' : n === 1 ? '1 resultado' : `${n} resultados`),
    previous: 'Página anterior', next: 'Página siguiente',
    noResults: 'Ningún resultado. Pruebe otras palabras o quite filtros.',
    cities: 'Ciudades', countries: 'Países', years: 'Años', role: 'Cargo', aliases: 'Otras grafías', acronym: 'Sigla',
    type: 'Tipo', founded: 'Fundada en', partOf: 'Forma parte de', units: 'Servicios y unidades', partnerOrganisations: 'Socios',
    when: 'Fecha', where: 'Lugar', venue: 'Sala', attendance: 'Asistencia', languages: 'Idiomas', project: 'Proyecto',
    sessions: 'Programa', participants: 'Participantes', publishers: 'Editores', translationOf: 'Traducción de', note: 'Nota',
    translations: 'Traducciones', adoptedBy: 'Adoptada por', scope: 'Ámbito', coordinators: 'Coordinación', visit: 'Visita',
    published: 'Publicado el', language: 'Idioma', address: 'Dirección', year: 'Año', isoCode: 'Código ISO',
    citiesInGraph: 'Ciudades en el grafo', membersInGraph: (n) => `Ciudades miembro en el grafo (${n})`, memberCount: 'Número de miembros',
    didYouMean: '¿Quería decir', didYouMeanEnd: '?', suggestions: 'Sugerencias',
    translated: 'traducido', translatedFrom: (l) => `Traducido del ${l}`,
    since: 'Desde', period: 'Periodo',
    shownInstead: (r, s, o) => `No disponible en ${r}: se muestra en ${s} (traducción; original en ${o})`,
    shownOriginal: (r, o) => `No disponible en ${r}: se muestra el original, en ${o}`,
    myCity: 'Mi ciudad', chooseCity: '— elegir una ciudad —', show: 'Mostrar', transferTitle: 'Transferir a mi ciudad',
    cityNotListed: 'Mi ciudad no está en la lista', cityName: 'Nombre de la ciudad', chooseCountry: '— país —',
    sizeUnknown: '— tamaño desconocido —', populationOptional: 'Población (opcional)', sizeBand: 'Tamaño',
    describeIntro: 'Describa su ciudad: la clasificación la compara con las ciudades que aplican cada práctica (país, tamaño, redes).',
    score: 'Transferibilidad', band_strong: 'muy transferible', band_good: 'transferible', band_possible: 'transferible con esfuerzo',
    scoreScale: 'Escala: 50 % o más, muy transferible; de 25 a 49 %, transferible; menos de 25 %, transferible con esfuerzo.',
    noObstacleRecorded: 'Ninguna evaluación entre pares ha registrado aún un obstáculo aquí.', noAdaptationRecorded: 'Ninguna adaptación registrada aún por los pares.',
    partialInterface: 'Parte de esta interfaz aún no está traducida al español y se muestra en inglés.',
  },
  it: {
    skip: 'Vai al contenuto', siteNav: 'Navigazione principale', navSearch: 'Ricerca',
    navCollaborations: 'Collaborazioni', navGrants: 'Sovvenzioni', navGraphiQL: 'GraphiQL', langSwitch: 'Lingua',
    footer: 'practicegraph: le buone pratiche della rete delle Città interculturali del Consiglio d’Europa.',
    footerAPI: 'API GraphQL', footerSchema: 'Schema', loading: 'Caricamento…',
    apiError: 'Il servizio non ha potuto rispondere', notFound: 'Non trovato', networkError: 'Il server non è raggiungibile',
    notFoundTitle: 'Pagina non trovata', notFoundText: 'Nessuna pagina ha questo indirizzo.', backToSearch: 'Torna alla ricerca',
    searchTitle: 'Cerca pratiche', searchLabel: 'Cerca', searchPlaceholder: 'es. visite guidate quartieri', searchButton: 'Cerca',
    filters: 'Filtri', clearFilters: 'Togli i filtri',
    results: (n) => (n === 0 ? 'Nessun risultato' : n === 1 ? '1 risultato' : `${n} risultati`),
    previous: 'Pagina precedente', next: 'Pagina successiva',
    noResults: 'Nessun risultato. Provi altre parole o tolga dei filtri.',
    cities: 'Città', countries: 'Paesi', years: 'Anni', role: 'Ruolo', aliases: 'Altre grafie', acronym: 'Sigla',
    type: 'Tipo', founded: 'Fondata nel', partOf: 'Fa parte di', units: 'Servizi e unità', partnerOrganisations: 'Partner',
    when: 'Data', where: 'Luogo', venue: 'Sala', attendance: 'Partecipazione', languages: 'Lingue', project: 'Progetto',
    sessions: 'Programma', participants: 'Partecipanti', publishers: 'Editori', translationOf: 'Traduzione di', note: 'Nota',
    translations: 'Traduzioni', adoptedBy: 'Adottata da', scope: 'Ambito', coordinators: 'Coordinamento', visit: 'Visita',
    published: 'Pubblicato il', language: 'Lingua', address: 'Indirizzo', year: 'Anno', isoCode: 'Codice ISO',
    citiesInGraph: 'Città nel grafo', membersInGraph: (n) => `Città membri nel grafo (${n})`, memberCount: 'Numero di membri',
    didYouMean: 'Forse cercavi', didYouMeanEnd: '?', suggestions: 'Suggerimenti',
    translated: 'tradotto', translatedFrom: (l) => `Tradotto dal ${l}`,
    since: 'Dal', period: 'Periodo',
    shownInstead: (r, s, o) => `Non disponibile in ${r}: mostrato in ${s} (traduzione; originale in ${o})`,
    shownOriginal: (r, o) => `Non disponibile in ${r}: mostrato l’originale, in ${o}`,
    myCity: 'La mia città', chooseCity: '— scegliere una città —', show: 'Mostra', transferTitle: 'Trasferire nella mia città',
    cityNotListed: 'La mia città non è nell’elenco', cityName: 'Nome della città', chooseCountry: '— paese —',
    sizeUnknown: '— dimensione sconosciuta —', populationOptional: 'Popolazione (facoltativa)', sizeBand: 'Dimensione',
    describeIntro: 'Descriva la sua città: la classifica la confronta con le città che applicano ciascuna pratica (paese, dimensione, reti).',
    score: 'Trasferibilità', band_strong: 'molto trasferibile', band_good: 'trasferibile', band_possible: 'trasferibile con impegno',
    scoreScale: 'Scala: 50 % o più, molto trasferibile; da 25 a 49 %, trasferibile; meno di 25 %, trasferibile con impegno.',
    noObstacleRecorded: 'Nessuna valutazione tra pari ha ancora registrato un ostacolo qui.', noAdaptationRecorded: 'Nessun adattamento ancora registrato dai pari.',
    partialInterface: 'Parte di questa interfaccia non è ancora tradotta in italiano ed è mostrata in inglese.',
  },
  pt: {
    skip: 'Ir para o conteúdo', siteNav: 'Navegação principal', navSearch: 'Pesquisa',
    navCollaborations: 'Colaborações', navGrants: 'Subvenções', navGraphiQL: 'GraphiQL', langSwitch: 'Idioma',
    footer: 'practicegraph: as boas práticas da rede de Cidades Interculturais do Conselho da Europa.',
    footerAPI: 'API GraphQL', footerSchema: 'Esquema', loading: 'A carregar…',
    apiError: 'O serviço não conseguiu responder', notFound: 'Não encontrado', networkError: 'O servidor está inacessível',
    notFoundTitle: 'Página não encontrada', notFoundText: 'Nenhuma página tem este endereço.', backToSearch: 'Voltar à pesquisa',
    searchTitle: 'Pesquisar práticas', searchLabel: 'Pesquisar', searchPlaceholder: 'p. ex. visitas guiadas bairros', searchButton: 'Pesquisar',
    filters: 'Filtros', clearFilters: 'Limpar os filtros',
    results: (n) => (n === 0 ? 'Nenhum resultado' : n === 1 ? '1 resultado' : `${n} resultados`),
    previous: 'Página anterior', next: 'Página seguinte',
    noResults: 'Nenhum resultado. Experimente outras palavras ou retire filtros.',
    cities: 'Cidades', countries: 'Países', years: 'Anos', role: 'Cargo', aliases: 'Outras grafias', acronym: 'Sigla',
    type: 'Tipo', founded: 'Fundada em', partOf: 'Faz parte de', units: 'Serviços e unidades', partnerOrganisations: 'Parceiros',
    when: 'Data', where: 'Local', venue: 'Sala', attendance: 'Participação', languages: 'Línguas', project: 'Projeto',
    sessions: 'Programa', participants: 'Participantes', publishers: 'Editores', translationOf: 'Tradução de', note: 'Nota',
    translations: 'Traduções', adoptedBy: 'Adotada por', scope: 'Âmbito', coordinators: 'Coordenação', visit: 'Visita',
    published: 'Publicado em', language: 'Língua', address: 'Endereço', year: 'Ano', isoCode: 'Código ISO',
    citiesInGraph: 'Cidades no grafo', membersInGraph: (n) => `Cidades membros no grafo (${n})`, memberCount: 'Número de membros',
    didYouMean: 'Queria dizer', didYouMeanEnd: '?', suggestions: 'Sugestões',
    translated: 'traduzido', translatedFrom: (l) => `Traduzido do ${l}`,
    since: 'Desde', period: 'Período',
    shownInstead: (r, s, o) => `Não disponível em ${r}: apresentado em ${s} (tradução; original em ${o})`,
    shownOriginal: (r, o) => `Não disponível em ${r}: apresentado o original, em ${o}`,
    myCity: 'A minha cidade', chooseCity: '— escolher uma cidade —', show: 'Mostrar', transferTitle: 'Transpor para a minha cidade',
    cityNotListed: 'A minha cidade não está na lista', cityName: 'Nome da cidade', chooseCountry: '— país —',
    sizeUnknown: '— dimensão desconhecida —', populationOptional: 'População (opcional)', sizeBand: 'Dimensão',
    describeIntro: 'Descreva a sua cidade: a classificação compara-a com as cidades que aplicam cada prática (país, dimensão, redes).',
    score: 'Transponibilidade', band_strong: 'muito transponível', band_good: 'transponível', band_possible: 'transponível com esforço',
    scoreScale: 'Escala: 50 % ou mais, muito transponível; de 25 a 49 %, transponível; menos de 25 %, transponível com esforço.',
    noObstacleRecorded: 'Nenhuma avaliação pelos pares registou ainda um obstáculo aqui.', noAdaptationRecorded: 'Nenhuma adaptação registada ainda pelos pares.',
    partialInterface: 'Parte desta interface ainda não está traduzida para português e aparece em inglês.',
  },
};

/** The current language's string (a function for phrases that take arguments). */
export function t(key, ...args) {
  const v = strings[currentLang()]?.[key] ?? strings.en[key] ?? key;
  return typeof v === 'function' ? v(...args) : v;
}

/**
 * The label of an enumerated value in the current language, from the table the API's
 * labels come from (graph/labels.go, generated into labels.gen.js): enumeration is a
 * field name (status, type, kind, scope, capacity…) or one of the table's own
 * enumerations (entityKind, collaborationKind, sizeBandCities, statementKinds…).
 * Undefined when the table has no label for the value.
 */
export function enumLabel(enumeration, value) {
  // graph/labels.go names values in French and English: other languages show English.
  const labels = LABELS[enumeration]?.[value];
  return labels?.[currentLang()] ?? labels?.en;
}

/** A label as a name or a heading: its first letter upper-case. */
function capitalised(s) {
  return s ? s.charAt(0).toUpperCase() + s.slice(1) : s;
}

/** The name of an enumerated value for display: the table's label, else the value. */
export function valueName(enumeration, value) {
  return enumLabel(enumeration, value) ?? value;
}

// Collaboration kinds' labels as the API gives them (lang → kind → label), for kinds
// this table does not name: a kind the API adds is named without a release of the pages.
const apiKindLabels = Object.fromEntries(LANGS.map((l) => [l, {}]));

/** Remembers the API's labels of collaboration kinds in the current language. */
export function learnKindLabels(infos) {
  for (const k of infos || []) if (k.label) apiKindLabels[currentLang()][k.kind] = k.label;
}

/** The name of an entity kind, from its EntityKind value (PRACTICE, INDEX_REPORT…). */
export function kindName(kind) {
  // The table names kinds as graph/kinds.go does: INDEX_REPORT is IndexReport.
  const name = typeof kind === 'string' ? kind.toLowerCase().replace(/(^|_)(.)/g, (_, __, c) => c.toUpperCase()) : kind;
  return capitalised(enumLabel('entityKind', name)) ?? humanEnum(kind);
}

/** The name of a kind of collaboration, from its CollaborationKind value (GRANT, STUDY_VISIT…). */
export function collaborationKindName(kind) {
  return capitalised(enumLabel('collaborationKind', kind) ?? apiKindLabels[currentLang()][kind]) ?? humanEnum(kind);
}

/** The heading of the statements of one assessment kind (strength, obstacle…). */
export function statementKindsName(kind) {
  return capitalised(enumLabel('statementKinds', kind)) ?? humanEnum(kind);
}

/** The name of a language from its code (fr, EN…), in the current language. */
export function langName(code) {
  try {
    return new Intl.DisplayNames([currentLang()], { type: 'language' }).of(code.toLowerCase());
  } catch {
    return code;
  }
}

/** The name of a city size band (small, medium, large), as cities of that size. */
export function sizeBandName(band) {
  return enumLabel('sizeBandCities', band) ?? band;
}

/** The separator after a label: French puts a (non-breaking) space before the colon. */
export function colon() {
  return currentLang() === 'fr' ? '\u00a0: ' : ': ';
}

/** An enum value the tables don't know yet, readable: CO_ATTENDANCE → "Co attendance". */
function humanEnum(v) {
  if (typeof v !== 'string') return v;
  const words = v.toLowerCase().replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
