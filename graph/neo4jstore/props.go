package neo4jstore

import (
	"sync"

	"github.com/practicegraph/practicegraph/graph"
)

// Property names of the bookkeeping every node and relationship carries.
const (
	propID      = "id"
	propSource  = "source"
	propSection = "section"
	propVersion = "_v"       // graph version of the last write that touched it
	propCreated = "_created" // graph version that created it
)

// encodeProps flattens texts and plain fields into Neo4j properties. A Text field
// becomes name_orig plus one name_<lang> per language, and languages it lacks are set to
// null so an update replaces the whole text. A nil plain value removes the property.
func encodeProps(fields []graph.FieldSpec, texts map[string]graph.Text, props map[string]any, prov graph.Provenance) map[string]any {
	out := map[string]any{propSource: prov.Source, propSection: prov.Section}
	for _, f := range fields {
		if f.Type == graph.FieldText {
			t, ok := texts[f.Name]
			if !ok {
				continue
			}
			out[f.Name+"_orig"] = t.Orig
			for _, l := range graph.Languages {
				if v, ok := t.Values[l]; ok {
					out[f.Name+"_"+l] = v
				} else {
					out[f.Name+"_"+l] = nil
				}
			}
			continue
		}
		if v, ok := props[f.Name]; ok {
			out[f.Name] = v
		}
	}
	return out
}

// decodeProps reads a node's or relationship's properties back into texts and fields.
func decodeProps(fields []graph.FieldSpec, p map[string]any) (map[string]graph.Text, map[string]any, graph.Provenance) {
	texts := map[string]graph.Text{}
	props := map[string]any{}
	// A projection reads a few of the kind's fields: the loop stops once every
	// property read is decoded, rather than looking up every field in every language.
	left := len(p)
	for _, k := range [...]string{propID, propSource, propSection, propVersion} {
		if _, ok := p[k]; ok {
			left--
		}
	}
	for _, f := range fields {
		if left <= 0 {
			break
		}
		if f.Type == graph.FieldText {
			keys := textKeysOf(f.Name)
			orig, _ := p[keys.orig].(string)
			if orig == "" {
				continue
			}
			left--
			t := graph.Text{Orig: orig, Values: map[string]string{}}
			for i, l := range graph.Languages {
				if v, ok := p[keys.langs[i]].(string); ok {
					t.Values[l] = v
					left--
				}
			}
			texts[f.Name] = t
			continue
		}
		v, ok := p[f.Name]
		if ok {
			left--
		}
		if !ok || v == nil {
			continue
		}
		if f.Type == graph.FieldStrings {
			if list, ok := v.([]any); ok {
				ss := make([]string, 0, len(list))
				for _, x := range list {
					if s, ok := x.(string); ok {
						ss = append(ss, s)
					}
				}
				v = ss
			}
		}
		props[f.Name] = v
	}
	src, _ := p[propSource].(string)
	sec, _ := p[propSection].(string)
	return texts, props, graph.Provenance{Source: src, Section: sec}
}

// decodeNode builds a node of kind k from its properties.
func decodeNode(k graph.Kind, p map[string]any) graph.Node {
	spec, _ := graph.KindOf(k)
	id, _ := p[propID].(string)
	texts, props, prov := decodeProps(spec.Fields, p)
	v, _ := p[propVersion].(int64)
	return graph.Node{Kind: k, ID: id, Texts: texts, Props: props, Provenance: prov, Version: v}
}

// decodeLink builds a link from its relationship properties.
func decodeLink(spec graph.RelSpec, from, to graph.Ref, p map[string]any) graph.Link {
	texts, props, prov := decodeProps(spec.Fields, p)
	return graph.Link{Type: spec.Type, From: from, To: to, Texts: texts, Props: props, Provenance: prov}
}

// fieldKeys returns the Neo4j properties a field is stored in (encodeProps): a plain
// field's own, or a text's original language and one property per language.
func fieldKeys(f graph.FieldSpec) []string {
	if f.Type != graph.FieldText {
		return []string{f.Name}
	}
	keys := []string{f.Name + "_orig"}
	for _, l := range graph.Languages {
		keys = append(keys, f.Name+"_"+l)
	}
	return keys
}

// textKeys are the properties one text field is stored in: its original language's
// and one per language of graph.Languages, in that order.
type textKeys struct {
	orig  string
	langs []string
}

// allTextKeys holds the text keys of every text field of the kinds and relationships,
// built once: decoding thousands of nodes would otherwise build each name every time.
var allTextKeys = sync.OnceValue(func() map[string]textKeys {
	out := map[string]textKeys{}
	add := func(fields []graph.FieldSpec) {
		for _, f := range fields {
			if f.Type == graph.FieldText {
				out[f.Name] = newTextKeys(f.Name)
			}
		}
	}
	for _, k := range graph.Kinds() {
		add(k.Fields)
	}
	for _, r := range graph.Rels() {
		add(r.Fields)
	}
	return out
})

func newTextKeys(name string) textKeys {
	k := textKeys{orig: name + "_orig", langs: make([]string, len(graph.Languages))}
	for i, l := range graph.Languages {
		k.langs[i] = name + "_" + l
	}
	return k
}

// textKeysOf returns the text keys of the field named name.
func textKeysOf(name string) textKeys {
	if k, ok := allTextKeys()[name]; ok {
		return k
	}
	return newTextKeys(name)
}
