package io.descent.dataset;

import java.util.List;

import io.descent.dataset.DatasetTable.ColumnType;

/**
 * The column layout of a stored dataset, kept as JSON beside its metadata. Feature order is the order of the
 * columns inside each chunk; the label comes last in a chunk.
 *
 * @param header        the file's column names, in file order, so that rows are shown as they were uploaded
 * @param labelPosition the label's index in {@code header}
 * @param classes       class names in code order; null for regression
 */
record StoredSchema(List<String> header, int labelPosition, List<String> classes, List<Column> features) {

    record Column(String name, int position, ColumnType type, Double min, Double max, Double mean, Double std,
            List<String> categories) {
    }

    static StoredSchema of(CsvProfile profile) {
        return new StoredSchema(profile.header(), profile.labelPosition(), profile.classes(),
                profile.features().stream().map(f -> new Column(f.name(), f.position(), f.type(), f.min(), f.max(),
                        f.mean(), f.std(), f.categories())).toList());
    }
}
