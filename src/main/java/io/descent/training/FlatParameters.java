package io.descent.training;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * All parameters of a network in one contiguous buffer, each parameter a tensor that shares its slice of the
 * buffer, and the same buffer on the host, where the optimizers update it in one loop ({@link Optimizer}).
 *
 * <p>Per step the trainer moves the gradients to the host ({@link #gradients}) and the updated parameters back
 * ({@link #push}). On the CPU both go through direct buffers over the tensors' own memory, made once per run, so a
 * step makes no JNI call for them: each parameter view is an autograd leaf whose gradient tensor backward
 * accumulates into in place once it exists, and which {@link #gradients} reads and then zeroes. (One leaf for the
 * whole buffer, split into the parameters inside the recorded region, was tried before: its backward concatenates
 * the parameters' gradients into a fresh buffer-sized tensor every step, 355 µs of a 3 ms step on case (c) of
 * bench/run.sh.) On a GPU, where transfers are what costs, the update stays on the device instead
 * ({@link #onDevice}): a step joins the gradients into one buffer-shaped tensor ({@link #gradientTensor}) and the
 * optimizer updates {@link #tensor} in place; the host copy is then brought up to date only when it is read.
 *
 * <p>Each slice starts on a multiple of 16 floats (64 bytes, the alignment PyTorch's CPU allocator gives a tensor of
 * its own), so kernels that read the weights see the same alignment as a tensor per parameter; the gaps hold zeros
 * with zero gradients, which every optimizer leaves at zero.
 */
final class FlatParameters {

    private static final int ALIGN = 16;

    private final NDArray flat;
    /** Whether the optimizer updates the tensor (on its device) rather than the host copy. */
    private final boolean onDevice;
    /**
     * The buffer's values on the host; equal to the tensor's after {@link #push} and {@link #load}, and, when the
     * updates are on the device, after {@link #toHost}.
     */
    private final float[] host;
    /** The tensor's memory (CPU only, else null). */
    private final FloatBuffer flatMemory;
    private final List<NDArray> views;
    private final List<Shape> shapes;
    private final int[] offsets;
    private final int[] sizes;
    private final int total;
    /** Each view's gradient tensor and, on the CPU, its memory: fetched after the first backward. */
    private NDArray[] gradients;
    private FloatBuffer[] gradientMemory;
    private float[] zeros;
    /** The gradient tensors flattened, with zeros for the gaps, in buffer order: what {@link #gradientTensor} joins. */
    private PtNDArray[] gradientPieces;

    private FlatParameters(NDManager manager, List<NDArray> params, boolean onDevice) {
        this.onDevice = onDevice;
        int n = params.size();
        shapes = new ArrayList<>(n);
        offsets = new int[n];
        sizes = new int[n];
        int at = 0;
        for (int i = 0; i < n; i++) {
            shapes.add(params.get(i).getShape());
            offsets[i] = at;
            sizes[i] = Math.toIntExact(params.get(i).size());
            at = align(at + sizes[i]);
        }
        total = at;
        List<float[]> values = new ArrayList<>(n);
        for (NDArray p : params) {
            values.add(p.toFloatArray());
        }
        host = join(values);
        flat = manager.create(host);
        flatMemory = memory(flat);
        views = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            NDArray slice = flat.get(new NDIndex().addSliceDim(offsets[i], offsets[i] + sizes[i]));
            // detach() shares the slice's storage but makes a leaf of its own, outside the buffer's autograd history.
            views.add(slice.reshape(shapes.get(i)).stopGradient());
        }
    }

    /**
     * Copies the values of {@code params} (in order) into one buffer on {@code manager}. With {@code onDevice} the
     * optimizer updates the tensor where it is ({@link #gradientTensor}, {@link #tensor}), else the host copy
     * ({@link #gradients}, {@link #host}).
     */
    static FlatParameters of(NDManager manager, List<NDArray> params, boolean onDevice) {
        return new FlatParameters(manager, params, onDevice);
    }

    /** Whether the optimizer updates {@link #tensor} on its device rather than {@link #host}. */
    boolean onDevice() {
        return onDevice;
    }

    /** The whole buffer as one tensor, padding included, which the parameter views share. */
    NDArray tensor() {
        return flat;
    }

    private static int align(int at) {
        return (at + ALIGN - 1) / ALIGN * ALIGN;
    }

    /** One tensor per parameter, sharing the buffer's storage. */
    List<NDArray> views() {
        return views;
    }

    /** Makes every parameter view a leaf that autograd computes a gradient for, from the next backward on. */
    void requireGradients() {
        for (NDArray v : views) {
            v.setRequiresGradient(true);
        }
    }

    /**
     * The parameters' current values on the host, one array each, cut from the host copy (which, when the updates
     * are on the device, is first read back from the tensor).
     */
    List<float[]> toHost() {
        if (onDevice) {
            System.arraycopy(flat.toFloatArray(), 0, host, 0, total);
        }
        return split(host);
    }

    /** The host copy of the whole buffer, padding included, which the optimizers update in place. */
    float[] host() {
        return host;
    }

    /** Writes the host copy into the tensor, after the optimizer has updated it. */
    void push() {
        if (flatMemory != null) {
            flatMemory.put(0, host);
        } else {
            flat.set(new NDIndex(":"), flat.getManager().create(host));
        }
    }

    /**
     * Copies the gradients of the last backward into {@code into}, buffer-shaped (the gaps stay as they are: zero),
     * and zeroes them for the next one.
     */
    void gradients(float[] into) {
        fetchGradients();
        for (int i = 0; i < views.size(); i++) {
            if (gradientMemory[i] != null) {
                gradientMemory[i].get(0, into, offsets[i], sizes[i]);
                gradientMemory[i].put(0, zeros, 0, sizes[i]);
            } else {
                System.arraycopy(gradients[i].toFloatArray(), 0, into, offsets[i], sizes[i]);
                JniUtils.zeroGrad((PtNDArray) views.get(i));
            }
        }
    }

    /**
     * The gradients of the last backward joined into one new buffer-shaped tensor on the parameters' device (the
     * gaps zero), and zeroed for the next backward: one concatenation and a zeroing per parameter, no transfer.
     */
    NDArray gradientTensor() {
        fetchGradients();
        if (gradientPieces == null) {
            List<NDArray> pieces = new ArrayList<>();
            NDManager manager = flat.getManager();
            for (int i = 0; i < views.size(); i++) {
                pieces.add(gradients[i].reshape(-1));
                int end = offsets[i] + sizes[i];
                int gap = align(end) - end;
                if (gap > 0) {
                    pieces.add(manager.zeros(new Shape(gap)));
                }
            }
            // Kept for the run, beyond the step's scope: views of the gradient tensors, which stay the same.
            for (NDArray piece : pieces) {
                NDScope.unregister(piece);
            }
            gradientPieces = pieces.toArray(new PtNDArray[0]);
        }
        NDArray joined = JniUtils.cat(gradientPieces, 0);
        for (NDArray view : views) {
            JniUtils.zeroGrad((PtNDArray) view);
        }
        return joined;
    }

    private void fetchGradients() {
        if (gradients == null) {
            gradients = new NDArray[views.size()];
            gradientMemory = new FloatBuffer[views.size()];
            for (int i = 0; i < views.size(); i++) {
                // Kept for the run: backward accumulates into this same tensor from now on (zeroed, never replaced).
                gradients[i] = views.get(i).getGradient();
                NDScope.unregister(gradients[i]);
                gradientMemory[i] = memory(gradients[i]);
            }
            zeros = new float[java.util.Arrays.stream(sizes).max().orElse(0)];
        }
    }

    /**
     * The Euclidean norm of a host array. Squares are summed in float by eight running sums over blocks of 256
     * values, and the blocks in double: the JIT keeps the eight float sums in registers, a third faster than summing
     * in double, and a block's float error (at most 32 terms a sum) stays far below the 1e-6 the figure is read to.
     */
    static double norm(float[] a) {
        int n = a.length;
        double total = 0;
        int i = 0;
        while (i + 8 <= n) {
            int end = Math.min(n, i + 256);
            float s0 = 0;
            float s1 = 0;
            float s2 = 0;
            float s3 = 0;
            float s4 = 0;
            float s5 = 0;
            float s6 = 0;
            float s7 = 0;
            for (; i + 8 <= end; i += 8) {
                s0 += a[i] * a[i];
                s1 += a[i + 1] * a[i + 1];
                s2 += a[i + 2] * a[i + 2];
                s3 += a[i + 3] * a[i + 3];
                s4 += a[i + 4] * a[i + 4];
                s5 += a[i + 5] * a[i + 5];
                s6 += a[i + 6] * a[i + 6];
                s7 += a[i + 7] * a[i + 7];
            }
            total += (double) s0 + s1 + s2 + s3 + s4 + s5 + s6 + s7;
        }
        for (; i < n; i++) {
            total += (double) a[i] * a[i];
        }
        return Math.sqrt(total);
    }

    /** A contiguous CPU tensor's memory as a buffer over it, without copying; null on any other device. */
    private static FloatBuffer memory(NDArray array) {
        if (!array.getDevice().equals(Device.cpu())) {
            return null;
        }
        return JniUtils.getByteBuffer((PtNDArray) array, true).asFloatBuffer();
    }

    /**
     * Copies per-parameter values into the buffer and its host copy. NDArray.set(float[]) would swap the tensor's
     * storage and silently cut the parameters loose from the buffer.
     */
    void load(NDManager manager, List<float[]> perParameter) {
        float[] values = join(perParameter);
        System.arraycopy(values, 0, host, 0, total);
        try (NDArray array = manager.create(values)) {
            flat.set(new NDIndex(":"), array);
        }
    }

    /** Per-parameter arrays (in order) into one buffer-shaped host array. */
    float[] join(List<float[]> perParameter) {
        if (perParameter.size() != sizes.length) {
            throw new IllegalArgumentException("expected " + sizes.length + " arrays, got " + perParameter.size());
        }
        float[] out = new float[total];
        for (int i = 0; i < sizes.length; i++) {
            float[] a = perParameter.get(i);
            if (a.length != sizes[i]) {
                throw new IllegalArgumentException("array " + i + " has " + a.length + " values, expected " + sizes[i]);
            }
            System.arraycopy(a, 0, out, offsets[i], sizes[i]);
        }
        return out;
    }

    /** A buffer-shaped host array back into per-parameter arrays. */
    List<float[]> split(float[] whole) {
        List<float[]> out = new ArrayList<>(sizes.length);
        for (int i = 0; i < sizes.length; i++) {
            float[] a = new float[sizes[i]];
            System.arraycopy(whole, offsets[i], a, 0, sizes[i]);
            out.add(a);
        }
        return out;
    }

    int parameters() {
        return sizes.length;
    }

    /** Values in the buffer, padding included. */
    int size() {
        return total;
    }
}
