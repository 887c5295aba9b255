package graph

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Fold lowers s and strips its diacritics, so that "Plzeň", "PLZEN" and "plzen" compare
// equal: ids (Slug), sort names and search terms all fold through it.
//
// Canonical decomposition removes the marks of every letter that has one (é, ň, ő, ș…);
// the letters that Unicode does not decompose (ł, ø, đ, ß, æ, œ, ı…) are spelt the way
// their languages transliterate them.
func Fold(s string) string {
	if isASCII(s) {
		return strings.ToLower(s)
	}
	// A transformer chain keeps state, so each call builds its own.
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	stripped, _, err := transform.String(t, strings.ToLower(s))
	if err != nil {
		// The chain fails only on invalid UTF-8, which lowering already replaced.
		stripped = strings.ToLower(s)
	}
	var b strings.Builder
	b.Grow(len(stripped))
	for _, r := range stripped {
		if r < utf8.RuneSelf {
			b.WriteRune(r)
			continue
		}
		if v, ok := undecomposed[r]; ok {
			b.WriteString(v)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// undecomposed spells the lower-case Latin letters with no canonical decomposition
// (a stroke, a ligature, a dotless form) as their languages transliterate them.
var undecomposed = map[rune]string{
	'ł': "l", 'ø': "o", 'đ': "d", 'ð': "d", 'ħ': "h", 'ı': "i", 'ŀ': "l", 'ŧ': "t",
	'ß': "ss", 'æ': "ae", 'œ': "oe", 'þ': "th", 'ĳ': "ij", 'ƒ': "f", 'ſ': "s",
	// Typographic ligatures have only a compatibility decomposition, which NFD leaves alone.
	'ﬀ': "ff", 'ﬁ': "fi", 'ﬂ': "fl", 'ﬃ': "ffi", 'ﬄ': "ffl", 'ﬆ': "st",
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
