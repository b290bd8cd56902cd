package dev.milk.writes.archive;

import java.util.List;

import dev.milk.archive.ArchiveMessage;
import dev.milk.archive.MessageComponent;
import dev.milk.writes.event.Fields;
import dev.milk.writes.event.InvalidEventException;

/**
 * Checks a message's components, naming the first bad field ({@code
 * messages[3].components[0].components[1].label}). The limits are Discord's: 40 components in all,
 * 4,000 characters of text displays in all, labels of 80, placeholders of 150, 25 options, 10
 * pictures a gallery. Every field is checked whatever the component's type, and a type Discord adds
 * later is taken (and shown as a component Milk cannot draw), so a real message always passes.
 */
final class ComponentCheck {

    static final int MAX_COMPONENTS = 40;
    static final int MAX_TEXT = 4_000;
    /** A container holds sections and rows, which hold texts and buttons: three levels, and one more for accessories. */
    private static final int MAX_DEPTH = 4;
    private static final int MAX_OPTIONS = 25;
    private static final int MAX_GALLERY = 10;

    /** Counts what a message's components hold in all, as Discord limits it. */
    private static final class Totals {
        private int components;
        private int text;
    }

    private ComponentCheck() {
    }

    static List<MessageComponent> components(String path, List<MessageComponent> components) {
        Totals totals = new Totals();
        list(path, components, 1, totals);
        return components == null ? List.of() : components;
    }

    private static void list(String path, List<MessageComponent> components, int depth, Totals totals) {
        List<MessageComponent> all = MessageCheck.at(path, components, MAX_COMPONENTS);
        if (!all.isEmpty() && depth > MAX_DEPTH) {
            throw InvalidEventException.field(path, "nests components deeper than Discord does");
        }
        for (int i = 0; i < all.size(); i++) {
            component(path + "[" + i + "]", MessageCheck.object(path + "[" + i + "]", all.get(i)), depth, totals);
        }
    }

    private static void component(String path, MessageComponent c, int depth, Totals totals) {
        if (++totals.components > MAX_COMPONENTS) {
            throw InvalidEventException.field(path, "is one component more than the " + MAX_COMPONENTS + " a message may hold");
        }
        if (c.type() == null || c.type() < 1 || c.type() > 255) {
            throw InvalidEventException.field(path + ".type", "must be Discord's component type, from 1 to 255");
        }
        MessageCheck.notNegative(path + ".id", c.id());
        if (c.style() != null && (c.style() < 1 || c.style() > 6)) {
            throw InvalidEventException.field(path + ".style", "must be a button style from 1 to 6");
        }
        Fields.optionalText(path + ".label", c.label(), 80);
        MessageCheck.emoji(path + ".emoji", c.emoji(), false);
        MessageCheck.httpsUrl(path + ".url", c.url(), false);
        Fields.optionalText(path + ".customId", c.customId(), 100);
        Fields.optionalText(path + ".placeholder", c.placeholder(), 150);
        options(path + ".options", c.options());
        values(path + ".minValues", c.minValues());
        values(path + ".maxValues", c.maxValues());
        if (c.content() != null) {
            totals.text += Fields.optionalText(path + ".content", c.content(), MAX_TEXT).length();
            if (totals.text > MAX_TEXT) {
                throw InvalidEventException.field(path + ".content",
                        "makes the message's text displays longer than " + MAX_TEXT + " characters in all");
            }
        }
        media(path + ".media", c.media());
        Fields.optionalText(path + ".description", c.description(), 1_024);
        List<ArchiveMessage.MediaItem> items = MessageCheck.at(path + ".items", c.items(), MAX_GALLERY);
        for (int i = 0; i < items.size(); i++) {
            String at = path + ".items[" + i + "]";
            ArchiveMessage.MediaItem item = MessageCheck.object(at, items.get(i));
            MessageCheck.object(at + ".media", item.media());
            media(at + ".media", item.media());
            Fields.optionalText(at + ".description", item.description(), 1_024);
        }
        media(path + ".file", c.file());
        Fields.optionalText(path + ".name", c.name(), 255);
        MessageCheck.notNegative(path + ".size", c.size());
        if (c.spacing() != null && (c.spacing() < 1 || c.spacing() > 2)) {
            throw InvalidEventException.field(path + ".spacing", "must be 1 (small) or 2 (large)");
        }
        MessageCheck.colour(path + ".accentColor", c.accentColor());
        list(path + ".components", c.components(), depth + 1, totals);
        if (c.accessory() != null) {
            if (depth + 1 > MAX_DEPTH) {
                throw InvalidEventException.field(path + ".accessory", "nests components deeper than Discord does");
            }
            component(path + ".accessory", c.accessory(), depth + 1, totals);
        }
    }

    private static void options(String path, List<ArchiveMessage.SelectOption> values) {
        List<ArchiveMessage.SelectOption> options = MessageCheck.at(path, values, MAX_OPTIONS);
        for (int i = 0; i < options.size(); i++) {
            String at = path + "[" + i + "]";
            ArchiveMessage.SelectOption option = MessageCheck.object(at, options.get(i));
            Fields.text(at + ".label", option.label(), 100);
            Fields.optionalText(at + ".value", option.value(), 100);
            Fields.optionalText(at + ".description", option.description(), 100);
            MessageCheck.emoji(at + ".emoji", option.emoji(), false);
        }
    }

    private static void values(String path, Integer value) {
        if (value != null && (value < 0 || value > MAX_OPTIONS)) {
            throw InvalidEventException.field(path, "must be from 0 to " + MAX_OPTIONS);
        }
    }

    private static void media(String path, ArchiveMessage.UnfurledMedia media) {
        if (media == null) {
            return;
        }
        MessageCheck.httpsUrl(path + ".url", media.url(), true);
        MessageCheck.notNegative(path + ".width", media.width());
        MessageCheck.notNegative(path + ".height", media.height());
        Fields.optionalText(path + ".contentType", media.contentType(), 255);
    }
}
