#!/usr/bin/env bash
# Chat with Ask Amy in the terminal: start the action server, open `rasa shell`,
# and stop the action server again when the shell exits (also on Ctrl-C).
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p var/log
port="${ACTION_PORT:-5055}"
.venv/bin/python -m rasa_sdk --actions actions --port "$port" >var/log/actions.log 2>&1 &
actions_pid=$!
trap 'kill "$actions_pid" 2>/dev/null || true; wait "$actions_pid" 2>/dev/null || true' EXIT INT TERM
for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
  kill -0 "$actions_pid" 2>/dev/null || { echo "The action server failed to start; see var/log/actions.log"; exit 1; }
  sleep 0.2
done
# rasa shell reads credentials.yml, whose Slack ${VAR}s may be unset: give it the copy without Slack.
credentials="$(.venv/bin/python -m scripts.credentials --without-slack --out var/credentials-shell.yml 2>/dev/null)"
# rasa shell must find the action server on ACTION_PORT (endpoints.yml says 5055).
endpoints=var/endpoints-shell.yml
sed "s#http://127.0.0.1:5055/#http://127.0.0.1:${port}/#" endpoints.yml >"$endpoints"
# rasa shell also runs a Rasa server (port 5005 unless "$@" says -p PORT): keep it on loopback.
.venv/bin/rasa shell --model models/ask-amy.tar.gz --endpoints "$endpoints" --credentials "$credentials" \
  --interface 127.0.0.1 --quiet "$@"
