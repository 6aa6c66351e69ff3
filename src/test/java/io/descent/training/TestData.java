package io.descent.training;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

import io.descent.dataset.DatasetTable;
import io.descent.dataset.DatasetTable.Column;
import io.descent.dataset.DatasetTable.ColumnType;
import io.descent.dataset.Task;

/**
 * Test-only CSV → DatasetTable loader for ../shared/data; the real upload parser belongs to the dataset
 * feature. The last column is the label; non-numeric feature columns become categorical.
 */
final class TestData {

    private TestData() {
    }

    static DatasetTable load(String file, Task task) {
        Path path = locate(file);
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            List<CSVRecord> records = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                    .parse(reader).getRecords();
            List<String> header = records.get(0).getParser().getHeaderNames();
            List<List<String>> columns = new ArrayList<>();
            for (int c = 0; c < header.size(); c++) {
                List<String> values = new ArrayList<>();
                for (CSVRecord r : records) {
                    values.add(r.get(c));
                }
                columns.add(values);
            }
            List<Column> features = new ArrayList<>();
            for (int c = 0; c < header.size() - 1; c++) {
                features.add(column(header.get(c), columns.get(c)));
            }
            List<String> labelValues = columns.get(header.size() - 1);
            return table(file, task, header.get(header.size() - 1), features, labelValues);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static DatasetTable table(String name, Task task, String labelName, List<Column> features, List<String> labelValues) {
        float[] labels = new float[labelValues.size()];
        List<String> classes = null;
        if (task == Task.CLASSIFICATION) {
            classes = labelValues.stream().distinct().sorted().toList();
            for (int i = 0; i < labels.length; i++) {
                labels[i] = classes.indexOf(labelValues.get(i));
            }
        } else {
            for (int i = 0; i < labels.length; i++) {
                labels[i] = Float.parseFloat(labelValues.get(i));
            }
        }
        return new DatasetTable(UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)), name, task, labelName,
                classes, features, labels);
    }

    static Column column(String name, List<String> values) {
        float[] v = new float[values.size()];
        try {
            for (int i = 0; i < v.length; i++) {
                v[i] = Float.parseFloat(values.get(i));
            }
            return new Column(name, ColumnType.NUMERIC, List.of(), v);
        } catch (NumberFormatException e) {
            List<String> categories = values.stream().distinct().toList();
            for (int i = 0; i < v.length; i++) {
                v[i] = categories.indexOf(values.get(i));
            }
            return new Column(name, ColumnType.CATEGORICAL, categories, v);
        }
    }

    static Column numeric(String name, float[] values) {
        return new Column(name, ColumnType.NUMERIC, List.of(), values);
    }

    /** The rows of a table as prediction requests would send them. */
    static List<Map<String, Object>> rows(DatasetTable table, int... rows) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (int r : rows) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (Column c : table.features()) {
                m.put(c.name(), c.type() == ColumnType.NUMERIC ? (Object) (double) c.values()[r]
                        : c.categories().get((int) c.values()[r]));
            }
            out.add(m);
        }
        return out;
    }

    static int[] range(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }

    /** A spec as a client would send it, with the documented defaults applied. */
    static TrainingSpec spec(DatasetTable table, TrainingSpec.ModelSpec model, TrainingSpec.OptimizerSpec optimizer,
            int batchSize, int epochs, long seed) {
        return new TrainingSpec("test", table.id(), model, null, optimizer, null, batchSize, epochs, seed, null, null,
                null, null).withDefaults(table.task(), seed);
    }

    static TrainingSpec.OptimizerSpec adam(double lr) {
        return new TrainingSpec.OptimizerSpec("adam", lr, null, null, null, null, null, null);
    }

    static TrainingSpec.ModelSpec mlp(int... units) {
        List<TrainingSpec.LayerSpec> layers = new ArrayList<>();
        for (int u : units) {
            layers.add(new TrainingSpec.LayerSpec(u, "relu", 0.0));
        }
        return new TrainingSpec.ModelSpec("mlp", layers, null);
    }

    private static Path locate(String file) {
        for (Path dir : List.of(Path.of("../shared/data"), Path.of("/work/shared/data"))) {
            if (Files.exists(dir.resolve(file))) {
                return dir.resolve(file);
            }
        }
        throw new IllegalStateException("dataset " + file + " not found under ../shared/data");
    }
}
