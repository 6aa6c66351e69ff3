package io.descent.job;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.descent.dataset.Task;
import io.descent.training.TrainingSpec;
import io.descent.training.TrainingSpec.LayerSpec;
import io.descent.web.ApiException;
import io.descent.web.ApiException.FieldProblem;

/**
 * Rejects, at submission, every spec that cannot train on its dataset, naming each field that is wrong, so that
 * nothing a client sends can fail later as a server error.
 */
final class SpecValidator {

    static final Set<String> MODELS = Set.of("linear", "sigmoid-sum", "mlp");
    static final Set<String> ACTIVATIONS = Set.of("relu", "sigmoid", "tanh", "hard-sigmoid", "linear");
    static final Set<String> LOSSES = Set.of("mse", "mae", "cross-entropy");
    static final Set<String> OPTIMIZERS = Set.of("sgd", "momentum", "adagrad", "rmsprop", "adam");
    static final Set<String> DECAYS = Set.of("none", "step", "exponential", "cosine");
    static final int MAX_UNITS = 8192;
    static final int MAX_EPOCHS = 100_000;

    /** What validation needs to know of a dataset. */
    record DatasetFacts(Task task, int rows, int inputSize, Map<String, String> featureTypes, String labelName,
            int classCount) {
    }

    private SpecValidator() {
    }

