// Every GraphQL document the pages send. A server locked down to trusted documents
// (PRACTICEGRAPH_TRUSTED_DOCUMENTS=pages) runs only these: web/trusted-documents.json
// holds them by hash, generated from this list (README, "Trusted documents"). A page
// that sends a document not listed here fails its browser test on such a server.
export { CITY } from './pages/city.js';
export { GRAPH, PATH } from './pages/collaborations.js';
export { COUNTRY, PROJECT, PERSON, ORGANISATION, EVENT, PUBLICATION, NETWORK, INDEX_REPORT, THEME, SOURCE } from './pages/entities.js';
export { GRANTS, GRANT } from './pages/grants.js';
export { PRACTICE, TRANSFER } from './pages/practice.js';
export { SEARCH, SUGGEST } from './pages/search.js';
