package dev.milk.media;

import java.util.List;
import java.util.regex.Pattern;

import org.springframework.util.unit.DataSize;

/**
 * Why a medium was not copied, as visitors read it beside the link (pages, JSON): one of a fixed
 * set of short reasons. Never an exception's message, which may name files, buckets, request ids
 * or addresses inside the network; the writer logs those details instead.
 */
public final class CopyFailures {

    public static final String HOST_NOT_ALLOWED = "the host is not allowed";
    public static final String ADDRESS_NOT_PUBLIC = "the host's address is not public";
    public static final String NOT_HTTPS = "the link is not https";
    public static final String NOT_A_FILE = "the link does not lead to a file";
    public static final String UNREACHABLE = "the CDN could not be reached";
    public static final String TIMED_OUT = "the download took too long";
    public static final String BROKE_OFF = "the download broke off";
    public static final String NOT_STORED = "Milk could not store the copy";
    /** What a page shows for a reason not of this set: one an earlier release stored with its details. */
    public static final String UNKNOWN = "the copy failed";

    private static final String SIZE = "\\d+ (?:bytes|KB|MB|GB|TB)";
    private static final List<Pattern> PUBLIC = List.of(
            Pattern.compile(String.join("|", List.of(HOST_NOT_ALLOWED, ADDRESS_NOT_PUBLIC, NOT_HTTPS, NOT_A_FILE,
                    UNREACHABLE, TIMED_OUT, BROKE_OFF, NOT_STORED).stream().map(Pattern::quote).toList())),
            Pattern.compile("the link expired or was removed \\(\\d{3}\\)"),
            Pattern.compile("the CDN answered \\d{3}"),
            Pattern.compile("the file is larger than " + SIZE),
            Pattern.compile("the archive's copies reached their limit of " + SIZE));

    private CopyFailures() {
    }

    /** The CDN's answer to a download: a link Discord no longer serves, or any other refusal or failure. */
    public static String answered(int status) {
        return status == 404 || status == 410 ? "the link expired or was removed (" + status + ")"
                : "the CDN answered " + status;
    }

    public static String tooLarge(DataSize max) {
        return "the file is larger than " + size(max);
    }

    public static String archiveFull(DataSize max) {
        return "the archive's copies reached their limit of " + size(max);
    }

    /** {@code stored} when it is one of these reasons, else {@link #UNKNOWN}; null stays null. */
    public static String shown(String stored) {
        if (stored == null) {
            return null;
        }
        return PUBLIC.stream().anyMatch(p -> p.matcher(stored).matches()) ? stored : UNKNOWN;
    }

    /** In the largest unit that holds it whole, as MILK_MEDIA_* sizes are written: {@code 50MB} is "50 MB". */
    private static String size(DataSize size) {
        long bytes = size.toBytes();
        String[] units = {"TB", "GB", "MB", "KB"};
        for (int i = 0; i < units.length; i++) {
            long unit = 1L << (10 * (units.length - i));
            if (bytes >= unit && bytes % unit == 0) {
                return bytes / unit + " " + units[i];
            }
        }
        return bytes + " bytes";
    }
}
