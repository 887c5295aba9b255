// Package seed decodes practicegraph's data files into nodes and links, and names every
// problem by file, line, record and field. The same format serves the seed report's data
// and users' imports; package app writes them.
package seed

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/practicegraph/practicegraph/graph"
)

// Problem is one thing wrong with an input file, located by file, record and field.
type Problem struct {
	File   string
	Line   int
	Record string // "#3 (bilbao)": position in the file, 1-based, and id when known
	Field  string // e.g. "links[2].to"
	Msg    string
}

// String formats the problem as "file:line: record #3 (bilbao): field name: message".
func (p Problem) String() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		fmt.Fprintf(&b, ":%d", p.Line)
	}
	b.WriteString(": ")
	if p.Record != "" {
		b.WriteString("record " + p.Record + ": ")
	}
	if p.Field != "" {
		b.WriteString("field " + p.Field + ": ")
	}
	b.WriteString(p.Msg)
	return b.String()
}

// Problems is the list of everything wrong with an input; it is an error.
type Problems []Problem

// ErrorCode says problems are the user's input to fix.
func (ps Problems) ErrorCode() string { return graph.EINVALID }

// Error lists the problems, one per line.
func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return fmt.Sprintf("%d problem(s):\n%s", len(ps), strings.Join(lines, "\n"))
}

// Origin says where a record was read.
type Origin struct {
	File   string
	Line   int
	Record string
}

// Input is a parsed set of files, not yet validated against the graph.
type Input struct {
	Dataset graph.Dataset
	Origins map[graph.Ref]Origin
	Sources []string // ids of Source records the files declare as their default
	// linkOrigins locate each link of Dataset.Links, by index.
	linkOrigins []linkOrigin
}

type linkOrigin struct {
	Origin
	Field string
}

// ReadDir parses every .yaml and .yml file of dir, in name order.
func ReadDir(dir string) (*Input, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("seed: read %s: %w", dir, err)
	}
	var files []string
	for _, e := range entries {
		if !e.IsDir() && (strings.HasSuffix(e.Name(), ".yaml") || strings.HasSuffix(e.Name(), ".yml")) {
			files = append(files, filepath.Join(dir, e.Name()))
		}
	}
	if len(files) == 0 {
		return nil, graph.Errorf(graph.EINVALID, "seed: no .yaml files in %s", dir)
	}
	return ReadFiles(files...)
}

// ReadFiles parses the given files. Every problem of every file is reported together.
func ReadFiles(paths ...string) (*Input, error) {
	in := &Input{Origins: map[graph.Ref]Origin{}}
	var probs Problems
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			return nil, fmt.Errorf("seed: %w", err)
		}
		probs = append(probs, in.parse(p, data)...)
	}
	if len(probs) > 0 {
		return nil, probs
	}
	return in, nil
}

// Parse parses one file's content; name is used in problems.
func Parse(name string, r io.Reader) (*Input, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("seed: read %s: %w", name, err)
	}
	in := &Input{Origins: map[graph.Ref]Origin{}}
	if probs := in.parse(name, data); len(probs) > 0 {
		return nil, probs
	}
	return in, nil
}

// parse reads one file, which may hold several YAML documents, one kind each.
func (in *Input) parse(file string, data []byte) Problems {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var probs Problems
	for docNo := 0; ; docNo++ {
		var doc yaml.Node
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			if docNo == 0 {
				probs = append(probs, Problem{File: file, Msg: "empty file"})
			}
			return probs
		}
		if err != nil {
			return append(probs, Problem{File: file, Msg: "not valid YAML: " + err.Error()})
		}
		probs = append(probs, in.parseDoc(file, &doc)...)
	}
}

