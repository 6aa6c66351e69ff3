#!/usr/bin/env bash
# Descent's trainer on a GPU: cases (a) and (c) of bench/run.sh on the GPU, on the same machine's CPU, and plain
# PyTorch (bench/torch_train.py) on the same GPU, one RESULT line each.
#
#   bench/gpu.sh pack DIR     on a machine with this project built: puts into DIR a Java runtime (jlink), the
#                             trainer's classes and the few jars it needs, without the CPU libtorch
#   bench/gpu.sh run DIR [N]  on the GPU machine, from the repository root: N runs of each (default 3)
#
# `run` needs, on the GPU machine, an NVIDIA driver, python3 with numpy, pandas and torch, and a CUDA build of
# libtorch: PYTORCH_LIBRARY_PATH names its lib folder (default: the lib folder of python3's torch), PYTORCH_FLAVOR
# the JNI flavour in DJL's pytorch-jni jar (default cu128), as README's GPU section says; a libdjl_torch.so in that
# lib folder is used instead of the jar's (DJL looks there first). The CPU lines run the same libtorch with
# CUDA_VISIBLE_DEVICES empty, which is how Trainer.device() falls back to the CPU.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:?pack or run}
dir=${2:?folder}

if [[ $mode == pack ]]; then
  ./mvnw -q test-compile
  ./mvnw -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.cp >/dev/null
  rm -rf "$dir" && mkdir -p "$dir/lib" "$dir/classes"
  # java.management for the trainer's thread CPU time; jdk.unsupported for JNA and Gson.
  jlink --add-modules java.base,java.logging,java.management,jdk.unsupported --strip-debug --no-man-pages \
    --no-header-files --compress=2 --output "$dir/jre-tree"
  tar czf "$dir/jre.tgz" -C "$dir" jre-tree && rm -rf "$dir/jre-tree"
  tr ':' '\n' <target/bench.cp \
    | grep -E '/ai/djl/(api|pytorch/pytorch-(engine|jni))/|/gson/gson/|/jna/jna/|/commons-(compress|io|lang3)/|/slf4j-api/|/tools/jackson/core/|/jackson-annotations/' \
    | xargs -I{} cp {} "$dir/lib/"
  cp -r target/classes/. target/test-classes/. "$dir/classes/"
  du -sh "$dir"
  exit 0
fi

runs=${3:-3}
py=${PY:-python3}
data=${DATA:-/tmp/descent-gpu-data}
nvidia-smi -L || true
"$py" -c 'import torch; print("python torch", torch.__version__, "cuda", torch.version.cuda, "gpu", torch.cuda.is_available())'
export PYTORCH_LIBRARY_PATH=${PYTORCH_LIBRARY_PATH:-$("$py" -c 'import os, torch; print(os.path.dirname(torch.__file__) + "/lib")')}
# DJL extracts the JNI of its own PyTorch version (2.7.1) from pytorch-jni for this flavour.
export PYTORCH_VERSION=${PYTORCH_VERSION:-2.7.1} PYTORCH_FLAVOR=${PYTORCH_FLAVOR:-cu128}
# Python's own bindings and their helpers need libpython, which a JVM does not load.
export PYTORCH_LIBRARY_EXCLUSION=${PYTORCH_LIBRARY_EXCLUSION:-libtorch_python.so,libshm.so,libnnapi_backend.so}
echo "PYTORCH_LIBRARY_PATH=$PYTORCH_LIBRARY_PATH PYTORCH_VERSION=$PYTORCH_VERSION PYTORCH_FLAVOR=$PYTORCH_FLAVOR"
jre=/tmp/descent-gpu-jre
[[ -x $jre/bin/java ]] || { mkdir -p "$jre" && tar xzf "$dir/jre.tgz" -C "$jre" --strip-components=1; }
"$py" bench/gen_data.py "$data" digits regression
java=("$jre/bin/java" -Dai.djl.offline=true -Dai.djl.pytorch.num_interop_threads=1 -Dai.djl.pytorch.num_threads=1
  -Ddescent.training.mkl-intel-path=false -cp "$dir/classes:$dir/lib/*" io.descent.bench.TrainBench)
cases=("a $data/digits.csv classification 128,64 32 30 2000" "c $data/regression.csv regression 512,512 256 3 600")
for ((r = 1; r <= runs; r++)); do
  for c in "${cases[@]}"; do
    read -r name csv task units batch epochs warmup <<<"$c"
    echo "case=$name run=$r $("${java[@]}" "$csv" "$task" "$units" "$batch" "$epochs" "$warmup" 2>&1 | grep -E '^RESULT|Exception|Error' | head -5)"
    echo "case=$name run=$r $(CUDA_VISIBLE_DEVICES= "${java[@]}" "$csv" "$task" "$units" "$batch" "$epochs" "$warmup" 2>&1 | grep -E '^RESULT|Exception|Error' | head -5)"
    echo "case=$name run=$r $(TORCH_DEVICE=cuda "$py" bench/torch_train.py "$csv" "$task" "$units" "$batch" "$epochs" 1 "$warmup" | grep '^RESULT')"
  done
done
