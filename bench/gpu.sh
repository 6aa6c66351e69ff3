#!/usr/bin/env bash
# Descent's trainer on a GPU: cases (a) and (c) of bench/run.sh on the GPU (updates on the device, as shipped, and on
# the host, as on a CPU: -Ddescent.training.updates=host), on the same machine's CPU, and plain PyTorch
# (bench/torch_train.py) on the same GPU, one RESULT line each.
#
#   bench/gpu.sh pack DIR     on a machine with this project built: puts into DIR a Java runtime (jlink), the
#                             trainer's classes and the few jars it needs, without the CPU libtorch
#   bench/gpu.sh run DIR [N]  on the GPU machine, from the repository root: N runs of each (default 3)
#
# Where the GPU machine has no libtorch 2.7.1 (this project's lent machines have only Python's PyTorch 2.11, and a
# call there carries 64 MiB), a JNI built from DJL 0.36.0's own sources against that libtorch stands in for it; a
# test configuration only, never one to ship (README, GPU):
#   bench/gpu.sh jni DJL DIR  here: puts into DIR/jni the JNI sources at tag v0.36.0 of DJL's git repository in
#                             folder DJL, the header javac makes of its PyTorchLibrary, and this JDK's jni.h
#   bench/gpu.sh standin DIR  there: builds DIR/jni against python3's torch into a libdjl_torch.so in its lib folder,
#                             where DJL looks first
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

if [[ $mode == jni ]]; then
  djl=$(cd "$dir" && pwd)
  dir=${3:?folder}
  ./mvnw -q dependency:build-classpath -Dmdep.outputFile=target/bench.cp >/dev/null
  rm -rf "$dir/jni" && mkdir -p "$dir/jni/src" "$dir/jni/include" "$dir/jni/jdk"
  git -C "$djl" archive v0.36.0 engines/pytorch/pytorch-native/src/main/native api/src/main/native \
    engines/pytorch/pytorch-engine/src/main/java/ai/djl/pytorch/jni/PyTorchLibrary.java | tar x -C "$dir/jni/src"
  classes=$(mktemp -d)
  javac -h "$dir/jni/include" -d "$classes" -cp "$(cat target/bench.cp)" \
    "$dir/jni/src/engines/pytorch/pytorch-engine/src/main/java/ai/djl/pytorch/jni/PyTorchLibrary.java"
  rm -rf "$classes"
  jdk=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
  cp "$jdk/include/jni.h" "$jdk/include/linux/jni_md.h" "$dir/jni/jdk/"
  du -sh "$dir/jni"
  exit 0
fi

py=${PY:-python3}
if [[ $mode == standin ]]; then
  cd "$dir/jni"
  torch=$("$py" -c 'import os, torch; print(os.path.dirname(torch.__file__))')
  abi=$("$py" -c 'import torch; print(int(torch._C._GLIBCXX_USE_CXX11_ABI))')
  native=src/engines/pytorch/pytorch-native/src/main/native
  flags=(-O2 -fPIC -std=c++17 -DUSE_CUDA "-D_GLIBCXX_USE_CXX11_ABI=$abi" -w -I include -I jdk
    -I src/api/src/main/native -I "$native" -I "$torch/include" -I "$torch/include/torch/csrc/api/include")
  # CUDA's headers: the toolkit's, and those of the nvidia-* wheels beside pip's torch.
  for d in /usr/local/cuda/include "$torch"/../nvidia/*/include; do
    if [[ -d $d ]]; then flags+=(-I "$d"); fi
  done
  echo "torch=$torch abi=$abi g++=$(g++ -dumpversion)"
  mkdir -p obj
  for f in "$native"/*.cc; do
    g++ -c "${flags[@]}" "$f" -o "obj/$(basename "$f").o" &
    while (($(jobs -rp | wc -l) >= $(nproc))); do wait -n; done
  done
  wait
  g++ -shared -o libdjl_torch.so obj/*.o -L"$torch/lib" -ltorch -ltorch_cpu -ltorch_cuda -lc10 -lc10_cuda \
    -Wl,-rpath,"$torch/lib"
  echo "undefined symbols: $(ldd -r libdjl_torch.so 2>&1 | grep -c 'undefined symbol' || true)"
  cp libdjl_torch.so "$torch/lib/"
  echo "installed $torch/lib/libdjl_torch.so"
  exit 0
fi

runs=${3:-3}
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
    args=("$csv" "$task" "$units" "$batch" "$epochs" "$warmup")
    echo "case=$name run=$r $("${java[@]}" "${args[@]}" 2>&1 | grep -E '^RESULT|Exception|Error' | head -5)"
    # The GPU with the CPU's way of updating (gradients to the host, parameters back), for comparison.
    echo "case=$name run=$r $("${java[0]}" -Ddescent.training.updates=host "${java[@]:1}" "${args[@]}" 2>&1 \
      | grep -E '^RESULT|Exception|Error' | head -5)"
    echo "case=$name run=$r $(CUDA_VISIBLE_DEVICES= "${java[@]}" "${args[@]}" 2>&1 | grep -E '^RESULT|Exception|Error' | head -5)"
    echo "case=$name run=$r $(TORCH_DEVICE=cuda "$py" bench/torch_train.py "$csv" "$task" "$units" "$batch" "$epochs" 1 "$warmup" | grep '^RESULT')"
  done
done
