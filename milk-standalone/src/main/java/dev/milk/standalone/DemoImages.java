package dev.milk.standalone;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import dev.milk.media.DiscordCdn;

/**
 * The pictures of the demo's CDN, drawn for the path asked (a few KiB each): avatars in Discord's
 * default colours, custom emoji, stickers, role icons and tag badges, attachments (a chart for a graph, a
 * screenshot-like panel for the rest, a hum for a voice message, a line of CSV), each the same for the same path.
 */
final class DemoImages {

    record Image(String contentType, byte[] bytes) {
    }

    /** Discord's default avatar colours, in the order of {@code /embed/avatars/N.png}. */
    static final int[] DEFAULT_AVATARS = {0x5865F2, 0x757E8A, 0x3BA55C, 0xFAA61A, 0xED4245, 0xEB459F};

    private static final Pattern DEFAULT_AVATAR = Pattern.compile("/embed/avatars/([0-5])\\.png");
    private static final Pattern AVATAR = Pattern.compile("/avatars/\\d{1,20}/\\w{1,64}\\.png");
    private static final Pattern EMOJI = Pattern.compile("/emojis/\\d{1,20}\\.(png|gif)");
    private static final Pattern STICKER = Pattern.compile("/stickers/\\d{1,20}\\.(png|gif)");
    private static final Pattern ATTACHMENT = Pattern.compile("/attachments/\\d{1,20}/\\d{1,20}/([\\w.-]{1,100})\\.png");
    private static final Pattern FILE = Pattern.compile("/attachments/\\d{1,20}/\\d{1,20}/[\\w.-]{1,100}\\.(wav|csv)");
    private static final Pattern ROLE_ICON = Pattern.compile("/(role-icons|guild-tag-badges)/\\d{1,20}/\\w{1,64}\\.png");

    private DemoImages() {
    }

    /** @return the picture at {@code path}, or null when the CDN has none there */
    static Image at(String path) {
        Matcher m;
        if ((m = DEFAULT_AVATAR.matcher(path)).matches()) {
            return png(avatar(new Color(DEFAULT_AVATARS[Integer.parseInt(m.group(1))]), 80));
        }
        if (AVATAR.matcher(path).matches()) {
            return png(avatar(colour(path), DiscordCdn.AVATAR_SIZE));
        }
        if ((m = EMOJI.matcher(path)).matches()) {
            return image(badge(colour(path), 48), m.group(1));
        }
        if ((m = STICKER.matcher(path)).matches()) {
            return image(badge(colour(path), 160), m.group(1));
        }
        if ((m = ROLE_ICON.matcher(path)).matches()) {
            return png(badge(colour(path), m.group(1).startsWith("role") ? 40 : 32));
        }
        if ((m = FILE.matcher(path)).matches()) {
            return m.group(1).equals("wav") ? new Image("audio/wav", DemoSounds.voice())
                    : new Image("text/csv", "id,name,joined\n1300000000000000007,spam_bot_7,21:14:03\n".getBytes());
        }
        if ((m = ATTACHMENT.matcher(path)).matches()) {
            return png(m.group(1).contains("graph") ? chart(path) : panel(path));
        }
        return null;
    }

    /** A head and shoulders on a colour. Shapes only, no text: a headless JDK may have no fonts. */
    private static BufferedImage avatar(Color colour, int size) {
        BufferedImage image = filled(size, size, colour);
        Graphics2D g = graphics(image);
        g.setColor(Color.WHITE);
        g.fillOval(size * 3 / 8, size / 5, size / 4, size / 4);
        g.fillRoundRect(size / 4, size / 2, size / 2, size / 4, size / 8, size / 8);
        g.dispose();
        return image;
    }

    /** A round face in one colour: what a custom emoji or a sticker looks like at a glance. */
    private static BufferedImage badge(Color colour, int size) {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = graphics(image);
        g.setColor(colour);
        g.fillOval(1, 1, size - 2, size - 2);
        g.setColor(Color.WHITE);
        g.fillOval(size * 3 / 10, size / 3, size / 8, size / 8);
        g.fillOval(size * 6 / 10, size / 3, size / 8, size / 8);
        g.setStroke(new BasicStroke(Math.max(2, size / 16f)));
        g.drawArc(size / 4, size / 3, size / 2, size / 3, 200, 140);
        g.dispose();
        return image;
    }

    /** Joins per second, as the anti-raid bot's graph shows a raid. */
    private static BufferedImage chart(String path) {
        BufferedImage image = filled(400, 200, new Color(0x2B2D31));
        Graphics2D g = graphics(image);
        Random random = new Random(path.hashCode());
        for (int i = 0; i < 40; i++) {
            int height = i >= 14 && i < 21 ? 120 + random.nextInt(50) : 5 + random.nextInt(15);
            g.setColor(height > 100 ? new Color(0xED4245) : new Color(0x5865F2));
            g.fillRect(12 + i * 9, 180 - height, 7, height);
        }
        g.setColor(new Color(0xB5BAC1));
        g.drawLine(10, 181, 390, 181);
        g.dispose();
        return image;
    }

    /** A window with a title bar and lines of text, standing for a screenshot or a picture. */
    private static BufferedImage panel(String path) {
        BufferedImage image = filled(320, 180, new Color(0x313338));
        Graphics2D g = graphics(image);
        g.setColor(colour(path));
        g.fillRect(0, 0, 320, 24);
        Random random = new Random(path.hashCode());
        g.setColor(new Color(0x80848E));
        for (int y = 40; y < 170; y += 16) {
            g.fillRoundRect(12, y, 60 + random.nextInt(230), 8, 4, 4);
        }
        g.dispose();
        return image;
    }

    private static BufferedImage filled(int width, int height, Color background) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(background);
        g.fillRect(0, 0, width, height);
        g.dispose();
        return image;
    }

    private static Graphics2D graphics(BufferedImage image) {
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        return g;
    }

    private static Color colour(String path) {
        return new Color(DEFAULT_AVATARS[Math.floorMod(path.hashCode(), DEFAULT_AVATARS.length)]);
    }

    private static Image png(BufferedImage image) {
        return image(image, "png");
    }

    private static Image image(BufferedImage image, String format) {
        BufferedImage written = image;
        if ("gif".equals(format) && image.getType() != BufferedImage.TYPE_INT_RGB) {
            // GIF has no alpha channel: the badge on white, as Discord's light theme shows it.
            written = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
            Graphics2D g = written.createGraphics();
            g.drawImage(image, 0, 0, Color.WHITE, null);
            g.dispose();
        }
        var out = new ByteArrayOutputStream();
        try {
            ImageIO.write(written, format, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Image("image/" + format.toLowerCase(Locale.ROOT), out.toByteArray());
    }
}
