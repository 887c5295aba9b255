package seed

import (
	"strings"
	"testing"
)

func TestParsePeriod(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want Period
		ok   bool
	}{
		{"2019 - ongoing", Period{StartYear: 2019, Status: "active"}, true},
		{"2019–ongoing", Period{StartYear: 2019, Status: "active"}, true},
		{"2017-2021", Period{StartYear: 2017, EndYear: 2021, Status: "ended"}, true},
		{"2017 – 2021", Period{StartYear: 2017, EndYear: 2021, Status: "ended"}, true},
		{"2017 to 2021", Period{StartYear: 2017, EndYear: 2021, Status: "ended"}, true},
		{"2022-2027", Period{StartYear: 2022, EndYear: 2027, Status: "active"}, true},
		{"2010 onwards", Period{StartYear: 2010, Status: "active"}, true},
		{"2010 Onward", Period{StartYear: 2010, Status: "active"}, true},
		{"Since 2016", Period{StartYear: 2016, Status: "active"}, true},
		{"since 2016", Period{StartYear: 2016, Status: "active"}, true},
		{"On-going since 2014", Period{StartYear: 2014, Status: "active"}, true},
		{"ONGOING SINCE 2014", Period{StartYear: 2014, Status: "active"}, true},
		{"2013-", Period{StartYear: 2013, Status: "active"}, true},
		{"2013 —", Period{StartYear: 2013, Status: "active"}, true},
		{"ongoing", Period{Status: "active"}, true},
		{"On going", Period{Status: "active"}, true},
		{"2015", Period{StartYear: 2015}, true},
		{"2012 - present", Period{StartYear: 2012, Status: "active"}, true},
		{"2016-2018 (pilot), ongoing since 2019", Period{StartYear: 2016, Status: "active"}, true},
		{"Since 2009 (ongoing)", Period{StartYear: 2009, Status: "active"}, true},
		{"January 2017 - December 2018", Period{StartYear: 2017, EndYear: 2018, Status: "ended"}, true},
		{"01/2018 - 12/2020", Period{StartYear: 2018, EndYear: 2020, Status: "ended"}, true},
		{"2016-17", Period{StartYear: 2016, EndYear: 2017, Status: "ended"}, true},
		{"2018-06", Period{StartYear: 2018}, true},
		{"2010-01-01 to 2012-12-31", Period{StartYear: 2010, EndYear: 2012, Status: "ended"}, true},
		{"2015 - 10 cities", Period{StartYear: 2015}, true},
		{"2018 - 12 months", Period{StartYear: 2018}, true},
		{"2019-20 (pilot)", Period{StartYear: 2019, EndYear: 2020, Status: "ended"}, true},
		{"Between 2014 and 2016", Period{StartYear: 2014, EndYear: 2016, Status: "ended"}, true},
		{"2005 - 2007; 2010 - present", Period{StartYear: 2005, Status: "active"}, true},
		{"Launched 2012, still running", Period{StartYear: 2012, Status: "active"}, true},
		{"Since the 1990s", Period{StartYear: 1990, Status: "active"}, true},
		{"Spring 2016", Period{StartYear: 2016}, true},
		{"every summer", Period{}, false},
		{"n/a", Period{}, false},
		{"2021-2017", Period{}, false},
		{"", Period{}, false},
	} {
		got, ok := ParsePeriod(tt.in, 2026)
		if got != tt.want || ok != tt.ok {
			t.Errorf("ParsePeriod(%q) = %+v, %v; want %+v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestParseCatalogue(t *testing.T) {
	const header = "\uFEFFTitle, Country ,LANGUAGE,Source-URL,city,period,themes\n"
	t.Run("good rows, header names folded, BOM tolerated", func(t *testing.T) {
		cat, err := ParseCatalogue(strings.NewReader(header+
			"Welcome walks,United Kingdom,EN,https://example.org/cards/1,Bradford,Since 2016,Anti-rumours; housing\n"+
			"\"Library, for all\",CH,English,https://example.org/cards/2,,every summer,\n"), 2026)
		if err != nil {
			t.Fatal(err)
		}
		if len(cat.Rows) != 2 {
			t.Fatalf("rows = %d, want 2", len(cat.Rows))
		}
		r := cat.Rows[0]
		if r.Line != 2 || r.Title != "Welcome walks" || r.Language != "en" || r.City != "Bradford" || r.StartYear != 2016 || r.Status != "active" {
			t.Errorf("row 1 = %+v", r)
		}
		if got := strings.Join(r.Themes, "|"); got != "Anti-rumours|housing" {
			t.Errorf("themes = %q", got)
		}
		if cat.Rows[1].Title != "Library, for all" || cat.Rows[1].Line != 3 || cat.Rows[1].Language != "en" {
			t.Errorf("row 2 = %+v", cat.Rows[1])
		}
		if len(cat.Warnings) != 1 || cat.Warnings[0].Line != 3 || cat.Warnings[0].Column != "period" {
			t.Errorf("warnings = %+v, want one for row 3's period", cat.Warnings)
		}
	})
	for _, tt := range []struct {
		name, csv, want string
	}{
		{"missing title", header + "Walks,UK,en,https://e.org/1,,,\n,UK,en,https://e.org/2,,,\n", "row 3: column title: missing"},
		{"missing required column", "title,country,source_url\nA,UK,https://e.org/1\n", "row 1: column language: missing required column"},
		{"bad language", header + "Walks,UK,klingon,https://e.org/1,,,\n", `row 2: column language: unknown language "klingon"`},
		{"bad url", header + "Walks,UK,en,example.org/1,,,\n", `row 2: column source_url: "example.org/1" is not an http(s) address`},
		{"header only", header, "no rows"},
		{"title without letters", header + "--,UK,en,https://e.org/1,,,\n", `row 2: column title: "--" makes no id`},
		{"not UTF-8", "title,country,language,source_url\nNeuch\xe2tel,CH,fr,https://e.org\n", "not UTF-8"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cat, err := ParseCatalogue(strings.NewReader(tt.csv), 2026)
			if err == nil {
				t.Fatalf("parsed %d rows, want the file refused with %q", len(cat.Rows), tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestParseCatalogueIgnoresUnknownColumnsWithAWarning(t *testing.T) {
	cat, err := ParseCatalogue(strings.NewReader("Title,Country,Language,Source URL,Budget,Stimulus/Rationale,,\nA,UK,en,https://e.org/1,12,Why,,\n"), 2026)
	if err != nil {
		t.Fatal(err)
	}
	if len(cat.Warnings) != 3 || cat.Warnings[0].String() != "row 1: column Budget: unknown column, ignored (known: "+strings.Join(CatalogueColumns, ", ")+")" ||
		cat.Warnings[1].String() != "row 1: column 7 has no name: ignored" {
		t.Errorf("warnings = %v, want Budget and the two empty columns named", cat.Warnings)
	}
	if cat.Rows[0].Rationale != "Why" {
		t.Errorf("rationale = %q, want the Stimulus/Rationale column's", cat.Rows[0].Rationale)
	}
}

func TestParseCatalogueWithSemicolons(t *testing.T) {
	cat, err := ParseCatalogue(strings.NewReader("title;country;language;source_url;period\nWalks, by night;UK;en;https://e.org/1;2017-2021\n"), 2026)
	if err != nil {
		t.Fatal(err)
	}
	if r := cat.Rows[0]; r.Title != "Walks, by night" || r.Country != "UK" || r.StartYear != 2017 || r.EndYear != 2021 {
		t.Errorf("row = %+v", r)
	}
}

func TestCatalogueIDs(t *testing.T) {
	for _, tt := range []struct{ got, want string }{
		{PracticeID("Welcome Walks", "Neuchâtel", "Switzerland"), "welcome-walks-neuchatel"},
		{PracticeID("Welcome Walks", "", "Switzerland"), "welcome-walks-switzerland"},
		{SourceID("https://www.coe.int/en/web/interculturalcities/-/bradford-stories/"), "coe-int-en-web-interculturalcities-bradford-stories"},
		{SourceID("http://coe.int/en/web/interculturalcities/-/bradford-stories"), "coe-int-en-web-interculturalcities-bradford-stories"},
	} {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
	long := PracticeID(strings.Repeat("very long title ", 20), "Porto", "PT")
	if len(long) > 120 || PracticeID(strings.Repeat("very long title ", 20)+"x", "Porto", "PT") == long {
		t.Errorf("long ids must stay within 120 characters and apart: %q", long)
	}
}

func TestCountryCode(t *testing.T) {
	for _, tt := range []struct{ in, code, english string }{
		{"United Kingdom", "GB", "United Kingdom"},
		{"uk", "GB", "United Kingdom"},
		{"Scotland", "GB", "United Kingdom"},
		{"Bosnia & Herzegovina", "BA", "Bosnia and Herzegovina"},
		{"Republic of Ireland", "IE", "Ireland"},
		{"Cape Verde", "CV", "Cabo Verde"},
		{"España", "ES", "Spain"},
		{"TÜRKIYE", "TR", "Türkiye"},
		{"pt", "PT", "Portugal"},
	} {
		code, english, ok := CountryCode(tt.in)
		if !ok || code != tt.code || english != tt.english {
			t.Errorf("CountryCode(%q) = %q, %q, %v; want %q, %q", tt.in, code, english, ok, tt.code, tt.english)
		}
	}
	if code, _, ok := CountryCode("Atlantis"); ok {
		t.Errorf("CountryCode(Atlantis) = %q, want unknown", code)
	}
}
