package dev.milk.writes.original;

/** The import cannot go on; {@link #getMessage()} is the one line an operator reads. */
final class ImportFailedException extends RuntimeException {

    ImportFailedException(String message) {
        super(message, null, false, false);
    }
}