func (in *Input) parseDoc(file string, doc *yaml.Node) Problems {
	var probs Problems
	bad := func(n *yaml.Node, field, msg string) {
		probs = append(probs, Problem{File: file, Line: n.Line, Field: field, Msg: msg})
	}
	root := doc
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		root = root.Content[0]
	}
	if root.Kind != yaml.MappingNode {
		bad(root, "", "a file must be a mapping with kind, source and records")
		return probs
	}
	top := mapping(root)
	for k, v := range top {
		if k != "kind" && k != "source" && k != "records" {
			bad(v.key, k, "unknown top-level field (want kind, source, records)")
		}
	}
	kindNode, ok := top["kind"]
	if !ok {
		bad(root, "kind", "missing: say which kind of records the file holds, e.g. kind: Practice")
		return probs
	}
	spec, ok := graph.KindOf(graph.Kind(kindNode.val.Value))
	if !ok {
		bad(kindNode.val, "kind", fmt.Sprintf("unknown kind %q (known: %s)", kindNode.val.Value, kindNames()))
		return probs
	}
	source := ""
	if s, ok := top["source"]; ok {
		source = s.val.Value
		in.Sources = append(in.Sources, source)
	}
	recs, ok := top["records"]
	if !ok || recs.val.Kind != yaml.SequenceNode {
		bad(root, "records", "missing or not a list")
		return probs
	}
	for i, rn := range recs.val.Content {
		probs = append(probs, in.parseRecord(file, spec, source, i+1, rn)...)
	}
	return probs
}

type entry struct {
	key *yaml.Node
	val *yaml.Node
}

// mapping returns a YAML mapping's entries by key.
func mapping(n *yaml.Node) map[string]entry {
	m := make(map[string]entry, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		m[n.Content[i].Value] = entry{key: n.Content[i], val: n.Content[i+1]}
	}
	return m
}

func kindNames() string {
	var names []string
	for _, k := range graph.Kinds() {
		names = append(names, string(k.Kind))
	}
	return strings.Join(names, ", ")
}

func (in *Input) parseRecord(file string, spec graph.KindSpec, source string, pos int, rn *yaml.Node) Problems {
	var probs Problems
	recName := fmt.Sprintf("#%d", pos)
	bad := func(n *yaml.Node, field, msg string) {
		probs = append(probs, Problem{File: file, Line: n.Line, Record: recName, Field: field, Msg: msg})
	}
	if rn.Kind != yaml.MappingNode {
		bad(rn, "", "a record must be a mapping")
		return probs
	}
	fields := mapping(rn)
	node := graph.Node{Kind: spec.Kind, Texts: map[string]graph.Text{}, Props: map[string]any{}}
	if id, ok := fields["id"]; ok {
		node.ID = id.val.Value
		if node.ID != "" {
			recName = fmt.Sprintf("#%d (%s)", pos, node.ID)
		}
	}
	node.Provenance = graph.Provenance{Source: source}
	if s, ok := fields["source"]; ok {
		node.Provenance.Source = s.val.Value
	}
	if s, ok := fields["section"]; ok {
		node.Provenance.Section = s.val.Value
	}
	undecoded := map[string]bool{} // fields whose value could not be read: already reported
	for _, f := range spec.Fields {
		e, ok := fields[f.Name]
		if !ok {
			continue
		}
		text, val, msg := decodeValue(f, e.val)
		switch {
		case msg != "":
			bad(e.val, f.Name, msg)
			undecoded[f.Name] = true
		case f.Type == graph.FieldText:
			node.Texts[f.Name] = text
		default:
			node.Props[f.Name] = val
		}
	}
	for k, e := range fields {
		switch k {
		case "id", "source", "section", "links":
			continue
		}
		if _, ok := spec.Field(k); !ok {
			bad(e.key, k, fmt.Sprintf("unknown field for %s (known: %s)", spec.Kind, fieldNames(spec.Fields)))
		}
	}
	// The rules of a valid record are graph.Validate's, the same an editor's write and
	// the store apply; this only places each problem at its line of the file.
	for _, p := range graph.Validate(node, true) {
		field := strings.TrimPrefix(p.Field, "provenance.")
		if undecoded[field] {
			continue
		}
		at := rn
		if e, ok := fields[field]; ok {
			at = e.val
		}
		bad(at, field, p.Msg)
	}
	origin := Origin{File: file, Line: rn.Line, Record: recName}
	if l, ok := fields["links"]; ok {
		if l.val.Kind != yaml.SequenceNode {
			bad(l.val, "links", "must be a list")
		} else {
			for i, ln := range l.val.Content {
				link, p := parseLink(spec.Kind, node, i, ln)
				for _, pr := range p {
					pr.File, pr.Record = file, recName
					probs = append(probs, pr)
				}
				if len(p) == 0 {
					in.Dataset.Links = append(in.Dataset.Links, link)
					in.linkOrigins = append(in.linkOrigins, linkOrigin{Origin: Origin{File: file, Line: ln.Line, Record: recName}, Field: fmt.Sprintf("links[%d].to", i)})
				}
			}
		}
	}
	if len(probs) == 0 {
		ref := node.Ref()
		if prev, dup := in.Origins[ref]; dup {
			bad(fields["id"].val, "id", fmt.Sprintf("duplicate %s id %q, first defined at %s:%d", spec.Kind, node.ID, prev.File, prev.Line))
			return probs
		}
		in.Origins[ref] = origin
		in.Dataset.Nodes = append(in.Dataset.Nodes, node)
	}
	return probs
}

