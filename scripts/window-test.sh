#!/usr/bin/env bash
# The real-window test: start Lectern under Xvfb on a fresh database, wait for its window,
# screenshot it and check the picture is not blank; type a note with xdotool and kill the app
# with SIGKILL; start it again, type another note and quit with Ctrl+Q; check both notes
# reached the database.
set -euo pipefail
bin=$(realpath "${1:-bin/lectern}")
shots=$(pwd)/build/screenshots
mkdir -p "$shots"
work=$(mktemp -d)
xvfb_pid=""
app_pid=""
cleanup() {
  [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null || true
  [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "window test: FAIL: $*" >&2; [ -f "$work/app.log" ] && sed 's/^/  app: /' "$work/app.log" >&2; exit 1; }

export LANG=en_US.UTF-8 XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data"
export LIBGL_ALWAYS_SOFTWARE=1
db="$work/lectern.db"

# Xvfb picks a free display itself and writes its number to fd 3: another test's display is
# never ours.
exec 3>"$work/display"
Xvfb -displayfd 3 -screen 0 1400x900x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
xvfb_pid=$!
for _ in $(seq 100); do [ -s "$work/display" ] && break; sleep 0.1; done
[ -s "$work/display" ] || fail "Xvfb did not start"
export DISPLAY=":$(head -n1 "$work/display")"

# start_app: launch Lectern on the test database and wait until its window is painted.
start_app() {
  "$bin" --db "$db" >>"$work/app.log" 2>&1 &
  app_pid=$!
  window=""
  for _ in $(seq 100); do
    window=$(xdotool search --name '^Lectern$' 2>/dev/null | head -n1 || true)
    [ -n "$window" ] && break
    kill -0 "$app_pid" 2>/dev/null || fail "lectern exited before its window appeared"
    sleep 0.2
  done
  [ -n "$window" ] || fail "no window titled Lectern within 20 s"
  sleep 3 # first paint, and on a new database the welcome article being imported and opened
  xdotool windowfocus "$window" 2>/dev/null || true
  sleep 0.3
}

# type_note TEXT: Ctrl+N (focus the notes, creating one if needed) and type TEXT.
type_note() {
  xdotool key --clearmodifiers ctrl+n
  sleep 0.5
  xdotool type --delay 15 "$1"
}

# exported_notes: every note in the database, through the command line's export.
exported_notes() {
  rm -rf "$work/export"
  "$bin" export --db "$db" --out "$work/export" >/dev/null 2>&1 || fail "export failed"
  cat "$work/export"/*.md
}

# 1. A fresh database: the window shows the welcome article in all three panes.
start_app
/usr/bin/import -window root "$shots/window.png"
colours=$(/usr/bin/convert "$shots/window.png" -format '%k' info:)
echo "window test: screenshot $shots/window.png has $colours colours"
[ "$colours" -gt 16 ] || fail "the screenshot is blank ($colours colours)"
"$bin" list --db "$db" --json | grep -q '"title": "Welcome to Lectern"' || fail "the welcome article is missing"

# 2. Typing, then SIGKILL more than a second later: what was typed is in the database.
killed_note="Survives a kill $(date +%s)"
type_note "$killed_note"
sleep 1.5 # more than the autosave delay
/usr/bin/import -window root "$shots/window-note.png"
kill -KILL "$app_pid"
wait "$app_pid" 2>/dev/null || true
app_pid=""
exported_notes | grep -qF "$killed_note" || fail "the note typed before SIGKILL was lost"
echo "window test: the note typed 1.5 s before SIGKILL was saved"

# 3. Typing, then Ctrl+Q at once: the window saves before it closes.
start_app
quit_note="Saved on quit $(date +%s)"
type_note "$quit_note"
xdotool key --clearmodifiers ctrl+q
for _ in $(seq 50); do kill -0 "$app_pid" 2>/dev/null || break; sleep 0.2; done
if kill -0 "$app_pid" 2>/dev/null; then
  /usr/bin/import -window root "$shots/window-quit-failed.png" || true
  fail "lectern did not quit on Ctrl+Q (screenshot window-quit-failed.png)"
fi
wait "$app_pid" || fail "lectern exited with an error"
app_pid=""
notes=$(exported_notes)
grep -qF "$quit_note" <<<"$notes" || fail "the note typed just before Ctrl+Q was lost"
grep -qF "$killed_note" <<<"$notes" || fail "the earlier note was lost"
# 4. SIGTERM (a logout, a shutdown) right after typing: the driver ends the event loop
#    itself, and the last save still runs.
start_app
term_note="Saved on SIGTERM $(date +%s)"
type_note "$term_note"
sleep 0.3 # let the window take the keystrokes from the X server; less than the autosave delay
kill -TERM "$app_pid"
for _ in $(seq 50); do kill -0 "$app_pid" 2>/dev/null || break; sleep 0.2; done
wait "$app_pid" 2>/dev/null || true
app_pid=""
exported_notes | grep -qF "$term_note" || fail "the note typed just before SIGTERM was lost"

# 5. A database its user cannot write (read-only file and folder) still opens for reading,
#    and a write says why it failed. Root ignores permissions, so root checks as nobody.
ro="$work/readonly"
mkdir -p "$ro" && cp "$db" "$ro/lectern.db" && chmod 755 "$work" && chmod 555 "$ro" && chmod 444 "$ro/lectern.db"
as_user=()
[ "$(id -u)" = 0 ] && as_user=(runuser -u nobody --)
chmod 755 "$(dirname "$bin")" 2>/dev/null || true
"${as_user[@]}" "$bin" list --db "$ro/lectern.db" | grep -q "Welcome to Lectern" || fail "a read-only database does not open for reading"
if "${as_user[@]}" "$bin" note --db "$ro/lectern.db" 1 "x" 2>"$work/ro.err"; then fail "a write to a read-only database succeeded"; fi
grep -q "read-only" "$work/ro.err" || fail "a write to a read-only database does not say why: $(cat "$work/ro.err")"
chmod 755 "$ro"
echo "window test: ok"
