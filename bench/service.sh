# Sourced by the bench scripts that run the packaged service (service-threads.sh, preemption.sh, ingest-oom.sh,
# latency.sh, service-profile.sh, stream.sh).
# start_service builds the jar (unless BUILT is set; JAR: start this jar instead, e.g. an older build) and starts it with the flags of docker/jvm.options (or of the file
# JVM_OPTIONS names), a 1 GiB heap and its own arguments (under the command JVM_PREFIX when set), on a free port with a
# data directory of its own and without the example datasets; waits until it is healthy and uploads
# bench/out/digits.csv. It sets APP (the JVM's pid), WORK (data directory, app.log and the GC log gc.log), BASE (the
# API's root), DIGITS (the uploaded dataset's id) and SPEC (case (a): batch 32, 30 epochs, seed 1, no holdout);
# stop_service ends it and removes WORK; set it as the EXIT trap before start_service. job
# submits SPEC and follows the job's event stream until the service closes it, as a client would.
PY=/usr/bin/python3

start_service() {
  [ -f bench/out/digits.csv ] || "$PY" bench/gen_data.py bench/out
  local jar port
  if [ -n "${JAR:-}" ]; then
    jar=$JAR
  else
    [ -n "${BUILT:-}" ] || ./mvnw -q -DskipTests package
    jar=$(ls target/descent-*.jar | grep -v original | head -1)
  fi
  WORK=$(mktemp -d)
  port=$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  # shellcheck disable=SC2086 # JVM_PREFIX: a command's words, e.g. "setarch x86_64 -R"
  ${JVM_PREFIX:-} java @"${JVM_OPTIONS:-docker/jvm.options}" -Xmx1g "$@" -Xlog:gc:file="$WORK/gc.log" -jar "$jar" \
    --server.port="$port" \
    --descent.data-dir="$WORK/data" --descent.examples.enabled=false > "$WORK/app.log" 2>&1 &
  APP=$!
  BASE="http://127.0.0.1:$port/api/v1"
  for _ in $(seq 1 180); do curl -sf "http://127.0.0.1:$port/actuator/health" >/dev/null && break; sleep 1; done
  DIGITS=$(curl -sf -F "file=@bench/out/digits.csv" -F label=label -F task=classification "$BASE/datasets" \
    | sed -E 's/^\{"id":"([^"]+)".*/\1/')
  SPEC="{\"name\":\"bench\",\"datasetId\":\"$DIGITS\",\"model\":{\"type\":\"mlp\",\"layers\":[{\"units\":128,\"activation\":\"relu\"},{\"units\":64,\"activation\":\"relu\"}]},\"optimizer\":{\"type\":\"adam\",\"learningRate\":0.001},\"batchSize\":32,\"epochs\":30,\"seed\":1,\"validation\":{\"holdout\":0.0}}"
}

stop_service() {
  if [ -n "${APP:-}" ]; then
    kill "$APP" 2>/dev/null || true
    wait "$APP" 2>/dev/null || true
  fi
  [ -z "${WORK:-}" ] || rm -rf "$WORK"
  APP= WORK=
}

job() {
  local id
  id=$(curl -sf -H 'Content-Type: application/json' -d "$SPEC" "$BASE/jobs" | sed -E 's/^\{"id":"([^"]+)".*/\1/')
  curl -sfN --max-time 600 "$BASE/jobs/$id/events" >/dev/null || true
}
