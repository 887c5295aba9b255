package seed

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/practicegraph/practicegraph/graph"
)

// Record is one decoded and validated record: a node, the links it declares and where
// each was read. It is the unit an import streams, whatever its file format.
type Record struct {
	Node        graph.Node
	Origin      Origin
	Links       []graph.Link
	LinkOrigins []LinkOrigin // by index of Links
}

// LinkOrigin says where a link was read: its record and its field, e.g. "links[2].to".
type LinkOrigin struct {
	Origin
	Field string
}

// SourceField returns the field naming the link's source, e.g. "links[2].source".
func (o LinkOrigin) SourceField() string {
	return strings.TrimSuffix(o.Field, ".to") + ".source"
}

// maxProblems bounds the problems a stream collects, so a file wrong throughout does
// not fill memory with messages nobody reads.
const maxProblems = 1000

// Files returns the data files named by paths: files as given, folders' .yaml and .yml
// files in name order.
func Files(paths ...string) ([]string, error) {
	var out []string
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("seed: %w", err)
		}
		if !st.IsDir() {
			out = append(out, p)
			continue
		}
		names, err := filepath.Glob(filepath.Join(p, "*.y*ml"))
		if err != nil {
			return nil, fmt.Errorf("seed: %w", err)
		}
		sort.Strings(names)
		var files []string
		for _, n := range names {
			if strings.HasSuffix(n, ".yaml") || strings.HasSuffix(n, ".yml") {
				files = append(files, n)
			}
		}
		if len(files) == 0 {
			return nil, graph.Errorf(graph.EINVALID, "seed: no .yaml files in %s", p)
		}
		out = append(out, files...)
	}
	return out, nil
}

// Stream decodes files record by record, in order, and calls fn with each valid
// record; only one record's YAML is held at a time. Problems with records (the rules
// of Parse, duplicate ids included) are collected and returned together as Problems
// once every file is read; references between records are not checked here. An error
// from fn stops the stream and is returned as is.
func Stream(ctx context.Context, paths []string, fn func(Record) error) error {
	s := &streamer{fn: fn, seen: map[graph.Ref]fileLine{}, kinds: map[string]graph.Kind{}}
	for i, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			return fmt.Errorf("seed: %w", err)
		}
		s.fileNo = i
		err = s.file(ctx, p, f)
		f.Close()
		if err != nil {
			return err
		}
	}
	if len(s.probs) > 0 {
		return s.probs
	}
	return nil
}

// fileLine locates a record compactly: ids of a large import are all kept, to find
// duplicates.
type fileLine struct {
	file int
	line int
}

type streamer struct {
	fn     func(Record) error
	probs  Problems
	paths  []string
	fileNo int
	seen   map[graph.Ref]fileLine
	kinds  map[string]graph.Kind // the kind of each id seen: ids are unique across kinds
	// stopped is set once maxProblems are collected: records are no longer decoded.
	stopped bool
	// decode decodes one record's lines; nil for decodeItem.
	decode func(text []byte, line int) (*yaml.Node, error)
}

