package model

import (
	"strings"

	"github.com/practicegraph/practicegraph/graph"
)

// Code returns the ISO 639-1 code of the language.
func (e Lang) Code() string { return strings.ToLower(string(e)) }

// LangOf returns the GraphQL language of an ISO 639-1 code.
func LangOf(code string) Lang { return Lang(strings.ToUpper(code)) }

// CodeOr returns the language's code, or def when l is nil.
func CodeOr(l *Lang, def string) string {
	if l == nil {
		return def
	}
	return l.Code()
}

// KindOf returns the graph kind of an entity kind: INDEX_REPORT → IndexReport.
func (e EntityKind) KindOf() graph.Kind {
	for _, k := range graph.Kinds() {
		if strings.EqualFold(strings.ReplaceAll(string(e), "_", ""), string(k.Kind)) {
			return k.Kind
		}
	}
	return ""
}

// EntityKindOf returns the entity kind of a graph kind: IndexReport → INDEX_REPORT.
func EntityKindOf(k graph.Kind) EntityKind {
	var b strings.Builder
	for i, r := range string(k) {
		if i > 0 && r >= 'A' && r <= 'Z' {
			b.WriteByte('_')
		}
		b.WriteRune(r)
	}
	return EntityKind(strings.ToUpper(b.String()))
}
