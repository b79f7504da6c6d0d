package io.vigil.probe;

import io.smallrye.mutiny.Uni;
import io.vigil.check.CheckSpec;

/**
 * Runs one check once and reports what it saw. A probe never retries and never decides up or down: failures are
 * data in {@link ProbeObservation#error()}, and the Uni never fails for network problems. One implementation per
 * check type, annotated with {@link CheckType}.
 */
public interface Probe {

    Uni<ProbeObservation> run(CheckSpec check);
}
