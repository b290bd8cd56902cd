package dev.milk.reads.web;

/** Answered with 400 and {@link #getMessage()} as a single line of text. */
public final class BadRequestException extends RuntimeException {

    public BadRequestException(String message) {
        super(message, null, false, false);
    }
}
