#!/usr/bin/env bash
# Chat with Ask Amy in the terminal: start the action server and a Rasa server (REST channel, loopback),
# chat with it in ask_amy/cli/shell.py (the bot's buttons are numbered choices), and stop both servers when
# the chat ends (/stop, Ctrl-D or Ctrl-C). Arguments go to `rasa run` (for example --port 5006).
# Library warnings stay off the terminal (ask_amy/cli/quiet_start.py); the servers log to var/log/.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p var/log  # var/ also holds the SQLite tracker store (endpoints.yml)
export RASA_TELEMETRY_ENABLED="${RASA_TELEMETRY_ENABLED:-false}" TF_CPP_MIN_LOG_LEVEL="${TF_CPP_MIN_LOG_LEVEL:-3}"
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
python=.venv/bin/python
action_port="${ACTION_PORT:-5055}"
rasa_port=5005
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  case "${args[i]}" in
    -p | --port) rasa_port="${args[i + 1]:-$rasa_port}" ;;
    --port=*) rasa_port="${args[i]#--port=}" ;;
  esac
done

pids=()
tty_settings="$( [ -t 0 ] && stty -g 2>/dev/null || true)"  # Ctrl-C may leave the chat's readline mid-line
stop() {
  trap - EXIT INT TERM
  [ -z "$tty_settings" ] || stty "$tty_settings" 2>/dev/null || true
  [ "${#pids[@]}" -eq 0 ] || kill "${pids[@]}" 2>/dev/null || true
  [ "${#pids[@]}" -eq 0 ] || wait "${pids[@]}" 2>/dev/null || true
}
trap stop EXIT
trap 'stop; exit 130' INT
trap 'stop; exit 143' TERM

# wait_for NAME URL PID LOG: poll URL until it answers, or say where to look if PID died.
wait_for() {
  for _ in $(seq 1 900); do
    curl -fs "$2" >/dev/null 2>&1 && return 0
    kill -0 "$3" 2>/dev/null || { echo "The $1 failed to start; see $4:" >&2; tail -n 20 "$4" >&2; exit 1; }
    sleep 0.2
  done
  echo "The $1 did not answer on $2 in 3 minutes; see $4." >&2
  exit 1
}

echo "Ask Amy: starting the action server and the Rasa server (logs: var/log/)..."
"$python" -m ask_amy.cli.quiet_start rasa_sdk --actions actions --port "$action_port" >var/log/actions.log 2>&1 &
pids+=("$!")
# The Rasa server reads credentials.yml, whose Slack ${VAR}s may be unset: give it the copy without Slack,
# and point it at the action server on ACTION_PORT (endpoints.yml says 5055).
credentials="$("$python" -m ask_amy.cli.credentials --without-slack --out var/credentials-shell.yml 2>/dev/null)"
endpoints=var/endpoints-shell.yml
sed "s#http://127.0.0.1:5055/#http://127.0.0.1:${action_port}/#" endpoints.yml >"$endpoints"
wait_for "action server" "http://127.0.0.1:${action_port}/health" "${pids[0]}" var/log/actions.log
"$python" -m ask_amy.cli.quiet_start rasa run --model models/ask-amy.tar.gz --endpoints "$endpoints" \
  --credentials "$credentials" --interface 127.0.0.1 "$@" >var/log/chat-rasa.log 2>&1 &
pids+=("$!")
wait_for "Rasa server" "http://127.0.0.1:${rasa_port}/webhooks/rest/" "${pids[1]}" var/log/chat-rasa.log
"$python" -m ask_amy.cli.quiet_start ask_amy.cli.shell --url "http://127.0.0.1:${rasa_port}"
