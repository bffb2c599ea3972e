#!/usr/bin/env bash
# Serve Ask Amy: the action server (loopback) and the Rasa server with every channel in
# credentials.yml: REST, socket.io and, when its variables are set, Slack. Stops both on exit.
# Configure with environment variables or a .env file (see .env.example).
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p var/log
if [ -f .env ]; then  # .env fills in what the environment does not set
  environment="$(export -p)"
  set -a; . ./.env; set +a
  eval "$environment" 2>/dev/null || true
fi
export RASA_TELEMETRY_ENABLED="${RASA_TELEMETRY_ENABLED:-false}"
export SANIC_HOST="${SANIC_HOST:-127.0.0.1}"  # the action server listens on loopback only
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"  # custom channels (channels.slack) and actions
action_port="${ACTION_PORT:-5055}"
rasa_port="${RASA_PORT:-5005}"

# credentials.yml as is when the Slack variables are set, else a copy without Slack
# (refuses to start with a bot token but no signing secret). Says which channels are on.
credentials="$(.venv/bin/python -m scripts.credentials "${RASA_CREDENTIALS:-credentials.yml}" --out var/credentials.yml)"

# The Rasa server must find the action server on ACTION_PORT.
endpoints="${RASA_ENDPOINTS:-}"
if [ -z "$endpoints" ]; then
  endpoints=var/endpoints.yml
  sed "s#http://127.0.0.1:5055/#http://127.0.0.1:${action_port}/#" endpoints.yml >"$endpoints"
fi

pids=()
stop() {
  trap - EXIT INT TERM
  [ "${#pids[@]}" -eq 0 ] || kill "${pids[@]}" 2>/dev/null || true
  [ "${#pids[@]}" -eq 0 ] || wait "${pids[@]}" 2>/dev/null || true
}
trap stop EXIT
trap 'stop; exit 130' INT
trap 'stop; exit 143' TERM

.venv/bin/python -m rasa_sdk --actions actions --port "$action_port" >>var/log/actions.log 2>&1 &
pids+=("$!")
# CORS_ORIGINS: space-separated origins allowed to call the server from a browser.
# shellcheck disable=SC2086
.venv/bin/rasa run --model models/ask-amy.tar.gz --endpoints "$endpoints" --credentials "$credentials" \
  --port "$rasa_port" --interface "${RASA_INTERFACE:-127.0.0.1}" --cors ${CORS_ORIGINS:-http://localhost:8080} &
rasa_pid=$!
pids+=("$rasa_pid")
echo "Ask Amy: Rasa on http://${RASA_INTERFACE:-127.0.0.1}:${rasa_port}, actions on 127.0.0.1:${action_port} (log: var/log/actions.log)" >&2
status=0
wait "$rasa_pid" || status=$?
exit "$status"
