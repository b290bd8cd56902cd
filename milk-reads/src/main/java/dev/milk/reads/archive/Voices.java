package dev.milk.reads.archive;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/** A voice message's waveform and length, as Discord draws them: bars of the samples' heights, {@code 0:07}. */
final class Voices {

    private Voices() {
    }

    /**
     * @param audio Milk's stored copy, or null
     * @return null for an attachment that is no voice message
     */
    static ArchivePage.Voice of(MessageParts.Attachment a, String audio) {
        if (a.durationSecs() == null && a.waveform() == null) {
            return null;
        }
        return new ArchivePage.Voice(audio, bars(a.waveform()), duration(a.durationSecs()));
    }

    /** The samples, averaged into at most {@link ArchivePage.Voice#BARS} bars, centred on the middle line. */
    static List<ArchivePage.Bar> bars(String waveform) {
        byte[] samples;
        try {
            samples = waveform == null ? new byte[0] : Base64.getDecoder().decode(waveform);
        } catch (IllegalArgumentException e) {
            samples = new byte[0];
        }
        int count = Math.min(samples.length, ArchivePage.Voice.BARS);
        List<ArchivePage.Bar> bars = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int from = i * samples.length / count;
            int to = Math.max(from + 1, (i + 1) * samples.length / count);
            int sum = 0;
            for (int j = from; j < to; j++) {
                sum += samples[j] & 0xFF;
            }
            int height = Math.max(2, (sum / (to - from)) * ArchivePage.Voice.HEIGHT / 255);
            bars.add(new ArchivePage.Bar(i * 4, (ArchivePage.Voice.HEIGHT - height) / 2, height));
        }
        return bars;
    }

    static String duration(Double seconds) {
        if (seconds == null) {
            return null;
        }
        long whole = Math.round(seconds);
        return String.format(Locale.ROOT, "%d:%02d", whole / 60, whole % 60);
    }
}
