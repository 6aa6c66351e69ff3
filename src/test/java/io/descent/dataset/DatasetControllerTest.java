package io.descent.dataset;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
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
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.web.PagedModel;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.ResultMatcher;

import io.descent.web.ApiException;

@WebMvcTest(DatasetController.class)
class DatasetControllerTest {

    static final UUID ID = UUID.fromString("0b9e6c4e-8a57-4b5e-9d8a-1d2f3c4b5a69");
    static final DatasetView IRIS = new DatasetView(ID, "iris", 150, Task.CLASSIFICATION,
            new DatasetView.Label("label", List.of("0", "1", "2")),
            List.of(new DatasetView.Feature("sepal_length_cm", "numeric", 4.3, 7.9, 5.843, 0.825, null),
                    new DatasetView.Feature("color", "categorical", null, null, null, null, List.of("blue", "red"))),
            4, 2777, "ab".repeat(32), Instant.parse("2026-11-26T10:00:00Z"));

    @Autowired
    MockMvc mvc;

    @MockitoBean
    DatasetService service;

    @MockitoBean
    DatasetCatalog catalog;

    static final MockMultipartFile FILE = new MockMultipartFile("file", "iris.csv", "text/csv", "a,b\n1,0\n".getBytes());

    static ResultMatcher[] problem(int status) {
        return new ResultMatcher[] {
                status().is(status),
                content().contentType(MediaType.APPLICATION_PROBLEM_JSON),
                jsonPath("$.type").exists(), jsonPath("$.title").exists(), jsonPath("$.status").value(status),
                jsonPath("$.detail").isNotEmpty(), jsonPath("$.instance").exists()};
    }

    @Test
    void uploadAnswers201WithLocationAndDataset() throws Exception {
        given(service.upload(any(), eq("flowers"), isNull(), eq(Task.CLASSIFICATION))).willReturn(IRIS);
        mvc.perform(multipart("/api/v1/datasets").file(FILE).param("name", "flowers").param("task", "classification"))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", "/api/v1/datasets/" + ID))
                .andExpect(jsonPath("$.id").value(ID.toString()))
                .andExpect(jsonPath("$.task").value("classification"))
                .andExpect(jsonPath("$.label.classes[2]").value("2"))
                .andExpect(jsonPath("$.features[0].std").value(0.825))
                .andExpect(jsonPath("$.features[0].categories").doesNotExist())
                .andExpect(jsonPath("$.features[1].categories[0]").value("blue"))
                .andExpect(jsonPath("$.features[1].min").doesNotExist())
                .andExpect(jsonPath("$.createdAt").value("2026-11-26T10:00:00Z"));
    }

    @Test
    void regressionLabelHasNullClasses() throws Exception {
        DatasetView diabetes = new DatasetView(ID, "diabetes", 442, Task.REGRESSION,
                new DatasetView.Label("target", null), List.of(), 10, 19965, "ab".repeat(32), Instant.EPOCH);
        given(catalog.describe(ID)).willReturn(diabetes);
        mvc.perform(get("/api/v1/datasets/{id}", ID))
                .andExpect(jsonPath("$.label.name").value("target"))
                .andExpect(jsonPath("$.label.classes").isEmpty());
    }

    @Test
    void badCsvIsProblemJson() throws Exception {
        given(service.upload(any(), any(), any(), any()))
                .willThrow(ApiException.badRequest("line 3, column 'b' (#2): the value is empty"));
        mvc.perform(multipart("/api/v1/datasets").file(FILE))
                .andExpectAll(problem(400))
                .andExpect(jsonPath("$.detail").value("line 3, column 'b' (#2): the value is empty"))
                .andExpect(jsonPath("$.instance").value("/api/v1/datasets"));
    }

    @Test
    void badTaskNamesTheField() throws Exception {
        mvc.perform(multipart("/api/v1/datasets").file(FILE).param("task", "clustering"))
                .andExpectAll(problem(400))
                .andExpect(jsonPath("$.errors[0].field").value("task"));
    }

    @Test
    void missingFilePartIs400() throws Exception {
        mvc.perform(multipart("/api/v1/datasets").param("name", "x"))
                .andExpectAll(problem(400))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("file")));
    }

    @Test
    void wrongMediaTypeIs415() throws Exception {
        mvc.perform(post("/api/v1/datasets").contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpectAll(problem(415));
    }

    @Test
    void unknownIdIs404() throws Exception {
        given(catalog.describe(ID)).willThrow(ApiException.notFound("Dataset", ID));
        mvc.perform(get("/api/v1/datasets/{id}", ID)).andExpectAll(problem(404));
    }

    @Test
    void malformedIdIs400() throws Exception {
        mvc.perform(get("/api/v1/datasets/not-a-uuid")).andExpectAll(problem(400));
    }

    @Test
    void rowsLimitsAreChecked() throws Exception {
        for (String query : List.of("offset=-1", "limit=0", "limit=1001")) {
            ResultActions result = mvc.perform(get("/api/v1/datasets/{id}/rows?" + query, ID));
            result.andExpectAll(problem(400))
                    .andExpect(jsonPath("$.errors[0].field").value(query.substring(0, query.indexOf('='))));
        }
    }

    @Test
    void rowsDefaultToTheFirstTwenty() throws Exception {
        given(service.rows(ID, 0, 20)).willReturn(List.of(java.util.Map.of("a", 1.5f, "label", "x")));
        mvc.perform(get("/api/v1/datasets/{id}/rows", ID))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[0].a").value(1.5))
                .andExpect(jsonPath("$[0].label").value("x"));
    }

    @Test
    void deleteInUseIs409() throws Exception {
        willThrow(ApiException.conflict("in use")).given(service).delete(ID);
        mvc.perform(delete("/api/v1/datasets/{id}", ID)).andExpectAll(problem(409));
    }

    @Test
    void deleteIs204() throws Exception {
        mvc.perform(delete("/api/v1/datasets/{id}", ID)).andExpect(status().isNoContent());
    }

    @Test
    void listIsAStablePage() throws Exception {
        given(service.list(any())).willReturn(new PagedModel<>(new PageImpl<>(List.of(IRIS), PageRequest.of(0, 20), 1)));
        mvc.perform(get("/api/v1/datasets"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.content[0].name").value("iris"))
                .andExpect(jsonPath("$.page.size").value(20))
                .andExpect(jsonPath("$.page.number").value(0))
                .andExpect(jsonPath("$.page.totalElements").value(1))
                .andExpect(jsonPath("$.page.totalPages").value(1));
    }
}
