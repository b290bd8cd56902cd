package dev.milk.reads;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.session.jdbc.autoconfigure.JdbcSessionAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.health.DataSourceHealthContributorAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration;
import org.springframework.context.annotation.Import;

import dev.milk.media.MediaProperties;
import dev.milk.reads.archive.ArchiveReadsConfiguration;
import dev.milk.reads.home.HomeController;
import dev.milk.reads.media.MediaReadsConfiguration;
import dev.milk.reads.privacy.PrivacyReadsConfiguration;
import dev.milk.reads.raid.RaidReadsConfiguration;
import dev.milk.reads.share.ShareReadsConfiguration;
import dev.milk.reads.views.ViewLogConfiguration;
import dev.milk.reads.web.ErrorAnswers;
import dev.milk.reads.web.ErrorPage;
import dev.milk.settings.ConditionalOnRole;
import dev.milk.settings.MilkRole;

/**
 * The reads role: public HTTP over read-only connection pools of its own ({@link ReadsDataSources}),
 * how it answers ({@link ReadsWebConfiguration}) and what stands in front of its routes ({@link ReadsFilters}).
 */
@AutoConfiguration(after = DataSourceAutoConfiguration.class,
        before = {DataSourceHealthContributorAutoConfiguration.class, ErrorMvcAutoConfiguration.class,
            // In role reads its access pool is the application's DataSource, which these look for.
            HibernateJpaAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
            JdbcSessionAutoConfiguration.class})
@ConditionalOnRole(MilkRole.READS)
@EnableConfigurationProperties({ReadsProperties.class, MediaProperties.class})
@Import({ReadsDataSources.class, ReadsWebConfiguration.class, ReadsFilters.class, ErrorAnswers.class, ErrorPage.class,
    RaidReadsConfiguration.class, ArchiveReadsConfiguration.class, MediaReadsConfiguration.class, HomeController.class,
    ReadsRoleCheck.class, dev.milk.reads.access.ReadsSecurity.class, ShareReadsConfiguration.class,
    ViewLogConfiguration.class, PrivacyReadsConfiguration.class})
public class ReadsAutoConfiguration {
}
