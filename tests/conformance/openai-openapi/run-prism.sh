#!/usr/bin/env bash
# Run Stoplight Prism as a local, offline OpenAI-protocol mock/validator, driven
# by OpenAI's own OpenAPI spec (openapi.yaml beside this script).
#
#   run-prism.sh start [-- PRISM_ARGS...]   start in background, wait until ready,
#                                           print the base URL (e.g. http://127.0.0.1:PORT/v1)
#   run-prism.sh stop                       stop the instance of this state dir
#   run-prism.sh status                     print base URL if running (exit 1 if not)
#   run-prism.sh log                        print the path of the Prism log
#   run-prism.sh install                    only install Prism into the cache
#
# Only the base URL goes to stdout; progress goes to stderr. So:
#   OPENAI_BASE_URL=$(tests/conformance/openai-openapi/run-prism.sh start) || exit 1
#
# Environment (all optional):
#   PRISM_STATE_DIR   pid/log/derived-spec dir   (default ${TMPDIR:-/tmp}/openai-prism.$UID)
#   PRISM_CACHE_DIR   where Prism is npm-installed (default ${XDG_CACHE_HOME:-$HOME/.cache}/openai-prism)
#   PRISM_PORT        port on 127.0.0.1           (default: a free one)
#   PRISM_SPEC        spec file                   (default: openapi.yaml beside this script)
#   PRISM_PATH_PREFIX path prefix added to every spec path (default /v1, like api.openai.com/v1)
#   PRISM_RAW_SPEC=1  feed the spec to Prism unmodified (NB: then Prism skips body
#                     validation of chat/completions etc., and there is no /v1 prefix)
#   PRISM_START_TIMEOUT seconds to wait for readiness (default 120)
# Extra Prism flags go after "--", e.g.  run-prism.sh start -- -d --seed 42
set -euo pipefail

PRISM_VERSION=5.14.2     # newest @stoplight/prism-cli whose engines allow Node 18/20 (5.15+ need Node 24)
JSYAML_VERSION=4.1.0

SCRIPT_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
STATE_DIR=${PRISM_STATE_DIR:-${TMPDIR:-/tmp}/openai-prism.$(id -u)}
CACHE_DIR=${PRISM_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/openai-prism}
INSTALL_DIR=$CACHE_DIR/prism-cli-$PRISM_VERSION
PRISM_JS=$INSTALL_DIR/node_modules/@stoplight/prism-cli/dist/index.js
SPEC=${PRISM_SPEC:-$SCRIPT_DIR/openapi.yaml}
PREFIX=${PRISM_PATH_PREFIX-/v1}
PIDFILE=$STATE_DIR/prism.pid
LOGFILE=$STATE_DIR/prism.log
URLFILE=$STATE_DIR/base_url

say() { echo "run-prism: $*" >&2; }
die() { say "error: $*"; exit 1; }

is_running() {
  [[ -s $PIDFILE ]] || return 1
  local pid; pid=$(cat "$PIDFILE")
  kill -0 "$pid" 2>/dev/null || return 1
  # guard against a recycled pid: it must be our prism process
  grep -q 'prism-cli' "/proc/$pid/cmdline" 2>/dev/null || return 1
}

install_prism() {
  command -v node >/dev/null || die "node not found (need Node >= 18.20.1)"
  command -v npm >/dev/null || die "npm not found"
  if [[ -f $PRISM_JS && -d $INSTALL_DIR/node_modules/js-yaml ]]; then return 0; fi
  say "installing @stoplight/prism-cli@$PRISM_VERSION into $INSTALL_DIR (npm registry)"
  mkdir -p "$INSTALL_DIR"
  npm install --prefix "$INSTALL_DIR" --no-audit --no-fund --loglevel=error \
    "@stoplight/prism-cli@$PRISM_VERSION" "js-yaml@$JSYAML_VERSION" >&2 \
    || die "npm install failed"
  [[ -f $PRISM_JS ]] || die "prism-cli not found after install: $PRISM_JS"
}

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

start() {
  if is_running; then
    say "already running (pid $(cat "$PIDFILE"))"
    cat "$URLFILE"; return 0
  fi
  [[ -f $SPEC ]] || die "spec not found: $SPEC"
  install_prism
  mkdir -p "$STATE_DIR"
  rm -f "$PIDFILE" "$URLFILE"

  local spec_for_prism=$SPEC path_prefix=$PREFIX
  if [[ ${PRISM_RAW_SPEC:-0} == 1 ]]; then
    path_prefix=""
  else
    spec_for_prism=$STATE_DIR/openapi.prism.json
    NODE_PATH=$INSTALL_DIR/node_modules node "$SCRIPT_DIR/prepare-spec.js" \
      "$SPEC" "$spec_for_prism" "$path_prefix" 2> >(sed 's/^/run-prism: /' >&2) \
      || die "prepare-spec.js failed"
  fi

  local port=${PRISM_PORT:-$(free_port)}
  local t0=$SECONDS
  say "starting prism $PRISM_VERSION on 127.0.0.1:$port (log: $LOGFILE)"
  # node runs prism directly (no npx/sh wrapper), so $! is the prism process itself
  nohup node "$PRISM_JS" mock -h 127.0.0.1 -p "$port" "$@" "$spec_for_prism" \
    >"$LOGFILE" 2>&1 </dev/null &
  echo $! >"$PIDFILE"

  local timeout=${PRISM_START_TIMEOUT:-120}
  until grep -q 'Prism is listening on' "$LOGFILE" 2>/dev/null; do
    if ! is_running; then
      tail -n 30 "$LOGFILE" >&2 || true
      rm -f "$PIDFILE"; die "prism exited during startup"
    fi
    if (( SECONDS - t0 > timeout )); then
      tail -n 30 "$LOGFILE" >&2 || true
      stop >/dev/null 2>&1 || true; die "prism not ready after ${timeout}s"
    fi
    sleep 0.2
  done
  local url=http://127.0.0.1:$port$path_prefix
  echo "$url" >"$URLFILE"
  say "ready in $((SECONDS - t0))s (pid $(cat "$PIDFILE")); stop with: PRISM_STATE_DIR=$STATE_DIR $0 stop"
  echo "$url"
}

stop() {
  if ! is_running; then rm -f "$PIDFILE" "$URLFILE"; say "not running"; return 0; fi
  local pid; pid=$(cat "$PIDFILE")
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then say "pid $pid ignored SIGTERM, sending SIGKILL"; kill -9 "$pid" 2>/dev/null || true; fi
  rm -f "$PIDFILE" "$URLFILE"
  say "stopped (pid $pid)"
}

cmd=${1:-start}; shift || true
[[ ${1:-} == -- ]] && shift
case $cmd in
  start)   start "$@" ;;
  stop)    stop ;;
  status)  if is_running; then cat "$URLFILE"; else say "not running"; exit 1; fi ;;
  log)     echo "$LOGFILE" ;;
  install) install_prism; say "prism at $PRISM_JS" ;;
  *) sed -n '2,25p' "$0" >&2; exit 2 ;;
esac
