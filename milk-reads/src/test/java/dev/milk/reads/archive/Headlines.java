package dev.milk.reads.archive;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What PostgreSQL's {@code ts_headline} answers for a message, as Milk asks for it: the content
 * translated ({@link Excerpt#TRANSLATE_FROM}), every match between the two marks. SearchTest
 * checks the real one.
 */
final class Headlines {

    private Headlines() {
    }

    /** The content with every whole-word match of {@code words} marked. */
    static String marking(String content, String words) {
        StringBuilder translated = new StringBuilder(content.length());
        for (char c : content.toCharArray()) {
            if (!Excerpt.removed(c)) {
                translated.append(Excerpt.translated(c));
            }
        }
        Matcher m = Pattern.compile("(?<![\\p{L}\\p{N}])(?:" + words + ")(?![\\p{L}\\p{N}])", Pattern.CASE_INSENSITIVE)
                .matcher(translated);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(Excerpt.START + m.group() + Excerpt.STOP));
        }
        return m.appendTail(out).toString();
    }
}
