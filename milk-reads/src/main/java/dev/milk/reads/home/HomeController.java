package dev.milk.reads.home;

import java.time.Duration;

import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.milk.reads.web.PagePolicy;
import dev.milk.reads.web.Pages;

/**
 * {@code /}: what a visitor who typed the host name finds, a few lines on what Milk is and where
 * its contracts are. Deliberately no list of raids or archives: those are reached by their links.
 */
@RestController
public class HomeController {

    private static final String PAGE = Pages.render("home.jte", "Milk", 2_048);

    @GetMapping(path = "/", produces = "text/html;charset=UTF-8")
    ResponseEntity<String> home() {
        return ResponseEntity.ok().cacheControl(CacheControl.maxAge(Duration.ofHours(1)).cachePublic())
                .headers(PagePolicy.headers(null)).body(PAGE);
    }
}
