// Command lecternbench generates an archive (a database and the same items as a folder of text
// files) and measures search on it in-process: latency per keystroke and index memory.
//
//	go run -tags sqlite_fts5 ./cmd/lecternbench -articles 10000 -notes 50000 -highlights 20000
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strings"
	"syscall"
	"time"

	"lectern/app/search"
	"lectern/app/search/archivegen"
	"lectern/store"
)

func main() {
	var sizes archivegen.Sizes
	flag.IntVar(&sizes.Articles, "articles", 10000, "articles to generate")
	flag.IntVar(&sizes.Notes, "notes", 50000, "notes to generate")
	flag.IntVar(&sizes.Highlights, "highlights", 20000, "highlights to generate")
	dir := flag.String("dir", filepath.Join(os.TempDir(), "lecternbench"), "where the archive is made (and reused when its sizes match)")
	sessions := flag.Int("sessions", 300, "typing sessions to replay (each query typed one keystroke at a time)")
	limit := flag.Int("limit", 50, "results asked for")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of the measured searches here")
	wordsOut := flag.String("words", "", "write single-word queries here, one a line, for a whole-process comparison")
	quick := flag.Bool("quick", false, "measure typed and whole queries only (not the searches after writes)")
	flag.Parse()
	log.SetFlags(0)

	ctx := context.Background()
	db, err := archive(ctx, *dir, sizes)
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()

	// A one-shot search (what `lectern search` does, and a window's first search) reads only
	// what may match; best of three, the first warms SQLite's pages.
	var once time.Duration
	for i := range 3 {
		start := time.Now()
		if _, err := search.Once(ctx, db, "warm", *limit); err != nil {
			log.Fatal(err)
		}
		if d := time.Since(start); i == 0 || d < once {
			once = d
		}
	}
	before := heapInUse()
	engine := search.New(db)
	start := time.Now()
	if _, err := engine.Recent(ctx, 1); err != nil { // loads the whole index
		log.Fatal(err)
	}
	load := time.Since(start)
	engine.Search(ctx, "warm", *limit)
	// The engine reads the words of the long texts in the background a little after its first
	// search; measure with them loaded, as in a window that has been open a few seconds.
	time.Sleep(5 * time.Second)
	fmt.Printf("one-shot search %v; index load %v, index memory %.1f MB (live heap after GC)\n",
		once.Round(time.Millisecond), load.Round(time.Millisecond), float64(heapInUse()-before)/1e6)

	r := rand.New(rand.NewPCG(7, 7))
	targets, err := loadTargets(ctx, db)
	if err != nil {
		log.Fatal(err)
	}
	var queries []string
	for range *sessions {
		queries = append(queries, makeQuery(r, targets))
	}
	if *wordsOut != "" {
		writeWords(*wordsOut, r, targets)
	}
	// Warm up: the trigram index pages and Go's code paths.
	for _, q := range queries[:min(20, len(queries))] {
		engine.Search(ctx, q, *limit)
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			log.Fatal(err)
		}
		pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}

	var typing timings
	for _, q := range queries {
		runes := []rune(q)
		for n := 1; n <= len(runes); n++ {
			if runes[n-1] == ' ' {
				continue // the space alone changes nothing the engine sees
			}
			typing.search(ctx, engine, string(runes[:n]), *limit)
		}
	}
	typing.report("typed, every keystroke")

	var whole timings
	for _, i := range r.Perm(len(queries)) {
		whole.search(ctx, engine, queries[i], *limit)
	}
	whole.report("whole queries, in random order")
	if *quick {
		return
	}

	// After Invalidate (the window calls it after each of its writes), two seconds apart. No
	// write comes between, as after most of the window's writes no text in memory changed:
	// the next search re-reads the rows and patches the index (see app/search/patch.go).
	var afterWrite timings
	for _, q := range queries[:min(20, len(queries))] {
		engine.Invalidate()
		afterWrite.search(ctx, engine, q, *limit)
		time.Sleep(2 * time.Second)
	}
	afterWrite.report("first search after Invalidate")

	// After a note's text changed (the window saves a note being typed at every pause): a note
	// of the archive gets a word more, the next search patches the index; then the note gets
	// its text back, so the archive stays as generated.
	notes, err := db.SearchNotes(ctx, 1<<20)
	if err != nil {
		log.Fatal(err)
	}
	var afterEdit timings
	for i, q := range queries[:min(20, len(queries))] {
		n := notes[r.IntN(len(notes))]
		if err := db.UpdateNote(ctx, n.ID, n.Head+" edited"); err != nil {
			log.Fatal(err)
		}
		engine.Invalidate()
		afterEdit.search(ctx, engine, q, *limit)
		if err := db.UpdateNote(ctx, n.ID, n.Head); err != nil {
			log.Fatal(err)
		}
		engine.Invalidate()
		if i%2 == 0 {
			time.Sleep(2 * time.Second) // and the Engine patches the index back by itself
		}
	}
	afterEdit.report("first search after a note's edit")
	fmt.Printf("machine: %d cores (GOMAXPROCS %d), %s\n", runtime.NumCPU(), runtime.GOMAXPROCS(0), runtime.Version())
}

