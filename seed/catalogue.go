package seed

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/practicegraph/practicegraph/graph"
)

// CatalogueColumns are the columns of a catalogue CSV in the ICC good-practice card
// template; the first four are required.
var CatalogueColumns = []string{
	"title", "country", "language", "source_url",
	"city", "period", "purpose", "rationale", "process", "outcomes", "contact", "organisation", "themes", "source_title",
}

// requiredColumns are the columns every catalogue CSV has, and every row fills.
var requiredColumns = []string{"title", "country", "language", "source_url"}

// CatalogueRow is one card of a catalogue: one practice, as the CSV gives it, trimmed.
type CatalogueRow struct {
	Line         int    // the row's line in the file, the header being line 1
	Title        string // the practice's name, in Language
	Country      string // a country's name or ISO 3166-1 alpha-2 code
	Language     string // ISO 639-1 code of the card's texts
	SourceURL    string // the catalogue page the card comes from
	City         string
	Period       string // as the card writes it, e.g. "2019 - ongoing"
	Purpose      string
	Rationale    string
	Process      string
	Outcomes     string
	Contact      string
	Organisation string
	Themes       []string // names or ids, split on ';'
	SourceTitle  string
	// Years and status read from Period (ParsePeriod); zero and "" where it says nothing.
	StartYear, EndYear int
	Status             string
}

// CatalogueProblem is one thing wrong with a catalogue file: its line (0: the file as a
// whole) and column ("" when it is not one column's).
type CatalogueProblem struct {
	Line   int
	Column string
	Msg    string
}

// String formats the problem as "row 3: column title: message".
func (p CatalogueProblem) String() string {
	var b strings.Builder
	if p.Line > 0 {
		fmt.Fprintf(&b, "row %d: ", p.Line)
	}
	if p.Column != "" {
		b.WriteString("column " + p.Column + ": ")
	}
	b.WriteString(p.Msg)
	return b.String()
}

// CatalogueProblems is everything wrong with a catalogue file; it is an EINVALID error.
type CatalogueProblems []CatalogueProblem

// ErrorCode says the problems are the user's input to fix.
func (ps CatalogueProblems) ErrorCode() string { return graph.EINVALID }

// Error lists the problems, one a line.
func (ps CatalogueProblems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return fmt.Sprintf("%d problem(s):\n%s", len(ps), strings.Join(lines, "\n"))
}

// Catalogue is a parsed catalogue file: its rows, and warnings that refuse nothing (a
// period that says no year, kept as text only).
type Catalogue struct {
	Rows     []CatalogueRow
	Warnings []CatalogueProblem
}

// maxCatalogueProblems bounds the problems kept, so a file wrong throughout does not
// fill memory with messages nobody reads.
const maxCatalogueProblems = 1000

// ParseCatalogue reads a UTF-8 CSV catalogue with a header row (a byte-order mark is
// allowed; header names ignore case, spaces, dashes and slashes, and a few other usual
// names are understood, e.g. Stimulus/Rationale). Every row is checked before anything
// is returned: a required column missing or empty, a language that is not ISO 639-1, a
// source URL that is not http(s) refuse the whole file, each problem named by its line
// and column. An unknown column is ignored with a warning naming it. thisYear decides whether a period's end year is past.
// It holds the whole file's rows; StreamCatalogue reads one chunk of rows at a time.
func ParseCatalogue(r io.Reader, thisYear int) (*Catalogue, error) {
	cat := &Catalogue{}
	warns, err := StreamCatalogue(r, thisYear, 1000, func(rows []CatalogueRow) error {
		cat.Rows = append(cat.Rows, rows...)
		return nil
	})
	if err != nil {
		return nil, err
	}
	cat.Warnings = warns
	return cat, nil
}

