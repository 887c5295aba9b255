package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/practicegraph/practicegraph/graph"
	"github.com/practicegraph/practicegraph/seed"
)

// CatalogueAction says what a catalogue import does, or would do, with one entity.
type CatalogueAction string

// The actions of a catalogue import.
const (
	CatalogueCreate    CatalogueAction = "create"    // new in the graph
	CatalogueChange    CatalogueAction = "change"    // in the graph, with fields or links the row changes
	CatalogueUnchanged CatalogueAction = "unchanged" // in the graph as the row has it
	CatalogueMatch     CatalogueAction = "match"     // an existing city, country, organisation or theme the row names
)

// CatalogueOptions are the optional parts of a catalogue import.
type CatalogueOptions struct {
	// DryRun plans the import and reports it without writing anything.
	DryRun bool
	// SourceTitle is the title of the sources of rows without a source_title; when both
	// are missing a source is titled by its address.
	SourceTitle string
	// Progress, when set, is told how the write advances.
	Progress ImportProgress
	// ThisYear decides whether a period's end year is past; 0 is the current year.
	ThisYear int
}

// CatalogueEntity is one entity a row names, and what the import does with it.
type CatalogueEntity struct {
	Kind   graph.Kind
	ID     string
	Name   string
	Action CatalogueAction
}

// CatalogueRowReport is what the import does with one row.
type CatalogueRowReport struct {
	Line         int // the row's line in the file
	Practice     CatalogueEntity
	Changed      []string // fields and relationships a change writes
	Country      CatalogueEntity
	City         *CatalogueEntity
	Organisation *CatalogueEntity
	Themes       []CatalogueEntity
	Source       CatalogueEntity
	StartYear    int // 0 when the period gives none
	EndYear      int
	Status       string
}

// CatalogueCounts counts distinct entities by what the import does with them.
type CatalogueCounts struct {
	Rows                                                             int
	PracticesCreated, PracticesChanged, PracticesUnchanged           int
	CitiesCreated, CitiesMatched, CountriesCreated, CountriesMatched int
	OrganisationsCreated, OrganisationsMatched                       int
	ThemesCreated, ThemesMatched                                     int
	SourcesCreated, SourcesChanged, SourcesUnchanged                 int
}

// CatalogueReport is what a catalogue import did, or on a dry run would do.
type CatalogueReport struct {
	DryRun bool
	// Written is true when the import was published; false on a dry run, when the file
	// was refused, and when the graph already held everything (nothing to write).
	Written bool
	// Version is the graph's version after the import (before it, when nothing was written).
	Version  int64
	Rows     []CatalogueRowReport
	Counts   CatalogueCounts
	Warnings []seed.CatalogueProblem // refuse nothing: e.g. a period read as text only
	Problems []seed.CatalogueProblem // refuse the whole file: nothing is written
	Result   graph.ChangeResult      // what the write did, when Written
}

