package dev.milk.reads.archive;

import java.util.Locale;
import java.util.Map;

/**
 * The colours of a page that its stylesheet cannot know: role gradients, containers' accent
 * colours and super reactions' glow. Each is a class whose rule goes to the page's one inline style
 * block (hashed in its CSP), so no element carries a style attribute.
 */
final class AuthorStyles {

    private AuthorStyles() {
    }

    /**
     * A name drawn in its role's gradient, as Discord draws it.
     *
     * @param rules where the class's rule goes, by class
     * @return the class
     */
    static String gradient(MessageParts.RoleColors colours, Map<String, String> rules) {
        StringBuilder name = new StringBuilder("g").append(hex(colours.primaryColor())).append('-')
                .append(hex(colours.secondaryColor()));
        StringBuilder stops = new StringBuilder("#").append(hex(colours.primaryColor())).append(",#")
                .append(hex(colours.secondaryColor()));
        if (colours.tertiaryColor() != null) {
            name.append('-').append(hex(colours.tertiaryColor()));
            stops.append(",#").append(hex(colours.tertiaryColor()));
        }
        String css = name.toString();
        rules.putIfAbsent(css, ".messages ." + css + "{background:linear-gradient(90deg," + stops
                + ");-webkit-background-clip:text;background-clip:text;color:transparent}");
        return css;
    }

    /** A container's accent colour: the bar at its left. */
    static String accent(int colour, Map<String, String> rules) {
        String css = "a" + hex(colour);
        rules.putIfAbsent(css, ".component-container." + css + "{border-left-color:#" + hex(colour) + "}");
        return css;
    }

    /** @param colour a checked {@code #rrggbb} */
    static String burst(String colour, Map<String, String> rules) {
        String rgb = colour.substring(1).toLowerCase(Locale.ROOT);
        if (!rgb.matches("[0-9a-f]{6}")) {
            return "";
        }
        String css = "b" + rgb;
        rules.putIfAbsent(css, ".reaction.burst." + css + "{border-color:#" + rgb + ";background:#" + rgb + "33}");
        return css;
    }

    private static String hex(int colour) {
        return String.format(Locale.ROOT, "%06x", colour);
    }
}
