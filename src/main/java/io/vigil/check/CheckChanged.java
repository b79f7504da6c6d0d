package io.vigil.check;

import java.util.UUID;

/** Fired after a check definition commits; {@code spec} is null when the check was deleted. */
public record CheckChanged(UUID checkId, CheckSpec spec) {
}
