#!/usr/bin/env bash
# Local Neo4j Community 5.26 for development and tests, run by the embedded launcher in
# neo4j-launcher/ (built with Maven from Maven Central on first use).
#
#   scripts/neo4j-local.sh start|stop|status|restart
#
# Environment (defaults):
#   NEO4J_LOCAL_HOME           database home, data persists there ($REPO/.data/neo4j)
#   NEO4J_LOCAL_PORT           Bolt port on 127.0.0.1 (7687)
#   NEO4J_PASSWORD             password of the "neo4j" user, >= 8 chars (practicegraph-local)
#   NEO4J_LOCAL_JAVA           java executable, Java 17+ (java)
#   NEO4J_LOCAL_HEAP           JVM max heap, -Xmx (768m)
#   NEO4J_LOCAL_PAGECACHE      Neo4j page cache (256m)
#   NEO4J_LOCAL_START_TIMEOUT  seconds to wait for READY (180)
#   NEO4J_LOCAL_STOP_TIMEOUT   seconds to wait for a clean stop before SIGKILL (60)
#
# Several instances can run at once with different homes and ports. Files in the home:
# launcher.pid, launcher.log (the launcher's stdout/stderr), logs/ (Neo4j's own logs), data/.
#
# Exit codes: 0 ok; 1 error; 2 usage; status: 0 running and answering, 3 not running.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LAUNCHER_DIR="$REPO/neo4j-launcher"
JAR="$LAUNCHER_DIR/target/neo4j-launcher.jar"
LIB="$LAUNCHER_DIR/target/lib"
MAIN_CLASS="org.practicegraph.launcher.Main"
NEO4J_VERSION="5.26.30"

NEO4J_LOCAL_HOME="${NEO4J_LOCAL_HOME:-$REPO/.data/neo4j}"
NEO4J_LOCAL_PORT="${NEO4J_LOCAL_PORT:-7687}"
NEO4J_PASSWORD="${NEO4J_PASSWORD:-practicegraph-local}"
NEO4J_LOCAL_JAVA="${NEO4J_LOCAL_JAVA:-java}"
NEO4J_LOCAL_HEAP="${NEO4J_LOCAL_HEAP:-768m}"
NEO4J_LOCAL_PAGECACHE="${NEO4J_LOCAL_PAGECACHE:-256m}"
NEO4J_LOCAL_START_TIMEOUT="${NEO4J_LOCAL_START_TIMEOUT:-180}"
NEO4J_LOCAL_STOP_TIMEOUT="${NEO4J_LOCAL_STOP_TIMEOUT:-60}"
HOST="127.0.0.1"

die() { echo "neo4j-local: $*" >&2; exit 1; }
usage() { echo "usage: $(basename "$0") start|stop|status|restart" >&2; exit 2; }

case "$NEO4J_LOCAL_PORT" in
  '' | *[!0-9]*) die "NEO4J_LOCAL_PORT must be a port number, got '$NEO4J_LOCAL_PORT'" ;;
esac
if ((NEO4J_LOCAL_PORT < 1 || NEO4J_LOCAL_PORT > 65535)); then
  die "NEO4J_LOCAL_PORT out of range: $NEO4J_LOCAL_PORT"
fi

# Absolute home, so the pid file and the launcher agree whatever the caller's cwd is.
case "$NEO4J_LOCAL_HOME" in
  /*) ;;
  *) NEO4J_LOCAL_HOME="$PWD/$NEO4J_LOCAL_HOME" ;;
esac
PID_FILE="$NEO4J_LOCAL_HOME/launcher.pid"
LOG_FILE="$NEO4J_LOCAL_HOME/launcher.log"
URL="bolt://$HOST:$NEO4J_LOCAL_PORT"

# --- checks ------------------------------------------------------------------------------

require_java() {
  command -v "$NEO4J_LOCAL_JAVA" >/dev/null 2>&1 ||
    die "Java 17+ is required to run the local Neo4j (apt-get install openjdk-17-jre-headless); '$NEO4J_LOCAL_JAVA' was not found (set NEO4J_LOCAL_JAVA to use another)"
  local spec
  spec="$("$NEO4J_LOCAL_JAVA" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java\.specification\.version = *//p' | head -n1)"
  case "$spec" in
    '' | 1.* | 9 | 1[0-6]) die "Java 17+ is required to run the local Neo4j (apt-get install openjdk-17-jre-headless); '$NEO4J_LOCAL_JAVA' is Java ${spec:-unknown}" ;;
  esac
}

require_mvn() {
  command -v mvn >/dev/null 2>&1 ||
    die "Maven is required to build the local Neo4j launcher (apt-get install maven)"
}

