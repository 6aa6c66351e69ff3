package io.descent.experiment;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.descent.analysis.CriticalPoints;
import io.descent.chart.LossChart;
import io.descent.job.EpochView;
import io.descent.job.JobArtifacts;
import io.descent.job.JobCharts;
import io.descent.job.JobService;
import io.descent.job.JobStatus;
import io.descent.job.JobView;
import io.descent.training.TrainingSpec;
import io.descent.web.ApiException;
import io.descent.web.ApiException.FieldProblem;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Creating experiments (one job per combination, all or nothing) and comparing their jobs. */
@Service
class ExperimentService {

    static final int MAX_PAGE_SIZE = 100;
    private static final Set<String> SORTS = Set.of("createdAt", "name");
    private static final TypeReference<LinkedHashMap<String, JsonNode>> VARIED = new TypeReference<>() {
    };

    private final ExperimentRepository experiments;
    private final ExperimentJobRepository members;
    private final JobService jobs;
    private final JobArtifacts artifacts;
    private final ObjectProvider<CriticalPoints> criticalPoints;
    private final JsonMapper json;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    ExperimentService(ExperimentRepository experiments, ExperimentJobRepository members, JobService jobs,
            JobArtifacts artifacts, ObjectProvider<CriticalPoints> criticalPoints, JsonMapper json, Clock clock) {
        this.experiments = experiments;
        this.members = members;
        this.jobs = jobs;
        this.artifacts = artifacts;
        this.criticalPoints = criticalPoints;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Validates the request and every combination first, then stores the experiment and all its jobs in one
     * transaction: a request that fails anywhere leaves nothing behind.
     */
    @Transactional
    public ExperimentView create(ExperimentRequest request) {
        if (request == null) {
            throw ApiException.badRequest("The request body must be an experiment: {\"name\", \"base\", \"vary\"}");
        }
        List<FieldProblem> problems = new ArrayList<>();
        if (request.base() == null) {
            problems.add(new FieldProblem("base", "is required: the TrainingSpec every job starts from"));
        }
        Map<String, List<JsonNode>> vary = request.vary();
        if (vary == null || vary.isEmpty()) {
            problems.add(new FieldProblem("vary", "must name at least one field with the values it takes"));
        }
        if (request.name() != null && (request.name().isBlank() || request.name().length() > 200)) {
            problems.add(new FieldProblem("name", "must be 1 to 200 characters"));
        }
        if (!problems.isEmpty()) {
            throw ApiException.invalid(problems);
        }
        for (Map.Entry<String, List<JsonNode>> e : vary.entrySet()) {
            String pathProblem = VaryPlan.problemWithPath(e.getKey());
            if (pathProblem != null) {
                problems.add(new FieldProblem("vary." + e.getKey(), pathProblem));
            } else if (e.getValue() == null || e.getValue().isEmpty()) {
                problems.add(new FieldProblem("vary." + e.getKey(), "must list at least one value"));
            }
        }
        if (problems.isEmpty() && VaryPlan.count(vary) > VaryPlan.MAX_COMBINATIONS) {
            problems.add(new FieldProblem("vary", "makes " + VaryPlan.count(vary) + " combinations; at most "
                    + VaryPlan.MAX_COMBINATIONS + " jobs per experiment"));
        }
        if (!problems.isEmpty()) {
            throw ApiException.invalid(problems);
        }

        long seed = request.base().seed() != null ? request.base().seed() : random.nextInt(Integer.MAX_VALUE);
        ObjectNode base = (ObjectNode) json.valueToTree(request.base());
        base.put("seed", seed);
        String name = request.name() != null ? request.name() : String.join(" × ", vary.keySet());

        // Each value on its own first, so that a wrong one is named by key and index rather than by combination.
        for (Map.Entry<String, List<JsonNode>> e : vary.entrySet()) {
            for (int j = 0; j < e.getValue().size(); j++) {
                String problem = readProblem(base, Map.of(e.getKey(), e.getValue().get(j)));
                if (problem != null) {
                    problems.add(new FieldProblem("vary." + e.getKey() + "[" + j + "]", problem));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw ApiException.invalid(problems);
        }

        List<Map<String, JsonNode>> combinations = VaryPlan.product(vary);
        List<TrainingSpec> specs = new ArrayList<>();
        Set<FieldProblem> invalid = new LinkedHashSet<>();
        for (int i = 0; i < combinations.size(); i++) {
            Map<String, JsonNode> combination = combinations.get(i);
            ObjectNode merged = VaryPlan.merge(base, combination);
            if (!combination.containsKey("name")) {
                String prefix = request.base().name() != null ? request.base().name() : name;
                merged.put("name", truncate(prefix + " · " + VaryPlan.label(combination), 200));
            }
            TrainingSpec spec;
            try {
                spec = json.treeToValue(merged, TrainingSpec.class);
            } catch (JacksonException ex) {
                invalid.add(new FieldProblem("vary[" + i + "]", "this combination is not a valid TrainingSpec: "
                        + ex.getOriginalMessage()));
                continue;
            }
            try {
                jobs.complete(spec);
                specs.add(spec);
            } catch (ApiException ex) {
                if (ex.status() != HttpStatus.BAD_REQUEST) {
                    throw ex;
                }
                if (ex.errors().isEmpty()) {
                    invalid.add(new FieldProblem("vary[" + i + "]", ex.getMessage()));
                }
                for (FieldProblem p : ex.errors()) {
                    invalid.add(new FieldProblem(fieldOf(p.field(), i, combination), p.message()
                            + (isVaried(p.field(), combination) ? " (combination " + VaryPlan.label(combination) + ")" : "")));
                }
            }
        }
        if (!invalid.isEmpty()) {
            throw ApiException.invalid(List.copyOf(invalid));
        }

        Experiment experiment = experiments.saveAndFlush(new Experiment(UUID.randomUUID(), name, seed,
                json.writeValueAsString(vary), clock.instant()));
        for (int i = 0; i < specs.size(); i++) {
            JobView job = jobs.submit(specs.get(i), experiment.getId());
            members.save(new ExperimentJob(job.id(), experiment.getId(), i, json.writeValueAsString(combinations.get(i))));
        }
        members.flush();
        return view(experiment);
    }

    /** Not transactional on purpose: asking for sharpness may queue an analysis, which writes. */
    public ExperimentView get(UUID id) {
        return view(find(id));
    }

    public Page<ExperimentView> list(Pageable requested) {
        return experiments.findAll(pageable(requested)).map(this::view);
    }

    /** Every job's curves in one chart, one colour per job, labelled by its varied values. */
    public String lossCurves(UUID id) {
        Experiment experiment = find(id);
        List<LossChart.Curve> curves = new ArrayList<>();
        List<Integer> groups = new ArrayList<>();
        List<ExperimentJob> jobsOf = members.findByExperimentIdOrderByPositionAsc(id);
        for (int i = 0; i < jobsOf.size(); i++) {
            ExperimentJob member = jobsOf.get(i);
            String label = VaryPlan.label(varied(member));
            List<LossChart.Curve> own = JobCharts.curves(artifacts.epochs(member.getJobId(), null), label + " — ");
            curves.addAll(own);
            for (int c = 0; c < own.size(); c++) {
                groups.add(i);
            }
        }
        return LossChart.svg("Loss per epoch — " + experiment.getName(), curves, groups, 900, 540);
    }

    private Experiment find(UUID id) {
        return experiments.findById(id).orElseThrow(() -> ApiException.notFound("Experiment", id));
    }

    private ExperimentView view(Experiment experiment) {
        List<ExperimentJob> jobsOf = members.findByExperimentIdOrderByPositionAsc(experiment.getId());
        List<ExperimentView.Comparison> rows = new ArrayList<>();
        boolean running = false;
        for (ExperimentJob member : jobsOf) {
            JobView job = artifacts.view(member.getJobId());
            running |= job.status() == JobStatus.QUEUED || job.status() == JobStatus.RUNNING;
            Summary s = summarize(artifacts.epochs(job.id(), null), job.spec().validation().isKFold());
            rows.add(new ExperimentView.Comparison(job.id(), varied(member), job.status(), s.bestValidationLoss(),
                    s.bestEpoch(), s.finalTrainLoss(), job.result() == null ? null : job.result().trainingSeconds(),
                    sharpness(job)));
        }
        return new ExperimentView(experiment.getId(), experiment.getName(),
                running ? ExperimentView.Status.RUNNING : ExperimentView.Status.FINISHED, experiment.getCreatedAt(),
                experiment.getSeed(), jobsOf.stream().map(ExperimentJob::getJobId).toList(), rows);
    }

    /** Asks for the analysis of a succeeded job the first time its sharpness is missing; null until it is known. */
    private Double sharpness(JobView job) {
        CriticalPoints analysis = criticalPoints.getIfAvailable();
        if (analysis == null || job.status() != JobStatus.SUCCEEDED) {
            return null;
        }
        var known = analysis.sharpness(job.id());
        if (known.isPresent()) {
            return known.get();
        }
        analysis.request(job.id());
        return analysis.sharpness(job.id()).orElse(null);
    }

    private Map<String, JsonNode> varied(ExperimentJob member) {
        return json.readValue(member.getVariedJson(), VARIED);
    }

    record Summary(Double bestValidationLoss, Integer bestEpoch, Double finalTrainLoss) {
    }

    /**
     * The comparison figures of one job's history. A holdout job's come from its one run; a k-fold job's from the
     * mean over its folds at each epoch all folds reached (a refit has no validation rows, so it is left out).
     */
    static Summary summarize(List<EpochView> epochs, boolean kFold) {
        Map<Integer, List<EpochView>> byEpoch = new TreeMap<>();
        Set<Integer> folds = new LinkedHashSet<>();
        Map<Integer, EpochView> lastOfFold = new TreeMap<>();
        for (EpochView e : epochs) {
            if (kFold == (e.fold() == 0)) {
                continue;
            }
            folds.add(e.fold());
            byEpoch.computeIfAbsent(e.epoch(), k -> new ArrayList<>()).add(e);
            EpochView last = lastOfFold.get(e.fold());
            if (last == null || last.epoch() < e.epoch()) {
                lastOfFold.put(e.fold(), e);
            }
        }
        Double best = null;
        Integer bestEpoch = null;
        for (Map.Entry<Integer, List<EpochView>> e : byEpoch.entrySet()) {
            List<EpochView> all = e.getValue();
            if (all.size() < folds.size() || all.stream().anyMatch(x -> x.validationLoss() == null
                    || !Double.isFinite(x.validationLoss()))) {
                continue;
            }
            double mean = all.stream().mapToDouble(EpochView::validationLoss).average().orElseThrow();
            if (best == null || mean < best) {
                best = mean;
                bestEpoch = e.getKey();
            }
        }
        List<Double> finals = lastOfFold.values().stream().map(EpochView::trainLoss).filter(x -> x != null).toList();
        Double finalTrain = finals.isEmpty() || finals.size() < lastOfFold.size() ? null
                : finals.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        return new Summary(best, bestEpoch, finalTrain);
    }

    /** Why {@code base} with these values set cannot be read as a TrainingSpec, or null when it can. */
    private String readProblem(ObjectNode base, Map<String, JsonNode> values) {
        try {
            json.treeToValue(VaryPlan.merge(base, values), TrainingSpec.class);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        } catch (JacksonException e) {
            return "does not fit the field: " + e.getOriginalMessage();
        }
    }

    /** A field of a failed combination: under {@code vary[i].} when a varied value caused it, else under {@code base.}. */
    static String fieldOf(String field, int index, Map<String, JsonNode> combination) {
        return (isVaried(field, combination) ? "vary[" + index + "]." : "base.") + field;
    }

    private static boolean isVaried(String field, Map<String, JsonNode> combination) {
        for (String path : combination.keySet()) {
            if (field.equals(path) || field.startsWith(path + ".") || field.startsWith(path + "[")
                    || path.startsWith(field + ".")) {
                return true;
            }
        }
        return false;
    }

    private static Pageable pageable(Pageable requested) {
        if (requested.getPageSize() > MAX_PAGE_SIZE) {
            throw ApiException.invalid("size", "must be ≤ " + MAX_PAGE_SIZE);
        }
        List<Sort.Order> orders = new ArrayList<>();
        for (Sort.Order o : requested.getSort()) {
            if (!SORTS.contains(o.getProperty())) {
                throw ApiException.invalid("sort", "cannot sort by '" + o.getProperty() + "'; use createdAt or name");
            }
            orders.add(o);
        }
        if (orders.isEmpty()) {
            orders.add(Sort.Order.desc("createdAt"));
        }
        orders.add(Sort.Order.asc("id"));
        return PageRequest.of(requested.getPageNumber(), requested.getPageSize(), Sort.by(orders));
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
