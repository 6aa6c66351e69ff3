package io.descent.training;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything a run needs to continue after {@link #epoch()} exactly as if it had never stopped. Because every
 * random draw of epoch e is a pure function of (seed, e) (see {@link Trainer}), no RNG state is stored: the
 * parameters, the optimizer's moments and step count, the schedule's update count, the early-stopping state
 * and the history are enough for bit-identical continuation. Floats are stored as raw IEEE bits.
 *
 * @param bestParameters the best epoch's weights when early stopping restores them, else null
 */
public record Checkpoint(int epoch, long updates, List<float[]> parameters, long optimizerSteps,
        List<float[]> optimizerBuffers, double bestLoss, int bestEpoch, int epochsWithoutImprovement,
        List<float[]> bestParameters, List<EpochStats> history) {

    private static final int MAGIC = 0x44435031; // "DCP1"

    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(epoch);
            out.writeLong(updates);
            writeArrays(out, parameters);
            out.writeLong(optimizerSteps);
            writeArrays(out, optimizerBuffers);
            out.writeDouble(bestLoss);
            out.writeInt(bestEpoch);
            out.writeInt(epochsWithoutImprovement);
            out.writeBoolean(bestParameters != null);
            if (bestParameters != null) {
                writeArrays(out, bestParameters);
            }
            out.writeInt(history.size());
            for (EpochStats s : history) {
                out.writeInt(s.epoch());
                out.writeDouble(s.trainLoss());
                writeNullable(out, s.validationLoss());
                writeNullable(out, s.trainAccuracy());
                writeNullable(out, s.validationAccuracy());
                out.writeDouble(s.learningRate());
                out.writeDouble(s.gradientNorm());
                out.writeDouble(s.seconds());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static Checkpoint fromBytes(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            if (in.readInt() != MAGIC) {
                throw new IllegalArgumentException("not a Descent checkpoint");
            }
            int epoch = in.readInt();
            long updates = in.readLong();
            List<float[]> params = readArrays(in);
            long steps = in.readLong();
            List<float[]> buffers = readArrays(in);
            double bestLoss = in.readDouble();
            int bestEpoch = in.readInt();
            int without = in.readInt();
            List<float[]> best = in.readBoolean() ? readArrays(in) : null;
            int n = in.readInt();
            List<EpochStats> history = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                history.add(new EpochStats(in.readInt(), in.readDouble(), readNullable(in), readNullable(in),
                        readNullable(in), in.readDouble(), in.readDouble(), in.readDouble()));
            }
            return new Checkpoint(epoch, updates, params, steps, buffers, bestLoss, bestEpoch, without, best, history);
        } catch (IOException e) {
            throw new IllegalArgumentException("corrupt checkpoint", e);
        }
    }

    private static void writeArrays(DataOutputStream out, List<float[]> arrays) throws IOException {
        out.writeInt(arrays.size());
        for (float[] a : arrays) {
            out.writeInt(a.length);
            for (float f : a) {
                out.writeFloat(f);
            }
        }
    }

    private static List<float[]> readArrays(DataInputStream in) throws IOException {
        int n = in.readInt();
        List<float[]> arrays = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            float[] a = new float[in.readInt()];
            for (int j = 0; j < a.length; j++) {
                a[j] = in.readFloat();
            }
            arrays.add(a);
        }
        return arrays;
    }

    private static void writeNullable(DataOutputStream out, Double d) throws IOException {
        out.writeBoolean(d != null);
        if (d != null) {
            out.writeDouble(d);
        }
    }

    private static Double readNullable(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readDouble() : null;
    }
}
