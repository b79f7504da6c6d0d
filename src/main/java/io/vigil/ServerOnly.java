package io.vigil;

import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/** Skips scheduled database work in agent mode ({@code @Scheduled(skipExecutionIf = ServerOnly.class)}). */
@Singleton
public class ServerOnly implements Scheduled.SkipPredicate {

    @Inject
    VigilConfig config;

    @Override
    public boolean test(ScheduledExecution execution) {
        return config.agentMode();
    }
}