// timings collects the wall time of searches, and the CPU time the process spent on them
// (on a busy machine the wall time also counts waiting for a core).
type timings struct {
	wall    []time.Duration
	cpu     time.Duration
	slowest []string
}

func (t *timings) search(ctx context.Context, e *search.Engine, q string, limit int) {
	cpuBefore := cpuTime()
	start := time.Now()
	if _, err := e.Search(ctx, q, limit); err != nil {
		log.Fatalf("search %q: %v", q, err)
	}
	d := time.Since(start)
	t.cpu += cpuTime() - cpuBefore
	t.wall = append(t.wall, d)
	t.slowest = append(t.slowest, fmt.Sprintf("%v %q", d.Round(100*time.Microsecond), q))
}

func (t *timings) report(what string) {
	d := slices.Clone(t.wall)
	slices.Sort(d)
	at := func(p float64) time.Duration { return d[int(p*float64(len(d)-1))].Round(10 * time.Microsecond) }
	fmt.Printf("%-32s %5d searches: p50 %v  p95 %v  p99 %v  max %v; mean CPU %v per search\n", what, len(d),
		at(0.5), at(0.95), at(0.99), d[len(d)-1].Round(10*time.Microsecond), (t.cpu / time.Duration(len(d))).Round(10*time.Microsecond))
	order := make([]int, len(t.wall))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return int(t.wall[b] - t.wall[a]) })
	for _, i := range order[:min(5, len(order))] {
		fmt.Printf("    slow: %s\n", t.slowest[i])
	}
}

// cpuTime is the user and system time the process has used.
func cpuTime() time.Duration {
	var u syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &u)
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}

