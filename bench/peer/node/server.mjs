// The peer of the side-by-side benchmark: @neo4j/graphql 7.x over the SAME Neo4j as
// practicegraph, served by @apollo/server (standalone, Node's http). The typeDefs mirror
// practicegraph's model (graph/kinds.go) for the entities the benchmark queries touch:
// same labels, same relationship types and directions, same property names (texts are
// stored by practicegraph as name_orig, name_fr, name_en, ...). Relationship types and
// their directions come from kinds.gen.mjs, which `go generate` writes from graph/kinds.go:
// a relationship renamed there stops the peer at start instead of leaving it reading
// nothing. Nothing here writes to
// the graph; the fulltext index the @fulltext directive queries is created by
// `benchpeer fulltext` (see ../README.md).
//
//   NEO4J_URI=bolt://127.0.0.1:7701 NEO4J_PASSWORD=... PORT=4101 node server.mjs
//   PRINT_SCHEMA=1 node server.mjs   # prints the generated SDL and exits
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { Neo4jGraphQL } from "@neo4j/graphql";
import neo4j from "neo4j-driver";
import { printSchema } from "graphql";
import { REL, relationship as rel } from "./kinds.gen.mjs";

const text = (f) => `${f}_orig: String\n  ${f}_fr: String\n  ${f}_en: String`;

export const typeDefs = /* GraphQL */ `
type Country @node {
  id: ID!
  iso2: String
  ${text("name")}
  cities: [City!]! ${rel("Country", REL.InCountry, "City")}
  "Practices run by the country's cities (no relationship of its own in the model)."
  practiceCount: Int! @cypher(statement: "MATCH (this)<-[:${REL.InCountry}]-(:City)<-[:${REL.RunBy}]-(p:Practice) RETURN count(DISTINCT p) AS c", columnName: "c")
}

type City @node {
  id: ID!
  ${text("name")}
  population: Int
  sizeBand: String
  country: [Country!]! ${rel("City", REL.InCountry, "Country")}
  practices: [Practice!]! ${rel("City", REL.RunBy, "Practice", "RoleLink")}
  grants: [Grant!]! ${rel("City", REL.AwardedTo, "Grant", "RoleLink")}
  organisations: [Organisation!]! ${rel("City", REL.BasedIn, "Organisation")}
}

type Practice @node @fulltext(indexes: [{ indexName: "practice_fulltext", queryName: "practicesFulltext", fields: ["name_fr", "name_en", "summary_fr", "summary_en", "description_fr", "description_en"] }]) {
  id: ID!
  ${text("name")}
  ${text("summary")}
  ${text("description")}
  startYear: Int
  status: String
  cities: [City!]! ${rel("Practice", REL.RunBy, "City", "RoleLink")}
  organisations: [Organisation!]! ${rel("Practice", REL.Involves, "Organisation", "RoleLink")}
  grants: [Grant!]! ${rel("Practice", REL.FundedBy, "Grant", "NoteLink")}
  themes: [Theme!]! ${rel("Practice", REL.HasTheme, "Theme")}
}

type Grant @node {
  id: ID!
  ${text("name")}
  year: Int
  amountEUR: Int
  cities: [City!]! ${rel("Grant", REL.AwardedTo, "City", "RoleLink")}
  practices: [Practice!]! ${rel("Grant", REL.FundedBy, "Practice", "NoteLink")}
}

type Organisation @node {
  id: ID!
  ${text("name")}
  acronym: String
  type: String
  city: [City!]! ${rel("Organisation", REL.BasedIn, "City")}
  practices: [Practice!]! ${rel("Organisation", REL.Involves, "Practice", "RoleLink")}
}

type Theme @node {
  id: ID!
  ${text("name")}
  type: String
  practices: [Practice!]! ${rel("Theme", REL.HasTheme, "Practice")}
}

type RoleLink @relationshipProperties {
  ${text("role")}
  since: Int
}

type NoteLink @relationshipProperties {
  ${text("note")}
}
`;

const driver = neo4j.driver(
  process.env.NEO4J_URI || "bolt://127.0.0.1:7701",
  neo4j.auth.basic(process.env.NEO4J_USER || "neo4j", process.env.NEO4J_PASSWORD || "practicegraph-bench"),
  // The same pool size as practicegraph's Go driver, so neither side queues for connections sooner.
  { maxConnectionPoolSize: 50 },
);

const neoSchema = new Neo4jGraphQL({ typeDefs, driver });
const schema = await neoSchema.getSchema();
if (process.env.PRINT_SCHEMA) {
  console.log(printSchema(schema));
  await driver.close();
  process.exit(0);
}
const server = new ApolloServer({ schema, introspection: true });
const port = Number(process.env.PORT || 4101);
const { url } = await startStandaloneServer(server, { listen: { port, host: "127.0.0.1" } });
console.log(`peer ready at ${url} (pid ${process.pid})`);
for (const sig of ["SIGTERM", "SIGINT"]) {
  process.on(sig, async () => {
    await server.stop();
    await driver.close();
    process.exit(0);
  });
}
