package dev.milk.reads.access;

/** A page that is not public, asked for without a login: HTML goes to the login and back, anything else is a 401. */
public final class LoginNeededException extends RuntimeException {

    public LoginNeededException() {
        super("log in with Discord to read this", null, false, false);
    }
}
