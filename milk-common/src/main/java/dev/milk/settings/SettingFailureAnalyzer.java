package dev.milk.settings;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a {@link SettingException} into Boot's start-up report instead of a stack trace. */
public final class SettingFailureAnalyzer extends AbstractFailureAnalyzer<SettingException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, SettingException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Set " + cause.variable() + " (README.md, Configuration, lists every setting).", cause);
    }
}
