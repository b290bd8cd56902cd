package dev.milk.writes.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.sql.SQLException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.kafka.KafkaException;

/** Which of PostgreSQL's states pass by themselves, raw or wrapped as the store's callers see them. */
class FailuresTest {

    @ParameterizedTest
    @ValueSource(strings = {"40001", "40P01", "55P03", "08006", "08001", "53300", "53100", "57P01", "57P03"})
    void serializationDeadlockLocksAndAnUnavailableServerPass(String state) {
        SQLException failure = new SQLException("from the server", state);
        assertThat(Failures.isTransient(failure)).isTrue();
        assertThat(Failures.isTransient(new KafkaException("wrapped", failure))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"23514", "23505", "22001", "22P02", "54000", "54001", "42P01", "XX000"})
    void aRecordsOwnFailureDoesNot(String state) {
        SQLException failure = new SQLException("from the server", state);
        assertThat(Failures.isTransient(failure)).isFalse();
        assertThat(Failures.isTransient(new DataIntegrityViolationException("wrapped", failure))).isFalse();
    }

    @Test
    void aStatelessFailureIsTheRecordsOwnButAnUnreachableHostPasses() {
        assertThat(Failures.isTransient(new SQLException("no state"))).isFalse();
        assertThat(Failures.isTransient(new IllegalStateException(new ConnectException("refused")))).isTrue();
    }

    @Test
    void theReasonIsTheInnermostMessageOnOneLine() {
        var failure = new IllegalStateException("outer", new SQLException("ERROR: new row violates\n  Detail: x", "23514"));
        assertThat(Failures.reason(failure)).isEqualTo("ERROR: new row violates Detail: x");
    }
}
