package dev.milk.reads.web;

/** Answered with 410 and {@link #getMessage()} as a single line of text: the content is gone for good. */
public final class GoneException extends RuntimeException {

    public GoneException(String message) {
        super(message, null, false, false);
    }
}