    /** Validates a spec whose defaults are already applied; throws a 400 naming every wrong field. */
    static void validate(TrainingSpec spec, DatasetFacts data, DatasetFacts test) {
        List<FieldProblem> p = new ArrayList<>();
        TrainingSpec.ModelSpec model = spec.model();
        if (!MODELS.contains(model.type())) {
            p.add(new FieldProblem("model.type", "must be one of linear, sigmoid-sum, mlp"));
        }
        if ("mlp".equals(model.type())) {
            List<LayerSpec> layers = model.layers();
            if (layers.size() > 64) {
                p.add(new FieldProblem("model.layers", "at most 64 layers"));
            }
            for (int i = 0; i < layers.size(); i++) {
                LayerSpec l = layers.get(i);
                String f = "model.layers[" + i + "].";
                if (l.units() < 1 || l.units() > MAX_UNITS) {
                    p.add(new FieldProblem(f + "units", "must be between 1 and " + MAX_UNITS));
                }
                if (!ACTIVATIONS.contains(l.activation())) {
                    p.add(new FieldProblem(f + "activation", "must be one of relu, sigmoid, tanh, hard-sigmoid, linear"));
                }
                if (!(l.dropout() >= 0 && l.dropout() < 1)) {
                    p.add(new FieldProblem(f + "dropout", "must be ≥ 0 and < 1"));
                }
            }
        } else if (model.layers() != null && !model.layers().isEmpty()) {
            p.add(new FieldProblem("model.layers", "only an mlp has layers"));
        }
        if ("sigmoid-sum".equals(model.type()) && (model.sigmoids() < 1 || model.sigmoids() > MAX_UNITS)) {
            p.add(new FieldProblem("model.sigmoids", "must be between 1 and " + MAX_UNITS));
        }

        if (!LOSSES.contains(spec.loss())) {
            p.add(new FieldProblem("loss", "must be one of mse, mae, cross-entropy"));
        } else if (data.task() == Task.REGRESSION && "cross-entropy".equals(spec.loss())) {
            p.add(new FieldProblem("loss", "cross-entropy needs a classification dataset; this dataset is regression: use mse or mae"));
        }

        TrainingSpec.OptimizerSpec o = spec.optimizer();
        if (!OPTIMIZERS.contains(o.type())) {
            p.add(new FieldProblem("optimizer.type", "must be one of sgd, momentum, adagrad, rmsprop, adam"));
        }
        if (!(o.learningRate() > 0) || o.learningRate() > 100) {
            p.add(new FieldProblem("optimizer.learningRate", "must be > 0 and ≤ 100"));
        }
        unitInterval(p, "optimizer.momentum", o.momentum());
        unitInterval(p, "optimizer.alpha", o.alpha());
        unitInterval(p, "optimizer.beta1", o.beta1());
        unitInterval(p, "optimizer.beta2", o.beta2());
        if (o.epsilon() != null && !(o.epsilon() > 0)) {
            p.add(new FieldProblem("optimizer.epsilon", "must be > 0"));
        }
        if (!(o.weightDecay() >= 0) || Double.isInfinite(o.weightDecay())) {
            p.add(new FieldProblem("optimizer.weightDecay", "must be ≥ 0"));
        }

        TrainingSpec.ScheduleSpec s = spec.schedule();
        if (!DECAYS.contains(s.decay())) {
            p.add(new FieldProblem("schedule.decay", "must be one of none, step, exponential, cosine"));
        }
        if (s.warmupSteps() < 0) {
            p.add(new FieldProblem("schedule.warmupSteps", "must be ≥ 0"));
        }
        if (s.decaySteps() != null && s.decaySteps() < 1) {
            p.add(new FieldProblem("schedule.decaySteps", "must be ≥ 1"));
        }
        if (s.decayFactor() != null && !(s.decayFactor() > 0 && s.decayFactor() <= 1)) {
            p.add(new FieldProblem("schedule.decayFactor", "must be > 0 and ≤ 1"));
        }
        if (s.minLearningRate() != null && !(s.minLearningRate() >= 0 && s.minLearningRate() <= o.learningRate())) {
            p.add(new FieldProblem("schedule.minLearningRate", "must be ≥ 0 and ≤ optimizer.learningRate"));
        }

        if (spec.epochs() < 1 || spec.epochs() > MAX_EPOCHS) {
            p.add(new FieldProblem("epochs", "must be between 1 and " + MAX_EPOCHS));
        }

        TrainingSpec.ValidationSpec v = spec.validation();
        int trainRows = data.rows();
        if (v.folds() != null) {
            if (v.holdout() != null) {
                p.add(new FieldProblem("validation", "give either holdout or folds, not both"));
            }
            if (v.folds() < 2 || v.folds() > data.rows()) {
                p.add(new FieldProblem("validation.folds", "must be ≥ 2 and ≤ the dataset's " + data.rows() + " rows"));
            } else {
                trainRows = data.rows() - (data.rows() + v.folds() - 1) / v.folds();
            }
            if (Boolean.TRUE.equals(v.stratified()) && data.task() != Task.CLASSIFICATION) {
                p.add(new FieldProblem("validation.stratified", "stratified folds need a classification dataset"));
            }
        } else if (!(v.holdout() >= 0 && v.holdout() < 1)) {
            p.add(new FieldProblem("validation.holdout", "must be ≥ 0 and < 1"));
        } else {
            trainRows = data.rows() - (int) Math.round(data.rows() * v.holdout());
            if (trainRows < 1) {
                p.add(new FieldProblem("validation.holdout", "leaves no training rows"));
            }
        }
        if (spec.batchSize() < 1) {
            p.add(new FieldProblem("batchSize", "must be ≥ 1"));
        } else if (spec.batchSize() > Math.max(1, trainRows)) {
            p.add(new FieldProblem("batchSize", "must be ≤ the " + trainRows + " training rows"));
        }

        TrainingSpec.EarlyStoppingSpec es = spec.earlyStopping();
        if (es != null) {
            if (es.patience() < 1) {
                p.add(new FieldProblem("earlyStopping.patience", "must be ≥ 1"));
            }
            if (!(es.minDelta() >= 0)) {
                p.add(new FieldProblem("earlyStopping.minDelta", "must be ≥ 0"));
            }
            if (v.folds() == null && v.holdout() != null && v.holdout() == 0) {
                p.add(new FieldProblem("earlyStopping", "needs validation rows: set validation.holdout > 0 or use folds"));
            }
        }

        TrainingSpec.AugmentationSpec a = spec.augmentation();
        if (!(a.gaussianNoise() >= 0) || Double.isInfinite(a.gaussianNoise())) {
            p.add(new FieldProblem("augmentation.gaussianNoise", "must be ≥ 0"));
        }
        if (a.image() != null) {
            TrainingSpec.ImageAugmentationSpec img = a.image();
            if (img.width() == null || img.height() == null || img.width() < 1 || img.height() < 1) {
                p.add(new FieldProblem("augmentation.image", "width and height are required and must be ≥ 1"));
            } else {
                if ((long) img.width() * img.height() != data.inputSize()) {
                    p.add(new FieldProblem("augmentation.image", "width × height = " + (img.width() * img.height())
                            + " but the dataset has " + data.inputSize() + " input features"));
                }
                if (img.maxShift() < 0 || img.maxShift() >= Math.min(img.width(), img.height())) {
                    p.add(new FieldProblem("augmentation.image.maxShift", "must be ≥ 0 and smaller than the image"));
                }
            }
        }

        if (test != null) {
            if (!test.featureTypes().equals(data.featureTypes()) || !test.labelName().equals(data.labelName())
                    || test.task() != data.task()) {
                p.add(new FieldProblem("testDatasetId", "the test dataset must have the same columns, types, label and task as the training dataset"));
            }
        }
        if (!p.isEmpty()) {
            throw ApiException.invalid(p);
        }
    }

    private static void unitInterval(List<FieldProblem> p, String field, Double value) {
        if (value != null && !(value >= 0 && value < 1)) {
            p.add(new FieldProblem(field, "must be ≥ 0 and < 1"));
        }
    }
}
