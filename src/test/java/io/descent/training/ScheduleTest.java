package io.descent.training;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import io.descent.dataset.Task;
import io.descent.training.TrainingSpec.ScheduleSpec;

class ScheduleTest {

    private static Schedule schedule(ScheduleSpec partial, long total) {
        ScheduleSpec full = new TrainingSpec(null, null, null, null, null, partial, null, null, 1L, null, null, null, null)
                .withDefaults(Task.REGRESSION, 1).schedule();
        return new Schedule(0.1, full, total);
    }

    @Test
    void constantByDefault() {
        Schedule s = schedule(null, 100);
        assertEquals(0.1, s.rate(0), 0);
        assertEquals(0.1, s.rate(99), 0);
    }

    @Test
    void warmupRisesLinearlyFromZeroThenHolds() {
        Schedule s = schedule(new ScheduleSpec(4, "none", null, null, null), 100);
        assertEquals(0.0, s.rate(0), 1e-15);
        assertEquals(0.025, s.rate(1), 1e-15);
        assertEquals(0.075, s.rate(3), 1e-15);
        assertEquals(0.1, s.rate(4), 1e-15);
        assertEquals(0.1, s.rate(50), 1e-15);
    }

    @Test
    void stepDecayHalvesEveryDecaySteps() {
        Schedule s = schedule(new ScheduleSpec(0, "step", 10, 0.5, null), 100);
        assertEquals(0.1, s.rate(9), 1e-15);
        assertEquals(0.05, s.rate(10), 1e-15);
        assertEquals(0.025, s.rate(25), 1e-15);
    }

    @Test
    void exponentialDecayPerUpdate() {
        Schedule s = schedule(new ScheduleSpec(0, "exponential", null, 0.9, null), 100);
        assertEquals(0.1 * 0.9 * 0.9 * 0.9, s.rate(3), 1e-15);
    }

    @Test
    void cosineReachesMinimumAtTheLastUpdate() {
        Schedule s = schedule(new ScheduleSpec(0, "cosine", null, null, 0.01), 11);
        assertEquals(0.1, s.rate(0), 1e-15);
        assertEquals(0.055, s.rate(5), 1e-12); // half way: mean of 0.1 and 0.01
        assertEquals(0.01, s.rate(10), 1e-15);
        assertEquals(0.01 + 0.09 * 0.5 * (1 + Math.cos(Math.PI * 0.3)), s.rate(3), 1e-12);
    }

    @Test
    void decayClockStartsAfterWarmup() {
        Schedule step = schedule(new ScheduleSpec(5, "step", 10, 0.5, null), 100);
        assertEquals(0.1, step.rate(14), 1e-15);
        assertEquals(0.05, step.rate(15), 1e-15);
        Schedule cosine = schedule(new ScheduleSpec(5, "cosine", null, null, 0.0), 16);
        assertEquals(0.04, cosine.rate(2), 1e-15);
        assertEquals(0.1, cosine.rate(5), 1e-15);
        assertEquals(0.05, cosine.rate(10), 1e-12);
        assertEquals(0.0, cosine.rate(15), 1e-15);
    }
}
