package dev.milk.reads.web;

import java.io.BufferedWriter;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * Bodies written as they are made (a transcript, a raid's CSV, an offline copy), each allowed
 * {@code MILK_READS_STREAM_TIMEOUT}. The stream itself stops at its next write past that time, so
 * nothing more is written once its failure is being answered: a 503 when nothing was sent yet, else
 * a connection closed unfinished ({@link UnfinishedAnswers}). Spring MVC's own timeout, a minute
 * later, only ends a stream stuck without writing.
 */
public final class StreamedAnswers {

    /** Writes a whole text response. */
    @FunctionalInterface
    public interface TextWriter {
        void write(Writer out) throws IOException;
    }

    private final Duration limit;

    public StreamedAnswers(Duration limit) {
        this.limit = limit;
    }

    /** A UTF-8 text body written through one buffer. */
    public StreamingResponseBody text(TextWriter body) {
        return bytes(out -> {
            var writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
            body.write(writer);
            writer.flush();
        });
    }

    public StreamingResponseBody bytes(StreamingResponseBody body) {
        return out -> body.writeTo(new Bounded(out, System.nanoTime() + limit.toNanos()));
    }

    /** Spring MVC's timeout of the whole answer: the limit and a minute, for a stream that stopped writing. */
    public Duration backstop() {
        return limit.plusMinutes(1);
    }

    private final class Bounded extends FilterOutputStream {

        private final long deadline;

        Bounded(OutputStream out, long deadline) {
            super(out);
            this.deadline = deadline;
        }

        @Override
        public void write(int b) throws IOException {
            check();
            out.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            check();
            out.write(bytes, offset, length);
        }

        private void check() {
            if (System.nanoTime() - deadline > 0) {
                throw new TryLaterException(ReadErrors.Kind.STREAM_TIMEOUT, 5, "the answer took longer than "
                        + Durations.of(limit) + " to send; try again later");
            }
        }
    }
}
