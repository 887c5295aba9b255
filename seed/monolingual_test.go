package seed

import (
	"strings"
	"testing"
)

// TestParseMonolingualText: a record's texts may exist in their original language only;
// a text without its original is still refused.
func TestParseMonolingualText(t *testing.T) {
	const file = `kind: Practice
source: lublin-practices-2024
records:
  - id: lublin-welcome-walks
    section: "Welcome walks"
    name: {orig: en, en: "Welcome walks"}
    period: {orig: pl, pl: "od 2024"}
`
	in, err := Parse("walks.yaml", strings.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	n := in.Dataset.Nodes[0]
	if name := n.Text("name"); name.Orig != "en" || len(name.Values) != 1 || name.Values["en"] != "Welcome walks" {
		t.Errorf("name = %+v, want English only", name)
	}
	if _, ok := n.Texts["summary"]; ok {
		t.Error("a summary appeared that the file does not give")
	}
	_, err = Parse("walks.yaml", strings.NewReader(strings.Replace(file, `{orig: en, en: "Welcome walks"}`, `{orig: en, fr: "Promenades"}`, 1)))
	if err == nil || !strings.Contains(err.Error(), "walks.yaml:6: record #1 (lublin-welcome-walks): field name: the original (en) text is missing") {
		t.Errorf("err = %v, want the missing original named at its line", err)
	}
}
