package ingest

import (
	"testing"

	"lectern/store"
)

func TestTidyByline(t *testing.T) {
	tests := []struct{ byline, site, source, wantByline, wantSite string }{
		{"By Jane Doe", "", "", "Jane Doe", ""},
		{"by Jane Doe", "", "", "Jane Doe", ""},
		{"BY JANE DOE", "", "", "JANE DOE", ""},
		{"Written by Jane Doe", "", "", "Jane Doe", ""},
		{"Posted by: Jane Doe", "", "", "Jane Doe", ""},
		{"| Jane Doe —", "", "", "Jane Doe", ""},
		{"— By Jane Doe |", "", "", "Jane Doe", ""},
		{"Jane Doe · Jane Doe", "", "", "Jane Doe", ""},
		{"Jane Doe Jane Doe", "", "", "Jane Doe", ""},
		{"Jane Doe | The Paper", "The Paper", "", "Jane Doe", "The Paper"},
		{"Jane Doe, March 3, 2020", "", "", "Jane Doe", ""},
		{"Jane Doe | March 3, 2020", "", "", "Jane Doe", ""},
		{"April 28, 2019 at 6:01 am Updated April 29, 2019 at 3:33 pm", "The Seattle Times", "", "", "The Seattle Times"},
		{"Last Updated: January 7, 2025", "Spiceworks", "", "", "Spiceworks"},
		{"2024-05-01", "", "", "", ""},
		{"https://example.com/authors/jane", "", "", "", ""},
		{"www.example.com", "", "", "", ""},
		{"Haki Benita", "Haki Benita", "https://hakibenita.com/sql-anomaly-detection", "Haki Benita", "hakibenita.com"},
		{"Haki Benita", "haki  benita", "notes/page.html", "Haki Benita", ""},
		{"Jong, Michiel de", "", "", "Jong, Michiel de", ""},
		{"Martin Untersinger (avec Damien Leloup et Morgane Tual)", "Le Monde.fr", "", "Martin Untersinger (avec Damien Leloup et Morgane Tual)", "Le Monde.fr"},
		{"Bylines Weekly", "", "", "Bylines Weekly", ""},
		{"Byron Smith", "", "", "Byron Smith", ""},
		{"May Smith", "", "", "May Smith", ""},
	}
	for _, tt := range tests {
		got := &store.Article{Title: "T", Byline: tt.byline, Site: tt.site, Source: tt.source}
		tidyMetadata(got)
		if got.Byline != tt.wantByline || got.Site != tt.wantSite {
			t.Errorf("byline %q, site %q: got %q, %q; want %q, %q", tt.byline, tt.site, got.Byline, got.Site, tt.wantByline, tt.wantSite)
		}
	}
}
