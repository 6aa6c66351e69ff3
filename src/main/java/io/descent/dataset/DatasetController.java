package io.descent.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springdoc.core.annotations.ParameterObject;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.data.web.PageableDefault;
import org.springframework.data.web.PagedModel;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import io.descent.web.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/api/v1/datasets")
@Tag(name = "Datasets", description = "Upload CSV files, inspect their inferred schema and rows, delete them")
class DatasetController {

    static final int MAX_ROWS_LIMIT = 1000;

    private final DatasetService service;
    private final DatasetCatalog catalog;

    DatasetController(DatasetService service, DatasetCatalog catalog) {
        this.service = service;
        this.catalog = catalog;
    }

    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Upload a CSV dataset",
            description = "UTF-8 CSV, first row the header, comma separated, optional quotes. Column types, "
                    + "statistics, categories, classes and the task are inferred. Bad CSV answers 400 naming the "
                    + "line and column.")
    @ApiResponse(responseCode = "201", description = "Stored; Location names the new dataset")
    @ApiResponse(responseCode = "400", description = "The CSV or a part is invalid")
    @ApiResponse(responseCode = "413", description = "Larger than descent.upload.max-size")
    @ApiResponse(responseCode = "415", description = "Not multipart/form-data")
    ResponseEntity<DatasetView> upload(
            @Parameter(description = "The CSV file") @RequestPart("file") MultipartFile file,
            @Parameter(description = "Dataset name; default the file name without extension", example = "iris")
            @RequestParam(name = "name", required = false) String name,
            @Parameter(description = "Label column; default the last column", example = "label")
            @RequestParam(name = "label", required = false) String label,
            @Parameter(description = "classification or regression; default inferred from the label",
                    schema = @Schema(allowableValues = {"classification", "regression"}))
            @RequestParam(name = "task", required = false) String task) {
        DatasetView view = service.upload(new MultipartSource(file), name, label, task(task));
        return ResponseEntity.created(URI.create("/api/v1/datasets/" + view.id())).body(view);
    }

    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "List datasets, newest first",
            description = "Paged with page (from 0), size and sort (createdAt, name, rows or sizeBytes; default createdAt,desc)")
    PagedModel<DatasetView> list(
            @ParameterObject @PageableDefault(size = 20, sort = "createdAt", direction = Sort.Direction.DESC)
            Pageable pageable) {
        return service.list(pageable);
    }

    @GetMapping(path = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Describe one dataset")
    @ApiResponse(responseCode = "404", description = "No dataset has this id")
    DatasetView get(@PathVariable UUID id) {
        return catalog.describe(id);
    }

    @GetMapping(path = "/{id}/rows", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Preview parsed rows",
            description = "The stored rows as JSON objects keyed by column name, label included: numbers as numbers, "
                    + "categories and classes as their strings. Numbers are stored as 32-bit floats.")
    @ApiResponse(responseCode = "200", description = "The rows; fewer than limit at the end, none past it")
    List<Map<String, Object>> rows(@PathVariable UUID id,
            @Parameter(description = "First row, from 0", example = "0")
            @RequestParam(defaultValue = "0") @Min(value = 0, message = "must be >= 0") int offset,
            @Parameter(description = "Number of rows, 1 to 1000", example = "20")
            @RequestParam(defaultValue = "20") @Min(value = 1, message = "must be between 1 and 1000")
            @Max(value = MAX_ROWS_LIMIT, message = "must be between 1 and 1000") int limit) {
        return service.rows(id, offset, limit);
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Delete a dataset and its rows")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "404", description = "No dataset has this id")
    @ApiResponse(responseCode = "409", description = "A queued or running job uses it")
    ResponseEntity<Void> delete(@PathVariable UUID id) {
        service.delete(id);
        return ResponseEntity.noContent().build();
    }

    private static Task task(String task) {
        if (task == null || task.isBlank()) {
            return null;
        }
        try {
            return Task.parse(task);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("task", "'" + task + "' is not a task; " + e.getMessage());
        }
    }

    /** Servlet multipart parts above the size threshold sit in a temporary file and can be opened again. */
    private record MultipartSource(MultipartFile file) implements CsvSource {

        @Override
        public String filename() {
            return file.getOriginalFilename();
        }

        @Override
        public InputStream open() throws IOException {
            return file.getInputStream();
        }
    }
}
