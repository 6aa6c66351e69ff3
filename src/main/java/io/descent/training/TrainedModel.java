package io.descent.training;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.descent.dataset.DatasetTable;
import io.descent.dataset.Task;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * A trained network with everything needed to use it on raw rows: the spec, the preprocessing fitted on its
 * training rows, and the parameters (order and shapes as in {@link Network}). Immutable.
 */
public final class TrainedModel {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final ObjectWriter PRETTY = JSON.writerWithDefaultPrettyPrinter();

    private final TrainingSpec spec;
    private final Preprocessing preprocessing;
    private final List<float[]> parameters;
    private final Network network;

    TrainedModel(TrainingSpec spec, Preprocessing preprocessing, List<float[]> parameters) {
        this.spec = spec;
        this.preprocessing = preprocessing;
        this.network = new Network(spec.model(), preprocessing.width(), preprocessing.outputs());
        if (parameters.size() != network.shapes().size()) {
            throw new IllegalArgumentException("parameter arrays do not match the model");
        }
        for (int i = 0; i < parameters.size(); i++) {
            if (parameters.get(i).length != network.shapes().get(i).size()) {
                throw new IllegalArgumentException("parameter " + i + " has the wrong size");
            }
        }
        this.parameters = List.copyOf(parameters);
    }

    public TrainingSpec spec() {
        return spec;
    }

    public Task task() {
        return preprocessing.task();
    }

    public int parameterCount() {
        return network.parameterCount();
    }

    /** All parameters as one vector, W₁, b₁, …, Wₙ, bₙ, each W row-major (in, out). */
    public double[] parameters() {
        double[] flat = new double[parameterCount()];
        int k = 0;
        for (float[] p : parameters) {
            for (float v : p) {
                flat[k++] = v;
            }
        }
        return flat;
    }

    Preprocessing preprocessing() {
        return preprocessing;
    }

    Network network() {
        return network;
    }

    List<float[]> parameterArrays() {
        return parameters;
    }

