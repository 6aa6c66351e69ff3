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
 * @param chunkSize     target size of one stored block of rows; large enough that a 100 MB dataset is a few
 *                      hundred inserts, and below half a G1 heap region (512 KB under a 2 GB heap), so that no block
 *                      nor the database's copy of it is a humongous object. 1 MB blocks each filled a region of
 *                      their own, which no collection moves: back-to-back uploads of an 80 MB CSV at -Xmx1g
 *                      scattered them until H2's write buffer for an upload (one array of a hundred MB and more)
 *                      found no room, and the service died of OutOfMemoryError with a third of the heap live
 *                      (bench/ingest-oom.sh, bench/RESULTS.md).
 */
@ConfigurationProperties("descent.datasets")
record DatasetProperties(@DefaultValue("1000") int maxCategories, @DefaultValue("256KB") DataSize chunkSize) {
}
