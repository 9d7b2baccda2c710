package ingest

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"

	"lectern/store"
)

// A notes folder (an Obsidian vault) is imported without changing a byte of it: each Markdown
// file becomes a standalone note that keeps its name (the note's title), its path in the
// folder, its front matter exactly as written and the rest of the file byte for byte; the
// store derives tags (front matter tags and #tags), aliases and [[links]] from them. The
// files a note embeds or links to (![[photo.png]], ![](x.png), [[paper.pdf]]) are kept with
// it. Hidden folders and files (.obsidian, .trash, .git) are skipped. Importing the folder
// again updates the notes whose files changed (found by the file's path) and adds nothing
// twice. Other files of the folder are imported as Import does without MarkdownAsNotes.

// vaultFile is a Markdown file of a notes folder.
type vaultFile struct {
	abs  string // the file
	root string // the folder given (for a single file, its folder)
	rel  string // '/'-separated path inside root
}

// vaultFiles indexes the other files of the folders, for attachments.
type vaultFiles struct {
	byRel  map[string]string   // root + "\x00" + rel → the file
	byBase map[string][]string // root + "\x00" + lower-case base name → rels, shortest first
	used   map[string]bool     // the files kept as attachments
}

func importVault(ctx context.Context, db *store.DB, sources []string, opt Options) (Summary, error) {
	opt = opt.withDefaults()
	var (
		notes   []vaultFile
		others  []string // files and URLs imported as articles
		settled []Result
		files   = vaultFiles{byRel: map[string]string{}, byBase: map[string][]string{}, used: map[string]bool{}}
	)
	type otherFile struct{ abs, key string }
	var folderFiles []otherFile // non-Markdown files found in folders: attachments, or articles
	for _, src := range sources {
		if ctx.Err() != nil {
			break
		}
		if isWebURL(src) {
			others = append(others, src)
			continue
		}
		info, err := os.Stat(src)
		if err != nil || !info.IsDir() {
			if err == nil && info.Mode().IsRegular() && formatByName(src) == formatMarkdown {
				abs, _ := filepath.Abs(src)
				notes = append(notes, vaultFile{abs: abs, root: filepath.Dir(abs), rel: filepath.Base(abs)})
			} else {
				others = append(others, src) // Import says what is wrong with it
			}
			continue
		}
		root, err := filepath.Abs(src)
		if err != nil {
			root = src
		}
		err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			if err != nil {
				settled = append(settled, Result{Source: p, Outcome: Failed, Err: fmt.Errorf("read folder %s: %w", p, err)})
				return nil
			}
			hidden := p != root && strings.HasPrefix(d.Name(), ".")
			switch {
			case d.IsDir() && hidden:
				return filepath.SkipDir
			case d.IsDir():
				return nil
			case hidden:
				settled = append(settled, Result{Source: p, Outcome: Skipped, Err: errors.New("skipped: hidden file")})
				return nil
			}
			info, err := os.Stat(p)
			if err != nil {
				settled = append(settled, Result{Source: p, Outcome: Failed, Err: fmt.Errorf("read %s: %w", p, err)})
				return nil
			}
			if !info.Mode().IsRegular() {
				settled = append(settled, Result{Source: p, Outcome: Skipped, Err: fmt.Errorf("skipped: not a regular file (%s)", describeMode(info.Mode()))})
				return nil
			}
			rel, err := filepath.Rel(root, p)
			if err != nil {
				return nil
			}
			rel = filepath.ToSlash(rel)
			if formatByName(p) == formatMarkdown {
				notes = append(notes, vaultFile{abs: p, root: root, rel: rel})
				return nil
			}
			key := root + "\x00" + rel
			files.byRel[key] = p
			baseKey := root + "\x00" + strings.ToLower(path.Base(rel))
			files.byBase[baseKey] = append(files.byBase[baseKey], rel)
			folderFiles = append(folderFiles, otherFile{abs: p, key: key})
			return nil
		})
		if err != nil && ctx.Err() == nil {
			settled = append(settled, Result{Source: src, Outcome: Failed, Err: fmt.Errorf("read folder %s: %w", src, err)})
		}
	}
	if ctx.Err() != nil {
		return Summary{}, context.Cause(ctx)
	}
	for _, rels := range files.byBase {
		slices.SortFunc(rels, func(a, b string) int { return len(a) - len(b) })
	}

	var sum Summary
	done, total := 0, len(settled)+len(notes)
	report := func(r Result) {
		done++
		sum.add(r)
		sum.Results = append(sum.Results, r)
		if opt.OnResult != nil {
			opt.OnResult(r)
		}
		if opt.OnProgress != nil {
			opt.OnProgress(Progress{Done: done, Total: total, Current: r.Source})
		}
	}
	for _, r := range settled {
		report(r)
	}
	var fatal error
	for i, f := range notes {
		if ctx.Err() != nil {
			sum.NotTried += len(notes) - i
			break
		}
		r := importVaultNote(ctx, db, f, &files, opt)
		report(r)
		if errors.Is(r.Err, store.ErrReadOnly) || errors.Is(r.Err, store.ErrDiskFull) {
			fatal = r.Err
			sum.NotTried += len(notes) - i - 1
			break
		}
	}
	if fatal != nil {
		return sum, fmt.Errorf("import stopped: %w; %d not tried", fatal, sum.NotTried)
	}
	if ctx.Err() != nil {
		return sum, context.Cause(ctx)
	}

	// The folders' other files: attachments are kept with their notes; the rest are imported
	// as a folder's files are, or skipped as they would be.
	for _, f := range folderFiles {
		switch {
		case files.used[f.key]:
		case formatByName(f.abs) == formatUnknown:
			report(Result{Source: f.abs, Outcome: Skipped, Err: fmt.Errorf("skipped: not an article (%s file)", describeExt(f.abs))})
		default:
			others = append(others, f.abs)
		}
	}
	if len(others) == 0 {
		return sum, nil
	}
	rest := opt
	rest.MarkdownAsNotes = false
	if opt.OnProgress != nil {
		before := done
		rest.OnProgress = func(p Progress) {
			opt.OnProgress(Progress{Done: before + p.Done, Total: before + p.Total, Current: p.Current})
		}
	}
	more, err := Import(ctx, db, others, rest)
	sum.Imported += more.Imported
	sum.Duplicates += more.Duplicates
	sum.Failed += more.Failed
	sum.Skipped += more.Skipped
	sum.NotTried += more.NotTried
	sum.Images.Add(more.Images)
	sum.Results = append(sum.Results, more.Results...)
	return sum, err
}