// ImportCatalogue reads a catalogue CSV in the ICC good-practice card template (see
// seed.StreamCatalogue) and writes one practice per row, whole or not at all, through
// ImportRecords: every row is parsed, matched and validated first, and any problem
// refuses the whole file (returned in the report and as seed.CatalogueProblems, an
// EINVALID error). A row's country, city, organisation and themes are matched to the
// graph's by name in any language, alias, acronym or ISO code (accents, case and
// punctuation folded through graph.Slug), and created only when none matches; two
// candidates for one name refuse the file naming them. Practice and source ids derive
// from the row (seed.PracticeID, seed.SourceID), so importing the same file again
// finds everything unchanged and writes nothing, not even a new graph version.
func (a *App) ImportCatalogue(ctx context.Context, r io.ReadSeeker, opt CatalogueOptions) (CatalogueReport, error) {
	rep := CatalogueReport{DryRun: opt.DryRun}
	if opt.ThisYear == 0 {
		opt.ThisYear = time.Now().Year()
	}
	// The file is read twice, a chunk of rows at a time, so that one of any size fits
	// in bounded memory: once to work the import out and report it (nothing is staged
	// for a file that will be refused, or a dry run, or one the graph already holds),
	// then again to write it.
	plan, err := a.newCataloguePlan(ctx, opt, true)
	if err != nil {
		return rep, err
	}
	warns, err := seed.StreamCatalogue(r, opt.ThisYear, catalogueChunk, func(rows []seed.CatalogueRow) error {
		return a.planChunk(ctx, plan, rows)
	})
	rep.Warnings, rep.Rows, rep.Counts = warns, plan.rows, plan.counts
	var parsed seed.CatalogueProblems
	if err != nil && !errors.As(err, &parsed) {
		return rep, err
	}
	if probs := append(append([]seed.CatalogueProblem{}, parsed...), plan.probs...); len(probs) > 0 {
		rep.Problems = seed.SortedProblems(probs)
		return rep, seed.CatalogueProblems(rep.Problems)
	}
	if rep.Version, err = a.Store.Version(ctx); err != nil {
		return rep, fmt.Errorf("catalogue: %w", err)
	}
	if opt.DryRun || plan.writes == 0 {
		return rep, nil
	}
	if _, err := r.Seek(0, io.SeekStart); err != nil {
		return rep, fmt.Errorf("catalogue: read the file again: %w", err)
	}
	res, err := a.ImportRecords(ctx, func(ctx context.Context, fn func(seed.Record) error) error {
		write, err := a.newCataloguePlan(ctx, opt, false)
		if err != nil {
			return err
		}
		write.emit = fn
		if _, err := seed.StreamCatalogue(r, opt.ThisYear, catalogueChunk, func(rows []seed.CatalogueRow) error {
			return a.planChunk(ctx, write, rows)
		}); err != nil {
			return err
		}
		if len(write.probs) > 0 {
			// The graph changed between the two readings (an editor's write made a name
			// ambiguous): nothing is published.
			return seed.CatalogueProblems(seed.SortedProblems(write.probs))
		}
		return nil
	}, ImportOptions{Progress: opt.Progress})
	if err != nil {
		return rep, fmt.Errorf("catalogue: %w", err)
	}
	rep.Written, rep.Version, rep.Result = true, res.Version, res
	return rep, nil
}

// vocabEntry is a city, country, organisation or theme a row may name.
type vocabEntry struct {
	node    graph.Node
	country string // a city's country id, "" when unknown
	created bool   // made by this import
	counted bool   // already counted in the report
}

// vocabulary finds the entities of one kind by the slugs of their names.
type vocabulary struct {
	kind graph.Kind
	// byName holds ids and names in every language; byOther aliases, acronyms and ISO
	// codes, consulted only when no name matches: an acronym two bodies share must not
	// make a name that one of them bears ambiguous.
	byName, byOther map[string][]*vocabEntry
	ids             map[string]*vocabEntry
	// held is the kind of every id of the graph and of the import so far, shared by the
	// vocabularies: ids are unique across kinds, so a new entity's id must be free in all.
	held map[string]graph.Kind
}

func newVocabulary(kind graph.Kind, held map[string]graph.Kind) *vocabulary {
	return &vocabulary{kind: kind, byName: map[string][]*vocabEntry{}, byOther: map[string][]*vocabEntry{}, ids: map[string]*vocabEntry{}, held: held}
}

// add indexes an entity under its id, every language of its name or title, its
// aliases, acronym and ISO code.
func (v *vocabulary) add(e *vocabEntry) {
	v.ids[e.node.ID] = e
	v.held[e.node.ID] = v.kind
	names := []string{e.node.ID}
	for _, f := range []string{"name", "title"} {
		for _, s := range e.node.Text(f).Values {
			names = append(names, graph.Slug(s))
		}
	}
	var others []string
	for _, f := range []string{"acronym", "iso2"} {
		if s := e.node.String(f); s != "" {
			others = append(others, graph.Slug(s))
		}
	}
	for _, s := range e.node.Strings("aliases") {
		others = append(others, graph.Slug(s))
	}
	index(v.byName, names, e)
	index(v.byOther, others, e)
}

