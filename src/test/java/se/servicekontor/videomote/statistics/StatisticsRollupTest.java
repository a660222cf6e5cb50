package se.servicekontor.videomote.statistics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.PrintWriter;
import java.io.StringWriter;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.EngineFilter;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

import io.quarkus.test.junit.QuarkusTest;
import se.servicekontor.videomote.testing.TestClock;

/**
 * Runs the jqwik property {@link StatisticsRollupProperties} against the service this {@code @QuarkusTest} started
 * (jqwik's engine cannot host a Quarkus test itself).
 */
@QuarkusTest
class StatisticsRollupTest {

    @Inject
    TestClock clock;

    @Test
    void shouldKeepRollupsEqualToARecomputationFromTheHistoryAfterRandomOperations() {
        StatisticsRollupProperties.clock = clock;
        try {
            var request = LauncherDiscoveryRequestBuilder.request()
                    .selectors(selectClass(StatisticsRollupProperties.class))
                    .filters(EngineFilter.includeEngines("jqwik")).build();
            var listener = new SummaryGeneratingListener();
            LauncherFactory.create().execute(request, listener);
            var summary = listener.getSummary();
            StringWriter failures = new StringWriter();
            summary.printFailuresTo(new PrintWriter(failures), 40);
            assertThat(summary.getTestsFoundCount()).as("properties found").isEqualTo(1);
            assertThat(summary.getTotalFailureCount()).as("jqwik failures:%n%s", failures).isZero();
            assertThat(summary.getTestsSucceededCount()).isEqualTo(1);
        } finally {
            StatisticsRollupProperties.clock = null;
            clock.reset();
        }
    }
}