func fieldNames(fs []graph.FieldSpec) string {
	names := []string{"id", "source", "section", "links"}
	for _, f := range fs {
		names = append(names, f.Name)
	}
	return strings.Join(names, ", ")
}

func parseLink(from graph.Kind, node graph.Node, i int, ln *yaml.Node) (graph.Link, Problems) {
	var probs Problems
	at := func(n *yaml.Node, field, msg string) {
		probs = append(probs, Problem{Line: n.Line, Field: fmt.Sprintf("links[%d]%s", i, field), Msg: msg})
	}
	if ln.Kind != yaml.MappingNode {
		at(ln, "", "a link must be a mapping with rel and to")
		return graph.Link{}, probs
	}
	f := mapping(ln)
	rel, ok := f["rel"]
	if !ok {
		at(ln, ".rel", "missing")
		return graph.Link{}, probs
	}
	spec, ok := graph.RelOf(from, rel.val.Value)
	if !ok {
		at(rel.val, ".rel", fmt.Sprintf("%s has no relationship %q (it has: %s)", from, rel.val.Value, relNames(from)))
		return graph.Link{}, probs
	}
	to, ok := f["to"]
	if !ok || to.val.Value == "" {
		at(ln, ".to", "missing: the id of the "+string(spec.To)+" to link to")
		return graph.Link{}, probs
	}
	link := graph.Link{
		Type: spec.Type, From: node.Ref(), To: graph.Ref{Kind: spec.To, ID: to.val.Value},
		Texts: map[string]graph.Text{}, Props: map[string]any{}, Provenance: node.Provenance,
	}
	undecoded := map[string]bool{} // properties whose value could not be read: already reported
	for k, e := range f {
		switch k {
		case "rel", "to":
		case "source":
			link.Provenance.Source = e.val.Value
		case "section":
			link.Provenance.Section = e.val.Value
		default:
			fs, ok := spec.Field(k)
			if !ok {
				at(e.key, "."+k, fmt.Sprintf("unknown property for %s (known: %s)", spec.Type, propNames(spec.Fields)))
				continue
			}
			text, val, msg := decodeValue(fs, e.val)
			switch {
			case msg != "":
				at(e.val, "."+k, msg)
				undecoded[k] = true
			case fs.Type == graph.FieldText:
				link.Texts[k] = text
			default:
				link.Props[k] = val
			}
		}
	}
	// As for records, the rules are graph.ValidateLink's; this places them in the file.
	for _, p := range graph.ValidateLink(link) {
		if undecoded[p.Field] {
			continue
		}
		at := ln
		field := strings.TrimPrefix(p.Field, "provenance.")
		if e, ok := f[field]; ok {
			at = e.val
		}
		probs = append(probs, Problem{Line: at.Line, Field: fmt.Sprintf("links[%d].%s", i, field), Msg: p.Msg})
	}
	return link, probs
}

