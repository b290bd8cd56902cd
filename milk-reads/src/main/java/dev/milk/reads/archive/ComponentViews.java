package dev.milk.reads.archive;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.milk.reads.media.ServedTypes;

/**
 * A message's components in their display form, as Discord draws them: action rows of buttons and
 * select menus (shown, never usable: an archive clicks nothing), and a components-v2 message's
 * containers, sections, texts, thumbnails, galleries, files and separators. Their pictures and
 * files are Milk's copies once stored, as attachments are; a component Milk does not know is a
 * neutral line naming its type.
 *
 * @param css the page's colour rules, by class (containers' accent colours)
 */
record ComponentViews(DiscordMarkdown.Context context, MediaCopies copies, Map<String, String> css) {

    private static final String[] BUTTON_STYLES = {"primary", "secondary", "success", "danger", "link", "premium"};

    List<ArchivePage.Component> of(List<MessageParts.Component> components) {
        return components.stream().map(this::component).toList();
    }

    private ArchivePage.Component component(MessageParts.Component c) {
        int type = c.type() == null ? 0 : c.type();
        boolean spoiler = Boolean.TRUE.equals(c.spoiler());
        return switch (type) {
            case 1 -> plain("row", "", c);
            case 2 -> button(c);
            case 3, 5, 6, 7, 8 -> new ArchivePage.Component("select", Boolean.TRUE.equals(c.disabled()) ? " disabled" : "",
                    null, c.placeholder() != null ? c.placeholder() : placeholder(type), null, null,
                    Boolean.TRUE.equals(c.disabled()), false,
                    c.options().stream().map(o -> new ArchivePage.Option(o.label(), o.description(),
                            o.emoji() == null ? null : ArchivePage.emoji(o.emoji(), copies), Boolean.TRUE.equals(o.isDefault())))
                            .toList(), List.of(), null, List.of(), null);
            case 9 -> new ArchivePage.Component("section", "", null, null, null, null, false, false, List.of(),
                    List.of(), c.accessory() == null ? null : component(c.accessory()), of(c.components()), null);
            case 10 -> new ArchivePage.Component("text", "", DiscordMarkdown.render(c.content() == null ? "" : c.content(),
                    context), null, null, null, false, false, List.of(), List.of(), null, List.of(), null);
            case 11 -> new ArchivePage.Component("thumbnail", "", null, null, null, null, false, spoiler, List.of(),
                    List.of(), null, List.of(), c.media() == null ? null
                            : media(c.media(), c.description(), spoiler, null, null));
            case 12 -> new ArchivePage.Component("gallery", c.items().size() == 1 ? " single" : "", null, null, null,
                    null, false, false, List.of(), c.items().stream().map(i -> media(i.media(), i.description(),
                            Boolean.TRUE.equals(i.spoiler()), null, null)).toList(), null, List.of(), null);
            case 13 -> new ArchivePage.Component("file", "", null, null, null, null, false, spoiler, List.of(), List.of(),
                    null, List.of(), c.file() == null ? null : media(c.file(), null, spoiler, c.name(), c.size()));
            case 14 -> new ArchivePage.Component("separator", (Boolean.FALSE.equals(c.divider()) ? " blank" : "")
                    + (Integer.valueOf(2).equals(c.spacing()) ? " large" : ""), null, null, null, null, false, false,
                    List.of(), List.of(), null, List.of(), null);
            case 17 -> new ArchivePage.Component("container",
                    c.accentColor() == null ? "" : " " + AuthorStyles.accent(c.accentColor(), css), null, null, null,
                    null, false, spoiler, List.of(), List.of(), null, of(c.components()), null);
            default -> new ArchivePage.Component("unknown", "", null,
                    "A component Milk does not show (Discord's type " + type + ")", null, null, false, false, List.of(),
                    List.of(), null, of(c.components()), null);
        };
    }

    private ArchivePage.Component plain(String kind, String css, MessageParts.Component c) {
        return new ArchivePage.Component(kind, css, null, null, null, null, false, false, List.of(), List.of(), null,
                of(c.components()), null);
    }

    /** A link button links (its address was checked to be https); the others only show their label. */
    private ArchivePage.Component button(MessageParts.Component c) {
        int style = c.style() == null || c.style() < 1 || c.style() > BUTTON_STYLES.length ? 2 : c.style();
        boolean disabled = Boolean.TRUE.equals(c.disabled());
        return new ArchivePage.Component("button", " " + BUTTON_STYLES[style - 1] + (disabled ? " disabled" : ""), null,
                c.label(), c.emoji() == null ? null : ArchivePage.emoji(c.emoji(), copies),
                style == 5 ? c.url() : null, disabled, false, List.of(), List.of(), null, List.of(), null);
    }

    private static String placeholder(int type) {
        return switch (type) {
            case 5 -> "Select a user";
            case 6 -> "Select a role";
            case 7 -> "Select a user or role";
            case 8 -> "Select a channel";
            default -> "Make a selection";
        };
    }

    /** Milk's copy once stored, else Discord's link; a picture only when its bytes (or Discord's word) say so. */
    private ArchivePage.Media media(MessageParts.UnfurledMedia media, String description, boolean spoiler, String name,
            Long size) {
        MediaCopies.Copy copy = copies.of(media.url());
        boolean stored = copy != null && copy.stored();
        String src = copies.src(media.url(), name);
        String declared = media.contentType() == null ? guessed(media.url()) : media.contentType();
        boolean image = (stored ? ServedTypes.isImage(copy.contentType())
                : declared.startsWith("image/") && !copies.offline()) && copies.loadable(src);
        String note = copy == null || stored ? null
                : "failed".equals(copy.state()) ? "not copied: " + copy.error() : "being copied";
        return new ArchivePage.Media(src, image, description, spoiler, name != null ? name : fileName(media.url()),
                size == null ? null : ArchivePage.size(size), note);
    }

    /** Discord's links to pictures end in their extension. */
    private static String guessed(String url) {
        String path = url.toLowerCase(Locale.ROOT).replaceAll("[?#].*", "");
        return path.matches(".*\\.(png|jpe?g|gif|webp|avif)$") ? "image/" + path.substring(path.lastIndexOf('.') + 1) : "";
    }

    private static String fileName(String url) {
        String path = url.replaceAll("[?#].*", "");
        String name = path.substring(path.lastIndexOf('/') + 1);
        return name.isEmpty() ? "file" : name;
    }
}
