package io.descent.web;

import java.net.URI;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * The one place where exceptions become RFC 9457 problem details. Every answer carries type, title,
 * status, detail and instance; validation failures add {@code errors}. Stack traces never leave.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    @ExceptionHandler(ApiException.class)
    ResponseEntity<Object> api(ApiException e, NativeWebRequest request) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(e.status(), e.getMessage());
        body.setTitle(e.title());
        if (!e.errors().isEmpty()) {
            body.setProperty("errors", e.errors());
        }
        return respond(body, e.status(), request);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Object> typeMismatch(MethodArgumentTypeMismatchException e, NativeWebRequest request) {
        String message = "'" + e.getValue() + "' is not a valid value";
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getName() + ": " + message);
        body.setTitle("Invalid request");
        body.setProperty("errors", List.of(new ApiException.FieldProblem(e.getName(), message)));
        return respond(body, HttpStatus.BAD_REQUEST, request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e, NativeWebRequest request) {
        log.error("Unhandled error on {}", describe(request), e);
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "An internal error occurred; it has been logged. Nothing you sent was stored in a half-finished state.");
        body.setTitle("Internal Server Error");
        return respond(body, HttpStatus.INTERNAL_SERVER_ERROR, request);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<ApiException.FieldProblem> errors = ex.getBindingResult().getFieldErrors().stream()
                .map(f -> new ApiException.FieldProblem(f.getField(), f.getDefaultMessage()))
                .toList();
        return api(ApiException.invalid(errors), (NativeWebRequest) request);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<ApiException.FieldProblem> errors = ex.getParameterValidationResults().stream()
                .flatMap((ParameterValidationResult r) -> r.getResolvableErrors().stream()
                        .map(err -> new ApiException.FieldProblem(
                                r.getMethodParameter().getParameterName(), err.getDefaultMessage())))
                .toList();
        return api(ApiException.invalid(errors), (NativeWebRequest) request);
    }

    /** Malformed JSON or a value of the wrong type: name the field by its JSON path, e.g. optimizer.learningRate. */
    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        Throwable cause = ex.getMostSpecificCause();
        if (cause instanceof JacksonException jackson && !jackson.getPath().isEmpty()) {
            StringBuilder field = new StringBuilder();
            for (JacksonException.Reference ref : jackson.getPath()) {
                if (ref.getPropertyName() != null) {
                    field.append(field.length() == 0 ? "" : ".").append(ref.getPropertyName());
                } else if (ref.getIndex() >= 0) {
                    field.append('[').append(ref.getIndex()).append(']');
                }
            }
            String message = cause instanceof UnrecognizedPropertyException ? "is not a known field"
                    : "has a value of the wrong type or format";
            return api(ApiException.invalid(field.toString(), message), (NativeWebRequest) request);
        }
        String detail = cause instanceof JacksonException jackson
                ? "The request body is not valid JSON: " + jackson.getOriginalMessage()
                : "The request body is missing or not readable";
        return api(ApiException.badRequest(detail), (NativeWebRequest) request);
    }

    @Override
    protected ResponseEntity<Object> handleMaxUploadSizeExceededException(MaxUploadSizeExceededException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        long max = ex.getMaxUploadSize();
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE,
                "The upload is larger than the limit" + (max > 0 ? " of " + max + " bytes" : "")
                        + "; raise descent.upload.max-size to accept it");
        body.setTitle("Content Too Large");
        return respond(body, HttpStatus.CONTENT_TOO_LARGE, request);
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        ResponseEntity<Object> entity = super.handleExceptionInternal(ex, body, headers, statusCode, request);
        if (entity != null && entity.getBody() instanceof ProblemDetail problem) {
            fill(problem, request);
            return ResponseEntity.status(entity.getStatusCode()).headers(entity.getHeaders())
                    .contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON).body(problem);
        }
        return entity;
    }

    private ResponseEntity<Object> respond(ProblemDetail body, HttpStatusCode status, WebRequest request) {
        fill(body, request);
        return ResponseEntity.status(status).contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
                .body(body);
    }

    private static void fill(ProblemDetail problem, WebRequest request) {
        if (problem.getDetail() == null) {
            problem.setDetail(problem.getTitle());
        }
        if (problem.getInstance() == null && request instanceof ServletWebRequest servlet) {
            HttpServletRequest http = servlet.getRequest();
            problem.setInstance(URI.create(http.getRequestURI()));
        }
        if (problem.getType() == null) {
            problem.setType(URI.create("about:blank"));
        }
    }

    private static String describe(WebRequest request) {
        return request instanceof ServletWebRequest s ? s.getRequest().getMethod() + " " + s.getRequest().getRequestURI()
                : request.getDescription(false);
    }
}