func index(m map[string][]*vocabEntry, keys []string, e *vocabEntry) {
	slices.Sort(keys)
	for _, k := range slices.Compact(keys) {
		if k != "" {
			m[k] = append(m[k], e)
		}
	}
}

// find returns the entities a name may mean: those it names, else those it is an
// alias, acronym or code of.
func (v *vocabulary) find(name string) []*vocabEntry {
	k := graph.Slug(name)
	if es := v.byName[k]; len(es) > 0 {
		return es
	}
	return v.byOther[k]
}

// freeID returns want, or want with a suffix, that no entity of any kind has.
func (v *vocabulary) freeID(want, suffix string) string {
	return freeID(v.held, want, suffix, "")
}

// freeID returns want, or want with a suffix, that no entity holds, or that an entity of
// kind own holds (the same entity, met again: a second import of a file). Deterministic,
// so importing the same file twice gives the same ids.
func freeID(held map[string]graph.Kind, want, suffix string, own graph.Kind) string {
	if k, taken := held[want]; !taken || (own != "" && k == own) {
		return want
	}
	for i := 0; ; i++ {
		id := graph.Slug(want + " " + suffix)
		if i > 0 {
			id = fmt.Sprintf("%s-%d", id, i+1)
		}
		if k, taken := held[id]; !taken || (own != "" && k == own) {
			return id
		}
	}
}

// loadVocabulary reads every entity of a kind, with their countries for cities.
func (a *App) loadVocabulary(ctx context.Context, kind graph.Kind, held map[string]graph.Kind) (*vocabulary, error) {
	v := newVocabulary(kind, held)
	refs, err := a.Store.AllRefs(ctx, []graph.Kind{kind})
	if err != nil {
		return nil, fmt.Errorf("catalogue: read %s: %w", kind, err)
	}
	ids := make([]string, len(refs))
	for i, r := range refs {
		ids[i] = r.ID
	}
	nodes, err := a.Store.Nodes(ctx, kind, ids)
	if err != nil {
		return nil, fmt.Errorf("catalogue: read %s: %w", kind, err)
	}
	var countries map[graph.Ref][]graph.Edge
	if kind == graph.KindCity && len(refs) > 0 {
		countries, err = a.Store.Neighbours(ctx, graph.NeighbourQuery{From: refs, Type: graph.RelInCountry, Direction: graph.Out, Kind: graph.KindCountry,
			Select: &graph.Projection{}})
		if err != nil {
			return nil, fmt.Errorf("catalogue: read cities' countries: %w", err)
		}
	}
	for _, id := range ids {
		n, ok := nodes[id]
		if !ok {
			continue
		}
		e := &vocabEntry{node: n}
		if es := countries[n.Ref()]; len(es) > 0 {
			e.country = es[0].Node.ID
		}
		v.add(e)
	}
	return v, nil
}

// catalogueChunk is how many rows are matched, compared with the graph and written
// together: the long texts of a chunk's rows are the only ones held at a time.
const catalogueChunk = 2000

// cataloguePlan is an import worked out chunk by chunk: the report's rows and counts,
// its problems, what the graph holds and what the import has planned so far, and the
// records of the current chunk, handed to emit once the chunk is worked out.
type cataloguePlan struct {
	opt      CatalogueOptions
	keepRows bool // false when the report's rows are not wanted (the writing pass)
	rows     []CatalogueRowReport
	counts   CatalogueCounts
	probs    []seed.CatalogueProblem
	// emit takes each record to write; nil when only planning.
	emit    func(seed.Record) error
	records []seed.Record // the current chunk's
	writes  int           // records planned in all

	// held is every id of the graph and of the import so far, whatever its kind: a new
	// entity's id must be free in all.
	held  map[string]graph.Kind
	vocab map[graph.Kind]*vocabulary
	// sources are the rows' sources met so far, by id: their title and what the import
	// does with them.
	sources map[string]sourceSeen
	// practiceLine is the row of each practice met so far, for naming a duplicate.
	practiceLine map[string]int
}

// sourceSeen is a catalogue page the rows named.
type sourceSeen struct {
	title  string
	action CatalogueAction
}