// importVaultNote reads one Markdown file of a notes folder and stores it as a note.
func importVaultNote(ctx context.Context, db *store.DB, f vaultFile, files *vaultFiles, opt Options) Result {
	r := Result{Source: f.abs, Outcome: Failed}
	data, err := readFileCapped(f.abs, opt.MaxBytes)
	if err != nil {
		r.Err = err
		return r
	}
	content := string(data)
	block, body := store.SplitFrontMatter(content)
	block, knownID := store.StripLecternKeys(block)
	ext := path.Ext(f.rel)
	r.Title = strings.TrimSuffix(path.Base(f.rel), ext)
	if dup := exportedDuplicate(ctx, db, f.abs, data); dup != nil {
		// A page Lectern exported: an article's, or a note written in Lectern.
		if knownID == 0 {
			r.Outcome, r.ID, r.Err = Duplicate, dup.ExistingID, dup
			return r
		}
		if n, err := db.Note(ctx, knownID); err == nil && n.Path == "" {
			r.Outcome, r.NoteID, r.Err = Duplicate, n.ID, fmt.Errorf("already a note (%d)", n.ID)
			return r
		}
	}
	v := store.VaultNote{Source: f.abs, Path: f.rel, Title: r.Title, FrontMatter: block, Body: body, KnownID: knownID}
	for _, rel := range attachmentRefs(body, path.Dir(f.rel), f.root, files) {
		key := f.root + "\x00" + rel
		abs := files.byRel[key]
		data, err := readFileCapped(abs, opt.MaxBytes)
		if err != nil {
			continue // a missing or unreadable attachment leaves the note as it is
		}
		files.used[key] = true
		v.Attachments = append(v.Attachments, store.Attachment{Path: rel, Mime: mimeOf(rel, data), Data: data})
	}
	id, outcome, err := db.SaveVaultNote(ctx, v)
	switch {
	case err != nil:
		r.Err = fmt.Errorf("store %s: %w", f.abs, err)
	case outcome == store.VaultUnchanged:
		r.Outcome, r.NoteID, r.Err = Duplicate, id, fmt.Errorf("already a note (%d), unchanged", id)
	default:
		r.Outcome, r.NoteID = Imported, id
	}
	return r
}

// attachmentRefs finds the folder's files a note's text embeds or links to: ![[name]] and
// [[name.ext]] (Obsidian finds the name beside the note, from the folder's top, or anywhere,
// shortest path first), and Markdown images and links to local files. It returns their paths
// in the folder, each once.
func attachmentRefs(body, dir, root string, files *vaultFiles) []string {
	var out []string
	seen := map[string]bool{}
	add := func(rel string) bool {
		rel = path.Clean(rel)
		if rel == "." || strings.HasPrefix(rel, "../") || rel == ".." {
			return false
		}
		if _, ok := files.byRel[root+"\x00"+rel]; !ok {
			return false
		}
		if !seen[rel] {
			seen[rel] = true
			out = append(out, rel)
		}
		return true
	}
	for _, l := range store.ParseWikilinks(body) {
		name := l.Target
		if name == "" || formatByName(name) == formatMarkdown || path.Ext(name) == "" {
			continue // a link to a note
		}
		if add(path.Join(dir, name)) || add(name) {
			continue
		}
		if rels := files.byBase[root+"\x00"+strings.ToLower(path.Base(name))]; len(rels) > 0 {
			add(rels[0])
		}
	}
	if !strings.Contains(body, "](") && !strings.Contains(body, "]:") {
		return out
	}
	source := []byte(body)
	doc := markdownEngine.Parser().Parse(text.NewReader(source))
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		var dest []byte
		switch n := n.(type) {
		case *ast.Image:
			dest = n.Destination
		case *ast.Link:
			dest = n.Destination
		default:
			return ast.WalkContinue, nil
		}
		ref := string(dest)
		if ref == "" || strings.HasPrefix(ref, "#") || strings.Contains(ref, ":") {
			return ast.WalkContinue, nil // an anchor, a URL (http:, mailto:, data:, lectern:)
		}
		if u, err := url.PathUnescape(ref); err == nil {
			ref = u
		}
		ref, _, _ = strings.Cut(ref, "#")
		if formatByName(ref) == formatMarkdown {
			return ast.WalkContinue, nil
		}
		if strings.HasPrefix(ref, "/") {
			add(strings.TrimPrefix(ref, "/"))
		} else if !add(path.Join(dir, ref)) {
			add(ref)
		}
		return ast.WalkContinue, nil
	})
	return out
}

func mimeOf(name string, data []byte) string {
	if t := mime.TypeByExtension(path.Ext(name)); t != "" {
		return t
	}
	return http.DetectContentType(data)
}