func heapInUse() uint64 {
	runtime.GC() // twice: what waits for a finalizer is freed by the second
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// archive opens the archive in dir, generating it first unless one of these sizes is there.
func archive(ctx context.Context, dir string, sizes archivegen.Sizes) (*store.DB, error) {
	marker := filepath.Join(dir, "sizes.json")
	want, _ := json.Marshal(sizes)
	if have, err := os.ReadFile(marker); err == nil && string(have) == string(want) {
		return store.Open(ctx, filepath.Join(dir, "lectern.db"))
	}
	if err := os.RemoveAll(dir); err != nil {
		return nil, err
	}
	fixtures, err := archivegen.FixturesDir()
	if err != nil {
		return nil, err
	}
	pages, err := archivegen.ReadFixtures(fixtures)
	if err != nil {
		return nil, err
	}
	db, err := store.Open(ctx, filepath.Join(dir, "lectern.db"))
	if err != nil {
		return nil, err
	}
	start := time.Now()
	log.Printf("generating %+v in %s ...", sizes, dir)
	if err := archivegen.Fill(ctx, db, archivegen.NewCorpus(pages), sizes, 1, filepath.Join(dir, "text")); err != nil {
		db.Close()
		return nil, err
	}
	log.Printf("generated in %v", time.Since(start).Round(time.Second))
	return db, os.WriteFile(marker, want, 0o644)
}

// targets are texts a user might remember and search for.
type targets struct{ titles, notes, quotes, bodies []string }

func loadTargets(ctx context.Context, db *store.DB) (targets, error) {
	var t targets
	articles, err := db.Articles(ctx)
	if err != nil {
		return t, err
	}
	for _, a := range articles {
		t.titles = append(t.titles, a.Title)
	}
	notes, err := db.AllNotes(ctx)
	if err != nil {
		return t, err
	}
	for _, n := range notes {
		t.notes = append(t.notes, n.Body)
	}
	highlights, err := db.AllHighlights(ctx)
	if err != nil {
		return t, err
	}
	for _, h := range highlights {
		t.quotes = append(t.quotes, h.Quote)
	}
	for i := 0; i < 200 && i < len(articles); i++ {
		a, err := db.Article(ctx, articles[i].ID)
		if err != nil {
			return t, err
		}
		t.bodies = append(t.bodies, a.Body)
	}
	return t, nil
}

// makeQuery picks 1 to 3 words of a random target and types them as users do: whole, cut
// short, without vowels, or with a typo; at most 20 characters.
func makeQuery(r *rand.Rand, t targets) string {
	pool := [][]string{t.titles, t.titles, t.notes, t.quotes, t.bodies}[r.IntN(5)]
	words := wordsOf(pool[r.IntN(len(pool))])
	if len(words) == 0 {
		return "a"
	}
	n := min(len(words), 1+r.IntN(3))
	first := r.IntN(len(words) - n + 1)
	picked := slices.Clone(words[first : first+n])
	for i, w := range picked {
		switch r.IntN(5) {
		case 1:
			picked[i] = string([]rune(w)[:max(1, len([]rune(w))*2/3)])
		case 2:
			picked[i] = withoutVowels(w)
		case 3:
			picked[i] = withTypo(r, w)
		}
	}
	q := []rune(strings.Join(picked, " "))
	return strings.TrimSpace(string(q[:min(len(q), 20)]))
}

func wordsOf(text string) []string {
	var out []string
	for w := range strings.FieldsSeq(strings.ToLower(text)) {
		if w = strings.Trim(w, ".,;:!?\"'()[]#“”’‘—-"); w != "" {
			out = append(out, w)
		}
	}
	return out
}

func withoutVowels(w string) string {
	runes := []rune(w)
	out := runes[:1:1]
	for _, c := range runes[1:] {
		if !strings.ContainsRune("aeiou", c) {
			out = append(out, c)
		}
	}
	return string(out)
}

// withTypo swaps two neighbouring letters of a word of five letters or more.
func withTypo(r *rand.Rand, w string) string {
	runes := []rune(w)
	if len(runes) < 5 {
		return w
	}
	i := 1 + r.IntN(len(runes)-2)
	runes[i], runes[i+1] = runes[i+1], runes[i]
	return string(runes)
}

// writeWords writes single words from titles and notes, for `lectern search` against rg.
func writeWords(path string, r *rand.Rand, t targets) {
	var words []string
	for len(words) < 20 {
		pool := [][]string{t.titles, t.notes, t.bodies}[r.IntN(3)]
		ws := wordsOf(pool[r.IntN(len(pool))])
		if len(ws) > 0 {
			if w := ws[r.IntN(len(ws))]; len(w) >= 4 {
				words = append(words, w)
			}
		}
	}
	if err := os.WriteFile(path, []byte(strings.Join(words, "\n")+"\n"), 0o644); err != nil {
		log.Fatal(err)
	}
}
