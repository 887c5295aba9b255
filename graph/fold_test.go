package graph

import "testing"

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"Bilbao", "bilbao"},
		{"Plzeň", "plzen"},
		{"Győr", "gyor"},
		{"Brașov", "brasov"},
		{"Braşov", "brasov"}, // cedilla rather than comma below: both spellings are in use
		{"València", "valencia"},
		{"Łódź", "lodz"},
		{"Bodø", "bodo"},
		{"Đakovo", "dakovo"},
		{"Straße", "strasse"},
		{"Cæsar", "caesar"},
		{"Œuvre", "oeuvre"},
		{"Diyarbakır", "diyarbakir"},
		{"Þórshöfn", "thorshofn"},
		{"ﬁnance", "finance"},
		{"Ústí nad Labem", "usti nad labem"},
		{"Kraków", "krakow"},
		{"Киев", "киев"}, // no Latin spelling to fold to: kept
	}
	for _, tt := range tests {
		if got := Fold(tt.in); got != tt.want {
			t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSlug(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Plzeň", "plzen"},
		{"Győr", "gyor"},
		{"Brașov", "brasov"},
		{"Santa Coloma de Gramenet", "santa-coloma-de-gramenet"},
		{"  Welcome walks!  ", "welcome-walks"},
		{"Łódź – Bałuty", "lodz-baluty"},
		{"Reggio nell'Emilia", "reggio-nell-emilia"},
		{"Straße 2024", "strasse-2024"},
		{"---", ""},
		{"Киев", ""},
	}
	for _, tt := range tests {
		got := Slug(tt.in)
		if got != tt.want {
			t.Errorf("Slug(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if got != "" && !IsSlug(got) {
			t.Errorf("Slug(%q) = %q, which IsSlug rejects", tt.in, got)
		}
	}
}
