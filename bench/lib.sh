# Shared by the bench scripts: start Vigil from target/quarkus-app on an embedded PostgreSQL in a scratch directory,
# wait until it is ready, and stop it (and remove the scratch directory) when the script exits.
#   source "$HERE/lib.sh"; start_vigil NAME [ENV=VALUE ...]     -> sets RUN (scratch dir) and VIGIL_PID; port 18090
VIGIL_PORT=18090
BENCH_EMAIL=bench@example.com
BENCH_PASSWORD=bench-password-1

start_vigil() {
  local name="$1"; shift
  local root; root="$(cd "$HERE/.." && pwd)"
  RUN="$(mktemp -d "/tmp/vigil-$name.XXXXXX")"
  [ -f "$root/target/quarkus-app/quarkus-run.jar" ] || (cd "$root" && ./mvnw -B -q package -DskipTests)
  trap 'stop_vigil' EXIT
  env VIGIL_DATA_DIR="$RUN/data" VIGIL_ADMIN_EMAIL="$BENCH_EMAIL" VIGIL_ADMIN_PASSWORD="$BENCH_PASSWORD" \
      VIGIL_CHECKS_MIN_INTERVAL=1s QUARKUS_HTTP_PORT="$VIGIL_PORT" QUARKUS_LOG_CATEGORY__IO_VIGIL__LEVEL=WARN "$@" \
      java -Xmx512m -XX:+UseParallelGC -jar "$root/target/quarkus-app/quarkus-run.jar" > "$RUN/vigil.log" 2>&1 &
  VIGIL_PID=$!
  for _ in $(seq 600); do
    curl -fsS "http://127.0.0.1:$VIGIL_PORT/q/health/ready" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "Vigil did not become ready; log follows" >&2; tail -50 "$RUN/vigil.log" >&2; exit 1
}

stop_vigil() {
  if [ -n "${VIGIL_PID:-}" ]; then kill "$VIGIL_PID" 2>/dev/null && { wait "$VIGIL_PID" 2>/dev/null || true; }; VIGIL_PID=; fi
  rm -rf "${RUN:-/nonexistent}"
}
