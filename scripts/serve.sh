#!/usr/bin/env bash
# Serve Ask Amy: the action server (loopback) and the Rasa server with every channel in
# credentials.yml. Stops both on exit. Configure with environment variables (see .env.example).
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p var/log
[ -f .env ] && { set -a; . ./.env; set +a; }
action_port="${ACTION_PORT:-5055}"
rasa_port="${RASA_PORT:-5005}"
.venv/bin/python -m rasa_sdk --actions actions --port "$action_port" >>var/log/actions.log 2>&1 &
actions_pid=$!
trap 'kill "$actions_pid" 2>/dev/null || true; wait "$actions_pid" 2>/dev/null || true' EXIT INT TERM
exec_args=(--model models/ask-amy.tar.gz --endpoints "${RASA_ENDPOINTS:-endpoints.yml}"
  --credentials "${RASA_CREDENTIALS:-credentials.yml}" --port "$rasa_port"
  --interface "${RASA_INTERFACE:-127.0.0.1}" --cors ${CORS_ORIGINS:-http://localhost:8080})
.venv/bin/rasa run "${exec_args[@]}"
