#!/usr/bin/env bash
# Local Neo4j Community for development and tests, run by the embedded launcher in
# neo4j-launcher/ (built with Maven from Maven Central on first use of each version).
# The pinned LTS by default; another release (e.g. the current one) with NEO4J_LOCAL_VERSION.
#
#   scripts/neo4j-local.sh start|stop|status|restart
#
# Environment (defaults):
#   NEO4J_LOCAL_HOME           database home, data persists there ($REPO/.data/neo4j)
#   NEO4J_LOCAL_PORT           Bolt port on 127.0.0.1 (7687)
#   NEO4J_PASSWORD             password of the "neo4j" user, >= 8 chars (practicegraph-local)
#   NEO4J_LOCAL_VERSION        Neo4j version from Maven Central (the pinned LTS, 5.26.30); 2025.x and
#                              later need Java 21+. A home keeps the version that created it.
#   NEO4J_LOCAL_CYPHER         5 or 25: default Cypher version of the database (the release's own;
#                              25 needs 2025.06 or later)
#   NEO4J_LOCAL_JAVA           java executable (else $JAVA_HOME/bin/java, else java, else one under
#                              /usr/lib/jvm and the like): Java 17+ for 5.x, 21+ for 2025.x on
#   NEO4J_LOCAL_HEAP           JVM max heap, -Xmx (768m)
#   NEO4J_LOCAL_PAGECACHE      Neo4j page cache (256m)
#   NEO4J_LOCAL_JAVA_OPTS      further JVM options, space-separated, after the launcher's own
#                              (e.g. "-XX:-UseG1GC -XX:+UseParallelGC"); none by default
#   NEO4J_LOCAL_START_TIMEOUT  seconds to wait for READY (180)
#   NEO4J_LOCAL_STOP_TIMEOUT   seconds to wait for a clean stop before SIGKILL (60)
#
# Several instances can run at once with different homes and ports. Files in the home:
# launcher.pid, launcher.log (the launcher's stdout/stderr), logs/ (Neo4j's own logs), data/,
# neo4j-version (the version whose store it holds).
#
# Exit codes: 0 ok; 1 error; 2 usage; status: 0 running and answering, 3 not running.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LAUNCHER_DIR="$REPO/neo4j-launcher"
MAIN_CLASS="org.practicegraph.launcher.Main"
# The pinned LTS: keep in step with neo4j.version in neo4j-launcher/pom.xml.
NEO4J_LTS_VERSION="5.26.30"
NEO4J_VERSION="${NEO4J_LOCAL_VERSION:-$NEO4J_LTS_VERSION}"
NEO4J_LOCAL_CYPHER="${NEO4J_LOCAL_CYPHER:-}"

NEO4J_LOCAL_HOME="${NEO4J_LOCAL_HOME:-$REPO/.data/neo4j}"
NEO4J_LOCAL_PORT="${NEO4J_LOCAL_PORT:-7687}"
NEO4J_PASSWORD="${NEO4J_PASSWORD:-practicegraph-local}"
NEO4J_LOCAL_JAVA="${NEO4J_LOCAL_JAVA:-}"
NEO4J_LOCAL_HEAP="${NEO4J_LOCAL_HEAP:-768m}"
NEO4J_LOCAL_PAGECACHE="${NEO4J_LOCAL_PAGECACHE:-256m}"
NEO4J_LOCAL_JAVA_OPTS="${NEO4J_LOCAL_JAVA_OPTS:-}"
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
[[ "$NEO4J_VERSION" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] ||
  die "NEO4J_LOCAL_VERSION must be a Neo4j version such as $NEO4J_LTS_VERSION or 2026.08.1, got '$NEO4J_VERSION'"
NEO4J_MAJOR="${NEO4J_VERSION%%.*}"
# Calendar versions (2025.01 on) are built for Java 21; 5.x for Java 17.
if ((NEO4J_MAJOR >= 2025)); then JAVA_NEEDED=21; else JAVA_NEEDED=17; fi
case "$NEO4J_LOCAL_CYPHER" in
  '' | 5 | 25) ;;
  *) die "NEO4J_LOCAL_CYPHER must be 5 or 25, got '$NEO4J_LOCAL_CYPHER'" ;;
esac
if [[ "$NEO4J_LOCAL_CYPHER" == 25 ]] && { ((NEO4J_MAJOR < 2025)) || [[ "$NEO4J_VERSION" < 2025.06 ]]; }; then
  die "NEO4J_LOCAL_CYPHER=25 needs Neo4j 2025.06 or later; NEO4J_LOCAL_VERSION is $NEO4J_VERSION"
