package cli

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
)

// progressBar draws a one-line bar on a terminal and nothing elsewhere, so that piped
// output stays clean.
type progressBar struct {
	mu    sync.Mutex
	w     io.Writer
	shown bool
}

func newProgressBar(w io.Writer) *progressBar {
	if !isTerminal(w) {
		return &progressBar{}
	}
	return &progressBar{w: w}
}

func (b *progressBar) show(done, total int, current string) {
	if b.w == nil || total <= 0 {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	const width = 30
	filled := done * width / total
	fmt.Fprintf(b.w, "\r\033[K[%s%s] %d/%d %s", strings.Repeat("#", filled), strings.Repeat(" ", width-filled),
		done, total, truncate(oneLine(current), 40))
	b.shown = true
}

func (b *progressBar) clear() {
	if b.w == nil {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.shown {
		fmt.Fprint(b.w, "\r\033[K")
		b.shown = false
	}
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}
