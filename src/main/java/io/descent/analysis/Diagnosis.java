package io.descent.analysis;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.swagger.v3.oas.annotations.media.Schema;

/** The answer of {@code GET /jobs/{id}/diagnosis}. */
@Schema(name = "Diagnosis", description = "The General Guidance verdict for a finished job, with the numbers behind it")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Diagnosis(
        @Schema(description = "MODEL_BIAS, OPTIMIZATION, OVERFITTING, MISMATCH or OK", example = "OVERFITTING")
        DiagnosisVerdict verdict,
        @Schema(description = "What was measured, in words, with the numbers",
                example = "[\"training loss 0.002 is low\", \"validation loss 0.41 is 200× the training loss\"]")
        List<String> evidence,
        @Schema(description = "What to try next", example = "[\"more data or data augmentation\", \"fewer parameters\"]")
        List<String> suggestions,
        @Schema(description = "The measurements the verdict was decided on") Facts facts) {

    public enum DiagnosisVerdict { MODEL_BIAS, OPTIMIZATION, OVERFITTING, MISMATCH, OK }

    /**
     * Losses of the job's model and of the trivial predictor (training mean, or training class frequencies) on
     * the same rows, the simpler comparison models, and the feature shift between training and test data.
     */
    @Schema(name = "DiagnosisFacts")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Facts(
            @Schema(description = "The job's loss function", example = "mse") String loss,
            @Schema(description = "Hidden layers of the job's model (linear: 0)", example = "2") int depth,
            double trainLoss, double trivialTrainLoss,
            @Schema(description = "null without validation rows") Double validationLoss, Double trivialValidationLoss,
            @Schema(description = "null without a test dataset") Double testLoss, Double trivialTestLoss,
            @Schema(description = "Simpler models trained on the same rows, only when the training loss is large")
            List<Comparison> comparisons,
            @Schema(description = "Per feature: training rows versus the test dataset") List<FeatureShift> shifts) {
    }

    @Schema(name = "DiagnosisComparison")
    public record Comparison(
            @Schema(example = "linear") String model,
            @Schema(description = "Hidden layers", example = "0") int depth,
            @Schema(example = "0.31") double trainLoss) {
    }

    /**
     * @param statistic two-sample Kolmogorov–Smirnov statistic (numeric) or total-variation distance of the category
     *                  frequencies (categorical), both in [0, 1]
     * @param meanShift (test mean − training mean) / training std, numeric only
     * @param threshold the statistic above which the feature counts as shifted
     */
    @Schema(name = "FeatureShift")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FeatureShift(String feature, double statistic, Double meanShift, double threshold, boolean shifted) {
    }
}
