package dev.milk.reads;

import java.util.Map;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.tomcat.TomcatContextCustomizer;
import org.springframework.boot.web.server.MimeMappings;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.server.servlet.ConfigurableServletWebServerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.AsyncSupportConfigurer;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import io.micrometer.core.instrument.MeterRegistry;

import dev.milk.reads.web.OneLineCorsRefusal;
import dev.milk.reads.web.OneLineErrorReport;
import dev.milk.reads.web.ReadErrors;
import dev.milk.reads.web.StreamedAnswers;
import dev.milk.reads.web.UnfinishedAnswers;

/** How the reads role answers: errors in one line, streamed answers bounded, CORS and types. */
@Configuration(proxyBeanMethods = false)
class ReadsWebConfiguration {

    @Bean
    ReadErrors readErrors(MeterRegistry meters) {
        return new ReadErrors(meters);
    }

    @Bean
    StreamedAnswers streamedAnswers(ReadsProperties reads) {
        return new StreamedAnswers(reads.streamTimeout());
    }

    /** Spring MVC's own limit of a streamed answer: a backstop for one stuck without writing. */
    @Bean
    WebMvcConfigurer streamBackstop(StreamedAnswers streams) {
        return new WebMvcConfigurer() {
            @Override
            public void configureAsyncSupport(AsyncSupportConfigurer async) {
                async.setDefaultTimeout(streams.backstop().toMillis());
            }
        };
    }

    /** Ahead of every other resolver: an answer that failed after its first bytes is closed unfinished. */
    @Bean
    UnfinishedAnswers unfinishedAnswers(ReadErrors errors) {
        return new UnfinishedAnswers(errors);
    }

    @Bean
    TomcatContextCustomizer closeUnfinishedAnswers() {
        return UnfinishedAnswers.closingValve();
    }

    /** What Tomcat refuses before Milk's code runs gets Milk's one line of text too, not Tomcat's HTML. */
    @Bean
    OneLineErrorReport.Installer oneLineErrorReport() {
        return new OneLineErrorReport.Installer();
    }

    /** A refused cross-origin request gets Milk's one line of text too. */
    @Bean
    static BeanPostProcessor oneLineCorsRefusal() {
        return OneLineCorsRefusal.installer();
    }

    /**
     * The JSON API and the descriptions of Milk's API and events may be read from any web page
     * (CORS), read only: GET and HEAD, no credentials. The pages themselves are not for other sites' scripts.
     */
    @Bean
    WebMvcConfigurer readOnlyCors() {
        return new WebMvcConfigurer() {
            @Override
            public void addCorsMappings(CorsRegistry registry) {
                for (String path : new String[] {"/raid/*.json", "/archive/*.json", "/openapi.json", "/asyncapi.yaml"}) {
                    registry.addMapping(path).allowedOrigins("*").allowedMethods("GET", "HEAD").allowedHeaders("*")
                            .allowCredentials(false).maxAge(86_400);
                }
            }
        };
    }

    /** The AsyncAPI document is served as what it is (RFC 9512): Tomcat's own table has no type for YAML. */
    @Bean
    WebServerFactoryCustomizer<ConfigurableServletWebServerFactory> yamlMediaType() {
        return factory -> factory.addMimeMappings(new MimeMappings(Map.of("yaml", "application/yaml")));
    }
}
