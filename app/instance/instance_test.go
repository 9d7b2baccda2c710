package instance

import (
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"
)

// testPaths gives a database path whose lock and socket live in a fresh runtime directory.
func testPaths(t *testing.T) (string, Paths) {
	t.Helper()
	run, err := os.MkdirTemp("", "li")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(run) })
	t.Setenv("XDG_RUNTIME_DIR", run)
	db := filepath.Join(t.TempDir(), "lectern.db")
	p, err := PathsFor(db)
	if err != nil {
		t.Fatal(err)
	}
	return db, p
}

// receiver collects what a primary is handed.
type receiver struct {
	mu  sync.Mutex
	got [][]string
}

func newReceiver() *receiver { return &receiver{} }

func (r *receiver) open(args []string) error {
	r.mu.Lock()
	r.got = append(r.got, args)
	r.mu.Unlock()
	return nil
}

func (r *receiver) all() [][]string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([][]string(nil), r.got...)
}

func claimPrimary(t *testing.T, p Paths, r *receiver) *Primary {
	t.Helper()
	prim, err := Claim(p, nil)
	if err != nil || prim == nil {
		t.Fatalf("first claim: %v, %v", prim, err)
	}
	prim.Serve(r.open)
	t.Cleanup(func() { prim.Close() })
	return prim
}

func TestSecondLaunchHandsItsArguments(t *testing.T) {
	_, p := testPaths(t)
	r := newReceiver()
	claimPrimary(t, p, r)

	args := []string{"/home/me/a file.md", "lectern://highlight/12", "/odd/name\nwith \"quotes\" and é", ""}
	second, err := Claim(p, args)
	if err != nil || second != nil {
		t.Fatalf("second claim: %v, %v (want handed off)", second, err)
	}
	// Claim returns after the primary answered, which it does after open returned.
	if got := r.all(); len(got) != 1 || !reflect.DeepEqual(got[0], args) {
		t.Fatalf("primary got %q, want [%q]", got, args)
	}
	// No arguments: still handed off (the window comes to the front).
	if second, err := Claim(p, nil); err != nil || second != nil {
		t.Fatalf("claim with no args: %v, %v", second, err)
	}
	if got := r.all(); len(got) != 2 || len(got[1]) != 0 {
		t.Fatalf("primary got %q", got)
	}
}

func TestStaleSocketIsReplaced(t *testing.T) {
	_, p := testPaths(t)
	// A Lectern killed with SIGKILL leaves its socket file; nobody listens on it.
	l, err := net.Listen("unix", p.Socket)
	if err != nil {
		t.Fatal(err)
	}
	l.(*net.UnixListener).SetUnlinkOnClose(false)
	l.Close()
	if _, err := os.Stat(p.Socket); err != nil {
		t.Fatal("the stale socket should exist:", err)
	}
	r := newReceiver()
	claimPrimary(t, p, r)
	if second, err := Claim(p, []string{"x"}); err != nil || second != nil {
		t.Fatalf("second claim: %v, %v", second, err)
	}
	if got := r.all(); len(got) != 1 || got[0][0] != "x" {
		t.Fatalf("got %q", got)
	}
}

func TestAfterCloseTheNextLaunchIsPrimary(t *testing.T) {
	_, p := testPaths(t)
	first := claimPrimary(t, p, newReceiver())
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(p.Socket); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("socket left after Close: %v", err)
	}
	claimPrimary(t, p, newReceiver())
}

