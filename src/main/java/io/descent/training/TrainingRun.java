package io.descent.training;

import java.util.function.BooleanSupplier;

import io.descent.dataset.DatasetTable;

/**
 * One training run of a job.
 *
 * @param spec           the spec with defaults applied ({@link TrainingSpec#withDefaults})
 * @param data           the dataset; {@code trainRows}/{@code validationRows} index into it
 * @param validationRows may be empty: validation figures are then null and early stopping is off
 * @param test           optional second dataset evaluated once with the final model; never used for training
 * @param resumeFrom     optional checkpoint to continue from (same spec, data and rows)
 * @param epochs         optional override of spec.epochs (k-fold refit trains exactly this many)
 * @param cancelled      polled before every batch
 */
public record TrainingRun(TrainingSpec spec, DatasetTable data, int[] trainRows, int[] validationRows,
        DatasetTable test, Checkpoint resumeFrom, Integer epochs, BooleanSupplier cancelled) {

    public TrainingRun {
        if (validationRows == null) {
            validationRows = new int[0];
        }
        if (cancelled == null) {
            cancelled = () -> false;
        }
    }

    public static TrainingRun of(TrainingSpec spec, DatasetTable data, int[] trainRows, int[] validationRows) {
        return new TrainingRun(spec, data, trainRows, validationRows, null, null, null, null);
    }

    public TrainingRun withTest(DatasetTable t) {
        return new TrainingRun(spec, data, trainRows, validationRows, t, resumeFrom, epochs, cancelled);
    }

    public TrainingRun resumingFrom(Checkpoint c) {
        return new TrainingRun(spec, data, trainRows, validationRows, test, c, epochs, cancelled);
    }

    public TrainingRun withEpochs(Integer e) {
        return new TrainingRun(spec, data, trainRows, validationRows, test, resumeFrom, e, cancelled);
    }

    public TrainingRun cancelledWhen(BooleanSupplier c) {
        return new TrainingRun(spec, data, trainRows, validationRows, test, resumeFrom, epochs, c);
    }

    int epochLimit() {
        return epochs != null ? epochs : spec.epochs();
    }
}
