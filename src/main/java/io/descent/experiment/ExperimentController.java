package io.descent.experiment;

import java.net.URI;
import java.util.UUID;

import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.data.web.PageableDefault;
import org.springframework.data.web.PagedModel;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/api/v1/experiments")
@Tag(name = "Experiments", description = "Controlled comparisons: one job per combination of varied fields, same seed")
class ExperimentController {

    private final ExperimentService experiments;

    ExperimentController(ExperimentService experiments) {
        this.experiments = experiments;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Create an experiment",
            description = "One job per combination of the varied values (the cartesian product, at most 64), all with the "
                    + "base spec's seed, hence the same split, batch order and initial weights. Every combination is "
                    + "validated before any job is created; a 400 names the field as vary.<field>, vary[i].<field> or base.<field>.")
    ResponseEntity<ExperimentView> create(@RequestBody ExperimentRequest request) {
        ExperimentView experiment = experiments.create(request);
        return ResponseEntity.accepted().location(URI.create("/api/v1/experiments/" + experiment.id())).body(experiment);
    }

    @GetMapping
    @Operation(summary = "List experiments", description = "Paged; sort by createdAt (default, newest first) or name.")
    PagedModel<ExperimentView> list(
            @PageableDefault(size = 20, sort = "createdAt", direction = Sort.Direction.DESC) Pageable pageable) {
        return new PagedModel<>(experiments.list(pageable));
    }

    @GetMapping("/{id}")
    @Operation(summary = "An experiment with its jobs' comparison table",
            description = "For a SUCCEEDED job whose sharpness is not known yet, the analysis is requested and sharpness "
                    + "shows once it has been computed.")
    ExperimentView get(@PathVariable UUID id) {
        return experiments.get(id);
    }

    @GetMapping(path = "/{id}/loss-curves.svg", produces = "image/svg+xml")
    @Operation(summary = "All jobs' training and validation loss per epoch in one SVG, labelled by their varied values")
    ResponseEntity<String> lossCurves(@PathVariable UUID id) {
        return ResponseEntity.ok().cacheControl(CacheControl.noCache())
                .contentType(MediaType.parseMediaType("image/svg+xml")).body(experiments.lossCurves(id));
    }
}
