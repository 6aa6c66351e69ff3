package io.descent.training;

import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * All parameters of a network in one contiguous buffer, each parameter a leaf tensor that shares its slice of the
 * buffer. The optimizers then update every parameter with one elementwise operation on the whole buffer instead
 * of one per parameter: per-operation overhead (JNI, NDArray bookkeeping), not arithmetic, dominated small-MLP
 * steps, and Adam alone was 14 operations per parameter. Elementwise IEEE float arithmetic gives the same bits
 * whether run per parameter or on the concatenation.
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
    private final List<NDArray> gaps;

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
        gaps = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            NDArray slice = flat.get(new NDIndex().addSliceDim(offsets[i], offsets[i] + sizes[i]));
            // detach() gives a leaf that shares the slice's storage, so in-place updates of the buffer are the
            // parameter's updates, while autograd still gives the leaf its own gradient.
            views.add(slice.reshape(shapes.get(i)).stopGradient());
            int gap = (i + 1 < n ? offsets[i + 1] : total) - offsets[i] - sizes[i];
            gaps.add(gap == 0 ? null : manager.zeros(new Shape(gap)));
        }
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

    int total() {
        return total;
    }

    /** The per-parameter gradients laid out like the buffer (gaps zero): one concatenation. */
    NDArray flatten(List<NDArray> grads) {
        NDList parts = new NDList(grads.size() * 2);
        for (int i = 0; i < grads.size(); i++) {
            parts.add(grads.get(i).reshape(sizes[i]));
            if (gaps.get(i) != null) {
                parts.add(gaps.get(i));
            }
        }
        return NDArrays.concat(parts);
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
