# Sourced by the bench scripts that run test-classpath Java (run.sh, gemm.sh, optimizer.sh, profile.sh): compiles the
# tests, writes the test classpath to target/bench.cp, and sets BENCH_JAVA to a java command on it with DJL offline
# and one inter-op thread, as docker/jvm.options runs the service. Intra-op threads are each script's choice.
./mvnw -q test-compile
./mvnw -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.cp >/dev/null
BENCH_JAVA=(java -Dai.djl.offline=true -Dai.djl.pytorch.num_interop_threads=1
  -cp "target/test-classes:target/classes:$(cat target/bench.cp)")
