package search

import "testing"

// TestCacheKey: equal queries share a key whatever the order of their filter values;
// queries differing in any part, even by bytes that are not valid UTF-8, do not.
func TestCacheKey(t *testing.T) {
	base := Query{Text: "walk", Filters: Filters{"kind": {"Practice", "Event"}, "year": {"2023"}}, After: []string{"1.5", "a\x00b\x00c"}}
	key := cacheKey(base, "en", 20)
	same := base
	same.Filters = Filters{"year": {"2023"}, "kind": {"Event", "Practice"}, "city": nil}
	if got := cacheKey(same, "en", 20); got != key {
		t.Errorf("same query, filters in another order: key %q, want %q", got, key)
	}
	for name, q := range map[string]Query{
		"text":           {Text: "walks", Filters: base.Filters, After: base.After},
		"filter value":   {Text: "walk", Filters: Filters{"kind": {"Practice"}, "year": {"2023"}}, After: base.After},
		"filter name":    {Text: "walk", Filters: Filters{"kind": {"Practice", "Event"}, "years": {"2023"}}, After: base.After},
		"cursor":         {Text: "walk", Filters: base.Filters, After: []string{"1.5", "a\x00b\x00d"}},
		"invalid cursor": {Text: "walk", Filters: base.Filters, After: []string{"1.5", "a\x00b\x00\xff"}},
		"other invalid":  {Text: "walk", Filters: base.Filters, After: []string{"1.5", "a\x00b\x00\xfe"}},
		"no cursor":      {Text: "walk", Filters: base.Filters},
		"advanced":       {Text: "walk", Filters: base.Filters, After: base.After, Advanced: true},
		"no facets":      {Text: "walk", Filters: base.Filters, After: base.After, NoFacets: true},
		"no snippets":    {Text: "walk", Filters: base.Filters, After: base.After, NoSnippets: true},
	} {
		if got := cacheKey(q, "en", 20); got == key {
			t.Errorf("%s: same key as the base query", name)
		}
	}
	if cacheKey(base, "fr", 20) == key || cacheKey(base, "en", 21) == key {
		t.Error("another language or page size has the base query's key")
	}
	invalid := Query{Text: "walk", After: []string{"\xff"}}
	other := Query{Text: "walk", After: []string{"\xfe"}}
	if cacheKey(invalid, "en", 20) == cacheKey(other, "en", 20) {
		t.Error("cursors differing in invalid bytes share a key")
	}
}
