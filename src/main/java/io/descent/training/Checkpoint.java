package io.descent.training;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything a run needs to continue after {@link #epoch()} exactly as if it had never stopped. Because every
 * random draw of epoch e is a pure function of (seed, e) (see {@link Trainer}), no RNG state is stored: the
 * parameters, the optimizer's moments and step count, the schedule's update count, the early-stopping state
 * and the history are enough for bit-identical continuation. Floats are stored as raw IEEE bits.
 *
 * <p>The encoding is the big-endian layout DataOutputStream wrote (so stored checkpoints stay readable), written
 * with bulk ByteBuffer copies: a checkpoint is encoded after every epoch, and one stream call per float cost more
 * than the rest of the epoch's bookkeeping.
 *
 * @param bestParameters the best epoch's weights when early stopping restores them, else null
 */
public record Checkpoint(int epoch, long updates, List<float[]> parameters, long optimizerSteps,
        List<float[]> optimizerBuffers, double bestLoss, int bestEpoch, int epochsWithoutImprovement,
        List<float[]> bestParameters, List<EpochStats> history) {

    private static final int MAGIC = 0x44435031; // "DCP1"
    private static final int STATS_BYTES = 4 + 8 + 3 * 9 + 8 + 8 + 8;

    public byte[] toBytes() {
        int size = 4 + 4 + 8 + arraysBytes(parameters) + 8 + arraysBytes(optimizerBuffers) + 8 + 4 + 4 + 1
                + (bestParameters == null ? 0 : arraysBytes(bestParameters)) + 4 + history.size() * STATS_BYTES;
        ByteBuffer out = ByteBuffer.allocate(size);
        out.putInt(MAGIC);
        out.putInt(epoch);
        out.putLong(updates);
        writeArrays(out, parameters);
        out.putLong(optimizerSteps);
        writeArrays(out, optimizerBuffers);
        out.putDouble(bestLoss);
        out.putInt(bestEpoch);
        out.putInt(epochsWithoutImprovement);
        out.put((byte) (bestParameters != null ? 1 : 0));
        if (bestParameters != null) {
            writeArrays(out, bestParameters);
        }
        out.putInt(history.size());
        for (EpochStats s : history) {
            out.putInt(s.epoch());
            out.putDouble(s.trainLoss());
            writeNullable(out, s.validationLoss());
            writeNullable(out, s.trainAccuracy());
            writeNullable(out, s.validationAccuracy());
            out.putDouble(s.learningRate());
            out.putDouble(s.gradientNorm());
            out.putDouble(s.seconds());
        }
        if (out.hasRemaining()) {
            // Only the nulls of the history are shorter than reserved; hand back exactly what was written.
            byte[] exact = new byte[out.position()];
            System.arraycopy(out.array(), 0, exact, 0, exact.length);
            return exact;
        }
        return out.array();
    }

    public static Checkpoint fromBytes(byte[] data) {
        try {
            ByteBuffer in = ByteBuffer.wrap(data);
            if (in.getInt() != MAGIC) {
                throw new IllegalArgumentException("not a Descent checkpoint");
            }
            int epoch = in.getInt();
            long updates = in.getLong();
            List<float[]> params = readArrays(in);
            long steps = in.getLong();
            List<float[]> buffers = readArrays(in);
            double bestLoss = in.getDouble();
            int bestEpoch = in.getInt();
            int without = in.getInt();
            List<float[]> best = in.get() != 0 ? readArrays(in) : null;
            int n = in.getInt();
            List<EpochStats> history = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                history.add(new EpochStats(in.getInt(), in.getDouble(), readNullable(in), readNullable(in),
                        readNullable(in), in.getDouble(), in.getDouble(), in.getDouble()));
            }
            return new Checkpoint(epoch, updates, params, steps, buffers, bestLoss, bestEpoch, without, best, history);
        } catch (BufferUnderflowException | NegativeArraySizeException e) {
            throw new IllegalArgumentException("corrupt checkpoint", e);
        }
    }

    private static int arraysBytes(List<float[]> arrays) {
        int bytes = 4;
        for (float[] a : arrays) {
            bytes += 4 + 4 * a.length;
        }
        return bytes;
    }

    private static void writeArrays(ByteBuffer out, List<float[]> arrays) {
        out.putInt(arrays.size());
        for (float[] a : arrays) {
            out.putInt(a.length);
            out.asFloatBuffer().put(a);
            out.position(out.position() + 4 * a.length);
        }
    }

    private static List<float[]> readArrays(ByteBuffer in) {
        int n = in.getInt();
        List<float[]> arrays = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int length = in.getInt();
            if (length < 0 || 4L * length > in.remaining()) {
                throw new IllegalArgumentException("corrupt checkpoint");
            }
            float[] a = new float[length];
            in.asFloatBuffer().get(a);
            in.position(in.position() + 4 * length);
            arrays.add(a);
        }
        return arrays;
    }

    private static void writeNullable(ByteBuffer out, Double d) {
        out.put((byte) (d != null ? 1 : 0));
        if (d != null) {
            out.putDouble(d);
        }
    }

    private static Double readNullable(ByteBuffer in) {
        return in.get() != 0 ? in.getDouble() : null;
    }
}
