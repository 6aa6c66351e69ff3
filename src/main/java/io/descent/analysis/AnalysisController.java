package io.descent.analysis;

import java.net.URI;
import java.util.Optional;
import java.util.UUID;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * Critical-point and General Guidance analyses of finished jobs. Both are computed by scheduled tasks (they
 * differentiate or train), so a request that finds no stored result answers 202 with the URL to poll.
 */
@RestController
@RequestMapping("/api/v1/jobs/{id}")
@Tag(name = "Analysis", description = "Is the trained point a minimum or a saddle, and what to do about a poor model")
class AnalysisController {

    private final AnalysisService analyses;

    AnalysisController(AnalysisService analyses) {
        this.analyses = analyses;
    }

    /** The body of a 202: the analysis is queued or running. */
    @Schema(name = "AnalysisPending")
    record Pending(@Schema(example = "QUEUED") String status,
            @Schema(description = "Poll this URL until it answers 200", example = "/api/v1/jobs/…/critical-point") String location) {
    }

    @PostMapping("/critical-point")
    @Operation(summary = "Analyse the trained parameters: minimum, saddle point, maximum or not critical",
            description = "Gradient norm and extreme Hessian eigenvalues of the full training loss (dropout off) at "
                    + "the final parameters. 200 when already computed, else 202 and the analysis is queued. A failed "
                    + "analysis is queued again.")
    @ApiResponse(responseCode = "200", description = "The analysis", content = @Content(schema = @Schema(implementation = CriticalPointAnalysis.class)))
    @ApiResponse(responseCode = "202", description = "Queued; poll the Location", content = @Content(schema = @Schema(implementation = Pending.class)))
    @ApiResponse(responseCode = "404", description = "Unknown job")
    @ApiResponse(responseCode = "409", description = "The job has no final model (not SUCCEEDED, or k-fold without refit)")
    ResponseEntity<Object> requestCriticalPoint(@PathVariable UUID id) {
        return answer(id, AnalysisTasks.CRITICAL_POINT,
                analyses.request(id, AnalysisTasks.CRITICAL_POINT, CriticalPointAnalysis.class, true));
    }

    @GetMapping("/critical-point")
    @Operation(summary = "Read the critical-point analysis", description = "202 until it is ready, then 200.")
    @ApiResponse(responseCode = "200", description = "The analysis", content = @Content(schema = @Schema(implementation = CriticalPointAnalysis.class)))
    @ApiResponse(responseCode = "202", description = "Still queued or running", content = @Content(schema = @Schema(implementation = Pending.class)))
    @ApiResponse(responseCode = "404", description = "Unknown job, or no analysis was requested (POST first)")
    @ApiResponse(responseCode = "409", description = "The analysis failed; the detail says why")
    ResponseEntity<Object> criticalPoint(@PathVariable UUID id) {
        return answer(id, AnalysisTasks.CRITICAL_POINT,
                analyses.get(id, AnalysisTasks.CRITICAL_POINT, CriticalPointAnalysis.class));
    }

    @GetMapping("/diagnosis")
    @Operation(summary = "Diagnose the job by the General Guidance",
            description = "MODEL_BIAS, OPTIMIZATION, OVERFITTING, MISMATCH or OK, with evidence and suggestions. The "
                    + "first request queues the diagnosis (it may train simpler comparison models) and answers 202; "
                    + "ask again until it answers 200.")
    @ApiResponse(responseCode = "200", description = "The diagnosis", content = @Content(schema = @Schema(implementation = Diagnosis.class)))
    @ApiResponse(responseCode = "202", description = "Queued or running; poll the Location", content = @Content(schema = @Schema(implementation = Pending.class)))
    @ApiResponse(responseCode = "404", description = "Unknown job")
    @ApiResponse(responseCode = "409", description = "No final model, or the diagnosis failed (POST to retry)")
    ResponseEntity<Object> diagnosis(@PathVariable UUID id) {
        return answer(id, AnalysisTasks.DIAGNOSIS, analyses.request(id, AnalysisTasks.DIAGNOSIS, Diagnosis.class, false));
    }

    @PostMapping("/diagnosis")
    @Operation(summary = "Request the diagnosis, or retry a failed one",
            description = "As GET, except that a failed diagnosis is queued again.")
    @ApiResponse(responseCode = "200", description = "The diagnosis", content = @Content(schema = @Schema(implementation = Diagnosis.class)))
    @ApiResponse(responseCode = "202", description = "Queued; poll the Location", content = @Content(schema = @Schema(implementation = Pending.class)))
    ResponseEntity<Object> requestDiagnosis(@PathVariable UUID id) {
        return answer(id, AnalysisTasks.DIAGNOSIS, analyses.request(id, AnalysisTasks.DIAGNOSIS, Diagnosis.class, true));
    }

    private static ResponseEntity<Object> answer(UUID id, String kind, Optional<?> result) {
        if (result.isPresent()) {
            return ResponseEntity.ok(result.get());
        }
        URI location = URI.create("/api/v1/jobs/" + id + "/" + kind);
        return ResponseEntity.status(HttpStatus.ACCEPTED).location(location).cacheControl(CacheControl.noStore())
                .body(new Pending("QUEUED", location.toString()));
    }
}
