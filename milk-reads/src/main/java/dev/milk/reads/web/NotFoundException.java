package dev.milk.reads.web;

/** Answered with 404 and {@link #getMessage()} as a single line of text. */
public final class NotFoundException extends RuntimeException {

    public NotFoundException(String message) {
        super(message, null, false, false);
    }
}