// StreamCatalogue reads a catalogue as ParseCatalogue does, handing fn its good rows a
// chunk of at most chunk rows at a time, so that a file of any size is read in bounded
// memory: the long texts of a chunk's rows are garbage once fn returns, unless fn keeps
// them (the short fields — title, city, country… — are copies of their own). Rows with
// problems are not handed over; the problems of the whole file (at most a thousand)
// come back at the end as CatalogueProblems, so a caller writing as it reads must undo
// its writes on that error. An error fn returns stops the reading and is returned.
func StreamCatalogue(r io.Reader, thisYear, chunk int, fn func(rows []CatalogueRow) error) (warnings []CatalogueProblem, err error) {
	br := bufio.NewReaderSize(r, 64<<10)
	if bom, _ := br.Peek(3); bytes.Equal(bom, []byte("\uFEFF")) {
		_, _ = br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1 // a short row is reported by name, not as a parse error
	// The first line decides the separator: spreadsheets set to a European locale save
	// "CSV" with semicolons.
	head, _ := br.Peek(br.Size())
	if first, _, _ := bytes.Cut(head, []byte("\n")); !bytes.Contains(first, []byte(",")) && bytes.Contains(first, []byte(";")) {
		cr.Comma = ';'
	}
	notUTF8 := CatalogueProblem{Msg: "the file is not UTF-8: save it as UTF-8 CSV"}
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, CatalogueProblems{{Msg: "empty file: want a header row naming the columns " + strings.Join(CatalogueColumns, ", ")}}
	}
	if err != nil {
		return nil, CatalogueProblems{{Line: 1, Msg: "not valid CSV: " + err.Error()}}
	}
	if !validUTF8(header) {
		notUTF8.Line = 1
		return nil, CatalogueProblems{notUTF8}
	}
	col := map[string]int{}
	var probs CatalogueProblems
	for i, h := range header {
		name := columnName(h)
		switch {
		case name == "":
			// Spreadsheets often save empty columns past the last one.
			warnings = append(warnings, CatalogueProblem{Line: 1, Msg: fmt.Sprintf("column %d has no name: ignored", i+1)})
		case !isCatalogueColumn(name):
			// Ignored, not refused: a catalogue export often carries columns of its own
			// (an internal id, notes), and the report names them before anything is written.
			warnings = append(warnings, CatalogueProblem{Line: 1, Column: strings.TrimSpace(h), Msg: "unknown column, ignored (known: " + strings.Join(CatalogueColumns, ", ") + ")"})
		default:
			if _, dup := col[name]; dup {
				probs = append(probs, CatalogueProblem{Line: 1, Column: name, Msg: "column named twice"})
			}
			col[name] = i
		}
	}
	for _, c := range requiredColumns {
		if _, ok := col[c]; !ok {
			probs = append(probs, CatalogueProblem{Line: 1, Column: c, Msg: "missing required column"})
		}
	}
	if len(probs) > 0 {
		return nil, probs
	}
	rows := make([]CatalogueRow, 0, chunk)
	n := 0
	flush := func() error {
		if len(rows) == 0 || len(probs) > 0 {
			// Once the file is refused, its rows are only read for their problems.
			rows = rows[:0]
			return nil
		}
		err := fn(rows)
		rows = make([]CatalogueRow, 0, chunk)
		return err
	}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			line := 0
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.StartLine
			}
			probs = append(probs, CatalogueProblem{Line: line, Msg: "not valid CSV: " + err.Error()})
			break // the reader cannot resynchronise after a broken quote
		}
		line, _ := cr.FieldPos(0)
		if !validUTF8(rec) {
			notUTF8.Line = line
			probs = append(probs, notUTF8)
			break // one such line says the whole file's encoding is wrong
		}
		if blank(rec) {
			continue
		}
		row, rowProbs, warns := parseCatalogueRow(line, rec, col, thisYear)
		probs = append(probs, rowProbs...)
		warnings = append(warnings, warns...)
		if len(probs) >= maxCatalogueProblems {
			break
		}
		if len(rowProbs) == 0 {
			n++
			if rows = append(rows, row); len(rows) == chunk {
				if err := flush(); err != nil {
					return warnings, err
				}
			}
		}
	}
	if err := flush(); err != nil {
		return warnings, err
	}
	if len(probs) > 0 {
		return warnings, probs
	}
	if n == 0 {
		return warnings, CatalogueProblems{{Msg: "no rows: the file has a header and nothing else"}}
	}
	return warnings, nil
}

func validUTF8(rec []string) bool {
	for _, f := range rec {
		if !utf8.ValidString(f) {
			return false
		}
	}
	return true
}