// newCataloguePlan reads what matching needs from the graph: every id, and the
// countries, cities, organisations and themes with their names.
func (a *App) newCataloguePlan(ctx context.Context, opt CatalogueOptions, keepRows bool) (*cataloguePlan, error) {
	plan := &cataloguePlan{opt: opt, keepRows: keepRows, held: map[string]graph.Kind{}, vocab: map[graph.Kind]*vocabulary{},
		sources: map[string]sourceSeen{}, practiceLine: map[string]int{}}
	var kinds []graph.Kind
	for _, spec := range graph.Kinds() {
		kinds = append(kinds, spec.Kind)
	}
	all, err := a.Store.AllRefs(ctx, kinds)
	if err != nil {
		return nil, fmt.Errorf("catalogue: read ids: %w", err)
	}
	for _, r := range all {
		plan.held[r.ID] = r.Kind
	}
	for _, k := range []graph.Kind{graph.KindCountry, graph.KindCity, graph.KindOrganisation, graph.KindTheme} {
		v, err := a.loadVocabulary(ctx, k, plan.held)
		if err != nil {
			return nil, err
		}
		plan.vocab[k] = v
	}
	return plan, nil
}

// planChunk matches a chunk of rows against the graph and what the rows before planned,
// then, when nothing is wrong so far, compares the chunk's practices with the stored
// ones and hands its records to emit.
func (a *App) planChunk(ctx context.Context, plan *cataloguePlan, rows []seed.CatalogueRow) error {
	opt, held, vocab := plan.opt, plan.held, plan.vocab
	plan.counts.Rows += len(rows)
	bad := func(line int, col, msg string) {
		plan.probs = append(plan.probs, seed.CatalogueProblem{Line: line, Column: col, Msg: msg})
	}

	// Sources first: one per distinct address, its title and language from its first row.
	type sourcePlan struct {
		node graph.Node
		line int
	}
	sources := map[string]*sourcePlan{}
	var sourceIDs []string
	for _, row := range rows {
		id := freeID(held, seed.SourceID(row.SourceURL), "source", graph.KindSource)
		if _, ok := plan.sources[id]; ok {
			continue
		}
		if _, ok := sources[id]; ok {
			continue
		}
		held[id] = graph.KindSource
		title := row.SourceTitle
		if title == "" {
			title = opt.SourceTitle
		}
		if title == "" {
			title = row.SourceURL
		}
		sources[id] = &sourcePlan{line: row.Line, node: graph.Node{Kind: graph.KindSource, ID: id,
			Texts:      map[string]graph.Text{graph.FieldSourceTitle: monolingual(row.Language, title)},
			Props:      map[string]any{graph.FieldSourceUrl: row.SourceURL, graph.FieldSourceLanguage: row.Language},
			Provenance: graph.Provenance{Source: id, Section: "catalogue page"}}}
		sourceIDs = append(sourceIDs, id)
	}
	storedSources, err := a.Store.Nodes(ctx, graph.KindSource, sourceIDs)
	if err != nil {
		return fmt.Errorf("catalogue: read sources: %w", err)
	}
	for _, id := range sourceIDs {
		sp := sources[id]
		act := CatalogueCreate
		if old, ok := storedSources[id]; ok {
			act = CatalogueUnchanged
			if len(changedFields(old, sp.node)) > 0 {
				act = CatalogueChange
			}
		}
		plan.sources[id] = sourceSeen{title: sp.node.Text(graph.FieldSourceTitle).Original(), action: act}
		switch act {
		case CatalogueCreate:
			plan.counts.SourcesCreated++
		case CatalogueChange:
			plan.counts.SourcesChanged++
		default:
			plan.counts.SourcesUnchanged++
			continue
		}
		plan.add(sp.line, sp.node, nil)
	}

	// Then each row: its country, city, organisation and themes, matched or created.
	practiceLine := plan.practiceLine
	var practices []graph.Node
	var practiceLinks [][]graph.Link
	var lines []int
	var reports []CatalogueRowReport
	for _, row := range rows {
		rep := CatalogueRowReport{Line: row.Line, StartYear: row.StartYear, EndYear: row.EndYear, Status: row.Status}
		src := freeID(held, seed.SourceID(row.SourceURL), "source", graph.KindSource)
		rep.Source = CatalogueEntity{Kind: graph.KindSource, ID: src, Name: plan.sources[src].title, Action: plan.sources[src].action}
		prov := graph.Provenance{Source: src, Section: row.Title}
		nprobs := len(plan.probs)

		country, ok := plan.country(vocab[graph.KindCountry], row, prov, bad)
		if ok {
			rep.Country = country
		}
		var links []graph.Link
		pid := freeID(held, seed.PracticeID(row.Title, row.City, row.Country), "practice", graph.KindPractice)
		held[pid] = graph.KindPractice
		from := graph.Ref{Kind: graph.KindPractice, ID: pid}
		link := func(typ string, to graph.Ref) {
			links = append(links, graph.Link{Type: typ, From: from, To: to, Provenance: prov})
		}
		if row.City != "" && ok {
			if city, ok := plan.city(vocab[graph.KindCity], row, country, prov, bad); ok {
				rep.City = &city
				link(graph.RelRunBy, graph.Ref{Kind: graph.KindCity, ID: city.ID})
			}
		}
		if row.Organisation != "" {
			if org, ok := plan.named(vocab[graph.KindOrganisation], row, row.Organisation, "organisation", prov, bad,
				map[string]any{graph.FieldOrganisationType: "other"}); ok {
				rep.Organisation = &org
				link(graph.RelInvolves, graph.Ref{Kind: graph.KindOrganisation, ID: org.ID})
			}
		}
		for _, th := range row.Themes {
			if theme, ok := plan.named(vocab[graph.KindTheme], row, th, "themes", prov, bad,
				map[string]any{graph.FieldThemeType: "policy-area"}); ok {
				rep.Themes = append(rep.Themes, theme)
				link(graph.RelHasTheme, graph.Ref{Kind: graph.KindTheme, ID: theme.ID})
			}
		}

		p := graph.Node{Kind: graph.KindPractice, ID: pid, Texts: map[string]graph.Text{}, Props: map[string]any{}, Provenance: prov}
		p.Texts[graph.FieldPracticeName] = monolingual(row.Language, row.Title)
		for field, value := range map[string]string{
			graph.FieldPracticePurpose: row.Purpose, graph.FieldPracticeRationale: row.Rationale,
			graph.FieldPracticeProcess: row.Process, graph.FieldPracticeOutcomes: row.Outcomes, graph.FieldPracticePeriod: row.Period,
		} {
			if value != "" {
				p.Texts[field] = monolingual(row.Language, value)
			}
		}
		if row.Contact != "" {
			p.Props[graph.FieldPracticeContact] = row.Contact
		}
		if row.StartYear != 0 {
			p.Props[graph.FieldPracticeStartYear] = int64(row.StartYear)
		}
		if row.EndYear != 0 {
			p.Props[graph.FieldPracticeEndYear] = int64(row.EndYear)
		}
		if row.Status != "" {
			p.Props[graph.FieldPracticeStatus] = row.Status
		}
		for _, fp := range graph.Validate(p, true) {
			bad(row.Line, catalogueColumn(fp.Field), fp.Msg)
		}
		if first, dup := practiceLine[pid]; dup {
			bad(row.Line, "title", fmt.Sprintf("the same practice as row %d (same title and city: id %q)", first, pid))
		}
		practiceLine[pid] = row.Line
		rep.Practice = CatalogueEntity{Kind: graph.KindPractice, ID: pid, Name: row.Title}
		reports = append(reports, rep)
		if len(plan.probs) == nprobs {
			practices = append(practices, p)
			practiceLinks = append(practiceLinks, links)
			lines = append(lines, row.Line)
		}
	}
	if len(plan.probs) > 0 {
		// The file is refused: the remaining rows are matched only for their problems.
		return plan.flush(reports)
	}

	// Last the practices, compared with what the graph holds: a row as stored is not written.
	ids := make([]string, len(practices))
	refs := make([]graph.Ref, len(practices))
	for i, p := range practices {
		ids[i], refs[i] = p.ID, p.Ref()
	}
	stored, err := a.Store.Nodes(ctx, graph.KindPractice, ids)
	if err != nil {
		return fmt.Errorf("catalogue: read practices: %w", err)
	}
	storedLinks := map[string]map[graph.Ref][]graph.Edge{}
	if len(stored) > 0 {
		var existing []graph.Ref
		for _, r := range refs {
			if _, ok := stored[r.ID]; ok {
				existing = append(existing, r)
			}
		}
		for _, rel := range []struct {
			typ  string
			kind graph.Kind
		}{{graph.RelRunBy, graph.KindCity}, {graph.RelInvolves, graph.KindOrganisation}, {graph.RelHasTheme, graph.KindTheme}} {
			es, err := a.Store.Neighbours(ctx, graph.NeighbourQuery{From: existing, Type: rel.typ, Direction: graph.Out, Kind: rel.kind, Select: &graph.Projection{}})
			if err != nil {
				return fmt.Errorf("catalogue: read practices' links: %w", err)
			}
			storedLinks[rel.typ] = es
		}
	}
	byLine := map[int]*CatalogueRowReport{}
	for i := range reports {
		byLine[reports[i].Line] = &reports[i]
	}
	for i, p := range practices {
		rep := byLine[lines[i]]
		old, exists := stored[p.ID]
		if !exists {
			rep.Practice.Action = CatalogueCreate
			plan.counts.PracticesCreated++
			plan.add(lines[i], p, practiceLinks[i])
			continue
		}
		changed := changedFields(old, p)
		for _, l := range practiceLinks[i] {
			if !hasEdge(storedLinks[l.Type][p.Ref()], l.To) {
				changed = append(changed, l.Type+"→"+l.To.ID)
			}
		}
		if len(changed) == 0 {
			rep.Practice.Action = CatalogueUnchanged
			plan.counts.PracticesUnchanged++
			continue
		}
		rep.Practice.Action, rep.Changed = CatalogueChange, changed
		plan.counts.PracticesChanged++
		plan.add(lines[i], p, practiceLinks[i])
	}
	return plan.flush(reports)
}

