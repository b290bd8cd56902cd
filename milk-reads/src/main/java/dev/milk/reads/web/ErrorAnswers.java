package dev.milk.reads.web;

import java.io.IOException;

import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
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

    private final ReadErrors errors;
    private final SchemaVersion schema;

    ErrorAnswers(ReadErrors errors, SchemaVersion schema) {
        this.errors = errors;
        this.schema = schema;
    }

    @ExceptionHandler(NotFoundException.class)
    ResponseEntity<String> notFound(NotFoundException e) {
        return answer(HttpStatus.NOT_FOUND, e.getMessage());
    }

    /** Deleted or expired: no-store, so no cache keeps serving what was taken down. */
    @ExceptionHandler(GoneException.class)
    ResponseEntity<String> gone(GoneException e) {
        return ResponseEntity.status(HttpStatus.GONE).cacheControl(CacheControl.noStore()).contentType(TEXT)
                .body(Refusal.line(HttpStatus.GONE.value(), e.getMessage()));
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
     * Spring's translation of the database's error decides. Out of reach or out of time, which
     * trying again can help (its transient, recoverable and resource failures: no connection from
     * the pool, PostgreSQL's classes 08, 53, 54, 57 and 58, a statement cancelled, a replica's
     * recovery conflict), or a schema the writers have not migrated to yet: a short 503 that
     * clients retry. Any other error is a statement the database refused for what it is, a bug in
     * Milk: logged once with its SQL state, counted, a 500.
     */
    @ExceptionHandler(DataAccessException.class)
    ResponseEntity<String> database(DataAccessException e) {
        boolean unreachable = e instanceof TransientDataAccessException || e instanceof DataAccessResourceFailureException
                || e instanceof RecoverableDataAccessException;
        if (unreachable || schema.behind(e)) {
            errors.count(unreachable ? ReadErrors.Kind.DATABASE : ReadErrors.Kind.SCHEMA_BEHIND);
            log.warn("answered 503, {}: {}", unreachable ? "the database failed" : "the writers have not migrated yet",
                    e.getMostSpecificCause().getMessage());
            return tryLater(5, "the archive cannot be read right now, try again shortly");
        }
        errors.count(ReadErrors.Kind.SQL);
        log.error("answered 500, an SQL error (SQL state {}) is a bug in Milk", SchemaVersion.sqlState(e), e);
        return fault();
    }

    @ExceptionHandler(TryLaterException.class)
    ResponseEntity<String> unavailable(TryLaterException e) {
        errors.count(e.kind());
        return tryLater(e.retryAfterSeconds(), e.getMessage());
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
        errors.count(ReadErrors.Kind.INTERNAL);
        log.error("answered 500", e);
        return fault();
    }

    private static ResponseEntity<String> fault() {
        return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).cacheControl(CacheControl.noStore())
                .contentType(TEXT).body(Refusal.line(500, "this page could not be made; the fault is logged"));
    }

    private static ResponseEntity<String> tryLater(int seconds, String message) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, Integer.toString(seconds))
                .cacheControl(CacheControl.noStore()).contentType(TEXT).body(Refusal.line(503, message));
    }

    private static ResponseEntity<String> answer(HttpStatus status, String message) {
        return ResponseEntity.status(status).contentType(TEXT).body(Refusal.line(status.value(), message));
    }
}