func parseCatalogueRow(line int, rec []string, col map[string]int, thisYear int) (CatalogueRow, []CatalogueProblem, []CatalogueProblem) {
	var probs, warns []CatalogueProblem
	get := func(name string) string {
		i, ok := col[name]
		if !ok || i >= len(rec) {
			return ""
		}
		return strings.TrimSpace(rec[i])
	}
	// The short fields are copied out of the record's one string, which holds the long
	// texts too: an importer keeps names and ids for its report while the texts go.
	short := func(name string) string { return strings.Clone(get(name)) }
	row := CatalogueRow{
		Line: line, Title: short("title"), Country: short("country"), Language: languageCode(short("language")),
		SourceURL: short("source_url"), City: short("city"), Period: short("period"), Purpose: get("purpose"),
		Rationale: get("rationale"), Process: get("process"), Outcomes: get("outcomes"), Contact: short("contact"),
		Organisation: short("organisation"), SourceTitle: short("source_title"),
	}
	for _, c := range requiredColumns {
		if get(c) == "" {
			probs = append(probs, CatalogueProblem{Line: line, Column: c, Msg: "missing: every row needs its " + c})
		}
	}
	if row.Title != "" && graph.Slug(row.Title) == "" {
		probs = append(probs, CatalogueProblem{Line: line, Column: "title", Msg: fmt.Sprintf("%q makes no id: a title needs letters or digits", row.Title)})
	}
	if row.Language != "" && !graph.IsLanguage(row.Language) {
		probs = append(probs, CatalogueProblem{Line: line, Column: "language", Msg: fmt.Sprintf("unknown language %q: want an ISO 639-1 code (%s)", row.Language, strings.Join(graph.Languages, ", "))})
	}
	if row.SourceURL != "" {
		if u, err := url.Parse(row.SourceURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			probs = append(probs, CatalogueProblem{Line: line, Column: "source_url", Msg: fmt.Sprintf("%q is not an http(s) address", row.SourceURL)})
		}
	}
	for _, t := range strings.Split(short("themes"), ";") {
		if t = strings.TrimSpace(t); t != "" {
			row.Themes = append(row.Themes, t)
		}
	}
	if row.Period != "" {
		p, ok := ParsePeriod(row.Period, thisYear)
		if ok {
			row.StartYear, row.EndYear, row.Status = p.StartYear, p.EndYear, p.Status
		} else {
			warns = append(warns, CatalogueProblem{Line: line, Column: "period", Msg: fmt.Sprintf("no years or status read from %q: kept as written, start year and status left empty", row.Period)})
		}
	}
	return row, probs, warns
}

// columnName folds a header cell: "Source URL", "source-url" and "SOURCE_URL" are one
// column, and the card template's own headings ("Stimulus/Rationale") name theirs.
func columnName(h string) string {
	h = strings.ToLower(strings.TrimSpace(h))
	h = strings.NewReplacer(" ", "_", "-", "_", "/", "_").Replace(h)
	if alias, ok := columnAliases[h]; ok {
		return alias
	}
	return h
}

// languageNames are the English names of the languages a text may carry, for a
// catalogue that writes "English" where the template asks for "en".
var languageNames = map[string]string{
	"french": "fr", "english": "en", "spanish": "es", "italian": "it", "polish": "pl", "german": "de",
	"portuguese": "pt", "ukrainian": "uk", "japanese": "ja", "finnish": "fi", "swedish": "sv",
	"norwegian": "no", "lithuanian": "lt", "latvian": "lv", "catalan": "ca", "basque": "eu",
}

// languageCode reads a language column: an ISO 639-1 code in any case, or the
// language's English name.
func languageCode(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if code, ok := languageNames[s]; ok {
		return code
	}
	return s
}

// columnAliases are other names catalogues give the template's columns.
var columnAliases = map[string]string{
	"name": "title", "practice": "title", "lang": "language", "url": "source_url", "source": "source_url", "link": "source_url",
	"stimulus": "rationale", "stimulus_rationale": "rationale", "stimulus_and_rationale": "rationale",
	"outcome": "outcomes", "results": "outcomes", "contacts": "contact", "organization": "organisation",
	"theme": "themes", "dates": "period", "duration": "period",
}

func isCatalogueColumn(name string) bool {
	for _, c := range CatalogueColumns {
		if c == name {
			return true
		}
	}
	return false
}

