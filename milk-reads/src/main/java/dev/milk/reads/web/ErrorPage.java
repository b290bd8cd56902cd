package dev.milk.reads.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the servlet container answers on its own (a TRACE, a request it refused before Spring saw
 * it): the same single line of text as every other refusal, instead of Spring Boot's HTML page.
 */
@RestController
public class ErrorPage implements ErrorController {

    @RequestMapping("${server.error.path:/error}")
    ResponseEntity<String> error(HttpServletRequest request, HttpServletResponse response) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer value && HttpStatus.resolve(value) != null
                ? HttpStatus.valueOf(value) : HttpStatus.NOT_FOUND;
        if (status == HttpStatus.METHOD_NOT_ALLOWED) {
            // Tomcat's TRACE refusal lists every method the servlet has, writes included.
            response.setHeader(HttpHeaders.ALLOW, Refusal.ALLOW);
        }
        return ResponseEntity.status(status).cacheControl(CacheControl.noStore())
                .contentType(MediaType.parseMediaType("text/plain;charset=UTF-8"))
                .body(Refusal.line(status.value()));
    }
}
