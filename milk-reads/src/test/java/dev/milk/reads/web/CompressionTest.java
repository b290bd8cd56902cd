package dev.milk.reads.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class CompressionTest {

    @Test
    void textJsonAndYamlFromAKilobyteAreCompressible() {
        assertThat(Compression.compressible("text/html;charset=UTF-8", 1_024)).isTrue();
        assertThat(Compression.compressible("application/json", 5_000)).isTrue();
        assertThat(Compression.compressible("application/yaml", 5_000)).isTrue();
        assertThat(Compression.compressible("text/plain", 1_023)).as("too short to gain").isFalse();
        assertThat(Compression.compressible("image/png", 5_000)).isFalse();
        assertThat(Compression.compressible(null, 5_000)).isFalse();
    }

    @Test
    void gzipIsAcceptedWhenListedAndNotRefused() {
        assertThat(Compression.accepted("gzip")).isTrue();
        assertThat(Compression.accepted("br, GZIP;q=0.8")).isTrue();
        assertThat(Compression.accepted("*")).isTrue();
        assertThat(Compression.accepted("gzip;q=0")).isFalse();
        assertThat(Compression.accepted("gzip; q = 0.000")).isFalse();
        assertThat(Compression.accepted("gzip;q=0.001")).isTrue();
        assertThat(Compression.accepted("identity")).isFalse();
        assertThat(Compression.accepted("x-gzip-ish")).isFalse();
        assertThat(Compression.accepted(null)).isFalse();
    }

    @Test
    void varyNamesAcceptEncodingOnce() {
        assertThat(Compression.vary(null)).isEqualTo("Accept-Encoding");
        assertThat(Compression.vary(" ")).isEqualTo("Accept-Encoding");
        assertThat(Compression.vary("Origin")).isEqualTo("Origin, Accept-Encoding");
        assertThat(Compression.vary("Origin, Accept-Encoding")).isEqualTo("Origin, Accept-Encoding");
    }

    @Test
    void gzipIsMadeWithinItsRoomOrNotAtAll() throws IOException {
        byte[] body = "accounts: 1\n".repeat(400).getBytes(StandardCharsets.UTF_8);
        var budget = new CaptureBudget(1 << 20, new SimpleMeterRegistry());
        byte[] gzip = Compression.gzip(body, Deflater.BEST_COMPRESSION, new HeldBytes(budget, Integer.MAX_VALUE));
        assertThat(new GZIPInputStream(new ByteArrayInputStream(gzip)).readAllBytes()).isEqualTo(body);
        assertThat(budget.held()).as("the gzip form's room, still held").isEqualTo(gzip.length);

        var none = new CaptureBudget(16, new SimpleMeterRegistry());
        assertThat(Compression.gzip(body, Deflater.BEST_COMPRESSION, new HeldBytes(none, Integer.MAX_VALUE))).isNull();
        assertThat(none.held()).as("room given back").isZero();
    }
}
