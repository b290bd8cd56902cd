package dev.milk.reads.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Bad requests get a short line of text, never a stack trace. */
@RestControllerAdvice
public class ErrorAnswers {

    private static final MediaType TEXT = MediaType.parseMediaType("text/plain;charset=UTF-8");

    @ExceptionHandler(NotFoundException.class)
    ResponseEntity<String> notFound(NotFoundException e) {
        return answer(HttpStatus.NOT_FOUND, e.getMessage());
    }

    @ExceptionHandler(BadRequestException.class)
    ResponseEntity<String> badRequest(BadRequestException e) {
        return answer(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    private static ResponseEntity<String> answer(HttpStatus status, String message) {
        return ResponseEntity.status(status).contentType(TEXT)
                .body(status.value() + " " + status.getReasonPhrase() + ": " + message + "\n");
    }
}
