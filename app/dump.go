package app

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/practicegraph/practicegraph/graph"
	"github.com/practicegraph/practicegraph/seed"
)

// DumpFormat names the whole-graph dump's format in its first line; DumpVersion is the
// version of that format a reader must know to read it back.
const (
	DumpFormat  = "practicegraph-dump"
	DumpVersion = 1
)

// The kinds of line of a dump.
const (
	dumpHeader       = "dump"
	dumpNode         = "node"
	dumpRelationship = "relationship"
	dumpEnd          = "end"
)

// graphVersions are the graph's version and the version through which its writes are
// visible, which a running import holds below the version it took when it began.
type graphVersions struct{ graph, visible int64 }

// visibleVersioner is a store that says which version its readers see.
type visibleVersioner interface {
	VisibleVersion(ctx context.Context) (int64, error)
}

// versions reads the graph's versions; visible is the graph's own for a store without
// staged imports.
func (a *App) versions(ctx context.Context) (graphVersions, error) {
	v, err := a.Store.Version(ctx)
	if err != nil {
		return graphVersions{}, err
	}
	out := graphVersions{graph: v, visible: v}
	if vv, ok := a.Store.(visibleVersioner); ok {
		if out.visible, err = vv.VisibleVersion(ctx); err != nil {
			return graphVersions{}, err
		}
	}
	return out, nil
}

// dumpBatch is how many nodes of a kind are read per round trip while dumping.
const dumpBatch = 500

// maxDumpLine bounds one line of a dump: a node with every text of a long practice in
// several languages stays far below it.
const maxDumpLine = 16 << 20

// maxDumpProblems bounds the problems reading a dump collects.
const maxDumpProblems = 100

// DumpCounts says how much a dump holds.
type DumpCounts struct {
	Nodes         int `json:"nodes"`
	Relationships int `json:"relationships"`
}

// dumpRef names a node in a relationship line.
type dumpRef struct {
	Kind graph.Kind `json:"kind"`
	ID   string     `json:"id"`
}

// dumpProvenance is where a node's or relationship's facts come from.
type dumpProvenance struct {
	Source  string `json:"source"`
	Section string `json:"section,omitempty"`
}

// dumpLine is one line of a dump. Fields holds the properties graph/kinds.go declares:
// a text as {"orig": "fr", "fr": "…", "en": "…"}, other values as JSON strings,
// numbers, booleans or arrays of strings. Struct fields keep their order and map keys
// are sorted, so the same graph always gives the same bytes.
type dumpLine struct {
	Type   string `json:"type"`
	Format string `json:"format,omitempty"`  // header
	Ver    int    `json:"version,omitempty"` // header

	Kind graph.Kind `json:"kind,omitempty"` // node
	ID   string     `json:"id,omitempty"`   // node

	Rel  string   `json:"rel,omitempty"`  // relationship
	From *dumpRef `json:"from,omitempty"` // relationship
	To   *dumpRef `json:"to,omitempty"`   // relationship

	Fields     map[string]any  `json:"fields,omitempty"`
	Provenance *dumpProvenance `json:"provenance,omitempty"`

	*DumpCounts `json:",omitempty"` // end: what the lines above hold, to detect a cut file
}

