#!/usr/bin/env bash
# The daily review's real-window test. An article is imported and two passages highlighted with
# the command line; Lectern opens under Xvfb in the light theme, Ctrl+R shows the day's first
# card (its quote read back with OCR, tesseract), 3 grades it good and the next card shows, 3
# again and the summary shows; the grades are in the database (`lectern review --json`), and
# Ctrl+Shift+R shows the stats. Then, in the dark theme, a third highlight's card, graded, and
# the stats. Screenshots stay in build/screenshots/review-*.png.
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
fail() { echo "review test: FAIL: $*" >&2; [ -f "$work/app.log" ] && sed 's/^/  app: /' "$work/app.log" >&2; exit 1; }
say() { echo "review test: $*"; }

export LANG=en_US.UTF-8 XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data" LIBGL_ALWAYS_SOFTWARE=1
db="$work/lectern.db"

# 1. An article and two highlights: the newest comes first in a day's review.
"$bin" import --db "$db" "$(realpath testdata/fixtures/caravan-article.txt)" >/dev/null 2>&1 || fail "import failed"
"$bin" highlight --db "$db" --comment "They kept going." 1 "the migrants began walking again" >/dev/null || fail "highlight 1"
"$bin" highlight --db "$db" 1 "Officers later set up a roadblock" >/dev/null || fail "highlight 2"

exec 3>"$work/display"
Xvfb -displayfd 3 -screen 0 1440x900x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
pids+=("$!")
for _ in $(seq 100); do [ -s "$work/display" ] && break; sleep 0.1; done
[ -s "$work/display" ] || fail "Xvfb did not start"
export DISPLAY=":$(head -n1 "$work/display")"

# start THEME: Lectern on the test database in THEME, its window at 1440x900.
app=""
start() {
  mkdir -p "$XDG_CONFIG_HOME/fyne/io.lectern.app"
  printf '{"theme.mode":"%s"}' "$1" >"$XDG_CONFIG_HOME/fyne/io.lectern.app/preferences.json"
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
# middle NAME: the text of the middle pane (between the library and the notes), by OCR.
middle() {
  /usr/bin/convert "$shots/$1.png" -crop "820x900+290+0" +repage "$work/crop.png"
  tesseract "$work/crop.png" - 2>/dev/null | tr -s ' \n' ' ' | tee "$shots/$1.txt"
}
# expect NAME PATTERN WHAT: screenshot NAME (retried while the window catches up) shows PATTERN.
expect() {
  for _ in 1 2 3 4 5; do
    shot "$1"
    grep -Eqi "$2" <<<"$(middle "$1")" && return 0
    sleep 1
  done
  fail "$3 ($1.txt: $(cat "$shots/$1.txt"))"
}
graded() { "$bin" review --db "$db" --json | grep -c '"done": true' || true; }

# 2. Light: Ctrl+R, the first card; 3, the next; 3, the summary.
start light
xdotool key --clearmodifiers ctrl+r
expect review-light-card "set up a roadblock" "Ctrl+R did not show the first card's quote"
grep -Eqi "1 ?[o0]f ?2" "$shots/review-light-card.txt" || fail "no progress line (review-light-card.txt)"
grep -Eqi "Caravan of migrants" "$shots/review-light-card.txt" || fail "no article title on the card (review-light-card.txt)"
say "Ctrl+R shows the first card"
xdotool key 3
expect review-light-next "began walking again" "3 did not bring the next card"
grep -Eqi "They kept going" "$shots/review-light-next.txt" || fail "the card's comment is not shown (review-light-next.txt)"
[ "$(graded)" = 1 ] || fail "after 3, $(graded) cards are graded, want 1"
say "3 graded the card good; the next card shows"
xdotool key 3
expect review-light-done "Done for today" "the summary did not show after the last card"
grep -Eqi "2 cards reviewed" "$shots/review-light-done.txt" || fail "the summary does not count 2 cards (review-light-done.txt)"
[ "$(graded)" = 2 ] || fail "after two grades, $(graded) cards are graded"
say "the summary shows after the last card"
xdotool key --clearmodifiers ctrl+shift+r
expect review-light-stats "Highlights per week" "Ctrl+Shift+R did not show the stats"
say "Ctrl+Shift+R shows the stats"
xdotool key Escape
expect review-light-reader "Caravan of migrants" "Esc did not bring the reader back"
say "Esc goes back to the reader"
quit

# 3. Dark: a third highlight joins the day's review.
"$bin" highlight --db "$db" 1 "Singing the Honduran national anthem" >/dev/null || fail "highlight 3"
start dark
xdotool key --clearmodifiers ctrl+r
expect review-dark-card "Honduran national anthem" "Ctrl+R did not show the new card in the dark theme"
xdotool key 3
expect review-dark-done "Done for today" "the summary did not show in the dark theme"
[ "$(graded)" = 3 ] || fail "after three grades, $(graded) cards are graded"
xdotool key --clearmodifiers ctrl+shift+r
expect review-dark-stats "Highlights per week" "the stats did not show in the dark theme"
say "dark: a card, graded, and the stats"
quit
say ok
