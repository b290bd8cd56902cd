package dev.milk.reads.web;

import java.io.IOException;

import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Bad requests get a short line of text, never a stack trace. */
@RestControllerAdvice
public class ErrorAnswers {

    private static final Logger log = LoggerFactory.getLogger(ErrorAnswers.class);

    private static final MediaType TEXT = MediaType.parseMediaType("text/plain;charset=UTF-8");

    @ExceptionHandler(NotFoundException.class)
    ResponseEntity<String> notFound(NotFoundException e) {
        return answer(HttpStatus.NOT_FOUND, e.getMessage());
    }

    /** Deleted or expired: no-store, so no cache keeps serving what was taken down. */
    @ExceptionHandler(GoneException.class)
    ResponseEntity<String> gone(GoneException e) {
        return ResponseEntity.status(HttpStatus.GONE).cacheControl(CacheControl.noStore()).contentType(TEXT)
                .body("410 Gone: " + e.getMessage() + "\n");
    }

    /** Tomcat's answer to a query string it cannot split into parameters, such as {@code ?=}. */
    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<String> malformedQuery(InvalidParameterException e) {
        return answer(HttpStatus.BAD_REQUEST, "the query string is malformed");
    }

    @ExceptionHandler(BadRequestException.class)
    ResponseEntity<String> badRequest(BadRequestException e) {
        return answer(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    /**
     * The database is down, or not migrated yet (reads replicas may start before the writer has
     * migrated): a short 503 that caches and clients retry, not a 500 with a stack trace.
     */
    @ExceptionHandler(DataAccessException.class)
    ResponseEntity<String> databaseUnavailable(DataAccessException e) {
        log.warn("answered 503, the database failed: {}", e.getMostSpecificCause().getMessage());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "5")
                .cacheControl(CacheControl.noStore()).contentType(TEXT)
                .body("503 Service Unavailable: the archive cannot be read right now, try again shortly\n");
    }

    /**
     * Spring MVC's own refusals (no such route, a method other than GET and HEAD, a type the client
     * does not accept) keep their status and headers (such as {@code Allow}) and get one line too.
     * Anything else is Milk's fault: logged, and answered with a short 500, never a stack trace.
     */
    @ExceptionHandler(Exception.class)
    ResponseEntity<String> other(Exception e) {
        if (e instanceof ErrorResponse refusal) {
            HttpHeaders headers = HttpHeaders.copyOf(refusal.getHeaders());
            if (refusal.getStatusCode().value() == 405) {
                headers.set(HttpHeaders.ALLOW, Refusal.ALLOW);
            }
            return ResponseEntity.status(refusal.getStatusCode()).headers(headers).contentType(TEXT)
                    .body(Refusal.line(refusal.getStatusCode().value()));
        }
        if (e instanceof IOException || e.getCause() instanceof IOException) {
            log.debug("the client went away: {}", e.toString());
            return null;
        }
        log.error("answered 500", e);
        return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).cacheControl(CacheControl.noStore())
                .contentType(TEXT).body("500 Internal Server Error: this page could not be made; the fault is logged\n");
    }

    private static ResponseEntity<String> answer(HttpStatus status, String message) {
        return ResponseEntity.status(status).contentType(TEXT)
                .body(status.value() + " " + status.getReasonPhrase() + ": " + message + "\n");
    }
}
