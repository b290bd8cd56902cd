package dev.milk.standalone;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** The demo's voice message: a few seconds of a hum that rises and falls, as an 8-bit WAV file (about 12 KB). */
public final class DemoSounds {

    public static final int SECONDS = 3;
    private static final int RATE = 4_000;
    private static final int HEADER = 44;

    private DemoSounds() {
    }

    public static byte[] voice() {
        int samples = SECONDS * RATE;
        ByteBuffer wav = ByteBuffer.allocate(HEADER + samples).order(ByteOrder.LITTLE_ENDIAN);
        wav.put("RIFF".getBytes()).putInt(HEADER - 8 + samples).put("WAVE".getBytes())
                .put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1).putInt(RATE).putInt(RATE)
                .putShort((short) 1).putShort((short) 8)
                .put("data".getBytes()).putInt(samples);
        for (int i = 0; i < samples; i++) {
            double t = (double) i / RATE;
            double envelope = Math.sin(Math.PI * t / SECONDS) * (0.6 + 0.4 * Math.sin(2 * Math.PI * 3 * t));
            wav.put((byte) (128 + 90 * envelope * Math.sin(2 * Math.PI * 220 * t)));
        }
        return wav.array();
    }
}
