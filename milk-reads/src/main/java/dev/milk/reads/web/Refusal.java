package dev.milk.reads.web;

import org.springframework.http.HttpStatus;

/**
 * The one shape of every refusal, whoever makes it (a controller, Spring MVC, the servlet
 * container): {@code <status> <reason>: <message>} on one line of text, never an HTML page.
 */
public final class Refusal {

    /** Every route only reads: what a 405 allows, whichever layer answers it. */
    public static final String ALLOW = "GET, HEAD, OPTIONS";

    private Refusal() {
    }

    public static String line(int status, String message) {
        HttpStatus known = HttpStatus.resolve(status);
        return status + " " + (known == null ? "Refused" : known.getReasonPhrase()) + ": " + message + "\n";
    }

    /** What a refusal says when its maker gave no reason of Milk's own. */
    public static String line(int status) {
        return line(status, switch (status) {
            case 400 -> "the request is malformed";
            case 404 -> "nothing is at this address";
            case 405 -> "Milk only reads, with " + ALLOW;
            case 406 -> "this address has no answer of a type the request accepts";
            case 408 -> "the request did not arrive in time";
            case 413 -> "the request is larger than Milk reads";
            case 414 -> "the address is longer than Milk reads";
            case 431 -> "the headers are larger than Milk reads";
            case 505 -> "only HTTP/1.1 and earlier are served";
            default -> "the request was refused";
        });
    }
}
