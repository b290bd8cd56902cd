package dev.milk.reads.access;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/** Placeholder of the foundation commit: every route open, Milk's own headers only. */
@Configuration(proxyBeanMethods = false)
public class ReadsSecurity {

    @Bean
    SecurityFilterChain readsSecurity(HttpSecurity http) throws Exception {
        return http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .headers(headers -> headers.disable())
                .csrf(csrf -> csrf.disable())
                .build();
    }
}
