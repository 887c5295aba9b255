package web

import (
	"net/http"
	"sort"
	"strconv"
	"strings"
)

// Langs are the interface's languages: French and English, then the network's next
// languages. The first is the default, the language of the network's reports.
var Langs = []string{"fr", "en", "es", "it", "pt"}

// LangCookie remembers the language a reader chose on the pages.
const LangCookie = "lang"

func supported(lang string) bool {
	for _, l := range Langs {
		if l == lang {
			return true
		}
	}
	return false
}

// readerLang picks the interface language of a request: ?lang= when given, else the
// remembered choice, else the best of Accept-Language, else French.
func readerLang(r *http.Request) string {
	if l := strings.ToLower(r.URL.Query().Get("lang")); supported(l) {
		return l
	}
	if c, err := r.Cookie(LangCookie); err == nil && supported(strings.ToLower(c.Value)) {
		return strings.ToLower(c.Value)
	}
	if l := acceptLanguage(r.Header.Get("Accept-Language")); l != "" {
		return l
	}
	return Langs[0]
}

// acceptLanguage returns the supported language the header prefers most, by its
// primary subtag ("pt-PT" is Portuguese), or "" when it names none of them.
func acceptLanguage(header string) string {
	type choice struct {
		lang  string
		q     float64
		order int
	}
	var choices []choice
	for i, part := range strings.Split(header, ",") {
		tag, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		primary, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(tag)), "-")
		if !supported(primary) {
			continue
		}
		q := 1.0
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				continue
			}
			q = f
		}
		if q > 0 {
			choices = append(choices, choice{primary, q, i})
		}
	}
	if len(choices) == 0 {
		return ""
	}
	sort.SliceStable(choices, func(a, b int) bool { return choices[a].q > choices[b].q })
	return choices[0].lang
}

// uiStrings are the few interface strings the server writes itself; the pages carry
// the rest.
var uiStrings = map[string]map[string]string{
	"fr": {
		"q1":            "« ",
		"q2":            " »",
		"skip":          "Aller au contenu",
		"noscript":      "Ces pages ont besoin de JavaScript. L'API GraphQL reste disponible sur",
		"notFoundTitle": "Page introuvable",
		"notFoundText":  "Cette adresse ne correspond à aucune page.",
		"backToSearch":  "Retour à la recherche",
		"citeThis":      "Citer cette page",
		"source":        "Source",
		"section":       "section",
		"published":     "publié le",
		"licence":       "licence",
	},
	"en": {
		"q1":            "“",
		"q2":            "”",
		"skip":          "Skip to content",
		"noscript":      "These pages need JavaScript. The GraphQL API is at",
		"notFoundTitle": "Page not found",
		"notFoundText":  "No page has this address.",
		"backToSearch":  "Back to search",
		"citeThis":      "Cite this page",
		"source":        "Source",
		"section":       "section",
		"published":     "published",
		"licence":       "licence",
	},
	"es": {
		"q1":            "«",
		"q2":            "»",
		"skip":          "Ir al contenido",
		"noscript":      "Estas páginas necesitan JavaScript. La API GraphQL está en",
		"notFoundTitle": "Página no encontrada",
		"notFoundText":  "Ninguna página tiene esta dirección.",
		"backToSearch":  "Volver a la búsqueda",
		"citeThis":      "Citar esta página",
		"source":        "Fuente",
		"section":       "sección",
		"published":     "publicado el",
		"licence":       "licencia",
	},
	"it": {
		"q1":            "«",
		"q2":            "»",
		"skip":          "Vai al contenuto",
		"noscript":      "Queste pagine richiedono JavaScript. L'API GraphQL è su",
		"notFoundTitle": "Pagina non trovata",
		"notFoundText":  "Nessuna pagina ha questo indirizzo.",
		"backToSearch":  "Torna alla ricerca",
		"citeThis":      "Cita questa pagina",
		"source":        "Fonte",
		"section":       "sezione",
		"published":     "pubblicato il",
		"licence":       "licenza",
	},
	"pt": {
		"q1":            "«",
		"q2":            "»",
		"skip":          "Ir para o conteúdo",
		"noscript":      "Estas páginas precisam de JavaScript. A API GraphQL está em",
		"notFoundTitle": "Página não encontrada",
		"notFoundText":  "Nenhuma página tem este endereço.",
		"backToSearch":  "Voltar à pesquisa",
		"citeThis":      "Citar esta página",
		"source":        "Fonte",
		"section":       "secção",
		"published":     "publicado em",
		"licence":       "licença",
	},
}
