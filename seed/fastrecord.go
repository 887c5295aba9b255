package seed

import (
	"bytes"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// fastRecord decodes the usual shape of a record — one "key: value" per line, values
// that are words, numbers, double-quoted strings or one-line flow mappings and lists,
// and lists of such values one per line — straight into the YAML nodes the general
// decoder would build, several times faster. It returns false for anything else
// (comments, block scalars, single quotes, anchors, values spanning lines, words YAML
// reads as something other than a string, integer or boolean), which the general
// decoder then reads. text is one list item ("- key: value" …) read from line `line`
// of its file on; the result is the item's mapping.
func fastRecord(text []byte, line int) (*yaml.Node, bool) {
	if !printable(text) {
		return nil, false
	}
	lines := bytes.Split(text, []byte("\n"))
	first := lines[0]
	dash := bytes.IndexByte(first, '-')
	if dash < 0 || len(first) < dash+3 || first[dash+1] != ' ' || first[dash+2] == ' ' || strings.TrimLeft(string(first[:dash]), " ") != "" {
		return nil, false
	}
	keyCol := dash + 2
	m := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: line, Column: keyCol + 1}
	var open *yaml.Node // the key whose value is a block list being read
	var list *yaml.Node
	for i, l := range lines {
		l = bytes.TrimSuffix(l, []byte("\r"))
		at := line + i
		col, blank := indentOf(l)
		if blank {
			if col < len(l) {
				return nil, false // a comment
			}
			continue
		}
		if i == 0 {
			col = keyCol
		}
		switch {
		case list != nil && (col == keyCol || col > keyCol) && l[col] == '-':
			if col+2 > len(l) || l[col+1] != ' ' || l[col+2] == ' ' {
				return nil, false
			}
			v, ok := lineValue(string(l[col+2:]), at, col+3)
			if !ok {
				return nil, false
			}
			if len(list.Content) == 0 {
				list.Line = at
			}
			list.Content = append(list.Content, v)
			continue
		case col != keyCol:
			return nil, false
		}
		if open != nil && len(list.Content) == 0 {
			return nil, false // "key:" with nothing under it is null: rare, left to YAML
		}
		open, list = nil, nil
		s := string(l[col:])
		c := strings.Index(s, ":")
		if c <= 0 || !isWord(s[:c]) {
			return nil, false
		}
		if hasKey(m, s[:c]) {
			return nil, false
		}
		key := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s[:c], Line: at, Column: col + 1}
		rest := s[c+1:]
		if strings.TrimRight(rest, " ") == "" {
			open = key
			list = &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
			m.Content = append(m.Content, key, list)
			continue
		}
		if rest[0] != ' ' {
			return nil, false
		}
		v, ok := lineValue(rest[1:], at, col+c+3)
		if !ok {
			return nil, false
		}
		m.Content = append(m.Content, key, v)
	}
	if open != nil && len(list.Content) == 0 {
		return nil, false
	}
	return m, true
}

// lineValue decodes a whole line's value (nothing but spaces may follow it).
func lineValue(s string, line, col int) (*yaml.Node, bool) {
	v, rest, ok := flowValue(s, line, col, false)
	if !ok || strings.TrimRight(rest, " ") != "" {
		return nil, false
	}
	return v, true
}

// flowValue decodes one value at the start of s and returns what follows it. Inside a
// flow mapping or list (inFlow), a word ends at a comma or a closing bracket.
func flowValue(s string, line, col int, inFlow bool) (*yaml.Node, string, bool) {
	if s == "" {
		return nil, "", false
	}
	switch s[0] {
	case '"':
		v, n, ok := quoted(s)
		if !ok {
			return nil, "", false
		}
		return &yaml.Node{Kind: yaml.ScalarNode, Style: yaml.DoubleQuotedStyle, Tag: "!!str", Value: v, Line: line, Column: col}, s[n:], true
	case '{', '[':
		return flowCollection(s, line, col)
	}
	end := len(s)
	if inFlow {
		if i := strings.IndexAny(s, ",}]"); i >= 0 {
			end = i
		}
	}
	word := strings.TrimRight(s[:end], " ")
	tag, ok := plainTag(word)
	if !ok {
		return nil, "", false
	}
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: word, Line: line, Column: col}, s[len(word):], true
}

