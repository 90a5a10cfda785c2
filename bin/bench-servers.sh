# Sourced by bin/bench-compare and bin/bench-connmem: builds the load generator and the runnable
# Weft server for one backend, finds nats-server, and starts servers on free loopback ports,
# stopping every process it started when the calling script exits.
. .mvn/find-jdk.sh

bench_find_nats_server() {
  nats_server=$(command -v nats-server 2>/dev/null || true)
  [ -n "$nats_server" ] || { [ -x /usr/sbin/nats-server ] && nats_server=/usr/sbin/nats-server; }
  if [ -z "$nats_server" ]; then
    echo "$(basename "$0"): nats-server not found on PATH or at /usr/sbin/nats-server;" \
      "install it (Debian/Ubuntu: apt-get install nats-server) and run again" >&2
    exit 1
  fi
}

bench_build() { # backend
  ./mvnw -B -q -Pbackend="$1" -DskipTests package -pl benchmarks,profiles -am
  weft_jar="profiles/target/weft-server-$1.jar"
  bench_cp="benchmarks/target/benchmarks-0.1.0-SNAPSHOT.jar"
  [ -f "$weft_jar" ] && [ -f "$bench_cp" ] || { echo "build did not produce $weft_jar and $bench_cp" >&2; exit 1; }
}

bench_pids=()
bench_stop_all() {
  for p in "${bench_pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${bench_pids[@]}"; do wait "$p" 2>/dev/null || true; done
}
trap bench_stop_all EXIT
trap 'exit 130' INT TERM

bench_logs=$(mktemp -d /tmp/weft-bench.XXXXXX)

bench_wait_port() { # port pid name
  local deadline=$((SECONDS + 30))
  while ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; do
    if ! kill -0 "$2" 2>/dev/null; then
      echo "$3 exited before listening on port $1; its log: $bench_logs/$3.log" >&2; cat "$bench_logs/$3.log" >&2; exit 1
    fi
    if ((SECONDS > deadline)); then echo "$3 not listening on port $1 after 30 s" >&2; exit 1; fi
    sleep 0.1
  done
}

# Starts nats-server and Weft on two free loopback ports; sets nats_port, nats_pid, weft_port, weft_pid.
bench_start_servers() {
  local ports
  ports=($("$JAVA_HOME/bin/java" -cp "$bench_cp" dev.weft.bench.nats.FreePorts 2))
  nats_port=${ports[0]} weft_port=${ports[1]}
  "$nats_server" -a 127.0.0.1 -p "$nats_port" >"$bench_logs/nats-server.log" 2>&1 &
  nats_pid=$!; bench_pids+=("$nats_pid")
  "$JAVA_HOME/bin/java" -jar "$weft_jar" -a 127.0.0.1 -p "$weft_port" >"$bench_logs/weft.log" 2>&1 &
  weft_pid=$!; bench_pids+=("$weft_pid")
  bench_wait_port "$nats_port" "$nats_pid" nats-server
  bench_wait_port "$weft_port" "$weft_pid" weft
  echo "# $("$nats_server" --version) (pid $nats_pid, port $nats_port);" \
    "weft $1 $("$JAVA_HOME/bin/java" -jar "$weft_jar" --version 2>&1 | head -1) on" \
    "$("$JAVA_HOME/bin/java" -version 2>&1 | head -1) (pid $weft_pid, port $weft_port); logs in $bench_logs"
}

# Runs the measuring JVM in the background and waits for it, so that a signal to this script runs
# the EXIT trap at once (stopping the JVM too) instead of after the JVM has finished.
bench_run() {
  "$JAVA_HOME/bin/java" "$@" &
  local pid=$!
  bench_pids+=("$pid")
  wait "$pid"
}