func relNames(from graph.Kind) string {
	var names []string
	for _, r := range graph.Rels() {
		if r.From == from {
			names = append(names, r.Type+"→"+string(r.To))
		}
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

func propNames(fs []graph.FieldSpec) string {
	names := []string{"rel", "to", "source", "section"}
	for _, f := range fs {
		names = append(names, f.Name)
	}
	return strings.Join(names, ", ")
}

// decodeValue checks a YAML value against a field spec. It returns the Text (for text
// fields) or the Go value (string, int64, bool, []string), or a message saying what is wrong.
func decodeValue(f graph.FieldSpec, n *yaml.Node) (graph.Text, any, string) {
	scalar := n.Kind == yaml.ScalarNode
	switch f.Type {
	case graph.FieldText:
		t, msg := decodeText(n)
		return t, nil, msg
	case graph.FieldString:
		if !scalar || n.Tag == "!!null" || n.Value == "" {
			return graph.Text{}, nil, "want a non-empty string"
		}
		return graph.Text{}, n.Value, ""
	case graph.FieldInt:
		i, err := strconv.ParseInt(n.Value, 10, 64)
		if !scalar || n.Tag != "!!int" || err != nil {
			return graph.Text{}, nil, fmt.Sprintf("want a whole number, got %s", describe(n))
		}
		return graph.Text{}, i, ""
	case graph.FieldBool:
		if !scalar || n.Tag != "!!bool" {
			return graph.Text{}, nil, fmt.Sprintf("want true or false, got %s", describe(n))
		}
		return graph.Text{}, n.Value == "true", ""
	case graph.FieldDate, graph.FieldEnum:
		if !scalar {
			return graph.Text{}, nil, fmt.Sprintf("want a single value, got %s", describe(n))
		}
		if msg := graph.CheckValue(f, n.Value); msg != "" {
			return graph.Text{}, nil, msg
		}
		return graph.Text{}, n.Value, ""
	case graph.FieldStrings:
		if n.Kind != yaml.SequenceNode {
			return graph.Text{}, nil, fmt.Sprintf("want a list of strings, got %s", describe(n))
		}
		out := make([]string, 0, len(n.Content))
		for _, c := range n.Content {
			if c.Kind != yaml.ScalarNode || c.Value == "" {
				return graph.Text{}, nil, "want a list of non-empty strings"
			}
			out = append(out, c.Value)
		}
		return graph.Text{}, out, ""
	}
	return graph.Text{}, nil, "unsupported field type"
}

func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	}
	return fmt.Sprintf("%q", n.Value)
}

// decodeText reads {orig: en, en: "..."} and any translations beside the original
// ({orig: fr, fr: "...", en: "..."}); only the original language's value is required.
func decodeText(n *yaml.Node) (graph.Text, string) {
	if n.Kind != yaml.MappingNode {
		return graph.Text{}, fmt.Sprintf("want a text {orig: en, en: \"…\"} (translations optional), got %s", describe(n))
	}
	t := graph.Text{Values: map[string]string{}}
	for k, e := range mapping(n) {
		if k == "orig" {
			t.Orig = e.val.Value
			continue
		}
		if e.val.Kind != yaml.ScalarNode {
			return graph.Text{}, fmt.Sprintf("the %s text must be a string", k)
		}
		t.Values[k] = e.val.Value
	}
	if msg := graph.CheckText(t); msg != "" {
		return graph.Text{}, msg
	}
	return t, ""
}
