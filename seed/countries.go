package seed

import (
	"strings"

	"github.com/practicegraph/practicegraph/graph"
)

// countryNames are ISO 3166-1 alpha-2 codes and the English short names of the
// countries of the Council of Europe, its observers and the other countries with
// intercultural cities, with the other names catalogues use. A catalogue row naming a
// country the graph does not hold yet is created under this code; a country missing here
// is still accepted when the row gives its code.
var countryNames = map[string][]string{
	"AD": {"Andorra"}, "AL": {"Albania"}, "AM": {"Armenia"}, "AT": {"Austria", "Österreich"}, "AU": {"Australia"},
	"AZ": {"Azerbaijan"}, "BA": {"Bosnia and Herzegovina", "Bosnia"}, "BE": {"Belgium"}, "BG": {"Bulgaria"},
	"BR": {"Brazil"}, "CA": {"Canada"}, "CH": {"Switzerland", "Suisse", "Schweiz", "Svizzera"}, "CL": {"Chile"}, "CO": {"Colombia"},
	"CY": {"Cyprus"}, "CZ": {"Czechia", "Czech Republic"}, "DE": {"Germany", "Deutschland"}, "DK": {"Denmark", "Danmark"},
	"EE": {"Estonia"}, "ES": {"Spain", "España", "Espagne"}, "FI": {"Finland", "Suomi"}, "FR": {"France"},
	"GB": {"United Kingdom", "UK", "Great Britain", "England", "Scotland", "Wales", "Northern Ireland"},
	"GE": {"Georgia"}, "GR": {"Greece", "Hellas"}, "HR": {"Croatia"}, "HU": {"Hungary"}, "IE": {"Ireland", "Republic of Ireland"},
	"IL": {"Israel"}, "IS": {"Iceland"}, "IT": {"Italy", "Italia", "Italie"}, "JP": {"Japan"}, "KR": {"South Korea", "Republic of Korea", "Korea"},
	"LI": {"Liechtenstein"}, "LT": {"Lithuania"}, "LU": {"Luxembourg"}, "LV": {"Latvia"}, "MA": {"Morocco"},
	"MC": {"Monaco"}, "MD": {"Moldova", "Republic of Moldova"}, "ME": {"Montenegro"}, "MK": {"North Macedonia", "Macedonia"},
	"MT": {"Malta"}, "MX": {"Mexico"}, "NL": {"Netherlands", "The Netherlands", "Holland"}, "NO": {"Norway", "Norge"},
	"NZ": {"New Zealand"}, "PL": {"Poland", "Polska"}, "PT": {"Portugal"}, "RO": {"Romania"}, "RS": {"Serbia"},
	"RU": {"Russia", "Russian Federation"}, "SE": {"Sweden", "Sverige"}, "SI": {"Slovenia"}, "SK": {"Slovakia", "Slovak Republic"},
	"SM": {"San Marino"}, "TN": {"Tunisia"}, "TR": {"Türkiye", "Turkey"}, "UA": {"Ukraine"},
	"US": {"United States", "United States of America", "USA"}, "XK": {"Kosovo"},
	"AR": {"Argentina"}, "JO": {"Jordan"}, "LB": {"Lebanon"}, "KZ": {"Kazakhstan"}, "UY": {"Uruguay"},
	"EG": {"Egypt"}, "DZ": {"Algeria"}, "CV": {"Cabo Verde", "Cape Verde"}, "SN": {"Senegal"}, "ZA": {"South Africa"}, "IN": {"India"}, "CN": {"China"},
}

// countryCodes maps each name's slug to its code, built once from countryNames.
var countryCodes = func() map[string]string {
	m := map[string]string{}
	for code, names := range countryNames {
		for _, n := range names {
			m[graph.Slug(n)] = code
		}
	}
	return m
}()

// CountryCode returns the ISO 3166-1 alpha-2 code of a country named by its English
// name, another usual name or its code (any case, accents folded), and its English
// short name; ok is false for a name it does not know.
func CountryCode(name string) (code, english string, ok bool) {
	if up := strings.ToUpper(strings.TrimSpace(name)); len(up) == 2 {
		if names, known := countryNames[up]; known {
			return up, names[0], true
		}
	}
	// "Bosnia & Herzegovina" is "Bosnia and Herzegovina".
	if code, ok := countryCodes[graph.Slug(strings.ReplaceAll(name, "&", " and "))]; ok {
		return code, countryNames[code][0], true
	}
	return "", "", false
}
