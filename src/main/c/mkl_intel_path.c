/*
 * libdescent_mkl.so: lets oneMKL, linked into DJL's libtorch, use its fastest kernels on AMD CPUs.
 *
 * oneMKL picks a code path for its BLAS by first asking mkl_serv_intel_cpu_true() whether the CPU is Intel's; on
 * any other vendor it stays on a generic path that never uses AVX-512, even where the CPU has it. Answering "yes"
 * leaves the rest of the choice to the CPU's own feature flags, so a CPU without AVX-512 still gets AVX2.
 *
 * libtorch_cpu.so exports that function and calls it through its PLT, so a definition that is earlier in the
 * process's global symbol scope wins. System.load opens a library with RTLD_LOCAL, which would keep this one out of
 * that scope; the constructor re-opens it RTLD_GLOBAL. It must therefore be loaded before the PyTorch engine.
 *
 * Built by src/main/c/build.sh into src/main/resources/io/descent/training/ (committed, so that building the
 * project needs no C compiler); NativeEngine loads it.
 */
#define _GNU_SOURCE
#include <dlfcn.h>

/*
 * The oldest versions of the two libdl functions, which every x86-64 glibc has, rather than the 2.34 ones the
 * build machine would pick (only tried on this machine's glibc 2.36).
 */
__asm__(".symver dladdr,dladdr@GLIBC_2.2.5");
__asm__(".symver dlopen,dlopen@GLIBC_2.2.5");

int mkl_serv_intel_cpu_true(void) {
    return 1;
}

__attribute__((constructor)) static void make_global(void) {
    Dl_info self;
    if (dladdr((void *) &mkl_serv_intel_cpu_true, &self) && self.dli_fname) {
        dlopen(self.dli_fname, RTLD_NOW | RTLD_NOLOAD | RTLD_GLOBAL);
    }
}
