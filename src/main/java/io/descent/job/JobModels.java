package io.descent.job;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Component;

import io.descent.training.Prediction;
import io.descent.training.TrainedModel;
import io.descent.web.ApiException;
import io.swagger.v3.oas.annotations.media.Schema;

/** Predictions from trained models, which are decoded once and kept in a small LRU cache. */
@Component
class JobModels {

    private static final int CACHE_SIZE = 16;
    static final int MAX_ROWS = 10_000;

    private final JobService jobs;
    private final Map<UUID, TrainedModel> cache = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, TrainedModel> eldest) {
            return size() > CACHE_SIZE;
        }
    });

    JobModels(JobService jobs) {
        this.jobs = jobs;
    }

    @Schema(name = "PredictionRequest", example = "{\"rows\": [{\"sepal_length_cm\": 5.1, \"sepal_width_cm\": 3.5, \"petal_length_cm\": 1.4, \"petal_width_cm\": 0.2}]}")
    record PredictionRequest(List<Map<String, Object>> rows) {
    }

    @Schema(name = "Predictions")
    record Predictions(List<Prediction> predictions) {
    }

    Predictions predict(UUID jobId, PredictionRequest request) {
        if (request == null || request.rows() == null || request.rows().isEmpty()) {
            throw ApiException.invalid("rows", "must hold at least one row");
        }
        if (request.rows().size() > MAX_ROWS) {
            throw ApiException.invalid("rows", "at most " + MAX_ROWS + " rows per request");
        }
        TrainedModel model = model(jobId);
        try {
            return new Predictions(model.predict(request.rows()));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("rows", e.getMessage());
        }
    }

    TrainedModel model(UUID jobId) {
        TrainedModel cached = cache.get(jobId);
        if (cached != null) {
            return cached;
        }
        TrainedModel model = TrainedModel.fromZip(jobs.model(jobId));
        cache.put(jobId, model);
        return model;
    }
}
