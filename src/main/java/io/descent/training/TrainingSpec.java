package io.descent.training;

import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

import io.descent.dataset.Task;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A training request exactly as ../shared/API.md defines it. Every field may be omitted by the client;
 * {@link #withDefaults(Task, long)} fills each omitted field with its documented default so that the stored
 * spec shows what was actually run.
 */
@Schema(description = "What to train, on which dataset, and how. Omitted fields take their documented defaults.")
public record TrainingSpec(
        @Schema(description = "Free-form job name", example = "iris-adam") String name,
        @Schema(description = "Dataset to train on (the example iris dataset has the id below)", requiredMode = Schema.RequiredMode.REQUIRED,
                example = "11111111-1111-4111-8111-111111111111") UUID datasetId,
        ModelSpec model,
        @Schema(description = "mse, mae or cross-entropy; default cross-entropy for classification, mse for regression",
                example = "cross-entropy") String loss,
        OptimizerSpec optimizer,
        ScheduleSpec schedule,
        @Schema(description = "Rows per update (default 32)", example = "16") Integer batchSize,
        @Schema(description = "Passes over the training rows (default 50)", example = "100") Integer epochs,
        @Schema(description = "Random seed; default random, and recorded", example = "42") Long seed,
        ValidationSpec validation,
        EarlyStoppingSpec earlyStopping,
        AugmentationSpec augmentation,
        @Schema(description = "A second dataset with the same columns, evaluated once at the end") UUID testDatasetId) {

    public static final int DEFAULT_BATCH_SIZE = 32;
    public static final int DEFAULT_EPOCHS = 50;

    @Schema(description = "linear, sigmoid-sum (with sigmoids) or mlp (with layers); default mlp with one layer of 64 relu")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ModelSpec(
            @Schema(example = "mlp") String type,
            List<LayerSpec> layers,
            @Schema(description = "Number of sigmoids for sigmoid-sum (default 10)") Integer sigmoids) {
    }

    @Schema(description = "A hidden layer")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LayerSpec(
            @Schema(example = "32") Integer units,
            @Schema(description = "relu, sigmoid, tanh, hard-sigmoid or linear (default relu)", example = "relu") String activation,
            @Schema(description = "Dropout probability during training (default 0)", example = "0.0") Double dropout) {
    }

    @Schema(description = "sgd, momentum (momentum), adagrad, rmsprop (alpha), adam (beta1, beta2); default adam 0.001")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record OptimizerSpec(
            @Schema(example = "adam") String type,
            @Schema(example = "0.01") Double learningRate,
            @Schema(description = "momentum: λ, weight of the previous movement (default 0.9)") Double momentum,
            @Schema(description = "rmsprop: α, weight of the previous mean square (default 0.9)") Double alpha,
            @Schema(description = "adam: default 0.9") Double beta1,
            @Schema(description = "adam: default 0.999") Double beta2,
            @Schema(description = "adagrad, rmsprop, adam: added to the root in the denominator (default 1e-8)") Double epsilon,
            @Schema(description = "L2 penalty coefficient added to the gradient (default 0)") Double weightDecay) {
    }

    @Schema(description = "Learning-rate schedule counted in updates (one update = one batch)")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ScheduleSpec(
            @Schema(description = "Updates of linear warmup from 0 to the learning rate (default 0)") Integer warmupSteps,
            @Schema(description = "none, step, exponential or cosine (default none)", example = "none") String decay,
            @Schema(description = "step: updates between decays (default 1000)") Integer decaySteps,
            @Schema(description = "step: factor per decaySteps (default 0.5); exponential: factor per update (default 0.999)") Double decayFactor,
            @Schema(description = "cosine: the learning rate at the last update (default 0)") Double minLearningRate) {
    }

    @Schema(description = "{\"holdout\": f} with 0 ≤ f < 1, or {\"folds\": k, \"stratified\": true, \"refit\": false} with k ≥ 2; default holdout 0.2")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ValidationSpec(
            @Schema(example = "0.2") Double holdout,
            Integer folds,
            Boolean stratified,
            Boolean refit) {

        @JsonIgnore
        public boolean isKFold() {
            return folds != null;
        }
    }

    @Schema(description = "Stop when the validation loss has not improved on its best by more than minDelta for patience epochs")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EarlyStoppingSpec(
            @Schema(example = "10") Integer patience,
            @Schema(example = "0.0") Double minDelta,
            @Schema(example = "true") Boolean restoreBest) {
    }

    @Schema(description = "Augmentation of training batches only")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AugmentationSpec(
            @Schema(description = "Std of Gaussian noise added to standardized features (default 0)", example = "0.0") Double gaussianNoise,
            ImageAugmentationSpec image) {
    }

    @Schema(description = "For datasets whose features are the pixels of width × height grey images, row by row")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ImageAugmentationSpec(Integer width, Integer height, Boolean horizontalFlip, Integer maxShift) {
    }

    /** The spec with every omitted field set to its documented default. Idempotent. */
    public TrainingSpec withDefaults(Task task, long randomSeed) {
        ModelSpec m = model == null ? new ModelSpec(null, null, null) : model;
        String type = m.type() == null ? "mlp" : m.type();
        ModelSpec fullModel = switch (type) {
            case "mlp" -> new ModelSpec(type,
                    (m.layers() == null ? List.of(new LayerSpec(64, "relu", 0.0)) : m.layers()).stream()
                            .map(l -> new LayerSpec(l.units() == null ? 64 : l.units(),
                                    l.activation() == null ? "relu" : l.activation(),
                                    l.dropout() == null ? 0.0 : l.dropout()))
                            .toList(),
                    null);
            case "sigmoid-sum" -> new ModelSpec(type, null, m.sigmoids() == null ? 10 : m.sigmoids());
            default -> new ModelSpec(type, null, null);
        };

        OptimizerSpec o = optimizer == null ? new OptimizerSpec(null, null, null, null, null, null, null, null) : optimizer;
        String opt = o.type() == null ? "adam" : o.type();
        double wd = o.weightDecay() == null ? 0.0 : o.weightDecay();
        double lr = o.learningRate() == null ? 0.001 : o.learningRate();
        double eps = o.epsilon() == null ? 1e-8 : o.epsilon();
        OptimizerSpec fullOptimizer = switch (opt) {
            case "sgd" -> new OptimizerSpec(opt, lr, null, null, null, null, null, wd);
            case "momentum" -> new OptimizerSpec(opt, lr, o.momentum() == null ? 0.9 : o.momentum(), null, null, null, null, wd);
            case "adagrad" -> new OptimizerSpec(opt, lr, null, null, null, null, eps, wd);
            case "rmsprop" -> new OptimizerSpec(opt, lr, null, o.alpha() == null ? 0.9 : o.alpha(), null, null, eps, wd);
            case "adam" -> new OptimizerSpec(opt, lr, null, null, o.beta1() == null ? 0.9 : o.beta1(),
                    o.beta2() == null ? 0.999 : o.beta2(), eps, wd);
            default -> new OptimizerSpec(opt, lr, o.momentum(), o.alpha(), o.beta1(), o.beta2(), o.epsilon(), wd);
        };

        ScheduleSpec s = schedule == null ? new ScheduleSpec(null, null, null, null, null) : schedule;
        String decay = s.decay() == null ? "none" : s.decay();
        int warmup = s.warmupSteps() == null ? 0 : s.warmupSteps();
        ScheduleSpec fullSchedule = switch (decay) {
            case "step" -> new ScheduleSpec(warmup, decay, s.decaySteps() == null ? 1000 : s.decaySteps(),
                    s.decayFactor() == null ? 0.5 : s.decayFactor(), null);
            case "exponential" -> new ScheduleSpec(warmup, decay, null, s.decayFactor() == null ? 0.999 : s.decayFactor(), null);
            case "cosine" -> new ScheduleSpec(warmup, decay, null, null, s.minLearningRate() == null ? 0.0 : s.minLearningRate());
            default -> new ScheduleSpec(warmup, decay, s.decaySteps(), s.decayFactor(), s.minLearningRate());
        };

        ValidationSpec v = validation == null ? new ValidationSpec(null, null, null, null) : validation;
        ValidationSpec fullValidation = v.folds() != null
                ? new ValidationSpec(null, v.folds(), v.stratified() == null ? task == Task.CLASSIFICATION : v.stratified(),
                        v.refit() == null ? Boolean.FALSE : v.refit())
                : new ValidationSpec(v.holdout() == null ? 0.2 : v.holdout(), null, null, null);

        EarlyStoppingSpec fullEarly = earlyStopping == null ? null
                : new EarlyStoppingSpec(earlyStopping.patience() == null ? 10 : earlyStopping.patience(),
                        earlyStopping.minDelta() == null ? 0.0 : earlyStopping.minDelta(),
                        earlyStopping.restoreBest() == null ? Boolean.TRUE : earlyStopping.restoreBest());

        AugmentationSpec a = augmentation == null ? new AugmentationSpec(null, null) : augmentation;
        ImageAugmentationSpec img = a.image() == null ? null
                : new ImageAugmentationSpec(a.image().width(), a.image().height(),
                        a.image().horizontalFlip() == null ? Boolean.FALSE : a.image().horizontalFlip(),
                        a.image().maxShift() == null ? 0 : a.image().maxShift());
        AugmentationSpec fullAugmentation = new AugmentationSpec(a.gaussianNoise() == null ? 0.0 : a.gaussianNoise(), img);

        String fullLoss = loss != null ? loss : task == Task.CLASSIFICATION ? "cross-entropy" : "mse";
        return new TrainingSpec(name, datasetId, fullModel, fullLoss, fullOptimizer, fullSchedule,
                batchSize == null ? DEFAULT_BATCH_SIZE : batchSize, epochs == null ? DEFAULT_EPOCHS : epochs,
                seed == null ? randomSeed : seed, fullValidation, fullEarly, fullAugmentation, testDatasetId);
    }
}
