package io.descent.job;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/** Per-fold results of a k-fold job, with mean and sample standard deviation. */
@Schema(name = "Folds")
public record FoldsView(List<Fold> folds, Summary summary) {

    public record Fold(int fold, Integer trainRows, Integer validationRows, Integer bestEpoch, Double trainLoss,
            Double validationLoss, Double validationAccuracy, JobStatus status) {
    }

    public record Summary(Stat validationLoss, Stat validationAccuracy) {
    }

    /** {@code std} is the sample standard deviation (n − 1); null with fewer than two values. */
    public record Stat(Double mean, Double std, int n) {

        static Stat of(List<Double> values) {
            List<Double> xs = values.stream().filter(v -> v != null && !v.isNaN()).toList();
            if (xs.isEmpty()) {
                return new Stat(null, null, 0);
            }
            double mean = xs.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
            Double std = null;
            if (xs.size() > 1) {
                double ss = xs.stream().mapToDouble(x -> (x - mean) * (x - mean)).sum();
                std = Math.sqrt(ss / (xs.size() - 1));
            }
            return new Stat(mean, std, xs.size());
        }
    }
}
