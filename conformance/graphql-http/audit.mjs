// Runs the graphql-http audit of the GraphQL-over-HTTP specification against a running
// practicegraph and prints each audit with its result, then the MUST and SHOULD totals.
// Exits 1 when a MUST fails or fewer SHOULDs pass than --min-should (default: all).
//
//   node audit.mjs [URL] [--min-should=N]      URL defaults to http://localhost:8080/graphql
import { auditServer } from 'graphql-http';

const args = process.argv.slice(2);
const url = args.find((a) => !a.startsWith('--')) ?? 'http://localhost:8080/graphql';
const minArg = args.find((a) => a.startsWith('--min-should='));

const results = await auditServer({ url });
const tally = { MUST: { ok: 0, all: 0 }, SHOULD: { ok: 0, all: 0 }, MAY: { ok: 0, all: 0 } };
for (const r of results) {
  const level = r.name.split(' ')[0];
  tally[level].all++;
  if (r.status === 'ok') tally[level].ok++;
  const mark = r.status === 'ok' ? 'ok  ' : r.status === 'warn' ? 'WARN' : 'FAIL';
  console.log(`${mark} ${r.id} ${r.name}${r.status === 'ok' ? '' : ` — ${r.reason}`}`);
}
console.log(`\nMUST ${tally.MUST.ok}/${tally.MUST.all}, SHOULD ${tally.SHOULD.ok}/${tally.SHOULD.all}, MAY ${tally.MAY.ok}/${tally.MAY.all} (${url})`);
const minShould = minArg ? Number(minArg.split('=')[1]) : tally.SHOULD.all;
if (tally.MUST.ok < tally.MUST.all || tally.SHOULD.ok < minShould) process.exit(1);
