package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/practicegraph/practicegraph/app"
	"github.com/practicegraph/practicegraph/graph/neo4jstore"
	"github.com/practicegraph/practicegraph/seed"
)

// maxPrintedRows bounds the rows the command lists, one a line: a catalogue of 100,000
// cards is summed up by its counts.
const maxPrintedRows = 1000

// catalogueFlags are the import command's flags for a catalogue CSV, taken out of the
// arguments before the configuration's flags are parsed.
type catalogueFlags struct {
	dryRun      bool
	sourceTitle string
}

// takeCatalogueFlags removes --dry-run and --source-title[=]TITLE from args, wherever
// they stand.
func takeCatalogueFlags(args []string) ([]string, catalogueFlags, error) {
	var f catalogueFlags
	var rest []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		name, value, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !strings.HasPrefix(a, "-") {
			rest = append(rest, a)
			continue
		}
		switch name {
		case "dry-run":
			f.dryRun = !hasValue || value == "true"
		case "source-title":
			if !hasValue {
				if i+1 >= len(args) {
					return nil, f, errors.New("import: --source-title needs a title")
				}
				i++
				value = args[i]
			}
			f.sourceTitle = value
		default:
			rest = append(rest, a)
		}
	}
	return rest, f, nil
}

// isCatalogue reports whether the import names a catalogue CSV.
func isCatalogue(paths []string) bool {
	for _, p := range paths {
		if strings.EqualFold(filepath.Ext(p), ".csv") {
			return true
		}
	}
	return false
}

// importCatalogue imports one catalogue CSV, or reports what it would do on a dry run.
func importCatalogue(ctx context.Context, st *neo4jstore.Store, paths []string, f catalogueFlags, stdout io.Writer) error {
	if len(paths) != 1 {
		return fmt.Errorf("import: name one catalogue .csv file at a time, got %d paths", len(paths))
	}
	file, err := os.Open(paths[0])
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	defer file.Close()
	p := &progressPrinter{w: stdout, every: time.Second}
	rep, err := (&app.App{Store: st}).ImportCatalogue(ctx, file, app.CatalogueOptions{DryRun: f.dryRun, SourceTitle: f.sourceTitle, Progress: p.print})
	for _, w := range rep.Warnings {
		fmt.Fprintf(stdout, "import: %s: warning: %s\n", paths[0], w)
	}
	var probs seed.CatalogueProblems
	if errors.As(err, &probs) {
		return fmt.Errorf("import: %s refused, nothing written: %w", paths[0], err)
	}
	if err != nil {
		return err
	}
	verb := "import"
	if f.dryRun {
		verb = "import (dry run, nothing written)"
	}
	for i, r := range rep.Rows {
		if i == maxPrintedRows {
			fmt.Fprintf(stdout, "%s: … and %d more rows\n", verb, len(rep.Rows)-i)
			break
		}
		fmt.Fprintf(stdout, "%s: row %d: practice %s %s", verb, r.Line, r.Practice.ID, r.Practice.Action)
		if len(r.Changed) > 0 {
			fmt.Fprintf(stdout, " (%s)", strings.Join(r.Changed, ", "))
		}
		fmt.Fprintf(stdout, "; country %s %s", r.Country.ID, r.Country.Action)
		if r.City != nil {
			fmt.Fprintf(stdout, "; city %s %s", r.City.ID, r.City.Action)
		}
		if r.StartYear != 0 {
			fmt.Fprintf(stdout, "; from %d", r.StartYear)
		}
		if r.Status != "" {
			fmt.Fprintf(stdout, " (%s)", r.Status)
		}
		fmt.Fprintln(stdout)
	}
	c := rep.Counts
	fmt.Fprintf(stdout, "%s: %d rows: practices %d created, %d changed, %d unchanged; cities %d created, %d matched; countries %d created, %d matched; organisations %d created, %d matched; themes %d created, %d matched; sources %d created, %d changed\n",
		verb, c.Rows, c.PracticesCreated, c.PracticesChanged, c.PracticesUnchanged, c.CitiesCreated, c.CitiesMatched,
		c.CountriesCreated, c.CountriesMatched, c.OrganisationsCreated, c.OrganisationsMatched, c.ThemesCreated, c.ThemesMatched,
		c.SourcesCreated, c.SourcesChanged)
	switch {
	case rep.Written:
		fmt.Fprintf(stdout, "import: graph version %d: %d nodes created, %d updated, %d links created\n",
			rep.Result.Version, rep.Result.NodesCreated, rep.Result.NodesUpdated, rep.Result.LinksCreated)
		fmt.Fprintln(stdout, "import: a running server brings its search index in step within seconds; `practicegraph reindex` rebuilds it")
	case !f.dryRun:
		fmt.Fprintf(stdout, "import: the graph already holds every row as it is; nothing written (graph version %d)\n", rep.Version)
	}
	return nil
}

// validateCatalogues reads catalogue CSVs without Neo4j: their columns, required values,
// languages, addresses and periods. Matching against the graph needs it: import --dry-run.
func validateCatalogues(paths []string, stdout io.Writer) error {
	for _, p := range paths {
		if !isCatalogue([]string{p}) {
			return fmt.Errorf("validate: %s: check catalogue .csv files and data files apart", p)
		}
		file, err := os.Open(p)
		if err != nil {
			return fmt.Errorf("validate: %w", err)
		}
		cat, err := seed.ParseCatalogue(file, time.Now().Year())
		file.Close()
		if err != nil {
			return fmt.Errorf("validate: %s: %w", p, err)
		}
		for _, w := range cat.Warnings {
			fmt.Fprintf(stdout, "%s: warning: %s\n", p, w)
		}
		fmt.Fprintf(stdout, "%s: %d rows: valid (import --dry-run also matches them against the graph)\n", p, len(cat.Rows))
	}
	return nil
}
