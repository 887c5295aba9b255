package server

import "testing"

// TestCSVCellsAreNotFormulas: a text a spreadsheet would run as a formula is exported
// as text; everything else as it is.
func TestCSVCellsAreNotFormulas(t *testing.T) {
	for _, tt := range []struct {
		in   any
		want string
	}{
		{"=HYPERLINK(\"http://evil\",\"x\")", "'=HYPERLINK(\"http://evil\",\"x\")"},
		{"+1+1", "'+1+1"},
		{"-2+3", "'-2+3"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\tx", "'\tx"},
		{[]string{"=1", "b"}, "'=1; b"},
		{"Bilbao", "Bilbao"},
		{"a = b", "a = b"},
		{float64(-3), "-3"},
		{int64(2021), "2021"},
		{nil, ""},
	} {
		if got := csvCell(tt.in); got != tt.want {
			t.Errorf("csvCell(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
