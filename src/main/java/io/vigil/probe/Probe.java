package io.vigil.probe;

import io.smallrye.mutiny.Uni;
import io.vigil.check.CheckKind;
import io.vigil.check.CheckSpec;

/**
 * One check type: validates its definitions ({@link CheckKind}) and runs them. Running a check once reports what
 * it saw. A probe never retries and never decides up or down: failures are data in {@link ProbeObservation#error()},
 * and the Uni never fails for network problems. One implementation per check type, annotated with
 * {@link CheckType}, which is also its {@link #type()}.
 */
public interface Probe extends CheckKind {

    Uni<ProbeObservation> run(CheckSpec check);

    /** The value of this bean's {@link CheckType} (looked up the class chain, past CDI's generated subclasses). */
    @Override
    default String type() {
        for (Class<?> c = getClass(); c != null; c = c.getSuperclass()) {
            CheckType type = c.getAnnotation(CheckType.class);
            if (type != null) {
                return type.value();
            }
        }
        throw new IllegalStateException(getClass().getName() + " is a Probe without @CheckType");
    }
}
