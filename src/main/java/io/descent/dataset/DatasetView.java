package io.descent.dataset;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.swagger.v3.oas.annotations.media.Schema;

/** A stored dataset as the API shows it; also what {@link DatasetCatalog#describe(UUID)} returns. */
@Schema(name = "Dataset", description = "A stored dataset: its columns, their inferred types and statistics")
public record DatasetView(
        @Schema(description = "Dataset id", example = "0b9e6c4e-8a57-4b5e-9d8a-1d2f3c4b5a69") UUID id,
        @Schema(description = "Name, by default the uploaded file name without extension", example = "iris") String name,
        @Schema(description = "Number of data rows", example = "150") int rows,
        @Schema(description = "classification or regression", example = "classification",
                allowableValues = {"classification", "regression"}) Task task,
        Label label,
        @Schema(description = "The feature columns in file order (all columns but the label)") List<Feature> features,
        @Schema(description = "Width of one encoded input row: numeric columns count 1, categorical columns their "
                + "number of categories (one-hot)", example = "4") int inputSize,
        @Schema(description = "Size of the uploaded file in bytes", example = "2777") long sizeBytes,
        @Schema(description = "SHA-256 of the uploaded file, hex",
                example = "2b8b4f0f9c2d1b7ce8c3e1f7a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5") String sha256,
        @Schema(description = "When it was uploaded, UTC", example = "2026-11-26T10:00:00Z") Instant createdAt) {

    @Schema(name = "DatasetLabel", description = "The label column")
    public record Label(
            @Schema(description = "Column name", example = "label") String name,
            @Schema(description = "Class names in code order (numeric order when numeric, else lexicographic); "
                    + "null for regression", example = "[\"0\", \"1\", \"2\"]") List<String> classes) {
    }

    @Schema(name = "DatasetFeature", description = "A feature column; numeric ones have statistics, categorical ones categories")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Feature(
            @Schema(description = "Column name", example = "sepal_length_cm") String name,
            @Schema(description = "numeric or categorical", example = "numeric",
                    allowableValues = {"numeric", "categorical"}) String type,
            @Schema(description = "Smallest value (numeric only)", example = "4.3") Double min,
            @Schema(description = "Largest value (numeric only)", example = "7.9") Double max,
            @Schema(description = "Mean (numeric only)", example = "5.843") Double mean,
            @Schema(description = "Population standard deviation (numeric only)", example = "0.825") Double std,
            @Schema(description = "Distinct values in code order, sorted (categorical only)", example = "[\"blue\", \"red\"]")
            List<String> categories) {
    }
}
