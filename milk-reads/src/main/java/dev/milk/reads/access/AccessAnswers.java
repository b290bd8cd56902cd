package dev.milk.reads.access;

import java.util.Arrays;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.Order;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.HandlerMethod;

import dev.milk.reads.web.PagePolicy;
import dev.milk.reads.web.Pages;
import dev.milk.reads.web.Refusal;

/**
 * What a reader without access gets: no login, a page of HTML sends them to Discord's login and
 * back to it (Spring Security's saved request, by its path only), anything else is a one-line
 * {@code 401}; logged in without access, a {@code 403} naming the guild. Neither is ever kept by a
 * cache. Ahead of {@code ErrorAnswers}, whose catch-all would answer them with a 500.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class AccessAnswers {

    static final CacheControl PRIVATE = CacheControl.noStore().cachePrivate();
    private static final MediaType TEXT = MediaType.parseMediaType("text/plain;charset=UTF-8");
    private static final MediaType HTML = MediaType.parseMediaType("text/html;charset=UTF-8");

    private final RequestCache returns;

    AccessAnswers(RequestCache returns) {
        this.returns = returns;
    }

    @ExceptionHandler(LoginNeededException.class)
    ResponseEntity<String> loginNeeded(LoginNeededException e, HandlerMethod route, HttpServletRequest request,
            HttpServletResponse response) {
        if (html(route) && "GET".equals(request.getMethod())) {
            returns.saveRequest(request, response);
            return ResponseEntity.status(HttpStatus.FOUND).cacheControl(PRIVATE)
                    .header(HttpHeaders.LOCATION, DiscordLogin.LOGIN_PATH).build();
        }
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED).cacheControl(PRIVATE).contentType(TEXT)
                .body(Refusal.line(401, e.getMessage() + " (" + DiscordLogin.LOGIN_PATH + ")"));
    }

    @ExceptionHandler(AccessMissingException.class)
    ResponseEntity<String> accessMissing(AccessMissingException e, HandlerMethod route, HttpServletRequest request) {
        if (html(route)) {
            return ResponseEntity.status(HttpStatus.FORBIDDEN).cacheControl(PRIVATE).contentType(HTML)
                    .headers(PagePolicy.headers(null))
                    .body(Pages.render("no_access.jte", new NoAccessPage(e.guildId(), LogoutForm.of(request)), 2_048));
        }
        return ResponseEntity.status(HttpStatus.FORBIDDEN).cacheControl(PRIVATE).contentType(TEXT)
                .body(Refusal.line(403, e.getMessage()));
    }

    /** A route that answers HTML (its mapping produces it): the others are read by programs, which cannot follow a login. */
    private static boolean html(HandlerMethod route) {
        RequestMapping mapping = route == null ? null
                : AnnotatedElementUtils.findMergedAnnotation(route.getMethod(), RequestMapping.class);
        return mapping != null && Arrays.stream(mapping.produces())
                .anyMatch(type -> MediaType.parseMediaType(type).isCompatibleWith(MediaType.TEXT_HTML));
    }
}
