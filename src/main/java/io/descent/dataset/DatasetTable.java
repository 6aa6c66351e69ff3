package io.descent.dataset;

import java.util.List;
import java.util.UUID;

/**
 * A stored dataset decoded into memory, column by column, for training and analysis. Numeric features hold
 * their values; categorical features hold the index of the value in {@link Column#categories()}. The label
 * holds the class index (classification, into {@link #classes()}) or the value (regression).
 */
public record DatasetTable(UUID id, String name, Task task, String labelName, List<String> classes,
        List<Column> features, float[] labels) {

    public int rows() {
        return labels.length;
    }

    public enum ColumnType { NUMERIC, CATEGORICAL }

    /** One feature column; {@code categories} is empty for numeric columns. */
    public record Column(String name, ColumnType type, List<String> categories, float[] values) {
    }
}
