package io.descent.training;

import java.util.concurrent.locks.ReentrantLock;

import ai.djl.pytorch.jni.JniUtils;

/**
 * DJL allows one GradientCollector per JVM at a time (a second one throws), and the trainer switches autograd
 * recording on and off itself, so every gradient computation in the service, training and loss-landscape analysis
 * alike, holds this lock.
 */
final class Autograd {

    static final ReentrantLock LOCK = new ReentrantLock();

    /**
     * Takes the lock and switches autograd recording off on this thread. PyTorch's grad mode is per thread and
     * starts on in a new thread, and a GradientCollector restores the mode it found when it closes; with recording
     * on, the optimizers' in-place updates of leaf parameters would throw. Worker threads (the scheduler's) need it.
     */
    static void acquire() {
        LOCK.lock();
        NativeEngine.get(); // loads the native library before the first direct JNI call
        JniUtils.setGradMode(false);
    }

    private Autograd() {
    }

    /** An int seed for the engine RNG of epoch {@code epoch}; epoch 0 is the initialisation. */
    static long derive(long seed, int epoch) {
        long z = seed + 0x9E3779B97F4A7C15L * (epoch + 1L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