require_password() {
  if ((${#NEO4J_PASSWORD} < 8)); then
    die "NEO4J_PASSWORD must be at least 8 characters"
  fi
}

# --- build -------------------------------------------------------------------------------

launcher_is_stale() {
  [[ -f "$JAR" && -d "$LIB" ]] || return 0
  [[ -n "$(find "$LAUNCHER_DIR/pom.xml" "$LAUNCHER_DIR/src" -newer "$JAR" -type f -print -quit 2>/dev/null)" ]]
}

build_launcher() {
  launcher_is_stale || return 0
  require_mvn
  mkdir -p "$LAUNCHER_DIR/target"
  # One build at a time, across concurrent invocations.
  exec 8>"$LAUNCHER_DIR/target/.build.lock"
  flock -w 900 8 || die "timed out waiting for another build of the launcher"
  if launcher_is_stale; then
    echo "Building the local Neo4j launcher (first run downloads Neo4j $NEO4J_VERSION from Maven Central)…" >&2
    local build_log="$LAUNCHER_DIR/target/build.log"
    if ! mvn -q -B -Dstyle.color=never -f "$LAUNCHER_DIR/pom.xml" package -DskipTests >"$build_log" 2>&1; then
      tail -n 40 "$build_log" >&2
      die "building neo4j-launcher failed (mvn -f neo4j-launcher/pom.xml package; full output in $build_log)"
    fi
    [[ -f "$JAR" ]] || die "the build did not produce $JAR"
    touch "$JAR"
  fi
  exec 8>&-
}

# --- process helpers ---------------------------------------------------------------------

# True if PID is a live process (a zombie, waiting for init to reap it, counts as dead).
is_alive() {
  kill -0 "$1" 2>/dev/null || return 1
  if [[ -r "/proc/$1/stat" ]]; then
    local stat
    stat="$(cat "/proc/$1/stat" 2>/dev/null)" || return 1
    stat="${stat##*) }" # the fields after "pid (comm) "
    [[ "${stat%% *}" != Z ]] || return 1
  fi
}

# Prints the pid from the pid file if it names a live launcher process for this home.
launcher_pid() {
  [[ -f "$PID_FILE" ]] || return 1
  local pid
  pid="$(tr -dc '0-9' <"$PID_FILE")"
  [[ -n "$pid" ]] || return 1
  is_alive "$pid" || return 1
  # Guard against pid reuse: the process must be our launcher for this home.
  if [[ -d "/proc/$pid" ]]; then
    local cmdline
    cmdline="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null || true)"
    [[ "$cmdline" == *"$MAIN_CLASS"* && "$cmdline" == *"--home $NEO4J_LOCAL_HOME "* ]] || return 1
  fi
  echo "$pid"
}

# The bolt URL of the running launcher, from its READY line (falls back to the configured one).
running_url() {
  local line
  line="$(grep -m1 '^READY ' "$LOG_FILE" 2>/dev/null || true)"
  if [[ -n "$line" ]]; then echo "${line#READY }"; else echo "$URL"; fi
}

port_answers() { # port_answers HOST PORT
  timeout 2 bash -c 'exec 3<>"/dev/tcp/$1/$2"' _ "$1" "$2" 2>/dev/null
}

url_answers() { # url_answers bolt://HOST:PORT
  local hp="${1#bolt://}"
  port_answers "${hp%:*}" "${hp##*:}"
}

wait_for_exit() { # wait_for_exit PID SECONDS
  local pid="$1" deadline=$((SECONDS + $2))
  while is_alive "$pid"; do
    ((SECONDS < deadline)) || return 1
    sleep 0.2
  done
}

show_log_tail() {
  echo "---- last 30 lines of $LOG_FILE ----" >&2
  tail -n 30 "$LOG_FILE" >&2 2>/dev/null || true
  echo "---- (Neo4j's own logs: $NEO4J_LOCAL_HOME/logs/debug.log) ----" >&2
}

# Waits for the READY line of the launcher with the given pid.
wait_ready() { # wait_ready PID
  local pid="$1" deadline=$((SECONDS + NEO4J_LOCAL_START_TIMEOUT))
  while :; do
    if grep -q '^READY ' "$LOG_FILE" 2>/dev/null && url_answers "$(running_url)"; then
      echo "Neo4j ready on $(running_url) (pid $pid, home $NEO4J_LOCAL_HOME)"
      return 0
    fi
    if ! is_alive "$pid"; then
      rm -f "$PID_FILE"
      if grep -q 'is already in use by another process' "$LOG_FILE" 2>/dev/null; then
        echo "neo4j-local: cannot start: $HOST:$NEO4J_LOCAL_PORT is already in use by another process; stop it or choose another port (NEO4J_LOCAL_PORT)" >&2
      else
        echo "neo4j-local: Neo4j exited during startup" >&2
        show_log_tail
      fi
      return 1
    fi
    if ((SECONDS >= deadline)); then
      echo "neo4j-local: Neo4j did not become ready within ${NEO4J_LOCAL_START_TIMEOUT}s; stopping it" >&2
      show_log_tail
      kill -TERM "$pid" 2>/dev/null || true
      wait_for_exit "$pid" 20 || kill -KILL "$pid" 2>/dev/null || true
      rm -f "$PID_FILE"
      return 1
    fi
    sleep 0.25
  done
}

# --- commands ----------------------------------------------------------------------------

cmd_start() {
  require_password
  require_java
  build_launcher
  mkdir -p "$NEO4J_LOCAL_HOME"

  # Serialise start for this home, so two concurrent starts don't launch twice.
  exec 9>"$NEO4J_LOCAL_HOME/.launcher.lock"
  flock -w $((NEO4J_LOCAL_START_TIMEOUT + 30)) 9 || die "timed out waiting for another start in $NEO4J_LOCAL_HOME"

  local pid
  if pid="$(launcher_pid)"; then
    local url
    url="$(running_url)"
    if url_answers "$url"; then
      echo "Neo4j already running on $url (pid $pid)"
      if [[ "$url" != "$URL" ]]; then
        echo "neo4j-local: note: it listens on $url, not on $URL (NEO4J_LOCAL_PORT); stop it first to change the port" >&2
      fi
      return 0
    fi
    # Alive but not answering: it is still starting; wait for it rather than launching another.
    echo "Neo4j is starting (pid $pid); waiting for it…" >&2
    wait_ready "$pid"
    return
  fi
  rm -f "$PID_FILE"

  [[ -f "$LOG_FILE" ]] && mv -f "$LOG_FILE" "$LOG_FILE.prev"
  local heap="$NEO4J_LOCAL_HEAP"
  local -a jvm_opts=(
    -Xms128m "-Xmx$heap"
    -XX:+UseG1GC
    -XX:+ExitOnOutOfMemoryError
    -XX:-OmitStackTraceInFastThrow
    -Dfile.encoding=UTF-8
    # As in Neo4j's own neo4j.conf: lets the page cache use direct buffers without a fallback.
    --add-opens=java.base/java.nio=ALL-UNNAMED
    --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
    --add-opens=java.base/java.lang=ALL-UNNAMED
    --add-opens=java.base/java.io=ALL-UNNAMED
    --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  )

  # The subshell writes its own pid, then execs java (keeping the pid), in a new session so a
  # closing terminal or a Ctrl-C in the caller's shell does not reach it. The password goes
  # through the environment only.
  rm -f "$PID_FILE.tmp"
  (
    exec 9>&- # the start lock must not be held for the life of the server
    cd "$NEO4J_LOCAL_HOME"
    export NEO4J_PASSWORD
    exec nohup setsid bash -c 'echo $$ >"$0" && exec "$@"' "$PID_FILE.tmp" \
      "$NEO4J_LOCAL_JAVA" "${jvm_opts[@]}" -cp "$JAR:$LIB/*" "$MAIN_CLASS" \
      --home "$NEO4J_LOCAL_HOME" --listen "$HOST:$NEO4J_LOCAL_PORT" --pagecache "$NEO4J_LOCAL_PAGECACHE" \
      </dev/null >"$LOG_FILE" 2>&1
  ) &
  local spawned=$! i
  for ((i = 0; i < 100; i++)); do
    [[ -s "$PID_FILE.tmp" ]] && break
    sleep 0.05
  done
  [[ -s "$PID_FILE.tmp" ]] || { wait "$spawned" 2>/dev/null || true; show_log_tail; die "the launcher did not start"; }
  mv -f "$PID_FILE.tmp" "$PID_FILE"
  pid="$(cat "$PID_FILE")"
  wait_ready "$pid"
}

cmd_stop() {
  local pid
  if ! pid="$(launcher_pid)"; then
    rm -f "$PID_FILE"
    echo "Neo4j is not running"
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  if ! wait_for_exit "$pid" "$NEO4J_LOCAL_STOP_TIMEOUT"; then
    echo "neo4j-local: warning: Neo4j (pid $pid) did not stop within ${NEO4J_LOCAL_STOP_TIMEOUT}s; killing it (SIGKILL)" >&2
    kill -KILL "$pid" 2>/dev/null || true
    wait_for_exit "$pid" 10 || true
  fi
  rm -f "$PID_FILE"
  echo "Neo4j stopped (pid $pid)"
}

cmd_status() {
  local pid url
  if ! pid="$(launcher_pid)"; then
    echo "Neo4j is not running (home $NEO4J_LOCAL_HOME)"
    return 3
  fi
  url="$(running_url)"
  if url_answers "$url" && grep -q '^READY ' "$LOG_FILE" 2>/dev/null; then
    echo "Neo4j is running on $url (pid $pid, home $NEO4J_LOCAL_HOME)"
    return 0
  fi
  echo "Neo4j is starting or not answering (pid $pid, home $NEO4J_LOCAL_HOME)"
  return 3
}

[[ $# -eq 1 ]] || usage
case "$1" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  restart) cmd_stop && cmd_start ;;
  -h | --help | help) usage ;;
  *) usage ;;
esac
