package io.descent.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * The default block of stored rows stays below half of G1's smallest heap region (1 MB), so that neither a block nor
 * the database's copy of it is a humongous object: blocks of 1 MB each filled a region that no collection moves, and
 * back-to-back uploads at -Xmx1g fragmented the heap until the service died (bench/ingest-oom.sh).
 */
class ChunkSizeTest {

    private static final long HALF_SMALLEST_REGION = 512 * 1024;

    @Test
    void defaultBlocksAreNotHumongousForAnyWidth() {
        DatasetProperties defaults = new Binder(new MapConfigurationPropertySource(Map.of()))
                .bindOrCreate("descent.datasets", DatasetProperties.class);
        // Up to 100,000 columns a row is 400 KB, so a block of at least one row still fits.
        for (int columns : new int[] {1, 2, 5, 101, 1000, 100_000}) {
            long rows = CsvEncoder.rowsPerChunk(columns, defaults.chunkSize().toBytes());
            long blockBytes = rows * columns * Float.BYTES;
            // A byte[] carries a 16-byte header on a 64-bit JVM.
            assertThat(blockBytes + 16).as("block of %d columns", columns).isLessThan(HALF_SMALLEST_REGION);
        }
    }

    @Test
    void aBlockHoldsAtLeastOneRowHoweverWide() {
        assertThat(CsvEncoder.rowsPerChunk(1_000_000, 256 * 1024)).isEqualTo(1);
    }
}
