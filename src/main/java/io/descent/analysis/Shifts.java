package io.descent.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.descent.analysis.Diagnosis.FeatureShift;
import io.descent.dataset.DatasetTable;

/**
 * Whether the test data's features are distributed like the training rows', feature by feature (matched by name).
 * A numeric feature is compared by the two-sample Kolmogorov–Smirnov statistic D (the largest gap between the two
 * empirical CDFs), a categorical one by the total-variation distance of its category frequencies; both lie in
 * [0, 1]. A feature counts as shifted when the statistic exceeds max({@value #MIN_EFFECT}, 1.95 · √((n + m)/(n·m))),
 * the KS critical value at the 0.1 % level for n and m rows: large enough not to be chance, and at least a
 * difference a student would call visible, so that huge samples do not flag trivia. The standardized mean shift
 * (test mean − training mean) / training std is reported alongside as the intuitive size of a numeric shift.
 */
final class Shifts {

    static final double MIN_EFFECT = 0.2;
    static final double KS_COEFFICIENT = 1.95;

    private Shifts() {
    }

    static List<FeatureShift> between(DatasetTable train, int[] trainRows, DatasetTable test) {
        List<FeatureShift> shifts = new ArrayList<>();
        for (DatasetTable.Column column : train.features()) {
            DatasetTable.Column other = test.features().stream().filter(c -> c.name().equals(column.name())).findFirst()
                    .orElse(null);
            if (other == null || other.type() != column.type()) {
                continue;
            }
            double threshold = threshold(trainRows.length, test.rows());
            if (column.type() == DatasetTable.ColumnType.NUMERIC) {
                double[] a = new double[trainRows.length];
                for (int i = 0; i < a.length; i++) {
                    a[i] = column.values()[trainRows[i]];
                }
                double[] b = new double[test.rows()];
                for (int i = 0; i < b.length; i++) {
                    b[i] = other.values()[i];
                }
                double d = ks(a, b);
                shifts.add(new FeatureShift(column.name(), d, meanShift(a, b), threshold, d > threshold));
            } else {
                double d = totalVariation(column, trainRows, other);
                shifts.add(new FeatureShift(column.name(), d, null, threshold, d > threshold));
            }
        }
        return shifts;
    }

    static double threshold(int n, int m) {
        return Math.max(MIN_EFFECT, KS_COEFFICIENT * Math.sqrt((double) (n + m) / ((double) n * m)));
    }

    /** sup |F_a − F_b| over all values, ties handled by advancing both samples past equal values together. */
    static double ks(double[] a, double[] b) {
        double[] x = a.clone();
        double[] y = b.clone();
        Arrays.sort(x);
        Arrays.sort(y);
        int i = 0;
        int j = 0;
        double d = 0;
        while (i < x.length && j < y.length) {
            double v = Math.min(x[i], y[j]);
            while (i < x.length && x[i] == v) {
                i++;
            }
            while (j < y.length && y[j] == v) {
                j++;
            }
            d = Math.max(d, Math.abs((double) i / x.length - (double) j / y.length));
        }
        return d;
    }

    static double meanShift(double[] train, double[] test) {
        double mean = Arrays.stream(train).average().orElse(0);
        double var = Arrays.stream(train).map(v -> (v - mean) * (v - mean)).sum() / Math.max(1, train.length - 1);
        double testMean = Arrays.stream(test).average().orElse(0);
        double std = Math.sqrt(var);
        return std > 0 ? (testMean - mean) / std : testMean == mean ? 0 : Double.POSITIVE_INFINITY;
    }

    private static double totalVariation(DatasetTable.Column train, int[] rows, DatasetTable.Column test) {
        Map<String, Double> p = new HashMap<>();
        for (int r : rows) {
            p.merge(train.categories().get((int) train.values()[r]), 1.0 / rows.length, Double::sum);
        }
        Map<String, Double> q = new HashMap<>();
        for (float v : test.values()) {
            q.merge(test.categories().get((int) v), 1.0 / test.values().length, Double::sum);
        }
        double sum = 0;
        for (String k : union(p, q)) {
            sum += Math.abs(p.getOrDefault(k, 0.0) - q.getOrDefault(k, 0.0));
        }
        return sum / 2;
    }

    private static List<String> union(Map<String, Double> p, Map<String, Double> q) {
        List<String> keys = new ArrayList<>(p.keySet());
        q.keySet().stream().filter(k -> !p.containsKey(k)).forEach(keys::add);
        return keys;
    }
}
