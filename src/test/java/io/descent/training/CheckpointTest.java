package io.descent.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

class CheckpointTest {

    private static Checkpoint sample(boolean best) {
        List<float[]> params = List.of(new float[] {1.5f, -0f, Float.MIN_VALUE}, new float[] {3f});
        List<EpochStats> history = List.of(new EpochStats(1, 0.5, null, 0.75, null, 0.01, 2.5, 0.1),
                new EpochStats(2, 0.25, 0.3, null, 0.9, 0.005, 1.25, 0.2));
        return new Checkpoint(2, 17, params, 17, List.of(new float[] {0.1f, 0.2f, 0.3f}, new float[] {4f}), 0.3, 2, 0,
                best ? List.of(new float[] {9f, 8f, 7f}, new float[] {6f}) : null, history);
    }

    /** The bytes DataOutputStream wrote before the bulk encoding: stored checkpoints must stay readable. */
    private static byte[] legacy(Checkpoint c) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(0x44435031);
            out.writeInt(c.epoch());
            out.writeLong(c.updates());
            arrays(out, c.parameters());
            out.writeLong(c.optimizerSteps());
            arrays(out, c.optimizerBuffers());
            out.writeDouble(c.bestLoss());
            out.writeInt(c.bestEpoch());
            out.writeInt(c.epochsWithoutImprovement());
            out.writeBoolean(c.bestParameters() != null);
            if (c.bestParameters() != null) {
                arrays(out, c.bestParameters());
            }
            out.writeInt(c.history().size());
            for (EpochStats s : c.history()) {
                out.writeInt(s.epoch());
                out.writeDouble(s.trainLoss());
                nullable(out, s.validationLoss());
                nullable(out, s.trainAccuracy());
                nullable(out, s.validationAccuracy());
                out.writeDouble(s.learningRate());
                out.writeDouble(s.gradientNorm());
                out.writeDouble(s.seconds());
            }
        }
        return bytes.toByteArray();
    }

    private static void arrays(DataOutputStream out, List<float[]> arrays) throws IOException {
        out.writeInt(arrays.size());
        for (float[] a : arrays) {
            out.writeInt(a.length);
            for (float f : a) {
                out.writeFloat(f);
            }
        }
    }

    private static void nullable(DataOutputStream out, Double d) throws IOException {
        out.writeBoolean(d != null);
        if (d != null) {
            out.writeDouble(d);
        }
    }

    @Test
    void encodingIsByteForByteTheStreamFormat() throws IOException {
        for (boolean best : new boolean[] {true, false}) {
            Checkpoint c = sample(best);
            assertArrayEquals(legacy(c), c.toBytes());
        }
    }

    @Test
    void roundTrips() {
        Checkpoint c = sample(true);
        Checkpoint back = Checkpoint.fromBytes(c.toBytes());
        assertEquals(c.epoch(), back.epoch());
        assertEquals(c.history(), back.history());
        for (int i = 0; i < 2; i++) {
            assertArrayEquals(c.parameters().get(i), back.parameters().get(i), 0f);
            assertArrayEquals(c.optimizerBuffers().get(i), back.optimizerBuffers().get(i), 0f);
            assertArrayEquals(c.bestParameters().get(i), back.bestParameters().get(i), 0f);
        }
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(back.parameters().get(0)[1]));
    }

    @Test
    void truncatedDataIsRejected() {
        byte[] data = sample(false).toBytes();
        assertThrows(IllegalArgumentException.class, () -> Checkpoint.fromBytes(Arrays.copyOf(data, data.length - 5)));
        assertThrows(IllegalArgumentException.class, () -> Checkpoint.fromBytes(new byte[] {1, 2, 3, 4}));
    }
}
