// Starts the vendored GraphiQL against this server's /graphql (a classic script:
// the UMD builds define React, ReactDOM and GraphiQL as globals).
(function () {
  const root = document.getElementById('graphiql');
  const fetcher = GraphiQL.createFetcher({ url: new URL('/graphql', location.href).href });
  const defaultQuery = `# practicegraph. Run with Ctrl-Enter; the docs list every field.
query Search {
  search(query: "visites guidées", lang: FR, first: 5) {
    totalCount
    edges { node { kind id title(lang: FR) snippets { html } } }
  }
}
`;
  ReactDOM.createRoot(root).render(
    React.createElement(GraphiQL, { fetcher, defaultQuery, defaultEditorToolsVisibility: false }),
  );
})();