// Dump writes the whole graph to w as JSON Lines: a header line, then every node —
// kinds in graph/kinds.go's order, ids in order — each followed by the relationships
// leaving it, ordered by type and other end, then an end line with the counts. Each
// line carries every property with its texts per language and original language, and
// its provenance; graph versions are left out, so dumping the same content gives the
// same bytes. It reads a few hundred nodes at a time, whatever the graph's size.
// Returns ECONFLICT, without the end line, when the graph changed during the dump.
func (a *App) Dump(ctx context.Context, w io.Writer) (DumpCounts, error) {
	bw := bufio.NewWriterSize(w, 1<<16)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	var counts DumpCounts
	// The dump reads in many transactions: a write meanwhile could leave a relationship
	// to a node dumped before it existed, so the graph's version must not move, nor the
	// version readers see (an import published meanwhile took its version when it began).
	startVersion, err := a.versions(ctx)
	if err != nil {
		return counts, fmt.Errorf("dump: %w", err)
	}
	if err := enc.Encode(dumpLine{Type: dumpHeader, Format: DumpFormat, Ver: DumpVersion}); err != nil {
		return counts, fmt.Errorf("dump: %w", err)
	}
	for _, spec := range graph.Kinds() {
		refs, err := a.Store.AllRefs(ctx, []graph.Kind{spec.Kind})
		if err != nil {
			return counts, fmt.Errorf("dump: %s: %w", spec.Kind, err)
		}
		ids := make([]string, len(refs))
		for i, r := range refs {
			ids[i] = r.ID
		}
		slices.Sort(ids)
		ids = slices.Compact(ids)
		var rels []graph.RelSpec
		for _, r := range graph.Rels() {
			if r.From == spec.Kind {
				rels = append(rels, r)
			}
		}
		for batch := range slices.Chunk(ids, dumpBatch) {
			if err := a.dumpBatch(ctx, enc, spec, rels, batch, &counts); err != nil {
				return counts, err
			}
		}
	}
	endVersion, err := a.versions(ctx)
	if err != nil {
		return counts, fmt.Errorf("dump: %w", err)
	}
	if endVersion != startVersion {
		// No end line: the file is refused on read-back as cut short.
		_ = bw.Flush()
		return counts, graph.Errorf(graph.ECONFLICT, "dump: the graph changed while it was dumped (version %d to %d, visible %d to %d); dump again",
			startVersion.graph, endVersion.graph, startVersion.visible, endVersion.visible)
	}
	if err := enc.Encode(dumpLine{Type: dumpEnd, DumpCounts: &counts}); err != nil {
		return counts, fmt.Errorf("dump: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return counts, fmt.Errorf("dump: %w", err)
	}
	return counts, nil
}

// dumpBatch writes the nodes of one kind with the given ids, each followed by the
// relationships leaving it: one round trip for the nodes and one per relationship type.
func (a *App) dumpBatch(ctx context.Context, enc *json.Encoder, spec graph.KindSpec, rels []graph.RelSpec, ids []string, counts *DumpCounts) error {
	nodes, err := a.Store.Nodes(ctx, spec.Kind, ids)
	if err != nil {
		return fmt.Errorf("dump: %s: %w", spec.Kind, err)
	}
	refs := make([]graph.Ref, len(ids))
	for i, id := range ids {
		refs[i] = graph.Ref{Kind: spec.Kind, ID: id}
	}
	out := map[graph.Ref][]graph.Link{}
	for _, r := range rels {
		edges, err := a.Store.Neighbours(ctx, graph.NeighbourQuery{From: refs, Type: r.Type, Direction: graph.Out, Kind: r.To})
		if err != nil {
			return fmt.Errorf("dump: %s %s: %w", spec.Kind, r.Type, err)
		}
		for from, es := range edges {
			for _, e := range es {
				l := e.Link
				l.Type, l.From, l.To = r.Type, from, e.Node.Ref()
				out[from] = append(out[from], l)
			}
		}
	}
	for _, id := range ids {
		n, ok := nodes[id]
		if !ok {
			continue // deleted since its id was read
		}
		line := dumpLine{Type: dumpNode, Kind: n.Kind, ID: n.ID, Fields: dumpFields(spec.Fields, n.Texts, n.Props), Provenance: dumpProv(n.Provenance)}
		if err := enc.Encode(line); err != nil {
			return fmt.Errorf("dump: %w", err)
		}
		counts.Nodes++
		links := out[n.Ref()]
		slices.SortFunc(links, func(x, y graph.Link) int {
			return cmp.Or(cmp.Compare(x.Type, y.Type), cmp.Compare(x.To.Kind, y.To.Kind), cmp.Compare(x.To.ID, y.To.ID))
		})
		for _, l := range links {
			rs, _ := graph.RelOf(l.From.Kind, l.Type)
			line := dumpLine{Type: dumpRelationship, Rel: l.Type, From: &dumpRef{l.From.Kind, l.From.ID}, To: &dumpRef{l.To.Kind, l.To.ID},
				Fields: dumpFields(rs.Fields, l.Texts, l.Props), Provenance: dumpProv(l.Provenance)}
			if err := enc.Encode(line); err != nil {
				return fmt.Errorf("dump: %w", err)
			}
			counts.Relationships++
		}
	}
	return nil
}

// dumpFields is the declared properties of a node or relationship, as a dump writes them.
func dumpFields(specs []graph.FieldSpec, texts map[string]graph.Text, props map[string]any) map[string]any {
	out := map[string]any{}
	n := graph.Node{Props: props}
	for _, f := range specs {
		switch f.Type {
		case graph.FieldText:
			t, ok := texts[f.Name]
			if !ok || t.IsZero() {
				continue
			}
			m := make(map[string]string, len(t.Values)+1)
			for l, v := range t.Values {
				m[l] = v
			}
			m["orig"] = t.Orig
			out[f.Name] = m
		case graph.FieldInt:
			if v := n.Int(f.Name); v != nil {
				out[f.Name] = *v
			}
		case graph.FieldBool:
			if v := n.Bool(f.Name); v != nil {
				out[f.Name] = *v
			}
		case graph.FieldStrings:
			if v := n.Strings(f.Name); v != nil {
				out[f.Name] = v
			}
		default:
			if v := n.StringPtr(f.Name); v != nil {
				out[f.Name] = *v
			}
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

func dumpProv(p graph.Provenance) *dumpProvenance {
	if p.Source == "" && p.Section == "" {
		return nil
	}
	return &dumpProvenance{Source: p.Source, Section: p.Section}
}

// DumpSource reads a dump written by Dump back as records for ImportRecords: each node
// with the relationships that follow it. Every problem is named by the file's name and
// line (seed.Problems): a line that is not JSON, an unknown kind, relationship type or
// field, a value of the wrong type, a relationship not right after its node, a missing
// header, or a missing or wrong end line (a cut file). No record is handed on once a
// problem is found, and the problems come back together, so an import reads it whole or
// not at all.
func DumpSource(path string) RecordSource {
	name := path
	return func(ctx context.Context, fn func(seed.Record) error) error {
		f, err := os.Open(path)
		if err != nil {
			return graph.Errorf(graph.EINVALID, "dump: %v", err)
		}
		defer f.Close()
		return readDump(ctx, name, f, fn)
	}
}

// dumpReader is one reading of a dump.
type dumpReader struct {
	file    string
	probs   seed.Problems
	pending *seed.Record
	counts  DumpCounts
	header  bool
	end     *DumpCounts
	endLine int
}

func (d *dumpReader) problem(line int, record, field, msg string) {
	if len(d.probs) < maxDumpProblems {
		d.probs = append(d.probs, seed.Problem{File: d.file, Line: line, Record: record, Field: field, Msg: msg})
	}
}

func readDump(ctx context.Context, file string, r io.Reader, fn func(seed.Record) error) error {
	d := &dumpReader{file: file}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 1<<16), maxDumpLine)
	flush := func() error {
		rec := d.pending
		d.pending = nil
		if rec == nil || len(d.probs) > 0 {
			return nil
		}
		return fn(*rec)
	}
	line := 0
	for sc.Scan() {
		line++
		if line%1000 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		text := bytes.TrimSpace(sc.Bytes())
		if len(text) == 0 {
			continue
		}
		if d.end != nil {
			d.problem(line, "", "", "a line after the end line")
			break
		}
		var l dumpLine
		var raw struct {
			Fields map[string]json.RawMessage `json:"fields"`
		}
		dec := json.NewDecoder(bytes.NewReader(text))
		dec.DisallowUnknownFields()
		// The outer fields field hides dumpLine's: values are decoded by their declared types.
		err := dec.Decode(&struct {
			*dumpLine
			Fields *map[string]json.RawMessage `json:"fields,omitempty"`
		}{&l, &raw.Fields})
		if err == nil && dec.InputOffset() != int64(len(text)) {
			err = errors.New("more than one JSON value on the line")
		}
		if err != nil {
			d.problem(line, "", "", "not a dump line: "+err.Error())
			continue
		}
		if !d.header && l.Type != dumpHeader {
			d.problem(line, "", "", fmt.Sprintf("the first line must be the header {\"type\":%q,\"format\":%q,…}", dumpHeader, DumpFormat))
			d.header = true // said once
		}
		switch l.Type {
		case dumpHeader:
			switch {
			case line != 1 && d.header:
				d.problem(line, "", "", "a second header")
			case l.Format != DumpFormat:
				d.problem(line, "", "format", fmt.Sprintf("want %q, got %q", DumpFormat, l.Format))
			case l.Ver != DumpVersion:
				d.problem(line, "", "version", fmt.Sprintf("this program reads version %d, the file is version %d", DumpVersion, l.Ver))
			}
			d.header = true
		case dumpNode:
			if err := flush(); err != nil {
				return err
			}
			d.node(line, l, raw.Fields)
		case dumpRelationship:
			d.relationship(line, l, raw.Fields)
		case dumpEnd:
			if err := flush(); err != nil {
				return err
			}
			d.end, d.endLine = l.DumpCounts, line
			if d.end == nil {
				d.end = &DumpCounts{}
			}
		default:
			d.problem(line, "", "type", fmt.Sprintf("unknown line type %q (want %s, %s, %s or %s)", l.Type, dumpHeader, dumpNode, dumpRelationship, dumpEnd))
		}
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			d.problem(line+1, "", "", fmt.Sprintf("a line longer than %d bytes", maxDumpLine))
		} else {
			return fmt.Errorf("dump: read %s: %w", file, err)
		}
	}
	if err := flush(); err != nil {
		return err
	}
	switch {
	case line == 0:
		d.problem(0, "", "", "the file is empty")
	case d.end == nil:
		d.problem(line, "", "", "no end line: the file is cut short")
	case len(d.probs) == 0 && *d.end != d.counts:
		d.problem(d.endLine, "", "", fmt.Sprintf("the end line counts %d nodes and %d relationships, the file holds %d and %d",
			d.end.Nodes, d.end.Relationships, d.counts.Nodes, d.counts.Relationships))
	}
	if len(d.probs) > 0 {
		return d.probs
	}
	return nil
}

// node starts the record of a node line.
func (d *dumpReader) node(line int, l dumpLine, fields map[string]json.RawMessage) {
	d.counts.Nodes++
	record := fmt.Sprintf("#%d (%s)", d.counts.Nodes, l.ID)
	spec, ok := graph.KindOf(l.Kind)
	if !ok {
		d.problem(line, record, "kind", fmt.Sprintf("unknown kind %q", l.Kind))
		return
	}
	if l.Rel != "" || l.From != nil || l.To != nil {
		d.problem(line, record, "", "a node line has no rel, from or to")
		return
	}
	texts, props, ok := d.fields(line, record, spec.Fields, string(l.Kind), fields)
	if !ok {
		return
	}
	n := graph.Node{Kind: l.Kind, ID: l.ID, Texts: texts, Props: props}
	if l.Provenance != nil {
		n.Provenance = graph.Provenance{Source: l.Provenance.Source, Section: l.Provenance.Section}
	}
	d.pending = &seed.Record{Node: n, Origin: seed.Origin{File: d.file, Line: line, Record: record}}
}

// relationship adds a relationship line to the record of the node it leaves, which
// must be the node line just above it.
func (d *dumpReader) relationship(line int, l dumpLine, fields map[string]json.RawMessage) {
	d.counts.Relationships++
	if l.From == nil || l.To == nil || l.Rel == "" {
		d.problem(line, "", "", "a relationship line needs rel, from and to")
		return
	}
	record := fmt.Sprintf("%s %s:%s → %s:%s", l.Rel, l.From.Kind, l.From.ID, l.To.Kind, l.To.ID)
	spec, ok := graph.RelOf(l.From.Kind, l.Rel)
	if !ok || spec.To != l.To.Kind {
		d.problem(line, record, "rel", fmt.Sprintf("no relationship %q from %s to %s", l.Rel, l.From.Kind, l.To.Kind))
		return
	}
	from := graph.Ref{Kind: l.From.Kind, ID: l.From.ID}
	if d.pending == nil || d.pending.Node.Ref() != from {
		if len(d.probs) == 0 || d.pending != nil {
			d.problem(line, record, "from", fmt.Sprintf("a relationship must follow the line of the node it leaves (%s)", from))
		}
		return
	}
	texts, props, ok := d.fields(line, record, spec.Fields, l.Rel, fields)
	if !ok {
		return
	}
	link := graph.Link{Type: l.Rel, From: from, To: graph.Ref{Kind: l.To.Kind, ID: l.To.ID}, Texts: texts, Props: props}
	if l.Provenance != nil {
		link.Provenance = graph.Provenance{Source: l.Provenance.Source, Section: l.Provenance.Section}
	}
	d.pending.Links = append(d.pending.Links, link)
	d.pending.LinkOrigins = append(d.pending.LinkOrigins, seed.LinkOrigin{Origin: seed.Origin{File: d.file, Line: line, Record: record}, Field: "to"})
}

// fields decodes the properties of a line by their declared types.
func (d *dumpReader) fields(line int, record string, specs []graph.FieldSpec, owner string, raw map[string]json.RawMessage) (map[string]graph.Text, map[string]any, bool) {
	texts, props := map[string]graph.Text{}, map[string]any{}
	ok := true
	names := make([]string, 0, len(raw))
	for k := range raw {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, name := range names {
		f, found := fieldSpec(specs, name)
		if !found {
			known := make([]string, len(specs))
			for i, s := range specs {
				known[i] = s.Name
			}
			d.problem(line, record, name, fmt.Sprintf("%s has no such field (it has %s)", owner, strings.Join(known, ", ")))
			ok = false
			continue
		}
		v := raw[name]
		var err error
		switch f.Type {
		case graph.FieldText:
			var m map[string]string
			if err = json.Unmarshal(v, &m); err == nil {
				t := graph.Text{Orig: m["orig"], Values: map[string]string{}}
				for l, s := range m {
					if l != "orig" {
						t.Values[l] = s
					}
				}
				texts[name] = t
			}
		case graph.FieldInt:
			var i int64
			if err = json.Unmarshal(v, &i); err == nil {
				props[name] = i
			}
		case graph.FieldBool:
			var b bool
			if err = json.Unmarshal(v, &b); err == nil {
				props[name] = b
			}
		case graph.FieldStrings:
			var list []string
			if err = json.Unmarshal(v, &list); err == nil {
				props[name] = list
			}
		default:
			var s string
			if err = json.Unmarshal(v, &s); err == nil {
				props[name] = s
			}
		}
		if err != nil {
			d.problem(line, record, name, fmt.Sprintf("want a value of type %s: %v", f.Type, err))
			ok = false
		}
	}
	return texts, props, ok
}

func fieldSpec(specs []graph.FieldSpec, name string) (graph.FieldSpec, bool) {
	for _, f := range specs {
		if f.Name == name {
			return f, true
		}
	}
	return graph.FieldSpec{}, false
}

// ImportDump reads a dump written by Dump back into the graph through the staged
// import (ImportRecords): whole or nothing, every problem named by line.
func (a *App) ImportDump(ctx context.Context, path string, opt ImportOptions) (graph.ChangeResult, error) {
	return a.ImportRecords(ctx, DumpSource(path), opt)
}

// ValidateDump checks a dump without a database: every line as ImportDump reads it,
// every node and relationship against graph/kinds.go's rules, and — a dump being a
// whole graph — every relationship's other end and every provenance's source among
// the dump's own nodes. It returns what the dump holds, or seed.Problems named by line.
func ValidateDump(ctx context.Context, path string) (DumpCounts, error) {
	type ref struct {
		to     graph.Ref
		origin seed.Origin
		field  string
	}
	var (
		counts  DumpCounts
		probs   seed.Problems
		defined = map[graph.Ref]struct{}{}
		needed  []ref
	)
	add := func(o seed.Origin, fps graph.FieldProblems) {
		for _, fp := range fps {
			if len(probs) < maxDumpProblems {
				probs = append(probs, seed.Problem{File: o.File, Line: o.Line, Record: o.Record, Field: fp.Field, Msg: fp.Msg})
			}
		}
	}
	err := DumpSource(path)(ctx, func(rec seed.Record) error {
		counts.Nodes++
		defined[rec.Node.Ref()] = struct{}{}
		add(rec.Origin, graph.Validate(rec.Node, true))
		if s := rec.Node.Provenance.Source; s != "" {
			needed = append(needed, ref{graph.Ref{Kind: graph.KindSource, ID: s}, rec.Origin, "provenance.source"})
		}
		for i, l := range rec.Links {
			counts.Relationships++
			o := rec.LinkOrigins[i].Origin
			add(o, graph.ValidateLink(l))
			needed = append(needed, ref{l.To, o, "to"})
			if s := l.Provenance.Source; s != "" {
				needed = append(needed, ref{graph.Ref{Kind: graph.KindSource, ID: s}, o, "provenance.source"})
			}
		}
		return nil
	})
	if err != nil {
		return counts, err
	}
	for _, n := range needed {
		if _, ok := defined[n.to]; !ok && len(probs) < maxDumpProblems {
			probs = append(probs, seed.Problem{File: n.origin.File, Line: n.origin.Line, Record: n.origin.Record, Field: n.field,
				Msg: fmt.Sprintf("%s %q is not in the dump", n.to.Kind, n.to.ID)})
		}
	}
	if len(probs) > 0 {
		return counts, probs
	}
	return counts, nil
}
