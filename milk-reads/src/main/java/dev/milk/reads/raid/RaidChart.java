package dev.milk.reads.raid;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.milk.reads.web.Counts;

/**
 * One chart of a raid page, drawn on the server as inline SVG ({@code src/main/jte/raid_chart.jte}):
 * no script, colours from the page's stylesheet (dark and light), a {@code <title>} and
 * {@code <desc>}, and its figures again in a table for screen readers.
 *
 * @param id          unique on the page, for the SVG's labels
 * @param axis        what the bars stand for, the table's first column ("Joined (UTC)")
 * @param note        the one finding the chart is for ("Busiest minute: …"), or null
 * @param bars        in order, gaps included as zero bars
 * @param firstLabel  under the first bar
 * @param lastLabel   under the last bar
 */
public record RaidChart(String id, String title, String description, String axis, String note, List<Bar> bars,
        String firstLabel, String lastLabel) {

    /** The drawing's size, in the SVG's own units: it scales to the width it is given (375 px phones included). */
    public static final int WIDTH = 360;
    public static final int HEIGHT = 150;
    private static final double PLOT_LEFT = 4;
    private static final double PLOT_TOP = 18;
    private static final double PLOT_BOTTOM = 124;

    /**
     * @param label  the bar's range in words, as the table and the bar's tooltip say it
     * @param marked the bar the note is about (the busiest minute, say), or a young account's age
     */
    public record Bar(String label, long count, boolean marked) {
    }

    /** A bar where the SVG draws it. */
    public record Drawn(String x, String y, String width, String height, Bar bar) {
    }

    public List<Drawn> drawn() {
        long max = peak();
        double slot = (WIDTH - 2 * PLOT_LEFT) / bars.size();
        double gap = slot > 4 ? 1 : 0;
        List<Drawn> drawn = new ArrayList<>(bars.size());
        for (int i = 0; i < bars.size(); i++) {
            Bar bar = bars.get(i);
            double height = max == 0 ? 0 : (PLOT_BOTTOM - PLOT_TOP) * bar.count() / max;
            // A bar of one account among thousands still shows: at least a hairline.
            if (bar.count() > 0) {
                height = Math.max(height, 1);
            }
            drawn.add(new Drawn(number(PLOT_LEFT + i * slot + gap / 2), number(PLOT_BOTTOM - height),
                    number(slot - gap), number(height), bar));
        }
        return drawn;
    }

    public long peak() {
        return bars.stream().mapToLong(Bar::count).max().orElse(0);
    }

    /** The scale's top, above the plot: "4,210 at most". */
    public String peakLabel() {
        return Counts.thousands(peak()) + " at most";
    }

    public double plotBottom() {
        return PLOT_BOTTOM;
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
