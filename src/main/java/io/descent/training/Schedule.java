package io.descent.training;

import io.descent.training.TrainingSpec.ScheduleSpec;

/**
 * The learning rate as a pure function of the update count, so that a resumed run only needs the count.
 * Warmup follows the common "linear warmup" convention (rate t/W at update t, 0-based), reaching the base rate
 * exactly when the decay starts; the decay clock starts after the warmup. Cosine reaches minLearningRate at the
 * very last update of the run, as API.md documents.
 */
final class Schedule {

    private final double base;
    private final ScheduleSpec spec;
    private final long totalUpdates;

    Schedule(double base, ScheduleSpec spec, long totalUpdates) {
        this.base = base;
        this.spec = spec;
        this.totalUpdates = totalUpdates;
    }

    /** The rate for update {@code t} (0-based: {@code t} updates have been applied before it). */
    double rate(long t) {
        int warmup = spec.warmupSteps() == null ? 0 : spec.warmupSteps();
        if (t < warmup) {
            return base * t / warmup;
        }
        long d = t - warmup;
        String decay = spec.decay() == null ? "none" : spec.decay();
        return switch (decay) {
            case "none" -> base;
            case "step" -> base * Math.pow(spec.decayFactor(), Math.floorDiv(d, (long) spec.decaySteps()));
            case "exponential" -> base * Math.pow(spec.decayFactor(), d);
            case "cosine" -> {
                double min = spec.minLearningRate();
                long span = totalUpdates - warmup - 1;
                double progress = span <= 0 ? 1.0 : Math.min(1.0, (double) d / span);
                yield min + (base - min) * 0.5 * (1 + Math.cos(Math.PI * progress));
            }
            default -> throw new IllegalArgumentException("unknown schedule.decay '" + decay + "'");
        };
    }
}
