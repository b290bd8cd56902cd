package dev.milk.reads.access;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.milk.reads.web.PagePolicy;
import dev.milk.reads.web.Pages;

/**
 * {@code GET /logout}: a button that logs out, by a {@code POST} with the session's CSRF token.
 * A GET never logs out, so no other site can end a reader's session with a link or an image.
 */
@RestController
class LogoutPage {

    @GetMapping(path = "/logout", produces = "text/html;charset=UTF-8")
    ResponseEntity<String> logout(HttpServletRequest request) {
        // Without a session there is nothing to end, and asking for the token would make one.
        LogoutForm form = request.getSession(false) == null ? null : LogoutForm.of(request);
        if (form == null) {
            return ResponseEntity.status(HttpStatus.SEE_OTHER).header("Location", "/")
                    .cacheControl(AccessAnswers.PRIVATE).build();
        }
        return ResponseEntity.ok().cacheControl(AccessAnswers.PRIVATE).contentType(MediaType.parseMediaType("text/html;charset=UTF-8"))
                .headers(PagePolicy.headers(null)).body(Pages.render("logout.jte", form, 1_024));
    }
}