fi
# Each version builds into its own directory, so switching never rebuilds the LTS.
if [[ "$NEO4J_VERSION" == "$NEO4J_LTS_VERSION" ]]; then
  BUILD_REL="target"
else
  BUILD_REL="target/neo4j-$NEO4J_VERSION"
fi
BUILD_DIR="$LAUNCHER_DIR/$BUILD_REL"
JAR="$BUILD_DIR/neo4j-launcher.jar"
LIB="$BUILD_DIR/lib"

# Absolute home, so the pid file and the launcher agree whatever the caller's cwd is.
case "$NEO4J_LOCAL_HOME" in
  /*) ;;
  *) NEO4J_LOCAL_HOME="$PWD/$NEO4J_LOCAL_HOME" ;;
esac
PID_FILE="$NEO4J_LOCAL_HOME/launcher.pid"
VERSION_FILE="$NEO4J_LOCAL_HOME/neo4j-version"
LOG_FILE="$NEO4J_LOCAL_HOME/launcher.log"
URL="bolt://$HOST:$NEO4J_LOCAL_PORT"

# --- checks ------------------------------------------------------------------------------

java_major() { # java_major JAVA: prints its feature version (17, 21, ...), or fails
  local spec
  spec="$("$1" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java\.specification\.version = *//p' | head -n1)"
  spec="${spec#1.}" # 1.8 -> 8
  [[ "$spec" =~ ^[0-9]+$ ]] || return 1
  echo "$spec"
}

java_home_of() { # java_home_of JAVA: prints its java.home
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.home = *//p' | head -n1
}

