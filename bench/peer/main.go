// Command benchpeer measures practicegraph side by side with the library people would
// otherwise pick, @neo4j/graphql on Apollo Server (the peer), and with a floor, the Neo4j
// Go driver running the one best Cypher, on the same Neo4j and the same generated data.
// scripts/bench-peer.sh (make bench-peer) drives it; bench/peer/README.md says how.
//
//	benchpeer generate -practices N -out DIR       data set in practicegraph's import format
//	benchpeer fulltext -neo4j-uri URI              the peer's (and the floor's) fulltext index
//	benchpeer cases -data DIR -out DIR ...         the query cases, the same for every target
//	benchpeer check -cases DIR                     the targets return the same ids and counts
//	benchpeer load -cases DIR -out FILE ...        interleaved closed-loop rounds
//	benchpeer summary -results FILE -cases DIR     the ratios table, in Markdown
package main

import (
	"fmt"
	"os"
)

const usage = `usage: benchpeer generate|fulltext|cases|check|load|summary [flags]
(benchpeer COMMAND -h lists a command's flags)`

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, usage)
		os.Exit(2)
	}
	commands := map[string]func([]string) error{
		"generate": cmdGenerate,
		"fulltext": cmdFulltext,
		"cases":    cmdCases,
		"check":    cmdCheck,
		"load":     cmdLoad,
		"summary":  cmdSummary,
	}
	run, ok := commands[os.Args[1]]
	if !ok {
		fmt.Fprintln(os.Stderr, usage)
		os.Exit(2)
	}
	if err := run(os.Args[2:]); err != nil {
		fmt.Fprintln(os.Stderr, "benchpeer:", err)
		os.Exit(1)
	}
}
