package io.descent.analysis;

import java.util.ArrayList;
import java.util.List;

import org.springframework.stereotype.Component;

import io.descent.analysis.Diagnosis.Comparison;
import io.descent.job.JobArtifacts;
import io.descent.training.LossFunction;
import io.descent.training.Trainer;
import io.descent.training.TrainingOutcome;
import io.descent.training.TrainingRun;
import io.descent.training.TrainingSpec;

/**
 * Measures the {@link Diagnosis.Facts} of a trained job and hands them to {@link GeneralGuidance}. Losses are
 * recomputed from the final model on its own rows (for a k-fold refit, which has no validation rows, the mean
 * validation loss over the folds stands in). Comparison models are trained only when the training loss is large,
 * because only that branch of the guidance needs them: a linear model, and for an mlp with several hidden layers
 * the same mlp without its last hidden layer, each with the job's seed, rows, optimizer, schedule and epochs.
 */
@Component
class Diagnostician {

    private final Trainer trainer;

    Diagnostician(Trainer trainer) {
        this.trainer = trainer;
    }

    Diagnosis diagnose(JobArtifacts.TrainedJob job) {
        TrainingSpec spec = job.spec();
        double[] theta = job.model().parameters();
        TrivialPredictor trivial = TrivialPredictor.fit(job.data(), job.trainRows(), spec.loss());
        double train = LossFunction.of(job.model(), job.data(), job.trainRows()).loss(theta);
        double trivialTrain = trivial.loss(job.data(), job.trainRows());

        Double validation = null;
        Double trivialValidation = null;
        if (job.validationRows().length > 0) {
            validation = LossFunction.of(job.model(), job.data(), job.validationRows()).loss(theta);
            trivialValidation = trivial.loss(job.data(), job.validationRows());
        } else if (job.job().result() != null && job.job().result().validationLoss() != null
                && spec.validation().isKFold()) {
            validation = job.job().result().validationLoss();
            trivialValidation = trivialTrain;
        }

        Double test = null;
        Double trivialTest = null;
        List<Diagnosis.FeatureShift> shifts = List.of();
        if (job.test() != null && job.test().rows() > 0) {
            int[] all = TrivialPredictor.all(job.test());
            test = LossFunction.of(job.model(), job.test(), all).loss(theta);
            trivialTest = trivial.loss(job.test(), all);
            shifts = Shifts.between(job.data(), job.trainRows(), job.test());
        }

        int depth = depth(spec.model());
        List<Comparison> comparisons = new ArrayList<>();
        if (GeneralGuidance.trainingLossLarge(train, trivialTrain)) {
            for (TrainingSpec.ModelSpec simpler : simpler(spec.model())) {
                comparisons.add(new Comparison(simpler.type() + (simpler.layers() == null ? ""
                        : " " + simpler.layers().stream().map(l -> String.valueOf(l.units())).toList()),
                        depth(simpler), trainLoss(job, withModel(spec, simpler))));
            }
        }
        return GeneralGuidance.diagnose(new Diagnosis.Facts(spec.loss(), depth, train, trivialTrain, validation,
                trivialValidation, test, trivialTest, comparisons, shifts));
    }

    private double trainLoss(JobArtifacts.TrainedJob job, TrainingSpec spec) {
        // A refit trains a number of epochs fixed by its folds; the comparison gets the same budget.
        Integer epochs = spec.validation().isKFold()
                ? (int) job.epochs().stream().filter(e -> e.fold() == 0).count() : null;
        TrainingOutcome outcome = trainer.train(new TrainingRun(spec, job.data(), job.trainRows(), job.validationRows(),
                null, null, epochs, null), null);
        return outcome.trainLoss();
    }

    static int depth(TrainingSpec.ModelSpec model) {
        return switch (model.type()) {
            case "mlp" -> model.layers() == null ? 1 : model.layers().size();
            case "sigmoid-sum" -> 1;
            default -> 0;
        };
    }

    static List<TrainingSpec.ModelSpec> simpler(TrainingSpec.ModelSpec model) {
        List<TrainingSpec.ModelSpec> out = new ArrayList<>();
        if (depth(model) == 0) {
            return out;
        }
        out.add(new TrainingSpec.ModelSpec("linear", null, null));
        if ("mlp".equals(model.type()) && model.layers() != null && model.layers().size() >= 2) {
            out.add(new TrainingSpec.ModelSpec("mlp", model.layers().subList(0, model.layers().size() - 1), null));
        }
        return out;
    }

    private static TrainingSpec withModel(TrainingSpec s, TrainingSpec.ModelSpec model) {
        return new TrainingSpec(s.name(), s.datasetId(), model, s.loss(), s.optimizer(), s.schedule(), s.batchSize(),
                s.epochs(), s.seed(), s.validation(), s.earlyStopping(), s.augmentation(), s.testDatasetId());
    }
}
