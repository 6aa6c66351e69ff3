package io.descent.experiment;

import java.util.LinkedHashMap;
import java.util.List;

import io.descent.training.TrainingSpec;
import io.swagger.v3.oas.annotations.media.Schema;
import tools.jackson.databind.JsonNode;

/** {@code POST /experiments}: a base spec and the values each varied field takes. */
@Schema(name = "ExperimentRequest")
record ExperimentRequest(
        @Schema(description = "Defaults to the varied fields' names", example = "optimizers") String name,
        @Schema(description = "The spec every job starts from; its seed (drawn when absent) is shared by all jobs") TrainingSpec base,
        @Schema(description = "Field (or dotted path such as optimizer.learningRate) → the values it takes; one job per "
                + "combination. A top-level field's value replaces the base's whole field; seed cannot vary.",
                example = "{\"optimizer\": [{\"type\": \"sgd\", \"learningRate\": 0.05}, {\"type\": \"adam\", \"learningRate\": 0.01}], \"batchSize\": [16, 128]}")
        LinkedHashMap<String, List<JsonNode>> vary) {
}