func blank(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

// Period is what a catalogue's period says: years and a status, zero and "" where silent.
type Period struct {
	StartYear int
	EndYear   int
	Status    string // "active" or "ended"
}

var (
	// yearRe matches a year, or a decade ("the 1990s") read as its first year.
	yearRe = regexp.MustCompile(`\b(1[89]\d\d|20\d\d)s?\b`)
	// ongoingRe matches the words saying a practice still runs.
	ongoingRe = regexp.MustCompile(`\b(on ?-?going|onwards?|since|present|today|now|current(ly)?|continuing|to date|permanent|still)\b`)
	// openEndRe matches a start year followed by a dash and nothing: "2013-".
	openEndRe = regexp.MustCompile(`^\s*(1[89]\d\d|20\d\d)\s*-\s*$`)
	// rangeRe matches two years joined by a dash, "to", "until" or "till", each year
	// perhaps with its month before it or its date after it: "2017-2021", "January 2017 -
	// December 2018", "01/2018 - 12/2020" (a slash is read as a dash), "2010-01-01 to
	// 2012-12-31".
	rangeRe = regexp.MustCompile(`(1[89]\d\d|20\d\d)(?:-\d{1,2}){0,2}[^\d;,]{0,12}?\s*(-|\bto\b|\buntil\b|\btill\b)\s*(?:[a-z]+\.?\s+|\d{1,2}-)?(1[89]\d\d|20\d\d)`)
	// betweenRe matches "between 2014 and 2016".
	betweenRe = regexp.MustCompile(`\bbetween\s+(1[89]\d\d|20\d\d)\s+(and)\s+(1[89]\d\d|20\d\d)`)
	// shortRangeRe matches a range whose end keeps its last two digits: "2016-17", not a
	// month or a date ("2018-06", "2010-01-01") nor a count ("2015 - 10 cities"): the two
	// digits end the text or come before punctuation.
	shortRangeRe = regexp.MustCompile(`\b(1[89]\d\d|20\d\d)\s*(-)\s*(\d\d)\s*(?:$|[,;.()])`)
)

// yearRange finds the first range of years in t, the end of "2016-17" completed from
// the start's century.
func yearRange(t string) (start, end int, ok bool) {
	for _, re := range []*regexp.Regexp{rangeRe, betweenRe, shortRangeRe} {
		if m := re.FindStringSubmatch(t); m != nil {
			start, _ = strconv.Atoi(m[1])
			end, _ = strconv.Atoi(m[3])
			if end < 100 {
				// "2016-17" ends in 2017; "2018-06" is a month, not a range.
				end += start / 100 * 100
				if end <= start {
					continue
				}
			}
			return start, end, true
		}
	}
	return 0, 0, false
}

// ParsePeriod reads a period as catalogues write it, case-insensitive, with any dash:
// "2019 - ongoing", "On-going since 2014", "2010 onwards", "Since 2016" and "2013-" are
// active since that year; "2017-2021" (or "2017 to 2021", "January 2017 - December
// 2021", "between 2017 and 2021", "2017-21") ran from 2017 to 2021 (ended when 2021 is
// before thisYear, else active), unless it also says it runs ("2016-2018 pilot, ongoing since
// 2019": active since 2016); "ongoing" alone is active with no year; a lone year is a
// start year with no status. ok is false when the text says neither a year nor that it runs,
// or when an end comes before its start: the caller keeps the text and reads nothing.
func ParsePeriod(s string, thisYear int) (p Period, ok bool) {
	t := strings.ToLower(graph.Fold(s))
	t = strings.Map(func(r rune) rune {
		switch r {
		case '‐', '‑', '‒', '–', '—', '―', '−', '/':
			return '-'
		}
		return r
	}, t)
	ongoing := ongoingRe.MatchString(t)
	if start, end, ok := yearRange(t); ok {
		if end < start {
			return Period{}, false
		}
		if ongoing {
			// "2016-2018 pilot, ongoing since 2019": it began in 2016 and still runs.
			return Period{StartYear: start, Status: "active"}, true
		}
		p = Period{StartYear: start, EndYear: end, Status: "ended"}
		if end >= thisYear {
			p.Status = "active"
		}
		return p, true
	}
	year := yearRe.FindStringSubmatch(t)
	switch {
	case year == nil && ongoing:
		return Period{Status: "active"}, true
	case year == nil:
		return Period{}, false
	}
	start, _ := strconv.Atoi(year[1])
	p = Period{StartYear: start}
	if ongoing || openEndRe.MatchString(t) {
		p.Status = "active"
	}
	return p, true
}

// PracticeID is the stable id of a catalogue card's practice: the slug of its title and
// city (its country when it names no city), so importing the card again finds it.
func PracticeID(title, city, country string) string {
	place := city
	if place == "" {
		place = country
	}
	return clip(graph.Slug(title + " " + place))
}

// SourceID is the stable id of the Source of a catalogue page: the slug of its address
// without the scheme, "www." and a trailing slash.
func SourceID(rawURL string) string {
	s := strings.TrimSpace(rawURL)
	if u, err := url.Parse(s); err == nil && u.Host != "" {
		s = strings.TrimPrefix(strings.ToLower(u.Host), "www.") + u.EscapedPath()
		if u.RawQuery != "" {
			s += "?" + u.RawQuery
		}
	}
	return clip(graph.Slug(strings.TrimSuffix(s, "/")))
}

// clip keeps a slug within graph.IsSlug's 120 characters, ending on a letter or digit;
// a clipped id gets a short hash of the whole so two long titles stay apart.
func clip(id string) string {
	const max = 120
	if len(id) <= max {
		return id
	}
	h := fnv32(id)
	return strings.TrimRight(id[:max-9], "-") + "-" + fmt.Sprintf("%08x", h)
}

func fnv32(s string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(s); i++ {
		h ^= uint32(s[i])
		h *= 16777619
	}
	return h
}

// SortedProblems orders problems by line then column, the order a reader fixes them in.
func SortedProblems(ps []CatalogueProblem) []CatalogueProblem {
	out := append([]CatalogueProblem(nil), ps...)
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Line != out[j].Line {
			return out[i].Line < out[j].Line
		}
		return out[i].Column < out[j].Column
	})
	return out
}
