// Package instance keeps one Lectern window per database. The first launch on a database
// becomes its primary: it holds a lock and listens on a Unix socket; a later launch on the same
// database finds the lock taken and hands its arguments (files to import, lectern:// links)
// to the primary over the socket, then exits, so a second window never opens on the same file.
//
// Both files live in $XDG_RUNTIME_DIR/lectern/ (or, without it, in a directory of the
// temporary folder that only the user can enter), named by a hash of the database's absolute
// path. The lock is flock(2) on the .lock file: the kernel releases it when its holder dies,
// so a crashed Lectern leaves nothing that blocks the next one; a socket file left behind is
// removed by whoever takes the lock next.
//
// The protocol is a few lines of text. The client sends
//
//	lectern-open 1
//	"/home/me/article.md"
//	"lectern://highlight/12"
//	(an empty line)
//
// each argument quoted as by strconv.Quote (so any file name fits on a line), and the
// primary answers "ok" once it has taken them, or "error REASON". No arguments is a request
// to bring the window to the front.
//
// The package uses nothing of Lectern's.
package instance

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

const (
	header = "lectern-open 1"
	// Limits on what a primary reads from one client.
	maxArgs    = 1000
	maxLineLen = 64 << 10
	// ioTimeout bounds one exchange, on both sides.
	ioTimeout = 5 * time.Second
)

// claimPatience is how long Claim keeps trying while the lock's holder does not answer.
var claimPatience = 3 * time.Second

// ErrNoAnswer is wrapped by Claim's error when another Lectern holds the database's lock but
// its socket did not take the arguments (it is hung, or quitting and still holding the lock).
var ErrNoAnswer = errors.New("another Lectern window is open on this database but did not answer")

// Paths are where the lock and the socket of one database live.
type Paths struct {
	Lock, Socket string
}

// PathsFor is the lock and socket of the database at dbPath: in $XDG_RUNTIME_DIR/lectern, or
// in a private directory of the temporary folder, named by a hash of the database's absolute
// path with symbolic links resolved (two spellings of one file share a window).
func PathsFor(dbPath string) (Paths, error) {
	dir, err := runtimeDir()
	if err != nil {
		return Paths{}, err
	}
	sum := sha256.Sum256([]byte(canonical(dbPath)))
	name := hex.EncodeToString(sum[:12])
	return Paths{Lock: filepath.Join(dir, name+".lock"), Socket: filepath.Join(dir, name+".sock")}, nil
}

// canonical is path made absolute, with the symbolic links of the file (or, when it does not
// exist yet, of its folder) resolved.
func canonical(path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		return path
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		return real
	}
	if dir, err := filepath.EvalSymlinks(filepath.Dir(abs)); err == nil {
		return filepath.Join(dir, filepath.Base(abs))
	}
	return abs
}

// runtimeDir makes (if need be) and returns the directory for locks and sockets.
func runtimeDir() (string, error) {
	if base := os.Getenv("XDG_RUNTIME_DIR"); base != "" && filepath.IsAbs(base) {
		dir := filepath.Join(base, "lectern")
		if err := os.MkdirAll(dir, 0o700); err == nil {
			return dir, nil
		}
	}
	dir := filepath.Join(os.TempDir(), fmt.Sprintf("lectern-%d", os.Getuid()))
	if err := os.Mkdir(dir, 0o700); err != nil && !errors.Is(err, os.ErrExist) {
		return "", err
	}
	// In a shared temporary folder, use the directory only if it is ours and private.
	if err := checkPrivate(dir); err != nil {
		return "", err
	}
	return dir, nil
}

// Primary is the running window's side: it holds the lock and serves the socket.
type Primary struct {
	paths    Paths
	lock     *os.File
	listener net.Listener
	closed   chan struct{}
	once     sync.Once
	wg       sync.WaitGroup
}

