// The peer of the side-by-side benchmark: @neo4j/graphql 7.x over the SAME Neo4j as
// practicegraph, served by @apollo/server (standalone, Node's http). The typeDefs mirror
// practicegraph's model (graph/kinds.go) for the entities the benchmark queries touch:
// same labels, same relationship types and directions, same property names (texts are
// stored by practicegraph as name_orig, name_fr, name_en, ...). Nothing here writes to
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

const text = (f) => `${f}_orig: String\n  ${f}_fr: String\n  ${f}_en: String`;

export const typeDefs = /* GraphQL */ `
type Country @node {
  id: ID!
  iso2: String
  ${text("name")}
  cities: [City!]! @relationship(type: "IN_COUNTRY", direction: IN)
  "Practices run by the country's cities (no relationship of its own in the model)."
  practiceCount: Int! @cypher(statement: "MATCH (this)<-[:IN_COUNTRY]-(:City)<-[:RUN_BY]-(p:Practice) RETURN count(DISTINCT p) AS c", columnName: "c")
}

type City @node {
  id: ID!
  ${text("name")}
  population: Int
  sizeBand: String
  country: [Country!]! @relationship(type: "IN_COUNTRY", direction: OUT)
  practices: [Practice!]! @relationship(type: "RUN_BY", direction: IN, properties: "RoleLink")
  grants: [Grant!]! @relationship(type: "AWARDED_TO", direction: IN, properties: "RoleLink")
  organisations: [Organisation!]! @relationship(type: "BASED_IN", direction: IN)
}

type Practice @node @fulltext(indexes: [{ indexName: "practice_fulltext", queryName: "practicesFulltext", fields: ["name_fr", "name_en", "summary_fr", "summary_en", "description_fr", "description_en"] }]) {
  id: ID!
  ${text("name")}
  ${text("summary")}
  ${text("description")}
  startYear: Int
  status: String
  cities: [City!]! @relationship(type: "RUN_BY", direction: OUT, properties: "RoleLink")
  organisations: [Organisation!]! @relationship(type: "INVOLVES", direction: OUT, properties: "RoleLink")
  grants: [Grant!]! @relationship(type: "FUNDED_BY", direction: OUT, properties: "NoteLink")
  themes: [Theme!]! @relationship(type: "HAS_THEME", direction: OUT)
}

type Grant @node {
  id: ID!
  ${text("name")}
  year: Int
  amountEUR: Int
  cities: [City!]! @relationship(type: "AWARDED_TO", direction: OUT, properties: "RoleLink")
  practices: [Practice!]! @relationship(type: "FUNDED_BY", direction: IN, properties: "NoteLink")
}

type Organisation @node {
  id: ID!
  ${text("name")}
  acronym: String
  type: String
  city: [City!]! @relationship(type: "BASED_IN", direction: OUT)
  practices: [Practice!]! @relationship(type: "INVOLVES", direction: IN, properties: "RoleLink")
}

type Theme @node {
  id: ID!
  ${text("name")}
  type: String
  practices: [Practice!]! @relationship(type: "HAS_THEME", direction: IN)
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
