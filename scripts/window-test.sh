#!/usr/bin/env bash
# The real-window test: start Lectern under Xvfb on a fresh database, wait for its window,
# screenshot it and check the picture is not blank, type a note with xdotool, quit with
# Ctrl+Q, and check the typed text reached the database.
set -euo pipefail
bin=$(realpath "${1:-bin/lectern}")
shots=$(pwd)/build/screenshots
mkdir -p "$shots"
work=$(mktemp -d)
display=:$((90 + RANDOM % 100))
xvfb_pid=""
app_pid=""
cleanup() {
  [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null || true
  [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "window test: FAIL: $*" >&2; [ -f "$work/app.log" ] && sed 's/^/  app: /' "$work/app.log" >&2; exit 1; }

export LANG=en_US.UTF-8 XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data" DISPLAY=$display
export LIBGL_ALWAYS_SOFTWARE=1
db="$work/lectern.db"

Xvfb "$display" -screen 0 1400x900x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
xvfb_pid=$!
for _ in $(seq 50); do xdotool getdisplaygeometry >/dev/null 2>&1 && break; sleep 0.1; done

"$bin" --db "$db" >"$work/app.log" 2>&1 &
app_pid=$!

window=""
for _ in $(seq 100); do
  window=$(xdotool search --name '^Lectern$' 2>/dev/null | head -n1 || true)
  [ -n "$window" ] && break
  kill -0 "$app_pid" 2>/dev/null || fail "lectern exited before its window appeared"
  sleep 0.2
done
[ -n "$window" ] || fail "no window titled Lectern within 20 s"
sleep 3 # first paint, and the welcome article being imported and opened

/usr/bin/import -window root "$shots/window.png"
colours=$(/usr/bin/convert "$shots/window.png" -format '%k' info:)
deviation=$(/usr/bin/convert "$shots/window.png" -colorspace Gray -format '%[fx:standard_deviation]' info:)
echo "window test: screenshot $shots/window.png has $colours colours, deviation $deviation"
[ "$colours" -gt 16 ] || fail "the screenshot is blank ($colours colours)"

note="Typed by xdotool at $(date +%s)"
xdotool windowfocus "$window" 2>/dev/null || true
sleep 0.3
xdotool key --clearmodifiers ctrl+n
sleep 0.5
xdotool type --delay 15 "$note"
sleep 1.5 # more than the autosave delay
/usr/bin/import -window root "$shots/window-note.png"
xdotool key --clearmodifiers ctrl+q

for _ in $(seq 50); do kill -0 "$app_pid" 2>/dev/null || break; sleep 0.2; done
if kill -0 "$app_pid" 2>/dev/null; then fail "lectern did not quit on Ctrl+Q"; fi
wait "$app_pid" || fail "lectern exited with an error"
app_pid=""

"$bin" export --db "$db" --out "$work/export" >/dev/null 2>&1 || fail "export failed"
grep -rqF "$note" "$work/export" || fail "the typed note is not in the database"
"$bin" list --db "$db" --json | grep -q '"title": "Welcome to Lectern"' || fail "the welcome article is missing"
echo "window test: ok (note saved, welcome article present)"
