package io.descent.dataset;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits of the dataset feature.
 *
 * @param maxCategories distinct values allowed in one categorical column, and classes in one label; beyond this
 *                      a column is almost certainly an id or a free-text field, and one-hot encoding it would
 *                      blow up the input size
 * @param chunkSize     target size of one stored block of rows; small enough to encode in memory, large enough
 *                      that a 100 MB dataset is a few hundred inserts
 */
@ConfigurationProperties("descent.datasets")
record DatasetProperties(@DefaultValue("1000") int maxCategories, @DefaultValue("1MB") DataSize chunkSize) {
}