func TestHolderThatDoesNotAnswer(t *testing.T) {
	_, p := testPaths(t)
	defer func(d time.Duration) { claimPatience = d }(claimPatience)
	claimPatience = 300 * time.Millisecond
	// The lock is held (a Lectern hung, or quitting), and nothing listens.
	prim, err := Claim(p, nil)
	if err != nil || prim == nil {
		t.Fatal(prim, err)
	}
	defer prim.lock.Close()
	prim.listener.Close()

	start := time.Now()
	second, err := Claim(p, []string{"a"})
	if second != nil || !errors.Is(err, ErrNoAnswer) {
		t.Fatalf("got %v, %v; want ErrNoAnswer (never a second primary)", second, err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("took %v", d)
	}
}

func TestClosingWindowPassesToTheNextLaunch(t *testing.T) {
	_, p := testPaths(t)
	first, err := Claim(p, nil)
	if err != nil || first == nil {
		t.Fatal(first, err)
	}
	// The window's loop has ended; it still holds the lock while it saves and closes.
	var refused sync.Once
	closed := make(chan struct{})
	first.Serve(func([]string) error {
		refused.Do(func() {
			go func() {
				time.Sleep(200 * time.Millisecond)
				first.Close()
				close(closed)
			}()
		})
		return errors.New("closing")
	})
	start := time.Now()
	second, err := Claim(p, []string{"a"})
	if err != nil || second == nil {
		t.Fatalf("after the first window closed, the launch should be the primary: %v, %v", second, err)
	}
	defer second.Close()
	if d := time.Since(start); d < 200*time.Millisecond {
		t.Fatalf("a second primary after %v, while the first still held the lock", d)
	}
	<-closed
}

func TestManyLaunchesAtOnceMakeOnePrimary(t *testing.T) {
	_, p := testPaths(t)
	r := newReceiver()
	const n = 12
	var (
		wg        sync.WaitGroup
		mu        sync.Mutex
		primaries []*Primary
		errs      []error
	)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			prim, err := Claim(p, []string{fmt.Sprint(i)})
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				errs = append(errs, err)
			}
			if prim != nil {
				prim.Serve(r.open)
				primaries = append(primaries, prim)
			}
		}()
	}
	wg.Wait()
	for _, prim := range primaries {
		defer prim.Close()
	}
	if len(errs) > 0 || len(primaries) != 1 {
		t.Fatalf("%d primaries, errors %v", len(primaries), errs)
	}
	if got := len(r.all()); got != n-1 {
		t.Fatalf("primary was handed %d launches, want %d", got, n-1)
	}
}

func TestBadRequestsAreRefused(t *testing.T) {
	_, p := testPaths(t)
	r := newReceiver()
	claimPrimary(t, p, r)
	for name, req := range map[string]string{
		"wrong header": "GET / HTTP/1.0\n\n",
		"unquoted":     header + "\n/a/b\n\n",
		"too long":     header + "\n\"" + strings.Repeat("a", maxLineLen+10) + "\"\n\n",
		"no end":       header + "\n\"a\"\n",
	} {
		conn, err := net.Dial("unix", p.Socket)
		if err != nil {
			t.Fatal(err)
		}
		conn.SetDeadline(time.Now().Add(10 * time.Second))
		if _, err := conn.Write([]byte(req)); err != nil {
			t.Fatal(name, err)
		}
		if name == "no end" {
			conn.(*net.UnixConn).CloseWrite()
		}
		buf := make([]byte, 200)
		n, _ := conn.Read(buf)
		conn.Close()
		if !strings.HasPrefix(string(buf[:n]), "error ") {
			t.Errorf("%s: answer %q", name, buf[:n])
		}
	}
	if got := r.all(); len(got) != 0 {
		t.Fatalf("bad requests reached the window: %q", got)
	}
}

func TestPathsForOneFileSpelledTwoWays(t *testing.T) {
	db, p := testPaths(t)
	if err := os.WriteFile(db, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(t.TempDir(), "link.db")
	if err := os.Symlink(db, link); err != nil {
		t.Fatal(err)
	}
	q, err := PathsFor(link)
	if err != nil || q != p {
		t.Fatalf("%v %v != %v", q, err, p)
	}
	other, _ := PathsFor(db + "2")
	if other == p {
		t.Fatal("another database shares the socket")
	}
	if fi, err := os.Stat(filepath.Dir(p.Socket)); err != nil || fi.Mode().Perm() != 0o700 {
		t.Fatalf("runtime dir: %v %v", fi, err)
	}
	if !strings.HasPrefix(p.Socket, os.Getenv("XDG_RUNTIME_DIR")) {
		t.Fatalf("socket %s not in XDG_RUNTIME_DIR", p.Socket)
	}
}

func TestWithoutRuntimeDir(t *testing.T) {
	t.Setenv("XDG_RUNTIME_DIR", "")
	t.Setenv("TMPDIR", t.TempDir())
	p, err := PathsFor("/some/lectern.db")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(p.Socket, os.Getenv("TMPDIR")) {
		t.Fatalf("socket %s", p.Socket)
	}
	// A directory of that name that others can enter is refused.
	if err := os.Chmod(filepath.Dir(p.Socket), 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := PathsFor("/some/lectern.db"); err == nil {
		t.Fatal("a shared directory was accepted")
	}
}

func TestAbsolute(t *testing.T) {
	wd, _ := os.Getwd()
	got := Absolute([]string{"notes/a.md", "/x/y.html", "lectern://article/3", "file:///tmp/a%20b.md", "https://example.org/x", "C:odd"})
	want := []string{filepath.Join(wd, "notes/a.md"), "/x/y.html", "lectern://article/3", "file:///tmp/a%20b.md", "https://example.org/x", filepath.Join(wd, "C:odd")}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %q\nwant %q", got, want)
	}
}
