package io.descent.analysis;

import java.util.Arrays;
import java.util.List;

import io.descent.dataset.DatasetTable;
import io.descent.dataset.Task;

/**
 * The predictor that ignores the features, fitted on the training rows: for regression the training mean (the
 * median for mae, which is the best constant under absolute error), for classification the training class
 * frequencies, add-one smoothed so that a class absent from training costs a finite cross-entropy. Its loss is
 * computed as the service computes the model's (mse/mae of softmax probabilities against one-hot rows, averaged
 * over rows and classes, for a classifier), so the two are directly comparable.
 */
final class TrivialPredictor {

    private final Task task;
    private final String loss;
    private final double constant;
    private final List<String> classes;
    private final double[] frequencies;

    private TrivialPredictor(Task task, String loss, double constant, List<String> classes, double[] frequencies) {
        this.task = task;
        this.loss = loss;
        this.constant = constant;
        this.classes = classes;
        this.frequencies = frequencies;
    }

    static TrivialPredictor fit(DatasetTable data, int[] rows, String loss) {
        if (data.task() == Task.CLASSIFICATION) {
            int k = data.classes().size();
            double[] f = new double[k];
            Arrays.fill(f, 1);
            for (int r : rows) {
                f[(int) data.labels()[r]]++;
            }
            for (int c = 0; c < k; c++) {
                f[c] /= rows.length + k;
            }
            return new TrivialPredictor(Task.CLASSIFICATION, loss, Double.NaN, data.classes(), f);
        }
        double[] y = new double[rows.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = data.labels()[rows[i]];
        }
        double c;
        if ("mae".equals(loss)) {
            Arrays.sort(y);
            c = y.length % 2 == 1 ? y[y.length / 2] : (y[y.length / 2 - 1] + y[y.length / 2]) / 2;
        } else {
            c = Arrays.stream(y).average().orElse(0);
        }
        return new TrivialPredictor(Task.REGRESSION, loss, c, null, null);
    }

    /** Its loss on {@code rows} of {@code table} (which may be another dataset with the same columns). */
    double loss(DatasetTable table, int[] rows) {
        double sum = 0;
        for (int r : rows) {
            if (task == Task.REGRESSION) {
                double e = table.labels()[r] - constant;
                sum += "mae".equals(loss) ? Math.abs(e) : e * e;
            } else {
                int c = classes.indexOf(table.classes().get((int) table.labels()[r]));
                sum += classificationLoss(c);
            }
        }
        return sum / rows.length;
    }

    private double classificationLoss(int c) {
        int k = frequencies.length;
        if ("cross-entropy".equals(loss)) {
            return c < 0 ? -Math.log(1.0 / (k + 1)) : -Math.log(frequencies[c]);
        }
        double s = 0;
        for (int j = 0; j < k; j++) {
            double e = frequencies[j] - (j == c ? 1 : 0);
            s += "mae".equals(loss) ? Math.abs(e) : e * e;
        }
        return s / k;
    }

    static int[] all(DatasetTable table) {
        int[] rows = new int[table.rows()];
        Arrays.setAll(rows, i -> i);
        return rows;
    }
}
