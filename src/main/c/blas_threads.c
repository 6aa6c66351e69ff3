/*
 * libdescent_blas.so: sets how many threads oneMKL, inside DJL's libtorch, uses for matrix products on the calling
 * thread, apart from PyTorch's intra-op threads (which also set MKL's). One thread for PyTorch's element-wise
 * operations and two for the matrix products was the fastest setting for a wide MLP on a 2-core machine, the same
 * split Debian's torch gets from its OpenBLAS, whose own thread count torch.set_num_threads leaves alone
 * (bench/RESULTS.md, case c).
 *
 * libtorch_cpu.so exports oneMKL's mkl_set_num_threads_local only as the Fortran-style entry, which takes its
 * argument by pointer. The library is already loaded (by DJL, privately), so RTLD_NOLOAD finds it by its soname.
 *
 * Built by src/main/c/build.sh into src/main/resources/io/descent/training/; NativeEngine loads it.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <jni.h>

__asm__(".symver dlopen,dlopen@GLIBC_2.2.5");
__asm__(".symver dlsym,dlsym@GLIBC_2.2.5");
__asm__(".symver dlclose,dlclose@GLIBC_2.2.5");

/* 0 once set; -1 when libtorch_cpu.so is not loaded; -2 when it has no such MKL entry. */
JNIEXPORT jint JNICALL Java_io_descent_training_NativeEngine_setMklThreadsLocal(JNIEnv *env, jclass cls, jint threads) {
    void *torch = dlopen("libtorch_cpu.so", RTLD_NOW | RTLD_NOLOAD);
    if (!torch) {
        return -1;
    }
    int (*set)(int *) = (int (*)(int *)) dlsym(torch, "mkl_set_num_threads_local");
    int result = -2;
    if (set) {
        int n = threads;
        set(&n);
        result = 0;
    }
    dlclose(torch);
    return result;
}
