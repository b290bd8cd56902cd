package dev.milk.reads.archive;

import java.util.Arrays;

/**
 * Where a search matched in a message's content: ranges of the content, in order, apart. They
 * come from PostgreSQL's {@code ts_headline}, asked to mark every match in the whole content: its
 * answer is the content (as {@link Excerpt} had it translated) with marks around the matches, read
 * here back into offsets of the content itself. Only which words are marked depends on it: what an
 * excerpt shows is read from the content.
 */
final class Matches {

    static final Matches NONE = new Matches(new int[0], new int[0]);

    private final int[] starts;
    private final int[] ends;

    private Matches(int[] starts, int[] ends) {
        this.starts = starts;
        this.ends = ends;
    }

    /**
     * @param headline ts_headline's answer, or null. It leaves out words over 2,047 characters
     *                 (PostgreSQL ignores them), so content it does not hold is passed over; one that
     *                 is not the content at all, or marks nothing whole, matches nothing.
     */
    static Matches of(String content, String headline) {
        if (headline == null) {
            return NONE;
        }
        int[] starts = new int[8];
        int[] ends = new int[8];
        int count = 0;
        int at = 0;   // the next character of the content
        boolean marking = false;
        int start = -1;
        for (int i = 0; i < headline.length(); i++) {
            char h = headline.charAt(i);
            if (h == Excerpt.START && !marking) {
                marking = true;
            } else if (h == Excerpt.STOP && marking && start >= 0) {
                if (count == starts.length) {
                    starts = Arrays.copyOf(starts, count * 2);
                    ends = Arrays.copyOf(ends, count * 2);
                }
                starts[count] = start;
                ends[count++] = at;
                marking = false;
                start = -1;
            } else if (h == Excerpt.START || h == Excerpt.STOP) {
                return NONE;
            } else {
                while (at < content.length() && (Excerpt.removed(content.charAt(at))
                        || Excerpt.translated(content.charAt(at)) != h)) {
                    at++;
                }
                if (at == content.length()) {
                    return NONE;
                }
                if (marking && start < 0) {
                    start = at;
                }
                at++;
            }
        }
        return marking ? NONE : new Matches(Arrays.copyOf(starts, count), Arrays.copyOf(ends, count));
    }

    int size() {
        return starts.length;
    }

    int start(int i) {
        return starts[i];
    }

    int end(int i) {
        return ends[i];
    }

    /** The first match that ends after {@code at}, or {@link #size()}. */
    int after(int at) {
        int low = 0;
        int high = starts.length;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (ends[mid] <= at) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }
}
