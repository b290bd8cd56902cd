package dev.milk.reads.access;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.web.csrf.CsrfToken;

/** A form that logs out: a POST carrying the session's CSRF token, so no other site can make one. */
public record LogoutForm(String parameterName, String token) {

    /** @return null when the request has no CSRF token (login is off) */
    static LogoutForm of(HttpServletRequest request) {
        return request.getAttribute(CsrfToken.class.getName()) instanceof CsrfToken csrf
                ? new LogoutForm(csrf.getParameterName(), csrf.getToken()) : null;
    }
}
