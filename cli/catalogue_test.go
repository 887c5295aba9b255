package cli

import (
	"bytes"
	"slices"
	"strings"
	"testing"
)

func TestTakeCatalogueFlags(t *testing.T) {
	for _, tt := range []struct {
		args []string
		rest []string
		want catalogueFlags
	}{
		{[]string{"cards.csv"}, []string{"cards.csv"}, catalogueFlags{}},
		{[]string{"--dry-run", "cards.csv"}, []string{"cards.csv"}, catalogueFlags{dryRun: true}},
		{[]string{"cards.csv", "-dry-run"}, []string{"cards.csv"}, catalogueFlags{dryRun: true}},
		{[]string{"--source-title", "ICC cards", "cards.csv"}, []string{"cards.csv"}, catalogueFlags{sourceTitle: "ICC cards"}},
		{[]string{"--source-title=ICC cards", "-neo4j-uri", "bolt://x", "cards.csv"}, []string{"-neo4j-uri", "bolt://x", "cards.csv"}, catalogueFlags{sourceTitle: "ICC cards"}},
	} {
		rest, got, err := takeCatalogueFlags(tt.args)
		if err != nil || got != tt.want || !slices.Equal(rest, tt.rest) {
			t.Errorf("takeCatalogueFlags(%q) = %q, %+v, %v; want %q, %+v", tt.args, rest, got, err, tt.rest, tt.want)
		}
	}
	if _, _, err := takeCatalogueFlags([]string{"cards.csv", "--source-title"}); err == nil {
		t.Error("--source-title without a title: want an error")
	}
	if !isCatalogue([]string{"data/Cards.CSV"}) || isCatalogue([]string{"lublin.yaml", "data"}) {
		t.Error("isCatalogue: want .csv files only")
	}
}

func TestValidateCatalogue(t *testing.T) {
	var out bytes.Buffer
	if err := validate([]string{"../seed/testdata/catalogue.csv"}, &out); err != nil {
		t.Fatal(err)
	}
	if got, want := out.String(), "../seed/testdata/catalogue.csv: 7 rows: valid"; !strings.Contains(got, want) {
		t.Errorf("output %q, want %q", got, want)
	}
}
