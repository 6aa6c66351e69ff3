package io.descent.job;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.springframework.stereotype.Component;

import io.descent.chart.LossChart;

/** The loss-curve SVG of a job: training (solid) and validation (dashed) loss of each run. */
@Component
public class JobCharts {

    private final JobService jobs;

    JobCharts(JobService jobs) {
        this.jobs = jobs;
    }

    public String job(UUID id) {
        JobView job = jobs.get(id);
        List<LossChart.Curve> curves = curves(jobs.epochs(id, null), "");
        String title = "Loss per epoch — " + (job.name() == null ? id.toString() : job.name());
        // One run: training and validation in two colours; several folds: one colour per fold, validation dashed.
        List<Integer> groups = curves.size() == 2 ? List.of(0, 1) : LossChart.pairedGroups(curves.size());
        return LossChart.svg(title, curves, groups, 800, 480);
    }

    /** Curves of one job, train and validation per fold; {@code prefix} names the job in an overlay. */
    public static List<LossChart.Curve> curves(List<EpochView> epochs, String prefix) {
        Map<Integer, List<EpochView>> byFold = new TreeMap<>();
        for (EpochView e : epochs) {
            byFold.computeIfAbsent(e.fold(), f -> new ArrayList<>()).add(e);
        }
        boolean several = byFold.size() > 1;
        List<LossChart.Curve> curves = new ArrayList<>();
        byFold.forEach((fold, es) -> {
            String name = prefix + (several ? (fold == 0 ? "refit " : "fold " + fold + " ") : "");
            curves.add(new LossChart.Curve(name + "training loss",
                    es.stream().filter(e -> e.trainLoss() != null).map(e -> new double[] {e.epoch(), e.trainLoss()}).toList(), false));
            curves.add(new LossChart.Curve(name + "validation loss",
                    es.stream().filter(e -> e.validationLoss() != null).map(e -> new double[] {e.epoch(), e.validationLoss()}).toList(), true));
        });
        return curves;
    }
}
