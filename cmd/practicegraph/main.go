// Command practicegraph serves the practicegraph GraphQL API and manages its data.
//
//	practicegraph [serve]          serve GraphQL, the web pages and search (default)
//	practicegraph seed             load the seed report's data into Neo4j
//	practicegraph import FILE...   validate files whole, then write them in one transaction
//	practicegraph validate PATH... check files or folders without touching Neo4j
//	practicegraph reindex          rebuild the search index from Neo4j
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/practicegraph/practicegraph/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := cli.Main(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "practicegraph:", err)
		os.Exit(1)
	}
}