// flush keeps a chunk's row reports and hands its records to emit.
func (plan *cataloguePlan) flush(reports []CatalogueRowReport) error {
	if plan.keepRows {
		plan.rows = append(plan.rows, reports...)
	}
	recs := plan.records
	plan.records = nil
	if plan.emit == nil || len(plan.probs) > 0 {
		return nil
	}
	for _, rec := range recs {
		if err := plan.emit(rec); err != nil {
			return err
		}
	}
	return nil
}

// add queues a record to write, placed at its row: the staged import names a problem
// it finds as "catalogue:LINE: record Practice id: …".
func (plan *cataloguePlan) add(line int, n graph.Node, links []graph.Link) {
	origin := seed.Origin{File: "catalogue", Line: line, Record: fmt.Sprintf("%s %s", n.Kind, n.ID)}
	rec := seed.Record{Node: n, Origin: origin, Links: links}
	for i := range links {
		rec.LinkOrigins = append(rec.LinkOrigins, seed.LinkOrigin{Origin: origin, Field: fmt.Sprintf("links[%d].to", i)})
	}
	plan.records = append(plan.records, rec)
	plan.writes++
}

// country matches a row's country, or plans it.
func (plan *cataloguePlan) country(v *vocabulary, row seed.CatalogueRow, prov graph.Provenance, bad func(int, string, string)) (CatalogueEntity, bool) {
	cands := v.find(row.Country)
	code, english, known := seed.CountryCode(row.Country)
	if len(cands) == 0 && known {
		// "UK" for the graph's "United Kingdom": the same ISO code.
		cands = v.find(code)
	}
	switch {
	case len(cands) > 1:
		bad(row.Line, "country", fmt.Sprintf("%q is ambiguous: it may be %s", row.Country, candidates(cands)))
		return CatalogueEntity{}, false
	case len(cands) == 1:
		return plan.use(cands[0], CatalogueMatch), true
	case !known:
		bad(row.Line, "country", fmt.Sprintf("unknown country %q: neither in the graph nor a country name or ISO 3166-1 alpha-2 code known to the import; write its English name or its code", row.Country))
		return CatalogueEntity{}, false
	}
	name := row.Country
	if strings.EqualFold(name, code) {
		name = english // the row gave the code only: the country is named by ISO 3166
	}
	n := graph.Node{Kind: graph.KindCountry, ID: v.freeID(graph.Slug(english), code),
		Texts:      map[string]graph.Text{graph.FieldCountryName: monolingual(row.Language, name)},
		Props:      map[string]any{graph.FieldCountryIso2: code},
		Provenance: prov}
	if name == english && row.Language != "en" {
		n.Texts[graph.FieldCountryName] = monolingual("en", english)
	}
	e := &vocabEntry{node: n, created: true}
	v.add(e)
	plan.add(row.Line, n, nil)
	return plan.use(e, CatalogueCreate), true
}

