package graph

import (
	"strings"
	"unicode"
	"unicode/utf8"

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
	// norm.NFD with the marks dropped by hand rather than a transform.Chain with
	// runes.Remove: the chain allocates kilobytes of buffers per call, thirty times the
	// cost, and search folds every token of every name it indexes.
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range norm.NFD.String(strings.ToLower(s)) {
		switch {
		case r < utf8.RuneSelf:
			b.WriteRune(r)
		case unicode.Is(unicode.Mn, r):
		default:
			if v, ok := undecomposed[r]; ok {
				b.WriteString(v)
			} else {
				b.WriteRune(r)
			}
		}
	}
	// Recompose what is left (letters outside the Latin script keep their marks' form).
	return norm.NFC.String(b.String())
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
