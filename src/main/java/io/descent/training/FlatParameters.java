package io.descent.training;

import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * All parameters of a network in one contiguous buffer, each parameter a tensor that shares its slice of the
 * buffer. The optimizers then update every parameter with one elementwise operation on the whole buffer instead
 * of one per parameter: per-operation overhead (JNI, NDArray bookkeeping), not arithmetic, dominated small-MLP
 * steps, and Adam alone was 14 operations per parameter. Elementwise IEEE float arithmetic gives the same bits
 * whether run per parameter or on the concatenation.
 *
 * <p>In training the buffer itself is the only leaf that autograd sees: each step cuts it into the parameters
 * with one split inside the recorded region ({@link #trainingViews}), so backward lands every parameter's gradient
 * in one buffer-shaped gradient, which the optimizers and the gradient norm use as it is. Asking each parameter
 * for its gradient and concatenating them cost 13 JNI calls a step; zeroing them, 6 more. Outside training
 * (evaluation, export) the detached {@link #views} read the same storage.
 *
 * <p>Each slice starts on a multiple of 16 floats (64 bytes, the alignment PyTorch's CPU allocator gives a tensor of
 * its own), so kernels that read the weights see the same alignment as before; the gaps hold zeros with zero
 * gradients, which every optimizer leaves at zero.
 */
final class FlatParameters {

    private static final int ALIGN = 16;

    private final NDArray flat;
    private final List<NDArray> views;
    private final List<Shape> shapes;
    private final int[] offsets;
    private final int[] sizes;
    private final int total;
    /** The split sizes of the buffer: each parameter, then its gap when it has one. */
    private final long[] pieces;
    /** For each parameter, its index among the pieces. */
    private final int[] pieceOf;

    private FlatParameters(NDManager manager, List<NDArray> params) {
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
        List<float[]> host = new ArrayList<>(n);
        for (NDArray p : params) {
            host.add(p.toFloatArray());
        }
        flat = manager.create(join(host));
        views = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            NDArray slice = flat.get(new NDIndex().addSliceDim(offsets[i], offsets[i] + sizes[i]));
            // detach() shares the slice's storage without joining the buffer's autograd history: evaluation and
            // export read the parameters through these, whatever the buffer's requires-grad flag.
            views.add(slice.reshape(shapes.get(i)).stopGradient());
        }
        List<Long> p = new ArrayList<>();
        pieceOf = new int[n];
        for (int i = 0; i < n; i++) {
            pieceOf[i] = p.size();
            p.add((long) sizes[i]);
            int gap = (i + 1 < n ? offsets[i + 1] : total) - offsets[i] - sizes[i];
            if (gap > 0) {
                p.add((long) gap);
            }
        }
        pieces = p.stream().mapToLong(Long::longValue).toArray();
    }

    /** Copies the values of {@code params} (in order) into one buffer on {@code manager}. */
    static FlatParameters of(NDManager manager, List<NDArray> params) {
        return new FlatParameters(manager, params);
    }

    private static int align(int at) {
        return (at + ALIGN - 1) / ALIGN * ALIGN;
    }

    /** The whole buffer, padding included. */
    NDArray flat() {
        return flat;
    }

    /** One tensor per parameter, sharing the buffer's storage. */
    List<NDArray> views() {
        return views;
    }

    /** The parameters' current values on the host, one array each: one copy of the buffer, cut on the host. */
    List<float[]> toHost() {
        return split(flat.toFloatArray());
    }

    /**
     * The parameters as views of the buffer made while autograd records, so that their gradients flow into the
     * buffer's own gradient (call with the buffer requiring gradients). One split, plus one reshape per matrix;
     * the views are the same slices as {@link #views}, so the forward pass sees the same numbers at the same
     * addresses.
     */
    List<NDArray> trainingViews() {
        NDList parts = JniUtils.split((PtNDArray) flat, pieces, 0);
        List<NDArray> out = new ArrayList<>(sizes.length);
        for (int i = 0; i < sizes.length; i++) {
            NDArray part = parts.get(pieceOf[i]);
            out.add(shapes.get(i).dimension() == 1 ? part : JniUtils.reshape((PtNDArray) part, shapes.get(i).getShape()));
        }
        return out;
    }

    /**
     * Copies per-parameter values into the buffer in place. NDArray.set(float[]) would swap the tensor's storage
     * and silently cut the parameters loose from the buffer.
     */
    void load(NDManager manager, List<float[]> perParameter) {
        try (NDArray values = manager.create(join(perParameter))) {
            flat.set(new NDIndex(":"), values);
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
}
