package dev.milk.settings;

/** A setting Milk cannot start with: reported as one line that names the variable. */
public final class SettingException extends RuntimeException {

    private final String variable;

    public SettingException(String variable, String problem) {
        super(variable + " " + problem, null, false, false);
        this.variable = variable;
    }

    public String variable() {
        return variable;
    }
}
