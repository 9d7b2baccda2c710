package ingest

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"lectern/internal/testutil"
)

// A malformed CSV export is read row by row: an unclosed quote spoils its own row only, and
// every row that cannot be imported is reported with its line number and counted as failed.
func TestMalformedCSVRecoversRowByRow(t *testing.T) {
	srv := articleServer(t)
	list := filepath.Join(t.TempDir(), "instapaper.csv")
	writeFile(t, list, "URL,Title,Selection,Folder,Timestamp\n"+ // line 1
		srv.URL+"/article/one,One,,Unread,1600000000\n"+ // 2
		srv.URL+"/article/two,\"Unclosed title,,Unread,1600000001\n"+ // 3: the quote is never closed
		srv.URL+"/article/three,Three,\"A passage\non two lines\",Unread,1600000002\n"+ // 4-5
		"not a url,Four,,Unread,1600000003\n"+ // 6
		srv.URL+"/article/five,5\" display,,Unread,1600000004\n"+ // 7: a bare quote in a plain field
		",,,,\n"+ // 8: no URL at all
		"\n"+
		srv.URL+"/article/six,Six,,Unread,1600000005\n") // 10
	sum, err := Import(context.Background(), testutil.OpenDB(t), []string{list}, Options{HTTPClient: srv.Client()})
	if err != nil {
		t.Fatal(err)
	}
	var imported, failed []string
	for _, r := range sum.Results {
		switch r.Outcome {
		case Imported:
			imported = append(imported, r.Title)
		case Failed:
			failed = append(failed, fmt.Sprintf("%s: %v", r.Source, r.Err))
		}
	}
	if sum.Imported != 4 || sum.Failed != 3 {
		t.Errorf("imported %d %q, failed %d %q; want 4 and 3", sum.Imported, imported, sum.Failed, failed)
	}
	for _, want := range []string{"instapaper.csv, line 3: ", "instapaper.csv, line 6: ", "instapaper.csv, line 8: "} {
		if !strings.Contains(strings.Join(failed, "\n"), want) {
			t.Errorf("no failure for %q in %q", want, failed)
		}
	}
	if !strings.Contains(strings.Join(failed, "\n"), "quote") || !strings.Contains(strings.Join(failed, "\n"), "not a web address") {
		t.Errorf("the reasons are not said: %q", failed)
	}
}