// city matches a row's city within its country, or plans it with its IN_COUNTRY link.
func (plan *cataloguePlan) city(v *vocabulary, row seed.CatalogueRow, country CatalogueEntity, prov graph.Provenance, bad func(int, string, string)) (CatalogueEntity, bool) {
	within := func(name string) []*vocabEntry {
		var out []*vocabEntry
		for _, e := range v.find(name) {
			// A city of the same name in another country is another city.
			if e.country == country.ID || e.country == "" {
				out = append(out, e)
			}
		}
		return out
	}
	cands := within(row.City)
	if bare := bareCityName(row.City); len(cands) == 0 && bare != "" {
		// "City of Bradford" or "Bilbao (Basque Country)" is the graph's Bradford or Bilbao.
		cands = within(bare)
	}
	switch {
	case len(cands) > 1:
		bad(row.Line, "city", fmt.Sprintf("%q is ambiguous: it may be %s", row.City, candidates(cands)))
		return CatalogueEntity{}, false
	case len(cands) == 1:
		return plan.use(cands[0], CatalogueMatch), true
	}
	n := graph.Node{Kind: graph.KindCity, ID: v.freeID(graph.Slug(row.City), country.ID),
		Texts:      map[string]graph.Text{graph.FieldCityName: monolingual(row.Language, row.City)},
		Props:      map[string]any{},
		Provenance: prov}
	e := &vocabEntry{node: n, country: country.ID, created: true}
	v.add(e)
	plan.add(row.Line, n, []graph.Link{{Type: graph.RelInCountry, From: n.Ref(), To: graph.Ref{Kind: graph.KindCountry, ID: country.ID}, Provenance: prov}})
	return plan.use(e, CatalogueCreate), true
}

