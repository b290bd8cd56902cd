package dev.milk.reads.access;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.convert.ConversionService;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.HttpSessionOAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestRedirectFilter;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.security.web.savedrequest.DefaultSavedRequest;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.session.web.http.CookieSerializer;
import org.springframework.session.web.http.DefaultCookieSerializer;
import org.springframework.web.client.RestClient;

import dev.milk.reads.web.Refusal;

/**
 * Spring Security in front of the reads role: login with Discord (authorization code with PKCE),
 * sessions in PostgreSQL (Spring Session JDBC: every replica sees a login, and {@code /logout}
 * ends a session everywhere, a stolen cookie with it), and nothing else. Every route is let
 * through: what a page may show is decided by {@link ArchiveAccess} where the page is made.
 * Spring Security writes no header of its own (Milk's pages set theirs, a public page stays
 * cacheable), and a public page never makes a session.
 */
@Configuration(proxyBeanMethods = false)
@Import({AccessAnswers.class, LogoutPage.class})
public class ReadsSecurity {

    /**
     * The session cookie; Spring Session's name for it says nothing of Milk. Its name changes with
     * the way sessions are stored: a release before sealing ({@link SealedSessionAttributes}) named
     * it {@code MILK_SESSION} and cannot open a sealed session, so during a rolling update or after a
     * rollback each release finds only its own sessions, and a reader logs in again once.
     */
    public static final String SESSION_COOKIE = "MILK_SESSION_2";
    private static final Logger log = LoggerFactory.getLogger(ReadsSecurity.class);
    private static final RequestMatcher LOGOUT = PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, "/logout");

    /**
     * Spring Security's firewall, as lenient as Milk's routes already were: any method reaches
     * Spring MVC (which answers its one-line 405), and a semicolon or a percent sign, encoded, may
     * be in a media copy's name. Tomcat still refuses an encoded {@code /}, {@code \} or NUL; every
     * route decides access itself, so no path trick can pass a matcher.
     */
    @Bean
    WebSecurityCustomizer milkFirewall() {
        var firewall = new StrictHttpFirewall();
        firewall.setUnsafeAllowAnyHttpMethod(true);
        firewall.setAllowSemicolon(true);
        firewall.setAllowUrlEncodedPercent(true);
        return web -> web.httpFirewall(firewall);
    }

    /** Where a page that needs a login sends its reader back to after it. */
    @Bean
    RequestCache loginReturns() {
        return new HttpSessionRequestCache();
    }

    /** The readers' Discord tokens, in their sessions: in PostgreSQL, so every replica has them. */
    @Bean
    OAuth2AuthorizedClientRepository discordTokens() {
        return new HttpSessionOAuth2AuthorizedClientRepository();
    }

    /** With login on, sessions hold Discord's tokens: PostgreSQL keeps them sealed ({@link SealedSessionAttributes}). */
    @Bean(defaultCandidate = false)
    @Qualifier("springSessionConversionService")
    @Conditional(DiscordLogin.On.class)
    ConversionService springSessionConversionService(Environment environment) {
        return SealedSessionAttributes.conversionService(DiscordLogin.of(environment).orElseThrow().clientSecret(),
                getClass().getClassLoader());
    }

    @Bean
    CookieSerializer sessionCookie(Environment environment) {
        var cookie = new DefaultCookieSerializer();
        cookie.setCookieName(SESSION_COOKIE);
        cookie.setUseHttpOnlyCookie(true);
        cookie.setSameSite("Lax");
        cookie.setCookiePath("/");
        cookie.setUseSecureCookie(DiscordLogin.secureCookies(environment));
        return cookie;
    }

    @Bean
    ArchiveAccess archiveAccess(@Qualifier("reads") DataSource readsDataSource, Environment environment,
            OAuth2AuthorizedClientRepository discordTokens, ObjectProvider<SharedArchives> shares,
            ObjectProvider<ViewLog> views) {
        Optional<DiscordMembers> members = DiscordLogin.of(environment).map(login -> new DiscordMembers(login,
                RestClient.builder().requestFactory(discordRequests())));
        return new ArchiveAccess(readsDataSource, members, discordTokens, shares::getIfAvailable, views::getIfAvailable);
    }

    @Bean
    SecurityFilterChain readsSecurity(HttpSecurity http, Environment environment, RequestCache loginReturns,
            OAuth2AuthorizedClientRepository discordTokens) throws Exception {
        http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .headers(headers -> headers.disable())
                // The one route that changes anything: every other method elsewhere stays Milk's 405.
                .csrf(csrf -> csrf.requireCsrfProtectionMatcher(LOGOUT))
                .requestCache(cache -> cache.requestCache(loginReturns))
                .logout(logout -> logout.logoutRequestMatcher(LOGOUT).logoutSuccessUrl("/").invalidateHttpSession(true)
                        .clearAuthentication(true).deleteCookies(SESSION_COOKIE));
        Optional<DiscordLogin> login = DiscordLogin.of(environment);
        if (login.isEmpty()) {
            log.info("Login with Discord is off (MILK_DISCORD_CLIENT_ID is not set): archives and raids that are not "
                    + "public answer 404 to everyone");
            return http.build();
        }
        var registrations = new InMemoryClientRegistrationRepository(login.get().registration());
        var authorizationRequests = new DefaultOAuth2AuthorizationRequestResolver(registrations,
                OAuth2AuthorizationRequestRedirectFilter.DEFAULT_AUTHORIZATION_REQUEST_BASE_URI);
        authorizationRequests.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());
        return http.oauth2Login(oauth -> oauth.clientRegistrationRepository(registrations)
                        .authorizedClientRepository(discordTokens)
                        .authorizationEndpoint(endpoint -> endpoint.authorizationRequestResolver(authorizationRequests))
                        .loginPage(DiscordLogin.LOGIN_PATH)
                        .successHandler((request, response, authentication) ->
                                response.sendRedirect(returnPath(loginReturns, request, response)))
                        .failureHandler(ReadsSecurity::loginFailed))
                .build();
    }

    /**
     * The page the login was asked from, by its path and query on Milk itself: never a URL a
     * request chose (no open redirect), and Milk's home when the login was not asked by a page.
     */
    private static String returnPath(RequestCache returns, HttpServletRequest request, HttpServletResponse response) {
        SavedRequest saved = returns.getRequest(request, response);
        returns.removeRequest(request, response);
        if (!(saved instanceof DefaultSavedRequest page)) {
            return "/";
        }
        String path = page.getRequestURI();
        if (path == null || !path.startsWith("/") || path.startsWith("//") || path.startsWith("/\\")) {
            return "/";
        }
        return page.getQueryString() == null ? path : path + "?" + page.getQueryString();
    }

    /**
     * A login that failed: a forged, replayed or expired {@code state}, a consent refused, are the
     * visitor's (400); Discord failing to answer is a 503 to try later. One line, never a stack trace.
     */
    private static void loginFailed(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        String code = e instanceof OAuth2AuthenticationException oauth ? oauth.getError().getErrorCode() : "";
        boolean discordFailed = "invalid_token_response".equals(code) || "invalid_user_info_response".equals(code);
        int status = discordFailed ? 503 : 400;
        if (discordFailed) {
            log.warn("a login failed: Discord's {} could not be used", code.substring("invalid_".length()));
            response.setHeader("Retry-After", "10");
        }
        response.setStatus(status);
        response.setHeader("Cache-Control", "private, no-store");
        response.setContentType("text/plain;charset=UTF-8");
        response.getOutputStream().write(Refusal.line(status, discordFailed
                ? "Discord did not complete the login, try again shortly"
                : "the login with Discord failed or was cancelled; start it again from the page you wanted to read")
                .getBytes(StandardCharsets.UTF_8));
    }

    /** Discord answers in seconds or a reader is told to try later; no request waits on it for long. */
    private static JdkClientHttpRequestFactory discordRequests() {
        var requests = new JdkClientHttpRequestFactory(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build());
        requests.setReadTimeout(Duration.ofSeconds(5));
        return requests;
    }
}