// decodeItem decodes one list item's lines, read from line `line` of the file on,
// into the item's node, with the file's line numbers.
func decodeItem(text []byte, line int) (*yaml.Node, error) {
	if n, ok := fastRecord(text, line); ok {
		return n, nil
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(text, &doc); err != nil {
		return nil, errors.New("not valid YAML: " + err.Error())
	}
	shift(&doc, line-1)
	if len(doc.Content) != 1 || doc.Content[0].Kind != yaml.SequenceNode || len(doc.Content[0].Content) != 1 {
		return nil, errors.New("a record must be one list item")
	}
	return doc.Content[0].Content[0], nil
}

func (s *streamer) problem(ps ...Problem) {
	for _, p := range ps {
		if len(s.probs) == maxProblems {
			s.probs = append(s.probs, Problem{File: p.File, Line: p.Line, Msg: fmt.Sprintf("stopped after %d problems", maxProblems)})
			s.stopped = true
			return
		}
		if !s.stopped {
			s.probs = append(s.probs, p)
		}
	}
}

// file streams one file. A document whose records are a block list ("records:" alone
// on its line, then one "- " item per record) is decoded one record at a time; any
// other document (a flow list, fields after the records) is decoded whole, as Parse does.
func (s *streamer) file(ctx context.Context, name string, r io.Reader) error {
	s.paths = append(s.paths, name)
	br := bufio.NewReaderSize(r, 1<<16)
	lineNo := 0
	docs := 0
	var (
		doc       bytes.Buffer // the current document's header, or the whole of it
		docLine   = 1          // file line of doc's first line
		inRecords bool
		skip      bool // the header has problems, reported: the records are not read
		spec      graph.KindSpec
		source    string
		item      bytes.Buffer // the current record's lines
		itemLine  int
		itemCol   = -1
		pos       int
		tail      bool // a line after the records: the document is not streamable
	)
	flushItem := func() error {
		if item.Len() == 0 {
			return nil
		}
		pos++
		err := s.record(name, spec, source, pos, itemLine, item.Bytes())
		item.Reset()
		return err
	}
	endDoc := func() error {
		if inRecords {
			if err := flushItem(); err != nil {
				return err
			}
			if tail {
				s.problem(Problem{File: name, Line: docLine, Field: "records", Msg: "want a list of records, after kind and source and before nothing else"})
			}
		} else if strings.TrimSpace(stripComments(doc.String())) != "" {
			in := &Input{Origins: map[graph.Ref]Origin{}}
			s.problem(in.parse(name, shiftLines(doc.Bytes(), docLine-1))...)
			for _, rec := range in.records() {
				if err := s.emit(rec); err != nil {
					return err
				}
			}
		}
		if inRecords || strings.TrimSpace(stripComments(doc.String())) != "" {
			docs++
		}
		doc.Reset()
		inRecords, skip, tail, itemCol, pos, source = false, false, false, -1, 0, ""
		return nil
	}
	for {
		line, err := br.ReadBytes('\n')
		if len(line) == 0 && err != nil {
			if !errors.Is(err, io.EOF) {
				return fmt.Errorf("seed: read %s: %w", name, err)
			}
			break
		}
		lineNo++
		if lineNo%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		text := bytes.TrimRight(line, "\r\n")
		if bytes.Equal(text, []byte("---")) || bytes.HasPrefix(text, []byte("--- ")) || bytes.Equal(text, []byte("...")) {
			if err := endDoc(); err != nil {
				return err
			}
			docLine = lineNo + 1
			if bytes.HasPrefix(text, []byte("--- ")) {
				// Content after the marker belongs to the new document: decode it whole.
				doc.WriteString("\n")
				doc.Write(line[4:])
				docLine = lineNo
			}
			continue
		}
		if !inRecords {
			if isRecordsKey(text) {
				var ok bool
				if spec, source, ok = s.header(doc.Bytes()); ok {
					inRecords = true
					continue
				}
				// The header's problems, as the whole document's decoding names them;
				// its records are not worth reading.
				in := &Input{Origins: map[graph.Ref]Origin{}}
				if probs := in.parse(name, shiftLines(append(doc.Bytes(), "records: []\n"...), docLine-1)); len(probs) > 0 {
					s.problem(probs...)
					inRecords, skip = true, true
					continue
				}
			}
			doc.Write(line)
			continue
		}
		col, blank := indentOf(text)
		switch {
		case skip:
		case blank:
			if item.Len() > 0 {
				item.Write(line)
			}
		case tail:
		case itemCol < 0 && text[col] == '-' && (col+1 == len(text) || text[col+1] == ' '):
			itemCol = col
			itemLine = lineNo
			item.Write(line)
		case col == itemCol && text[col] == '-' && (col+1 == len(text) || text[col+1] == ' '):
			if err := flushItem(); err != nil {
				return err
			}
			itemLine = lineNo
			item.Write(line)
		case itemCol >= 0 && col > itemCol:
			item.Write(line)
		default:
			if err := flushItem(); err != nil {
				return err
			}
			tail = true
		}
		if err != nil {
			break
		}
	}
	if err := endDoc(); err != nil {
		return err
	}
	if docs == 0 {
		s.problem(Problem{File: name, Msg: "empty file"})
	}
	return nil
}

// header reads a document's fields before "records:". ok is false when they have a
// problem, which the whole-document decoding then reports.
func (s *streamer) header(text []byte) (spec graph.KindSpec, source string, ok bool) {
	var doc yaml.Node
	if err := yaml.Unmarshal(text, &doc); err != nil || len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
		return spec, "", false
	}
	top := mapping(doc.Content[0])
	for k := range top {
		if k != "kind" && k != "source" {
			return spec, "", false
		}
	}
	k, ok := top["kind"]
	if !ok {
		return spec, "", false
	}
	if spec, ok = graph.KindOf(graph.Kind(k.val.Value)); !ok {
		return spec, "", false
	}
	if src, ok := top["source"]; ok {
		source = src.val.Value
	}
	return spec, source, true
}