// cityWords are the words catalogues put around a city's name: "City of Bradford",
// "Comune di Reggio Emilia", "Bradford City Council".
var (
	cityPrefixes = []string{"city of ", "town of ", "municipality of ", "metropolitan city of ", "ville de ", "commune de ",
		"comune di ", "citta di ", "ayuntamiento de ", "municipio de ", "ciudad de ", "camara municipal de ", "municipio do ",
		"gemeente ", "stadt ", "landeshauptstadt ", "miasto "}
	citySuffixes = []string{" city council", " county council", " municipality", " municipal council", " city"}
)

// bareCityName returns a city's name without what catalogues put around it: a
// parenthesis, "City of", "Municipality", "City Council"… in lower case with accents
// folded; "" when nothing was around it.
func bareCityName(name string) string {
	s := strings.ToLower(graph.Fold(strings.TrimSpace(name)))
	if i := strings.Index(s, "("); i > 0 {
		s = strings.TrimSpace(s[:i])
	}
	for _, p := range cityPrefixes {
		s = strings.TrimPrefix(s, p)
	}
	for _, x := range citySuffixes {
		s = strings.TrimSuffix(s, x)
	}
	s = strings.TrimSpace(s)
	if s == strings.ToLower(graph.Fold(strings.TrimSpace(name))) {
		return ""
	}
	return s
}

