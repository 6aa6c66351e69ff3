package io.descent.job;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import org.springframework.data.domain.Pageable;
import org.springframework.data.web.PageableDefault;
import org.springframework.data.web.PagedModel;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import io.descent.training.TrainingSpec;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/api/v1/jobs")
@Tag(name = "Jobs", description = "Train a model: submit a TrainingSpec, follow its epochs, read the result, predict")
class JobController {

    static final String IRIS_EXAMPLE = """
            {"name": "iris-adam", "datasetId": "11111111-1111-4111-8111-111111111111",
             "model": {"type": "mlp", "layers": [{"units": 16, "activation": "relu", "dropout": 0.0}]},
             "loss": "cross-entropy",
             "optimizer": {"type": "adam", "learningRate": 0.02},
             "schedule": {"warmupSteps": 20, "decay": "cosine", "minLearningRate": 0.0},
             "batchSize": 16, "epochs": 60, "seed": 42,
             "validation": {"holdout": 0.2},
             "earlyStopping": {"patience": 15, "minDelta": 0.0, "restoreBest": true}}""";

    static final String WINE_KFOLD_EXAMPLE = """
            {"name": "wine-cv", "datasetId": "22222222-2222-4222-8222-222222222222",
             "model": {"type": "mlp", "layers": [{"units": 32}]},
             "optimizer": {"type": "adam", "learningRate": 0.01}, "batchSize": 16, "epochs": 100, "seed": 0,
             "validation": {"folds": 5, "stratified": true, "refit": true}}""";

    private final JobService jobs;
    private final JobEvents events;
    private final JobModels models;
    private final JobCharts charts;

    JobController(JobService jobs, JobEvents events, JobModels models, JobCharts charts) {
        this.jobs = jobs;
        this.events = events;
        this.models = models;
        this.charts = charts;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Submit a training job",
            description = "Validates the spec against its dataset, fills every omitted field with its default and queues the job. "
                    + "Answers 202 with the job in status QUEUED.")
    ResponseEntity<JobView> submit(@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = TrainingSpec.class),
            examples = {
                @ExampleObject(name = "iris-mlp", summary = "An MLP on the example iris dataset", value = IRIS_EXAMPLE),
                @ExampleObject(name = "wine-5-fold", summary = "5-fold cross-validation on wine, refit on all rows",
                        value = WINE_KFOLD_EXAMPLE),
                @ExampleObject(name = "diabetes-defaults", summary = "Regression with every default",
                        value = "{\"datasetId\": \"33333333-3333-4333-8333-333333333333\"}")}))
            @RequestBody TrainingSpec spec) {
        JobView job = jobs.submit(spec);
        return ResponseEntity.accepted().location(URI.create("/api/v1/jobs/" + job.id())).body(job);
    }

    @GetMapping
    @Operation(summary = "List jobs",
            description = "Paged. Filters: status (repeatable, any of), datasetId, name (prefix), optimizer, experimentId. "
                    + "Sorts: createdAt, finishedAt, result.validationLoss, result.bestValidationLoss, result.validationAccuracy.")
    PagedModel<JobView> list(@RequestParam(name = "status", required = false) List<JobStatus> status,
            @RequestParam(required = false) UUID datasetId,
            @RequestParam(required = false) @Parameter(description = "name prefix") String name,
            @RequestParam(required = false) String optimizer,
            @RequestParam(required = false) UUID experimentId,
            @PageableDefault(size = 20, sort = "createdAt", direction = org.springframework.data.domain.Sort.Direction.DESC) Pageable pageable) {
        return new PagedModel<>(jobs.list(new JobQuery(status, datasetId, name, optimizer, experimentId), pageable));
    }

    @GetMapping("/{id}")
    @Operation(summary = "Get a job with its progress, result or error")
    JobView get(@PathVariable UUID id) {
        return jobs.get(id);
    }

    @PostMapping("/{id}/cancel")
    @Operation(summary = "Cancel a job",
            description = "A queued job is cancelled at once; a running one stops within one batch and keeps its epochs. 409 when already finished.")
    ResponseEntity<JobView> cancel(@PathVariable UUID id) {
        return ResponseEntity.accepted().body(jobs.cancel(id));
    }

    @GetMapping("/{id}/epochs")
    @Operation(summary = "Per-epoch history, oldest first", description = "Readable while the job runs. `fold` narrows to one run.")
    List<EpochView> epochs(@PathVariable UUID id, @RequestParam(required = false) Integer fold) {
        return jobs.epochs(id, fold);
    }

    @GetMapping(path = "/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(summary = "Server-sent events: `epoch` as each epoch ends, `status` on each status change",
            description = "The stream replays the epochs stored so far, then follows the job; it closes when the job finishes.")
    SseEmitter events(@PathVariable UUID id) {
        jobs.get(id);
        return events.follow(id);
    }

    @GetMapping("/{id}/folds")
    @Operation(summary = "k-fold results per fold, with mean and sample standard deviation", description = "404 for a holdout job.")
    FoldsView folds(@PathVariable UUID id) {
        return jobs.folds(id);
    }

    @GetMapping(path = "/{id}/model", produces = "application/zip")
    @Operation(summary = "Download the trained model as a zip: parameters, spec and preprocessing")
    ResponseEntity<byte[]> model(@PathVariable UUID id) {
        byte[] zip = jobs.model(id);
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"descent-model-" + id + ".zip\"")
                .contentType(MediaType.parseMediaType("application/zip"))
                .body(zip);
    }

    @PostMapping(path = "/{id}/predictions", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Predict with the trained model",
            description = "Body {\"rows\": [{feature: value, …}]}. Classification answers a label and class probabilities, "
                    + "regression a value. Missing or unknown columns → 400.")
    JobModels.Predictions predict(@PathVariable UUID id, @io.swagger.v3.oas.annotations.parameters.RequestBody(
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, examples = @ExampleObject(name = "iris",
                    value = "{\"rows\": [{\"sepal_length_cm\": 5.1, \"sepal_width_cm\": 3.5, \"petal_length_cm\": 1.4, \"petal_width_cm\": 0.2}]}")))
            @RequestBody JobModels.PredictionRequest request) {
        return models.predict(id, request);
    }

    @GetMapping(path = "/{id}/loss-curves.svg", produces = "image/svg+xml")
    @Operation(summary = "Training and validation loss per epoch, drawn as SVG")
    ResponseEntity<String> lossCurves(@PathVariable UUID id) {
        return ResponseEntity.ok().cacheControl(CacheControl.noCache())
                .contentType(MediaType.parseMediaType("image/svg+xml")).body(charts.job(id));
    }
}
