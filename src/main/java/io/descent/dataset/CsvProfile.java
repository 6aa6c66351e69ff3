package io.descent.dataset;

import java.util.List;
import java.util.Map;

import io.descent.dataset.DatasetTable.ColumnType;

/**
 * What the first pass learned about a CSV: everything needed to encode it in the second pass and to describe it.
 *
 * @param labelCodes classification: every label string seen in the file mapped to its class index; null for regression
 */
record CsvProfile(List<String> header, int labelPosition, Task task, List<String> classes,
        Map<String, Integer> labelCodes, List<Feature> features, int rows, long sizeBytes, String sha256) {

    String labelName() {
        return header.get(labelPosition);
    }

    int inputSize() {
        return features.stream().mapToInt(f -> f.type() == ColumnType.NUMERIC ? 1 : f.categories().size()).sum();
    }

    /**
     * One feature column. Numeric columns carry statistics; categorical columns carry their categories, sorted,
     * and the code of each.
     */
    record Feature(String name, int position, ColumnType type, Double min, Double max, Double mean, Double std,
            List<String> categories, Map<String, Integer> codes) {
    }
}
