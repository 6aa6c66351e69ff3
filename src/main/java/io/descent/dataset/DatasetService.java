package io.descent.dataset;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.data.web.PagedModel;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.StringUtils;

import io.descent.dataset.DatasetTable.ColumnType;
import io.descent.web.ApiException;

@Service
class DatasetService {

    private static final Logger log = LoggerFactory.getLogger(DatasetService.class);

    static final int MAX_NAME_LENGTH = 200;
    static final Set<String> SORTABLE = Set.of("createdAt", "name", "rows", "sizeBytes");

    private final DatasetRepository datasets;
    private final ChunkStore chunks;
    private final DatasetCatalog catalog;
    private final DatasetProperties properties;
    private final ObjectProvider<DatasetUsage> usages;
    private final TransactionTemplate transaction;

    DatasetService(DatasetRepository datasets, ChunkStore chunks, DatasetCatalog catalog, DatasetProperties properties,
            ObjectProvider<DatasetUsage> usages, PlatformTransactionManager transactions) {
        this.datasets = datasets;
        this.chunks = chunks;
        this.catalog = catalog;
        this.properties = properties;
        this.usages = usages;
        this.transaction = new TransactionTemplate(transactions);
    }

    /**
     * Reads the file once, validating it while its rows are encoded and stored, all in one transaction: a failure
     * at any point leaves nothing behind.
     */
    DatasetView upload(CsvSource source, String name, String label, Task task) {
        return upload(source, name, label, task, UUID.randomUUID());
    }

    /** As {@link #upload(CsvSource, String, String, Task)}, under a given id (the example datasets have fixed ones). */
    DatasetView upload(CsvSource source, String name, String label, Task task, UUID id) {
        String datasetName = name(name, source.filename());
        long start = System.nanoTime();
        Stored stored = transaction.execute(status -> store(id, source, datasetName, blankToNull(label), task));
        long total = System.nanoTime() - start;
        // Read by bench/run.sh: server-side ingest time without the HTTP transfer of the upload, commit included.
        // The scan parses and stores at once; the rest (finish) rewrites or re-encodes the chunks when the scan's
        // guess at the column types was wrong (see CsvProfiler.scan), writes the metadata and commits.
        log.info("ingest rows={} bytes={} scan_s={} finish_s={} total_s={} chunks={}", stored.view().rows(),
                stored.view().sizeBytes(), seconds(stored.scanNanos()), seconds(total - stored.scanNanos()),
                seconds(total), stored.chunks());
        return stored.view();
    }

    private record Stored(DatasetView view, long scanNanos, String chunks) {
    }

    private Stored store(UUID id, CsvSource source, String name, String label, Task task) {
        long start = System.nanoTime();
        DatasetEntity entity = DatasetEntity.pending(id, name, task, Instant.now().truncatedTo(ChronoUnit.MICROS));
        datasets.saveAndFlush(entity);
        CsvProfiler profiler = new CsvProfiler(properties.maxCategories());
        long chunkBytes = properties.chunkSize().toBytes();
        CsvProfiler.Scan scan = ChunkHandoff.run("ingest-" + id,
                sink -> profiler.scan(source, label, task, chunkBytes, sink),
                (index, firstRow, rows, data) -> chunks.insert(id, index, firstRow, rows, data));
        long scanned = System.nanoTime();
        CsvProfile profile = scan.profile();
        String how;
        if (scan.recode() == null) {
            how = "reencoded";
            chunks.delete(id);
            CsvEncoder.encode(source, profile, scan.rowsPerChunk(), (index, firstRow, rows, data) ->
                    chunks.insert(id, index, firstRow, rows, data));
        } else if (!scan.recode().identity()) {
            how = "recoded";
            chunks.recode(id, scan.recode());
        } else {
            how = "stored";
        }
        entity.describe(profile.task(), profile.labelName(), profile.rows(), profile.inputSize(), profile.sizeBytes(),
                profile.sha256(), scan.rowsPerChunk(), catalog.schemaJson(StoredSchema.of(profile)));
        datasets.saveAndFlush(entity);
        DatasetView view = catalog.view(entity);
        return new Stored(view, scanned - start, how);
    }

    private static String seconds(long nanos) {
        return String.format("%.3f", nanos / 1e9);
    }

    @Transactional(readOnly = true)
    PagedModel<DatasetView> list(Pageable pageable) {
        for (Sort.Order order : pageable.getSort()) {
            if (!SORTABLE.contains(order.getProperty())) {
                throw ApiException.invalid("sort", "cannot sort by '" + order.getProperty() + "'; use one of "
                        + String.join(", ", SORTABLE.stream().sorted().toList()));
            }
        }
        return new PagedModel<>(datasets.findAll(pageable).map(catalog::view));
    }

    /** Rows {@code [offset, offset + limit)} as the file had them: column name to number or category or class. */
    @Transactional(readOnly = true)
    List<Map<String, Object>> rows(UUID id, int offset, int limit) {
        DatasetEntity entity = catalog.find(id);
        StoredSchema schema = catalog.schema(entity);
        int to = (int) Math.min(entity.rows(), (long) offset + limit);
        if (offset >= to) {
            return List.of();
        }
        List<String> header = schema.header();
        List<StoredSchema.Column> features = schema.features();
        Object[][] cells = new Object[to - offset][header.size()];
        chunks.read(id, offset, to, (firstRow, chunkRows, data) -> {
            FloatBuffer floats = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
            for (int r = Math.max(firstRow, offset); r < Math.min(firstRow + chunkRows, to); r++) {
                int inChunk = r - firstRow;
                Object[] row = cells[r - offset];
                for (int f = 0; f < features.size(); f++) {
                    StoredSchema.Column c = features.get(f);
                    float value = floats.get(f * chunkRows + inChunk);
                    row[c.position()] = c.type() == ColumnType.NUMERIC ? (Object) value : c.categories().get((int) value);
                }
                float label = floats.get(features.size() * chunkRows + inChunk);
                row[schema.labelPosition()] = schema.classes() == null ? (Object) label
                        : schema.classes().get((int) label);
            }
        });
        List<Map<String, Object>> rows = new ArrayList<>(cells.length);
        for (Object[] row : cells) {
            Map<String, Object> json = new LinkedHashMap<>();
            for (int c = 0; c < header.size(); c++) {
                json.put(header.get(c), row[c]);
            }
            rows.add(json);
        }
        return rows;
    }

    /** @throws ApiException 404 when unknown, 409 while a queued or running job uses it */
    @Transactional
    void delete(UUID id) {
        catalog.find(id);
        if (usages.stream().anyMatch(usage -> usage.inUseByActiveJob(id))) {
            throw ApiException.conflict("Dataset " + id + " is used by a queued or running job; cancel the job "
                    + "or wait for it to finish, then delete the dataset");
        }
        chunks.delete(id);
        datasets.deleteById(id);
    }

    private static String name(String requested, String filename) {
        String name = StringUtils.hasText(requested) ? requested.strip()
                : StringUtils.stripFilenameExtension(StringUtils.getFilename(filename == null ? "" : filename)).strip();
        if (name.isEmpty()) {
            name = "dataset";
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw ApiException.invalid("name", "must be at most " + MAX_NAME_LENGTH + " characters");
        }
        return name;
    }

    private static String blankToNull(String s) {
        return StringUtils.hasText(s) ? s.strip() : null;
    }
}
