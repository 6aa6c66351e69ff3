package io.descent.job;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import io.descent.dataset.Task;
import io.descent.training.TrainingSpec;
import io.descent.web.ApiException;

/** The HTTP shape of the jobs API: status codes, headers, JSON fields and problem details. */
@WebMvcTest(JobController.class)
class JobControllerTest {

    static final UUID ID = UUID.fromString("7d1f6c3e-2b4a-4d5e-9f60-718293a4b5c6");
    static final UUID DATASET = UUID.fromString("0b9e6c4e-8a57-4b5e-9d8a-1d2f3c4b5a69");

    @Autowired
    MockMvc mvc;

    @MockitoBean
    JobService jobs;
    @MockitoBean
    JobEvents events;
    @MockitoBean
    JobModels models;
    @MockitoBean
    JobCharts charts;

    static JobView queued() {
        TrainingSpec spec = new TrainingSpec("iris", DATASET, null, null, null, null, null, null, 42L, null, null, null, null)
                .withDefaults(Task.CLASSIFICATION, 1);
        return new JobView(ID, "iris", JobStatus.QUEUED, spec, DATASET, null, Instant.parse("2026-11-26T10:00:00Z"),
                null, null, new JobView.Progress(0, 50, 0, 0, 0), null, null);
    }

    @Test
    void submitAnswers202WithLocationAndTheStoredSpec() throws Exception {
        given(jobs.submit(any(TrainingSpec.class))).willReturn(queued());
        mvc.perform(post("/api/v1/jobs").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"datasetId\": \"" + DATASET + "\"}"))
                .andExpect(status().isAccepted())
                .andExpect(header().string("Location", "/api/v1/jobs/" + ID))
                .andExpect(jsonPath("$.status").value("QUEUED"))
                .andExpect(jsonPath("$.spec.optimizer.type").value("adam"))
                .andExpect(jsonPath("$.spec.optimizer.learningRate").value(0.001))
                .andExpect(jsonPath("$.spec.batchSize").value(32))
                .andExpect(jsonPath("$.spec.earlyStopping").doesNotExist())
                .andExpect(jsonPath("$.progress.epochs").value(50))
                .andExpect(jsonPath("$.createdAt").value("2026-11-26T10:00:00Z"))
                .andExpect(jsonPath("$.result").isEmpty())
                .andExpect(jsonPath("$.error").isEmpty());
    }

    @Test
    void validationFailureIsProblemJsonWithErrors() throws Exception {
        given(jobs.submit(any(TrainingSpec.class)))
                .willThrow(ApiException.invalid("optimizer.learningRate", "must be > 0 and ≤ 100"));
        mvc.perform(post("/api/v1/jobs").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"datasetId\": \"" + DATASET + "\", \"optimizer\": {\"learningRate\": -1}}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").exists())
                .andExpect(jsonPath("$.title").exists())
                .andExpect(jsonPath("$.status").value(400))
                .andExpect(jsonPath("$.instance").value("/api/v1/jobs"))
                .andExpect(jsonPath("$.errors[0].field").value("optimizer.learningRate"))
                .andExpect(jsonPath("$.errors[0].message").value("must be > 0 and ≤ 100"));
    }

    @Test
    void malformedJsonAndWrongMediaTypeAreProblems() throws Exception {
        mvc.perform(post("/api/v1/jobs").contentType(MediaType.APPLICATION_JSON).content("{\"datasetId\": "))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("not valid JSON")));
        mvc.perform(post("/api/v1/jobs").contentType(MediaType.TEXT_PLAIN).content("hello"))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    }

    @Test
    void unknownJobIs404AndFinishedCancelIs409() throws Exception {
        given(jobs.get(ID)).willThrow(ApiException.notFound("Job", ID));
        mvc.perform(get("/api/v1/jobs/" + ID))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.detail").value("Job " + ID + " does not exist"));
        given(jobs.cancel(ID)).willThrow(ApiException.conflict("Job " + ID + " is already SUCCEEDED and cannot be cancelled"));
        mvc.perform(post("/api/v1/jobs/" + ID + "/cancel"))
                .andExpect(status().isConflict())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    }

    @Test
    void epochsAreAPlainArrayOldestFirst() throws Exception {
        given(jobs.epochs(ID, null)).willReturn(List.of(
                new EpochView(0, 1, 2.1, 1.9, 0.41, 0.45, 0.0005, 3.2, 0.06),
                new EpochView(0, 2, 1.5, 1.4, 0.6, 0.62, 0.001, 2.0, 0.05)));
        mvc.perform(get("/api/v1/jobs/" + ID + "/epochs"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[0].epoch").value(1))
                .andExpect(jsonPath("$[0].fold").value(0))
                .andExpect(jsonPath("$[0].gradientNorm").value(3.2))
                .andExpect(jsonPath("$[1].learningRate").value(0.001));
    }

    @Test
    void lossCurvesAreSvg() throws Exception {
        given(charts.job(ID)).willReturn("<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>");
        mvc.perform(get("/api/v1/jobs/" + ID + "/loss-curves.svg"))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith("image/svg+xml"));
    }
}
