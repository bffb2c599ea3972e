#!/usr/bin/env bash
# Chat with Ask Amy in the terminal: ask_amy/cli/chat.py starts the action server and a Rasa server
# (REST channel, loopback) through the same starter as the tests and the bench, runs the chat
# (ask_amy/cli/shell.py: the bot's buttons are numbered choices), and stops both servers when the
# chat ends (/stop, Ctrl-D or Ctrl-C). Arguments go to `rasa run` (for example --port 5006).
set -euo pipefail
cd "$(dirname "$0")/.."
export RASA_TELEMETRY_ENABLED="${RASA_TELEMETRY_ENABLED:-false}" TF_CPP_MIN_LOG_LEVEL="${TF_CPP_MIN_LOG_LEVEL:-3}"
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
exec .venv/bin/python -m ask_amy.cli.quiet_start ask_amy.cli.chat "$@"
