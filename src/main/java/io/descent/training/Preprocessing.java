package io.descent.training;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.descent.dataset.DatasetTable;
import io.descent.dataset.DatasetTable.Column;
import io.descent.dataset.DatasetTable.ColumnType;
import io.descent.dataset.Task;

/**
 * Turns table rows into the network's input, fitted on the training rows only so that validation and test rows
 * never leak into the scaling. Numeric features are standardized with the training mean and (population) std,
 * a constant column gets std 1; categorical features become one-hot blocks over the column's categories.
 *
 * <p>For regression the target is standardized too, because a raw target such as diabetes progression (~150 ±
 * 77) would make the initial loss thousands and force a tiny learning rate. The optimizer therefore sees losses
 * in standardized units, while every loss the service reports is converted back to the original units
 * (mse × std², mae × std) and predictions are de-standardized. Classification targets are class indices.
 *
 * <p>Travels with the model as JSON; columns and categories are matched by name, never by position, so a test
 * table or a prediction request may order them differently.
 */
record Preprocessing(Task task, String labelName, List<String> classes, List<Feature> features,
        double targetMean, double targetStd) {

    record Feature(String name, boolean categorical, double mean, double std, List<String> categories) {
        int width() {
            return categorical ? categories.size() : 1;
        }
    }

    static Preprocessing fit(DatasetTable table, int[] trainRows) {
        if (trainRows.length == 0) {
            throw new IllegalArgumentException("no training rows");
        }
        List<Feature> features = new ArrayList<>();
        for (Column c : table.features()) {
            if (c.type() == ColumnType.CATEGORICAL) {
                features.add(new Feature(c.name(), true, 0, 1, List.copyOf(c.categories())));
            } else {
                double[] ms = meanStd(c.values(), trainRows);
                features.add(new Feature(c.name(), false, ms[0], ms[1], List.of()));
            }
        }
        double mean = 0;
        double std = 1;
        if (table.task() == Task.REGRESSION) {
            double[] ms = meanStd(table.labels(), trainRows);
            mean = ms[0];
            std = ms[1];
        }
        return new Preprocessing(table.task(), table.labelName(),
                table.classes() == null ? List.of() : List.copyOf(table.classes()), features, mean, std);
    }

    private static double[] meanStd(float[] values, int[] rows) {
        double sum = 0;
        for (int r : rows) {
            sum += values[r];
        }
        double mean = sum / rows.length;
        double sq = 0;
        for (int r : rows) {
            double d = values[r] - mean;
            sq += d * d;
        }
        double std = Math.sqrt(sq / rows.length);
        return new double[] {mean, std == 0 || !Double.isFinite(std) ? 1 : std};
    }

    int width() {
        return features.stream().mapToInt(Feature::width).sum();
    }

    int outputs() {
        return task == Task.CLASSIFICATION ? classes.size() : 1;
    }

    /** Row-major encoded inputs of {@code rows}; the table may be another one with the same columns by name. */
    float[] encode(DatasetTable table, int[] rows) {
        Map<String, Column> byName = new HashMap<>();
        for (Column c : table.features()) {
            byName.put(c.name(), c);
        }
        checkColumns(byName.keySet(), table.name());
        int w = width();
        float[] out = new float[rows.length * w];
        int offset = 0;
        for (Feature f : features) {
            Column c = byName.get(f.name());
            if (f.categorical()) {
                if (c.type() != ColumnType.CATEGORICAL) {
                    throw new IllegalArgumentException("column '" + f.name() + "' must be categorical");
                }
                int[] map = new int[c.categories().size()];
                for (int k = 0; k < map.length; k++) {
                    map[k] = categoryIndex(f, c.categories().get(k));
                }
                for (int i = 0; i < rows.length; i++) {
                    out[i * w + offset + map[(int) c.values()[rows[i]]]] = 1f;
                }
            } else {
                if (c.type() != ColumnType.NUMERIC) {
                    throw new IllegalArgumentException("column '" + f.name() + "' must be numeric");
                }
                for (int i = 0; i < rows.length; i++) {
                    out[i * w + offset] = (float) ((c.values()[rows[i]] - f.mean()) / f.std());
                }
            }
            offset += f.width();
        }
        return out;
    }

    /** Encodes JSON-like rows (column name → number or string) for prediction. */
    float[] encode(List<Map<String, Object>> rows) {
        int w = width();
        float[] out = new float[rows.size() * w];
        for (int i = 0; i < rows.size(); i++) {
            Map<String, Object> row = rows.get(i);
            checkColumns(row.keySet(), "row " + i);
            int offset = 0;
            for (Feature f : features) {
                Object v = row.get(f.name());
                if (f.categorical()) {
                    out[i * w + offset + categoryIndex(f, String.valueOf(v))] = 1f;
                } else {
                    double x;
                    if (v instanceof Number n) {
                        x = n.doubleValue();
                    } else {
                        try {
                            x = Double.parseDouble(String.valueOf(v).trim());
                        } catch (NumberFormatException e) {
                            throw new IllegalArgumentException("column '" + f.name() + "' must be a number, got '" + v + "'");
                        }
                    }
                    out[i * w + offset] = (float) ((x - f.mean()) / f.std());
                }
                offset += f.width();
            }
        }
        return out;
    }

    /** Class indices (classification, matched by class name) or standardized values (regression). */
    float[] targets(DatasetTable table, int[] rows) {
        float[] out = new float[rows.length];
        if (task == Task.CLASSIFICATION) {
            int[] map = new int[table.classes().size()];
            for (int k = 0; k < map.length; k++) {
                map[k] = classes.indexOf(table.classes().get(k));
                if (map[k] < 0) {
                    throw new IllegalArgumentException("unknown class '" + table.classes().get(k) + "' in dataset '" + table.name() + "'");
                }
            }
            for (int i = 0; i < rows.length; i++) {
                out[i] = map[(int) table.labels()[rows[i]]];
            }
        } else {
            for (int i = 0; i < rows.length; i++) {
                out[i] = (float) ((table.labels()[rows[i]] - targetMean) / targetStd);
            }
        }
        return out;
    }

    /** The encoded value that a raw 0 of each input takes, i.e. the "black pixel" for image shifts. */
    float[] encodedZero() {
        float[] z = new float[width()];
        int offset = 0;
        for (Feature f : features) {
            if (!f.categorical()) {
                z[offset] = (float) (-f.mean() / f.std());
            }
            offset += f.width();
        }
        return z;
    }

    private int categoryIndex(Feature f, String value) {
        int k = f.categories().indexOf(value);
        if (k < 0) {
            throw new IllegalArgumentException("unknown category '" + value + "' in column '" + f.name()
                    + "'; known: " + f.categories());
        }
        return k;
    }

    private void checkColumns(Set<String> present, String where) {
        Set<String> missing = new LinkedHashSet<>();
        for (Feature f : features) {
            if (!present.contains(f.name())) {
                missing.add(f.name());
            }
        }
        Set<String> expected = new HashSet<>();
        for (Feature f : features) {
            expected.add(f.name());
        }
        Set<String> unknown = new LinkedHashSet<>();
        for (String p : present) {
            if (!expected.contains(p) && !p.equals(labelName)) {
                unknown.add(p);
            }
        }
        if (!missing.isEmpty() || !unknown.isEmpty()) {
            StringBuilder sb = new StringBuilder(where).append(":");
            if (!missing.isEmpty()) {
                sb.append(" missing columns ").append(missing);
            }
            if (!unknown.isEmpty()) {
                sb.append(missing.isEmpty() ? "" : ";").append(" unknown columns ").append(unknown);
            }
            throw new IllegalArgumentException(sb.toString());
        }
    }
}