    /** The same model with other parameter values (flat, as {@link #parameters()}). */
    TrainedModel withParameters(double[] theta) {
        if (theta.length != parameterCount()) {
            throw new IllegalArgumentException("expected " + parameterCount() + " parameters, got " + theta.length);
        }
        List<float[]> arrays = new ArrayList<>();
        int k = 0;
        for (float[] p : parameters) {
            float[] a = new float[p.length];
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) theta[k++];
            }
            arrays.add(a);
        }
        return new TrainedModel(spec, preprocessing, arrays);
    }

    List<NDArray> load(NDManager manager) {
        List<NDArray> arrays = new ArrayList<>();
        for (int i = 0; i < parameters.size(); i++) {
            arrays.add(manager.create(parameters.get(i), network.shapes().get(i)));
        }
        return arrays;
    }

    /**
     * Predictions for raw rows (column name → value). Throws IllegalArgumentException naming missing or unknown
     * columns, or an unknown category.
     */
    public List<Prediction> predict(List<Map<String, Object>> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        float[] x = preprocessing.encode(rows);
        float[] out;
        int k = preprocessing.outputs();
        try (NDManager manager = NativeEngine.get().newBaseManager()) {
            NDArray input = manager.create(x, new Shape(rows.size(), preprocessing.width()));
            NDArray y = network.forward(load(manager), input, false);
            out = (task() == Task.CLASSIFICATION ? y.softmax(1) : y).toFloatArray();
        }
        List<Prediction> predictions = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            if (task() == Task.CLASSIFICATION) {
                Map<String, Double> probabilities = new LinkedHashMap<>();
                int best = 0;
                for (int c = 0; c < k; c++) {
                    probabilities.put(preprocessing.classes().get(c), (double) out[i * k + c]);
                    if (out[i * k + c] > out[i * k + best]) {
                        best = c;
                    }
                }
                predictions.add(new Prediction(preprocessing.classes().get(best), probabilities, null));
            } else {
                predictions.add(new Prediction(null, null, out[i] * preprocessing.targetStd() + preprocessing.targetMean()));
            }
        }
        return predictions;
    }

    /** Zip with parameters.bin (count, then per array its length and floats), spec.json and preprocessing.json. */
    public byte[] toZip() {
        // Big-endian ints and floats, as DataOutputStream wrote them, encoded in one buffer and written in one piece
        // (four-byte writes into a ZipOutputStream made this the slowest part of finishing a job).
        int size = 4;
        for (float[] p : parameters) {
            size += 4 + 4 * p.length;
        }
        ByteBuffer buffer = ByteBuffer.allocate(size);
        buffer.putInt(parameters.size());
        for (float[] p : parameters) {
            buffer.putInt(p.length);
            buffer.asFloatBuffer().put(p);
            buffer.position(buffer.position() + 4 * p.length);
        }
        byte[] specJson = PRETTY.writeValueAsBytes(spec);
        byte[] preprocessingJson = PRETTY.writeValueAsBytes(preprocessing);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(
                size + specJson.length + preprocessingJson.length + 512);
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            // Every entry stored, none deflated: float mantissas hardly compress, and the JSON files are a few
            // kilobytes. The zip is made on the path from a job's finishedAt to its client reading the end, where
            // deflating the JSON files took a third of its 0.3 ms (bench/RESULTS.md, case d).
            store(zip, "parameters.bin", buffer.array());
            store(zip, "spec.json", specJson);
            store(zip, "preprocessing.json", preprocessingJson);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A stored entry carries its size and checksum ahead of its bytes. */
    private static void store(ZipOutputStream zip, String name, byte[] data) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(data.length);
        entry.setCompressedSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        entry.setCrc(crc.getValue());
        zip.putNextEntry(entry);
        zip.write(data);
        zip.closeEntry();
    }

    public static TrainedModel fromZip(byte[] zipBytes) {
        Map<String, byte[]> entries = new HashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(zipBytes))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                entries.put(e.getName(), zip.readAllBytes());
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("not a model zip", e);
        }
        for (String name : List.of("parameters.bin", "spec.json", "preprocessing.json")) {
            if (!entries.containsKey(name)) {
                throw new IllegalArgumentException("model zip lacks " + name);
            }
        }
        List<float[]> params = new ArrayList<>();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(entries.get("parameters.bin")))) {
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                float[] a = new float[in.readInt()];
                for (int j = 0; j < a.length; j++) {
                    a[j] = in.readFloat();
                }
                params.add(a);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("corrupt parameters.bin", e);
        }
        TrainingSpec spec = JSON.readValue(entries.get("spec.json"), TrainingSpec.class);
        Preprocessing pre = JSON.readValue(entries.get("preprocessing.json"), Preprocessing.class);
        return new TrainedModel(spec, pre, params);
    }

    /** Encoded inputs and targets of some rows of a table, on the host, ready for {@link Evaluation}. */
    record Encoded(int rows, float[] x, float[] y) {
    }

    Encoded encode(DatasetTable table, int[] rows) {
        return new Encoded(rows.length, preprocessing.encode(table, rows), preprocessing.targets(table, rows));
    }

    /** Device-side inputs and targets of a split: x (n, w); target (n, 1) or one-hot (n, k); class indices. */
    record Batch(NDArray x, NDArray target, NDArray classes) {
    }

    Batch upload(NDManager manager, Encoded e) {
        NDArray x = manager.create(e.x(), new Shape(e.rows(), preprocessing.width()));
        NDArray y = manager.create(e.y());
        if (task() == Task.CLASSIFICATION) {
            NDArray classes = y.toType(DataType.INT64, false);
            return new Batch(x, classes.oneHot(preprocessing.outputs(), DataType.FLOAT32), classes);
        }
        return new Batch(x, y.reshape(e.rows(), 1), null);
    }

    /** {loss in reported units, accuracy or NaN} of {@code params} on a whole split, without dropout. */
    double[] evaluate(List<NDArray> params, Batch data) {
        try (NDScope scope = new NDScope()) {
            NDArray out = network.forward(params, data.x(), false);
            NDArray loss = Losses.compute(spec.loss(), out, data.target(), task() == Task.CLASSIFICATION);
            double l = loss.getFloat() * Losses.reportScale(spec.loss(), preprocessing);
            double acc = Double.NaN;
            if (data.classes() != null) {
                acc = out.argMax(1).eq(data.classes()).sum().getLong() / (double) data.classes().size();
            }
            return new double[] {l, acc};
        }
    }
}