// named matches an organisation or theme by name, or plans it with the given fields.
func (plan *cataloguePlan) named(v *vocabulary, row seed.CatalogueRow, name, column string, prov graph.Provenance, bad func(int, string, string), props map[string]any) (CatalogueEntity, bool) {
	cands := v.find(name)
	switch {
	case len(cands) > 1:
		bad(row.Line, column, fmt.Sprintf("%q is ambiguous: it may be %s", name, candidates(cands)))
		return CatalogueEntity{}, false
	case len(cands) == 1:
		return plan.use(cands[0], CatalogueMatch), true
	}
	id := v.freeID(graph.Slug(name), "catalogue")
	if !graph.IsSlug(id) {
		bad(row.Line, column, fmt.Sprintf("%q makes no id: write it with letters or digits", name))
		return CatalogueEntity{}, false
	}
	n := graph.Node{Kind: v.kind, ID: id, Texts: map[string]graph.Text{"name": monolingual(row.Language, name)},
		Props: map[string]any{}, Provenance: prov}
	for k, val := range props {
		n.Props[k] = val
	}
	e := &vocabEntry{node: n, created: true}
	v.add(e)
	plan.add(row.Line, n, nil)
	return plan.use(e, CatalogueCreate), true
}

// use reports an entity a row names, counting it once.
func (plan *cataloguePlan) use(e *vocabEntry, act CatalogueAction) CatalogueEntity {
	if e.created {
		act = CatalogueCreate
	}
	if !e.counted {
		e.counted = true
		c := &plan.counts
		counters := map[graph.Kind][2]*int{
			graph.KindCountry:      {&c.CountriesCreated, &c.CountriesMatched},
			graph.KindCity:         {&c.CitiesCreated, &c.CitiesMatched},
			graph.KindOrganisation: {&c.OrganisationsCreated, &c.OrganisationsMatched},
			graph.KindTheme:        {&c.ThemesCreated, &c.ThemesMatched},
		}[e.node.Kind]
		if act == CatalogueCreate {
			*counters[0]++
		} else {
			*counters[1]++
		}
	}
	return CatalogueEntity{Kind: e.node.Kind, ID: e.node.ID, Name: e.node.Label("en"), Action: act}
}

// candidates names the entities an ambiguous name may mean.
func candidates(es []*vocabEntry) string {
	out := make([]string, len(es))
	for i, e := range es {
		s := fmt.Sprintf("%s %q (%s)", e.node.Kind, e.node.ID, e.node.Label("en"))
		if e.country != "" {
			s += " in " + e.country
		}
		out[i] = s
	}
	sort.Strings(out)
	return strings.Join(out, " or ")
}

// monolingual is a text in its original language only: a catalogue gives no translations.
func monolingual(lang, s string) graph.Text {
	return graph.Text{Orig: lang, Values: map[string]string{lang: s}}
}

// changedFields names the fields of n whose value differs from old's. A stored text is
// the same when its original is: translations an editor added are not the row's to judge.
func changedFields(old, n graph.Node) []string {
	var out []string
	for f, t := range n.Texts {
		o := old.Text(f)
		if o.Orig != t.Orig || o.Original() != t.Original() {
			out = append(out, f)
		}
	}
	for f, v := range n.Props {
		if fmt.Sprint(old.Props[f]) != fmt.Sprint(v) {
			out = append(out, f)
		}
	}
	sort.Strings(out)
	return out
}

func hasEdge(es []graph.Edge, to graph.Ref) bool {
	for _, e := range es {
		if e.Node.Ref() == to {
			return true
		}
	}
	return false
}

// catalogueColumn is the CSV column a practice's field comes from.
func catalogueColumn(field string) string {
	switch field {
	case graph.FieldPracticeName:
		return "title"
	case graph.FieldPracticeStartYear, graph.FieldPracticeEndYear, graph.FieldPracticeStatus:
		return "period"
	case "provenance.source":
		return "source_url"
	}
	return field
}
