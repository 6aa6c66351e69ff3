package io.descent.dataset;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.descent.dataset.DatasetTable.ColumnType;
import io.descent.web.ApiException;
import tools.jackson.databind.json.JsonMapper;

/** Stored datasets, for other features: existence checks, descriptions, and the decoded data for training. */
@Service
public class DatasetCatalog {

    private final DatasetRepository datasets;
    private final ChunkStore chunks;
    private final JsonMapper json;

    DatasetCatalog(DatasetRepository datasets, ChunkStore chunks, JsonMapper json) {
        this.datasets = datasets;
        this.chunks = chunks;
        this.json = json;
    }

    @Transactional(readOnly = true)
    public boolean exists(UUID id) {
        return id != null && datasets.existsById(id);
    }

    /** The dataset as the API shows it, or empty when there is none with this id: one read where exists-then-describe took two. */
    @Transactional(readOnly = true)
    public Optional<DatasetView> lookup(UUID id) {
        return id == null ? Optional.empty() : datasets.findById(id).map(this::view);
    }

    /** The dataset as the API shows it. @throws ApiException 404 when there is none with this id */
    @Transactional(readOnly = true)
    public DatasetView describe(UUID id) {
        return view(find(id));
    }

    /**
     * The whole dataset decoded into columns. Regression datasets have an empty class list.
     *
     * @throws ApiException 404 when there is none with this id
     */
    @Transactional(readOnly = true)
    public DatasetTable load(UUID id) {
        DatasetEntity entity = find(id);
        StoredSchema schema = schema(entity);
        int rows = entity.rows();
        int featureCount = schema.features().size();
        float[][] values = new float[featureCount][rows];
        float[] labels = new float[rows];
        chunks.read(id, 0, rows, (firstRow, chunkRows, data) -> {
            for (int f = 0; f < featureCount; f++) {
                ChunkCodec.decodeColumn(data, chunkRows, f, values[f], firstRow);
            }
            ChunkCodec.decodeColumn(data, chunkRows, featureCount, labels, firstRow);
        });
        List<DatasetTable.Column> columns = new ArrayList<>(featureCount);
        for (int f = 0; f < featureCount; f++) {
            StoredSchema.Column c = schema.features().get(f);
            columns.add(new DatasetTable.Column(c.name(), c.type(), c.categories(), values[f]));
        }
        return new DatasetTable(entity.getId(), entity.name(), entity.task(), entity.labelName(),
                schema.classes() == null ? List.of() : schema.classes(), List.copyOf(columns), labels);
    }

    DatasetEntity find(UUID id) {
        return datasets.findById(id).orElseThrow(() -> ApiException.notFound("Dataset", id));
    }

    StoredSchema schema(DatasetEntity entity) {
        return json.readValue(entity.schemaJson(), StoredSchema.class);
    }

    String schemaJson(StoredSchema schema) {
        return json.writeValueAsString(schema);
    }

    DatasetView view(DatasetEntity entity) {
        StoredSchema schema = schema(entity);
        List<DatasetView.Feature> features = schema.features().stream()
                .map(c -> c.type() == ColumnType.NUMERIC
                        ? new DatasetView.Feature(c.name(), "numeric", c.min(), c.max(), c.mean(), c.std(), null)
                        : new DatasetView.Feature(c.name(), "categorical", null, null, null, null, c.categories()))
                .toList();
        return new DatasetView(entity.getId(), entity.name(), entity.rows(), entity.task(),
                new DatasetView.Label(entity.labelName(), schema.classes()), features, entity.inputSize(),
                entity.sizeBytes(), entity.sha256(), entity.createdAt());
    }
}
