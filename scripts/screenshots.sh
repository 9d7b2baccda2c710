#!/usr/bin/env bash
# Takes the README's screenshots of the real window under Xvfb, on a demo archive made from
# the test fixtures with the command line: light and dark themes, and the search palette.
set -euo pipefail
bin=$(realpath "${1:-bin/lectern}")
fixtures=$(realpath testdata/fixtures)
out=$(pwd)/docs
work=$(mktemp -d)
display=:$((90 + RANDOM % 100))
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
export LANG=en_US.UTF-8 XDG_CONFIG_HOME="$work/config" DISPLAY=$display LIBGL_ALWAYS_SOFTWARE=1
db="$work/demo.db"
lectern() { "$bin" "$1" --db "$db" "${@:2}"; }

for page in quanta-1 nytimes-1 guardian-1 wikipedia v8-blog medium-2 lemonde-1 seattletimes-1; do
  lectern import "$fixtures/readability/$page/source.html" >/dev/null
done
id=$(lectern import "$fixtures/caravan-article.txt" | cut -f1)
lectern highlight "$id" "walked across the border with Guatemala" --comment "Two thousand people: check the later AP count." >/dev/null
lectern highlight "$id" "hoping to make it to new lives in the United States" >/dev/null
lectern note "$id" "The caravan grew as it moved north; compare with the **2018** coverage.

- Who organised it?
- How did Guatemala respond?" >/dev/null

Xvfb "$display" -screen 0 1440x900x24 -nolisten tcp >/dev/null 2>&1 &
sleep 1

# shoot NAME THEME [KEYS...]: open the window in THEME, press KEYS, save docs/NAME.png.
shoot() {
  local name=$1 theme=$2
  shift 2
  mkdir -p "$XDG_CONFIG_HOME/fyne/io.lectern.app"
  printf '{"theme.mode":"%s"}' "$theme" >"$XDG_CONFIG_HOME/fyne/io.lectern.app/preferences.json"
  "$bin" --db "$db" >/dev/null 2>&1 &
  local pid=$! window=""
  for _ in $(seq 100); do
    window=$(xdotool search --name '^Lectern$' 2>/dev/null | head -n1 || true)
    [ -n "$window" ] && break
    sleep 0.2
  done
  xdotool windowsize "$window" 1440 900 windowmove "$window" 0 0
  sleep 3
  xdotool windowfocus "$window" 2>/dev/null || true
  for keys in "$@"; do
    case $keys in
      type:*) xdotool type --delay 40 "${keys#type:}" ;;
      *) xdotool key --clearmodifiers "$keys" ;;
    esac
    sleep 0.6
  done
  sleep 1
  /usr/bin/import -window root "$out/$name.png"
  kill "$pid"
  wait "$pid" 2>/dev/null || true
}

shoot screenshot light
shoot screenshot-dark dark
shoot screenshot-search light ctrl+k "type:crvn gtml"
echo "screenshots written to $out"
