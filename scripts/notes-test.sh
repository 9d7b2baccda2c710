#!/usr/bin/env bash
# The notes' real-window test. An article is imported with the command line; Lectern opens
# under Xvfb, Ctrl+N starts a note, and typing "[[" with a fuzzy fragment ("crvn gtml") opens
# the completion list (read back with OCR, tesseract); Enter inserts the article's full title
# as a [[link]], which is in the database (`lectern export`) and links the note to the article
# (the panel's "Linked from" after reopening it). Ctrl+Shift+N opens the note in the wide
# middle pane. Screenshots stay in build/screenshots/notes-*.png.
set -euo pipefail
bin=$(realpath "${1:-bin/lectern}")
shots=$(pwd)/build/screenshots
mkdir -p "$shots"
work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$work" 2>/dev/null || true
}
trap cleanup EXIT
fail() { echo "notes test: FAIL: $*" >&2; [ -f "$work/app.log" ] && sed 's/^/  app: /' "$work/app.log" >&2; exit 1; }
say() { echo "notes test: $*"; }

export LANG=en_US.UTF-8 XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data" LIBGL_ALWAYS_SOFTWARE=1
db="$work/lectern.db"
title="Caravan of migrants cross Guatemalan border on their way to the U.S."

"$bin" import --db "$db" "$(realpath testdata/fixtures/caravan-article.txt)" >/dev/null 2>&1 || fail "import failed"
"$bin" list --db "$db" --json | grep -qF "\"title\": \"$title\"" || fail "the article is not called “$title”"

exec 3>"$work/display"
Xvfb -displayfd 3 -screen 0 1440x900x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
pids+=("$!")
for _ in $(seq 100); do [ -s "$work/display" ] && break; sleep 0.1; done
[ -s "$work/display" ] || fail "Xvfb did not start"
export DISPLAY=":$(head -n1 "$work/display")"

app=""
start() {
  mkdir -p "$XDG_CONFIG_HOME/fyne/io.lectern.app"
  printf '{"theme.mode":"light"}' >"$XDG_CONFIG_HOME/fyne/io.lectern.app/preferences.json"
  "$bin" --db "$db" >>"$work/app.log" 2>&1 &
  app=$!
  pids+=("$app")
  window=""
  for _ in $(seq 100); do
    window=$(xdotool search --name '^Lectern$' 2>/dev/null | head -n1 || true)
    [ -n "$window" ] && break
    kill -0 "$app" 2>/dev/null || fail "lectern exited before its window appeared"
    sleep 0.2
  done
  [ -n "$window" ] || fail "no window titled Lectern within 20 s"
  sleep 3
  xdotool windowsize "$window" 1440 900 windowmove "$window" 0 0
  sleep 1
  xdotool windowfocus "$window" 2>/dev/null || true
  sleep 0.3
}
quit() {
  xdotool key --clearmodifiers ctrl+q
  for _ in $(seq 50); do kill -0 "$app" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$app" 2>/dev/null && fail "Ctrl+Q did not quit"
  return 0
}
shot() { sleep 0.8; /usr/bin/import -window root "$shots/$1.png"; }
# ocr NAME GEOMETRY: the text of a part of screenshot NAME.
ocr() {
  /usr/bin/convert "$shots/$1.png" -crop "$2" +repage -resize 200% "$work/crop.png"
  tesseract "$work/crop.png" - 2>/dev/null | tr -s ' \n' ' ' | tee "$shots/$1.txt"
}
notes() {
  rm -rf "$work/export"
  "$bin" export --db "$db" --out "$work/export" >/dev/null 2>&1 || fail "export failed"
  cat "$work/export"/*.md
}

start
# 1. Ctrl+N, then "[[" and a fuzzy fragment: the list offers the article.
xdotool key --clearmodifiers ctrl+n
sleep 0.5
xdotool type --delay 40 "Read [[crvn gtml"
sleep 1
shot notes-completion
# The notes panel and the list under its caret: the right part of the window.
grep -Eqi "Guatemalan" <<<"$(ocr notes-completion 900x900+540+0)" ||
  fail "typing [[crvn gtml showed no list with the title (notes-completion.txt: $(cat "$shots/notes-completion.txt"))"
say "[[crvn gtml lists “$title”"
# 2. Enter inserts the full title; what follows is typed after it.
xdotool key Return
sleep 0.3
xdotool type --delay 40 " today."
sleep 2
want="Read [[$title]] today."
for _ in 1 2 3 4 5; do
  notes | grep -qF "$want" && break
  sleep 1
done
notes | grep -qF "$want" || fail "the database does not hold “$want”: $(notes | grep -F 'Read' || true)"
shot notes-inserted
say "Enter inserted the full title; the note is saved: $want"
# 3. Ctrl+Shift+N: the note in the wide middle pane, its preview showing the link.
xdotool key --clearmodifiers ctrl+shift+n
sleep 1.5
shot notes-wide
grep -Eqi "words" <<<"$(ocr notes-wide 1440x900+0+0)" ||
  fail "Ctrl+Shift+N did not show the wide editor with its word count (notes-wide.txt: $(cat "$shots/notes-wide.txt"))"
say "Ctrl+Shift+N opens the note in the middle pane"
xdotool key Escape
sleep 0.5
quit
# 4. The link is indexed: the article's backlinks list the note.
"$bin" backlinks --db "$db" 1 | grep -qF "Read [[" || fail "lectern backlinks 1 does not list the note"
say "the link is indexed: lectern backlinks lists the note"