// Claim takes the database's lock. If it is free, Claim returns the Primary (call Serve, and
// Close when the window is gone). If another Lectern holds it, Claim hands args to that one
// and returns (nil, nil): the caller should exit. Claim retries for a few seconds while the
// other holds the lock without answering (it is starting or quitting), then returns an error
// wrapping ErrNoAnswer.
func Claim(paths Paths, args []string) (*Primary, error) {
	deadline := time.Now().Add(claimPatience)
	for {
		p, err := tryPrimary(paths)
		if err != nil {
			return nil, err
		}
		if p != nil {
			return p, nil
		}
		sendErr := Send(paths.Socket, args)
		if sendErr == nil {
			return nil, nil
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("%w: %v", ErrNoAnswer, sendErr)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// tryPrimary takes the lock and listens, or returns (nil, nil) if another process holds it.
func tryPrimary(paths Paths) (*Primary, error) {
	lock, err := os.OpenFile(paths.Lock, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	ok, err := tryLock(lock)
	if err != nil || !ok {
		lock.Close()
		return nil, err
	}
	// The lock is ours: a socket file still there is a dead Lectern's.
	if err := os.Remove(paths.Socket); err != nil && !errors.Is(err, os.ErrNotExist) {
		lock.Close()
		return nil, err
	}
	l, err := net.Listen("unix", paths.Socket)
	if err != nil {
		lock.Close()
		return nil, err
	}
	l.(*net.UnixListener).SetUnlinkOnClose(true)
	if err := os.Chmod(paths.Socket, 0o600); err != nil {
		l.Close()
		lock.Close()
		return nil, err
	}
	return &Primary{paths: paths, lock: lock, listener: l, closed: make(chan struct{})}, nil
}

// Serve answers clients on its own goroutine until Close: each one's arguments are passed to
// open, on the connection's goroutine (the window wraps it in fyne.Do). Empty arguments mean
// "show yourself". An error from open (the window is closing) is the client's answer, and
// Claim, on the other side, tries again until this process has let go of the lock.
func (p *Primary) Serve(open func(args []string) error) {
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		for {
			conn, err := p.listener.Accept()
			if err != nil {
				select {
				case <-p.closed:
					return
				default:
				}
				var ne net.Error
				if errors.As(err, &ne) && ne.Timeout() {
					continue
				}
				time.Sleep(50 * time.Millisecond) // e.g. out of file descriptors: do not spin
				continue
			}
			p.wg.Add(1)
			go func() {
				defer p.wg.Done()
				p.serveConn(conn, open)
			}()
		}
	}()
}

func (p *Primary) serveConn(conn net.Conn, open func([]string) error) {
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(ioTimeout))
	args, err := readRequest(conn)
	if err != nil {
		fmt.Fprintf(conn, "error %s\n", strings.ReplaceAll(err.Error(), "\n", " "))
		return
	}
	select {
	case <-p.closed:
		fmt.Fprintf(conn, "error closing\n")
		return
	default:
	}
	if err := open(args); err != nil {
		fmt.Fprintf(conn, "error %s\n", strings.ReplaceAll(err.Error(), "\n", " "))
		return
	}
	io.WriteString(conn, "ok\n")
}

// Close stops serving, removes the socket and releases the lock.
func (p *Primary) Close() error {
	var err error
	p.once.Do(func() {
		close(p.closed)
		err = p.listener.Close()
		p.wg.Wait()
		err = errors.Join(err, p.lock.Close())
	})
	return err
}

// RefusedError is the primary's answer when it would not take the arguments.
type RefusedError struct{ Reason string }

func (e *RefusedError) Error() string { return "the open window refused: " + e.Reason }

// Send hands args to the primary listening at socket and waits for its answer.
func Send(socket string, args []string) error {
	conn, err := net.DialTimeout("unix", socket, ioTimeout)
	if err != nil {
		return err
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(ioTimeout))
	var b strings.Builder
	b.WriteString(header + "\n")
	for _, a := range args {
		b.WriteString(strconv.Quote(a) + "\n")
	}
	b.WriteString("\n")
	if _, err := io.WriteString(conn, b.String()); err != nil {
		return err
	}
	answer, err := bufio.NewReader(io.LimitReader(conn, maxLineLen)).ReadString('\n')
	if err != nil {
		return fmt.Errorf("no answer: %w", err)
	}
	answer = strings.TrimSuffix(answer, "\n")
	if answer == "ok" {
		return nil
	}
	return &RefusedError{Reason: strings.TrimPrefix(answer, "error ")}
}

// readRequest reads a client's header and arguments, up to the empty line.
func readRequest(r io.Reader) ([]string, error) {
	br := bufio.NewReaderSize(r, 4096)
	line, err := readLine(br)
	if err != nil {
		return nil, err
	}
	if line != header {
		return nil, errors.New("not a Lectern request")
	}
	var args []string
	for {
		line, err := readLine(br)
		if err != nil {
			return nil, err
		}
		if line == "" {
			return args, nil
		}
		if len(args) == maxArgs {
			return nil, fmt.Errorf("more than %d arguments", maxArgs)
		}
		arg, err := strconv.Unquote(line)
		if err != nil || !strings.HasPrefix(line, `"`) {
			return nil, errors.New("an argument is not a quoted string")
		}
		args = append(args, arg)
	}
}

// readLine reads one line without its newline, refusing lines longer than maxLineLen.
func readLine(br *bufio.Reader) (string, error) {
	var b []byte
	for {
		chunk, isPrefix, err := br.ReadLine()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return "", errors.New("the request ended early")
			}
			return "", err
		}
		b = append(b, chunk...)
		if len(b) > maxLineLen {
			return "", errors.New("a line is too long")
		}
		if !isPrefix {
			return string(b), nil
		}
	}
}

// Absolute makes the arguments that are file paths absolute (the primary runs in another
// folder) and leaves links and web addresses as they are.
func Absolute(args []string) []string {
	out := make([]string, len(args))
	for i, a := range args {
		out[i] = a
		if IsURL(a) {
			continue
		}
		if abs, err := filepath.Abs(a); err == nil {
			out[i] = abs
		}
	}
	return out
}

// IsURL reports whether s is an address with a scheme (lectern://, file://, https://…)
// rather than a file path.
func IsURL(s string) bool {
	scheme, _, ok := strings.Cut(s, "://")
	if !ok || len(scheme) < 2 {
		return false
	}
	u, err := url.Parse(s)
	return err == nil && strings.EqualFold(u.Scheme, scheme)
}
