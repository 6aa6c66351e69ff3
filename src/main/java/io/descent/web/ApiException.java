package io.descent.web;

import java.util.List;

import org.springframework.http.HttpStatus;

/**
 * A failure whose cause is the client's request or the state of a resource, answered as
 * {@code application/problem+json} by {@link ProblemHandler}. Features throw the subclasses.
 */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final String title;
    private final List<FieldProblem> errors;

    public ApiException(HttpStatus status, String title, String detail, List<FieldProblem> errors) {
        super(detail);
        this.status = status;
        this.title = title;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }

    public List<FieldProblem> errors() {
        return errors;
    }

    /** One invalid field of a request: {@code {"field": "optimizer.learningRate", "message": "must be > 0"}}. */
    public record FieldProblem(String field, String message) {
    }

    /** 404: the id names nothing. */
    public static ApiException notFound(String what, Object id) {
        return new ApiException(HttpStatus.NOT_FOUND, "Not Found", what + " " + id + " does not exist", null);
    }

    /** 409: the request conflicts with the resource's current state. */
    public static ApiException conflict(String detail) {
        return new ApiException(HttpStatus.CONFLICT, "Conflict", detail, null);
    }

    /** 400 with a detail only (bad CSV content, for example). */
    public static ApiException badRequest(String detail) {
        return new ApiException(HttpStatus.BAD_REQUEST, "Bad Request", detail, null);
    }

    /** 400 naming the fields that are wrong. */
    public static ApiException invalid(List<FieldProblem> errors) {
        String detail = errors.size() == 1
                ? errors.get(0).field() + ": " + errors.get(0).message()
                : errors.size() + " fields are invalid: " + errors.stream()
                        .map(e -> e.field() + " " + e.message()).reduce((a, b) -> a + "; " + b).orElse("");
        return new ApiException(HttpStatus.BAD_REQUEST, "Invalid request", detail, errors);
    }

    public static ApiException invalid(String field, String message) {
        return invalid(List.of(new FieldProblem(field, message)));
    }
}