// record decodes one record's lines, read from line `line` of the file on.
func (s *streamer) record(name string, spec graph.KindSpec, source string, pos, line int, text []byte) error {
	if s.stopped {
		return nil
	}
	decode := s.decode
	if decode == nil {
		decode = decodeItem
	}
	item, err := decode(text, line)
	if err != nil {
		s.problem(Problem{File: name, Line: line, Record: fmt.Sprintf("#%d", pos), Msg: err.Error()})
		return nil
	}
	in := &Input{Origins: map[graph.Ref]Origin{}}
	if probs := in.parseRecord(name, spec, source, pos, item); len(probs) > 0 {
		s.problem(probs...)
		return nil
	}
	return s.emit(in.records()[0])
}

// emit checks the record's id is new and hands it on.
func (s *streamer) emit(rec Record) error {
	ref := rec.Node.Ref()
	if prev, dup := s.seen[ref]; dup {
		s.problem(Problem{File: rec.Origin.File, Line: rec.Origin.Line, Record: rec.Origin.Record, Field: "id",
			Msg: fmt.Sprintf("duplicate %s id %q, first defined at %s:%d", ref.Kind, ref.ID, s.paths[prev.file], prev.line)})
		return nil
	}
	if other, taken := s.kinds[ref.ID]; taken && other != ref.Kind {
		prev := s.seen[graph.Ref{Kind: other, ID: ref.ID}]
		s.problem(Problem{File: rec.Origin.File, Line: rec.Origin.Line, Record: rec.Origin.Record, Field: "id",
			Msg: fmt.Sprintf("id %q is already the id of a %s (%s:%d); ids are unique across kinds", ref.ID, other, s.paths[prev.file], prev.line)})
		return nil
	}
	s.seen[ref] = fileLine{file: s.fileNo, line: rec.Origin.Line}
	if s.kinds == nil {
		s.kinds = map[string]graph.Kind{}
	}
	s.kinds[ref.ID] = ref.Kind
	if len(s.probs) > 0 {
		return nil // the import fails anyway: only look for more problems
	}
	return s.fn(rec)
}

// records returns the input's records, each with its own links, in the order read.
func (in *Input) records() []Record {
	byFrom := map[graph.Ref][]int{}
	for i, l := range in.Dataset.Links {
		byFrom[l.From] = append(byFrom[l.From], i)
	}
	out := make([]Record, 0, len(in.Dataset.Nodes))
	for _, n := range in.Dataset.Nodes {
		rec := Record{Node: n, Origin: in.Origins[n.Ref()]}
		for _, i := range byFrom[n.Ref()] {
			rec.Links = append(rec.Links, in.Dataset.Links[i])
			rec.LinkOrigins = append(rec.LinkOrigins, LinkOrigin{Origin: in.linkOrigins[i].Origin, Field: in.linkOrigins[i].Field})
		}
		out = append(out, rec)
	}
	return out
}

// Records returns the input's records in the order read, for an import to stream.
func (in *Input) Records() []Record { return in.records() }

// isRecordsKey reports whether a line is "records:" alone, the start of a block list.
func isRecordsKey(text []byte) bool {
	t := string(text)
	if i := strings.Index(t, " #"); i >= 0 {
		t = t[:i]
	}
	return strings.TrimRight(t, " \t") == "records:"
}

// indentOf returns the column of a line's first character and whether the line is
// blank or a comment.
func indentOf(text []byte) (int, bool) {
	for i, c := range text {
		switch c {
		case ' ':
			continue
		case '#':
			return i, true
		}
		return i, false
	}
	return len(text), true
}

func stripComments(s string) string {
	var b strings.Builder
	for _, l := range strings.Split(s, "\n") {
		if t := strings.TrimSpace(l); t != "" && !strings.HasPrefix(t, "#") {
			b.WriteString(l + "\n")
		}
	}
	return b.String()
}

// shiftLines prefixes text with n empty lines, so a document decoded alone reports the
// lines of its file.
func shiftLines(text []byte, n int) []byte {
	if n <= 0 {
		return text
	}
	return append(bytes.Repeat([]byte("\n"), n), text...)
}

// shift adds n to the line of every YAML node of the tree.
func shift(n *yaml.Node, by int) {
	n.Line += by
	for _, c := range n.Content {
		shift(c, by)
	}
}