// flowCollection decodes {key: value, …} or [value, …] on one line.
func flowCollection(s string, line, col int) (*yaml.Node, string, bool) {
	isMap := s[0] == '{'
	n := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle, Tag: "!!seq", Line: line, Column: col}
	closer := byte(']')
	if isMap {
		n.Kind, n.Tag, closer = yaml.MappingNode, "!!map", '}'
	}
	pos := 1
	skip := func() {
		for pos < len(s) && s[pos] == ' ' {
			pos++
		}
	}
	for {
		skip()
		if pos >= len(s) {
			return nil, "", false
		}
		if s[pos] == closer {
			return n, s[pos+1:], true
		}
		if isMap {
			c := strings.IndexByte(s[pos:], ':')
			if c <= 0 || !isWord(s[pos:pos+c]) || pos+c+1 >= len(s) || s[pos+c+1] != ' ' || hasKey(n, s[pos:pos+c]) {
				return nil, "", false
			}
			n.Content = append(n.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s[pos : pos+c], Line: line, Column: col + pos})
			pos += c + 1
			skip()
		}
		v, rest, ok := flowValue(s[pos:], line, col+pos, true)
		if !ok {
			return nil, "", false
		}
		n.Content = append(n.Content, v)
		pos = len(s) - len(rest)
		skip()
		if pos >= len(s) {
			return nil, "", false
		}
		switch s[pos] {
		case ',':
			pos++
		case closer:
		default:
			return nil, "", false
		}
	}
}

// quoted decodes a double-quoted string with JSON's escapes at the start of s and
// returns its value and length.
func quoted(s string) (string, int, bool) {
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		switch c := s[i]; c {
		case '"':
			return b.String(), i + 1, true
		case '\\':
			if i+1 >= len(s) {
				return "", 0, false
			}
			i++
			switch s[i] {
			case '"', '\\', '/':
				b.WriteByte(s[i])
			case 'n':
				b.WriteByte('\n')
			case 't':
				b.WriteByte('\t')
			case 'r':
				b.WriteByte('\r')
			case 'u':
				if i+4 >= len(s) {
					return "", 0, false
				}
				r, err := strconv.ParseUint(s[i+1:i+5], 16, 32)
				if err != nil || r >= 0xD800 && r <= 0xDFFF {
					return "", 0, false
				}
				b.WriteRune(rune(r))
				i += 4
			default:
				return "", 0, false
			}
		default:
			b.WriteByte(c)
		}
	}
	return "", 0, false
}

// plainTag returns the tag YAML gives a plain word, for the words this decoder takes:
// booleans, decimal integers without sign or leading zero, and words of letters,
// digits, '_' and '-' starting with a letter (strings, but for null and booleans).
func plainTag(w string) (string, bool) {
	switch w {
	case "true", "True", "TRUE", "false", "False", "FALSE":
		return "!!bool", true
	case "null", "Null", "NULL":
		return "", false
	}
	if w == "" {
		return "", false
	}
	if w[0] >= '0' && w[0] <= '9' {
		if len(w) > 18 || w[0] == '0' && len(w) > 1 {
			return "", false
		}
		for i := 0; i < len(w); i++ {
			if w[i] < '0' || w[i] > '9' {
				return "", false
			}
		}
		return "!!int", true
	}
	if !isLetter(w[0]) {
		return "", false
	}
	for i := 1; i < len(w); i++ {
		if c := w[i]; !isLetter(c) && !(c >= '0' && c <= '9') && c != '_' && c != '-' {
			return "", false
		}
	}
	return "!!str", true
}

// hasKey reports whether mapping m has the key k already.
func hasKey(m *yaml.Node, k string) bool {
	for i := 0; i < len(m.Content); i += 2 {
		if m.Content[i].Value == k {
			return true
		}
	}
	return false
}

// isWord reports whether s is a key this decoder takes: letters, digits and '_'.
func isWord(s string) bool {
	if s == "" || !isLetter(s[0]) && s[0] != '_' {
		return false
	}
	for i := 1; i < len(s); i++ {
		if c := s[i]; !isLetter(c) && !(c >= '0' && c <= '9') && c != '_' {
			return false
		}
	}
	return true
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// printable reports whether text holds only characters YAML reads as themselves:
// valid UTF-8, no tab or control character, no character YAML takes for a line break.
func printable(text []byte) bool {
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\n' && c != '\r' || c == 0x7F {
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRune(text[i:])
		if r == utf8.RuneError || r <= 0x9F || r == 0x2028 || r == 0x2029 || r == 0xFEFF || r >= 0xFFFE && r <= 0xFFFF {
			return false
		}
		i += n
	}
	return true
}
