#!/usr/bin/env bash
# Serve Ask Amy: the action server and the action gateway (loopback) and the Rasa server with every
# channel in credentials.yml: REST, socket.io and, when its variables are set, Slack. Stops them on exit.
# Configure with environment variables or a .env file (see .env.example); deployment: docs/deploy.md.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p var/log  # var/ also holds the SQLite tracker store (endpoints.yml): it must exist before Rasa starts
if [ -f .env ]; then  # .env fills in what the environment does not set
  environment="$(export -p)"
  set -a; . ./.env; set +a
  eval "$environment" 2>/dev/null || true
fi
export RASA_TELEMETRY_ENABLED="${RASA_TELEMETRY_ENABLED:-false}"
export SANIC_HOST="${SANIC_HOST:-127.0.0.1}"  # the action server listens on loopback only
export TF_CPP_MIN_LOG_LEVEL="${TF_CPP_MIN_LOG_LEVEL:-3}"
# Every Python process starts through ask_amy/cli/quiet_start.py: the libraries' warnings stay off the terminal.
quiet_python=(.venv/bin/python -m ask_amy.cli.quiet_start)
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"  # custom channels (ask_amy.channels.slack.channel), actions, serving
action_port="${ACTION_PORT:-5055}"
gateway_port="${ACTION_GATEWAY_PORT:-5054}"
rasa_port="${RASA_PORT:-5005}"

# credentials.yml as is when the Slack variables are set, else a copy without Slack
# (refuses to start with a bot token but no signing secret). Says which channels are on.
credentials="$(.venv/bin/python -m ask_amy.cli.credentials "${RASA_CREDENTIALS:-credentials.yml}" --out var/credentials.yml)"

# Endpoints. endpoints.yml: conversations in SQLite (var/trackers.db), nothing else to run. Another file
# with RASA_ENDPOINTS, e.g. endpoints.scale.yml: PostgreSQL tracker store + Redis lock store, for several
# Rasa servers or SANIC_WORKERS > 1. Its ${VAR}s have no defaults in Rasa: the ones below are for one machine.
export ACTION_SERVER_URL="${ACTION_SERVER_URL:-http://127.0.0.1:${gateway_port}/webhook}"
export DB_HOST="${DB_HOST:-127.0.0.1}" DB_PORT="${DB_PORT:-5432}" DB_NAME="${DB_NAME:-askamy}"
export DB_USER="${DB_USER:-postgres}" DB_PASSWORD="${DB_PASSWORD:-}"
export REDIS_HOST="${REDIS_HOST:-127.0.0.1}" REDIS_PORT="${REDIS_PORT:-6379}" REDIS_PASSWORD="${REDIS_PASSWORD:-}"
export REDIS_DB="${REDIS_DB:-0}" REDIS_KEY_PREFIX="${REDIS_KEY_PREFIX:-askamy}"
endpoints="${RASA_ENDPOINTS:-}"
if [ -z "$endpoints" ]; then  # Rasa calls the action gateway, which calls the action server on ACTION_PORT
  endpoints=var/endpoints.yml
  sed "s#http://127.0.0.1:5055/#http://127.0.0.1:${gateway_port}/#" endpoints.yml >"$endpoints"
fi
# PostgreSQL and Redis must be reachable before Rasa starts (Rasa itself would retry silently forever).
.venv/bin/python -m ask_amy.cli.check_services "$endpoints" --quiet || exit 1

pids=()
stop() {
  trap - EXIT INT TERM
  [ "${#pids[@]}" -eq 0 ] || kill "${pids[@]}" 2>/dev/null || true
  [ "${#pids[@]}" -eq 0 ] || wait "${pids[@]}" 2>/dev/null || true
}
trap stop EXIT
trap 'stop; exit 130' INT
trap 'stop; exit 143' TERM

# Action servers: ACTION_UPSTREAMS (space-separated base URLs) when they run elsewhere, else one here on
# ACTION_PORT (ACTION_SERVER_SANIC_WORKERS processes). The gateway answers with an apology when none
# answers within ACTION_TIMEOUT seconds.
# LOG_LEVEL (Rasa's variable; INFO by default) WARNING or above quiets the action server too.
quiet=()
case "${LOG_LEVEL:-INFO}" in WARNING | ERROR | CRITICAL) quiet=(--quiet) ;; esac
upstreams="${ACTION_UPSTREAMS:-}"
if [ -z "$upstreams" ]; then
  "${quiet_python[@]}" rasa_sdk --actions actions --port "$action_port" "${quiet[@]}" >>var/log/actions.log 2>&1 &
  pids+=("$!")
  upstreams="http://127.0.0.1:${action_port}"
fi
ACTION_UPSTREAMS="$upstreams" "${quiet_python[@]}" ask_amy.serving.action_gateway --port "$gateway_port" \
  --timeout "${ACTION_TIMEOUT:-5}" >>var/log/gateway.log 2>&1 &
pids+=("$!")
# The Rasa server. (requirements.in pins jsonschema 3.2.0, which Rasa 3.6 allows: Rasa validates every
# action-server answer, and 3.2.0 does that in about 2.5 ms where 4.17 takes about 21 ms; docs/deploy.md.)
# SANIC_WORKERS > 1 takes effect only with a Redis lock store (endpoints.scale.yml).
# CORS_ORIGINS: space-separated origins allowed to call the server from a browser.
# shellcheck disable=SC2086
"${quiet_python[@]}" rasa run --model models/ask-amy.tar.gz --endpoints "$endpoints" \
  --credentials "$credentials" --port "$rasa_port" --interface "${RASA_INTERFACE:-127.0.0.1}" \
  --cors ${CORS_ORIGINS:-http://localhost:8080} &
rasa_pid=$!
pids+=("$rasa_pid")
echo "Ask Amy: Rasa on http://${RASA_INTERFACE:-127.0.0.1}:${rasa_port} (endpoints: ${endpoints}), action gateway" \
  "on 127.0.0.1:${gateway_port} -> ${upstreams} (logs: var/log/)" >&2
status=0
wait "$rasa_pid" || status=$?
exit "$status"
