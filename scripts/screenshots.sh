#!/usr/bin/env bash
# Takes the README's screenshots of the real window under Xvfb, on a demo archive made from
# the test fixtures with the command line: light, dark and sepia themes, and the search palette.
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
caravan=$(lectern import "$fixtures/caravan-article.txt" | cut -f1)
lectern highlight "$caravan" "walked across the border with Guatemala" --comment "Two thousand people: check the later AP count." >/dev/null

# The article in the pictures: a page with an image, a table and links, imported from a web
# server on loopback (so its image is kept in the archive), with highlights in three colours.
python3 - "$(realpath testdata/window)" "$work/port" >/dev/null 2>&1 <<'EOF' &
import http.server, socketserver, sys, os, functools
handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=sys.argv[1])
with socketserver.TCPServer(("127.0.0.1", 0), handler) as s:
    open(sys.argv[2] + ".tmp", "w").write(str(s.server_address[1]))
    os.rename(sys.argv[2] + ".tmp", sys.argv[2])
    s.serve_forever()
EOF
server=$!
for _ in $(seq 50); do [ -s "$work/port" ] && break; sleep 0.1; done
id=$(lectern import "http://127.0.0.1:$(cat "$work/port")/article.html" 2>/dev/null | cut -f1)
kill "$server"
lectern highlight "$id" "the sand and silt it carried settle out of the water" --comment "Deposition: the river slows, the load drops." >/dev/null
lectern highlight --color green "$id" "after the Greek letter Δ that the Nile's delta resembles" >/dev/null
lectern highlight --color blue "$id" "When the river wins, the delta grows long fingers into the sea" --comment "Mississippi: bird-foot" >/dev/null
lectern note "$id" "Three forces: **river**, **waves**, **tides**. Compare with the caravan article for how borders move.

- Which deltas are sinking fastest?
- What does a sediment diversion cost?" >/dev/null

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
shoot screenshot-sepia sepia
shoot screenshot-search light ctrl+k "type:crvn gtml"
echo "screenshots written to $out"