# Sets JAVA to a java of at least JAVA_NEEDED: NEO4J_LOCAL_JAVA if set (and then only it), else
# $JAVA_HOME/bin/java, else java on the PATH, else one under the usual JVM directories.
require_java() {
  # From 2025.x the launcher is also compiled with it: a JDK, not only a runtime.
  local install="apt-get install openjdk-$JAVA_NEEDED-jre-headless"
  ((JAVA_NEEDED > 17)) && install="a JDK $JAVA_NEEDED+: apt-get install openjdk-$JAVA_NEEDED-jdk-headless, or Temurin"
  local need="Java $JAVA_NEEDED+ is required to run the local Neo4j $NEO4J_VERSION"
  local major
  if [[ -n "$NEO4J_LOCAL_JAVA" ]]; then
    command -v "$NEO4J_LOCAL_JAVA" >/dev/null 2>&1 ||
      die "$need; NEO4J_LOCAL_JAVA='$NEO4J_LOCAL_JAVA' was not found"
    major="$(java_major "$NEO4J_LOCAL_JAVA")" || major=unknown
    [[ "$major" != unknown ]] && ((major >= JAVA_NEEDED)) ||
      die "$need; NEO4J_LOCAL_JAVA='$NEO4J_LOCAL_JAVA' is Java $major (unset it to search for one, or point it at Java $JAVA_NEEDED+)"
    JAVA="$NEO4J_LOCAL_JAVA" JAVA_MAJOR="$major"
    return 0
  fi
  local -a candidates=() found=()
  [[ -n "${JAVA_HOME:-}" ]] && candidates+=("$JAVA_HOME/bin/java")
  command -v java >/dev/null 2>&1 && candidates+=("$(command -v java)")
  local dir
  while IFS= read -r dir; do
    candidates+=("$dir/bin/java")
  done < <(ls -d /usr/lib/jvm/*/ /usr/java/*/ /opt/java/*/ /Library/Java/JavaVirtualMachines/*/Contents/Home/ 2>/dev/null |
    sed 's:/$::' | sort -V -r)
  local c real seen=" "
  for c in "${candidates[@]}"; do
    [[ -x "$c" ]] || continue
    real="$(readlink -f "$c")"
    [[ "$seen" == *" $real "* ]] && continue
    seen+="$real "
    major="$(java_major "$c")" || continue
    found+=("$c (Java $major)")
    if ((major >= JAVA_NEEDED)); then
      JAVA="$c" JAVA_MAJOR="$major"
      return 0
    fi
  done
  if ((${#found[@]} == 0)); then
    die "$need ($install); no Java was found (JAVA_HOME, PATH, /usr/lib/jvm); set NEO4J_LOCAL_JAVA to one"
  fi
  local IFS=','
  die "$need ($install, or set NEO4J_LOCAL_JAVA); found only:${found[*]/#/ }"
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
  mkdir -p "$BUILD_DIR"
  # One build of a version at a time, across concurrent invocations.
  exec 8>"$BUILD_DIR/.build.lock"
  flock -w 900 8 || die "timed out waiting for another build of the launcher"
  if launcher_is_stale; then
    echo "Building the local Neo4j launcher (first run downloads Neo4j $NEO4J_VERSION from Maven Central)…" >&2
    local build_log="$BUILD_DIR/build.log"
    local -a props=("-Dneo4j.version=$NEO4J_VERSION" "-Dlauncher.buildDirectory=$BUILD_REL")
    ((JAVA_NEEDED > 17)) && props+=("-Dmaven.compiler.release=$JAVA_NEEDED")
    # Maven compiles with the JDK of the java that will run the launcher when it has javac
    # (Neo4j 2025.x classes need a Java 21+ compiler); otherwise with Maven's own.
    local mvn_java_home="${JAVA_HOME:-}" home
    home="$(java_home_of "$JAVA")"
    if [[ -n "$home" && -x "$home/bin/javac" ]]; then
      mvn_java_home="$home"
    elif ((JAVA_NEEDED > 17)); then
      die "building the launcher for Neo4j $NEO4J_VERSION needs a JDK $JAVA_NEEDED+ (with javac); $JAVA is a runtime only (set NEO4J_LOCAL_JAVA to a JDK's java)"
    fi
    if ! JAVA_HOME="$mvn_java_home" mvn -q -B -Dstyle.color=never -f "$LAUNCHER_DIR/pom.xml" "${props[@]}" package -DskipTests >"$build_log" 2>&1; then
      tail -n 40 "$build_log" >&2
      die "building neo4j-launcher for Neo4j $NEO4J_VERSION failed (mvn -f neo4j-launcher/pom.xml ${props[*]} package; full output in $build_log)"
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
      echo "Neo4j $NEO4J_VERSION ready on $(running_url) (pid $pid, home $NEO4J_LOCAL_HOME)"
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

# The Neo4j version whose store the home holds: from its neo4j-version file, or the LTS for a
# home with data but no file (written before other versions could run); empty for a new home.
home_version() {
  if [[ -s "$VERSION_FILE" ]]; then
    tr -d '[:space:]' <"$VERSION_FILE"
  elif [[ -d "$NEO4J_LOCAL_HOME/data" ]]; then
    echo "$NEO4J_LTS_VERSION"
  fi
}

# A newer release upgrades the store it opens, after which older ones cannot open it: one home
# serves one version.
require_home_version() {
  local have
  have="$(home_version)"
  [[ -z "$have" || "$have" == "$NEO4J_VERSION" ]] ||
    die "$NEO4J_LOCAL_HOME holds a Neo4j $have database, not $NEO4J_VERSION (NEO4J_LOCAL_VERSION): use another NEO4J_LOCAL_HOME for $NEO4J_VERSION, or remove that directory to start afresh"
}

# --- commands ----------------------------------------------------------------------------

cmd_start() {
  require_password
  require_home_version
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
  echo "$NEO4J_VERSION" >"$VERSION_FILE"
  local -a launcher_opts=()
  [[ -n "$NEO4J_LOCAL_CYPHER" ]] && launcher_opts+=(--cypher "$NEO4J_LOCAL_CYPHER")

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
  # Neo4j and its libraries load native code (JNA) and use sun.misc.Unsafe on purpose: newer Javas
  # allow both only with a warning at every start unless told to.
  ((JAVA_MAJOR >= 21)) && jvm_opts+=(--enable-native-access=ALL-UNNAMED)
  ((JAVA_MAJOR >= 23)) && jvm_opts+=(--sun-misc-unsafe-memory-access=allow)
  # Options of the caller's own, after the launcher's (so they override them), split on spaces.
  if [[ -n "$NEO4J_LOCAL_JAVA_OPTS" ]]; then
    local -a extra_opts
    read -r -a extra_opts <<<"$NEO4J_LOCAL_JAVA_OPTS"
    jvm_opts+=("${extra_opts[@]}")
  fi

  # The subshell writes its own pid, then execs java (keeping the pid), in a new session so a
  # closing terminal or a Ctrl-C in the caller's shell does not reach it. The password goes
  # through the environment only.
  rm -f "$PID_FILE.tmp"
  (
    exec 9>&- # the start lock must not be held for the life of the server
    cd "$NEO4J_LOCAL_HOME"
    export NEO4J_PASSWORD
    exec nohup setsid bash -c 'echo $$ >"$0" && exec "$@"' "$PID_FILE.tmp" \
      "$JAVA" "${jvm_opts[@]}" -cp "$JAR:$LIB/*" "$MAIN_CLASS" \
      --home "$NEO4J_LOCAL_HOME" --listen "$HOST:$NEO4J_LOCAL_PORT" --pagecache "$NEO4J_LOCAL_PAGECACHE" \
      ${launcher_opts[@]+"${launcher_opts[@]}"} \
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
